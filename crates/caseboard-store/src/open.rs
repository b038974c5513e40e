//! Making and opening a session: every check an open makes before SQLite
//! is handed the file, and the private copy a read-only open reads.

use super::*;

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
        let build = |tmp: &Path| {
            build_session(tmp, pack_text, pack, actor).map_err(|e| match e {
                StoreError::Sqlite { error, .. }
                    if matches!(
                        error.sqlite_error_code(),
                        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure)
                    ) =>
                {
                    // A full disk fails anywhere: none of it is left behind.
                    io(std::io::Error::other(
                        "could not be created: the disk is full, or the file too large for this system; nothing was left behind",
                    ))
                }
                StoreError::Sqlite { error, .. } => StoreError::Sqlite {
                    path: path.to_path_buf(),
                    error,
                },
                other => other,
            })
        };
        put_in_place(None, path, "creating", Placing::New, build)?;
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
        Ok(Self::open_resolved(path, mode, Checks::Before, Load::Nothing)?.0)
    }

    /// As [`Store::open`] then [`Store::load`], in less time: the log is
    /// read while the pack is parsed on another thread, and `quick_check`,
    /// the walk of the chain and the comparison of the pack's tables run on
    /// other threads beside the read and the fold. Every one of them has
    /// finished before this returns, and what they found is what an open
    /// and a load would have found: the same errors, the same notices, the
    /// same refusal of every write. For a command that reads or records once.
    pub fn open_and_load(
        path: &Path,
        mode: Mode,
    ) -> Result<(Store, Vec<Event>, Board), StoreError> {
        let (mut store, read) = Self::open_resolved(path, mode, Checks::Beside, Load::Events)?;
        let (events, board) = store.loaded(read);
        store.finish_checks()?;
        Ok((store, events, board))
    }

    /// As [`Store::open_and_load`] when only the board is wanted: the
    /// events are folded as they are read, and none is kept (`decide`,
    /// `board`: a large log's events need never be held all at once).
    pub fn open_and_fold(path: &Path, mode: Mode) -> Result<(Store, Board), StoreError> {
        let (mut store, read) = Self::open_resolved(path, mode, Checks::Beside, Load::Board)?;
        let (_, board) = store.loaded(read);
        store.finish_checks()?;
        Ok((store, board))
    }

    /// As [`Store::open_and_fold`] for a screen: the checks may finish after
    /// the first frame, as with [`Store::open_checking_in_background`]
    /// (nothing is written until they have passed; the pack's tables are
    /// compared once the frame is up, in [`Store::confirm_sound`]).
    pub fn open_and_fold_for_screen(path: &Path, mode: Mode) -> Result<(Store, Board), StoreError> {
        let (store, read) = Self::open_resolved(path, mode, Checks::BesideFirstFrame, Load::Board)?;
        let (_, board) = store.loaded(read);
        Ok((store, board))
    }

    /// As [`Store::open_for_review`] then [`Store::load`], with the checks
    /// beside the read as in [`Store::open_and_load`].
    pub fn open_and_load_for_review(path: &Path) -> Result<(Store, Vec<Event>, Board), StoreError> {
        Self::open_and_load(path, Mode::ReadOnly)
    }

    /// The events and board an open read (folded now if they were not).
    fn loaded(&self, read: Option<Read>) -> (Vec<Event>, Board) {
        match read {
            Some(read) => read.events_and_board(&self.pack),
            None => (Vec::new(), Board::new(self.pack.clone())),
        }
    }

    /// Waits for every check still running beside the open (`quick_check`,
    /// the chain's walk, the pack's tables), so what it found is known.
    fn finish_checks(&mut self) -> Result<(), StoreError> {
        if let Some(check) = self.pending_check.take() {
            join_check(&self.path, check).inspect_err(|_| self.found_unsound = true)?;
        }
        let trust = self.trust.get_mut();
        trust.settle();
        trust.settle_tables();
        Ok(())
    }

    /// As [`Store::open`], but SQLite's `quick_check` (a read of the whole
    /// file) runs on another thread while the session loads, so a large
    /// session reaches its first frame sooner. Nothing is written until it
    /// has passed: [`Store::confirm_sound`] waits for it, and every write
    /// calls that first.
    pub fn open_checking_in_background(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        let (mut store, _) =
            Self::open_resolved(path, mode, Checks::BesideFirstFrame, Load::Nothing)?;
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
        Ok(Self::open_resolved(path, Mode::ReadOnly, Checks::Before, Load::Nothing)?.0)
    }

    /// Opens `path` with its checks where `checks` says, and with `load`
    /// reads the whole log too (the events come back beside the store).
    fn open_resolved(
        path: &Path,
        mode: Mode,
        checks: Checks,
        load: Load,
    ) -> Result<(Store, Option<Read>), StoreError> {
        let real = resolve(path)?;
        check_header(path)?;
        remove_dead_temporaries(&folder_of(&real));
        let opening = Opening { checks, load };
        if mode == Mode::ReadOnly {
            return Self::open_copy(path, &real, mode, None, opening);
        }
        let scan = scan_wal_file(path, &real)?;
        if scan.is_damaged() {
            let block = WriteBlock::WalDamaged {
                frames: scan.unreadable_frames,
            };
            return Self::open_copy(path, &real, mode, Some(block), opening);
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
                return Self::open_copy(path, &real, mode, Some(block), opening);
            }
        }
        if mode == Mode::ReadWrite && !may_write(&real) {
            let block = Some(WriteBlock::NotWritable);
            return Self::open_copy(path, &real, mode, block, opening);
        }
        Self::open_sound(path, &real, mode, false, opening)
    }

    /// Opens the file `at` once `quick_check` has passed, or with it running
    /// beside the open: then an open that fails says what the check found,
    /// if it found anything, rather than what the damage did to the read.
    fn open_sound(
        path: &Path,
        at: &Path,
        mode: Mode,
        on_copy: bool,
        opening: Opening,
    ) -> Result<(Store, Option<Read>), StoreError> {
        if opening.checks == Checks::Before {
            check_sound(path, at)?;
            return Self::open_checked(path, at, mode, on_copy, &mut None, opening);
        }
        let spawn_check = || spawn_quick_check(path, at);
        // A screen's check starts once the log is read, beside the fold and
        // the first frame: until then the second core reads the log.
        let after_read =
            opening.checks == Checks::BesideFirstFrame && opening.load != Load::Nothing;
        let mut pending = if after_read { None } else { spawn_check() };
        if pending.is_none() && !after_read {
            check_sound(path, at)?;
        }
        match Self::open_checked(path, at, mode, on_copy, &mut pending, opening) {
            Ok((mut store, read)) => {
                if after_read {
                    // Begun once the first frame is up (`start_checks`), so
                    // that frame has both cores.
                    store.check_waiting = Some(at.to_path_buf());
                }
                Ok((store, read))
            }
            Err(e) => {
                // What the check finds says more than what the damage did
                // to the read.
                match pending.take() {
                    Some(check) => join_check(path, check)?,
                    None if after_read => check_sound(path, at)?,
                    None => {}
                }
                Err(e)
            }
        }
    }

    /// Opens a private copy of the session (see [`snapshot`]).
    fn open_copy(
        path: &Path,
        real: &Path,
        mode: Mode,
        block: Option<WriteBlock>,
        opening: Opening,
    ) -> Result<(Store, Option<Read>), StoreError> {
        let copy = snapshot(path, real)?;
        // A screen's copy is checked before it opens, as before; a command's
        // beside its read.
        let opening = match opening.checks {
            Checks::BesideFirstFrame => Opening {
                checks: Checks::Before,
                ..opening
            },
            _ => opening,
        };
        let (mut store, events) = Self::open_sound(path, &copy.file, mode, true, opening)?;
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
        Ok((store, events))
    }

    /// Begins the checks a screen's open left for after its first frame:
    /// `quick_check` and the walk of the chain (with the comparison of a
    /// kept board), each on a thread of its own. Anything that waits for
    /// them begins them first, so none can be skipped.
    pub fn start_checks(&mut self) {
        if let Some(file) = self.check_waiting.take() {
            match spawn_quick_check(&self.path, &file) {
                Some(check) => self.pending_check = Some(check),
                None => self.found_unsound |= check_sound(&self.path, &file).is_err(),
            }
        }
        self.trust.get_mut().start();
    }

    /// Waits for a background soundness check, if one is running.
    pub fn confirm_sound(&mut self) -> Result<(), StoreError> {
        self.start_checks();
        // A check that failed once refuses every later write too.
        if self.found_unsound {
            return Err(StoreError::Damaged(
                self.path.clone(),
                "its integrity check did not pass".into(),
            ));
        }
        // A screen's open left the pack tables' check until now, whether
        // or not its `quick_check` is still running.
        if self.trust.get_mut().tables_deferred {
            self.trust.get_mut().tables_deferred = false;
            if let Some(problem) = integrity::pack_tables_problem(&self.conn, &self.pack) {
                self.trust.get_mut().pack_problem.get_or_insert(problem);
            }
        }
        let Some(check) = self.pending_check.take() else {
            return Ok(());
        };
        join_check(&self.path, check).inspect_err(|_| self.found_unsound = true)
    }

    /// Opens the SQLite file `at` for the session `path` (the name shown):
    /// the session itself, or a private copy of it (`on_copy`), which is
    /// only ever read.
    fn open_checked(
        path: &Path,
        at: &Path,
        mode: Mode,
        on_copy: bool,
        pending_check: &mut Option<PendingCheck>,
        opening: Opening,
    ) -> Result<(Store, Option<Read>), StoreError> {
        let sqlite = |source| classify(path, source);
        let writes = mode == Mode::ReadWrite && !on_copy;
        let mut conn = if writes {
            Connection::open_with_flags(
                at,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .and_then(|conn| conn.busy_timeout(BUSY_TIMEOUT).map(|()| conn))
        } else {
            checks::open_read_only(at)
        }
        .map_err(sqlite)?;
        if writes {
            // Until the file is known sound, closing must not fold the
            // `-wal` into it: SQLite checkpoints as the last connection
            // closes. The store allows that again once its checks pass.
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
                .map_err(sqlite)?;
            set_for_writing(&conn).map_err(sqlite)?;
            let version: i32 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(sqlite)?;
            if version < SCHEMA_VERSION {
                // A migration writes: the file must be known sound first.
                match pending_check.take() {
                    Some(check) => join_check(path, check)?,
                    None => check_sound(path, at)?,
                }
                migrate(&mut conn, path)?;
            }
        }
        // A screen's pack is read by the thread that parses it, on its own
        // connection, so the kept board is read here meanwhile.
        let screen = opening.checks == Checks::BesideFirstFrame && opening.load == Load::Board;
        let pack_problem = |e: rusqlite::Error| {
            StoreError::Damaged(
                path.to_path_buf(),
                format!("the imported pack cannot be read ({e})"),
            )
        };
        let (pack_json, pack_sha256): (Option<String>, String) = if screen {
            let sha = conn
                .query_row("SELECT sha256 FROM pack WHERE id = 1", [], |r| r.get(0))
                .map_err(pack_problem)?;
            (None, sha)
        } else {
            conn.query_row("SELECT json, sha256 FROM pack WHERE id = 1", [], |r| {
                Ok((Some(r.get(0)?), r.get(1)?))
            })
            .map_err(pack_problem)?
        };
        let cannot_read = |e: String| {
            StoreError::Damaged(
                path.to_path_buf(),
                format!("the imported pack cannot be read ({e})"),
            )
        };
        // The pack's SHA-256 (the chain's anchor) and its parse, which a
        // large pack makes the longest part of an open.
        // The JSON is freed as soon as it is parsed: on a large session
        // it is tens of megabytes, needed no longer than that.
        let pack_json = std::sync::Mutex::new(pack_json);
        let parse = || -> Parsed {
            let json = pack_json.lock().ok().and_then(|mut json| json.take());
            let json = match json {
                Some(json) => json,
                None => match checks::open_read_only(at).and_then(|c| {
                    c.query_row("SELECT json FROM pack WHERE id = 1", [], |r| r.get(0))
                }) {
                    Ok(json) => json,
                    Err(e) => return (String::new(), Err(e.to_string())),
                },
            };
            let anchor = chain::sha256_hex(json.as_bytes());
            let pack = serde_json::from_str(&json).map_err(|e| e.to_string());
            (anchor, pack.map(Arc::new))
        };
        let mut rows = None;
        // A screen starts from the board kept in the file, when it has one,
        // and folds only the events after it (see `kept.rs`).
        let mut kept = None;
        let mut from_kept = None;
        let mut kept_unreadable = None;
        let ((anchor, pack), read) = if opening.load == Load::Nothing {
            (parse(), None)
        } else {
            // The log is read while the pack is parsed on another thread;
            // its chain is walked once the anchor is known (below).
            std::thread::scope(|scope| {
                let joined = |handle: std::thread::ScopedJoinHandle<Parsed>| {
                    handle
                        .join()
                        .unwrap_or_else(|_| (String::new(), Err("it could not be parsed".into())))
                };
                let mut parsing = std::thread::Builder::new()
                    .name("pack".into())
                    .spawn_scoped(scope, parse)
                    .ok();
                let mut parsed = if parsing.is_none() {
                    Some(parse())
                } else {
                    None
                };
                if screen {
                    kept = kept::read_kept(&conn);
                }
                if let Some(kept) = &kept {
                    // The events after the kept board are read, and its
                    // bytes decoded, while the pack is parsed; should any
                    // of it fail, the whole log is read below, as for a
                    // file without a kept board.
                    let reading = kept::Reading::read(&conn, path, kept);
                    if let Some(handle) = parsing.take() {
                        parsed = Some(joined(handle));
                    }
                    if let Some((anchor, Ok(pack))) = &parsed {
                        match reading.board(kept, pack) {
                            Ok((board, tail_rows)) => {
                                from_kept = Some(tail_rows);
                                let parsed = (anchor.clone(), Ok(pack.clone()));
                                return (parsed, Some((Ok(()), Vec::new(), Some(board))));
                            }
                            // Only caseboard writes it, and only whole.
                            Err(why) => kept_unreadable = why,
                        }
                    }
                }
                let fold = opening.load == Load::Board;
                let mut events = Vec::new();
                let mut board: Option<Board> = None;
                let mut take = |event: Event| {
                    if fold && board.is_none() {
                        // Once the pack is parsed, the events are folded
                        // as they come, and none is kept.
                        if parsing.as_ref().is_some_and(|p| p.is_finished()) {
                            parsed = parsing.take().map(joined);
                        }
                        if let Some((_, Ok(pack))) = &parsed {
                            board = Some(Board::fold(pack.clone(), &events));
                            events = Vec::new();
                        }
                    }
                    match &mut board {
                        Some(board) => board.apply(&event),
                        None => events.push(event),
                    }
                };
                // A long log's later part is read on another connection
                // beside the first; its rows are walked after the first's.
                let split = log_split(&conn);
                let later = split.and_then(|from| {
                    std::thread::Builder::new()
                        .name("log".into())
                        .spawn_scoped(scope, move || read_later(path, at, from))
                        .ok()
                });
                let upto = match (&later, split) {
                    (Some(_), Some(split)) => split,
                    _ => u64::MAX,
                };
                let mut deferred = integrity::Deferred::default();
                let mut not_yet = integrity::ChainWalk::new(String::new());
                let mut read = read_events_into(
                    &conn,
                    path,
                    0,
                    upto,
                    &mut not_yet,
                    Some(&mut deferred),
                    &mut take,
                );
                if let Some(later) = later {
                    match later.join() {
                        Ok(Ok((events, rows))) => {
                            if read.is_ok() {
                                deferred.append(rows);
                                events.into_iter().for_each(&mut take);
                            }
                        }
                        // The second reader could not (no connection, say):
                        // the first reads on, and meets any damage itself.
                        _ => {
                            if read.is_ok() {
                                read = read_events_into(
                                    &conn,
                                    path,
                                    upto,
                                    u64::MAX,
                                    &mut not_yet,
                                    Some(&mut deferred),
                                    &mut take,
                                );
                            }
                        }
                    }
                }
                if let Some(handle) = parsing.take() {
                    parsed = Some(joined(handle));
                }
                rows = Some(deferred);
                let parsed =
                    parsed.unwrap_or_else(|| (String::new(), Err("it could not be parsed".into())));
                (parsed, Some((read, events, board)))
            })
        };
        let pack = pack.map_err(cannot_read)?;
        let read = match read {
            Some((read, events, board)) => {
                read.map_err(|e| match e {
                    ReadError::Sqlite(s) => sqlite(s),
                    ReadError::Store(s) => s,
                })?;
                let board = match (opening.load, board) {
                    (Load::Board, None) => Some(Board::fold(pack.clone(), &events)),
                    (_, board) => board,
                };
                Some(Read {
                    events: if opening.load == Load::Board {
                        Vec::new()
                    } else {
                        events
                    },
                    board,
                })
            }
            None => None,
        };
        let data_version = conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(sqlite)?;
        // The pack's tables are compared on every open (SPEC §5: the file's
        // own SQL views show them), on the file actually read (`at`: the
        // real path or the private copy): for a command on another thread
        // beside the load; for a screen (a check already running beside its
        // first frame) once that frame is up, in `confirm_sound`, so the
        // two cores are not shared three ways before it.
        let tables_deferred = opening.checks == Checks::BesideFirstFrame;
        let mut trust =
            integrity::Trust::check_pack(at, anchor, &pack_sha256, pack.clone(), !tables_deferred);
        trust.tables_deferred = tables_deferred;
        // A screen's walk waits for its first frame (see `start_checks`).
        trust.hold_next_check = screen;
        if let Some(e) = kept_unreadable {
            trust.kept_problem = Some(kept::unreadable(&e));
        }
        match (kept, from_kept) {
            (Some(kept), Some(tail)) => {
                // The log is read whole after all, walked and folded beside
                // the first frame, and the kept board compared with it.
                let (at, shown) = (at.to_path_buf(), path.to_path_buf());
                trust.check_in_background(kept::check_kept(at, shown, pack.clone(), kept, tail));
            }
            _ => {
                if let Some(rows) = rows {
                    // The first walk of the chain, beside the fold (and for
                    // a screen beside its first frame): every write and
                    // every command's notices wait for it.
                    trust.walk_in_background(rows);
                }
            }
        }
        // A guard dropped or defanged: the record is no longer protected,
        // and may have been edited since. One read of the schema.
        let guards = checks::guard_problems(&conn).map_err(sqlite)?;
        if let Some(problem) = guards.into_iter().next() {
            trust.pack_problem.get_or_insert(problem);
        }
        let store = Store {
            conn,
            path: path.to_path_buf(),
            mode,
            pack,
            pack_sha256,
            data_version,
            pending_check: pending_check.take(),
            found_unsound: false,
            check_waiting: None,
            private_copy: None,
            real: writes.then(|| at.to_path_buf()),
            wal_seen: if writes { wal_look(at) } else { None },
            write_block: None,
            notices: Vec::new(),
            trust: std::cell::RefCell::new(trust),
        };
        Ok((store, read))
    }
}

