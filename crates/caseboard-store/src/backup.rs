//! `caseboard backup`: a clean, self-contained single-file copy of a
//! session, safe while the session is open and being written elsewhere.
//!
//! Copying the main file alone would lose whatever sits in its `-wal`, so
//! the session and its `-wal` are first copied privately (consistently, and
//! without creating anything beside the session, so a read-only folder
//! works), and SQLite's `VACUUM INTO` reads that copy as one snapshot and
//! writes a fresh, compact file. A damaged `-wal` is never folded away: the
//! backup holds what is valid, and the `-wal` itself is kept beside it,
//! byte for byte, as `OUT.wal-as-found`. That file is written under a temporary name in the
//! destination's folder, made durable (`VACUUM INTO` does not fsync),
//! checked, and only then linked into place under its final name, never
//! over an existing file. On any failure nothing is left behind.

use super::{
    check_header, check_sound, open_read_only, put_in_place, read_snapshot, same_file, sync_dir,
    with_suffix, Placing, Snapshot, StoreError,
};
use rusqlite::OptionalExtension;
use std::path::{Path, PathBuf};

/// What a backup copied: the copy's own figures, read back from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// Where the copy is.
    pub path: PathBuf,
    /// Events in the copy's log.
    pub events: u64,
    /// The hash of the copy's last event: the source's head when it was copied.
    pub head_hash: String,
    /// The copy's size on disk.
    pub bytes: u64,
    /// Where the session's damaged `-wal` was copied, untouched, for
    /// recovery (`OUT.wal-as-found`); `None` when the `-wal` was sound.
    pub wal_as_found: Option<PathBuf>,
    /// Frames of that `-wal` that look committed but cannot be read: the
    /// backup lacks whatever they hold.
    pub unreadable_frames: u64,
}

/// Copies the session `source` to `out`, which must not exist. `source` is
/// checked as every open checks it (a sound caseboard session), so a
/// damaged or foreign file is refused before anything is written.
pub fn backup(source: &Path, out: &Path) -> Result<Backup, StoreError> {
    super::check_output(out)?;
    let snapshot = read_snapshot(source)?;
    let out_io = |error: std::io::Error| StoreError::Io {
        path: out.to_path_buf(),
        error,
    };
    if same_file(source, out) {
        return Err(out_io(std::io::Error::other(
            "is the session being backed up; choose another name for the backup",
        )));
    }
    // `symlink_metadata`: a dangling link under that name still counts.
    if std::fs::symlink_metadata(out).is_ok() {
        return Err(StoreError::Exists(out.to_path_buf()));
    }
    let dir = super::files::folder_of(out);
    // Absolute, so `VACUUM INTO` never reads the name as a `file:` URI.
    let dir = std::fs::canonicalize(&dir).map_err(|e| {
        let problem = if e.kind() == std::io::ErrorKind::NotFound {
            format!("the folder {} does not exist", dir.display())
        } else {
            format!("the folder {} cannot be used ({e})", dir.display())
        };
        out_io(std::io::Error::new(e.kind(), problem))
    })?;
    let made = put_in_place(Some(&dir), out, "backup", Placing::New, |tmp| {
        let (events, head_hash) = copy_into(&snapshot, source, out, tmp)?;
        let bytes = std::fs::metadata(tmp).map(|m| m.len()).map_err(out_io)?;
        Ok(Backup {
            path: out.to_path_buf(),
            events,
            head_hash,
            bytes,
            wal_as_found: None,
            unreadable_frames: snapshot.wal.unreadable_frames,
        })
    });
    let mut made = made?;
    if snapshot.wal.is_damaged() {
        made.wal_as_found = Some(keep_wal_aside(&snapshot, source, out)?);
        sync_dir(&dir);
    }
    Ok(made)
}

