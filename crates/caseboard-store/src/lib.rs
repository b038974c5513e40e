//! The session file. Only this module talks SQLite.
//!
//! A session is one SQLite file: the pack as imported plus an append-only,
//! hash-chained event log. Every write runs in `BEGIN IMMEDIATE` under WAL
//! with `synchronous=FULL`, so an event is on disk before anyone is told.

mod backup;
mod build;
mod chain;
mod checks;
mod error;
mod files;
mod integrity;
mod kept;
mod log;
mod open;
mod output;
mod place;
mod read;
mod refusal;
mod schema;
mod stream;
mod verify;
pub mod wal;
mod write;

pub use backup::{backup, Backup};
use build::{build_session, migrate, set_for_writing};
pub use chain::{row_hash, sha256_hex, RowColumns};
use checks::{check_header, check_sound, one_line, open_read_only};
use error::classify;
pub use error::{RecordError, StoreError};
pub use files::remove_dead_temporaries;
use files::{
    folder_of, may_write, read_snapshot, resolve, scan_wal_file, snapshot, wal_path, with_suffix,
    Snapshot,
};
pub use integrity::ChainBreak;
pub use kept::KEEP_EVERY;
use log::{event_of, insert_event, read_events, read_events_into, stored_row, ReadError};
pub(crate) use output::check_output;
pub use output::check_replaceable;
pub(crate) use place::same_file;
use place::sync_dir;
pub use place::{file_id, is_session_or_side_file, put_in_place, through_link, Placing};
use refusal::{wal_finding, wal_look, wal_notice, WriteBlock};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use stream::RecordStream;
pub use verify::{verify, Finding, VerifyReport};

use caseboard_core::rules::{self, Command, Refusal, Warning};
use caseboard_core::{Board, Event, EventBody, Pack};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What a successful write returns: the committed event, any events other
/// processes committed first (fold them before it), and warnings.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub caught_up: Vec<Event>,
    pub event: Event,
    pub warnings: Vec<Warning>,
}

/// What [`Store::record_all`] returns: the committed events, in order.
#[derive(Debug, Clone)]
pub struct RecordedAll {
    pub caught_up: Vec<Event>,
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The note-taker's: every write allowed.
    ReadWrite,
    /// A one-shot read (`board`, `log`, `export`): reads a private copy of
    /// the file and its `-wal`, so it leaves no files beside the session,
    /// works in a folder it may not write, and does not see later writes.
    ReadOnly,
    /// A live read-only view (`present`): sees other processes' commits
    /// through [`Store::poll`]. SQLite keeps its `-wal` and `-shm` beside the
    /// file for this.
    Follow,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    mode: Mode,
    pack: Arc<Pack>,
    pack_sha256: String,
    data_version: i64,
    /// A `quick_check` still running (see [`Store::open_checking_in_background`]).
    pending_check: Option<PendingCheck>,
    /// That check failed: the file is never written, nor checkpointed.
    found_unsound: bool,
    /// The file a screen's `quick_check` will read once its first frame is
    /// up ([`Store::start_checks`]).
    check_waiting: Option<PathBuf>,
    /// A private copy this store reads instead of the session (see
    /// [`Store::open_for_review`]); removed when the store is dropped.
    private_copy: Option<PathBuf>,
    /// Why this store may not write although it was opened to.
    write_block: Option<WriteBlock>,
    /// One-line warnings for whoever reads through this store.
    notices: Vec<String>,
    /// The real file a writer writes (`None` for a private copy): its
    /// `-wal` is scanned again before a write whenever it changed since
    /// this store last saw it, so damage that arrives while a screen is
    /// open is caught before anything is added after it.
    real: Option<PathBuf>,
    /// The `-wal`'s length and modification time as last seen.
    wal_seen: Option<(u64, std::time::SystemTime)>,
    /// The hash chain as walked so far and what the pack check found: reads
    /// extend the walk (hence a cell: reading takes `&self`).
    trust: std::cell::RefCell<integrity::Trust>,
}

type PendingCheck = std::thread::JoinHandle<Result<(), StoreError>>;

impl Drop for Store {
    fn drop(&mut self) {
        // Fold the WAL into the main file as the writer leaves: a reader
        // (the projector) may be the last to close, and it cannot, and a
        // session copied as one file must hold every entry. Best effort:
        // the entries are durable in the -wal either way.
        // Leave no check running behind a closed session, and write nothing
        // (not even a checkpoint) to a file whose check did not pass.
        if let Some(check) = self.pending_check.take() {
            if !matches!(check.join(), Ok(Ok(()))) {
                self.found_unsound = true;
            }
        }
        if self.mode == Mode::ReadWrite
            && self.check_waiting.is_none()
            && self.private_copy.is_none()
            && self.write_block.is_none()
            && !self.found_unsound
        {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            // Known sound: closing may fold and remove the `-wal` as usual.
            let _ = self
                .conn
                .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false);
        }
        self.trust.get_mut().settle_tables();
        if let Some(dir) = self.private_copy.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("mode", &self.mode)
            .finish()
    }
}

/// Now, to the millisecond the log stores, so the event handed back is
/// exactly the one a reader gets from the file.
fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

fn now_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn pack(&self) -> &Arc<Pack> {
        &self.pack
    }

    pub fn pack_sha256(&self) -> &str {
        &self.pack_sha256
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        classify(&self.path, source)
    }
}
