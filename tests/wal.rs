//! A damaged `-wal`: found before anything opens the session, never folded
//! away or deleted, reads show what is valid and say so, writes are refused,
//! `verify` fails, and `backup` keeps the `-wal` for recovery.

use caseboard_testkit::fixtures as common;

use caseboard_core::{Command, Outcome};
use caseboard_store::wal::{scan, WalScan};
use caseboard_store::{backup, verify, Mode, RecordError, Store, StoreError};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Events in the template session: the genesis, 30 folded into the file,
/// and the newest 20 only in its `-wal`.
const ALL: usize = 51;
const IN_FILE: usize = 31;

fn decision(n: usize) -> Command {
    let outcome = if n.is_multiple_of(2) {
        Outcome::Defer
    } else {
        Outcome::Reject
    };
    decide("P1", outcome, &format!("decision {n}"))
}

fn record_n(path: &Path, from: usize, to: usize) {
    let mut store = Store::open(path, Mode::ReadWrite).unwrap();
    for n in from..to {
        let (_, board) = store.load().unwrap();
        store.record(&board, "tester", decision(n)).unwrap();
    }
}

/// A session whose newest 20 events sit only in its `-wal`: a reader holds
/// a transaction open while they are written, so no checkpoint can fold
/// them into the file, and the file and `-wal` are copied meanwhile.
struct Template {
    _dir: tempfile::TempDir,
    file: Vec<u8>,
    wal: Vec<u8>,
}

fn template() -> Template {
    let s = session();
    record_n(&s.path, 0, IN_FILE - 1);
    let reader = raw(&s.path);
    reader.execute_batch("BEGIN").unwrap();
    let seen: i64 = reader
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seen as usize, IN_FILE);
    record_n(&s.path, IN_FILE - 1, ALL - 1);
    let file = read(&s.path);
    let wal = read(&with_suffix(&s.path, "-wal"));
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    Template {
        _dir: s.dir,
        file,
        wal,
    }
}

/// Writes the template (with `wal` as its `-wal`) into a new folder.
fn place(t: &Template, wal: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.caseboard");
    std::fs::write(&path, &t.file).unwrap();
    std::fs::write(with_suffix(&path, "-wal"), wal).unwrap();
    (dir, path)
}

struct Prng(u64);
impl Prng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn the_template_is_what_the_tests_assume() {
    let t = template();
    let s = scan(&t.wal);
    assert!(s.header_valid, "{s:?}");
    assert!(!s.is_damaged(), "{s:?}");
    assert!(s.valid_frames >= 20, "{s:?}");
    assert_eq!(s.last_commit_frame, s.valid_frames, "{s:?}");
    let (_d, path) = place(&t, &t.wal);
    let store = Store::open(&path, Mode::ReadOnly).unwrap();
    assert_eq!(store.load().unwrap().0.len(), ALL);
    assert!(store.notices().is_empty());
    // Without its -wal the file holds only what was folded into it.
    let (_d2, bare) = place(&t, &[]);
    assert_eq!(
        Store::open(&bare, Mode::ReadOnly)
            .unwrap()
            .load()
            .unwrap()
            .0
            .len(),
        IN_FILE
    );
}

