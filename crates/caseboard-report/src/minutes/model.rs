//! The minutes as a document, before any format: what a clerk would
//! circulate, already in people's words (names rather than ids, local
//! times, exact figures), in the order it is read. Markdown and HTML
//! render from it; so can any other format.
//!
//! Text here is plain and untrusted (it came from the pack or from
//! typing): every renderer escapes it for its own format.

use crate::report::tally;
use crate::Source;
use caseboard_core::board::{DecisionRecord, Entry, ObjectionState, ObjectionStatus};
use caseboard_core::clock::{short_clock, timebox, Tz};
use caseboard_core::event::{exact_value, ActionItem, Note};
use caseboard_core::meeting::{tier_title, Position, Presence, Question, TIERS};
use caseboard_core::pack::{Indicator, PeriodValue, PriorityKind};
use caseboard_core::{Board, Event, SessionChange, Status};
use std::collections::HashMap;

/// The whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes<'a> {
    pub heading: Heading,
    pub summary: Summary,
    /// Designated, statutory, local, rejected, deferred, then (when any)
    /// not decided: always in this order, empty groups included.
    pub decisions: Vec<DecisionGroup>,
    /// Each headline indicator the decision tables name by code alone.
    pub key: Vec<IndicatorKey>,
    /// One chart per decided priority that has a headline indicator, in
    /// agenda order.
    pub charts: Vec<Chart>,
    pub actions: Vec<ActionRow>,
    /// Every objection ever raised, in agenda order (within a priority, the
    /// pack's first, then as raised); [`Minutes::objections`] gives rows.
    objections: Vec<&'a ObjectionState>,
    board: &'a Board,
    pub attendance: Attendance,
    pub checklist: Vec<ChecklistRow>,
    pub positions: Vec<PositionRow>,
    pub time: Vec<TimeRow>,
    pub speakers: Vec<SpeakerRow>,
    pub notes: Vec<NoteRow>,
    /// Closings and reopenings, and what the session is now.
    pub closing: Vec<ClosingRow>,
    /// Every entry on the record, only when asked for.
    pub timeline: Option<Vec<TimelineRow>>,
    pub check: Check,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub title: String,
    pub partnership: String,
    pub government_office: String,
    pub date: String,
    /// The zone the times are in, as `Europe/London (GMT)`.
    pub zone: String,
    pub venue: Option<String>,
    /// `closed by … at …: reason`, or that it is still open.
    pub session: String,
    /// The planned finish against the actual one, when known.
    pub finish: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub designated_accepted: u32,
    pub cap: u32,
    pub statutory_agreed: usize,
    pub statutory_total: usize,
    pub kept_local: usize,
    pub rejected: usize,
    pub deferred: usize,
    pub undecided: usize,
    /// Accepted with the target still to be set.
    pub to_be_set: usize,
}

/// Which table of decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Designated,
    Statutory,
    Local,
    Rejected,
    Deferred,
    NotDecided,
}

impl Group {
    pub fn heading(self) -> &'static str {
        match self {
            Group::Designated => "Agreed designated targets",
            Group::Statutory => "Statutory targets",
            Group::Local => "Local priorities",
            Group::Rejected => "Rejected",
            Group::Deferred => "Deferred",
            Group::NotDecided => "Not decided",
        }
    }

    /// A line under the heading, for the groups that need one.
    pub fn intro(self) -> Option<&'static str> {
        match self {
            Group::Local => Some("Rejected as designated targets, kept as local priorities."),
            Group::NotDecided => Some("Not decided when these minutes were written."),
            _ => None,
        }
    }

    /// Whether the table shows the figures (baseline, proposed, agreed).
    pub fn has_figures(self) -> bool {
        matches!(self, Group::Designated | Group::Statutory)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionGroup {
    pub group: Group,
    pub rows: Vec<DecisionRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub priority: String,
    pub title: String,
    /// The headline indicator's code (its title is in [`Minutes::key`]).
    pub indicator: Option<String>,
    /// `1998: 44.2`
    pub baseline: Option<String>,
    pub proposed: Option<String>,
    /// The agreed target; `to be set` when accepted without one, the
    /// status (`not agreed: undecided`) when not accepted.
    pub agreed: String,
    /// The rationale, with the objections it was taken over.
    pub reason: String,
    /// Who decided and when (`Helen Marsden, 2008-03-12 10:05 GMT`), and
    /// how many earlier decisions it replaced.
    pub decided: Option<String>,
    /// `designated` or `statutory`.
    pub kind: &'static str,
    /// Open objections, for the priorities not decided.
    pub open_objections: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorKey {
    pub code: String,
    pub title: String,
    pub unit: Option<String>,
}

/// A decided priority's headline indicator over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub priority: String,
    pub title: String,
    pub code: String,
    pub indicator: String,
    pub unit: Option<String>,
    /// What was decided, in a word or two (`agreed`, `deferred`, …).
    pub outcome: String,
    pub series: Vec<Figure>,
    pub baseline: Option<Figure>,
    pub proposed: Option<Figure>,
    pub agreed: Option<Figure>,
    /// Named comparators (`England`, `Region`): a value each, no period.
    pub comparators: Vec<(String, f64)>,
}

/// A figure at its period, placed in time when the period says when.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub period: String,
    pub value: f64,
    /// Years, as [`caseboard_core::period::when`] places the period.
    pub at: Option<f64>,
}

