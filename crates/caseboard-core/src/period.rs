//! Where a period sits in time.
//!
//! Packs write periods as their sources do: a calendar year (`2004`), a
//! financial year (`2007/08`, `2008-09`), a run of calendar years behind a
//! rolling average (`2005-07`), or a quarter of either year (`2007/08 Q2`,
//! `Q1 2008/09`, `2008 Q1`). A period is free text in the pack, so any other
//! string is allowed and simply has no place in time ([`when`] says `None`).

/// The span of time a period covers, in years: `2004.0` is the start of
/// 1 January 2004, `2004.25` the start of April.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct When {
    pub start: f64,
    pub end: f64,
    pub form: Form,
}

impl When {
    /// The middle of the span: where a figure for the period is plotted.
    pub fn middle(&self) -> f64 {
        (self.start + self.end) / 2.0
    }
}

/// How a period is written, as far as time goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `2004`: January to December.
    CalendarYear,
    /// `2007/08` or `2007-08`: April 2007 to March 2008, the year public
    /// bodies account in.
    FinancialYear,
    /// `2005-07`: calendar years 2005 to 2007 inclusive.
    CalendarYears,
    /// `2007/09`: financial years 2007/08 and 2008/09.
    FinancialYears,
    /// `2008 Q1` (January to March) or `2007/08 Q1` (April to June).
    Quarter,
}

/// Where `period` sits in time, if it is written in a form the packs use.
pub fn when(period: &str) -> Option<When> {
    let words: Vec<&str> = period.split_whitespace().collect();
    match words.as_slice() {
        [year] => years(year),
        [a, b] => match (quarter(a), quarter(b)) {
            (Some(q), None) => in_quarter(years(b)?, q),
            (None, Some(q)) => in_quarter(years(a)?, q),
            _ => None,
        },
        _ => None,
    }
}

/// `Q1` to `Q4`, in either case.
fn quarter(word: &str) -> Option<u8> {
    let digit = word.strip_prefix(['Q', 'q'])?;
    match digit {
        "1" => Some(1),
        "2" => Some(2),
        "3" => Some(3),
        "4" => Some(4),
        _ => None,
    }
}

fn in_quarter(year: When, q: u8) -> Option<When> {
    match year.form {
        Form::CalendarYear | Form::FinancialYear => {
            let start = year.start + f64::from(q - 1) * 0.25;
            Some(When {
                start,
                end: start + 0.25,
                form: Form::Quarter,
            })
        }
        _ => None,
    }
}

/// A year, or two joined by `/`, `-` or an en dash.
fn years(word: &str) -> Option<When> {
    let Some((first, rest, sep)) = word
        .char_indices()
        .find(|(_, c)| matches!(c, '/' | '-' | '–'))
        .map(|(i, c)| (&word[..i], &word[i + c.len_utf8()..], c))
    else {
        let y = full_year(word)?;
        return Some(When {
            start: y,
            end: y + 1.0,
            form: Form::CalendarYear,
        });
    };
    let from = full_year(first)?;
    let to = second_year(from, rest)?;
    // A period longer than a decade is not one the sources write; such a
    // string is more likely a typing slip than a span.
    if to <= from || to - from > 10.0 {
        return None;
    }
    let financial = sep == '/' || to == from + 1.0;
    Some(if financial {
        When {
            start: from + 0.25,
            end: to + 0.25,
            form: if to == from + 1.0 {
                Form::FinancialYear
            } else {
                Form::FinancialYears
            },
        }
    } else {
        When {
            start: from,
            end: to + 1.0,
            form: Form::CalendarYears,
        }
    })
}

/// Four digits, a year of the common era.
fn full_year(s: &str) -> Option<f64> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse::<u16>().ok().map(f64::from)
    } else {
        None
    }
}

