//! The front of the minutes: the conference, the session's state, attendees.

use super::markdown::{cell, md, minute, table};
use super::Minutes;
use caseboard_core::meeting::{Presence, TIERS};
use std::fmt::Write;

impl Minutes<'_> {
    pub(super) fn heading(&mut self) {
        let c = &self.board.pack().conference;
        let _ = writeln!(self.out, "# Minutes: {}\n", cell(&c.title));
        let _ = writeln!(self.out, "- **Partnership:** {}", cell(&c.partnership));
        let _ = writeln!(
            self.out,
            "- **Government Office:** {}",
            cell(&c.government_office)
        );
        let _ = writeln!(self.out, "- **Date:** {}", cell(&c.date));
        let _ = writeln!(
            self.out,
            "- **Times:** local, {}; the record keeps UTC",
            cell(&self.board.pack().zone_label())
        );
        let venue = c
            .venue
            .as_deref()
            .map(cell)
            .unwrap_or_else(|| "not recorded".to_string());
        let _ = writeln!(self.out, "- **Venue:** {venue}");
        let status = match self.board.closed() {
            Some(closed) => {
                let mut s = format!(
                    "closed by {} at {} (#{})",
                    cell(&closed.actor),
                    minute(closed.at, self.board.zone()),
                    closed.seq
                );
                if !closed.item.reason.trim().is_empty() {
                    let _ = write!(s, ": {}", md(&closed.item.reason));
                }
                s
            }
            None => "open: entries may still be recorded".to_string(),
        };
        let _ = writeln!(self.out, "- **Session:** {status}");
        if let Some(line) = self.finish_line() {
            let _ = writeln!(self.out, "- **Finish:** {line}");
        }
        self.out.push('\n');
    }

    /// The planned finish against the actual one (the close), when the
    /// pack plans one or the session is closed.
    fn finish_line(&self) -> Option<String> {
        let board = self.board;
        let zone = board.zone();
        let planned = board.planned_end();
        let closed = board.closed().map(|c| c.at);
        let when = |at| {
            // The time alone on the conference day; a date too otherwise.
            let local = caseboard_core::clock::instant(at, zone);
            if local.starts_with(board.pack().conference.date.trim()) {
                caseboard_core::clock::hh_mm(at, zone)
            } else {
                minute(at, zone)
            }
        };
        match (planned, closed) {
            (None, None) => None,
            (Some(p), None) => Some(format!("planned for {}; not yet finished", when(p))),
            (None, Some(c)) => Some(format!("finished at {}", when(c))),
            (Some(p), Some(c)) => {
                let plan = caseboard_core::agenda::plan(board, c);
                let words = plan.lateness_words().unwrap_or_default();
                Some(format!(
                    "planned for {}, finished at {} ({})",
                    when(p),
                    when(c),
                    words.trim_start_matches("finished ")
                ))
            }
        }
    }

    pub(super) fn attendees(&mut self) {
        self.out.push_str("## Attendees\n\n");
        let pack = self.board.pack().clone();
        let (mut present, mut apologies, mut unknown) = (0, 0, 0);
        for a in &pack.attendees {
            match self.board.presence(&a.id) {
                Some(Presence::Present) => present += 1,
                Some(Presence::Apologies) => apologies += 1,
                None => unknown += 1,
            }
        }
        let _ = writeln!(
            self.out,
            "Present {present} · apologies {apologies} · not recorded {unknown}\n"
        );
        for tier in TIERS {
            let _ = writeln!(self.out, "### {}\n", tier.heading());
            let rows: Vec<Vec<String>> = pack
                .attendees
                .iter()
                .filter(|a| a.tier == tier)
                .map(|a| {
                    let presence = match self.board.presence(&a.id) {
                        Some(p) => p.as_str(),
                        None => "not recorded",
                    };
                    vec![
                        cell(&a.name),
                        cell(&a.organisation),
                        a.role.as_deref().map(cell).unwrap_or_else(|| "—".into()),
                        presence.to_string(),
                    ]
                })
                .collect();
            table(
                &mut self.out,
                &["name", "organisation", "role", "attendance"],
                &rows,
            );
        }
    }
}
