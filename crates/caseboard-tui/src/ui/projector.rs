//! The projector view: what the chair puts on the wall. Read-only, large,
//! high-contrast and uncluttered: the item under discussion, its decision,
//! the headline evidence, the vertical test, the open objections, the item
//! timer, who has the floor and the designated gauge. Every status is a word
//! or a symbol as well as a style, so the monochrome theme loses nothing.
//!
//! Nothing is dimmed: a projector washes faint text out. Hierarchy comes
//! from bold, size and position instead.
//!
//! Only what fits is built: the current priority, its headline indicator and
//! the few open objections that fit on screen are looked at. The one walk
//! over the board's objections (`Board::objections_for`) happens only when
//! the item has open ones, and stops as soon as enough are found.

use super::board::status_style;
use super::header::fit;
use super::Theme;
use crate::app::App;
use caseboard_core::event::fmt_value;
use caseboard_core::meeting::{tier_title, Position, TIERS};
use caseboard_core::pack::{Indicator, Pack, PeriodValue, Polarity, Priority, Quality, Tier};
use caseboard_core::text::display_line_cut;
use caseboard_core::{ObjectionStatus, PriorityState, Status};
use ratatui::layout::{Alignment, Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, BorderType, Borders, Chart, Dataset, GraphType, Paragraph,
};
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

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

/// Draws the projector view of `app` into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
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
                Paragraph::new(Line::styled(
                    super::header::fit(&text, banner.width as usize),
                    style,
                ))
                .style(style),
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
                indicator: pack.headline_indicator(priority),
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

// ---------------------------------------------------------------------------
// Before the first item

fn render_waiting(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let conference = &app.board.pack().conference;
    let width = area.width.saturating_sub(4) as usize;
    let big = area.width >= BIG_WIDTH && area.height >= BIG_HEIGHT;
    let partnership = display_line_cut(&conference.partnership, TEXT_BUDGET);
    // The partnership in big text, as big as fits.
    let big_partnership = big
        .then(|| big_glyphs(&partnership))
        .flatten()
        .and_then(|g| {
            let n = g.chars().count();
            if n * 8 <= width {
                Some((g, PixelSize::HalfHeight))
            } else if n * 4 <= width {
                Some((g, PixelSize::Quadrant))
            } else {
                None
            }
        });

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
    lines.push(gauge_line(app, theme, if big { 20 } else { 10 }));

    let big_rows = if big_partnership.is_some() {
        GLYPH_ROWS + 1
    } else {
        0
    };
    let total = big_rows + lines.len() as u16;
    let top = area.y + area.height.saturating_sub(total) / 2;
    let mut y = top;
    if let Some((glyphs, pixels)) = big_partnership {
        let rect = Rect::new(area.x, y, area.width, GLYPH_ROWS).intersection(area);
        frame.render_widget(
            BigText::builder()
                .pixel_size(pixels)
                .style(theme.heading)
                .alignment(Alignment::Center)
                .lines(vec![Line::from(glyphs)])
                .build(),
            rect,
        );
        y += big_rows;
    }
    let rest = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
    frame.render_widget(Paragraph::new(lines).centered(), rest);
}

/// `2008-03-12` as `12 March 2008`; anything else as written.
fn long_date(date: &str) -> String {
    match chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(d) => d.format("%-d %B %Y").to_string(),
        Err(_) => display_line_cut(date, 64),
    }
}

// ---------------------------------------------------------------------------
// The item under discussion

