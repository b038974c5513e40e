//! Panes whose text is wrapped once when it changes, not on every frame:
//! the wrapped text is drawn once into a buffer of its own, and each frame
//! copies the rows in view. The key holds everything the text depends on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::cell::RefCell;
use std::rc::Rc;

/// How many wrapped panes are kept: enough for moving back and forth.
const KEEP: usize = 16;
/// Longest pane text kept, in rows (a pane scrolls within it).
const MAX_ROWS: usize = 2_000;

/// Everything a kept pane's drawing depends on, one kind of key per pane.
/// The theme is not in it: a [`Memo`] lives in one [`super::Screen`], with
/// one theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Board(BoardKey),
    Evidence(EvidenceKey),
    Objections(ObjectionsKey),
}

/// The board's rows on screen. Each row shows its priority's state (and
/// the pack, which never changes), so the rows are kept until a priority on
/// screen changes, not whenever any entry arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardKey {
    /// Each row on screen, in order. The filter and the scroll decide
    /// which rows these are.
    pub rows: Vec<RowKey>,
    pub width: u16,
    pub height: u16,
    /// The id column's width (the widest id on screen).
    pub id_width: u16,
}

/// One row of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    /// The priority's place on the board.
    pub index: usize,
    /// The seq of its last change.
    pub changed: u64,
    /// For the item under discussion: its timer (another item's start
    /// stops it without an entry about this one), and the clock while it
    /// runs, as the row shows the time spent.
    pub current: Option<(TimerKey, Option<i64>)>,
}

/// The evidence pane's text for one priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceKey {
    pub priority: String,
    /// The seq of the priority's last change.
    pub changed: u64,
    /// Its timer, which another item's start stops without an entry about it.
    pub timer: TimerKey,
    /// Whether it is the item under discussion.
    pub current: bool,
    /// The seq of the last change to the meeting as a whole (attendance,
    /// its own notes and actions), which the pane lists at its end.
    pub meeting: u64,
    pub width: u16,
    /// The clock, while the item's timer or speaking time runs.
    pub ticking: Option<i64>,
}

/// The objections pane's text for one priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionsKey {
    pub priority: String,
    /// The seq of the priority's last change: raising or settling one of
    /// its objections is one.
    pub changed: u64,
    pub width: u16,
    /// The chosen objection, when the pane has the focus.
    pub cursor: Option<usize>,
}

/// A timer's state, to the millisecond: what has run, and since when.
pub type TimerKey = (i64, Option<i64>);

pub fn timer_key(timer: &caseboard_core::board::Timer) -> TimerKey {
    (
        timer.accumulated_ms,
        timer.running_since.map(|t| t.timestamp_millis()),
    )
}

impl Key {
    /// The width the pane's text is drawn or wrapped to.
    fn width(&self) -> u16 {
        match self {
            Key::Board(k) => k.width,
            Key::Evidence(k) => k.width,
            Key::Objections(k) => k.width,
        }
    }
}

/// A kept drawing: its key, the drawing, the row its marked line starts
/// on, and whether its text is whole.
type Entry = (Key, Rc<Buffer>, u16, bool);

/// Behind a `RefCell` because drawing takes the [`super::Screen`] by shared
/// reference: what is kept changes no frame, only how long it takes.
#[derive(Default)]
pub struct Memo {
    /// Each pane's wrapped text, the row its marked line starts on, and
    /// whether the text is whole (not cut after the rows in view).
    entries: RefCell<Vec<Entry>>,
    /// How many panes were drawn, and board rows redrawn, rather than kept.
    work: std::cell::Cell<Work>,
}

/// The drawing a [`Memo`] did rather than kept: a count of work, which
/// tests read to know the cache works.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// Panes drawn (or wrapped) whole.
    pub panes: usize,
    /// Board rows redrawn alone, in a kept drawing of the board.
    pub rows: usize,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} panes)", self.entries.borrow().len())
    }
}

impl Memo {
    /// The drawing done so far.
    pub fn work(&self) -> Work {
        self.work.get()
    }

