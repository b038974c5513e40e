//! The projector view: what the chair puts on the wall. Read-only, large,
//! high-contrast and uncluttered: the item under discussion, its decision,
//! the headline evidence, the vertical test, the open objections, the item
//! timer, who has the floor and the designated gauge. Every status is a word
//! or a symbol as well as a style, so the monochrome theme loses nothing.
//!
//! Nothing is dimmed: a projector washes faint text out. Hierarchy comes
//! from bold, size and position instead. At every size from 80×24 the id,
//! the title (whole words), the decision, the headline figures and the
//! timer are drawn large (`big.rs`); the rest gives way by the fixed order
//! of [`PRECEDENCE`] as the screen shrinks. With colour, the view draws in the
//! projector's own theme (dark, or light for a bright room) on its own
//! background, whatever theme the operator's screen has; without colour
//! (`NO_COLOR`) it has none.
//!
//! Only what fits is built: the current priority, its headline indicator and
//! the few open objections that fit on screen are looked at. The one walk
//! over the board's objections (`Board::objections_for`) happens only when
//! the item has open ones, and stops as soon as enough are found.

mod banner;
mod big;
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
use big::BIG_ROWS;
use caseboard_core::pack::{Indicator, Priority};
use caseboard_core::text::display_line_cut;
use caseboard_core::text::{fit, fit_words};
use caseboard_core::PriorityState;
use discussion::render_discussion;
use figures::{render_evidence, render_figures};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use top::render_top;
use unicode_width::UnicodeWidthStr;
use waiting::render_waiting;

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
}

/// What the projector shows of an item, in the order it is given room.
///
/// The first five are drawn large at every size from 80×24 (four rows
/// high, in the biggest size that fits): the item's **id**, its **title**
/// (as many whole words as fit), the **decision** and the agreed target,
/// the **figures** (latest, baseline, proposed and agreed) and the item's
/// **time** with its overrun. They are what the room reads from the back.
/// Everything after them is ordinary text and gives way, last first, as
/// the screen shrinks; an element that does not fit is left out whole,
/// never cut mid-word. The order is what the room needs to decide:
///
/// - the **agenda against the clock** ranks right after the timer: how the
///   meeting stands matters as much as the item's own time. It takes no
///   row of its own: it sits on the bottom line beside the gauge, where the
///   partnership's name gives way to it, and its own parts give way whole
///   to the width (the lateness last);
/// - the **indicator** names what the figures measure: without it they are
///   bare numbers. It heads the figures, on a line of its own;
/// - the **vertical test** (one line, a mark per tier) is the condition of
///   a designation: all three tiers agree;
/// - the **speakers**: who has the floor and who is next is what the room
///   follows minute by minute;
/// - the **open objections** (how many, and who raised them) are what
///   stands between the item and a decision;
/// - the **trend** is the evidence behind the figures;
/// - then the detail a speaker reads out anyway: the **objections' text**,
///   the **tiers named in full**, the indicator's **quality and polarity**,
///   the **comparators**, the **breakdown by area**, the item's **summary**
///   and what the item is (**item n of m**, its kind and lead: drawn only
///   on the line under the title, when the title is whole).
///
/// The large elements, the agenda, the indicator and "item n of m" have
/// places of their own; this table ranks the rest, which compete for the
/// rows of the two columns under the figures ([`Grants::give`]).
pub const PRECEDENCE: [Part; 10] = [
    Part::VerticalTest,
    Part::Speakers,
    Part::Objections,
    Part::Trend,
    Part::ObjectionText,
    Part::TierNames,
    Part::Quality,
    Part::Comparators,
    Part::Breakdown,
    Part::Summary,
];

/// An element of the detail under an item's figures; see [`PRECEDENCE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    VerticalTest,
    Speakers,
    Objections,
    Trend,
    ObjectionText,
    TierNames,
    Quality,
    Comparators,
    Breakdown,
    Summary,
}

/// Rows the secondary detail wants before the title takes a second big line.
const ROOM_FOR_DETAIL: u16 = 16;

