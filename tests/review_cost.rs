//! What a review step costs, measured on the generated sessions in
//! /work/perf (run by hand in release):
//! `cargo test --release --test review_cost -- --ignored --nocapture`.

use caseboard_core::Board;
use caseboard_store::Store;
use std::path::Path;
use std::time::Instant;

fn resident_kb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4
}

fn least(xs: &[f64]) -> f64 {
    xs.iter().copied().fold(f64::INFINITY, f64::min)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn measure(path: &str) {
    let path = Path::new(path);
    if !path.exists() {
        eprintln!("{} is missing", path.display());
        return;
    }
    let t = Instant::now();
    let (events, board) = Store::open_for_review(path).unwrap().load().unwrap();
    println!(
        "{}: {} events, {} priorities, {} objections; load {:.1} ms",
        path.display(),
        events.len(),
        board.priorities().len(),
        board.objections().len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let pack = board.pack().clone();
    let folds: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(Board::fold(pack.clone(), &events));
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let fold = least(&folds);
    println!(
        "  fold of the whole log: {:.1} ms ({:.2} µs an event)",
        fold,
        fold * 1e3 / events.len() as f64
    );
    for (name, at) in [
        ("empty", 0),
        ("half", events.len() / 2),
        ("last", events.len()),
    ] {
        let b = Board::fold(pack.clone(), &events[..at]);
        let (mut clones, mut drops) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            let t = Instant::now();
            let c = std::hint::black_box(b.clone());
            clones.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            drop(c);
            drops.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let before = resident_kb();
        let kept: Vec<Board> = (0..20).map(|_| b.clone()).collect();
        let after = resident_kb();
        println!(
            "  board at {name} ({at}): clone min {:.3} median {:.3} ms, drop min {:.3} ms, ~{} KB each",
            least(&clones),
            median(clones.clone()),
            least(&drops),
            after.saturating_sub(before) / 20
        );
        drop(kept);
    }
}

#[test]
#[ignore = "measures by hand, in release"]
fn board_clone_and_fold_costs() {
    measure("/work/perf/s20000.caseboard");
    measure("/work/perf/s200000.caseboard");
}

#[inline(never)]
fn clone_once(b: &Board) -> Board {
    b.clone()
}

#[inline(never)]
fn drop_once(b: Board) {
    drop(b)
}

#[inline(never)]
fn fold_some(b: &mut Board, events: &[caseboard_core::Event]) {
    for e in events {
        b.apply(e);
    }
}

/// For instruction counts: `valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect='*clone_once*' ...` (and `drop_once`, `fold_some`).
#[test]
#[ignore = "measures by hand, under callgrind"]
fn one_clone_one_drop_one_fold() {
    let path = std::env::var("SESSION").unwrap_or("/work/perf/s20000.caseboard".into());
    let (events, board) = Store::open_for_review(Path::new(&path))
        .unwrap()
        .load()
        .unwrap();
    let c = clone_once(&board);
    drop_once(c);
    let start = events.len().saturating_sub(1000);
    let mut b = Board::fold(board.pack().clone(), &events[..start]);
    fold_some(&mut b, &events[start..]);
    std::hint::black_box(b);
}

/// One step back as the review did it before it kept boards: the log
/// folded again from its first event, the board it replaces freed.
#[inline(never)]
fn old_step_back(board: &mut Board, events: &[caseboard_core::Event]) {
    *board = Board::fold(board.pack().clone(), &events[..events.len() - 1]);
}

/// One step back as the review does it now, through the app.
#[inline(never)]
fn new_step(app: &mut caseboard_tui::app::App, by: isize) {
    caseboard_tui::app::update(app, caseboard_tui::app::Action::StepEvent(by));
}

fn review_of(path: &Path) -> (Vec<caseboard_core::Event>, caseboard_tui::app::App, f64) {
    let (events, board) = Store::open_for_review(path).unwrap().load().unwrap();
    let t = Instant::now();
    let mut app = caseboard_tui::app::App::for_review(
        board,
        events.clone(),
        "review".into(),
        caseboard_testkit::app::meeting_time(),
    );
    let opened = t.elapsed().as_secs_f64() * 1e3;
    caseboard_tui::app::update(&mut app, caseboard_tui::app::Action::Resize(200, 50));
    (events, app, opened)
}

fn steps(path: &str) {
    let path = Path::new(path);
    if !path.exists() {
        return;
    }
    let (events, mut app, opened) = review_of(path);
    let every = app.review.as_ref().map_or(0, |r| r.every());
    println!(
        "{}: {} events, a board kept every {every}; the first fold keeping them {opened:.1} ms",
        path.display(),
        events.len()
    );
    let mut old = Vec::new();
    for _ in 0..5 {
        let mut board = app.board.clone();
        let t = Instant::now();
        old_step_back(&mut board, &events);
        old.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let pause = std::time::Duration::from_millis(if events.len() > 100_000 { 1500 } else { 300 });
    let (mut back, mut held, mut forward, mut jump) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..7 {
        // A single step back, a moment after the last move.
        std::thread::sleep(pause);
        let t = Instant::now();
        new_step(&mut app, -1);
        back.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        new_step(&mut app, 1);
        forward.push(t.elapsed().as_secs_f64() * 1e3);
        // Steps back with the key held: no pause between them.
        for _ in 0..3 {
            let t = Instant::now();
            new_step(&mut app, -1);
            held.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let by = [-(events.len() as isize / 2), events.len() as isize / 3][i % 2];
        std::thread::sleep(pause);
        let t = Instant::now();
        new_step(&mut app, by);
        jump.push(t.elapsed().as_secs_f64() * 1e3);
        new_step(&mut app, events.len() as isize);
    }
    println!(
        "  step back before: min {:.1} median {:.1} ms; now: a single step back min {:.2} median {:.2} max {:.2} ms, held min {:.2} median {:.2} ms, forward median {:.3} ms, jump min {:.2} median {:.2} ms",
        least(&old),
        median(old.clone()),
        least(&back),
        median(back.clone()),
        back.iter().copied().fold(0.0, f64::max),
        least(&held),
        median(held.clone()),
        median(forward),
        least(&jump),
        median(jump.clone())
    );
}

#[test]
#[ignore = "measures by hand, in release"]
fn review_steps_before_and_now() {
    steps("/work/perf/s20000.caseboard");
    steps("/work/perf/s200000.caseboard");
}

/// For instruction counts of one step back, before and now:
/// `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*old_step_back*'`
/// (or `*new_step*`).
#[test]
#[ignore = "measures by hand, under callgrind"]
fn one_step_back_before_and_now() {
    let path = std::env::var("SESSION").unwrap_or("/work/perf/s20000.caseboard".into());
    let (events, board) = Store::open_for_review(Path::new(&path))
        .unwrap()
        .load()
        .unwrap();
    let mut before = board.clone();
    old_step_back(&mut before, &events);
    let mut app = caseboard_tui::app::App::for_review(
        board,
        events,
        "review".into(),
        caseboard_testkit::app::meeting_time(),
    );
    // With no pause the board a step back wants is not prepared yet; with
    // one (seconds under valgrind) it is.
    let pause: u64 = std::env::var("PAUSE_MS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    std::thread::sleep(std::time::Duration::from_millis(pause));
    new_step(&mut app, -1);
    std::hint::black_box((before, app));
}