fn render_item(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, item: &Item) {
    let big = area.width >= BIG_WIDTH && area.height >= BIG_HEIGHT;
    let big_id = area.width >= BIG_ID_WIDTH && area.height >= BIG_ID_HEIGHT;
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
    render_top(frame, top, app, theme, item, big, big_id);
    if decided {
        render_banner(frame, banner, theme, item, big);
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
    render_evidence(frame, left, theme, item, big);
    render_discussion(frame, right, app, theme, item, big);
}

/// Id, title, what the item is, and the timer.
fn render_top(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    item: &Item,
    big: bool,
    big_id: bool,
) {
    let id = display_line_cut(&item.priority.id, 64);
    let title = display_line_cut(&item.priority.title, TEXT_BUDGET);
    let timer = item_timer(app, item);
    let meta = meta_text(app.board.pack(), item);

    // The id in big text if it is short enough to leave room for the title.
    let id_glyphs = big_id.then(|| big_glyphs(&id)).flatten();
    let id_big = id_glyphs.and_then(|g| {
        let n = g.chars().count() as u16;
        if n * 8 <= area.width / 3 {
            Some((g, PixelSize::HalfHeight, n * 8))
        } else if n * 4 <= area.width / 3 {
            Some((g, PixelSize::Quadrant, n * 4))
        } else {
            None
        }
    });

    let Some((glyphs, pixels, id_width)) = id_big else {
        // Plain: three lines of bold text.
        let width = area.width as usize;
        let lines = vec![
            Line::from(vec![
                Span::styled(format!("{id} "), theme.key),
                Span::styled(
                    fit_words(&title, width.saturating_sub(id.width() + 1)),
                    theme.heading,
                ),
            ]),
            Line::styled(fit_words(&meta, width), theme.text),
            timer.line(theme),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };

    let glyph_area = Rect::new(area.x, area.y, id_width, GLYPH_ROWS.min(area.height));
    frame.render_widget(
        BigText::builder()
            .pixel_size(pixels)
            .style(theme.key)
            .lines(vec![Line::from(glyphs)])
            .build(),
        glyph_area,
    );
    let text_x = area.x + id_width + 3;
    let text_width = area.right().saturating_sub(text_x);

    if big {
        // Title in big text when it fits on one line, the timer big on the right.
        let clock = timer.clock();
        let clock_width = clock.chars().count() as u16 * 4;
        let title_room = text_width.saturating_sub(clock_width + 3);
        let [upper, lower] =
            Layout::vertical([Constraint::Length(GLYPH_ROWS), Constraint::Length(1)])
                .areas(Rect::new(text_x, area.y, text_width, area.height));
        let clock_area = Rect::new(
            upper.right().saturating_sub(clock_width),
            upper.y,
            clock_width.min(upper.width),
            upper.height,
        );
        frame.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .style(timer.style(theme))
                .lines(vec![Line::from(clock)])
                .build(),
            clock_area,
        );
        let title_area = Rect::new(upper.x, upper.y, title_room, upper.height);
        match big_glyphs(&title).filter(|g| g.chars().count() as u16 * 4 <= title_room) {
            Some(g) => frame.render_widget(
                BigText::builder()
                    .pixel_size(PixelSize::Quadrant)
                    .style(theme.heading)
                    .lines(vec![Line::from(g)])
                    .build(),
                title_area,
            ),
            None => {
                let lines = wrap(&title, title_room as usize, GLYPH_ROWS as usize);
                let pad = GLYPH_ROWS.saturating_sub(lines.len() as u16) / 2;
                let lines: Vec<Line> = lines
                    .into_iter()
                    .map(|l| Line::styled(l, theme.heading))
                    .collect();
                frame.render_widget(
                    Paragraph::new(lines),
                    Rect::new(
                        title_area.x,
                        title_area.y + pad,
                        title_area.width,
                        title_area.height - pad,
                    ),
                );
            }
        }
        // Under the title: what the item is; under the clock: against what.
        let detail = timer.detail_line(theme);
        let detail_width = detail.width() as u16;
        let [meta_area, detail_area] = Layout::horizontal([
            Constraint::Min(0),
            Constraint::Length(detail_width.min(lower.width)),
        ])
        .spacing(2)
        .areas(lower);
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit_words(&meta, meta_area.width as usize),
                theme.text,
            )),
            meta_area,
        );
        frame.render_widget(Paragraph::new(detail).right_aligned(), detail_area);
        return;
    }

    // Big id, text beside it: title (up to two lines), what it is, the timer.
    let width = text_width as usize;
    let title_lines = wrap(
        &title,
        width,
        (area.height as usize).saturating_sub(2).max(1),
    );
    let mut lines: Vec<Line> = title_lines
        .into_iter()
        .map(|l| Line::styled(l, theme.heading))
        .collect();
    lines.push(Line::styled(fit_words(&meta, width), theme.text));
    lines.push(timer.line(theme));
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(text_x, area.y, text_width, area.height),
    );
}

/// `Item 25 of 56 · designated · Lead: …`
fn meta_text(pack: &Pack, item: &Item) -> String {
    let mut parts = vec![
        format!("Item {} of {}", item.index + 1, item.total),
        match item.state.kind {
            caseboard_core::pack::PriorityKind::Designated => "designated".to_string(),
            caseboard_core::pack::PriorityKind::Statutory => "statutory target".to_string(),
        },
    ];
    if let Some(lead) = &item.priority.lead {
        parts.push(format!("Lead: {}", display_line_cut(lead, 120)));
    } else if let Some(by) = &item.priority.proposed_by {
        let name = pack.attendee(by).map(|a| a.name.as_str()).unwrap_or(by);
        parts.push(format!("Proposed by {}", display_line_cut(name, 120)));
    }
    parts.join(" · ")
}

