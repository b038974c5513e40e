//! The indicator's figures as a line chart over time: the baseline, the
//! series joined by a line, and the proposed and agreed targets at their
//! periods, with a dotted path from the latest figure to the target.

use super::figures::unit_suffix;
use super::fit_line;
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::pack::{Indicator, PeriodValue};
use caseboard_core::period_axis::{Mark, PeriodAxis, Point};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::sync::atomic::{AtomicBool, Ordering};
use unicode_width::UnicodeWidthStr;

/// Whether the chart's lines are drawn in braille dots: on unless the
/// terminal is known not to show them (see [`braille_shows`]). Set once at
/// start; every chart drawn after reads it.
static BRAILLE: AtomicBool = AtomicBool::new(true);

/// Draw the charts' lines in braille dots, or in whole-cell dots.
pub fn draw_in_braille(on: bool) {
    BRAILLE.store(on, Ordering::Relaxed);
}

/// Whether a terminal of type `term` (`$TERM`) shows braille: the Linux
/// console's fonts and the old hardware terminals have none; terminal
/// emulators find them in a fallback font.
pub fn braille_shows(term: Option<&str>) -> bool {
    !matches!(term, Some(t) if t == "linux" || t == "dumb" || t.starts_with("vt"))
}

/// The smallest useful trend chart, caption and axes included.
pub(super) const MIN_CHART: u16 = 8;

/// Braille dots a cell holds across and down: the line is drawn in them,
/// so that it joins the points instead of stepping between them.
const DOTS: (u16, u16) = (2, 4);

/// The symbol for each kind of point, drawn over the line, and named in
/// the caption so that no point is told by colour alone.
fn symbol(mark: Mark) -> &'static str {
    match mark {
        Mark::Baseline => "◆",
        Mark::Actual => "●",
        Mark::Proposed => "○",
        Mark::Agreed => "✓",
    }
}

fn style(mark: Mark, theme: &Theme) -> Style {
    match mark {
        Mark::Baseline | Mark::Actual => theme.heading,
        Mark::Proposed => theme.key,
        Mark::Agreed => theme.accepted,
    }
}

/// The caption, longest first: the caller takes the first that fits.
fn captions(axis: &PeriodAxis, unit: &str, theme: &Theme) -> Vec<Vec<Span<'static>>> {
    let has = |mark| axis.marked(mark).next().is_some();
    let target = |mark| {
        axis.marked(mark)
            .next()
            .map(|p| (format!("{}{unit}", fmt_value(p.value)), p.period.clone()))
    };
    let mut out = Vec::new();
    for level in 0..4 {
        let mut spans = Vec::new();
        if level < 3 {
            spans.push(Span::styled("Trend  ", theme.heading));
        }
        let gap = if level < 3 { "  " } else { " " };
        let mut key = |mark: Mark, words: String| {
            if !spans.is_empty() && level == 3 {
                spans.push(Span::raw(gap));
            }
            spans.push(Span::styled(
                format!("{} {words}", symbol(mark)),
                style(mark, theme),
            ));
            if level < 3 {
                spans.push(Span::raw(gap));
            }
        };
        if has(Mark::Actual) {
            key(Mark::Actual, "actual".into());
        }
        if has(Mark::Baseline) {
            key(Mark::Baseline, "baseline".into());
        }
        if let Some((value, period)) = target(Mark::Proposed) {
            key(
                Mark::Proposed,
                match level {
                    0 => format!("proposed target {value} by {period}"),
                    1 => format!("proposed {value} by {period}"),
                    _ => "proposed".into(),
                },
            );
        }
        if let Some((value, period)) = target(Mark::Agreed) {
            key(
                Mark::Agreed,
                match level {
                    0 | 1 => format!("agreed {value} by {period}"),
                    _ => "agreed".into(),
                },
            );
        }
        out.push(spans);
    }
    out
}

/// The figures as a chart in `area`: a caption, the value axis on the
/// left, the period axis below. `agreed` is the target agreed, if any: it
/// adds its point and moves nothing else.
pub(super) fn render_trend(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    ind: &Indicator,
    agreed: Option<&PeriodValue>,
) {
    let braille = BRAILLE.load(Ordering::Relaxed);
    draw_trend(frame, area, theme, ind, agreed, braille);
}

