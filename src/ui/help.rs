//! The `?` overlay, generated from the keymap table.

use super::{centred, Theme};
use crate::app::keymap::{bindings_for, Group};
use crate::app::{App, ModeClass};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let browse = if app.read_only {
        ModeClass::Normal
    } else {
        ModeClass::NormalWritable
    };
    let mut lines = Vec::new();
    for (title, mode) in [("", browse), ("While typing an entry: ", ModeClass::Prompt)] {
        for group in Group::ALL {
            let bindings: Vec<_> = bindings_for(mode).filter(|b| b.group == group).collect();
            if bindings.is_empty() {
                continue;
            }
            lines.push(Line::styled(
                format!("{title}{}", group.title()),
                theme.heading,
            ));
            for b in bindings {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<8}", b.label), theme.key),
                    Span::raw(b.help),
                ]));
            }
        }
    }
    if app.read_only {
        lines.push(Line::styled(
            "This session is open read-only.",
            theme.warning,
        ));
    }
    let height = lines.len() as u16 + 2;
    let rect = centred(area, 64, height);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::styled(" Keys · ? or Esc to close ", theme.heading))
        .border_style(theme.border_focused);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
