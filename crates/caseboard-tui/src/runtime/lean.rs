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

/// Whether the terminal fills erased cells with the pen's background
/// (back-colour erase, as xterm, VTE, kitty, the Linux console and tmux
/// do). GNU screen does not unless told to (`defbce on`): inside it, blanks
/// on a background colour are printed, not erased.
static BACKGROUND_ERASE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Sets [`BACKGROUND_ERASE`] once, at start.
pub fn erase_with_background(on: bool) {
    BACKGROUND_ERASE.store(on, std::sync::atomic::Ordering::Relaxed);
}

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

/// A short run of bytes built on the stack: the parameters of one pen
/// change, or one cursor move. Every frame makes thousands of these, so
/// they are not built as strings.
struct Codes {
    bytes: [u8; Codes::CAP],
    len: usize,
}

impl Codes {
    /// Longer than any pen change (every attribute ended and set, both
    /// colours as RGB) or cursor move.
    const CAP: usize = 128;

    fn new() -> Self {
        Codes {
            bytes: [0; Codes::CAP],
            len: 0,
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        let end = (self.len + bytes.len()).min(Codes::CAP);
        self.bytes[self.len..end].copy_from_slice(&bytes[..end - self.len]);
        self.len = end;
    }

    fn number(&mut self, n: u16) {
        let mut digits = [0u8; 5];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.push(&digits[at..]);
    }

    /// A number and the `;` after it.
    fn param(&mut self, n: u16) {
        self.number(n);
        self.push(b";");
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// How many digits `n` takes.
fn digits(n: u16) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 5,
    }
}

/// The SGR parameters of a colour. The eight base colours are sent in
/// their short form (`31`) except on bold text, where some terminals
/// would brighten the short form: there they keep the palette form
/// (`38;5;1`) ratatui's crossterm backend sends.
fn colour(out: &mut Codes, c: Color, background: bool, bold: bool) {
    let base: u16 = if background { 40 } else { 30 };
    let index = match c {
        Color::Reset => {
            out.param(base + 9);
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
            out.param(base + 8);
            out.param(2);
            out.param(r.into());
            out.param(g.into());
            out.param(b.into());
            return;
        }
    };
    match index {
        0..8 if background || !bold => out.param(base + u16::from(index)),
        8..16 => out.param(base + 60 + u16::from(index) - 8),
        _ => {
            out.param(base + 8);
            out.param(5);
            out.param(index.into());
        }
    }
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

const ATTRIBUTES: [(Modifier, u16); 9] = [
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
fn pen_change(p: &mut Codes, from: Pen, to: Pen) {
    let removed = from.modifier - to.modifier;
    let added = to.modifier - from.modifier;
    if removed.contains(Modifier::REVERSED) {
        p.param(27);
    }
    let mut readd = Modifier::empty();
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        // One code ends both; put back whichever stays.
        p.param(22);
        readd = to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    if removed.contains(Modifier::ITALIC) {
        p.param(23);
    }
    if removed.contains(Modifier::UNDERLINED) {
        p.param(24);
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        p.param(25);
        readd |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    if removed.contains(Modifier::HIDDEN) {
        p.param(28);
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        p.param(29);
    }
    for (m, code) in ATTRIBUTES {
        if (added | readd).contains(m) {
            p.param(code);
        }
    }
    let bold = to.modifier.contains(Modifier::BOLD);
    let bold_changed = bold != from.modifier.contains(Modifier::BOLD);
    if from.fg != to.fg || (bold_changed && bold_sensitive(to.fg)) {
        colour(p, to.fg, false, bold);
    }
    if from.bg != to.bg {
        colour(p, to.bg, true, bold);
    }
}

/// Sets the pen, in one code: whichever is shorter of changing what
/// differs and starting again from a reset.
fn set_pen(out: &mut Vec<u8>, from: Pen, to: Pen) {
    let mut change = Codes::new();
    pen_change(&mut change, from, to);
    let mut again = Codes::new();
    again.push(b"0;");
    pen_change(&mut again, RESET, to);
    let params = if again.len < change.len {
        again.as_bytes()
    } else {
        change.as_bytes()
    };
    out.extend_from_slice(b"\x1b[");
    out.extend_from_slice(params.strip_suffix(b";").unwrap_or(params));
    out.push(b'm');
}

fn push_fmt(out: &mut Vec<u8>, args: std::fmt::Arguments) {
    let _ = out.write_fmt(args);
}

/// The ways to move the cursor that [`move_cursor`] weighs.
#[derive(Clone, Copy)]
enum Move {
    Absolute,
    Right(u16),
    /// Reprinting the cells from this column on.
    Reprint(u16),
    Left(u16),
    /// Line feeds, this many.
    Feeds(u16),
}

/// Moves the cursor from `from` (where it stands, if known; a column past
/// the last is the pending wrap after the last column) to `to`, by the
/// shortest of: an absolute move, a relative one on the row, line feeds
/// with an absolute column, or reprinting the unchanged cells between
/// when they look exactly as the pen now draws. The first of the
/// shortest, in that order. Only lengths are counted until one is chosen.
fn move_cursor(
    out: &mut Vec<u8>,
    model: &Buffer,
    from: Option<(u16, u16)>,
    (x, y): (u16, u16),
    pen_now: Pen,
) {
    if from == Some((x, y)) {
        return;
    }
    let relative = |n: u16| if n == 1 { 3 } else { 3 + digits(n) };
    let mut best = (
        if x == 0 {
            3 + digits(y + 1)
        } else {
            4 + digits(y + 1) + digits(x + 1)
        },
        Move::Absolute,
    );
    fn consider(best: &mut (usize, Move), len: usize, way: Move) {
        if len < best.0 {
            *best = (len, way);
        }
    }
    match from {
        Some(at) if at == (x, y) => return,
        // After the last column the terminal waits to wrap: only an
        // absolute move is sure to land where it should.
        Some((cx, _)) if cx >= model.area.width => {}
        Some((cx, cy)) if cy == y && x > cx => {
            consider(&mut best, relative(x - cx), Move::Right(x - cx));
            let mut len = 0;
            let mut reprint = true;
            for gx in cx..x {
                match model.cell((gx, y)) {
                    Some(c) if pen(c) == pen_now && c.symbol().width() == 1 => {
                        len += c.symbol().len();
                    }
                    _ => reprint = false,
                }
                // Past the best so far, it cannot be chosen.
                if !reprint || len >= best.0 {
                    reprint = false;
                    break;
                }
            }
            if reprint {
                consider(&mut best, len, Move::Reprint(cx));
            }
        }
        Some((cx, cy)) if cy == y => consider(&mut best, relative(cx - x), Move::Left(cx - x)),
        // A line feed never scrolls here: the region is the whole screen
        // and it only goes down to rows on it. Whether or not the
        // terminal adds a carriage return to it, the column is then set.
        Some((_, cy)) if y > cy && y - cy <= 2 => {
            let feeds = y - cy;
            let len = if x == 0 {
                1 + feeds as usize
            } else {
                feeds as usize + 3 + digits(x + 1)
            };
            consider(&mut best, len, Move::Feeds(feeds));
        }
        _ => {}
    }
    let mut codes = Codes::new();
    match best.1 {
        Move::Absolute => {
            codes.push(b"\x1b[");
            codes.number(y + 1);
            if x != 0 {
                codes.push(b";");
                codes.number(x + 1);
            }
            codes.push(b"H");
        }
        Move::Right(n) | Move::Left(n) => {
            codes.push(b"\x1b[");
            if n != 1 {
                codes.number(n);
            }
            codes.push(if matches!(best.1, Move::Right(_)) {
                b"C"
            } else {
                b"D"
            });
        }
        Move::Reprint(cx) => {
            for gx in cx..x {
                if let Some(c) = model.cell((gx, y)) {
                    out.extend_from_slice(c.symbol().as_bytes());
                }
            }
        }
        Move::Feeds(feeds) => {
            if x == 0 {
                codes.push(b"\r");
            }
            for _ in 0..feeds {
                codes.push(b"\n");
            }
            if x != 0 {
                codes.push(b"\x1b[");
                codes.number(x + 1);
                codes.push(b"G");
            }
        }
    }
    out.extend_from_slice(codes.as_bytes());
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
        // A run of blanks (text that got shorter, or a screen on a
        // background of its own) is erased in place (ECH) rather than
        // overwritten space by space: terminals fill erased cells with the
        // pen's background (back-colour erase: xterm, VTE, kitty, tmux and
        // the rest). Only a pen without attributes: an erased cell shows no
        // underline or reverse video.
        // The run goes on over unchanged cells that are already the same
        // blank, when more blanks to draw follow: erasing them again is
        // harmless and one erase is shorter than an erase, a move and an
        // erase.
        let erasable =
            next.bg == Color::Reset || BACKGROUND_ERASE.load(std::sync::atomic::Ordering::Relaxed);
        if cell.symbol() == " " && next.modifier.is_empty() && erasable {
            let same = |c: &Cell| c.symbol() == " " && pen(c) == next;
            let mut run = 1u16;
            let mut at = x + 1;
            loop {
                match cells.get(i) {
                    Some(&(nx, ny, n)) if ny == y && nx == at => {
                        if !same(n) {
                            break;
                        }
                        i += 1;
                        at += 1;
                        run = at - x;
                    }
                    _ if model.cell((at, y)).is_some_and(same) => at += 1,
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
        let symbol = cell.symbol();
        out.extend_from_slice(symbol.as_bytes());
        // One byte is one column (the text on screen has no controls).
        let width = if symbol.len() == 1 {
            1
        } else {
            symbol.width().max(1) as u16
        };
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

/// A word-at-a-time mix (the multiply-rotate of Firefox's hash).
fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A colour as a number, each colour its own.
fn colour_number(c: Color) -> u64 {
    match c {
        Color::Reset => 0,
        Color::Black => 1,
        Color::Red => 2,
        Color::Green => 3,
        Color::Yellow => 4,
        Color::Blue => 5,
        Color::Magenta => 6,
        Color::Cyan => 7,
        Color::Gray => 8,
        Color::DarkGray => 9,
        Color::LightRed => 10,
        Color::LightGreen => 11,
        Color::LightYellow => 12,
        Color::LightBlue => 13,
        Color::LightMagenta => 14,
        Color::LightCyan => 15,
        Color::White => 16,
        Color::Indexed(i) => 0x100 | u64::from(i),
        Color::Rgb(r, g, b) => 0x0100_0000 | u64::from(r) << 16 | u64::from(g) << 8 | u64::from(b),
    }
}

/// A cell's print, from what it shows (its symbol, colours and
/// attributes): equal cells have equal prints, and unequal ones almost
/// never do. The scroll search compares prints, four to an instruction,
/// where comparing cells costs a string comparison each; a print that
/// happens to match only makes the search's estimate a little off, since
/// what is sent is worked out from the cells themselves.
fn print(cell: &Cell) -> u32 {
    let symbol = cell.symbol().as_bytes();
    let mut hash = symbol.len() as u64;
    for chunk in symbol.chunks(8) {
        let word = chunk
            .iter()
            .rev()
            .fold(0u64, |word, &b| word << 8 | u64::from(b));
        hash = mix(hash, word);
    }
    hash = mix(hash, colour_number(cell.fg) << 32 | colour_number(cell.bg));
    hash = mix(hash, u64::from(cell.modifier.bits()));
    (hash >> 32) as u32 ^ hash as u32
}

fn prints_of(buffer: &Buffer) -> Vec<u32> {
    buffer.content.iter().map(print).collect()
}

/// How many of two rows' prints differ.
fn differing(a: &[u32], b: &[u32]) -> i64 {
    // Counted in 32-bit lanes, so that the loop runs four or eight
    // prints to an instruction.
    let mut n = 0u32;
    for (a, b) in a.iter().zip(b) {
        n += u32::from(a != b);
    }
    i64::from(n)
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

/// The work the scroll search did, counted: tests read it to know the
/// search stays cheap.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Search {
    /// Frames the search ran on.
    pub frames: usize,
    /// Pairs of rows whose prints it compared.
    pub rows_compared: usize,
    /// Pairs of rows whose first third it compared, to know whether to
    /// search at all.
    pub rows_glanced: usize,
    /// Frames whose chosen scroll was then checked cell by cell (once,
    /// over the screen, as the cells to draw after it were found).
    pub confirmed: usize,
}

/// The scroll that leaves the fewest cells to draw to turn the screen
/// whose cells' prints are `shown` into the frame whose prints are `next`
/// (`width` to a row), if one leaves fewer than drawing without.
fn find_scroll(shown: &[u32], next: &[u32], width: usize, search: &mut Search) -> Option<Scroll> {
    if width == 0 {
        return None;
    }
    let h = (next.len() / width) as u16;
    fn row(prints: &[u32], width: usize, y: u16) -> &[u32] {
        &prints[y as usize * width..(y as usize + 1) * width]
    }
    let row = |prints, y| row(prints, width, y);
    let blank = vec![print(&Cell::EMPTY); width];
    let mut compared = 0;
    let mut compare = |a: &[u32], b: &[u32]| {
        compared += 1;
        differing(a, b)
    };
    let plain: Vec<i64> = (0..h)
        .map(|y| compare(row(next, y), row(shown, y)))
        .collect();
    let mut best: Option<(Scroll, i64)> = None;
    for k in 1..=MAX_SHIFT.min(h.saturating_sub(2)) {
        // Up: row y shows what row y + k showed; the last k rows of the
        // band come in blank.
        let up = best_run((0..h - k).map(|y| {
            (
                y,
                plain[y as usize] - compare(row(next, y), row(shown, y + k)),
            )
        }));
        if let Some((first, last, sum)) = up {
            let fresh: i64 = (last + 1..=last + k)
                .map(|y| compare(row(next, y), &blank) - plain[y as usize])
                .sum();
            let saved = sum - fresh;
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
                plain[y as usize] - compare(row(next, y), row(shown, y - k)),
            )
        }));
        if let Some((first, last, sum)) = down {
            let fresh: i64 = (first - k..first)
                .map(|y| compare(row(next, y), &blank) - plain[y as usize])
                .sum();
            let saved = sum - fresh;
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
    search.frames += 1;
    search.rows_compared += compared;
    // A scroll's own codes cost about as much as a few cells.
    best.filter(|&(_, saved)| saved > 8).map(|(s, _)| s)
}

/// Whether rows may have moved: a few changed rows begin, for a third of
/// the screen's width or more and with a changed cell among them, with
/// what the row a few above or below showed (the board is the left of
/// each row beside the panes, or the whole row when stacked). A frame
/// whose rows did not move (a selection moving, another priority's panes)
/// fails this at once and skips the search. `changed` holds each changed
/// row and its first changed column, in order.
fn may_have_moved(
    shown: &[u32],
    next: &[u32],
    width: usize,
    changed: &[(u16, u16)],
    search: &mut Search,
) -> bool {
    const ROWS_MOVED: usize = 3;
    let h = (next.len() / width.max(1)) as i32;
    let least = (width / 3).max(1);
    let mut glanced = 0;
    let moved = (1..=MAX_SHIFT as i32).flat_map(|k| [k, -k]).any(|k| {
        changed
            .iter()
            .filter(|&&(y, first)| {
                let from = y as i32 + k;
                if !(0..h).contains(&from) || first as usize >= least {
                    return false;
                }
                glanced += 1;
                let (y, from) = (y as usize * width, from as usize * width);
                next[y..y + least] == shown[from..from + least]
            })
            .take(ROWS_MOVED)
            .count()
            >= ROWS_MOVED
    });
    search.rows_glanced += glanced;
    moved
}

/// Scrolls `buffer` as the terminal does: rows move within the band and
/// the rows that come in are blank (the pen is reset then). Returns the
/// rows scrolled out, which [`unscroll_rows`] puts back.
fn scroll_rows(buffer: &mut Buffer, scroll: Scroll) -> Vec<Cell> {
    let w = buffer.area.width as usize;
    let (top, bottom) = (scroll.top as usize, scroll.bottom as usize);
    let k = scroll.shift.unsigned_abs() as usize;
    let band = &mut buffer.content[top * w..(bottom + 1) * w];
    let coming_in = if scroll.shift > 0 {
        band.rotate_left(k * w);
        let len = band.len();
        &mut band[len - k * w..]
    } else {
        band.rotate_right(k * w);
        &mut band[..k * w]
    };
    coming_in
        .iter_mut()
        .map(|c| std::mem::replace(c, Cell::EMPTY))
        .collect()
}

/// Scrolls a screen's prints as [`scroll_rows`] scrolls its cells.
fn scroll_prints(prints: &mut [u32], width: usize, scroll: Scroll) {
    let (top, bottom) = (scroll.top as usize, scroll.bottom as usize);
    let k = scroll.shift.unsigned_abs() as usize;
    let band = &mut prints[top * width..(bottom + 1) * width];
    let blank = print(&Cell::EMPTY);
    if scroll.shift > 0 {
        band.rotate_left(k * width);
        let len = band.len();
        band[len - k * width..].fill(blank);
    } else {
        band.rotate_right(k * width);
        band[..k * width].fill(blank);
    }
}

/// Attributes a terminal shows on a blank cell.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

#[allow(deprecated)] // `skip`, which ratatui's own diff still honours
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

/// The cells to draw to turn `prev` into `next` (of one size): the very
/// cells ratatui's `Buffer::diff` finds, wide characters and cells to skip
/// handled alike, but comparing two cells only where their prints agree
/// (cells whose prints differ surely differ). A scrolled screen leaves
/// most cells to compare, so this halves a scrolling frame's cost.
fn diff_by_prints<'a>(
    prev: &Buffer,
    next: &'a Buffer,
    prev_prints: &[u32],
    next_prints: &[u32],
) -> Vec<(u16, u16, &'a Cell)> {
    let (prev, next_cells) = (&prev.content, &next.content);
    let len = next_cells.len().min(prev.len());
    let w = next.area.width.max(1) as usize;
    let at = |i: usize| ((i % w) as u16 + next.area.x, (i / w) as u16 + next.area.y);
    let same = |i: usize| prev_prints[i] == next_prints[i] && prev[i] == next_cells[i];
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < len {
        let i = pos;
        pos += 1;
        let (current, previous) = (&next_cells[i], &prev[i]);
        match current.diff_option {
            CellDiffOption::Skip => {}
            _ if is_skip(current) => {}
            CellDiffOption::ForcedWidth(width) => {
                pos = pos.saturating_add(width.get().saturating_sub(1) as usize);
                if !same(i) {
                    let (x, y) = at(i);
                    out.push((x, y, current));
                }
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                // (A one-byte symbol is one column: no width lookup.)
                let width_of = |c: &Cell| match c.diff_option {
                    CellDiffOption::ForcedWidth(_) => c.cell_width() as usize,
                    _ if c.symbol().len() == 1 => 1,
                    _ => c.cell_width() as usize,
                };
                if matches!(current.diff_option, CellDiffOption::None) && same(i) {
                    pos += width_of(current).saturating_sub(1);
                    continue;
                }
                let cell_width = width_of(current);
                let previous_width = width_of(previous);
                let contains_vs16 =
                    cell_width > 1 && current.symbol().chars().any(|c| c == '\u{FE0F}');
                let (x, y) = at(i);
                out.push((x, y, current));
                // The trailing cells of a wide character: from `first`
                // until `end`, each drawn when forced or when its symbol
                // changed.
                let trailing = |out: &mut Vec<(u16, u16, &'a Cell)>,
                                first: usize,
                                mut end: usize,
                                force: bool| {
                    let mut j = first;
                    while j < end && j < len {
                        let here = j;
                        j += next_cells[here].cell_width().max(1) as usize;
                        end = end.max(j).min(len);
                        if !is_skip(&next_cells[here])
                            && (force || prev[here].symbol() != next_cells[here].symbol())
                        {
                            let (x, y) = at(here);
                            out.push((x, y, &next_cells[here]));
                        }
                    }
                    end
                };
                if contains_vs16 {
                    pos = trailing(&mut out, i + 1, (i + cell_width).min(len), false);
                } else if cell_width > 1 {
                    pos += cell_width - 1;
                } else if previous_width > cell_width
                    && (previous.bg != Color::Reset
                        || previous.modifier.intersects(VISIBLE_ON_BLANK))
                {
                    pos = trailing(&mut out, i + 1, i + previous_width, true);
                }
            }
        }
    }
    out
}

/// Undoes [`scroll_rows`], given the rows it scrolled out.
fn unscroll_rows(buffer: &mut Buffer, scroll: Scroll, lost: Vec<Cell>) {
    let w = buffer.area.width as usize;
    let (top, bottom) = (scroll.top as usize, scroll.bottom as usize);
    let k = scroll.shift.unsigned_abs() as usize;
    let band = &mut buffer.content[top * w..(bottom + 1) * w];
    let len = band.len();
    let coming_in = if scroll.shift > 0 {
        &mut band[len - k * w..]
    } else {
        &mut band[..k * w]
    };
    for (cell, was) in coming_in.iter_mut().zip(lost) {
        *cell = was;
    }
    if scroll.shift > 0 {
        band.rotate_right(k * w);
    } else {
        band.rotate_left(k * w);
    }
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
            encode(&mut out, &self.shown, &after);
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
                encode(&mut plain, &self.shown, &cells);
                if plain.len() <= out.len() {
                    std::mem::swap(&mut plain, &mut out);
                }
                self.other = plain;
            }
            // The terminal now shows the frame, either way.
            std::mem::swap(&mut self.shown, &mut self.next);
            self.next.content.clone_from_slice(&self.shown.content);
        } else {
            encode(&mut out, &self.shown, &cells);
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
