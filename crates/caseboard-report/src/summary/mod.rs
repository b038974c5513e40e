//! `caseboard summary FILE...`: a Government Office's whole region at once.
//!
//! Each session's board is folded from its log (the caller loads it). Every
//! priority counts under its **headline indicator** (the first its pack lists,
//! the one an agreed target refers to); other indicators a priority lists are
//! not counted, as targets are agreed on the headline alone. For each such
//! indicator the summary gives, across areas (an area is a conference's
//! `partnership`): how many accepted, rejected, kept local, deferred or left
//! it undecided; the agreed targets side by side; the kinds of objection
//! raised against it (every objection on the record, whatever became of it);
//! and which areas differ from the most common outcome.
//!
//! A file that could not be read (missing, not a session, damaged) is
//! reported and skipped; the summary of the rest still succeeds. Only when no
//! file at all could be summarised is it an error.

use caseboard_core::pack::{ObjectionKind, PriorityKind};
use caseboard_core::text::display_line;
use caseboard_core::Record;
use caseboard_core::Status;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryFormat {
    /// A readable report, one block per indicator
    Text,
    /// One row per indicator and area (RFC 4180)
    Csv,
    /// The whole summary as one JSON document
    Json,
}

mod data;
mod text;

pub const SUMMARY_FORMAT: &str = "caseboard-summary/1";

/// The statuses in the order every format lists them.
const STATUSES: [Status; 5] = [
    Status::Accepted { target: None },
    Status::Rejected,
    Status::KeptLocal,
    Status::Deferred,
    Status::Undecided,
];

/// A session that was summarised.
#[derive(Debug, Clone)]
pub struct Area {
    /// The partnership, neutralised; made unique by the file name if two
    /// sessions share one.
    pub name: String,
    pub file: String,
    pub conference: String,
    pub date: String,
    pub events: u64,
    pub head_hash: String,
}

/// A file that was not summarised, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub file: String,
    pub problem: String,
}

/// One priority in one area, under its headline indicator.
#[derive(Debug, Clone)]
pub struct Entry {
    pub area: String,
    pub file: String,
    pub priority: String,
    pub kind: PriorityKind,
    /// The status's word ([`Status::word`]).
    pub status: &'static str,
    /// The agreed target (period, value) when accepted with one.
    pub target: Option<(String, f64)>,
    /// Objections raised against the priority, by kind ([`ObjectionKind::ALL`] order).
    pub objections: [u32; 7],
}

#[derive(Debug, Clone)]
pub struct IndicatorSummary {
    pub code: String,
    pub title: String,
    /// In area order, then the area's agenda order.
    pub entries: Vec<Entry>,
}

