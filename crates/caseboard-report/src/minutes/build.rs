//! How the minutes' model is built from the board: every section in
//! people's words, each fact taken from the board, never worked out again.

use super::model::*;
use crate::report::tally;
use crate::Source;
use caseboard_core::board::{DecisionRecord, Entry, ObjectionState, ObjectionStatus};
use caseboard_core::clock::{short_clock, timebox, Tz};
use caseboard_core::event::{ActionItem, Note};
use caseboard_core::meeting::{tier_title, Position, Presence, Question, TIERS};
use caseboard_core::pack::{Indicator, PeriodValue, PriorityKind};
use caseboard_core::vocabulary::{TARGET_TO_BE_SET, TO_BE_SET};
use caseboard_core::{Board, Event, SessionChange, Status};
use std::collections::HashMap;

impl<'a> Minutes<'a> {
    /// Every objection ever raised, as rows, each made as it is asked for.
    pub fn objections(&self) -> impl Iterator<Item = ObjectionRow<'a>> + '_ {
        let board = self.board;
        self.objections.iter().map(move |o| objection_row(board, o))
    }

    /// How many objections were ever raised.
    pub fn objection_count(&self) -> usize {
        self.objections.len()
    }

    /// The minutes of `source`; with `timeline`, every entry on the record
    /// too (the log is read for that alone).
    pub fn of<S: Source>(source: &'a S, timeline: bool) -> Result<Minutes<'a>, S::Error> {
        let board = source.board();
        let b = Builder {
            board,
            zone: board.zone(),
        };
        let timeline = match timeline {
            false => None,
            true => {
                let mut rows = Vec::new();
                source.each_event(&mut |e| {
                    rows.push(b.timeline_row(e));
                    Ok(())
                })?;
                Some(rows)
            }
        };
        let mut decisions = vec![
            b.group(Group::Designated, |p| {
                p.kind == PriorityKind::Designated && matches!(p.status, Status::Accepted { .. })
            }),
            b.group(Group::Statutory, |p| p.kind == PriorityKind::Statutory),
            b.group(Group::Local, |p| p.status == Status::KeptLocal),
            b.group(Group::Rejected, |p| p.status == Status::Rejected),
            b.group(Group::Deferred, |p| p.status == Status::Deferred),
        ];
        let undecided = b.group(Group::NotDecided, |p| p.status == Status::Undecided);
        if !undecided.rows.is_empty() {
            decisions.push(undecided);
        }
        let mut key: Vec<IndicatorKey> = Vec::new();
        for row in decisions.iter().take(3).flat_map(|g| g.rows.iter()) {
            let Some(code) = &row.indicator else { continue };
            if key.iter().any(|k| &k.code == code) {
                continue;
            }
            if let Some(i) = board.headline_indicator(&row.priority) {
                key.push(IndicatorKey {
                    code: i.code.clone(),
                    title: i.title.clone(),
                    unit: i.unit.clone().filter(|u| !u.trim().is_empty()),
                });
            }
        }
        Ok(Minutes {
            heading: b.heading(),
            summary: b.summary(),
            decisions,
            key,
            charts: b.charts(),
            actions: b.actions(),
            objections: b.objections(),
            board,
            attendance: b.attendance(),
            checklist: b.checklist(),
            positions: b.positions(),
            time: b.time(),
            speakers: b.speakers(),
            notes: b.notes(),
            closing: b.closing(),
            timeline,
            check: Check {
                events: board.last_seq(),
                head_hash: source.head_hash().to_string(),
                pack_sha256: source.pack_sha256().to_string(),
                file: source.file().to_string(),
                closed: board.closed().is_some(),
            },
        })
    }
}

struct Builder<'a> {
    board: &'a Board,
    zone: Tz,
}

impl<'a> Builder<'a> {
    fn minute(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        caseboard_core::clock::minute(at, self.zone)
    }

    /// `P01 Reduce teenage conceptions`; an id not in the pack alone.
    fn priority(&self, id: &str) -> String {
        match self.board.spec(id) {
            Some(s) => format!("{} {}", id.trim(), s.title.trim()),
            None => id.to_string(),
        }
    }

    /// An attendee as "Name (Organisation)"; an id not in the pack as typed.
    fn person(&self, id: &str) -> String {
        match self.board.attendee(id) {
            Some(a) => format!("{} ({})", a.name.trim(), a.organisation.trim()),
            None => id.to_string(),
        }
    }

