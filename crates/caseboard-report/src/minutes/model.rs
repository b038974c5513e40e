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
use caseboard_core::text::display_line;
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

impl Summary {
    /// The counts in one line, each a label and its figure (the figure
    /// being what a renderer marks up).
    pub fn figures(&self) -> [(&'static str, String); 6] {
        [
            (
                "Designated accepted",
                format!("{} / {}", self.designated_accepted, self.cap),
            ),
            (
                "statutory agreed",
                format!("{} / {}", self.statutory_agreed, self.statutory_total),
            ),
            ("kept local", self.kept_local.to_string()),
            ("rejected", self.rejected.to_string()),
            ("deferred", self.deferred.to_string()),
            ("undecided", self.undecided.to_string()),
        ]
    }

    /// How many were accepted with the target still to be set, when any.
    pub fn to_be_set_words(&self) -> Option<String> {
        let who = match self.to_be_set {
            0 => return None,
            1 => "1 priority was".to_string(),
            n => format!("{n} priorities were"),
        };
        Some(format!("{who} accepted with the target still to be set."))
    }
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

    /// The columns of the group's table, in order: the figures for the
    /// targets, why for the others, and what stands in the way for those
    /// not decided.
    pub fn columns(self) -> &'static [Column] {
        use Column as C;
        match self {
            Group::Designated | Group::Statutory => &[
                C::Priority,
                C::Indicator,
                C::Baseline,
                C::Proposed,
                C::Agreed,
                C::Rationale,
                C::Decided,
            ],
            Group::Local => &[C::Priority, C::Indicator, C::Reason, C::Decided],
            Group::Rejected | Group::Deferred => &[C::Priority, C::Reason, C::Decided],
            Group::NotDecided => &[C::Priority, C::Kind, C::OpenObjections],
        }
    }

    /// The headings of [`Group::columns`].
    pub fn headings(self) -> Vec<&'static str> {
        self.columns().iter().map(|c| c.heading()).collect()
    }

    /// A line under the heading, for the groups that need one.
    pub fn intro(self) -> Option<&'static str> {
        match self {
            Group::Local => Some("Rejected as designated targets, kept as local priorities."),
            Group::NotDecided => Some("Not decided when these minutes were written."),
            _ => None,
        }
    }
}

/// A column of a decisions table, each showing one of [`DecisionRow`]'s
/// fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `priority` and `title`.
    Priority,
    Indicator,
    Baseline,
    Proposed,
    Agreed,
    /// `reason`, headed for the targets.
    Rationale,
    Reason,
    Decided,
    Kind,
    OpenObjections,
}

impl Column {
    pub fn heading(self) -> &'static str {
        match self {
            Column::Priority => "priority",
            Column::Indicator => "indicator",
            Column::Baseline => "baseline",
            Column::Proposed => "proposed",
            Column::Agreed => "agreed target",
            Column::Rationale => "rationale",
            Column::Reason => "reason",
            Column::Decided => "decided",
            Column::Kind => "kind",
            Column::OpenObjections => "open objections",
        }
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
    /// `before the meeting` (known from the pack) or `in the meeting`.
    pub raised_when: &'static str,
    /// `counter proposal`, `evidence`, …
    pub kind: &'static str,
    /// `replace with NI 20 Assault with injury crime rate`, or `replace with
    /// NI 999 Title (not in the pack)`.
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
        s.push_str(", ");
        s.push_str(self.raised_when);
        s
    }

    /// `counter proposal: replace with NI 20 Assault with injury crime rate`
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

pub const ACTION_COLUMNS: [&str; 4] = ["action", "owner", "due", "priority"];

/// The objections table's columns, as [`ObjectionRow`]'s words fill them.
pub const OBJECTION_COLUMNS: [&str; 6] = [
    "objection",
    "priority",
    "raised by",
    "kind",
    "text",
    "how it ended",
];

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

impl Attendance {
    /// `Present 12 · apologies 2 · not recorded 1`
    pub fn words(&self) -> String {
        format!(
            "Present {} · apologies {} · not recorded {}",
            self.present, self.apologies, self.not_recorded
        )
    }
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

pub const ATTENDEE_COLUMNS: [&str; 4] = ["name", "organisation", "role", "attendance"];

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

pub const TIME_COLUMNS: [&str; 4] = ["priority", "time used", "timebox", "speakers"];

/// What a section of the minutes says when it has nothing to show, in
/// every format alike.
pub const NO_INDICATORS: &str = "No decided priority has a headline indicator.";
pub const NO_FIGURES: &str = "No figures to draw.";
pub const NO_CHECKLIST: &str = "No checklist answers were recorded.";
pub const NO_POSITIONS: &str = "No tier positions were recorded.";
pub const NO_TIME: &str = "No item's time was recorded.";

#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerRow {
    pub tier: Option<&'static str>,
    pub speaker: String,
    pub time: String,
}

pub const SPEAKER_COLUMNS: [&str; 3] = ["tier", "speaker", "speaking time"];

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

pub const TIMELINE_COLUMNS: [&str; 6] = ["#", "time", "recorded by", "kind", "priority", "what"];

/// What the timeline appendix says before its table.
pub const TIMELINE_INTRO: &str = "Every entry on the record, oldest first. A decision marked superseded was replaced by a later decision on the same priority; the tables above show the decision that stands.";

/// How to check a printed copy against the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub events: u64,
    pub head_hash: String,
    pub pack_sha256: String,
    pub file: String,
    /// Whether the session is closed (the closing's last line says so).
    pub closed: bool,
}

/// How to check a printed copy: these words, the command, "on" the file
/// ([`Check::file_words`]), then what the check shows.
pub const VERIFY_BEFORE: &str = "To check a printed copy, run";
pub const VERIFY_COMMAND: &str = "caseboard verify FILE";
pub const VERIFY_SHOWS: &str = "a sound, unaltered record prints this same head hash, and any entry recorded after these minutes, or any alteration, changes it.";

impl Check {
    /// The session file, named when known: `the session file (a.caseboard)`.
    pub fn file_words(&self) -> String {
        match display_line(&self.file).trim() {
            "" => "the session file".to_string(),
            file => format!("the session file ({file})"),
        }
    }

    /// What the session is now, after the closings and reopenings.
    pub fn session_words(&self) -> &'static str {
        if self.closed {
            "The session is closed: nothing more can be recorded unless it is reopened."
        } else {
            "The session is open again: entries may still be recorded."
        }
    }
}

/// The checklist's columns: the priority, each question in a word or two
/// numbered as in the key ([`questions`]), then the readiness.
pub fn checklist_columns() -> Vec<String> {
    let mut columns = vec!["priority".to_string()];
    columns.extend(
        Question::ALL
            .iter()
            .enumerate()
            .map(|(i, q)| format!("{} {}", i + 1, q.short())),
    );
    columns.push("readiness".to_string());
    columns
}

/// The six questions, for the checklist's key.
pub fn questions() -> Vec<&'static str> {
    Question::ALL.iter().map(|q| q.text()).collect()
}

/// The positions' columns: the priority, each tier's title, the mark.
pub fn position_columns() -> Vec<&'static str> {
    let mut columns = vec!["priority"];
    columns.extend(TIERS.iter().map(|t| tier_title(*t)));
    columns.push("mark");
    columns
}
