//! The bindings themselves, in the order the help and the footer list
//! them.

use super::{alt, bind, ch, ctrl, key, Binding, Group};
use crate::app::{Action, Edit, FormRequest, View::*};
use caseboard_core::Outcome;
use crossterm::event::KeyCode;

pub static BINDINGS: &[Binding] = &[
    bind(
        &[Board, Review, Help],
        &[ch('j'), key(KeyCode::Down)],
        Action::MoveDown,
        Group::Move,
        "next priority (or objection, or scroll the evidence)",
    )
    .hint("move"),
    bind(
        &[Board, Review, Help],
        &[ch('k'), key(KeyCode::Up)],
        Action::MoveUp,
        Group::Move,
        "previous priority (or objection, or scroll back)",
    ),
    bind(
        &[Board, Review, Help],
        &[key(KeyCode::PageDown)],
        Action::PageDown,
        Group::Move,
        "a page down",
    )
    .also(&[ctrl('d')]),
    bind(
        &[Board, Review, Help],
        &[key(KeyCode::PageUp)],
        Action::PageUp,
        Group::Move,
        "a page up",
    )
    .also(&[ctrl('u')]),
    bind(
        &[Board, Review],
        &[ch('g'), key(KeyCode::Home)],
        Action::Top,
        Group::Move,
        "first priority",
    ),
    bind(
        &[Board, Review],
        &[ch('G'), key(KeyCode::End)],
        Action::Bottom,
        Group::Move,
        "last priority",
    ),
    bind(
        &[Board, Review],
        &[key(KeyCode::Tab)],
        Action::FocusNext,
        Group::Move,
        "next pane (board, evidence, objections)",
    )
    .hint("pane"),
    bind(
        &[Board, Review],
        &[key(KeyCode::BackTab)],
        Action::FocusPrev,
        Group::Move,
        "previous pane",
    ),
    bind(
        &[Review],
        &[ch(']')],
        Action::StepEvent(1),
        Group::Move,
        "replay: the next event",
    )
    .hint("next event"),
    bind(
        &[Review],
        &[ch('[')],
        Action::StepEvent(-1),
        Group::Move,
        "replay: the previous event",
    )
    .hint("previous"),
    bind(
        &[Review],
        &[ch('D')],
        Action::JumpToDecision,
        Group::Move,
        "replay to when the selected priority was decided",
    )
    .hint("decided when"),
    bind(
        &[Board],
        &[key(KeyCode::Enter)],
        Action::TakeUp,
        Group::Decide,
        "take the selected priority up: the projector shows it, its timer starts",
    )
    .writable()
    .hint("take up"),
    bind(
        &[Board, Projector],
        &[ch('a')],
        Action::Open(FormRequest::Decide(Outcome::Accept)),
        Group::Decide,
        "accept it (with the agreed target if known)",
    )
    .hint("accept"),
    bind(
        &[Board, Projector],
        &[ch('r')],
        Action::Open(FormRequest::Decide(Outcome::Reject)),
        Group::Decide,
        "reject it (or keep it as a local priority)",
    )
    .hint("reject"),
    bind(
        &[Board, Projector],
        &[ch('d')],
        Action::Open(FormRequest::Decide(Outcome::Defer)),
        Group::Decide,
        "defer it",
    )
    .hint("defer"),
    bind(
        &[Board, Projector],
        &[ch('o')],
        Action::Open(FormRequest::RaiseObjection),
        Group::Objections,
        "raise an objection to it",
    )
    .hint("object"),
    bind(
        &[Board, Projector],
        &[ch('x')],
        Action::Open(FormRequest::ResolveObjection),
        Group::Objections,
        "resolve the selected objection (objections pane)",
    ),
    bind(
        &[Board, Projector],
        &[ch('w')],
        Action::Open(FormRequest::WithdrawObjection),
        Group::Objections,
        "withdraw the selected objection (objections pane)",
    ),
    bind(
        &[Board, Projector],
        &[ch('c')],
        Action::Open(FormRequest::Checklist),
        Group::Readiness,
        "the six-question readiness checklist",
    ),
    bind(
        &[Board, Projector],
        &[ch('v')],
        Action::Open(FormRequest::Positions),
        Group::Readiness,
        "the vertical test: each tier's position",
    ),
    bind(
        &[Board, Projector],
        &[ch('n')],
        Action::Open(FormRequest::Note),
        Group::Record,
        "add a note",
    )
    .hint("note"),
    bind(
        &[Board, Projector],
        &[ch('A')],
        Action::Open(FormRequest::Action),
        Group::Record,
        "add an action (owner, due date)",
    ),
    bind(
        &[Board, Projector],
        &[ch('@')],
        Action::Open(FormRequest::Attendance),
        Group::Record,
        "attendance: present or apologies",
    ),
    bind(
        &[Board, Projector],
        &[ch('t')],
        Action::ToggleTimer,
        Group::Timer,
        "start or stop the item timer",
    )
    .writable()
    .hint("timer"),
    bind(
        &[Board, Projector],
        &[ch('s')],
        Action::Open(FormRequest::QueueSpeaker),
        Group::Timer,
        "add an attendee to the speakers queue",
    ),
    bind(
        &[Board, Projector],
        &[ch('S')],
        Action::NextSpeaker,
        Group::Timer,
        "call the next speaker",
    )
    .writable(),
    bind(
        &[Board, Projector],
        &[ch('X')],
        Action::Open(FormRequest::RemoveSpeaker),
        Group::Timer,
        "take someone out of the speakers queue",
    ),
    bind(
        &[Board, Review],
        &[ch('/')],
        Action::StartFilter,
        Group::View,
        "filter the board (text, status:, kind:, theme:)",
    )
    .hint("filter"),
    bind(
        &[Board, Review],
        &[key(KeyCode::Esc)],
        Action::ClearFilter,
        Group::View,
        "clear the filter",
    ),
    bind(
        &[Board, Projector, Review],
        &[ch('p')],
        Action::TogglePresentation,
        Group::View,
        "projector view on or off",
    )
    .hint("project"),
    bind(
        &[Projector],
        &[key(KeyCode::Esc)],
        Action::TogglePresentation,
        Group::View,
        "back to the board",
    ),
    bind(
        &[Board, Projector, Review, Help],
        &[ch('?')],
        Action::ToggleHelp,
        Group::View,
        "show or hide this help",
    )
    .hint("help")
    .pinned(),
    bind(
        &[Help],
        &[key(KeyCode::Esc)],
        Action::ToggleHelp,
        Group::View,
        "close the help",
    )
    .also(&[ch('q')])
    .hint("close"),
    bind(
        &[Board, Projector, Review],
        &[ch('q')],
        Action::Quit,
        Group::View,
        "quit (everything is already saved)",
    )
    .hint("quit")
    .pinned(),
    bind(
        &[Board, Projector, Form, Filter, Help],
        &[ctrl('c')],
        Action::RequestQuit,
        Group::View,
        "quit, after asking",
    ),
    bind(
        &[Form],
        &[key(KeyCode::Enter)],
        Action::Submit,
        Group::Typing,
        "record the entry",
    )
    .hint("record")
    .prompt(1, "records"),
    bind(
        &[Form],
        &[key(KeyCode::Esc)],
        Action::Cancel,
        Group::Typing,
        "cancel: nothing is recorded",
    )
    .hint("cancel")
    .prompt(1, "cancels"),
    bind(
        &[Form],
        &[key(KeyCode::Tab), key(KeyCode::Down)],
        Action::Edit(Edit::NextField),
        Group::Typing,
        "next field",
    )
    .hint("field")
    .prompt(1, "next field"),
    bind(
        &[Form],
        &[key(KeyCode::BackTab), key(KeyCode::Up)],
        Action::Edit(Edit::PrevField),
        Group::Typing,
        "previous field",
    ),
    bind(
        &[Form],
        &[alt(KeyCode::Enter)],
        Action::Edit(Edit::Newline),
        Group::Typing,
        "new line in a long text",
    )
    .also(&[ctrl('j')])
    .hint("new line")
    .prompt(1, "new line"),
    bind(
        &[Filter],
        &[key(KeyCode::Enter)],
        Action::Submit,
        Group::Typing,
        "keep the filter",
    )
    .hint("keep"),
    bind(
        &[Filter],
        &[key(KeyCode::Esc)],
        Action::ClearFilter,
        Group::Typing,
        "clear the filter",
    )
    .hint("clear"),
    bind(
        &[Form, Filter],
        &[key(KeyCode::Backspace)],
        Action::Edit(Edit::Backspace),
        Group::Typing,
        "delete the character before the cursor",
    ),
    bind(
        &[Form, Filter],
        &[key(KeyCode::Delete)],
        Action::Edit(Edit::Delete),
        Group::Typing,
        "delete the character under the cursor",
    ),
    bind(
        &[Form, Filter],
        &[key(KeyCode::Left)],
        Action::Edit(Edit::Left),
        Group::Typing,
        "cursor left, or the previous choice",
    ),
    bind(
        &[Form, Filter],
        &[key(KeyCode::Right)],
        Action::Edit(Edit::Right),
        Group::Typing,
        "cursor right, or the next choice",
    )
    .hint("choose"),
    bind(
        &[Form, Filter],
        &[key(KeyCode::Home)],
        Action::Edit(Edit::Home),
        Group::Typing,
        "start of the field",
    )
    .also(&[ctrl('a')]),
    bind(
        &[Form, Filter],
        &[key(KeyCode::End)],
        Action::Edit(Edit::End),
        Group::Typing,
        "end of the field",
    )
    .also(&[ctrl('e')]),
    bind(
        &[Form, Filter],
        &[ctrl('u')],
        Action::Edit(Edit::Clear),
        Group::Typing,
        "clear the field",
    ),
    bind(
        &[Confirm],
        &[ch('y'), key(KeyCode::Enter)],
        Action::Confirm(true),
        Group::Typing,
        "yes",
    )
    .hint("yes")
    .prompt(1, "yes"),
    bind(
        &[Confirm],
        &[ch('n'), key(KeyCode::Esc)],
        Action::Confirm(false),
        Group::Typing,
        "no, go back",
    )
    .hint("no")
    .prompt(2, "no"),
];
