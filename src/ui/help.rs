//! The `?` overlay, generated from the keymap table: the keys for browsing
//! and deciding, and beside them the keys that work while typing an entry.

use super::{centred, Theme};
use crate::app::keymap::{bindings_for, Group};
use crate::app::{App, ModeClass};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

fn section(mode: ModeClass, heading: Option<&'static str>, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(h) = heading {
        lines.push(Line::styled(h, theme.heading));
    }
    for group in Group::ALL {
        let bindings: Vec<_> = bindings_for(mode).filter(|b| b.group == group).collect();
        if bindings.is_empty() {
            continue;
        }
        if heading.is_none() {
            lines.push(Line::styled(group.title(), theme.heading));
        }
        for b in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<7}", b.label), theme.key),
                Span::raw(b.help),
            ]));
        }
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let browse = if app.read_only {
        ModeClass::Normal
    } else {
        ModeClass::NormalWritable
    };
    let left = section(browse, None, theme);
    let right = section(ModeClass::Prompt, Some("While typing an entry"), theme);
    let mut legend = vec![
        Line::styled("Status marks", theme.heading),
        Line::raw(" · undecided   ✓ accepted"),
        Line::raw(" * target to be set"),
        Line::raw(" ✗ rejected    ◇ kept local"),
        Line::raw(" … deferred    ⚑ open objections"),
    ];
    if app.read_only {
        legend.push(Line::styled(
            "This session is open read-only.",
            theme.warning,
        ));
    }
    let two_columns = area.width >= 100;
    let (height, width) = if two_columns {
        (
            (left.len().max(right.len() + legend.len() + 1)) as u16 + 2,
            100,
        )
    } else {
        (left.len() as u16 + legend.len() as u16 + 3, 64)
    };
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::styled(" Keys · ? or Esc to close ", theme.heading))
        .border_style(theme.border_focused);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if two_columns {
        let [l, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(inner);
        frame.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), l);
        let mut right = right;
        right.push(Line::raw(""));
        right.extend(legend);
        frame.render_widget(Paragraph::new(right).wrap(Wrap { trim: false }), r);
    } else {
        // On a small screen the typing keys are shown by the footer while typing.
        let mut lines = left;
        lines.push(Line::raw(""));
        lines.extend(legend);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}
