//! End to end: the real binary in a real terminal (tmux). A note-taker
//! accepts a priority through the keys; afterwards the session file holds
//! the decision, and the terminal is restored.

use caseboard_core::{EventBody, Outcome};
use caseboard_store::{Mode, Store};
use caseboard_testkit::tmux::Tmux;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `caseboard ARGS` (after `env`, a shell prefix such as `NO_COLOR=1 `)
/// in a tmux session `name` of `size`. When it ends, the pane shows
/// `NAME-EXIT=status` and stays up, so its last screen can be read.
fn caseboard_in(name: &str, size: (u16, u16), env: &str, args: &str) -> Tmux {
    let tmux = Tmux::named(name);
    let command = format!(
        "{env}{} {args}; echo {}-EXIT=$?; sleep 30",
        env!("CARGO_BIN_EXE_caseboard"),
        name.to_uppercase()
    );
    tmux.start(size, &command);
    tmux
}

/// `caseboard COMMAND FILE` in a 120×35 tmux session `name`.
fn in_tmux(name: &str, command: &str, file: &Path) -> Tmux {
    caseboard_in(
        name,
        (120, 35),
        "",
        &format!("{command} {}", file.display()),
    )
}

/// `caseboard open FILE --as Notes` (after `env`) in a tmux session `name`
/// of `size`, once the board shows.
fn open_board(name: &str, size: (u16, u16), env: &str, file: &Path) -> Tmux {
    let tmux = caseboard_in(
        name,
        size,
        env,
        &format!("open {} --as Notes", file.display()),
    );
    tmux.wait_for("Priorities 1 of 45");
    tmux
}

/// Cancels the refused form, which says nothing was recorded, and quits;
/// the exit status is 0.
fn cancel_and_quit(tmux: &Tmux) {
    tmux.keys(&["Escape"]);
    tmux.wait_for("Cancelled: nothing was recorded");
    tmux.keys(&["q"]);
    let exit = format!("{}-EXIT=", tmux.target.to_uppercase());
    let screen = tmux.wait_for(&exit);
    assert!(screen.contains(&format!("{exit}0")), "{screen}");
}

/// The rows of the event log, read straight from SQLite (past any damage
/// caseboard would refuse).
fn events_in(file: &Path) -> i64 {
    rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap()
}

/// Filters the board down to the one priority `id`.
fn filter_to(tmux: &Tmux, id: &str) {
    tmux.keys(&["/"]);
    tmux.keys(&["-l", id]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Priorities 1 of 1");
}

fn create_demo_session(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("e2e.caseboard");
    let status = Command::new(env!("CARGO_BIN_EXE_caseboard"))
        .arg("new")
        .arg(&file)
        .arg("--pack")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/packs/demo.json"
        ))
        .status()
        .unwrap();
    assert!(status.success());
    file
}

#[test]
fn accept_through_the_keys_is_on_disk_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let tmux = open_board("e2e", (100, 30), "", &file);
    // P02 has no open objections in the demo pack: no confirmation step.
    tmux.keys(&["j"]);
    tmux.wait_for("Priorities 2 of 45");
    tmux.keys(&["a"]);
    tmux.wait_for("Rationale");
    tmux.keys(&["-l", "Agreed in the room"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "2010/11=7.5"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Recorded #2");
    assert!(screen.contains("Designated 1 / 35"), "{screen}");

    // The decision is committed before the screen says so: read it now,
    // from another connection, while the TUI is still running.
    let store = Store::open(&file, Mode::ReadOnly).unwrap();
    let (events, board) = store.load().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.actor, "Notes");
    let EventBody::DecisionRecorded(d) = &last.body else {
        panic!("{last:?}")
    };
    assert_eq!((d.priority.as_str(), d.outcome), ("P02", Outcome::Accept));
    assert_eq!(d.rationale, "Agreed in the room");
    assert_eq!(
        d.target.as_ref().map(|t| (t.period.as_str(), t.value)),
        Some(("2010/11", 7.5))
    );
    assert_eq!(board.designated_accepted(), 1);
    drop(store);

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("E2E-EXIT=");
    assert!(screen.contains("E2E-EXIT=0"), "{screen}");
    assert!(
        !screen.contains("Priorities"),
        "the alternate screen was left: {screen}"
    );
    let verified = Command::new(env!("CARGO_BIN_EXE_caseboard"))
        .arg("verify")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
}

