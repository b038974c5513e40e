//! The two things every open and `verify` both check, each written once:
//! the event log's hash chain, walked row by row as the log is read
//! (here), and the pack's tables, rebuilt from the chained pack JSON and
//! compared ([`pack_tables`]). What an open found is kept in [`Trust`].

mod pack_tables;
mod trust;

pub use pack_tables::{compare_pack_tables, insert_pack_tables, pack_tables, pack_tables_problem};
pub use trust::{Trust, Walked};

use super::chain;
use rusqlite::types::ValueRef;

/// Where the chain first fails, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: u64,
    pub problem: String,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the hash chain breaks at event {}: {}",
            self.seq, self.problem
        )
    }
}

/// One row of the log as stored, borrowed from SQLite: the columns its
/// hash covers, its link to the row before and its own hash.
pub struct Row<'a> {
    pub columns: chain::RowColumns<'a>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// The chain as far as it has been walked: every row up to `walked` links
/// to the one before it (the first to the pack's SHA-256) and recomputes to
/// its own hash. Rows are fed in `seq` order; each is checked once, so a
/// live view extends the walk with the rows it polls, never re-walking.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    walked: u64,
    walked_hash: String,
    broken: Option<ChainBreak>,
}

impl ChainWalk {
    /// A walk from the start: `anchor` is the SHA-256 of the pack JSON as
    /// stored (recomputed, not the stored digest, so an edited pack breaks
    /// the first link).
    pub fn new(anchor: String) -> ChainWalk {
        ChainWalk {
            walked: 0,
            walked_hash: anchor,
            broken: None,
        }
    }

    /// The last event known to be intact.
    pub fn walked(&self) -> u64 {
        self.walked
    }

    /// The hash of the last intact event (the pack's SHA-256 before any).
    pub fn head_hash(&self) -> &str {
        &self.walked_hash
    }

    pub fn broken(&self) -> Option<&ChainBreak> {
        self.broken.as_ref()
    }

    /// Whether the walk needs this row's text columns (rows already walked
    /// need only their number, and the last of them its hash).
    pub fn needs(&self, seq: u64) -> bool {
        self.broken.is_none() && seq >= self.walked
    }

    fn fail(&mut self, seq: u64, problem: String) {
        if self.broken.is_none() {
            self.broken = Some(ChainBreak { seq, problem });
        }
    }

    /// Marks the chain broken at a row that cannot even be read.
    pub fn unreadable(&mut self, seq: u64, detail: &str) {
        self.fail(seq, format!("it cannot be read ({detail})"));
    }

    /// Checks the next row read.
    pub fn step(&mut self, row: &Row) {
        self.check(row.columns.seq, row.prev_hash, row.hash, || {
            chain::row_digest(row.prev_hash, &row.columns)
        });
    }

    /// Checks a row by its number, its link, its stored hash and (only when
    /// needed) the digest its content gives.
    fn check(&mut self, seq: u64, prev_hash: &str, hash: &str, digest: impl FnOnce() -> [u8; 32]) {
        if self.broken.is_some() {
            return;
        }
        if seq <= self.walked {
            if seq == self.walked && hash != self.walked_hash {
                self.fail(
                    seq,
                    "it changed after it was read: the log is being altered".into(),
                );
            }
            return;
        }
        let expected = self.walked + 1;
        if seq != expected {
            self.fail(
                expected,
                format!("expected event {expected} next but found {seq}: events were deleted"),
            );
        } else if prev_hash != self.walked_hash {
            self.fail(seq, "its link to the previous event is broken: an event before it was changed, deleted or inserted".into());
        } else if !chain::digest_is(&digest(), hash) {
            self.fail(
                seq,
                "its content no longer matches its hash: the row was altered".into(),
            );
        } else {
            self.walked = seq;
            self.walked_hash.clear();
            self.walked_hash.push_str(hash);
        }
    }
}

/// Rows read but not yet walked: their columns copied end to end (a
/// copy is cheap; forming and hashing the canonical rows is the walk's whole
/// cost), so the walk can run on another thread while the first frame is
/// drawn.
#[derive(Debug, Default)]
pub struct Deferred {
    bytes: Vec<u8>,
    rows: Vec<DeferredRow>,
}

type Span = std::ops::Range<usize>;

#[derive(Debug)]
struct DeferredRow {
    seq: u64,
    /// at, actor, kind, priority (if any), payload, prev_hash, hash.
    columns: [Span; 7],
    has_priority: bool,
}

impl Deferred {
    pub fn push(&mut self, row: &Row) {
        let mut put = |text: &str| {
            let start = self.bytes.len();
            self.bytes.extend_from_slice(text.as_bytes());
            start..self.bytes.len()
        };
        let hashed = &row.columns;
        let columns = [
            put(hashed.at),
            put(hashed.actor),
            put(hashed.kind),
            put(hashed.priority.unwrap_or_default()),
            put(hashed.payload),
            put(row.prev_hash),
            put(row.hash),
        ];
        self.rows.push(DeferredRow {
            seq: hashed.seq,
            columns,
            has_priority: hashed.priority.is_some(),
        });
    }

    /// Adds the rows of `later`, read after these.
    pub fn append(&mut self, later: Deferred) {
        let shift = self.bytes.len();
        self.bytes.extend_from_slice(&later.bytes);
        self.rows.extend(later.rows.into_iter().map(|mut row| {
            for span in &mut row.columns {
                *span = span.start + shift..span.end + shift;
            }
            row
        }));
    }

    /// Walks the rows, in the order they were read.
    pub fn walk(self, walk: &mut ChainWalk) {
        self.for_each(|row| walk.step(row));
    }

    /// Hands each row to `each`, in the order they were read.
    pub fn for_each(&self, mut each: impl FnMut(&Row)) {
        // Each span was copied from a `&str`: it is UTF-8.
        let text = |r: &Span| {
            std::str::from_utf8(self.bytes.get(r.clone()).unwrap_or_default()).unwrap_or_default()
        };
        for row in &self.rows {
            let [at, actor, kind, priority, payload, prev_hash, hash] = &row.columns;
            each(&Row {
                columns: chain::RowColumns {
                    seq: row.seq,
                    at: text(at),
                    actor: text(actor),
                    kind: text(kind),
                    priority: row.has_priority.then(|| text(priority)),
                    payload: text(payload),
                },
                prev_hash: text(prev_hash),
                hash: text(hash),
            });
        }
    }
}

/// A text column as UTF-8, or what is wrong with it.
pub fn text<'a>(value: ValueRef<'a>, column: &str) -> Result<&'a str, String> {
    match value {
        ValueRef::Text(bytes) => {
            std::str::from_utf8(bytes).map_err(|_| format!("its {column} is not valid UTF-8 text"))
        }
        ValueRef::Null => Err(format!("its {column} is missing")),
        _ => Err(format!("its {column} is not text")),
    }
}

/// As [`text`], for a column that may be NULL.
pub fn optional_text<'a>(value: ValueRef<'a>, column: &str) -> Result<Option<&'a str>, String> {
    match value {
        ValueRef::Null => Ok(None),
        other => text(other, column).map(Some),
    }
}

impl ChainWalk {
    /// Extends the walk with a row this process has just appended to it.
    pub fn extend(&mut self, seq: u64, hash: String) {
        if self.broken.is_none() && seq == self.walked + 1 {
            self.walked = seq;
            self.walked_hash = hash;
        }
    }
}
