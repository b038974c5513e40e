//! The session file on disk: creating and opening it, every kind of file it
//! must refuse (and leave untouched), the guard triggers, the hash chain and
//! `verify`, the domain rules as enforced through the store, two writers at
//! once, live following, and durability when the writer is killed.

use caseboard_testkit::fixtures as common;

use caseboard_core::pack::{ObjectionKind, PeriodValue};
use caseboard_core::{Command, EventBody, Outcome, Refusal, Status, Warning};
use caseboard_store::{
    verify, Mode, RecordError, Store, StoreError, APPLICATION_ID, SCHEMA_VERSION,
};
use common::*;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

// ---------------------------------------------------------------- helpers

fn open_rw(path: &Path) -> Store {
    Store::open(path, Mode::ReadWrite).unwrap()
}

/// Records `command` against a freshly loaded board.
fn record(store: &mut Store, command: Command) -> Result<caseboard_store::Recorded, RecordError> {
    let (_, board) = store.load().unwrap();
    store.record(&board, "tester", command)
}

fn refused(result: Result<caseboard_store::Recorded, RecordError>) -> Refusal {
    match result {
        Err(RecordError::Refused(r)) => r,
        Err(RecordError::Store(e)) => panic!("expected a refusal, got a store error: {e}"),
        Ok(r) => panic!("expected a refusal, but event {} was recorded", r.event.seq),
    }
}

fn event_count(path: &Path) -> u64 {
    raw(path)
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

fn raise(priority: &str, text: &str) -> Command {
    Command::RaiseObjection {
        priority: priority.into(),
        text: text.into(),
        kind: ObjectionKind::Resourcing,
        raised_by: Some("dcsf".into()),
        alternative: None,
        alternative_title: None,
    }
}

/// Asserts that the file is refused by every way in (read-write, read-only,
/// verify), that each message names the file and says each of `problem`,
/// and that the file's bytes are exactly what they were. Returns the
/// read-write message.
fn assert_refused(path: &Path, problem: &[&str]) -> String {
    let before = std::fs::read(path).ok();
    let shown = path.display().to_string();
    let mut messages = Vec::new();
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        match Store::open(path, mode) {
            Ok(_) => panic!("{shown} was opened ({mode:?}) but should have been refused"),
            Err(e) => messages.push(e.to_string()),
        }
        // The commands' way in: its checks run beside the read.
        match Store::open_and_load(path, mode) {
            Ok(_) => {
                panic!("{shown} was opened and loaded ({mode:?}) but should have been refused")
            }
            Err(e) => messages.push(e.to_string()),
        }
    }
    match verify(path) {
        Ok(r) => panic!("verify accepted {shown}: {r:?}"),
        Err(e) => messages.push(e.to_string()),
    }
    for m in &messages {
        assert!(m.contains(&shown), "message does not name the file: {m}");
        for p in problem {
            assert!(
                m.to_lowercase().contains(&p.to_lowercase()),
                "message does not say {p:?}: {m}"
            );
        }
    }
    assert_eq!(
        std::fs::read(path).ok(),
        before,
        "{shown} was changed by being refused"
    );
    messages.swap_remove(0)
}

/// Errors are one sentence on one line (stderr, logs, the TUI's flash line).
fn assert_one_line(message: &str) {
    assert_eq!(
        message.lines().count(),
        1,
        "one sentence, one line: {message:?}"
    );
}

/// The same event, allowing for the log keeping times to the millisecond.
fn assert_same_event(a: &caseboard_core::Event, b: &caseboard_core::Event) {
    assert_eq!(a.seq, b.seq);
    assert_eq!(a.actor, b.actor);
    assert_eq!(a.body, b.body);
    assert_eq!(a.at.timestamp_millis(), b.at.timestamp_millis());
}

fn assert_same_events(a: &[caseboard_core::Event], b: &[caseboard_core::Event]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert_same_event(x, y);
    }
}

fn assert_no_sidecars(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = with_suffix(path, suffix);
        assert!(!side.exists(), "{} was created", side.display());
    }
}

/// A session with six events:
/// 1 created, 2 accept P1, 3 objection L1 on P3, 4 reject P3, 5 defer P2, 6 reject P1.
fn busy_session() -> Session {
    let s = session();
    let mut store = open_rw(&s.path);
    record(&mut store, decide("P1", Outcome::Accept, "")).unwrap();
    record(&mut store, raise("P3", "No budget line for this")).unwrap();
    record(&mut store, decide("P3", Outcome::Reject, "not affordable")).unwrap();
    record(&mut store, decide("P2", Outcome::Defer, "await data")).unwrap();
    record(
        &mut store,
        decide("P1", Outcome::Reject, "changed our minds"),
    )
    .unwrap();
    drop(store);
    assert_eq!(event_count(&s.path), 6);
    s
}

/// The first event a finding names.
fn first_bad_seq(path: &Path) -> (Option<u64>, caseboard_store::VerifyReport) {
    let report = verify(path).unwrap();
    assert!(!report.is_sound(), "tampering went unnoticed: {report:?}");
    let seq = report.findings.iter().find_map(|f| f.seq);
    (seq, report)
}

// ------------------------------------------------------- create and open

