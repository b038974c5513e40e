//! `caseboard export --format md`: the minutes a chair circulates after the
//! meeting, folded from the record and nothing else.
//!
//! The output is deterministic (no "exported at" time), so the same log
//! always gives the same bytes. Every piece of text that came from the pack
//! or from typing goes through [`md`] (or [`md_lines`]): control characters,
//! escape sequences and bidi overrides are neutralised as on screen, and the
//! characters Markdown would obey are escaped, so hostile text cannot open a
//! heading, a table column, a code span, a link or raw HTML.

mod decisions;
mod heading;
mod markdown;
mod meeting;
mod record;

pub use markdown::{md, md_lines, push_md};

use crate::Source;
use caseboard_core::board::DecisionRecord;
use caseboard_core::clock::Tz;
use caseboard_core::pack::PeriodValue;
use caseboard_core::Board;
use markdown::{cell, minute, period_value};
use std::fmt::Write as _;
use std::io::Write;

/// The minutes of the session, as Markdown: everything the board says,
/// then the timeline, written an entry at a time as the log is read.
pub fn markdown<S: Source>(out: &mut dyn Write, source: &S) -> Result<(), S::Error> {
    let board = source.board();
    let mut m = Minutes {
        board,
        out: String::with_capacity(64 * 1024),
    };
    // Each section is written as soon as it is made: the document is
    // never held whole.
    let sections: [fn(&mut Minutes); 14] = [
        |m| m.heading(),
        |m| m.attendees(),
        |m| m.summary(),
        |m| m.designated(),
        |m| m.statutory(),
        |m| m.local(),
        |m| m.rejected_and_deferred(),
        |m| m.objections(),
        |m| m.actions(&m.board.all_actions()),
        |m| m.checklist(),
        |m| m.positions(),
        |m| m.time_and_speakers(),
        |m| m.notes(),
        |m| m.closing(),
    ];
    for section in sections {
        section(&mut m);
        out.write_all(m.out.as_bytes())?;
        m.out.clear();
    }
    m.timeline_heading();
    let (mut count, mut last) = (0u64, 0u64);
    source.each_event(&mut |e| {
        m.timeline_row(e);
        count += 1;
        last = e.seq;
        // Written in pieces of about this size, not a line at a time.
        if m.out.len() >= 32 * 1024 {
            out.write_all(m.out.as_bytes())?;
            m.out.clear();
        }
        Ok(())
    })?;
    m.out.push('\n');
    m.integrity(
        count,
        last,
        source.head_hash(),
        source.pack_sha256(),
        source.file(),
    );
    out.write_all(m.out.as_bytes())?;
    Ok(out.flush()?)
}

/// The document as it is written, section by section. Every fact comes
/// from the board; the log itself is only listed (the timeline) and
/// counted (the check).
struct Minutes<'a> {
    board: &'a Board,
    out: String,
}

impl Minutes<'_> {
    fn title_of(&self, id: &str) -> String {
        self.board
            .spec(id)
            .map(|s| cell(&s.title))
            .unwrap_or_else(|| "—".to_string())
    }

    /// An attendee as "Name (Organisation)"; an id not in the pack as typed.
    fn person(&self, id: &str) -> String {
        match self.board.attendee(id) {
            Some(a) => format!("{} ({})", md(&a.name), md(&a.organisation)),
            None => cell(id),
        }
    }

    fn headline(&self, id: &str) -> (String, String) {
        let indicator = self.board.headline_indicator(id);
        match indicator {
            None => ("—".to_string(), "—".to_string()),
            Some(i) => {
                let mut name = format!("{} {}", md(&i.code), md(&i.title));
                if let Some(unit) = i.unit.as_deref().map(md).filter(|u| !u.is_empty()) {
                    let _ = write!(name, "; unit: {unit}");
                }
                let baseline = i
                    .baseline
                    .as_ref()
                    .map(period_value)
                    .unwrap_or_else(|| "—".to_string());
                (name, baseline)
            }
        }
    }

    fn proposed(&self, id: &str) -> Option<&PeriodValue> {
        self.board
            .headline_indicator(id)
            .and_then(|i| i.proposed_target.as_ref())
    }

    /// The standing decision's rationale, with the objections it was taken over.
    fn reason(d: &DecisionRecord) -> String {
        let mut s = md(&d.decision.rationale);
        if !d.decision.open_objections.is_empty() {
            if !s.is_empty() {
                s.push(' ');
            }
            let ids: Vec<String> = d.decision.open_objections.iter().map(|o| md(o)).collect();
            let _ = write!(s, "(taken over open objections {})", ids.join(", "));
        }
        if s.is_empty() {
            "—".to_string()
        } else {
            s
        }
    }

    /// Who decided and when, and which earlier decisions it supersedes.
    fn decided(decisions: &[DecisionRecord], zone: Tz) -> String {
        let Some(d) = decisions.last() else {
            return "—".to_string();
        };
        let mut s = format!("{}, {} (#{})", cell(&d.actor), minute(d.at, zone), d.seq);
        if decisions.len() > 1 {
            let earlier: Vec<String> = decisions[..decisions.len() - 1]
                .iter()
                .map(|e| format!("#{}", e.seq))
                .collect();
            let _ = write!(s, "; supersedes {}", earlier.join(", "));
        }
        s
    }
}
