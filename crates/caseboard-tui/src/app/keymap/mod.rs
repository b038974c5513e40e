//! The one keymap table. Key handling, the help overlay and the footer hints
//! are all generated from [`BINDINGS`], so they cannot disagree.

use super::{Action, Edit, FormRequest, ModeClass};
use caseboard_core::Outcome;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The task a binding serves; the help overlay groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Decide,
    Objections,
    Readiness,
    Record,
    Timer,
    View,
    Typing,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Move,
        Group::Decide,
        Group::Objections,
        Group::Readiness,
        Group::Record,
        Group::Timer,
        Group::View,
        Group::Typing,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Decide => "Decide",
            Group::Objections => "Objections",
            Group::Readiness => "Checklist and tiers",
            Group::Record => "Notes, actions, attendance",
            Group::Timer => "Timer and speakers",
            Group::View => "View",
            Group::Typing => "Typing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

impl Binding {
    /// Whether the binding opens a form that records. Views that cannot
    /// record keep these keys (the form says why nothing can be recorded)
    /// but leave them out of their hints and help (see [`Binding::records`]).
    pub fn opens_form(&self) -> bool {
        matches!(self.action, Action::Open(_))
    }

    /// Whether the binding records, at once or through a form.
    pub fn records(&self) -> bool {
        matches!(
            self.action,
            Action::Open(_) | Action::TakeUp | Action::ToggleTimer | Action::NextSpeaker
        )
    }
}

pub struct Binding {
    pub modes: &'static [ModeClass],
    pub keys: &'static [Key],
    /// How the keys are written in the help and the footer.
    pub label: &'static str,
    pub action: Action,
    pub group: Group,
    pub help: &'static str,
    /// A short word for the footer; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
}

use ModeClass::*;

const BROWSE: &[ModeClass] = &[Normal, NormalWritable, Review];
const SCROLLS: &[ModeClass] = &[Normal, NormalWritable, Review, Help];
const REVIEW: &[ModeClass] = &[Review];
const WRITE: &[ModeClass] = &[NormalWritable];
/// Where a key that opens a form works: every view but a review. In a view
/// that cannot record, the form opens with the reason, so that what is
/// typed next goes into it rather than being taken as commands.
const FORMS: &[ModeClass] = &[Normal, NormalWritable, Presenting, PresentingWritable];
const WRITE_ANY_VIEW: &[ModeClass] = &[NormalWritable, PresentingWritable];
const VIEWS: &[ModeClass] = &[
    Normal,
    NormalWritable,
    Presenting,
    PresentingWritable,
    Review,
];
const FORM: &[ModeClass] = &[Form];
const TYPING: &[ModeClass] = &[Form, Filter];

macro_rules! bind {
    ($modes:expr, [$($k:expr),+], $label:expr, $action:expr, $group:ident, $help:expr, $hint:expr) => {
        Binding { modes: $modes, keys: &[$($k),+], label: $label, action: $action, group: Group::$group, help: $help, hint: $hint }
    };
}

