//! What an open found about the record's integrity, and the checks still
//! running beside the first frame.

use super::{pack_tables_problem, ChainWalk, Deferred};
use caseboard_core::{Board, Pack};

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
    /// Whether the next check handed to another thread waits for
    /// [`Trust::start`] instead (a screen's, until its first frame is up).
    pub hold_next_check: bool,
    /// That walk, while it runs (with, after an open from a kept board,
    /// the fold that checks it).
    pub pending: Option<std::thread::JoinHandle<Walked>>,
    /// A check made ready by a screen's open but not yet begun: it starts
    /// once the first frame is up ([`Trust::start`]), so that frame has
    /// both cores, or when anything waits for it.
    pub waiting: Option<Job>,
    /// The board kept in the file did not match the log it was kept from.
    pub kept_problem: Option<String>,
    /// The board folded from the log in its place, for the screen to show
    /// instead (taken once, by [`crate::Store::take_rebuilt_board`]).
    pub rebuilt: Option<Board>,
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
            hold_next_check: false,
            pending: None,
            waiting: None,
            kept_problem: None,
            rebuilt: None,
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
        self.waiting.is_some()
            || self.pending.as_ref().is_some_and(|p| !p.is_finished())
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

    /// Begins the check a screen's open left waiting, if there is one.
    pub fn start(&mut self) {
        if let Some(Job(job)) = self.waiting.take() {
            self.check_in_background(job);
        }
    }

    /// Waits for a walk running on another thread, if there is one (one
    /// still waiting to begin is begun first).
    pub fn settle(&mut self) {
        self.start();
        if let Some(pending) = self.pending.take() {
            match pending.join() {
                Ok(walked) => self.take(walked),
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
        self.check_in_background(move |mut walk| {
            rows.walk(&mut walk);
            Walked::walk(walk)
        });
    }

    /// Hands a check to another thread: `job` walks the chain from `walk`
    /// (and may check a kept board). If no thread can be had, it runs here
    /// and now, so nothing is shown or written unchecked.
    pub fn check_in_background(&mut self, job: impl FnOnce(ChainWalk) -> Walked + Send + 'static) {
        if self.hold_next_check {
            self.hold_next_check = false;
            self.waiting = Some(Job(Box::new(job)));
            return;
        }
        let job = std::sync::Arc::new(std::sync::Mutex::new(Some(job)));
        let given = job.clone();
        let walk = self.walk.clone();
        let from = walk.clone();
        let spawned = std::thread::Builder::new()
            .name("chain walk".into())
            .spawn(move || match given.lock().ok().and_then(|mut j| j.take()) {
                Some(job) => job(walk),
                None => Walked::walk(walk),
            });
        match spawned {
            Ok(handle) => self.pending = Some(handle),
            Err(_) => {
                if let Some(job) = job.lock().ok().and_then(|mut j| j.take()) {
                    let walked = job(from);
                    self.take(walked);
                }
            }
        }
    }

    /// What a finished check found, kept.
    fn take(&mut self, walked: Walked) {
        self.walk = walked.walk;
        if let Some(problem) = walked.kept_problem {
            self.kept_problem.get_or_insert(problem);
            self.rebuilt = walked.rebuilt;
        }
    }

    /// The refusal every write meets while the record cannot be trusted
    /// (after [`Trust::settle`] and [`Trust::settle_tables`]).
    pub fn refusal(&self, path: &std::path::Path) -> Option<crate::StoreError> {
        if let Some(problem) = self.kept_problem.as_ref().or(self.pack_problem.as_ref()) {
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
        if let Some(problem) = &self.kept_problem {
            out.push(format!(
                "{path}: {problem}; the board shown is folded from the log, and nothing can be recorded; run `caseboard verify {path}`"
            ));
        }
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

/// What a background walk found: the chain as walked, and, when the open
/// started from a board kept in the file, whether that board is the log's.
#[derive(Debug)]
pub struct Walked {
    pub walk: ChainWalk,
    pub kept_problem: Option<String>,
    /// The log's own board, when the kept one was not it.
    pub rebuilt: Option<Board>,
}

impl Walked {
    pub fn walk(walk: ChainWalk) -> Walked {
        Walked {
            walk,
            kept_problem: None,
            rebuilt: None,
        }
    }
}

/// A check of the chain (and of a kept board) to run on another thread.
pub struct Job(Box<dyn FnOnce(ChainWalk) -> Walked + Send>);

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}
