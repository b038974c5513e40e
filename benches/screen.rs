//! The screen, each figure beside a baseline measured in the same run
//! (SPEC §7), on the large generated session (500 priorities, 2,000
//! indicators, 3,000 objections, 20,000 events):
//!
//! 1. a full frame at 200×50 — state → buffer → diff → bytes through a real
//!    `CrosstermBackend` — against a bare ratatui `Table` of the same visible
//!    rows drawn the same way (p50 / p99; also a criterion group);
//! 2. bytes sent when the selection moves one row and for a full repaint,
//!    against the bare table (`tests/bytes.rs` guards the bars in CI);
//! 3. opening the session to its first frame against reading every event
//!    row with bare rusqlite (also a criterion group);
//! 4. another process's commit on a live-following screen (polling every
//!    `runtime::FOLLOW_INTERVAL`) against a follower polling in a tight loop;
//! 5. resident memory with the session open, in a fresh child process,
//!    against the same process before opening and against bare rusqlite
//!    holding every row.
//!
//! Run with `cargo bench --bench screen`. Machines are noisy: quote medians
//! and ratios.

use caseboard_core::pack::PriorityKind;
use caseboard_core::{Board, Command, Outcome, Status};
use caseboard_store::{Mode, Store};
use caseboard_testkit::app::meeting_time;
use caseboard_testkit::bench::median;
use caseboard_testkit::sink::{self, Sink, Term};
use caseboard_testkit::synthetic;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{render, Screen, Theme};
use criterion::{criterion_group, BatchSize, Criterion, SamplingMode};
use ratatui::backend::{Backend, ClearType};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Row, Table};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier, OnceLock};
use std::time::{Duration, Instant};

const W: u16 = 200;
const H: u16 = 50;
const SEED: u64 = 2008;
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

