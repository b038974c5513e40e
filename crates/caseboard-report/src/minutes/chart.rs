//! A decided priority's headline indicator as an inline SVG chart: the
//! series at its periods, the baseline, the proposed and agreed targets at
//! their years, the comparators as labelled horizontal lines, with a title
//! and a description in words for readers who cannot see it.

use super::html::esc;
use super::model::{Chart, Figure};
use caseboard_core::event::exact_value;
use std::fmt::Write;

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 128.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// What a point on the chart is.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Baseline,
    Actual,
    Proposed,
    Agreed,
}

impl Mark {
    fn word(self) -> &'static str {
        match self {
            Mark::Baseline => "baseline",
            Mark::Actual => "actual",
            Mark::Proposed => "proposed target",
            Mark::Agreed => "agreed target",
        }
    }
}

/// The chart's figures in the order they are described: baseline, the
/// series, proposed, agreed. Figures that are not numbers are left out.
fn points(c: &Chart) -> Vec<(Mark, &Figure)> {
    let mut all: Vec<(Mark, &Figure)> = Vec::new();
    all.extend(c.baseline.iter().map(|f| (Mark::Baseline, f)));
    all.extend(c.series.iter().map(|f| (Mark::Actual, f)));
    all.extend(c.proposed.iter().map(|f| (Mark::Proposed, f)));
    all.extend(c.agreed.iter().map(|f| (Mark::Agreed, f)));
    all.retain(|(_, f)| f.value.is_finite());
    all
}

/// The chart's description: every figure in words.
pub(super) fn description(c: &Chart) -> String {
    let mut s = format!("{} {}", c.code.trim(), c.indicator.trim());
    if let Some(unit) = &c.unit {
        let _ = write!(s, " ({})", unit.trim());
    }
    s.push_str(". ");
    let figures: Vec<String> = points(c)
        .iter()
        .map(|(mark, f)| format!("{} {}", mark.word(), f.words()))
        .collect();
    if figures.is_empty() {
        s.push_str("No figures.");
    } else {
        let _ = write!(s, "{}.", figures.join("; "));
    }
    let comparators: Vec<String> = c
        .comparators
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(name, v)| format!("{} {}", name.trim(), exact_value(*v)))
        .collect();
    if !comparators.is_empty() {
        let _ = write!(s, " Comparators: {}.", comparators.join("; "));
    }
    s
}