/// The item's time against its timebox.
struct ItemTimer {
    elapsed: i64,
    timebox: Option<i64>,
    running: bool,
}

impl ItemTimer {
    fn over(&self) -> Option<i64> {
        self.timebox
            .filter(|t| self.elapsed > *t)
            .map(|t| self.elapsed - t)
    }

    /// `17:10` — the elapsed time, minutes and seconds.
    fn clock(&self) -> String {
        format!("{:02}:{:02}", self.elapsed / 60, self.elapsed % 60)
    }

    fn style(&self, theme: &Theme) -> Style {
        if self.over().is_some() {
            theme.warning
        } else {
            theme.heading
        }
    }

    /// `of 15:00 · +2:10 over · running`
    fn detail_spans(&self, theme: &Theme) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        if let Some(t) = self.timebox {
            spans.push(Span::styled(format!("of {} · ", short(t)), theme.text));
            match self.over() {
                Some(over) => spans.push(Span::styled(
                    format!("+{} over", short(over)),
                    theme.warning.add_modifier(Modifier::BOLD),
                )),
                None => spans.push(Span::styled(
                    format!("{} left", short(t - self.elapsed)),
                    theme.text,
                )),
            }
        } else {
            spans.push(Span::styled("no timebox", theme.text));
        }
        spans.push(Span::styled(
            if self.running {
                " · running"
            } else {
                " · paused"
            },
            theme.text,
        ));
        spans
    }

    fn detail_line(&self, theme: &Theme) -> Line<'static> {
        Line::from(self.detail_spans(theme))
    }

    /// `Time 17:10 of 15:00 · +2:10 over · running`
    fn line(&self, theme: &Theme) -> Line<'static> {
        let mut spans = vec![
            Span::styled("Time ", theme.text),
            Span::styled(format!("{} ", self.clock()), self.style(theme)),
        ];
        spans.extend(self.detail_spans(theme));
        Line::from(spans)
    }
}

fn item_timer(app: &App, item: &Item) -> ItemTimer {
    let now = app.moment();
    ItemTimer {
        elapsed: item.state.timer.elapsed(now).num_seconds().max(0),
        timebox: item.priority.timebox_minutes.map(|m| i64::from(m) * 60),
        running: item.state.timer.is_running(),
    }
}

/// Seconds as `m:ss`.
fn short(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

/// The decision, as a word and a symbol, across the full width.
fn render_banner(frame: &mut Frame, area: Rect, theme: &Theme, item: &Item, big: bool) {
    let status = &item.state.status;
    // The same symbols as the board's status column.
    let (symbol, _) = crate::app::status_label(status);
    let word = match status {
        Status::Accepted { .. } => "ACCEPTED",
        Status::Rejected => "REJECTED",
        Status::KeptLocal => "KEPT LOCAL",
        Status::Deferred => "DEFERRED",
        Status::Undecided => return,
    };
    let unit = item.indicator.map(unit_suffix).unwrap_or_default();
    let detail = match status {
        Status::Accepted { target: Some(t) } => format!(
            "agreed target {}{unit} by {}",
            fmt_value(t.value),
            display_line_cut(&t.period, 32)
        ),
        Status::Accepted { target: None } => "target to be set".to_string(),
        Status::KeptLocal => "not designated · kept as a local priority".to_string(),
        Status::Rejected => "not designated".to_string(),
        Status::Deferred => "to come back later".to_string(),
        Status::Undecided => String::new(),
    };
    let style = status_style(status, theme).add_modifier(Modifier::BOLD);
    let text = format!(" {symbol} {word} · {detail} ");
    if big {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_type(BorderType::Thick)
            .border_style(style);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, inner.width as usize), style)).centered(),
            inner,
        );
    } else {
        let text = fit(&text, area.width as usize);
        let side = (area.width as usize).saturating_sub(text.width());
        let left = side / 2;
        let line = Line::from(vec![
            Span::styled("━".repeat(left), style),
            Span::styled(text, style),
            Span::styled("━".repeat(side - left), style),
        ]);
        frame.render_widget(Paragraph::new(line), area);
    }
}

