//! A pack beyond any real conference is refused with the limit named, before
//! it is read whole or checked item by item; messages use the author's words
//! ("expected a number", a title's own limit, "is a folder"); a byte order
//! mark is accepted.

use caseboard_testkit::fixtures as common;

use caseboard_core::validate::{
    parse_pack, MAX_ENTRIES_PER_ITEM, MAX_INDICATORS, MAX_PACK_BYTES, MAX_PRIORITIES,
};
use common::*;
use serde_json::{json, Value};
use std::process::Output;
use std::time::{Duration, Instant};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Runs caseboard as `tester`; it must not have panicked.
fn caseboard(args: &[&str]) -> Output {
    run_as_tester(BIN, args)
}

/// The default pack with `n` designated priorities, each on indicator NI 1.
fn with_priorities(n: usize) -> Value {
    let mut v = default_pack();
    let list: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("Q{i}"), "title": "A priority", "kind": "designated",
                   "themes": ["cyp"], "indicators": ["NI 1"]})
        })
        .collect();
    v["priorities"] = Value::Array(list);
    v["objections"] = json!([]);
    v
}

fn only_problem(v: &Value) -> String {
    let ps = parse_pack(&v.to_string()).unwrap_err();
    assert_eq!(ps.len(), 1, "{ps:?}");
    ps[0].to_string()
}

#[test]
fn lists_beyond_the_limits_are_refused_naming_the_limit() {
    assert!(parse_pack(&with_priorities(MAX_PRIORITIES).to_string()).is_ok());
    let started = Instant::now();
    let too_many = with_priorities(MAX_PRIORITIES + 1);
    let msg = only_problem(&too_many);
    assert!(msg.contains("priorities"), "{msg}");
    assert!(msg.contains("at most 5000 priorities"), "{msg}");
    assert!(started.elapsed() < Duration::from_secs(20));

    let mut v = default_pack();
    let inds: Vec<Value> = (0..=MAX_INDICATORS)
        .map(|i| json!({"code": format!("X {i}"), "title": "t"}))
        .collect();
    v["indicators"] = Value::Array(inds);
    let msg = only_problem(&v);
    assert!(msg.contains("at most 20000 indicators"), "{msg}");

    let mut v = default_pack();
    let points: Vec<Value> = (0..=MAX_ENTRIES_PER_ITEM)
        .map(|i| json!({"period": format!("{i}"), "value": 1.0}))
        .collect();
    v["indicators"][0]["series"] = Value::Array(points);
    let msg = only_problem(&v);
    assert!(msg.contains("indicators[0].series"), "{msg}");
    assert!(msg.contains("at most 1000 series points"), "{msg}");

    let mut v = default_pack();
    let people: Vec<Value> = (0..2001)
        .map(|i| json!({"id": format!("a{i}"), "name": "n", "organisation": "o", "tier": "local"}))
        .collect();
    v["attendees"] = Value::Array(people);
    assert!(only_problem(&v).contains("at most 2000 attendees"));

    let mut v = default_pack();
    let objections: Vec<Value> = (0..50_001)
        .map(|i| json!({"id": format!("O{i}"), "priority": "P1", "text": "t"}))
        .collect();
    v["objections"] = Value::Array(objections);
    assert!(only_problem(&v).contains("at most 50000 objections"));
}

#[test]
fn a_pack_file_too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // Sparse: as large as it says, without the disk space.
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_PACK_BYTES as u64 + 1).unwrap();
    drop(f);
    let file = dir.path().join("s.caseboard");
    let started = Instant::now();
    let out = caseboard(&["new", p(&file), "--pack", p(&big)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("50 MB"), "names the limit: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5), "not read whole");
    assert!(!file.exists());

    // A pack that never ends is cut at the limit.
    let out = caseboard(&["new", p(&file), "--pack", "/dev/zero"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("50 MB"), "{err}");
    assert!(!file.exists());
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("bom.json");
    let text = format!(
        "\u{FEFF}{}",
        serde_json::to_string_pretty(&default_pack()).unwrap()
    );
    std::fs::write(&pack, text).unwrap();
    let file = dir.path().join("s.caseboard");
    let out = caseboard(&["new", p(&file), "--pack", p(&pack)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(caseboard(&["verify", p(&file)]).status.success());
    assert!(caseboard(&["board", p(&file)]).status.success());
}

#[test]
fn type_errors_use_plain_words() {
    let mut v = default_pack();
    v["indicators"][0]["series"][0]["value"] = json!("forty");
    let msg = only_problem(&v);
    assert!(msg.contains("expected a number"), "{msg}");
    assert!(!msg.contains("f64"), "{msg}");

    let mut v = default_pack();
    v["priorities"][0]["timebox_minutes"] = json!(2.5);
    let msg = only_problem(&v);
    assert!(msg.contains("expected a whole number"), "{msg}");
    assert!(!msg.contains("u32"), "{msg}");
}

#[test]
fn a_very_long_title_is_told_the_title_limit() {
    let mut v = default_pack();
    v["priorities"][1]["title"] = json!("t".repeat(25_000));
    let msg = only_problem(&v);
    assert!(msg.contains("priorities[1].title"), "{msg}");
    assert!(msg.contains("a title is at most 300"), "{msg}");
    assert!(!msg.contains("20000"), "{msg}");
    let mut v = default_pack();
    v["conference"]["partnership"] = json!("t".repeat(25_000));
    assert!(only_problem(&v).contains("a title is at most 300"));
}

#[test]
fn new_into_a_folder_says_it_is_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path(), "pack.json", &default_pack());
    let folder = dir.path().join("sessions");
    std::fs::create_dir(&folder).unwrap();
    let out = caseboard(&["new", p(&folder), "--pack", p(&pack)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("is a folder"), "{err}");
    assert_eq!(err.lines().count(), 1);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);

    let out = caseboard(&[
        "new",
        p(&dir.path().join("s.caseboard")),
        "--pack",
        p(&folder),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("folder"), "{err}");
}
