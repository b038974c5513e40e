//! The objections raised against the selected priority.

use super::{pane, Theme};
use crate::app::App;
use crate::domain::text::{display, display_line_cut};
use crate::domain::ObjectionStatus;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, focused: bool) {
    let Some(state) = app.selected_priority() else {
        frame.render_widget(
            Paragraph::new("").block(pane(" Objections ", focused, theme)),
            area,
        );
        return;
    };
    let board = &app.board;
    let pack = board.pack();
    let all: Vec<_> = board.objections_for(&state.id).collect();
    let open = all
        .iter()
        .filter(|o| o.status == ObjectionStatus::Open)
        .count();
    let title = format!(" Objections: {open} open of {} ", all.len());
    let block = pane(Line::styled(title, theme.heading), focused, theme);
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("None raised.", theme.dim)).block(block),
            area,
        );
        return;
    }
    let mut lines = Vec::new();
    // Open objections first: they are what the room must deal with.
    let ordered = all
        .iter()
        .filter(|o| o.status == ObjectionStatus::Open)
        .chain(all.iter().filter(|o| o.status != ObjectionStatus::Open));
    for o in ordered {
        let (symbol, style) = match o.status {
            ObjectionStatus::Open => ("⚑", theme.warning),
            ObjectionStatus::Resolved { .. } => ("✓", theme.dim),
            ObjectionStatus::Withdrawn { .. } => ("–", theme.dim),
        };
        let who = o
            .raised_by
            .as_deref()
            .map(|id| match pack.attendee(id) {
                Some(a) => format!(
                    "{} ({}, {})",
                    display_line_cut(&a.name, 60),
                    display_line_cut(&a.organisation, 60),
                    a.tier.as_str()
                ),
                None => display_line_cut(id, 64),
            })
            .unwrap_or_else(|| "unattributed".to_string());
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{symbol} {} {}",
                    display_line_cut(&o.id, 16),
                    o.status.word()
                ),
                style,
            ),
            Span::styled(
                format!(" · {} · ", o.kind.as_str().replace('_', " ")),
                theme.dim,
            ),
            Span::raw(who),
        ]));
        let text_style = if o.status == ObjectionStatus::Open {
            theme.text
        } else {
            theme.dim
        };
        lines.push(Line::styled(format!("  {}", display(&o.text)), text_style));
        if let Some(alt) = &o.alternative {
            let title = pack
                .indicator(alt)
                .map(|i| display_line_cut(&i.title, 120))
                .unwrap_or_default();
            lines.push(Line::styled(
                format!("  Proposes instead: {} {title}", display_line_cut(alt, 32)),
                theme.key,
            ));
        }
        if let ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } = &o.status
        {
            if !note.is_empty() {
                lines.push(Line::styled(
                    format!("  Note: {}", display(note)),
                    theme.dim,
                ));
            }
        }
    }
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((app.objections_scroll, 0));
    frame.render_widget(paragraph, area);
}
