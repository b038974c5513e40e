//! Building a new session file, and bringing an older one up to date.

use super::*;

/// How every writer's connection is set: WAL, each commit on disk before
/// it returns (`synchronous=FULL`), foreign keys enforced.
pub(super) fn set_for_writing(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")
}

/// Brings an older session file up to [`SCHEMA_VERSION`], one step at a
/// time, all inside one `BEGIN IMMEDIATE`.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        error: source,
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    let version: i32 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    if version >= SCHEMA_VERSION {
        return Ok(());
    }
    for (i, sql) in schema::MIGRATIONS
        .iter()
        .enumerate()
        .skip(version.max(0) as usize)
    {
        tx.execute_batch(sql).map_err(sqlite)?;
        tx.pragma_update(None, "user_version", i as i32 + 1)
            .map_err(sqlite)?;
    }
    tx.commit().map_err(sqlite)
}

pub(super) fn build_session(
    tmp: &Path,
    pack_text: &str,
    pack: &Pack,
    actor: &str,
) -> Result<(), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: tmp.to_path_buf(),
        error: source,
    };
    let mut conn = Connection::open(tmp).map_err(sqlite)?;
    set_for_writing(&conn).map_err(sqlite)?;
    {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        for (i, sql) in schema::MIGRATIONS.iter().enumerate() {
            tx.execute_batch(sql).map_err(sqlite)?;
            tx.pragma_update(None, "user_version", i as i32 + 1)
                .map_err(sqlite)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sqlite)?;
        let sha = chain::sha256_hex(pack_text.as_bytes());
        let now = now_millis();
        insert_pack(&tx, pack_text, &sha, pack, &now_text(now)).map_err(sqlite)?;
        tx.execute_batch(&schema::pack_guards()).map_err(sqlite)?;
        let genesis = Event {
            seq: 1,
            at: now,
            actor: actor.to_string(),
            body: EventBody::SessionCreated {
                pack_sha256: sha.clone(),
                caseboard_version: env!("CARGO_PKG_VERSION").to_string(),
            },
        };
        insert_event(&tx, &genesis, &sha).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
    }
    // Fold the WAL into the main file so the linked file stands alone.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(sqlite)?;
    conn.close().map_err(|(_, e)| sqlite(e))?;
    Ok(())
}

pub(super) fn insert_pack(
    tx: &Connection,
    text: &str,
    sha: &str,
    pack: &Pack,
    now: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO pack (id, json, sha256, imported_at) VALUES (1, ?1, ?2, ?3)",
        params![text, sha, now],
    )?;
    let tables = integrity::pack_tables(pack, now, env!("CARGO_PKG_VERSION"));
    integrity::insert_pack_tables(tx, &tables)
}