#[test]
fn the_projector_follows_the_note_takers_screen_live() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let open = open_board("open", (120, 35), "", &file);
    let present = in_tmux("present", "present", &file);
    present.wait_for("Waiting for the first item");

    // Browsing on the note-taker's screen does not move the projector.
    // The projector shows only what is in the file, and browsing wrote
    // nothing there.
    open.keys(&["j", "j"]);
    open.wait_for("Priorities 3 of 45");
    let (events, _) = Store::open_for_review(&file).unwrap().load().unwrap();
    assert_eq!(events.len(), 1, "only the session's creation: {events:?}");
    assert!(present.screen().contains("Waiting for the first item"));

    // Find P25 with the filter and take it up.
    filter_to(&open, "P25");
    open.keys(&["Enter"]);
    open.wait_for("Recorded #2");
    let start = Instant::now();
    // The title is drawn large; the indicator under it is plain text.
    present.wait_for("NI 39 Alcohol-harm related hospital admission rates");
    let follow = start.elapsed();
    assert!(
        follow < Duration::from_millis(500),
        "the projector took {follow:?} to follow (SPEC: within 500 ms)"
    );

    // Accept over its open objections, through the keys.
    open.keys(&["a"]);
    open.wait_for("Rationale");
    open.keys(&["-l", "Agreed with the PCT"]);
    open.keys(&["Enter"]);
    open.wait_for("Accept over open objections?");
    open.keys(&["y"]);
    open.wait_for("Recorded #3");
    present.wait_for("ACCEPTED");
    present.keys(&["q"]);
    open.keys(&["q"]);
    assert!(present.wait_for("PRESENT-EXIT=").contains("PRESENT-EXIT=0"));
    assert!(open.wait_for("OPEN-EXIT=").contains("OPEN-EXIT=0"));

    let store = Store::open(&file, Mode::ReadOnly).unwrap();
    let (events, board) = store.load().unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.body.kind()).collect();
    assert_eq!(
        kinds,
        ["session_created", "item_taken_up", "decision_recorded"]
    );
    assert!(events[1..].iter().all(|e| e.actor == "Notes"));
    assert_eq!(board.current().unwrap().id, "P25");
    assert_eq!(board.priority("P25").unwrap().status.word(), "accepted");
}

/// A shell in a tmux pane, for what must be seen from the shell: the exit
/// status, and the terminal's settings before and after.
fn shell(name: &str, width: u16, height: u16) -> Tmux {
    let tmux = Tmux::named(name);
    tmux.start((width, height), "env PS1='ready$ ' bash --norc --noprofile");
    tmux.wait_for("ready$");
    tmux
}