/// As [`render_trend`], in braille or not as told.
fn draw_trend(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    ind: &Indicator,
    agreed: Option<&PeriodValue>,
    braille: bool,
) {
    let Some(axis) = PeriodAxis::of(ind, agreed) else {
        return;
    };
    if area.height < 5 || area.width < 20 {
        return;
    }
    let unit = unit_suffix(ind);

    // Caption: what the marks mean, in words.
    let captions = captions(&axis, &unit, theme);
    let fits = |c: &&Vec<Span>| c.iter().map(|s| s.width()).sum::<usize>() <= area.width as usize;
    if let Some(caption) = captions.iter().find(fits).or(captions.last()) {
        frame.render_widget(
            Paragraph::new(fit_line(caption.clone(), area.width as usize)),
            Rect::new(area.x, area.y, area.width, 1),
        );
    }

    // The value axis: round bounds, labels on round ticks.
    let values = axis.points.iter().map(|p| p.value);
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi, step) = nice_bounds(lo, hi);
    let intervals = ((hi - lo) / step).round().max(1.0);
    // Figures too far apart for a float to span (a pack may hold any
    // number): no chart rather than a scale of infinities.
    if !intervals.is_finite() || intervals > 50.0 {
        return;
    }
    let intervals = intervals as usize;
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
    let dots = (plot.width * DOTS.0, plot.height * DOTS.1);
    let dot_y = |v: f64| -> u16 {
        let last = f64::from(dots.1 - 1);
        ((hi - v) / (hi - lo) * last).round().clamp(0.0, last) as u16
    };
    let dot_of = |p: &Point| (axis.dot(p.at, dots.0), dot_y(p.value));
    let row_of = |v: f64| plot.y + dot_y(v) / DOTS.1;
    // Every k-th tick, the smallest k that leaves a row between labels.
    let every = (1..=intervals)
        .filter(|k| intervals.is_multiple_of(*k))
        .find(|k| {
            (0..intervals / k).all(|j| row_of(ticks[j * k].0) >= row_of(ticks[(j + 1) * k].0) + 2)
        })
        .unwrap_or(intervals);

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
    // Period labels under their points, a tick above each.
    for (start, text) in axis.labels(plot.width) {
        if let Some(p) = axis.points.iter().find(|p| p.period == text) {
            buf[(plot.x + axis.column(p.at, plot.width), axis_x)]
                .set_symbol("┬")
                .set_style(theme.text);
        }
        buf.set_string(plot.x + start, axis_x + 1, &text, theme.text);
    }

    // The series as a line through its points; a dotted path from the
    // latest figure to the target.
    let mut line = Dots::new(dots);
    let actual: Vec<(u16, u16)> = axis.marked(Mark::Actual).map(dot_of).collect();
    for pair in actual.windows(2) {
        line.join(pair[0], pair[1], 1);
    }
    // The path goes to the proposed target, which a decision does not
    // move; to the agreed one only when nothing was proposed.
    let mut path = Dots::new(dots);
    let target = axis
        .marked(Mark::Proposed)
        .next()
        .or_else(|| axis.marked(Mark::Agreed).next());
    if let (Some(from), Some(to)) = (axis.latest(), target) {
        path.join(dot_of(from), dot_of(to), 3);
    }
    path.draw(
        buf,
        plot,
        style(Mark::Proposed, theme),
        (!braille).then_some('·'),
    );
    line.draw(
        buf,
        plot,
        style(Mark::Actual, theme),
        (!braille).then_some('•'),
    );

    // The points over the lines; where two share a cell, the later kind
    // (actual, baseline, proposed, agreed) shows: a baseline that is also
    // the latest figure still shows as the baseline the caption names.
    let mut points: Vec<&Point> = axis.points.iter().collect();
    points.sort_by_key(|p| match p.mark {
        Mark::Actual => 0,
        Mark::Baseline => 1,
        Mark::Proposed => 2,
        Mark::Agreed => 3,
    });
    for p in points {
        let (x, y) = dot_of(p);
        buf[(plot.x + x / DOTS.0, plot.y + y / DOTS.1)]
            .set_symbol(symbol(p.mark))
            .set_style(style(p.mark, theme));
    }
}