#[test]
fn create_then_open_round_trips_the_pack_and_the_log() {
    let s = session();
    let sha = caseboard_store::sha256_hex(s.pack_text.as_bytes());
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        let store = Store::open(&s.path, mode).unwrap();
        assert_eq!(store.mode(), mode);
        assert_eq!(store.pack_sha256(), sha);
        assert_eq!(
            store.pack().conference.title,
            "Testshire LAA case conference"
        );
        assert_eq!(store.pack().designated_cap(), 35);
        let (events, board) = store.load().unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].seq, 1);
        assert_eq!(events[0].actor, "tester");
        match &events[0].body {
            EventBody::SessionCreated { pack_sha256, .. } => assert_eq!(pack_sha256, &sha),
            other => panic!("first event is {other:?}"),
        }
        let ids: Vec<&str> = board.priorities().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["P1", "P2", "P3", "S1"]);
        assert!(board
            .priorities()
            .iter()
            .all(|p| p.status == Status::Undecided));
    }
    // A decision made through one handle is there when the file is reopened.
    let mut store = open_rw(&s.path);
    let rec = record(
        &mut store,
        Command::Decide {
            priority: "P1".into(),
            outcome: Outcome::Accept,
            rationale: "good case".into(),
            local: false,
            target: Some(PeriodValue {
                period: "2010/11".into(),
                value: 48.5,
            }),
        },
    )
    .unwrap();
    assert_eq!(rec.event.seq, 2);
    drop(store);
    let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
    let (events, board) = store.load().unwrap();
    assert_eq!(events.len(), 2);
    assert_same_event(&events[1], &rec.event);
    assert_eq!(
        board.priority("P1").unwrap().status,
        Status::Accepted {
            target: Some(PeriodValue {
                period: "2010/11".into(),
                value: 48.5
            })
        }
    );
}

#[test]
fn the_recorded_event_is_exactly_the_one_read_back() {
    let s = session();
    let mut store = open_rw(&s.path);
    let rec = record(&mut store, decide("P1", Outcome::Accept, "")).unwrap();
    let (events, board) = store.load().unwrap();
    assert_eq!(events[1], rec.event);
    // The writer's board (folded from what record() returned) and any other
    // process's board (folded from the log) must be the same board.
    let mut live = caseboard_core::Board::fold(store.pack().clone(), &events[..1]);
    live.apply(&rec.event);
    assert_eq!(live, board);
}

#[test]
fn create_refuses_an_existing_file_and_leaves_it_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let pack_text = serde_json::to_string_pretty(&default_pack()).unwrap();
    let pack = caseboard_core::validate::parse_pack(&pack_text).unwrap();

    // Something that is not a session at all.
    let other = dir.path().join("notes.caseboard");
    std::fs::write(&other, b"my precious notes\n").unwrap();
    let err = Store::create(&other, &pack_text, &pack, "t").unwrap_err();
    assert!(matches!(err, StoreError::Exists(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&other.display().to_string()), "{msg}");
    assert!(msg.contains("already exists"), "{msg}");
    assert_eq!(read(&other), b"my precious notes\n");

    // A real session with decisions in it.
    let s = busy_session();
    let before = read(&s.path);
    let err = Store::create(&s.path, &pack_text, &pack, "t").unwrap_err();
    assert!(matches!(err, StoreError::Exists(_)), "{err:?}");
    assert_eq!(read(&s.path), before);
    assert_eq!(event_count(&s.path), 6);
    // No half-made temporary file is left behind either.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_new_session_carries_its_marks_and_uses_wal() {
    let s = session();
    let conn = raw(&s.path);
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    assert_eq!(app_id, 0x4353_4244, "\"CSBD\"");
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(version >= 1);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // The creation left one self-contained file: the genesis event is in the
    // main file, not only in a -wal beside it.
    drop(conn);
    let copy = s.sibling("copy.caseboard");
    std::fs::copy(&s.path, &copy).unwrap();
    assert_eq!(event_count(&copy), 1);
}

// ------------------------------------------------------- refused files

#[test]
fn refuses_a_missing_file_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.caseboard");
    assert_one_line(&assert_refused(&path, &["no such file"]));
    assert!(!path.exists(), "opening a missing file created it");
    assert_no_sidecars(&path);
}

#[test]
fn refuses_a_zero_byte_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.caseboard");
    std::fs::write(&path, b"").unwrap();
    assert_one_line(&assert_refused(&path, &["empty"]));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    assert_no_sidecars(&path);
}

#[test]
fn refuses_a_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.caseboard");
    let text = "Minutes of the case conference\n\nItem 1: agreed.\n".repeat(200);
    std::fs::write(&path, &text).unwrap();
    assert_one_line(&assert_refused(
        &path,
        &["not a caseboard session", "not an SQLite database"],
    ));
    assert_no_sidecars(&path);
}

/// A pack given where a session was wanted (`caseboard open pack.json`):
/// the refusal says it is a pack and how to make a session from it.
#[test]
fn refuses_a_pack_and_says_how_to_make_a_session_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.json");
    std::fs::write(&path, format!("\n  {}", caseboard_testkit::DEMO_PACK)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let msg = assert_refused(&path, &["this is a pack, not a session", "caseboard new"]);
    assert_one_line(&msg);
    assert!(msg.contains("--pack"), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_no_sidecars(&path);
}

/// A pack in a workbook, or kept as a folder of CSV files, is named as a
/// pack too.
#[test]
fn refuses_a_workbook_or_csv_pack_and_says_how_to_make_a_session_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("pack.xlsx");
    // The first bytes of any zip: enough to know a workbook named as one.
    std::fs::write(&xlsx, b"PK\x03\x04\x14\x00\x06\x00 rest of a workbook").unwrap();
    let csv = dir.path().join("pack");
    std::fs::create_dir(&csv).unwrap();
    std::fs::write(csv.join("Conference.csv"), "title\n").unwrap();
    for path in [&xlsx, &csv] {
        let msg = assert_refused(path, &["this is a pack, not a session", "caseboard new"]);
        assert_one_line(&msg);
    }
    // A zip that is not named as a workbook is only not a session.
    let zip = dir.path().join("archive.zip");
    std::fs::write(&zip, b"PK\x03\x04\x14\x00\x06\x00 rest").unwrap();
    assert_refused(&zip, &["not a caseboard session"]);
}

