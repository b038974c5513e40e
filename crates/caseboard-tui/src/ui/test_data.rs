//! Figures the screens' own tests draw: NI 112 as the demo pack has it.

use caseboard_core::pack::{Indicator, PeriodValue};

pub(crate) fn pv(period: &str, value: f64) -> PeriodValue {
    PeriodValue {
        period: period.into(),
        value,
    }
}

/// An indicator with these figures and no others.
pub(crate) fn indicator(
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
pub(crate) fn ni112() -> Indicator {
    indicator(
        Some(pv("1998", 44.2)),
        &[("2004", 38.4), ("2005", 37.1), ("2006", 36.5)],
        Some(pv("2010", 24.3)),
    )
}