impl Figure {
    fn of(pv: &PeriodValue) -> Figure {
        Figure {
            period: pv.period.clone(),
            value: pv.value,
            at: caseboard_core::period::when(&pv.period).map(|w| w.middle()),
        }
    }

    /// `2010/11: 32.5`, the figure exact as agreed.
    pub fn words(&self) -> String {
        format!("{}: {}", self.period, exact_value(self.value))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    /// `P01 Reduce teenage conceptions`, or `the meeting`.
    pub about: String,
}

/// An objection, borrowed from the board (a record may hold thousands):
/// the words a table shows are made as each row is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectionRow<'a> {
    pub id: &'a str,
    pub priority: &'a str,
    /// The priority's title ("" for an id not in the pack).
    pub priority_title: &'a str,
    /// Who raised it: name and organisation (an id not in the pack as the
    /// name); `None` when not recorded.
    pub raised_by: Option<(&'a str, &'a str)>,
    /// Raised in the meeting rather than known before it.
    pub in_meeting: bool,
    /// `counter proposal`, `evidence`, …
    pub kind: &'static str,
    /// `NI 20 instead`, or `replace with NI 999 Title (not in the pack)`.
    pub alternative: Option<String>,
    pub text: &'a str,
    /// `open`, `resolved` or `withdrawn`.
    pub status: &'static str,
    /// Who settled it and when (local), for one resolved or withdrawn.
    pub settled: Option<(&'a str, String)>,
    /// The note it was settled with.
    pub note: &'a str,
}

impl ObjectionRow<'_> {
    /// `P25 Reduce alcohol-related harm`
    pub fn priority_words(&self) -> String {
        join(self.priority, self.priority_title)
    }

    /// `Name (Organisation), before the meeting`
    pub fn raised_words(&self) -> String {
        let mut s = match self.raised_by {
            Some((name, org)) if !org.trim().is_empty() => {
                format!("{} ({})", name.trim(), org.trim())
            }
            Some((name, _)) => name.trim().to_string(),
            None => "not recorded".to_string(),
        };
        s.push_str(match self.in_meeting {
            true => ", in the meeting",
            false => ", before the meeting",
        });
        s
    }

    /// `counter proposal: NI 20 instead`
    pub fn kind_words(&self) -> String {
        match &self.alternative {
            Some(alt) => format!("{}: {alt}", self.kind),
            None => self.kind.to_string(),
        }
    }

    /// `open`, or `resolved (Name, 2008-03-12 10:40 GMT): note`.
    pub fn outcome_words(&self) -> String {
        let mut s = self.status.to_string();
        if let Some((by, when)) = &self.settled {
            s.push_str(&format!(" ({}, {when})", by.trim()));
        }
        if !self.note.trim().is_empty() {
            s.push_str(": ");
            s.push_str(self.note);
        }
        s
    }
}

