//! The board kept in the session file for quick opens: a screen opens from
//! it and shows exactly the log's board; one that is not the log's is said,
//! replaced by the log's own and refuses every write; `verify` compares it.

use caseboard_core::{Board, Command, Outcome};
use caseboard_store::{verify, Mode, RecordError, Store, StoreError, KEEP_EVERY};
use caseboard_testkit::synthetic::{self, Script, Size};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn size(events: usize) -> Size {
    Size {
        priorities: 12,
        indicators: 48,
        objections: 72,
        events,
    }
}

/// A generated session of `events` events, closed as a screen closes it
/// (keeping its board when the log is long enough).
fn session(dir: &Path, events: usize) -> PathBuf {
    let path = dir.join("kept.caseboard");
    synthetic::session(&path, size(events), 11, 250).unwrap();
    path
}

/// The board every command folds from the whole log.
fn folded(path: &Path) -> Board {
    Store::open_and_fold(path, Mode::ReadOnly).unwrap().1
}

fn kept_seq(path: &Path) -> Option<u64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT seq FROM kept_board WHERE id = 1", [], |r| r.get(0))
        .ok()
}

fn set_kept_state(path: &Path, state: &[u8]) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let changed = conn
        .execute("UPDATE kept_board SET state = ?1 WHERE id = 1", [state])
        .unwrap();
    assert_eq!(changed, 1);
}

/// Begins the checks a screen's open leaves for after its first frame, as
/// the screen does once that frame is up, and waits (bounded) for them.
fn settled(store: &mut Store) {
    store.start_checks();
    let start = Instant::now();
    while store.still_checking() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the open's checks never finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `verify` finds the file unsound, saying `problem`.
fn verify_says(path: &Path, problem: &str) {
    let report = verify(path).unwrap();
    assert!(
        report.findings.iter().any(|f| f.problem.contains(problem)),
        "{:?}",
        report.findings
    );
}

fn defer_first(board: &Board) -> Command {
    Command::Decide {
        priority: board.priorities()[0].id.clone(),
        outcome: Outcome::Defer,
        rationale: "awaiting the Place Survey".into(),
        local: false,
        target: None,
    }
}

#[test]
fn a_screen_opened_from_the_kept_board_shows_the_board_the_whole_log_folds_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_500);
    assert_eq!(
        kept_seq(&path),
        Some(1_500),
        "the closing screen keeps its board"
    );
    // Entries made after it (by `decide`, say) are folded on top of it.
    {
        let (mut store, mut board) = Store::open_and_fold(&path, Mode::ReadWrite).unwrap();
        synthetic::record(&mut store, &mut board, &mut Script::new(5), 40, 7).unwrap();
    }
    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    let whole = folded(&path);
    assert_eq!(board.last_seq(), 1_540);
    assert_eq!(board, whole);
    assert_eq!(
        board.kept(),
        whole.kept(),
        "every part of the board, to the byte"
    );
    settled(&mut store);
    assert_eq!(store.notices(), Vec::<String>::new());
    assert!(verify(&path).unwrap().is_sound());
}

#[test]
fn a_board_is_kept_only_once_the_log_has_grown_enough_since_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 600);
    assert_eq!(
        kept_seq(&path),
        None,
        "a short log is folded quickly enough"
    );
    let (mut store, mut board) = Store::open_and_fold(&path, Mode::ReadWrite).unwrap();
    synthetic::record(&mut store, &mut board, &mut Script::new(3), 500, 50).unwrap();
    assert!(store.keep_board(&board).unwrap());
    assert_eq!(kept_seq(&path), Some(1_100));
    synthetic::record(&mut store, &mut board, &mut Script::new(4), 20, 10).unwrap();
    assert!(
        !store.keep_board(&board).unwrap(),
        "kept again only {KEEP_EVERY} events later"
    );
    assert_eq!(kept_seq(&path), Some(1_100));
    drop(store);
    // A reader never keeps one.
    let (mut reader, board) = Store::open_and_fold(&path, Mode::ReadOnly).unwrap();
    assert!(!reader.keep_board(&board).unwrap());
}

