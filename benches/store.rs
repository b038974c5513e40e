//! Durable writes and pack import, each beside a baseline measured in the
//! same run (SPEC §7): a confirmed decision against a bare rusqlite
//! single-row commit on the same file system; import against parsing alone.

use caseboard_core::validate::parse_pack;
use caseboard_core::{Command, Outcome};
use caseboard_store::{Mode, Store};
use caseboard_testkit::bench::median;
use criterion::{criterion_group, BatchSize, Criterion};
use rusqlite::{params, Connection, TransactionBehavior};

fn durable_commit(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let mut group = c.benchmark_group("durable_commit");

    // Baseline: the least a durable single-row commit can cost here.
    let bare_path = dir.path().join("bare.sqlite");
    let mut bare = Connection::open(&bare_path).expect("open");
    bare.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    bare.pragma_update(None, "synchronous", "FULL")
        .expect("full");
    bare.execute_batch("CREATE TABLE log (seq INTEGER PRIMARY KEY, at TEXT, payload TEXT)")
        .expect("table");
    let mut n = 0u64;
    group.bench_function("bare_rusqlite_row", |b| {
        b.iter(|| {
            n += 1;
            let tx = bare
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .expect("begin");
            tx.execute(
                "INSERT INTO log (seq, at, payload) VALUES (?1, ?2, ?3)",
                params![
                    n,
                    "2008-03-12T10:00:00.000Z",
                    "{\"priority\":\"P0001\",\"outcome\":\"defer\"}"
                ],
            )
            .expect("insert");
            tx.commit().expect("commit");
        })
    });

    // caseboard: rules checked, hash chained, committed durably.
    let text = caseboard_testkit::synthetic::pack(500, 2000, 3000);
    let pack = parse_pack(&text).expect("generated pack is valid");
    let path = dir.path().join("bench.caseboard");
    Store::create(&path, &text, &pack, "bench").expect("create");
    let mut store = Store::open(&path, Mode::ReadWrite).expect("open");
    let (_, mut board) = store.load().expect("load");
    let ids: Vec<String> = board.priorities().iter().map(|p| p.id.clone()).collect();
    let mut i = 0usize;
    group.bench_function("caseboard_decision", |b| {
        b.iter(|| {
            i += 1;
            let command = Command::Decide {
                priority: ids[i % ids.len()].clone(),
                outcome: Outcome::Defer,
                rationale: "Awaiting the Place Survey baseline".into(),
                local: false,
                target: None,
            };
            let recorded = store.record(&board, "bench", command).expect("recorded");
            board.apply(&recorded.event);
        })
    });
    group.finish();
}

fn pack_import(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let text = caseboard_testkit::synthetic::pack(500, 2000, 3000);
    let mut group = c.benchmark_group("pack_import_500");
    group.sample_size(20);
    group.bench_function("serde_json_parse_only", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&text).expect("json"))
    });
    group.bench_function("validate", |b| b.iter(|| parse_pack(&text).expect("valid")));
    let mut n = 0;
    group.bench_function("validate_and_create_session", |b| {
        b.iter_batched(
            || {
                n += 1;
                dir.path().join(format!("import-{n}.caseboard"))
            },
            |path| {
                let pack = parse_pack(&text).expect("valid");
                Store::create(&path, &text, &pack, "bench").expect("create");
                path
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn report() {
    let pairs = [
        (
            "durable_commit",
            "caseboard_decision",
            "bare_rusqlite_row",
            Some(1.3),
        ),
        (
            "pack_import_500",
            "validate_and_create_session",
            "serde_json_parse_only",
            None,
        ),
    ];
    println!("\nmedians and ratios (this run):");
    for (group, subject, baseline, bar) in pairs {
        if let (Some(s), Some(b)) = (median(group, subject), median(group, baseline)) {
            let verdict = match bar {
                Some(bar) if s / b <= bar => format!(" (bar ≤ {bar}: met)"),
                Some(bar) => format!(" (bar ≤ {bar}: NOT met)"),
                None => String::new(),
            };
            println!(
                "  {group}: {subject} {:.3} ms vs {baseline} {:.3} ms = {:.2}×{verdict}",
                s / 1e6,
                b / 1e6,
                s / b
            );
        }
    }
}

criterion_group!(benches, durable_commit, pack_import);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report();
}
