//! The projector view: what the chair puts on the wall. Read-only, large,
//! high-contrast and uncluttered: the item under discussion, its decision,
//! the headline evidence, the vertical test, the open objections, the item
//! timer, who has the floor and the designated gauge. Every status is a word
//! or a symbol as well as a style, so the monochrome theme loses nothing.
//!
//! Nothing is dimmed: a projector washes faint text out. Hierarchy comes
//! from bold, size and position instead. With colour, the view draws in the
//! projector's own theme (dark, or light for a bright room) on its own
//! background, whatever theme the operator's screen has; without colour
//! (`NO_COLOR`) it has none.
//!
//! Only what fits is built: the current priority, its headline indicator and
//! the few open objections that fit on screen are looked at. The one walk
//! over the board's objections (`Board::objections_for`) happens only when
//! the item has open ones, and stops as soon as enough are found.

mod banner;
mod breakdown;
mod discussion;
mod figures;
mod test_card;
mod top;
mod trend;
pub use trend::{braille_shows, draw_in_braille};
mod waiting;

use super::theme::Projection;
use super::Theme;
use crate::app::App;
use banner::render_banner;
use caseboard_core::pack::{Indicator, Priority};
use caseboard_core::text::display_line_cut;
use caseboard_core::text::fit;
use caseboard_core::PriorityState;
use discussion::render_discussion;
use figures::render_evidence;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use top::render_top;
use unicode_width::UnicodeWidthStr;
use waiting::render_waiting;

/// From this size the view uses big text for the title and the timer, and a
/// boxed decision banner.
const BIG_WIDTH: u16 = 110;
const BIG_HEIGHT: u16 = 30;
/// From this size the priority id is drawn in big text.
const BIG_ID_WIDTH: u16 = 70;
const BIG_ID_HEIGHT: u16 = 20;
/// Rows of a glyph in the big fonts used here (half-height and quadrant).
const GLYPH_ROWS: u16 = 4;
/// Pack text is cut to this many characters before it is cleaned or wrapped,
/// so a 20,000-character text costs no more than a short one.
const TEXT_BUDGET: usize = 600;

/// The theme the projector draws with, given the screen's.
pub fn theme_for(app: &App, screen_theme: &Theme) -> Theme {
    screen_theme.for_projector(if app.light {
        Projection::Light
    } else {
        Projection::Dark
    })
}

/// Draws the projector view of `app` into `area`, in the projector's theme
/// derived from the screen's `theme`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let theme = &theme_for(app, theme);
    draw(frame, area, app, theme);
    on_background(frame, area, theme);
}

/// Puts every cell that any widget left to the terminal's colours (the
/// chart's plot resets them, as does clearing under an overlay) on the
/// theme's background, in its text colour: no cell of the projector is left
/// to the terminal's palette. Nothing to do for a theme without a background.
pub(crate) fn on_background(frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(background) = theme.background else {
        return;
    };
    let text = theme.text.fg.unwrap_or(Color::Reset);
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buffer[(x, y)];
            if cell.bg == Color::Reset {
                cell.bg = background;
            }
            if cell.fg == Color::Reset {
                cell.fg = text;
            }
        }
    }
}

fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if app.test_card {
        test_card::render_test_card(frame, area, theme);
        return;
    }
    let area = match &app.untrusted {
        // The room is told too: a red banner in words across the top.
        Some(problem) if area.height > 2 => {
            let [banner, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
            let style = super::header::untrusted_style(theme);
            let text = super::header::untrusted_banner(problem);
            frame.render_widget(
                Paragraph::new(Line::styled(fit(&text, banner.width as usize), style)).style(style),
                banner,
            );
            rest
        }
        _ => area,
    };
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let pack = app.board.pack();
    let current = app.board.current().and_then(|state| {
        pack.priorities
            .iter()
            .position(|p| p.id == state.id)
            .map(|i| (i, &pack.priorities[i], state))
    });
    match current {
        None => {
            render_waiting(frame, body, app, theme);
            render_footer(frame, footer, app, theme, false);
        }
        Some((index, priority, state)) => {
            let item = Item {
                index,
                total: pack.priorities.len(),
                priority,
                state,
                indicator: app.board.headline_indicator(&priority.id),
                big: body.width >= BIG_WIDTH && body.height >= BIG_HEIGHT,
                big_id: body.width >= BIG_ID_WIDTH && body.height >= BIG_ID_HEIGHT,
            };
            render_item(frame, body, app, theme, &item);
            render_footer(frame, footer, app, theme, true);
        }
    }
}

