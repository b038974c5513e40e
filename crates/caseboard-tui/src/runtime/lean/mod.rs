//! A terminal backend that sends fewer bytes than ratatui's crossterm
//! backend for the same frame. It keeps a copy of what the terminal shows,
//! so between two changed cells on a row it can reprint a short run of
//! unchanged ones instead of moving the cursor; it takes the shortest of
//! the cursor moves that get there; it changes only the colours and
//! attributes that differ, in one short code; and when the frame's rows
//! moved up or down (the board scrolled), it scrolls them on the terminal
//! (a scroll region) and draws only what then still differs. Over SSH to
//! a projector, every byte saved is latency saved.

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::Clear;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

mod codes;
mod scroll;

use codes::*;
pub use scroll::Search;
use scroll::*;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

/// From this many blanks, erasing (`CSI n X`, then a move) is shorter
/// than printing them.
const MIN_ERASE: u16 = 10;

/// Below this many changed cells a frame is drawn as it is: a scroll could
/// save little, and looking for one costs a pass over the screen.
const MIN_CELLS_TO_SCROLL: usize = 64;

/// The row shifts looked for: a move of the selection, or a mouse wheel's
/// step, scrolls the board by a few rows.
const MAX_SHIFT: u16 = 3;

const RESET: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

/// Whether this terminal, as the environment describes it, erases with the
/// pen's background: not inside GNU screen (`STY`, or a `screen` TERM
/// outside tmux).
pub fn background_erase_from(sty: bool, term: &str, tmux: bool) -> bool {
    tmux || !(sty || term.starts_with("screen"))
}

/// A space drawn with a reset pen: what an erase leaves.
fn blank(cell: &Cell) -> bool {
    cell.symbol() == " " && pen(cell) == RESET
}

fn pen(cell: &Cell) -> Pen {
    Pen {
        fg: cell.fg,
        bg: cell.bg,
        modifier: cell.modifier,
    }
}

pub struct LeanBackend<W: Write> {
    writer: W,
    /// Set for writers that are not terminals (tests, benchmarks).
    fixed_size: Option<Size>,
    /// Whether the cursor is hidden, once known: ratatui asks every frame.
    cursor_hidden: Option<bool>,
    /// What the terminal is showing, as far as this backend has drawn it.
    /// Its area is the terminal's size when known: only then are rows
    /// scrolled.
    shown: Buffer,
    /// Each cell's [`print`] in `shown`, row by row, kept as cells are
    /// drawn: what the scroll search compares.
    prints: Vec<u32>,
    /// The frame being drawn, and its prints: between frames, the same as
    /// `shown` and `prints` (kept, not made, for each frame).
    next: Buffer,
    next_prints: Vec<u32>,
    /// Whether `shown` covers the whole terminal, so that a scroll region
    /// drawn from it is within the screen.
    whole_screen: bool,
    /// The frame's bytes, built before they are written; and the other
    /// way of drawing it, to send whichever is shorter.
    out: Vec<u8>,
    other: Vec<u8>,
    search: Search,
    /// Whether the terminal fills erased cells with the pen's background
    /// (back-colour erase, as xterm, VTE, kitty, the Linux console and
    /// tmux do). GNU screen does not unless told to (`defbce on`): inside
    /// it, blanks on a background colour are printed, not erased.
    background_erase: bool,
}

impl<W: Write> LeanBackend<W> {
    fn with_model(writer: W, fixed_size: Option<Size>, shown: Buffer, whole_screen: bool) -> Self {
        let mut backend = LeanBackend {
            writer,
            fixed_size,
            cursor_hidden: None,
            shown: Buffer::empty(Rect::ZERO),
            prints: Vec::new(),
            next: Buffer::empty(Rect::ZERO),
            next_prints: Vec::new(),
            whole_screen,
            out: Vec::new(),
            other: Vec::new(),
            search: Search::default(),
            background_erase: true,
        };
        backend.know(shown);
        backend
    }

    pub fn new(writer: W) -> Self {
        let size = crossterm::terminal::size().ok();
        let area = size.map_or(Rect::ZERO, |(w, h)| Rect::new(0, 0, w, h));
        Self::with_model(writer, None, Buffer::empty(area), size.is_some())
    }

