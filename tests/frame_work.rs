//! What a frame costs, counted as work done rather than timed (SPEC §7:
//! any frame at 200×50 within 1 ms): the lean backend's search for rows
//! that moved compares rows of cell prints, a bounded number per frame,
//! only on frames whose rows may have moved, and checks its choice cell
//! by cell once. (That a scrolled board redraws only the rows that come
//! into view is counted in `crates/caseboard-tui/tests/redraw_work.rs`.)

use caseboard_core::Board;
use caseboard_testkit::app::{meeting_time, paint};
use caseboard_testkit::sink::{self, Sink};
use caseboard_testkit::synthetic;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::runtime::lean::Search;
use caseboard_tui::ui::{Screen, Theme};

fn app_on(board: Board, (width, height): (u16, u16)) -> App {
    let mut app = App::new(
        board,
        "Note-taker".into(),
        false,
        "sessions/large.caseboard".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(width, height));
    app
}

/// Walks the selection down the whole board and back up, one row a move,
/// at `size`: the search's work on each frame, and whether the board
/// scrolled on it.
fn walk(board: &Board, size: (u16, u16)) -> Vec<(Search, bool)> {
    let screen = Screen::new(Theme::colour());
    let mut app = app_on(board.clone(), size);
    let sink = Sink::default();
    let mut term = sink::terminal(&sink, size.0, size.1);
    sink::frame(&mut term, |f| paint(f, &app, &screen));
    let total = app.visible().len();
    let mut frames = Vec::new();
    for i in 0..2 * (total - 1) {
        let before = term.backend().search();
        let offset = app.offset;
        update(
            &mut app,
            if i < total - 1 {
                Action::MoveDown
            } else {
                Action::MoveUp
            },
        );
        sink::frame(&mut term, |f| paint(f, &app, &screen));
        let after = term.backend().search();
        frames.push((
            Search {
                frames: after.frames - before.frames,
                rows_compared: after.rows_compared - before.rows_compared,
                rows_glanced: after.rows_glanced - before.rows_glanced,
                confirmed: after.confirmed - before.confirmed,
            },
            app.offset != offset,
        ));
    }
    frames
}

#[test]
fn the_search_for_moved_rows_compares_a_few_rows_per_row_on_screen() {
    let board = synthetic::board(synthetic::LARGE, 2008);
    for size in [(200, 50), (100, 40)] {
        let frames = walk(&board, size);
        let height = size.1 as usize;
        // Each row against itself and against the rows up to three above
        // and below (the shifts looked for), and the rows a scroll would
        // bring in against a blank row: a pass over the screen's prints
        // per shift, never a comparison of cells.
        let bound = 7 * height + 12;
        let scrolling = frames.iter().filter(|(_, scrolled)| *scrolled).count();
        let searched = frames.iter().filter(|(s, _)| s.frames == 1).count();
        let still = frames.len() - scrolling;
        let searched_still = frames
            .iter()
            .filter(|(s, scrolled)| s.frames == 1 && !scrolled)
            .count();
        // A move within the page moves no rows: it is not searched.
        assert!(
            searched_still * 10 <= still,
            "{size:?}: {searched_still} of {still} moves within the page searched for moved rows"
        );
        assert!(
            scrolling > 100,
            "{size:?}: the walk scrolled the board {scrolling} times"
        );
        assert!(
            searched >= scrolling,
            "{size:?}: {searched} frames searched for moved rows, {scrolling} scrolled"
        );
        for (at, (search, _)) in frames.iter().enumerate() {
            assert!(
                search.frames <= 1 && search.confirmed <= search.frames,
                "{size:?}, move {at}: {search:?}"
            );
            assert!(
                search.rows_compared <= bound,
                "{size:?}, move {at}: {} rows compared (at most {bound})",
                search.rows_compared
            );
            // Before searching, the first third of each changed row
            // against the rows up to three above and below.
            assert!(
                search.rows_glanced <= 6 * height,
                "{size:?}, move {at}: {} rows glanced at (at most {})",
                search.rows_glanced,
                6 * height
            );
        }
    }
}