#[test]
fn flipped_bytes_in_the_wal_are_found_shown_refused_and_kept() {
    let t = template();
    let clean = scan(&t.wal);
    let frame = 24 + clean.page_size as u64;
    let frames_end = 32 + clean.valid_frames * frame;
    let mut prng = Prng(0x2545_F491_4F6C_DD1D);
    let mut cases = 0u32;
    let started = std::time::Instant::now();
    while cases < 120 {
        let mut wal = t.wal.clone();
        // Mostly inside frames; now and then the header.
        let at = if cases.is_multiple_of(10) {
            prng.below(32)
        } else {
            32 + prng.below(frames_end - 32)
        } as usize;
        let mask = 1 + prng.below(255) as u8;
        wal[at] ^= mask;
        let found = scan(&wal);
        let (dir, path) = place(&t, &wal);
        let wal_path = with_suffix(&path, "-wal");
        let case = format!("case {cases}: byte {at} ^ {mask:#04x}: {found:?}");
        assert!(found.is_damaged(), "{case}");
        assert!(found.unreadable_frames > 0, "{case}");

        // Reads show what is valid, a prefix of the record, and say so.
        let reader = Store::open(&path, Mode::ReadOnly).unwrap();
        let (events, _) = reader.load().unwrap();
        assert!(
            events.len() >= IN_FILE && events.len() < ALL,
            "{case}: {} events",
            events.len()
        );
        let notices = reader.notices();
        assert_eq!(notices.len(), 1, "{case}: {notices:?}");
        assert!(
            notices[0].contains(&format!("{} frame", found.unreadable_frames)),
            "{case}: {notices:?}"
        );
        assert_eq!(notices[0].lines().count(), 1);
        drop(reader);

        // Every write is refused, naming the file, the frames and verify.
        let mut writer = Store::open(&path, Mode::ReadWrite).unwrap();
        let (_, board) = writer.load().unwrap();
        let err = writer.record(&board, "tester", decision(99)).unwrap_err();
        match &err {
            RecordError::Store(StoreError::WalDamaged { frames, .. }) => {
                assert_eq!(*frames, found.unreadable_frames, "{case}")
            }
            other => panic!("{case}: {other}"),
        }
        let message = err.to_string();
        assert!(message.contains("s.caseboard-wal"), "{message}");
        assert!(message.contains("caseboard verify"), "{message}");
        assert_eq!(message.lines().count(), 1);
        drop(writer);

        // verify fails and says why.
        let report = verify(&path).unwrap();
        assert!(!report.is_sound(), "{case}");
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.problem.contains("-wal is damaged")),
            "{case}: {report:?}"
        );

        // A backup holds what is valid and the -wal as found.
        if cases.is_multiple_of(4) {
            let out = dir.path().join("copy.caseboard");
            let made = backup(&path, &out).unwrap();
            assert_eq!(made.events as usize, events.len(), "{case}");
            let aside = made.wal_as_found.clone().expect("the -wal kept aside");
            assert_eq!(aside, with_suffix(&out, ".wal-as-found"));
            assert_eq!(read(&aside), wal, "{case}: kept byte for byte");
        }

        // Nothing touched the -wal, and nothing was made beside the session.
        assert_eq!(read(&wal_path), wal, "{case}: the -wal is untouched");
        assert!(
            !with_suffix(&path, "-shm").exists(),
            "{case}: {:?}",
            names_in(dir.path())
        );
        assert_eq!(read(&path), t.file, "{case}: the file is untouched");
        cases += 1;
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_damaged_wal_survives_every_command() {
    let t = template();
    let mut wal = t.wal.clone();
    // A byte in the page of the fifth frame.
    let at = 32 + 4 * (24 + scan(&t.wal).page_size as usize) + 24 + 100;
    wal[at] ^= 0x55;
    let (dir, path) = place(&t, &wal);
    let f = path.to_str().unwrap();
    let wal_path = with_suffix(&path, "-wal");
    let run = |args: &[&str]| Process::new(BIN).args(args).output().unwrap();

    let decided = run(&["decide", f, "P2", "accept"]);
    assert_eq!(decided.status.code(), Some(1));
    let err = String::from_utf8_lossy(&decided.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("s.caseboard-wal"), "{err}");
    assert!(err.contains("cannot be read"), "{err}");
    assert!(err.contains("caseboard verify"), "{err}");
    assert_eq!(read(&wal_path), wal);

    for args in [
        vec!["board", f],
        vec!["log", f],
        vec!["export", f, "--format", "json"],
        vec!["summary", f],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert_eq!(read(&wal_path), wal, "{args:?}");
    }

    let verified = run(&["verify", f]);
    assert_eq!(verified.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&verified.stdout);
    assert!(stdout.contains("-wal is damaged"), "{stdout}");
    assert!(stdout.contains("NOT sound"), "{stdout}");
    assert_eq!(read(&wal_path), wal);

    let out = dir.path().join("b.caseboard");
    let backed = run(&["backup", f, out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&backed.stderr);
    assert_eq!(backed.status.code(), Some(1), "{err}");
    assert!(err.contains("wal-as-found"), "{err}");
    assert_eq!(read(&with_suffix(&out, ".wal-as-found")), wal);
    // A second backup never overwrites the first one's copy.
    let again = run(&["backup", f, out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(read(&wal_path), wal);
    assert_eq!(read(&path), t.file);
    assert!(!with_suffix(&path, "-shm").exists());
}

#[test]
fn what_a_writer_leaves_normally_is_not_damage() {
    let t = template();
    let clean = scan(&t.wal);
    let frame = 24 + clean.page_size as usize;
    // A frame cut short at the end: a writer killed while writing it.
    let mut torn = t.wal.clone();
    torn.extend_from_slice(&t.wal[32..32 + 24 + 10]);
    assert!(!scan(&torn).is_damaged(), "{:?}", scan(&torn));
    // Frames of a transaction that never committed (valid checksums, no
    // commit frame after them): the -wal cut just before a commit frame
    // that ends a transaction of several frames.
    let uncommitted = (1..clean.valid_frames as usize)
        .map(|k| scan(&t.wal[..32 + k * frame]))
        .find(|s| s.valid_frames > s.last_commit_frame)
        .expect("a transaction of several frames");
    assert!(!uncommitted.is_damaged(), "{uncommitted:?}");
    // Frames of a killed writer's transaction that a later, shorter one
    // wrote over in part: this generation's salts, checksums that no
    // longer follow, and no commit among them.
    let frames: Vec<&[u8]> = t.wal[32..].chunks_exact(frame).collect();
    let not_commit = frames
        .iter()
        .find(|f| f[4..8] == [0, 0, 0, 0])
        .expect("a frame that does not end a transaction");
    let mut overwritten = t.wal.clone();
    overwritten.extend_from_slice(not_commit);
    overwritten.extend_from_slice(not_commit);
    let s = scan(&overwritten);
    assert!(!s.is_damaged(), "{s:?}");
    assert_eq!(s.last_commit_frame, clean.last_commit_frame);
    // But a frame that ends a transaction after the break was acknowledged.
    let commit = frames.last().unwrap();
    overwritten.extend_from_slice(commit);
    assert_eq!(scan(&overwritten).unreadable_frames, 3);
    // Frames left over from an earlier generation of the -wal (other salts).
    let mut old = t.wal.clone();
    let mut leftover = t.wal[32..32 + frame].to_vec();
    for b in &mut leftover[8..16] {
        *b = b.wrapping_add(1);
    }
    old.extend_from_slice(&leftover);
    assert!(!scan(&old).is_damaged(), "{:?}", scan(&old));
    // An empty -wal and one holding only a header.
    assert_eq!(scan(&[]), WalScan::default());
    assert!(!scan(&t.wal[..32]).is_damaged());
}

#[test]
fn a_bad_header_with_frames_after_it_is_damage() {
    let t = template();
    let mut wal = t.wal.clone();
    wal[5] ^= 1; // the version
    let s = scan(&wal);
    assert!(!s.header_valid);
    assert!(s.is_damaged(), "{s:?}");
    let (_d, path) = place(&t, &wal);
    let report = verify(&path).unwrap();
    assert!(!report.is_sound());
    assert_eq!(read(&with_suffix(&path, "-wal")), wal);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn real_wal() -> &'static [u8] {
        static WAL: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        WAL.get_or_init(|| template().wal)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..5000)) {
            let s = scan(&bytes);
            prop_assert!(s.valid_frames >= s.last_commit_frame);
        }

        #[test]
        fn on_a_real_wal_patched_and_cut(
            patches in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut wal = real_wal().to_vec();
            for (at, b) in &patches {
                let i = at.index(wal.len());
                wal[i] = *b;
            }
            let keep = cut.index(wal.len() + 1);
            let s = scan(&wal[..keep]);
            prop_assert!(s.valid_frames >= s.last_commit_frame);
            prop_assert!(s.len == keep as u64);
        }
    }
}

