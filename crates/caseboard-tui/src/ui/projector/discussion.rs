//! The discussion: the vertical test, the speakers and the open objections.

use super::{fit_line, wrap, Grants, Item, Needs};
use crate::app::App;
use crate::ui::Theme;
use caseboard_core::clock::short_clock;
use caseboard_core::meeting::{tier_title, Position, TIERS};
use caseboard_core::text::{display_line_cut, fit_words};
use caseboard_core::Board;
use caseboard_core::ObjectionStatus;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The objections listed, each as the line saying who raised it and what
/// kind it is, and its text; with the rows the rest of the discussion needs.
pub(super) struct Discussion {
    pub needs: Needs,
    entries: Vec<(Line<'static>, String)>,
}

/// Objection texts are wrapped to at most this many lines.
const MOST_TEXT_LINES: usize = 4;

/// What the discussion column would show in `area`, and the rows each part
/// of it needs. Only as many objections as could be listed are looked at.
pub(super) fn needs(app: &App, theme: &Theme, item: &Item, area: Rect) -> Discussion {
    let width = area.width as usize;
    let state = item.state;
    let open = state.open_objections as usize;
    // Beside the count line, the vertical test and the speakers: at most
    // the rows left, one a "who" line.
    let fits = (area.height as usize).saturating_sub(6).min(open);
    let entries = if fits > 0 {
        objection_entries(app, theme, item, width, fits)
    } else {
        Vec::new()
    };
    let text_width = width.saturating_sub(2);
    let objection_text = entries
        .iter()
        .map(|(_, t)| wrap(t, text_width, MOST_TEXT_LINES).len() as u16)
        .collect();
    let summary = item.priority.summary.as_deref().map_or(0, |s| {
        let s = display_line_cut(s, width * 4 + 1);
        1 + wrap(&s, width, 4).len() as u16
    });
    Discussion {
        needs: Needs {
            objections: 1 + entries.len() as u16,
            objection_text,
            summary,
            ..Needs::default()
        },
        entries,
    }
}

pub(super) fn render_discussion(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    item: &Item,
    grants: &Grants,
    discussion: &Discussion,
) {
    let width = area.width as usize;
    let state = item.state;
    let mut lines: Vec<Line> = Vec::new();

    // What the item is about, on top, when it was given room.
    if grants.summary > 1 {
        if let Some(summary) = item.priority.summary.as_deref() {
            let summary = display_line_cut(summary, width * 4 + 1);
            for l in wrap(&summary, width, (grants.summary - 1) as usize) {
                lines.push(Line::styled(l, theme.text));
            }
            lines.push(Line::raw(""));
        }
    }
    // The vertical test: a mark per tier, and the tiers by name when there
    // is room.
    if grants.vertical_test {
        lines.push(Line::from(vec![
            Span::styled("Vertical test  ", theme.heading),
            Span::styled(state.agreement_mark(), theme.heading),
        ]));
    }
    if grants.tier_names {
        // Full tier names when they fit beside the longest position word.
        let full = 2 + 18 + "? undecided".len() <= width;
        for (tier, position) in TIERS.iter().zip(state.positions.iter()) {
            let style = match position {
                Position::Support => theme.accepted,
                Position::Oppose => theme.rejected.add_modifier(Modifier::BOLD),
                Position::Undecided => theme.text,
            };
            let name = if full {
                format!("  {:<19}", tier_title(*tier))
            } else {
                format!("{:<12}", tier.short_title())
            };
            lines.push(fit_line(
                vec![
                    Span::styled(name, theme.text),
                    Span::styled(format!("{} {}", position.mark(), position.as_str()), style),
                ],
                width,
            ));
        }
    }

    // Who has the floor, and who is next.
    if grants.speakers {
        lines.push(Line::raw(""));
        speakers(&mut lines, app, theme, item, width);
    }

    // Open objections: the count, who raised each, and what they say in
    // the rows given.
    if let Some(heads) = grants.objections {
        lines.push(Line::raw(""));
        let open = state.open_objections as usize;
        if open == 0 {
            lines.push(Line::styled("✓ No open objections", theme.success));
        } else {
            lines.push(Line::styled(
                format!(
                    "⚑ {open} open objection{}",
                    if open == 1 { "" } else { "s" }
                ),
                theme.warning,
            ));
        }
        let text_width = width.saturating_sub(2);
        for (i, (head, text)) in discussion.entries.iter().take(heads as usize).enumerate() {
            lines.push(head.clone());
            let rows = grants.objection_text.get(i).copied().unwrap_or(0);
            if rows > 0 {
                for l in wrap(text, text_width, rows as usize) {
                    lines.push(Line::styled(format!("  {l}"), theme.text));
                }
            }
        }
    }
    lines.truncate(area.height as usize);
    frame.render_widget(Paragraph::new(lines), area);
}

fn speakers(lines: &mut Vec<Line>, app: &App, theme: &Theme, item: &Item, width: usize) {
    let state = item.state;
    let now = app.moment();
    let who = |id: &str| attendee(&app.board, id);
    match &state.floor {
        Some(floor) => {
            let (name, org) = who(&floor.attendee);
            let time = format!("  {}", short_clock(floor.held(now)));
            let room = width.saturating_sub(10 + time.width());
            let mut spans = vec![
                Span::styled(format!("{:<10}", "Speaking"), theme.text),
                Span::styled(fit_words(&name, room), theme.heading),
            ];
            let org = format!(" · {org}");
            if org.width() > 3 && name.width() + org.width() <= room {
                spans.push(Span::styled(org, theme.text));
            }
            spans.push(Span::styled(time, theme.heading));
            lines.push(Line::from(spans));
        }
        None => lines.push(fit_line(
            vec![
                Span::styled(format!("{:<10}", "Speaking"), theme.text),
                Span::styled("nobody", theme.text),
            ],
            width,
        )),
    }
    let mut next = vec![Span::styled(format!("{:<10}", "Next"), theme.text)];
    match state.queue.first() {
        Some(id) => {
            let (name, _) = who(id);
            next.push(Span::styled(name, theme.text));
            if state.queue.len() > 1 {
                next.push(Span::styled(
                    format!(", then {} more", state.queue.len() - 1),
                    theme.text,
                ));
            }
        }
        None => next.push(Span::styled("queue empty", theme.text)),
    }
    lines.push(fit_line(next, width));
}

/// An attendee's name and organisation, or the id if the pack has no such
/// attendee.
pub(super) fn attendee(board: &Board, id: &str) -> (String, String) {
    match board.attendee(id) {
        Some(a) => (
            display_line_cut(&a.name, 80),
            display_line_cut(&a.organisation, 80),
        ),
        None => (display_line_cut(id, 80), String::new()),
    }
}

/// Up to `fits` open objections of the item: who raised each and what kind
/// it is on one line, and the text. When both do not fit, the kind leads
/// the text instead, so that no name is cut short. The walk over the
/// board's objections stops as soon as enough are found: a priority's
/// objections are a few among thousands.
fn objection_entries(
    app: &App,
    theme: &Theme,
    item: &Item,
    width: usize,
    fits: usize,
) -> Vec<(Line<'static>, String)> {
    let who = |id: &str| attendee(&app.board, id);
    let text_width = width.saturating_sub(2);
    app.board
        .objections_for(&item.state.id)
        .filter(|o| o.status == ObjectionStatus::Open)
        .take(fits)
        .map(|o| {
            let (name, org) = match o.raised_by.as_deref() {
                Some(id) => who(id),
                None => ("unattributed".to_string(), String::new()),
            };
            let kind_word = o.kind.phrase();
            let kind = format!(" · {kind_word}");
            let kind_fits = 2 + name.width() + kind.width() <= width;
            let room = width.saturating_sub(2 + if kind_fits { kind.width() } else { 0 });
            let mut head = vec![
                Span::styled("• ", theme.warning),
                Span::styled(fit_words(&name, room), theme.heading),
            ];
            let org = format!(", {org}");
            if org.width() > 2 && name.width() + org.width() <= room {
                head.push(Span::styled(org, theme.text));
            }
            // A counter-proposal says what it would put in its place.
            let text = match app.board.alternative_words(o) {
                Some(words) => format!("{} (replace with {words})", o.text),
                None => o.text.clone(),
            };
            let text = display_line_cut(&text, text_width * MOST_TEXT_LINES + 1);
            let text = if kind_fits {
                head.push(Span::styled(kind, theme.text));
                text
            } else {
                format!("({kind_word}) {text}")
            };
            (fit_line(head, width), text)
        })
        .collect()
}
