//! The discussion: the vertical test, the speakers and the open objections.

use super::{fit_line, wrap, Item};
use crate::app::App;
use crate::ui::Theme;
use caseboard_core::clock::short_clock;
use caseboard_core::meeting::{tier_title, Position, TIERS};
use caseboard_core::text::display_line_cut;
use caseboard_core::text::fit;
use caseboard_core::Board;
use caseboard_core::ObjectionStatus;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub(super) fn render_discussion(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    item: &Item,
) {
    let big = item.big;
    let width = area.width as usize;
    let height = area.height as usize;
    let state = item.state;
    let mut lines: Vec<Line> = Vec::new();

    // The vertical test.
    lines.push(Line::from(vec![
        Span::styled("Vertical test  ", theme.heading),
        Span::styled(state.agreement_mark(), theme.heading),
    ]));
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
    lines.push(Line::raw(""));

    // Who has the floor, and who is next.
    let now = app.moment();
    let who = |id: &str| attendee(&app.board, id);
    match &state.floor {
        Some(floor) => {
            let (name, org) = who(&floor.attendee);
            let time = format!("  {}", short_clock(now - floor.since));
            let room = width.saturating_sub(10 + time.width());
            let mut spans = vec![
                Span::styled(format!("{:<10}", "Speaking"), theme.text),
                Span::styled(fit(&name, room), theme.heading),
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
    lines.push(Line::raw(""));

    // Open objections: as many as fit, their text sharing the rows left.
    let open = state.open_objections as usize;
    if open == 0 {
        lines.push(Line::styled("✓ No open objections", theme.success));
    } else {
        open_objections(&mut lines, app, theme, item, width, height, big);
    }
    // What the item is about, on top, when the rest leaves room for it.
    let free = height.saturating_sub(lines.len());
    if let Some(summary) = item.priority.summary.as_deref().filter(|_| free >= 3) {
        let summary = display_line_cut(summary, width * 4 + 1);
        let mut top: Vec<Line> = wrap(&summary, width, (free - 1).min(4))
            .into_iter()
            .map(|l| Line::styled(l, theme.text))
            .collect();
        top.push(Line::raw(""));
        lines.splice(0..0, top);
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), area);
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

/// The open objections: as many as fit, their text sharing the rows left.
pub(super) fn open_objections(
    lines: &mut Vec<Line>,
    app: &App,
    theme: &Theme,
    item: &Item,
    width: usize,
    height: usize,
    big: bool,
) {
    let state = item.state;
    let who = |id: &str| attendee(&app.board, id);
    let open = state.open_objections as usize;
    lines.push(Line::styled(
        format!(
            "⚑ {open} open objection{}",
            if open == 1 { "" } else { "s" }
        ),
        theme.warning,
    ));
    let room = height.saturating_sub(lines.len());
    // Each needs a line for who and one for what; stop looking once the
    // screen is full: a priority's objections are a few among thousands.
    let fits = (room / 2).min(open);
    let mut listed: Vec<_> = app
        .board
        .objections_for(&state.id)
        .filter(|o| o.status == ObjectionStatus::Open)
        .take(fits)
        .collect();
    while !listed.is_empty() && listed.len() * 2 + usize::from(listed.len() < open) > room {
        listed.pop();
    }
    let text_width = width.saturating_sub(2);
    let most = if big { 5 } else { 3 };
    // Who and what kind on one line; when both do not fit, the kind leads
    // the text instead, so that no name is cut short.
    let entries: Vec<(Line, String)> = listed
        .iter()
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
                Span::styled(fit(&name, room), theme.heading),
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
            let text = display_line_cut(&text, text_width * most + 1);
            let text = if kind_fits {
                head.push(Span::styled(kind, theme.text));
                text
            } else {
                format!("({kind_word}) {text}")
            };
            (fit_line(head, width), text)
        })
        .collect();
    let needed: Vec<usize> = entries
        .iter()
        .map(|(_, t)| wrap(t, text_width, most).len().max(1))
        .collect();
    let more = usize::from(listed.len() < open);
    let mut spare = room.saturating_sub(listed.len() * 2 + more);
    let mut given = vec![1; listed.len()];
    while spare > 0 {
        let before = spare;
        for (g, need) in given.iter_mut().zip(&needed) {
            if spare > 0 && *g < *need {
                *g += 1;
                spare -= 1;
            }
        }
        if spare == before {
            break;
        }
    }
    for ((head, text), rows) in entries.into_iter().zip(&given) {
        lines.push(head);
        for l in wrap(&text, text_width, *rows) {
            lines.push(Line::styled(format!("  {l}"), theme.text));
        }
    }
    if more == 1 {
        let left = open - listed.len();
        lines.push(Line::styled(
            format!(
                "  + {left} more open objection{}",
                if left == 1 { "" } else { "s" }
            ),
            theme.warning,
        ));
    }
}