#[test]
fn a_kept_board_that_is_not_the_logs_is_said_replaced_by_the_logs_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_200);
    // A board that decodes but is not the log's: the log folded without
    // one of its decisions, as an edit outside caseboard could leave it.
    let (wrong, whole) = not_the_logs(&path, 1_200);
    assert_ne!(wrong, whole);
    set_kept_state(&path, &wrong.kept());

    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(board, wrong, "the first frame is drawn from the kept board");
    settled(&mut store);
    let notices = store.notices().join("\n");
    assert!(
        notices.contains("is not the one its log folds to"),
        "{notices}"
    );
    assert_eq!(store.take_rebuilt_board(), Some(whole.clone()));
    let refused = store.record(&whole, "Tester", defer_first(&whole));
    assert!(
        matches!(
            refused,
            Err(RecordError::Store(StoreError::AlteredPack { .. }))
        ),
        "{refused:?}"
    );
    drop(store);
    verify_says(&path, "is not the one its log folds to");
    // Commands fold the whole log: they never read the kept board.
    assert_eq!(folded(&path), whole);
}

#[test]
fn a_kept_board_that_cannot_be_read_is_said_and_the_log_is_folded_instead() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_100);
    let whole = folded(&path);
    let mut garbled = whole.kept();
    garbled.truncate(garbled.len() / 2);
    set_kept_state(&path, &garbled);

    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(board, whole);
    settled(&mut store);
    let notices = store.notices().join("\n");
    let said = "the board kept in the file cannot be read (it ends too soon)";
    assert!(notices.contains(said), "{notices}");
    drop(store);
    verify_says(&path, said);
    // Deleting the derived row is always safe: the file is sound again.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("DELETE FROM kept_board", []).unwrap();
    drop(conn);
    assert!(verify(&path).unwrap().is_sound());
}

#[test]
fn a_kept_board_naming_an_event_with_another_hash_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_100);
    let whole = folded(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE kept_board SET hash = 'not the hash'", [])
        .unwrap();
    drop(conn);
    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(board, whole, "the whole log is folded instead");
    settled(&mut store);
    drop(store);
    verify_says(&path, "with a hash the log does not give it");
}

/// The log's fold without the last decision before event `before`: a board
/// that reads as a kept one but is not the log's.
fn not_the_logs(path: &Path, before: u64) -> (Board, Board) {
    let (_, events, whole) = Store::open_and_load(path, Mode::ReadOnly).unwrap();
    let skipped = events
        .iter()
        .rposition(|e| e.body.kind() == "decision_recorded" && e.seq < before)
        .unwrap();
    let mut others = events.clone();
    others.remove(skipped);
    (Board::fold(whole.pack().clone(), &others), whole)
}

#[test]
fn a_kept_board_edited_with_the_log_is_still_compared_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_200);
    let (wrong, _) = not_the_logs(&path, 1_200);
    set_kept_state(&path, &wrong.kept());
    // An edit to the log as well: the chain breaks at event 700.
    caseboard_testkit::fixtures::tamper_events(
        &path,
        "UPDATE events SET actor = 'Someone else' WHERE seq = 700",
    );
    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(board, wrong);
    settled(&mut store);
    let notices = store.notices().join("\n");
    assert!(notices.contains("breaks at event 700"), "{notices}");
    assert!(
        notices.contains("is not the one its log folds to"),
        "{notices}"
    );
    let rebuilt = store.take_rebuilt_board().expect("the log's own board");
    assert_ne!(rebuilt, wrong);
}

#[test]
fn a_kept_board_naming_another_event_than_its_own_is_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_200);
    let (_, events, whole) = Store::open_and_load(&path, Mode::ReadOnly).unwrap();
    // A real board, but of the log at event 1,100, under event 1,200's name.
    let earlier = Board::fold(whole.pack().clone(), &events[..1_100]);
    set_kept_state(&path, &earlier.kept());
    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(board, whole, "the whole log is folded instead");
    settled(&mut store);
    let notices = store.notices().join("\n");
    assert!(
        notices.contains(
            "the board kept in the file cannot be read (it is not the board at the event it names)"
        ),
        "{notices}"
    );
}