/// A grid of braille dots over a plot, a cell holding 2 × 4 of them.
struct Dots {
    size: (u16, u16),
    on: Vec<bool>,
}

impl Dots {
    fn new(size: (u16, u16)) -> Self {
        Dots {
            size,
            on: vec![false; usize::from(size.0) * usize::from(size.1)],
        }
    }

    fn set(&mut self, x: u16, y: u16) {
        if x < self.size.0 && y < self.size.1 {
            self.on[usize::from(y) * usize::from(self.size.0) + usize::from(x)] = true;
        }
    }

    /// Dots from `a` to `b`, every `every`-th one of them: 1 draws a line,
    /// more a dotted path.
    fn join(&mut self, a: (u16, u16), b: (u16, u16), every: usize) {
        let (dx, dy) = (
            i32::from(b.0) - i32::from(a.0),
            i32::from(b.1) - i32::from(a.1),
        );
        let steps = dx.abs().max(dy.abs()).max(1);
        let along = |from: u16, d: i32, i: i32| {
            (f64::from(from) + f64::from(d * i) / f64::from(steps)).round() as u16
        };
        for i in (0..=steps).step_by(every.max(1)) {
            self.set(along(a.0, dx, i), along(a.1, dy, i));
        }
    }

    /// Each cell with a dot on, as the braille pattern of its dots, or as
    /// `plain` where the terminal shows no braille.
    fn draw(&self, buf: &mut Buffer, plot: Rect, style: Style, plain: Option<char>) {
        // Bit of each dot in a cell, by row then column (Unicode's order).
        const BITS: [[u32; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];
        for row in 0..plot.height {
            for col in 0..plot.width {
                let mut bits = 0;
                for (dy, by_col) in BITS.iter().enumerate() {
                    for (dx, bit) in by_col.iter().enumerate() {
                        let x = usize::from(col * DOTS.0) + dx;
                        let y = usize::from(row * DOTS.1) + dy;
                        if self.on[y * usize::from(self.size.0) + x] {
                            bits |= bit;
                        }
                    }
                }
                if bits == 0 {
                    continue;
                }
                let cell = &mut buf[(plot.x + col, plot.y + row)];
                if let Some(c) = plain {
                    cell.set_char(c).set_style(style);
                    continue;
                }
                // Dots already in the cell, from a path drawn before, stay.
                let under = cell
                    .symbol()
                    .chars()
                    .next()
                    .map(u32::from)
                    .filter(|c| (0x2800..=0x28ff).contains(c))
                    .map_or(0, |c| c - 0x2800);
                if let Some(c) = char::from_u32(0x2800 + (bits | under)) {
                    cell.set_char(c).set_style(style);
                }
            }
        }
    }
}

/// Bounds on round numbers that enclose `min..=max`, and the step between
/// round ticks.
pub(super) fn nice_bounds(min: f64, max: f64) -> (f64, f64, f64) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::test_data::{ni112, pv};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn chart(ind: &Indicator, agreed: Option<&PeriodValue>, size: (u16, u16)) -> Buffer {
        chart_in(ind, agreed, size, true)
    }