#[test]
fn a_wal_damaged_while_a_writer_has_it_open_stops_its_next_write() {
    // A screen open for writing, its newest entries in the -wal, and a byte
    // of an early frame damaged meanwhile (by the disk, or a hand): its
    // next entry would otherwise land after entries nobody can read.
    let s = session();
    let mut writer = Store::open(&s.path, Mode::ReadWrite).unwrap();
    for n in 0..5 {
        let (_, board) = writer.load().unwrap();
        writer.record(&board, "tester", decision(n)).unwrap();
    }
    let wal_file = with_suffix(&s.path, "-wal");
    let mut wal = read(&wal_file);
    let before: WalScan = scan(&wal);
    assert!(before.last_commit_frame >= 3, "{before:?}");
    // Inside the second frame's page.
    let frame = 24 + before.page_size as usize;
    wal[32 + frame + 24 + 100] ^= 0x5a;
    std::fs::write(&wal_file, &wal).unwrap();

    let (_, board) = writer.load().unwrap();
    match writer.record(&board, "tester", decision(9)) {
        Err(RecordError::Store(StoreError::WalDamaged { frames, .. })) => assert!(frames > 0),
        other => panic!("the write must be refused: {other:?}"),
    }
    assert!(
        writer
            .notices()
            .iter()
            .any(|n| n.contains("cannot be read")),
        "{:?}",
        writer.notices()
    );
    // Refused for good, and closing the screen neither folds nor deletes it.
    let (_, board) = writer.load().unwrap();
    assert!(writer.record(&board, "tester", decision(10)).is_err());
    drop(writer);
    assert_eq!(read(&wal_file), wal, "the damaged -wal is kept as it was");
    assert!(!verify(&s.path).unwrap().is_sound());
}