/// The SVG element, or `None` when there is not a single figure to draw.
pub(super) fn svg(c: &Chart, id: &str) -> Option<String> {
    let points = points(c);
    let comparators: Vec<&(String, f64)> = c
        .comparators
        .iter()
        .filter(|(_, v)| v.is_finite())
        .collect();
    if points.is_empty() {
        return None;
    }
    // Placed in time when every period says when; else evenly, in order.
    let timed = points.iter().all(|(_, f)| f.at.is_some());
    let xs: Vec<f64> = points
        .iter()
        .enumerate()
        .map(|(i, (_, f))| if timed { f.at.unwrap_or(0.0) } else { i as f64 })
        .collect();
    let (mut x0, mut x1) = span(xs.iter().copied());
    if x1 - x0 < 1e-9 {
        x0 -= 1.0;
        x1 += 1.0;
    }
    let values = points
        .iter()
        .map(|(_, f)| f.value)
        .chain(comparators.iter().map(|(_, v)| *v));
    let (lo, hi) = span(values);
    let pad = if hi - lo < 1e-9 {
        lo.abs().max(1.0) * 0.1
    } else {
        (hi - lo) * 0.12
    };
    let (y0, y1) = (lo - pad, hi + pad);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |v: f64| LEFT + 12.0 + (v - x0) / (x1 - x0) * (plot_w - 24.0);
    let y = |v: f64| TOP + (y1 - v) / (y1 - y0) * plot_h;

    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(&format!(
            "{} {}: {} {}",
            c.priority.trim(),
            c.title.trim(),
            c.code.trim(),
            c.indicator.trim()
        )),
        esc(&description(c))
    );
    // The frame and the value axis: lowest and highest figures marked.
    let _ = write!(
        s,
        r##"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999" stroke-width="1"/>"##
    );
    for v in [lo, hi] {
        let _ = write!(
            s,
            r##"<text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#333">{}</text>"##,
            LEFT - 4.0,
            y(v) + 4.0,
            esc(&exact_value(v))
        );
    }
    // Comparators: a dashed line across, its name and value at the right,
    // the labels moved apart where the lines are close.
    let mut labels: Vec<(f64, &(String, f64))> =
        comparators.iter().map(|c| (y(c.1) + 3.5, *c)).collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    for i in 1..labels.len() {
        labels[i].0 = labels[i].0.max(labels[i - 1].0 + 11.0);
    }
    for (label_y, (name, v)) in labels {
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#888" stroke-dasharray="4 3"/><text x="{}" y="{label_y:.1}" font-size="11" fill="#555">{} {}</text>"##,
            LEFT + plot_w,
            y(*v),
            y(*v),
            LEFT + plot_w + 4.0,
            esc(&short(name, 18)),
            esc(&exact_value(*v))
        );
    }
    // The series as a line (the baseline leads into it when it is earlier).
    let mut line: Vec<(f64, f64)> = points
        .iter()
        .zip(&xs)
        .filter(|((m, _), _)| matches!(m, Mark::Baseline | Mark::Actual))
        .map(|((_, f), xv)| (x(*xv), y(f.value)))
        .collect();
    // In time order: a baseline may fall inside the series.
    line.sort_by(|a, b| a.0.total_cmp(&b.0));
    let line: Vec<String> = line
        .iter()
        .map(|(px, py)| format!("{px:.1},{py:.1}"))
        .collect();
    if line.len() > 1 {
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#1f4e79" stroke-width="2"/>"##,
            line.join(" ")
        );
    }
    // Each figure, with its period under the axis where there is room.
    let mut last_label = f64::NEG_INFINITY;
    for ((mark, f), xv) in points.iter().zip(&xs) {
        let (px, py) = (x(*xv), y(f.value));
        let shape = match mark {
            Mark::Actual => {
                format!(r##"<circle cx="{px:.1}" cy="{py:.1}" r="3.5" fill="#1f4e79"/>"##)
            }
            Mark::Baseline => format!(
                r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="#fff" stroke="#1f4e79" stroke-width="2"/>"##,
                px - 4.0,
                py - 4.0
            ),
            Mark::Proposed => format!(
                r##"<circle cx="{px:.1}" cy="{py:.1}" r="5" fill="#fff" stroke="#b35c00" stroke-width="2"/>"##
            ),
            Mark::Agreed => format!(
                r##"<path d="M {px:.1} {:.1} L {:.1} {py:.1} L {px:.1} {:.1} L {:.1} {py:.1} Z" fill="#2e7d32"/>"##,
                py - 7.0,
                px + 7.0,
                py + 7.0,
                px - 7.0
            ),
        };
        s.push_str(&shape);
        if matches!(mark, Mark::Proposed | Mark::Agreed | Mark::Baseline) {
            // Near the right edge the label stands to the left of its
            // point, clear of the comparators' labels.
            let (lx, anchor) = match px > LEFT + plot_w - 80.0 {
                true => (px - 9.0, "end"),
                false => (px + 8.0, "start"),
            };
            let _ = write!(
                s,
                r##"<text x="{lx:.1}" y="{:.1}" font-size="11" text-anchor="{anchor}" fill="#333">{}</text>"##,
                py - 6.0,
                esc(&format!("{} {}", mark_short(*mark), exact_value(f.value)))
            );
        }
        if px - last_label >= 44.0 {
            let _ = write!(
                s,
                r##"<text x="{px:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#333">{}</text>"##,
                TOP + plot_h + 14.0,
                esc(&short(&f.period, 12))
            );
            last_label = px;
        }
    }
    // The key.
    let ky = HEIGHT - 10.0;
    let _ = write!(
        s,
        r##"<g font-size="11" fill="#333"><rect x="{LEFT}" y="{:.1}" width="8" height="8" fill="#fff" stroke="#1f4e79" stroke-width="2"/><text x="{}" y="{ky}">baseline</text><circle cx="{}" cy="{:.1}" r="3.5" fill="#1f4e79"/><text x="{}" y="{ky}">actual</text><circle cx="{}" cy="{:.1}" r="5" fill="#fff" stroke="#b35c00" stroke-width="2"/><text x="{}" y="{ky}">proposed</text><path d="M {} {:.1} l 6 6 l -6 6 l -6 -6 Z" fill="#2e7d32"/><text x="{}" y="{ky}">agreed</text><line x1="{}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#888" stroke-dasharray="4 3"/><text x="{}" y="{ky}">comparator</text></g>"##,
        ky - 8.0,
        LEFT + 12.0,
        LEFT + 74.0,
        ky - 4.0,
        LEFT + 82.0,
        LEFT + 134.0,
        ky - 4.0,
        LEFT + 144.0,
        LEFT + 206.0,
        ky - 10.0,
        LEFT + 214.0,
        LEFT + 262.0,
        LEFT + 282.0,
        ky - 4.0,
        ky - 4.0,
        LEFT + 286.0,
    );
    s.push_str("</svg>");
    Some(s)
}

