//! The tables the views read (`board`, `objections`) are derived from the
//! chained pack JSON: `verify` rebuilds them from it and names the first
//! difference by table and id, and every open refuses writes while one
//! differs.

use caseboard_testkit::fixtures as common;

use caseboard_store::{verify, Mode, RecordError, Store, StoreError};
use common::*;
use std::path::Path;
use std::process::Command;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Runs `sql` with the guard triggers of `table` dropped, then puts them
/// back, so only the data shows the edit.
fn tamper_table(path: &Path, table: &str, sql: &str) {
    let conn = raw(path);
    let guards: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1")
        .unwrap()
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!guards.is_empty(), "{table} has guard triggers");
    for (name, _) in &guards {
        conn.execute_batch(&format!("DROP TRIGGER {name};"))
            .unwrap();
    }
    let changed = conn.execute(sql, []).unwrap();
    assert_eq!(changed, 1, "the tamper took: {sql}");
    for (_, create) in &guards {
        conn.execute_batch(create).unwrap();
    }
}

/// Tampers, then checks that `verify` names exactly `expected` and that the
/// chain itself is still intact.
fn named_by_verify(table: &str, sql: &str, expected: &str) {
    let s = session();
    assert!(verify(&s.path).unwrap().is_sound());
    tamper_table(&s.path, table, sql);
    let report = verify(&s.path).unwrap();
    assert!(!report.is_sound(), "{table}: tampering went unnoticed");
    let problems: Vec<&str> = report.findings.iter().map(|f| f.problem.as_str()).collect();
    assert_eq!(problems, vec![expected], "{table}");
    let out = Command::new(BIN)
        .args(["verify", s.path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{table}: verify exits 1");
    let printed =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(printed.contains(expected), "{table}: {printed}");
}

/// A write through `store` is refused: the pack it was made from changed.
fn assert_write_refused_as_altered(store: &mut Store, board: &caseboard_core::Board) {
    let refused = store.record(
        board,
        "tester",
        decide("P1", caseboard_core::Outcome::Accept, ""),
    );
    assert!(
        matches!(
            refused,
            Err(RecordError::Store(StoreError::AlteredPack { .. }))
        ),
        "{refused:?}"
    );
}

#[test]
fn an_edited_priority_is_named_by_table_and_id() {
    named_by_verify(
        "priorities",
        "UPDATE priorities SET title = 'Something nobody agreed' WHERE id = 'P2'",
        "the priorities table differs from the chained pack at P2: title",
    );
}

#[test]
fn a_priority_turned_statutory_is_named() {
    named_by_verify(
        "priorities",
        "UPDATE priorities SET kind = 'statutory' WHERE id = 'P3'",
        "the priorities table differs from the chained pack at P3: kind",
    );
}

#[test]
fn an_edited_meta_row_is_named() {
    named_by_verify(
        "meta",
        "UPDATE meta SET value = '99' WHERE key = 'designated_cap'",
        "the meta table differs from the chained pack at designated_cap: value",
    );
}

#[test]
fn an_edited_attendee_is_named() {
    named_by_verify(
        "attendees",
        "UPDATE attendees SET tier = 'local' WHERE id = 'go'",
        "the attendees table differs from the chained pack at go: tier",
    );
}

#[test]
fn an_edited_pack_objection_is_named() {
    named_by_verify(
        "pack_objections",
        "UPDATE pack_objections SET text = 'Nobody objects' WHERE id = 'O1'",
        "the pack_objections table differs from the chained pack at O1: text",
    );
}

#[test]
fn a_deleted_pack_objection_is_named() {
    named_by_verify(
        "pack_objections",
        "DELETE FROM pack_objections WHERE id = 'O1'",
        "the pack_objections table differs from the chained pack at O1: the row is missing",
    );
}

#[test]
fn an_added_pack_objection_is_named() {
    named_by_verify(
        "pack_objections",
        "INSERT INTO pack_objections (id, priority, text, kind) VALUES ('O9', 'P1', 'Planted', 'other')",
        "the pack_objections table differs from the chained pack at O9: a row the pack does not have",
    );
}

#[test]
fn an_edited_theme_is_named() {
    named_by_verify(
        "themes",
        "UPDATE themes SET name = 'Renamed' WHERE id = 'ssc'",
        "the themes table differs from the chained pack at ssc: name",
    );
}

#[test]
fn an_edited_indicator_is_named() {
    named_by_verify(
        "indicators",
        "UPDATE indicators SET target_value = 20.0 WHERE code = 'NI 2'",
        "the indicators table differs from the chained pack at NI 2: target_value",
    );
}

#[test]
fn an_edited_priority_indicator_is_named() {
    named_by_verify(
        "priority_indicators",
        "UPDATE priority_indicators SET position = 5 WHERE priority = 'P1'",
        "the priority_indicators table differs from the chained pack at P1/NI 1: position",
    );
}

#[test]
fn a_moved_priority_theme_is_named() {
    named_by_verify(
        "priority_themes",
        "UPDATE priority_themes SET theme = 'ssc' WHERE priority = 'P1'",
        "the priority_themes table differs from the chained pack at P1/ssc: a row the pack does not have",
    );
}

#[test]
fn an_edited_pack_table_refuses_writes_and_never_reaches_caseboards_reads() {
    let s = session();
    tamper_table(
        &s.path,
        "priorities",
        "UPDATE priorities SET title = 'Something nobody agreed' WHERE id = 'P2'",
    );
    let file = s.path.to_str().unwrap();
    // caseboard reads the pack from its chained JSON, never from the table.
    let board = Command::new(BIN).args(["board", file]).output().unwrap();
    assert_eq!(board.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&board.stdout);
    assert!(shown.contains("Designated priority number 2"), "{shown}");
    assert!(!shown.contains("Something nobody agreed"), "{shown}");
    let decide = Command::new(BIN)
        .args(["decide", file, "P1", "accept", "--as", "tester"])
        .output()
        .unwrap();
    assert_eq!(decide.status.code(), Some(1));
    let err = String::from_utf8_lossy(&decide.stderr);
    assert!(
        err.contains("at P2: title") && err.contains("caseboard verify"),
        "{err}"
    );
    let count: i64 = raw(&s.path)
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1, "nothing recorded");
}

#[test]
fn an_altered_pack_json_refuses_writes_on_open() {
    let s = session();
    tamper_table(
        &s.path,
        "pack",
        "UPDATE pack SET json = replace(json, '\"designated_cap\": 35', '\"designated_cap\": 60')",
    );
    let mut store = Store::open(&s.path, Mode::ReadWrite).unwrap();
    let (_, board) = store.load().unwrap();
    assert!(
        store
            .notices()
            .iter()
            .any(|n| n.contains("SHA-256 no longer matches")),
        "{:?}",
        store.notices()
    );
    assert_write_refused_as_altered(&mut store, &board);
}

#[test]
fn an_untouched_session_compares_equal() {
    let s = session_from(&pack_value(5, 6));
    let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
    store.load().unwrap();
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    assert!(verify(&s.path).unwrap().is_sound());
}

#[test]
fn a_screen_finds_an_edited_table_once_its_first_frame_is_up() {
    let s = session();
    tamper_table(
        &s.path,
        "priorities",
        "UPDATE priorities SET title = 'Something nobody agreed' WHERE id = 'P2'",
    );
    for mode in [Mode::ReadWrite, Mode::Follow] {
        let mut store = Store::open_checking_in_background(&s.path, mode).unwrap();
        let (_, board) = store.load().unwrap();
        // The runtime asks this once the first frame is drawn.
        store.confirm_sound().unwrap();
        let notices = store.notices();
        assert!(
            notices.iter().any(|n| n.contains("priorities table")),
            "{mode:?}: {notices:?}"
        );
        if mode == Mode::ReadWrite {
            assert_write_refused_as_altered(&mut store, &board);
        }
    }
}

#[test]
fn open_and_load_finds_an_edited_table_and_an_altered_pack_before_it_returns() {
    let s = session();
    tamper_table(
        &s.path,
        "priorities",
        "UPDATE priorities SET title = 'Something nobody agreed' WHERE id = 'P2'",
    );
    let (mut store, _, board) = Store::open_and_load(&s.path, Mode::ReadWrite).unwrap();
    assert!(
        store
            .notices()
            .iter()
            .any(|n| n.contains("priorities table")),
        "{:?}",
        store.notices()
    );
    assert_write_refused_as_altered(&mut store, &board);
    drop(store);
    let s = session();
    tamper_table(
        &s.path,
        "pack",
        "UPDATE pack SET json = replace(json, '\"designated_cap\": 35', '\"designated_cap\": 60')",
    );
    let (mut store, _, board) = Store::open_and_load(&s.path, Mode::ReadWrite).unwrap();
    assert!(
        store
            .notices()
            .iter()
            .any(|n| n.contains("SHA-256 no longer matches")),
        "{:?}",
        store.notices()
    );
    assert_write_refused_as_altered(&mut store, &board);
    // The command that records once refuses it too, and appends nothing.
    let decide = Command::new(BIN)
        .args([
            "decide",
            s.path.to_str().unwrap(),
            "P1",
            "accept",
            "--as",
            "tester",
        ])
        .output()
        .unwrap();
    assert_eq!(decide.status.code(), Some(1));
    let err = String::from_utf8_lossy(&decide.stderr);
    assert!(err.contains("SHA-256 no longer matches"), "{err}");
}
