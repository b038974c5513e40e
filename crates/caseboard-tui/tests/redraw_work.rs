//! What a frame redraws after an entry arrives, counted: an entry redraws
//! only the panes (and board rows) whose content it changes, and a frame
//! with nothing new redraws nothing. Counts, not times, so a cache that
//! stops working fails here on any machine.

use caseboard_core::rules::{apply, Command};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Outcome};
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{render, Screen, Theme, Work};
use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;

const DEMO_PACK: &str = include_str!("../../../assets/packs/demo.json");

fn meeting_time() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .and_then(|zone| zone.with_ymd_and_hms(2008, 3, 12, 10, 30, 0).single())
        .expect("a valid time")
}

/// The work one frame did.
fn frame(terminal: &mut Terminal<TestBackend>, app: &App, screen: &Screen) -> Work {
    let before = screen.work();
    terminal.draw(|f| render(f, app, screen)).expect("drawn");
    let after = screen.work();
    Work {
        panes: after.panes - before.panes,
        rows: after.rows - before.rows,
    }
}

fn arrive(app: &mut App, command: Command) {
    let (event, _) = apply(&app.board, command, "Elsewhere", meeting_time().to_utc())
        .expect("the rules allow it");
    update(app, Action::Arrived(vec![event]));
}

fn note(priority: Option<&str>) -> Command {
    Command::AddNote {
        priority: priority.map(str::to_string),
        text: "Figures to follow".into(),
    }
}

#[test]
fn an_entry_redraws_only_what_it_changes() {
    let pack = parse_pack(DEMO_PACK).expect("the demo pack is valid");
    let board = Board::new(Arc::new(pack));
    let mut app = App::new(
        board,
        "Test".into(),
        false,
        "session".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(200, 50));
    let screen = Screen::new(Theme::colour());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
    let first = frame(&mut terminal, &app, &screen);
    assert!(
        first.panes >= 2,
        "the first frame draws the panes: {first:?}"
    );
    let selected = app.selected_priority().expect("a selection").id.clone();
    let other = app.board.priorities()[1].id.clone();
    assert_ne!(selected, other);

    // Nothing new: nothing redrawn.
    assert_eq!(frame(&mut terminal, &app, &screen), Work::default());

    // A note on another priority: at most its row (rows are kept on
    // their priority's last entry), no pane.
    arrive(&mut app, note(Some(&other)));
    assert_eq!(
        frame(&mut terminal, &app, &screen),
        Work { panes: 0, rows: 1 }
    );

    // A decision on another priority changes its row, and only that.
    arrive(
        &mut app,
        Command::Decide {
            priority: other.clone(),
            outcome: Outcome::Defer,
            rationale: "Next quarter".into(),
            local: false,
            target: None,
        },
    );
    assert_eq!(
        frame(&mut terminal, &app, &screen),
        Work { panes: 0, rows: 1 }
    );

    // A note on the selected priority: its evidence, and its row (the
    // row's key moves with any entry about it).
    arrive(&mut app, note(Some(&selected)));
    let work = frame(&mut terminal, &app, &screen);
    assert!(work.panes <= 2 && work.panes >= 1, "{work:?}");
    assert!(work.rows <= 1, "{work:?}");

    // A note on the meeting as a whole: the evidence pane lists it.
    arrive(&mut app, note(None));
    assert_eq!(
        frame(&mut terminal, &app, &screen),
        Work { panes: 1, rows: 0 }
    );

    // Moving the selection back and forth redraws nothing it drew before.
    update(&mut app, Action::MoveDown);
    frame(&mut terminal, &app, &screen);
    update(&mut app, Action::MoveUp);
    assert_eq!(frame(&mut terminal, &app, &screen), Work::default());
}

#[test]
fn a_move_that_scrolls_the_board_redraws_only_the_row_that_comes_in() {
    let pack = parse_pack(DEMO_PACK).expect("the demo pack is valid");
    let board = Board::new(Arc::new(pack));
    let mut app = App::new(
        board,
        "Test".into(),
        false,
        "session".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(200, 50));
    let screen = Screen::new(Theme::colour());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
    frame(&mut terminal, &app, &screen);
    let total = app.visible().len();
    let mut scrolled = 0;
    for i in 0..2 * (total - 1) {
        let offset = app.offset;
        update(
            &mut app,
            if i < total - 1 {
                Action::MoveDown
            } else {
                Action::MoveUp
            },
        );
        let work = frame(&mut terminal, &app, &screen);
        if app.offset == offset {
            continue;
        }
        scrolled += 1;
        // The evidence and objections of a priority not shown before may
        // be drawn; the board, drawn whole, would be a third pane.
        assert!(
            work.rows == 1 && work.panes <= 2,
            "move {i} scrolled the board to row {}: {work:?}",
            app.offset
        );
    }
    assert!(scrolled >= 2, "the board scrolled {scrolled} times");
}
