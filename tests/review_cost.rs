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
