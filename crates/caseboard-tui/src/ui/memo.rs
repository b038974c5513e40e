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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub pane: &'static str,
    pub priority: String,
    /// The board's last event: any entry may change the text.
    pub seq: u64,
    pub width: u16,
    pub colour: bool,
    /// Anything else the text shows: the clock while a timer runs, the
    /// objection cursor, the focus, the first row on screen.
    pub extra: [i64; 3],
}

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
        let mut buffer = Buffer::empty(Rect::new(0, 0, key.width, height));
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
                .line_count(key.width)
                .min(u16::MAX as usize) as u16
        };
        // Wrapping once: into a buffer surely tall enough (a line of w
        // columns wraps to at most 2w/width + 1 rows), then cut to the rows used.
        let width = key.width.max(1) as usize;
        let bound: usize = lines
            .iter()
            .map(|l| 2 * l.width() / width + 1)
            .sum::<usize>()
            .clamp(1, MAX_ROWS);
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        let mut buffer = Buffer::empty(Rect::new(0, 0, key.width.max(1), bound as u16));
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