    fn count(&self, panes: usize, rows: usize) {
        let mut work = self.work.get();
        work.panes += panes;
        work.rows += rows;
        self.work.set(work);
    }

    /// The board's rows for `key`: kept; or, when a kept drawing has the
    /// same rows at the same size, or the same rows scrolled (each row is
    /// drawn alike wherever it stands), that drawing with only the rows
    /// whose key changed or that came into view redrawn (by `row`, given
    /// the row's place among those on screen, as a table of a header and
    /// that row); or drawn whole by `draw`.
    pub fn board_rows(
        &self,
        key: BoardKey,
        draw: impl FnOnce(&mut Buffer),
        mut row: impl FnMut(usize, &mut Buffer),
    ) -> Rc<Buffer> {
        let same_size = |k: &BoardKey| {
            k.width == key.width
                && k.height == key.height
                && k.id_width == key.id_width
                && k.rows.len() == key.rows.len()
        };
        let same_rows = |k: &BoardKey| {
            same_size(k)
                && k.rows
                    .iter()
                    .zip(&key.rows)
                    .all(|(a, b)| a.index == b.index)
        };
        let kept = {
            let entries = self.entries.borrow();
            entries
                .iter()
                .position(|(k, ..)| matches!(k, Key::Board(b) if *b == key))
                .or_else(|| {
                    entries
                        .iter()
                        .position(|(k, ..)| matches!(k, Key::Board(b) if same_rows(b)))
                })
                .or_else(|| {
                    entries.iter().position(
                        |(k, ..)| matches!(k, Key::Board(b) if same_size(b) && scrolled_by(b, &key).is_some()),
                    )
                })
        };
        let height = key.height;
        let Some(pos) = kept else {
            return self.drawn(Key::Board(key), height, draw);
        };
        let mut entries = self.entries.borrow_mut();
        let (old, buffer, mark, _) = entries.remove(pos);
        let Key::Board(old) = &old else {
            unreachable!("found among the board's keys")
        };
        if *old == key {
            entries.insert(0, (Key::Board(key), buffer.clone(), mark, true));
            return buffer;
        }
        let mut buffer = Rc::unwrap_or_clone(buffer);
        let width = buffer.area.width as usize;
        // Row `at` is on line `at + 1`, under the header.
        let lines = key
            .rows
            .len()
            .min(buffer.area.height.saturating_sub(1) as usize);
        let mut was = old.rows.clone();
        // The lines move with the rows (every row on a line of its own).
        let by = scrolled_by(old, &key).filter(|_| lines == was.len());
        let band = &mut buffer.content[width..(lines + 1) * width];
        match by {
            Some(by) if by > 0 => {
                let by = by.unsigned_abs().min(lines);
                band.rotate_left(by * width);
                was.rotate_left(by);
            }
            Some(by) if by < 0 => {
                let by = by.unsigned_abs().min(lines);
                band.rotate_right(by * width);
                was.rotate_right(by);
            }
            _ => {}
        }
        let mut redrawn = 0;
        for (at, (was, is)) in was.iter().zip(&key.rows).enumerate() {
            // A row that came into view was rotated in from the other end:
            // its index differs, and it is redrawn.
            if was == is || at + 1 >= buffer.area.height as usize {
                continue;
            }
            let mut one = Buffer::empty(Rect::new(0, 0, buffer.area.width, 2));
            row(at, &mut one);
            let to = (at + 1) * width;
            buffer.content[to..to + width].clone_from_slice(&one.content[width..2 * width]);
            redrawn += 1;
        }
        self.count(0, redrawn);
        let buffer = Rc::new(buffer);
        entries.insert(0, (Key::Board(key), buffer.clone(), 0, true));
        buffer
    }
    /// A `width` × `height` drawing for `key`, made by `draw` only when not
    /// already kept.
    pub fn drawn(&self, key: Key, height: u16, draw: impl FnOnce(&mut Buffer)) -> Rc<Buffer> {
        let mut entries = self.entries.borrow_mut();
        if let Some(pos) = entries.iter().position(|(k, ..)| *k == key) {
            let entry = entries.remove(pos);
            let found = entry.1.clone();
            entries.insert(0, entry);
            return found;
        }
        let mut buffer = Buffer::empty(Rect::new(0, 0, key.width(), height));
        draw(&mut buffer);
        self.count(1, 0);
        let buffer = Rc::new(buffer);
        entries.insert(0, (key, buffer.clone(), 0, true));
        entries.truncate(KEEP);
        buffer
    }

