//! The indicator evidence for the selected priority.

use super::memo::{show, timer_key, EvidenceKey, Key, Memo};
use super::{pane, Theme};
use crate::app::App;
use caseboard_core::clock::{self, clock, short_clock};
use caseboard_core::event::fmt_value;
use caseboard_core::meeting::{Answer, Question};
use caseboard_core::pack::{Indicator, PeriodValue, Polarity};
use caseboard_core::period_axis::{Mark, PeriodAxis};
use caseboard_core::text::{display, display_line_cut};
use caseboard_core::PriorityState;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Columns the trend strip spans: with its label and the periods of its
/// ends, it fits the pane at 80×24.
const STRIP: u16 = 15;

/// The indicator's figures as one line: a strip of [`STRIP`] columns on
/// the same period axis as the projector's chart (the baseline and the
/// series as bars to scale, the proposed target `○` and the agreed one `✓`
/// at their periods), then the periods at its two ends. Nothing when fewer
/// than two figures can be drawn.
fn trend_line<'a>(
    ind: &Indicator,
    agreed: Option<&PeriodValue>,
    theme: &Theme,
) -> Option<Line<'a>> {
    let axis = PeriodAxis::of(ind, agreed)?;
    let (min, max) = axis
        .points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.value), hi.max(p.value))
        });
    let mut cells = vec![' '; usize::from(STRIP)];
    // Later kinds over earlier where two share a column, as on the projector.
    for mark in [Mark::Actual, Mark::Baseline, Mark::Proposed, Mark::Agreed] {
        for p in axis.marked(mark) {
            cells[usize::from(axis.column(p.at, STRIP))] = match mark {
                Mark::Proposed => '○',
                Mark::Agreed => '✓',
                _ if max > min => {
                    BARS[((((p.value - min) / (max - min)) * 7.0).round() as usize).min(7)]
                }
                _ => BARS[3],
            };
        }
    }
    let strip: String = cells.iter().collect();
    // Plain text, and the ends' periods in one span after it: each change
    // of style costs bytes every time the selection moves.
    let mut ends = axis.points.iter().map(|p| (p.at, &p.period));
    let first = ends.next()?;
    let (first, last) = ends.fold((first, first), |(lo, hi), p| {
        (
            if p.0 < lo.0 { p } else { lo },
            if p.0 > hi.0 { p } else { hi },
        )
    });
    let ends = if first.1 == last.1 {
        first.1.clone()
    } else {
        format!("{}–{}", first.1, last.1)
    };
    Some(Line::from(vec![
        Span::styled(format!("{:<10}", "Trend"), theme.dim),
        Span::styled(strip.trim_end().to_string(), theme.text),
        Span::styled(format!("  {ends}"), theme.dim),
    ]))
}

fn figure(pv: &PeriodValue, unit: &str) -> String {
    format!(
        "{}{unit} ({})",
        fmt_value(pv.value),
        display_line_cut(&pv.period, 32)
    )
}