fn mark_short(mark: Mark) -> &'static str {
    match mark {
        Mark::Baseline => "baseline",
        Mark::Actual => "",
        Mark::Proposed => "proposed",
        Mark::Agreed => "agreed",
    }
}

fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// At most `n` characters, an ellipsis marking the cut.
fn short(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(n - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::{description, svg};
    use crate::minutes::model::{Chart, Figure};

    fn figure(period: &str, value: f64) -> Figure {
        Figure {
            period: period.into(),
            value,
            at: caseboard_core::period::when(period).map(|w| w.middle()),
        }
    }

    fn chart() -> Chart {
        Chart {
            priority: "P25".into(),
            title: "Reduce alcohol-related harm".into(),
            code: "NI 39".into(),
            indicator: "Alcohol-harm related hospital admission rates".into(),
            unit: Some("rate per 100,000".into()),
            outcome: "agreed".into(),
            series: vec![figure("2005/06", 1400.0), figure("2006/07", 1470.0)],
            baseline: Some(figure("2007/08", 1531.0)),
            proposed: Some(figure("2010/11", 1630.0)),
            agreed: Some(figure("2010/11", 1480.0)),
            comparators: vec![("England".into(), 1473.0), ("Region".into(), 1475.0)],
        }
    }

    /// The x of each figure drawn as `tag` (not the key's), by its attribute `attr`.
    fn xs(doc: &roxmltree::Document, tag: &str, attr: &str) -> Vec<f64> {
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name(tag))
            .filter_map(|n| n.attribute(attr)?.parse().ok())
            .collect()
    }

    #[test]
    fn figures_stand_at_their_years_and_are_said_in_words() {
        let c = chart();
        let text = svg(&c, "c1").expect("drawn");
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        // The series' points, then the proposed target's ring: in time order.
        let circles = xs(&doc, "circle", "cx");
        assert!(
            circles[0] < circles[1] && circles[1] < circles[2],
            "{circles:?}"
        );
        // The line runs left to right though the baseline comes first.
        let line = doc
            .descendants()
            .find(|n| n.has_tag_name("polyline"))
            .expect("a line");
        let points: Vec<f64> = line
            .attribute("points")
            .unwrap()
            .split(' ')
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(points.windows(2).all(|w| w[0] <= w[1]), "{points:?}");
        // Close comparators' labels are moved apart.
        let labels: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter(|n| {
                n.text()
                    .is_some_and(|t| t.starts_with("England") || t.starts_with("Region"))
            })
            .map(|n| n.attribute("y").unwrap().parse().unwrap())
            .collect();
        assert_eq!(labels.len(), 2);
        assert!((labels[0] - labels[1]).abs() >= 11.0, "{labels:?}");
        assert_eq!(
            description(&c),
            "NI 39 Alcohol-harm related hospital admission rates (rate per 100,000). \
             baseline 2007/08: 1531; actual 2005/06: 1400; actual 2006/07: 1470; \
             proposed target 2010/11: 1630; agreed target 2010/11: 1480. \
             Comparators: England 1473; Region 1475."
        );
    }

    #[test]
    fn periods_without_a_place_in_time_stand_evenly_and_nothing_breaks_the_markup() {
        let mut c = chart();
        c.series = vec![
            figure("spring survey", 3.0),
            figure("autumn survey", f64::NAN),
        ];
        c.baseline = None;
        c.agreed = None;
        c.title = "</title><script>alert(1)</script>".into();
        c.comparators = vec![
            ("<b>\"x\" & 'y'".into(), f64::INFINITY),
            ("Region".into(), 4.0),
        ];
        let text = svg(&c, "c2").expect("drawn");
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        assert!(!text.contains("<script"));
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(
            title.contains("</title><script>alert(1)</script>"),
            "{title}"
        );
        // The figure that is not a number and the infinite comparator are left out.
        assert_eq!(xs(&doc, "circle", "cx").len(), 2);
        assert!(!text.contains("NaN") && !text.contains("inf"));
        // Nothing to draw, no chart.
        c.series.clear();
        c.proposed = None;
        assert!(svg(&c, "c3").is_none());
    }
}
