//! A terminal backend that sends fewer bytes than ratatui's crossterm
//! backend for the same frame. It keeps a copy of what the terminal shows,
//! so between two changed cells on a row it can reprint a short run of
//! unchanged ones instead of moving the cursor; it moves right with
//! `CSI n C` rather than an absolute jump on the same row; and it changes
//! only the colours and attributes that differ. Over SSH to a projector,
//! every byte saved is latency saved.

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::style::{Attribute, Print, SetAttribute, SetBackgroundColor, SetForegroundColor};
use crossterm::terminal::Clear;
use crossterm::{execute, queue};
use ratatui::backend::{Backend, ClearType, IntoCrossterm, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

/// From this many blanks, erasing (`CSI n X`, then a move) is shorter
/// than printing them.
const MIN_ERASE: u16 = 10;

const RESET: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

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
    shown: Buffer,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        LeanBackend {
            writer,
            fixed_size: None,
            cursor_hidden: None,
            shown: Buffer::empty(Rect::ZERO),
        }
    }

    /// With a known size, for writers that are not terminals (tests, benchmarks).
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        LeanBackend {
            writer,
            fixed_size: Some(Size { width, height }),
            cursor_hidden: None,
            shown: Buffer::empty(Rect::new(0, 0, width, height)),
        }
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    fn track(&mut self, x: u16, y: u16, cell: &Cell) {
        if !self.shown.area.contains(Position { x, y }) {
            // Grow, keeping every known cell where it is on screen.
            let area = Rect::new(
                0,
                0,
                self.shown.area.width.max(x + 1),
                self.shown.area.height.max(y + 1),
            );
            let mut grown = Buffer::empty(area);
            grown.merge(&self.shown);
            self.shown = grown;
        }
        self.shown[(x, y)] = cell.clone();
    }
}

fn set_pen<W: Write>(w: &mut W, from: Pen, to: Pen) -> io::Result<()> {
    let removed = from.modifier - to.modifier;
    let added = to.modifier - from.modifier;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::NoReverse))?;
    }
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        // One code ends both; put back whichever stays.
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.modifier.contains(Modifier::BOLD) && !added.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
        if to.modifier.contains(Modifier::DIM) && !added.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
    }
    if removed.contains(Modifier::ITALIC) {
        queue!(w, SetAttribute(Attribute::NoItalic))?;
    }
    if removed.contains(Modifier::UNDERLINED) {
        queue!(w, SetAttribute(Attribute::NoUnderline))?;
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::NoBlink))?;
    }
    if removed.contains(Modifier::HIDDEN) {
        queue!(w, SetAttribute(Attribute::NoHidden))?;
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        queue!(w, SetAttribute(Attribute::NotCrossedOut))?;
    }
    for (m, a) in [
        (Modifier::BOLD, Attribute::Bold),
        (Modifier::DIM, Attribute::Dim),
        (Modifier::ITALIC, Attribute::Italic),
        (Modifier::UNDERLINED, Attribute::Underlined),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink),
        (Modifier::REVERSED, Attribute::Reverse),
        (Modifier::HIDDEN, Attribute::Hidden),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut),
    ] {
        if added.contains(m) {
            queue!(w, SetAttribute(a))?;
        }
    }
    if from.fg != to.fg {
        queue!(w, SetForegroundColor(to.fg.into_crossterm()))?;
    }
    if from.bg != to.bg {
        queue!(w, SetBackgroundColor(to.bg.into_crossterm()))?;
    }
    Ok(())
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut current = RESET;
        // Where the cursor stands after the last print.
        let mut cursor: Option<(u16, u16)> = None;
        let mut content = content.peekable();
        while let Some((x, y, cell)) = content.next() {
            match cursor {
                Some(at) if at == (x, y) => {}
                Some((cx, cy)) if cy == y && x > cx => {
                    let jump = format!("\x1b[{}C", x - cx);
                    // Reprint the unchanged cells between if that is shorter
                    // and they look exactly as the pen now draws.
                    let gap: Option<String> = (cx..x)
                        .map(|gx| {
                            let c = self.shown.cell((gx, y))?;
                            (pen(c) == current && c.symbol().width() == 1)
                                .then(|| c.symbol().to_string())
                        })
                        .collect();
                    match gap {
                        Some(text) if text.len() <= jump.len() => {
                            queue!(&mut self.writer, Print(text))?
                        }
                        _ => queue!(&mut self.writer, Print(jump))?,
                    }
                }
                _ => queue!(&mut self.writer, MoveTo(x, y))?,
            }
            let next = pen(cell);
            if next != current {
                set_pen(&mut self.writer, current, next)?;
                current = next;
            }
            // A run of plain blanks (text that got shorter) is erased in
            // place (ECH) rather than overwritten space by space.
            if cell.symbol() == " " && next == RESET {
                let mut run = 1u16;
                while let Some(&(nx, ny, n)) = content.peek() {
                    if ny != y || nx != x + run || n.symbol() != " " || pen(n) != RESET {
                        break;
                    }
                    self.track(nx, ny, n);
                    run += 1;
                    content.next();
                }
                if run >= MIN_ERASE {
                    queue!(&mut self.writer, Print(format!("\x1b[{run}X")))?;
                    self.track(x, y, cell);
                    cursor = Some((x, y));
                    continue;
                }
                queue!(&mut self.writer, Print(" ".repeat(run as usize)))?;
                self.track(x, y, cell);
                cursor = Some((x + run, y));
                continue;
            }
            queue!(&mut self.writer, Print(cell.symbol()))?;
            let width = cell.symbol().width().max(1) as u16;
            cursor = Some((x.saturating_add(width), y));
            self.track(x, y, cell);
        }
        if current != RESET {
            queue!(&mut self.writer, SetAttribute(Attribute::Reset))?;
        }
        Ok(())
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
        execute!(self.writer, MoveTo(x, y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // What is left on screen is no longer known cell by cell.
        self.shown.reset();
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
    fn what_it_knows_stays_where_it_is_on_screen_as_it_learns_the_extent() {
        let mut backend = LeanBackend {
            writer: Vec::new(),
            fixed_size: None,
            cursor_hidden: None,
            shown: Buffer::empty(Rect::ZERO),
        };
        let (a, b, c) = (cell("a"), cell("b"), cell("c"));
        backend.draw([(5, 0, &a)].into_iter()).unwrap();
        backend.draw([(50, 3, &b)].into_iter()).unwrap();
        backend.draw([(2, 7, &c)].into_iter()).unwrap();
        assert_eq!(backend.shown[(5, 0)].symbol(), "a");
        assert_eq!(backend.shown[(50, 3)].symbol(), "b");
        assert_eq!(backend.shown[(2, 7)].symbol(), "c");
        assert_eq!(backend.shown[(6, 0)].symbol(), " ");
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
        assert_eq!(out, "\u{1b}[1;1Hyxy\u{1b}[27Cy");
    }
}