#[test]
fn a_board_kept_by_another_version_is_left_alone_and_replaced_when_one_is_next_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_100);
    let whole = folded(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE kept_board SET made_by = '0.0.1', seq = 5", [])
        .unwrap();
    drop(conn);
    let (mut store, board) = Store::open_and_fold_for_screen(&path, Mode::ReadWrite).unwrap();
    assert_eq!(board, whole);
    settled(&mut store);
    assert_eq!(store.notices(), Vec::<String>::new());
    assert!(verify(&path).unwrap().is_sound());
    // Kept afresh as this screen closes: the other version's counts as none.
    assert!(store.keep_board(&board).unwrap());
    drop(store);
    assert_eq!(kept_seq(&path), Some(1_100));
}

/// The note-taker's screen, end to end: opened on a file whose kept board
/// is not its log's, it says so and shows the log's own board.
#[test]
fn the_screen_says_a_kept_board_was_not_the_logs_and_shows_the_logs_board() {
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path(), 1_200);
    let (_, events, whole) = Store::open_and_load(&path, Mode::ReadOnly).unwrap();
    // Drop a decision whose loss changes what its priority's row says.
    let (wrong, id) = events
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, e)| e.body.kind() == "decision_recorded")
        .find_map(|(i, e)| {
            let id = e.body.priority()?.to_string();
            let mut others = events.clone();
            others.remove(i);
            let wrong = Board::fold(whole.pack().clone(), &others);
            let word = |b: &Board| b.priority(&id).map(|p| p.status.word());
            (word(&wrong) != word(&whole) && wrong.last_seq() == whole.last_seq())
                .then_some((wrong, id))
        })
        .unwrap();
    set_kept_state(&path, &wrong.kept());
    let shows = whole.priority(&id).unwrap().status.word();
    let hid = wrong.priority(&id).unwrap().status.word();

    let tmux = caseboard_testkit::tmux::Tmux::named("kept-board");
    tmux.start(
        (200, 50),
        &format!(
            "{} open {} --as Notes; echo KEPT-EXIT=$?; sleep 30",
            env!("CARGO_BIN_EXE_caseboard"),
            path.display()
        ),
    );
    let screen = tmux.wait_for("board kept in the file");
    let row = screen
        .lines()
        .find(|l| l.contains(&format!(" {id} ")))
        .unwrap_or_else(|| panic!("no row for {id}:\n{screen}"));
    assert!(row.contains(shows) && !row.contains(hid), "{row}\n{screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("KEPT-EXIT=");
    assert!(
        screen.contains("board kept in the file"),
        "said on exit:\n{screen}"
    );
    // Nothing was written: not even a fresh kept board over the wrong one.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let state: Vec<u8> = conn
        .query_row("SELECT state FROM kept_board", [], |r| r.get(0))
        .unwrap();
    assert_eq!(state, wrong.kept());
}

/// Writes the `kept_board` fuzz target's starting inputs: the demo pack's
/// board kept along a generated meeting (`cargo test --test kept_board --
/// --ignored`; the files are committed under fuzz/corpus/kept_board/).
#[test]
#[ignore]
fn write_the_fuzz_targets_seeds() {
    let demo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/packs/demo.json"
    ))
    .unwrap();
    let pack = std::sync::Arc::new(caseboard_core::validate::parse_pack(&demo).unwrap());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/kept_board");
    std::fs::create_dir_all(&dir).unwrap();
    let mut board = Board::new(pack);
    let mut script = Script::meeting(2008);
    for n in 0..=120 {
        if n % 40 == 0 {
            std::fs::write(dir.join(format!("demo-{n}")), board.kept()).unwrap();
        }
        let at = chrono::DateTime::from_timestamp(1_205_312_400 + n * 60, 0).unwrap();
        let (_, event) = script.event(&board, "Helen Marsden", at);
        board.apply(&event);
    }
}
