//! Exporting the record of the large session (20,000 events, SPEC §7) in
//! each format, as `caseboard export FILE --format md|csv|json -o OUT` runs
//! it: open read-only, read and fold the log, render, write atomically.
//! Beside them, in the same run, two baselines: the least any export must
//! do (bare rusqlite reading every event row, the text written the same
//! atomic way) and `serde_json::to_string` of the events already in memory.
//!
//! The outputs go to a tmpfs (`/dev/shm`) where there is one, so the
//! figures measure caseboard rather than the disk's fsync.

use caseboard::cli::{run, write_atomically, Cli};
use caseboard_store::{Mode, Store};
use caseboard_testkit::bench::median;
use caseboard_testkit::synthetic;
use clap::Parser;
use criterion::{criterion_group, Criterion};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const SEED: u64 = 7;
const GROUP: &str = "export_20k";

/// The least an export does: every event row read with bare rusqlite, the
/// text written atomically.
fn bare_rows(session: &Path, out: &Path) -> usize {
    let conn = Connection::open_with_flags(
        session,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open");
    let mut stmt = conn
        .prepare("SELECT seq, at, actor, kind, priority, payload FROM events ORDER BY seq")
        .expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    let mut text = String::with_capacity(8 << 20);
    while let Some(r) = rows.next().expect("row") {
        let seq: i64 = r.get(0).expect("seq");
        let at: String = r.get(1).expect("at");
        let actor: String = r.get(2).expect("actor");
        let kind: String = r.get(3).expect("kind");
        let priority: Option<String> = r.get(4).expect("priority");
        let payload: String = r.get(5).expect("payload");
        text.push_str(&format!(
            "{seq},{at},{actor},{kind},{},{payload}\n",
            priority.unwrap_or_default()
        ));
    }
    write_atomically(out, text.as_bytes()).expect("write");
    text.len()
}

fn export(session: &Path, format: &str, out: &Path) {
    let cli = Cli::try_parse_from([
        "caseboard".as_ref(),
        "export".as_ref(),
        session.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .expect("arguments");
    assert!(run(cli).expect("export"), "export succeeded");
}

fn output_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = tempfile::tempdir_in(shm) {
            return dir;
        }
    }
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir")
}

/// The session every benchmark reads, built once in `main`.
static SESSION: OnceLock<PathBuf> = OnceLock::new();

fn session() -> &'static Path {
    SESSION.get().expect("the session is built first")
}

fn exports(c: &mut Criterion) {
    let session = session();
    let out_dir = output_dir();
    let out = |name: &str| -> PathBuf { out_dir.path().join(name) };
    let mut group = c.benchmark_group(GROUP);
    group.sample_size(20);
    for format in ["md", "csv", "json"] {
        let path = out(&format!("record.{format}"));
        group.bench_function(format, |b| b.iter(|| export(session, format, &path)));
    }
    let rows_path = out("rows.txt");
    group.bench_function("bare_rusqlite_rows", |b| {
        b.iter(|| bare_rows(session, &rows_path))
    });
    // What the md and json exports share before they render: open (with
    // its `quick_check`), read every event, fold the board.
    group.bench_function("open_and_load", |b| {
        b.iter(|| {
            let store = Store::open_for_review(session).expect("open");
            store.load().expect("load").0.len()
        })
    });
    let store = Store::open(session, Mode::ReadOnly).expect("open");
    let (events, _) = store.load().expect("load");
    group.bench_function("serde_json_events", |b| {
        b.iter(|| serde_json::to_string(&events).expect("json").len())
    });
    group.finish();
}

/// The size of each output, written once more outside the timings.
fn sizes() -> Vec<(String, u64)> {
    let out_dir = output_dir();
    let mut sizes = Vec::new();
    for format in ["md", "csv", "json"] {
        let path = out_dir.path().join(format!("record.{format}"));
        export(session(), format, &path);
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        sizes.push((format!("--format {format}"), len));
    }
    let rows = bare_rows(session(), &out_dir.path().join("rows.txt"));
    sizes.push(("bare rows".to_string(), rows as u64));
    sizes
}

fn report(events: usize, sizes: &[(String, u64)]) {
    println!("\nexport of the large session ({events} events): medians and ratios (this run)");
    let rows = median(GROUP, "bare_rusqlite_rows");
    let shared = median(GROUP, "open_and_load");
    if let (Some(o), Some(b)) = (shared, rows) {
        println!(
            "  shared by md and json, open (quick_check) + read every event + fold the board: {:.1} ms = {:.2}× bare rusqlite rows",
            o / 1e6,
            o / b
        );
    }
    let serde = median(GROUP, "serde_json_events");
    for format in ["md", "csv", "json"] {
        let Some(s) = median(GROUP, format) else {
            continue;
        };
        let mut line = format!("  export --format {format}: {:.1} ms", s / 1e6);
        // csv reads the events without folding the board.
        if let Some(o) = shared.filter(|_| format != "csv") {
            line.push_str(&format!(" (rendering and writing {:.1} ms)", (s - o) / 1e6));
        }
        if let Some(b) = rows {
            line.push_str(&format!(
                "; vs bare rusqlite rows {:.1} ms = {:.2}×",
                b / 1e6,
                s / b
            ));
        }
        if let Some(j) = serde {
            line.push_str(&format!(
                "; vs serde_json of the events {:.1} ms = {:.2}×",
                j / 1e6,
                s / j
            ));
        }
        println!("{line}");
    }
    for (name, len) in sizes {
        println!("  output size, {name}: {:.2} MB", *len as f64 / 1e6);
    }
}

criterion_group!(benches, exports);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let path = dir.path().join("large.caseboard");
    synthetic::session(&path, synthetic::LARGE, SEED, 1000).expect("large session");
    SESSION.set(path).expect("once");
    benches();
    Criterion::default().configure_from_args().final_summary();
    if args.iter().any(|a| a == "--list" || a == "--test") {
        return;
    }
    report(synthetic::LARGE.events, &sizes());
}