fn indicator_lines<'a>(
    ind: &'a Indicator,
    agreed: Option<&PeriodValue>,
    theme: &Theme,
    headline: bool,
) -> Vec<Line<'a>> {
    let unit = match ind.unit.as_deref() {
        Some("%") => "%".to_string(),
        _ => String::new(),
    };
    let label = |s: &'static str| Span::styled(format!("{s:<10}"), theme.dim);
    let mut lines = vec![Line::from(vec![
        Span::styled(display_line_cut(&ind.code, 32), theme.key),
        Span::raw(" "),
        Span::styled(
            display_line_cut(&ind.title, 300),
            if headline { theme.heading } else { theme.text },
        ),
    ])];
    if !headline {
        return lines;
    }
    let na = || Span::styled("none", theme.warning);
    lines.push(Line::from(vec![
        label("Latest"),
        ind.latest()
            .map(|v| Span::raw(figure(v, &unit)))
            .unwrap_or_else(na),
    ]));
    lines.push(Line::from(vec![
        label("Baseline"),
        ind.baseline
            .as_ref()
            .map(|v| Span::raw(figure(v, &unit)))
            .unwrap_or_else(na),
    ]));
    lines.push(Line::from(vec![
        label("Proposed"),
        ind.proposed_target
            .as_ref()
            .map(|v| Span::raw(figure(v, &unit)))
            .unwrap_or_else(na),
        Span::styled(
            match ind.polarity {
                Some(Polarity::HigherIsBetter) => "  ↑ higher is better",
                Some(Polarity::LowerIsBetter) => "  ↓ lower is better",
                None => "",
            },
            theme.dim,
        ),
    ]));
    lines.extend(trend_line(ind, agreed, theme));
    let quality = ind.quality.map(|q| q.as_str()).unwrap_or("not stated");
    let quality_style = if quality == "weak" {
        theme.warning
    } else {
        theme.text
    };
    lines.push(Line::from(vec![
        label("Quality"),
        Span::styled(quality, quality_style),
    ]));
    if !ind.comparators.is_empty() {
        let text = ind
            .comparators
            .iter()
            .map(|(name, v)| format!("{} {}{unit}", display_line_cut(name, 40), fmt_value(*v)))
            .collect::<Vec<_>>()
            .join(" · ");
        lines.push(Line::from(vec![label("Compare"), Span::raw(text)]));
    }
    if let Some(unit) = &ind.unit {
        lines.push(Line::from(vec![
            label("Unit"),
            Span::raw(display_line_cut(unit, 80)),
        ]));
    }
    if let Some(source) = &ind.source {
        lines.push(Line::from(vec![
            label("Source"),
            Span::raw(display_line_cut(source, 300)),
        ]));
    }
    if let Some(level) = &ind.spatial_level {
        lines.push(Line::from(vec![
            label("Level"),
            Span::raw(display_line_cut(level, 120)),
        ]));
    }
    if let Some(notes) = &ind.notes {
        lines.push(Line::from(vec![label("Notes"), Span::raw(display(notes))]));
    }
    lines
}

/// The sub-area breakdown as a bar chart in one line: a bar of height to
/// scale beside each area's figure (the projector draws the full chart; on
/// the note-taker's screen one line keeps what moving the selection sends
/// to the terminal small).
fn breakdown_chart<'a>(ind: &Indicator, unit: &str, theme: &Theme) -> Vec<Line<'a>> {
    let areas: Vec<(String, f64)> = ind
        .breakdown
        .iter()
        .filter(|b| b.value.is_finite())
        .map(|b| (display_line_cut(&b.area, 16), b.value))
        .collect();
    let Some(max) = areas
        .iter()
        .map(|(_, v)| v.abs())
        .reduce(f64::max)
        .filter(|m| *m > 0.0)
    else {
        return Vec::new();
    };
    let parts: Vec<String> = areas
        .iter()
        .map(|(area, value)| {
            let level = ((value.abs() / max) * 7.0).round() as usize;
            format!("{area} {} {}{unit}", BARS[level.min(7)], fmt_value(*value))
        })
        .collect();
    vec![Line::from(vec![
        Span::styled(format!("{:<10}", "By area"), theme.dim),
        Span::raw(parts.join(" · ")),
    ])]
}

