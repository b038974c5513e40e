//! Recording: a command checked against the board as committed and its
//! event appended durably, all or nothing, never onto an untrusted record.

use super::*;

impl Store {
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
        if let Some(refused) = self.write_refusal() {
            return Err(refused.into());
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
}
