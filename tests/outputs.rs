//! Outputs never replace what is not theirs: `export -o OUT` and `backup
//! FILE OUT` write only regular files or new names, and refuse folders,
//! devices, FIFOs, sockets and the -wal, -shm and -journal names of any
//! session, in one sentence, before anything is opened.

use caseboard_testkit::fixtures as common;

use common::*;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Command, Output};

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Runs caseboard as `tester`; it must not have panicked.
fn caseboard(args: &[&str]) -> Output {
    run_as_tester(BIN, args)
}

/// Exit 1, nothing on stdout, one line on stderr naming `out` and saying `says`.
fn refused(args: &[&str], out: &Path, says: &str) {
    let o = caseboard(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err:?}");
    assert!(
        err.contains(p(out)),
        "{args:?} names {}: {err}",
        out.display()
    );
    assert!(err.contains(says), "{args:?}: {err}");
}

/// Each way of writing an output to `out`.
fn writers<'a>(session: &'a str, out: &'a str) -> Vec<Vec<&'a str>> {
    vec![
        vec!["export", session, "--format", "json", "-o", out],
        vec!["export", session, "--format", "md", "-o", out],
        vec!["export", session, "--format", "csv", "--output", out],
        vec!["backup", session, out],
    ]
}

#[test]
fn a_fifo_is_refused_and_stays_a_fifo() {
    let s = session();
    let fifo = s.sibling("minutes.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for args in writers(p(&s.path), p(&fifo)) {
        refused(&args, &fifo, "FIFO");
    }
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "still a FIFO");
    assert!(
        std::fs::read_dir(s.dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".tmp-")),
        "no temporary left behind"
    );
}

#[test]
fn a_character_device_is_refused_before_it_is_opened() {
    let s = session();
    // Never a real device path here: were the refusal missing, the command
    // would replace it (as root, the machine's own). A link to /dev/null is
    // judged by the device; where allowed, a private device node too.
    let link = s.sibling("null.json");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let mut devices = vec![link];
    let node = s.sibling("private-null");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .output()
        .is_ok_and(|o| o.status.success());
    if made {
        devices.push(node);
    }
    for device in &devices {
        for args in writers(p(&s.path), p(device)) {
            refused(&args, device, "character device");
        }
        assert!(std::fs::metadata(device)
            .unwrap()
            .file_type()
            .is_char_device());
    }
    assert!(std::fs::symlink_metadata(&devices[0])
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_socket_and_a_folder_are_refused() {
    let s = session();
    let sock = s.sibling("listener.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    for args in writers(p(&s.path), p(&sock)) {
        refused(&args, &sock, "socket");
    }
    assert!(std::fs::symlink_metadata(&sock)
        .unwrap()
        .file_type()
        .is_socket());

    let folder = s.sibling("exports");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "mine").unwrap();
    for args in writers(p(&s.path), p(&folder)) {
        refused(&args, &folder, "folder");
    }
    assert_eq!(std::fs::read(folder.join("keep.txt")).unwrap(), b"mine");
}

#[test]
fn side_file_names_of_any_session_are_refused_whether_or_not_they_exist() {
    let s = session();
    let other = s.sibling("other.caseboard");
    std::fs::copy(&s.path, &other).unwrap();
    for name in [
        "conf.caseboard-wal",
        "conf.caseboard-shm",
        "conf.caseboard-journal",
        "other.caseboard-wal",
        "other.caseboard-shm",
        "anything-journal",
    ] {
        let out = s.sibling(name);
        let existed = out.exists();
        for args in writers(p(&s.path), p(&out)) {
            refused(&args, &out, "-wal, -shm or -journal");
        }
        assert_eq!(out.exists(), existed, "{name} neither made nor removed");
    }
    // A link named innocently that points at a -wal name is refused too.
    let link = s.sibling("innocent.json");
    std::os::unix::fs::symlink(s.sibling("other.caseboard-wal"), &link).unwrap();
    std::fs::write(s.sibling("other.caseboard-wal"), b"").unwrap();
    refused(
        &["export", p(&s.path), "--format", "json", "-o", p(&link)],
        &link,
        "-wal, -shm or -journal",
    );
    let verify = caseboard(&["verify", p(&s.path)]);
    assert!(verify.status.success());
}

#[test]
fn a_regular_file_a_new_name_and_a_link_to_a_file_are_written() {
    let s = session();
    let f = p(&s.path);
    let existing = s.sibling("old.json");
    std::fs::write(&existing, "old").unwrap();
    let o = caseboard(&["export", f, "--format", "json", "-o", p(&existing)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&existing)
        .unwrap()
        .contains("\"events\""));

    let fresh = s.sibling("fresh.md");
    let o = caseboard(&["export", f, "--format", "md", "-o", p(&fresh)]);
    assert!(o.status.success());
    assert!(std::fs::read_to_string(&fresh)
        .unwrap()
        .starts_with("# Minutes"));

    // Through a link, the file it points to gets the export; the link stays.
    let target = s.sibling("target.csv");
    std::fs::write(&target, "old").unwrap();
    let link = s.sibling("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = caseboard(&["export", f, "--format", "csv", "-o", p(&link)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("seq,"));
}

#[test]
fn dash_means_stdout() {
    let s = session();
    let o = caseboard(&["export", p(&s.path), "--format", "csv", "-o", "-"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("seq,"));
    assert!(!Path::new("-").exists() && !s.sibling("-").exists());
}

#[test]
fn an_export_never_replaces_another_session() {
    let s = session();
    let victim = s.sibling("victim.caseboard");
    std::fs::copy(&s.path, &victim).unwrap();
    let before = std::fs::read(&victim).unwrap();
    for format in ["csv", "md", "json"] {
        refused(
            &["export", p(&s.path), "--format", format, "-o", p(&victim)],
            &victim,
            "is a caseboard session",
        );
    }
    assert_eq!(std::fs::read(&victim).unwrap(), before);
}
