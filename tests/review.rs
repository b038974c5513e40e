//! Review and replay: the timeline drives the board back and forth through
//! the log, and reading a session never changes it, even with a live `-wal`
//! beside it or in a folder the reader may not write.

use caseboard_core::rules::Command;
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Outcome};
use caseboard_store::Store;
use caseboard_testkit::app::{draw, key as key_press, keys, meeting_time, recorded, screen_text};
use caseboard_testkit::fixtures::{decide, record_and_fold};
use caseboard_tui::app::keymap::action_for;
use caseboard_tui::app::{update, Action, App, Mode, ModeClass, Pane, View};
use caseboard_tui::ui::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use std::process::Command as Process;

/// A demo session with a few entries, and the store still open for writing.
fn session(dir: &Path) -> (std::path::PathBuf, Store) {
    let file = dir.join("review.caseboard");
    let pack = parse_pack(caseboard_testkit::DEMO_PACK).unwrap();
    let mut store = Store::create(&file, caseboard_testkit::DEMO_PACK, &pack, "Ann").unwrap();
    let (_, mut board) = store.load().unwrap();
    for command in [
        Command::TakeUp {
            priority: "P02".into(),
        },
        decide("P02", Outcome::Defer, "Needs the Place Survey"),
        decide("P02", Outcome::Accept, ""),
        Command::TakeUp {
            priority: "P03".into(),
        },
        decide("P03", Outcome::Reject, "Not a partnership lead"),
    ] {
        record_and_fold(&mut store, &mut board, "Ann", command);
    }
    (file, store)
}

/// A key the review binds, through the keymap into `update`; a key the
/// review does not bind is a mistake in the test.
fn key(app: &mut App, code: KeyCode) {
    let action = action_for(app.mode_class(), KeyEvent::new(code, KeyModifiers::NONE))
        .unwrap_or_else(|| panic!("{code:?} is not bound in a review"));
    let effects = update(app, action);
    assert!(effects.is_empty(), "{code:?} in a review: {effects:?}");
}

/// The event a review is at.
fn replayed(app: &App) -> Option<u64> {
    app.review.as_ref().and_then(|r| r.at()).map(|e| e.seq)
}

fn review_app(file: &Path) -> App {
    let store = Store::open_for_review(file).unwrap();
    let (events, board) = store.load().unwrap();
    let mut app = App::for_review(board, events, "review".into(), meeting_time());
    update(&mut app, Action::Resize(120, 35));
    app
}

#[test]
fn the_board_replays_to_any_event_of_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let (file, store) = session(dir.path());
    let (events, _) = store.load().unwrap();
    let mut app = review_app(&file);
    assert_eq!(app.focus, Pane::Timeline);
    assert_eq!(
        app.review.as_ref().unwrap().at().unwrap().seq,
        6,
        "opens at the last event"
    );
    // Every step back and forth gives the fold of the log up to that event.
    for (code, expected_seq) in [
        (KeyCode::Char('k'), 5),
        (KeyCode::Char('k'), 4),
        (KeyCode::Char('['), 3),
        (KeyCode::Char(']'), 4),
        (KeyCode::Char('g'), 1),
        (KeyCode::Char('G'), 6),
    ] {
        key(&mut app, code);
        assert_eq!(app.review.as_ref().unwrap().at().unwrap().seq, expected_seq);
        let expected = Board::fold(
            app.board.pack().clone(),
            events.iter().take(expected_seq as usize),
        );
        assert!(app.board == expected, "board as at event {expected_seq}");
    }
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j')); // event 3: P02 deferred, not yet accepted
    assert_eq!(app.board.priority("P02").unwrap().status.word(), "deferred");
    assert_eq!(app.board.current().unwrap().id, "P02");
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.board.priority("P02").unwrap().status.word(), "accepted");
    assert_eq!(app.board.current().unwrap().id, "P03");
}

