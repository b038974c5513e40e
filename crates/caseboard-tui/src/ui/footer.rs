//! The two bottom lines: the filter being typed or the last message, and
//! the keys that work now.

use super::Theme;
use crate::app::keymap::bindings_for;
use crate::app::{App, Mode, Tone};
use caseboard_core::text::display_line_cut;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn render_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if let Mode::Filter { cursor, timeline } = app.mode {
        let (typed, shown, guide) = match (&app.review, timeline) {
            (Some(review), true) => (
                review.filter_text.as_str(),
                review.shown_len(),
                "events shown · words match kind, priority, actor, text; kind:, priority:, actor: narrow",
            ),
            _ => (
                app.filter_text.as_str(),
                app.visible().len(),
                "shown · words match id, title, theme, status, kind; status:, kind:, theme: narrow",
            ),
        };
        let text = caseboard_core::text::display_line(typed);
        let before: String = text.chars().take(cursor).collect();
        let line = Line::from(vec![
            Span::styled(" / ", theme.key),
            Span::raw(text.clone()),
            Span::styled(format!("   {shown} {guide}"), theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let x = area.x + 3 + before.width() as u16;
        if x < area.right() {
            frame.set_cursor_position(Position::new(x, area.y));
        }
        return;
    }
    let line = match &app.flash {
        // With nothing else to say, the status line says it whole.
        None if app.untrusted.is_some() => Line::styled(
            format!(
                " ✗ RECORD NOT TRUSTED: {} · nothing can be recorded",
                display_line_cut(app.untrusted.as_deref().unwrap_or_default(), 1000)
            ),
            theme.error,
        ),
        Some(flash) => {
            let (mark, style) = match flash.tone {
                Tone::Info => ("ℹ", theme.text),
                Tone::Success => ("✓", theme.success),
                Tone::Warning => ("!", theme.warning),
                Tone::Error => ("✗", theme.error),
            };
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::styled(display_line_cut(&flash.text, 1000), style),
            ])
        }
        None => Line::styled(
            format!(
                " {} · {}",
                display_line_cut(&app.source, 200),
                if app.review.is_some() {
                    "read-only review: nothing here changes the file".to_string()
                } else if app.read_only {
                    "read-only, following live".to_string()
                } else {
                    format!("recording as {}", display_line_cut(&app.actor, 60))
                }
            ),
            theme.dim,
        ),
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub fn render_hints(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // As many hints as fit, whole; help and quit always show, at the end.
    // A view that cannot record does not offer the keys that would, nor
    // does a form that cannot.
    let refused_form = matches!(&app.mode, Mode::Form(f) if f.refusal.is_some());
    let hints: Vec<_> = bindings_for(app.mode_class())
        .filter(|b| b.hint.is_some() && (app.can_record() || !b.records()))
        .filter(|b| !(refused_form && matches!(b.action, crate::app::Action::Submit)))
        .collect();
    let kept: Vec<usize> = hints
        .iter()
        .enumerate()
        .filter(|(_, b)| b.pinned)
        .map(|(i, _)| i)
        .collect();
    let width_of = |b: &crate::app::keymap::Binding| {
        b.label().width() + 1 + b.hint.map_or(0, |h| h.width()) + 2
    };
    let reserved: usize = kept.iter().map(|&i| width_of(hints[i])).sum();
    let mut room = (area.width as usize).saturating_sub(1 + reserved);
    let mut spans = vec![Span::raw(" ")];
    for (i, b) in hints.iter().enumerate() {
        if kept.contains(&i) {
            continue;
        }
        let w = width_of(b);
        if w > room {
            break;
        }
        room -= w;
        spans.push(Span::styled(b.label(), theme.key));
        spans.push(Span::raw(format!(" {}  ", b.hint.unwrap_or(""))));
    }
    for &i in &kept {
        spans.push(Span::styled(hints[i].label(), theme.key));
        spans.push(Span::raw(format!(" {}  ", hints[i].hint.unwrap_or(""))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
