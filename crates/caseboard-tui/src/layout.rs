//! The screen's geometry: where each pane sits for a terminal of a given
//! size. Rendering draws into these areas; `update` uses the same numbers
//! for paging and for what a mouse click hits, so neither reaches into the
//! other.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

/// Below this the panes cannot be drawn legibly; we say so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the board sits beside the evidence instead of above it.
const WIDE: u16 = 120;

/// The browsing screen's panes, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The review's timeline of events.
    Timeline,
    Board,
    Evidence,
    Objections,
}

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
    // A review shows the timeline across the top, full width, so an
    // event's description can be read; the board and its panes below.
    let (timeline, body) = if review {
        let [timeline, rest] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        (Some(timeline), rest)
    } else {
        (None, body)
    };
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

/// Inside the board pane: the table, whose first row is its header, and
/// below that the rows the priorities take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardInside {
    pub table: Rect,
    pub rows: Rect,
}

/// The one place that knows the board pane's inner geometry: a border
/// all round, then the table's header row.
pub fn board_inside(board: Rect) -> BoardInside {
    let table = Block::bordered().inner(board);
    let rows = Rect {
        y: table.y.saturating_add(1),
        height: table.height.saturating_sub(1),
        ..table
    };
    BoardInside { table, rows }
}

/// How many priorities fit in the board pane for a terminal of this size.
pub fn board_rows_visible(size: (u16, u16)) -> usize {
    board_rows_visible_in(size, false)
}

/// As [`board_rows_visible`], in a review (where the timeline takes room).
pub fn board_rows_visible_in(size: (u16, u16), review: bool) -> usize {
    layout_in(Rect::new(0, 0, size.0, size.1), review)
        .map(|a| board_inside(a.board).rows.height as usize)
        .unwrap_or(1)
}

/// Inside the timeline pane: the rows of events, and below them (when
/// there is room) the chosen event in full, wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineInside {
    pub rows: Rect,
    pub detail: Option<Rect>,
}

/// Rows the chosen event's full text may take under the timeline.
const DETAIL_ROWS: u16 = 2;

/// The one place that knows the timeline pane's inner geometry.
pub fn timeline_inside(timeline: Rect) -> TimelineInside {
    let inner = Block::bordered().inner(timeline);
    if inner.height < 3 + DETAIL_ROWS {
        return TimelineInside {
            rows: inner,
            detail: None,
        };
    }
    let [rows, detail] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(DETAIL_ROWS)]).areas(inner);
    TimelineInside {
        rows,
        detail: Some(detail),
    }
}

/// How many events fit in a review's timeline pane.
pub fn timeline_rows_visible(size: (u16, u16)) -> usize {
    layout_in(Rect::new(0, 0, size.0, size.1), true)
        .and_then(|a| a.timeline)
        .map(|t| timeline_inside(t).rows.height as usize)
        .unwrap_or(1)
}

/// What is under a cell of the screen, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The n-th board row on screen (0 = the first below the header row).
    BoardRow(usize),
    Pane(Pane),
}

/// What is under a cell, in the browsing layout (`review` for a review's).
pub fn hit_in(size: (u16, u16), review: bool, column: u16, row: u16) -> Option<Hit> {
    let areas = layout_in(Rect::new(0, 0, size.0, size.1), review)?;
    let inside = |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
    if areas.timeline.is_some_and(inside) {
        return Some(Hit::Pane(Pane::Timeline));
    }
    if inside(areas.board) {
        let rows = board_inside(areas.board).rows;
        if row >= rows.y && row < rows.bottom() {
            return Some(Hit::BoardRow((row - rows.y) as usize));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(size: (u16, u16), column: u16, row: u16) -> Option<Hit> {
        hit_in(size, false, column, row)
    }

    #[test]
    fn clicks_land_on_board_rows_and_panes() {
        // 80×24: header row 0; board pane rows 1..11 with its border at 1 and table header at 2.
        assert_eq!(hit((80, 24), 10, 3), Some(Hit::BoardRow(0)));
        assert_eq!(hit((80, 24), 10, 5), Some(Hit::BoardRow(2)));
        assert_eq!(hit((80, 24), 10, 1), Some(Hit::Pane(Pane::Board)));
        assert_eq!(hit((80, 24), 5, 15), Some(Hit::Pane(Pane::Evidence)));
        assert_eq!(hit((80, 24), 70, 15), Some(Hit::Pane(Pane::Objections)));
        assert_eq!(hit((80, 24), 5, 0), None);
        assert_eq!(hit((40, 10), 5, 5), None, "too small: nothing to hit");
    }

    #[test]
    fn the_board_rows_are_below_the_border_and_the_table_header() {
        let inside = board_inside(Rect::new(0, 1, 80, 11));
        assert_eq!(inside.table, Rect::new(1, 2, 78, 9));
        assert_eq!(inside.rows, Rect::new(1, 3, 78, 8));
        assert_eq!(board_rows_visible((80, 24)), 8);
    }
}
