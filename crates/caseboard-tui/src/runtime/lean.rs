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
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
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
    /// Whether `shown` covers the whole terminal, so that a scroll region
    /// drawn from it is within the screen.
    whole_screen: bool,
    /// The frame's bytes, built before they are written.
    out: Vec<u8>,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        let size = crossterm::terminal::size().ok();
        LeanBackend {
            writer,
            fixed_size: None,
            cursor_hidden: None,
            shown: Buffer::empty(size.map_or(Rect::ZERO, |(w, h)| Rect::new(0, 0, w, h))),
            whole_screen: size.is_some(),
            out: Vec::new(),
        }
    }

    /// With a known size, for writers that are not terminals (tests, benchmarks).
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        LeanBackend {
            writer,
            fixed_size: Some(Size { width, height }),
            cursor_hidden: None,
            shown: Buffer::empty(Rect::new(0, 0, width, height)),
            whole_screen: true,
            out: Vec::new(),
        }
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
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
            self.shown = grown;
            self.whole_screen = false;
        }
    }
}

/// The SGR parameters of a colour. The eight base colours are sent in
/// their short form (`31`) except on bold text, where some terminals
/// would brighten the short form: there they keep the palette form
/// (`38;5;1`) ratatui's crossterm backend sends.
fn colour(out: &mut String, c: Color, background: bool, bold: bool) {
    let base = if background { 40 } else { 30 };
    let index = match c {
        Color::Reset => {
            let _ = write!(out, "{};", base + 9);
            return;
        }
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => {
            let _ = write!(out, "{};2;{r};{g};{b};", base + 8);
            return;
        }
    };
    let _ = match index {
        0..8 if background || !bold => write!(out, "{};", base + index as u16),
        8..16 => write!(out, "{};", base + 60 + index as u16 - 8),
        _ => write!(out, "{};5;{index};", base + 8),
    };
}

/// Whether a foreground colour's code depends on boldness (see [`colour`]).
fn bold_sensitive(c: Color) -> bool {
    matches!(
        c,
        Color::Black
            | Color::Red
            | Color::Green
            | Color::Yellow
            | Color::Blue
            | Color::Magenta
            | Color::Cyan
            | Color::Gray
    ) || matches!(c, Color::Indexed(0..8))
}