/// Copies the damaged `-wal` as it was found to `OUT.wal-as-found` (a new
/// file, never over another), so whatever its unreadable frames hold can
/// still be recovered by hand.
fn keep_wal_aside(snapshot: &Snapshot, source: &Path, out: &Path) -> Result<PathBuf, StoreError> {
    use std::io::Write;
    let aside = with_suffix(out, ".wal-as-found");
    let failed = |e: std::io::Error| StoreError::Io {
        path: aside.clone(),
        error: std::io::Error::new(
            e.kind(),
            format!(
                "the backup {} was made, but the damaged -wal could not be kept here ({e})",
                out.display()
            ),
        ),
    };
    let bytes = match &snapshot.wal_copy {
        Some(p) => std::fs::read(p).map_err(failed)?,
        None => Vec::new(),
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&aside)
        .map_err(failed)?;
    let written = f
        .write_all(&bytes)
        .and_then(|_| f.sync_all())
        .and_then(|_| match std::fs::metadata(source) {
            Ok(meta) => std::fs::set_permissions(&aside, meta.permissions()),
            Err(_) => Ok(()),
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&aside);
        return Err(failed(e));
    }
    Ok(aside)
}

/// `VACUUM INTO` the temporary file, make it durable, and check it: sound,
/// marked as ours, a version we know. Returns the copy's event count and head.
fn copy_into(
    snapshot: &Snapshot,
    source: &Path,
    out: &Path,
    tmp: &Path,
) -> Result<(u64, String), StoreError> {
    let src_sqlite = |error| StoreError::Sqlite {
        path: source.to_path_buf(),
        error,
    };
    let out_io = |error: std::io::Error| StoreError::Io {
        path: out.to_path_buf(),
        error,
    };
    let tmp_text = tmp.to_str().ok_or_else(|| {
        out_io(std::io::Error::other(
            "the folder's name is not UTF-8, which SQLite cannot write to",
        ))
    })?;
    let conn = snapshot.connect().map_err(src_sqlite)?;
    conn.execute("VACUUM INTO ?1", [tmp_text])
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy(source.to_path_buf())
            }
            // Only the copy is written (the source is a private copy, read):
            // a full disk or a file-size limit is the destination's.
            Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => {
                out_io(std::io::Error::other(format!(
                    "could not be written: no space left in {} (or the file is too large for this system); no backup was made",
                    tmp.parent().unwrap_or(tmp).display()
                )))
            }
            Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => {
                out_io(std::io::Error::other(format!(
                    "the copy cannot be written in {} ({e})",
                    tmp.parent().unwrap_or(tmp).display()
                )))
            }
            _ => src_sqlite(e),
        })?;
    drop(conn);

    // The copy is as private as the session: SQLite creates it with the
    // default mode, which may be wider than the session's own.
    if let Ok(meta) = std::fs::metadata(source) {
        std::fs::set_permissions(tmp, meta.permissions()).map_err(out_io)?;
    }

    let failed = |e: StoreError| {
        StoreError::Damaged(
            out.to_path_buf(),
            format!("the copy failed its check, so it was not kept: {e}"),
        )
    };
    check_header(tmp).map_err(failed)?;
    check_sound(tmp, tmp).map_err(failed)?;
    let copy = open_read_only(tmp).map_err(|error| {
        failed(StoreError::Sqlite {
            path: tmp.to_path_buf(),
            error,
        })
    })?;
    let head = copy
        .query_row(
            "SELECT (SELECT count(*) FROM events), (SELECT hash FROM events ORDER BY seq DESC LIMIT 1), (SELECT sha256 FROM pack WHERE id = 1)",
            [],
            |r| {
                Ok((
                    r.get::<_, u64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()
        .map_err(|error| {
            failed(StoreError::Sqlite {
                path: tmp.to_path_buf(),
                error,
            })
        })?;
    match head {
        Some((events, Some(hash), _)) => Ok((events, hash)),
        // No event yet: the head is the pack's hash, as `Store::head_hash` says.
        Some((events, None, Some(pack))) => Ok((events, pack)),
        _ => Err(failed(StoreError::Damaged(
            tmp.to_path_buf(),
            "the copy holds no pack".into(),
        ))),
    }
}
