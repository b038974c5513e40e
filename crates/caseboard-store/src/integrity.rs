//! The two things every open and `verify` both check, each written once:
//! the event log's hash chain, walked row by row as the log is read, and the
//! pack's tables, rebuilt from the chained pack JSON and compared.

use super::chain;
use caseboard_core::pack::{ObjectionKind, Polarity, Rationale};
use caseboard_core::Pack;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql};
use std::borrow::Cow;
use std::collections::HashMap;

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

/// One row of the log as stored, borrowed from SQLite.
pub struct Row<'a> {
    pub seq: u64,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub priority: Option<&'a str>,
    pub payload: &'a str,
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
        self.check(row.seq, row.prev_hash, row.hash, || {
            chain::row_digest(
                row.prev_hash,
                row.seq,
                row.at,
                row.actor,
                row.kind,
                row.priority,
                row.payload,
            )
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
        let columns = [
            put(row.at),
            put(row.actor),
            put(row.kind),
            put(row.priority.unwrap_or_default()),
            put(row.payload),
            put(row.prev_hash),
            put(row.hash),
        ];
        self.rows.push(DeferredRow {
            seq: row.seq,
            columns,
            has_priority: row.priority.is_some(),
        });
    }

    /// Walks the rows, in the order they were read.
    pub fn walk(self, walk: &mut ChainWalk) {
        // Each span was copied from a `&str`: it is UTF-8.
        let text = |r: &Span| {
            std::str::from_utf8(self.bytes.get(r.clone()).unwrap_or_default()).unwrap_or_default()
        };
        for row in &self.rows {
            let [at, actor, kind, priority, payload, prev_hash, hash] = &row.columns;
            walk.step(&Row {
                seq: row.seq,
                at: text(at),
                actor: text(actor),
                kind: text(kind),
                priority: row.has_priority.then(|| text(priority)),
                payload: text(payload),
                prev_hash: text(prev_hash),
                hash: text(hash),
            });
        }
    }
}

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

/// One column of a pack table's row, borrowed from the pack where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(r) => ValueRef::Real(*r),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

impl Value<'_> {
    /// Whether SQLite holds exactly this (type and value).
    fn is_stored_as(&self, stored: ValueRef) -> bool {
        match (self, stored) {
            (Value::Null, ValueRef::Null) => true,
            (Value::Integer(a), ValueRef::Integer(b)) => *a == b,
            (Value::Real(a), ValueRef::Real(b)) => *a == b,
            (Value::Text(a), ValueRef::Text(b)) => a.as_bytes() == b,
            _ => false,
        }
    }

    fn key(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

/// A table derived from the pack: its columns (the first `key` of them, one
/// or two texts, name a row) and the rows the pack gives it, in the order
/// they are written.
pub struct PackTable<'a> {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub key: usize,
    pub rows: Vec<Vec<Value<'a>>>,
}

fn text_value(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

fn optional(s: Option<&str>) -> Value<'_> {
    s.map(text_value).unwrap_or(Value::Null)
}

