//! The live screen's figures not in `felt.rs`, each beside a baseline
//! measured in the same run (SPEC §7), on the large generated session (500
//! priorities, 2,000 indicators, 3,000 objections, 20,000 events; cached
//! under `target/bench-sessions/` as `felt.rs` caches it):
//!
//! 1. another process's commit on a live-following screen (polling every
//!    `runtime::FOLLOW_INTERVAL`) against a follower polling in a tight loop;
//! 2. resident memory with the session open, in a fresh child process,
//!    against the same process before opening and against bare rusqlite
//!    holding every row.
//!
//! Opening, frames, bytes and review are measured the way a user meets
//! them in `felt.rs`. Run with `cargo bench --bench screen`. Machines are
//! noisy: quote medians and ratios.

use caseboard_core::{Board, Command, Outcome};
use caseboard_store::{Mode, Store};
use caseboard_testkit::app::meeting_time;
use caseboard_testkit::bench::{cached_session, ms, percentile, size, verdict};
use caseboard_testkit::sink::{self, Sink, Term};
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{render, Screen, Theme};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier, OnceLock};
use std::time::{Duration, Instant};

const W: u16 = 200;
const H: u16 = 50;
/// Set in a child process of this bench to measure resident memory afresh.
const RSS_ENV: &str = "CASEBOARD_SCREEN_BENCH_RSS";

// ---------------------------------------------------------------- fixtures

/// The large session, made once per run.
static SESSION: OnceLock<PathBuf> = OnceLock::new();

fn session() -> &'static Path {
    SESSION.get().expect("session made in main")
}

/// A 200×50 terminal writing into `sink`; no tty needed.
fn terminal(sink: &Sink) -> Term {
    sink::terminal(sink, W, H)
}

fn app_for(board: Board, read_only: bool) -> App {
    let mut app = App::new(
        board,
        "Bench note-taker".into(),
        read_only,
        session().display().to_string(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(W, H));
    app
}

fn draw(terminal: &mut Term, app: &App, screen: &Screen) {
    terminal.draw(|f| render(f, app, screen)).expect("draw");
}

/// Every figure, gathered for the report at the end.
#[derive(Default)]
struct Figures {
    events: u64,
    follow: Vec<f64>,
    tight: Vec<f64>,
    fresh: Option<Fresh>,
}

fn load_board() -> Board {
    let store = Store::open(session(), Mode::ReadOnly).expect("open");
    store.load().expect("load").1
}

/// What `caseboard open` does before the first frame is on screen.
fn open_to_first_frame(path: &Path) -> (Store, App, Screen, Term) {
    let store = Store::open_checking_in_background(path, Mode::ReadWrite).expect("open");
    let (_, board) = store.load().expect("load");
    let app = app_for(board, false);
    let screen = Screen::new(Theme::colour());
    let mut term = terminal(&Sink::default());
    draw(&mut term, &app, &screen);
    (store, app, screen, term)
}

/// The baseline: every event row, every column, read with bare rusqlite.
fn select_all(path: &Path) -> Vec<Vec<rusqlite::types::Value>> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn.prepare("SELECT * FROM events").expect("prepare");
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    rows
}

// ------------------------------------------------------ 4. live follow

