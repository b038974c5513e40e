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
                    minute(closed.at),
                    closed.seq
                );
                if !closed.item.reason.trim().is_empty() {
                    let _ = write!(s, ": {}", md(&closed.item.reason));
                }
                s
            }
            None => "open: entries may still be recorded".to_string(),
        };
        let _ = writeln!(self.out, "- **Session:** {status}\n");
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