#[test]
fn filter_the_timeline_and_jump_to_a_decision() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _store) = session(dir.path());
    let mut app = review_app(&file);
    key(&mut app, KeyCode::Char('/'));
    assert!(matches!(app.mode, Mode::Filter { timeline: true, .. }));
    for c in "kind:decision priority:p02".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let review = app.review.as_ref().unwrap();
    assert_eq!(review.shown_len(), 2, "the two decisions on P02");
    assert!(review.shown().all(|e| e.body.priority() == Some("P02")));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.review.as_ref().unwrap().shown_len(), 6);

    // The board follows the event chosen: the filter left it at a decision on P02.
    assert_eq!(app.selected_priority().unwrap().id, "P02");
    // Select P03 on the board from the top, then jump to when it was decided.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Board);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.selected_priority().unwrap().id, "P01");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_priority().unwrap().id, "P03");
    key(&mut app, KeyCode::Char('D'));
    assert_eq!(app.review.as_ref().unwrap().at().unwrap().seq, 6);
    assert_eq!(app.focus, Pane::Timeline);
}

#[test]
fn a_review_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _store) = session(dir.path());
    let mut app = review_app(&file);
    key(&mut app, KeyCode::Char('k')); // at event 5, not the last
    let (board, at) = (app.board.clone(), replayed(&app));
    // The keys that record on a note-taker's screen.
    for c in [
        'a', 'r', 'd', 'o', 'x', 'w', 'n', 'A', 't', 'S', 'c', 'v', '@', 's',
    ] {
        let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let Some(writing) = action_for(
            ModeClass {
                view: View::Board,
                writable: true,
            },
            event,
        ) else {
            panic!("{c} records nothing on a note-taker's screen either")
        };
        // The review's keymap does not bind it, so the key does nothing...
        let screen = screen_text(&draw(&app, &Theme::colour()));
        let bound = action_for(app.mode_class(), event);
        assert!(bound.is_none(), "{c} is bound in a review: {bound:?}");
        assert_eq!(key_press(&mut app, KeyCode::Char(c)), vec![]);
        assert_eq!(
            screen_text(&draw(&app, &Theme::colour())),
            screen,
            "{c} changed the screen"
        );
        // ...and had it reached `update`, nothing would be recorded.
        let effects = update(&mut app, writing.clone());
        assert!(
            recorded(&effects).is_empty(),
            "{writing:?} in a review: {effects:?}"
        );
        if app.mode != Mode::Normal {
            assert!(
                matches!(&app.mode, Mode::Form(f) if f.refusal.is_some()),
                "{writing:?} opened {:?} in a review",
                app.mode
            );
            keys(&mut app, "typed anyway");
            assert!(recorded(&key_press(&mut app, KeyCode::Enter)).is_empty());
            key_press(&mut app, KeyCode::Esc);
        }
        assert_eq!(app.mode, Mode::Normal, "{c}");
        assert!(app.board == board, "{writing:?} changed the board");
        assert_eq!(replayed(&app), at, "{writing:?} moved the timeline");
    }
}

fn bytes_of(file: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = file.as_os_str().to_owned();
    wal.push("-wal");
    (std::fs::read(file).unwrap(), std::fs::read(wal).ok())
}

#[test]
fn reading_leaves_the_file_and_its_live_wal_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    // The writer stays open: its last entries are only in the -wal.
    let (file, writer) = session(dir.path());
    let before = bytes_of(&file);
    assert!(
        before.1.as_ref().is_some_and(|w| !w.is_empty()),
        "a live -wal"
    );
    let store = Store::open_for_review(&file).unwrap();
    let (events, _) = store.load().unwrap();
    assert_eq!(events.len(), 6, "what the -wal holds is read");
    drop(store);
    for args in [
        vec!["board"],
        vec!["log"],
        vec!["export", "--format", "json"],
        vec!["verify"],
    ] {
        let out = Process::new(env!("CARGO_BIN_EXE_caseboard"))
            .args(&args)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(bytes_of(&file), before, "main file and -wal unchanged");
    drop(writer);
}

#[test]
fn a_folder_the_reader_may_not_write_is_read_from_a_private_copy() {
    use std::os::unix::fs::PermissionsExt;
    let is_root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let (true, Some(setpriv)) = (is_root, setpriv) else {
        panic!(
            "this test needs root and setpriv to read as another user (run it as root, as CI does)"
        );
    };
    // A session left as a crash leaves it: entries still in its -wal, no
    // -shm; then the folder is made read-only for everyone but root.
    let live = tempfile::tempdir().unwrap();
    let (source, writer) = session(live.path());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("review.caseboard");
    std::fs::copy(&source, &file).unwrap();
    let mut wal = file.as_os_str().to_owned();
    wal.push("-wal");
    let mut source_wal = source.as_os_str().to_owned();
    source_wal.push("-wal");
    std::fs::copy(&source_wal, &wal).unwrap();
    for f in [file.as_os_str(), wal.as_os_str()] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = bytes_of(&file);
    // uid 65534 may read the files but not create anything in the folder.
    let out = Process::new(setpriv)
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_caseboard"),
            "log",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().count(),
        6,
        "every event, the -wal's included: {stdout}"
    );
    assert!(stdout.contains("rejected"), "{stdout}");
    assert_eq!(bytes_of(&file), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "nothing was created beside it: {names:?}");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    drop(writer);
}