    fn chart_in(
        ind: &Indicator,
        agreed: Option<&PeriodValue>,
        size: (u16, u16),
        braille: bool,
    ) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        terminal
            .draw(|f| draw_trend(f, f.area(), &Theme::monochrome(), ind, agreed, braille))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    fn rows(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    /// Where each symbol is drawn below the caption, as (column, row).
    fn find(buf: &Buffer, symbol: &str) -> Vec<(u16, u16)> {
        let mut at = Vec::new();
        for y in 1..buf.area.height {
            for x in 0..buf.area.width {
                if buf[(x, y)].symbol() == symbol {
                    at.push((x, y));
                }
            }
        }
        at
    }

    #[test]
    fn ni_112_before_a_decision() {
        insta::assert_snapshot!(rows(&chart(&ni112(), None, (64, 14))).join("\n"));
    }

    #[test]
    fn ni_112_after_a_decision() {
        let agreed = pv("2010", 26.0);
        insta::assert_snapshot!(rows(&chart(&ni112(), Some(&agreed), (64, 14))).join("\n"));
    }

    #[test]
    fn a_decision_adds_the_agreed_point_and_moves_nothing() {
        let before = chart(&ni112(), None, (64, 14));
        let after = chart(&ni112(), Some(&pv("2010", 26.0)), (64, 14));
        for symbol in ["●", "◆", "○", "┬", "┤"] {
            assert_eq!(find(&before, symbol), find(&after, symbol), "{symbol}");
        }
        assert_eq!(find(&before, "✓").len(), 0);
        let agreed = find(&after, "✓");
        assert_eq!(agreed.len(), 1);
        // In the proposed target's column: both are for 2010.
        assert_eq!(agreed[0].0, find(&after, "○")[0].0);
        // Below the caption, only the agreed point changes anything.
        for y in 1..before.area.height {
            for x in 0..before.area.width {
                let (was, is) = (before[(x, y)].symbol(), after[(x, y)].symbol());
                assert!(was == is || (x, y) == agreed[0], "({x}, {y}) {was} → {is}");
            }
        }
    }

    #[test]
    fn a_two_point_series_is_two_points_joined_by_a_line() {
        let mut ind = ni112();
        ind.baseline = None;
        ind.proposed_target = None;
        ind.series = vec![pv("2006/07", 12.0), pv("2007/08", 14.0)];
        let buf = chart(&ind, None, (40, 10));
        let mut points = find(&buf, "●");
        points.sort();
        assert_eq!(points.len(), 2, "{:#?}", rows(&buf));
        // Every column between them has a dot of the line, and nothing
        // steps beyond them.
        let plotted = |x: u16| {
            (1..buf.area.height - 2).any(|y| {
                let s = buf[(x, y)].symbol();
                s == "●" || s.chars().all(|c| ('\u{2800}'..='\u{28ff}').contains(&c))
            })
        };
        assert!((points[0].0..=points[1].0).all(plotted));
        assert!(
            !(points[1].0 + 1..buf.area.width).any(plotted),
            "{:#?}",
            rows(&buf)
        );
        let labels = rows(&buf).last().cloned().unwrap_or_default();
        assert!(labels.contains("2006/07") && labels.contains("2007/08"));
    }

    #[test]
    fn one_years_figure_stands_between_its_baseline_and_its_target() {
        let mut ind = ni112();
        ind.series.truncate(1);
        let buf = chart(&ind, None, (64, 14));
        let (baseline, actual, target) = (find(&buf, "◆"), find(&buf, "●"), find(&buf, "○"));
        assert_eq!((baseline.len(), actual.len(), target.len()), (1, 1, 1));
        assert!(baseline[0].0 < actual[0].0 && actual[0].0 < target[0].0);
    }

    #[test]
    fn without_braille_the_same_points_on_whole_cell_dots() {
        let braille = chart(&ni112(), None, (64, 14));
        let plain = chart_in(&ni112(), None, (64, 14), false);
        for symbol in ["●", "◆", "○", "┬"] {
            assert_eq!(find(&braille, symbol), find(&plain, symbol), "{symbol}");
        }
        let text = rows(&plain).join("\n");
        assert!(!text.chars().any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)));
        assert!(text.contains('•') && text.contains('·'), "{text}");
        insta::assert_snapshot!("ni_112_without_braille", text);
    }

    #[test]
    fn the_consoles_without_braille() {
        assert!(braille_shows(Some("xterm-256color")));
        assert!(braille_shows(Some("tmux-256color")));
        assert!(braille_shows(None));
        assert!(!braille_shows(Some("linux")));
        assert!(!braille_shows(Some("vt220")));
        assert!(!braille_shows(Some("dumb")));
    }

    proptest::proptest! {
        #[test]
        fn any_figures_draw_without_panicking(
            figures in proptest::collection::vec((".{0,12}", proptest::num::f64::ANY), 0..6),
            target in proptest::option::of((".{0,12}", -1e9f64..1e9)),
            width in 0u16..90,
            height in 0u16..20,
        ) {
            let mut ind = ni112();
            ind.series = figures.iter().map(|(p, v)| pv(p, *v)).collect();
            let agreed = target.map(|(p, v)| pv(&p, v));
            chart(&ind, agreed.as_ref(), (width, height));
        }
    }
}