pub static BINDINGS: &[Binding] = &[
    bind!(
        SCROLLS,
        [ch('j'), key(KeyCode::Down)],
        "j ↓",
        Action::MoveDown,
        Move,
        "next priority (or objection, or scroll the evidence)",
        Some("move")
    ),
    bind!(
        SCROLLS,
        [ch('k'), key(KeyCode::Up)],
        "k ↑",
        Action::MoveUp,
        Move,
        "previous priority (or objection, or scroll back)",
        None
    ),
    bind!(
        SCROLLS,
        [key(KeyCode::PageDown), ctrl('d')],
        "PgDn",
        Action::PageDown,
        Move,
        "a page down",
        None
    ),
    bind!(
        SCROLLS,
        [key(KeyCode::PageUp), ctrl('u')],
        "PgUp",
        Action::PageUp,
        Move,
        "a page up",
        None
    ),
    bind!(
        BROWSE,
        [ch('g'), key(KeyCode::Home)],
        "g Home",
        Action::Top,
        Move,
        "first priority",
        None
    ),
    bind!(
        BROWSE,
        [ch('G'), key(KeyCode::End)],
        "G End",
        Action::Bottom,
        Move,
        "last priority",
        None
    ),
    bind!(
        BROWSE,
        [key(KeyCode::Tab)],
        "Tab",
        Action::FocusNext,
        Move,
        "next pane (board, evidence, objections)",
        Some("pane")
    ),
    bind!(
        BROWSE,
        [key(KeyCode::BackTab)],
        "S-Tab",
        Action::FocusPrev,
        Move,
        "previous pane",
        None
    ),
    bind!(
        REVIEW,
        [ch(']')],
        "]",
        Action::StepEvent(1),
        Move,
        "replay: the next event",
        Some("next event")
    ),
    bind!(
        REVIEW,
        [ch('[')],
        "[",
        Action::StepEvent(-1),
        Move,
        "replay: the previous event",
        Some("previous")
    ),
    bind!(
        REVIEW,
        [ch('D')],
        "D",
        Action::JumpToDecision,
        Move,
        "replay to when the selected priority was decided",
        Some("decided when")
    ),
    bind!(
        WRITE,
        [key(KeyCode::Enter)],
        "Enter",
        Action::TakeUp,
        Decide,
        "take the selected priority up: the projector shows it, its timer starts",
        Some("take up")
    ),
    bind!(
        FORMS,
        [ch('a')],
        "a",
        Action::Open(FormRequest::Decide(Outcome::Accept)),
        Decide,
        "accept it (with the agreed target if known)",
        Some("accept")
    ),
    bind!(
        FORMS,
        [ch('r')],
        "r",
        Action::Open(FormRequest::Decide(Outcome::Reject)),
        Decide,
        "reject it (or keep it as a local priority)",
        Some("reject")
    ),
    bind!(
        FORMS,
        [ch('d')],
        "d",
        Action::Open(FormRequest::Decide(Outcome::Defer)),
        Decide,
        "defer it",
        Some("defer")
    ),
    bind!(
        FORMS,
        [ch('o')],
        "o",
        Action::Open(FormRequest::RaiseObjection),
        Objections,
        "raise an objection to it",
        Some("object")
    ),
    bind!(
        FORMS,
        [ch('x')],
        "x",
        Action::Open(FormRequest::ResolveObjection),
        Objections,
        "resolve the selected objection (objections pane)",
        None
    ),
    bind!(
        FORMS,
        [ch('w')],
        "w",
        Action::Open(FormRequest::WithdrawObjection),
        Objections,
        "withdraw the selected objection (objections pane)",
        None
    ),
    bind!(
        FORMS,
        [ch('c')],
        "c",
        Action::Open(FormRequest::Checklist),
        Readiness,
        "the six-question readiness checklist",
        None
    ),
    bind!(
        FORMS,
        [ch('v')],
        "v",
        Action::Open(FormRequest::Positions),
        Readiness,
        "the vertical test: each tier's position",
        None
    ),
    bind!(
        FORMS,
        [ch('n')],
        "n",
        Action::Open(FormRequest::Note),
        Record,
        "add a note",
        Some("note")
    ),
    bind!(
        FORMS,
        [ch('A')],
        "A",
        Action::Open(FormRequest::Action),
        Record,
        "add an action (owner, due date)",
        None
    ),
    bind!(
        FORMS,
        [ch('@')],
        "@",
        Action::Open(FormRequest::Attendance),
        Record,
        "attendance: present or apologies",
        None
    ),
    bind!(
        WRITE_ANY_VIEW,
        [ch('t')],
        "t",
        Action::ToggleTimer,
        Timer,
        "start or stop the item timer",
        Some("timer")
    ),
    bind!(
        FORMS,
        [ch('s')],
        "s",
        Action::Open(FormRequest::QueueSpeaker),
        Timer,
        "add an attendee to the speakers queue",
        None
    ),
    bind!(
        WRITE_ANY_VIEW,
        [ch('S')],
        "S",
        Action::NextSpeaker,
        Timer,
        "call the next speaker",
        None
    ),
    bind!(
        BROWSE,
        [ch('/')],
        "/",
        Action::StartFilter,
        View,
        "filter the board (text, status:, kind:, theme:)",
        Some("filter")
    ),
    bind!(
        BROWSE,
        [key(KeyCode::Esc)],
        "Esc",
        Action::ClearFilter,
        View,
        "clear the filter",
        None
    ),
    bind!(
        VIEWS,
        [ch('p')],
        "p",
        Action::TogglePresentation,
        View,
        "projector view on or off",
        Some("project")
    ),
    bind!(
        &[Presenting, PresentingWritable],
        [key(KeyCode::Esc)],
        "Esc",
        Action::TogglePresentation,
        View,
        "back to the board",
        None
    ),
    bind!(
        &[
            Normal,
            NormalWritable,
            Presenting,
            PresentingWritable,
            Review,
            Help
        ],
        [ch('?')],
        "?",
        Action::ToggleHelp,
        View,
        "show or hide this help",
        Some("help")
    ),
    bind!(
        &[Help],
        [key(KeyCode::Esc), ch('q')],
        "Esc",
        Action::ToggleHelp,
        View,
        "close the help",
        Some("close")
    ),
    bind!(
        VIEWS,
        [ch('q')],
        "q",
        Action::Quit,
        View,
        "quit (everything is already saved)",
        Some("quit")
    ),
    bind!(
        &[
            Normal,
            NormalWritable,
            Presenting,
            PresentingWritable,
            Form,
            Filter,
            Help
        ],
        [ctrl('c')],
        "C-c",
        Action::RequestQuit,
        View,
        "quit, after asking",
        None
    ),
    bind!(
        FORM,
        [key(KeyCode::Enter)],
        "Enter",
        Action::Submit,
        Typing,
        "record the entry",
        Some("record")
    ),
    bind!(
        FORM,
        [key(KeyCode::Esc)],
        "Esc",
        Action::Cancel,
        Typing,
        "cancel: nothing is recorded",
        Some("cancel")
    ),
    bind!(
        FORM,
        [key(KeyCode::Tab), key(KeyCode::Down)],
        "Tab ↓",
        Action::Edit(Edit::NextField),
        Typing,
        "next field",
        Some("field")
    ),
    bind!(
        FORM,
        [key(KeyCode::BackTab), key(KeyCode::Up)],
        "S-Tab ↑",
        Action::Edit(Edit::PrevField),
        Typing,
        "previous field",
        None
    ),
    bind!(
        FORM,
        [alt(KeyCode::Enter), ctrl('j')],
        "A-Enter",
        Action::Edit(Edit::Newline),
        Typing,
        "new line in a long text",
        Some("new line")
    ),
    bind!(
        &[Filter],
        [key(KeyCode::Enter)],
        "Enter",
        Action::Submit,
        Typing,
        "keep the filter",
        Some("keep")
    ),
    bind!(
        &[Filter],
        [key(KeyCode::Esc)],
        "Esc",
        Action::ClearFilter,
        Typing,
        "clear the filter",
        Some("clear")
    ),
    bind!(
        TYPING,
        [key(KeyCode::Backspace)],
        "Bksp",
        Action::Edit(Edit::Backspace),
        Typing,
        "delete the character before the cursor",
        None
    ),
    bind!(
        TYPING,
        [key(KeyCode::Delete)],
        "Del",
        Action::Edit(Edit::Delete),
        Typing,
        "delete the character under the cursor",
        None
    ),
    bind!(
        TYPING,
        [key(KeyCode::Left)],
        "←",
        Action::Edit(Edit::Left),
        Typing,
        "cursor left, or the previous choice",
        None
    ),
    bind!(
        TYPING,
        [key(KeyCode::Right)],
        "→",
        Action::Edit(Edit::Right),
        Typing,
        "cursor right, or the next choice",
        Some("choose")
    ),
    bind!(
        TYPING,
        [key(KeyCode::Home), ctrl('a')],
        "Home",
        Action::Edit(Edit::Home),
        Typing,
        "start of the field",
        None
    ),
    bind!(
        TYPING,
        [key(KeyCode::End), ctrl('e')],
        "End",
        Action::Edit(Edit::End),
        Typing,
        "end of the field",
        None
    ),
    bind!(
        TYPING,
        [ctrl('u')],
        "C-u",
        Action::Edit(Edit::Clear),
        Typing,
        "clear the field",
        None
    ),
    bind!(
        &[Confirm],
        [ch('y'), key(KeyCode::Enter)],
        "y Enter",
        Action::Confirm(true),
        Typing,
        "yes",
        Some("yes")
    ),
    bind!(
        &[Confirm],
        [ch('n'), key(KeyCode::Esc)],
        "n Esc",
        Action::Confirm(false),
        Typing,
        "no, go back",
        Some("no")
    ),
];

/// The action a key press means in the given mode, if any. In a form or the
/// filter, a printable character no binding claims is typed.
pub fn action_for(mode: ModeClass, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    // Shift is part of the character for letters ('G'), not a separate modifier.
    let mods = event.modifiers - KeyModifiers::SHIFT;
    let code = match event.code {
        KeyCode::Char(c)
            if c.is_ascii_alphabetic() && event.modifiers.contains(KeyModifiers::SHIFT) =>
        {
            KeyCode::Char(c.to_ascii_uppercase())
        }
        other => other,
    };
    let wanted = Key { code, mods };
    for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
        if b.keys.contains(&wanted) {
            return Some(b.action.clone());
        }
    }
    if matches!(mode, Form | Filter) && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        if let KeyCode::Char(c) = event.code {
            return Some(Action::Edit(Edit::Insert(c)));
        }
    }
    None
}

/// The bindings that work in a mode, in table order.
pub fn bindings_for(mode: ModeClass) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

#[cfg(test)]
mod tests;
