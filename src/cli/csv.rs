//! `caseboard export --format csv`: one row per decision ever recorded,
//! oldest first, with `superseded` marking those a later decision on the
//! same priority replaced.
//!
//! RFC 4180: comma-separated, CRLF line ends, a header row, and a field
//! quoted (with inner quotes doubled) when it holds a comma, a quote or a
//! line break. Text is neutralised with [`display_line`] first, so no field
//! carries a control character, an escape sequence, a bidi override or a
//! line break.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (CSV or "formula" injection: `=HYPERLINK(...)`, `=cmd|...`). Every
//! text field whose first visible character is one of those is prefixed
//! with a single quote `'`, which spreadsheets show as text and other
//! readers see as one extra character. Numeric fields (`seq`,
//! `target_value`) are written by caseboard itself and are never prefixed,
//! so a negative target stays a number.

use crate::domain::pack::Pack;
use crate::domain::text::display_line;
use crate::domain::{Event, EventBody};
use crate::store::{Store, StoreError};
use std::collections::HashMap;

pub const HEADER: [&str; 13] = [
    "seq",
    "at",
    "recorded_by",
    "priority",
    "title",
    "kind",
    "outcome",
    "kept_local",
    "target_period",
    "target_value",
    "rationale",
    "open_objections",
    "superseded",
];

/// The decisions of the session `store` holds, as CSV.
pub fn decisions(store: &Store) -> Result<String, StoreError> {
    let events = store.events_after(0)?;
    Ok(render(&events, store.pack()))
}

/// A text field: neutralised, guarded against formula injection, quoted
/// when RFC 4180 needs it.
pub fn text_field(s: &str) -> String {
    let mut clean = display_line(s);
    if matches!(
        clean.trim_start().chars().next(),
        Some('=' | '+' | '-' | '@')
    ) {
        clean.insert(0, '\'');
    }
    quoted(clean)
}

/// A field quoted as RFC 4180 asks: when it holds a comma, a quote or a line break.
fn quoted(s: String) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn render(events: &[Event], pack: &Pack) -> String {
    let specs: HashMap<&str, (&str, &str)> = pack
        .priorities
        .iter()
        .map(|p| (p.id.as_str(), (p.title.as_str(), p.kind.as_str())))
        .collect();
    // The decision standing on each priority: the last one recorded.
    let mut standing: HashMap<&str, u64> = HashMap::new();
    for e in events {
        if let EventBody::DecisionRecorded(d) = &e.body {
            standing.insert(&d.priority, e.seq);
        }
    }
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for e in events {
        let EventBody::DecisionRecorded(d) = &e.body else {
            continue;
        };
        let (title, kind) = specs.get(d.priority.as_str()).copied().unwrap_or_default();
        let superseded = standing.get(d.priority.as_str()) != Some(&e.seq);
        let fields = [
            e.seq.to_string(),
            e.at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            text_field(&e.actor),
            text_field(&d.priority),
            text_field(title),
            kind.to_string(),
            d.outcome.as_str().to_string(),
            d.local.to_string(),
            d.target
                .as_ref()
                .map(|t| text_field(&t.period))
                .unwrap_or_default(),
            d.target
                .as_ref()
                .map(|t| format!("{}", t.value))
                .unwrap_or_default(),
            text_field(&d.rationale),
            text_field(&d.open_objections.join(";")),
            superseded.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}
