//! What a `Screen` keeps between frames only saves time: after any
//! sequence of actions, a frame drawn with everything kept equals one drawn
//! from a fresh `Screen`.

use caseboard_core::meeting::{Answer, Position, Presence, Question};
use caseboard_core::pack::{ObjectionKind, Tier};
use caseboard_core::rules::{apply, check, Command};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Event, Outcome};
use caseboard_tui::app::{update, Action, App, Edit, Effect, FormRequest, WriteResult};
use caseboard_tui::ui::{render, Screen, Theme};
use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::sync::Arc;

const DEMO_PACK: &str = include_str!("../../../assets/packs/demo.json");

fn meeting_time() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .and_then(|zone| zone.with_ymd_and_hms(2008, 3, 12, 10, 30, 0).single())
        .expect("a valid time")
}

/// Records `commands` as the store would (all or nothing), and tells the
/// app how it went.
fn carry_out(app: &mut App, commands: Vec<Command>) {
    let mut board = app.board.clone();
    let mut events = Vec::new();
    for command in commands {
        match check(&board, command) {
            Ok(checked) => {
                let event = Event {
                    seq: board.last_seq() + 1,
                    at: app.now.to_utc(),
                    actor: "Test".into(),
                    body: checked.body,
                };
                board.apply(&event);
                events.push(event);
            }
            Err(refusal) => {
                update(app, Action::Written(WriteResult::Refused(refusal)));
                return;
            }
        }
    }
    update(
        app,
        Action::Written(WriteResult::Recorded {
            caught_up: Vec::new(),
            events,
            warnings: Vec::new(),
        }),
    );
}

fn act(app: &mut App, action: Action) {
    for effect in update(app, action) {
        if let Effect::Record(commands) = effect {
            carry_out(app, commands);
        }
    }
}

/// A few decisions, so a review has a timeline to step through.
fn decided_board() -> (Board, Vec<Event>) {
    let pack = parse_pack(DEMO_PACK).expect("the demo pack is valid");
    let mut board = Board::new(Arc::new(pack));
    let mut events = Vec::new();
    for (id, outcome) in [
        ("P02", Outcome::Accept),
        ("P03", Outcome::Defer),
        ("P05", Outcome::Reject),
    ] {
        let command = Command::Decide {
            priority: id.into(),
            outcome,
            rationale: "Agreed by the partnership".into(),
            local: false,
            target: None,
        };
        let checked = check(&board, command).expect("allowed");
        let event = Event {
            seq: board.last_seq() + 1,
            at: meeting_time().to_utc(),
            actor: "Test".into(),
            body: checked.body,
        };
        board.apply(&event);
        events.push(event);
    }
    (board, events)
}

fn actions() -> impl Strategy<Value = Action> {
    let request = prop_oneof![
        Just(FormRequest::Decide(Outcome::Accept)),
        Just(FormRequest::Decide(Outcome::Defer)),
        Just(FormRequest::RaiseObjection),
        Just(FormRequest::ResolveObjection),
        Just(FormRequest::Note),
        Just(FormRequest::QueueSpeaker),
    ];
    prop_oneof![
        4 => Just(Action::MoveDown),
        2 => Just(Action::MoveUp),
        1 => Just(Action::PageDown),
        1 => Just(Action::PageUp),
        1 => Just(Action::Top),
        1 => Just(Action::Bottom),
        2 => Just(Action::FocusNext),
        1 => Just(Action::FocusPrev),
        1 => Just(Action::TakeUp),
        1 => Just(Action::ToggleTimer),
        1 => Just(Action::NextSpeaker),
        1 => Just(Action::TogglePresentation),
        1 => Just(Action::StepEvent(-1)),
        1 => Just(Action::StepEvent(1)),
        1 => Just(Action::JumpToDecision),
        1 => Just(Action::StartFilter),
        1 => Just(Action::ClearFilter),
        1 => request.prop_map(Action::Open),
        2 => prop::sample::select(vec!['a', 'P', '0', '2', ' ', 'x'])
            .prop_map(|c| Action::Edit(Edit::Insert(c))),
        1 => Just(Action::Edit(Edit::Backspace)),
        1 => Just(Action::Edit(Edit::NextField)),
        2 => Just(Action::Submit),
        1 => Just(Action::Cancel),
        1 => Just(Action::Confirm(true)),
        1 => Just(Action::ToggleHelp),
        1 => prop::sample::select(vec![(80u16, 24u16), (100, 30), (120, 35), (60, 16)])
            .prop_map(|(w, h)| Action::Resize(w, h)),
        1 => (1i64..90).prop_map(|s| Action::Tick(meeting_time() + Duration::seconds(s * 7))),
        1 => (0u16..120, 0u16..35).prop_map(|(column, row)| Action::Click { column, row }),
    ]
}