/// The item's discussion so far: timer, speakers, tiers, readiness.
fn meeting_lines<'a>(
    app: &App,
    state: &PriorityState,
    timebox: Option<u32>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let now = app.moment();
    let elapsed = state.timer.elapsed(now);
    let current = app.board.current().map(|p| p.id.as_str()) == Some(state.id.as_str());
    if current || elapsed.num_seconds() > 0 {
        let mut spans = vec![Span::styled(
            format!(
                "{} {}",
                if state.timer.is_running() {
                    "◷ running"
                } else {
                    "⏸ stopped"
                },
                clock(elapsed)
            ),
            theme.heading,
        )];
        if let Some(minutes) = timebox {
            spans.push(Span::raw(format!(
                " of {}",
                short_clock(clock::timebox(minutes))
            )));
        }
        if let Some(over) = state.timer.overrun(now, timebox) {
            spans.push(Span::styled(
                format!("  OVER by {}", clock(over)),
                theme.warning,
            ));
        }
        if current {
            spans.push(Span::styled("  ● under discussion", theme.dim));
        }
        lines.push(Line::from(spans));
    }
    if let Some(floor) = &state.floor {
        let mut spans = vec![Span::styled(
            format!(
                "Speaking: {} ({})",
                display_line_cut(app.board.name_of(&floor.attendee), 60),
                clock(now - floor.since)
            ),
            theme.text,
        )];
        if !state.queue.is_empty() {
            let next: Vec<String> = state
                .queue
                .iter()
                .map(|a| display_line_cut(app.board.name_of(a), 40))
                .collect();
            spans.push(Span::styled(
                format!(" · next: {}", next.join(", ")),
                theme.dim,
            ));
        }
        lines.push(Line::from(spans));
    } else if !state.queue.is_empty() {
        let next: Vec<String> = state
            .queue
            .iter()
            .map(|a| display_line_cut(app.board.name_of(a), 40))
            .collect();
        lines.push(Line::styled(
            format!("Speakers queue: {}", next.join(", ")),
            theme.dim,
        ));
    }
    let (yes, no) = state.readiness();
    lines.push(Line::from(vec![
        Span::styled("Tiers ", theme.dim),
        Span::raw(state.agreement_mark()),
        Span::styled("   Ready ", theme.dim),
        Span::raw(if no > 0 {
            format!("{yes}/6 yes, {no} no")
        } else {
            format!("{yes}/6 yes")
        }),
    ]));
    lines
}

/// A note as the panes show it: when, who, what.
fn note_line<'a>(
    n: &caseboard_core::board::Entry<caseboard_core::event::Note>,
    zone: caseboard_core::clock::Tz,
    theme: &Theme,
) -> Line<'a> {
    Line::from(vec![
        Span::styled(
            format!(
                "{} {} ",
                clock::hh_mm(n.at, zone),
                display_line_cut(&n.actor, 30)
            ),
            theme.dim,
        ),
        Span::raw(display(&n.item.text)),
    ])
}

/// An action as the panes show it: what, its owner by name, when due.
fn action_line<'a>(
    board: &caseboard_core::Board,
    a: &caseboard_core::board::Entry<caseboard_core::event::ActionItem>,
    theme: &Theme,
) -> Line<'a> {
    let owner = a
        .item
        .owner
        .as_deref()
        .map(|o| board.name_of(o).to_string())
        .unwrap_or_else(|| "no owner yet".into());
    let due = a
        .item
        .due
        .as_deref()
        .map(|d| format!(", due {d}"))
        .unwrap_or_default();
    Line::from(vec![
        Span::raw(format!("→ {} ", display(&a.item.text))),
        Span::styled(
            format!(
                "({}{})",
                display_line_cut(&owner, 60),
                display_line_cut(&due, 20)
            ),
            theme.dim,
        ),
    ])
}

/// What belongs to the meeting as a whole: attendance, and the notes and
/// actions not tied to one priority.
fn meeting_wide_lines<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let board = &app.board;
    let attendees = &board.pack().attendees;
    let with = |presence| {
        attendees
            .iter()
            .filter(|a| board.presence(&a.id) == Some(presence))
            .map(|a| display_line_cut(&a.name, 60))
            .collect::<Vec<_>>()
    };
    let present = with(caseboard_core::meeting::Presence::Present);
    let apologies = with(caseboard_core::meeting::Presence::Apologies);
    let mut lines = vec![Line::raw(""), Line::styled("The meeting", theme.heading)];
    let unrecorded = attendees.len() - present.len() - apologies.len();
    let mut attendance = format!("Attendance: {} present", present.len());
    if !apologies.is_empty() {
        attendance.push_str(&format!(", apologies from {}", apologies.join(", ")));
    }
    if unrecorded > 0 {
        attendance.push_str(&format!(", {unrecorded} not recorded (@)"));
    }
    lines.push(Line::raw(attendance));
    lines.extend(
        board
            .meeting_notes()
            .iter()
            .map(|n| note_line(n, app.board.zone(), theme)),
    );
    lines.extend(
        board
            .meeting_actions()
            .iter()
            .map(|a| action_line(&app.board, a, theme)),
    );
    lines
}

