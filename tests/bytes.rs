//! Bytes sent to the terminal at 200×50 on the large generated session
//! (SPEC §7): at most 2 KB when the selection moves one row, at most 16 KB
//! for a full repaint. Byte counts do not depend on speed, so this runs in
//! the debug build with the other tests; `benches/screen.rs` prints the same
//! figures beside a bare ratatui `Table`.

use caseboard_core::Board;
use caseboard_testkit::app::{meeting_time, paint};
use caseboard_testkit::sink::{self, Sink, Term};
use caseboard_testkit::synthetic;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{Screen, Theme};
use ratatui::backend::{Backend, ClearType};
use std::sync::OnceLock;

const W: u16 = 200;
const H: u16 = 50;
const MOVE_BAR: u64 = 2 * 1024;
const REPAINT_BAR: u64 = 16 * 1024;

/// A real crossterm backend on a fixed 200×50 viewport: no tty needed.
fn terminal(sink: &Sink) -> Term {
    sink::terminal(sink, W, H)
}

/// The large session's board (500 priorities, 2,000 indicators, 3,000
/// objections, 20,000 events), folded in memory once for all tests.
fn board() -> &'static Board {
    static BOARD: OnceLock<Board> = OnceLock::new();
    BOARD.get_or_init(|| synthetic::board(synthetic::LARGE, 2008))
}

fn app() -> App {
    let mut app = App::new(
        board().clone(),
        "Bench note-taker".into(),
        false,
        "sessions/large.caseboard".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(W, H));
    app
}

/// Both themes, with colours sent as a colour terminal gets them whatever
/// `NO_COLOR` says where the tests run.
fn themes() -> [(&'static str, Theme); 2] {
    crossterm::style::force_color_output(true);
    [
        ("colour", Theme::colour()),
        ("monochrome", Theme::monochrome()),
    ]
}

#[test]
fn a_full_repaint_sends_at_most_16_kb() {
    let mut over = Vec::new();
    for (name, theme) in themes() {
        let screen = Screen::new(theme);
        let app = app();
        let sink = Sink::default();
        let mut term = terminal(&sink);
        // What Terminal::clear() does on the runtime's full-screen viewport
        // (clear() itself asks a tty for its cursor): the clear-screen
        // command, then a draw against a blank back buffer.
        term.backend_mut()
            .clear_region(ClearType::All)
            .expect("clear");
        term.draw(|f| paint(f, &app, &screen)).expect("draw");
        let bytes = sink.take();
        println!("{name}: full repaint {bytes} B");
        if bytes > REPAINT_BAR {
            over.push(format!(
                "{name} theme: a full repaint at 200×50 sent {bytes} B; the bar is {REPAINT_BAR} B"
            ));
        }
    }
    assert!(over.is_empty(), "{}", over.join("\n"));
}

#[test]
fn moving_the_selection_one_row_sends_at_most_2_kb() {
    let mut over = Vec::new();
    for (name, theme) in themes() {
        let screen = Screen::new(theme);
        let mut app = app();
        let sink = Sink::default();
        let mut term = terminal(&sink);
        term.draw(|f| paint(f, &app, &screen)).expect("draw");
        sink.take();
        let page = caseboard_tui::layout::board_rows_visible((W, H));
        let (mut within, mut scrolling) = (Vec::new(), Vec::new());
        // Down a page and a half (the board scrolls at the bottom), then back.
        for i in 0..page * 3 {
            let (offset, from) = (app.offset, app.selected);
            let action = if i < page * 3 / 2 {
                Action::MoveDown
            } else {
                Action::MoveUp
            };
            update(&mut app, action);
            term.draw(|f| paint(f, &app, &screen)).expect("draw");
            let bytes = sink.take();
            if app.offset == offset {
                within.push((from, app.selected, bytes));
            } else {
                scrolling.push(bytes);
            }
        }
        let worst = within
            .iter()
            .max_by_key(|m| m.2)
            .copied()
            .unwrap_or_default();
        println!(
            "{name}: {} moves within the page, worst {} B (row {} → {}); {} moves that scroll the board, worst {} B",
            within.len(),
            worst.2,
            worst.0,
            worst.1,
            scrolling.len(),
            scrolling.iter().max().unwrap_or(&0)
        );
        if worst.2 > MOVE_BAR {
            over.push(format!(
                "{name} theme: moving the selection from row {} to {} at 200×50 sent {} B; the bar is {MOVE_BAR} B",
                worst.0, worst.1, worst.2
            ));
        }
    }
    assert!(over.is_empty(), "{}", over.join("\n"));
}
