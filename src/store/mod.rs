//! The session file. Only this module talks SQLite.
//!
//! A session is one SQLite file: the pack as imported plus an append-only,
//! hash-chained event log. Every write runs in `BEGIN IMMEDIATE` under WAL
//! with `synchronous=FULL`, so an event is on disk before anyone is told.

mod backup;
mod chain;
mod integrity;
mod schema;
mod verify;

pub use backup::{backup, Backup};
pub use chain::sha256_hex;
pub use integrity::ChainBreak;
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use verify::{verify, Finding, VerifyReport};

use crate::domain::rules::{self, Checked, Command, Refusal, Warning};
use crate::domain::{Board, Event, EventBody, Pack};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}: no such file")]
    NotFound(PathBuf),
    #[error("{0}: already exists; caseboard never overwrites a session (choose another name)")]
    Exists(PathBuf),
    #[error("{0}: the file is empty (0 bytes), not a caseboard session")]
    Empty(PathBuf),
    #[error("{0}: not a caseboard session (it is not an SQLite database)")]
    NotSqlite(PathBuf),
    #[error("{0}: the file is damaged: {1}")]
    Damaged(PathBuf, String),
    #[error("{0}: cannot be opened ({1}); check the permissions of the file, its -wal and -shm, and its folder")]
    CannotOpen(PathBuf, String),
    #[error("{path}: not a caseboard session (it is an SQLite database of another application, application_id {found:#010x})")]
    Foreign { path: PathBuf, found: i32 },
    #[error("{path}: written by a newer caseboard (session format version {found}; this caseboard reads versions up to {supported}); upgrade caseboard to open it")]
    NewerVersion {
        path: PathBuf,
        found: i32,
        supported: i32,
    },
    #[error("{path}: event {seq} cannot be read ({detail}); run `caseboard verify {path}`")]
    BadEvent {
        path: PathBuf,
        seq: u64,
        detail: String,
    },
    #[error("{path}: the hash chain breaks at event {seq}, so nothing can be recorded here; run `caseboard verify {path}`")]
    BrokenChain { path: PathBuf, seq: u64 },
    #[error("{path}: {problem}, so nothing can be recorded here; run `caseboard verify {path}`")]
    AlteredPack { path: PathBuf, problem: String },
    #[error("{0}: could not be written (the disk may be full, or the file too large for this system); nothing was recorded")]
    CannotWrite(PathBuf),
    #[error("{0}: opened read-only; nothing can be recorded here")]
    ReadOnly(PathBuf),
    #[error("{0}: another process has held the session for writing too long; try again")]
    Busy(PathBuf),
    #[error("{path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// A command that was not recorded.