// ---------------------------------------------------------------------------
// Evidence: headline figures, trend, breakdown

fn unit_suffix(ind: &Indicator) -> String {
    match ind.unit.as_deref() {
        Some("%") => "%".to_string(),
        _ => String::new(),
    }
}

/// The series' line: half blocks, thick enough to read from the back.
const SERIES_MARKER: Marker = Marker::HalfBlock;
/// Pixels a cell holds across and down for [`SERIES_MARKER`].
const SERIES_PIXELS: (f64, f64) = (1.0, 2.0);
/// The smallest useful trend chart, caption and axes included.
const MIN_CHART: u16 = 8;

/// One key figure: what it is, for which period, and the value.
struct Figure {
    label: &'static str,
    period: String,
    value: String,
    numeric: bool,
    style: Style,
}

fn figures(ind: &Indicator, status: &Status, theme: &Theme) -> Vec<Figure> {
    let unit = unit_suffix(ind);
    let figure = |label: &'static str, pv: Option<&PeriodValue>, style: Style| match pv {
        Some(pv) => Figure {
            label,
            period: display_line_cut(&pv.period, 16),
            value: format!("{}{unit}", fmt_value(pv.value)),
            numeric: true,
            style,
        },
        None => Figure {
            label,
            period: String::new(),
            value: "none".to_string(),
            numeric: false,
            style: theme.text,
        },
    };
    let mut out = vec![
        figure("Latest", ind.latest(), theme.heading),
        figure("Baseline", ind.baseline.as_ref(), theme.heading),
        figure("Proposed", ind.proposed_target.as_ref(), theme.heading),
    ];
    if let Status::Accepted { target } = status {
        out.push(match target {
            Some(t) => figure("Agreed ✓", Some(t), theme.accepted),
            None => Figure {
                label: "Agreed",
                period: String::new(),
                value: "target to be set".to_string(),
                numeric: false,
                style: theme.warning,
            },
        });
    }
    out
}

/// The polarity in words, longest first: the caller takes what fits.
fn polarity_words(ind: &Indicator) -> [&'static str; 3] {
    match ind.polarity {
        Some(Polarity::HigherIsBetter) => ["↑ higher is better", "↑ is better", "↑"],
        Some(Polarity::LowerIsBetter) => ["↓ lower is better", "↓ is better", "↓"],
        None => ["", "", ""],
    }
}

/// Draws `lines` at the top of what is left of `area`, and takes them off it.
fn put(frame: &mut Frame, area: &mut Rect, lines: Vec<Line>) {
    let height = (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, area.width, height),
    );
    area.y += height;
    area.height -= height;
}

