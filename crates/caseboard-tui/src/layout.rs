//! The screen's geometry: where each pane sits for a terminal of a given
//! size. Rendering draws into these areas; `update` uses the same numbers
//! for paging and for what a mouse click hits, so neither reaches into the
//! other.

use crate::app::Pane;
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the panes cannot be drawn legibly; we say so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the board sits beside the evidence instead of above it.
const WIDE: u16 = 120;

pub struct Areas {
    pub header: Rect,
    /// Only in a review.
    pub timeline: Option<Rect>,
    pub board: Rect,
    pub evidence: Rect,
    pub objections: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn layout_in(area: Rect, review: bool) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (board, evidence, objections) = if area.width >= WIDE {
        let [board, side] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        let [evidence, objections] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(side);
        (board, evidence, objections)
    } else {
        let [board, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
        let [evidence, objections] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(bottom);
        (board, evidence, objections)
    };
    // A review shows the timeline above the board, in the board's place.
    let (timeline, board) = if review {
        let [timeline, board] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(board);
        (Some(timeline), board)
    } else {
        (None, board)
    };
    Some(Areas {
        header,
        timeline,
        board,
        evidence,
        objections,
        status,
        footer,
    })
}

/// How many priorities fit in the board pane for a terminal of this size.
pub fn board_rows_visible(size: (u16, u16)) -> usize {
    board_rows_visible_in(size, false)
}

/// As [`board_rows_visible`], in a review (where the timeline takes room).
pub fn board_rows_visible_in(size: (u16, u16), review: bool) -> usize {
    layout_in(Rect::new(0, 0, size.0, size.1), review)
        .map(|a| a.board.height.saturating_sub(3) as usize)
        .unwrap_or(1)
}

/// How many events fit in a review's timeline pane.
pub fn timeline_rows_visible(size: (u16, u16)) -> usize {
    layout_in(Rect::new(0, 0, size.0, size.1), true)
        .and_then(|a| a.timeline)
        .map(|t| t.height.saturating_sub(2) as usize)
        .unwrap_or(1)
}

/// What is under a cell of the screen, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The n-th board row on screen (0 = the first below the header row).
    BoardRow(usize),
    Pane(Pane),
}

pub fn hit(size: (u16, u16), column: u16, row: u16) -> Option<Hit> {
    hit_in(size, false, column, row)
}

/// As [`hit`], in a review's layout.
pub fn hit_in(size: (u16, u16), review: bool, column: u16, row: u16) -> Option<Hit> {
    let areas = layout_in(Rect::new(0, 0, size.0, size.1), review)?;
    let inside = |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
    if areas.timeline.is_some_and(inside) {
        return Some(Hit::Pane(Pane::Timeline));
    }
    if inside(areas.board) {
        // Border, then the table's header row, then the priorities.
        let first = areas.board.y + 2;
        let last = areas.board.bottom().saturating_sub(1);
        if row >= first && row < last {
            return Some(Hit::BoardRow((row - first) as usize));
        }
        return Some(Hit::Pane(Pane::Board));
    }
    if inside(areas.evidence) {
        return Some(Hit::Pane(Pane::Evidence));
    }
    if inside(areas.objections) {
        return Some(Hit::Pane(Pane::Objections));
    }
    None
}
