//! Application state and `update(state, action) -> effects` (The Elm
//! Architecture). Nothing here does I/O: writing to the session is an
//! [`Effect`] the runtime carries out, and its result comes back as an
//! [`Action`], so the screen shows an entry only once it is committed.

pub mod filter;
pub mod form;
pub mod keymap;
pub mod review;

pub use form::{parse_target, Field, Form, FormKind, Value};

use caseboard_core::event::fmt_value;
use caseboard_core::rules::{Refusal, Warning};
use caseboard_core::{
    Board, Command, Event, EventBody, ObjectionState, ObjectionStatus, Outcome, PriorityState,
    Status,
};
use chrono::{DateTime, FixedOffset};
use filter::Filter;

/// The mode, as far as the keymap cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeClass {
    /// Browsing a read-only session.
    Normal,
    /// Browsing a session we may write to.
    NormalWritable,
    /// The projector view of a read-only session.
    Presenting,
    /// The projector view inside `open`.
    PresentingWritable,
    Form,
    Confirm,
    Help,
    Filter,
    /// Browsing a past session: timeline and replay.
    Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The review's timeline of events.
    Timeline,
    Board,
    Evidence,
    Objections,
}

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
    /// Wrapped pane text, kept between frames (see [`crate::ui::memo`]).
    pub memo: crate::ui::memo::Memo,
    /// Set when the record cannot be trusted: what is wrong, in one line.
    /// The screens show it in a red banner and every write is refused.
    pub untrusted: Option<String>,
}

impl App {
    pub fn new(
        board: Board,
        actor: String,
        read_only: bool,
        source: String,
        now: DateTime<FixedOffset>,
    ) -> Self {
        let filter = Filter::default();
        let visible = filter.visible(&board);
        App {
            board,
            filter_text: String::new(),
            filter,
            visible,
            selected: 0,
            offset: 0,
            focus: Pane::Board,
            objection_cursor: 0,
            mode: Mode::Normal,
            flash: None,
            actor,
            read_only,
            read_only_because: None,
            presenting: false,
            source,
            now,
            size: (80, 24),
            evidence_scroll: 0,
            quit: false,
            help_scroll: 0,
            review: None,
            memo: Default::default(),
            untrusted: None,
        }
    }

    /// A read-only review of `events`, at the last one, with the timeline
    /// in focus.
    pub fn for_review(
        board: Board,
        events: Vec<caseboard_core::Event>,
        source: String,
        now: DateTime<FixedOffset>,
    ) -> Self {
        let mut app = App::new(board, String::new(), true, source, now);
        app.review = Some(review::Review::new(events));
        app.focus = Pane::Timeline;
        app
    }

    /// Replays the board to the review's cursor: forward by applying the
    /// events in between, backward by folding the log again from the start.
    fn replay(&mut self) {
        let Some(review) = &self.review else { return };
        let upto = review.at().map(|e| e.seq).unwrap_or(0);
        if upto >= self.board.last_seq() {
            let from = self.board.last_seq();
            let pending: Vec<&caseboard_core::Event> = review
                .events()
                .iter()
                .filter(|e| e.seq > from && e.seq <= upto)
                .collect();
            for e in pending {
                self.board.apply(e);
            }
        } else {
            self.board = review.board(self.board.pack());
        }
        if !self.filter.is_empty() {
            self.refilter();
        }
    }

    fn timeline_page(&self) -> usize {
        crate::layout::timeline_rows_visible(self.size).max(1)
    }

    fn move_timeline(&mut self, to: isize) {
        let page = self.timeline_page();
        if let Some(review) = &mut self.review {
            let last = review.shown_len().saturating_sub(1) as isize;
            review.go(to.clamp(0, last.max(0)) as usize, page);
        }
        self.replay();
    }

    /// The moment the clocks on screen (item timer, speaking time) count to:
    /// now, or in a review the moment of the event replayed to.
    pub fn moment(&self) -> chrono::DateTime<chrono::Utc> {
        match self.review.as_ref().and_then(|r| r.at()) {
            Some(event) => event.at,
            None => self.now.with_timezone(&chrono::Utc),
        }
    }

