//! What a user feels, each figure measured the way the user meets it and
//! beside a baseline sampled alternately with it in the same run (so both
//! see the same noise), with its bar and "met" / "NOT met" said plainly.
//!
//! Groups (name them after `--` to run only some; all but `growth` run
//! when none is named):
//!
//! - `open`: `caseboard open COPY`, the release binary in a fresh process on
//!   a 200×50 pseudo-terminal (TERM=xterm-256color), from spawn until the
//!   first frame is whole on screen (the header's `Designated` gauge drawn
//!   and the frame's synchronized update closed), judged on p95; then `q`
//!   and the exit, untimed. Baseline: `sqlite3 COPY 'select * from events'`
//!   on the same pty with its output sent to /dev/null (a bare read of the
//!   same rows, not the terminal's throughput). Also the open screen's peak
//!   memory, from one more run under `/usr/bin/time`.
//! - `frames`: in process, 200×50, the runtime's lean backend writing into
//!   a byte sink inside the runtime's synchronized-update wrapper: (a) the
//!   selection moving back and forth (panes already drawn), (b) walking
//!   down the board (each priority drawn for the first time), (c) the frame
//!   after one event from another process arrives (fold, then draw); each
//!   p50/p99 beside a bare ratatui `Table` of the same rows.
//! - `bytes`: bytes written for every one-row move walking the whole board
//!   down and back up (scrolling moves included, wrapper counted), and a
//!   full repaint; on the large session and on a 5,000-priority pack.
//! - `review`: `caseboard review`'s app in process: `[` from the last event
//!   and `]` back, per step p50/max, and `D` (replay to a priority's
//!   decision) on priorities spread over the board, beside a bare rusqlite
//!   read of every event row.
//! - `decide`: `caseboard decide COPY Pnnnn defer --rationale …` as a
//!   process, a different priority each sample, beside `sqlite3` inserting
//!   one row into another copy (synchronous=FULL) as a process.
//! - `export`: `caseboard export COPY --format json|md|csv` to /dev/null as a
//!   process, wall time and peak memory, beside `sqlite3 COPY 'select * from
//!   events'` to /dev/null; both run under `/usr/bin/time`, which reports
//!   each one's own peak memory (about 1 ms of its own on each).
//! - `growth`: `open`, `review`, `decide` and `export` (or the groups named
//!   with it, `frames` and `bytes` too) at 2,000, 20,000 and 200,000 events (50, 500, 5,000 priorities;
//!   indicators ×4, objections ×6, as `make-session` makes them), and each
//!   figure's growth exponent log(t200k/t20k)/log(10) (1.0 is linear).
//!
//! Without `growth` the groups run on the large session (SPEC §7: 20,000
//! events, 500 priorities). Sessions are generated once and cached under
//! `target/bench-sessions/` (200,000 events take about 5 minutes); a file
//! `make-session OUT EVENTS PRIORITIES` wrote may be copied in under the
//! name the bench prints. `CASEBOARD_BENCH_SAMPLES=n` sets the samples per
//! figure; `--test` (as `cargo test --benches` runs it) takes a handful.
//!
//! ```text
//! cargo bench --bench felt                      # every group at 20k
//! cargo bench --bench felt -- open decide       # only these
//! cargo bench --bench felt -- growth            # 2k / 20k / 200k
//! cargo bench --bench felt -- growth open       # open only, at each size
//! benches/instructions.sh                       # instruction counts
//! benches/instructions.sh decide                # only rows naming decide
//! ```
//!
//! `benches/instructions.sh` prints a table of instruction counts
//! (callgrind), the same whatever the load: `caseboard board` (the load) at
//! 2k, 20k and 200k events, `decide` at 20k and 200k, `export` json/md/csv
//! and `sqlite3 select *` at 20k, and in process (the testkit's
//! `measured-work`, counting only the work itself) one review step back,
//! ten first draws and ten arrived events at 20k.
//!
//! Timings on a busy machine are noise: quote them from a quiet one, and
//! the instruction counts of `benches/instructions.sh` for the rest.

use caseboard_core::pack::PriorityKind;
use caseboard_core::{Board, Event, Status};
use caseboard_store::{Mode, Store};
use caseboard_testkit::app::{key, meeting_time};
use caseboard_testkit::bench::{
    cached_session, fresh_copy, growth_exponent, ms, percentile, size, verdict,
};
use caseboard_testkit::pty::{peak_kb, run_timed, under_time, Pty};
use caseboard_testkit::sink::{self, Sink, Term};
use caseboard_testkit::synthetic::Script;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{render, Screen, Theme};
use crossterm::event::KeyCode;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::{Backend, ClearType};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const W: u16 = 200;
const H: u16 = 50;
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");
const GROUPS: [&str; 6] = ["open", "frames", "bytes", "review", "decide", "export"];
const GROWTH_GROUPS: [&str; 4] = ["open", "review", "decide", "export"];

