//! The priority board: agenda order (or the filter's selection), one row a
//! priority. Only the rows on screen are built.

use super::{filter_note, pane, Theme};
use crate::app::{App, Mode};
use caseboard_core::clock::clock;
use caseboard_core::pack::PriorityKind;
use caseboard_core::text::clean;
use std::borrow::Cow;

const READY: [&str; 7] = ["0/6", "1/6", "2/6", "3/6", "4/6", "5/6", "6/6"];
use super::memo::{show, timer_key, BoardKey, Memo, RowKey};
use caseboard_core::Status;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, Widget};
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

/// A priority id cut to fit the header.
pub fn short_id(id: &str) -> String {
    clean(id, 8).into_owned()
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, memo: &Memo, focused: bool) {
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
    // In a review, `/` filters the timeline, not the board.
    if !app.filter_text.is_empty() || (filtering && app.review.is_none()) {
        title.push(filter_note(&app.filter_text, total, theme));
    }
    let block = pane(Line::from(title), focused, theme);
    let inside = crate::layout::board_inside(area);
    debug_assert_eq!(block.inner(area), inside.table);
    let inner = inside.table;
    super::memo::border(&block, area, frame.buffer_mut());
    let rows_on_screen = inside.rows.height as usize;
    let now = app.moment();
    let current = board.current().map(|p| p.id.as_str());
    let on_screen = || {
        app.visible()
            .iter()
            .skip(app.offset)
            .take(rows_on_screen)
            .filter_map(|&i| board.priorities().get(i))
    };
    // As wide as the longest id on screen, within reason.
    let id_width = on_screen()
        .map(|p| unicode_width::UnicodeWidthStr::width(p.id.as_str()))
        .max()
        .unwrap_or(2)
        .clamp(2, 8) as u16;
    // Each row changes with its priority (and, for the item under
    // discussion, its timer, and the clock while it runs); the rows on
    // screen with the filter, the scroll and the size.
    let clock = app.moment().timestamp();
    let rows: Vec<RowKey> = on_screen()
        .enumerate()
        .map(|(at, p)| RowKey {
            index: app.visible()[app.offset + at],
            changed: p.changed,
            current: (Some(p.id.as_str()) == current)
                .then(|| (timer_key(&p.timer), p.timer.is_running().then_some(clock))),
        })
        .collect();
    let key = BoardKey {
        rows,
        width: inner.width,
        height: inner.height,
        id_width,
    };
    let table = memo.board_rows(
        key,
        |buffer| {
            rows_table(
                app,
                theme,
                inner.width,
                0,
                rows_on_screen,
                id_width,
                now,
                current,
            )
            .render(buffer.area, buffer)
        },
        |at, buffer| {
            rows_table(app, theme, inner.width, at, 1, id_width, now, current)
                .render(buffer.area, buffer)
        },
    );
    show(&table, 0, frame.buffer_mut(), inner);
    // The selection, drawn over the kept rows: the marker and the id only,
    // so moving it redraws a few cells, not two whole rows.
    if !app.visible().is_empty()
        && app.selected >= app.offset
        && app.selected < app.offset + rows_on_screen
    {
        let y = inside.rows.y + (app.selected - app.offset) as u16;
        let buffer = frame.buffer_mut();
        if let Some(cell) = buffer.cell_mut((inner.x, y)) {
            cell.set_symbol("▶");
        }
        for x in inner.x..(inner.x + 3 + id_width).min(inner.right()) {
            if let Some(cell) = buffer.cell_mut((x, y)) {
                cell.set_style(theme.selected);
            }
        }
    }
}

/// `count` rows from the `first` on screen as a table, without the selection.
#[allow(clippy::too_many_arguments)]
fn rows_table<'a>(
    app: &'a App,
    theme: &Theme,
    width: u16,
    first: usize,
    count: usize,
    id_width: u16,
    now: chrono::DateTime<chrono::Utc>,
    current: Option<&'a str>,
) -> Table<'a> {
    let board = &app.board;
    let wide = width >= 88;
    let widest = width >= 108;
    let rows = app
        .visible()
        .iter()
        .skip(app.offset + first)
        .take(count)
        .filter_map(|&i| {
            let p = board.priorities().get(i)?;
            let spec = board.spec(&p.id);
            let title = spec.map(|s| s.title.as_str()).unwrap_or("");
            let status = p.status.label(p.kind);
            let objections: Cow<'static, str> = match p.open_objections {
                0 => Cow::Borrowed(""),
                n => Cow::Owned(format!("⚑{n}")),
            };
            let kind = match p.kind {
                PriorityKind::Designated => "des",
                PriorityKind::Statutory => "stat",
            };
            let is_current = current == Some(p.id.as_str());
            // ● marks the item under discussion (▶, the selection, is drawn
            // over the rows): symbols, not colour.
            let marks = if is_current { " ●" } else { "  " };
            let mut title_cell = clean(title, 120);
            if is_current {
                title_cell = Cow::Owned(format!("{title_cell} ◷{}", clock(p.timer.elapsed(now))));
            }
            let mut cells = vec![
                Cell::from(marks),
                Cell::from(clean(&p.id, 8)),
                Cell::from(title_cell),
            ];
            if wide {
                cells.push(Cell::from(kind));
                let theme_name = spec
                    .and_then(|s| s.themes.first())
                    .and_then(|t| board.theme(t))
                    .map(|t| clean(&t.name, 14))
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
                    Cow::Owned(format!("{yes}/6 ✗{no}"))
                } else {
                    Cow::Borrowed(READY[yes.min(6)])
                };
                cells.push(Cell::from(ready));
                cells.push(Cell::from(p.agreement_mark()));
            }
            Some(Row::new(cells))
        });
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
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.heading))
        .column_spacing(1)
}
