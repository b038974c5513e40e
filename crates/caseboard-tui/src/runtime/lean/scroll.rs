//! Rows that moved: each cell's print, the search for a band of rows
//! that scrolled, and the scroll region that moves them on the terminal.

use super::*;

/// A band of whole rows, `top..=bottom`, whose content moves by `shift`
/// rows: up (towards row 0) when positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Scroll {
    pub(super) top: u16,
    pub(super) bottom: u16,
    pub(super) shift: i16,
}

/// A word-at-a-time mix (the multiply-rotate of Firefox's hash).
pub(super) fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A colour as a number, each colour its own.
pub(super) fn colour_number(c: Color) -> u64 {
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
pub(super) fn print(cell: &Cell) -> u32 {
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

pub(super) fn prints_of(buffer: &Buffer) -> Vec<u32> {
    buffer.content.iter().map(print).collect()
}

/// How many of two rows' prints differ.
pub(super) fn differing(a: &[u32], b: &[u32]) -> i64 {
    // Counted in 32-bit lanes, so that the loop runs four or eight
    // prints to an instruction.
    let mut n = 0u32;
    for (a, b) in a.iter().zip(b) {
        n += u32::from(a != b);
    }
    i64::from(n)
}

/// The rows with the largest sum of `gain`: (first, last, sum).
pub(super) fn best_run(gain: impl Iterator<Item = (u16, i64)>) -> Option<(u16, u16, i64)> {
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
pub(super) fn find_scroll(
    shown: &[u32],
    next: &[u32],
    width: usize,
    search: &mut Search,
) -> Option<Scroll> {
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
pub(super) fn may_have_moved(
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
pub(super) fn scroll_rows(buffer: &mut Buffer, scroll: Scroll) -> Vec<Cell> {
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
pub(super) fn scroll_prints(prints: &mut [u32], width: usize, scroll: Scroll) {
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
pub(super) const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

#[allow(deprecated)] // `skip`, which ratatui's own diff still honours
pub(super) fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

/// The cells to draw to turn `prev` into `next` (of one size): the very
/// cells ratatui's `Buffer::diff` finds, wide characters and cells to skip
/// handled alike, but comparing two cells only where their prints agree
/// (cells whose prints differ surely differ). A scrolled screen leaves
/// most cells to compare, so this halves a scrolling frame's cost.
pub(super) fn diff_by_prints<'a>(
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
pub(super) fn unscroll_rows(buffer: &mut Buffer, scroll: Scroll, lost: Vec<Cell>) {
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
pub(super) fn scroll_codes(out: &mut Vec<u8>, scroll: Scroll) {
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
