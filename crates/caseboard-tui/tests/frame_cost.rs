//! Frames on a real session file, for counting instructions by hand:
//!
//! ```text
//! cargo test --release -p caseboard-tui --test frame_cost --no-run
//! CASEBOARD_FRAME_SESSION=/path/s20000.caseboard valgrind --tool=callgrind \
//!     target/release/deps/frame_cost-* --ignored --exact frames_on_a_session
//! callgrind_annotate --inclusive=yes callgrind.out.* | grep phase_
//! ```
//!
//! Each `phase_` function draws `ROUNDS` frames of one kind at 200×50: a
//! priority drawn for the first time, the frame after one arrived event
//! (about a priority off screen, then about the selected one), and a frame
//! whose panes are all kept.

use caseboard_core::rules::{apply, Command};
use caseboard_core::{Board, Event};
use caseboard_store::Store;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{render, Screen, Theme};
use chrono::{FixedOffset, TimeZone};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;

const ROUNDS: usize = 20;

type Term = Terminal<TestBackend>;

fn draw(terminal: &mut Term, app: &App, screen: &Screen) {
    terminal
        .draw(|f| render(f, app, screen))
        .expect("a test terminal draws");
}

fn note(board: &Board, priority: &str) -> Event {
    let command = Command::AddNote {
        priority: Some(priority.to_string()),
        text: "The partnership asked for the latest quarter's figures".into(),
    };
    apply(board, command, "Another screen", board_time())
        .expect("a note is always allowed")
        .0
}

fn board_time() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2008, 3, 12, 11, 0, 0)
        .single()
        .expect("a valid time")
}

#[inline(never)]
fn phase_first_draw(terminal: &mut Term, app: &mut App, screen: &Screen) {
    for _ in 0..ROUNDS {
        update(app, Action::MoveDown);
        draw(terminal, app, screen);
    }
}

#[inline(never)]
fn phase_event_elsewhere(terminal: &mut Term, app: &mut App, screen: &Screen) {
    let last = app.board.priorities().len() - 1;
    for _ in 0..ROUNDS {
        let id = app.board.priorities()[last].id.clone();
        let event = note(&app.board, &id);
        update(app, Action::Arrived(vec![event]));
        draw(terminal, app, screen);
    }
}

#[inline(never)]
fn phase_event_on_selected(terminal: &mut Term, app: &mut App, screen: &Screen) {
    for _ in 0..ROUNDS {
        let id = app.selected_priority().expect("a selection").id.clone();
        let event = note(&app.board, &id);
        update(app, Action::Arrived(vec![event]));
        draw(terminal, app, screen);
    }
}

#[inline(never)]
fn phase_cached(terminal: &mut Term, app: &mut App, screen: &Screen) {
    for _ in 0..ROUNDS {
        draw(terminal, app, screen);
    }
}

#[test]
#[ignore = "measures a session named by CASEBOARD_FRAME_SESSION"]
fn frames_on_a_session() {
    let Ok(path) = std::env::var("CASEBOARD_FRAME_SESSION") else {
        return;
    };
    let store = Store::open_for_review(path.as_ref()).expect("the session opens");
    let (_events, board) = store.load().expect("the session loads");
    let now = FixedOffset::east_opt(0)
        .and_then(|z| z.with_ymd_and_hms(2008, 3, 12, 11, 0, 0).single())
        .expect("a valid time");
    let mut app = App::new(board, "Note-taker".into(), false, path.clone(), now);
    update(&mut app, Action::Resize(200, 50));
    let screen = Screen::new(Theme::colour());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
    draw(&mut terminal, &app, &screen);
    phase_first_draw(&mut terminal, &mut app, &screen);
    phase_event_elsewhere(&mut terminal, &mut app, &screen);
    phase_event_on_selected(&mut terminal, &mut app, &screen);
    phase_cached(&mut terminal, &mut app, &screen);
    black_box(terminal.backend().buffer());
}