#[derive(Debug, Error)]
pub enum RecordError {
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

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
    /// A one-shot read (`board`, `log`, `export`): leaves no files beside the
    /// session and does not see later writes.
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
        if self.mode == Mode::ReadWrite {
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
        let tmp = dir.join(format!(".{name}.creating-{}", std::process::id()));
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
        let built = build_session(&tmp, pack_text, pack, actor);
        if let Err(e) = built {
            let _ = std::fs::remove_file(&tmp);
            return Err(match e {
                StoreError::Sqlite { error, .. } => StoreError::Sqlite {
                    path: path.to_path_buf(),
                    error,
                },
                other => other,
            });
        }
        let linked = std::fs::hard_link(&tmp, path);
        let _ = std::fs::remove_file(&tmp);
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
    /// version we know, sound) without writing, so a refused file is never
    /// modified.
    pub fn open(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        check_file(path)?;
        Self::open_checked(path, mode, None)
    }

    /// As [`Store::open`], but SQLite's `quick_check` (a read of the whole
    /// file) runs on another thread while the session loads, so a large
    /// session reaches its first frame sooner. Nothing is written until it
    /// has passed: [`Store::confirm_sound`] waits for it, and every write
    /// calls that first.
    pub fn open_checking_in_background(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        check_header(path)?;
        let owned = path.to_path_buf();
        let check = std::thread::spawn(move || check_sound(&owned));
        let mut store = Self::open_checked(path, mode, Some(check))?;
        // The first load's chain walk runs beside the first frame too.
        store.trust.get_mut().defer_first_walk = true;
        Ok(store)
    }

    /// Opens a session to read it offline, changing nothing: not the file,
    /// not its `-wal`. SQLite cannot read a WAL session in a folder it may
    /// not write (it needs its `-shm` there), so in that case this reads a
    /// private copy of the file and its `-wal` instead, which is removed
    /// when the store is dropped. (Never `immutable`, which would ignore
    /// what the `-wal` holds.)
    pub fn open_for_review(path: &Path) -> Result<Store, StoreError> {
        check_header(path)?;
        match Self::open(path, Mode::ReadOnly) {
            Ok(store) => Ok(store),
            Err(first) => {
                let wal = wal_path(path);
                let has_wal = std::fs::metadata(&wal)
                    .map(|m| m.len() > 0)
                    .unwrap_or(false);
                if !has_wal || folder_writable(path) {
                    return Err(first);
                }
                let dir = std::env::temp_dir().join(format!(
                    "caseboard-review-{}-{}",
                    std::process::id(),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0)
                ));
                let io = |error| StoreError::Io {
                    path: path.to_path_buf(),
                    error,
                };
                std::fs::create_dir_all(&dir).map_err(io)?;
                let copy = dir.join("session.caseboard");
                let copied =
                    std::fs::copy(path, &copy).and_then(|_| std::fs::copy(&wal, wal_path(&copy)));
                if let Err(e) = copied {
                    let _ = std::fs::remove_dir_all(&dir);
                    return Err(io(e));
                }
                match Self::open(&copy, Mode::ReadOnly) {
                    Ok(mut store) => {
                        store.path = path.to_path_buf();
                        store.private_copy = Some(dir);
                        Ok(store)
                    }
                    Err(e) => {
                        let _ = std::fs::remove_dir_all(&dir);
                        Err(e)
                    }
                }
            }
        }
    }

