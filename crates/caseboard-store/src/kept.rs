//! The board kept in the session file, so that a screen draws its first
//! frame without folding the whole log first.
//!
//! It is derived, never part of the record: the fold of the events up to
//! one of them, stored with that event's hash. A screen opens from it and
//! folds only the events after it; the whole log is then read, walked and
//! folded on another thread and compared with it, and nothing is written
//! until that comparison has passed. A kept board that does not match its
//! log is said on screen, the log's own board replaces it, and the session
//! takes no entries. `verify` makes the same comparison.

use super::integrity::{ChainWalk, Deferred, Walked};
use super::*;
use caseboard_core::board::KEPT_FORMAT;

/// A screen keeps its board as it closes once the log has grown by this
/// many events since the board last kept: folding fewer on the next open
/// costs less than writing the board again (2.6 MB on the large session).
pub const KEEP_EVERY: u64 = 1_000;

/// Made when a board is first kept, so a file that never has one is left
/// as it was created.
const KEPT_TABLE: &str = "CREATE TABLE IF NOT EXISTS kept_board (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL,
    format INTEGER NOT NULL,
    made_by TEXT NOT NULL,
    state  BLOB NOT NULL
) STRICT";

/// The caseboard that keeps a board, and the only one that reads it: the
/// fold's rules may change between versions, so a board another version
/// kept could differ from this one's fold without anything being wrong.
const MADE_BY: &str = env!("CARGO_PKG_VERSION");

/// A kept board as stored: the event it was folded up to, that event's
/// hash, and the board's bytes ([`Board::kept`]).
#[derive(Debug)]
pub(super) struct Kept {
    pub seq: u64,
    pub hash: String,
    pub state: Vec<u8>,
}

/// What is said of a kept board whose bytes were refused (`why`, as
/// [`Board::from_kept`] says it), by a screen and by `verify` alike.
pub(super) fn unreadable(why: &str) -> String {
    format!(
        "the board kept in the file cannot be read ({why}): the file was changed outside caseboard"
    )
}

/// What is said of a kept board at event `seq` that is not the log's fold.
pub(super) fn not_the_logs(seq: u64) -> String {
    format!(
        "the board kept in the file (at event {seq}) is not the one its log folds to: the file was changed outside caseboard"
    )
}

/// What is said of a kept board naming event `seq` with another hash.
pub(super) fn other_hash(seq: u64) -> String {
    format!("the board kept in the file names event {seq} with a hash the log does not give it")
}