/// The process ids of `caseboard open FILE` (anchored, so the shell that
/// runs it is not found too).
fn open_pids(file: &Path) -> Vec<String> {
    let out = Command::new("pgrep")
        .arg("-f")
        .arg(format!(
            "^{} open {}$",
            env!("CARGO_BIN_EXE_caseboard"),
            file.display()
        ))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Sends `signal` to `open` on the board, from outside, and checks what the
/// note-taker's shell is left with: the same terminal settings (`stty -g`),
/// the main screen, no mouse reporting, the cursor shown, and the exit
/// status 128 + the signal's number.
fn a_signal_restores_the_terminal(signal: &str, number: i32) {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let name = format!("sig{}", signal.to_lowercase());
    let tmux = shell(&name, 100, 30);
    let before = dir.path().join("stty-before");
    let after = dir.path().join("stty-after");
    // `$((1+1))` prints as 2 only once the line has run.
    tmux.keys(&[
        "-l",
        &format!(
            "stty -g > {}; {} open {}; echo \"exit:$?:\"; stty -g > {}; echo finished-$((1+1))",
            before.display(),
            env!("CARGO_BIN_EXE_caseboard"),
            file.display(),
            after.display()
        ),
    ]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Priorities 1 of 45");
    let flag = |name: &str| {
        tmux.run(&["display-message", "-p", "-t", &tmux.target, name])
            .trim()
            .to_string()
    };
    assert_eq!(flag("#{alternate_on}"), "1", "the board is up");
    let pids = open_pids(&file);
    assert_eq!(pids.len(), 1, "one process: {pids:?}");
    let killed = Command::new("kill")
        .arg("-s")
        .arg(signal)
        .arg(&pids[0])
        .status()
        .unwrap();
    assert!(killed.success());
    let screen = tmux.wait_for("finished-2");
    assert!(
        screen.contains(&format!("exit:{}:", 128 + number)),
        "SIG{signal}: exit status 128 + {number}: {screen}"
    );
    assert!(
        !screen.contains("Priorities"),
        "SIG{signal}: the board was left on screen: {screen}"
    );
    assert_eq!(flag("#{alternate_on}"), "0", "SIG{signal}: main screen");
    for mouse in [
        "#{mouse_any_flag}",
        "#{mouse_button_flag}",
        "#{mouse_standard_flag}",
        "#{mouse_sgr_flag}",
    ] {
        assert_eq!(flag(mouse), "0", "SIG{signal}: {mouse} is off");
    }
    assert_eq!(flag("#{cursor_flag}"), "1", "SIG{signal}: the cursor shows");
    assert_eq!(
        std::fs::read_to_string(&before).unwrap(),
        std::fs::read_to_string(&after).unwrap(),
        "SIG{signal}: stty -g before and after"
    );
    // Echo and line editing are back: what is typed shows.
    tmux.keys(&["-l", "typed-after"]);
    tmux.wait_for("typed-after");
    // The session was closed in order: it verifies, and no -wal is left.
    let verified = Command::new(env!("CARGO_BIN_EXE_caseboard"))
        .arg("verify")
        .arg(&file)
        .output()
        .unwrap();
    assert!(verified.status.success(), "SIG{signal}: verify");
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    a_signal_restores_the_terminal("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    a_signal_restores_the_terminal("QUIT", 3);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    a_signal_restores_the_terminal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    a_signal_restores_the_terminal("HUP", 1);
}

#[test]
fn sigusr1_restores_the_terminal_and_exits_138() {
    a_signal_restores_the_terminal("USR1", 10);
}

#[test]
fn sigusr2_restores_the_terminal_and_exits_140() {
    a_signal_restores_the_terminal("USR2", 12);
}

#[test]
fn sigalrm_restores_the_terminal_and_exits_142() {
    a_signal_restores_the_terminal("ALRM", 14);
}

#[test]
fn sigpipe_restores_the_terminal_and_exits_141() {
    a_signal_restores_the_terminal("PIPE", 13);
}

/// The log of `file` as `caseboard log` prints it, one line per event.
fn log_lines(file: &Path) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_caseboard"))
        .arg("log")
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn typing_after_a_refused_reject_records_nothing() {
    // The reproduction: on statutory target S10 press `r`, type "Not a
    // priority for us." and Enter. The `o` in it once opened the objection
    // form, and Enter recorded the objection "t a priority for us.".
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let tmux = open_board("refused", (100, 30), "", &file);
    filter_to(&tmux, "S10");
    tmux.keys(&["r"]);
    tmux.keys(&["-l", "Not a priority for us."]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_all(&[
        "› Not a priority for us.",
        "Reject · cannot be recorded",
        "S10 is a statutory target",
    ]);
    assert!(!screen.contains("Raise an objection"), "{screen}");
    assert!(!screen.contains("Recorded #"), "{screen}");
    cancel_and_quit(&tmux);
    let log = log_lines(&file);
    assert_eq!(log.len(), 1, "the log gained nothing: {log:?}");
    assert!(log[0].contains("session_created"), "{log:?}");
}

#[test]
fn in_a_closed_session_a_note_is_refused_before_it_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let closed = Command::new(env!("CARGO_BIN_EXE_caseboard"))
        .args(["close", "--force", "--reason", "Adjourned"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(closed.status.success());
    let tmux = open_board("closed", (100, 30), "", &file);
    tmux.keys(&["n"]);
    tmux.wait_for_all(&["Note · cannot be recorded", "session was closed"]);
    tmux.keys(&["-l", "The chair asks for a quorum; adjourn."]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_all(&[
        "› The chair asks for a quorum; adjourn.",
        "Note · cannot be recorded",
    ]);
    assert!(!screen.contains("Recorded #"), "{screen}");
    cancel_and_quit(&tmux);
    let log = log_lines(&file);
    assert_eq!(log.len(), 2, "the log gained nothing: {log:?}");
}

#[test]
fn a_review_replays_through_the_keys_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let bin = env!("CARGO_BIN_EXE_caseboard");
    for args in [
        vec!["decide", "P02", "defer", "--rationale", "Await the survey"],
        vec!["decide", "P02", "accept", "--as", "Chair"],
    ] {
        assert!(Command::new(bin)
            .args(&args[..1])
            .arg(&file)
            .args(&args[1..])
            .status()
            .unwrap()
            .success());
    }
    let before = std::fs::read(&file).unwrap();
    let tmux = in_tmux("review", "review", &file);
    let screen = tmux.wait_for("Timeline: event 3 of 3");
    assert!(screen.contains("as at #3"), "{screen}");
    tmux.keys(&["["]);
    let screen = tmux.wait_for("as at #2");
    assert!(
        screen.contains("… deferred"),
        "P02 was deferred at event 2: {screen}"
    );
    // Keys are read in order: once the step back after `a` shows, `a` has
    // been handled (a form would have taken the `[` as typed text).
    tmux.keys(&["a", "["]);
    let screen = tmux.wait_for("as at #1");
    assert!(
        !screen.contains("Rationale"),
        "a review opens no form: {screen}"
    );
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("REVIEW-EXIT=").contains("REVIEW-EXIT=0"));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the session is byte for byte as it was"
    );
}

#[test]
fn a_panic_restores_the_terminal_and_says_the_entries_are_safe() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    // Test builds panic on purpose after the first frame when asked to.
    let tmux = caseboard_in(
        "panic",
        (120, 35),
        "RUST_BACKTRACE=0 CASEBOARD_TEST_PANIC=1 ",
        &format!("open {}", file.display()),
    );
    let screen = tmux.wait_for("PANIC-EXIT=");
    assert!(screen.contains("internal error"), "{screen}");
    assert!(screen.contains("is safe in"), "{screen}");
    assert!(
        !screen.contains("PANIC-EXIT=0"),
        "a panic is not a clean exit: {screen}"
    );
    assert!(
        !screen.contains("Priorities"),
        "the alternate screen was left: {screen}"
    );
    tmux.keys(&["-l", "typed-after-panic"]);
    tmux.wait_for("typed-after-panic");
}

#[test]
fn a_damaged_file_shows_the_board_under_a_banner_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    // Damage a page no read needs (an index of the pack's tables): the
    // board loads, but SQLite's quick_check, run after the first frame,
    // fails.
    let page: u64 = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_priority_themes_1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!dir.path().join("e2e.caseboard-wal").exists());
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
        f.seek(SeekFrom::Start((page - 1) * 4096)).unwrap();
        f.write_all(&[0]).unwrap();
    }
    let tmux = open_board("damaged", (120, 35), "", &file);
    let screen = tmux.wait_for_all(&["RECORD NOT TRUSTED", "Priorities 1 of 45"]);
    assert!(screen.contains("damaged"), "{screen}");
    // Every write is refused: a note's form says why, and Enter records nothing.
    tmux.keys(&["n"]);
    tmux.wait_for_all(&["Note · cannot be recorded", "not trusted"]);
    tmux.keys(&["-l", "A note that must not be recorded"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("› A note that must not be recorded");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Note · cannot be recorded");
    tmux.keys(&["Enter"]); // take up: refused too
    tmux.wait_for("while the record is not trusted");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("DAMAGED-EXIT=");
    assert!(screen.contains("DAMAGED-EXIT=1"), "{screen}");
    assert!(
        screen.contains("quick_check"),
        "the problem is said again: {screen}"
    );
    // Nothing was written: the log (read past the damage) holds one event.
    let events = events_in(&file);
    assert_eq!(events, 1, "nothing was recorded");
}

#[test]
fn a_broken_chain_shows_the_banner_on_the_board_and_the_projector() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let bin = env!("CARGO_BIN_EXE_caseboard");
    let decided = Command::new(bin)
        .arg("decide")
        .arg(&file)
        .args(["P03", "defer", "--rationale", "later", "--as", "Notes"])
        .status()
        .unwrap();
    assert!(decided.success());
    // One letter of the stored rationale changed, the guard dropped first
    // and put back after, so only the chain tells.
    let conn = rusqlite::Connection::open(&file).unwrap();
    let guard: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'events_no_update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(
        "DROP TRIGGER events_no_update;
         UPDATE events SET payload = replace(payload, 'later', 'laten') WHERE seq = 2;",
    )
    .unwrap();
    conn.execute_batch(&guard).unwrap();
    drop(conn);
    for (name, command) in [("board", "open"), ("projector", "present")] {
        let tmux = in_tmux(name, command, &file);
        // The first walk runs beside the first frame; its finding arrives after.
        let screen = tmux.wait_for_all(&["RECORD NOT TRUSTED", "event 2"]);
        if command == "open" {
            assert!(
                screen.contains("Priorities 1 of 45"),
                "the board is still shown: {screen}"
            );
            tmux.keys(&["a"]);
            tmux.wait_for("cannot be recorded");
            tmux.keys(&["Escape"]);
            tmux.wait_until_gone("cannot be recorded");
        }
        tmux.keys(&["q"]);
        tmux.wait_for("-EXIT=");
    }
    let events = events_in(&file);
    assert_eq!(events, 2, "nothing was recorded on a broken chain");
}