fn render_evidence(frame: &mut Frame, area: Rect, theme: &Theme, item: &Item, big: bool) {
    let width = area.width as usize;
    let Some(ind) = item.indicator else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No indicator in the pack for this priority.",
                theme.text,
            )),
            area,
        );
        return;
    };
    let mut rest = area;

    // The indicator: code, title, unit.
    let code = display_line_cut(&ind.code, 32);
    let title = display_line_cut(&ind.title, TEXT_BUDGET);
    let mut head = Vec::new();
    for (i, l) in wrap(&title, width.saturating_sub(code.width() + 1), 2)
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 {
            Span::styled(format!("{code} "), theme.key)
        } else {
            Span::raw(" ".repeat(code.width() + 1))
        };
        head.push(Line::from(vec![lead, Span::styled(l, theme.heading)]));
    }
    if let Some(u) = ind.unit.as_deref().filter(|u| *u != "%") {
        head.push(Line::styled(
            fit_words(&display_line_cut(u, TEXT_BUDGET), width),
            theme.text,
        ));
    }
    put(frame, &mut rest, head);

    // The figures: big cards when they fit, else an aligned table.
    let figs = figures(ind, &item.state.status, theme);
    let card_width = area.width / figs.len() as u16;
    let cards = big
        && card_width >= 14
        && rest.height >= 6 + MIN_CHART
        && figs.iter().all(|f| {
            !f.numeric
                || big_glyphs(&f.value)
                    .is_some_and(|g| g.chars().count() as u16 * 4 + 2 <= card_width)
        });
    let polarity = polarity_words(ind);
    let (quality, quality_style) = match ind.quality {
        Some(Quality::Weak) => ("weak ⚑", theme.warning),
        Some(q) => (q.as_str(), theme.text),
        None => ("not stated", theme.text),
    };
    let mut after = Vec::new();
    if cards {
        let row = Rect::new(rest.x, rest.y, rest.width, 5);
        render_cards(frame, row, theme, &figs, card_width);
        rest.y += 5;
        rest.height -= 5;
        let mut spans = vec![
            Span::styled(format!("{:<10}", "Quality"), theme.text),
            Span::styled(quality, quality_style),
        ];
        if !polarity[0].is_empty() {
            spans.push(Span::styled(format!("    {}", polarity[0]), theme.text));
        }
        after.push(fit_line(spans, width));
    } else {
        after.extend(figure_table(&figs, &polarity, theme, width));
        after.push(Line::from(vec![
            Span::styled(format!("{:<10}", "Quality"), theme.text),
            Span::styled(quality, quality_style),
        ]));
    }
    // Comparators, as many whole ones as fit, if a chart still fits below.
    if !ind.comparators.is_empty() && rest.height >= after.len() as u16 + 2 + MIN_CHART {
        let unit = unit_suffix(ind);
        let room = width.saturating_sub(10);
        let mut text = String::new();
        for (name, v) in &ind.comparators {
            let next = format!("{} {}{unit}", display_line_cut(name, 40), fmt_value(*v));
            let joined = if text.is_empty() {
                next
            } else {
                format!("{text} · {next}")
            };
            if joined.width() > room {
                break;
            }
            text = joined;
        }
        if !text.is_empty() {
            after.push(Line::from(vec![
                Span::styled(format!("{:<10}", "Compare"), theme.text),
                Span::styled(text, theme.text),
            ]));
        }
    }
    put(frame, &mut rest, after);

    // The trend and the breakdown below, after a blank line.
    if rest.height < 4 {
        return;
    }
    let charts = Rect::new(rest.x, rest.y + 1, rest.width, rest.height - 1);
    let has_trend = ind.series.iter().filter(|p| p.value.is_finite()).count() >= 2;
    let areas = ind.breakdown.len() as u16;
    let spaced = 2 * areas; // heading, bars one row apart
    let packed = areas + 1;
    let stacked = |bars: u16| {
        let [trend, _, bars_area] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(bars),
        ])
        .areas(charts);
        (trend, bars_area)
    };
    let (trend, bars) = match (has_trend, areas > 0) {
        (true, true) if charts.height >= 14 + 1 + spaced => {
            let (t, b) = stacked(spaced);
            (Some(t), Some(b))
        }
        (true, true) if charts.height >= MIN_CHART + 1 + packed => {
            let (t, b) = stacked(packed);
            (Some(t), Some(b))
        }
        (true, true) if charts.width >= 90 && charts.height >= MIN_CHART => {
            let [t, _, b] = Layout::horizontal([
                Constraint::Percentage(58),
                Constraint::Length(3),
                Constraint::Fill(1),
            ])
            .areas(charts);
            (Some(t), Some(b))
        }
        (true, _) if charts.height >= MIN_CHART => (Some(charts), None),
        (_, true) if charts.height >= 3 => (None, Some(charts)),
        _ => (None, None),
    };
    if let Some(t) = trend {
        render_trend(frame, t, theme, ind);
    }
    if let Some(b) = bars {
        render_breakdown(frame, b, theme, ind);
    }
}

/// The figures as cards: label and period above, the value in big text.
fn render_cards(frame: &mut Frame, area: Rect, theme: &Theme, figs: &[Figure], card_width: u16) {
    for (i, f) in figs.iter().enumerate() {
        let x = area.x + i as u16 * card_width;
        let card =
            Rect::new(x, area.y, card_width.saturating_sub(2), area.height).intersection(area);
        let mut label = vec![Span::styled(f.label, theme.text)];
        if !f.period.is_empty() {
            label.push(Span::styled(format!(" {}", f.period), theme.text));
        }
        frame.render_widget(
            Paragraph::new(fit_line(label, card.width as usize)),
            Rect::new(card.x, card.y, card.width, 1),
        );
        let value_area = Rect::new(card.x, card.y + 1, card.width, card.height - 1);
        match big_glyphs(&f.value).filter(|_| f.numeric) {
            Some(g) => frame.render_widget(
                BigText::builder()
                    .pixel_size(PixelSize::Quadrant)
                    .style(f.style)
                    .lines(vec![Line::from(g)])
                    .build(),
                value_area,
            ),
            None => frame.render_widget(
                Paragraph::new(Line::styled(
                    fit_words(&f.value, card.width as usize),
                    f.style,
                )),
                Rect::new(value_area.x, value_area.y + 1, value_area.width, 1),
            ),
        }
    }
}

