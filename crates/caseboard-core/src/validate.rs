//! Strict, complete pack validation: every problem at once, each with its
//! JSON path and, where the text allows, its line and column.
//!
//! Structure is checked by serde (`deny_unknown_fields`) one element at a
//! time, so one bad priority does not hide problems in the next; the rules
//! serde cannot express (references, uniqueness, ranges, lengths) follow.

use super::pack::*;
use super::shape::{check_object_shapes, check_sizes, check_string_lengths, plain_words};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt;

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_ID_CHARS: usize = 64;
pub const MAX_CODE_CHARS: usize = 32;
pub const MAX_CAP: u32 = 200;
pub const MAX_TIMEBOX_MINUTES: u32 = 480;
/// Figures beyond this are typing errors, not statistics.
pub const MAX_ABS_VALUE: f64 = 1e12;

// How much one pack may hold. A large real conference has a few hundred
// priorities and indicators; these leave a wide margin above that, and keep
// a session quick to open and to write (a pack of a million priorities
// would make every entry take seconds and gigabytes).
/// The pack's text, in bytes (checked before it is read whole).
pub const MAX_PACK_BYTES: usize = 50_000_000;
pub const MAX_PRIORITIES: usize = 5_000;
pub const MAX_INDICATORS: usize = 20_000;
/// Objections given in the pack, before the conference.
pub const MAX_PACK_OBJECTIONS: usize = 50_000;
pub const MAX_ATTENDEES: usize = 2_000;
pub const MAX_THEMES: usize = 1_000;
/// Entries in any one list within an indicator or priority: series points,
/// breakdown areas, comparators, evidence, a priority's indicators or themes.
pub const MAX_ENTRIES_PER_ITEM: usize = 1_000;

/// The most each top-level list may hold, and what its items are called.
pub(super) const LIST_LIMITS: [(&str, usize, &str); 5] = [
    ("priorities", MAX_PRIORITIES, "priorities"),
    ("indicators", MAX_INDICATORS, "indicators"),
    ("objections", MAX_PACK_OBJECTIONS, "objections"),
    ("attendees", MAX_ATTENDEES, "attendees"),
    ("themes", MAX_THEMES, "themes"),
];

/// One thing wrong with a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    /// JSON path such as `priorities[3].indicators[0]`; empty for the whole document.
    pub path: String,
    /// 1-based line and column of the value the path names, when known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for PackProblem {
    /// One line, whatever the pack held: messages quote its keys and values
    /// (a value with an escaped line break, say), so both pass the cleaner.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::display_line;
        if let Some((line, col)) = self.position {
            write!(f, "line {line}, column {col}: ")?;
        }
        if self.path.is_empty() {
            write!(f, "{}", display_line(&self.message))
        } else {
            write!(
                f,
                "{}: {}",
                display_line(&self.path),
                display_line(&self.message)
            )
        }
    }
}

/// Parses and validates a pack. On failure every problem found is returned,
/// ordered as they appear in the text.
pub fn parse_pack(text: &str) -> Result<Pack, Vec<PackProblem>> {
    // A byte order mark, as some editors write, is not part of the pack.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.len() > MAX_PACK_BYTES {
        return Err(vec![PackProblem {
            path: String::new(),
            position: None,
            message: format!(
                "the pack is {} MB; a pack is at most {} MB",
                text.len() / 1_000_000,
                MAX_PACK_BYTES / 1_000_000
            ),
        }]);
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let full = e.to_string();
            let message = match full.rfind(" at line ") {
                Some(i) => full[..i].to_string(),
                None => full,
            };
            return Err(vec![PackProblem {
                path: String::new(),
                position: Some((e.line(), e.column())),
                message: format!("not valid JSON: {message}"),
            }]);
        }
    };
    // Sizes first: a pack beyond the limits is refused before any of it is
    // checked element by element.
    // (Without line and column: finding them in so large a text would cost
    // more than all the rest; the path names the list.)
    let oversized = check_sizes(&value);
    if !oversized.is_empty() {
        return Err(oversized);
    }
    // A quick pass for keys given twice; positions only if something is wrong.
    let any_duplicates = !locate_paths(text, false).duplicate_keys.is_empty();
    let mut v = Validator::default();
    let pack = v.structure(&value);
    if let Some(pack) = &pack {
        v.rules(pack);
    }
    if v.problems.is_empty() && !any_duplicates {
        if let Some(pack) = pack {
            return Ok(pack);
        }
    }
    let located = locate_paths(text, true);
    for (path, key) in &located.duplicate_keys {
        v.problem(
            path.clone(),
            format!(
                "field `{}` appears twice in one object; give it once",
                cut(key, 60)
            ),
        );
    }
    let positions = located.positions;
    // A text too long to accept is reported once, by the length check; other
    // checks of the same value would only repeat it.
    let too_long: HashSet<String> = v
        .problems
        .iter()
        .filter(|p| p.message.starts_with(TOO_LONG))
        .map(|p| p.path.clone())
        .collect();
    let mut problems: Vec<PackProblem> = v
        .problems
        .into_iter()
        .filter(|p| p.message.starts_with(TOO_LONG) || !too_long.contains(&p.path))
        .map(|mut p| {
            p.message = cut(&p.message, MAX_MESSAGE_CHARS);
            p.path = cut(&p.path, MAX_MESSAGE_CHARS);
            p.position = position_of(&positions, &p.path);
            p
        })
        .collect();
    problems.sort_by_key(|p| p.position.unwrap_or((0, 0)));
    if problems.is_empty() {
        // Unreachable in practice; never report an invalid pack without a reason.
        problems.push(PackProblem {
            path: String::new(),
            position: None,
            message: "the pack could not be read".into(),
        });
    }
    Err(problems)
}

