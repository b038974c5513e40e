//! A valid session with arbitrary bytes patched in: the read path and
//! `verify` refuse or read what is left, never panic.
//!
//! The session is built once per process from a small pack, with 512-byte
//! pages so that a patch lands on structure rather than on empty space, and
//! with its newest entries only in its `-wal`. An input is:
//!
//! - one byte of flags: bit 0 keeps the `-wal` beside the file, bit 1 cuts
//!   the patched bytes short at the offset that follows;
//! - if bit 1: four bytes (little-endian) where to cut;
//! - then patches, each four bytes of offset (little-endian, taken modulo
//!   the length), one byte of length and that many bytes.
//!
//! Offsets run over the file and then its `-wal` as one, so a patch can damage
//! either.
#![no_main]

use caseboard_core::validate::parse_pack;
use caseboard_core::{Command, Outcome};
use caseboard_store::{verify, Mode, Store};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PACK: &str = include_str!("../corpus/pack/small.json");

struct Pristine {
    path: PathBuf,
    main: Vec<u8>,
    wal: Vec<u8>,
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

fn build() -> Pristine {
    let dir = std::env::temp_dir().join(format!("caseboard-fuzz-patch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("fuzz.caseboard");
    let pack = parse_pack(PACK).expect("the small pack is valid");
    drop(Store::create(&path, PACK, &pack, "fuzz").expect("a new session"));

    // Small pages: the same content in fewer bytes.
    let conn = rusqlite::Connection::open(&path).expect("the new session opens");
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; PRAGMA page_size = 512; VACUUM; PRAGMA journal_mode = WAL;",
    )
    .expect("the session takes small pages");
    drop(conn);

    let mut store = Store::open(&path, Mode::ReadWrite).expect("the session reopens");
    let decide = |priority: &str, outcome, rationale: &str| Command::Decide {
        priority: priority.into(),
        outcome,
        rationale: rationale.into(),
        local: false,
        target: None,
    };
    let commands = [
        decide("P1", Outcome::Accept, "Strong case"),
        Command::AddNote {
            priority: Some("P2".into()),
            text: "Evidence to follow \u{e9}".into(),
        },
        decide("P2", Outcome::Defer, "Wait for the data"),
        decide("P3", Outcome::Reject, "Not a priority for us"),
    ];
    for command in commands {
        let (_, board) = store.load().expect("the session loads");
        store
            .record(&board, "fuzz", command)
            .expect("the entry is recorded");
    }
    // Copied while the store is open: the newest entries are still only in
    // the `-wal`, as in a session being written.
    let main = std::fs::read(&path).expect("the session reads");
    let wal = std::fs::read(side(&path, "-wal")).expect("the -wal reads");
    drop(store);
    Pristine { path, main, wal }
}

fn pristine() -> &'static Pristine {
    static PRISTINE: OnceLock<Pristine> = OnceLock::new();
    PRISTINE.get_or_init(build)
}

fn u32_at(data: &[u8]) -> Option<(usize, &[u8])> {
    let (head, rest) = data.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head) as usize, rest))
}

fuzz_target!(|data: &[u8]| {
    let p = pristine();
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    let keep_wal = flags & 1 != 0;
    let mut bytes = p.main.clone();
    if keep_wal {
        bytes.extend_from_slice(&p.wal);
    }
    if flags & 2 != 0 {
        if let Some((cut, after)) = u32_at(rest) {
            bytes.truncate(cut % (bytes.len() + 1));
            rest = after;
        }
    }
    while let Some((offset, after)) = u32_at(rest) {
        let Some((&len, after)) = after.split_first() else {
            break;
        };
        let len = usize::from(len).min(after.len());
        let (patch, after) = after.split_at(len);
        rest = after;
        if bytes.is_empty() {
            break;
        }
        let at = offset % bytes.len();
        let end = (at + patch.len()).min(bytes.len());
        bytes[at..end].copy_from_slice(&patch[..end - at]);
    }

    let split = p.main.len().min(bytes.len());
    let (main, wal) = bytes.split_at(split);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(side(&p.path, suffix));
    }
    std::fs::write(&p.path, main).expect("the temporary session is writable");
    if keep_wal {
        std::fs::write(side(&p.path, "-wal"), wal).expect("the temporary -wal is writable");
    }
    if let Ok(store) = Store::open_for_review(&p.path) {
        let _ = store.load();
        let _ = store.head_hash();
    }
    let _ = verify(&p.path);
});
