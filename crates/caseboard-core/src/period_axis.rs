//! The time axis every trend chart shares: each figure of an indicator (its
//! baseline, its series, its proposed and agreed targets) placed at its
//! period, on an axis that spans them all, so that the operator's screen,
//! the projector and the printed minutes tell the same story and the same
//! figures always land in the same places.

use crate::pack::{Indicator, PeriodValue};
use crate::period::when;
use crate::text::display_line_cut;
use unicode_width::UnicodeWidthStr;

/// What a point on the chart is. In the order the axis keeps its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    Baseline,
    Actual,
    Proposed,
    Agreed,
}

impl Mark {
    /// The figure's kind in words, as a text beside a chart says it.
    pub fn word(self) -> &'static str {
        match self {
            Mark::Baseline => "baseline",
            Mark::Actual => "actual",
            Mark::Proposed => "proposed target",
            Mark::Agreed => "agreed target",
        }
    }
}

/// One figure placed on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub mark: Mark,
    /// The period as the chart labels it.
    pub period: String,
    /// The period as the pack writes it, uncut: for the figure in words.
    pub written: String,
    pub value: f64,
    /// Where on the axis, in the axis's own units (years when timed).
    pub at: f64,
}

/// The figures of one indicator on one axis.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodAxis {
    /// Baseline first, then the series in time order, then the targets.
    pub points: Vec<Point>,
    pub lo: f64,
    pub hi: f64,
    /// Whether every period was placed in time. If one could not be, the
    /// points stand evenly spaced in the pack's order instead: still the
    /// same chart for the same data, only without a scale of years.
    pub timed: bool,
}

/// A figure of the pack as [`PeriodAxis::place`] takes it.
fn figure(mark: Mark, pv: &PeriodValue) -> (Mark, &str, f64) {
    (mark, pv.period.as_str(), pv.value)
}

/// Longest period label the charts draw.
const LABEL_CHARS: usize = 12;

impl PeriodAxis {
    /// The axis for `ind`, with the agreed target if there is one; `None`
    /// when fewer than two figures could be drawn, too few for a trend.
    pub fn of(ind: &Indicator, agreed: Option<&PeriodValue>) -> Option<PeriodAxis> {
        let axis = PeriodAxis::place(
            ind.baseline
                .iter()
                .map(|pv| figure(Mark::Baseline, pv))
                .chain(ind.series.iter().map(|pv| figure(Mark::Actual, pv)))
                .chain(
                    ind.proposed_target
                        .iter()
                        .map(|pv| figure(Mark::Proposed, pv)),
                )
                .chain(agreed.map(|pv| figure(Mark::Agreed, pv))),
        );
        (axis.points.len() >= 2).then_some(axis)
    }