/// A session size the figures are taken at.
#[derive(Clone, Copy)]
struct At {
    label: &'static str,
    events: usize,
    priorities: usize,
}

const S2K: At = At {
    label: "2k",
    events: 2_000,
    priorities: 50,
};
const S20K: At = At {
    label: "20k",
    events: 20_000,
    priorities: 500,
};
const S200K: At = At {
    label: "200k",
    events: 200_000,
    priorities: 5_000,
};

struct Run {
    quick: bool,
    samples: Option<usize>,
    cache: PathBuf,
    scratch: tempfile::TempDir,
    /// (figure, size label) → value, for the growth table.
    growth: BTreeMap<(String, &'static str), f64>,
}

impl Run {
    /// `n` samples, or what `CASEBOARD_BENCH_SAMPLES` / `--test` say.
    fn n(&self, n: usize) -> usize {
        if self.quick {
            return 2.min(n);
        }
        self.samples.unwrap_or(n).max(1)
    }

    fn session(&self, at: At) -> PathBuf {
        cached_session(&self.cache, size(at.events, at.priorities)).expect("a generated session")
    }

    /// A copy of `at`'s session in the scratch folder, under `name`.
    fn copy(&self, at: At, name: &str) -> PathBuf {
        let to = self
            .scratch
            .path()
            .join(format!("{}-{name}.caseboard", at.label));
        fresh_copy(&self.session(at), &to).expect("copy");
        to
    }