    /// Waits for a background soundness check, if one is running.
    pub fn confirm_sound(&mut self) -> Result<(), StoreError> {
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

    fn open_checked(
        path: &Path,
        mode: Mode,
        pending_check: Option<PendingCheck>,
    ) -> Result<Store, StoreError> {
        let mut pending_check = pending_check;
        let sqlite = |source| classify(path, source);
        let mut conn = match mode {
            Mode::ReadOnly => open_read_only(path),
            Mode::Follow => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
            Mode::ReadWrite => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
        }
        .map_err(sqlite)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        if mode == Mode::ReadWrite {
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
        let trust = integrity::Trust::check_pack(
            path,
            &pack_json,
            &pack_sha256,
            pack.clone(),
            mode == Mode::ReadWrite,
        );
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            mode,
            pack,
            pack_sha256,
            data_version,
            pending_check,
            private_copy: None,
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
    pub fn load(&self) -> Result<(Vec<Event>, Board), StoreError> {
        let events = self.events_after(0)?;
        let board = Board::fold(self.pack.clone(), &events);
        Ok((events, board))
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
        trust.notices(&self.path)
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
            let Checked { body, warnings: w } =
                rules::check(current.as_ref().unwrap_or(board), command)
                    .map_err(RecordError::Refused)?;
            last_seq += 1;
            let event = Event {
                seq: last_seq,
                at,
                actor: actor.to_string(),
                body,
            };
            prev_hash = insert_event(&tx, &event, &prev_hash).map_err(sqlite)?;
            links.push((event.seq, prev_hash.clone()));
            if several {
                current.get_or_insert_with(|| board.clone()).apply(&event);
            }
            warnings.extend(w);
            events.push(event);
        }
        tx.commit().map_err(sqlite)?;
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

enum ReadError {
    Sqlite(rusqlite::Error),
    Store(StoreError),
}

/// Every event after `after`, oldest first, walking the hash chain on as
/// the rows go by: rows the walk has not yet checked are read too (from the
/// last one it checked), so every event returned has been through it.
fn read_events(
    conn: &Connection,
    path: &Path,
    after: u64,
    walk: &mut integrity::ChainWalk,
    mut deferred: Option<&mut integrity::Deferred>,
) -> Result<Vec<Event>, ReadError> {
    let from = after.min(walk.walked());
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, at, actor, kind, priority, payload, prev_hash, hash FROM events WHERE seq > ?1 ORDER BY seq",
        )
        .map_err(ReadError::Sqlite)?;
    let mut rows = stmt.query([from]).map_err(ReadError::Sqlite)?;
    let mut events = Vec::new();
    while let Some(row) = rows.next().map_err(ReadError::Sqlite)? {
        let seq: u64 = row.get(0).map_err(ReadError::Sqlite)?;
        let wanted = seq > after;
        if !wanted && !walk.needs(seq) {
            continue;
        }
        let bad = |detail: String| {
            ReadError::Store(StoreError::BadEvent {
                path: path.to_path_buf(),
                seq,
                detail,
            })
        };
        let column = |i: usize| row.get_ref(i).map_err(ReadError::Sqlite);
        let at = integrity::text(column(1)?, "time").map_err(bad)?;
        let actor = integrity::text(column(2)?, "actor").map_err(bad)?;
        let kind = integrity::text(column(3)?, "kind").map_err(bad)?;
        let priority = integrity::optional_text(column(4)?, "priority").map_err(bad)?;
        let payload = integrity::text(column(5)?, "payload").map_err(bad)?;
        let prev_hash = integrity::text(column(6)?, "link to the previous event").map_err(bad)?;
        let hash = integrity::text(column(7)?, "hash").map_err(bad)?;
        let row = integrity::Row {
            seq,
            at,
            actor,
            kind,
            priority,
            payload,
            prev_hash,
            hash,
        };
        match deferred.as_deref_mut() {
            Some(rows) => rows.push(&row),
            None => walk.step(&row),
        }
        if !wanted {
            continue;
        }
        let at = DateTime::parse_from_rfc3339(at)
            .map_err(|e| bad(format!("its time \"{at}\" is not a UTC timestamp: {e}")))?
            .with_timezone(&Utc);
        let body = EventBody::from_text(kind, payload).map_err(|e| {
            bad(format!(
                "a \"{kind}\" event this caseboard cannot read: {e}"
            ))
        })?;
        events.push(Event {
            seq,
            at,
            actor: actor.to_string(),
            body,
        });
    }
    Ok(events)
}

fn insert_event(conn: &Connection, event: &Event, prev_hash: &str) -> rusqlite::Result<String> {
    let at = now_text(event.at);
    let kind = event.body.kind();
    let priority = event.body.priority();
    let payload = event.body.payload().to_string();
    let hash = chain::row_hash(
        prev_hash,
        event.seq,
        &at,
        &event.actor,
        kind,
        priority,
        &payload,
    );
    conn.prepare_cached(
        "INSERT INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![event.seq, at, event.actor, kind, priority, payload, prev_hash, hash])?;
    Ok(hash)
}

/// An SQLite error as the user should hear it.
fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => {
            StoreError::CannotWrite(path.to_path_buf())
        }
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        },
    }
}

/// SQLite's check results as one line: rows joined, line breaks and the
/// `*** in database main ***` banner dropped.
fn one_line(rows: &[String]) -> String {
    rows.iter()
        .map(|r| {
            r.replace("*** in database main ***", "")
                .replace('\n', " ")
                .trim()
                .to_string()
        })
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a file may be created in the session's folder.
fn folder_writable(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = dir.join(format!(".caseboard-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

fn wal_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// A read-only connection that leaves no files beside the session. With no
/// `-wal` present nothing can be pending, so the file is opened `immutable`
/// (a plain read-only open of a WAL file would create `-wal` and `-shm`,
/// owned by whoever reads first). With a `-wal` present it is opened
/// normally, so what the WAL holds is read (never `immutable`, which would
/// ignore it).
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if wal_path(path).exists() {
        return Connection::open_with_flags(path, flags);
    }
    Connection::open_with_flags(
        format!("file:{}?mode=ro&immutable=1", uri_path(path)),
        flags | OpenFlags::SQLITE_OPEN_URI,
    )
}

/// Percent-encodes a path for an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The checks every open makes before anything else touches the file: ours
/// and of a version we know (from the header), then sound.
fn check_file(path: &Path) -> Result<(), StoreError> {
    check_header(path)?;
    check_sound(path)
}

/// Reads the 100-byte SQLite header directly, without SQLite: the file is
/// SQLite, carries our `application_id`, and has a `user_version` we know.
/// Nothing is opened, so nothing can be created or changed.
fn check_header(path: &Path) -> Result<(), StoreError> {
    let io = |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound(path.to_path_buf()))
        }
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(io(std::io::Error::other("is a folder, not a session file")));
    }
    if meta.len() == 0 {
        return Err(StoreError::Empty(path.to_path_buf()));
    }
    let mut header = [0u8; 100];
    let read = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut n = 0;
        while n < header.len() {
            match f.read(&mut header[n..]).map_err(io)? {
                0 => break,
                k => n += k,
            }
        }
        n
    };
    if read < 16 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    if read < 100 {
        return Err(StoreError::Damaged(
            path.to_path_buf(),
            "the file is cut short inside its header".into(),
        ));
    }
    let field = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (version, app_id) = (field(60), field(68));
    if app_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(StoreError::Damaged(
            path.to_path_buf(),
            "it carries caseboard's mark but no schema".into(),
        ));
    }
    Ok(())
}

