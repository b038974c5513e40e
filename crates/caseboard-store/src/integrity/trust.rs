//! What an open found about the record's integrity, and the checks still
//! running beside the first frame.

use super::{pack_tables_problem, ChainWalk, Deferred};
use caseboard_core::Pack;

/// What an open found that makes the record untrustworthy: writes are
/// refused while either is set; reads go on, saying so.
#[derive(Debug)]
pub struct Trust {
    pub walk: ChainWalk,
    /// The pack as stored no longer matches its SHA-256, or a table derived
    /// from it differs from it.
    pub pack_problem: Option<String>,
    /// Whether the first full read hands its walk to another thread (the
    /// screens: their first frame need not wait for it).
    pub defer_first_walk: bool,
    /// That walk, while it runs.
    pub pending: Option<std::thread::JoinHandle<ChainWalk>>,
    /// The comparison of the pack's tables with the pack, while it runs.
    pub tables: Option<std::thread::JoinHandle<Option<String>>>,
    /// Whether that comparison waits for a screen's first frame (it is
    /// made in [`crate::Store::confirm_sound`]).
    pub tables_deferred: bool,
}

impl Trust {
    /// What an open checks of the pack: at once, whether the pack JSON still
    /// matches its SHA-256 (every open: about 2 ms on the large session);
    /// then, if `tables`, on another thread with its own read-only
    /// connection so the log's load need not wait, whether its tables match
    /// the pack (about 10 ms of work there). The walk starts from `anchor`,
    /// the JSON's recomputed digest ([`crate::sha256_hex`] of the JSON as
    /// stored).
    pub fn check_pack(
        path: &std::path::Path,
        anchor: String,
        stored_sha256: &str,
        pack: std::sync::Arc<Pack>,
        tables: bool,
    ) -> Trust {
        let mut trust = Trust {
            walk: ChainWalk::new(anchor.clone()),
            pack_problem: None,
            defer_first_walk: false,
            pending: None,
            tables: None,
            tables_deferred: false,
        };
        if anchor != stored_sha256 {
            trust.pack_problem = Some(
                "the imported pack has been altered (its SHA-256 no longer matches)".to_string(),
            );
            return trust;
        }
        if !tables {
            return trust;
        }
        let path = path.to_path_buf();
        trust.tables = std::thread::Builder::new()
            .name("pack tables".into())
            .spawn(move || {
                // A connection that cannot be had here leaves the check to
                // `verify`: it must not refuse writes on its own.
                let conn = crate::open_read_only(&path).ok()?;
                pack_tables_problem(&conn, &pack)
            })
            .ok();
        trust
    }

    /// Whether a check (the first walk, the pack tables) is still running
    /// on another thread, so what [`Trust::notices`] says may still grow.
    pub fn checking(&self) -> bool {
        self.pending.as_ref().is_some_and(|p| !p.is_finished())
            || self.tables.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Waits for the pack tables' check, if it is still running.
    pub fn settle_tables(&mut self) {
        if let Some(tables) = self.tables.take() {
            if let Ok(Some(problem)) = tables.join() {
                self.pack_problem.get_or_insert(problem);
            }
        }
    }

    /// Waits for a walk running on another thread, if there is one.
    pub fn settle(&mut self) {
        if let Some(pending) = self.pending.take() {
            match pending.join() {
                Ok(walk) => self.walk = walk,
                Err(_) => {
                    let next = self.walk.walked() + 1;
                    self.walk
                        .fail(next, "the hash chain could not be checked".into());
                }
            }
        }
    }

    /// As [`Trust::settle`], but only once that walk has finished: never waits.
    pub fn settle_if_done(&mut self) {
        if self.pending.as_ref().is_some_and(|p| p.is_finished()) {
            self.settle();
        }
    }

    /// Hands the walk of `rows` to another thread; if none can be started,
    /// walks them here and now, so nothing is shown or written unwalked.
    pub fn walk_in_background(&mut self, rows: Deferred) {
        // Shared, so that a thread that cannot be had leaves the rows here.
        let rows = std::sync::Arc::new(std::sync::Mutex::new(Some(rows)));
        let given = rows.clone();
        let mut walk = self.walk.clone();
        let spawned = std::thread::Builder::new()
            .name("chain walk".into())
            .spawn(move || {
                if let Some(rows) = given.lock().ok().and_then(|mut r| r.take()) {
                    rows.walk(&mut walk);
                }
                walk
            });
        match spawned {
            Ok(handle) => self.pending = Some(handle),
            Err(_) => {
                if let Some(rows) = rows.lock().ok().and_then(|mut r| r.take()) {
                    rows.walk(&mut self.walk);
                }
            }
        }
    }

    /// The refusal every write meets while the record cannot be trusted
    /// (after [`Trust::settle`] and [`Trust::settle_tables`]).
    pub fn refusal(&self, path: &std::path::Path) -> Option<crate::StoreError> {
        if let Some(problem) = &self.pack_problem {
            return Some(crate::StoreError::AlteredPack {
                path: path.to_path_buf(),
                problem: problem.clone(),
            });
        }
        self.walk.broken().map(|b| crate::StoreError::BrokenChain {
            path: path.to_path_buf(),
            seq: b.seq,
        })
    }

    /// One line for each problem, for whoever shows what was read.
    pub fn notices(&self, path: &std::path::Path) -> Vec<String> {
        let path = path.display();
        let mut out = Vec::new();
        if let Some(problem) = &self.pack_problem {
            out.push(format!(
                "{path}: {problem}; what is shown may not be what was recorded, and nothing can be recorded; run `caseboard verify {path}`"
            ));
        }
        if let Some(b) = self.walk.broken() {
            out.push(format!(
                "{path}: {b}; what is shown from event {} on may have been altered, and nothing can be recorded; run `caseboard verify {path}`",
                b.seq
            ));
        }
        out
    }
}