fn render_item(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, item: &Item) {
    let mut rest = area;
    let decided = item.state.status.is_decided();
    // The large bands first, from the top: each is drawn only if its rows
    // are there (below 80×24 the view says it is too small instead).
    let banner_rows = if decided { 1 + BIG_ROWS } else { 1 };
    let figure_rows = if item.indicator.is_some() {
        2 + BIG_ROWS
    } else {
        1
    };
    let large = BIG_ROWS + 1 + banner_rows + figure_rows;
    // A tall screen gives the title a second big line before any detail.
    let title_lines = if area.height >= large + BIG_ROWS + ROOM_FOR_DETAIL {
        2
    } else {
        1
    };
    let used = render_top(frame, rest, app, theme, item, title_lines);
    take(&mut rest, used);
    let used = render_banner(frame, rest, theme, item);
    take(&mut rest, used);
    let used = render_figures(frame, rest, theme, item);
    take(&mut rest, used);
    if rest.height < 2 {
        return;
    }
    // The secondary detail, in two columns, by precedence.
    let [left, gutter, right] = Layout::horizontal([
        Constraint::Percentage(if area.width >= 120 { 56 } else { 50 }),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(Rect::new(rest.x, rest.y + 1, rest.width, rest.height - 1));
    let discussion = discussion::needs(app, theme, item, right);
    let evidence = figures::needs(item, left.width);
    let grants = Grants::give(left.height, &evidence, &discussion.needs);
    let rule = Rect::new(gutter.x + 1, gutter.y, 1, gutter.height);
    frame.render_widget(
        Paragraph::new(vec![Line::raw("│"); gutter.height as usize]).style(theme.border),
        rule,
    );
    render_evidence(frame, left, theme, item, &grants);
    render_discussion(frame, right, app, theme, item, &grants, &discussion);
}

/// Takes `rows` off the top of `area`.
fn take(area: &mut Rect, rows: u16) {
    let rows = rows.min(area.height);
    area.y += rows;
    area.height -= rows;
}

/// Rows each secondary element would take, given the data and the width.
#[derive(Default)]
pub(super) struct Needs {
    /// The chart's least rows (0: no chart to draw).
    pub trend: u16,
    pub quality: u16,
    pub comparators: u16,
    pub breakdown: u16,
    pub summary: u16,
    /// The objections' count line and each listed one's "who" line.
    pub objections: u16,
    /// Each listed objection's text, in rows.
    pub objection_text: Vec<u16>,
}

/// What each secondary element is given: walked in [`PRECEDENCE`], each
/// takes its rows in its column if they are there, and is left out whole
/// if not. Spacing rows come with the element they set apart.
#[derive(Default, Debug, PartialEq)]
pub(super) struct Grants {
    pub vertical_test: bool,
    pub speakers: bool,
    /// Objections listed (by who raised them) under the count line; `None`:
    /// not even the count.
    pub objections: Option<u16>,
    pub trend: u16,
    /// Rows given to each listed objection's text.
    pub objection_text: Vec<u16>,
    pub tier_names: bool,
    pub quality: bool,
    pub comparators: bool,
    pub breakdown: u16,
    pub summary: u16,
}

impl Grants {
    fn give(height: u16, left: &Needs, right: &Needs) -> Grants {
        let mut g = Grants::default();
        let (mut l, mut r) = (height, height);
        let fits = |free: &mut u16, rows: u16| {
            let ok = rows > 0 && rows <= *free;
            if ok {
                *free -= rows;
            }
            ok
        };
        for part in PRECEDENCE {
            match part {
                Part::VerticalTest => g.vertical_test = fits(&mut r, 1),
                Part::Speakers => g.speakers = fits(&mut r, 3),
                Part::Objections => {
                    // The count line and a blank above it; then as many
                    // "who" lines as fit, whole.
                    if fits(&mut r, 2) {
                        let heads = (right.objections.saturating_sub(1)).min(r);
                        r -= heads;
                        g.objections = Some(heads);
                    }
                }
                Part::Trend => {
                    if fits(&mut l, left.trend) {
                        g.trend = left.trend;
                    }
                }
                Part::ObjectionText => {
                    // A row to each listed objection in turn, so that one
                    // long text does not crowd out the others.
                    let listed = g.objections.unwrap_or(0) as usize;
                    let needs = &right.objection_text[..listed.min(right.objection_text.len())];
                    g.objection_text = vec![0; needs.len()];
                    loop {
                        let before = r;
                        for (given, need) in g.objection_text.iter_mut().zip(needs) {
                            if r > 0 && *given < *need {
                                *given += 1;
                                r -= 1;
                            }
                        }
                        if r == before {
                            break;
                        }
                    }
                }
                Part::TierNames => g.tier_names = g.vertical_test && fits(&mut r, 3),
                Part::Quality => g.quality = fits(&mut l, left.quality),
                Part::Comparators => g.comparators = fits(&mut l, left.comparators),
                Part::Breakdown => {
                    if fits(&mut l, left.breakdown) {
                        g.breakdown = left.breakdown;
                    }
                }
                Part::Summary => {
                    // Whole or not at all, with a blank row under it.
                    if fits(&mut r, right.summary) {
                        g.summary = right.summary;
                    }
                }
            }
        }
        // The chart takes the rows nothing else wanted.
        if g.trend > 0 {
            g.trend += l;
        }
        g
    }
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
/// the time, in `width`. The time stays; the partnership's name gives way
/// before any part of the agenda does.
fn footer_right(app: &App, theme: &Theme, width: usize) -> Line<'static> {
    let clock = caseboard_core::clock::hh_mm(app.now.with_timezone(&chrono::Utc), app.board.zone());
    let partnership = display_line_cut(&app.board.pack().conference.partnership, 60);
    let room = width.saturating_sub(clock.width() + 3);
    let both = room.saturating_sub(partnership.width() + 3);
    // The partnership's name stays only if the agenda loses nothing by it.
    let line = super::agenda::AgendaLine::of(app, app.moment());
    let agenda = line.fit(room).map(|alone| match line.fit(both) {
        Some(beside) if beside.text == alone.text => (beside, true),
        _ => (alone, false),
    });
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

/// Spans cut to `width` columns, the last visible one ending in an ellipsis
/// after a whole word.
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
                out.push(Span::styled(fit_words(&span.content, room), span.style));
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
    use super::{big_glyphs, wrap, Grants, Needs, Part, PRECEDENCE};

    fn rank(part: Part) -> usize {
        PRECEDENCE.iter().position(|p| *p == part).unwrap()
    }

    #[test]
    fn the_detail_is_ranked_as_documented_each_part_once() {
        // What the room decides by first: the vertical test, the speakers,
        // the objections, then the evidence and what is read out anyway.
        assert!(rank(Part::VerticalTest) < rank(Part::Speakers));
        assert!(rank(Part::Objections) < rank(Part::Trend));
        assert_eq!(rank(Part::Summary), PRECEDENCE.len() - 1);
        // Every part once.
        for (i, p) in PRECEDENCE.iter().enumerate() {
            assert_eq!(rank(*p), i);
        }
    }

    fn needs() -> (Needs, Needs) {
        let left = Needs {
            trend: 9,
            quality: 1,
            comparators: 1,
            breakdown: 7,
            ..Needs::default()
        };
        let right = Needs {
            objections: 4,
            objection_text: vec![3, 2, 4],
            summary: 3,
            ..Needs::default()
        };
        (left, right)
    }

    #[test]
    fn detail_gives_way_last_ranked_first_and_whole() {
        let (left, right) = needs();
        // Plenty of room: everything, the chart taking what is left over.
        let all = Grants::give(40, &left, &right);
        assert!(
            all.vertical_test && all.speakers && all.tier_names,
            "{all:?}"
        );
        assert!(all.quality && all.comparators, "{all:?}");
        assert_eq!(
            (all.objections, all.breakdown, all.summary),
            (Some(3), 7, 3)
        );
        assert_eq!(all.trend, 40 - 1 - 1 - 7);
        assert_eq!(all.objection_text, vec![3, 2, 4]);
        // Ten rows: the vertical test, the speakers, the count and who
        // raised each objection (1 + 3 + 5); one row of text for the first;
        // no room for the tiers by name or the summary.
        let some = Grants::give(10, &left, &right);
        assert!(some.vertical_test && some.speakers);
        assert_eq!(some.objections, Some(3));
        assert_eq!(some.objection_text, vec![1, 0, 0]);
        assert!(!some.tier_names);
        assert_eq!(some.summary, 0);
        // On the left the chart comes first, then the quality line; the
        // comparators and the breakdown are left out whole, not cut.
        assert_eq!((some.trend, some.quality), (9, true));
        assert_eq!((some.comparators, some.breakdown), (false, 0));
        // Three rows: the speakers (three rows with their spacing) give
        // way; the vertical test and the objections' count stay; the chart
        // is gone, the two short lines on the left stay.
        let few = Grants::give(3, &left, &right);
        assert!(few.vertical_test && !few.speakers);
        assert_eq!(few.objections, Some(0));
        assert_eq!(few.trend, 0);
        assert!(few.quality && few.comparators);
    }

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
