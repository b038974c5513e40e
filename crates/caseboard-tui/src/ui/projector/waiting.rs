//! Before the first item: the meeting's name, date and what is to come.

use super::big::{Big, BIG_ROWS};
use super::{gauge_line, wrap, TEXT_BUDGET};
use crate::app::App;
use crate::ui::Theme;
use caseboard_core::text::{display_line_cut, fit_words};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(super) fn render_waiting(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let conference = &app.board.pack().conference;
    let width = area.width.saturating_sub(4) as usize;
    let partnership = display_line_cut(&conference.partnership, TEXT_BUDGET);
    // The partnership large, in the biggest size that fits.
    let big_partnership = Big::fit(&partnership, width as u16).filter(|_| area.height >= 20);

    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(&display_line_cut(&conference.title, TEXT_BUDGET), width, 3) {
        lines.push(Line::styled(l, theme.heading));
    }
    if big_partnership.is_none() {
        lines.push(Line::styled(fit_words(&partnership, width), theme.heading));
    }
    lines.push(Line::styled(
        fit_words(
            &format!(
                "with {}",
                display_line_cut(&conference.government_office, TEXT_BUDGET)
            ),
            width,
        ),
        theme.text,
    ));
    let mut when = vec![long_date(&conference.date)];
    if let Some(venue) = &conference.venue {
        when.push(display_line_cut(venue, TEXT_BUDGET));
    }
    lines.push(Line::styled(
        fit_words(&when.join(" · "), width),
        theme.text,
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Waiting for the first item",
        theme.heading.add_modifier(Modifier::BOLD),
    ));
    lines.push(Line::raw(""));
    lines.push(gauge_line(
        app,
        theme,
        if area.width >= 120 { 20 } else { 10 },
    ));

    let big_rows = if big_partnership.is_some() {
        BIG_ROWS + 1
    } else {
        0
    };
    let total = big_rows + lines.len() as u16;
    let top = area.y + area.height.saturating_sub(total) / 2;
    let mut y = top;
    if let Some(big) = big_partnership {
        // Centred as the text under it is.
        let x = area.x + (area.width / 2).saturating_sub(big.width / 2);
        let rect = Rect::new(x, y, big.width, BIG_ROWS).intersection(area);
        big.draw(frame, rect, theme.heading);
        y += big_rows;
    }
    let rest = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
    frame.render_widget(Paragraph::new(lines).centered(), rest);
}

/// `2008-03-12` as `12 March 2008`; anything else as written.
pub(super) fn long_date(date: &str) -> String {
    match chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(d) => d.format("%-d %B %Y").to_string(),
        Err(_) => display_line_cut(date, 64),
    }
}
