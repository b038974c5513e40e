//! Forms and confirmations, drawn over the board.

use super::{centred, Theme};
use crate::app::keymap::{first_keys, prompt_line};
use crate::app::{Action, App, Confirm, Form, ModeClass, Value, View};
use caseboard_core::text::{display, display_line_cut};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthChar;

/// Lines a text area shows at most; longer text scrolls with the cursor.
const AREA_LINES: usize = 4;

/// The part of `text` from display column `skip`, at most `room` columns wide.
fn window(text: &str, skip: usize, room: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if col >= skip && col + w <= skip + room {
            out.push(c);
        }
        col += w;
    }
    out
}

fn width_of(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Draws a field's text, one line or several, and says where the cursor is.
fn text_lines(
    value: &str,
    cursor: usize,
    room: usize,
    multiline: bool,
    focused: bool,
) -> (Vec<String>, Option<(usize, usize)>) {
    let room = room.max(1);
    // Lines of the text as typed, each cleaned for display.
    let raw: Vec<&str> = if multiline {
        value.split('\n').collect()
    } else {
        vec![value]
    };
    let mut lines = Vec::new();
    let mut cursor_at = None;
    let mut seen = 0;
    for raw_line in raw.iter() {
        let len = raw_line.chars().count();
        let shown = caseboard_core::text::display_line(raw_line);
        let here = focused && cursor >= seen && cursor <= seen + len;
        if !multiline {
            if here {
                let before: String = shown.chars().take(cursor - seen).collect();
                let col = width_of(&before);
                let skip = col.saturating_sub(room.saturating_sub(1));
                cursor_at = Some((lines.len(), col - skip));
                lines.push(window(&shown, skip, room));
            } else {
                lines.push(window(&shown, 0, room));
            }
        } else {
            // Long text wraps within the box, so it can be read back whole.
            let mut row = String::new();
            let mut col = 0;
            for (i, c) in shown.chars().enumerate() {
                let w = c.width().unwrap_or(0);
                if col + w > room {
                    lines.push(std::mem::take(&mut row));
                    col = 0;
                }
                if here && i == cursor - seen {
                    cursor_at = Some((lines.len(), col));
                }
                row.push(c);
                col += w;
            }
            if here && cursor - seen == len {
                if col >= room {
                    lines.push(std::mem::take(&mut row));
                    col = 0;
                }
                cursor_at = Some((lines.len(), col));
            }
            lines.push(row);
        }
        seen += len + 1;
    }
    if !multiline {
        return (lines, cursor_at);
    }
    // Keep the cursor's line in view.
    let cursor_line = cursor_at
        .map(|(l, _)| l)
        .unwrap_or(lines.len().saturating_sub(1));
    let first = (cursor_line + 1).saturating_sub(AREA_LINES);
    let visible: Vec<String> = lines.into_iter().skip(first).take(AREA_LINES).collect();
    (visible, cursor_at.map(|(l, c)| (l - first, c)))
}

pub fn render_form(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(100);
    let room = width.saturating_sub(6) as usize;
    let mut lines = vec![Line::styled(
        display_line_cut(&form.title, 300),
        theme.heading,
    )];
    for about in &form.context {
        for part in super::wrap_words(&display_line_cut(about, 300), room + 4) {
            lines.push(Line::styled(part, theme.text));
        }
    }
    let mut cursor = None;
    // Long forms (attendance) show the fields around the focused one.
    let budget = (area.height.saturating_sub(8) as usize).max(3);
    let per_field = |f: &crate::app::Field| match f.value {
        Value::Area { .. } => 2 + AREA_LINES,
        Value::Text { .. } => 2,
        _ => 1,
    };
    let mut first = 0;
    while first < form.focus
        && form.fields[first..=form.focus]
            .iter()
            .map(per_field)
            .sum::<usize>()
            > budget
    {
        first += 1;
    }
    if first > 0 {
        lines.push(Line::styled(format!("  ↑ {first} more"), theme.dim));
    }
    let mut used = 0;
    let mut shown_until = first;
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        if used + per_field(field) > budget && i > form.focus {
            break;
        }
        used += per_field(field);
        shown_until = i + 1;
        let focused = i == form.focus;
        let marker = if focused { "▶ " } else { "  " };
        let label_style = if focused { theme.heading } else { theme.dim };
        let label = display_line_cut(&field.label, 200);
        match &field.value {
            Value::Text { value, cursor: at } | Value::Area { value, cursor: at } => {
                let multiline = matches!(field.value, Value::Area { .. });
                lines.push(Line::styled(format!("{marker}{label}"), label_style));
                let (text, at) = text_lines(value, *at, room, multiline, focused);
                let rows = if multiline { AREA_LINES } else { 1 };
                for r in 0..rows {
                    if let (Some((line, col)), true) = (at, focused) {
                        if line == r {
                            cursor = Some((lines.len(), 4 + col));
                        }
                    }
                    let t = text.get(r).cloned().unwrap_or_default();
                    lines.push(Line::from(vec![
                        Span::styled("  › ", theme.key),
                        Span::styled(t, theme.text),
                    ]));
                }
            }
            Value::Choice { options, index } => {
                let chosen = options.get(*index).map(|(_, l)| l.as_str()).unwrap_or("");
                let choice = format!("◂ {} ▸", display_line_cut(chosen, 120));
                // The answer must always show: the label gives way.
                let label_room = (room + 2).saturating_sub(width_of(&choice) + 4);
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(
                            "{marker}{}: ",
                            caseboard_core::text::fit(&label, label_room)
                        ),
                        label_style,
                    ),
                    Span::styled(choice, if focused { theme.key } else { theme.text }),
                ]));
            }
            Value::Toggle { on } => {
                let mark = if *on { "[x]" } else { "[ ]" };
                lines.push(Line::styled(
                    format!("{marker}{mark} {label}  (Space)"),
                    label_style,
                ));
            }
        }
    }
    if shown_until < form.fields.len() {
        lines.push(Line::styled(
            format!("  ↓ {} more", form.fields.len() - shown_until),
            theme.dim,
        ));
    }
    // What the form needs does not matter when it cannot be recorded.
    if let Some(guidance) = form.guidance().filter(|_| form.refusal.is_none()) {
        for part in super::wrap_words(guidance, room + 2) {
            lines.push(Line::styled(format!("  {part}"), theme.dim));
        }
    }
    // A refusal known when the form opened stays; a problem with what was
    // typed goes as soon as the typing changes.
    for problem in [&form.refusal, &form.error].into_iter().flatten() {
        for part in super::wrap_words(&format!("✗ {}", display_line_cut(problem, 400)), room + 4)
        {
            lines.push(Line::styled(part, theme.error));
        }
    }
    let in_form = ModeClass {
        view: View::Form,
        writable: false,
    };
    lines.push(if form.refusal.is_some() {
        let close = first_keys(in_form, |a| matches!(a, Action::Cancel));
        Line::styled(
            format!("Nothing typed here is recorded · {close} closes this form"),
            theme.warning,
        )
    } else {
        Line::styled(prompt_line(in_form), theme.dim)
    });
    let rect = centred(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(match form.refusal {
            Some(_) => Line::styled(
                format!(" {} · cannot be recorded ", form.heading()),
                theme.error,
            ),
            None => Line::styled(format!(" {} ", form.heading()), theme.heading),
        })
        .border_style(theme.border_focused);
    let inner = block.inner(rect);
    // No wrapping: every line is cut to fit, so the cursor stays where it is drawn.
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    if let Some((row, col)) = cursor {
        let x = inner.x + (col as u16).min(inner.width.saturating_sub(1));
        let y = inner.y + row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

pub fn render_confirm(frame: &mut Frame, area: Rect, app: &App, confirm: &Confirm, theme: &Theme) {
    let (title, mut lines) = match confirm {
        Confirm::OverObjections {
            priority,
            objections,
            ..
        } => {
            let name = app
                .board
                .spec(priority)
                .map(|p| p.title.as_str())
                .unwrap_or("");
            let mut lines = vec![
                Line::styled(
                    format!(
                        "{} · {}",
                        display_line_cut(priority, 16),
                        display_line_cut(name, 200)
                    ),
                    theme.heading,
                ),
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
                    .map(|o| display(&o.text))
                    .unwrap_or_default();
                lines.push(Line::raw(format!(
                    "  ⚑ {} {}",
                    display_line_cut(id, 16),
                    display_line_cut(&text, 200)
                )));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "Accept anyway? The record will note these objections as open.",
            ));
            (" Accept over open objections? ", lines)
        }
        Confirm::Quit { .. } => (
            " Quit? ",
            vec![Line::raw(
                "Quit caseboard? Everything recorded is already saved.",
            )],
        ),
    };
    let question = ModeClass {
        view: View::Confirm,
        writable: false,
    };
    lines.push(Line::styled(prompt_line(question), theme.dim));
    let width = area.width.saturating_sub(4).min(90);
    let rect = centred(area, width, lines.len() as u16 + 4);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::styled(title, theme.warning))
        .border_style(theme.border_focused);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
