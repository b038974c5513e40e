//! `caseboard summary` over a region of 50 sessions, beside baselines
//! measured in the same run (SPEC §7): opening and loading the same 50
//! sessions through the store (what any command reading them pays), and
//! bare rusqlite reading their event rows.

use caseboard_core::validate::parse_pack;
use caseboard_store::{Mode, Store};
use caseboard_testkit::bench::median;
use criterion::{criterion_group, Criterion};
use rusqlite::{Connection, OpenFlags};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use caseboard_report::summary;

const SESSIONS: usize = 50;
/// Events recorded in each session after its creation.
const EVENTS: usize = 80;

/// 50 sessions of a generated pack (40 priorities, 60 indicators, 30
/// objections), each its own partnership, each with its own run of decisions
/// and objections.
fn region(dir: &Path) -> Vec<PathBuf> {
    let text = caseboard_testkit::synthetic::pack(40, 60, 30);
    (0..SESSIONS)
        .map(|i| {
            let mut pack: serde_json::Value = serde_json::from_str(&text).expect("json");
            pack["conference"]["partnership"] = format!("Area {:02} Partnership", i + 1).into();
            let text = serde_json::to_string_pretty(&pack).expect("json");
            let parsed = parse_pack(&text).expect("valid pack");
            let path = dir.join(format!("area-{:02}.caseboard", i + 1));
            let mut store = Store::create(&path, &text, &parsed, "bench").expect("create");
            let (_, mut board) = store.load().expect("load");
            let mut script = caseboard_testkit::synthetic::Script::new(i as u64 + 1);
            caseboard_testkit::synthetic::record(
                &mut store,
                &mut board,
                &mut script,
                EVENTS,
                EVENTS,
            )
            .expect("record");
            path
        })
        .collect()
}

fn summary_50(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let files = region(dir.path());
    let mut group = c.benchmark_group("summary_50");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));

    group.bench_function("bare_rusqlite_event_rows", |b| {
        b.iter(|| {
            let mut rows = 0usize;
            for f in &files {
                let conn = Connection::open_with_flags(
                    f,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .expect("open");
                let mut stmt = conn
                    .prepare("SELECT seq, at, actor, kind, payload FROM events ORDER BY seq")
                    .expect("prepare");
                let all: Vec<(u64, String, String, String, String)> = stmt
                    .query_map([], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("rows");
                rows += all.len();
            }
            black_box(rows)
        })
    });
    group.bench_function("open_and_load", |b| {
        b.iter(|| {
            let mut n = 0;
            for f in &files {
                let store = Store::open(f, Mode::ReadOnly).expect("open");
                let (events, board) = store.load().expect("load");
                n += events.len() + board.priorities().len();
            }
            black_box(n)
        })
    });
    for (name, format) in [
        ("summary_text", summary::SummaryFormat::Text),
        ("summary_csv", summary::SummaryFormat::Csv),
        ("summary_json", summary::SummaryFormat::Json),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let s = summary::summarise(caseboard::cli::summary_inputs(&files));
                assert_eq!(s.areas.len(), SESSIONS);
                black_box(summary::render(&s, format).len())
            })
        });
    }
    group.finish();
}

fn report() {
    let group = "summary_50";
    println!(
        "\nmedians and ratios (this run, {SESSIONS} sessions of {} events each):",
        EVENTS + 1
    );
    for subject in ["summary_text", "summary_csv", "summary_json"] {
        for baseline in ["open_and_load", "bare_rusqlite_event_rows"] {
            if let (Some(s), Some(b)) = (median(group, subject), median(group, baseline)) {
                println!(
                    "  {subject} {:.2} ms vs {baseline} {:.2} ms = {:.2}×",
                    s / 1e6,
                    b / 1e6,
                    s / b
                );
            }
        }
    }
}

criterion_group!(benches, summary_50);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report();
}
