//! Printing never panics: every command into a full device (`> /dev/full`)
//! says in one sentence what it had already done and exits 1; into a pipe
//! whose reader has gone it stops quietly and exits 0. A file-size limit
//! (`ulimit -f`) is one sentence too, never a killed process.

use caseboard_testkit::fixtures as common;

use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

fn caseboard() -> Command {
    caseboard_as_tester(BIN)
}

/// Runs caseboard with stdout on `/dev/full` (every write fails with ENOSPC).
fn into_full_disk(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    caseboard()
        .args(args)
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// Runs caseboard with stdout on a pipe whose reader is already closed
/// (every write fails with EPIPE).
fn into_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    caseboard()
        .args(args)
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn events(file: &Path) -> usize {
    let out = caseboard().args(["log", p(file)]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).lines().count()
}

/// Exit 1 and exactly one line on stderr, saying `done` (if any) and then
/// that stdout could not be written, in words.
fn assert_one_sentence(what: &str, out: &Output, done: Option<&str>) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{what} panicked: {err}");
    assert_eq!(out.status.code(), Some(1), "{what}: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: one line: {err:?}");
    assert!(
        err.contains("could not print to stdout: no space left on device"),
        "{what}: {err}"
    );
    assert!(!err.contains("os error"), "{what}: plain words: {err}");
    if let Some(done) = done {
        let (before, _) = err.split_once("could not print").unwrap();
        assert!(
            before.contains(done),
            "{what}: says first that it {done}: {err}"
        );
    }
}

fn assert_quiet_stop(what: &str, out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{what} panicked: {err}");
    assert_eq!(out.status.code(), Some(0), "{what}: {err}");
    assert!(err.is_empty(), "{what}: no noise on stderr: {err:?}");
}

/// Every write command into /dev/full: the entry is recorded, and the
/// sentence says so before saying the confirmation could not be printed.
#[test]
fn write_commands_into_a_full_device_say_what_was_recorded() {
    let s = session();
    let f = p(&s.path);
    let pack = s.sibling("pack.json");
    std::fs::write(&pack, &s.pack_text).unwrap();
    let created = s.sibling("created.caseboard");

    let out = into_full_disk(&["new", p(&created), "--pack", p(&pack)]);
    assert_one_sentence("new", &out, Some("created"));
    assert_eq!(events(&created), 1, "the session was created");

    let mut expected = events(&s.path);
    for (name, args) in [
        (
            "decide",
            vec!["decide", f, "P1", "defer", "--rationale", "later"],
        ),
        ("object", vec!["object", f, "P3", "--text", "thin evidence"]),
        (
            "close",
            vec!["close", f, "--force", "--reason", "out of time"],
        ),
        ("reopen", vec!["reopen", f, "--reason", "one more"]),
    ] {
        expected += 1;
        let out = into_full_disk(&args);
        assert_one_sentence(name, &out, Some(&format!("recorded #{expected}")));
        assert_eq!(events(&s.path), expected, "{name} recorded its entry");
    }

    let copy = s.sibling("copy.caseboard");
    let out = into_full_disk(&["backup", f, p(&copy)]);
    assert_one_sentence("backup", &out, Some("backed up"));
    assert_eq!(events(&copy), expected, "the backup was made");
}

#[test]
fn read_commands_into_a_full_device_fail_in_one_sentence() {
    let s = session();
    let f = p(&s.path);
    for args in [
        vec!["board", f],
        vec!["log", f],
        vec!["export", f, "--format", "json"],
        vec!["export", f, "--format", "md"],
        vec!["export", f, "--format", "csv"],
        vec!["export", f, "--format", "csv", "-o", "-"],
        vec!["verify", f],
        vec!["summary", f],
        vec!["summary", f, "--format", "json"],
        vec!["summary", f, "--format", "csv"],
        vec!["--help"],
        vec!["--version"],
    ] {
        let out = into_full_disk(&args);
        assert_one_sentence(&args.join(" "), &out, None);
    }
}