    pub fn mode_class(&self) -> ModeClass {
        match self.mode {
            Mode::Normal if self.review.is_some() && !self.presenting => ModeClass::Review,
            Mode::Normal => match (self.presenting, self.read_only) {
                (true, true) => ModeClass::Presenting,
                (true, false) => ModeClass::PresentingWritable,
                (false, true) => ModeClass::Normal,
                (false, false) => ModeClass::NormalWritable,
            },
            Mode::Form(_) => ModeClass::Form,
            Mode::Confirm(_) => ModeClass::Confirm,
            Mode::Help => ModeClass::Help,
            Mode::Filter { .. } => ModeClass::Filter,
        }
    }

    /// The board rows the filter lets through, as indices into the board.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    pub fn selected_priority(&self) -> Option<&PriorityState> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.board.priorities().get(i))
    }

    /// The selected priority's objections in the order shown: open first.
    pub fn objections_in_view(&self) -> Vec<&ObjectionState> {
        let Some(p) = self.selected_priority() else {
            return Vec::new();
        };
        let all: Vec<&ObjectionState> = self.board.objections_for(&p.id).collect();
        let open = all
            .iter()
            .copied()
            .filter(|o| o.status == ObjectionStatus::Open);
        let closed = all
            .iter()
            .copied()
            .filter(|o| o.status != ObjectionStatus::Open);
        open.chain(closed).collect()
    }

    pub fn selected_objection(&self) -> Option<&ObjectionState> {
        self.objections_in_view()
            .get(self.objection_cursor)
            .copied()
    }

    fn page(&self) -> usize {
        if self.focus == Pane::Timeline {
            return self.timeline_page();
        }
        crate::layout::board_rows_visible_in(self.size, self.review.is_some()).max(1)
    }

    fn select(&mut self, index: usize) {
        let last = self.visible.len().saturating_sub(1);
        let index = index.min(last);
        if index != self.selected {
            self.evidence_scroll = 0;
            self.objection_cursor = 0;
        }
        self.selected = index;
        let page = self.page();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(page));
    }

    /// Re-applies the filter, keeping the same priority selected if it is
    /// still shown.
    fn refilter(&mut self) {
        let keep = self.visible.get(self.selected).copied();
        self.filter = Filter::parse(&self.filter_text);
        self.visible = self.filter.visible(&self.board);
        let index = keep
            .and_then(|k| self.visible.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.offset = 0;
        self.selected = 0;
        self.select(index);
    }

    /// Moves within the focused pane: the board's selection, the evidence's
    /// scroll, or the objection cursor.
    fn step(&mut self, by: isize) {
        match self.focus {
            Pane::Timeline => {
                let at = self.review.as_ref().map_or(0, |r| r.cursor) as isize;
                self.move_timeline(at + by);
            }
            Pane::Board => {
                let target = (self.selected as isize + by).max(0) as usize;
                self.select(target);
            }
            Pane::Evidence => {
                self.evidence_scroll =
                    (self.evidence_scroll as isize + by).clamp(0, u16::MAX as isize) as u16;
            }
            Pane::Objections => {
                let n = self.objections_in_view().len();
                self.objection_cursor = (self.objection_cursor as isize + by)
                    .clamp(0, n.saturating_sub(1) as isize)
                    as usize;
            }
        }
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.flash = Some(Flash {
            tone,
            text: text.into(),
        });
    }

    fn fold(&mut self, events: &[Event]) {
        for e in events {
            self.board.apply(e);
        }
        // Statuses changed: a filter on them must see the new ones.
        if !self.filter.is_empty() {
            self.refilter();
        }
    }

    /// Opens the form a key asks for. The form opens even when nothing it
    /// would record can be recorded, with the reason shown in it: the keys
    /// typed next then land in a form the note-taker can read and cancel,
    /// instead of being taken as commands (an `o` opening an objection).
    fn open_form(&mut self, request: FormRequest) {
        let priority = self.selected_priority().map(|p| p.id.clone());
        let mut missing = None;
        let kind = match request {
            FormRequest::Attendance => FormKind::Attendance,
            FormRequest::ResolveObjection | FormRequest::WithdrawObjection => {
                let objection = match self
                    .selected_objection()
                    .filter(|o| o.status == ObjectionStatus::Open)
                {
                    Some(o) => o.id.clone(),
                    None => {
                        missing = Some(
                            "Select an open objection first: Esc, then Tab to the objections pane and j/k."
                                .to_string(),
                        );
                        String::new()
                    }
                };
                if request == FormRequest::ResolveObjection {
                    FormKind::ResolveObjection { objection }
                } else {
                    FormKind::WithdrawObjection { objection }
                }
            }
            _ => {
                let priority = if request == FormRequest::QueueSpeaker {
                    // The queue belongs to the item under discussion, as `S` does.
                    self.item_in_hand()
                } else {
                    priority
                };
                let priority = priority.unwrap_or_else(|| {
                    missing = Some(
                        "No priority is selected: Esc, then clear the filter or choose one."
                            .to_string(),
                    );
                    String::new()
                });
                match request {
                    FormRequest::Decide(outcome) => FormKind::Decide { priority, outcome },
                    FormRequest::RaiseObjection => FormKind::RaiseObjection { priority },
                    FormRequest::Checklist => FormKind::Checklist { priority },
                    FormRequest::Positions => FormKind::Positions { priority },
                    FormRequest::Note => FormKind::Note { priority },
                    FormRequest::Action => FormKind::Action { priority },
                    _ => FormKind::QueueSpeaker { priority },
                }
            }
        };
        let mut form = Form::new(kind, &self.board);
        form.refusal = self.write_refusal().or(missing).or_else(|| {
            caseboard_core::rules::check(&self.board, probe(&form.kind, &self.board))
                .err()
                .filter(known_before_typing)
                .map(|refusal| format!("Cannot be recorded: {refusal}."))
        });
        match &form.refusal {
            Some(refusal) => self.say(Tone::Error, refusal.clone()),
            None => self.flash = None,
        }
        self.mode = Mode::Form(form);
    }

    /// Whether anything can be recorded from this screen.
    pub fn can_record(&self) -> bool {
        !self.read_only && self.untrusted.is_none()
    }

    /// Why nothing at all can be recorded from this screen, if so.
    pub fn write_refusal(&self) -> Option<String> {
        if let Some(problem) = &self.untrusted {
            return Some(format!(
                "Nothing can be recorded while the record is not trusted: {problem}."
            ));
        }
        if !self.read_only {
            return None;
        }
        Some(match &self.read_only_because {
            Some(reason) => format!("Nothing can be recorded here: {reason}."),
            None => "This session is open read-only: nothing can be recorded here.".to_string(),
        })
    }

    /// The priority the timer and speaker keys act on: the one under
    /// discussion, else the selected one.
    fn item_in_hand(&self) -> Option<String> {
        self.board
            .current()
            .or(self.selected_priority())
            .map(|p| p.id.clone())
    }

    fn click(&mut self, column: u16, row: u16) {
        use crate::layout::Hit;
        match crate::layout::hit_in(self.size, self.review.is_some(), column, row) {
            Some(Hit::BoardRow(n)) => {
                self.focus = Pane::Board;
                self.select(self.offset + n);
            }
            Some(Hit::Pane(p)) => self.focus = p,
            None => {}
        }
    }
}