// ------------------------------------------------- the bare-table baseline

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
                let (symbol, word) = (p.status.symbol(), p.status.word());
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
                    format!("{symbol} {word}"),
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
    /// marking `selected`, as one bordered `Table` with a header.
    fn draw(&self, terminal: &mut Term, area: Option<Rect>, selected: usize, offset: usize) {
        terminal
            .draw(|f| {
                let area = area.unwrap_or(f.area());
                let visible = area.height.saturating_sub(3) as usize;
                let rows = self.rows.iter().enumerate().skip(offset).take(visible).map(
                    |(i, (cells, style))| {
                        let mark = if i == selected { "▶" } else { " " };
                        let row = Row::new([
                            Cell::from(mark),
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
    }
}

/// Where the board pane sits at 200×50 (as `ui::render` lays it out).
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

// ------------------------------------------------------------ statistics

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let i = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1;
    s[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// Every figure, gathered for the report at the end.
#[derive(Default)]
struct Figures {
    /// `--test`: each figure from a handful of runs, criterion's estimates
    /// not refreshed.
    quick: bool,
    build_s: f64,
    events: u64,
    frame: Vec<f64>,
    /// Walking down the board: every frame a priority not drawn before.
    first_visit: Vec<f64>,
    bare_rows: Vec<f64>,
    bare_full: Vec<f64>,
    board_rows: usize,
    bytes: Option<Bytes>,
    open: Vec<f64>,
    select_all: Vec<f64>,
    follow: Vec<f64>,
    tight: Vec<f64>,
    fresh: Option<Fresh>,
    /// Replaying the board to an event (review), and the bare read of the log.
    replay: Vec<f64>,
    replay_step: Vec<f64>,
    replay_select_all: Vec<f64>,
}

// ------------------------------------------------- 1. full-frame draw

/// Frames while walking down the board from the top, each showing a
/// priority whose panes were never drawn before (and the board scrolling
/// at the bottom of each page): the cost when nothing kept can be reused.
fn first_visit_samples(board: &Board, theme: &Theme, n: usize) -> Vec<f64> {
    let mut app = app_for(board.clone(), false);
    let screen = Screen::new(*theme);
    let sink = Sink::default();
    let mut term = terminal(&sink);
    draw(&mut term, &app, &screen);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n.min(board.priorities().len() - 1) {
        let t = Instant::now();
        update(&mut app, Action::MoveDown);
        draw(&mut term, &app, &screen);
        out.push(ms(t.elapsed()));
    }
    sink.take();
    out
}

/// The app with the selection half-way down the board and mid-window, so
/// moving it one row either way does not scroll.
fn mid_board(board: &Board) -> App {
    let mut app = app_for(board.clone(), false);
    let half = board.priorities().len() / 2;
    for _ in 0..half {
        update(&mut app, Action::MoveDown);
    }
    for _ in 0..caseboard_tui::layout::board_rows_visible((W, H)) / 2 {
        update(&mut app, Action::MoveUp);
    }
    app
}

/// Draws `n` frames of each kind interleaved (so both see the same noise),
/// the selection moving down and back each frame. Milliseconds per frame.
fn frame_samples(board: &Board, theme: &Theme, n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut app = mid_board(board);
    let screen = Screen::new(*theme);
    let (start, offset) = (app.selected, app.offset);
    let sink = Sink::default();
    let mut term = terminal(&sink);
    draw(&mut term, &app, &screen);

    let bare = BareRows::new(board, theme);
    let rect = board_rect();
    let mut rows_term = terminal(&sink);
    let mut full_term = terminal(&sink);
    bare.draw(&mut rows_term, Some(rect), start, offset);
    bare.draw(&mut full_term, None, start, offset);

    let (mut a, mut b, mut c) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for i in 0..n {
        let down = i % 2 == 0;
        let t = Instant::now();
        update(&mut app, one_row(down));
        draw(&mut term, &app, &screen);
        a.push(ms(t.elapsed()));

        let selected = start + usize::from(down);
        let t = Instant::now();
        bare.draw(&mut rows_term, Some(rect), selected, offset);
        b.push(ms(t.elapsed()));

        let t = Instant::now();
        bare.draw(&mut full_term, None, selected, offset);
        c.push(ms(t.elapsed()));
    }
    sink.take();
    (a, b, c)
}

/// One row down the board, or one up.
fn one_row(down: bool) -> Action {
    if down {
        Action::MoveDown
    } else {
        Action::MoveUp
    }
}

fn frame_group(c: &mut Criterion) {
    let board = load_board();
    let theme = Theme::colour();
    let mut group = c.benchmark_group("frame_200x50");

    let mut app = mid_board(&board);
    let screen = Screen::new(theme);
    let (start, offset) = (app.selected, app.offset);
    let sink = Sink::default();
    let mut term = terminal(&sink);
    draw(&mut term, &app, &screen);
    let mut down = true;
    group.bench_function("caseboard_full_frame", |b| {
        b.iter(|| {
            update(&mut app, one_row(down));
            down = !down;
            draw(&mut term, &app, &screen);
        })
    });

    let bare = BareRows::new(&board, &theme);
    let rect = board_rect();
    let mut bare_term = terminal(&sink);
    let mut sel = start;
    group.bench_function("bare_table_same_rows", |b| {
        b.iter(|| {
            sel = if sel == start { start + 1 } else { start };
            bare.draw(&mut bare_term, Some(rect), sel, offset);
        })
    });
    let mut full_term = terminal(&sink);
    group.bench_function("bare_table_full_frame", |b| {
        b.iter(|| {
            sel = if sel == start { start + 1 } else { start };
            bare.draw(&mut full_term, None, sel, offset);
        })
    });
    group.finish();
    sink.take();
}

// ------------------------------------------------------------- 2. bytes

#[derive(Debug, Clone)]
struct Bytes {
    first_frame: u64,
    clear: u64,
    repaint: u64,
    /// Bytes for each one-row move that did not scroll the board.
    moves: Vec<u64>,
    /// Bytes for each one-row move that scrolled the board by a row.
    scrolls: Vec<u64>,
    bare_repaint: u64,
    bare_moves: Vec<u64>,
    bare_scrolls: Vec<u64>,
}

/// The bytes of `Terminal::clear()` and of the full repaint that follows.
/// `clear()` asks the tty where its cursor is, so without one this does
/// what it does on the runtime's full-screen viewport: the clear-screen
/// command, then a draw against a back buffer reset to blanks — which is
/// what a fresh terminal's back buffer is.
fn clear_and_repaint(sink: &Sink, draw: impl FnOnce(&mut Term)) -> (u64, u64) {
    sink.take();
    let mut term = terminal(sink);
    term.backend_mut()
        .clear_region(ClearType::All)
        .expect("clear");
    let clear = sink.take();
    draw(&mut term);
    (clear, sink.take())
}

fn bytes(board: &Board, theme: &Theme) -> Bytes {
    let sink = Sink::default();
    let mut term = terminal(&sink);
    let mut app = app_for(board.clone(), false);
    let screen = Screen::new(*theme);
    draw(&mut term, &app, &screen);
    let first_frame = sink.take();
    let (clear, repaint) = clear_and_repaint(&sink, |t| draw(t, &app, &screen));
    let (mut moves, mut scrolls) = (Vec::new(), Vec::new());
    // Down through a page and a half (scrolling at the bottom), then back up.
    let page = caseboard_tui::layout::board_rows_visible((W, H));
    for i in 0..(page * 3) {
        let offset = app.offset;
        update(&mut app, one_row(i < page * 3 / 2));
        draw(&mut term, &app, &screen);
        let n = sink.take();
        if app.offset == offset {
            moves.push(n);
        } else {
            scrolls.push(n);
        }
    }

    let bare = BareRows::new(board, theme);
    let (_, bare_repaint) = clear_and_repaint(&sink, |t| bare.draw(t, None, 0, 0));
    let mut term = terminal(&sink);
    bare.draw(&mut term, None, 0, 0);
    sink.take();
    let visible = (H - 3) as usize;
    let (mut bare_moves, mut bare_scrolls) = (Vec::new(), Vec::new());
    let (mut sel, mut offset) = (0usize, 0usize);
    for i in 0..(visible * 3) {
        let before = offset;
        if i < visible * 3 / 2 {
            sel += 1;
            if sel >= offset + visible {
                offset = sel + 1 - visible;
            }
        } else {
            sel -= 1;
            offset = offset.min(sel);
        }
        bare.draw(&mut term, None, sel, offset);
        let n = sink.take();
        if offset == before {
            bare_moves.push(n);
        } else {
            bare_scrolls.push(n);
        }
    }
    Bytes {
        first_frame,
        clear,
        repaint,
        moves,
        scrolls,
        bare_repaint,
        bare_moves,
        bare_scrolls,
    }
}

// ------------------------------------------------ 3. open to first frame

/// Replaying the board to events spread over the whole log, as a review
/// jumps there (a fold of the log up to that event); and stepping one event
/// forward, as `]` does. Milliseconds.
fn replay_samples(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    use caseboard_tui::app::review::Review;
    let store = Store::open(session(), Mode::ReadOnly).expect("open");
    let (events, board) = store.load().expect("load");
    let pack = board.pack().clone();
    let total = events.len();
    let mut review = Review::new(pack.clone(), events);
    let (mut jump, mut step, mut bare) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        // Spread the targets over the log, latest last (the costliest fold).
        let target = (i * 7919 + 13) % total.max(1);
        let t = Instant::now();
        review.go(target, 40);
        let replayed = review.board();
        jump.push(ms(t.elapsed()));
        let mut forward = replayed.clone();
        let t = Instant::now();
        if let Some(next) = review.events().get(target + 1) {
            forward.apply(next);
        }
        step.push(ms(t.elapsed()));
        std::hint::black_box(forward);
        let t = Instant::now();
        std::hint::black_box(select_all(session()));
        bare.push(ms(t.elapsed()));
    }
    (jump, step, bare)
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

fn open_samples(n: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let t = Instant::now();
        let opened = open_to_first_frame(session());
        a.push(ms(t.elapsed()));
        drop(opened);
        let t = Instant::now();
        let rows = select_all(session());
        b.push(ms(t.elapsed()));
        drop(rows);
    }
    (a, b)
}

fn open_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("open_to_first_frame");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("caseboard_open_load_draw", |b| {
        b.iter_batched(
            || (),
            |()| open_to_first_frame(session()),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("bare_rusqlite_select_all", |b| {
        b.iter_batched(|| (), |()| select_all(session()), BatchSize::PerIteration)
    });
    group.finish();
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
    let p99 = |s: &[f64]| percentile(s, 0.99);
    println!(
        "\nscreen, large session ({} events, made in {:.1} s), 200×50 — medians and ratios (this run):",
        f.events, f.build_s
    );

    if !f.frame.is_empty() {
        let (a, b, c) = (&f.frame, &f.bare_rows, &f.bare_full);
        println!(
            "  full frame ({} draws each, interleaved, selection moving each frame):",
            a.len()
        );
        println!(
            "    caseboard              p50 {:.3} ms  p99 {:.3} ms (bar p99 ≤ 1 ms: {})",
            p50(a),
            p99(a),
            verdict(p99(a) <= 1.0)
        );
        if !f.first_visit.is_empty() {
            let v = &f.first_visit;
            println!(
                "    caseboard, walking down the board ({} frames, each a priority never drawn before)  p50 {:.3} ms  p99 {:.3} ms (bar p99 ≤ 1 ms: {})",
                v.len(),
                p50(v),
                p99(v),
                verdict(p99(v) <= 1.0)
            );
        }
        println!(
            "    bare Table, same {} rows in the board pane  p50 {:.3} ms  p99 {:.3} ms  → caseboard {:.2}× at p50, {:.2}× at p99 (bar ≤ 1.5×: {})",
            f.board_rows,
            p50(b),
            p99(b),
            p50(a) / p50(b),
            p99(a) / p99(b),
            verdict(p50(a) / p50(b) <= 1.5)
        );
        println!(
            "    bare Table filling the frame ({} rows)  p50 {:.3} ms  p99 {:.3} ms  → caseboard {:.2}× at p50, {:.2}× at p99 (bar ≤ 1.5×: {})",
            H - 3,
            p50(c),
            p99(c),
            p50(a) / p50(c),
            p99(a) / p99(c),
            verdict(p50(a) / p50(c) <= 1.5)
        );
    }
    let g = "frame_200x50";
    if let (false, Some(s), Some(r), Some(full)) = (
        f.quick,
        median(g, "caseboard_full_frame"),
        median(g, "bare_table_same_rows"),
        median(g, "bare_table_full_frame"),
    ) {
        println!(
            "    criterion medians: caseboard {:.3} ms, bare same rows {:.3} ms ({:.2}×), bare full frame {:.3} ms ({:.2}×)",
            s / 1e6,
            r / 1e6,
            s / r,
            full / 1e6,
            s / full
        );
    }

    if let Some(b) = &f.bytes {
        let max = |v: &[u64]| v.iter().copied().max().unwrap_or(0);
        let med = |v: &[u64]| {
            let mut v = v.to_vec();
            v.sort_unstable();
            v.get(v.len() / 2).copied().unwrap_or(0)
        };
        println!("  bytes sent to the terminal:");
        println!(
            "    selection moves one row: median {} B, max {} B over {} moves (bar ≤ 2048 B: {}); when it scrolls the board (no bar): median {} B, max {} B over {}",
            med(&b.moves),
            max(&b.moves),
            b.moves.len(),
            verdict(max(&b.moves) <= 2048),
            med(&b.scrolls),
            max(&b.scrolls),
            b.scrolls.len()
        );
        println!(
            "      bare Table filling the frame: median {} B, max {} B; scrolling median {} B, max {} B",
            med(&b.bare_moves),
            max(&b.bare_moves),
            med(&b.bare_scrolls),
            max(&b.bare_scrolls)
        );
        println!(
            "    full repaint after clear(): {} B (+{} B for the clear itself; first frame {} B) vs bare Table filling the frame {} B = {:.2}× (bar ≤ 16384 B: {})",
            b.repaint,
            b.clear,
            b.first_frame,
            b.bare_repaint,
            b.repaint as f64 / b.bare_repaint as f64,
            verdict(b.repaint + b.clear <= 16384)
        );
    }

    if !f.open.is_empty() {
        println!(
            "  open to first frame, warm, in this process ({} runs each, interleaved): caseboard p50 {:.1} ms (max {:.1}) vs bare rusqlite SELECT * FROM events p50 {:.1} ms (max {:.1}) = {:.2}× (bar ≤ 50 ms: {})",
            f.open.len(),
            p50(&f.open),
            percentile(&f.open, 1.0),
            p50(&f.select_all),
            percentile(&f.select_all, 1.0),
            p50(&f.open) / p50(&f.select_all),
            verdict(p50(&f.open) <= 50.0)
        );
    }
    let g = "open_to_first_frame";
    if let (false, Some(s), Some(b)) = (
        f.quick,
        median(g, "caseboard_open_load_draw"),
        median(g, "bare_rusqlite_select_all"),
    ) {
        println!(
            "    criterion medians: caseboard {:.1} ms vs bare {:.1} ms = {:.2}×",
            s / 1e6,
            b / 1e6,
            s / b
        );
    }

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

    if !f.replay.is_empty() {
        println!(
            "  replay to an event of the {}-event log ({} jumps): p50 {:.1} ms, max {:.1} ms (bar ≤ 20 ms: {}); one step forward p50 {:.3} ms; bare rusqlite SELECT * FROM events p50 {:.1} ms → replay {:.2}×",
            f.events,
            f.replay.len(),
            p50(&f.replay),
            percentile(&f.replay, 1.0),
            verdict(percentile(&f.replay, 1.0) <= 20.0),
            p50(&f.replay_step),
            p50(&f.replay_select_all),
            p50(&f.replay) / p50(&f.replay_select_all)
        );
    }
    match &f.fresh {
        Some(r) => {
            println!(
                "  open to first frame in a fresh process ({} runs each): caseboard p50 {:.1} ms (max {:.1}) vs bare rusqlite SELECT * p50 {:.1} ms = {:.2}× (bar ≤ 50 ms: {})",
                r.open_ms.len(),
                p50(&r.open_ms),
                percentile(&r.open_ms, 1.0),
                p50(&r.bare_ms),
                p50(&r.open_ms) / p50(&r.bare_ms),
                verdict(p50(&r.open_ms) <= 50.0)
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

criterion_group!(benches, frame_group, open_group);

fn main() {
    if let Ok(spec) = std::env::var(RSS_ENV) {
        rss_child(&spec);
        return;
    }
    // Colours as a colour terminal gets them, whatever NO_COLOR says here.
    crossterm::style::force_color_output(true);
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` runs each benchmark once: keep that quick.
    let quick = args.iter().any(|a| a == "--test" || a == "--list");

    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let path = dir.path().join("large.caseboard");
    let t = Instant::now();
    synthetic::session(&path, synthetic::LARGE, SEED, 1000).expect("large session");
    let build_s = t.elapsed().as_secs_f64();
    SESSION.set(path).expect("once");

    benches();
    Criterion::default().configure_from_args().final_summary();
    if args.iter().any(|a| a == "--list") {
        return;
    }

    let theme = Theme::colour();
    let board = load_board();
    let mut f = Figures {
        quick,
        build_s,
        events: board.last_seq(),
        board_rows: caseboard_tui::layout::board_rows_visible((W, H)),
        ..Figures::default()
    };
    let (frame, bare_rows, bare_full) =
        frame_samples(&board, &theme, if quick { 20 } else { 5000 });
    f.frame = frame;
    f.first_visit = first_visit_samples(&board, &theme, if quick { 5 } else { 499 });
    f.bare_rows = bare_rows;
    f.bare_full = bare_full;
    f.bytes = Some(bytes(&board, &theme));
    let (open, select) = open_samples(if quick { 2 } else { 25 });
    f.open = open;
    f.select_all = select;
    f.fresh = fresh(if quick { 1 } else { 9 });
    let (replay, replay_step, replay_select_all) = replay_samples(if quick { 2 } else { 25 });
    f.replay = replay;
    f.replay_step = replay_step;
    f.replay_select_all = replay_select_all;
    // The follow runs append to a copy, so the figures above stay comparable.
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
