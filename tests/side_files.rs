//! What lies beside a session: the live record in the real file's `-wal`
//! whatever name it is reached by, reads that create nothing and work in a
//! folder they may not write, refused writers that leave nothing, leftovers
//! of killed commands cleaned up, and full disks.

use caseboard_testkit::fixtures as common;

use caseboard_store::{verify, Mode, Store};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Records `n` decisions through a writer that stays open, so they sit
/// only in the real file's `-wal` while the writer is returned.
fn live_writer(path: &Path, n: usize) -> Store {
    let mut store = Store::open(path, Mode::ReadWrite).unwrap();
    for i in 0..n {
        let (_, board) = store.load().unwrap();
        store
            .record(
                &board,
                "tester",
                decide("P1", caseboard_core::Outcome::Defer, &format!("live {i}")),
            )
            .unwrap();
    }
    assert!(with_suffix(path, "-wal").exists());
    store
}

fn cb() -> Command {
    Command::new(BIN)
}

/// Every one-shot read of `shown` sees `events` events.
fn reads_see(shown: &Path, events: u64) {
    let report = verify(shown).unwrap();
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(report.events, events, "verify {}", shown.display());
    let store = Store::open_for_review(shown).unwrap();
    assert_eq!(store.load().unwrap().0.len() as u64, events);
    assert_eq!(store.path(), shown, "the name is shown as given");
    drop(store);
    let out = cb().args(["verify", p(shown)]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!("{}: sound: {events} events", shown.display())),
        "{stdout}"
    );
    let log = cb().args(["log", p(shown)]).output().unwrap();
    assert!(String::from_utf8_lossy(&log.stdout).contains(&format!("live {}", events - 2)));
    let json = cb()
        .args(["export", p(shown), "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&json.stdout).contains(&format!("live {}", events - 2)));
}

#[test]
fn a_symlinked_session_reads_the_live_record() {
    let s = session();
    let link = s.sibling("link.caseboard");
    std::os::unix::fs::symlink(&s.path, &link).unwrap();
    let writer = live_writer(&s.path, 3);
    reads_see(&link, 4);
    // A write through the link goes to the same record.
    let out = cb()
        .args(["decide", p(&link), "P2", "accept"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("recorded #5"));
    assert!(!with_suffix(&link, "-wal").exists());
    drop(writer);
    assert_eq!(verify(&s.path).unwrap().events, 5);
}

#[test]
fn a_session_in_a_symlinked_folder_reads_the_live_record() {
    let s = session();
    let real_dir = s.sibling("real");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("conf.caseboard");
    std::fs::rename(&s.path, &real).unwrap();
    let linked_dir = s.sibling("linked");
    std::os::unix::fs::symlink(&real_dir, &linked_dir).unwrap();
    let _writer = live_writer(&real, 3);
    let shown = linked_dir.join("..").join("linked").join("conf.caseboard");
    reads_see(&shown, 4);
}

#[test]
fn a_hard_linked_session_reads_the_live_record() {
    let s = session();
    // Linked while the note-taker writes (a writer cannot open it once it
    // has two names: see below).
    let writer = live_writer(&s.path, 3);
    let link = s.sibling("hard.caseboard");
    std::fs::hard_link(&s.path, &link).unwrap();
    reads_see(&link, 4);
    assert!(!with_suffix(&link, "-wal").exists());
    assert!(!with_suffix(&link, "-shm").exists());
    drop(writer);
}

#[test]
fn one_shot_reads_create_nothing_beside_a_wal_without_its_shm() {
    let s = session();
    let writer = live_writer(&s.path, 3);
    // A session as copied, or left by a crash: a -wal and no -shm.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.caseboard");
    std::fs::copy(&s.path, &copy).unwrap();
    std::fs::copy(with_suffix(&s.path, "-wal"), with_suffix(&copy, "-wal")).unwrap();
    drop(writer);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before = names_in(dir.path());
    let wal = read(&with_suffix(&copy, "-wal"));
    for args in [
        vec!["board", p(&copy)],
        vec!["log", p(&copy)],
        vec!["export", p(&copy), "--format", "md"],
        vec!["verify", p(&copy)],
        vec!["summary", p(&copy)],
    ] {
        let o = cb().args(&args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {o:?}");
        assert_eq!(names_in(dir.path()), before, "{args:?}");
    }
    let b = out.join("b.caseboard");
    let o = cb().args(["backup", p(&copy), p(&b)]).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    assert_eq!(names_in(dir.path()), before, "backup");
    assert_eq!(verify(&b).unwrap().events, 4);
    assert_eq!(read(&with_suffix(&copy, "-wal")), wal);
}

// ---------------------------------------------------------------- other users

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn every_read_works_in_a_folder_the_reader_may_not_write() {
    let reader = 4343;
    if as_user(BIN, reader).is_none() || uid() != 0 {
        eprintln!("skipped: cannot run caseboard as another user here");
        return;
    }
    let s = session();
    let writer = live_writer(&s.path, 3);
    // The session as it stands mid-meeting, in a folder only its owner writes.
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let f = dir.path().join("conf.caseboard");
    std::fs::copy(&s.path, &f).unwrap();
    std::fs::copy(with_suffix(&s.path, "-wal"), with_suffix(&f, "-wal")).unwrap();
    drop(writer);
    for file in [f.clone(), with_suffix(&f, "-wal")] {
        chmod(&file, 0o644);
    }
    let before = names_in(dir.path());
    let out = tempfile::tempdir().unwrap();
    chmod(out.path(), 0o777);
    let run = |args: &[&str]| as_user(BIN, reader).unwrap().args(args).output().unwrap();
    for args in [
        vec!["board", p(&f)],
        vec!["log", p(&f)],
        vec!["export", p(&f), "--format", "csv"],
        vec!["verify", p(&f)],
    ] {
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {o:?}");
    }
    let verified = String::from_utf8_lossy(&run(&["verify", p(&f)]).stdout).into_owned();
    assert!(verified.contains("sound: 4 events"), "{verified}");
    let b = out.path().join("b.caseboard");
    let o = run(&["backup", p(&f), p(&b)]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(verify(&b).unwrap().events, 4);
    assert_eq!(names_in(dir.path()), before);
}

/// caseboard run as user `id`, which must be possible here.
fn run_as(id: u32, args: &[&str]) -> std::process::Output {
    as_user(BIN, id).unwrap().args(args).output().unwrap()
}

/// `owner`'s session `a.caseboard`, readable by all, in a folder anyone may
/// write in (as a shared conference folder is); `None`, and the test is
/// skipped, when this machine cannot run caseboard as both users.
fn shared_session(owner: u32, other: u32) -> Option<(tempfile::TempDir, PathBuf)> {
    if as_user(BIN, owner).is_none() || as_user(BIN, other).is_none() || uid() != 0 {
        eprintln!("skipped: cannot run caseboard as two users here");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o777);
    let pack = write_pack(dir.path(), "pack.json", &default_pack());
    let f = dir.path().join("a.caseboard");
    assert!(run_as(owner, &["new", p(&f), "--pack", p(&pack)])
        .status
        .success());
    chmod(&f, 0o644);
    Some((dir, f))
}

#[test]
fn a_refused_writer_leaves_nothing_behind() {
    let (owner, other) = (4242, 4343);
    let Some((dir, f)) = shared_session(owner, other) else {
        return;
    };
    let before = names_in(dir.path());
    let bytes = read(&f);

    let refused = run_as(other, &["decide", p(&f), "P1", "accept"]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(p(&f)), "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(names_in(dir.path()), before, "no -wal or -shm left");
    assert_eq!(read(&f), bytes);

    // The owner's own writes are not blocked by anything the other left.
    let mine = run_as(owner, &["decide", p(&f), "P1", "accept"]);
    assert!(mine.status.success(), "{mine:?}");
}

// ---------------------------------------------------------------- leftovers

/// A process id that is surely not running: a child that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    pid
}

#[test]
fn leftovers_of_killed_commands_are_removed_by_the_next_command() {
    let s = session();
    let dead = dead_pid();
    let live = std::process::id();
    let dir = s.dir.path();
    let dead_names = [
        format!(".conf.caseboard.creating-{dead}"),
        format!(".conf.caseboard.creating-{dead}-wal"),
        format!(".conf.caseboard.creating-{dead}-journal"),
        format!(".b.caseboard.backup-{dead}"),
        format!(".b.caseboard.backup-{dead}-shm"),
        format!(".minutes.md.tmp-{dead}"),
    ];
    let kept_names = [
        format!(".other.caseboard.creating-{live}"),
        format!(".minutes.md.tmp-{live}"),
        ".notes.tmp-abc".to_string(),
        format!("plain.tmp-{dead}"),
        format!(".tmp-{dead}"),
    ];
    for name in dead_names.iter().chain(&kept_names) {
        std::fs::write(dir.join(name), b"left behind").unwrap();
    }
    // A private reading copy of a killed reader, in the temporary folder.
    let temp = tempfile::tempdir().unwrap();
    let reading = temp.path().join(format!(".caseboard-read-1-1.tmp-{dead}"));
    std::fs::create_dir(&reading).unwrap();
    std::fs::write(reading.join("session.caseboard"), b"copy").unwrap();
    let unrelated = temp.path().join(format!(".someone.tmp-{dead}"));
    std::fs::write(&unrelated, b"not ours").unwrap();
    let o = cb()
        .env("TMPDIR", temp.path())
        .args(["board", p(&s.path)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    assert!(!reading.exists(), "a dead reader's copy is removed");
    assert!(
        unrelated.exists(),
        "other programs' files in the temporary folder are kept"
    );
    assert_eq!(
        names_in(temp.path()).len(),
        1,
        "{:?}",
        names_in(temp.path())
    );
    let left = names_in(dir);
    for name in &dead_names {
        assert!(!left.contains(name), "{name} should be gone: {left:?}");
    }
    for name in &kept_names {
        assert!(left.contains(name), "{name} must be kept: {left:?}");
    }
    // The public call does the same for other folders.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join(format!(".x.json.tmp-{dead}")), b"").unwrap();
    caseboard_store::remove_dead_temporaries(other.path());
    assert!(names_in(other.path()).is_empty());
}

// ---------------------------------------------------------------- full disks

/// A tiny file system of `kib` KiB mounted for the test (root only);
/// unmounted when dropped.
struct Tiny {
    dir: tempfile::TempDir,
}

impl Tiny {
    fn mount(kib: u32) -> Option<Tiny> {
        if uid() != 0 {
            return None;
        }
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k,mode=0777")])
            .arg("tmpfs")
            .arg(dir.path())
            .output()
            .ok()?
            .status
            .success();
        ok.then_some(Tiny { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

impl Drop for Tiny {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// A pack large enough that its session does not fit in a few KiB.
fn big_pack(dir: &Path) -> PathBuf {
    write_pack(dir, "pack.json", &pack_value(200, 70))
}

#[test]
fn new_on_a_full_disk_leaves_nothing_behind() {
    let packs = tempfile::tempdir().unwrap();
    let pack = big_pack(packs.path());
    // A real small file system when one can be mounted here.
    if let Some(tiny) = Tiny::mount(64) {
        let f = tiny.path().join("s.caseboard");
        let o = cb()
            .args(["new", p(&f), "--pack", p(&pack)])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{o:?}");
        assert!(
            names_in(&tiny.path()).is_empty(),
            "{:?}",
            names_in(&tiny.path())
        );
    }
    // A file-size limit, anywhere: each write past it fails as on a full disk.
    for blocks in [1, 8, 40, 120] {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("s.caseboard");
        let script = format!(
            "ulimit -f {blocks}; trap '' XFSZ; exec {BIN} new {} --pack {}",
            p(&f),
            p(&pack)
        );
        let o = Command::new("sh").args(["-c", &script]).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "limit {blocks}: {o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("nothing was left behind"), "{err}");
        assert!(
            names_in(dir.path()).is_empty(),
            "limit {blocks}: {:?}",
            names_in(dir.path())
        );
    }
}

#[test]
fn backup_onto_a_full_disk_names_the_destination() {
    let Some(tiny) = Tiny::mount(48) else {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    };
    let packs = tempfile::tempdir().unwrap();
    let pack = big_pack(packs.path());
    let src = tempfile::tempdir().unwrap();
    let f = src.path().join("source.caseboard");
    let o = cb()
        .args(["new", p(&f), "--pack", p(&pack)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    assert!(std::fs::metadata(&f).unwrap().len() > 48 * 1024);
    let out = tiny.path().join("copy.caseboard");
    let o = cb().args(["backup", p(&f), p(&out)]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(p(&out)), "names the destination: {err}");
    assert!(!err.contains("source.caseboard"), "not the source: {err}");
    assert!(err.contains("no space"), "{err}");
    assert!(
        names_in(&tiny.path()).is_empty(),
        "{:?}",
        names_in(&tiny.path())
    );
}

// ---------------------------------------------------------------- a writer at work

#[test]
fn reads_taken_while_a_writer_works_are_whole() {
    let s = session();
    let path = s.path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Each writer leaves by folding the -wal into the file
                // (and, as the last one, deleting it): the reader's copy
                // must never mix a file and a -wal of different moments.
                let mut store = Store::open(&path, Mode::ReadWrite).unwrap();
                for _ in 0..4 {
                    let (_, board) = store.load().unwrap();
                    store
                        .record(
                            &board,
                            "tester",
                            decide("P1", caseboard_core::Outcome::Defer, &format!("w{n}")),
                        )
                        .unwrap();
                    n += 1;
                }
            }
            n
        })
    };
    let started = std::time::Instant::now();
    let mut last = 0;
    let mut reads = 0;
    while started.elapsed() < std::time::Duration::from_millis(1500) {
        let report = verify(&path).unwrap();
        assert!(report.is_sound(), "{report:?}");
        assert!(report.events >= last, "{} after {last}", report.events);
        last = report.events;
        let store = Store::open_for_review(&path).unwrap();
        let (events, _) = store.load().unwrap();
        assert!(events.len() as u64 >= last);
        assert!(store.notices().is_empty(), "{:?}", store.notices());
        reads += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    eprintln!("{reads} reads while {written} events were written");
    assert!(
        reads >= 5 && written >= 8,
        "{reads} reads, {written} written"
    );
    assert_eq!(verify(&path).unwrap().events, 1 + written as u64);
}

/// Runs `line` in a detached tmux session (the projector needs a terminal)
/// and returns the screen once it shows `until`.
fn in_tmux(name: &str, line: &str, until: &str) -> String {
    let tmux = caseboard_testkit::tmux::Tmux::named(name);
    tmux.start((120, 35), line);
    tmux.wait_for(until)
}

#[test]
fn a_projector_run_by_a_reader_leaves_nothing_that_blocks_the_owner() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: no tmux");
        return;
    }
    let (owner, other) = (4242, 4343);
    let Some((dir, f)) = shared_session(owner, other) else {
        return;
    };
    let before = names_in(dir.path());
    // Nobody has it open for writing: following it would make the -wal and
    // -shm the reader's.
    let line = format!(
        "setpriv --reuid={other} --regid={other} --clear-groups {BIN} present {}; echo PRESENT-EXIT=$?; sleep 30",
        p(&f)
    );
    let screen = in_tmux("reader", &line, "PRESENT-EXIT=");
    assert!(screen.contains("PRESENT-EXIT=1"), "{screen}");
    assert!(screen.contains("caseboard open"), "{screen}");
    assert_eq!(names_in(dir.path()), before, "no -wal or -shm left");
    let mine = run_as(owner, &["decide", p(&f), "P1", "accept"]);
    assert!(mine.status.success(), "{mine:?}");
}

#[test]
fn a_session_with_several_names_is_written_through_none_of_them() {
    // SQLite keeps a -wal per name: a writer through each name would each
    // keep their own, and entries acknowledged through one are lost when the
    // other is folded in. So nothing is written while the file has two names.
    let s = session();
    let link = s.sibling("hard.caseboard");
    std::fs::hard_link(&s.path, &link).unwrap();
    for name in [&s.path, &link] {
        let o = cb()
            .args(["decide", p(name), "P1", "accept"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("2 names (hard links)"), "{err}");
    }
    assert_eq!(verify(&link).unwrap().events, 1);
    assert!(!with_suffix(&link, "-wal").exists());
    // With one name again, it is written as before.
    std::fs::remove_file(&link).unwrap();
    let o = cb()
        .args(["decide", p(&s.path), "P1", "accept"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    assert_eq!(verify(&s.path).unwrap().events, 2);
}