/// What has been recorded about the item: checklist answers, notes, actions.
fn record_lines<'a>(app: &App, state: &PriorityState, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if state.checklist.iter().any(|a| *a != Answer::Unknown) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Readiness checklist", theme.heading));
        for q in Question::ALL {
            let answer = state.answer(q);
            let mark = match answer {
                Answer::Yes => "✓ yes",
                Answer::No => "✗ no ",
                Answer::Unknown => "? —  ",
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark} "), theme.key),
                Span::raw(q.text()),
            ]));
        }
    }
    if !state.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Notes", theme.heading));
        lines.extend(
            state
                .notes
                .iter()
                .map(|n| note_line(n, app.board.zone(), theme)),
        );
    }
    if !state.actions.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Actions", theme.heading));
        lines.extend(
            state
                .actions
                .iter()
                .map(|a| action_line(&app.board, a, theme)),
        );
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, memo: &Memo, focused: bool) {
    let block = pane(Line::styled(" Evidence ", theme.heading), focused, theme);
    let Some(state) = app.selected_priority() else {
        frame.render_widget(Paragraph::new("No priority selected.").block(block), area);
        return;
    };
    let Some(priority) = app.board.spec(&state.id) else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let inner = block.inner(area);
    super::memo::border(&block, area, frame.buffer_mut());
    // The text changes with the priority, the meeting as a whole, the
    // width, and every second while the item's clocks run.
    let ticking = state.timer.is_running() || state.floor.is_some();
    let key = Key::Evidence(EvidenceKey {
        priority: state.id.clone(),
        changed: state.changed,
        timer: timer_key(&state.timer),
        current: app.board.current().map(|p| p.id.as_str()) == Some(state.id.as_str()),
        meeting: app.board.meeting_changed(),
        width: inner.width,
        ticking: ticking.then(|| app.moment().timestamp()),
    });
    let in_view = app.evidence_scroll as usize + inner.height as usize;
    let text = memo.wrapped(key, in_view, || {
        super::break_lines(lines(app, state, priority, theme))
    });
    show(&text, app.evidence_scroll, frame.buffer_mut(), inner);
}