/// The figures as an aligned table: label, value, period, and the polarity
/// beside the proposed target when there is room for it.
fn figure_table(
    figs: &[Figure],
    polarity: &[&'static str; 3],
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let value_width = figs
        .iter()
        .filter(|f| f.numeric)
        .map(|f| f.value.width())
        .max()
        .unwrap_or(4);
    let period_width = figs.iter().map(|f| f.period.width()).max().unwrap_or(0);
    figs.iter()
        .map(|f| {
            let mut spans = vec![Span::styled(format!("{:<10}", f.label), theme.text)];
            if !f.numeric {
                spans.push(Span::styled(f.value.clone(), f.style));
                return fit_line(spans, width);
            }
            spans.push(Span::styled(format!("{:>value_width$}", f.value), f.style));
            spans.push(Span::styled(
                format!("  {:<period_width$}", f.period),
                theme.text,
            ));
            if f.label == "Proposed" {
                let used = 10 + value_width + 2 + period_width + 2;
                if let Some(words) = polarity
                    .iter()
                    .find(|w| !w.is_empty() && used + w.width() <= width)
                {
                    spans.push(Span::styled(format!("  {words}"), theme.text));
                }
            }
            fit_line(spans, width)
        })
        .collect()
}

/// The series as a line chart, the proposed target as a dotted line across
/// it. The axes are drawn here rather than by the chart, so that each
/// period's label sits under its own point.
fn render_trend(frame: &mut Frame, area: Rect, theme: &Theme, ind: &Indicator) {
    let points: Vec<(f64, f64)> = ind
        .series
        .iter()
        .enumerate()
        .filter(|(_, p)| p.value.is_finite())
        .map(|(i, p)| (i as f64, p.value))
        .collect();
    if points.len() < 2 || area.height < 5 || area.width < 20 {
        return;
    }
    let n = ind.series.len();
    let last_x = (n - 1) as f64;
    let unit = unit_suffix(ind);
    let target = ind.proposed_target.as_ref().filter(|t| t.value.is_finite());

    // Caption: what the marks mean, in words.
    let mut captions = vec![vec![
        Span::styled("Trend  ", theme.heading),
        Span::styled("▀▄ actual", theme.heading),
    ]];
    if let Some(t) = target {
        let value = format!("{}{unit}", fmt_value(t.value));
        let period = display_line_cut(&t.period, 16);
        captions = [
            format!("   ••• proposed target {value} by {period}"),
            format!("   ••• proposed {value} by {period}"),
            format!("   ••• proposed {value}"),
            "   ••• proposed".to_string(),
        ]
        .into_iter()
        .map(|words| {
            let mut c = captions[0].clone();
            c.push(Span::styled(words, theme.key));
            c
        })
        .collect();
    }
    let caption = captions
        .iter()
        .find(|c| c.iter().map(|s| s.width()).sum::<usize>() <= area.width as usize)
        .unwrap_or(captions.last().expect("one caption at least"))
        .clone();
    frame.render_widget(
        Paragraph::new(fit_line(caption, area.width as usize)),
        Rect::new(area.x, area.y, area.width, 1),
    );

    // The value axis: round bounds, labels on round ticks.
    let mut lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let mut hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if let Some(t) = target {
        lo = lo.min(t.value);
        hi = hi.max(t.value);
    }
    let (lo, hi, step) = nice_bounds(lo, hi);
    let intervals = ((hi - lo) / step).round().max(1.0) as usize;
    let ticks: Vec<(f64, String)> = (0..=intervals)
        .map(|k| {
            let v = lo + k as f64 * step;
            (v, format!("{}{unit}", fmt_value(v)))
        })
        .collect();
    let label_width = ticks.iter().map(|(_, l)| l.width()).max().unwrap_or(1) as u16;
    let plot = Rect::new(
        area.x + label_width + 1,
        area.y + 1,
        area.width.saturating_sub(label_width + 1),
        area.height - 3,
    );
    if plot.width < 4 || plot.height < 2 {
        return;
    }
    let row_of = |v: f64| -> u16 {
        let pixels = f64::from(plot.height) * SERIES_PIXELS.1;
        let p = ((hi - v) * (pixels - 1.0) / (hi - lo)).round();
        plot.y + (p / SERIES_PIXELS.1) as u16
    };
    let col_of = |i: usize| -> u16 {
        let pixels = f64::from(plot.width) * SERIES_PIXELS.0;
        let p = (i as f64 * (pixels - 1.0) / last_x).round();
        plot.x + (p / SERIES_PIXELS.0) as u16
    };
    // Every k-th tick, the smallest k that leaves a row between labels.
    let every = (1..=intervals)
        .filter(|k| intervals.is_multiple_of(*k))
        .find(|k| {
            (0..intervals / k).all(|j| row_of(ticks[j * k].0) >= row_of(ticks[(j + 1) * k].0) + 2)
        })
        .unwrap_or(intervals);

    // Period labels: the first and the last always, others where they fit.
    let periods: Vec<String> = ind
        .series
        .iter()
        .map(|p| display_line_cut(&p.period, 12))
        .collect();
    let place = |i: usize| -> (u16, u16) {
        let w = periods[i].width() as u16;
        let start = col_of(i)
            .saturating_sub(w / 2)
            .clamp(area.x, area.right().saturating_sub(w));
        (start, w)
    };
    let (last_start, _) = place(n - 1);
    let mut labels = vec![(0, place(0))];
    for i in 1..n - 1 {
        let (start, w) = place(i);
        let (_, (prev_start, prev_w)) = labels[labels.len() - 1];
        if start >= prev_start + prev_w + 2 && start + w + 2 <= last_start {
            labels.push((i, (start, w)));
        }
    }
    labels.push((n - 1, place(n - 1)));
    if labels[0].1 .0 + labels[0].1 .1 + 2 > last_start {
        labels.pop();
    }

    let axis_x = plot.bottom();
    let buf = frame.buffer_mut();
    for y in plot.top()..plot.bottom() {
        buf[(plot.x - 1, y)].set_symbol("│").set_style(theme.text);
    }
    buf[(plot.x - 1, axis_x)]
        .set_symbol("└")
        .set_style(theme.text);
    for x in plot.left()..plot.right() {
        buf[(x, axis_x)].set_symbol("─").set_style(theme.text);
    }
    for (j, (v, label)) in ticks.iter().enumerate() {
        if !j.is_multiple_of(every) {
            continue;
        }
        let y = row_of(*v);
        buf[(plot.x - 1, y)].set_symbol("┤").set_style(theme.text);
        let w = label.width() as u16;
        buf.set_string(area.x + label_width - w, y, label, theme.text);
    }
    for (i, (start, _)) in &labels {
        buf[(col_of(*i), axis_x)]
            .set_symbol("┬")
            .set_style(theme.text);
        buf.set_string(*start, axis_x + 1, &periods[*i], theme.text);
    }

    let target_line: Vec<(f64, f64)> = target
        .map(|t| vec![(0.0, t.value), (last_x, t.value)])
        .unwrap_or_default();
    let mut datasets = Vec::new();
    if !target_line.is_empty() {
        datasets.push(
            Dataset::default()
                .marker(Marker::Dot)
                .graph_type(GraphType::Line)
                .style(theme.key)
                .data(&target_line),
        );
    }
    datasets.push(
        Dataset::default()
            .marker(SERIES_MARKER)
            .graph_type(GraphType::Line)
            .style(theme.heading)
            .data(&points),
    );
    let chart = Chart::new(datasets)
        .legend_position(None)
        .x_axis(Axis::default().bounds([0.0, last_x]))
        .y_axis(Axis::default().bounds([lo, hi]));
    frame.render_widget(chart, plot);
}

/// Bounds on round numbers that enclose `min..=max`, and the step between
/// round ticks.
fn nice_bounds(min: f64, max: f64) -> (f64, f64, f64) {
    let span = (max - min).abs().max(max.abs() * 0.02).max(1e-6);
    let raw = span / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    let lo = (min / step).floor() * step;
    let mut hi = (max / step).ceil() * step;
    if hi <= lo {
        hi = lo + step;
    }
    (lo, hi, step)
}

/// The sub-area breakdown as horizontal bars, one area a row.
fn render_breakdown(frame: &mut Frame, area: Rect, theme: &Theme, ind: &Indicator) {
    if area.height < 2 {
        return;
    }
    let unit = unit_suffix(ind);
    let rows = (area.height - 1) as usize;
    let shown = &ind.breakdown[..ind.breakdown.len().min(rows)];
    let heading = if shown.len() < ind.breakdown.len() {
        format!("By area (first {} of {})", shown.len(), ind.breakdown.len())
    } else {
        "By area".to_string()
    };
    let [heading_area, bars_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(heading, theme.heading)),
        heading_area,
    );

    let names: Vec<String> = shown
        .iter()
        .map(|a| display_line_cut(&a.area, 16))
        .collect();
    let values: Vec<String> = shown
        .iter()
        .map(|a| format!("{}{unit}", fmt_value(a.value)))
        .collect();
    let name_width = names.iter().map(|s| s.width()).max().unwrap_or(0);
    let value_width = values.iter().map(|s| s.width()).max().unwrap_or(0);
    let scaled = |v: f64| {
        if v.is_finite() && v > 0.0 {
            (v * 100.0).round().min(1e15) as u64
        } else {
            0
        }
    };
    let bars: Vec<Bar> = shown
        .iter()
        .zip(names.iter().zip(values.iter()))
        .map(|(a, (name, value))| {
            Bar::default()
                .value(scaled(a.value))
                .text_value(String::new())
                .label(Line::from(vec![
                    Span::styled(format!("{name:<name_width$} "), theme.text),
                    Span::styled(format!("{value:>value_width$}"), theme.heading),
                ]))
        })
        .collect();
    let max = shown
        .iter()
        .map(|a| scaled(a.value))
        .max()
        .unwrap_or(1)
        .max(1);
    let n = shown.len() as u16;
    // A row between bars when there is room: easier to read from afar.
    let gap = u16::from(2 * n - 1 <= bars_area.height);
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(gap)
        .max(max)
        .bar_style(theme.key);
    frame.render_widget(chart, bars_area);
}