/// The second year of `2007/08`, `2007/8` or `2007/2008`: short forms are
/// the next year ending in those digits.
fn second_year(from: f64, s: &str) -> Option<f64> {
    if s.len() == 4 {
        return full_year(s);
    }
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let modulus = 10f64.powi(s.len() as i32);
    let digits = s.parse::<u16>().ok().map(f64::from)?;
    let mut year = from - from.rem_euclid(modulus) + digits;
    if year <= from {
        year += modulus;
    }
    // One digit only ever names the next year (`2009/0`).
    (s.len() == 2 || year == from + 1.0).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span(p: &str) -> (f64, f64) {
        let w = when(p).unwrap_or_else(|| panic!("{p} has no place in time"));
        (w.start, w.end)
    }

    #[test]
    fn the_forms_the_packs_use() {
        assert_eq!(span("2004"), (2004.0, 2005.0));
        assert_eq!(span("1998"), (1998.0, 1999.0));
        assert_eq!(span("2007/08"), (2007.25, 2008.25));
        assert_eq!(span("2008-09"), (2008.25, 2009.25));
        assert_eq!(span("2008–09"), (2008.25, 2009.25));
        assert_eq!(span("2007/2008"), (2007.25, 2008.25));
        assert_eq!(span("1999/00"), (1999.25, 2000.25));
        assert_eq!(span("2009/0"), (2009.25, 2010.25));
        assert_eq!(span("2005-07"), (2005.0, 2008.0));
        assert_eq!(span("2008-10"), (2008.0, 2011.0));
        assert_eq!(span("2007/09"), (2007.25, 2009.25));
        assert_eq!(span("2007/08 Q2"), (2007.5, 2007.75));
        assert_eq!(span("Q1 2008/09"), (2008.25, 2008.5));
        assert_eq!(span("q4 2008-09"), (2009.0, 2009.25));
        assert_eq!(span("2008 Q1"), (2008.0, 2008.25));
        assert_eq!(span("  2004 "), (2004.0, 2005.0));
        assert_eq!(when("2004").map(|w| w.middle()), Some(2004.5));
        assert_eq!(when("2007/08").map(|w| w.form), Some(Form::FinancialYear));
        assert_eq!(when("2005-07").map(|w| w.form), Some(Form::CalendarYears));
    }

    #[test]
    fn a_financial_year_ends_after_the_calendar_year_it_starts_in() {
        // So a series of financial years and a target for a calendar year
        // keep their order in time.
        let fy = when("2009/10").map(|w| w.middle()).unwrap_or(0.0);
        assert!(when("2009").map(|w| w.middle()).unwrap_or(f64::MAX) < fy);
        assert!(fy < when("2010").map(|w| w.middle()).unwrap_or(0.0));
    }

    #[test]
    fn other_strings_have_no_place_in_time() {
        for p in [
            "",
            "   ",
            "latest",
            "04",
            "20045",
            "2008/07",
            "2008-2008",
            "2008/",
            "/08",
            "2008/ab",
            "Q5 2008",
            "Q1 Q2",
            "Q1 2005-07",
            "2008 Q1 extra",
            "２００８",
            "2008/123",
            "2008/7",
            "2000/2020",
        ] {
            assert_eq!(when(p), None, "{p:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string_is_placed_or_not_without_panicking(s in any::<String>()) {
            if let Some(w) = when(&s) {
                prop_assert!(w.start.is_finite() && w.start < w.end);
            }
        }

        #[test]
        fn period_like_strings_are_placed_in_order(y in 1000u16..9998, q in 1u8..5) {
            let year = when(&y.to_string()).map(|w| w.middle());
            let fy = when(&format!("{y}/{:02}", (y + 1) % 100)).map(|w| w.middle());
            let quarter = when(&format!("{y}/{:02} Q{q}", (y + 1) % 100));
            prop_assert!(year.is_some() && fy.is_some() && quarter.is_some());
            prop_assert!(year < fy);
            let fy = when(&format!("{y}/{:02}", (y + 1) % 100));
            if let (Some(fy), Some(q)) = (fy, quarter) {
                prop_assert!(fy.start <= q.start && q.end <= fy.end);
            }
        }
    }
}