/// Where a long log is split between two readers: after this event, the
/// rest is read on a second connection. Short logs are read in one.
fn log_split(conn: &Connection) -> Option<u64> {
    /// Below this many events a second reader costs more than it saves.
    const SPLIT_FROM: u64 = 2_000;
    /// Above this many, the later part's events, held until the first
    /// part is folded, would cost more memory than the time saved is worth
    /// (SPEC §7: memory stays under its bar at 200,000 events).
    const SPLIT_UPTO: u64 = 60_000;
    let last: Option<u64> = conn
        .query_row("SELECT MAX(seq) FROM events", [], |r| r.get(0))
        .ok()
        .flatten();
    // The first reader folds as it reads: it takes the larger part.
    last.filter(|n| (SPLIT_FROM..=SPLIT_UPTO).contains(n))
        .map(|n| n / 5 * 3)
}

/// The log after event `from`, read on its own read-only connection to
/// `at`: the events, and the rows for the walk.
fn read_later(
    path: &Path,
    at: &Path,
    from: u64,
) -> Result<(Vec<Event>, integrity::Deferred), ReadError> {
    let conn = checks::open_read_only(at).map_err(ReadError::Sqlite)?;
    let mut events = Vec::new();
    let mut rows = integrity::Deferred::default();
    let mut not_yet = integrity::ChainWalk::new(String::new());
    read_events_into(
        &conn,
        path,
        from,
        u64::MAX,
        &mut not_yet,
        Some(&mut rows),
        |e| events.push(e),
    )?;
    Ok((events, rows))
}

