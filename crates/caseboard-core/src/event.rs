//! The event log's vocabulary. Every entry on the record is one [`Event`];
//! nothing is ever edited or deleted, a later event supersedes an earlier one.

use super::meeting::{Answer, Position, Presence, Question};
use super::pack::{ObjectionKind, PeriodValue, Tier};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod payload;

/// One committed row of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// 1-based position in the log.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// Who recorded it (the note-taker's name, `--as NAME`).
    pub actor: String,
    #[serde(flatten)]
    pub body: EventBody,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Accept,
    Reject,
    Defer,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Accept, Outcome::Reject, Outcome::Defer];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accept => "accept",
            Outcome::Reject => "reject",
            Outcome::Defer => "defer",
        }
    }
}

/// A decision on one priority, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub priority: String,
    pub outcome: Outcome,
    pub rationale: String,
    /// With `reject`: not one of the designated targets, kept as a local priority.
    #[serde(default)]
    pub local: bool,
    /// With `accept`: the agreed target for the headline indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<PeriodValue>,
    /// The objections still open when the decision was taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_objections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaisedObjection {
    pub objection: String,
    pub priority: String,
    pub text: String,
    pub kind: ObjectionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    /// With an `alternative` the pack does not hold: its title as given in
    /// the room. Present only then, so it marks the indicator as not in the
    /// pack (and an entry without it reads as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionClosed {
    pub objection: String,
    pub priority: String,
    pub note: String,
}

/// An event about one priority and nothing more (taken up, timer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityRef {
    pub priority: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistAnswer {
    pub priority: String,
    pub question: Question,
    pub answer: Answer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierPosition {
    pub priority: String,
    pub tier: Tier,
    pub position: Position,
}

/// A free note, on a priority or on the meeting as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    pub text: String,
}

/// An action agreed: what, who owns it, by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    pub text: String,
    /// An attendee id, or a name or organisation as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// ISO 8601 date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    pub attendee: String,
    pub presence: Presence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub priority: String,
    pub attendee: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// Why; required when items were still undecided.
    pub reason: String,
    /// Closed with items undecided.
    #[serde(default)]
    pub forced: bool,
    /// The priorities still undecided when it was closed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reopening {
    pub reason: String,
}

/// What happened. The `kind` column of the log is the variant's name; the
/// `payload` column is its fields as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum EventBody {
    /// The first event: the session was created from a pack.
    SessionCreated {
        pack_sha256: String,
        caseboard_version: String,
    },
    DecisionRecorded(Decision),
    ObjectionRaised(RaisedObjection),
    ObjectionResolved(ObjectionClosed),
    ObjectionWithdrawn(ObjectionClosed),
    /// The note-taker took this priority up for discussion: the projector
    /// shows it and its timer starts.
    ItemTakenUp(PriorityRef),
    TimerStarted(PriorityRef),
    TimerStopped(PriorityRef),
    ChecklistAnswered(ChecklistAnswer),
    TierPositionRecorded(TierPosition),
    NoteAdded(Note),
    ActionAdded(ActionItem),
    AttendanceRecorded(Attendance),
    /// An attendee joined the chair's speakers queue for a priority.
    SpeakerQueued(Speaker),
    /// The chair called the next speaker from the queue.
    SpeakerCalled(Speaker),
    /// The chair took an attendee out of a priority's speakers queue; if
    /// they had the floor, their turn ended then (its time kept).
    SpeakerRemoved(Speaker),
    /// The session was sealed: every later write is refused until reopened.
    SessionClosed(Closure),
    SessionReopened(Reopening),
}

