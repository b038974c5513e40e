//! The checks every open makes before SQLite is trusted with a file: the
//! header read directly (ours, a version we know), then `quick_check`.

use super::*;
use caseboard_core::sheets::{FIRST_SHEET, WORKBOOK_EXTENSIONS};

/// SQLite's check results as one line: rows joined, line breaks and the
/// `*** in database main ***` banner dropped.
pub(super) fn one_line(rows: &[String]) -> String {
    rows.iter()
        .map(|r| {
            r.replace("*** in database main ***", "")
                .replace('\n', " ")
                .trim()
                .to_string()
        })
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A read-only connection to a file nobody else writes (a private copy, a
/// backup's temporary file). Never `immutable`: that would ignore a `-wal`.
pub(super) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // A writer's commit holds the file for a moment: wait, do not fail.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Reads the 100-byte SQLite header directly, without SQLite: the file is
/// SQLite, carries our `application_id`, and has a `user_version` we know.
/// Nothing is opened, so nothing can be created or changed.
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
    let io = |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound(path.to_path_buf()))
        }
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        // A pack kept as CSV files, one per sheet.
        if path.join(format!("{FIRST_SHEET}.csv")).is_file() {
            return Err(StoreError::IsAPack(path.to_path_buf()));
        }
        return Err(io(std::io::Error::other("is a folder, not a session file")));
    }
    if meta.len() == 0 {
        return Err(StoreError::Empty(path.to_path_buf()));
    }
    let mut header = [0u8; 100];
    let read = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut n = 0;
        while n < header.len() {
            match f.read(&mut header[n..]).map_err(io)? {
                0 => break,
                k => n += k,
            }
        }
        n
    };
    if read < 16 || &header[..16] != b"SQLite format 3\0" {
        // A pack given where a session was wanted: say what to do with it.
        let text = &header[..read];
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        let json = text
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{');
        // A workbook: a zip (xlsx, xlsb, ods) or an OLE file (xls) named as one.
        let spreadsheet = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            WORKBOOK_EXTENSIONS
                .iter()
                .any(|w| e.eq_ignore_ascii_case(w))
        });
        let workbook = spreadsheet
            && (text.starts_with(b"PK\x03\x04")
                || text.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
        if json || workbook {
            return Err(StoreError::IsAPack(path.to_path_buf()));
        }
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    if read < 100 {
        return Err(StoreError::Damaged(
            path.to_path_buf(),
            "the file is cut short inside its header".into(),
        ));
    }
    let field = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (version, app_id) = (field(60), field(68));
    if app_id != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(StoreError::Damaged(
            path.to_path_buf(),
            "it carries caseboard's mark but no schema".into(),
        ));
    }
    Ok(())
}

/// SQLite's `quick_check` of the file `at` (the session, or a private
/// copy of it), reported under the session's name `path`.
pub(super) fn check_sound(path: &Path, at: &Path) -> Result<(), StoreError> {
    let conn = open_read_only(at).map_err(|error| StoreError::Sqlite {
        path: path.to_path_buf(),
        error,
    })?;
    let damaged = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotSqlite(path.to_path_buf()),
        Some(
            rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::PermissionDenied
            | rusqlite::ErrorCode::ReadOnly,
        ) => StoreError::CannotOpen(path.to_path_buf(), e.to_string()),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        // SQLite's shared-memory index could not be made (a full disk, a
        // file-size limit): nothing is wrong with the file.
        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => {
            StoreError::CannotWrite(path.to_path_buf())
        }
        _ => StoreError::Damaged(path.to_path_buf(), e.to_string()),
    };
    let mut stmt = conn.prepare("PRAGMA quick_check(5)").map_err(damaged)?;
    let findings: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(damaged)?
        .collect::<Result<_, _>>()
        .map_err(damaged)?;
    if findings.first().map(String::as_str) != Some("ok") {
        return Err(StoreError::Damaged(
            path.to_path_buf(),
            format!("quick_check reports: {}", one_line(&findings)),
        ));
    }
    Ok(())
}

/// What is wrong with the triggers that guard the log and the pack against
/// edits: each missing or defanged one, in words. Asked on every open (one
/// read of the schema) and by `verify`: without them a later edit would not
/// be refused, so the record is no longer protected.
pub(super) fn guard_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let pack_guards = super::schema::pack_guards();
    let expected = super::schema::GUARD_TRIGGERS.iter().copied().chain(
        pack_guards
            .lines()
            .filter_map(|l| l.split_whitespace().nth(2)),
    );
    let mut problems = Vec::new();
    for name in expected {
        match triggers.iter().find(|(n, _)| n == name) {
            None => problems.push(format!(
                "the guard trigger {name} is missing: the log or pack is no longer protected against edits"
            )),
            Some((_, sql)) if !sql.contains("RAISE(ABORT") => {
                problems.push(format!("the guard trigger {name} has been altered"))
            }
            Some(_) => {}
        }
    }
    Ok(problems)
}