    /// Every figure given as (what it is, period, value), however few, on
    /// one axis; figures that are not numbers are left out. The series is
    /// given in the pack's order: where a period has no place in time,
    /// that order is the chart's.
    pub fn place<'a>(figures: impl IntoIterator<Item = (Mark, &'a str, f64)>) -> PeriodAxis {
        let mut figures: Vec<(Mark, &str, f64)> = figures
            .into_iter()
            .filter(|(_, _, value)| value.is_finite())
            .collect();
        // Stable: the series keeps the pack's order among itself.
        figures.sort_by_key(|(mark, _, _)| *mark);
        let spans: Option<Vec<_>> = figures.iter().map(|(_, period, _)| when(period)).collect();
        let point = |&(mark, period, value): &(Mark, &str, f64), at: f64| Point {
            mark,
            period: display_line_cut(period, LABEL_CHARS),
            written: period.to_string(),
            value,
            at,
        };
        let mut axis = match spans {
            Some(spans) if !spans.is_empty() => PeriodAxis {
                points: figures
                    .iter()
                    .zip(&spans)
                    .map(|(f, w)| point(f, w.middle()))
                    .collect(),
                lo: spans.iter().map(|w| w.start).fold(f64::INFINITY, f64::min),
                hi: spans
                    .iter()
                    .map(|w| w.end)
                    .fold(f64::NEG_INFINITY, f64::max),
                timed: true,
            },
            _ => {
                // One slot per distinct period, in the pack's order: the
                // baseline's first unless the series has that period, the
                // targets' last.
                let in_series =
                    |period: &str| figures.iter().any(|f| f.0 == Mark::Actual && f.1 == period);
                let mut slots: Vec<&str> = Vec::new();
                let periods = figures
                    .iter()
                    .filter(|f| f.0 != Mark::Baseline || !in_series(f.1))
                    .map(|f| f.1);
                for period in periods {
                    if !slots.contains(&period) {
                        slots.push(period);
                    }
                }
                let slot = |period: &str| slots.iter().position(|s| *s == period).unwrap_or(0);
                PeriodAxis {
                    points: figures
                        .iter()
                        .map(|f| point(f, slot(f.1) as f64 + 0.5))
                        .collect(),
                    lo: 0.0,
                    hi: slots.len() as f64,
                    timed: false,
                }
            }
        };
        // The series in time order, so that its line runs left to right.
        let first = axis.marked(Mark::Baseline).count();
        let series = axis.marked(Mark::Actual).count();
        axis.points[first..first + series].sort_by(|a, b| a.at.total_cmp(&b.at));
        axis
    }

    /// The points with `mark`, in the order they are drawn.
    pub fn marked(&self, mark: Mark) -> impl Iterator<Item = &Point> {
        self.points.iter().filter(move |p| p.mark == mark)
    }

    /// Where the dotted path to a target starts: the latest actual figure,
    /// else the baseline.
    pub fn latest(&self) -> Option<&Point> {
        self.marked(Mark::Actual)
            .last()
            .or_else(|| self.marked(Mark::Baseline).next())
    }

    /// The position `at` as one of `dots` evenly spaced positions across
    /// the axis (the braille dots of a chart, or its columns).
    pub fn dot(&self, at: f64, dots: u16) -> u16 {
        let last = f64::from(dots.saturating_sub(1));
        let span = self.hi - self.lo;
        if span.is_nan() || span <= 0.0 || !at.is_finite() {
            return 0;
        }
        ((at - self.lo) / span * last).round().clamp(0.0, last) as u16
    }

    /// The column, of `width`, that position `at` falls in: two braille
    /// dots a column, so a chart drawn in dots and one drawn in whole
    /// characters put a point in the same column.
    pub fn column(&self, at: f64, width: u16) -> u16 {
        self.dot(at, width.saturating_mul(2)) / 2
    }

    /// Period labels that fit under a chart `width` columns wide, each as
    /// (first column, text), left to right: the targets', the baseline's,
    /// the latest and first of the series first, then the others where
    /// there is room, at least one column apart, none cut.
    pub fn labels(&self, width: u16) -> Vec<(u16, String)> {
        let actual: Vec<&Point> = self.marked(Mark::Actual).collect();
        let mut order: Vec<&Point> = Vec::new();
        order.extend(self.marked(Mark::Proposed));
        order.extend(self.marked(Mark::Agreed));
        order.extend(self.marked(Mark::Baseline));
        order.extend(actual.last());
        order.extend(actual.first());
        order.extend(actual.iter().rev());
        let mut placed: Vec<(u16, String)> = Vec::new();
        for p in order {
            if placed.iter().any(|(_, text)| *text == p.period) {
                continue;
            }
            let w = p.period.width() as u16;
            if w == 0 || w > width {
                continue;
            }
            let start = self
                .column(p.at, width)
                .saturating_sub((w - 1) / 2)
                .min(width - w);
            let clear = placed
                .iter()
                .all(|(s, t)| start > s + t.width() as u16 || start + w < *s);
            if clear {
                placed.push((start, p.period.clone()));
            }
        }
        placed.sort();
        placed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pv(period: &str, value: f64) -> PeriodValue {
        PeriodValue {
            period: period.into(),
            value,
        }
    }

    /// An indicator with these figures and no others.
    fn indicator(
        baseline: Option<PeriodValue>,
        series: &[(&str, f64)],
        target: Option<PeriodValue>,
    ) -> Indicator {
        let mut ind: Indicator =
            serde_json::from_str(r#"{"code":"NI 112","title":"Under 18 conception rate"}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        ind.baseline = baseline;
        ind.series = series.iter().map(|(p, v)| pv(p, *v)).collect();
        ind.proposed_target = target;
        ind
    }

    /// NI 112: a 1998 baseline, three calendar years, a proposal for 2010.
    fn ni112() -> Indicator {
        indicator(
            Some(pv("1998", 44.2)),
            &[("2004", 38.4), ("2005", 37.1), ("2006", 36.5)],
            Some(pv("2010", 24.3)),
        )
    }

    fn columns(axis: &PeriodAxis, width: u16) -> Vec<(Mark, u16)> {
        axis.points
            .iter()
            .map(|p| (p.mark, axis.column(p.at, width)))
            .collect()
    }

    #[test]
    fn the_axis_spans_the_baseline_the_series_and_the_target_year() {
        let axis = PeriodAxis::of(&ni112(), None).unwrap();
        assert!(axis.timed);
        assert_eq!((axis.lo, axis.hi), (1998.0, 2011.0));
        // 13 years on 53 columns: four columns a year, each point in the
        // middle of its year.
        assert_eq!(
            columns(&axis, 53),
            [
                (Mark::Baseline, 2),
                (Mark::Actual, 26),
                (Mark::Actual, 30),
                (Mark::Actual, 34),
                (Mark::Proposed, 50),
            ]
        );
    }

    #[test]
    fn the_agreed_target_adds_a_point_and_moves_none() {
        let ind = ni112();
        let before = PeriodAxis::of(&ind, None).unwrap();
        let after = PeriodAxis::of(&ind, Some(&pv("2010", 26.0))).unwrap();
        assert_eq!(after.points[..before.points.len()], before.points[..]);
        assert_eq!((after.lo, after.hi), (before.lo, before.hi));
        assert_eq!(
            columns(&after, 53).last(),
            Some(&(Mark::Agreed, 50)),
            "at the target's year"
        );
    }

    #[test]
    fn a_two_point_series_is_two_points() {
        let ind = indicator(None, &[("2006/07", 12.0), ("2007/08", 14.0)], None);
        let axis = PeriodAxis::of(&ind, None).unwrap();
        assert_eq!(axis.points.len(), 2);
        let cols = columns(&axis, 40);
        // A quarter of the way across and three quarters (to the nearest
        // dot): each point in the middle of its year.
        assert_eq!(cols, [(Mark::Actual, 10), (Mark::Actual, 29)]);
    }

    #[test]
    fn points_keep_the_gaps_between_their_periods() {
        // 2005 is missing: the gap between 2004 and 2006 is twice the one
        // between 2006 and 2007.
        let ind = indicator(None, &[("2004", 1.0), ("2006", 2.0), ("2007", 3.0)], None);
        let axis = PeriodAxis::of(&ind, None).unwrap();
        let cols: Vec<u16> = columns(&axis, 81).iter().map(|c| c.1).collect();
        assert_eq!(cols[1] - cols[0], 2 * (cols[2] - cols[1]));
    }

    #[test]
    fn a_baseline_before_the_series_and_a_target_after_it() {
        let ind = indicator(
            Some(pv("2007/08", 39.3)),
            &[
                ("2007/08 Q2", 38.3),
                ("2007/08 Q3", 39.6),
                ("2007/08 Q4", 40.1),
            ],
            Some(pv("2010/11", 48.0)),
        );
        let axis = PeriodAxis::of(&ind, None).unwrap();
        assert_eq!((axis.lo, axis.hi), (2007.25, 2011.25));
        let cols = columns(&axis, 64);
        // The year's baseline sits in the middle of its year, between its
        // second and third quarters; the target three years on.
        assert!(cols[1].1 < cols[0].1 && cols[0].1 < cols[2].1);
        assert!(cols[3].1 < cols[4].1 && cols[4].1 == 55);
    }

    #[test]
    fn a_series_out_of_order_is_drawn_in_time_order() {
        let ind = indicator(None, &[("2006", 3.0), ("2004", 1.0), ("2005", 2.0)], None);
        let axis = PeriodAxis::of(&ind, None).unwrap();
        let values: Vec<f64> = axis.points.iter().map(|p| p.value).collect();
        assert_eq!(values, [1.0, 2.0, 3.0]);
        assert_eq!(axis.latest().map(|p| p.value), Some(3.0));
    }

    #[test]
    fn unknown_periods_stand_evenly_in_the_packs_order() {
        let ind = indicator(
            Some(pv("before", 5.0)),
            &[("spring", 4.0), ("summer", 3.0)],
            Some(pv("later", 1.0)),
        );
        let axis = PeriodAxis::of(&ind, None).unwrap();
        assert!(!axis.timed);
        assert_eq!(
            columns(&axis, 40),
            [
                (Mark::Baseline, 5),
                (Mark::Actual, 15),
                (Mark::Actual, 24),
                (Mark::Proposed, 34),
            ]
        );
        // An agreed target for the proposal's period takes its slot.
        let after = PeriodAxis::of(&ind, Some(&pv("later", 2.0))).unwrap();
        assert_eq!((after.lo, after.hi), (axis.lo, axis.hi));
        // A baseline that is one of the series' figures sits on it.
        let ind = indicator(
            Some(pv("summer", 3.0)),
            &[("spring", 4.0), ("summer", 3.0)],
            None,
        );
        let axis = PeriodAxis::of(&ind, None).unwrap();
        assert_eq!(axis.points[0].at, axis.points[2].at);
        assert_eq!((axis.lo, axis.hi), (0.0, 2.0));
    }

    #[test]
    fn too_few_figures_draw_no_chart() {
        assert_eq!(PeriodAxis::of(&indicator(None, &[], None), None), None);
        assert_eq!(
            PeriodAxis::of(
                &indicator(None, &[("2004", f64::NAN)], Some(pv("2010", 1.0))),
                None
            ),
            None
        );
    }

    #[test]
    fn a_caller_may_place_a_single_figure() {
        let axis = PeriodAxis::place([
            (Mark::Actual, "2004", f64::NAN),
            (Mark::Proposed, "2010/11", 5.0),
        ]);
        assert!(axis.timed);
        assert_eq!(axis.points.len(), 1);
        assert_eq!(axis.points[0].at, 2010.75);
        assert!(PeriodAxis::place([]).points.is_empty());
    }

    #[test]
    fn figures_given_in_any_order_stand_in_the_axis_order() {
        let axis = PeriodAxis::place([
            (Mark::Agreed, "2010", 2.0),
            (Mark::Actual, "2006", 3.0),
            (Mark::Proposed, "2010", 1.5),
            (Mark::Baseline, "1998", 1.0),
            (Mark::Actual, "2004", 4.0),
        ]);
        let order: Vec<(Mark, f64)> = axis.points.iter().map(|p| (p.mark, p.value)).collect();
        assert_eq!(
            order,
            [
                (Mark::Baseline, 1.0),
                (Mark::Actual, 4.0),
                (Mark::Actual, 3.0),
                (Mark::Proposed, 1.5),
                (Mark::Agreed, 2.0),
            ]
        );
        // The label is cut to fit under a chart; the period in words is not.
        let axis = PeriodAxis::place([(Mark::Actual, "the spring survey of 2007", 1.0)]);
        assert_eq!(axis.points[0].period.chars().count(), LABEL_CHARS);
        assert_eq!(axis.points[0].written, "the spring survey of 2007");
        assert_eq!(Mark::Proposed.word(), "proposed target");
    }

    #[test]
    fn labels_put_the_targets_and_the_baseline_first_and_never_overlap() {
        let axis = PeriodAxis::of(&ni112(), None).unwrap();
        assert_eq!(
            axis.labels(66),
            [
                (1, "1998".to_string()),
                (32, "2004".to_string()),
                (37, "2005".to_string()),
                (42, "2006".to_string()),
                (62, "2010".to_string()),
            ]
        );
        // Narrower, 2005 gives way to the first and the latest.
        let labels = |w| -> Vec<String> { axis.labels(w).into_iter().map(|l| l.1).collect() };
        assert_eq!(labels(53), ["1998", "2004", "2006", "2010"]);
        // Narrower still, the first gives way to the latest.
        assert_eq!(labels(26), ["1998", "2006", "2010"]);
    }

    proptest! {
        #[test]
        fn any_periods_make_an_axis_without_panicking(
            periods in proptest::collection::vec(any::<String>(), 0..6),
            width in 0u16..300,
        ) {
            let series: Vec<(&str, f64)> =
                periods.iter().enumerate().map(|(i, p)| (p.as_str(), i as f64)).collect();
            let ind = indicator(Some(pv("1998", 1.0)), &series, Some(pv("x", 2.0)));
            if let Some(axis) = PeriodAxis::of(&ind, Some(&pv("2010", 3.0))) {
                for p in &axis.points {
                    prop_assert!(axis.column(p.at, width) <= width.saturating_sub(1));
                }
                let labels = axis.labels(width);
                for (i, (start, text)) in labels.iter().enumerate() {
                    prop_assert!(start + text.width() as u16 <= width);
                    if let Some((next, _)) = labels.get(i + 1) {
                        prop_assert!(start + (text.width() as u16) < *next);
                    }
                }
            }
        }
    }
}