    /// The wrapped text for `key`, made by `lines` only when not already
    /// kept, with at least its first `in_view` rows (see [`Memo::wrapped_marked`]).
    pub fn wrapped<'a>(
        &self,
        key: Key,
        in_view: usize,
        lines: impl FnOnce() -> Vec<Line<'a>>,
    ) -> Rc<Buffer> {
        self.wrapped_marked(key, in_view, || (lines(), 0)).0
    }

    /// As [`Memo::wrapped`], where `lines` also names one line (by index);
    /// returns the row that line starts on once wrapped. Only the lines
    /// that make the first `in_view` rows after that row are wrapped (a
    /// pane shows a window of its text; a long text is not wrapped whole
    /// to show its top): the text kept ends there, and is wrapped again,
    /// further, when more of it is asked for.
    pub fn wrapped_marked<'a>(
        &self,
        key: Key,
        in_view: usize,
        lines: impl FnOnce() -> (Vec<Line<'a>>, usize),
    ) -> (Rc<Buffer>, u16) {
        let mut entries = self.entries.borrow_mut();
        if let Some(pos) = entries.iter().position(|(k, ..)| *k == key) {
            let entry = entries.remove(pos);
            let (_, buffer, mark, whole) = &entry;
            if *whole || buffer.area.height as usize >= *mark as usize + in_view {
                let found = (buffer.clone(), *mark);
                entries.insert(0, entry);
                return found;
            }
        }
        self.count(1, 0);
        let (mut lines, mark) = lines();
        let mark_row = if mark == 0 {
            0
        } else {
            let before = lines.iter().take(mark).cloned().collect::<Vec<_>>();
            Paragraph::new(before)
                .wrap(Wrap { trim: false })
                .line_count(key.width())
                .min(u16::MAX as usize) as u16
        };
        let width = key.width().max(1) as usize;
        // The lines that surely fill the rows needed: a line of w columns
        // takes at least w/width rows, rounded up (wrapping at words only
        // adds rows), and each line is wrapped on its own.
        let needed = (mark_row as usize + in_view).min(MAX_ROWS);
        let mut least = 0;
        let taken = lines
            .iter()
            .position(|l| {
                least += l.width().div_ceil(width).max(1);
                least >= needed
            })
            .map_or(lines.len(), |last| last + 1);
        let whole = taken == lines.len();
        lines.truncate(taken);
        // Wrapping once: into a buffer surely tall enough (a line that fits
        // takes one row; a longer one of w columns at most 2w/width + 1),
        // then cut to the rows used. A tight bound matters: every row of
        // the buffer is made, styled and searched.
        let bound: usize = lines
            .iter()
            .map(|l| match l.width() {
                w if w <= width => 1,
                w => 2 * w / width + 1,
            })
            .sum::<usize>()
            .clamp(1, MAX_ROWS);
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let mut buffer = Buffer::empty(Rect::new(0, 0, key.width().max(1), bound as u16));
        paragraph.render(buffer.area, &mut buffer);
        let used = (0..buffer.area.height)
            .rev()
            .find(|&y| {
                (0..buffer.area.width).any(|x| buffer[(x, y)] != ratatui::buffer::Cell::EMPTY)
            })
            .map_or(1, |y| y + 1);
        // A text cut short keeps the blank rows it wrapped up to the rows
        // needed: the whole text has them there too.
        let used = if whole {
            used
        } else {
            used.max(needed.min(buffer.area.height as usize) as u16)
        };
        buffer.resize(Rect::new(0, 0, buffer.area.width, used));
        let buffer = Rc::new(buffer);
        entries.insert(0, (key, buffer.clone(), mark_row, whole));
        entries.truncate(KEEP);
        (buffer, mark_row)
    }
}

