//! The priority board: agenda order, one row a priority.

use super::{pane, Theme};
use crate::app::{status_label, App};
use crate::domain::pack::PriorityKind;
use crate::domain::text::display_line_cut;
use crate::domain::Status;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

pub fn status_style(status: &Status, theme: &Theme) -> Style {
    match status {
        Status::Undecided => theme.undecided,
        Status::Accepted { .. } => theme.accepted,
        Status::Rejected => theme.rejected,
        Status::KeptLocal => theme.local,
        Status::Deferred => theme.deferred,
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, focused: bool) {
    let board = &app.board;
    let total = board.priorities().len();
    let title = format!(
        " Priorities {} of {} ",
        (app.selected + 1).min(total),
        total
    );
    let block = pane(Line::styled(title, theme.heading), focused, theme);
    let inner_height = area.height.saturating_sub(3) as usize;
    let wide = area.width >= 90;
    let pack = board.pack();
    // Only the visible rows are built: a board of 500 costs what a board of 20 does.
    let rows = board
        .priorities()
        .iter()
        .enumerate()
        .skip(app.offset)
        .take(inner_height)
        .map(|(i, p)| {
            let selected = i == app.selected;
            let spec = pack.priority(&p.id);
            let title = spec.map(|s| s.title.as_str()).unwrap_or("");
            let (symbol, word) = status_label(&p.status);
            let status = match &p.status {
                Status::Accepted { target: None } if p.kind == PriorityKind::Designated => {
                    format!("{symbol} {word}*")
                }
                _ => format!("{symbol} {word}"),
            };
            let objections = if p.open_objections > 0 {
                format!("⚑{}", p.open_objections)
            } else {
                String::new()
            };
            let kind = match p.kind {
                PriorityKind::Designated => "des",
                PriorityKind::Statutory => "stat",
            };
            let mut cells = vec![
                Cell::from(if selected { "▶" } else { " " }),
                Cell::from(display_line_cut(&p.id, 8)),
                Cell::from(display_line_cut(title, 120)),
                Cell::from(kind),
            ];
            if wide {
                let theme_name = spec
                    .and_then(|s| s.themes.first())
                    .and_then(|t| pack.theme(t))
                    .map(|t| display_line_cut(&t.name, 14))
                    .unwrap_or_default();
                cells.push(Cell::from(theme_name));
            }
            cells.push(Cell::from(Span::styled(
                status,
                status_style(&p.status, theme),
            )));
            cells.push(Cell::from(objections));
            let row = Row::new(cells);
            if selected {
                row.style(theme.selected)
            } else {
                row
            }
        });
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(4),
    ];
    let mut header = vec!["", "id", "priority", "kind"];
    if wide {
        widths.push(Constraint::Length(14));
        header.push("theme");
    }
    widths.extend([Constraint::Length(11), Constraint::Length(3)]);
    header.extend(["status", "obj"]);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.heading))
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}
