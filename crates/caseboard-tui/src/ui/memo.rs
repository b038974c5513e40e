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
    /// Each row on screen: the priority's place on the board and the seq of
    /// its last change. The filter and the scroll decide which rows these are.
    pub rows: Vec<(usize, u64)>,
    /// The item under discussion, when on screen, with its timer: its row
    /// shows the time spent, and another item's start stops that timer.
    pub current: Option<(usize, TimerKey)>,
    pub width: u16,
    pub height: u16,
    /// The clock, while the item under discussion is on screen with its
    /// timer running.
    pub ticking: Option<i64>,
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

/// Behind a `RefCell` because drawing takes the [`super::Screen`] by shared
/// reference: what is kept changes no frame, only how long it takes.
#[derive(Default)]
pub struct Memo {
    /// Each pane's wrapped text and the row its marked line starts on.
    entries: RefCell<Vec<(Key, Rc<Buffer>, u16)>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} panes)", self.entries.borrow().len())
    }
}

impl Memo {
    /// A `width` × `height` drawing for `key`, made by `draw` only when not
    /// already kept.
    pub fn drawn(&self, key: Key, height: u16, draw: impl FnOnce(&mut Buffer)) -> Rc<Buffer> {
        let mut entries = self.entries.borrow_mut();
        if let Some(pos) = entries.iter().position(|(k, _, _)| *k == key) {
            let entry = entries.remove(pos);
            let found = entry.1.clone();
            entries.insert(0, entry);
            return found;
        }
        let mut buffer = Buffer::empty(Rect::new(0, 0, key.width(), height));
        draw(&mut buffer);
        let buffer = Rc::new(buffer);
        entries.insert(0, (key, buffer.clone(), 0));
        entries.truncate(KEEP);
        buffer
    }

    /// The wrapped text for `key`, made by `lines` only when not already kept.
    pub fn wrapped<'a>(&self, key: Key, lines: impl FnOnce() -> Vec<Line<'a>>) -> Rc<Buffer> {
        self.wrapped_marked(key, || (lines(), 0)).0
    }

    /// As [`Memo::wrapped`], where `lines` also names one line (by index);
    /// returns the row that line starts on once wrapped.
    pub fn wrapped_marked<'a>(
        &self,
        key: Key,
        lines: impl FnOnce() -> (Vec<Line<'a>>, usize),
    ) -> (Rc<Buffer>, u16) {
        let mut entries = self.entries.borrow_mut();
        if let Some(pos) = entries.iter().position(|(k, _, _)| *k == key) {
            let entry = entries.remove(pos);
            let found = (entry.1.clone(), entry.2);
            entries.insert(0, entry);
            return found;
        }
        let (lines, mark) = lines();
        let mark_row = if mark == 0 {
            0
        } else {
            let before = lines.iter().take(mark).cloned().collect::<Vec<_>>();
            Paragraph::new(before)
                .wrap(Wrap { trim: false })
                .line_count(key.width())
                .min(u16::MAX as usize) as u16
        };
        // Wrapping once: into a buffer surely tall enough (a line of w
        // columns wraps to at most 2w/width + 1 rows), then cut to the rows used.
        let width = key.width().max(1) as usize;
        let bound: usize = lines
            .iter()
            .map(|l| 2 * l.width() / width + 1)
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
        buffer.resize(Rect::new(0, 0, buffer.area.width, used));
        let buffer = Rc::new(buffer);
        entries.insert(0, (key, buffer.clone(), mark_row));
        entries.truncate(KEEP);
        (buffer, mark_row)
    }
}

/// Copies the rows of `text` from `scroll` on into `area` of `frame`.
pub fn show(text: &Buffer, scroll: u16, frame: &mut Buffer, area: Rect) {
    // Scrolling stops with the last line still in view.
    let scroll = scroll.min(text.area.height.saturating_sub(area.height.max(1)));
    for y in 0..area.height {
        let source_row = scroll as u32 + y as u32;
        if source_row >= text.area.height as u32 {
            break;
        }
        for x in 0..area.width.min(text.area.width) {
            if let (Some(from), Some(to)) = (
                text.cell((x, source_row as u16)),
                frame.cell_mut((area.x + x, area.y + y)),
            ) {
                *to = from.clone();
            }
        }
    }
}