/// Everything the evidence pane says about one priority.
fn lines<'a>(
    app: &'a App,
    state: &'a PriorityState,
    priority: &'a caseboard_core::pack::Priority,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{} ", display_line_cut(&priority.id, 64)),
            theme.key,
        ),
        Span::styled(display_line_cut(&priority.title, 300), theme.heading),
    ])];
    let decision = state.status.headline();
    if let Some(last) = state.decisions.last().filter(|_| !decision.is_empty()) {
        let style = super::board::status_style(&state.status, theme);
        lines.push(Line::styled(decision, style));
        let mut why = vec![Span::styled(
            format!(
                "  {} at {}",
                display_line_cut(&last.actor, 60),
                clock::hh_mm(last.at, app.board.zone())
            ),
            theme.dim,
        )];
        if !last.decision.rationale.is_empty() {
            why.push(Span::raw(format!(
                ": {}",
                display(&last.decision.rationale)
            )));
        }
        if state.decisions.len() > 1 {
            why.push(Span::styled(
                format!(" (supersedes {} earlier)", state.decisions.len() - 1),
                theme.dim,
            ));
        }
        lines.push(Line::from(why));
    }
    let mut who = Vec::new();
    if let Some(lead) = &priority.lead {
        who.push(format!("Lead: {}", display_line_cut(lead, 120)));
    }
    if let Some(by) = &priority.proposed_by {
        let name = app.board.name_of(by);
        who.push(format!("Proposed by: {}", display_line_cut(name, 120)));
    }
    if !who.is_empty() {
        lines.push(Line::styled(who.join(" · "), theme.dim));
    }
    lines.extend(meeting_lines(app, state, priority.timebox_minutes, theme));
    if let Some(summary) = &priority.summary {
        lines.push(Line::styled(display(summary), theme.text));
    }
    lines.push(Line::raw(""));
    for (i, code) in priority.indicators.iter().enumerate() {
        if let Some(ind) = app.board.indicator(code) {
            // An agreed target is for the headline indicator, the first.
            let agreed = match &state.status {
                caseboard_core::Status::Accepted { target } if i == 0 => target.as_ref(),
                _ => None,
            };
            lines.extend(indicator_lines(ind, agreed, theme, i == 0));
        }
        if i == 0 && priority.indicators.len() > 1 {
            lines.push(Line::styled("Also measured by:", theme.dim));
        }
    }
    if !priority.evidence.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Evidence", theme.heading));
        for e in &priority.evidence {
            let mut spans = vec![Span::raw("• "), Span::raw(display(&e.text))];
            if let Some(source) = &e.source {
                spans.push(Span::styled(
                    format!(" ({})", display_line_cut(source, 300)),
                    theme.dim,
                ));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.extend(record_lines(app, state, theme));
    // The headline indicator's breakdown by area, after the text above so
    // it never moves it.
    if let Some(ind) = priority
        .indicators
        .first()
        .and_then(|c| app.board.indicator(c))
    {
        let unit = if ind.unit.as_deref() == Some("%") {
            "%"
        } else {
            ""
        };
        lines.extend(breakdown_chart(ind, unit, theme));
    }
    lines.extend(meeting_wide_lines(app, theme));
    lines
}

#[cfg(test)]
mod chart_tests {
    use super::*;
    use crate::ui::test_data::{ni112, pv};
    use caseboard_core::pack::AreaValue;

    #[test]
    fn breakdown_bars_are_to_scale_with_their_figures() {
        let mut ind: Indicator = serde_json::from_str(r#"{"code":"NI 1","title":"T"}"#).unwrap();
        ind.breakdown = vec![
            AreaValue {
                area: "North".into(),
                value: 10.0,
            },
            AreaValue {
                area: "Eastfield".into(),
                value: 20.0,
            },
        ];
        let lines: Vec<String> = breakdown_chart(&ind, "%", &Theme::monochrome())
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(lines, ["By area   North ▅ 10% · Eastfield █ 20%"]);
        ind.breakdown.clear();
        assert!(breakdown_chart(&ind, "", &Theme::monochrome()).is_empty());
    }

    fn trend(ind: &Indicator, agreed: Option<&PeriodValue>) -> Vec<String> {
        trend_line(ind, agreed, &Theme::monochrome())
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    #[test]
    fn the_trend_strip_places_figures_at_their_periods() {
        let before = trend(&ni112(), None);
        // 1998 to 2010 in 15 columns: the baseline at the left, a gap of
        // five years, the series year by year, the target four years on.
        assert_eq!(before, ["Trend     █      ▆▆▅    ○  1998–2010"]);
        // The agreed target for the proposal's year takes its column;
        // nothing else moves.
        let after = trend(&ni112(), Some(&pv("2010", 26.0)));
        assert_eq!(after, [before[0].replace('○', "✓")]);
        // A two-point series is two bars, a quarter and three quarters
        // of the way across.
        let mut ind = ni112();
        ind.baseline = None;
        ind.proposed_target = None;
        ind.series = vec![pv("2006/07", 12.0), pv("2007/08", 14.0)];
        assert_eq!(
            trend(&ind, None),
            ["Trend        ▁       █  2006/07–2007/08"]
        );
    }

    #[test]
    fn the_strip_and_the_projector_share_their_columns() {
        // The projector's chart at 30 columns puts each point where the
        // strip puts its bar: both read the same axis.
        let axis = PeriodAxis::of(&ni112(), None).unwrap();
        let strip = &trend(&ni112(), None)[0];
        let columns: Vec<usize> = strip
            .chars()
            .skip(10)
            .take(usize::from(STRIP))
            .enumerate()
            .filter(|(_, c)| *c != ' ')
            .map(|(i, _)| i)
            .collect();
        let expected: Vec<usize> = axis
            .points
            .iter()
            .map(|p| usize::from(axis.column(p.at, STRIP)))
            .collect();
        assert_eq!(columns, expected);
    }

    #[test]
    fn too_few_figures_draw_no_strip() {
        let mut ind = ni112();
        ind.series.clear();
        ind.proposed_target = None;
        assert!(trend(&ind, None).is_empty());
    }
}
