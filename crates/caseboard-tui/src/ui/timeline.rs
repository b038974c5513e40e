//! The review's timeline: every event, oldest first; the board, evidence
//! and objections show the session as it stood at the one marked ▶.

use super::{filter_note, pane, Theme};
use crate::app::review::Review;
use caseboard_core::clock::hh_mm_ss;
use caseboard_core::text::{clean, display_line_cut};
use caseboard_core::Board;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    review: &Review,
    board: &Board,
    theme: &Theme,
    focused: bool,
) {
    let total = review.events().len();
    let shown = review.shown_len();
    let mut title = vec![Span::styled(
        format!(
            " Timeline: event {} of {shown} ",
            if shown == 0 { 0 } else { review.cursor + 1 }
        ),
        theme.heading,
    )];
    if !review.filter_text.is_empty() {
        title.push(filter_note(&review.filter_text, total, theme));
    }
    let block = pane(Line::from(title), focused, theme);
    let inside = crate::layout::timeline_inside(area);
    let rows_on_screen = inside.rows.height as usize;
    let wide = area.width >= 90;
    // The event at the cursor is always on screen: a review opens at the
    // last event, and a resize may leave the kept offset behind it.
    let offset = review
        .offset
        .min(review.cursor)
        .max((review.cursor + 1).saturating_sub(rows_on_screen.max(1)));
    let rows = review
        .shown()
        .enumerate()
        .skip(offset)
        .take(rows_on_screen)
        .map(|(i, e)| {
            let chosen = i == review.cursor;
            let mut cells = vec![
                Cell::from(if chosen { "▶" } else { " " }),
                Cell::from(format!("{:>5}", e.seq)),
                Cell::from(hh_mm_ss(e.at, board.zone())),
            ];
            if wide {
                cells.push(Cell::from(clean(&e.actor, 20)));
            }
            cells.push(Cell::from(e.body.kind().replace('_', " ")));
            cells.push(Cell::from(clean(e.body.priority().unwrap_or(""), 8)));
            cells.push(Cell::from(display_line_cut(&e.body.describe(board), 300)));
            let row = Row::new(cells);
            if chosen {
                row.style(theme.selected)
            } else {
                row
            }
        });
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(5),
        Constraint::Length(8),
    ];
    if wide {
        widths.push(Constraint::Length(14));
    }
    widths.extend([
        Constraint::Length(19),
        Constraint::Length(5),
        Constraint::Fill(1),
    ]);
    frame.render_widget(block, area);
    frame.render_widget(Table::new(rows, widths).column_spacing(1), inside.rows);
    // The chosen event in full: who recorded it and everything it says,
    // however narrow its column above.
    if let (Some(detail), Some(event)) = (inside.detail, review.at()) {
        let text = format!(
            "#{} {} · {} · {} {}· {}",
            event.seq,
            hh_mm_ss(event.at, board.zone()),
            clean(&event.actor, 40),
            event.body.kind().replace('_', " "),
            event
                .body
                .priority()
                .map(|p| format!("{} ", clean(p, 8)))
                .unwrap_or_default(),
            display_line_cut(&event.body.describe(board), 600)
        );
        // What does not fit the rows under the timeline ends in "…".
        let room = usize::from(detail.width) * usize::from(detail.height);
        let text = display_line_cut(&text, room.saturating_sub(detail.width as usize / 4));
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(text, theme.text))).wrap(Wrap { trim: true }),
            detail,
        );
    }
}