/// Every row the pack's tables hold, derived from the pack: the one rule
/// for what a session's creation writes and what every check expects.
/// `created_at` and `caseboard_version` are the creation's (the first
/// event's time and version, which the chain covers).
pub fn pack_tables<'a>(
    pack: &'a Pack,
    created_at: &'a str,
    caseboard_version: &'a str,
) -> Vec<PackTable<'a>> {
    let meta = vec![
        vec![
            text_value("caseboard_version"),
            text_value(caseboard_version),
        ],
        vec![text_value("created_at"), text_value(created_at)],
        vec![
            text_value("conference_title"),
            text_value(&pack.conference.title),
        ],
        vec![
            text_value("designated_cap"),
            Value::Text(Cow::Owned(pack.designated_cap().to_string())),
        ],
    ];
    let themes = pack
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                text_value(&t.id),
                Value::Integer(i as i64),
                text_value(&t.name),
            ]
        })
        .collect();
    let attendees = pack
        .attendees
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                text_value(&a.id),
                Value::Integer(i as i64),
                text_value(&a.name),
                text_value(&a.organisation),
                text_value(a.tier.as_str()),
                optional(a.role.as_deref()),
            ]
        })
        .collect();
    let real = |v: Option<f64>| v.map(Value::Real).unwrap_or(Value::Null);
    let indicators = pack
        .indicators
        .iter()
        .map(|ind| {
            vec![
                text_value(&ind.code),
                text_value(&ind.title),
                optional(ind.unit.as_deref()),
                optional(ind.polarity.map(|p| match p {
                    Polarity::HigherIsBetter => "higher_is_better",
                    Polarity::LowerIsBetter => "lower_is_better",
                })),
                optional(ind.lead_department.as_deref()),
                optional(ind.quality.map(|q| q.as_str())),
                optional(ind.baseline.as_ref().map(|b| b.period.as_str())),
                real(ind.baseline.as_ref().map(|b| b.value)),
                optional(ind.proposed_target.as_ref().map(|b| b.period.as_str())),
                real(ind.proposed_target.as_ref().map(|b| b.value)),
                optional(ind.source.as_deref()),
                optional(ind.spatial_level.as_deref()),
            ]
        })
        .collect();
    let mut priorities = Vec::with_capacity(pack.priorities.len());
    let mut priority_indicators = Vec::new();
    let mut priority_themes = Vec::new();
    for (i, p) in pack.priorities.iter().enumerate() {
        priorities.push(vec![
            text_value(&p.id),
            Value::Integer(i as i64 + 1),
            text_value(&p.title),
            text_value(p.kind.as_str()),
            optional(p.indicators.first().map(String::as_str)),
            optional(p.lead.as_deref()),
            optional(p.proposed_by.as_deref()),
            optional(p.rationale.map(|r| match r {
                Rationale::PoorPerformance => "poor_performance",
                Rationale::Aspiration => "aspiration",
                Rationale::Affordability => "affordability",
            })),
            p.timebox_minutes
                .map(|m| Value::Integer(i64::from(m)))
                .unwrap_or(Value::Null),
        ]);
        for (j, code) in p.indicators.iter().enumerate() {
            priority_indicators.push(vec![
                text_value(&p.id),
                text_value(code),
                Value::Integer(j as i64),
            ]);
        }
        for theme in &p.themes {
            priority_themes.push(vec![text_value(&p.id), text_value(theme)]);
        }
    }
    let objections = pack
        .objections
        .iter()
        .map(|o| {
            vec![
                text_value(&o.id),
                text_value(&o.priority),
                text_value(&o.text),
                text_value(o.kind.unwrap_or(ObjectionKind::Other).as_str()),
                optional(o.raised_by.as_deref()),
                optional(o.alternative.as_deref()),
            ]
        })
        .collect();
    // In the order the foreign keys need them written.
    vec![
        PackTable {
            name: "meta",
            columns: &["key", "value"],
            key: 1,
            rows: meta,
        },
        PackTable {
            name: "themes",
            columns: &["id", "position", "name"],
            key: 1,
            rows: themes,
        },
        PackTable {
            name: "attendees",
            columns: &["id", "position", "name", "organisation", "tier", "role"],
            key: 1,
            rows: attendees,
        },
        PackTable {
            name: "indicators",
            columns: &[
                "code",
                "title",
                "unit",
                "polarity",
                "lead_department",
                "quality",
                "baseline_period",
                "baseline_value",
                "target_period",
                "target_value",
                "source",
                "spatial_level",
            ],
            key: 1,
            rows: indicators,
        },
        PackTable {
            name: "priorities",
            columns: &[
                "id",
                "position",
                "title",
                "kind",
                "headline_indicator",
                "lead",
                "proposed_by",
                "rationale",
                "timebox_minutes",
            ],
            key: 1,
            rows: priorities,
        },
        PackTable {
            name: "priority_indicators",
            columns: &["priority", "indicator", "position"],
            key: 2,
            rows: priority_indicators,
        },
        PackTable {
            name: "priority_themes",
            columns: &["priority", "theme"],
            key: 2,
            rows: priority_themes,
        },
        PackTable {
            name: "pack_objections",
            columns: &["id", "priority", "text", "kind", "raised_by", "alternative"],
            key: 1,
            rows: objections,
        },
    ]
}

/// Writes the pack's tables (at a session's creation).
pub fn insert_pack_tables(conn: &Connection, tables: &[PackTable]) -> rusqlite::Result<()> {
    for table in tables {
        let placeholders = (1..=table.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = conn.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            table.name,
            table.columns.join(", ")
        ))?;
        for row in &table.rows {
            insert.execute(rusqlite::params_from_iter(row.iter()))?;
        }
    }
    Ok(())
}