/// A writer commits `commits` decisions; a follower (its own store, in
/// another thread, as the runtime loop) polls every `interval` (or in a
/// tight loop when `None`), folds what arrived and draws a frame.
/// Milliseconds from the writer's commit returning to the follower's frame
/// being drawn (0 when the frame came first).
fn follow_latency(path: &Path, interval: Option<Duration>, commits: usize) -> Vec<f64> {
    let mut writer = Store::open(path, Mode::ReadWrite).expect("writer");
    let (_, mut board) = writer.load().expect("load");
    let stop = Arc::new(AtomicBool::new(false));
    let ready = Arc::new(Barrier::new(2));
    let (tx, rx) = mpsc::channel::<(u64, Instant)>();
    let follower = {
        let path = path.to_path_buf();
        let (stop, ready) = (stop.clone(), ready.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&path, Mode::Follow).expect("follower");
            let (_, board) = store.load().expect("load");
            let app_board = board;
            let mut app = App::new(
                app_board,
                "Bench viewer".into(),
                true,
                path.display().to_string(),
                meeting_time(),
            );
            update(&mut app, Action::Resize(W, H));
            let screen = Screen::new(Theme::colour());
            let mut term = terminal(&Sink::default());
            draw(&mut term, &app, &screen);
            ready.wait();
            let start = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                if let Some(every) = interval {
                    // tokio's interval with MissedTickBehavior::Skip: the
                    // next tick on the grid, never a burst of missed ones.
                    let since = start.elapsed().as_nanos();
                    let step = every.as_nanos().max(1);
                    let next = (since / step + 1) * step;
                    std::thread::sleep(Duration::from_nanos((next - since) as u64));
                }
                let events = store.poll(app.board.last_seq()).expect("poll");
                let Some(last) = events.last().map(|e| e.seq) else {
                    continue;
                };
                update(&mut app, Action::Arrived(events));
                draw(&mut term, &app, &screen);
                let _ = tx.send((last, Instant::now()));
            }
        })
    };
    ready.wait();
    let ids: Vec<String> = board.priorities().iter().map(|p| p.id.clone()).collect();
    let mut latencies = Vec::with_capacity(commits);
    let mut jitter = 0x2545_F491_4F6C_DD1Du64;
    for i in 0..commits {
        // A pause of a uniformly random fraction of a tick, so commits land
        // anywhere in the follower's polling cycle.
        jitter ^= jitter << 13;
        jitter ^= jitter >> 7;
        jitter ^= jitter << 17;
        let tick = caseboard_tui::runtime::FOLLOW_INTERVAL.as_micros() as u64;
        std::thread::sleep(Duration::from_micros(5_000 + jitter % tick));
        let recorded = writer
            .record(
                &board,
                "Bench note-taker",
                Command::Decide {
                    priority: ids[(i * 7) % ids.len()].clone(),
                    outcome: Outcome::Defer,
                    rationale: "Awaiting the Place Survey baseline".into(),
                    local: false,
                    target: None,
                },
            )
            .expect("recorded");
        let acked = Instant::now();
        for e in &recorded.caught_up {
            board.apply(e);
        }
        board.apply(&recorded.event);
        let seq = recorded.event.seq;
        loop {
            let (last, drawn) = rx
                .recv_timeout(Duration::from_secs(5))
                .expect("the follower drew the commit within 5 s");
            if last >= seq {
                latencies.push(ms(drawn.saturating_duration_since(acked)));
                break;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    follower.join().expect("follower");
    latencies
}

// ------------------------------------------- 5. memory (and a cold open)

/// Figures from fresh child processes, where nothing is warm in the heap.
#[derive(Debug, Clone, Default)]
struct Fresh {
    before_kb: u64,
    open_kb: u64,
    open_peak_kb: u64,
    bare_kb: u64,
    /// Open to first frame, one figure per child.
    open_ms: Vec<f64>,
    /// Bare rusqlite SELECT * FROM events, one figure per child.
    bare_ms: Vec<f64>,
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// In the child: open the session to its first frame (`open`) or read every
/// row (`bare`), then print the time it took and resident memory before
/// and after.
fn rss_child(spec: &str) {
    let (what, path) = spec.split_once(':').expect("MODE:PATH");
    SESSION.set(PathBuf::from(path)).expect("once");
    let before = status_kb("VmRSS:");
    let t = Instant::now();
    let keep: Box<dyn std::any::Any> = match what {
        "open" => Box::new(open_to_first_frame(session())),
        _ => Box::new(select_all(session())),
    };
    let took = ms(t.elapsed());
    println!(
        "ms {took}\nbefore_kb {before}\nafter_kb {}\npeak_kb {}",
        status_kb("VmRSS:"),
        status_kb("VmHWM:")
    );
    drop(keep);
}

/// (milliseconds, before_kb, after_kb, peak_kb) from one child.
fn child(what: &str) -> Option<(f64, u64, u64, u64)> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .env(RSS_ENV, format!("{what}:{}", session().display()))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
    };
    let kb = |name: &str| field(name).and_then(|v| v.parse().ok());
    Some((
        field("ms ")?.parse().ok()?,
        kb("before_kb ")?,
        kb("after_kb ")?,
        kb("peak_kb ")?,
    ))
}

fn fresh(runs: usize) -> Option<Fresh> {
    let mut f = Fresh::default();
    let mut open_kb = Vec::new();
    for _ in 0..runs.max(1) {
        let (t, before, after, peak) = child("open")?;
        f.open_ms.push(t);
        f.before_kb = before;
        open_kb.push((after, peak));
        let (t, _, after, _) = child("bare")?;
        f.bare_ms.push(t);
        f.bare_kb = after;
    }
    open_kb.sort_unstable();
    (f.open_kb, f.open_peak_kb) = open_kb[open_kb.len() / 2];
    Some(f)
}

// ------------------------------------------------------------- report

fn report(f: &Figures) {
    let p50 = |s: &[f64]| percentile(s, 0.5);
    let p95 = |s: &[f64]| percentile(s, 0.95);
    println!(
        "\nscreen, large session ({} events), 200×50 — medians and ratios (this run):",
        f.events
    );
    if !f.follow.is_empty() {
        println!(
            "  live follow, commit acknowledged → follower's frame drawn ({} commits each):",
            f.follow.len()
        );
        println!(
            "    polling every {} ms  p50 {:.1} ms  p95 {:.1} ms  max {:.1} ms (bar p95 ≤ 100 ms: {})",
            caseboard_tui::runtime::FOLLOW_INTERVAL.as_millis(),
            p50(&f.follow),
            p95(&f.follow),
            percentile(&f.follow, 1.0),
            verdict(p95(&f.follow) <= 100.0)
        );
        println!(
            "    polling in a tight loop  p50 {:.2} ms  p95 {:.2} ms  max {:.2} ms  → interval costs +{:.1} ms at p50",
            p50(&f.tight),
            p95(&f.tight),
            percentile(&f.tight, 1.0),
            p50(&f.follow) - p50(&f.tight)
        );
    }
    match &f.fresh {
        Some(r) => {
            println!(
                "  open to first frame in a fresh process, in process (no terminal; {} runs each): caseboard p50 {:.1} ms (max {:.1}) vs bare rusqlite SELECT * p50 {:.1} ms = {:.2}× (the bar is judged in felt.rs, on a pty)",
                r.open_ms.len(),
                p50(&r.open_ms),
                percentile(&r.open_ms, 1.0),
                p50(&r.bare_ms),
                p50(&r.open_ms) / p50(&r.bare_ms),
            );
            println!(
                "  resident memory (fresh process): {:.1} MB with the session open and drawn (peak {:.1} MB) vs {:.1} MB before opening, {:.1} MB with bare rusqlite holding every row (bar ≤ 50 MB: {})",
                r.open_kb as f64 / 1024.0,
                r.open_peak_kb as f64 / 1024.0,
                r.before_kb as f64 / 1024.0,
                r.bare_kb as f64 / 1024.0,
                verdict(r.open_kb <= 50 * 1024)
            );
        }
        None => println!("  fresh-process figures: could not be read (/proc/self/status)"),
    }
}

fn main() {
    if let Ok(spec) = std::env::var(RSS_ENV) {
        rss_child(&spec);
        return;
    }
    // Colours as a colour terminal gets them, whatever NO_COLOR says here.
    crossterm::style::force_color_output(true);
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    // `cargo test --benches` runs each benchmark once: keep that quick.
    let quick = args.iter().any(|a| a == "--test");

    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_path_buf();
    let large =
        cached_session(&target.join("bench-sessions"), size(20_000, 500)).expect("large session");
    SESSION.set(large).expect("once");

    let board = load_board();
    let mut f = Figures {
        events: board.last_seq(),
        ..Figures::default()
    };
    f.fresh = fresh(if quick { 1 } else { 9 });
    // The follow runs append to a copy, so the cached session stays as made.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let copy = dir.path().join("follow.caseboard");
    std::fs::copy(session(), &copy).expect("copy");
    let commits = if quick { 3 } else { 100 };
    f.follow = follow_latency(
        &copy,
        Some(caseboard_tui::runtime::FOLLOW_INTERVAL),
        commits,
    );
    f.tight = follow_latency(&copy, None, commits);
    report(&f);
    drop(dir);
}
