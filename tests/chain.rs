//! Every command checks the hash chain it reads, and nothing is ever added
//! to a broken one: reads go on and say so, writes are refused naming the
//! first bad event.

use caseboard_testkit::fixtures as common;

use caseboard_core::{Board, Outcome};
use caseboard_store::{Mode, RecordError, Store, StoreError};
use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Runs caseboard as `tester`; it must not have panicked.
fn caseboard(args: &[&str]) -> Output {
    run_as_tester(BIN, args)
}

fn event_count(path: &Path) -> u64 {
    raw(path)
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

/// A session of five events: its creation and four decisions.
fn decided() -> Session {
    let s = session();
    record_all(
        &s.path,
        "tester",
        [
            decide("P1", Outcome::Accept, "everyone agreed"),
            decide("P2", Outcome::Defer, "await the data"),
            decide("P3", Outcome::Reject, "not affordable"),
            decide("P1", Outcome::Accept, "confirmed after the break"),
        ],
    );
    assert_eq!(event_count(&s.path), 5);
    s
}

/// One letter of the rationale stored at event 3 changed, guards put back.
fn altered_rationale(s: &Session) {
    tamper_events(
        &s.path,
        "UPDATE events SET payload = replace(payload, 'await the data', 'await the date') WHERE seq = 3",
    );
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ------------------------------------------------------------- commands

#[test]
fn reading_a_tampered_log_shows_it_but_warns_naming_the_event() {
    let s = decided();
    altered_rationale(&s);
    let file = s.path.to_str().unwrap();
    for args in [
        vec!["log", file],
        vec!["board", file],
        vec!["export", file, "--format", "json"],
        vec!["export", file, "--format", "md"],
        vec!["export", file, "--format", "csv"],
    ] {
        let out = caseboard(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("event 3") && err.contains("caseboard verify"),
            "{args:?} does not warn about event 3: {err}"
        );
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line: {err}"
        );
    }
    let log = caseboard(&["log", file]);
    assert!(
        String::from_utf8_lossy(&log.stdout).contains("await the date"),
        "reads still show what is stored"
    );
}

#[test]
fn deciding_on_a_tampered_log_is_refused_naming_the_event_and_appends_nothing() {
    let s = decided();
    altered_rationale(&s);
    let file = s.path.to_str().unwrap();
    let before = std::fs::read(&s.path).unwrap();
    for args in [
        vec!["decide", file, "P2", "accept", "--rationale", "now agreed"],
        vec!["object", file, "P1", "--text", "We were not asked"],
        vec!["close", file, "--force", "--reason", "out of time"],
    ] {
        let out = caseboard(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?} was not refused");
        let err = stderr(&out);
        assert!(
            err.contains("event 3") && err.contains(&format!("caseboard verify {file}")),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
        assert_eq!(
            event_count(&s.path),
            5,
            "{args:?} appended to a broken chain"
        );
    }
    assert_eq!(
        std::fs::read(&s.path).unwrap(),
        before,
        "the file is untouched"
    );
}

#[test]
fn an_intact_log_reads_without_warnings() {
    let s = decided();
    let file = s.path.to_str().unwrap();
    for args in [vec!["log", file], vec!["board", file]] {
        let out = caseboard(&args);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
    let out = caseboard(&["decide", file, "P2", "accept", "--rationale", "now agreed"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(event_count(&s.path), 6);
}

#[test]
fn a_deleted_middle_event_is_named_by_every_read_and_refuses_writes() {
    let s = decided();
    tamper_events(&s.path, "DELETE FROM events WHERE seq = 2");
    let file = s.path.to_str().unwrap();
    let out = caseboard(&["log", file]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("event 2"), "{}", stderr(&out));
    let out = caseboard(&["decide", file, "P2", "accept"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("event 2"), "{}", stderr(&out));
    assert_eq!(event_count(&s.path), 4);
}

// ---------------------------------------------------------- the store API

#[test]
fn the_store_names_the_break_and_refuses_to_record() {
    let s = decided();
    altered_rationale(&s);
    let mut store = Store::open(&s.path, Mode::ReadWrite).unwrap();
    let (events, board) = store.load().unwrap();
    assert_eq!(events.len(), 5, "reads still work");
    let broken = store.chain_break().expect("the break is reported");
    assert_eq!(broken.seq, 3);
    let notices = store.notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("event 3"), "{notices:?}");
    match store.record(&board, "tester", decide("P2", Outcome::Accept, "x")) {
        Err(RecordError::Store(e @ StoreError::BrokenChain { seq: 3, .. })) => {
            let text = e.to_string();
            assert!(
                text.contains("event 3") && text.contains("caseboard verify"),
                "{text}"
            );
        }
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(event_count(&s.path), 5);
}

#[test]
fn a_write_without_a_prior_read_walks_the_chain_first() {
    let s = decided();
    let board = {
        let store = Store::open(&s.path, Mode::ReadOnly).unwrap();
        store.load().unwrap().1
    };
    altered_rationale(&s);
    // This store never read the log: the write itself must walk it.
    let mut store = Store::open(&s.path, Mode::ReadWrite).unwrap();
    assert_write_refused_at(&mut store, &board, 3);
    assert_eq!(event_count(&s.path), 5);
}

/// A write through `store` is refused, naming event `seq` as where the
/// chain breaks.
fn assert_write_refused_at(store: &mut Store, board: &Board, seq: u64) {
    let refused = store.record(board, "tester", decide("P2", Outcome::Accept, "x"));
    assert!(
        matches!(refused, Err(RecordError::Store(StoreError::BrokenChain { seq: at, .. })) if at == seq),
        "{refused:?}"
    );
}

/// Appends a row as another process would, with the hash it is given.
fn append_raw(path: &Path, hash_of: impl Fn(&str, u64, &str, &str) -> String) -> u64 {
    let conn = raw(path);
    let (last, prev): (u64, String) = conn
        .query_row(
            "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let seq = last + 1;
    let at = "2008-03-12T11:00:00.000Z";
    let payload = r#"{"priority":"P2","text":"noted by someone else"}"#;
    let hash = hash_of(&prev, seq, at, payload);
    conn.execute(
        "INSERT INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash) VALUES (?1, ?2, 'mallory', 'note_added', 'P2', ?3, ?4, ?5)",
        rusqlite::params![seq, at, payload, prev, hash],
    )
    .unwrap();
    seq
}

fn follow(path: &Path, mode: Mode) -> (Store, Board) {
    let store = Store::open_checking_in_background(path, mode).unwrap();
    let (_, board) = store.load().unwrap();
    (store, board)
}

#[test]
fn a_live_view_checks_each_polled_row_against_the_last_verified_one() {
    let s = decided();
    let (mut view, mut board) = follow(&s.path, Mode::Follow);
    let (mut writer, mut writer_board) = follow(&s.path, Mode::ReadWrite);

    // An honest row from another process: linked, no warning.
    let honest = append_raw(&s.path, |prev, seq, at, payload| {
        // Hashed as caseboard hashes a row, so the forgery is consistent.
        caseboard_store::row_hash(
            prev,
            &caseboard_store::RowColumns {
                seq,
                at,
                actor: "mallory",
                kind: "note_added",
                priority: Some("P2"),
                payload,
            },
        )
    });
    let polled = view.poll(board.last_seq()).unwrap();
    assert_eq!(polled.len(), 1);
    for e in &polled {
        board.apply(e);
    }
    assert_eq!(board.last_seq(), honest);
    assert!(view.chain_break().is_none());
    assert!(view.notices().is_empty(), "{:?}", view.notices());

    // A row whose hash does not recompute.
    let forged = append_raw(&s.path, |_, _, _, _| "f".repeat(64));
    let polled = view.poll(board.last_seq()).unwrap();
    assert_eq!(polled.len(), 1, "the row is still shown");
    assert_eq!(view.chain_break().map(|b| b.seq), Some(forged));
    assert!(
        view.notices()
            .iter()
            .any(|n| n.contains(&format!("event {forged}"))),
        "{:?}",
        view.notices()
    );

    // The writer catches up on both inside its write, and refuses.
    let caught = writer.poll(writer_board.last_seq()).unwrap();
    for e in &caught {
        writer_board.apply(e);
    }
    assert_eq!(writer.chain_break().map(|b| b.seq), Some(forged));
    assert_write_refused_at(&mut writer, &writer_board, forged);
    assert_eq!(event_count(&s.path), forged);
}

#[test]
fn a_forged_row_caught_up_inside_a_write_refuses_it() {
    let s = decided();
    let (mut writer, board) = follow(&s.path, Mode::ReadWrite);
    let forged = append_raw(&s.path, |_, _, _, _| "0".repeat(64));
    // The board is behind: the write catches up, finds the forgery, stops.
    assert_write_refused_at(&mut writer, &board, forged);
    assert_eq!(event_count(&s.path), forged);
    assert_eq!(writer.chain_break().map(|b| b.seq), Some(forged));
}

#[test]
fn writes_extend_the_walk_so_later_writes_and_polls_stay_trusted() {
    let s = decided();
    let (mut writer, mut board) = follow(&s.path, Mode::ReadWrite);
    for why in ["one", "two", "three"] {
        record_and_fold(
            &mut writer,
            &mut board,
            "tester",
            decide("P2", Outcome::Accept, why),
        );
    }
    assert!(writer.poll(board.last_seq()).unwrap().is_empty());
    assert!(writer.chain_break().is_none());
    assert!(writer.notices().is_empty());
    assert_eq!(event_count(&s.path), 8);
    assert!(caseboard_store::verify(&s.path).unwrap().is_sound());
}

#[test]
fn a_screen_shows_a_tampered_log_at_once_and_refuses_writes_after_its_walk() {
    let s = decided();
    altered_rationale(&s);
    for mode in [Mode::ReadWrite, Mode::Follow] {
        // The first load hands its walk to another thread...
        let (mut store, board) = follow(&s.path, mode);
        assert_eq!(board.last_seq(), 5, "the board is there at once");
        // ...whose finding arrives without anyone waiting for it.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while store.chain_break().is_none() {
            assert!(std::time::Instant::now() < deadline, "the walk never ended");
            std::thread::yield_now();
        }
        assert_eq!(store.chain_break().map(|b| b.seq), Some(3));
        assert!(store.notices()[0].contains("event 3"));
        if mode == Mode::ReadWrite {
            assert_write_refused_at(&mut store, &board, 3);
        }
    }
    assert_eq!(event_count(&s.path), 5);
}

#[test]
fn a_write_waits_for_the_screens_first_walk() {
    let s = decided();
    altered_rationale(&s);
    // Straight after the load, before the walk can have been looked at.
    let (mut store, board) = follow(&s.path, Mode::ReadWrite);
    assert_write_refused_at(&mut store, &board, 3);
    assert_eq!(event_count(&s.path), 5);
}

#[test]
fn a_backup_of_a_broken_record_says_so_and_exits_1() {
    let s = decided();
    altered_rationale(&s);
    let out = s.sibling("copy.caseboard");
    let o = Command::new(BIN)
        .args(["backup", s.path.to_str().unwrap(), out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("not sound") && err.contains("event 3"),
        "{err}"
    );
    assert!(out.exists(), "the faithful copy is kept for examination");
}

#[test]
fn a_dropped_guard_refuses_writes_and_is_said_on_every_read() {
    let s = session();
    for n in 0..3 {
        let o = Command::new(BIN)
            .args(["decide", s.path.to_str().unwrap(), "P1", "defer"])
            .args(["--rationale", &format!("round {n}")])
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
    }
    raw(&s.path)
        .execute_batch("DROP TRIGGER events_no_delete;")
        .unwrap();
    let f = s.path.to_str().unwrap();
    let o = Command::new(BIN)
        .args(["decide", f, "P2", "accept"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("events_no_delete"), "{err}");
    for read in [vec!["log", f], vec!["board", f]] {
        let o = Command::new(BIN).args(&read).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{read:?}: {err}");
        assert!(err.contains("events_no_delete"), "{read:?}: {err}");
    }
}

// ------------------------------------- checks beside a one-shot's read

/// A generated session of 2,000 events, 50 priorities (the checks of a
/// one-shot entry run beside its read, and a long log is read in two parts
/// at once: a break deep in it must still be found before anything is
/// added).
fn long_session() -> (tempfile::TempDir, std::path::PathBuf) {
    use caseboard_testkit::synthetic::{session as generated, Size};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.caseboard");
    let size = Size {
        priorities: 50,
        indicators: 200,
        objections: 300,
        events: 2_000,
    };
    generated(&path, size, 2008, 500).unwrap();
    (dir, path)
}

#[test]
fn a_row_altered_late_in_a_long_log_refuses_an_entry() {
    let (_dir, path) = long_session();
    let file = path.to_str().unwrap();
    let entry = ["decide", file, "P0020", "defer", "--rationale", "later"];
    // The same session untouched takes the entry.
    let intact = path.with_extension("intact");
    std::fs::copy(&path, &intact).unwrap();
    let intact_file = intact.to_str().unwrap();
    let out = caseboard(&[
        "decide",
        intact_file,
        "P0020",
        "defer",
        "--rationale",
        "later",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let count = event_count(&path);
    tamper_events(
        &path,
        "UPDATE events SET actor = actor || 'x' WHERE seq = 1500",
    );
    let before = std::fs::read(&path).unwrap();
    for args in [
        entry.to_vec(),
        vec!["object", file, "P0020", "--text", "We were not asked"],
    ] {
        let out = caseboard(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?} was not refused");
        let err = stderr(&out);
        assert!(
            err.contains("event 1500") && err.contains("caseboard verify"),
            "{args:?}: {err}"
        );
        assert_eq!(event_count(&path), count, "{args:?} appended");
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
}

#[test]
fn open_and_load_names_a_break_and_a_dropped_guard_and_refuses_to_record() {
    let s = decided();
    altered_rationale(&s);
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        let (store, events, _) = Store::open_and_load(&s.path, mode).unwrap();
        assert_eq!(events.len(), 5, "{mode:?}: reads still work");
        assert_eq!(store.chain_break().map(|b| b.seq), Some(3), "{mode:?}");
        assert!(!store.still_checking(), "{mode:?}: every check is done");
        let notices = store.notices();
        assert!(
            notices.len() == 1 && notices[0].contains("event 3"),
            "{mode:?}: {notices:?}"
        );
    }
    let (mut store, board) = Store::open_and_fold(&s.path, Mode::ReadWrite).unwrap();
    assert_eq!(store.chain_break().map(|b| b.seq), Some(3));
    assert_write_refused_at(&mut store, &board, 3);
    drop(store);
    let s = decided();
    raw(&s.path)
        .execute_batch("DROP TRIGGER events_in_sequence;")
        .unwrap();
    let (mut store, _, board) = Store::open_and_load(&s.path, Mode::ReadWrite).unwrap();
    assert!(
        store
            .notices()
            .iter()
            .any(|n| n.contains("events_in_sequence")),
        "{:?}",
        store.notices()
    );
    let refused = store.record(&board, "tester", decide("P2", Outcome::Accept, "x"));
    assert!(
        matches!(
            refused,
            Err(RecordError::Store(StoreError::AlteredPack { .. }))
        ),
        "{refused:?}"
    );
    assert_eq!(event_count(&s.path), 5);
}

/// What a board shows, in a form two boards can be compared by.
fn shown(board: &Board) -> String {
    format!(
        "{}\n{:?}\n{:?}\n{}",
        caseboard_report::report::board_text(board),
        board.priorities(),
        board.objections(),
        board.last_seq()
    )
}

#[test]
fn folding_as_the_log_is_read_gives_the_board_a_load_gives() {
    let (_dir, path) = long_session();
    let (events, loaded) = {
        let store = Store::open(&path, Mode::ReadOnly).unwrap();
        store.load().unwrap()
    };
    assert_eq!(events.len(), 2_000);
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        let (store, folded) = Store::open_and_fold(&path, mode).unwrap();
        assert_eq!(shown(&folded), shown(&loaded), "{mode:?}");
        assert!(store.notices().is_empty(), "{:?}", store.notices());
        let (_, events_again, board) = Store::open_and_load(&path, mode).unwrap();
        assert_eq!(events_again.len(), events.len());
        assert_eq!(shown(&board), shown(&loaded), "{mode:?}");
    }
    let (store, folded) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(shown(&folded), shown(&loaded));
    drop(store);
}

#[test]
fn a_row_deleted_where_a_long_log_is_split_between_readers_is_named() {
    let (_dir, path) = long_session();
    // 2,000 events are read in two parts, the second after event 1,200.
    for seq in [1_200, 1_201] {
        let copy = path.with_extension(format!("cut{seq}"));
        std::fs::copy(&path, &copy).unwrap();
        tamper_events(&copy, &format!("DELETE FROM events WHERE seq = {seq}"));
        let (mut store, board) = Store::open_and_fold(&copy, Mode::ReadWrite).unwrap();
        assert_eq!(store.chain_break().map(|b| b.seq), Some(seq));
        assert_write_refused_at(&mut store, &board, seq);
    }
}
