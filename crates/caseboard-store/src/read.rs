//! Reading the log: the events, the record the exporters render, the
//! chain's links and head, what the checks found, and following new entries.

use super::*;

impl Store {
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

    /// The whole log and the board folded from it.
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