/// Messages quote what was written; a quote is cut so a huge value cannot
/// make a huge message.
const MAX_MESSAGE_CHARS: usize = 300;
const TOO_LONG: &str = "text is ";

fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((end, _)) => format!("{}…", &s[..end]),
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<PackProblem>,
    /// Lists that lost an element to a structural error: references into
    /// them are not checked, to avoid reporting one problem twice.
    incomplete: HashSet<&'static str>,
    /// Lists missing or not lists at all: references into them are not checked.
    absent: HashSet<&'static str>,
    /// For each list, the index in the text of each element that parsed, so
    /// paths name the element the author wrote even after one failed.
    origin: HashMap<&'static str, Vec<usize>>,
    /// Every id (or code) written in each list, parsed or not: a reference
    /// to an element with another problem is not reported twice.
    raw_ids: HashMap<&'static str, HashSet<String>>,
}

impl Validator {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(PackProblem {
            path: path.into(),
            position: None,
            message: message.into(),
        });
    }

    fn element<T: DeserializeOwned>(&mut self, path: &str, value: &Value) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(t) => Some(t),
            Err(e) => {
                let inner = e.path().to_string();
                let full = if inner == "." || inner.is_empty() {
                    path.to_string()
                } else if inner.starts_with('[') {
                    format!("{path}{inner}")
                } else {
                    format!("{path}.{inner}")
                };
                self.problem(full, plain_words(&e.into_inner().to_string()));
                None
            }
        }
    }

    fn list<T: DeserializeOwned>(
        &mut self,
        top: &Map<String, Value>,
        key: &'static str,
        required: bool,
    ) -> Vec<T> {
        match top.get(key) {
            None if required => {
                self.problem("", format!("missing field `{key}`"));
                self.incomplete.insert(key);
                self.absent.insert(key);
                Vec::new()
            }
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                let id_field = if key == "indicators" { "code" } else { "id" };
                for (i, item) in items.iter().enumerate() {
                    match item.get(id_field).and_then(Value::as_str) {
                        Some(id) => {
                            self.raw_ids.entry(key).or_default().insert(id.to_string());
                        }
                        // An element without a readable id: which ids the
                        // list holds is unknown, so references are not checked.
                        None => {
                            self.absent.insert(key);
                        }
                    }
                    match self.element(&format!("{key}[{i}]"), item) {
                        Some(t) => {
                            out.push(t);
                            self.origin.entry(key).or_default().push(i);
                        }
                        None => {
                            self.incomplete.insert(key);
                        }
                    }
                }
                out
            }
            Some(_) => {
                self.problem(key, "expected a list (JSON array)");
                self.incomplete.insert(key);
                self.absent.insert(key);
                Vec::new()
            }
        }
    }

    fn structure(&mut self, value: &Value) -> Option<Pack> {
        let Value::Object(top) = value else {
            self.problem("", "a pack must be a JSON object");
            return None;
        };
        check_string_lengths(value, "", &mut self.problems);
        const KNOWN: [&str; 7] = [
            "format",
            "conference",
            "themes",
            "attendees",
            "indicators",
            "priorities",
            "objections",
        ];
        for key in top.keys() {
            if !KNOWN.contains(&key.as_str()) {
                self.problem(
                    key.clone(),
                    format!(
                        "unknown field `{key}`, expected one of {}",
                        KNOWN.join(", ")
                    ),
                );
            }
        }
        check_object_shapes(value, "", &mut self.problems);
        let format = match top.get("format") {
            Some(Value::String(s)) if s == PACK_FORMAT => Some(s.clone()),
            Some(Value::String(s)) => {
                self.problem(
                    "format",
                    format!(
                        "unsupported format \"{}\", expected \"{PACK_FORMAT}\"",
                        cut(s, 60)
                    ),
                );
                None
            }
            Some(_) => {
                self.problem("format", format!("expected the string \"{PACK_FORMAT}\""));
                None
            }
            None => {
                self.problem("", "missing field `format`");
                None
            }
        };
        let conference = match top.get("conference") {
            Some(c) => self.element::<Conference>("conference", c),
            None => {
                self.problem("", "missing field `conference`");
                None
            }
        };
        let themes = self.list::<Theme>(top, "themes", true);
        let attendees = self.list::<Attendee>(top, "attendees", true);
        let indicators = self.list::<Indicator>(top, "indicators", true);
        let priorities = self.list::<Priority>(top, "priorities", true);
        let objections = self.list::<PackObjection>(top, "objections", false);
        // Carry on with placeholders so the lists are still checked: every
        // problem is reported at once.
        let conference = conference.unwrap_or_else(|| {
            self.incomplete.insert("conference");
            Conference {
                title: "-".into(),
                partnership: "-".into(),
                government_office: "-".into(),
                date: "2000-01-01".into(),
                venue: None,
                designated_cap: None,
                notes: None,
            }
        });
        Some(Pack {
            format: format.unwrap_or_default(),
            conference,
            themes,
            attendees,
            indicators,
            priorities,
            objections,
        })
    }

    fn rules(&mut self, pack: &Pack) {
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
        if chrono::NaiveDate::parse_from_str(&c.date, "%Y-%m-%d").is_err() {
            self.problem(
                "conference.date",
                format!(
                    "\"{}\" is not an ISO 8601 date (YYYY-MM-DD)",
                    cut(&c.date, 60)
                ),
            );
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

pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && id.len() <= MAX_ID_CHARS
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn position_of(positions: &HashMap<String, (usize, usize)>, path: &str) -> Option<(usize, usize)> {
    let mut p = path;
    loop {
        if let Some(pos) = positions.get(p) {
            return Some(*pos);
        }
        // Fall back to the nearest enclosing value that exists in the text.
        let cut = p.rfind(['.', '['])?;
        p = &p[..cut];
    }
}

/// Where each value of a (syntactically valid) document starts, and the keys
/// written twice in one object (which a JSON parser silently resolves).
pub struct Located {
    /// JSON path → 1-based line and column where its value starts.
    pub positions: HashMap<String, (usize, usize)>,
    /// (path of the repeated field, its key), in text order.
    pub duplicate_keys: Vec<(String, String)>,
}

/// Finds the keys written twice, and, with `positions`, where every value
/// starts. Only a pack with problems needs the positions, and building them
/// for a large pack costs more than the rest of the validation.
pub fn locate_paths(text: &str, positions: bool) -> Located {
    let mut loc = Locator {
        s: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        record: positions,
        path: String::new(),
        out: HashMap::new(),
        duplicates: Vec::new(),
    };
    loc.value();
    Located {
        positions: loc.out,
        duplicate_keys: loc.duplicates,
    }
}

struct Locator<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    record: bool,
    /// The path of the value being read, grown and cut back in place.
    path: String,
    out: HashMap<String, (usize, usize)>,
    duplicates: Vec<(String, String)>,
}

impl<'a> Locator<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }
    /// Skips a string; returns its raw text, quotes included.
    fn string(&mut self) -> &'a [u8] {
        let start = self.i;
        self.bump(); // opening quote
        while let Some(b) = self.peek() {
            self.bump();
            match b {
                b'\\' => self.bump(),
                b'"' => break,
                _ => {}
            }
        }
        &self.s[start..self.i]
    }
    fn text_of(raw: &[u8]) -> String {
        match std::str::from_utf8(raw) {
            Ok(r) if !r.contains('\\') => r.trim_matches('"').to_string(),
            Ok(r) => serde_json::from_str::<String>(r).unwrap_or_default(),
            Err(_) => String::new(),
        }
    }
    fn value(&mut self) {
        self.ws();
        if self.record {
            self.out
                .entry(self.path.clone())
                .or_insert((self.line, self.col));
        }
        match self.peek() {
            Some(b'{') => {
                self.bump();
                let mut keys: HashSet<&[u8]> = HashSet::new();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {
                            let raw = self.string();
                            self.ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            let fresh = keys.insert(raw);
                            let mark = self.path.len();
                            if self.record || !fresh {
                                let key = Self::text_of(raw);
                                if !self.path.is_empty() {
                                    self.path.push('.');
                                }
                                self.path.push_str(&key);
                                if !fresh {
                                    self.duplicates.push((self.path.clone(), key));
                                }
                            }
                            self.value();
                            self.path.truncate(mark);
                        }
                        Some(b',') => self.bump(),
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') => {
                self.bump();
                let mut index = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        Some(b',') => self.bump(),
                        Some(_) => {
                            let before = self.i;
                            let mark = self.path.len();
                            if self.record {
                                self.path.push_str(&format!("[{index}]"));
                            }
                            self.value();
                            self.path.truncate(mark);
                            index += 1;
                            if self.i == before {
                                break; // malformed input: never spin
                            }
                        }
                        None => break,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.bump();
                }
            }
        }
    }
}