/// Every command into a pipe already closed: exit 0, nothing on stderr,
/// and what was to be recorded is recorded.
#[test]
fn every_command_into_a_closed_pipe_stops_quietly() {
    let s = session();
    let f = p(&s.path);
    let pack = s.sibling("pack.json");
    std::fs::write(&pack, &s.pack_text).unwrap();
    let created = s.sibling("created.caseboard");
    let copy = s.sibling("copy.caseboard");
    let before = events(&s.path);
    for args in [
        vec!["new", p(&created), "--pack", p(&pack)],
        vec!["decide", f, "P1", "accept"],
        vec!["object", f, "P3", "--text", "thin evidence"],
        vec!["close", f, "--force", "--reason", "out of time"],
        vec!["reopen", f, "--reason", "one more"],
        vec!["board", f],
        vec!["log", f],
        vec!["export", f, "--format", "json"],
        vec!["export", f, "--format", "md"],
        vec!["export", f, "--format", "csv"],
        vec!["verify", f],
        vec!["backup", f, p(&copy)],
        vec!["summary", f],
        vec!["summary", f, "--format", "json"],
        vec!["--help"],
        vec!["decide", "--help"],
    ] {
        let out = into_closed_pipe(&args);
        assert_quiet_stop(&args.join(" "), &out);
    }
    assert_eq!(events(&s.path), before + 4, "all four entries recorded");
    assert_eq!(events(&created), 1);
    assert_eq!(events(&copy), before + 4);
}

/// `caseboard log s | head -1` on a long log: the reader takes one line and
/// goes; caseboard stops quietly.
#[test]
fn a_long_log_cut_short_by_its_reader_stops_quietly() {
    let s = session();
    let f = p(&s.path);
    for i in 0..60 {
        let out = caseboard()
            .args([
                "object",
                f,
                "P1",
                "--text",
                &format!("objection {i}: {}", "x".repeat(2000)),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let mut child = caseboard()
        .args(["log", f])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_quiet_stop("log | head -1", &out);

    // The same through a shell, as a user types it.
    let out = Command::new("sh")
        .args(["-c", &format!("'{BIN}' log '{f}' | head -c 10 >/dev/null")])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

/// A verdict cut short by the reader is still the verdict.
#[test]
fn verify_into_a_closed_pipe_still_exits_with_its_verdict() {
    let s = session();
    tamper_events(&s.path, "UPDATE events SET actor = 'mallory' WHERE seq = 1");
    let out = into_closed_pipe(&["verify", p(&s.path)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

fn file_size_limit(blocks: u32, args: &str) -> Output {
    // No `trap` here: caseboard itself must not be killed by SIGXFSZ.
    Command::new("sh")
        .args(["-c", &format!("ulimit -f {blocks}; exec '{BIN}' {args}")])
        .env("USER", "tester")
        .output()
        .unwrap()
}

/// `ulimit -f` below what the write needs: one sentence, exit 1, nothing
/// half-written, and the session takes entries again once there is room.
#[test]
fn a_file_size_limit_refuses_in_one_sentence() {
    let s = session();
    let f = p(&s.path);
    let before = events(&s.path);
    let out = file_size_limit(1, &format!("decide '{f}' P1 defer --rationale 'no room'"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "not killed by a signal: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nothing was recorded"), "{err}");
    assert_eq!(events(&s.path), before, "nothing half-written");
    let verify = caseboard().args(["verify", f]).output().unwrap();
    assert!(verify.status.success(), "{}", stderr(&verify));
    let again = caseboard()
        .args(["decide", f, "P1", "defer", "--rationale", "room again"])
        .output()
        .unwrap();
    assert!(again.status.success());
}

/// A limit the entry fits in (its `-wal` is small) but the session file
/// does not: the entry is recorded and confirmed, and the limit met when
/// folding the `-wal` back in loses nothing.
#[test]
fn a_file_size_limit_met_after_recording_loses_nothing() {
    let s = session();
    let f = p(&s.path);
    let before = events(&s.path);
    let size = std::fs::metadata(&s.path).unwrap().len();
    // In 512-byte blocks: well above a one-entry -wal, below the session.
    let blocks = (size / 512 / 2).max(64) as u32;
    assert!(
        u64::from(blocks) * 512 < size,
        "the limit is below the file"
    );
    let out = file_size_limit(blocks, &format!("decide '{f}' P1 defer --rationale 'kept'"));
    let err = stderr(&out);
    assert!(out.status.code().is_some(), "not killed by a signal: {err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("recorded #{}", before + 1)));
    assert_eq!(events(&s.path), before + 1, "the entry is on the record");
    let verify = caseboard().args(["verify", f]).output().unwrap();
    assert!(verify.status.success(), "{}", stderr(&verify));
}

/// Every print goes through the one writer: no macro that panics on a
/// failed write is left in the command line.
#[test]
fn no_command_prints_around_the_one_writer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/main.rs")];
    for entry in std::fs::read_dir(root.join("src/cli")).unwrap() {
        files.push(entry.unwrap().path());
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for banned in ["println!", "eprintln!", "print!(", "eprint!("] {
                assert!(
                    !code.contains(banned),
                    "{}:{}: {banned} bypasses the writer: {line}",
                    file.display(),
                    i + 1
                );
            }
        }
    }
}