    /// With a known size, for writers that are not terminals (tests, benchmarks).
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        let area = Rect::new(0, 0, width, height);
        Self::with_model(
            writer,
            Some(Size { width, height }),
            Buffer::empty(area),
            true,
        )
    }

    /// Whether the terminal erases with the pen's background (it does
    /// unless told otherwise: see [`background_erase_from`]).
    pub fn erase_with_background(mut self, on: bool) -> Self {
        self.background_erase = on;
        self
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    /// The work the scroll search has done so far.
    pub fn search(&self) -> Search {
        self.search
    }

    /// Takes `shown` as what the terminal shows.
    fn know(&mut self, shown: Buffer) {
        self.prints = prints_of(&shown);
        self.next_prints.clone_from(&self.prints);
        self.next = shown.clone();
        self.shown = shown;
    }

    /// Makes `shown` cover every position in `cells`, keeping every known
    /// cell where it is on screen. Knowing more than it did, it no longer
    /// knows the terminal's size.
    fn cover(&mut self, cells: &[(u16, u16, &Cell)]) {
        let (mut width, mut height) = (self.shown.area.width, self.shown.area.height);
        for &(x, y, _) in cells {
            width = width.max(x.saturating_add(1));
            height = height.max(y.saturating_add(1));
        }
        if (width, height) != (self.shown.area.width, self.shown.area.height) {
            let mut grown = Buffer::empty(Rect::new(0, 0, width, height));
            grown.merge(&self.shown);
            self.know(grown);
            self.whole_screen = false;
        }
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        if cells.is_empty() {
            return Ok(());
        }
        self.cover(&cells);
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        let width = self.shown.area.width as usize;
        let index = |x: u16, y: u16| y as usize * width + x as usize;
        let searched = self.whole_screen && cells.len() >= MIN_CELLS_TO_SCROLL;
        if searched {
            self.next_prints.copy_from_slice(&self.prints);
            for &(x, y, cell) in &cells {
                self.next_prints[index(x, y)] = print(cell);
            }
        }
        for &(x, y, cell) in &cells {
            self.next.content[index(x, y)].clone_from(cell);
        }
        let mut changed: Vec<(u16, u16)> = Vec::new();
        if searched {
            for &(x, y, _) in &cells {
                if changed.last().is_none_or(|&(row, _)| row != y) {
                    changed.push((y, x));
                }
            }
        }
        let scroll = (searched
            && may_have_moved(
                &self.prints,
                &self.next_prints,
                width,
                &changed,
                &mut self.search,
            ))
        .then(|| find_scroll(&self.prints, &self.next_prints, width, &mut self.search))
        .flatten();
        if let Some(scroll) = scroll {
            // What the terminal shows once scrolled, and what is then
            // left to draw, found cell by cell.
            let lost = scroll_rows(&mut self.shown, scroll);
            self.search.confirmed += 1;
            let mut moved = self.prints.clone();
            scroll_prints(&mut moved, width, scroll);
            let after = diff_by_prints(&self.shown, &self.next, &moved, &self.next_prints);
            scroll_codes(&mut out, scroll);
            encode(&mut out, &self.shown, &after, self.background_erase);
            // Drawn as it is, the frame may still cost less; unless it
            // surely does not: drawn as it is, every changed cell but a
            // blank one is printed.
            let printed: usize = cells
                .iter()
                .filter(|(_, _, c)| !blank(c))
                .map(|(_, _, c)| c.symbol().len())
                .sum();
            if out.len() >= printed {
                unscroll_rows(&mut self.shown, scroll, lost);
                let mut plain = std::mem::take(&mut self.other);
                plain.clear();
                encode(&mut plain, &self.shown, &cells, self.background_erase);
                if plain.len() <= out.len() {
                    std::mem::swap(&mut plain, &mut out);
                }
                self.other = plain;
            }
            // The terminal now shows the frame, either way.
            std::mem::swap(&mut self.shown, &mut self.next);
            self.next.content.clone_from_slice(&self.shown.content);
        } else {
            encode(&mut out, &self.shown, &cells, self.background_erase);
            for &(x, y, cell) in &cells {
                self.shown.content[index(x, y)].clone_from(cell);
            }
        }
        if searched {
            std::mem::swap(&mut self.prints, &mut self.next_prints);
        } else {
            for &(x, y, cell) in &cells {
                self.prints[index(x, y)] = print(cell);
            }
        }
        let written = self.writer.write_all(&out);
        self.out = out;
        written
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden == Some(true) {
            return Ok(());
        }
        self.cursor_hidden = Some(true);
        execute!(self.writer, Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden == Some(false) {
            return Ok(());
        }
        self.cursor_hidden = Some(false);
        execute!(self.writer, Show)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        crossterm::cursor::position().map(|(x, y)| Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        execute!(self.writer, crossterm::cursor::MoveTo(x, y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // What is left on screen is no longer known cell by cell. A clear
        // of the whole screen is also how ratatui answers a resize: learn
        // the new size.
        match (clear_type, self.fixed_size) {
            (ClearType::All, None) => match self.size() {
                Ok(size) => {
                    self.know(Buffer::empty(Rect::new(0, 0, size.width, size.height)));
                    self.whole_screen = true;
                }
                Err(_) => {
                    self.know(Buffer::empty(self.shown.area));
                    self.whole_screen = false;
                }
            },
            _ => self.know(Buffer::empty(self.shown.area)),
        }
        use crossterm::terminal::ClearType as C;
        execute!(
            self.writer,
            Clear(match clear_type {
                ClearType::All => C::All,
                ClearType::AfterCursor => C::FromCursorDown,
                ClearType::BeforeCursor => C::FromCursorUp,
                ClearType::CurrentLine => C::CurrentLine,
                ClearType::UntilNewLine => C::UntilNewLine,
            })
        )
    }

    fn size(&self) -> io::Result<Size> {
        if let Some(size) = self.fixed_size {
            return Ok(size);
        }
        crossterm::terminal::size().map(|(width, height)| Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(symbol: &str) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol);
        c
    }

    #[test]
    fn only_gnu_screen_is_taken_not_to_erase_with_the_background() {
        assert!(background_erase_from(false, "xterm-256color", false));
        assert!(background_erase_from(false, "linux", false));
        assert!(background_erase_from(false, "tmux-256color", true));
        assert!(
            background_erase_from(false, "screen-256color", true),
            "tmux's own TERM"
        );
        assert!(!background_erase_from(true, "screen", false), "GNU screen");
        assert!(!background_erase_from(
            false,
            "screen.xterm-256color",
            false
        ));
        assert!(
            !background_erase_from(true, "xterm", false),
            "screen sets STY"
        );
    }

    #[test]
    fn what_it_knows_stays_where_it_is_on_screen_as_it_learns_the_extent() {
        let mut backend =
            LeanBackend::with_model(Vec::new(), None, Buffer::empty(Rect::ZERO), false);
        let (a, b, c) = (cell("a"), cell("b"), cell("c"));
        backend.draw([(5, 0, &a)].into_iter()).unwrap();
        backend.draw([(50, 3, &b)].into_iter()).unwrap();
        backend.draw([(2, 7, &c)].into_iter()).unwrap();
        assert_eq!(backend.shown[(5, 0)].symbol(), "a");
        assert_eq!(backend.shown[(50, 3)].symbol(), "b");
        assert_eq!(backend.shown[(2, 7)].symbol(), "c");
        assert_eq!(backend.shown[(6, 0)].symbol(), " ");
    }

    /// Cells of every kind ratatui's diff treats apart: wide ones (and
    /// an emoji with VS16), cells to skip, forced widths, a background
    /// or an underline that shows on blanks.
    fn any_cell(kind: u8, style: u8) -> Cell {
        let mut c = cell(["a", " ", "─", "漢", "👍\u{fe0f}", "é", "b", " "][kind as usize % 8]);
        match style % 6 {
            1 => c.bg = Color::Blue,
            2 => c.modifier = Modifier::UNDERLINED,
            3 => c.diff_option = CellDiffOption::Skip,
            4 => {
                c.diff_option = CellDiffOption::ForcedWidth(
                    std::num::NonZeroU16::new(2).expect("two is not zero"),
                )
            }
            5 => c.diff_option = CellDiffOption::AlwaysUpdate,
            _ => {}
        }
        c
    }

    proptest::proptest! {
        #[test]
        fn the_diff_by_prints_finds_the_cells_ratatui_finds(
            before in proptest::collection::vec((0u8..8, 0u8..12), 48),
            after in proptest::collection::vec((0u8..8, 0u8..12), 48),
        ) {
            let buffer = |cells: &[(u8, u8)]| {
                let mut b = Buffer::empty(Rect::new(0, 0, 8, 6));
                for (i, &(kind, style)) in cells.iter().enumerate() {
                    b.content[i] = any_cell(kind, style);
                }
                // (ratatui's diff reads past the end after a wide last cell.)
                let last = b.content.len() - 1;
                b.content[last] = cell("a");
                b
            };
            let (prev, next) = (buffer(&before), buffer(&after));
            let ours: Vec<(u16, u16, Cell)> =
                diff_by_prints(&prev, &next, &prints_of(&prev), &prints_of(&next))
                    .into_iter()
                    .map(|(x, y, c)| (x, y, c.clone()))
                    .collect();
            let theirs: Vec<(u16, u16, Cell)> = prev
                .diff(&next)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone()))
                .collect();
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn rows_scrolled_either_way_are_put_back_as_they_were() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 3, 6));
        for y in 0..6 {
            buffer.set_string(0, y, y.to_string().repeat(3), ratatui::style::Style::new());
        }
        for shift in [1, 2, -1, -3] {
            let scroll = Scroll {
                top: 1,
                bottom: 4,
                shift,
            };
            let mut moved = buffer.clone();
            let lost = scroll_rows(&mut moved, scroll);
            let first = |b: &Buffer| {
                (0..6)
                    .map(|y| b[(0, y)].symbol().to_string())
                    .collect::<String>()
            };
            let expected = match shift {
                1 => "0234 5",
                2 => "034  5",
                -1 => "0 1235",
                _ => "0   15",
            };
            assert_eq!(first(&moved), expected, "{shift}");
            unscroll_rows(&mut moved, scroll, lost);
            assert!(moved == buffer, "{shift}");
        }
    }

    #[test]
    fn moves_right_on_a_row_and_reprints_short_gaps() {
        let mut backend = LeanBackend::with_size(Vec::new(), 40, 2);
        let x = cell("x");
        let row: Vec<(u16, u16, &Cell)> = (0..10).map(|i| (i, 0, &x)).collect();
        backend.draw(row.into_iter()).unwrap();
        backend.writer.clear();
        let y = cell("y");
        // Changes at 0, 2 and 30: the one-cell gap is reprinted, the long one jumped.
        backend
            .draw([(0, 0, &y), (2, 0, &y), (30, 0, &y)].into_iter())
            .unwrap();
        let out = String::from_utf8(backend.writer.clone()).unwrap();
        assert_eq!(out, "\u{1b}[1Hyxy\u{1b}[27Cy");
    }

    #[test]
    fn rows_that_moved_up_are_scrolled_and_only_the_new_row_drawn() {
        let (w, h) = (20u16, 10u16);
        let mut backend = LeanBackend::with_size(Vec::new(), w, h);
        let text = |n: u16| char::from(b'a' + n as u8).to_string().repeat(w as usize);
        let frame = |first: u16| {
            let mut b = Buffer::empty(Rect::new(0, 0, w, h));
            for y in 0..h {
                b.set_string(0, y, text(first + y), ratatui::style::Style::new());
            }
            b
        };
        let (before, after) = (frame(0), frame(1));
        backend
            .draw(Buffer::empty(before.area).diff(&before).into_iter())
            .unwrap();
        backend.writer.clear();
        backend.draw(before.diff(&after).into_iter()).unwrap();
        let out = String::from_utf8(backend.writer.clone()).unwrap();
        assert_eq!(
            out,
            "\u{1b}[1;10r\u{1b}[S\u{1b}[r\u{1b}[10Hkkkkkkkkkkkkkkkkkkkk"
        );
        assert!(backend.shown == after);
    }
}
