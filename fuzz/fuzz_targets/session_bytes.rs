//! Opening a session file of arbitrary bytes: every command's read path
//! (`open_for_review` then `load`) and `verify` refuse or read it, never
//! panic.
#![no_main]

use caseboard_store::{verify, Store};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One file per fuzzing process, rewritten for every input.
fn session_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("caseboard-fuzz-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        dir.join("fuzz.caseboard")
    })
}

fn side(path: &std::path::Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

fuzz_target!(|data: &[u8]| {
    let path = session_path();
    // What one input leaves beside the file must not leak into the next.
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(side(path, suffix));
    }
    std::fs::write(path, data).expect("the temporary session is writable");
    if let Ok(store) = Store::open_for_review(path) {
        let _ = store.load();
        let _ = store.head_hash();
    }
    let _ = verify(path);
});