    fn heading(&self) -> Heading {
        let board = self.board;
        let c = &board.pack().conference;
        let session = match board.closed() {
            Some(closed) => {
                let mut s = format!(
                    "closed by {} at {}",
                    board.name_of(&closed.actor),
                    self.minute(closed.at)
                );
                if !closed.item.reason.trim().is_empty() {
                    s.push_str(": ");
                    s.push_str(&closed.item.reason);
                }
                s
            }
            None => "open: entries may still be recorded".to_string(),
        };
        Heading {
            title: c.title.clone(),
            partnership: c.partnership.clone(),
            government_office: c.government_office.clone(),
            date: c.date.clone(),
            zone: board.pack().zone_label(),
            venue: c.venue.clone(),
            session,
            finish: self.finish(),
        }
    }

    /// The planned finish against the actual one (the close), when the
    /// pack plans one or the session is closed.
    fn finish(&self) -> Option<String> {
        let board = self.board;
        let zone = self.zone;
        let planned = board.planned_end();
        let closed = board.closed().map(|c| c.at);
        let when = |at| {
            // The time alone on the conference day; a date too otherwise.
            let local = caseboard_core::clock::instant(at, zone);
            if local.starts_with(board.pack().conference.date.trim()) {
                caseboard_core::clock::hh_mm(at, zone)
            } else {
                self.minute(at)
            }
        };
        match (planned, closed) {
            (None, None) => None,
            (Some(p), None) => Some(format!("planned for {}; not yet finished", when(p))),
            (None, Some(c)) => Some(format!("finished at {}", when(c))),
            (Some(p), Some(c)) => {
                let plan = caseboard_core::agenda::plan(board, c);
                // Finished on another day than planned (a demonstration, an
                // adjourned meeting): both with their dates, and no
                // lateness in days.
                let planned = if plan.on_the_planned_day {
                    when(p)
                } else {
                    self.minute(p)
                };
                Some(match plan.lateness() {
                    Some(lateness) => format!(
                        "planned for {planned}, finished at {} ({})",
                        when(c),
                        lateness.words(plan.finished)
                    ),
                    None => format!("planned for {planned}, finished at {}", when(c)),
                })
            }
        }
    }

    fn summary(&self) -> Summary {
        let board = self.board;
        let (statutory_agreed, kept_local, rejected, deferred, undecided) = tally(board);
        let count = |f: &dyn Fn(&caseboard_core::PriorityState) -> bool| {
            board.priorities().iter().filter(|p| f(p)).count()
        };
        Summary {
            designated_accepted: board.designated_accepted(),
            cap: board.cap(),
            statutory_agreed,
            statutory_total: count(&|p| p.kind == PriorityKind::Statutory),
            kept_local,
            rejected,
            deferred,
            undecided,
            to_be_set: count(&|p| matches!(p.status, Status::Accepted { target: None })),
        }
    }

    fn group(
        &self,
        group: Group,
        which: impl Fn(&caseboard_core::PriorityState) -> bool,
    ) -> DecisionGroup {
        let board = self.board;
        let rows = board
            .priorities()
            .iter()
            .filter(|p| which(p))
            .map(|p| {
                let indicator = board.headline_indicator(&p.id);
                let figure = |f: fn(&Indicator) -> Option<&PeriodValue>| {
                    indicator.and_then(f).map(|pv| Figure::of(pv).words())
                };
                let agreed = match &p.status {
                    Status::Accepted { target: Some(t) } => Figure::of(t).words(),
                    Status::Accepted { target: None } => TO_BE_SET.to_string(),
                    status => format!("not agreed: {}", status.word()),
                };
                DecisionRow {
                    priority: p.id.clone(),
                    title: board
                        .spec(&p.id)
                        .map(|s| s.title.clone())
                        .unwrap_or_default(),
                    indicator: indicator.map(|i| i.code.clone()),
                    baseline: figure(|i| i.baseline.as_ref()),
                    proposed: figure(|i| i.proposed_target.as_ref()),
                    agreed,
                    reason: p
                        .decisions
                        .last()
                        .map(|d| d.decision.rationale_words())
                        .unwrap_or_default(),
                    decided: self.decided(&p.decisions),
                    kind: p.kind.as_str(),
                    open_objections: p.open_objections,
                }
            })
            .collect();
        DecisionGroup { group, rows }
    }

    /// Who decided and when, and whether it replaced earlier decisions.
    fn decided(&self, decisions: &[DecisionRecord]) -> Option<String> {
        let d = decisions.last()?;
        let mut s = format!("{}, {}", self.board.name_of(&d.actor), self.minute(d.at));
        match decisions.len() - 1 {
            0 => {}
            1 => s.push_str("; replaced an earlier decision"),
            n => s.push_str(&format!("; replaced {n} earlier decisions")),
        }
        Some(s)
    }

