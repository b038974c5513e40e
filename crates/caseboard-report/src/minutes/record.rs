//! The record itself: closings and reopenings, the timeline of every
//! entry, and how to check the printed copy against the file.

use super::markdown::{cell, hash, minute, plural, push_cell};
use super::{md, push_md, Minutes};
use caseboard_core::clock::push_instant;
use caseboard_core::{Event, SessionChange};
use std::fmt::Write;

impl Minutes<'_> {
    pub(super) fn closing(&mut self) {
        let board = self.board;
        let changes = board.session_changes();
        if changes.is_empty() {
            return;
        }
        self.out.push_str("## Closing\n\n");
        for e in changes {
            let line = match &e.item {
                SessionChange::Closed(c) => {
                    let mut s = format!("Closed by {}", cell(&e.actor));
                    if c.forced {
                        let ids: Vec<String> = c.undecided.iter().map(|i| md(i)).collect();
                        let _ = write!(
                            s,
                            " with {} undecided ({})",
                            plural(c.undecided.len(), "item", "items"),
                            ids.join(", ")
                        );
                    }
                    let reason = md(&c.reason);
                    if !reason.is_empty() {
                        let _ = write!(s, ". Reason: {reason}");
                    }
                    s
                }
                SessionChange::Reopened(r) => {
                    format!(
                        "Reopened by {}. Reason: {}",
                        cell(&e.actor),
                        cell(&r.reason)
                    )
                }
            };
            let _ = writeln!(
                self.out,
                "- #{}, {}: {line}",
                e.seq,
                minute(e.at, self.board.zone())
            );
        }
        let now = if self.board.closed().is_some() {
            "The session is closed: nothing more can be recorded unless it is reopened."
        } else {
            "The session is open again: entries may still be recorded."
        };
        let _ = writeln!(self.out, "\n{now}\n");
    }

    pub(super) fn timeline_heading(&mut self) {
        self.out.push_str(
            "## Appendix: timeline\n\nEvery entry on the record, oldest first. A decision marked superseded was replaced by a later decision on the same priority; the tables above show the decision that stands.\n\n",
        );
        let _ = writeln!(
            self.out,
            "| # | time | recorded by | kind | priority | what |\n|---|---|---|---|---|---|"
        );
    }

    /// One entry of the timeline, as the log is read.
    pub(super) fn timeline_row(&mut self, e: &Event) {
        let board = self.board;
        let out = &mut self.out;
        let _ = write!(out, "| {} | ", e.seq);
        push_instant(out, e.at, board.zone());
        out.push_str(" | ");
        push_cell(out, &e.actor);
        out.push_str(" | ");
        out.push_str(e.body.kind());
        out.push_str(" | ");
        push_cell(out, e.body.priority().unwrap_or(""));
        out.push_str(" | ");
        push_md(out, &e.body.describe(board));
        if let Some(later) = board.superseded_by(e.seq) {
            let _ = write!(out, " **(superseded by #{later})**");
        }
        out.push_str(" |\n");
    }

    /// How to check the record: `events` entries, the newest `#last`.
    pub(super) fn integrity(
        &mut self,
        events: u64,
        last: u64,
        head_hash: &str,
        pack_sha256: &str,
        file: &str,
    ) {
        let _ = writeln!(
            self.out,
            "## Checking this record\n\n- Events: {events}, #1 to #{last}\n- Hash chain head (event #{last}): {}\n- Pack SHA-256: {}\n",
            hash(head_hash),
            hash(pack_sha256)
        );
        let file = md(file);
        let on = if file.is_empty() {
            "the session file".to_string()
        } else {
            format!("the session file ({file})")
        };
        let _ = writeln!(
            self.out,
            "To check a printed copy, run `caseboard verify FILE` on {on}: a sound, unaltered record prints this same head hash, and any entry recorded after these minutes, or any alteration, changes it."
        );
    }
}
