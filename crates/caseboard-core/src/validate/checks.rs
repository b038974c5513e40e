//! The rules serde cannot express: uniqueness, references between lists,
//! ranges, and what a title or a period must be.

use super::structure::Validator;
use super::*;
use crate::pack::*;
use std::collections::{HashMap, HashSet};

impl Validator {
    pub(super) fn rules(&mut self, pack: &Pack) {
        if !self.incomplete.contains("conference") {
            self.conference(&pack.conference);
        }

        let theme_ids = self.unique_ids("themes", pack.themes.iter().map(|t| t.id.as_str()));
        for (i, t) in pack.themes.iter().enumerate() {
            self.title(&format!("themes[{}].name", self.at("themes", i)), &t.name);
        }
        let attendee_ids =
            self.unique_ids("attendees", pack.attendees.iter().map(|a| a.id.as_str()));
        for (i, a) in pack.attendees.iter().enumerate() {
            let i = self.at("attendees", i);
            self.title(&format!("attendees[{i}].name"), &a.name);
            self.title(&format!("attendees[{i}].organisation"), &a.organisation);
        }
        let codes = self.unique_codes(pack);
        for (i, ind) in pack.indicators.iter().enumerate() {
            self.indicator(&format!("indicators[{}]", self.at("indicators", i)), ind);
        }
        if pack.priorities.is_empty() && !self.incomplete.contains("priorities") {
            self.problem("priorities", "a pack needs at least one priority");
        }
        let priority_ids =
            self.unique_ids("priorities", pack.priorities.iter().map(|p| p.id.as_str()));
        for (i, p) in pack.priorities.iter().enumerate() {
            let path = format!("priorities[{}]", self.at("priorities", i));
            self.title(&format!("{path}.title"), &p.title);
            let mut seen = HashSet::new();
            for (j, t) in p.themes.iter().enumerate() {
                self.reference(
                    &format!("{path}.themes[{j}]"),
                    "themes",
                    "theme",
                    t,
                    &theme_ids,
                );
                if !seen.insert(t) {
                    self.problem(
                        format!("{path}.themes[{j}]"),
                        format!("theme \"{}\" is listed twice", cut(t, 60)),
                    );
                }
            }
            if p.indicators.is_empty() {
                self.problem(
                    format!("{path}.indicators"),
                    "a priority needs at least one indicator",
                );
            }
            let mut seen = HashSet::new();
            for (j, code) in p.indicators.iter().enumerate() {
                self.reference(
                    &format!("{path}.indicators[{j}]"),
                    "indicators",
                    "indicator",
                    code,
                    &codes,
                );
                if !seen.insert(code) {
                    self.problem(
                        format!("{path}.indicators[{j}]"),
                        format!("indicator \"{}\" is listed twice", cut(code, 60)),
                    );
                }
            }
            if let Some(by) = &p.proposed_by {
                self.reference(
                    &format!("{path}.proposed_by"),
                    "attendees",
                    "attendee",
                    by,
                    &attendee_ids,
                );
            }
            if let Some(m) = p.timebox_minutes {
                if !(1..=MAX_TIMEBOX_MINUTES).contains(&m) {
                    self.problem(
                        format!("{path}.timebox_minutes"),
                        format!(
                            "{m} is out of range: a timebox is 1 to {MAX_TIMEBOX_MINUTES} minutes"
                        ),
                    );
                }
            }
            for (j, e) in p.evidence.iter().enumerate() {
                self.non_blank(&format!("{path}.evidence[{j}].text"), &e.text);
            }
        }
        self.unique_ids("objections", pack.objections.iter().map(|o| o.id.as_str()));
        for (i, o) in pack.objections.iter().enumerate() {
            let path = format!("objections[{}]", self.at("objections", i));
            self.reference(
                &format!("{path}.priority"),
                "priorities",
                "priority",
                &o.priority,
                &priority_ids,
            );
            self.non_blank(&format!("{path}.text"), &o.text);
            if let Some(by) = &o.raised_by {
                self.reference(
                    &format!("{path}.raised_by"),
                    "attendees",
                    "attendee",
                    by,
                    &attendee_ids,
                );
            }
            if let Some(alt) = &o.alternative {
                if o.kind != Some(ObjectionKind::CounterProposal) {
                    self.problem(
                        format!("{path}.alternative"),
                        "an alternative indicator belongs only to an objection of kind \"counter_proposal\"",
                    );
                }
                self.reference(
                    &format!("{path}.alternative"),
                    "indicators",
                    "indicator",
                    alt,
                    &codes,
                );
            }
        }
    }

