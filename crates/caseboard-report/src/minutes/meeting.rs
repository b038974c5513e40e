//! The meeting's own entries: objections, actions, the readiness
//! checklist, tier positions and notes.

use super::markdown::{cell, minute, table};
use super::{md, md_lines, Minutes};
use caseboard_core::board::{Entry, ObjectionStatus};
use caseboard_core::clock::{short_clock, timebox};
use caseboard_core::event::{ActionItem, Note};
use caseboard_core::meeting::{tier_title, Position, Question, TIERS};
use std::collections::HashMap;
use std::fmt::Write;

impl Minutes<'_> {
    pub(super) fn objections(&mut self) {
        self.out.push_str("## Objections\n\n");
        let board = self.board;
        let position: HashMap<&str, usize> = board
            .priorities()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut all: Vec<_> = board.objections().iter().collect();
        // Agenda order; within a priority, the pack's first, then as raised.
        all.sort_by_key(|o| position.get(o.priority.as_str()).copied());
        // Every objection ever raised: each row is made as it is written.
        let mut out = std::mem::take(&mut self.out);
        let rows = all.iter().map(|o| {
            let mut by = match o.raised_by.as_deref() {
                Some(a) => self.person(a),
                None => "not recorded".to_string(),
            };
            match o.raised_at {
                None => by.push_str(", before the meeting"),
                Some(seq) => {
                    let _ = write!(by, ", in the meeting (#{seq})");
                }
            }
            let mut kind = o.kind.phrase().to_string();
            match (&o.alternative, &o.alternative_title) {
                (Some(alt), None) => {
                    let _ = write!(kind, ": {} instead", md(alt));
                }
                (Some(_), Some(_)) => {
                    let words = board.alternative_words(o).unwrap_or_default();
                    let _ = write!(kind, ": replace with {}", md(&words));
                }
                (None, _) => {}
            }
            let when = o
                .settled
                .as_ref()
                .map(|e| format!(" (#{}, {})", e.seq, cell(&e.actor)))
                .unwrap_or_default();
            let outcome = match &o.status {
                ObjectionStatus::Open => "open".to_string(),
                ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } => {
                    let mut s = o.status.word().to_string();
                    s.push_str(&when);
                    let note = md(note);
                    if !note.is_empty() {
                        let _ = write!(s, ": {note}");
                    }
                    s
                }
            };
            vec![md(&o.id), md(&o.priority), by, kind, cell(&o.text), outcome]
        });
        table(
            &mut out,
            &[
                "objection",
                "priority",
                "raised by",
                "kind",
                "objection",
                "how it ended",
            ],
            rows,
        );
        self.out = out;
    }

    pub(super) fn actions(&mut self, actions: &[&Entry<ActionItem>]) {
        self.out.push_str("## Actions\n\n");
        let mut out = std::mem::take(&mut self.out);
        let rows = actions.iter().map(|a| {
            let owner = match a.item.owner.as_deref() {
                Some(o) => self.person(o),
                None => "—".to_string(),
            };
            let about = match a.item.priority.as_deref() {
                Some(p) => format!("{} {}", md(p), self.title_of(p)),
                None => "the meeting".to_string(),
            };
            vec![
                format!("#{}", a.seq),
                cell(&a.item.text),
                owner,
                a.item
                    .due
                    .as_deref()
                    .map(cell)
                    .unwrap_or_else(|| "—".into()),
                about,
            ]
        });
        table(&mut out, &["#", "action", "owner", "due", "priority"], rows);
        self.out = out;
    }

    pub(super) fn checklist(&mut self) {
        self.out.push_str("## Readiness checklist\n\n");
        let board = self.board;
        let rows: Vec<Vec<String>> = board
            .priorities()
            .iter()
            .filter(|p| p.checklist_recorded)
            .map(|p| {
                let mut row = vec![md(&p.id), self.title_of(&p.id)];
                row.extend(
                    Question::ALL
                        .iter()
                        .map(|q| p.answer(*q).as_str().to_string()),
                );
                let (yes, no) = p.readiness();
                row.push(format!("{yes}/6 yes, {no} no"));
                row
            })
            .collect();
        if rows.is_empty() {
            self.out.push_str("No checklist answers were recorded.\n\n");
            return;
        }
        self.out
            .push_str("For the items that had answers. The questions, in column order:\n\n");
        for (i, q) in Question::ALL.iter().enumerate() {
            let _ = writeln!(self.out, "{}. {}", i + 1, q.text());
        }
        self.out.push('\n');
        table(
            &mut self.out,
            &[
                "priority",
                "title",
                "1 evidence",
                "2 people",
                "3 conflict",
                "4 resources",
                "5 central objectives",
                "6 indicator quality",
                "readiness",
            ],
            rows,
        );
    }

    pub(super) fn positions(&mut self) {
        self.out
            .push_str("## Tier positions (the vertical test)\n\n");
        let board = self.board;
        let rows: Vec<Vec<String>> = board
            .priorities()
            .iter()
            .filter(|p| p.positions_recorded)
            .map(|p| {
                let mut row = vec![md(&p.id), self.title_of(&p.id)];
                row.extend(
                    p.positions
                        .iter()
                        .map(|x: &Position| x.as_str().to_string()),
                );
                row.push(format!("`{}`", p.agreement_mark()));
                row
            })
            .collect();
        if rows.is_empty() {
            self.out.push_str("No tier positions were recorded.\n\n");
            return;
        }
        let mut headers = vec!["priority", "title"];
        headers.extend(TIERS.iter().map(|t| tier_title(*t)));
        headers.push("mark");
        table(&mut self.out, &headers, rows);
    }

    /// Each item discussed: its time against its timebox, and who spoke on
    /// it for how long; then each speaker's total, by tier. A clock still
    /// running when the record ends counts to its last stop.
    pub(super) fn time_and_speakers(&mut self) {
        self.out.push_str("## Time and speakers\n\n");
        let board = self.board;
        let minutes = |ms: i64| short_clock(chrono::Duration::milliseconds(ms));
        let rows: Vec<Vec<String>> = board
            .priorities()
            .iter()
            .filter(|p| p.timer.accumulated_ms > 0 || !p.spoken.is_empty())
            .map(|p| {
                let used = minutes(p.timer.accumulated_ms);
                let used = if p.timer.is_running() {
                    format!("{used} (running)")
                } else {
                    used
                };
                let timebox = board
                    .spec(&p.id)
                    .and_then(|s| s.timebox_minutes)
                    .map_or("—".to_string(), |m| short_clock(timebox(m)));
                let speakers = p
                    .spoken
                    .iter()
                    .map(|(who, ms)| format!("{} {}", md(board.name_of(who)), minutes(*ms)))
                    .collect::<Vec<_>>()
                    .join("; ");
                let speakers = if speakers.is_empty() {
                    "—".to_string()
                } else {
                    speakers
                };
                vec![md(&p.id), self.title_of(&p.id), used, timebox, speakers]
            })
            .collect();
        if rows.is_empty() {
            self.out.push_str("No item's time was recorded.\n\n");
            return;
        }
        table(
            &mut self.out,
            &["priority", "title", "time used", "timebox", "speakers"],
            rows,
        );
        // Each speaker's total across the items, tier by tier.
        let mut totals: Vec<(String, i64)> = Vec::new();
        for (who, ms) in board.priorities().iter().flat_map(|p| p.spoken.iter()) {
            match totals.iter_mut().find(|(w, _)| w == who) {
                Some((_, total)) => *total += ms,
                None => totals.push((who.clone(), *ms)),
            }
        }
        if totals.is_empty() {
            return;
        }
        let tier_of = |who: &str| board.attendee(who).map(|a| a.tier);
        let mut rows = Vec::new();
        for tier in TIERS {
            for (who, ms) in totals.iter().filter(|(w, _)| tier_of(w) == Some(tier)) {
                rows.push(vec![
                    tier_title(tier).to_string(),
                    self.person(who),
                    minutes(*ms),
                ]);
            }
        }
        for (who, ms) in totals.iter().filter(|(w, _)| tier_of(w).is_none()) {
            rows.push(vec!["—".to_string(), self.person(who), minutes(*ms)]);
        }
        table(&mut self.out, &["tier", "speaker", "speaking time"], rows);
    }

    pub(super) fn notes(&mut self) {
        self.out.push_str("## Notes\n\n");
        let board = self.board;
        let mut notes: Vec<&Entry<Note>> = board
            .meeting_notes()
            .iter()
            .chain(board.priorities().iter().flat_map(|p| p.notes.iter()))
            .collect();
        notes.sort_by_key(|n| n.seq);
        if notes.is_empty() {
            self.out.push_str("None.\n\n");
            return;
        }
        for n in notes {
            let about = match n.item.priority.as_deref() {
                Some(p) => format!("{} {}", md(p), self.title_of(p)),
                None => "the meeting".to_string(),
            };
            let _ = writeln!(
                self.out,
                "- On {about} (#{}, {}, {}):\\\n  {}",
                n.seq,
                cell(&n.actor),
                minute(n.at, self.board.zone()),
                md_lines(&n.item.text, 2)
            );
        }
        self.out.push('\n');
    }
}
