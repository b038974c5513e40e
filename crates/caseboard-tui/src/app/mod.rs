//! Application state and `update(state, action) -> effects` (The Elm
//! Architecture). Nothing here does I/O: writing to the session is an
//! [`Effect`] the runtime carries out, and its result comes back as an
//! [`Action`], so the screen shows an entry only once it is committed.

pub mod filter;
pub mod form;
pub mod keymap;
pub mod review;

mod opening;
mod state;
mod update;

pub use crate::layout::Pane;
pub use form::{Field, Form, FormKind, Value};
pub use update::update;

use caseboard_core::rules::{Refusal, Warning};
use caseboard_core::vocabulary::TARGET_TO_BE_SET;
use caseboard_core::{Board, Command, Event, EventBody, Outcome};
use chrono::{DateTime, FixedOffset};
use filter::Filter;

/// The mode, as far as the keymap cares: where the keys are pressed, and
/// whether the session may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModeClass {
    pub view: View,
    pub writable: bool,
}

/// Where keys are pressed: a view, or what is open over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The board, evidence and objections.
    Board,
    /// The projector view.
    Projector,
    /// A past session's timeline and replay.
    Review,
    Form,
    /// A question before recording or quitting.
    Confirm,
    Help,
    /// Typing a filter.
    Filter,
}

/// Moving the focus between panes.
impl Pane {
    const ORDER: [Pane; 4] = [
        Pane::Timeline,
        Pane::Board,
        Pane::Evidence,
        Pane::Objections,
    ];

    /// The next pane; the timeline is there only in a review.
    fn step(self, by: isize, review: bool) -> Pane {
        let order: &[Pane] = if review {
            &Self::ORDER
        } else {
            &Self::ORDER[1..]
        };
        let i = order.iter().position(|p| *p == self).unwrap_or(0) as isize;
        order[(i + by).rem_euclid(order.len() as isize) as usize]
    }
}

/// An edit to the focused field of a form (or the filter line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Newline,
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Clear,
    NextField,
    PrevField,
}

/// Which form a key opens; the priority or objection comes from the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRequest {
    Decide(Outcome),
    RaiseObjection,
    ResolveObjection,
    WithdrawObjection,
    Checklist,
    Positions,
    Note,
    Action,
    Attendance,
    QueueSpeaker,
    RemoveSpeaker,
}

/// The outcome of a write the runtime attempted.
#[derive(Debug, Clone)]
pub enum WriteResult {
    Recorded {
        caught_up: Vec<Event>,
        events: Vec<Event>,
        warnings: Vec<Warning>,
    },
    Refused(Refusal),
    Failed(String),
}