    fn conference(&mut self, c: &Conference) {
        self.title("conference.title", &c.title);
        self.title("conference.partnership", &c.partnership);
        self.title("conference.government_office", &c.government_office);
        if let Some(venue) = &c.venue {
            self.title("conference.venue", venue);
        }
        let date = parse_date(&c.date);
        if date.is_none() {
            self.problem(
                "conference.date",
                format!(
                    "\"{}\" is not an ISO 8601 date (YYYY-MM-DD)",
                    cut(&c.date, 60)
                ),
            );
        }
        let zone = match &c.timezone {
            Some(name) => match crate::clock::parse_zone(name) {
                Some(zone) => Some(zone),
                None => {
                    self.problem(
                        "conference.timezone",
                        format!(
                            "unknown time zone \"{}\": use an IANA name such as \"Europe/London\"",
                            cut(name, 60)
                        ),
                    );
                    None
                }
            },
            None => Some(crate::clock::DEFAULT_ZONE),
        };
        // A planned end is read against the date: with no valid date, the
        // date's own problem is the one to fix first.
        if let (Some(end), Some(zone), Some(date)) = (&c.end, zone, date) {
            match parse_end(end, date, zone) {
                Err(why) => self.problem("conference.end", why),
                Ok(at) => {
                    // The pack gives a day, not a start: a finish before
                    // the conference's day begins cannot be meant.
                    let day_starts = date
                        .and_hms_opt(0, 0, 0)
                        .and_then(|start| crate::clock::from_local(start, zone));
                    if day_starts.is_some_and(|start| at <= start) {
                        self.problem(
                            "conference.end",
                            format!(
                                "\"{}\" is before the conference starts on {}",
                                cut(end, 60),
                                c.date
                            ),
                        );
                    }
                }
            }
        }
        if let Some(cap) = c.designated_cap {
            if !(1..=MAX_CAP).contains(&cap) {
                self.problem(
                    "conference.designated_cap",
                    format!("{cap} is out of range: the cap must be 1 to {MAX_CAP}"),
                );
            }
        }
    }

    fn indicator(&mut self, path: &str, ind: &Indicator) {
        self.title(&format!("{path}.title"), &ind.title);
        let percent = ind.unit.as_deref() == Some("%");
        let check = |v: &mut Self, p: String, value: f64| {
            if value.abs() > MAX_ABS_VALUE {
                v.problem(p, format!("{value} is out of range"));
            } else if percent && !(0.0..=100.0).contains(&value) {
                v.problem(
                    p,
                    format!("{value} is out of range for a percentage (0 to 100)"),
                );
            }
        };
        let mut periods = HashSet::new();
        for (j, pv) in ind.series.iter().enumerate() {
            self.period(&format!("{path}.series[{j}].period"), &pv.period);
            if !periods.insert(pv.period.as_str()) {
                self.problem(
                    format!("{path}.series[{j}].period"),
                    format!(
                        "period \"{}\" appears twice in the series",
                        cut(&pv.period, 60)
                    ),
                );
            }
            check(self, format!("{path}.series[{j}].value"), pv.value);
        }
        for (name, pv) in [
            ("baseline", &ind.baseline),
            ("proposed_target", &ind.proposed_target),
        ] {
            if let Some(pv) = pv {
                self.period(&format!("{path}.{name}.period"), &pv.period);
                check(self, format!("{path}.{name}.value"), pv.value);
            }
        }
        for (name, value) in &ind.comparators {
            if name.trim().is_empty() {
                self.problem(format!("{path}.comparators"), "a comparator needs a name");
            }
            check(self, format!("{path}.comparators.{name}"), *value);
        }
        for (j, b) in ind.breakdown.iter().enumerate() {
            self.non_blank(&format!("{path}.breakdown[{j}].area"), &b.area);
            check(self, format!("{path}.breakdown[{j}].value"), b.value);
        }
    }

