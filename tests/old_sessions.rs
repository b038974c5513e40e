//! Sessions written by earlier releases open forever (SPEC §8).
//!
//! `tests/fixtures/` holds sessions written by released versions of
//! caseboard: a small closed one, and one whose newest entries sit only in
//! its `-wal` (written while a reader held the log open). Every later version
//! must open, verify, replay and export them with the same board and the same
//! head hash. Each schema change adds a fixture written by the release
//! before it. The fixtures themselves are never opened in place: each test
//! works on a copy, and checks the originals are untouched.

use assert_cmd::Command;
use caseboard_core::Board;
use caseboard_store::Store;
use std::path::{Path, PathBuf};

struct Fixture {
    /// The file name in `tests/fixtures/`, without extension.
    name: &'static str,
    /// Whether it comes with a `-wal` holding entries the main file lacks.
    with_wal: bool,
    events: u64,
    head_hash: &'static str,
}

const FIXTURES: [Fixture; 2] = [
    Fixture {
        name: "v0.1.0-small",
        with_wal: false,
        events: 7,
        head_hash: "70d36859a9ad13dba0e10965fb6c6e5fcfd38959bc67970c5d344b982adeb934",
    },
    Fixture {
        name: "v0.1.0-live-wal",
        with_wal: true,
        events: 5,
        head_hash: "3877c94fddc2d87d63684b3d8f3dd4dafc88a581a13c6b79d80be9fcfbdb3856",
    },
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caseboard"))
}

/// The fixture's files (the session and, where it has one, its `-wal`).
fn files(f: &Fixture) -> Vec<String> {
    let mut names = vec![format!("{}.caseboard", f.name)];
    if f.with_wal {
        names.push(format!("{}.caseboard-wal", f.name));
    }
    names
}

fn contents(f: &Fixture) -> Vec<Vec<u8>> {
    files(f)
        .iter()
        .map(|n| std::fs::read(fixtures().join(n)).expect("fixture present"))
        .collect()
}

/// A private copy of the fixture, as a user would have it on disk.
fn copy(f: &Fixture, dir: &Path) -> PathBuf {
    for n in files(f) {
        std::fs::copy(fixtures().join(&n), dir.join(&n)).expect("copy fixture");
    }
    dir.join(format!("{}.caseboard", f.name))
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run caseboard");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn every_released_session_verifies_with_its_head_hash() {
    for f in &FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(f, dir.path());
        let out = stdout(bin().arg("verify").arg(&path));
        assert!(
            out.contains(&format!("sound: {} events", f.events)),
            "{}: {out}",
            f.name
        );
        assert!(out.contains(f.head_hash), "{}: {out}", f.name);
    }
}

#[test]
fn every_released_session_shows_the_same_board() {
    for f in &FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(f, dir.path());
        let expected = std::fs::read_to_string(fixtures().join(format!("{}.board.txt", f.name)))
            .expect("the board as the release printed it");
        assert_eq!(
            stdout(bin().arg("board").arg(&path)),
            expected,
            "{}",
            f.name
        );
        let log = stdout(bin().arg("log").arg(&path));
        assert_eq!(log.lines().count() as u64, f.events, "{}: {log}", f.name);
    }
}

#[test]
fn every_released_session_replays_event_by_event() {
    for f in &FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(f, dir.path());
        let store = Store::open_for_review(&path).expect("opens");
        let (events, board) = store.load().expect("loads");
        assert_eq!(events.len() as u64, f.events, "{}", f.name);
        // Replaying every prefix ends at the board the log folds to.
        let mut replayed = Board::fold(store.pack().clone(), &[]);
        for (i, e) in events.iter().enumerate() {
            replayed.apply(e);
            let fresh = Board::fold(store.pack().clone(), &events[..=i]);
            assert_eq!(replayed.last_seq(), fresh.last_seq(), "{}", f.name);
        }
        assert_eq!(
            replayed.designated_accepted(),
            board.designated_accepted(),
            "{}",
            f.name
        );
        assert_eq!(store.head_hash().unwrap(), f.head_hash, "{}", f.name);
    }
}

#[test]
fn every_released_session_exports_with_its_head_hash() {
    for f in &FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let path = copy(f, dir.path());
        let json = stdout(bin().args(["export", "--format", "json"]).arg(&path));
        let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(doc["head_hash"], f.head_hash, "{}", f.name);
        assert_eq!(
            doc["events"].as_array().map(Vec::len),
            Some(f.events as usize),
            "{}",
            f.name
        );
        let md = stdout(bin().args(["export", "--format", "md"]).arg(&path));
        assert!(md.contains(f.head_hash), "{}", f.name);
        let csv = stdout(bin().args(["export", "--format", "csv"]).arg(&path));
        assert!(csv.lines().count() > 1, "{}: {csv}", f.name);
    }
}

#[test]
fn a_released_session_takes_new_entries_and_keeps_its_chain() {
    // The small fixture is closed; the live one is open for entries.
    let f = &FIXTURES[1];
    let dir = tempfile::tempdir().unwrap();
    let path = copy(f, dir.path());
    stdout(bin().arg("decide").arg(&path).args([
        "P09",
        "defer",
        "--rationale",
        "next meeting",
        "--as",
        "Reviewer",
    ]));
    let out = stdout(bin().arg("verify").arg(&path));
    assert!(
        out.contains(&format!("sound: {} events", f.events + 1)),
        "{out}"
    );
}

#[test]
fn the_fixtures_themselves_are_never_changed() {
    // Reading and writing copies (the tests above, run in any order) must
    // leave the committed files as the release wrote them.
    for f in &FIXTURES {
        let before = contents(f);
        let dir = tempfile::tempdir().unwrap();
        let path = copy(f, dir.path());
        stdout(bin().arg("verify").arg(&path));
        assert_eq!(contents(f), before, "{}", f.name);
        for side in ["-shm", "-journal"] {
            assert!(
                !fixtures()
                    .join(format!("{}.caseboard{side}", f.name))
                    .exists(),
                "{}{side} appeared beside the fixture",
                f.name
            );
        }
    }
}