const ATTRIBUTES: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// The parameters that take the terminal's pen from `from` to `to`, by
/// changing only what differs.
fn pen_change(from: Pen, to: Pen) -> String {
    let mut p = String::new();
    let removed = from.modifier - to.modifier;
    let added = to.modifier - from.modifier;
    if removed.contains(Modifier::REVERSED) {
        p.push_str("27;");
    }
    let mut readd = Modifier::empty();
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        // One code ends both; put back whichever stays.
        p.push_str("22;");
        readd = to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    if removed.contains(Modifier::ITALIC) {
        p.push_str("23;");
    }
    if removed.contains(Modifier::UNDERLINED) {
        p.push_str("24;");
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        p.push_str("25;");
        readd |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    if removed.contains(Modifier::HIDDEN) {
        p.push_str("28;");
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        p.push_str("29;");
    }
    for (m, code) in ATTRIBUTES {
        if (added | readd).contains(m) {
            let _ = write!(p, "{code};");
        }
    }
    let bold = to.modifier.contains(Modifier::BOLD);
    let bold_changed = bold != from.modifier.contains(Modifier::BOLD);
    if from.fg != to.fg || (bold_changed && bold_sensitive(to.fg)) {
        colour(&mut p, to.fg, false, bold);
    }
    if from.bg != to.bg {
        colour(&mut p, to.bg, true, bold);
    }
    p
}

/// The parameters that draw `to` from a reset pen.
fn pen_from_reset(to: Pen) -> String {
    let mut p = String::from("0;");
    p.push_str(&pen_change(RESET, to));
    p
}

/// Sets the pen, in one code: whichever is shorter of changing what
/// differs and starting again from a reset.
fn set_pen(out: &mut Vec<u8>, from: Pen, to: Pen) {
    let change = pen_change(from, to);
    let again = pen_from_reset(to);
    let params = if again.len() < change.len() {
        again
    } else {
        change
    };
    out.extend_from_slice(b"\x1b[");
    out.extend_from_slice(params.trim_end_matches(';').as_bytes());
    out.push(b'm');
}

fn push_fmt(out: &mut Vec<u8>, args: std::fmt::Arguments) {
    let _ = out.write_fmt(args);
}

/// Moves the cursor from `from` (where it stands, if known; a column past
/// the last is the pending wrap after the last column) to `to`, by the
/// shortest of: an absolute move, a relative one on the row, line feeds
/// with an absolute column, or reprinting the unchanged cells between
/// when they look exactly as the pen now draws.
fn move_cursor(
    out: &mut Vec<u8>,
    model: &Buffer,
    from: Option<(u16, u16)>,
    (x, y): (u16, u16),
    pen_now: Pen,
) {
    let mut best = if x == 0 {
        format!("\x1b[{}H", y + 1)
    } else {
        format!("\x1b[{};{}H", y + 1, x + 1)
    };
    let mut consider = |s: String| {
        if s.len() < best.len() {
            best = s;
        }
    };
    match from {
        Some(at) if at == (x, y) => return,
        // After the last column the terminal waits to wrap: only an
        // absolute move is sure to land where it should.
        Some((cx, _)) if cx >= model.area.width => {}
        Some((cx, cy)) if cy == y && x > cx => {
            let n = x - cx;
            consider(if n == 1 {
                "\x1b[C".into()
            } else {
                format!("\x1b[{n}C")
            });
            let gap: Option<String> = (cx..x)
                .map(|gx| {
                    let c = model.cell((gx, y))?;
                    (pen(c) == pen_now && c.symbol().width() == 1).then(|| c.symbol().to_string())
                })
                .collect();
            if let Some(text) = gap {
                consider(text);
            }
        }
        Some((cx, cy)) if cy == y => {
            let n = cx - x;
            consider(if n == 1 {
                "\x1b[D".into()
            } else {
                format!("\x1b[{n}D")
            });
        }
        // A line feed never scrolls here: the region is the whole screen
        // and it only goes down to rows on it. Whether or not the
        // terminal adds a carriage return to it, the column is then set.
        Some((_, cy)) if y > cy && y - cy <= 2 => {
            let feeds = "\n".repeat((y - cy) as usize);
            consider(if x == 0 {
                format!("\r{feeds}")
            } else {
                format!("{feeds}\x1b[{}G", x + 1)
            });
        }
        _ => {}
    }
    out.extend_from_slice(best.as_bytes());
}

/// The bytes that draw `cells` (in order, row by row) on a terminal that
/// shows `model` and whose pen is reset; the pen is reset again at the end.
fn encode(out: &mut Vec<u8>, model: &Buffer, cells: &[(u16, u16, &Cell)]) {
    let mut current = RESET;
    // Where the cursor stands after the last print.
    let mut cursor: Option<(u16, u16)> = None;
    let mut i = 0;
    while i < cells.len() {
        let (x, y, cell) = cells[i];
        i += 1;
        move_cursor(out, model, cursor, (x, y), current);
        let next = pen(cell);
        if next != current {
            set_pen(out, current, next);
            current = next;
        }
        // A run of plain blanks (text that got shorter) is erased in
        // place (ECH) rather than overwritten space by space.
        // The run goes on over unchanged cells that are already blank,
        // when more blanks to draw follow: erasing them again is harmless
        // and one erase is shorter than an erase, a move and an erase.
        if cell.symbol() == " " && next == RESET {
            let mut run = 1u16;
            let mut at = x + 1;
            loop {
                match cells.get(i) {
                    Some(&(nx, ny, n)) if ny == y && nx == at => {
                        if n.symbol() != " " || pen(n) != RESET {
                            break;
                        }
                        i += 1;
                        at += 1;
                        run = at - x;
                    }
                    _ if model.cell((at, y)).is_some_and(blank) => at += 1,
                    _ => break,
                }
            }
            if run >= MIN_ERASE {
                push_fmt(out, format_args!("\x1b[{run}X"));
                cursor = Some((x, y));
            } else {
                out.extend(std::iter::repeat_n(b' ', run as usize));
                cursor = Some((x + run, y));
            }
            continue;
        }
        out.extend_from_slice(cell.symbol().as_bytes());
        let width = cell.symbol().width().max(1) as u16;
        cursor = Some((x.saturating_add(width), y));
    }
    if current != RESET {
        out.extend_from_slice(b"\x1b[0m");
    }
}

/// A band of whole rows, `top..=bottom`, whose content moves by `shift`
/// rows: up (towards row 0) when positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scroll {
    top: u16,
    bottom: u16,
    shift: i16,
}

