//! A review replays the board from the boards it kept during its first
//! fold: whatever the steps, jumps and filters, the board on screen is the
//! fold of the log up to the event at the cursor, and no step folds more
//! than the events between two kept boards.

use caseboard_core::{Board, Event, Pack};
use caseboard_testkit::app::meeting_time;
use caseboard_testkit::synthetic::{parsed_pack, play, Script, Size};
use caseboard_tui::app::review::Review;
use caseboard_tui::app::{update, Action, App, Edit};
use chrono::DateTime;
use proptest::prelude::*;
use std::sync::Arc;

/// A generated log of `events` events on a pack of `priorities`, every
/// kind of entry a meeting records.
fn meeting_log(priorities: usize, events: usize, seed: u64) -> (Arc<Pack>, Vec<Event>) {
    let (_, pack) = parsed_pack(Size {
        priorities,
        indicators: priorities * 2,
        objections: priorities,
        events,
    });
    let pack = Arc::new(pack);
    let mut board = Board::new(pack.clone());
    let mut script = Script::meeting(seed);
    let start = DateTime::from_timestamp(1_205_314_200, 0).unwrap_or_default();
    let mut log = Vec::with_capacity(events);
    for i in 0..events {
        let at = start + chrono::Duration::seconds(i as i64 * 7);
        let (_, event) = script.event(&board, "Note-taker", at);
        board.apply(&event);
        log.push(event);
    }
    (pack, log)
}

/// A review of `events` keeping a board every `every` events, at the last
/// event, with the timeline in focus.
fn review_app(pack: &Arc<Pack>, events: &[Event], every: Option<usize>) -> App {
    let board = Board::fold(pack.clone(), events);
    let mut app = App::for_review(board, events.to_vec(), "review".into(), meeting_time());
    if let Some(every) = every {
        app.review = Some(Review::keeping_every(pack.clone(), events.to_vec(), every));
    }
    update(&mut app, Action::Resize(100, 30));
    app
}

/// The board a fold from the first event gives, up to the event the
/// review is at.
fn folded_to_cursor(app: &App, pack: &Arc<Pack>, events: &[Event]) -> Board {
    let upto = app
        .review
        .as_ref()
        .and_then(|r| r.at())
        .map_or(0, |e| e.seq);
    Board::fold(pack.clone(), events.iter().take_while(|e| e.seq <= upto))
}

fn folded(app: &App) -> u64 {
    app.review.as_ref().map_or(0, |r| r.folded())
}

fn every(app: &App) -> u64 {
    app.review.as_ref().map_or(0, |r| r.every() as u64)
}

fn actions() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (-40isize..40).prop_map(Action::StepEvent),
        2 => Just(Action::MoveUp),
        2 => Just(Action::MoveDown),
        1 => Just(Action::PageUp),
        1 => Just(Action::PageDown),
        1 => Just(Action::Top),
        1 => Just(Action::Bottom),
        1 => Just(Action::JumpToDecision),
        1 => Just(Action::FocusNext),
        1 => Just(Action::StartFilter),
        2 => prop::sample::select(vec!['d', 'e', 'c', 'o', 'P', '1', ':', 'k', ' '])
            .prop_map(|c| Action::Edit(Edit::Insert(c))),
        1 => Just(Action::Edit(Edit::Backspace)),
        1 => Just(Action::ClearFilter),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_replay_is_the_fold_of_the_log_up_to_the_cursor(
        seed in any::<u64>(),
        priorities in 2usize..12,
        len in 0usize..300,
        every in 1usize..40,
        steps in prop::collection::vec(actions(), 1..60),
    ) {
        let (pack, events) = meeting_log(priorities, len, seed);
        let mut app = review_app(&pack, &events, Some(every));
        for (i, action) in steps.into_iter().enumerate() {
            let before = folded(&app);
            update(&mut app, action.clone());
            let cost = folded(&app) - before;
            prop_assert!(
                cost <= every as u64,
                "step {} ({:?}) folded {} events, more than {}", i, action, cost, every
            );
            let expected = folded_to_cursor(&app, &pack, &events);
            prop_assert!(
                app.board == expected,
                "step {} ({:?}): the board differs from the fold up to #{}",
                i, action, expected.last_seq()
            );
            prop_assert_eq!(app.board.last_seq(), expected.last_seq());
        }
    }
}

/// The guard on what a step costs: on a 20,000-event log a step back from
/// the last event, and a jump anywhere, fold at most the events between
/// two kept boards (a quarter of the log at most), not the log from its
/// first event; a step forward folds one.
#[test]
fn a_review_step_folds_a_bounded_number_of_events() {
    let (_, pack) = parsed_pack(Size {
        priorities: 60,
        indicators: 120,
        objections: 60,
        events: 20_000,
    });
    let pack = Arc::new(pack);
    let mut board = Board::new(pack.clone());
    let events = play(&mut board, 20_000, 9);
    let mut app = review_app(&pack, &events, None);
    let every = every(&app);
    assert!(
        every <= 20_000 / 50,
        "a board kept every {every} events: a step would fold more than a fiftieth of the log"
    );

    let step = |app: &mut App, action: Action| {
        let before = folded(app);
        update(app, action.clone());
        let cost = folded(app) - before;
        assert_eq!(
            app.board,
            folded_to_cursor(app, &pack, &events),
            "{action:?} replays to the wrong board"
        );
        cost
    };

    let back = step(&mut app, Action::StepEvent(-1));
    assert_eq!(app.board.last_seq(), 19_999, "one step back");
    assert!(
        back <= every,
        "one step back folded {back} events (at most {every})"
    );
    let forward = step(&mut app, Action::StepEvent(1));
    assert_eq!(forward, 1, "one step forward applies one event");
    for by in [-12_345, -7_000, 3_001, -1, 1, 15_000, -20_000] {
        let cost = step(&mut app, Action::StepEvent(by));
        assert!(
            cost <= every,
            "a jump by {by} folded {cost} events (at most {every})"
        );
    }
}
