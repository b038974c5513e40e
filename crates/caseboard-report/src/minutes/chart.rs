//! A decided priority's headline indicator as an inline SVG chart: the
//! series at its periods, the baseline, the proposed and agreed targets at
//! their years, the comparators as labelled horizontal lines, with a title
//! and a description in words for readers who cannot see it.

use super::html::esc;
use super::model::{Chart, Figure};
use caseboard_core::event::exact_value;
use caseboard_core::period_axis::{Mark, PeriodAxis};
use std::fmt::Write;

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 128.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// The chart's figures on the axis the screen's charts use, a single
/// figure included: baseline, the series in time order, proposed, agreed.
/// Figures that are not numbers are left out.
pub(super) fn axis(c: &Chart) -> PeriodAxis {
    PeriodAxis::place(
        c.baseline
            .iter()
            .map(|f| figure(Mark::Baseline, f))
            .chain(c.series.iter().map(|f| figure(Mark::Actual, f)))
            .chain(c.proposed.iter().map(|f| figure(Mark::Proposed, f)))
            .chain(c.agreed.iter().map(|f| figure(Mark::Agreed, f))),
    )
}

fn figure(mark: Mark, f: &Figure) -> (Mark, &str, f64) {
    (mark, f.period.as_str(), f.value)
}

/// The chart's description: every figure on `axis` in words.
pub(super) fn description(c: &Chart, axis: &PeriodAxis) -> String {
    let mut s = format!("{} {}", c.code.trim(), c.indicator.trim());
    if let Some(unit) = &c.unit {
        let _ = write!(s, " ({})", unit.trim());
    }
    s.push_str(". ");
    let figures: Vec<String> = axis
        .points
        .iter()
        .map(|p| format!("{} {}: {}", p.mark.word(), p.written, exact_value(p.value)))
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

/// The SVG element for the figures on `axis` (see [`axis`]), or `None`
/// when there is not a single figure to draw.
pub(super) fn svg(c: &Chart, axis: &PeriodAxis, id: &str) -> Option<String> {
    let points = &axis.points;
    let comparators: Vec<&(String, f64)> = c
        .comparators
        .iter()
        .filter(|(_, v)| v.is_finite())
        .collect();
    if points.is_empty() {
        return None;
    }
    // From the first figure to the last, as the axis places them.
    let (mut x0, mut x1) = span(points.iter().map(|p| p.at));
    if x1 - x0 < 1e-9 {
        x0 -= 1.0;
        x1 += 1.0;
    }
    let values = points
        .iter()
        .map(|p| p.value)
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
        esc(&description(c, axis))
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
        .filter(|p| matches!(p.mark, Mark::Baseline | Mark::Actual))
        .map(|p| (x(p.at), y(p.value)))
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
    for p in points {
        let (px, py) = (x(p.at), y(p.value));
        let shape = match p.mark {
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
        if matches!(p.mark, Mark::Proposed | Mark::Agreed | Mark::Baseline) {
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
                esc(&format!("{} {}", mark_short(p.mark), exact_value(p.value)))
            );
        }
        if px - last_label >= 44.0 {
            let _ = write!(
                s,
                r##"<text x="{px:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#333">{}</text>"##,
                TOP + plot_h + 14.0,
                esc(&p.period)
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
    use super::{axis, description, svg};
    use crate::minutes::model::{Chart, Figure};
    use caseboard_core::pack::{Indicator, PeriodValue};
    use caseboard_core::period_axis::PeriodAxis;

    fn figure(period: &str, value: f64) -> Figure {
        Figure {
            period: period.into(),
            value,
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
        let text = svg(&c, &axis(&c), "c1").expect("drawn");
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
            description(&c, &axis(&c)),
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
        let text = svg(&c, &axis(&c), "c2").expect("drawn");
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
        assert!(svg(&c, &axis(&c), "c3").is_none());
    }

    /// Each figure drawn as a circle of radius `r`, as (x, y).
    fn circles(doc: &roxmltree::Document, r: &str) -> Vec<(f64, f64)> {
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name("circle") && n.attribute("r") == Some(r))
            .filter_map(|n| {
                Some((
                    n.attribute("cx")?.parse().ok()?,
                    n.attribute("cy")?.parse().ok()?,
                ))
            })
            .collect()
    }

    #[test]
    fn a_series_out_of_order_stands_in_time_order_as_on_the_screen() {
        let mut c = chart();
        c.series = vec![
            figure("2006/07", 1470.0),
            figure("2004/05", 1300.0),
            figure("2005/06", 1400.0),
        ];
        let text = svg(&c, &axis(&c), "c4").expect("drawn");
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        // Left to right the figures rise: 1300, 1400, 1470.
        let actual = circles(&doc, "3.5");
        assert_eq!(actual.len(), 3);
        assert!(
            actual
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 > w[1].1),
            "{actual:?}"
        );
        assert!(
            description(&c, &axis(&c))
                .contains("actual 2004/05: 1300; actual 2005/06: 1400; actual 2006/07: 1470;"),
            "{}",
            description(&c, &axis(&c))
        );
        // The same axis as the screen's chart of the same indicator.
        let ind: Indicator = serde_json::from_value(serde_json::json!({
            "code": "NI 39",
            "title": "Alcohol-harm related hospital admission rates",
            "baseline": {"period": "2007/08", "value": 1531.0},
            "series": [
                {"period": "2006/07", "value": 1470.0},
                {"period": "2004/05", "value": 1300.0},
                {"period": "2005/06", "value": 1400.0}
            ],
            "proposed_target": {"period": "2010/11", "value": 1630.0}
        }))
        .expect("an indicator");
        let agreed = PeriodValue {
            period: "2010/11".into(),
            value: 1480.0,
        };
        assert_eq!(PeriodAxis::of(&ind, Some(&agreed)), Some(axis(&c)));
    }

    #[test]
    fn periods_without_a_place_in_time_take_one_place_each_as_on_the_screen() {
        let mut c = chart();
        c.baseline = Some(figure("summer", 3.0));
        c.series = vec![figure("spring", 4.0), figure("summer", 3.0)];
        c.proposed = Some(figure("later", 1.0));
        c.agreed = None;
        let text = svg(&c, &axis(&c), "c5").expect("drawn");
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        // The baseline's square sits on the series' summer figure.
        let actual = circles(&doc, "3.5");
        let square: Vec<f64> = xs(&doc, "rect", "x");
        // The frame is the first rect; the baseline's square is 4 left of
        // its point.
        assert_eq!(square.len(), 2);
        assert!(
            (square[1] + 4.0 - actual[1].0).abs() < 0.01,
            "{square:?} {actual:?}"
        );
        // Three places for three periods, evenly spaced.
        let ring = circles(&doc, "5");
        assert_eq!(ring.len(), 1);
        let gaps = (actual[1].0 - actual[0].0, ring[0].0 - actual[1].0);
        assert!((gaps.0 - gaps.1).abs() < 0.2, "{gaps:?}");
    }
}