/// The colour parameters of the SGR sequences in `captured` (a pane
/// captured with its attributes): foreground, background, 256 and RGB.
fn colour_sgr(captured: &str) -> Vec<String> {
    let mut found = Vec::new();
    for seq in captured.split("\u{1b}[").skip(1) {
        let Some(end) = seq.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !seq[end..].starts_with('m') {
            continue;
        }
        let params = &seq[..end];
        let colour = params.split(';').any(|p| {
            matches!(
                p.parse::<u16>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            )
        });
        if colour {
            found.push(params.to_string());
        }
    }
    found
}

/// `NO_COLOR` in the real binary's environment: the screen carries no
/// colour at all, and the selection and focus still show.
#[test]
fn no_color_in_the_environment_sends_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let mut captured = Vec::new();
    for (name, env) in [
        ("colour", "env -u NO_COLOR "),
        ("nocolor", "env NO_COLOR=1 "),
    ] {
        let tmux = open_board(name, (100, 30), env, &file);
        tmux.keys(&["j"]);
        let screen = tmux.wait_for("Priorities 2 of 45");
        let with_attributes = tmux.run(&["capture-pane", "-p", "-e", "-t", name]);
        tmux.keys(&["q"]);
        tmux.wait_for("-EXIT=");
        captured.push((screen, with_attributes));
    }
    let [(_, colour), (plain, nocolor)] = captured.as_slice() else {
        unreachable!()
    };
    assert!(
        !colour_sgr(colour).is_empty(),
        "without NO_COLOR the board is in colour (so this check can see it): {colour:?}"
    );
    let sent = colour_sgr(nocolor);
    assert!(sent.is_empty(), "colour sent under NO_COLOR: {sent:?}");
    let selected = plain
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_else(|| panic!("a selection marker: {plain}"));
    assert!(selected.contains("P02"), "{plain}");
    assert!(plain.contains("◆ focus"), "{plain}");
}