#[derive(Debug, Clone)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    /// Take the selected priority up for discussion.
    TakeUp,
    Open(FormRequest),
    ToggleTimer,
    NextSpeaker,
    StartFilter,
    ClearFilter,
    TogglePresentation,
    /// Review: step the replay by this many events.
    StepEvent(isize),
    /// Review: go to the moment the selected priority was decided.
    JumpToDecision,
    Edit(Edit),
    /// Text pasted into the terminal.
    Paste(String),
    Submit,
    Cancel,
    Confirm(bool),
    ToggleHelp,
    /// `q`: quit at once (everything is already saved).
    Quit,
    /// Ctrl-C: asks first.
    RequestQuit,
    /// A mouse click at a cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel over a cell.
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    /// The terminal's size, in cells.
    Resize(u16, u16),
    /// The clock, about once a second.
    Tick(DateTime<FixedOffset>),
    /// The store's answer to an [`Effect::Record`].
    Written(WriteResult),
    /// Events another process committed.
    Arrived(Vec<Event>),
    /// The log's own board, in place of the one the screen opened from:
    /// the board kept in the file was not it.
    BoardRebuilt(Box<Board>),
    /// The session could not be read any more.
    StoreFailed(String),
    /// The record cannot be trusted (a broken hash chain, a damaged file):
    /// one line saying what is wrong. Nothing more is recorded from this
    /// screen; the board stays readable.
    RecordUntrusted(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Record these, all or nothing, in one transaction.
    Record(Vec<Command>),
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Accepting over open objections: asked before recording.
    OverObjections {
        commands: Vec<Command>,
        priority: String,
        objections: Vec<String>,
        /// The form to go back to, as typed.
        form: Box<Form>,
    },
    /// Ctrl-C: asked before quitting; `back` is where a "no" returns.
    Quit { back: Box<Mode> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Form(Form),
    Confirm(Confirm),
    Help,
    /// Typing the board's filter, or (in a review) the timeline's.
    Filter {
        cursor: usize,
        timeline: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub tone: Tone,
    pub text: String,
}

pub struct App {
    pub board: Board,
    /// The filter as typed, and the board rows it lets through.
    pub filter_text: String,
    filter: Filter,
    visible: Vec<usize>,
    /// Position of the selection within the visible rows.
    pub selected: usize,
    /// First visible row on screen; kept so scrolling does not jump.
    pub offset: usize,
    pub focus: Pane,
    /// The selected objection when the objections pane has the focus.
    pub objection_cursor: usize,
    pub mode: Mode,
    pub flash: Option<Flash>,
    /// Who the entries are recorded as.
    pub actor: String,
    pub read_only: bool,
    /// Why a session opened to write is read-only after all (this user may
    /// not write it, it has several names, its `-wal` is damaged).
    pub read_only_because: Option<String>,
    /// Showing the projector view.
    pub presenting: bool,
    /// The projector on a light background, for a bright room
    /// (`present --light`); dark otherwise.
    pub light: bool,
    /// The projector shows its test card (`present --test-card`): the
    /// sizes and colours it draws with, to check from the back of the room.
    pub test_card: bool,
    /// Where the session lives, for the status line.
    pub source: String,
    /// Wall-clock time where the meeting is (local time, with its offset).
    pub now: DateTime<FixedOffset>,
    pub size: (u16, u16),
    pub evidence_scroll: u16,
    pub quit: bool,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    /// Set for `caseboard review`: the board is replayed to its cursor.
    pub review: Option<review::Review>,
    /// Set when the record cannot be trusted: what is wrong, in one line.
    /// The screens show it in a red banner and every write is refused.
    pub untrusted: Option<String>,
}

/// Describes a recorded event for the status bar.
fn confirmation(board: &Board, event: &Event) -> String {
    match &event.body {
        EventBody::DecisionRecorded(d) => {
            let mut what = d.summary();
            if d.outcome == Outcome::Accept && d.target.is_none() {
                what.push_str(&format!(" ({TARGET_TO_BE_SET})"));
            }
            format!(
                "Recorded #{}: {} {what}. Designated {} / {}.",
                event.seq,
                d.priority,
                board.designated_accepted(),
                board.cap()
            )
        }
        other => {
            let about = other
                .priority()
                .map(|p| format!("{p} "))
                .unwrap_or_default();
            format!("Recorded #{}: {about}{}", event.seq, other.describe(board))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_respects_characters_not_bytes() {
        let mut value = String::new();
        let mut cursor = 0;
        for c in "café 漢字".chars() {
            form::edit_text(&mut value, &mut cursor, Edit::Insert(c), false);
        }
        form::edit_text(&mut value, &mut cursor, Edit::Left, false);
        form::edit_text(&mut value, &mut cursor, Edit::Backspace, false);
        assert_eq!(value, "café 字");
        form::edit_text(&mut value, &mut cursor, Edit::Home, false);
        form::edit_text(&mut value, &mut cursor, Edit::Delete, false);
        assert_eq!(value, "afé 字");
        form::edit_text(&mut value, &mut cursor, Edit::Insert('\n'), false);
        assert_eq!(
            value, " afé 字",
            "in a one-line field a pasted line break becomes a space"
        );
        form::edit_text(&mut value, &mut cursor, Edit::Insert('\n'), true);
        assert_eq!(value, " \nafé 字", "in a text area it stays");
        form::edit_text(&mut value, &mut cursor, Edit::Clear, false);
        assert_eq!((value.as_str(), cursor), ("", 0));
    }
}
