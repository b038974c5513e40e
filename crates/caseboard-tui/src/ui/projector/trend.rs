//! The indicator's series as a line chart against its proposed target.

use super::figures::unit_suffix;
use super::fit_line;
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::pack::Indicator;
use caseboard_core::text::display_line_cut;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The series' line: half blocks, thick enough to read from the back.
pub(super) const SERIES_MARKER: Marker = Marker::HalfBlock;
/// Pixels a cell holds across and down for [`SERIES_MARKER`].
pub(super) const SERIES_PIXELS: (f64, f64) = (1.0, 2.0);
/// The smallest useful trend chart, caption and axes included.
pub(super) const MIN_CHART: u16 = 8;

/// The series as a line chart, the proposed target as a dotted line across
/// it. The axes are drawn here rather than by the chart, so that each
/// period's label sits under its own point.
pub(super) fn render_trend(frame: &mut Frame, area: Rect, theme: &Theme, ind: &Indicator) {
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
