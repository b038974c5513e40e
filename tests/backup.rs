//! `caseboard backup`: a complete, self-contained copy of a session, made
//! safely while another handle holds it open in WAL with writes that sit
//! only in its `-wal`; refusals that leave nothing behind.

use caseboard_testkit::fixtures as common;

use assert_cmd::Command as Cmd;
use caseboard_core::Outcome;
use caseboard_store::{backup, verify, Mode, Store, StoreError};
use common::*;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Events in the main file alone, as a copy of just that file would hold them.
fn events_in_main_file_alone(path: &Path) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let lone = dir.path().join("main-only.caseboard");
    std::fs::copy(path, &lone).unwrap();
    let conn = Connection::open_with_flags(
        format!("file:{}?immutable=1", lone.display()),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_of_a_live_session_holds_what_sits_only_in_its_wal() {
    let s = session();
    let mut store = Store::open(&s.path, Mode::ReadWrite).unwrap();
    let (_, mut board) = store.load().unwrap();
    record_and_fold(
        &mut store,
        &mut board,
        "tester",
        decide("P1", Outcome::Accept, ""),
    );

    // A reader holding an old snapshot stops any checkpoint, the backup's
    // own included, from folding the later writes into the main file.
    let reader = Connection::open_with_flags(&s.path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: u64 = reader
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();

    for (p, outcome) in [
        ("P2", Outcome::Reject),
        ("P3", Outcome::Defer),
        ("P1", Outcome::Defer),
    ] {
        record_and_fold(
            &mut store,
            &mut board,
            "tester",
            decide(p, outcome, "Not this year"),
        );
    }
    let (events, source_board) = store.load().unwrap();
    let head = store.head_hash().unwrap();
    assert_eq!(events.len(), 5);
    let wal = with_suffix(&s.path, "-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "writes sit in -wal"
    );
    assert!(
        events_in_main_file_alone(&s.path) < 5,
        "the main file alone lacks the later writes, so a plain copy would lose them"
    );

    let out = s.sibling("copy.caseboard");
    let copy = backup(&s.path, &out).unwrap();
    assert_eq!(copy.events, 5, "every committed event, -wal included");
    assert_eq!(copy.head_hash, head, "the source's head at that moment");
    assert_eq!(copy.bytes, std::fs::metadata(&out).unwrap().len());

    // The copy stands alone: its main file holds everything, nothing beside it.
    assert_eq!(events_in_main_file_alone(&out), 5);
    assert!(!with_suffix(&out, "-wal").exists());
    assert!(!with_suffix(&out, "-shm").exists());
    let names = names_in(s.dir.path());
    assert!(
        !names.iter().any(|n| n.contains(".backup-")),
        "no temporary file left: {names:?}"
    );

    let report = verify(&out).unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);
    assert_eq!(report.events, 5);
    assert_eq!(report.head_hash, head);

    let opened = Store::open(&out, Mode::ReadOnly).unwrap();
    let (copied_events, copied_board) = opened.load().unwrap();
    assert_eq!(copied_events, events);
    assert_eq!(copied_board, source_board);
    assert_eq!(opened.pack_sha256(), store.pack_sha256());
    drop(opened);

    // The source is unharmed and still takes writes; the copy does not move.
    drop(reader);
    let r = store
        .record(&board, "tester", decide("P3", Outcome::Accept, ""))
        .unwrap();
    assert_eq!(r.event.seq, 6);
    assert_eq!(verify(&out).unwrap().events, 5);
    assert!(verify(&s.path).unwrap().is_sound());

    // A backup can be opened for writing, as the session itself can.
    let mut reopened = Store::open(&out, Mode::ReadWrite).unwrap();
    let (_, b) = reopened.load().unwrap();
    reopened
        .record(&b, "tester", decide("P2", Outcome::Defer, "Restored copy"))
        .unwrap();
    assert!(verify(&out).unwrap().is_sound());
}

#[test]
fn backups_taken_while_another_thread_writes_are_each_a_sound_prefix() {
    let s = session();
    let path = s.path.clone();
    let writer = std::thread::spawn(move || {
        let mut store = Store::open(&path, Mode::ReadWrite).unwrap();
        let (_, mut board) = store.load().unwrap();
        for i in 0..60 {
            let outcome = [Outcome::Defer, Outcome::Reject][i % 2];
            let p = ["P1", "P2", "P3"][i % 3];
            record_and_fold(
                &mut store,
                &mut board,
                "writer",
                decide(p, outcome, "Still under discussion"),
            );
        }
    });
    let mut seen = Vec::new();
    for i in 0..8 {
        let out = s.sibling(&format!("copy-{i}.caseboard"));
        let copy = backup(&s.path, &out).unwrap();
        let report = verify(&out).unwrap();
        assert!(report.is_sound(), "copy {i}: {:?}", report.findings);
        assert_eq!(report.events, copy.events);
        assert_eq!(report.head_hash, copy.head_hash);
        seen.push(copy.events);
    }
    writer.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    let last = s.sibling("copy-final.caseboard");
    let copy = backup(&s.path, &last).unwrap();
    assert_eq!(copy.events, 61);
    let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
    assert_eq!(copy.head_hash, store.head_hash().unwrap());
}

#[test]
fn refuses_an_existing_out_and_leaves_it_untouched() {
    let s = session();
    let out = s.sibling("precious.caseboard");
    std::fs::write(&out, b"somebody's work").unwrap();
    let before_names = names_in(s.dir.path());
    let err = backup(&s.path, &out).unwrap_err();
    assert!(matches!(err, StoreError::Exists(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("precious.caseboard"), "{msg}");
    assert!(msg.contains("already exists"), "{msg}");
    assert_eq!(read(&out), b"somebody's work");
    assert_eq!(names_in(s.dir.path()), before_names);

    // Another session under that name is not replaced either.
    let other = session();
    let before = read(&other.path);
    assert!(matches!(
        backup(&s.path, &other.path),
        Err(StoreError::Exists(_))
    ));
    assert_eq!(read(&other.path), before);
}

#[test]
fn refuses_to_back_a_session_up_onto_itself() {
    let s = session();
    let before = read(&s.path);
    let msg = backup(&s.path, &s.path).unwrap_err().to_string();
    assert!(msg.contains("the session being backed up"), "{msg}");
    // The same file under another name (a hard link) is still itself.
    let link = s.sibling("link.caseboard");
    std::fs::hard_link(&s.path, &link).unwrap();
    let msg = backup(&s.path, &link).unwrap_err().to_string();
    assert!(msg.contains("the session being backed up"), "{msg}");
    assert_eq!(read(&s.path), before);
    assert!(verify(&s.path).unwrap().is_sound());
}

#[test]
fn a_damaged_foreign_or_missing_source_fails_cleanly_with_nothing_left() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.caseboard");
    std::fs::write(&text, "minutes of the last meeting\n".repeat(20)).unwrap();
    let foreign = dir.path().join("foreign.caseboard");
    {
        let conn = Connection::open(&foreign).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 305419896; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
        )
        .unwrap();
    }
    let empty = dir.path().join("empty.caseboard");
    std::fs::write(&empty, b"").unwrap();
    // A sound session with one page overwritten in its middle.
    let damaged = dir.path().join("damaged.caseboard");
    {
        let s = session();
        let mut bytes = read(&s.path);
        let page = bytes.len() / 4096 / 2;
        for b in &mut bytes[page * 4096..(page + 1) * 4096] {
            *b = 0x5A;
        }
        std::fs::write(&damaged, &bytes).unwrap();
    }
    let missing = dir.path().join("missing.caseboard");

    for (source, expect) in [
        (&text, "not a caseboard session"),
        (&foreign, "another application"),
        (&empty, "empty"),
        (&damaged, "damaged"),
        (&missing, "no such file"),
    ] {
        let before_names = names_in(dir.path());
        let before = std::fs::read(source).ok();
        let out = dir.path().join("out.caseboard");
        let msg = backup(source, &out).unwrap_err().to_string();
        assert!(msg.contains(expect), "{}: {msg}", source.display());
        assert!(
            msg.contains(&source.file_name().unwrap().to_string_lossy().to_string()),
            "names the file: {msg}"
        );
        assert!(!out.exists(), "{}: no backup written", source.display());
        assert_eq!(names_in(dir.path()), before_names, "nothing left behind");
        assert_eq!(std::fs::read(source).ok(), before, "source untouched");
    }
}

#[test]
fn a_missing_out_folder_is_named_and_nothing_is_written() {
    let s = session();
    let out = s.sibling("no-such-folder/copy.caseboard");
    let msg = backup(&s.path, &out).unwrap_err().to_string();
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(msg.contains("no-such-folder"), "{msg}");
    assert_eq!(names_in(s.dir.path()), vec!["conf.caseboard".to_string()]);
}

#[test]
fn the_command_prints_the_head_hash_and_the_copy_verifies_and_opens() {
    let s = session();
    for (p, outcome, why) in [("P1", "accept", ""), ("P2", "reject", "Evidence too thin")] {
        let mut cmd = Cmd::new(BIN);
        cmd.args([
            "decide",
            s.path.to_str().unwrap(),
            p,
            outcome,
            "--as",
            "tester",
        ]);
        if !why.is_empty() {
            cmd.args(["--rationale", why]);
        }
        cmd.assert().success();
    }
    let head = Store::open(&s.path, Mode::ReadOnly)
        .unwrap()
        .head_hash()
        .unwrap();
    let out = s.sibling("backup.caseboard");
    let assert = Cmd::new(BIN)
        .args(["backup", s.path.to_str().unwrap(), out.to_str().unwrap()])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("3 events"), "{stdout}");
    assert!(stdout.contains(&format!("head hash: {head}")), "{stdout}");

    let verified = Cmd::new(BIN)
        .args(["verify", out.to_str().unwrap()])
        .assert()
        .success();
    let verified = String::from_utf8(verified.get_output().stdout.clone()).unwrap();
    assert!(verified.contains(&head), "{verified}");
    Cmd::new(BIN)
        .args(["board", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicates::str::contains("P2"));

    // A second backup to the same name is refused, exit 1, one sentence.
    let before = read(&out);
    let refused = Cmd::new(BIN)
        .args(["backup", s.path.to_str().unwrap(), out.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(read(&out), before);

    // A usage error is exit 2.
    Cmd::new(BIN)
        .args(["backup", s.path.to_str().unwrap()])
        .assert()
        .code(2);
}

#[test]
fn the_copy_is_as_private_as_the_session() {
    use std::os::unix::fs::PermissionsExt;
    let s = session();
    std::fs::set_permissions(&s.path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = s.sibling("private.caseboard");
    backup(&s.path, &out).unwrap();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}