/// The command a form of this kind would record, with placeholder text:
/// the rules, asked about it before anything is typed, say whether the
/// board itself refuses it (the rules stay in one place, the domain).
fn probe(kind: &FormKind, board: &Board) -> Command {
    use caseboard_core::meeting::{Answer, Position, Presence, Question, TIERS};
    let text = "…".to_string();
    let attendee = || {
        board
            .pack()
            .attendees
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_default()
    };
    match kind.clone() {
        FormKind::Decide { priority, outcome } => Command::Decide {
            priority,
            outcome,
            rationale: text,
            local: false,
            target: None,
        },
        FormKind::RaiseObjection { priority } => Command::RaiseObjection {
            priority,
            text,
            kind: caseboard_core::pack::ObjectionKind::Evidence,
            raised_by: None,
            alternative: None,
        },
        FormKind::ResolveObjection { objection } => Command::ResolveObjection {
            objection,
            note: text,
        },
        FormKind::WithdrawObjection { objection } => Command::WithdrawObjection {
            objection,
            note: text,
        },
        FormKind::Checklist { priority } => Command::AnswerChecklist {
            priority,
            question: Question::ALL[0],
            answer: Answer::ALL[0],
        },
        FormKind::Positions { priority } => Command::RecordPosition {
            priority,
            tier: TIERS[0],
            position: Position::ALL[0],
        },
        FormKind::Note { priority } => Command::AddNote {
            priority: Some(priority),
            text,
        },
        FormKind::Action { priority } => Command::AddAction {
            priority: Some(priority),
            text,
            owner: None,
            due: None,
        },
        FormKind::Attendance => Command::RecordAttendance {
            attendee: attendee(),
            presence: Presence::Present,
        },
        FormKind::QueueSpeaker { priority } => Command::QueueSpeaker {
            priority,
            attendee: attendee(),
        },
    }
}

