//! An agreed target as typed, and the rule for its period: a target is for
//! a period its indicator is measured in, so that every view (the summary
//! above all) compares like periods with like.

use super::Refusal;
use crate::pack::{Indicator, PeriodValue};
use crate::period::{when, Form};

/// Reads an agreed target as typed, `PERIOD=VALUE` (e.g. `2010/11=120.5`,
/// or `2010/11=54%` for an indicator in per cent), on the command line or
/// in a form; the message says how to write it.
pub fn parse_target(text: &str) -> Result<PeriodValue, String> {
    let Some((period, value)) = text.rsplit_once('=') else {
        return Err(format!(
            "\"{text}\" is not a target: write PERIOD=VALUE, e.g. 2010/11=120"
        ));
    };
    let period = period.trim();
    if period.is_empty() {
        return Err(format!(
            "\"{text}\" has no period: write PERIOD=VALUE, e.g. 2010/11=120"
        ));
    }
    // `54%` is 54 on an indicator measured in per cent, as the screens show it.
    let figure = value.trim();
    let figure = figure.strip_suffix('%').unwrap_or(figure).trim_end();
    let value: f64 = figure
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            format!(
                "\"{}\" is not a number: write PERIOD=VALUE, e.g. 2010/11=120",
                value.trim()
            )
        })?;
    Ok(PeriodValue {
        period: period.to_string(),
        value,
    })
}

/// How a form of period is named in a refusal.
fn form_name(form: Form) -> &'static str {
    match form {
        Form::CalendarYear => "calendar years",
        Form::FinancialYear => "financial years",
        Form::CalendarYears => "runs of calendar years",
        Form::FinancialYears => "runs of financial years",
        Form::Quarter => "quarters",
    }
}