/// How many rows `now` shows scrolled from `was`: positive when the rows
/// moved up (the board scrolled down), if they overlap but moved.
fn scrolled_by(was: &BoardKey, now: &BoardKey) -> Option<isize> {
    let (first_was, first_now) = (was.rows.first()?.index, now.rows.first()?.index);
    let by = if let Some(at) = was.rows.iter().position(|r| r.index == first_now) {
        at as isize
    } else {
        -(now.rows.iter().position(|r| r.index == first_was)? as isize)
    };
    (by != 0).then_some(by)
}

/// Copies the rows of `text` from `scroll` on into `area` of `frame`.
pub fn show(text: &Buffer, scroll: u16, frame: &mut Buffer, area: Rect) {
    // Scrolling stops with the last line still in view.
    let scroll = scroll.min(text.area.height.saturating_sub(area.height.max(1)));
    let area = area.intersection(frame.area);
    let width = area.width.min(text.area.width) as usize;
    for y in 0..area.height {
        let source_row = scroll as usize + y as usize;
        if source_row >= text.area.height as usize {
            break;
        }
        // Row by row, not cell by cell: a frame copies thousands of cells.
        let from = source_row * text.area.width as usize;
        let to = frame.index_of(area.x, area.y + y);
        frame.content[to..to + width].clone_from_slice(&text.content[from..from + width]);
    }
}

/// Draws `block` around `area` as `Block::render` does on a cleared
/// frame, touching only its border: the inside, which the pane's text
/// covers, is not styled cell by cell on every frame.
pub fn border(block: &ratatui::widgets::Block, area: Rect, frame: &mut Buffer) {
    let area = area.intersection(frame.area);
    if area.height < 3 || area.width < 2 {
        block.render(area, frame);
        return;
    }
    // The top, one side row and the bottom, drawn at full width.
    let mut edges = Buffer::empty(Rect::new(0, 0, area.width, 3));
    block.render(edges.area, &mut edges);
    let w = area.width as usize;
    let top = frame.index_of(area.x, area.y);
    frame.content[top..top + w].clone_from_slice(&edges.content[..w]);
    let bottom = frame.index_of(area.x, area.bottom() - 1);
    frame.content[bottom..bottom + w].clone_from_slice(&edges.content[2 * w..3 * w]);
    for y in area.y + 1..area.bottom() - 1 {
        let row = frame.index_of(area.x, y);
        frame.content[row] = edges.content[w].clone();
        frame.content[row + w - 1] = edges.content[2 * w - 1].clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::Evidence(EvidenceKey {
            priority: "P1".into(),
            changed: 1,
            timer: (0, None),
            current: false,
            meeting: 0,
            width: 30,
            ticking: None,
        })
    }

    /// Long lines and blank ones, as an evidence pane has.
    fn text() -> Vec<Line<'static>> {
        (0..200)
            .map(|i| match i % 3 {
                0 => Line::from(""),
                _ => Line::from(format!(
                    "line {i} of a text long enough to wrap more than once here"
                )),
            })
            .collect()
    }

    fn rows(buffer: &Buffer, count: usize) -> Vec<Cell> {
        buffer.content[..count * buffer.area.width as usize].to_vec()
    }

    use ratatui::buffer::Cell;

    #[test]
    fn a_long_text_is_wrapped_only_as_far_as_the_rows_in_view() {
        let whole = Memo::default().wrapped(key(), usize::MAX / 2, text);
        let memo = Memo::default();
        let top = memo.wrapped(key(), 10, text);
        assert!(top.area.height >= 10 && top.area.height < whole.area.height / 4);
        assert_eq!(rows(&top, 10), rows(&whole, 10));
        // The same rows again: kept.
        memo.wrapped(key(), 10, text);
        assert_eq!(memo.work().panes, 1);
        // Further down: wrapped again, as far as asked, the same as whole.
        let further = memo.wrapped(key(), 300, text);
        assert_eq!(memo.work().panes, 2);
        assert!(further.area.height >= 300);
        assert_eq!(rows(&further, 300), rows(&whole, 300));
    }
}
