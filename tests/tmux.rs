//! End to end: the real binary in a real terminal (tmux). A note-taker
//! accepts a priority through the keys; afterwards the session file holds
//! the decision, and the terminal is restored.

use caseboard::domain::{EventBody, Outcome};
use caseboard::store::{Mode, Store};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    target: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed for the end-to-end test (apt-get install tmux)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.target])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.target.as_str()];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {needle:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
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
    let tmux = Tmux {
        socket: format!("caseboard-e2e-{}", std::process::id()),
        target: "e2e".into(),
    };
    let command = format!(
        "{} open {} --as E2E; echo CASEBOARD-EXIT=$?; sleep 30",
        env!("CARGO_BIN_EXE_caseboard"),
        file.display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    tmux.wait_for("Priorities 1 of 56");
    // P02 has no open objections in the demo pack: no confirmation step.
    tmux.keys(&["j"]);
    tmux.wait_for("Priorities 2 of 56");
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
    assert_eq!(last.actor, "E2E");
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
    let screen = tmux.wait_for("CASEBOARD-EXIT=");
    assert!(screen.contains("CASEBOARD-EXIT=0"), "{screen}");
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
    let socket = format!("caseboard-two-{}", std::process::id());
    let open = Tmux {
        socket: socket.clone(),
        target: "open".into(),
    };
    let present = Tmux {
        socket,
        target: "present".into(),
    };
    let bin = env!("CARGO_BIN_EXE_caseboard");
    let open_cmd = format!(
        "{bin} open {} --as Notes; echo OPEN-EXIT=$?; sleep 30",
        file.display()
    );
    let present_cmd = format!(
        "{bin} present {}; echo PRESENT-EXIT=$?; sleep 30",
        file.display()
    );
    open.run(&[
        "new-session",
        "-d",
        "-s",
        "open",
        "-x",
        "120",
        "-y",
        "35",
        &open_cmd,
    ]);
    open.run(&[
        "new-session",
        "-d",
        "-s",
        "present",
        "-x",
        "120",
        "-y",
        "35",
        &present_cmd,
    ]);
    open.wait_for("Priorities 1 of 56");
    present.wait_for("Waiting for the first item");

    // Browsing on the note-taker's screen does not move the projector.
    open.keys(&["j", "j"]);
    open.wait_for("Priorities 3 of 56");
    std::thread::sleep(Duration::from_millis(300));
    assert!(present.screen().contains("Waiting for the first item"));

    // Find P25 with the filter and take it up.
    open.keys(&["/"]);
    open.keys(&["-l", "P25"]);
    open.keys(&["Enter"]);
    open.wait_for("Priorities 1 of 1");
    open.keys(&["Enter"]);
    open.wait_for("Recorded #2");
    let start = Instant::now();
    present.wait_for("Reduce alcohol-related harm");
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

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let file = create_demo_session(dir.path());
        let tmux = Tmux {
            socket: format!("caseboard-sig-{signal}-{}", std::process::id()),
            target: "sig".into(),
        };
        let command = format!(
            "{} open {}; echo SIGNAL-EXIT=$?; sleep 30",
            env!("CARGO_BIN_EXE_caseboard"),
            file.display()
        );
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "sig",
            "-x",
            "100",
            "-y",
            "30",
            &command,
        ]);
        tmux.wait_for("Priorities 1 of 56");
        let killed = Command::new("pkill")
            .arg(format!("-{signal}"))
            .arg("-f")
            // Anchored, so the shell running it is not matched too.
            .arg(format!(
                "^{} open {}$",
                env!("CARGO_BIN_EXE_caseboard"),
                file.display()
            ))
            .status()
            .unwrap();
        assert!(killed.success(), "the process was found");
        let screen = tmux.wait_for("SIGNAL-EXIT=");
        assert!(
            !screen.contains("Priorities"),
            "SIG{signal}: the alternate screen was left: {screen}"
        );
        assert!(
            screen.contains("SIGNAL-EXIT=0"),
            "SIG{signal}: a clean exit: {screen}"
        );
        // Raw mode is off again: the terminal echoes what is typed.
        tmux.keys(&["-l", "typed-after"]);
        tmux.wait_for("typed-after");
    }
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
    let tmux = Tmux {
        socket: format!("caseboard-review-{}", std::process::id()),
        target: "rev".into(),
    };
    let command = format!(
        "{bin} review {}; echo REVIEW-EXIT=$?; sleep 30",
        file.display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "rev",
        "-x",
        "120",
        "-y",
        "35",
        &command,
    ]);
    let screen = tmux.wait_for("Timeline: event 3 of 3");
    assert!(screen.contains("as at #3"), "{screen}");
    tmux.keys(&["["]);
    let screen = tmux.wait_for("as at #2");
    assert!(
        screen.contains("… deferred"),
        "P02 was deferred at event 2: {screen}"
    );
    tmux.keys(&["a"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !tmux.screen().contains("Rationale"),
        "a review opens no form"
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
    let tmux = Tmux {
        socket: format!("caseboard-panic-{}", std::process::id()),
        target: "panic".into(),
    };
    // Test builds panic on purpose after the first frame when asked to.
    let command = format!(
        "RUST_BACKTRACE=0 CASEBOARD_TEST_PANIC=1 {} open {}; echo PANIC-EXIT=$?; sleep 30",
        env!("CARGO_BIN_EXE_caseboard"),
        file.display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "panic",
        "-x",
        "120",
        "-y",
        "35",
        &command,
    ]);
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
