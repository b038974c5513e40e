//! The objections raised against the selected priority, open ones first.

use super::memo::{show, Key, Memo, ObjectionsKey};
use super::{pane, Theme};
use crate::app::App;
use caseboard_core::text::{display, display_line, display_line_cut};
use caseboard_core::ObjectionState;
use caseboard_core::ObjectionStatus;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, memo: &Memo, focused: bool) {
    let shown = app.objections_in_view();
    let open = shown
        .iter()
        .filter(|o| o.status == ObjectionStatus::Open)
        .count();
    let title = format!(" Objections: {open} open of {} ", shown.len());
    let block = pane(Line::styled(title, theme.heading), focused, theme);
    if shown.is_empty() {
        let text = if app.selected_priority().is_some() {
            "None raised."
        } else {
            ""
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.dim)).block(block),
            area,
        );
        return;
    }
    let inner = block.inner(area);
    super::memo::border(&block, area, frame.buffer_mut());
    let selected = app.selected_priority();
    let key = Key::Objections(ObjectionsKey {
        priority: selected.map(|p| p.id.clone()).unwrap_or_default(),
        changed: selected.map_or(0, |p| p.changed),
        width: inner.width,
        cursor: focused.then_some(app.objection_cursor),
    });
    // The chosen objection's row and the pane's height below it cover
    // every row the pane can show.
    let (text, cursor_row) = memo.wrapped_marked(key, inner.height as usize, || {
        let (lines, mark) = lines(app, &shown, theme, focused, inner.width);
        // Breaking lines before the mark moves it down by as many lines.
        let before = super::break_lines(lines[..mark].to_vec()).len();
        (super::break_lines(lines), before)
    });
    // Keep the chosen objection in view.
    let scroll = cursor_row.saturating_sub(inner.height.saturating_sub(3));
    show(&text, scroll, frame.buffer_mut(), inner);
}

/// The objections as lines, and the index of the chosen one's first line.
fn lines<'a>(
    app: &App,
    shown: &[&'a ObjectionState],
    theme: &Theme,
    focused: bool,
    width: u16,
) -> (Vec<Line<'a>>, usize) {
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    for (i, o) in shown.iter().enumerate() {
        let (symbol, style) = match o.status {
            ObjectionStatus::Open => ("⚑", theme.warning),
            ObjectionStatus::Resolved { .. } => ("✓", theme.dim),
            ObjectionStatus::Withdrawn { .. } => ("–", theme.dim),
        };
        let who = o
            .raised_by
            .as_deref()
            .map(|id| match app.board.attendee(id) {
                Some(a) => format!(
                    "{} ({}, {})",
                    display_line_cut(&a.name, 60),
                    display_line_cut(&a.organisation, 60),
                    a.tier.as_str()
                ),
                None => display_line_cut(id, 64),
            })
            .unwrap_or_else(|| "unattributed".to_string());
        let chosen = focused && i == app.objection_cursor;
        if chosen {
            cursor_line = lines.len();
        }
        let head_style = if chosen {
            style.patch(theme.selected)
        } else {
            style
        };
        // One style for the whole line: fewer colour changes to send.
        lines.push(Line::styled(
            format!(
                "{}{symbol} {} {} · {} · {who}",
                if chosen { "▶" } else { "" },
                display_line_cut(&o.id, 16),
                o.status.word(),
                o.kind.phrase(),
            ),
            head_style,
        ));
        if o.status != ObjectionStatus::Open && !chosen {
            // A settled objection's text takes one line; select it to read it whole.
            let width = width.saturating_sub(2) as usize;
            let text = caseboard_core::text::fit(&format!("  {}", display_line(&o.text)), width);
            lines.push(Line::styled(text, theme.dim));
            continue;
        }
        lines.push(Line::styled(format!("  {}", display(&o.text)), theme.text));
        if let Some(words) = app.board.alternative_words(o) {
            lines.push(Line::styled(
                format!("  Proposes instead: {}", display_line_cut(&words, 160)),
                theme.key,
            ));
        }
        if let Some(note) = o.status.note().filter(|n| !n.is_empty()) {
            lines.push(Line::styled(
                format!("  Note: {}", display(note)),
                theme.dim,
            ));
        }
    }
    (lines, cursor_line)
}
