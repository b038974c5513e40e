//! The log read as it is written out: in passes over one snapshot of the
//! file, one event at a time, so an export of any length holds the board
//! and one event, never the whole log.
//!
//! The first pass walks the hash chain over every row, reads each event and
//! folds the board; nothing is handed out before it has finished, so an
//! unreadable row fails the export before a byte of it is written, and a
//! break is known (see [`Store::notices`]) before the output starts, as
//! when the whole log was loaded first. The later passes
//! ([`RecordStream::each_link`], [`RecordStream::each_event`]) read the
//! same rows again inside the same read transaction: SQLite shows them
//! exactly as the walk saw them, so they are not hashed twice.

use super::*;

/// Every column of an event row, in the order [`stored_row`] reads them.
const ROWS: &str =
    "SELECT seq, at, actor, kind, priority, payload, prev_hash, hash FROM events ORDER BY seq";

/// As [`ROWS`], only those of one kind when `?1` is not NULL.
const ROWS_OF_KIND: &str = "SELECT seq, at, actor, kind, priority, payload, prev_hash, hash FROM events WHERE ?1 IS NULL OR kind = ?1 ORDER BY seq";

/// The log of a session, read once for its board, ready to be read again in
/// order as it is written out.
pub struct RecordStream<'s> {
    store: &'s Store,
    /// Held open until the last pass: every pass reads the same snapshot,
    /// so an event committed meanwhile is in none of them, rather than
    /// half-seen.
    _snapshot: rusqlite::Transaction<'s>,
    /// The board folded from every event.
    pub board: Board,
    /// The hash of the newest event (the pack's SHA-256 for an empty log).
    pub head_hash: String,
    /// How many events the log holds.
    pub events: u64,
}

impl Store {
    /// The first pass: opens one read transaction, walks the hash chain over
    /// every row and folds the board, holding one event at a time. An
    /// event that cannot be read fails it, as [`Store::load`] fails; a chain
    /// that breaks is read on, and said by [`Store::notices`].
    pub fn stream_record(&self) -> Result<RecordStream<'_>, StoreError> {
        let snapshot = self
            .conn
            .unchecked_transaction()
            .map_err(|e| self.sqlite(e))?;
        let mut trust = self.trust.borrow_mut();
        trust.settle();
        let mut board = Board::new(self.pack.clone());
        let mut head_hash = None::<String>;
        let mut events = 0;
        let mut stmt = self.conn.prepare_cached(ROWS).map_err(|e| self.sqlite(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sqlite(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sqlite(e))? {
            let stored = stored_row(row, &self.path).map_err(|e| self.read_error(e))?;
            trust.walk.step(&stored);
            let event = event_of(&stored.columns, &self.path)?;
            board.apply(&event);
            events += 1;
            let head = head_hash.get_or_insert_with(String::new);
            head.clear();
            head.push_str(stored.hash);
        }
        Ok(RecordStream {
            store: self,
            _snapshot: snapshot,
            board,
            head_hash: head_hash.unwrap_or_else(|| self.pack_sha256.clone()),
            events,
        })
    }

    fn read_error(&self, e: ReadError) -> StoreError {
        match e {
            ReadError::Sqlite(s) => self.sqlite(s),
            ReadError::Store(s) => s,
        }
    }
}

impl RecordStream<'_> {
    /// Each event's link in the hash chain, oldest first: `seq`,
    /// `prev_hash`, `hash`, as stored. Stops at the first error `each` returns.
    pub fn each_link<E: From<StoreError>>(
        &self,
        mut each: impl FnMut(u64, &str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let store = self.store;
        let sqlite = |e| E::from(store.sqlite(e));
        let mut stmt = store
            .conn
            .prepare_cached("SELECT seq, prev_hash, hash FROM events ORDER BY seq")
            .map_err(sqlite)?;
        let mut rows = stmt.query([]).map_err(sqlite)?;
        while let Some(row) = rows.next().map_err(sqlite)? {
            let seq: u64 = row.get(0).map_err(sqlite)?;
            let column = |i: usize, name: &str| -> Result<&str, E> {
                let value = row.get_ref(i).map_err(sqlite)?;
                integrity::text(value, name).map_err(|detail| {
                    E::from(StoreError::BadEvent {
                        path: store.path.clone(),
                        seq,
                        detail,
                    })
                })
            };
            let prev_hash = column(1, "link to the previous event")?;
            let hash = column(2, "hash")?;
            each(seq, prev_hash, hash)?;
        }
        Ok(())
    }

    /// Every event, oldest first, one at a time: the events the first pass
    /// walked and folded. Stops at the first error `each` returns.
    pub fn each_event<E: From<StoreError>>(
        &self,
        each: impl FnMut(&Event) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_event_of(None, each)
    }

    /// As [`RecordStream::each_event`], only the events of `kind` (as
    /// [`EventBody::kind`] names it) when given: the others are not read.
    pub fn each_event_of<E: From<StoreError>>(
        &self,
        kind: Option<&str>,
        mut each: impl FnMut(&Event) -> Result<(), E>,
    ) -> Result<(), E> {
        let store = self.store;
        let sqlite = |e| E::from(store.sqlite(e));
        let mut stmt = store.conn.prepare_cached(ROWS_OF_KIND).map_err(sqlite)?;
        let mut rows = stmt.query([kind]).map_err(sqlite)?;
        while let Some(row) = rows.next().map_err(sqlite)? {
            let stored = stored_row(row, &store.path).map_err(|e| E::from(store.read_error(e)))?;
            let event = event_of(&stored.columns, &store.path)?;
            each(&event)?;
        }
        Ok(())
    }
}