/// Refusals that come from the board, not from what the form will hold:
/// whatever is typed, they stand.
fn known_before_typing(refusal: &Refusal) -> bool {
    matches!(
        refusal,
        Refusal::SessionClosed { .. }
            | Refusal::StatutoryCannotBeRejected(_)
            | Refusal::CapReached { .. }
    )
}

/// One event in words, with attendees by name.
fn describe_for(board: &Board, event: &Event) -> String {
    let name = |id: &str| {
        board
            .pack()
            .attendee(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match &event.body {
        EventBody::AttendanceRecorded(a) => {
            format!("{} {}", name(&a.attendee), a.presence.as_str())
        }
        EventBody::SpeakerQueued(s) => format!("{} joins the speakers queue", name(&s.attendee)),
        EventBody::SpeakerCalled(s) => format!("{} has the floor", name(&s.attendee)),
        EventBody::ObjectionRaised(o) => {
            let by = o
                .raised_by
                .as_deref()
                .map(|a| format!(" by {}", name(a)))
                .unwrap_or_default();
            format!(
                "objection {} raised ({}){by}: {}",
                o.objection,
                o.kind.as_str().replace('_', " "),
                o.text
            )
        }
        EventBody::ActionAdded(a) => {
            let owner = a
                .owner
                .as_deref()
                .map(|o| format!(" (owner {})", name(o)))
                .unwrap_or_default();
            let due = a
                .due
                .as_deref()
                .map(|d| format!(" due {d}"))
                .unwrap_or_default();
            format!("action: {}{owner}{due}", a.text)
        }
        other => other.describe(board),
    }
}

/// Describes a recorded event for the status bar.
fn confirmation(board: &Board, event: &Event) -> String {
    match &event.body {
        EventBody::DecisionRecorded(d) => {
            let what = match (d.outcome, d.local) {
                (Outcome::Accept, _) => match &d.target {
                    Some(t) => format!("accepted, target {} = {}", t.period, fmt_value(t.value)),
                    None => "accepted (target to be set)".to_string(),
                },
                (Outcome::Reject, true) => "rejected, kept as a local priority".to_string(),
                (Outcome::Reject, false) => "rejected".to_string(),
                (Outcome::Defer, _) => "deferred".to_string(),
            };
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
            format!(
                "Recorded #{}: {about}{}",
                event.seq,
                describe_for(board, event)
            )
        }
    }
}

/// The one place state changes. Returns what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // In the help, the moving keys scroll it.
    if app.mode == Mode::Help {
        let by: i32 = match action {
            Action::MoveDown => 1,
            Action::MoveUp => -1,
            Action::PageDown => 10,
            Action::PageUp => -10,
            _ => 0,
        };
        if by != 0 {
            app.help_scroll = (app.help_scroll as i32 + by).clamp(0, 200) as u16;
            return Vec::new();
        }
    }
    match action {
        Action::MoveDown => app.step(1),
        Action::MoveUp => app.step(-1),
        Action::PageDown => app.step(app.page() as isize),
        Action::PageUp => app.step(-(app.page() as isize)),
        Action::Top if app.focus == Pane::Timeline => app.move_timeline(0),
        Action::Bottom if app.focus == Pane::Timeline => app.move_timeline(isize::MAX),
        Action::Top => app.select(0),
        Action::Bottom => app.select(usize::MAX),
        Action::FocusNext => app.focus = app.focus.step(1, app.review.is_some()),
        Action::FocusPrev => app.focus = app.focus.step(-1, app.review.is_some()),
        Action::StepEvent(by) => {
            let at = app.review.as_ref().map_or(0, |r| r.cursor) as isize;
            app.move_timeline(at + by);
        }
        Action::JumpToDecision => {
            let id = app.selected_priority().map(|p| p.id.clone());
            let found = match (&app.review, id) {
                (Some(review), Some(id)) => Some((review.decision_of(&id), id)),
                _ => None,
            };
            match found {
                Some((Some(index), _)) => {
                    app.move_timeline(index as isize);
                    app.focus = Pane::Timeline;
                }
                Some((None, id)) => app.say(
                    Tone::Info,
                    format!("{id} has no decision among the events shown."),
                ),
                None => {}
            }
        }
        Action::TakeUp => {
            if let Some(refusal) = app.write_refusal() {
                app.say(Tone::Error, refusal);
            } else if let Some(p) = app.selected_priority() {
                return vec![Effect::Record(vec![Command::TakeUp {
                    priority: p.id.clone(),
                }])];
            }
        }
        Action::Open(request) => app.open_form(request),
        Action::ToggleTimer | Action::NextSpeaker if app.untrusted.is_some() => {
            if let Some(refusal) = app.write_refusal() {
                app.say(Tone::Error, refusal);
            }
        }
        Action::ToggleTimer => {
            if let Some(priority) = app.item_in_hand().filter(|_| !app.read_only) {
                return vec![Effect::Record(vec![Command::ToggleTimer { priority }])];
            }
        }
        Action::NextSpeaker => {
            if let Some(priority) = app.item_in_hand().filter(|_| !app.read_only) {
                return vec![Effect::Record(vec![Command::CallNextSpeaker { priority }])];
            }
        }
        Action::StartFilter => {
            let timeline = app.focus == Pane::Timeline && app.review.is_some();
            let cursor = match (&app.review, timeline) {
                (Some(r), true) => r.filter_text.chars().count(),
                _ => app.filter_text.chars().count(),
            };
            app.mode = Mode::Filter { cursor, timeline };
            if !timeline {
                app.focus = Pane::Board;
            }
        }
        Action::ClearFilter if app.focus == Pane::Timeline && app.review.is_some() => {
            let page = app.timeline_page();
            if let Some(review) = &mut app.review {
                if !review.filter_text.is_empty() {
                    review.filter_text.clear();
                    review.refilter(&app.board, page);
                }
            }
            app.replay();
            app.mode = Mode::Normal;
        }
        Action::ClearFilter => {
            if !app.filter_text.is_empty() {
                app.filter_text.clear();
                app.refilter();
                app.say(Tone::Info, "Filter cleared: every priority is shown.");
            }
            if matches!(app.mode, Mode::Filter { .. }) {
                app.mode = Mode::Normal;
            }
        }
        Action::TogglePresentation => {
            app.presenting = !app.presenting;
        }
        Action::Edit(edit) => match &mut app.mode {
            Mode::Form(form) => form.edit(edit),
            Mode::Filter {
                cursor,
                timeline: true,
            } => {
                let mut cursor_now = *cursor;
                let page = app.timeline_page();
                if let Some(review) = &mut app.review {
                    form::edit_text(&mut review.filter_text, &mut cursor_now, edit, false);
                    review.refilter(&app.board, page);
                }
                app.mode = Mode::Filter {
                    cursor: cursor_now,
                    timeline: true,
                };
                app.replay();
            }
            Mode::Filter {
                cursor,
                timeline: false,
            } => {
                let mut cursor_now = *cursor;
                form::edit_text(&mut app.filter_text, &mut cursor_now, edit, false);
                app.mode = Mode::Filter {
                    cursor: cursor_now,
                    timeline: false,
                };
                app.refilter();
            }
            _ => {}
        },
        Action::Paste(text) => {
            // Terminals send a pasted line break as CR.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            paste(app, text)
        }
        Action::Submit => match &mut app.mode {
            Mode::Filter { .. } => {
                app.mode = Mode::Normal;
                let n = app.visible.len();
                app.say(
                    Tone::Info,
                    format!(
                        "Filter \"{}\": {n} priorit{} shown. Esc clears it.",
                        app.filter_text,
                        if n == 1 { "y" } else { "ies" }
                    ),
                );
            }
            Mode::Form(Form {
                refusal: Some(refusal),
                ..
            }) => {
                // Refused when it opened: what was typed stays, nothing is recorded.
                let refusal = refusal.clone();
                app.say(Tone::Error, refusal);
            }
            Mode::Form(form) => match form.commands(&app.board) {
                Err(problem) => form.error = Some(problem),
                Ok(commands) if commands.is_empty() => {
                    app.mode = Mode::Normal;
                    app.say(Tone::Info, "Nothing changed: nothing was recorded.");
                }
                Ok(commands) => {
                    if let FormKind::Decide {
                        priority,
                        outcome: Outcome::Accept,
                    } = &form.kind
                    {
                        let open = app.board.open_objections_for(priority);
                        if !open.is_empty() {
                            // Ask only about what the rules would record.
                            if let Some(Err(refusal)) = commands
                                .first()
                                .map(|c| caseboard_core::rules::check(&app.board, c.clone()))
                            {
                                form.error = Some(format!("Not recorded: {refusal}."));
                                return Vec::new();
                            }
                            let priority = priority.clone();
                            let form = Box::new(form.clone());
                            app.mode = Mode::Confirm(Confirm::OverObjections {
                                commands,
                                priority,
                                objections: open,
                                form,
                            });
                            return Vec::new();
                        }
                    }
                    return vec![Effect::Record(commands)];
                }
            },
            _ => {}
        },
        Action::Confirm(yes) => match &app.mode {
            Mode::Confirm(Confirm::OverObjections { commands, form, .. }) => {
                if yes {
                    return vec![Effect::Record(commands.clone())];
                }
                // Back to the form, as typed.
                app.mode = Mode::Form((**form).clone());
                app.say(Tone::Info, "Not recorded: the form is as you left it.");
            }
            Mode::Confirm(Confirm::Quit { back }) => {
                if yes {
                    app.quit = true;
                    return vec![Effect::Quit];
                }
                app.mode = (**back).clone();
            }
            _ => {}
        },
        Action::Cancel => {
            if matches!(app.mode, Mode::Form(_)) {
                app.mode = Mode::Normal;
                app.say(Tone::Info, "Cancelled: nothing was recorded.");
            }
        }
        Action::ToggleHelp => {
            app.help_scroll = 0;
            app.mode = match app.mode {
                Mode::Help => Mode::Normal,
                Mode::Normal => Mode::Help,
                ref other => other.clone(),
            }
        }
        Action::Quit => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        Action::RequestQuit => {
            let back = Box::new(std::mem::replace(&mut app.mode, Mode::Normal));
            app.mode = Mode::Confirm(Confirm::Quit { back });
        }
        Action::Click { column, row } => {
            if matches!(app.mode, Mode::Normal) && !app.presenting {
                app.click(column, row);
            }
        }
        Action::Scroll { column, row, down } => {
            if matches!(app.mode, Mode::Normal) && !app.presenting {
                // The wheel scrolls the pane under the pointer, not the focused one.
                let pane = match crate::layout::hit_in(app.size, app.review.is_some(), column, row)
                {
                    Some(crate::layout::Hit::BoardRow(_)) => Pane::Board,
                    Some(crate::layout::Hit::Pane(p)) => p,
                    None => app.focus,
                };
                let focused = std::mem::replace(&mut app.focus, pane);
                app.step(if down { 3 } else { -3 });
                app.focus = focused;
            }
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.select(app.selected);
        }
        Action::Tick(now) => app.now = now,
        Action::Written(result) => match result {
            WriteResult::Recorded {
                caught_up,
                events,
                warnings,
            } => {
                app.fold(&caught_up);
                app.fold(&events);
                app.mode = Mode::Normal;
                let mut text = match events.as_slice() {
                    [one] => confirmation(&app.board, one),
                    many => format!(
                        "Recorded #{}–#{}: {}.",
                        many.first().map_or(0, |e| e.seq),
                        many.last().map_or(0, |e| e.seq),
                        many.iter()
                            .map(|e| describe_for(&app.board, e))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                };
                for w in &warnings {
                    text.push_str(&format!(" Note: {w}."));
                }
                app.say(
                    if warnings.is_empty() {
                        Tone::Success
                    } else {
                        Tone::Warning
                    },
                    text,
                );
            }
            WriteResult::Refused(refusal) => {
                // Keep the form so the note-taker can correct it.
                let text = format!("Not recorded: {refusal}.");
                match &mut app.mode {
                    Mode::Form(form) => form.error = Some(text.clone()),
                    Mode::Confirm(Confirm::OverObjections { form, .. }) => {
                        let mut form = (**form).clone();
                        form.error = Some(text.clone());
                        app.mode = Mode::Form(form);
                    }
                    _ => app.mode = Mode::Normal,
                }
                app.say(Tone::Error, text);
            }
            WriteResult::Failed(problem) => {
                // Keep the form: what was typed is not lost.
                match &app.mode {
                    Mode::Form(_) => {}
                    Mode::Confirm(Confirm::OverObjections { form, .. }) => {
                        app.mode = Mode::Form((**form).clone())
                    }
                    _ => app.mode = Mode::Normal,
                }
                app.say(Tone::Error, format!("NOT RECORDED: {problem}"));
            }
        },
        Action::Arrived(events) => {
            // A review replays the log as it was opened; it does not follow.
            if !events.is_empty() && app.review.is_none() {
                let n = events.len();
                app.fold(&events);
                if matches!(app.mode, Mode::Normal) && !app.read_only {
                    app.say(
                        Tone::Info,
                        format!(
                            "{n} new entr{} from another screen.",
                            if n == 1 { "y" } else { "ies" }
                        ),
                    );
                }
            }
        }
        Action::StoreFailed(problem) => app.say(Tone::Error, problem),
        Action::RecordUntrusted(problem) => {
            let problem = problem.trim().to_string();
            let known = app.untrusted.get_or_insert_with(String::new);
            if !known.contains(&problem) {
                if !known.is_empty() {
                    known.push_str("; ");
                }
                known.push_str(&problem);
            }
            let refusal = app.write_refusal().unwrap_or_default();
            // A form already open (or a question about one) is refused too.
            match &mut app.mode {
                Mode::Form(form) => form.refusal = Some(refusal.clone()),
                Mode::Confirm(Confirm::OverObjections { form, .. }) => {
                    let mut form = (**form).clone();
                    form.refusal = Some(refusal.clone());
                    app.mode = Mode::Form(form);
                }
                _ => {}
            }
            app.say(Tone::Error, refusal);
        }
    }
    Vec::new()
}

fn paste(app: &mut App, text: String) {
    match &mut app.mode {
        Mode::Form(form) => {
            for c in text.chars() {
                form.edit(Edit::Insert(c));
            }
        }
        Mode::Filter { .. } => {
            for c in text.chars() {
                update(app, Action::Edit(Edit::Insert(c)));
            }
        }
        _ => {}
    }
}

/// Status, shown as a symbol and a word so colour is never the only signal.
pub fn status_label(status: &Status) -> (&'static str, &'static str) {
    let symbol = match status {
        Status::Undecided => "·",
        Status::Accepted { .. } => "✓",
        Status::Rejected => "✗",
        Status::KeptLocal => "◇",
        Status::Deferred => "…",
    };
    (symbol, status.word())
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseboard_core::pack::PeriodValue;

    #[test]
    fn targets_parse_or_explain() {
        assert_eq!(
            parse_target("2010/11=120.5"),
            Ok(PeriodValue {
                period: "2010/11".into(),
                value: 120.5
            })
        );
        assert_eq!(parse_target(" 2010/11 = 7 ").map(|t| t.value), Ok(7.0));
        assert!(parse_target("120").unwrap_err().contains("PERIOD=VALUE"));
        assert!(parse_target("=5").unwrap_err().contains("no period"));
        assert!(parse_target("2010/11=lots")
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_target("2010/11=inf").is_err());
        assert!(parse_target("2010/11=NaN").is_err());
    }

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
