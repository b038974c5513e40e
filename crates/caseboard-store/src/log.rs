//! The event log's rows: read with the hash chain walked as they go by,
//! and appended with their link.

use super::*;

pub(super) enum ReadError {
    Sqlite(rusqlite::Error),
    Store(StoreError),
}

/// Every event after `after`, oldest first, walking the hash chain on as
/// the rows go by: rows the walk has not yet checked are read too (from the
/// last one it checked), so every event returned has been through it.
pub(super) fn read_events(
    conn: &Connection,
    path: &Path,
    after: u64,
    walk: &mut integrity::ChainWalk,
    deferred: Option<&mut integrity::Deferred>,
) -> Result<Vec<Event>, ReadError> {
    let mut events = Vec::new();
    read_events_into(conn, path, after, u64::MAX, walk, deferred, |e| {
        events.push(e)
    })?;
    Ok(events)
}

/// As [`read_events`] up to event `upto`, handing each event to `take`
/// as it is read (an open that folds as it reads keeps no list of them).
/// Rows handed to `deferred` are walked elsewhere, so none before `after`
/// is read for the walk.
pub(super) fn read_events_into(
    conn: &Connection,
    path: &Path,
    after: u64,
    upto: u64,
    walk: &mut integrity::ChainWalk,
    mut deferred: Option<&mut integrity::Deferred>,
    mut take: impl FnMut(Event),
) -> Result<(), ReadError> {
    let from = if deferred.is_some() {
        after
    } else {
        after.min(walk.walked())
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, at, actor, kind, priority, payload, prev_hash, hash FROM events WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
        )
        .map_err(ReadError::Sqlite)?;
    let upto = i64::try_from(upto).unwrap_or(i64::MAX);
    let mut rows = stmt.query(params![from, upto]).map_err(ReadError::Sqlite)?;
    while let Some(row) = rows.next().map_err(ReadError::Sqlite)? {
        let seq: u64 = row.get(0).map_err(ReadError::Sqlite)?;
        let wanted = seq > after;
        if !wanted && !walk.needs(seq) {
            continue;
        }
        let row = stored_row(row, path)?;
        match deferred.as_deref_mut() {
            Some(rows) => rows.push(&row),
            None => walk.step(&row),
        }
        if !wanted {
            continue;
        }
        take(event_of(&row.columns, path).map_err(ReadError::Store)?);
    }
    Ok(())
}

/// One row of the events table (every column, in table order) as stored,
/// or which of its columns cannot be read.
pub(crate) fn stored_row<'r>(
    row: &'r rusqlite::Row<'_>,
    path: &Path,
) -> Result<integrity::Row<'r>, ReadError> {
    let seq: u64 = row.get(0).map_err(ReadError::Sqlite)?;
    let bad = |detail: String| {
        ReadError::Store(StoreError::BadEvent {
            path: path.to_path_buf(),
            seq,
            detail,
        })
    };
    let column = |i: usize| row.get_ref(i).map_err(ReadError::Sqlite);
    Ok(integrity::Row {
        columns: chain::RowColumns {
            seq,
            at: integrity::text(column(1)?, "time").map_err(bad)?,
            actor: integrity::text(column(2)?, "actor").map_err(bad)?,
            kind: integrity::text(column(3)?, "kind").map_err(bad)?,
            priority: integrity::optional_text(column(4)?, "priority").map_err(bad)?,
            payload: integrity::text(column(5)?, "payload").map_err(bad)?,
        },
        prev_hash: integrity::text(column(6)?, "link to the previous event").map_err(bad)?,
        hash: integrity::text(column(7)?, "hash").map_err(bad)?,
    })
}

/// The event a row holds, or why this caseboard cannot read it.
pub(crate) fn event_of(row: &chain::RowColumns, path: &Path) -> Result<Event, StoreError> {
    let bad = |detail: String| StoreError::BadEvent {
        path: path.to_path_buf(),
        seq: row.seq,
        detail,
    };
    let at = DateTime::parse_from_rfc3339(row.at)
        .map_err(|e| {
            bad(format!(
                "its time \"{}\" is not a UTC timestamp: {e}",
                row.at
            ))
        })?
        .with_timezone(&Utc);
    let body = EventBody::from_text(row.kind, row.payload).map_err(|e| {
        bad(format!(
            "a \"{}\" event this caseboard cannot read: {e}",
            row.kind
        ))
    })?;
    Ok(Event {
        seq: row.seq,
        at,
        actor: row.actor.to_string(),
        body,
    })
}

pub(super) fn insert_event(
    conn: &Connection,
    event: &Event,
    prev_hash: &str,
) -> rusqlite::Result<String> {
    let at = now_text(event.at);
    let kind = event.body.kind();
    let priority = event.body.priority();
    let payload = event.body.payload().to_string();
    let hash = chain::row_hash(
        prev_hash,
        &chain::RowColumns {
            seq: event.seq,
            at: &at,
            actor: &event.actor,
            kind,
            priority,
            payload: &payload,
        },
    );
    conn.prepare_cached(
        "INSERT INTO events (seq, at, actor, kind, priority, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![event.seq, at, event.actor, kind, priority, payload, prev_hash, hash])?;
    Ok(hash)
}