/// An entry another screen records, about the priority, attendee or
/// objection at these places (taken modulo how many there are).
#[derive(Debug, Clone)]
enum Entry {
    Decide(usize, Outcome, bool),
    Raise(usize, ObjectionKind),
    Resolve(usize),
    Withdraw(usize),
    TakeUp(usize),
    ToggleTimer(usize),
    Checklist(usize, usize, usize),
    Position(usize, usize, usize),
    Note(Option<usize>),
    ActionItem(Option<usize>),
    Attendance(usize, bool),
    Queue(usize, usize),
    CallNext(usize),
    Close,
    Reopen,
}

fn entries() -> impl Strategy<Value = Entry> {
    let outcome = prop::sample::select(vec![Outcome::Accept, Outcome::Reject, Outcome::Defer]);
    let kind = prop::sample::select(vec![ObjectionKind::Evidence, ObjectionKind::Other]);
    let n = || 0usize..64;
    prop_oneof![
        3 => (n(), outcome, any::<bool>()).prop_map(|(p, o, l)| Entry::Decide(p, o, l)),
        2 => (n(), kind).prop_map(|(p, k)| Entry::Raise(p, k)),
        2 => n().prop_map(Entry::Resolve),
        1 => n().prop_map(Entry::Withdraw),
        2 => n().prop_map(Entry::TakeUp),
        2 => n().prop_map(Entry::ToggleTimer),
        1 => (n(), 0usize..6, 0usize..3).prop_map(|(p, q, a)| Entry::Checklist(p, q, a)),
        1 => (n(), 0usize..3, 0usize..3).prop_map(|(p, t, a)| Entry::Position(p, t, a)),
        2 => prop::option::of(n()).prop_map(Entry::Note),
        1 => prop::option::of(n()).prop_map(Entry::ActionItem),
        1 => (n(), any::<bool>()).prop_map(|(a, here)| Entry::Attendance(a, here)),
        1 => (n(), n()).prop_map(|(p, a)| Entry::Queue(p, a)),
        1 => n().prop_map(Entry::CallNext),
        1 => Just(Entry::Close),
        1 => Just(Entry::Reopen),
    ]
}

/// The command `entry` stands for on `board`.
fn command(board: &Board, entry: Entry) -> Command {
    let priorities = board.priorities();
    let priority = |i: usize| priorities[i % priorities.len()].id.clone();
    let attendees = &board.pack().attendees;
    let attendee = |i: usize| attendees[i % attendees.len()].id.clone();
    let objections = board.objections();
    let objection = |i: usize| {
        objections
            .get(i % objections.len().max(1))
            .map(|o| o.id.clone())
            .unwrap_or_default()
    };
    match entry {
        Entry::Decide(p, outcome, local) => Command::Decide {
            priority: priority(p),
            outcome,
            rationale: "Agreed after discussion".into(),
            local,
            target: None,
        },
        Entry::Raise(p, kind) => Command::RaiseObjection {
            priority: priority(p),
            text: "The baseline predates the boundary change".into(),
            kind,
            raised_by: Some(attendee(p)),
            alternative: None,
            alternative_title: None,
        },
        Entry::Resolve(o) => Command::ResolveObjection {
            objection: objection(o),
            note: "Answered by the lead".into(),
        },
        Entry::Withdraw(o) => Command::WithdrawObjection {
            objection: objection(o),
            note: String::new(),
        },
        Entry::TakeUp(p) => Command::TakeUp {
            priority: priority(p),
        },
        Entry::ToggleTimer(p) => Command::ToggleTimer {
            priority: priority(p),
        },
        Entry::Checklist(p, q, a) => Command::AnswerChecklist {
            priority: priority(p),
            question: Question::ALL[q],
            answer: Answer::ALL[a],
        },
        Entry::Position(p, t, a) => Command::RecordPosition {
            priority: priority(p),
            tier: [Tier::Local, Tier::Regional, Tier::Central][t],
            position: Position::ALL[a],
        },
        Entry::Note(p) => Command::AddNote {
            priority: p.map(priority),
            text: "Figures to follow from the district".into(),
        },
        Entry::ActionItem(p) => Command::AddAction {
            priority: p.map(priority),
            text: "Circulate the revised baseline".into(),
            owner: Some(attendee(p.unwrap_or(0))),
            due: None,
        },
        Entry::Attendance(a, here) => Command::RecordAttendance {
            attendee: attendee(a),
            presence: if here {
                Presence::Present
            } else {
                Presence::Apologies
            },
        },
        Entry::Queue(p, a) => Command::QueueSpeaker {
            priority: priority(p),
            attendee: attendee(a),
        },
        Entry::CallNext(p) => Command::CallNextSpeaker {
            priority: priority(p),
        },
        Entry::Close => Command::Close {
            force: true,
            reason: "Out of time".into(),
        },
        Entry::Reopen => Command::Reopen {
            reason: "A late item".into(),
        },
    }
}

