//! The top line: conference, clock, and the designated gauge `n / cap`.

use super::Theme;
use crate::app::App;
use caseboard_core::clock::{clock, hh_mm, second, short_clock, timebox};
use caseboard_core::text::{display_line, fit};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// `▰▰▰▱▱` — filled share of the cap, in `width` cells.
pub fn gauge_bar(n: u32, cap: u32, width: usize) -> String {
    let filled = if cap == 0 {
        width
    } else {
        ((n.min(cap) as usize * width) + cap as usize / 2) / cap as usize
    };
    format!(
        "{}{}",
        "▰".repeat(filled),
        "▱".repeat(width - filled.min(width))
    )
}

/// The designated gauge, `Designated n / cap ▰▰▱▱`, with FULL in words
/// when the cap is reached: the header's and the projector's.
pub fn gauge_spans(app: &App, theme: &Theme, bar_width: usize) -> Vec<Span<'static>> {
    let n = app.board.designated_accepted();
    let cap = app.board.cap();
    let full = n >= cap;
    let style = if full { theme.warning } else { theme.heading };
    let mut spans = vec![
        Span::styled("Designated ", theme.heading),
        Span::styled(format!("{n} / {cap} "), style),
        Span::styled(
            gauge_bar(n, cap, bar_width),
            if full { theme.warning } else { theme.accepted },
        ),
    ];
    if full {
        spans.push(Span::styled(" FULL", theme.warning));
    }
    spans
}

/// The conference title's columns kept before the agenda is given room.
const TITLE_MIN: usize = 12;
const AGENDA_SEPARATOR: &str = " │ ";

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // While an item is under discussion a narrow header gives the gauge's
    // bar (its figures stay) and the title's words to the agenda.
    let discussing = app.board.current().is_some();
    let bar_width = match (area.width >= 100, discussing) {
        (true, _) => 10,
        (false, false) => 5,
        (false, true) => 0,
    };
    let mut gauge = gauge_spans(app, theme, bar_width);
    if bar_width > 0 {
        gauge.push(Span::raw(" "));
    }
    let gauge_width: u16 = gauge.iter().map(|s| s.width() as u16).sum();
    // The item under discussion and its clock against its timebox. The
    // clock is ◷, not ⏱: common terminal fonts (DejaVu Sans Mono among
    // them) have no stopwatch and would show a box.
    let mut line = String::new();
    if let Some(current) = app.board.current() {
        let now = app.moment();
        line.push_str(&format!(
            "● {} ◷{}",
            super::board::short_id(&current.id),
            clock(current.timer.elapsed(now))
        ));
        let minutes = app.board.spec(&current.id).and_then(|p| p.timebox_minutes);
        match (current.timer.overrun(now, minutes), minutes) {
            (Some(over), _) => line.push_str(&format!(" OVER +{}", clock(over))),
            (None, Some(minutes)) => line.push_str(&format!("/{}", short_clock(timebox(minutes)))),
            (None, None) => {}
        }
        line.push_str(" │ ");
    }
    // Meeting time, where the meeting is: the pack's zone, not this machine's.
    let clock_now = hh_mm(app.now.with_timezone(&chrono::Utc), app.board.zone());
    // The agenda against the clock, in what is left once the title has
    // its minimum: its parts give way whole as the width shrinks.
    let marks = title_marks(app, theme);
    let taken = gauge_width as usize + line.width() + clock_now.width() + 4;
    let room = (area.width as usize)
        .saturating_sub(title_needs(app, &marks) + taken + AGENDA_SEPARATOR.width());
    let agenda = super::agenda::fitted(app, app.moment(), room);
    let agenda_width = agenda
        .as_ref()
        .map_or(0, |a| a.text.width() + AGENDA_SEPARATOR.width());
    let right_width = gauge_width + (line.width() + agenda_width + clock_now.width()) as u16 + 4;
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(right_width)]).areas(area);
    if let Some(problem) = &app.untrusted {
        // In words, not colour alone: the banner takes the title's place.
        let banner = untrusted_banner(problem);
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&banner, left.width as usize),
                untrusted_style(theme),
            ))
            .style(untrusted_style(theme)),
            left,
        );
    } else {
        render_title(frame, left, app, theme, marks);
    }
    let mut right_spans = vec![Span::raw(" "), Span::styled(line, theme.text)];
    if let Some(agenda) = agenda {
        let style = if agenda.late {
            theme.warning
        } else {
            theme.text
        };
        right_spans.push(Span::styled(agenda.text, style));
        right_spans.push(Span::styled(AGENDA_SEPARATOR, theme.text));
    }
    right_spans.push(Span::styled(clock_now, theme.text));
    right_spans.push(Span::raw(" │ "));
    right_spans.extend(gauge);
    frame.render_widget(
        Paragraph::new(Line::from(right_spans)).right_aligned(),
        right,
    );
}

/// The banner of an untrusted record: the header's and the projector's.
pub fn untrusted_banner(problem: &str) -> String {
    format!(" RECORD NOT TRUSTED: {} ", display_line(problem))
}

/// Red on the colour theme, reversed so it reads as a bar; bold without colour.
pub fn untrusted_style(theme: &Theme) -> ratatui::style::Style {
    if theme.colour {
        theme.error.add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        theme.error
    }
}

/// The columns the left of the header keeps from the agenda: a banner
/// of an untrusted record whole; else the title's `marks` and the start of
/// the title.
fn title_needs(app: &App, marks: &[Span]) -> usize {
    if let Some(problem) = &app.untrusted {
        return untrusted_banner(problem).width();
    }
    let marks: usize = marks.iter().map(|s| s.width()).sum();
    // The item's id stands beside the clock while one is discussed: the
    // title may then give all its words to the agenda.
    if app.board.current().is_some() {
        return marks;
    }
    marks + TITLE_MIN
}

/// `[review · as at #5 2008-03-12 10:04:00 GMT] `, in a review.
fn review_tag(app: &App) -> Option<String> {
    let at = app.review.as_ref().and_then(|r| r.at())?;
    Some(format!(
        "[review · as at #{} {}] ",
        at.seq,
        second(at.at, app.board.zone())
    ))
}

/// What stands before the title: the program's name and what is shown
/// (a review, read-only, closed).
fn title_marks(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(" caseboard ", theme.key), Span::raw("· ")];
    if let Some(tag) = review_tag(app) {
        spans.push(Span::styled(tag, theme.warning));
    } else if app.read_only {
        spans.push(Span::styled("[read-only] ", theme.warning));
    }
    if app.board.closed().is_some() {
        spans.push(Span::styled("[CLOSED] ", theme.warning));
    }
    spans
}

/// The title after its `marks`, cut to what is left of `left`.
fn render_title(frame: &mut Frame, left: Rect, app: &App, theme: &Theme, marks: Vec<Span>) {
    let title = &app.board.pack().conference.title;
    let used: usize = marks.iter().map(|s| s.width()).sum();
    let room = (left.width as usize).saturating_sub(used);
    let mut spans = marks;
    spans.push(Span::styled(fit(&display_line(title), room), theme.heading));
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
}

#[cfg(test)]
mod tests {
    use super::gauge_bar;

    #[test]
    fn gauge_fills_in_proportion() {
        assert_eq!(gauge_bar(0, 35, 5), "▱▱▱▱▱");
        assert_eq!(gauge_bar(35, 35, 5), "▰▰▰▰▰");
        assert_eq!(gauge_bar(18, 35, 10), "▰▰▰▰▰▱▱▱▱▱");
        assert_eq!(gauge_bar(50, 35, 4), "▰▰▰▰");
    }
}