/// The priority under discussion and what the view needs about it.
struct Item<'a> {
    index: usize,
    total: usize,
    priority: &'a Priority,
    state: &'a PriorityState,
    indicator: Option<&'a Indicator>,
    /// The area is large enough for big text (the title and timer).
    big: bool,
    /// Large enough for the id alone in big text.
    big_id: bool,
}

fn render_item(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, item: &Item) {
    let Item { big, big_id, .. } = *item;
    let top_height = if big {
        GLYPH_ROWS + 1
    } else if big_id {
        GLYPH_ROWS
    } else {
        3
    };
    let decided = item.state.status.is_decided();
    let banner_height = match (decided, big) {
        (true, true) => 3,
        _ => 1,
    };
    let [top, banner, body] = Layout::vertical([
        Constraint::Length(top_height),
        Constraint::Length(banner_height),
        Constraint::Min(0),
    ])
    .areas(area);
    render_top(frame, top, app, theme, item);
    if decided {
        render_banner(frame, banner, theme, item);
    } else {
        frame.render_widget(
            Paragraph::new("─".repeat(banner.width as usize)).style(theme.border),
            banner,
        );
    }
    if body.height == 0 {
        return;
    }
    let [left, gutter, right] = if area.width >= 120 {
        Layout::horizontal([
            Constraint::Percentage(56),
            Constraint::Length(3),
            Constraint::Fill(1),
        ])
        .areas(body)
    } else {
        Layout::horizontal([
            Constraint::Percentage(50),
            Constraint::Length(3),
            Constraint::Fill(1),
        ])
        .areas(body)
    };
    let rule = Rect::new(gutter.x + 1, gutter.y, 1, gutter.height);
    frame.render_widget(
        Paragraph::new(vec![Line::raw("│"); gutter.height as usize]).style(theme.border),
        rule,
    );
    render_evidence(frame, left, theme, item);
    render_discussion(frame, right, app, theme, item);
}

// ---------------------------------------------------------------------------
// Footer and helpers

fn gauge_line(app: &App, theme: &Theme, bar_width: usize) -> Line<'static> {
    Line::from(super::header::gauge_spans(app, theme, bar_width))
}

fn render_footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, gauge: bool) {
    if !gauge {
        let right = footer_right(app, theme, area.width as usize);
        frame.render_widget(Paragraph::new(right).right_aligned(), area);
        return;
    }
    let left = gauge_line(app, theme, if area.width >= 120 { 20 } else { 10 });
    let left_width = left.width() as u16;
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Min(0)])
            .spacing(2)
            .areas(area);
    frame.render_widget(Paragraph::new(left), left_area);
    let right = footer_right(app, theme, right_area.width as usize);
    frame.render_widget(Paragraph::new(right).right_aligned(), right_area);
}

/// The footer's right: the agenda against the clock, the partnership and
/// the time, in `width`. The time stays; the agenda comes before the
/// partnership's name when both do not fit.
fn footer_right(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let clock = caseboard_core::clock::hh_mm(app.now.with_timezone(&chrono::Utc), app.board.zone());
    let partnership = display_line_cut(&app.board.pack().conference.partnership, 60);
    let room = width.saturating_sub(clock.width() + 3);
    let both = room.saturating_sub(partnership.width() + 3);
    let agenda = super::agenda::fitted(app, app.moment(), both)
        .map(|a| (a, true))
        .or_else(|| super::agenda::fitted(app, app.moment(), room).map(|a| (a, false)));
    let mut spans = Vec::with_capacity(5);
    match agenda {
        Some((agenda, with_partnership)) => {
            let style = if agenda.late {
                theme.warning
            } else {
                theme.heading
            };
            spans.push(Span::styled(agenda.text, style));
            spans.push(Span::styled(" · ", theme.text));
            if with_partnership {
                spans.push(Span::styled(partnership, theme.text));
                spans.push(Span::styled(" · ", theme.text));
            }
        }
        None => {
            spans.push(Span::styled(partnership, theme.text));
            spans.push(Span::styled(" · ", theme.text));
        }
    }
    spans.push(Span::styled(clock, theme.heading));
    fit_line(spans, width)
}

