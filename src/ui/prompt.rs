//! The decision form and the confirmation over open objections.

use super::{centred, Theme};
use crate::app::{App, DecisionPrompt, Field};
use crate::domain::text::display_line_cut;
use crate::domain::Outcome;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

fn title_of(app: &App, priority: &str) -> String {
    let title = app
        .board
        .pack()
        .priority(priority)
        .map(|p| p.title.as_str())
        .unwrap_or("");
    format!(
        "{} · {}",
        display_line_cut(priority, 16),
        display_line_cut(title, 200)
    )
}

pub fn render_decision(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    prompt: &DecisionPrompt,
    theme: &Theme,
) {
    let verb = match prompt.outcome {
        Outcome::Accept => "Accept",
        Outcome::Reject => "Reject",
        Outcome::Defer => "Defer",
    };
    let width = area.width.saturating_sub(4).min(90);
    let inner_width = width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::styled(title_of(app, &prompt.priority), theme.heading),
        Line::raw(""),
    ];
    let mut cursor = None;
    for (i, field) in prompt.fields.iter().enumerate() {
        let focused = i == prompt.focus;
        let marker = if focused { "▶ " } else { "  " };
        match field {
            Field::Text {
                label,
                value,
                cursor: at,
            } => {
                lines.push(Line::styled(
                    format!("{marker}{label}"),
                    if focused { theme.heading } else { theme.dim },
                ));
                // Show the end of long text so the cursor stays in view.
                let shown = display_line_cut(value, 20_000);
                let before: String = shown.chars().take(*at).collect();
                let room = inner_width.saturating_sub(4);
                let skip = before.width().saturating_sub(room);
                let visible = window(&shown, skip, room);
                if focused {
                    cursor = Some((lines.len(), 4 + before.width() - skip.min(before.width())));
                }
                lines.push(Line::from(vec![
                    Span::raw("    "),
                    Span::styled(visible, theme.text),
                ]));
            }
            Field::Toggle { label, on } => {
                let mark = if *on { "[x]" } else { "[ ]" };
                lines.push(Line::styled(
                    format!("{marker}{mark} {label}  (Space toggles)"),
                    if focused { theme.heading } else { theme.dim },
                ));
            }
        }
    }
    if prompt.outcome != Outcome::Accept {
        lines.push(Line::styled("  A rationale is required.", theme.dim));
    }
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(
            format!("✗ {}", display_line_cut(error, 400)),
            theme.error,
        ));
    }
    lines.push(Line::styled(
        "Enter records · Tab next field · Esc cancels",
        theme.dim,
    ));
    let height = lines.len() as u16 + 4;
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {verb} "), theme.heading))
        .border_style(theme.border_focused);
    let inner = block.inner(rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
    if let Some((row, col)) = cursor {
        let x = inner.x + (col as u16).min(inner.width.saturating_sub(1));
        let y = inner.y + row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

pub fn render_confirm(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    priority: &str,
    objections: &[String],
    theme: &Theme,
) {
    let mut lines = vec![
        Line::styled(title_of(app, priority), theme.heading),
        Line::raw(""),
        Line::styled(
            format!(
                "{} objection{} still open:",
                objections.len(),
                if objections.len() == 1 {
                    " is"
                } else {
                    "s are"
                }
            ),
            theme.warning,
        ),
    ];
    for id in objections {
        let text = app
            .board
            .objection(id)
            .map(|o| display_line_cut(&o.text, 200))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "  ⚑ {} {text}",
            display_line_cut(id, 16)
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "Accept anyway? The record will note these objections as open.",
    ));
    lines.push(Line::styled("y records · n or Esc goes back", theme.dim));
    let width = area.width.saturating_sub(4).min(90);
    let rect = centred(area, width, lines.len() as u16 + 4);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::styled(
            " Accept over open objections? ",
            theme.warning,
        ))
        .border_style(theme.border_focused);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}

/// The part of `text` from display column `skip`, at most `room` columns wide.
fn window(text: &str, skip: usize, room: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if col >= skip && col + w <= skip + room {
            out.push(c);
        }
        col += w;
    }
    out
}