#[test]
fn refuses_a_file_with_an_sqlite_header_and_garbage_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fake.caseboard");
    let mut bytes = b"SQLite format 3\0".to_vec();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    while bytes.len() < 8192 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push(x as u8);
    }
    std::fs::write(&path, &bytes).unwrap();
    let msg = assert_refused(&path, &[]);
    assert_one_line(&msg);
    assert!(
        msg.contains("not a caseboard session") || msg.contains("damaged"),
        "{msg}"
    );
    assert_no_sidecars(&path);
}

#[test]
fn refuses_a_session_truncated_to_half() {
    let s = busy_session();
    let bytes = read(&s.path);
    assert!(bytes.len() >= 8192, "the session is several pages long");
    std::fs::write(&s.path, &bytes[..bytes.len() / 2]).unwrap();
    assert_one_line(&assert_refused(&s.path, &["damaged"]));
}

#[test]
fn refuses_a_session_truncated_to_100_bytes() {
    let s = busy_session();
    let bytes = read(&s.path);
    std::fs::write(&s.path, &bytes[..100]).unwrap();
    assert_one_line(&assert_refused(&s.path, &["damaged"]));
}

#[test]
fn refuses_a_session_with_a_damaged_page() {
    let s = busy_session();
    let conn = raw(&s.path);
    let page_size: usize = conn
        .pragma_query_value(None, "page_size", |r| r.get::<_, i64>(0))
        .unwrap() as usize;
    drop(conn);
    let mut bytes = read(&s.path);
    let pages = bytes.len() / page_size;
    assert!(pages >= 4, "{pages} pages");
    // Scribble over the middle of a page in the middle of the file.
    let page = pages / 2;
    let start = page * page_size;
    for b in &mut bytes[start..start + page_size] {
        *b = 0x5A;
    }
    std::fs::write(&s.path, &bytes).unwrap();
    assert_refused(&s.path, &["damaged"]);
}

#[test]
fn a_damaged_page_is_reported_in_one_line() {
    let s = busy_session();
    let page_size = 4096;
    let mut bytes = read(&s.path);
    let page = bytes.len() / page_size / 2;
    for b in &mut bytes[page * page_size..(page + 1) * page_size] {
        *b = 0x5A;
    }
    std::fs::write(&s.path, &bytes).unwrap();
    let err = Store::open(&s.path, Mode::ReadOnly).unwrap_err();
    assert_one_line(&err.to_string());
}

#[test]
fn refuses_another_applications_sqlite_database_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    for (name, app_id) in [("other.db", 0x1234_5678), ("plain.db", 0)] {
        let path = dir.path().join(name);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {app_id};
                 CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT);
                 INSERT INTO accounts (owner) VALUES ('someone else');"
            ))
            .unwrap();
        }
        assert_no_sidecars(&path);
        let msg = assert_refused(&path, &["not a caseboard session", "another application"]);
        assert_one_line(&msg);
        assert!(
            msg.contains(&format!("{app_id:#010x}")),
            "names the application id it found: {msg}"
        );
        assert_no_sidecars(&path);
    }
}