fn row(buffer: &Buffer, y: u16) -> &[Cell] {
    let w = buffer.area.width as usize;
    &buffer.content[y as usize * w..(y as usize + 1) * w]
}

fn differing(a: &[Cell], b: &[Cell]) -> i64 {
    a.iter().zip(b).filter(|(a, b)| a != b).count() as i64
}

/// The rows with the largest sum of `gain`: (first, last, sum).
fn best_run(gain: impl Iterator<Item = (u16, i64)>) -> Option<(u16, u16, i64)> {
    let mut best: Option<(u16, u16, i64)> = None;
    let mut run: Option<(u16, i64)> = None;
    for (y, g) in gain {
        let (start, sum) = match run {
            Some((start, sum)) if sum > 0 => (start, sum + g),
            _ => (y, g),
        };
        run = Some((start, sum));
        if best.is_none_or(|b| sum > b.2) {
            best = Some((start, y, sum));
        }
    }
    best
}

/// The scroll that leaves the fewest cells to draw to turn `shown` into
/// `next`, counted cell by cell, if one leaves fewer than drawing without.
fn find_scroll(shown: &Buffer, next: &Buffer) -> Option<Scroll> {
    let h = next.area.height;
    let blank = vec![Cell::EMPTY; next.area.width as usize];
    let plain: Vec<i64> = (0..h)
        .map(|y| differing(row(next, y), row(shown, y)))
        .collect();
    let fresh = |y: u16| differing(row(next, y), &blank) - plain[y as usize];
    let mut best: Option<(Scroll, i64)> = None;
    for k in 1..=MAX_SHIFT.min(h.saturating_sub(2)) {
        // Up: row y shows what row y + k showed; the last k rows of the
        // band come in blank.
        let up = best_run((0..h - k).map(|y| {
            (
                y,
                plain[y as usize] - differing(row(next, y), row(shown, y + k)),
            )
        }));
        if let Some((first, last, sum)) = up {
            let saved = sum - (last + 1..=last + k).map(fresh).sum::<i64>();
            let scroll = Scroll {
                top: first,
                bottom: last + k,
                shift: k as i16,
            };
            if best.is_none_or(|b| saved > b.1) {
                best = Some((scroll, saved));
            }
        }
        // Down: row y shows what row y - k showed; the first k rows of
        // the band come in blank.
        let down = best_run((k..h).map(|y| {
            (
                y,
                plain[y as usize] - differing(row(next, y), row(shown, y - k)),
            )
        }));
        if let Some((first, last, sum)) = down {
            let saved = sum - (first - k..first).map(fresh).sum::<i64>();
            let scroll = Scroll {
                top: first - k,
                bottom: last,
                shift: -(k as i16),
            };
            if best.is_none_or(|b| saved > b.1) {
                best = Some((scroll, saved));
            }
        }
    }
    // A scroll's own codes cost about as much as a few cells.
    best.filter(|&(_, saved)| saved > 8).map(|(s, _)| s)
}

