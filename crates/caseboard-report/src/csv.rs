//! `caseboard export --format csv`: one row per decision ever recorded,
//! oldest first, with `superseded` marking those a later decision on the
//! same priority replaced.
//!
//! RFC 4180: comma-separated, CRLF line ends, a header row, and a field
//! quoted (with inner quotes doubled) when it holds a comma, a quote or a
//! line break. Text is neutralised with
//! [`caseboard_core::text::display_line`] first, so no field
//! carries a control character, an escape sequence, a bidi override or a
//! line break.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (CSV or "formula" injection: `=HYPERLINK(...)`, `=cmd|...`). Every
//! text field whose first visible character is one of those is prefixed
//! with a single quote `'`, which spreadsheets show as text and other
//! readers see as one extra character. Numeric fields (`seq` and the
//! `_value` columns) are written by caseboard itself and are never
//! prefixed, so a negative target stays a number.
//!
//! The columns after `superseded` were added later, at the end, so a
//! reader of the first thirteen keeps working: the headline indicator
//! (`ni_code`, `ni_title`), its baseline and proposed target, and the
//! target agreed for the priority as the board stands.

use crate::Source;
use caseboard_core::event::Decision;
use caseboard_core::pack::PeriodValue;
use caseboard_core::text::{clean, starts_formula};
use caseboard_core::{Board, Event, EventBody, Status};
use std::fmt::Write as _;
use std::io::Write;

pub const HEADER: [&str; 21] = [
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
    // Added later, at the end, so readers of the first thirteen keep working.
    "ni_code",
    "ni_title",
    "baseline_period",
    "baseline_value",
    "proposed_period",
    "proposed_value",
    "agreed_period",
    "agreed_value",
];

/// A text field, appended to `out`: neutralised, guarded against formula
/// injection, quoted when RFC 4180 needs it. Every CSV caseboard writes
/// (this export and the regional summary) writes its text through this.
pub(crate) fn push_text_field(out: &mut String, s: &str) {
    let clean = clean(s, usize::MAX);
    let formula = starts_formula(&clean);
    // After neutralising there is no CR or LF left; a comma or a quote still needs quoting.
    let quote = clean.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        for c in clean.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(&clean);
    }
}

/// A period and its figure, as two fields (both empty for none).
fn push_period_value(out: &mut String, pv: Option<&PeriodValue>) {
    match pv {
        Some(pv) => {
            push_text_field(out, &pv.period);
            let _ = write!(out, ",{}", pv.value);
        }
        None => out.push(','),
    }
}

/// As [`push_text_field`], as a cell of its own.
pub(crate) fn text_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_text_field(&mut out, s);
    out
}

/// The decisions on the record, as CSV: one row per decision in the log,
/// whether it still stands as the board says. Written a row at a time as
/// the log is read.
pub fn decisions<S: Source>(out: &mut dyn Write, source: &S) -> Result<(), S::Error> {
    let board = source.board();
    let mut row = String::with_capacity(1024);
    row.push_str(&HEADER.join(","));
    row.push_str("\r\n");
    out.write_all(row.as_bytes())?;
    let mut ids = String::new();
    source.each_event_of("decision_recorded", &mut |e| {
        let EventBody::DecisionRecorded(d) = &e.body else {
            return Ok(());
        };
        row.clear();
        decision_row(&mut row, &mut ids, board, e, d);
        Ok(out.write_all(row.as_bytes())?)
    })?;
    Ok(out.flush()?)
}

/// One decision's row, with its line end.
fn decision_row(out: &mut String, ids: &mut String, board: &Board, e: &Event, d: &Decision) {
    let (title, kind) = board
        .spec(&d.priority)
        .map(|p| (p.title.as_str(), p.kind.as_str()))
        .unwrap_or_default();
    let superseded = board.superseded_by(e.seq).is_some();
    let _ = write!(out, "{},", e.seq);
    caseboard_core::clock::push_instant(out, e.at, board.zone());
    out.push(',');
    push_text_field(out, &e.actor);
    out.push(',');
    push_text_field(out, &d.priority);
    out.push(',');
    push_text_field(out, title);
    out.push(',');
    out.push_str(kind);
    out.push(',');
    out.push_str(d.outcome.as_str());
    out.push(',');
    out.push_str(if d.local { "true" } else { "false" });
    out.push(',');
    push_period_value(out, d.target.as_ref());
    out.push(',');
    push_text_field(out, &d.rationale);
    out.push(',');
    ids.clear();
    for (i, id) in d.open_objections.iter().enumerate() {
        if i > 0 {
            ids.push(';');
        }
        ids.push_str(id);
    }
    push_text_field(out, ids);
    out.push(',');
    out.push_str(if superseded { "true" } else { "false" });
    // The headline indicator's figures, and the target agreed for the
    // priority as the board stands now (a superseded row shows what
    // replaced it; empty unless it stands accepted with a target).
    let indicator = board.headline_indicator(&d.priority);
    out.push(',');
    push_text_field(out, indicator.map(|i| i.code.as_str()).unwrap_or_default());
    out.push(',');
    push_text_field(out, indicator.map(|i| i.title.as_str()).unwrap_or_default());
    let agreed = match board.priority(&d.priority).map(|p| &p.status) {
        Some(Status::Accepted { target }) => target.as_ref(),
        _ => None,
    };
    for pv in [
        indicator.and_then(|i| i.baseline.as_ref()),
        indicator.and_then(|i| i.proposed_target.as_ref()),
        agreed,
    ] {
        out.push(',');
        push_period_value(out, pv);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::push_text_field;

    fn field(s: &str) -> String {
        let mut out = String::new();
        push_text_field(&mut out, s);
        out
    }

    #[test]
    fn fields_are_quoted_guarded_and_neutralised() {
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\r\nlines"), "two lines");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("  +44 1234"), "'  +44 1234");
        assert_eq!(field("-x, y"), "\"'-x, y\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("a\u{1b}[2J\u{202E}b"), "a\u{FFFD}[2J\u{FFFD}b");
        assert_eq!(field(""), "");
    }
}