impl EventBody {
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::SessionCreated { .. } => "session_created",
            EventBody::DecisionRecorded(_) => "decision_recorded",
            EventBody::ObjectionRaised(_) => "objection_raised",
            EventBody::ObjectionResolved(_) => "objection_resolved",
            EventBody::ObjectionWithdrawn(_) => "objection_withdrawn",
            EventBody::ItemTakenUp(_) => "item_taken_up",
            EventBody::TimerStarted(_) => "timer_started",
            EventBody::TimerStopped(_) => "timer_stopped",
            EventBody::ChecklistAnswered(_) => "checklist_answered",
            EventBody::TierPositionRecorded(_) => "tier_position_recorded",
            EventBody::NoteAdded(_) => "note_added",
            EventBody::ActionAdded(_) => "action_added",
            EventBody::AttendanceRecorded(_) => "attendance_recorded",
            EventBody::SpeakerQueued(_) => "speaker_queued",
            EventBody::SpeakerCalled(_) => "speaker_called",
            EventBody::SpeakerRemoved(_) => "speaker_removed",
            EventBody::SessionClosed(_) => "session_closed",
            EventBody::SessionReopened(_) => "session_reopened",
        }
    }

    /// The priority the event is about, if any.
    pub fn priority(&self) -> Option<&str> {
        match self {
            EventBody::SessionCreated { .. } => None,
            EventBody::DecisionRecorded(d) => Some(&d.priority),
            EventBody::ObjectionRaised(o) => Some(&o.priority),
            EventBody::ObjectionResolved(c) | EventBody::ObjectionWithdrawn(c) => Some(&c.priority),
            EventBody::ItemTakenUp(r) | EventBody::TimerStarted(r) | EventBody::TimerStopped(r) => {
                Some(&r.priority)
            }
            EventBody::ChecklistAnswered(c) => Some(&c.priority),
            EventBody::TierPositionRecorded(t) => Some(&t.priority),
            EventBody::NoteAdded(n) => n.priority.as_deref(),
            EventBody::ActionAdded(a) => a.priority.as_deref(),
            EventBody::AttendanceRecorded(_) => None,
            EventBody::SpeakerQueued(s)
            | EventBody::SpeakerCalled(s)
            | EventBody::SpeakerRemoved(s) => Some(&s.priority),
            EventBody::SessionClosed(_) | EventBody::SessionReopened(_) => None,
        }
    }

    /// The payload as stored in the log: the variant's fields, without the kind.
    pub fn payload(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut m)) => {
                m.remove("payload").unwrap_or(serde_json::Value::Null)
            }
            _ => serde_json::Value::Null,
        }
    }

    /// Rebuilds a body from the log's `kind` and `payload` columns.
    pub fn from_parts(kind: &str, payload: serde_json::Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
    }

    /// Rebuilds a body from the log's `kind` and its `payload` text, parsing
    /// the payload straight into its type (opening a session reads
    /// thousands of these).
    pub fn from_text(kind: &str, payload: &str) -> Result<Self, serde_json::Error> {
        match payload::read(kind, payload) {
            Some(body) => Ok(body),
            None => Self::from_text_by_serde(kind, payload),
        }
    }

    /// [`EventBody::from_text`] through serde alone, for any JSON form.
    fn from_text_by_serde(kind: &str, payload: &str) -> Result<Self, serde_json::Error> {
        use serde_json::from_str;
        Ok(match kind {
            "decision_recorded" => EventBody::DecisionRecorded(from_str(payload)?),
            "objection_raised" => EventBody::ObjectionRaised(from_str(payload)?),
            "objection_resolved" => EventBody::ObjectionResolved(from_str(payload)?),
            "objection_withdrawn" => EventBody::ObjectionWithdrawn(from_str(payload)?),
            "item_taken_up" => EventBody::ItemTakenUp(from_str(payload)?),
            "timer_started" => EventBody::TimerStarted(from_str(payload)?),
            "timer_stopped" => EventBody::TimerStopped(from_str(payload)?),
            "checklist_answered" => EventBody::ChecklistAnswered(from_str(payload)?),
            "tier_position_recorded" => EventBody::TierPositionRecorded(from_str(payload)?),
            "note_added" => EventBody::NoteAdded(from_str(payload)?),
            "action_added" => EventBody::ActionAdded(from_str(payload)?),
            "attendance_recorded" => EventBody::AttendanceRecorded(from_str(payload)?),
            "speaker_queued" => EventBody::SpeakerQueued(from_str(payload)?),
            "speaker_called" => EventBody::SpeakerCalled(from_str(payload)?),
            "speaker_removed" => EventBody::SpeakerRemoved(from_str(payload)?),
            "session_closed" => EventBody::SessionClosed(from_str(payload)?),
            "session_reopened" => EventBody::SessionReopened(from_str(payload)?),
            // Rare kinds (one a session) take the general path.
            other => Self::from_parts(other, from_str(payload)?)?,
        })
    }
}

/// A figure exactly, the shortest text that reads back as the same number:
/// what a record for others to read (minutes, the regional summary) quotes,
/// where [`fmt_value`] rounds for a screen.
pub fn exact_value(v: f64) -> String {
    format!("{v}")
}

/// Formats a figure without a trailing `.0` for whole numbers.
pub fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
