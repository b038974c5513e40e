//! The `?` overlay, generated from the keymap table: the keys valid in the
//! view it was opened from, grouped by task, and the keys for typing.

use super::{centred, Theme};
use crate::app::keymap::{bindings_for, first_keys, Group};
use crate::app::{Action, App, ModeClass, View};
use caseboard_core::vocabulary::{TARGET_TO_BE_SET, TARGET_TO_BE_SET_MARK};
use caseboard_core::Status;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The keys of `modes` by group; without `can_record`, not the keys that
/// record.
/// Each key's words wrap under themselves within `width` columns, never cut.
fn section(modes: &[ModeClass], can_record: bool, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    const LABEL: usize = 9;
    let words = (width as usize).saturating_sub(LABEL).max(12);
    let mut lines = Vec::new();
    for group in Group::ALL {
        let mut seen: Vec<&str> = Vec::new();
        let bindings: Vec<_> = modes
            .iter()
            .flat_map(|m| bindings_for(*m))
            .filter(|b| b.group == group && (can_record || !b.records()))
            .filter(|b| {
                let fresh = !seen.contains(&b.help);
                seen.push(b.help);
                fresh
            })
            .collect();
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(group.title(), theme.heading));
        for b in bindings {
            for (i, part) in super::wrap_words(b.help, words).into_iter().enumerate() {
                let label = if i == 0 { b.label() } else { String::new() };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {label:<8}"), theme.key),
                    Span::raw(part),
                ]));
            }
        }
    }
    lines
}

/// ` Keys · j k scroll · ? or Esc closes `, from the help's own keys.
fn title() -> String {
    let help = ModeClass {
        view: View::Help,
        writable: false,
    };
    let down = first_keys(help, |a| matches!(a, Action::MoveDown));
    let up = first_keys(help, |a| matches!(a, Action::MoveUp));
    let close = first_keys(help, |a| matches!(a, Action::ToggleHelp));
    format!(" Keys · {down} {up} scroll · {close} closes ")
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // The widths the two columns get inside the overlay's border.
    let wide = area.width >= 110;
    let (left_width, right_width) = if wide { (62, 45) } else { (70, 0) };
    let left = section(&[app.view_class()], app.can_record(), theme, left_width);
    let typing = |view| ModeClass {
        view,
        writable: true,
    };
    let mut right = section(
        &[typing(View::Form), typing(View::Filter)],
        true,
        theme,
        right_width,
    );
    right.push(Line::raw(""));
    // Two marks a line, each status in the words of the core's vocabulary.
    let mark = |s: &Status| format!("{} {:<12}", s.symbol(), s.phrase());
    let both = |a: &Status, b: &Status| format!(" {}{}", mark(a), mark(b).trim_end());
    right.extend([
        Line::styled("Status marks", theme.heading),
        Line::raw(both(&Status::Undecided, &Status::Accepted { target: None })),
        Line::raw(format!(" {TARGET_TO_BE_SET_MARK} {TARGET_TO_BE_SET}")),
        Line::raw(both(&Status::Rejected, &Status::KeptLocal)),
        Line::raw(format!(" {}⚑ open objections", mark(&Status::Deferred))),
        Line::raw(" ▶ selected    ● under discussion"),
        Line::raw(" ready: yes answers of 6, ✗ no"),
        Line::raw(" tiers: L locality, R GO, C dept"),
    ]);
    if !app.can_record() {
        right.push(Line::styled(
            "Read-only: nothing can be recorded.",
            theme.warning,
        ));
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Line::styled(title(), theme.heading))
        .border_style(theme.border_focused);
    if wide {
        let height = left.len().max(right.len()) as u16 + 2;
        let rect = centred(area, 110, height);
        frame.render_widget(Clear, rect);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let [l, r] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
            .areas(inner);
        frame.render_widget(Paragraph::new(left).scroll((app.help_scroll, 0)), l);
        frame.render_widget(Paragraph::new(right).scroll((app.help_scroll, 0)), r);
    } else {
        // Narrow: the view's keys only (the typing keys show in the footer
        // while typing); j and k scroll it when the window is short.
        let rect = centred(area, 72, left.len() as u16 + 2);
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(left)
                .block(block)
                .scroll((app.help_scroll, 0)),
            rect,
        );
    }
}