#[test]
fn refuses_a_session_from_a_newer_caseboard_naming_both_versions() {
    let s = busy_session();
    {
        let conn = raw(&s.path);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let msg = assert_refused(&s.path, &["newer"]);
    assert_one_line(&msg);
    assert!(msg.contains("99"), "names the file's version: {msg}");
    assert!(
        msg.contains(&format!("up to {SCHEMA_VERSION}")),
        "names the supported version: {msg}"
    );
}

#[test]
fn a_refused_newer_session_gains_no_files_beside_it() {
    let s = busy_session();
    {
        let conn = raw(&s.path);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    assert_no_sidecars(&s.path);
    assert_refused(&s.path, &["newer"]);
    assert_no_sidecars(&s.path);
}

#[test]
fn refuses_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("looks-like.caseboard");
    std::fs::create_dir(&path).unwrap();
    assert_one_line(&assert_refused(&path, &["folder"]));
}

#[test]
fn a_read_only_file_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let s = busy_session();
    std::fs::set_permissions(&s.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = read(&s.path);
    let bits_enforced = std::fs::OpenOptions::new()
        .write(true)
        .open(&s.path)
        .is_err();
    if bits_enforced {
        // An ordinary user: asking to write a 0444 file is refused with a
        // message naming it, and the file is untouched.
        match Store::open(&s.path, Mode::ReadWrite) {
            Err(e) => {
                let m = e.to_string();
                assert!(m.contains(&s.path.display().to_string()), "{m}");
                assert!(m.to_lowercase().contains("read"), "{m}");
            }
            Ok(mut store) => {
                let err = record(&mut store, decide("P2", Outcome::Accept, "")).unwrap_err();
                assert!(
                    matches!(
                        err,
                        RecordError::Store(StoreError::ReadOnly(_) | StoreError::NotWritable(_))
                    ),
                    "{err}"
                );
            }
        }
    } else {
        // Running as root, where permission bits do not stop writes, so a
        // 0444 file cannot be made unwritable from here: check what still
        // holds, that a read-only session refuses to record and writes nothing.
        eprintln!("note: permission bits are not enforced for this user (root); checking Mode::ReadOnly instead");
    }
    let mut store = Store::open(&s.path, Mode::ReadOnly).unwrap();
    let (events, board) = store.load().unwrap();
    assert_eq!(events.len(), 6);
    let err = store
        .record(&board, "tester", decide("P2", Outcome::Accept, ""))
        .unwrap_err();
    match &err {
        RecordError::Store(StoreError::ReadOnly(p)) => assert_eq!(p, &s.path),
        other => panic!("expected a read-only refusal, got {other:?}"),
    }
    assert!(err.to_string().contains("read-only"), "{err}");
    drop(store);
    assert_eq!(read(&s.path), before);
    assert_eq!(event_count(&s.path), 6);
}

// ------------------------------------------------------- guard triggers

#[test]
fn the_event_log_refuses_update_delete_replace_and_out_of_sequence_rows() {
    let s = busy_session();
    let conn = raw(&s.path);
    let attempts = [
        ("update", "UPDATE events SET actor = 'mallory' WHERE seq = 2"),
        ("update of every row", "UPDATE events SET payload = '{}'"),
        ("delete", "DELETE FROM events WHERE seq = 3"),
        ("delete of the last row", "DELETE FROM events WHERE seq = 6"),
        (
            "insert or replace",
            "INSERT OR REPLACE INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash)
             SELECT seq, at, 'mallory', kind, priority, payload, prev_hash, hash FROM events WHERE seq = 2",
        ),
        (
            "replace",
            "REPLACE INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash)
             VALUES (4, '2008-03-12T10:00:00.000Z', 'mallory', 'decision_recorded', 'P3',
                     '{\"priority\":\"P3\",\"outcome\":\"accept\",\"rationale\":\"\"}', 'x', 'y')",
        ),
        (
            "insert out of sequence",
            "INSERT INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash)
             VALUES (9, '2008-03-12T10:00:00.000Z', 'mallory', 'decision_recorded', 'P3',
                     '{\"priority\":\"P3\",\"outcome\":\"accept\",\"rationale\":\"\"}', 'x', 'y')",
        ),
        (
            "insert with a reused number",
            "INSERT INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash)
             VALUES (6, '2008-03-12T10:00:00.000Z', 'mallory', 'decision_recorded', 'P3',
                     '{\"priority\":\"P3\",\"outcome\":\"accept\",\"rationale\":\"\"}', 'x', 'y')",
        ),
    ];
    for (what, sql) in attempts {
        let err = conn
            .execute_batch(sql)
            .expect_err(&format!("the log allowed an {what}"));
        assert!(
            err.to_string().contains("append-only"),
            "{what}: refused for the wrong reason: {err}"
        );
    }
    drop(conn);
    assert_eq!(event_count(&s.path), 6);
    let report = verify(&s.path).unwrap();
    assert!(report.is_sound(), "{report:?}");
}

#[test]
fn the_imported_pack_refuses_update_delete_and_insert() {
    let s = session();
    let conn = raw(&s.path);
    let tables = [
        "meta",
        "pack",
        "themes",
        "attendees",
        "indicators",
        "priorities",
        "priority_indicators",
        "priority_themes",
        "pack_objections",
    ];
    for t in tables {
        let rows: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        assert!(
            rows > 0,
            "{t} is empty, so its guards could not be seen to fire"
        );
        for sql in [
            format!("UPDATE {t} SET rowid = rowid"),
            format!("DELETE FROM {t}"),
            format!("INSERT INTO {t} DEFAULT VALUES"),
            format!("INSERT OR REPLACE INTO {t} SELECT * FROM {t}"),
        ] {
            let err = conn
                .execute_batch(&sql)
                .expect_err(&format!("allowed: {sql}"));
            assert!(
                err.to_string().contains("imported pack cannot be changed"),
                "{sql}: refused for the wrong reason: {err}"
            );
        }
        let after: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(after, rows, "{t}");
    }
    let title: String = conn
        .query_row("SELECT title FROM priorities WHERE id = 'P1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(title, "Designated priority number 1");
    drop(conn);
    assert!(verify(&s.path).unwrap().is_sound());
}

// ------------------------------------------------------- verify

#[test]
fn a_sound_session_verifies_and_reports_the_last_rows_hash() {
    let s = busy_session();
    let before = read(&s.path);
    let report = verify(&s.path).unwrap();
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(report.events, 6);
    let last = row_hash_of(&s.path, 6);
    assert_eq!(report.head_hash, last);
    assert_eq!(report.head_hash.len(), 64);
    assert!(report.head_hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
    assert_eq!(store.head_hash().unwrap(), last);
    drop(store);
    assert_eq!(read(&s.path), before, "verify changed the file");

    // A brand-new session (one event) is sound too, and its chain starts at
    // the pack's SHA-256.
    let fresh = session();
    let report = verify(&fresh.path).unwrap();
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(report.events, 1);
    let prev: String = raw(&fresh.path)
        .query_row("SELECT prev_hash FROM events WHERE seq = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        prev,
        caseboard_store::sha256_hex(fresh.pack_text.as_bytes())
    );
}

#[test]
fn verify_catches_an_updated_payload_at_its_event() {
    let s = busy_session();
    tamper_events(
        &s.path,
        "UPDATE events SET payload = json_set(payload, '$.text', 'We never said that') WHERE seq = 3",
    );
    let (seq, report) = first_bad_seq(&s.path);
    assert_eq!(seq, Some(3), "{report:?}");
    assert_eq!(
        report.head_hash,
        row_hash_of(&s.path, 2),
        "head of the intact part"
    );
}

#[test]
fn verify_catches_an_updated_actor_on_the_first_event() {
    let s = busy_session();
    tamper_events(&s.path, "UPDATE events SET actor = 'mallory' WHERE seq = 1");
    let (seq, report) = first_bad_seq(&s.path);
    assert_eq!(seq, Some(1), "{report:?}");
}

#[test]
fn verify_catches_a_replaced_row_at_its_event() {
    let s = busy_session();
    tamper_events(
        &s.path,
        "INSERT OR REPLACE INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash)
         SELECT seq, at, actor, kind, priority, json_set(payload, '$.outcome', 'accept'), prev_hash, hash
         FROM events WHERE seq = 4",
    );
    let (seq, report) = first_bad_seq(&s.path);
    assert_eq!(seq, Some(4), "{report:?}");
}

#[test]
fn verify_catches_a_deleted_middle_row_at_its_number() {
    let s = busy_session();
    tamper_events(&s.path, "DELETE FROM events WHERE seq = 3");
    let (seq, report) = first_bad_seq(&s.path);
    assert_eq!(seq, Some(3), "{report:?}");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.problem.contains("deleted")),
        "{report:?}"
    );
}

#[test]
fn deleting_the_last_row_leaves_a_sound_chain_but_moves_the_head_hash() {
    // The chain alone cannot see a truncated tail: what it can do, honestly,
    // is report a different head hash from the one quoted in the minutes.
    let s = busy_session();
    let quoted = verify(&s.path).unwrap().head_hash;
    tamper_events(&s.path, "DELETE FROM events WHERE seq = 6");
    let report = verify(&s.path).unwrap();
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(report.events, 5);
    assert_ne!(report.head_hash, quoted);
    assert_eq!(report.head_hash, row_hash_of(&s.path, 5));
}

#[test]
fn verify_catches_a_forged_row_inserted_in_the_middle() {
    for careful in [false, true] {
        let s = busy_session();
        let prev = row_hash_of(&s.path, 2);
        let at = "2008-03-12T10:30:00.000Z";
        let payload =
            r#"{"priority":"P2","outcome":"accept","rationale":"everyone agreed","local":false}"#;
        let hash = if careful {
            // Links properly to event 2: only the next row shows the break.
            caseboard_store::row_hash(
                &prev,
                &caseboard_store::RowColumns {
                    seq: 3,
                    at,
                    actor: "mallory",
                    kind: "decision_recorded",
                    priority: Some("P2"),
                    payload,
                },
            )
        } else {
            "f".repeat(64)
        };
        let mut sql = String::new();
        for seq in (3..=6).rev() {
            sql.push_str(&format!(
                "UPDATE events SET seq = {} WHERE seq = {seq};\n",
                seq + 1
            ));
        }
        sql.push_str(&format!(
            "INSERT INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash)
             VALUES (3, '{at}', 'mallory', 'decision_recorded', 'P2', '{payload}', '{prev}', '{hash}');"
        ));
        tamper_events(&s.path, &sql);
        assert_eq!(event_count(&s.path), 7);
        let (seq, report) = first_bad_seq(&s.path);
        let expected = if careful { 4 } else { 3 };
        assert_eq!(seq, Some(expected), "careful={careful}: {report:?}");
        if careful {
            assert_eq!(
                report.head_hash, hash,
                "the forgery itself links to event 2"
            );
        }
    }
}

#[test]
fn verify_catches_two_rows_swapped() {
    let s = busy_session();
    tamper_events(
        &s.path,
        "UPDATE events SET seq = 100 WHERE seq = 3;
         UPDATE events SET seq = 3 WHERE seq = 5;
         UPDATE events SET seq = 5 WHERE seq = 100;",
    );
    let (seq, report) = first_bad_seq(&s.path);
    assert_eq!(seq, Some(3), "{report:?}");
}

#[test]
fn verify_catches_an_altered_pack() {
    let s = busy_session();
    {
        let conn = raw(&s.path);
        let create: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'pack_no_update'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch("DROP TRIGGER pack_no_update;").unwrap();
        let n = conn
            .execute(
                "UPDATE pack SET json = replace(json, '\"designated_cap\": 35', '\"designated_cap\": 60')",
                [],
            )
            .unwrap();
        assert_eq!(n, 1);
        conn.execute_batch(&create).unwrap();
        let json: String = conn
            .query_row("SELECT json FROM pack", [], |r| r.get(0))
            .unwrap();
        assert!(json.contains("60"), "the tamper took");
    }
    let (seq, report) = first_bad_seq(&s.path);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.seq.is_none() && f.problem.contains("pack has been altered")),
        "{report:?}"
    );
    assert_eq!(
        seq,
        Some(1),
        "the chain starts at the pack's hash: {report:?}"
    );
}