    fn period(&mut self, path: &str, period: &str) {
        if period.trim().is_empty() {
            self.problem(path, "a period must not be empty");
        } else if period.chars().count() > MAX_CODE_CHARS {
            self.problem(
                path,
                format!("a period is at most {MAX_CODE_CHARS} characters"),
            );
        }
    }

    fn title(&mut self, path: &str, text: &str) {
        let n = text.chars().count();
        if text.trim().is_empty() {
            self.problem(path, "must not be empty");
        } else if n > MAX_TITLE_CHARS && n <= MAX_TEXT_CHARS {
            // Longer than MAX_TEXT_CHARS is already reported by the length pass.
            self.problem(
                path,
                format!("is {n} characters long; a title is at most {MAX_TITLE_CHARS}"),
            );
        }
    }

    fn non_blank(&mut self, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.problem(path, "must not be empty");
        }
    }

    fn unique_ids<'a>(
        &mut self,
        list: &'static str,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashSet<String> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            let i = self.at(list, i);
            let path = format!("{list}[{i}].id");
            if !valid_id(id) {
                self.problem(
                    &path,
                    format!("\"{}\" is not a valid id: use 1 to {MAX_ID_CHARS} letters, digits, '.', '_' or '-', starting with a letter or digit", cut(id, 60)),
                );
            }
            if let Some(first) = seen.get(id) {
                self.problem(
                    path,
                    format!(
                        "duplicate id \"{}\" (first used at {list}[{first}])",
                        cut(id, 60)
                    ),
                );
            } else {
                seen.insert(id, i);
            }
        }
        seen.into_keys().map(str::to_string).collect()
    }

    fn unique_codes(&mut self, pack: &Pack) -> HashSet<String> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, ind) in pack.indicators.iter().enumerate() {
            let i = self.at("indicators", i);
            let path = format!("indicators[{i}].code");
            let code = ind.code.as_str();
            if code.trim().is_empty()
                || code.chars().count() > MAX_CODE_CHARS
                || code.chars().any(char::is_control)
            {
                self.problem(&path, format!("\"{}\" is not a valid indicator code: 1 to {MAX_CODE_CHARS} printable characters, such as \"NI 39\"", cut(code, 60)));
            }
            if let Some(first) = seen.get(code) {
                self.problem(
                    path,
                    format!(
                        "duplicate indicator code \"{}\" (first used at indicators[{first}])",
                        cut(code, 60)
                    ),
                );
            } else {
                seen.insert(code, i);
            }
        }
        seen.into_keys().map(str::to_string).collect()
    }

    /// The index in the text of the `i`-th parsed element of `list`.
    fn at(&self, list: &str, i: usize) -> usize {
        self.origin
            .get(list)
            .and_then(|v| v.get(i))
            .copied()
            .unwrap_or(i)
    }

    fn reference(
        &mut self,
        path: &str,
        list: &'static str,
        what: &str,
        id: &str,
        known: &HashSet<String>,
    ) {
        let written = self.raw_ids.get(list).is_some_and(|ids| ids.contains(id));
        if !known.contains(id) && !written && !self.absent.contains(list) {
            self.problem(path, format!("unknown {what} \"{}\"", cut(id, 60)));
        }
    }
}
