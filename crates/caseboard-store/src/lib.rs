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
mod log;
mod output;
mod refusal;
mod schema;
mod verify;
pub mod wal;

pub use backup::{backup, Backup};
use build::{build_session, migrate};
pub use chain::sha256_hex;
use checks::{check_header, check_sound, one_line, open_read_only};
use error::classify;
pub use error::{RecordError, StoreError};
pub use files::remove_dead_temporaries;
use files::{
    folder_of, may_write, read_snapshot, resolve, scan_wal_file, snapshot, wal_path, with_suffix,
    Snapshot,
};
pub use integrity::ChainBreak;
use log::{insert_event, read_events, ReadError};
pub use output::{check_output, check_replaceable};
use refusal::{wal_finding, wal_look, wal_notice, WriteBlock};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
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
    /// The pack tables' check waits for [`Store::confirm_sound`] (screens).
    tables_deferred: bool,
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
        if self.mode == Mode::ReadWrite && self.private_copy.is_none() && self.write_block.is_none()
        {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
        // Leave no check running behind a closed session.
        if let Some(check) = self.pending_check.take() {
            let _ = check.join();
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
    /// Creates a session file from a validated pack. The file is built under
    /// a temporary name and linked into place only when complete, so a crash
    /// never leaves a half-made session, and an existing file is never replaced.
    pub fn create(
        path: &Path,
        pack_text: &str,
        pack: &Pack,
        actor: &str,
    ) -> Result<Store, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            error: source,
        };
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        remove_dead_temporaries(&dir);
        let tmp = dir.join(format!(".{name}.creating-{}", std::process::id()));
        let remove_tmp = || {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(with_suffix(&tmp, suffix));
            }
        };
        remove_tmp();
        let built = build_session(&tmp, pack_text, pack, actor);
        if let Err(e) = built {
            // A full disk fails anywhere: leave none of it behind.
            remove_tmp();
            return Err(match e {
                StoreError::Sqlite { error, .. }
                    if matches!(
                        error.sqlite_error_code(),
                        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure)
                    ) =>
                {
                    io(std::io::Error::other(
                        "could not be created: the disk is full, or the file too large for this system; nothing was left behind",
                    ))
                }
                StoreError::Sqlite { error, .. } => StoreError::Sqlite {
                    path: path.to_path_buf(),
                    error,
                },
                other => other,
            });
        }
        let linked = std::fs::hard_link(&tmp, path);
        remove_tmp();
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::Exists(path.to_path_buf()))
            }
            Err(e) => return Err(io(e)),
        }
        sync_dir(&dir);
        Store::open(path, Mode::ReadWrite)
    }

    /// Opens an existing session. The file is checked first (ours, a
    /// version we know, sound, its `-wal` intact) without writing, so a
    /// refused file is never modified.
    ///
    /// `path` is resolved to the real file first (through symbolic links,
    /// and to the name whose `-wal` a hard link shares), so every check and
    /// every open sees the live record; messages keep `path` as given.
    ///
    /// A one-shot read ([`Mode::ReadOnly`]) reads a private copy of the file
    /// and its `-wal` (see [`Store::open_for_review`]). A store opened to
    /// write reads such a copy too, and refuses every write, when the user
    /// may not write the session or when its `-wal` is damaged: the session
    /// and its side files are then never handed to SQLite, which would fold
    /// or delete a `-wal` it cannot read.
    pub fn open(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        Self::open_resolved(path, mode, false)
    }

    /// As [`Store::open`], but SQLite's `quick_check` (a read of the whole
    /// file) runs on another thread while the session loads, so a large
    /// session reaches its first frame sooner. Nothing is written until it
    /// has passed: [`Store::confirm_sound`] waits for it, and every write
    /// calls that first.
    pub fn open_checking_in_background(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        let mut store = Self::open_resolved(path, mode, true)?;
        // The first load's chain walk runs beside the first frame too.
        store.trust.get_mut().defer_first_walk = true;
        Ok(store)
    }

    /// Opens a session to read it offline, changing nothing and creating
    /// nothing beside it: it reads a private copy of the file and its
    /// `-wal`, taken consistently and removed when the store is dropped. So
    /// it sees every committed entry (never `immutable`, which would ignore
    /// the `-wal`), works in a folder it may not write, and a damaged `-wal`
    /// shows what is valid with a notice (see [`Store::notices`]).
    pub fn open_for_review(path: &Path) -> Result<Store, StoreError> {
        Self::open_resolved(path, Mode::ReadOnly, false)
    }

    fn open_resolved(path: &Path, mode: Mode, background: bool) -> Result<Store, StoreError> {
        let real = resolve(path)?;
        check_header(path)?;
        remove_dead_temporaries(&folder_of(&real));
        if mode == Mode::ReadOnly {
            return Self::open_copy(path, &real, mode, None);
        }
        let scan = scan_wal_file(path, &real)?;
        if scan.is_damaged() {
            let block = WriteBlock::WalDamaged {
                frames: scan.unreadable_frames,
            };
            return Self::open_copy(path, &real, mode, Some(block));
        }
        // A live view by someone who may not write would have SQLite create
        // the -wal and -shm as theirs, which then block the owner's writes.
        // Once a writer has made them, following them creates nothing.
        if mode == Mode::Follow
            && !may_write(&real)
            && !(wal_path(&real).exists() && with_suffix(&real, "-shm").exists())
        {
            return Err(StoreError::CannotFollow(path.to_path_buf()));
        }
        if mode == Mode::ReadWrite {
            use std::os::unix::fs::MetadataExt;
            let names = std::fs::metadata(&real).map(|m| m.nlink()).unwrap_or(1);
            if names > 1 {
                let block = WriteBlock::SeveralNames { names };
                return Self::open_copy(path, &real, mode, Some(block));
            }
        }
        if mode == Mode::ReadWrite && !may_write(&real) {
            return Self::open_copy(path, &real, mode, Some(WriteBlock::NotWritable));
        }
        if background {
            let (shown, at) = (path.to_path_buf(), real.clone());
            let check = std::thread::spawn(move || check_sound(&shown, &at));
            Self::open_checked(path, &real, mode, false, Some(check))
        } else {
            check_sound(path, &real)?;
            Self::open_checked(path, &real, mode, false, None)
        }
    }

    /// Opens a private copy of the session (see [`snapshot`]).
    fn open_copy(
        path: &Path,
        real: &Path,
        mode: Mode,
        block: Option<WriteBlock>,
    ) -> Result<Store, StoreError> {
        let copy = snapshot(path, real)?;
        check_sound(path, &copy.file)?;
        let mut store = Self::open_checked(path, &copy.file, mode, true, None)?;
        let frames = copy.wal.unreadable_frames;
        store.private_copy = copy.into_dir();
        // The copy's own scan is the one that matches what it shows.
        let block = match block {
            Some(WriteBlock::WalDamaged { .. }) | None if frames > 0 => {
                Some(WriteBlock::WalDamaged { frames })
            }
            other => other,
        };
        if frames > 0 {
            store.notices.push(wal_notice(path, frames));
        }
        store.write_block = block;
        Ok(store)
    }

    /// Waits for a background soundness check, if one is running.
    pub fn confirm_sound(&mut self) -> Result<(), StoreError> {
        if std::mem::take(&mut self.tables_deferred) {
            let problem = match integrity::compare_pack_tables(&self.conn, &self.pack) {
                Ok(differences) => differences.into_iter().next(),
                Err(e) => Some(format!("the pack's tables cannot be read ({e})")),
            };
            if let Some(problem) = problem {
                self.trust.get_mut().pack_problem.get_or_insert(problem);
            }
        }
        match self.pending_check.take() {
            None => Ok(()),
            Some(check) => check.join().unwrap_or_else(|_| {
                Err(StoreError::Damaged(
                    self.path.clone(),
                    "the integrity check could not run".into(),
                ))
            }),
        }
    }

    /// Opens the SQLite file `at` for the session `path` (the name shown):
    /// the session itself, or a private copy of it (`on_copy`), which is
    /// only ever read.
    fn open_checked(
        path: &Path,
        at: &Path,
        mode: Mode,
        on_copy: bool,
        pending_check: Option<PendingCheck>,
    ) -> Result<Store, StoreError> {
        let mut pending_check = pending_check;
        let sqlite = |source| classify(path, source);
        let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let writes = mode == Mode::ReadWrite && !on_copy;
        let mut conn = if writes {
            Connection::open_with_flags(
                at,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        } else {
            Connection::open_with_flags(at, read_only)
        }
        .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        if writes {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(sqlite)?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(sqlite)?;
            conn.pragma_update(None, "foreign_keys", "ON")
                .map_err(sqlite)?;
            let version: i32 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(sqlite)?;
            if version < SCHEMA_VERSION {
                // A migration writes: the file must be known sound first.
                if let Some(check) = pending_check.take() {
                    check.join().unwrap_or_else(|_| {
                        Err(StoreError::Damaged(
                            path.to_path_buf(),
                            "the integrity check could not run".into(),
                        ))
                    })?;
                }
                migrate(&mut conn, path)?;
            }
        }
        let (pack_json, pack_sha256): (String, String) = conn
            .query_row("SELECT json, sha256 FROM pack WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| {
                StoreError::Damaged(
                    path.to_path_buf(),
                    format!("the imported pack cannot be read ({e})"),
                )
            })?;
        let pack: Pack = serde_json::from_str(&pack_json).map_err(|e| {
            StoreError::Damaged(
                path.to_path_buf(),
                format!("the imported pack cannot be read ({e})"),
            )
        })?;
        let data_version = conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(sqlite)?;
        let pack = Arc::new(pack);
        // The pack's tables are compared on every open (SPEC §5: the file's
        // own SQL views show them), on the file actually read (`at`: the
        // real path or the private copy): for a command on another thread
        // beside the load; for a screen (a check already running beside its
        // first frame) once that frame is up, in `confirm_sound`, so the
        // two cores are not shared three ways before it.
        let tables_deferred = pending_check.is_some();
        let mut trust = integrity::Trust::check_pack(
            at,
            &pack_json,
            &pack_sha256,
            pack.clone(),
            !tables_deferred,
        );
        // A guard dropped or defanged: the record is no longer protected,
        // and may have been edited since. One read of the schema.
        let guards = checks::guard_problems(&conn).map_err(sqlite)?;
        if let Some(problem) = guards.into_iter().next() {
            trust.pack_problem.get_or_insert(problem);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            mode,
            pack,
            pack_sha256,
            data_version,
            pending_check,
            private_copy: None,
            real: writes.then(|| at.to_path_buf()),
            wal_seen: if writes { wal_look(at) } else { None },
            tables_deferred,
            write_block: None,
            notices: Vec::new(),
            trust: std::cell::RefCell::new(trust),
        })
    }

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

    /// Every event after `seq`, oldest first.
    pub fn events_after(&self, seq: u64) -> Result<Vec<Event>, StoreError> {
        let mut trust = self.trust.borrow_mut();
        trust.settle();
        let first_walk = trust.defer_first_walk && seq == 0 && trust.walk.walked() == 0;
        let mut deferred = first_walk.then(integrity::Deferred::default);
        let events = read_events(
            &self.conn,
            &self.path,
            seq,
            &mut trust.walk,
            deferred.as_mut(),
        )
        .map_err(|e| match e {
            ReadError::Sqlite(s) => self.sqlite(s),
            ReadError::Store(s) => s,
        })?;
        if let Some(rows) = deferred {
            trust.defer_first_walk = false;
            trust.walk_in_background(rows);
        }
        Ok(events)
    }

    /// The whole log and the board folded from it.
    /// The whole session as one consistent read, for the exporters: the
    /// head is taken only once no event beyond the loaded ones exists (the
    /// log is append-only, so none existed when the head was read either).
    /// With `with_chain`, each event's link in the hash chain comes too.
    pub fn read_record(&self, with_chain: bool) -> Result<caseboard_core::Record, StoreError> {
        let (mut events, mut board) = self.load()?;
        loop {
            let head_hash = self.head_hash()?;
            let later = self.events_after(board.last_seq())?;
            if later.is_empty() {
                let file = self
                    .path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let chain = if with_chain {
                    let links = self.chain(board.last_seq())?.into_iter();
                    Some(
                        links
                            .map(|(seq, prev_hash, hash)| caseboard_core::ChainLink {
                                seq,
                                prev_hash,
                                hash,
                            })
                            .collect(),
                    )
                } else {
                    None
                };
                return Ok(caseboard_core::Record {
                    file,
                    chain,
                    events,
                    board,
                    head_hash,
                    pack_sha256: self.pack_sha256().to_string(),
                });
            }
            for e in &later {
                board.apply(e);
            }
            events.extend(later);
        }
    }

    pub fn load(&self) -> Result<(Vec<Event>, Board), StoreError> {
        let events = self.events_after(0)?;
        let board = Board::fold(self.pack.clone(), &events);
        Ok((events, board))
    }

    /// Why nothing can be written through this store, known when it was
    /// opened (not writable by this user, several names, a damaged `-wal`,
    /// opened to read): a screen opens read-only and says so.
    pub fn write_refusal(&self) -> Option<StoreError> {
        match (&self.write_block, self.mode) {
            (Some(block), _) => Some(block.error(&self.path)),
            (None, Mode::ReadWrite) => None,
            (None, _) => Some(StoreError::ReadOnly(self.path.clone())),
        }
    }

    /// Whether the record's checks are still running beside the first
    /// frame: until they finish, [`Store::notices`] may not yet say all.
    pub fn still_checking(&self) -> bool {
        self.trust.borrow().checking()
    }

    /// Where the hash chain read so far first breaks, if it does (as
    /// [`Store::notices`], without waiting for a walk still running).
    pub fn chain_break(&self) -> Option<ChainBreak> {
        let mut trust = self.trust.borrow_mut();
        trust.settle_if_done();
        trust.walk.broken().cloned()
    }

    /// One-line warnings about what was read: shown beside what a command
    /// prints, and as a banner on screen. Writes are refused while any
    /// comes from the record's integrity. Never waits: on a screen the first
    /// walk of the chain runs beside the first frame, and what it finds is
    /// here once it has finished (ask again after each poll).
    pub fn notices(&self) -> Vec<String> {
        let mut trust = self.trust.borrow_mut();
        trust.settle_tables();
        trust.settle_if_done();
        let mut notices = self.notices.clone();
        notices.extend(trust.notices(&self.path));
        notices
    }

    /// Each event's link in the hash chain, up to `upto`: (seq, prev_hash, hash).
    pub fn chain(&self, upto: u64) -> Result<Vec<(u64, String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, prev_hash, hash FROM events WHERE seq <= ?1 ORDER BY seq")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map([upto], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.sqlite(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sqlite(e))
    }

    /// The hash of the last event: what `verify` prints and minutes quote.
    pub fn head_hash(&self) -> Result<String, StoreError> {
        let head: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM events ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))?;
        Ok(head.unwrap_or_else(|| self.pack_sha256.clone()))
    }

    /// Checks `command` against the board as committed and appends its event
    /// durably. `board` is the caller's board; events other processes
    /// committed since its `last_seq` are read inside the same transaction,
    /// applied before the rules are checked, and returned in `caught_up`.
    pub fn record(
        &mut self,
        board: &Board,
        actor: &str,
        command: Command,
    ) -> Result<Recorded, RecordError> {
        let mut all = self.record_all(board, actor, vec![command])?;
        let event = all.events.pop().ok_or_else(|| {
            StoreError::Damaged(self.path.clone(), "a write recorded nothing".into())
        })?;
        Ok(Recorded {
            caught_up: all.caught_up,
            event,
            warnings: all.warnings,
        })
    }

    /// As [`Store::record`] for several commands at once, all or nothing, in
    /// one durable transaction: each is checked against the board as the
    /// ones before it leave it (a checklist saved as one, say).
    pub fn record_all(
        &mut self,
        board: &Board,
        actor: &str,
        commands: Vec<Command>,
    ) -> Result<RecordedAll, RecordError> {
        if let Some(block) = &self.write_block {
            return Err(block.error(&self.path).into());
        }
        if self.mode != Mode::ReadWrite {
            return Err(StoreError::ReadOnly(self.path.clone()).into());
        }
        self.confirm_sound()?;
        let path = self.path.clone();
        // Never extend a broken chain, nor record against an altered pack.
        self.trust.get_mut().settle();
        self.trust.get_mut().settle_tables();
        if let Some(refusal) = self.trust.get_mut().refusal(&path) {
            return Err(refusal.into());
        }
        let sqlite = |e: rusqlite::Error| -> RecordError { classify(&path, e).into() };
        let trust = self.trust.get_mut();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        // The write lock is held: nobody appends to the -wal meanwhile. If
        // it changed since this store last saw it, read it whole again.
        if let Some(real) = &self.real {
            if wal_look(real) != self.wal_seen {
                let scan = scan_wal_file(&path, real)?;
                if scan.is_damaged() {
                    drop(tx);
                    // SQLite would fold the -wal into the file as the last
                    // connection closes, and delete it: never that one.
                    let _ = self
                        .conn
                        .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
                    let frames = scan.unreadable_frames;
                    self.notices.push(wal_notice(&path, frames));
                    let block = WriteBlock::WalDamaged { frames };
                    let refusal = block.error(&path);
                    self.write_block = Some(block);
                    return Err(refusal.into());
                }
            }
        }
        // What others committed since is walked on before anything is added.
        let caught_up = read_events(&tx, &path, board.last_seq(), &mut trust.walk, None).map_err(
            |e| match e {
                ReadError::Sqlite(s) => sqlite(s),
                ReadError::Store(s) => s.into(),
            },
        )?;
        if let Some(refusal) = trust.refusal(&path) {
            return Err(refusal.into());
        }
        let last: Option<(u64, String)> = tx
            .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
            .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(sqlite)?;
        let (mut last_seq, mut prev_hash) = last.unwrap_or((0, self.pack_sha256.clone()));
        if last_seq != trust.walk.walked() {
            // The walk must reach the last row before anything links to it.
            return Err(StoreError::BrokenChain {
                path: path.clone(),
                seq: trust.walk.walked() + 1,
            }
            .into());
        }
        let mut links = Vec::with_capacity(commands.len());
        // Clone the board only when something must be applied to it first.
        let mut current: Option<Board> = None;
        for e in &caught_up {
            current.get_or_insert_with(|| board.clone()).apply(e);
        }
        let several = commands.len() > 1;
        let at = now_millis();
        let mut events = Vec::with_capacity(commands.len());
        let mut warnings = Vec::new();
        for command in commands {
            let (event, w) = rules::apply(current.as_ref().unwrap_or(board), command, actor, at)
                .map_err(RecordError::Refused)?;
            last_seq += 1;
            // The board has caught up with the log, so the rules number the
            // event as the log would; if not, the log's rows are not the
            // sequence the board was folded from.
            if event.seq != last_seq {
                return Err(StoreError::BrokenChain {
                    path: path.clone(),
                    seq: last_seq,
                }
                .into());
            }
            prev_hash = insert_event(&tx, &event, &prev_hash).map_err(sqlite)?;
            links.push((event.seq, prev_hash.clone()));
            if several {
                current.get_or_insert_with(|| board.clone()).apply(&event);
            }
            warnings.extend(w);
            events.push(event);
        }
        tx.commit().map_err(sqlite)?;
        if let Some(real) = &self.real {
            self.wal_seen = wal_look(real);
        }
        for (seq, hash) in links {
            trust.walk.extend(seq, hash);
        }
        Ok(RecordedAll {
            caught_up,
            events,
            warnings,
        })
    }

    /// Events other processes committed since `after`, if the file changed
    /// at all since the last poll. `PRAGMA data_version` makes the common
    /// case (nothing new) cost about a microsecond.
    pub fn poll(&mut self, after: u64) -> Result<Vec<Event>, StoreError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        if version == self.data_version {
            return Ok(Vec::new());
        }
        let events = self.events_after(after)?;
        self.data_version = version;
        Ok(events)
    }
}

/// Makes a rename or link in `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