#[test]
fn verify_catches_a_dropped_or_defanged_guard_trigger() {
    for (trigger, replacement) in [
        ("events_no_delete", None),
        ("events_no_replace", None),
        ("priorities_no_update", None),
        (
            "events_no_update",
            Some("CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT 1; END;"),
        ),
    ] {
        let s = busy_session();
        let head = row_hash_of(&s.path, 6);
        {
            let conn = raw(&s.path);
            conn.execute_batch(&format!("DROP TRIGGER {trigger};"))
                .unwrap();
            if let Some(sql) = replacement {
                conn.execute_batch(sql).unwrap();
            }
        }
        let report = verify(&s.path).unwrap();
        assert!(!report.is_sound(), "{trigger}: {report:?}");
        assert!(
            report.findings.iter().any(|f| f.problem.contains(trigger)),
            "{trigger} is not named: {report:?}"
        );
        assert!(
            report.findings.iter().all(|f| f.seq.is_none()),
            "the chain itself is intact: {report:?}"
        );
        assert_eq!(report.head_hash, head);
    }
}

// ------------------------------------------------------- rules via the store

/// The rules and their wording are tested in caseboard-core; here, that
/// the store asks them and that what they refuse leaves the file as it was.
#[test]
fn a_refusal_writes_nothing() {
    let s = session_from(&pack_value(1, 3));
    let mut store = open_rw(&s.path);
    record(&mut store, decide("P1", Outcome::Accept, "")).unwrap();
    let (events, board) = store.load().unwrap();
    let head = row_hash_of(&s.path, events.len() as u64);
    let refused_by_the_rules = [
        decide("P2", Outcome::Accept, ""),
        decide("S1", Outcome::Reject, "we would rather not"),
        decide("P2", Outcome::Defer, "  "),
        Command::Decide {
            priority: "S1".into(),
            outcome: Outcome::Accept,
            rationale: String::new(),
            local: false,
            target: Some(PeriodValue {
                period: "2010/11".into(),
                value: 52.0,
            }),
        },
    ];
    for command in refused_by_the_rules {
        let expected =
            caseboard_core::rules::check(&board, command.clone()).expect_err("the rules refuse it");
        assert_eq!(refused(record(&mut store, command)), expected);
        assert_eq!(event_count(&s.path), 2, "nothing recorded by {expected}");
    }
    drop(store);
    let store = open_rw(&s.path);
    let (after, _) = store.load().unwrap();
    assert_eq!(after, events, "the log is as it was");
    assert_eq!(row_hash_of(&s.path, 2), head);
}

