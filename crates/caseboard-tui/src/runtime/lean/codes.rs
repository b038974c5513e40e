//! The bytes a frame is drawn with: pen changes in one short code, the
//! shortest cursor move, and runs of blanks erased.

use super::*;

/// A short run of bytes built on the stack: the parameters of one pen
/// change, or one cursor move. Every frame makes thousands of these, so
/// they are not built as strings.
pub(super) struct Codes {
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
pub(super) fn digits(n: u16) -> usize {
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
pub(super) fn colour(out: &mut Codes, c: Color, background: bool, bold: bool) {
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
pub(super) fn bold_sensitive(c: Color) -> bool {
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

pub(super) const ATTRIBUTES: [(Modifier, u16); 9] = [
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
pub(super) fn pen_change(p: &mut Codes, from: Pen, to: Pen) {
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
pub(super) fn set_pen(out: &mut Vec<u8>, from: Pen, to: Pen) {
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

pub(super) fn push_fmt(out: &mut Vec<u8>, args: std::fmt::Arguments) {
    let _ = out.write_fmt(args);
}

/// The ways to move the cursor that [`move_cursor`] weighs.
#[derive(Clone, Copy)]
pub(super) enum Move {
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
pub(super) fn move_cursor(
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
/// `background_erase`: whether the terminal fills erased cells with the
/// pen's background (see [`LeanBackend`]).
pub(super) fn encode(
    out: &mut Vec<u8>,
    model: &Buffer,
    cells: &[(u16, u16, &Cell)],
    background_erase: bool,
) {
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
        let erasable = next.bg == Color::Reset || background_erase;
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
