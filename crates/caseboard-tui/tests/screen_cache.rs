//! What a `Screen` keeps between frames only saves time: after any
//! sequence of actions, a frame drawn with everything kept equals one drawn
//! from a fresh `Screen`.

use caseboard_core::rules::{check, Command};
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
}