#[test]
fn a_later_decision_supersedes_and_both_stay_on_the_record() {
    let s = session();
    let mut store = open_rw(&s.path);
    let first = record(&mut store, decide("P1", Outcome::Accept, "strong case")).unwrap();
    let second = record(
        &mut store,
        decide("P1", Outcome::Reject, "on reflection, no"),
    )
    .unwrap();
    assert_eq!((first.event.seq, second.event.seq), (2, 3));
    drop(store);

    let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
    let (events, board) = store.load().unwrap();
    let p1 = board.priority("P1").unwrap();
    assert_eq!(p1.status, Status::Rejected);
    assert_eq!(p1.decisions.len(), 2);
    assert_eq!(p1.decisions[0].decision.outcome, Outcome::Accept);
    assert_eq!(p1.decisions[1].decision.outcome, Outcome::Reject);
    assert_eq!(
        board.designated_accepted(),
        0,
        "the superseded accept no longer counts"
    );
    assert_same_event(&events[1], &first.event);
    assert_same_event(&events[2], &second.event);

    // The board as it stood after event 2 still shows the accept.
    let then = caseboard_core::Board::fold(store.pack().clone(), &events[..2]);
    assert!(matches!(
        then.priority("P1").unwrap().status,
        Status::Accepted { .. }
    ));

    // And the SQL view for sqlite3 users agrees.
    let conn = raw(&s.path);
    let rows: Vec<(String, i64)> = conn
        .prepare("SELECT outcome, superseded FROM decisions WHERE priority = 'P1' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, [("accept".to_string(), 1), ("reject".to_string(), 0)]);
}

#[test]
fn accepting_over_open_objections_warns_and_notes_them_on_the_record() {
    let s = session();
    let mut store = open_rw(&s.path);
    let raised = record(&mut store, raise("P2", "Who pays for this?")).unwrap();
    let live_id = match &raised.event.body {
        EventBody::ObjectionRaised(o) => o.objection.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(live_id, "L1");
    let rec = record(&mut store, decide("P2", Outcome::Accept, "")).unwrap();
    assert_eq!(
        rec.warnings,
        [Warning::AcceptedOverOpenObjections {
            priority: "P2".into(),
            objections: vec!["O1".into(), "L1".into()],
        }]
    );
    let warning = rec.warnings[0].to_string();
    assert!(
        warning.contains("O1") && warning.contains("L1"),
        "{warning}"
    );
    match &rec.event.body {
        EventBody::DecisionRecorded(d) => assert_eq!(d.open_objections, ["O1", "L1"]),
        other => panic!("{other:?}"),
    }

    // Once one is resolved only the other is noted; a priority without
    // objections is accepted without a warning.
    record(
        &mut store,
        Command::ResolveObjection {
            objection: "O1".into(),
            note: "new figures circulated".into(),
        },
    )
    .unwrap();
    let rec = record(&mut store, decide("P2", Outcome::Accept, "")).unwrap();
    match &rec.event.body {
        EventBody::DecisionRecorded(d) => assert_eq!(d.open_objections, ["L1"]),
        other => panic!("{other:?}"),
    }
    let rec = record(&mut store, decide("P1", Outcome::Accept, "")).unwrap();
    assert!(rec.warnings.is_empty());
    // Rejecting over an objection is no cause for a warning.
    let rec = record(&mut store, decide("P2", Outcome::Reject, "fine, no")).unwrap();
    assert!(rec.warnings.is_empty());
}

// ------------------------------------------------------- two writers

#[test]
fn two_writers_both_land_in_order_and_the_second_catches_up() {
    let s = session();
    let mut a = open_rw(&s.path);
    let mut b = open_rw(&s.path);
    let (_, board_a) = a.load().unwrap();
    let (_, board_b) = b.load().unwrap();

    let first = a
        .record(&board_a, "alice", decide("P1", Outcome::Accept, ""))
        .unwrap();
    assert!(first.caught_up.is_empty());
    let second = b
        .record(&board_b, "bob", raise("P3", "Not our lead"))
        .unwrap();
    assert_eq!(first.event.seq, 2);
    assert_eq!(second.event.seq, 3);
    assert_same_events(&second.caught_up, std::slice::from_ref(&first.event));

    let third = Store::open(&s.path, Mode::ReadOnly).unwrap();
    let (events, board) = third.load().unwrap();
    let actors: Vec<&str> = events.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, ["tester", "alice", "bob"]);
    assert_same_event(&events[1], &first.event);
    assert_same_event(&events[2], &second.event);
    assert!(matches!(
        board.priority("P1").unwrap().status,
        Status::Accepted { .. }
    ));
    assert_eq!(board.priority("P3").unwrap().open_objections, 1);
    drop((a, b, third));
    assert!(verify(&s.path).unwrap().is_sound());
}

#[test]
fn objections_raised_from_two_stale_boards_get_distinct_ids() {
    let s = session();
    let mut a = open_rw(&s.path);
    let mut b = open_rw(&s.path);
    let (_, board_a) = a.load().unwrap();
    let (_, board_b) = b.load().unwrap();
    let ra = a.record(&board_a, "alice", raise("P1", "first")).unwrap();
    let rb = b.record(&board_b, "bob", raise("P1", "second")).unwrap();
    let id = |r: &caseboard_store::Recorded| match &r.event.body {
        EventBody::ObjectionRaised(o) => o.objection.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!((id(&ra), id(&rb)), ("L1".to_string(), "L2".to_string()));
    let (_, board) = Store::open(&s.path, Mode::ReadOnly)
        .unwrap()
        .load()
        .unwrap();
    assert_eq!(board.priority("P1").unwrap().open_objections, 2);
}

#[test]
fn two_writers_racing_for_the_last_place_under_the_cap_one_wins() {
    // From stale boards, one after the other.
    let s = session_from(&pack_value(1, 3));
    let mut a = open_rw(&s.path);
    let mut b = open_rw(&s.path);
    let (_, board_a) = a.load().unwrap();
    let (_, board_b) = b.load().unwrap();
    a.record(&board_a, "alice", decide("P1", Outcome::Accept, ""))
        .unwrap();
    let refusal = refused(b.record(&board_b, "bob", decide("P2", Outcome::Accept, "")));
    assert!(
        matches!(refusal, Refusal::CapReached { cap: 1, .. }),
        "{refusal:?}"
    );
    drop((a, b));

    // At the same moment, from two threads.
    for round in 0..5 {
        let s = session_from(&pack_value(1, 3));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = ["P1", "P2"]
            .into_iter()
            .map(|p| {
                let path = s.path.clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut store = Store::open(&path, Mode::ReadWrite).unwrap();
                    let (_, board) = store.load().unwrap();
                    barrier.wait();
                    store
                        .record(&board, p, decide(p, Outcome::Accept, ""))
                        .map(|r| r.event.seq)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let wins = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "round {round}: {results:?}");
        for r in &results {
            if let Err(e) = r {
                assert!(
                    matches!(e, RecordError::Refused(Refusal::CapReached { .. })),
                    "round {round}: the loser must be refused by the cap: {e}"
                );
            }
        }
        let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
        let (events, board) = store.load().unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(board.designated_accepted(), 1);
    }
}

#[test]
fn poll_sees_another_handles_commit_and_nothing_otherwise() {
    let s = session();
    let mut writer = open_rw(&s.path);
    let mut watcher = Store::open(&s.path, Mode::Follow).unwrap();
    let (_, mut board) = watcher.load().unwrap();
    assert!(watcher.poll(board.last_seq()).unwrap().is_empty());

    let rec = record(&mut writer, decide("P1", Outcome::Accept, "")).unwrap();
    let seen = watcher.poll(board.last_seq()).unwrap();
    assert_same_events(&seen, std::slice::from_ref(&rec.event));
    for e in &seen {
        board.apply(e);
    }
    assert_eq!(board.last_seq(), 2);
    assert!(
        watcher.poll(board.last_seq()).unwrap().is_empty(),
        "nothing new since the last poll"
    );

    let r2 = record(&mut writer, decide("P2", Outcome::Defer, "later")).unwrap();
    let r3 = record(&mut writer, raise("P3", "who leads?")).unwrap();
    let seen = watcher.poll(board.last_seq()).unwrap();
    assert_same_events(&seen, &[r2.event, r3.event]);
    assert!(watcher.poll(4).unwrap().is_empty());
}

// ------------------------------------------------------- durability under kill

/// xorshift64*: deterministic "random" kill times without another crate.
struct Prng(u64);
impl Prng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Waits until no live (non-zombie) process is left in process group `pgid`.
fn wait_for_group_to_die(pgid: u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut alive = false;
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // pid (comm) state ppid pgrp ...; comm may hold spaces.
            let Some((_, rest)) = stat.rsplit_once(')') else {
                continue;
            };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            if fields.len() > 2
                && fields[2] == pgid.to_string()
                && fields[0] != "Z"
                && fields[0] != "X"
            {
                alive = true;
                break;
            }
        }
        if !alive {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "process group {pgid} outlived SIGKILL"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Decision events of the form `round-R-I` on record: (I, seq).
fn decisions_of_round(path: &Path, round: u32) -> Vec<(u64, u64)> {
    let store = Store::open(path, Mode::ReadOnly).unwrap();
    let (events, _) = store.load().unwrap();
    let prefix = format!("round-{round}-");
    events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::DecisionRecorded(d) => d
                .rationale
                .strip_prefix(&prefix)
                .map(|i| (i.parse::<u64>().unwrap(), e.seq)),
            _ => None,
        })
        .collect()
}

#[test]
fn killed_writers_lose_no_acknowledged_decision() {
    let s = session();
    let mut prng = Prng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let mut acknowledged_total = 0usize;
    let mut extras_total = 0usize;
    let mut round = 0u32;
    while round < 40 && started.elapsed() < Duration::from_secs(12) {
        let out = s.sibling(&format!("round-{round}.out"));
        let err = s.sibling(&format!("round-{round}.err"));
        let script = format!(
            r#"i=0
while [ $i -lt 100000 ]; do
  if [ $((i % 2)) -eq 0 ]; then o=defer; else o=reject; fi
  "$0" decide "$1" P1 $o --rationale "round-{round}-$i" --as killer || exit 3
  i=$((i+1))
done"#
        );
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .arg(BIN)
            .arg(&s.path)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .process_group(0)
            .spawn()
            .unwrap();
        let delay = 15 + prng.below(250);
        std::thread::sleep(Duration::from_millis(delay));
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "round {round}: the writer loop stopped by itself ({status}): {}",
                String::from_utf8_lossy(&read(&err))
            );
        }
        let killed = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .status()
            .unwrap();
        assert!(killed.success());
        child.wait().unwrap();
        // The killed writer may still be finishing a system call (an fsync):
        // check the file only once no member of the group can run again.
        wait_for_group_to_die(child.id());

        let mut acknowledged = Vec::new();
        for line in String::from_utf8_lossy(&read(&out)).lines() {
            // "recorded #N decision_recorded P1: deferred: round-R-I"
            let Some(rest) = line.strip_prefix("recorded #") else {
                continue;
            };
            let Some((n, _)) = rest.split_once(' ') else {
                continue;
            };
            let Some((_, token)) = line.rsplit_once(&format!("round-{round}-")) else {
                continue;
            };
            let (Ok(seq), Ok(i)) = (n.parse::<u64>(), token.parse::<u64>()) else {
                continue; // a line cut short by the kill is no acknowledgement
            };
            acknowledged.push((i, seq));
        }
        let on_record = decisions_of_round(&s.path, round);
        for ack in &acknowledged {
            assert!(
                on_record.contains(ack),
                "round {round}: acknowledged decision {ack:?} is missing; on record: {on_record:?}"
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, _) in &on_record {
            assert!(
                seen.insert(*i),
                "round {round}: decision {i} recorded twice"
            );
        }
        let extras: Vec<_> = on_record
            .iter()
            .filter(|r| !acknowledged.contains(r))
            .collect();
        assert!(
            extras.len() <= 1,
            "round {round}: more than one unacknowledged decision: {extras:?}"
        );
        let next = acknowledged.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
        for (i, _) in &extras {
            assert_eq!(
                *i, next,
                "round {round}: the extra must be the one in flight"
            );
        }
        let report = verify(&s.path).unwrap();
        assert!(report.is_sound(), "round {round}: {report:?}");
        acknowledged_total += acknowledged.len();
        extras_total += extras.len();
        round += 1;
    }
    eprintln!(
        "{round} rounds, {acknowledged_total} acknowledged decisions, {extras_total} unacknowledged extras"
    );
    assert!(round >= 5, "too few rounds to mean anything");
    assert!(
        acknowledged_total >= round as usize,
        "the writers hardly wrote"
    );

    let conn = raw(&s.path);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let report = verify(&s.path).unwrap();
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(
        report.events as usize,
        1 + acknowledged_total + extras_total,
        "every event on record is accounted for"
    );
}

/// A session whose file fails its integrity check while its `-wal` holds
/// committed pages: a command that opens it to write is refused, and the
/// closing of its connection does not fold the `-wal` into the damaged
/// file (SQLite would, as the last connection closes) nor remove it.
#[test]
fn a_damaged_file_with_a_wal_is_left_exactly_as_it_was() {
    let s = busy_session();
    let wal = s.sibling(&format!(
        "{}-wal",
        s.path.file_name().unwrap().to_string_lossy()
    ));
    {
        let conn = raw(&s.path);
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
        conn.execute_batch(
            "CREATE TABLE scratch (x BLOB); INSERT INTO scratch VALUES (zeroblob(20000));",
        )
        .unwrap();
    }
    assert!(read(&wal).len() > 4096, "the -wal holds committed pages");
    let page_size = 4096;
    let mut bytes = read(&s.path);
    let page = bytes.len() / page_size / 2;
    for b in &mut bytes[page * page_size..(page + 1) * page_size] {
        *b = 0x5A;
    }
    std::fs::write(&s.path, &bytes).unwrap();
    let (file_before, wal_before) = (read(&s.path), read(&wal));

    assert!(Store::open_and_fold(&s.path, Mode::ReadWrite).is_err());
    if let Ok(store) = Store::open_checking_in_background(&s.path, Mode::ReadWrite) {
        drop(store);
    }
    let out = std::process::Command::new(BIN)
        .args(["decide"])
        .arg(&s.path)
        .args(["P1", "defer", "--rationale", "later", "--as", "Tester"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "decide on a damaged file was recorded"
    );
    assert_eq!(read(&s.path), file_before, "the damaged file was written");
    assert_eq!(read(&wal), wal_before, "the -wal was folded or changed");
}