    fn charts(&self) -> Vec<Chart> {
        let board = self.board;
        board
            .priorities()
            .iter()
            .filter(|p| p.status != Status::Undecided)
            .filter_map(|p| {
                let i = board.headline_indicator(&p.id)?;
                let outcome = match &p.status {
                    Status::Accepted { target: Some(_) } => "agreed".to_string(),
                    Status::Accepted { target: None } => format!("accepted, {TARGET_TO_BE_SET}"),
                    status => status.word().to_string(),
                };
                let agreed = match &p.status {
                    Status::Accepted { target: Some(t) } => Some(Figure::of(t)),
                    _ => None,
                };
                Some(Chart {
                    priority: p.id.clone(),
                    title: board
                        .spec(&p.id)
                        .map(|s| s.title.clone())
                        .unwrap_or_default(),
                    code: i.code.clone(),
                    indicator: i.title.clone(),
                    unit: i.unit.clone().filter(|u| !u.trim().is_empty()),
                    outcome,
                    series: i.series.iter().map(Figure::of).collect(),
                    baseline: i.baseline.as_ref().map(Figure::of),
                    proposed: i.proposed_target.as_ref().map(Figure::of),
                    agreed,
                    comparators: i
                        .comparators
                        .iter()
                        .map(|(name, v)| (name.clone(), *v))
                        .collect(),
                })
            })
            .collect()
    }

    fn actions(&self) -> Vec<ActionRow> {
        let actions: Vec<&Entry<ActionItem>> = self.board.all_actions();
        actions
            .iter()
            .map(|a| ActionRow {
                text: a.item.text.clone(),
                owner: a.item.owner.as_deref().map(|o| self.person(o)),
                due: a.item.due.clone().filter(|d| !d.trim().is_empty()),
                about: match a.item.priority.as_deref() {
                    Some(p) => self.priority(p),
                    None => "the meeting".to_string(),
                },
            })
            .collect()
    }