    fn keep(&mut self, figure: &str, at: At, value: f64) {
        self.growth.insert((figure.to_string(), at.label), value);
    }
}

fn load(path: &Path) -> (Vec<Event>, Board) {
    let store = Store::open(path, Mode::ReadOnly).expect("open");
    store.load().expect("load")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn stats(s: &[f64]) -> String {
    format!(
        "p50 {:.1} ms  p95 {:.1} ms  max {:.1} ms",
        percentile(s, 0.5),
        percentile(s, 0.95),
        percentile(s, 1.0)
    )
}

// ------------------------------------------------------------------ open

/// The first frame is whole on screen: the header's designated gauge has
/// been drawn and, when the frame is wrapped in a synchronized update (the
/// runtime wraps each), that update has been closed after it.
fn first_frame(out: &[u8]) -> bool {
    let Some(at) = find(out, b"Designated") else {
        return false;
    };
    find(out, b"\x1b[?2026h").is_none() || find(&out[at..], b"\x1b[?2026l").is_some()
}

fn pty_command(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("TERM", "xterm-256color")
        .env("CASEBOARD_AS", "Bench")
        .env_remove("NO_COLOR");
    c
}

/// `caseboard open` to its first frame: (ms, the output). With `report`,
/// run under `time`, which writes its peak memory there.
fn open_once(copy: &Path, report: Option<&Path>) -> (f64, Vec<u8>) {
    let mut cmd = pty_command(BIN);
    cmd.arg("open").arg(copy);
    if let Some(report) = report {
        cmd = under_time(&cmd, report);
    }
    let start = Instant::now();
    let mut pty = Pty::spawn(cmd, W, H).expect("spawn on a pty");
    let drawn = pty
        .read_until(Duration::from_secs(30), first_frame)
        .expect("read the pty");
    let Some(drawn) = drawn else {
        panic!(
            "no first frame within 30 s; the screen said:\n{}",
            String::from_utf8_lossy(&pty.output)
        );
    };
    let took = ms(drawn - start);
    pty.send(b"q").expect("quit key");
    let output = pty.output.clone();
    let ended = pty.finish(Duration::from_secs(30)).expect("reap");
    assert!(ended.success(), "caseboard open did not exit cleanly");
    (took, output)
}

/// The baseline: `sqlite3 COPY 'select * from events'` on the same pty, its
/// rows to /dev/null; ms from spawn to exit.
fn sqlite_read_once(copy: &Path) -> f64 {
    let mut cmd = pty_command("sqlite3");
    cmd.arg("-cmd")
        .arg(".output /dev/null")
        .arg(copy)
        .arg("select * from events");
    let start = Instant::now();
    let mut pty = Pty::spawn(cmd, W, H).expect("spawn sqlite3");
    pty.read_until(Duration::from_secs(60), |_| false)
        .expect("read");
    let took = ms(start.elapsed());
    let ended = pty.finish(Duration::from_secs(10)).expect("reap");
    assert!(ended.success(), "sqlite3 failed");
    took
}

/// Checks, once, that what the marker caught is the board: the screen the
/// bytes draw (replayed in vt100) shows the header and the first priority.
fn check_first_frame(output: &[u8], first_priority: &str) {
    let nz = |n| std::num::NonZeroU16::new(n).expect("a size");
    let mut parser = vt100::Parser::new(nz(H), nz(W), 0);
    parser.process(output);
    let text = parser.screen().contents();
    if !text.contains("Designated") || !text.contains(first_priority) {
        println!("  warning: the first frame did not show the board ({first_priority}):\n{text}");
    }
}

fn open(run: &mut Run, at: At) {
    let n = run.n(if at.events >= 200_000 { 15 } else { 30 });
    let (_, board) = load(&run.session(at));
    let first = board.priorities()[0].id.clone();
    let (mut t, mut bare) = (Vec::new(), Vec::new());
    for i in 0..n {
        // `open` takes the write lock and checkpoints on exit: a fresh copy
        // each time, made outside the timing.
        let copy = run.copy(at, "open");
        let (took, output) = open_once(&copy, None);
        if i == 0 {
            check_first_frame(&output, &first);
        }
        t.push(took);
        bare.push(sqlite_read_once(&copy));
    }
    // Its peak memory, from one more run under `time` (not timed).
    let report = run.scratch.path().join("open.time");
    open_once(&run.copy(at, "open"), Some(&report));
    let mem = peak_kb(&report).map_or(f64::NAN, |kb| kb as f64 / 1024.0);
    let p95 = percentile(&t, 0.95);
    println!(
        "  open to first frame, {} ({} runs, pty {W}×{H}): caseboard {} (bar p95 ≤ 50 ms: {}); sqlite3 select * {} → {:.2}× at p50",
        at.label,
        n,
        stats(&t),
        verdict(p95 <= 50.0),
        stats(&bare),
        percentile(&t, 0.5) / percentile(&bare, 0.5)
    );
    println!(
        "    peak memory of the open screen: {mem:.1} MB (bar at 200k ≤ 300 MB{})",
        if at.events >= 200_000 {
            format!(": {}", verdict(mem <= 300.0))
        } else {
            String::new()
        }
    );
    if at.events >= 200_000 {
        println!(
            "    open at 200k: p95 {p95:.1} ms (bar ≤ 500 ms: {})",
            verdict(p95 <= 500.0)
        );
    }
    run.keep("open p50 ms", at, percentile(&t, 0.5));
    run.keep("open p95 ms", at, p95);
    run.keep("open memory MB", at, mem);
    run.keep("sqlite3 select * p50 ms", at, percentile(&bare, 0.5));
}

// ---------------------------------------------------------------- frames

/// A frame as the runtime draws one: inside a synchronized update, flushed.
fn frame(term: &mut Term, app: &App, screen: &Screen) {
    let w = term.backend_mut().writer_mut();
    crossterm::queue!(w, BeginSynchronizedUpdate).expect("begin");
    term.draw(|f| render(f, app, screen)).expect("draw");
    let w = term.backend_mut().writer_mut();
    crossterm::execute!(w, EndSynchronizedUpdate).expect("end");
    w.flush().expect("flush");
}

fn app_for(board: Board) -> App {
    let mut app = App::new(
        board,
        "Bench note-taker".into(),
        false,
        "large.caseboard".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(W, H));
    app
}

/// The board's cells as plain strings, made once: what a bare `Table` is
/// handed, so the baseline is ratatui's own cost for the same rows.
struct BareRows {
    rows: Vec<([String; 6], Style)>,
    selected: Style,
    heading: Style,
    border: Style,
}

impl BareRows {
    fn new(board: &Board, theme: &Theme) -> Self {
        let rows = board
            .priorities()
            .iter()
            .map(|p| {
                let spec = board.spec(&p.id);
                let theme_name = spec
                    .and_then(|s| s.themes.first())
                    .and_then(|t| board.theme(t))
                    .map(|t| t.name.chars().take(14).collect())
                    .unwrap_or_default();
                let style = match p.status {
                    Status::Undecided => theme.undecided,
                    Status::Accepted { .. } => theme.accepted,
                    Status::Rejected => theme.rejected,
                    Status::KeptLocal => theme.local,
                    Status::Deferred => theme.deferred,
                };
                let cells = [
                    p.id.clone(),
                    spec.map(|s| s.title.clone()).unwrap_or_default(),
                    match p.kind {
                        PriorityKind::Designated => "des".into(),
                        PriorityKind::Statutory => "stat".into(),
                    },
                    theme_name,
                    format!("{} {}", p.status.symbol(), p.status.word()),
                    if p.open_objections > 0 {
                        format!("⚑{}", p.open_objections)
                    } else {
                        String::new()
                    },
                ];
                (cells, style)
            })
            .collect();
        BareRows {
            rows,
            selected: theme.selected,
            heading: theme.heading,
            border: theme.border_focused,
        }
    }

    /// Draws rows `offset..` into `area` (the whole frame when `None`),
    /// marking `selected`, as one bordered `Table` with a header, inside
    /// the same synchronized update as the app's frames.
    #[inline(never)] // its own entry, for counting its instructions apart
    fn draw(&self, term: &mut Term, area: Option<Rect>, selected: usize, offset: usize) {
        let w = term.backend_mut().writer_mut();
        crossterm::queue!(w, BeginSynchronizedUpdate).expect("begin");
        term.draw(|f| {
            let area = area.unwrap_or(f.area());
            let visible = area.height.saturating_sub(3) as usize;
            let rows = self.rows.iter().enumerate().skip(offset).take(visible).map(
                |(i, (cells, style))| {
                    let row = Row::new([
                        Cell::from(if i == selected { "▶" } else { " " }),
                        Cell::from(cells[0].as_str()),
                        Cell::from(cells[1].as_str()),
                        Cell::from(cells[2].as_str()),
                        Cell::from(cells[3].as_str()),
                        Cell::from(Span::styled(cells[4].as_str(), *style)),
                        Cell::from(cells[5].as_str()),
                    ]);
                    if i == selected {
                        row.style(self.selected)
                    } else {
                        row
                    }
                },
            );
            let widths = [
                Constraint::Length(1),
                Constraint::Length(4),
                Constraint::Fill(1),
                Constraint::Length(4),
                Constraint::Length(14),
                Constraint::Length(11),
                Constraint::Length(3),
            ];
            let table = Table::new(rows, widths)
                .header(
                    Row::new(["", "id", "priority", "kind", "theme", "status", "obj"])
                        .style(self.heading),
                )
                .column_spacing(1)
                .block(
                    Block::bordered()
                        .title(" Priorities ")
                        .border_style(self.border),
                );
            f.render_widget(table, area);
        })
        .expect("draw");
        let w = term.backend_mut().writer_mut();
        crossterm::execute!(w, EndSynchronizedUpdate).expect("end");
    }
}

/// Where the board pane sits at 200×50 (as the screen lays it out).
fn board_rect() -> Rect {
    let [_, body, _, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(Rect::new(0, 0, W, H));
    let [board, _] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    board
}

/// A bare table keeping its own selection and window, as a one-row move
/// would move them.
struct BareWalk {
    sel: usize,
    offset: usize,
    visible: usize,
    len: usize,
}

impl BareWalk {
    fn step(&mut self, down: bool) {
        if down {
            self.sel = (self.sel + 1).min(self.len - 1);
            if self.sel >= self.offset + self.visible {
                self.offset = self.sel + 1 - self.visible;
            }
        } else {
            self.sel = self.sel.saturating_sub(1);
            self.offset = self.offset.min(self.sel);
        }
    }
}

fn one_row(down: bool) -> Action {
    if down {
        Action::MoveDown
    } else {
        Action::MoveUp
    }
}

/// Prints one kind of frame beside its baseline; its p99.
fn frame_line(what: &str, a: &[f64], bare: &[f64]) -> f64 {
    let (p50, p99) = (percentile(a, 0.5), percentile(a, 0.99));
    let (b50, b99) = (percentile(bare, 0.5), percentile(bare, 0.99));
    println!(
        "    {what} ({} frames): caseboard p50 {p50:.3} ms  p99 {p99:.3} ms (bar p99 ≤ 1 ms: {}); bare Table p50 {b50:.3} ms  p99 {b99:.3} ms → {:.2}× at p50, {:.2}× at p99 (bar ≤ 1.5×: {})",
        a.len(),
        verdict(p99 <= 1.0),
        p50 / b50,
        p99 / b99,
        verdict(p99 / b99 <= 1.5)
    );
    p99
}

fn frames(run: &mut Run, at: At) {
    let (_, board) = load(&run.session(at));
    let theme = Theme::colour();
    let bare = BareRows::new(&board, &theme);
    let rect = board_rect();
    let sink = Sink::default();
    let visible = rect.height.saturating_sub(3) as usize;
    println!("  frames, {} session, {W}×{H}, each interleaved with a bare Table of the same rows in the board pane:", at.label);

    // (a) the selection moving back and forth mid-board: panes cached.
    let mut app = app_for(board.clone());
    for _ in 0..board.priorities().len() / 2 {
        update(&mut app, Action::MoveDown);
    }
    let screen = Screen::new(theme);
    let mut term = sink::terminal(&sink, W, H);
    let mut bare_term = sink::terminal(&sink, W, H);
    frame(&mut term, &app, &screen);
    let (start, off) = (app.selected, app.offset);
    bare.draw(&mut bare_term, Some(rect), start, off);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..run.n(3000) {
        let down = i % 2 == 0;
        let t = Instant::now();
        update(&mut app, one_row(down));
        frame(&mut term, &app, &screen);
        a.push(ms(t.elapsed()));
        let t = Instant::now();
        bare.draw(&mut bare_term, Some(rect), start + usize::from(down), off);
        b.push(ms(t.elapsed()));
    }
    let p99 = frame_line(
        "(a) selection moving back and forth (panes drawn before)",
        &a,
        &b,
    );
    run.keep("frame, panes drawn before p99 ms", at, p99);

    // (b) walking down the board from the top: each a first draw.
    let mut app = app_for(board.clone());
    let screen = Screen::new(theme);
    let mut term = sink::terminal(&sink, W, H);
    let mut bare_term = sink::terminal(&sink, W, H);
    frame(&mut term, &app, &screen);
    let mut walk = BareWalk {
        sel: 0,
        offset: 0,
        visible,
        len: board.priorities().len(),
    };
    bare.draw(&mut bare_term, Some(rect), 0, 0);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..run
        .n(board.priorities().len() - 1)
        .min(board.priorities().len() - 1)
    {
        let t = Instant::now();
        update(&mut app, Action::MoveDown);
        frame(&mut term, &app, &screen);
        a.push(ms(t.elapsed()));
        walk.step(true);
        let t = Instant::now();
        bare.draw(&mut bare_term, Some(rect), walk.sel, walk.offset);
        b.push(ms(t.elapsed()));
    }
    let p99 = frame_line(
        "(b) walking down the board (each priority drawn for the first time)",
        &a,
        &b,
    );
    run.keep("frame, first draw p99 ms", at, p99);

    // (c) another process's event arrives: fold it, draw.
    let mut app = app_for(board.clone());
    for _ in 0..board.priorities().len() / 2 {
        update(&mut app, Action::MoveDown);
    }
    let screen = Screen::new(theme);
    let mut term = sink::terminal(&sink, W, H);
    let mut bare_term = sink::terminal(&sink, W, H);
    frame(&mut term, &app, &screen);
    let (sel, off) = (app.selected, app.offset);
    bare.draw(&mut bare_term, Some(rect), sel, off);
    let mut script = Script::new(99);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..run.n(2000) {
        let when =
            chrono::DateTime::from_timestamp(1_205_400_000 + i as i64, 0).unwrap_or_default();
        let (_, event) = script.event(&app.board, "Other note-taker", when);
        let t = Instant::now();
        update(&mut app, Action::Arrived(vec![event]));
        frame(&mut term, &app, &screen);
        a.push(ms(t.elapsed()));
        let t = Instant::now();
        bare.draw(&mut bare_term, Some(rect), sel + i % 2, off);
        b.push(ms(t.elapsed()));
    }
    let p99 = frame_line(
        "(c) the frame after one event arrives (fold + draw)",
        &a,
        &b,
    );
    run.keep("frame after an event p99 ms", at, p99);
    sink.take();
}

// ----------------------------------------------------------------- bytes

fn bytes(run: &mut Run, at: At) {
    let (_, board) = load(&run.session(at));
    let theme = Theme::colour();
    let sink = Sink::default();
    let mut term = sink::terminal(&sink, W, H);
    let mut app = app_for(board.clone());
    let screen = Screen::new(theme);
    frame(&mut term, &app, &screen);
    let first = sink.take();
    // A repaint after `clear()`: the clear itself, then a frame against a
    // blank back buffer (what a fresh terminal's is).
    let mut fresh = sink::terminal(&sink, W, H);
    fresh
        .backend_mut()
        .clear_region(ClearType::All)
        .expect("clear");
    frame(&mut fresh, &app, &screen);
    let repaint = sink.take();
    let (mut moves, mut scrolls) = (Vec::new(), Vec::new());
    let n = board.priorities().len() - 1;
    for i in 0..2 * n {
        let offset = app.offset;
        update(&mut app, one_row(i < n));
        frame(&mut term, &app, &screen);
        let b = sink.take();
        if app.offset == offset {
            moves.push(b);
        } else {
            scrolls.push(b);
        }
    }
    let all: Vec<f64> = moves.iter().chain(&scrolls).map(|&b| b as f64).collect();
    let f = |v: &[u64]| v.iter().map(|&b| b as f64).collect::<Vec<_>>();
    let max = percentile(&all, 1.0);
    println!(
        "  bytes, {} session ({} priorities), walking the whole board down and up ({} one-row moves, synchronized-update wrapper counted):",
        at.label,
        board.priorities().len(),
        all.len()
    );
    println!(
        "    every move: median {:.0} B, max {max:.0} B (bar ≤ 2048 B: {}); plain moves ({}): median {:.0} B, max {:.0} B; moves that scroll ({}): median {:.0} B, max {:.0} B",
        percentile(&all, 0.5),
        verdict(max <= 2048.0),
        moves.len(),
        percentile(&f(&moves), 0.5),
        percentile(&f(&moves), 1.0),
        scrolls.len(),
        percentile(&f(&scrolls), 0.5),
        percentile(&f(&scrolls), 1.0),
    );
    run.keep("bytes, one-row move max B", at, max);
    println!(
        "    full repaint (clear + frame): {repaint} B (bar ≤ 16384 B: {}); first frame {first} B",
        verdict(repaint <= 16384)
    );
}

// ---------------------------------------------------------------- review

fn bare_select_all(path: &Path) -> usize {
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
    rows.len()
}

fn review(run: &mut Run, at: At) {
    let path = run.session(at);
    let (events, board) = load(&path);
    let mut app = App::for_review(board, events, "review.caseboard".into(), meeting_time());
    update(&mut app, Action::Resize(W, H));
    let screen = Screen::new(Theme::colour());
    let sink = Sink::default();
    let mut term = sink::terminal(&sink, W, H);
    frame(&mut term, &app, &screen);
    let last = app.board.last_seq();

    // `[` from the last event, then `]` back to it: update alone, and with
    // the frame the user sees.
    let steps = run.n(if at.events >= 200_000 { 10 } else { 40 });
    let (mut back, mut fwd, mut back_frame, mut fwd_frame) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (k, times, framed) in [
        ('[', &mut back, &mut back_frame),
        (']', &mut fwd, &mut fwd_frame),
    ] {
        for _ in 0..steps {
            let t = Instant::now();
            key(&mut app, KeyCode::Char(k));
            times.push(ms(t.elapsed()));
            frame(&mut term, &app, &screen);
            framed.push(ms(t.elapsed()));
        }
    }
    assert_eq!(
        app.board.last_seq(),
        last,
        "`]` came back to the last event"
    );

    // `D` on priorities spread over the board: replay to their decisions.
    let n = app.board.priorities().len();
    let jumps = run.n(if at.events >= 200_000 { 10 } else { 25 });
    let (mut jump, mut bare) = (Vec::new(), Vec::new());
    for i in 0..jumps * 4 {
        if jump.len() >= jumps {
            break;
        }
        // Back to the board pane, onto the priority.
        while app.focus != caseboard_tui::app::Pane::Board {
            update(&mut app, Action::FocusNext);
        }
        update(&mut app, Action::Top);
        for _ in 0..(i * 7919 + 13) % n {
            update(&mut app, Action::MoveDown);
        }
        let before = app.board.last_seq();
        let t = Instant::now();
        key(&mut app, KeyCode::Char('D'));
        frame(&mut term, &app, &screen);
        let took = ms(t.elapsed());
        if app.board.last_seq() == before {
            continue; // undecided there: nothing replayed
        }
        jump.push(took);
        let t = Instant::now();
        std::hint::black_box(bare_select_all(&path));
        bare.push(ms(t.elapsed()));
    }
    sink.take();
    let max = |v: &[f64]| percentile(v, 1.0);
    println!("  review, {} session ({} events):", at.label, last);
    println!(
        "    step back `[` from the last event ({steps} steps): p50 {:.2} ms  max {:.2} ms (bar ≤ 5 ms: {}); with its frame p50 {:.2} ms  max {:.2} ms",
        percentile(&back, 0.5),
        max(&back),
        verdict(max(&back) <= 5.0),
        percentile(&back_frame, 0.5),
        max(&back_frame),
    );
    println!(
        "    step forward `]` ({steps} steps): p50 {:.2} ms  max {:.2} ms (bar ≤ 5 ms: {}); with its frame p50 {:.2} ms  max {:.2} ms",
        percentile(&fwd, 0.5),
        max(&fwd),
        verdict(max(&fwd) <= 5.0),
        percentile(&fwd_frame, 0.5),
        max(&fwd_frame),
    );
    println!(
        "    replay to a decision `D` ({} jumps spread over the log, with the frame): p50 {:.1} ms  max {:.1} ms (bar ≤ 20 ms: {}); bare rusqlite SELECT * FROM events p50 {:.1} ms → {:.2}×",
        jump.len(),
        percentile(&jump, 0.5),
        max(&jump),
        verdict(max(&jump) <= 20.0),
        percentile(&bare, 0.5),
        percentile(&jump, 0.5) / percentile(&bare, 0.5)
    );
    run.keep("review step back p50 ms", at, percentile(&back, 0.5));
    run.keep("review step back max ms", at, max(&back));
    run.keep("review replay p50 ms", at, percentile(&jump, 0.5));
}

// ---------------------------------------------------------------- decide

fn quiet(mut c: Command) -> Command {
    c.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn decide(run: &mut Run, at: At) {
    let copy = run.copy(at, "decide");
    let bare_copy = run.copy(at, "insert");
    let (_, board) = load(&copy);
    let ids: Vec<String> = board.priorities().iter().map(|p| p.id.clone()).collect();
    let status = Command::new("sqlite3")
        .arg(&bare_copy)
        .arg("CREATE TABLE bench_rows (seq INTEGER PRIMARY KEY, at TEXT, payload TEXT)")
        .status()
        .expect("sqlite3");
    assert!(status.success(), "sqlite3 create table");
    let n = run.n(if at.events >= 200_000 { 10 } else { 30 });
    let (mut t, mut bare) = (Vec::new(), Vec::new());
    for i in 0..n {
        let mut c = Command::new(BIN);
        c.arg("decide")
            .arg(&copy)
            .arg(&ids[(i * 37 + 11) % ids.len()])
            .arg("defer")
            .arg("--rationale")
            .arg("Awaiting the Place Survey baseline")
            .arg("--as")
            .arg("Bench");
        let (took, ended) = run_timed(quiet(c)).expect("decide");
        assert!(ended.success(), "caseboard decide failed");
        t.push(ms(took));
        let mut c = Command::new("sqlite3");
        c.arg(&bare_copy).arg(format!(
            "PRAGMA synchronous=FULL; INSERT INTO bench_rows (at, payload) VALUES ('2008-03-12T10:00:00.000Z', '{{\"priority\":\"P{i:04}\",\"outcome\":\"defer\"}}');"
        ));
        let (took, ended) = run_timed(quiet(c)).expect("sqlite3");
        assert!(ended.success(), "sqlite3 insert failed");
        bare.push(ms(took));
    }
    let p50 = percentile(&t, 0.5);
    println!(
        "  decide as a process, {} session ({n} runs, a different priority each): caseboard {} (bar p50 ≤ 30 ms: {}); sqlite3 single-row insert process {} → {:.1}× at p50",
        at.label,
        stats(&t),
        verdict(p50 <= 30.0),
        stats(&bare),
        p50 / percentile(&bare, 0.5)
    );
    run.keep("decide p50 ms", at, p50);
    run.keep("sqlite3 insert p50 ms", at, percentile(&bare, 0.5));
}

// ---------------------------------------------------------------- export

fn export(run: &mut Run, at: At) {
    let copy = run.copy(at, "export");
    let file_mb = std::fs::metadata(&copy).expect("size").len() as f64 / (1 << 20) as f64;
    let n = run.n(if at.events >= 200_000 { 3 } else { 15 });
    println!(
        "  export as a process, {} session ({file_mb:.1} MB file, {n} runs each, to /dev/null):",
        at.label
    );
    let report = run.scratch.path().join("export.time");
    for format in ["json", "md", "csv"] {
        let (mut t, mut kb, mut bare, mut bare_kb) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..n {
            let mut c = Command::new(BIN);
            c.arg("export").arg(&copy).arg("--format").arg(format);
            let (took, ended) = run_timed(quiet(under_time(&c, &report))).expect("export");
            assert!(ended.success(), "caseboard export failed");
            t.push(ms(took));
            kb.push(peak_kb(&report).unwrap_or(0) as f64 / 1024.0);
            let mut c = Command::new("sqlite3");
            c.arg(&copy).arg("select * from events");
            let (took, ended) = run_timed(quiet(under_time(&c, &report))).expect("sqlite3");
            assert!(ended.success(), "sqlite3 select failed");
            bare.push(ms(took));
            bare_kb.push(peak_kb(&report).unwrap_or(0) as f64 / 1024.0);
        }
        let ratio = percentile(&t, 0.5) / percentile(&bare, 0.5);
        let mem = percentile(&kb, 1.0);
        println!(
            "    {format:>4}: caseboard {} → {ratio:.1}× sqlite3 select * ({}) (bar ≤ 3×: {}); peak memory {mem:.1} MB vs sqlite3 {:.1} MB, {:.2}× the file (bar ≤ 2× at 200k: {})",
            stats(&t),
            stats(&bare),
            verdict(ratio <= 3.0),
            percentile(&bare_kb, 1.0),
            mem / file_mb,
            if at.events >= 200_000 {
                verdict(mem <= 2.0 * file_mb)
            } else {
                "judged at 200k"
            }
        );
        run.keep(&format!("export {format} p50 ms"), at, percentile(&t, 0.5));
        run.keep(&format!("export {format} memory MB"), at, mem);
        if format == "json" {
            run.keep(
                "sqlite3 select * process p50 ms",
                at,
                percentile(&bare, 0.5),
            );
        }
    }
}

// ---------------------------------------------------------------- growth

fn growth_table(run: &Run) {
    let figures: Vec<&String> = {
        let mut f: Vec<&String> = run.growth.keys().map(|(f, _)| f).collect();
        f.dedup();
        f
    };
    println!("\n  growth (exponent = log(v200k / v20k) / log 10; 1.0 is linear):");
    println!(
        "    {:<34} {:>10} {:>10} {:>10} {:>9}",
        "figure", "2k", "20k", "200k", "exponent"
    );
    for figure in figures {
        let get = |l: &str| run.growth.get(&(figure.clone(), l_static(l))).copied();
        let cell = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into());
        let exponent = match (get("20k"), get("200k")) {
            (Some(a), Some(b)) => format!("{:.2}", growth_exponent(a, b, 10.0)),
            _ => "–".into(),
        };
        println!(
            "    {figure:<34} {:>10} {:>10} {:>10} {exponent:>9}",
            cell(get("2k")),
            cell(get("20k")),
            cell(get("200k"))
        );
    }
}

fn l_static(l: &str) -> &'static str {
    match l {
        "2k" => S2K.label,
        "20k" => S20K.label,
        _ => S200K.label,
    }
}

fn main() {
    // Colours as a colour terminal gets them, whatever NO_COLOR says here.
    crossterm::style::force_color_output(true);
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let quick = args.iter().any(|a| a == "--test");
    let named: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let growth = named.contains(&"growth");
    let mut groups: Vec<&str> = named
        .iter()
        .copied()
        .filter(|g| GROUPS.contains(g))
        .collect();
    if groups.is_empty() {
        groups = if growth {
            GROWTH_GROUPS.to_vec()
        } else {
            GROUPS.to_vec()
        };
    }
    let sizes = if growth {
        vec![S2K, S20K, S200K]
    } else {
        vec![S20K]
    };
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_path_buf();
    let mut run = Run {
        quick,
        samples: std::env::var("CASEBOARD_BENCH_SAMPLES")
            .ok()
            .and_then(|s| s.parse().ok()),
        cache: target.join("bench-sessions"),
        scratch: tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("scratch dir"),
        growth: BTreeMap::new(),
    };
    println!("\nwhat a user feels ({}; binary {BIN}):", groups.join(", "));
    for at in sizes {
        for group in &groups {
            match *group {
                "open" => open(&mut run, at),
                "frames" => frames(&mut run, at),
                "bytes" => {
                    bytes(&mut run, at);
                    // Plain moves on a 5,000-priority pack too.
                    if !growth && !quick {
                        bytes(&mut run, S200K);
                    }
                }
                "review" => review(&mut run, at),
                "decide" => decide(&mut run, at),
                "export" => export(&mut run, at),
                _ => {}
            }
        }
    }
    if growth {
        growth_table(&run);
    }
}