/// The pack's recomputed SHA-256 and the pack parsed from its JSON.
type Parsed = (String, Result<Arc<Pack>, String>);

/// What an open that loads read: the events (unless folded as they were
/// read), and the board when it was.
pub(super) struct Read {
    events: Vec<Event>,
    board: Option<Board>,
}

impl Read {
    fn events_and_board(self, pack: &Arc<Pack>) -> (Vec<Event>, Board) {
        let board = match self.board {
            Some(board) => board,
            None => Board::fold(pack.clone(), &self.events),
        };
        (self.events, board)
    }
}

/// How much of the log an open reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Nothing,
    /// The events, kept, and the board folded from them.
    Events,
    /// Only the board, folded as the events are read.
    Board,
}

/// Where an open's checks run: all before it returns (`Before`), beside
/// the read and the fold but finished before the open-and-load returns
/// (`Beside`: a command), or finishing after a screen's first frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checks {
    Before,
    Beside,
    BesideFirstFrame,
}

#[derive(Debug, Clone, Copy)]
struct Opening {
    checks: Checks,
    /// What of the log to read as part of the open.
    load: Load,
}

/// SQLite's `quick_check` of the file `at` (the session `path`) on a thread
/// of its own, if one can be had.
fn spawn_quick_check(path: &Path, at: &Path) -> Option<PendingCheck> {
    let (shown, file) = (path.to_path_buf(), at.to_path_buf());
    std::thread::Builder::new()
        .name("quick_check".into())
        .spawn(move || check_sound(&shown, &file))
        .ok()
}

/// Waits for the open's background soundness check and gives its verdict.
fn join_check(path: &Path, check: PendingCheck) -> Result<(), StoreError> {
    check.join().unwrap_or_else(|_| {
        Err(StoreError::Damaged(
            path.to_path_buf(),
            "the integrity check could not run".into(),
        ))
    })
}