    fn objections(&self) -> Vec<&'a ObjectionState> {
        let board = self.board;
        let position: HashMap<&str, usize> = board
            .priorities()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut all: Vec<&'a ObjectionState> =
            board.objections().iter().map(|o| o.as_ref()).collect();
        // Agenda order; within a priority, the pack's first, then as raised.
        all.sort_by_key(|o| position.get(o.priority.as_str()).copied());
        all
    }

    fn attendance(&self) -> Attendance {
        let board = self.board;
        let pack = board.pack();
        let (mut present, mut apologies, mut not_recorded) = (0, 0, 0);
        for a in &pack.attendees {
            match board.presence(&a.id) {
                Some(Presence::Present) => present += 1,
                Some(Presence::Apologies) => apologies += 1,
                None => not_recorded += 1,
            }
        }
        let tiers = TIERS
            .iter()
            .map(|tier| TierAttendance {
                tier: tier.heading(),
                people: pack
                    .attendees
                    .iter()
                    .filter(|a| a.tier == *tier)
                    .map(|a| AttendeeRow {
                        name: a.name.clone(),
                        organisation: a.organisation.clone(),
                        role: a.role.clone().filter(|r| !r.trim().is_empty()),
                        attendance: match board.presence(&a.id) {
                            Some(p) => p.as_str(),
                            None => "not recorded",
                        },
                    })
                    .collect(),
            })
            .collect();
        Attendance {
            present,
            apologies,
            not_recorded,
            tiers,
        }
    }

    fn checklist(&self) -> Vec<ChecklistRow> {
        self.board
            .priorities()
            .iter()
            .filter(|p| p.checklist_recorded)
            .map(|p| {
                let (yes, no) = p.readiness();
                ChecklistRow {
                    priority: self.priority(&p.id),
                    answers: Question::ALL
                        .iter()
                        .map(|q| p.answer(*q).as_str())
                        .collect(),
                    readiness: format!("{yes}/6 yes, {no} no"),
                }
            })
            .collect()
    }

    fn positions(&self) -> Vec<PositionRow> {
        self.board
            .priorities()
            .iter()
            .filter(|p| p.positions_recorded)
            .map(|p| PositionRow {
                priority: self.priority(&p.id),
                positions: p.positions.iter().map(|x: &Position| x.as_str()).collect(),
                mark: p.agreement_mark().to_string(),
            })
            .collect()
    }

    /// Each item discussed: its time against its timebox, and who spoke on
    /// it for how long. A clock still running when the record ends counts
    /// to its last stop.
    fn time(&self) -> Vec<TimeRow> {
        let board = self.board;
        let minutes = |ms: i64| short_clock(chrono::Duration::milliseconds(ms));
        board
            .priorities()
            .iter()
            .filter(|p| p.timer.accumulated_ms > 0 || !p.spoken.is_empty())
            .map(|p| {
                let mut used = minutes(p.timer.accumulated_ms);
                if p.timer.is_running() {
                    used.push_str(" (running)");
                }
                let speakers = p
                    .spoken
                    .iter()
                    .map(|(who, ms)| format!("{} {}", board.name_of(who).trim(), minutes(*ms)))
                    .collect::<Vec<_>>()
                    .join("; ");
                TimeRow {
                    priority: self.priority(&p.id),
                    used,
                    timebox: board
                        .spec(&p.id)
                        .and_then(|s| s.timebox_minutes)
                        .map(|m| short_clock(timebox(m))),
                    speakers,
                }
            })
            .collect()
    }

    /// Each speaker's total across the items, tier by tier.
    fn speakers(&self) -> Vec<SpeakerRow> {
        let board = self.board;
        let mut totals: Vec<(String, i64)> = Vec::new();
        for (who, ms) in board.priorities().iter().flat_map(|p| p.spoken.iter()) {
            match totals.iter_mut().find(|(w, _)| w == who) {
                Some((_, total)) => *total += ms,
                None => totals.push((who.clone(), *ms)),
            }
        }
        let tier_of = |who: &str| board.attendee(who).map(|a| a.tier);
        let row = |tier, who: &str, ms: i64| SpeakerRow {
            tier,
            speaker: self.person(who),
            time: short_clock(chrono::Duration::milliseconds(ms)),
        };
        let mut rows = Vec::new();
        for tier in TIERS {
            for (who, ms) in totals.iter().filter(|(w, _)| tier_of(w) == Some(tier)) {
                rows.push(row(Some(tier_title(tier)), who, *ms));
            }
        }
        for (who, ms) in totals.iter().filter(|(w, _)| tier_of(w).is_none()) {
            rows.push(row(None, who, *ms));
        }
        rows
    }

    fn notes(&self) -> Vec<NoteRow> {
        let board = self.board;
        let mut notes: Vec<&Entry<Note>> = board
            .meeting_notes()
            .iter()
            .chain(board.priorities().iter().flat_map(|p| p.notes.iter()))
            .collect();
        notes.sort_by_key(|n| n.seq);
        notes
            .iter()
            .map(|n| NoteRow {
                about: match n.item.priority.as_deref() {
                    Some(p) => self.priority(p),
                    None => "the meeting".to_string(),
                },
                by: board.name_of(&n.actor).to_string(),
                when: self.minute(n.at),
                lines: caseboard_core::text::display(&n.item.text)
                    .lines()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect(),
            })
            .collect()
    }

    fn closing(&self) -> Vec<ClosingRow> {
        let board = self.board;
        board
            .session_changes()
            .iter()
            .map(|e| {
                let by = board.name_of(&e.actor);
                let what = match &e.item {
                    SessionChange::Closed(c) => {
                        let mut s = format!("Closed by {by}");
                        if c.forced {
                            let n = c.undecided.len();
                            s.push_str(&format!(
                                " with {n} {} undecided ({})",
                                if n == 1 { "item" } else { "items" },
                                c.undecided.join(", ")
                            ));
                        }
                        if !c.reason.trim().is_empty() {
                            s.push_str(&format!(". Reason: {}", c.reason));
                        }
                        s
                    }
                    SessionChange::Reopened(r) => {
                        format!("Reopened by {by}. Reason: {}", r.reason)
                    }
                };
                ClosingRow {
                    when: self.minute(e.at),
                    what,
                }
            })
            .collect()
    }

    fn timeline_row(&self, e: &Event) -> TimelineRow {
        TimelineRow {
            seq: e.seq,
            time: caseboard_core::clock::instant(e.at, self.zone),
            by: self.board.name_of(&e.actor).to_string(),
            kind: e.body.kind(),
            priority: e.body.priority().unwrap_or("").to_string(),
            what: e.body.describe(self.board),
            superseded_by: self.board.superseded_by(e.seq),
        }
    }
}

/// One objection as a row, in words.
fn objection_row<'a>(board: &'a Board, o: &'a ObjectionState) -> ObjectionRow<'a> {
    let zone = board.zone();
    let alternative = board
        .alternative_words(o)
        .map(|words| format!("replace with {}", words.trim()));
    ObjectionRow {
        id: &o.id,
        priority: &o.priority,
        priority_title: board.spec(&o.priority).map_or("", |s| s.title.as_str()),
        raised_by: o.raised_by.as_deref().map(|a| match board.attendee(a) {
            Some(a) => (a.name.as_str(), a.organisation.as_str()),
            None => (a, ""),
        }),
        raised_when: o.raised_when(),
        kind: o.kind.phrase(),
        alternative,
        text: &o.text,
        status: o.status.word(),
        settled: o
            .settled
            .as_ref()
            .filter(|_| !matches!(o.status, ObjectionStatus::Open))
            .map(|e| {
                (
                    board.name_of(&e.actor),
                    caseboard_core::clock::minute(e.at, zone),
                )
            }),
        note: o.status.note().unwrap_or_default(),
    }
}