/// The timer and the speakers follow the item, across two items, in the
/// real binary: the note-taker's board and the projector side by side.
#[test]
fn the_timer_and_the_speakers_follow_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let file = create_demo_session(dir.path());
    let open = open_board("lifeopen", (120, 35), "", &file);
    let present = in_tmux("lifepresent", "present", &file);
    present.wait_for("Waiting for the first item");

    // Take up P01: its clock runs on the projector and in the header.
    open.keys(&["Enter"]);
    open.wait_for("Recorded #2");
    present.wait_for_all(&["NI 112 Under 18 conception rate", "· running"]);
    open.wait_for("● P01 ◷");

    // Queue two speakers and give the first the floor.
    open.keys(&["s"]);
    open.wait_for("Add to the speakers queue");
    open.keys(&["Enter"]);
    open.wait_for("Recorded #3");
    open.keys(&["s"]);
    open.wait_for("Add to the speakers queue");
    open.keys(&["Right"]);
    open.wait_for("Cllr Margaret Hollins");
    open.keys(&["Enter"]);
    open.wait_for("Recorded #4");
    open.keys(&["S"]);
    open.wait_for_all(&["Recorded #5", "Speaking: David Okafor"]);
    present.wait_for_all(&["David Okafor", "Cllr Margaret Hollins"]);

    // Take the one waiting out of the queue: the speaker keeps the floor.
    open.keys(&["X"]);
    open.wait_for("David Okafor (has the floor)");
    open.keys(&["Right"]);
    open.wait_for("◂ Cllr Margaret Hollins ▸");
    open.keys(&["Enter"]);
    open.wait_for("Recorded #6");
    let screen = present.wait_for("queue empty");
    assert!(screen.contains("David Okafor"), "{screen}");

    // Accept P01 (over its open objection).
    open.keys(&["a"]);
    open.wait_for("Rationale");
    open.keys(&["-l", "Agreed in the room"]);
    open.keys(&["Enter"]);
    open.wait_for("Accept over open objections?");
    open.keys(&["y"]);
    open.wait_for("Recorded #7");
    present.wait_for("ACCEPTED");
    // Accepting leaves the clock to run until the next item: let it pass a
    // whole second, which the board shows for an item no longer current.
    assert!(open.screen().contains("● P01 ◷"));
    open.wait_until_gone("● P01 ◷00:00");

    // Take up P02: P01's clock stops and its speaker's turn ends; P02's
    // clock runs, with nobody speaking.
    open.keys(&["j"]);
    open.wait_for("Priorities 2 of 45");
    open.keys(&["Enter"]);
    open.wait_for_all(&["Recorded #8", "● P02 ◷"]);
    let screen = present.wait_for_all(&["NI 117 16 to 18 year olds", "· running"]);
    assert!(
        screen.contains("nobody"),
        "nobody has the floor on P02: {screen}"
    );
    assert!(!screen.contains("David Okafor"), "{screen}");
    // Back on P01: its clock shows stopped, and nobody speaks there.
    open.keys(&["k"]);
    let screen = open.wait_for_all(&["Priorities 1 of 45", "⏸ stopped"]);
    assert!(!screen.contains("Speaking: David Okafor"), "{screen}");
    assert!(screen.contains("● P02 ◷"), "{screen}");

    // Close the session from the command line: the projector's clock stops.
    let closed = Command::new(env!("CARGO_BIN_EXE_caseboard"))
        .args([
            "close",
            &file.display().to_string(),
            "--force",
            "--reason",
            "Out of time",
        ])
        .output()
        .unwrap();
    assert!(
        closed.status.success(),
        "{}",
        String::from_utf8_lossy(&closed.stderr)
    );
    let screen = present.wait_for("· paused");
    assert!(!screen.contains("· running"), "{screen}");
    open.keys(&["j"]);
    open.wait_for_all(&["Priorities 2 of 45", "⏸ stopped"]);

    present.keys(&["q"]);
    open.keys(&["q"]);
    assert!(present
        .wait_for("LIFEPRESENT-EXIT=")
        .contains("LIFEPRESENT-EXIT=0"));
    assert!(open.wait_for("LIFEOPEN-EXIT=").contains("LIFEOPEN-EXIT=0"));

    // The record agrees: David Okafor's turn ended when P02 was taken up,
    // its time kept; neither clock runs.
    let (events, board) = Store::open(&file, Mode::ReadOnly).unwrap().load().unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.body.kind()).collect();
    assert_eq!(
        kinds,
        [
            "session_created",
            "item_taken_up",
            "speaker_queued",
            "speaker_queued",
            "speaker_called",
            "speaker_removed",
            "decision_recorded",
            "item_taken_up",
            "session_closed"
        ]
    );
    let p01 = board.priority("P01").unwrap();
    assert!(p01.floor.is_none() && p01.queue.is_empty());
    assert!(
        p01.spoken.iter().any(|(who, _)| who == "wcc-ce"),
        "{:?}",
        p01.spoken
    );
    assert!(!p01.timer.is_running());
    assert!(!board.priority("P02").unwrap().timer.is_running());
}