/// Text the big font can draw: ASCII and Latin-1, with typographic quotes
/// and dashes made plain. `None` if any character has no glyph, so nothing
/// is silently dropped from a big title.
fn big_glyphs(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        let u = c as u32;
        if (0x20..0x7F).contains(&u) || (0xA0..=0xFF).contains(&u) {
            out.push(c);
        } else {
            return None;
        }
    }
    (!out.trim().is_empty()).then_some(out)
}

/// Text cut to `width` columns at a word boundary where it can be, with an
/// ellipsis when cut.
fn fit_words(text: &str, width: usize) -> String {
    wrap(text, width, 1).into_iter().next().unwrap_or_default()
}

/// Spans cut to `width` columns, the last visible one ending in an ellipsis.
fn fit_line(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let w = span.width();
        if used + w <= width {
            used += w;
            out.push(span);
        } else {
            let room = width - used;
            if room > 0 {
                out.push(Span::styled(fit(&span.content, room), span.style));
            }
            break;
        }
    }
    Line::from(out)
}

/// Word-wraps one line of (already cleaned) text into at most `max_lines`
/// lines of `width` columns; when text is left over, the last line ends with
/// an ellipsis. A word longer than a line is broken.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let mut truncated = false;
    'words: for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        loop {
            let w = word.width();
            let gap = usize::from(line_width > 0);
            if line_width + gap + w <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                line_width += gap + w;
                continue 'words;
            }
            if line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
                if lines.len() == max_lines {
                    truncated = true;
                    break 'words;
                }
                continue;
            }
            // A word wider than the line: break it.
            let mut head = String::new();
            let mut head_width = 0;
            let mut rest = String::new();
            for c in word.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if rest.is_empty() && head_width + cw <= width {
                    head.push(c);
                    head_width += cw;
                } else {
                    rest.push(c);
                }
            }
            lines.push(head);
            if lines.len() == max_lines {
                truncated = true;
                break 'words;
            }
            word = rest;
        }
    }
    if !truncated && !line.is_empty() {
        lines.push(line);
    }
    if truncated {
        if let Some(last) = lines.last_mut() {
            // Make room for the ellipsis by dropping the last word, not by
            // cutting one, where the line has more than one.
            if last.width() >= width {
                match last.trim_end().rfind(' ') {
                    Some(space) if space > 0 => last.truncate(space),
                    _ => {
                        let mut used = 0;
                        *last = last
                            .chars()
                            .take_while(|c| {
                                used += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                                used < width
                            })
                            .collect();
                    }
                }
            }
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::trend::nice_bounds;
    use super::{big_glyphs, wrap};

    #[test]
    fn wrap_breaks_at_spaces_and_marks_what_is_left_out() {
        assert_eq!(wrap("one two three", 7, 3), vec!["one two", "three"]);
        assert_eq!(wrap("one two three four", 7, 2), vec!["one two", "three…"]);
        assert_eq!(wrap("abcdefghij", 4, 2), vec!["abcd", "efg…"]);
        assert_eq!(wrap("", 4, 2), Vec::<String>::new());
        assert_eq!(wrap("one two three", 7, 1), vec!["one…"]);
        assert_eq!(wrap("ab 漢字漢字", 4, 2), vec!["ab", "漢…"]);
    }

    #[test]
    fn bounds_are_round_and_enclose_the_data() {
        assert_eq!(nice_bounds(1284.0, 1630.0), (1200.0, 1700.0, 100.0));
        let (lo, hi, _) = nice_bounds(5.0, 5.0);
        assert!(lo <= 5.0 && hi > 5.0);
    }

    #[test]
    fn big_text_only_for_characters_the_font_has() {
        assert_eq!(big_glyphs("Children’s").as_deref(), Some("Children's"));
        assert_eq!(big_glyphs("漢字"), None);
        assert_eq!(big_glyphs("   "), None);
    }
}
