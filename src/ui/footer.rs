//! The two bottom lines: the last message, and the keys that work now.

use super::Theme;
use crate::app::keymap::bindings_for;
use crate::app::{App, Tone};
use crate::domain::text::display_line_cut;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let line = match &app.flash {
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
                " {} · recording as {}",
                display_line_cut(&app.source, 200),
                display_line_cut(&app.actor, 60)
            ),
            theme.dim,
        ),
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub fn render_hints(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for b in bindings_for(app.mode_class()) {
        if let Some(hint) = b.hint {
            spans.push(Span::styled(b.label, theme.key));
            spans.push(Span::raw(format!(" {hint}  ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