/// The kept board as stored, when the file has one this caseboard kept, in
/// its format (one kept by another version is left alone, and replaced when
/// this one next keeps a board: it is only ever derived).
pub(super) fn read_stored(conn: &Connection) -> Option<Kept> {
    let (seq, hash, format, made_by, state): (i64, String, i64, String, Vec<u8>) = conn
        .query_row(
            "SELECT seq, hash, format, made_by, state FROM kept_board WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .ok()?;
    let ours = format == i64::from(KEPT_FORMAT) && made_by == MADE_BY;
    (ours && seq >= 1).then(|| Kept {
        seq: seq.unsigned_abs(),
        hash,
        state,
    })
}

/// The kept board, when the file has one this build reads and the log
/// still holds the event it was kept at, with the same hash. Anything else
/// is no kept board: the whole log is folded, as for a file without one.
pub(super) fn read_kept(conn: &Connection) -> Option<Kept> {
    let kept = read_stored(conn)?;
    let logged: String = conn
        .query_row("SELECT hash FROM events WHERE seq = ?1", [kept.seq], |r| {
            r.get(0)
        })
        .ok()?;
    (logged == kept.hash).then_some(kept)
}

/// What a screen's open reads of a kept board while the pack is parsed:
/// the events after it (and their rows, for the walk), and its bytes
/// decoded, not yet checked against the pack.
pub(super) struct Reading {
    read: Result<(), ReadError>,
    tail: Vec<Event>,
    tail_rows: Deferred,
    decoded: Result<caseboard_core::board::KeptBoard, String>,
}

impl Reading {
    pub(super) fn read(conn: &Connection, path: &Path, kept: &Kept) -> Reading {
        let mut tail = Vec::new();
        let mut tail_rows = Deferred::default();
        // Rows handed to `tail_rows` are walked by the check, not here.
        let mut not_yet = ChainWalk::new(String::new());
        let read = read_events_into(
            conn,
            path,
            kept.seq,
            u64::MAX,
            &mut not_yet,
            Some(&mut tail_rows),
            |e| tail.push(e),
        );
        Reading {
            read,
            tail,
            tail_rows,
            decoded: caseboard_core::board::KeptBoard::read(&kept.state),
        }
    }

    /// The board to show, once `pack` is parsed, with the rows after it
    /// for the check to walk. `Err(None)`: the log after it could not be
    /// read (the open reads the whole log, and meets that itself);
    /// `Err(Some(why))`: the kept board was refused.
    pub(super) fn board(
        self,
        kept: &Kept,
        pack: &Arc<Pack>,
    ) -> Result<(Board, Deferred), Option<String>> {
        if self.read.is_err() {
            return Err(None);
        }
        let mut board = self
            .decoded
            .and_then(|decoded| decoded.into_board(pack.clone()))
            .and_then(|board| match board.last_seq() == kept.seq {
                true => Ok(board),
                false => Err("it is not the board at the event it names".into()),
            })
            .map_err(Some)?;
        self.tail.iter().for_each(|e| board.apply(e));
        Ok((board, self.tail_rows))
    }
}

/// The check of a screen's open from a kept board, run on another thread
/// (see [`integrity::Trust::check_in_background`]): reads the events up to
/// the kept one on its own connection to `at`, walking the chain and
/// folding them, and compares that fold with the kept board; then walks
/// `tail`, the rows the open read after it. When the two boards differ, the
/// log's own board (the tail applied) comes back for the screen to show.
pub(super) fn check_kept(
    at: PathBuf,
    path: PathBuf,
    pack: Arc<Pack>,
    kept: Kept,
    tail: Deferred,
) -> impl FnOnce(ChainWalk) -> Walked + Send + 'static {
    move |mut walk| {
        // The kept bytes are compared by their digest, so they need not be
        // held (tens of megabytes on a large log) while the log is folded.
        let Kept { seq, hash, state } = kept;
        let kept_digest = chain::digest(&state);
        drop(state);
        let mut board = Board::new(pack);
        let read = open_read_only(&at)
            .map_err(ReadError::Sqlite)
            .and_then(|conn| {
                read_events_into(&conn, &path, 0, seq, &mut walk, None, |e| board.apply(&e))
            });
        let read_whole = read.is_ok();
        let problem = match read {
            Err(ReadError::Store(e)) => Some(format!(
                "the board kept in the file could not be checked: {e}"
            )),
            Err(ReadError::Sqlite(e)) => Some(format!(
                "the board kept in the file could not be checked against its log ({e})"
            )),
            // Compared even past a break in the chain (said on its own), so
            // a kept board edited with the log is never left on screen.
            Ok(()) if chain::kept_digest(&board) != kept_digest => Some(not_the_logs(seq)),
            Ok(()) if walk.broken().is_some() => None,
            Ok(()) if walk.walked() != seq || walk.head_hash() != hash => Some(other_hash(seq)),
            Ok(()) => None,
        };
        let Some(problem) = problem else {
            tail.walk(&mut walk);
            return Walked::walk(walk);
        };
        // The board on screen came from the kept one: the log's own board
        // replaces it, the events after it applied. A log that could not be
        // read whole gives no board to replace it with: the notice says so.
        let mut whole = read_whole;
        tail.for_each(|row| {
            walk.step(row);
            match event_of(&row.columns, &path) {
                Ok(event) if whole => board.apply(&event),
                _ => whole = false,
            }
        });
        Walked {
            walk,
            kept_problem: Some(problem),
            rebuilt: whole.then_some(board),
        }
    }
}

impl Store {
    /// Keeps `board` in the file for the next screen to open from, when the
    /// log has grown by [`KEEP_EVERY`] events since a board was last kept.
    /// Only a writer whose every check has passed keeps one, and only a
    /// board of events it has walked. `Ok(true)` when one was written.
    pub fn keep_board(&mut self, board: &Board) -> Result<bool, StoreError> {
        let seq = board.last_seq();
        if self.mode != Mode::ReadWrite || self.write_refusal().is_some() || seq == 0 {
            return Ok(false);
        }
        // One kept by another version counts as none.
        let kept = read_stored(&self.conn).map_or(0, |k| k.seq);
        if seq < kept.saturating_add(KEEP_EVERY) {
            return Ok(false);
        }
        self.confirm_sound()?;
        let trust = self.trust.get_mut();
        trust.settle();
        trust.settle_tables();
        if trust.refusal(&self.path).is_some() || trust.walk.walked() < seq {
            return Ok(false);
        }
        let state = board.kept();
        let path = self.path.clone();
        let sqlite = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let hash: String = tx
            .query_row("SELECT hash FROM events WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .map_err(sqlite)?;
        tx.execute_batch(KEPT_TABLE).map_err(sqlite)?;
        tx.execute(
            "INSERT OR REPLACE INTO kept_board (id, seq, hash, format, made_by, state) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![seq, hash, KEPT_FORMAT, MADE_BY, state],
        )
        .map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(true)
    }

    /// The log's own board, once the check of an open from a kept board
    /// has found the kept one was not it (taken once): the screen shows it
    /// instead.
    pub fn take_rebuilt_board(&mut self) -> Option<Board> {
        let trust = self.trust.get_mut();
        trust.settle_if_done();
        trust.rebuilt.take()
    }
}
