//! The session file's schema and its migrations.
//!
//! `user_version` is the schema version; `MIGRATIONS[i]` takes a file from
//! version `i` to `i + 1`, inside the caller's `BEGIN IMMEDIATE`.

/// "CSBD": marks a SQLite file as a caseboard session.
pub const APPLICATION_ID: i32 = 0x4353_4244;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Tables that hold the pack as imported: written once at creation, never changed.
pub const PACK_TABLES: [&str; 8] = [
    "meta",
    "pack",
    "themes",
    "attendees",
    "indicators",
    "priorities",
    "priority_indicators",
    "priority_themes",
];

pub const MIGRATIONS: [&str; 1] = [V1];

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The pack exactly as imported; its SHA-256 starts the event log's hash chain.
CREATE TABLE pack (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    json        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE themes (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL
) STRICT;

CREATE TABLE attendees (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    tier         TEXT NOT NULL CHECK (tier IN ('local', 'regional', 'central')),
    role         TEXT
) STRICT;

CREATE TABLE indicators (
    code            TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    unit            TEXT,
    polarity        TEXT,
    lead_department TEXT,
    quality         TEXT,
    baseline_period TEXT,
    baseline_value  REAL,
    target_period   TEXT,
    target_value    REAL,
    source          TEXT,
    spatial_level   TEXT
) STRICT;

CREATE TABLE priorities (
    id                 TEXT PRIMARY KEY,
    position           INTEGER NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('designated', 'statutory')),
    headline_indicator TEXT NOT NULL REFERENCES indicators(code),
    lead               TEXT,
    proposed_by        TEXT REFERENCES attendees(id),
    rationale          TEXT,
    timebox_minutes    INTEGER
) STRICT;

CREATE TABLE priority_indicators (
    priority  TEXT NOT NULL REFERENCES priorities(id),
    indicator TEXT NOT NULL REFERENCES indicators(code),
    position  INTEGER NOT NULL,
    PRIMARY KEY (priority, indicator)
) STRICT;

CREATE TABLE priority_themes (
    priority TEXT NOT NULL REFERENCES priorities(id),
    theme    TEXT NOT NULL REFERENCES themes(id),
    PRIMARY KEY (priority, theme)
) STRICT;

CREATE TABLE pack_objections (
    id          TEXT PRIMARY KEY,
    priority    TEXT NOT NULL REFERENCES priorities(id),
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    raised_by   TEXT REFERENCES attendees(id),
    alternative TEXT REFERENCES indicators(code)
) STRICT;

-- The append-only log. hash = SHA-256(prev_hash, canonical row); the first
-- row's prev_hash is the pack's SHA-256.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    priority  TEXT,
    payload   TEXT NOT NULL CHECK (json_valid(payload)),
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
-- No secondary indexes: each would add a page to every durable commit, and
-- the views below read the log in one ordered pass.

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the caseboard event log is append-only: rows cannot be changed'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the caseboard event log is append-only: rows cannot be deleted'); END;
-- INSERT OR REPLACE deletes without firing DELETE triggers: refuse it here.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'the caseboard event log is append-only: rows cannot be replaced'); END;
CREATE TRIGGER events_in_sequence BEFORE INSERT ON events
WHEN NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
BEGIN SELECT RAISE(ABORT, 'the caseboard event log is append-only: rows must follow the last one'); END;

-- Every objection: those in the pack, and those raised live; status from the log.
CREATE VIEW objections AS
WITH raised AS (
    SELECT id, priority, text, kind, raised_by, alternative, NULL AS raised_seq FROM pack_objections
    UNION ALL
    SELECT json_extract(payload, '$.objection'), priority, json_extract(payload, '$.text'),
           json_extract(payload, '$.kind'), json_extract(payload, '$.raised_by'),
           json_extract(payload, '$.alternative'), seq
    FROM events WHERE kind = 'objection_raised'
),
closed AS (
    SELECT json_extract(payload, '$.objection') AS id, kind, seq,
           json_extract(payload, '$.note') AS note
    FROM events WHERE kind IN ('objection_resolved', 'objection_withdrawn')
)
SELECT r.id, r.priority, r.kind, r.text, r.raised_by, r.alternative, r.raised_seq,
       CASE c.kind WHEN 'objection_resolved' THEN 'resolved'
                   WHEN 'objection_withdrawn' THEN 'withdrawn'
                   ELSE 'open' END AS status,
       c.seq AS closed_seq, c.note AS closing_note
FROM raised r
LEFT JOIN closed c ON c.id = r.id
    AND c.seq = (SELECT MIN(c2.seq) FROM closed c2 WHERE c2.id = r.id);


-- Every decision ever recorded, oldest first; `superseded` = a later one stands.
CREATE VIEW decisions AS
SELECT d.seq,
       d.at,
       d.actor AS recorded_by,
       d.priority,
       p.title,
       p.kind,
       json_extract(d.payload, '$.outcome') AS outcome,
       COALESCE(json_extract(d.payload, '$.local'), 0) AS kept_local,
       json_extract(d.payload, '$.rationale') AS rationale,
       p.headline_indicator AS indicator,
       json_extract(d.payload, '$.target.period') AS target_period,
       json_extract(d.payload, '$.target.value') AS target_value,
       (SELECT group_concat(value, ',') FROM json_each(d.payload, '$.open_objections')) AS open_objections,
       d.seq < d.last_seq AS superseded
FROM (SELECT *, MAX(seq) OVER (PARTITION BY priority) AS last_seq
      FROM events WHERE kind = 'decision_recorded') d
LEFT JOIN priorities p ON p.id = d.priority
ORDER BY d.seq;

-- The board as it stands: one row a priority, in agenda order.
CREATE VIEW board AS
SELECT p.position,
       p.id,
       p.title,
       p.kind,
       p.headline_indicator AS indicator,
       CASE d.outcome
           WHEN 'accept' THEN 'accepted'
           WHEN 'reject' THEN CASE WHEN d.kept_local THEN 'local' ELSE 'rejected' END
           WHEN 'defer' THEN 'deferred'
           ELSE 'undecided'
       END AS status,
       d.target_period,
       d.target_value,
       d.rationale,
       d.at AS decided_at,
       d.recorded_by AS decided_by,
       (SELECT COUNT(*) FROM objections o WHERE o.priority = p.id AND o.status = 'open') AS open_objections
FROM priorities p
LEFT JOIN decisions d ON d.priority = p.id AND d.superseded = 0
ORDER BY p.position;
"#;

/// The guard triggers `verify` expects to find, by name.
pub const GUARD_TRIGGERS: [&str; 4] = [
    "events_no_update",
    "events_no_delete",
    "events_no_replace",
    "events_in_sequence",
];

/// Triggers that freeze the pack tables once written (added after the import).
pub fn pack_guards() -> String {
    let mut sql = String::new();
    for t in PACK_TABLES.iter().chain(["pack_objections"].iter()) {
        for op in ["UPDATE", "DELETE"] {
            sql.push_str(&format!(
                "CREATE TRIGGER {t}_no_{o} BEFORE {op} ON {t} BEGIN SELECT RAISE(ABORT, 'the imported pack cannot be changed'); END;\n",
                o = op.to_lowercase()
            ));
        }
        sql.push_str(&format!(
            "CREATE TRIGGER {t}_no_insert BEFORE INSERT ON {t} BEGIN SELECT RAISE(ABORT, 'the imported pack cannot be changed'); END;\n"
        ));
    }
    sql
}
