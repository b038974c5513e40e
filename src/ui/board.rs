//! The priority board: agenda order (or the filter's selection), one row a
//! priority. Only the rows on screen are built.

use super::{pane, Theme};
use crate::app::{status_label, App, Mode};
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

/// `mm:ss`, or `h:mm:ss` past the hour.
pub fn clock(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, focused: bool) {
    let board = &app.board;
    let total = board.priorities().len();
    let shown = app.visible().len();
    let mut title = vec![Span::styled(
        format!(
            " Priorities {} of {shown} ",
            if shown == 0 { 0 } else { app.selected + 1 }
        ),
        theme.heading,
    )];
    let filtering = matches!(app.mode, Mode::Filter { .. });
    if !app.filter_text.is_empty() || filtering {
        title.push(Span::styled(
            format!(
                "· filter \"{}\" ({total} in all) ",
                display_line_cut(&app.filter_text, 40)
            ),
            theme.warning,
        ));
    }
    let block = pane(Line::from(title), focused, theme);
    let rows_on_screen = area.height.saturating_sub(3) as usize;
    let wide = area.width >= 90;
    let widest = area.width >= 110;
    let now = app.now.with_timezone(&chrono::Utc);
    let current = board.current().map(|p| p.id.as_str());
    let rows = app
        .visible()
        .iter()
        .enumerate()
        .skip(app.offset)
        .take(rows_on_screen)
        .filter_map(|(row, &i)| {
            let p = board.priorities().get(i)?;
            let selected = row == app.selected;
            let spec = board.spec(&p.id);
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
            // ▶ marks the selection, ● the item under discussion: symbols, not colour.
            let marks = format!(
                "{}{}",
                if selected { "▶" } else { " " },
                if current == Some(p.id.as_str()) {
                    "●"
                } else {
                    " "
                }
            );
            let mut title_cell = display_line_cut(title, 120);
            if current == Some(p.id.as_str()) {
                title_cell = format!("{title_cell} ⏱{}", clock(p.timer.elapsed(now)));
            }
            let mut cells = vec![
                // Only the marker and id show the selection: moving it then
                // redraws a few cells, not two whole rows.
                Cell::from(marks).style(if selected {
                    theme.selected
                } else {
                    Style::new()
                }),
                Cell::from(display_line_cut(&p.id, 8)).style(if selected {
                    theme.selected
                } else {
                    Style::new()
                }),
                Cell::from(title_cell),
            ];
            if wide {
                cells.push(Cell::from(kind));
                let theme_name = spec
                    .and_then(|s| s.themes.first())
                    .and_then(|t| board.theme(t))
                    .map(|t| display_line_cut(&t.name, 14))
                    .unwrap_or_default();
                cells.push(Cell::from(theme_name));
            }
            cells.push(Cell::from(Span::styled(
                status,
                status_style(&p.status, theme),
            )));
            cells.push(Cell::from(objections));
            if widest {
                let (yes, no) = p.readiness();
                let ready = if no > 0 {
                    format!("{yes}/6 ✗{no}")
                } else {
                    format!("{yes}/6")
                };
                cells.push(Cell::from(ready));
                cells.push(Cell::from(p.agreement_mark()));
            }
            Some(Row::new(cells))
        });
    // As wide as the longest id on screen, within reason.
    let id_width = app
        .visible()
        .iter()
        .skip(app.offset)
        .take(rows_on_screen)
        .filter_map(|&i| board.priorities().get(i))
        .map(|p| unicode_width::UnicodeWidthStr::width(p.id.as_str()))
        .max()
        .unwrap_or(2)
        .clamp(2, 8) as u16;
    let mut widths = vec![
        Constraint::Length(2),
        Constraint::Length(id_width),
        Constraint::Fill(1),
    ];
    let mut header = vec!["", "id", "priority"];
    if wide {
        widths.extend([Constraint::Length(4), Constraint::Length(14)]);
        header.extend(["kind", "theme"]);
    }
    widths.extend([Constraint::Length(11), Constraint::Length(3)]);
    header.extend(["status", "obj"]);
    if widest {
        widths.extend([Constraint::Length(7), Constraint::Length(8)]);
        header.extend(["ready", "tiers"]);
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.heading))
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}