#[test]
fn clocks_in_a_review_count_to_the_event_replayed_not_to_now() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _store) = session(dir.path());
    let mut app = review_app(&file);
    // Event 2: P02 taken up, its timer just started.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('j'));
    let at = app.review.as_ref().unwrap().at().unwrap().at;
    assert_eq!(app.moment(), at);
    let p02 = app.board.priority("P02").unwrap();
    assert!(p02.timer.is_running());
    assert_eq!(
        p02.timer.elapsed(app.moment()).num_seconds(),
        0,
        "no wall-clock hours since the meeting"
    );
}

/// A review opens at the last event: that event's row, marked, is on
/// screen however long the log, and stays there when the window shrinks.
#[test]
fn a_long_review_opens_with_its_last_event_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let (file, mut store) = session(dir.path());
    let (_, mut board) = store.load().unwrap();
    for i in 0..80 {
        let note = Command::AddNote {
            priority: Some("P03".into()),
            text: format!("point {i} made"),
        };
        record_and_fold(&mut store, &mut board, "Ann", note);
    }
    drop(store);
    let mut app = review_app(&file);
    let last = board.last_seq();
    assert_eq!(replayed(&app), Some(last));
    for (w, h) in [(120, 35), (100, 30), (80, 24)] {
        update(&mut app, Action::Resize(w, h));
        let text = screen_text(&draw(&app, &Theme::monochrome()));
        let marked = text
            .lines()
            .find(|l| l.contains('▶'))
            .unwrap_or_else(|| panic!("no marked event at {w}×{h}:\n{text}"));
        assert!(
            marked.contains(&format!("{last:>5}")),
            "the marked row is not event {last} at {w}×{h}: {marked}"
        );
        assert!(text.contains("point 79 made"), "{text}");
    }
}

/// Stepping through the timeline, the evidence and objections follow the
/// priority each event is about; an event about no priority leaves them.
#[test]
fn the_panes_follow_the_priority_of_the_event_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _store) = session(dir.path());
    let mut app = review_app(&file);
    let chosen = |app: &App| app.selected_priority().map(|p| p.id.clone());
    assert_eq!(
        chosen(&app).as_deref(),
        Some("P03"),
        "the last event is about P03"
    );
    key(&mut app, KeyCode::Char('['));
    key(&mut app, KeyCode::Char('['));
    assert_eq!(replayed(&app), Some(4));
    assert_eq!(chosen(&app).as_deref(), Some("P02"));
    let text = screen_text(&draw(&app, &Theme::monochrome()));
    let evidence = text
        .lines()
        .find(|l| l.contains("P02") && l.contains("Evidence") || l.contains("│P02 "))
        .is_some();
    assert!(evidence, "the evidence pane shows P02:\n{text}");
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(replayed(&app), Some(1));
    assert_eq!(
        chosen(&app).as_deref(),
        Some("P02"),
        "the session's creation names none"
    );
    assert!(!text.contains("filter \"\""), "{text}");
}

/// What the reviewer sees at the sizes people use: the timeline across the
/// top with the chosen event in full under it, and the panes below showing
/// the priority it is about.
#[test]
fn a_review_as_seen_at_80x24_and_120x35() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _store) = session(dir.path());
    let mut app = review_app(&file);
    key(&mut app, KeyCode::Char('['));
    for (w, h) in [(80, 24), (120, 35)] {
        update(&mut app, Action::Resize(w, h));
        let mut text = screen_text(&draw(&app, &Theme::monochrome()));
        // The entries were made now: their times are not part of the picture.
        for e in app.review.as_ref().unwrap().events() {
            text = text
                .replace(
                    &e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    "YYYY-MM-DD HH:MM:SS",
                )
                .replace(&e.at.format("%H:%M:%S").to_string(), "HH:MM:SS");
        }
        insta::assert_snapshot!(format!("review_{w}x{h}"), text);
    }
}