/// Compares each table derived from the pack with what `pack` gives it and
/// returns the first difference of each table that has one, as
/// "the priorities table differs from the chained pack at P07: title".
/// Rows are streamed and compared in place: every open makes this check.
pub fn compare_pack_tables(conn: &Connection, pack: &Pack) -> rusqlite::Result<Vec<String>> {
    // The creation's time and version, from the first event (the chain
    // covers it); a log without one leaves them unmatched, and `verify`
    // reports the missing event.
    let genesis: Option<(String, String)> = conn
        .query_row(
            "SELECT at, json_extract(payload, '$.caseboard_version') FROM events WHERE seq = 1",
            [],
            |r| {
                let text = |i| -> rusqlite::Result<String> {
                    Ok(r.get_ref(i)?
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_default())
                };
                Ok((text(0)?, text(1)?))
            },
        )
        .optional()?;
    let (created_at, version) = genesis.unwrap_or_default();
    let mut differences = Vec::new();
    for table in pack_tables(pack, &created_at, &version) {
        if let Some(d) = compare_table(conn, &table)? {
            differences.push(format!(
                "the {} table differs from the chained pack at {d}",
                table.name
            ));
        }
    }
    Ok(differences)
}

/// The first difference in one table, as "ID: column" (or what is wrong
/// with the row).
fn compare_table(conn: &Connection, table: &PackTable) -> rusqlite::Result<Option<String>> {
    let key_of = |row: &[Value]| -> (String, String) {
        let second = if table.key > 1 { row[1].key() } else { "" };
        (row[0].key().to_string(), second.to_string())
    };
    let mut index: HashMap<(&str, &str), usize> = HashMap::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let second = if table.key > 1 { row[1].key() } else { "" };
        index.insert((row[0].key(), second), i);
    }
    let mut seen = vec![false; table.rows.len()];
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {}",
        table.columns.join(", "),
        table.name
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                _ => None,
            })
        };
        let name = |first: &str, second: &str| {
            if table.key > 1 {
                format!("{first}/{second}")
            } else {
                first.to_string()
            }
        };
        let first = text(0)?;
        let second = if table.key > 1 { text(1)? } else { Some("") };
        let (Some(first), Some(second)) = (first, second) else {
            return Ok(Some(
                "a row whose name is not text: a row the pack does not have".into(),
            ));
        };
        let Some(&i) = index.get(&(first, second)) else {
            return Ok(Some(format!(
                "{}: a row the pack does not have",
                name(first, second)
            )));
        };
        seen[i] = true;
        let expected = &table.rows[i];
        for (c, want) in expected.iter().enumerate() {
            if !want.is_stored_as(r.get_ref(c)?) {
                return Ok(Some(format!(
                    "{}: {}",
                    name(first, second),
                    table.columns[c]
                )));
            }
        }
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        let (first, second) = key_of(&table.rows[i]);
        let name = if table.key > 1 {
            format!("{first}/{second}")
        } else {
            first
        };
        return Ok(Some(format!("{name}: the row is missing")));
    }
    Ok(None)
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

impl Trust {
    /// What an open checks of the pack: at once, whether the pack JSON still
    /// matches its SHA-256 (every open: about 2 ms on the large session);
    /// then, if `tables`, on another thread with its own read-only
    /// connection so the log's load need not wait, whether its tables match
    /// the pack (about 10 ms of work there). Only a writer asks for the
    /// latter: caseboard's own reads show the pack from its JSON, never from
    /// those tables, and `verify` always compares them. The walk starts
    /// from the JSON's recomputed digest.
    pub fn check_pack(
        path: &std::path::Path,
        json: &str,
        stored_sha256: &str,
        pack: std::sync::Arc<Pack>,
        tables: bool,
    ) -> Trust {
        let anchor = chain::sha256_hex(json.as_bytes());
        let mut trust = Trust {
            walk: ChainWalk::new(anchor.clone()),
            pack_problem: None,
            defer_first_walk: false,
            pending: None,
            tables: None,
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
                let conn = super::open_read_only(&path).ok()?;
                let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
                match compare_pack_tables(&conn, &pack) {
                    Ok(differences) => differences.into_iter().next(),
                    Err(e) => Some(format!("the pack's tables cannot be read ({e})")),
                }
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
    /// the next read walks from the start itself.
    pub fn walk_in_background(&mut self, rows: Deferred) {
        let mut walk = self.walk.clone();
        let spawned = std::thread::Builder::new()
            .name("chain walk".into())
            .spawn(move || {
                rows.walk(&mut walk);
                walk
            });
        if let Ok(handle) = spawned {
            self.pending = Some(handle);
        }
    }

    /// The refusal every write meets while the record cannot be trusted
    /// (after [`Trust::settle`] and [`Trust::settle_tables`]).
    pub fn refusal(&self, path: &std::path::Path) -> Option<super::StoreError> {
        if let Some(problem) = &self.pack_problem {
            return Some(super::StoreError::AlteredPack {
                path: path.to_path_buf(),
                problem: problem.clone(),
            });
        }
        self.walk.broken().map(|b| super::StoreError::BrokenChain {
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