/// Another screen's entry arriving, when the rules allow it.
fn arrive(app: &mut App, entry: Entry, seconds: i64) {
    let at = (meeting_time() + Duration::seconds(seconds)).to_utc();
    if let Ok((event, _)) = apply(&app.board, command(&app.board, entry), "Elsewhere", at) {
        update(app, Action::Arrived(vec![event]));
    }
}

/// A step between frames: this screen's own action, or another's entry.
#[derive(Debug, Clone)]
enum Step {
    Act(Action),
    Arrive(Entry, i64),
}

fn steps() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => actions().prop_map(Step::Act),
        1 => (entries(), 0i64..600).prop_map(|(e, s)| Step::Arrive(e, s)),
    ]
}

fn drawn(app: &App, screen: &Screen) -> Buffer {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| render(f, app, screen))
        .expect("drawn")
        .buffer
        .clone()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_warm_cache_draws_what_a_cold_one_does(
        review in any::<bool>(),
        monochrome in any::<bool>(),
        steps in prop::collection::vec(actions(), 1..40),
    ) {
        let theme = if monochrome { Theme::monochrome() } else { Theme::colour() };
        let (board, events) = decided_board();
        let mut app = if review {
            App::for_review(board, events, "review".into(), meeting_time())
        } else {
            App::new(board, "Test".into(), false, "session".into(), meeting_time())
        };
        update(&mut app, Action::Resize(100, 30));
        let warm = Screen::new(theme);
        drawn(&app, &warm);
        for (i, action) in steps.into_iter().enumerate() {
            act(&mut app, action.clone());
            let kept = drawn(&app, &warm);
            let fresh = drawn(&app, &Screen::new(theme));
            prop_assert_eq!(kept, fresh, "after step {} ({:?})", i, action);
        }
    }

    /// As above, with entries of every kind arriving from another screen
    /// between frames: a kept pane is redrawn whenever what it shows changed.
    #[test]
    fn a_warm_cache_follows_arriving_entries(
        monochrome in any::<bool>(),
        steps in prop::collection::vec(steps(), 1..60),
    ) {
        let theme = if monochrome { Theme::monochrome() } else { Theme::colour() };
        let (board, _) = decided_board();
        let mut app = App::new(board, "Test".into(), false, "session".into(), meeting_time());
        // Tall enough that the evidence pane's end, the meeting's own
        // entries, is on screen.
        update(&mut app, Action::Resize(200, 80));
        let warm = Screen::new(theme);
        drawn(&app, &warm);
        for (i, step) in steps.into_iter().enumerate() {
            match step.clone() {
                Step::Act(action) => act(&mut app, action),
                Step::Arrive(entry, seconds) => arrive(&mut app, entry, seconds),
            }
            let kept = drawn(&app, &warm);
            let fresh = drawn(&app, &Screen::new(theme));
            prop_assert_eq!(kept, fresh, "after step {} ({:?})", i, step);
        }
    }
}