/// `id title`, or the id alone without a title.
fn join(id: &str, title: &str) -> String {
    match title.trim() {
        "" => id.trim().to_string(),
        t => format!("{} {t}", id.trim()),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attendance {
    pub present: usize,
    pub apologies: usize,
    pub not_recorded: usize,
    pub tiers: Vec<TierAttendance>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierAttendance {
    pub tier: &'static str,
    pub people: Vec<AttendeeRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttendeeRow {
    pub name: String,
    pub organisation: String,
    pub role: Option<String>,
    /// `present`, `apologies` or `not recorded`.
    pub attendance: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistRow {
    pub priority: String,
    /// The six answers, in [`Question::ALL`]'s order.
    pub answers: Vec<&'static str>,
    pub readiness: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PositionRow {
    pub priority: String,
    /// One per tier, in [`TIERS`]' order.
    pub positions: Vec<&'static str>,
    pub mark: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeRow {
    pub priority: String,
    pub used: String,
    pub timebox: Option<String>,
    /// `Name 4:10; Name 2:00`
    pub speakers: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerRow {
    pub tier: Option<&'static str>,
    pub speaker: String,
    pub time: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoteRow {
    pub about: String,
    pub by: String,
    pub when: String,
    /// Its lines as typed (blank ones dropped).
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClosingRow {
    pub when: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    pub seq: u64,
    pub time: String,
    pub by: String,
    pub kind: &'static str,
    pub priority: String,
    pub what: String,
    pub superseded_by: Option<u64>,
}

/// How to check a printed copy against the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub events: u64,
    pub head_hash: String,
    pub pack_sha256: String,
    pub file: String,
    /// Whether the session is closed (the closing's last line says so).
    pub closed: bool,
    pub has_changes: bool,
}

/// The checklist's column headers, in [`Question::ALL`]'s order.
pub const CHECKLIST_COLUMNS: [&str; 6] = [
    "1 evidence",
    "2 people",
    "3 conflict",
    "4 resources",
    "5 central objectives",
    "6 indicator quality",
];

/// The six questions, for the checklist's key.
pub fn questions() -> Vec<&'static str> {
    Question::ALL.iter().map(|q| q.text()).collect()
}

/// The tiers' titles, for the positions' headers.
pub fn tier_titles() -> Vec<&'static str> {
    TIERS.iter().map(|t| tier_title(*t)).collect()
}

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
                has_changes: !board.session_changes().is_empty(),
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
                let planned = if plan.on_the_planned_day() {
                    when(p)
                } else {
                    self.minute(p)
                };
                Some(match plan.lateness_words() {
                    Some(words) => format!(
                        "planned for {planned}, finished at {} ({})",
                        when(c),
                        words.trim_start_matches("finished ")
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
                    Status::Accepted { target: None } => "to be set".to_string(),
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
                    reason: p.decisions.last().map(reason).unwrap_or_default(),
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
                    Status::Accepted { target: None } => "accepted, target to be set".to_string(),
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
    let alternative = match (&o.alternative, &o.alternative_title) {
        (Some(alt), None) => Some(format!("{} instead", alt.trim())),
        (Some(_), Some(_)) => Some(format!(
            "replace with {}",
            board.alternative_words(o).unwrap_or_default().trim()
        )),
        (None, _) => None,
    };
    let note = match &o.status {
        ObjectionStatus::Open => "",
        ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } => note.as_str(),
    };
    ObjectionRow {
        id: &o.id,
        priority: &o.priority,
        priority_title: board.spec(&o.priority).map_or("", |s| s.title.as_str()),
        raised_by: o.raised_by.as_deref().map(|a| match board.attendee(a) {
            Some(a) => (a.name.as_str(), a.organisation.as_str()),
            None => (a, ""),
        }),
        in_meeting: o.raised_at.is_some(),
        kind: o.kind.phrase(),
        alternative,
        text: &o.text,
        status: match &o.status {
            ObjectionStatus::Open => "open",
            status => status.word(),
        },
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
        note,
    }
}

/// The standing decision's rationale, with the objections it was taken over.
fn reason(d: &DecisionRecord) -> String {
    let mut s = d.decision.rationale.trim().to_string();
    if !d.decision.open_objections.is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&format!(
            "(taken over open objections {})",
            d.decision.open_objections.join(", ")
        ));
    }
    s
}