/// A target's period is one its indicator already uses (its series, its
/// baseline, its proposed target), or a later period written in the same
/// form as the indicator's own. An indicator whose periods are in no form
/// caseboard knows is not judged: the pack's text is all there is.
pub(super) fn target_period_fits(indicator: &Indicator, period: &str) -> Result<(), Refusal> {
    let period = period.trim();
    let figures = || indicator.series.iter().chain(&indicator.baseline);
    let all = || figures().chain(&indicator.proposed_target);
    let asked = when(period);
    // The same period, however it is spelt (`2007/08 Q4`, `Q4 2007-08`).
    let same = |p: &PeriodValue| {
        p.period.trim() == period
            || matches!((when(&p.period), asked), (Some(a), Some(b)) if a == b)
    };
    if all().any(same) {
        return Ok(());
    }
    // The forms the indicator is measured in: every figure's that
    // caseboard can place (annual figures and recent quarters, say).
    let placed: Vec<(crate::period::When, &str)> = all()
        .filter_map(|p| when(&p.period).map(|w| (w, p.period.trim())))
        .collect();
    // An indicator whose periods are in no form caseboard knows.
    let Some(&(first, _)) = placed.first() else {
        return Ok(());
    };
    // The example named is the proposal's, else the latest figure's.
    let example = indicator
        .proposed_target
        .iter()
        .chain(indicator.series.iter().rev())
        .chain(&indicator.baseline)
        .find_map(|p| when(&p.period).map(|w| (w.form, p.period.trim())))
        .unwrap_or((first.form, ""));
    let form_refusal = || Refusal::TargetPeriodOfAnotherForm {
        period: period.to_string(),
        indicator: indicator.code.clone(),
        form: form_name(example.0),
        example: example.1.to_string(),
    };
    let Some(asked) = asked else {
        return Err(form_refusal());
    };
    if !placed.iter().any(|(w, _)| w.form == asked.form) {
        return Err(form_refusal());
    }
    let latest = figures()
        .filter_map(|p| when(&p.period).map(|w| (w, p.period.trim())))
        .max_by(|a, b| a.0.start.total_cmp(&b.0.start));
    match latest {
        Some((latest, named)) if asked.start <= latest.start => Err(Refusal::TargetPeriodPast {
            period: period.to_string(),
            indicator: indicator.code.clone(),
            latest: named.to_string(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pv(period: &str, value: f64) -> PeriodValue {
        PeriodValue {
            period: period.into(),
            value,
        }
    }

    /// NI 112 as the demo has it: calendar years, a 1998 baseline, a
    /// proposal for 2010.
    fn ni_112() -> Indicator {
        serde_json::from_value(serde_json::json!({
            "code": "NI 112",
            "title": "Under 18 conception rate",
            "series": [
                {"period": "2004", "value": 38.4},
                {"period": "2005", "value": 37.1},
                {"period": "2006", "value": 36.5}
            ],
            "baseline": {"period": "1998", "value": 46.6},
            "proposed_target": {"period": "2010", "value": 26.0}
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn targets_parse_or_explain() {
        assert_eq!(parse_target("2010/11=120.5"), Ok(pv("2010/11", 120.5)));
        assert_eq!(parse_target(" 2010/11 = 7 ").map(|t| t.value), Ok(7.0));
        assert_eq!(parse_target("2010/11=54%").map(|t| t.value), Ok(54.0));
        assert_eq!(parse_target("2010/11= 54 % ").map(|t| t.value), Ok(54.0));
        assert!(parse_target("120").unwrap_err().contains("PERIOD=VALUE"));
        assert!(parse_target("=5").unwrap_err().contains("no period"));
        assert!(parse_target("2010/11=lots")
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_target("2010/11=%").is_err());
        assert!(parse_target("2010/11=inf").is_err());
        assert!(parse_target("2010/11=NaN").is_err());
    }

    #[test]
    fn a_target_is_for_a_period_the_indicator_is_measured_in() {
        let ni = ni_112();
        for fits in ["2010", "2008", "2011", "2006", "1998", " 2010 "] {
            assert_eq!(target_period_fits(&ni, fits), Ok(()), "{fits}");
        }
        let other_form = target_period_fits(&ni, "2010/11").unwrap_err();
        assert_eq!(
            other_form.to_string(),
            "2010/11 is not a period NI 112 is measured in: its figures are for calendar years (e.g. 2010); give the target for one of those"
        );
        assert!(matches!(
            target_period_fits(&ni, "2010 Q1"),
            Err(Refusal::TargetPeriodOfAnotherForm { .. })
        ));
        assert!(matches!(
            target_period_fits(&ni, "next year"),
            Err(Refusal::TargetPeriodOfAnotherForm { .. })
        ));
        let past = target_period_fits(&ni, "2003").unwrap_err();
        assert_eq!(
            past.to_string(),
            "2003 is not after NI 112's latest figure (2006): a target is for a period still to come"
        );
    }

    #[test]
    fn annual_figures_with_a_recent_quarter_take_either_form() {
        let mut ni = ni_112();
        ni.series = vec![
            pv("2006/07", 30.0),
            pv("2007/08", 29.0),
            pv("2008/09 Q2", 28.0),
        ];
        ni.baseline = Some(pv("2006/07", 30.0));
        ni.proposed_target = Some(pv("2010/11", 25.0));
        assert_eq!(target_period_fits(&ni, "2009/10 Q4"), Ok(()));
        assert_eq!(target_period_fits(&ni, "2010/11"), Ok(()));
        ni.proposed_target = None;
        assert_eq!(
            target_period_fits(&ni, "2010/11"),
            Ok(()),
            "annual figures, no proposal"
        );
        // The latest figure, spelt another way, is the period it names.
        assert_eq!(target_period_fits(&ni, "Q2 2008-09"), Ok(()));
        assert!(
            target_period_fits(&ni, "2010").is_err(),
            "no calendar years here"
        );
    }

    #[test]
    fn financial_years_and_unknown_forms() {
        let mut ni = ni_112();
        for p in ni.series.iter_mut().chain(&mut ni.baseline) {
            p.period = format!(
                "{}/{:02}",
                p.period,
                (p.period.parse::<u32>().unwrap_or(0) + 1) % 100
            );
        }
        ni.proposed_target = Some(pv("2010/11", 26.0));
        assert_eq!(target_period_fits(&ni, "2009/10"), Ok(()));
        assert_eq!(
            target_period_fits(&ni, "2009-10"),
            Ok(()),
            "the same form, written with a dash"
        );
        assert!(target_period_fits(&ni, "2010").is_err());
        // Periods in no form caseboard knows are not judged.
        let mut free = ni_112();
        for p in free
            .series
            .iter_mut()
            .chain(&mut free.baseline)
            .chain(&mut free.proposed_target)
        {
            p.period = format!("wave {}", p.period);
        }
        assert_eq!(target_period_fits(&free, "2010/11"), Ok(()));
        // An indicator with no figures at all takes any period.
        let mut bare = ni_112();
        bare.series.clear();
        bare.baseline = None;
        bare.proposed_target = None;
        assert_eq!(target_period_fits(&bare, "anything"), Ok(()));
    }
}
