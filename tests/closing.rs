//! Closing and reopening a session (the rules are tested in
//! caseboard-core): every write is refused, from the command line and the
//! TUI alike, until it is reopened; both stay on the record and in the
//! minutes.

use caseboard_core::rules::{check, Command};
use caseboard_core::Board;
use caseboard_testkit::app::{app_on, apply, demo_board, key};
use caseboard_tui::app::{update, Action, Effect, WriteResult};
use crossterm::event::KeyCode;
use std::process::Command as Process;

fn board() -> Board {
    demo_board()
}

#[test]
fn a_closed_session_refuses_entries_on_screen() {
    let mut b = board();
    let event = apply(
        &mut b,
        Command::Close {
            force: true,
            reason: "Done".into(),
        },
    );
    let mut app = app_on(board(), false, (120, 35));
    update(&mut app, Action::Arrived(vec![event]));
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::Record(commands)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let refusal = check(&app.board, commands[0].clone()).unwrap_err();
    update(&mut app, Action::Written(WriteResult::Refused(refusal)));
    assert!(
        app.flash.as_ref().unwrap().text.contains("closed"),
        "{:?}",
        app.flash
    );
}

#[test]
fn close_and_reopen_from_the_command_line_are_on_the_record_and_in_the_minutes() {
    let bin = env!("CARGO_BIN_EXE_caseboard");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.caseboard");
    let pack = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/packs/demo.json");
    let run = |args: &[&str]| Process::new(bin).args(args).output().unwrap();
    let f = file.to_str().unwrap();
    assert!(run(&["new", f, "--pack", pack]).status.success());
    let refused = run(&["close", f]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("still undecided"));
    assert!(run(&["close", f, "--force", "--reason", "Out of time"])
        .status
        .success());
    let blocked = run(&["decide", f, "P01", "defer", "--rationale", "x"]);
    assert_eq!(blocked.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("closed"));
    assert!(run(&["reopen", f, "--reason", "Extra session"])
        .status
        .success());
    assert!(run(&["decide", f, "P01", "defer", "--rationale", "x"])
        .status
        .success());
    let log = String::from_utf8(run(&["log", f]).stdout).unwrap();
    assert!(
        log.contains("session_closed") && log.contains("session_reopened"),
        "{log}"
    );
    let minutes = String::from_utf8(run(&["export", f, "--format", "md"]).stdout).unwrap();
    assert!(
        minutes.contains("Out of time") && minutes.contains("Extra session"),
        "{minutes}"
    );
    assert!(run(&["verify", f]).status.success());
}

/// A full disk, as a file-size limit: the write fails with one clear
/// sentence, nothing is recorded, the file stays sound, and once there is
/// room again entries land as usual.
#[test]
fn a_full_disk_refuses_cleanly_and_loses_nothing() {
    let bin = env!("CARGO_BIN_EXE_caseboard");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("full.caseboard");
    let pack = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/packs/demo.json");
    let f = file.to_str().unwrap();
    assert!(Process::new(bin)
        .args(["new", f, "--pack", pack])
        .status()
        .unwrap()
        .success());
    assert!(Process::new(bin)
        .args(["decide", f, "P02", "accept"])
        .status()
        .unwrap()
        .success());
    let before =
        String::from_utf8(Process::new(bin).args(["log", f]).output().unwrap().stdout).unwrap();
    // No file may grow past 512 bytes; the signal for it is ignored, so the
    // write fails as it would on a full disk.
    let script = format!("ulimit -f 1; exec {bin} decide {f} P03 defer --rationale 'no room'");
    let full = Process::new("sh").args(["-c", &script]).output().unwrap();
    assert_eq!(full.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(stderr.contains("nothing was recorded"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    let after =
        String::from_utf8(Process::new(bin).args(["log", f]).output().unwrap().stdout).unwrap();
    assert_eq!(after, before, "nothing recorded, nothing lost");
    assert!(Process::new(bin)
        .args(["verify", f])
        .status()
        .unwrap()
        .success());
    assert!(Process::new(bin)
        .args(["decide", f, "P03", "defer", "--rationale", "room again"])
        .status()
        .unwrap()
        .success());
}