/// Whether rows may have moved: a few changed rows begin, for a third of
/// the screen's width or more and with a changed cell among them, with
/// what the row a few above or below shows now (the board is the left of
/// each row beside the panes, or the whole row when stacked). Each
/// comparison stops at its first difference, so a frame whose rows did
/// not move (a selection moving, another priority's panes) leaves this at
/// once and skips the search, which costs a millisecond at 200×50.
fn may_have_moved(shown: &Buffer, cells: &[(u16, u16, &Cell)]) -> bool {
    const ROWS_MOVED: usize = 3;
    let (w, h) = (shown.area.width, shown.area.height);
    let least = (w / 3).max(1);
    // The changed cells row by row (ratatui hands them over in order).
    let mut rows: Vec<(u16, Vec<(u16, &Cell)>)> = Vec::new();
    for &(x, y, cell) in cells {
        match rows.last_mut() {
            Some((row, changed)) if *row == y => changed.push((x, cell)),
            _ => rows.push((y, vec![(x, cell)])),
        }
    }
    (1..=MAX_SHIFT as i32).flat_map(|k| [k, -k]).any(|k| {
        rows.iter()
            .filter(|(y, changed)| {
                let from = *y as i32 + k;
                if !(0..h as i32).contains(&from) || changed[0].0 >= least {
                    return false;
                }
                let from = from as u16;
                let mut changed = changed.iter().peekable();
                (0..least).all(|x| {
                    let next = match changed.peek() {
                        Some(&&(cx, cell)) if cx == x => {
                            changed.next();
                            Some(cell)
                        }
                        _ => shown.cell((x, *y)),
                    };
                    next == shown.cell((x, from))
                })
            })
            .take(ROWS_MOVED)
            .count()
            >= ROWS_MOVED
    })
}

/// `shown` after `scroll`, as the terminal does it: rows move within the
/// band and the rows that come in are blank (the pen is reset then).
fn scrolled(shown: &Buffer, scroll: Scroll) -> Buffer {
    let mut after = shown.clone();
    let w = shown.area.width as usize;
    let (top, bottom) = (scroll.top as usize, scroll.bottom as usize);
    let k = scroll.shift.unsigned_abs() as usize;
    let band = &mut after.content[top * w..(bottom + 1) * w];
    if scroll.shift > 0 {
        band.rotate_left(k * w);
        let len = band.len();
        band[len - k * w..].fill(Cell::EMPTY);
    } else {
        band.rotate_right(k * w);
        band[..k * w].fill(Cell::EMPTY);
    }
    after
}

/// The codes that scroll the band on the terminal: its scroll region
/// (DECSTBM), the scroll (SU or SD), and the whole screen as the region
/// again. Both region changes put the cursor home.
fn scroll_codes(out: &mut Vec<u8>, scroll: Scroll) {
    push_fmt(
        out,
        format_args!("\x1b[{};{}r", scroll.top + 1, scroll.bottom + 1),
    );
    let (k, code) = if scroll.shift > 0 {
        (scroll.shift, 'S')
    } else {
        (-scroll.shift, 'T')
    };
    if k == 1 {
        push_fmt(out, format_args!("\x1b[{code}"));
    } else {
        push_fmt(out, format_args!("\x1b[{k}{code}"));
    }
    out.extend_from_slice(b"\x1b[r");
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
        let mut next = None;
        if self.whole_screen
            && cells.len() >= MIN_CELLS_TO_SCROLL
            && may_have_moved(&self.shown, &cells)
        {
            let mut frame = self.shown.clone();
            for &(x, y, cell) in &cells {
                frame[(x, y)] = cell.clone();
            }
            if let Some(scroll) = find_scroll(&self.shown, &frame) {
                let moved = scrolled(&self.shown, scroll);
                scroll_codes(&mut out, scroll);
                encode(&mut out, &moved, &moved.diff(&frame));
                // Drawn as it is, the frame may still cost less.
                let mut plain = Vec::new();
                encode(&mut plain, &self.shown, &cells);
                if plain.len() <= out.len() {
                    out = plain;
                }
            }
            next = Some(frame);
        }
        if out.is_empty() {
            encode(&mut out, &self.shown, &cells);
        }
        match next {
            Some(frame) => self.shown = frame,
            None => {
                for &(x, y, cell) in &cells {
                    self.shown[(x, y)] = cell.clone();
                }
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
                    self.shown = Buffer::empty(Rect::new(0, 0, size.width, size.height));
                    self.whole_screen = true;
                }
                Err(_) => {
                    self.shown.reset();
                    self.whole_screen = false;
                }
            },
            _ => self.shown.reset(),
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
    fn what_it_knows_stays_where_it_is_on_screen_as_it_learns_the_extent() {
        let mut backend = LeanBackend {
            writer: Vec::new(),
            fixed_size: None,
            cursor_hidden: None,
            shown: Buffer::empty(Rect::ZERO),
            whole_screen: false,
            out: Vec::new(),
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
