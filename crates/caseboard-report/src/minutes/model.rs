//! The minutes as a document, before any format: what a clerk would
//! circulate, already in people's words (names rather than ids, local
//! times, exact figures), in the order it is read. Markdown and HTML
//! render from it; so can any other format.
//!
//! Text here is plain and untrusted (it came from the pack or from
//! typing): every renderer escapes it for its own format.

use caseboard_core::board::ObjectionState;
use caseboard_core::event::exact_value;
use caseboard_core::meeting::{tier_title, Question, TIERS};
use caseboard_core::pack::PeriodValue;
use caseboard_core::Board;

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
    pub(super) objections: Vec<&'a ObjectionState>,
    pub(super) board: &'a Board,
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

/// A figure at its period; the chart places it in time (see
/// [`caseboard_core::period_axis`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub period: String,
    pub value: f64,
}

impl Figure {
    pub(super) fn of(pv: &PeriodValue) -> Figure {
        Figure {
            period: pv.period.clone(),
            value: pv.value,
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
