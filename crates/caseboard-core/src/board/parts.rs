//! What the board holds for each priority and objection: statuses,
//! decisions, timers and the entries made during the meeting.

use crate::event::{ActionItem, Decision, Note};
use crate::meeting::{Answer, Position, Question};
use crate::pack::{ObjectionKind, PeriodValue, PriorityKind};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Undecided,
    /// Accepted; without an agreed target it shows as "target to be set".
    Accepted {
        target: Option<PeriodValue>,
    },
    Rejected,
    /// Rejected as a designated target, kept as a local priority.
    KeptLocal,
    Deferred,
}

impl Status {
    pub fn is_decided(&self) -> bool {
        !matches!(self, Status::Undecided)
    }

    /// The target agreed on acceptance; `None` for any other status, and
    /// for an acceptance whose target is yet to be set.
    pub fn agreed_target(&self) -> Option<&PeriodValue> {
        match self {
            Status::Accepted { target } => target.as_ref(),
            _ => None,
        }
    }
}

/// A decision as it stands on the record, with who and when.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRecord {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub decision: Decision,
}

/// An item's discussion time: what has run, and since when it is running.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timer {
    pub accumulated_ms: i64,
    pub running_since: Option<DateTime<Utc>>,
}

impl Timer {
    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Time spent on the item up to `now`.
    pub fn elapsed(&self, now: DateTime<Utc>) -> chrono::Duration {
        let running = self
            .running_since
            .map(|since| (now - since).num_milliseconds().max(0))
            .unwrap_or(0);
        chrono::Duration::milliseconds(self.accumulated_ms + running)
    }

    /// How far the time spent up to `now` runs past a timebox of
    /// `timebox_minutes`, once it does by a whole second: every view that
    /// warns of an overrun asks this.
    pub fn overrun(
        &self,
        now: DateTime<Utc>,
        timebox_minutes: Option<u32>,
    ) -> Option<chrono::Duration> {
        let over = self.elapsed(now) - crate::clock::timebox(timebox_minutes?);
        (over.num_seconds() > 0).then_some(over)
    }

    /// What is left at `now` of a timebox of `timebox_minutes`, never below
    /// zero. The time spent counts in whole seconds, as the clocks show it,
    /// so the time shown spent and the time shown left add up to the
    /// timebox.
    pub fn left(
        &self,
        now: DateTime<Utc>,
        timebox_minutes: Option<u32>,
    ) -> Option<chrono::Duration> {
        let spent = chrono::Duration::seconds(self.elapsed(now).num_seconds());
        let left = crate::clock::timebox(timebox_minutes?) - spent;
        Some(left.max(chrono::Duration::zero()))
    }

    pub(super) fn start(&mut self, at: DateTime<Utc>) {
        if self.running_since.is_none() {
            self.running_since = Some(at);
        }
    }

    pub(super) fn stop(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.running_since.take() {
            self.accumulated_ms += (at - since).num_milliseconds().max(0);
        }
    }
}

/// Something entered during the meeting, with who and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub item: T,
}

/// Who has the floor on an item, and since when.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    pub attendee: String,
    pub since: DateTime<Utc>,
}

impl Floor {
    /// How long the speaker has held the floor at `now`: the turn shown on
    /// screen and the one added to their time when it ends.
    pub fn held(&self, now: DateTime<Utc>) -> chrono::Duration {
        (now - self.since).max(chrono::Duration::zero())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriorityState {
    pub id: String,
    pub kind: PriorityKind,
    pub status: Status,
    /// Every decision on this priority, oldest first; the last one stands.
    pub decisions: Vec<DecisionRecord>,
    pub open_objections: u32,
    /// Indices into the board's objections, so a priority's objections are
    /// found without scanning thousands.
    pub(super) objections: Vec<usize>,
    /// The readiness checklist, in [`Question::ALL`] order.
    pub checklist: [Answer; 6],
    /// The vertical test: locality, Government Office, lead department.
    pub positions: [Position; 3],
    /// Whether any checklist answer was recorded (an answer of "unknown"
    /// included), so an item whose answers were all set back still shows.
    pub checklist_recorded: bool,
    /// Whether any tier position was recorded (as above).
    pub positions_recorded: bool,
    pub timer: Timer,
    pub notes: Vec<Entry<Note>>,
    pub actions: Vec<Entry<ActionItem>>,
    /// The chair's speakers queue, first in line first.
    pub queue: Vec<String>,
    pub floor: Option<Floor>,
    /// Each speaker's time with the floor on this item, in milliseconds,
    /// in the order they first spoke: a turn ends when the next speaker is
    /// called, the next item is taken up, or the session closes.
    pub spoken: Vec<(String, i64)>,
    /// The seq of the last event about this priority (0 before any): a
    /// screen keeps what it drew of the priority until this moves. Its
    /// timer can stop without moving it (another item's start, a stop), so
    /// a screen that shows the timer keys on the timer too.
    pub changed: u64,
}

impl PriorityState {
    /// Readiness: how many of the six questions are answered yes, and no.
    pub fn readiness(&self) -> (usize, usize) {
        let yes = self.checklist.iter().filter(|a| **a == Answer::Yes).count();
        let no = self.checklist.iter().filter(|a| **a == Answer::No).count();
        (yes, no)
    }

    /// The vertical test as one mark, e.g. `L✓ R✓ C?`.
    pub fn agreement_mark(&self) -> String {
        let mut mark = String::with_capacity(16);
        for (letter, p) in ['L', 'R', 'C'].iter().zip(self.positions.iter()) {
            if !mark.is_empty() {
                mark.push(' ');
            }
            mark.push(*letter);
            mark.push(p.mark());
        }
        mark
    }

    pub fn answer(&self, question: Question) -> Answer {
        self.checklist[question.index()]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectionStatus {
    Open,
    Resolved { note: String },
    Withdrawn { note: String },
}

impl ObjectionStatus {
    pub fn word(&self) -> &'static str {
        match self {
            ObjectionStatus::Open => "open",
            ObjectionStatus::Resolved { .. } => "resolved",
            ObjectionStatus::Withdrawn { .. } => "withdrawn",
        }
    }

    /// The note it was resolved or withdrawn with (`None` while open).
    pub fn note(&self) -> Option<&str> {
        match self {
            ObjectionStatus::Open => None,
            ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } => Some(note),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectionState {
    pub id: String,
    pub priority: String,
    pub text: String,
    pub kind: ObjectionKind,
    pub raised_by: Option<String>,
    pub alternative: Option<String>,
    /// The alternative's title as given in the room, when the pack does not
    /// hold that indicator (`None` for one in the pack).
    pub alternative_title: Option<String>,
    /// `None` for objections known before the meeting (from the pack).
    pub raised_at: Option<u64>,
    pub status: ObjectionStatus,
    /// Who resolved or withdrew it, and when (`None` while open).
    pub settled: Option<Settled>,
}

/// The entry that settled an objection: its seq, time and who recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
}