// ---------------------------------------------------------------------------
// The discussion: vertical test, speakers, open objections

fn render_discussion(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    item: &Item,
    big: bool,
) {
    let width = area.width as usize;
    let height = area.height as usize;
    let pack = app.board.pack();
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
            let short = match tier {
                Tier::Local => "Locality",
                Tier::Regional => "Govt Office",
                Tier::Central => "Lead dept",
            };
            format!("{short:<12}")
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
    let who = |id: &str| attendee(pack, id);
    match &state.floor {
        Some(floor) => {
            let (name, org) = who(&floor.attendee);
            let time = format!("  {}", short((now - floor.since).num_seconds()));
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
fn attendee(pack: &Pack, id: &str) -> (String, String) {
    match pack.attendee(id) {
        Some(a) => (
            display_line_cut(&a.name, 80),
            display_line_cut(&a.organisation, 80),
        ),
        None => (display_line_cut(id, 80), String::new()),
    }
}

/// The open objections: as many as fit, their text sharing the rows left.
fn open_objections(
    lines: &mut Vec<Line>,
    app: &App,
    theme: &Theme,
    item: &Item,
    width: usize,
    height: usize,
    big: bool,
) {
    let state = item.state;
    let pack = app.board.pack();
    let who = |id: &str| attendee(pack, id);
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
            let kind_word = o.kind.as_str().replace('_', " ");
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
            let text = display_line_cut(&o.text, text_width * most + 1);
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

// ---------------------------------------------------------------------------
// Footer and helpers

fn gauge_line(app: &App, theme: &Theme, bar_width: usize) -> Line<'static> {
    Line::from(super::header::gauge_spans(app, theme, bar_width))
}

fn render_footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, gauge: bool) {
    let clock = app.now.format("%H:%M").to_string();
    let right = Line::from(vec![
        Span::styled(
            display_line_cut(&app.board.pack().conference.partnership, 60),
            theme.text,
        ),
        Span::styled(" · ", theme.text),
        Span::styled(clock, theme.heading),
    ]);
    if !gauge {
        let right = fit_line(right.spans, area.width as usize);
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
    let right = fit_line(right.spans, right_area.width as usize);
    frame.render_widget(Paragraph::new(right).right_aligned(), right_area);
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
    use super::{big_glyphs, nice_bounds, short, wrap};

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
    fn minutes_and_seconds() {
        assert_eq!(short(130), "2:10");
        assert_eq!(short(-5), "0:00");
    }

    #[test]
    fn big_text_only_for_characters_the_font_has() {
        assert_eq!(big_glyphs("Children’s").as_deref(), Some("Children's"));
        assert_eq!(big_glyphs("漢字"), None);
        assert_eq!(big_glyphs("   "), None);
    }
}