/// SQLite's `quick_check`, on a connection that leaves nothing behind.
fn check_sound(path: &Path) -> Result<(), StoreError> {
    let conn = open_read_only(path).map_err(|error| StoreError::Sqlite {
        path: path.to_path_buf(),
        error,
    })?;
    let _ = conn.busy_timeout(BUSY_TIMEOUT);
    let damaged = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotSqlite(path.to_path_buf()),
        Some(
            rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::PermissionDenied
            | rusqlite::ErrorCode::ReadOnly,
        ) => StoreError::CannotOpen(path.to_path_buf(), e.to_string()),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        _ => StoreError::Damaged(path.to_path_buf(), e.to_string()),
    };
    let mut stmt = conn.prepare("PRAGMA quick_check(5)").map_err(damaged)?;
    let findings: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(damaged)?
        .collect::<Result<_, _>>()
        .map_err(damaged)?;
    if findings.first().map(String::as_str) != Some("ok") {
        return Err(StoreError::Damaged(
            path.to_path_buf(),
            format!("quick_check reports: {}", one_line(&findings)),
        ));
    }
    Ok(())
}

/// Brings an older session file up to [`SCHEMA_VERSION`], one step at a
/// time, all inside one `BEGIN IMMEDIATE`.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        error: source,
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    let version: i32 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    if version >= SCHEMA_VERSION {
        return Ok(());
    }
    for (i, sql) in schema::MIGRATIONS
        .iter()
        .enumerate()
        .skip(version.max(0) as usize)
    {
        tx.execute_batch(sql).map_err(sqlite)?;
        tx.pragma_update(None, "user_version", i as i32 + 1)
            .map_err(sqlite)?;
    }
    tx.commit().map_err(sqlite)
}

fn build_session(tmp: &Path, pack_text: &str, pack: &Pack, actor: &str) -> Result<(), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: tmp.to_path_buf(),
        error: source,
    };
    let mut conn = Connection::open(tmp).map_err(sqlite)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;
    {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate() {
            tx.execute_batch(sql).map_err(sqlite)?;
            tx.pragma_update(None, "user_version", i as i32 + 1)
                .map_err(sqlite)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sqlite)?;
        let sha = chain::sha256_hex(pack_text.as_bytes());
        let now = now_millis();
        insert_pack(&tx, pack_text, &sha, pack, &now_text(now)).map_err(sqlite)?;
        tx.execute_batch(&schema::pack_guards()).map_err(sqlite)?;
        let genesis = Event {
            seq: 1,
            at: now,
            actor: actor.to_string(),
            body: EventBody::SessionCreated {
                pack_sha256: sha.clone(),
                caseboard_version: env!("CARGO_PKG_VERSION").to_string(),
            },
        };
        insert_event(&tx, &genesis, &sha).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
    }
    // Fold the WAL into the main file so the linked file stands alone.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(sqlite)?;
    conn.close().map_err(|(_, e)| sqlite(e))?;
    Ok(())
}

fn insert_pack(
    tx: &Connection,
    text: &str,
    sha: &str,
    pack: &Pack,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO pack (id, json, sha256, imported_at) VALUES (1, ?1, ?2, ?3)",
        params![text, sha, now],
    )?;
    let tables = integrity::pack_tables(pack, now, env!("CARGO_PKG_VERSION"));
    integrity::insert_pack_tables(tx, &tables)
}

/// Makes a rename or link in `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