impl IndicatorSummary {
    /// Entries by status, in [`STATUSES`] order.
    pub fn counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for e in &self.entries {
            if let Some(i) = STATUSES.iter().position(|s| s.word() == e.status) {
                counts[i] += 1;
            }
        }
        counts
    }

    /// Objections raised against priorities with this headline, by kind.
    pub fn objection_kinds(&self) -> [u32; 7] {
        let mut total = [0; 7];
        for e in &self.entries {
            for (t, n) in total.iter_mut().zip(e.objections) {
                *t += n;
            }
        }
        total
    }

    /// The most common status and how many have it, unless two or more tie.
    pub fn majority(&self) -> Option<(&'static str, usize)> {
        let counts = self.counts();
        let top = *counts.iter().max()?;
        if top == 0 || counts.iter().filter(|c| **c == top).count() > 1 {
            return None;
        }
        let i = counts.iter().position(|c| *c == top)?;
        Some((STATUSES[i].word(), top))
    }

    /// The entries whose status is not the majority's (none when there is no majority).
    pub fn differing(&self) -> Vec<&Entry> {
        match self.majority() {
            None => Vec::new(),
            Some((status, _)) => self.entries.iter().filter(|e| e.status != status).collect(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub areas: Vec<Area>,
    pub skipped: Vec<Skipped>,
    /// In natural order of code ("NI 2" before "NI 10").
    pub indicators: Vec<IndicatorSummary>,
}

pub fn render(summary: &Summary, format: SummaryFormat) -> String {
    match format {
        SummaryFormat::Text => text::text(summary),
        SummaryFormat::Csv => data::csv(summary),
        SummaryFormat::Json => data::json(summary),
    }
}

struct Loaded {
    name: String,
    area: Area,
    entries: Vec<(String, String, Entry)>,
}

/// One session given to the summary: the file as named on the command
/// line, and its record, or the one-line reason it could not be read.
pub struct Input {
    pub file: String,
    pub record: Result<Record, String>,
}

/// Gathers the summary of the sessions the caller loaded. Never fails: a
/// session that could not be read is listed in [`Summary::skipped`].
pub fn summarise(inputs: Vec<Input>) -> Summary {
    let mut summary = Summary::default();
    let mut loaded: Vec<Loaded> = Vec::new();
    for Input { file, record } in inputs {
        let file = display_line(&file);
        match record {
            Ok(record) => loaded.push(load(&record, &file)),
            Err(problem) => summary.skipped.push(Skipped {
                problem: display_line(&problem),
                file,
            }),
        }
    }

    // Two sessions of one partnership (a reconvened conference, say) stay
    // apart: each is named by its file as well.
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for l in &loaded {
        *names.entry(l.name.clone()).or_default() += 1;
    }
    for l in &mut loaded {
        if names[&l.name] > 1 {
            let base = Path::new(&l.area.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| l.area.file.clone());
            l.area.name = format!("{} ({})", l.name, display_line(&base));
            for (_, _, e) in &mut l.entries {
                e.area = l.area.name.clone();
            }
        }
    }
    loaded.sort_by(|a, b| area_order(&a.area.name, &b.area.name));

    let mut by_code: BTreeMap<String, IndicatorSummary> = BTreeMap::new();
    for l in loaded {
        for (code, title, entry) in l.entries {
            by_code
                .entry(code.clone())
                .or_insert_with(|| IndicatorSummary {
                    code,
                    title,
                    entries: Vec::new(),
                })
                .entries
                .push(entry);
        }
        summary.areas.push(l.area);
    }
    summary.indicators = by_code.into_values().collect();
    summary
        .indicators
        .sort_by(|a, b| natural_order(&a.code, &b.code));
    summary
}

/// One session: its area and its priorities under their headline indicators.
fn load(record: &Record, file: &str) -> Loaded {
    let Record {
        events,
        board,
        head_hash,
        ..
    } = record;
    let pack = board.pack();
    let name = display_line(&pack.conference.partnership);
    let name = if name.trim().is_empty() {
        file.to_string()
    } else {
        name
    };
    let mut entries = Vec::new();
    for p in board.priorities() {
        let Some(spec) = board.spec(&p.id) else {
            continue;
        };
        let Some(code) = spec.indicators.first() else {
            continue;
        };
        let title = board
            .indicator(code)
            .map(|i| display_line(&i.title))
            .unwrap_or_default();
        let status = p.status.word();
        let target = match &p.status {
            Status::Accepted { target } => {
                target.as_ref().map(|t| (display_line(&t.period), t.value))
            }
            _ => None,
        };
        let mut objections = [0u32; 7];
        for o in board.objections_for(&p.id) {
            if let Some(i) = ObjectionKind::ALL.iter().position(|k| *k == o.kind) {
                objections[i] += 1;
            }
        }
        entries.push((
            display_line(code),
            title,
            Entry {
                area: name.clone(),
                file: file.to_string(),
                priority: display_line(&p.id),
                kind: p.kind,
                status,
                target,
                objections,
            },
        ));
    }
    Loaded {
        area: Area {
            name: name.clone(),
            file: file.to_string(),
            conference: display_line(&pack.conference.title),
            date: display_line(&pack.conference.date),
            events: events.len() as u64,
            head_hash: head_hash.clone(),
        },
        name,
        entries,
    }
}

/// Areas alphabetically, ignoring case (then exactly, so the order is total).
fn area_order(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Natural order: runs of digits compare as numbers, so "NI 2" < "NI 10".
pub fn natural_order(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let run = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
                let (rx, ry) = (run(x), run(y));
                let (nx, ny) = (
                    x[..rx].trim_start_matches('0'),
                    y[..ry].trim_start_matches('0'),
                );
                let by_number = nx.len().cmp(&ny.len()).then_with(|| nx.cmp(ny));
                if by_number != Ordering::Equal {
                    return by_number;
                }
                x = &x[rx..];
                y = &y[ry..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x = &x[c.len_utf8()..];
                y = &y[d.len_utf8()..];
            }
        }
    }
}

/// A status's word as running text says it ([`Status::phrase`]).
fn status_words(word: &str) -> &str {
    STATUSES
        .iter()
        .find(|s| s.word() == word)
        .map_or(word, |s| s.phrase())
}

fn kinds_text(kinds: &[u32; 7], sep: &str, join: &str) -> String {
    ObjectionKind::ALL
        .iter()
        .zip(kinds)
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{}{sep}{n}", k.as_str()))
        .collect::<Vec<_>>()
        .join(join)
}
