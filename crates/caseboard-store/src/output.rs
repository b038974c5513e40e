//! What an output (`export -o OUT`, `backup FILE OUT`) may be: a regular
//! file, or a name not yet taken. Never a folder, device, FIFO or socket,
//! which writing "atomically" (a new file renamed over the name) would
//! silently replace, and never a name a session's side files use.

use super::StoreError;
use std::path::Path;

/// The endings of the files SQLite keeps beside a session. Writing one,
/// even where none exists yet, could be taken for (or replace) a session's
/// live log, so such names are refused whatever session they belong to.
const SIDE_FILE_ENDINGS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Refuses an output that is not a regular file or a new name, in one
/// sentence naming it. A symbolic link is judged by what it points to.
/// Called before anything is opened or written.
pub fn check_output(path: &Path) -> Result<(), StoreError> {
    let refuse = |problem: String| {
        Err(StoreError::Io {
            path: path.to_path_buf(),
            error: std::io::Error::other(problem),
        })
    };
    let side_name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy())
            .is_some_and(|n| SIDE_FILE_ENDINGS.iter().any(|end| n.ends_with(end)))
    };
    let target = std::fs::canonicalize(path).ok();
    if side_name(path) || target.as_deref().is_some_and(side_name) {
        return refuse(
            "is named like a session's -wal, -shm or -journal file, which caseboard never writes; choose another name"
                .into(),
        );
    }
    // `metadata` follows links: a link to a regular file is fine, a link to
    // a device is not. A name that does not exist yet will be created.
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_file() {
        return Ok(());
    }
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    };
    refuse(format!(
        "is {what}; caseboard writes only regular files (give a file name)"
    ))
}

/// As [`check_output`], for an output that replaces an existing file
/// (`export -o`): a caseboard session is never one of them.
pub fn check_replaceable(path: &Path) -> Result<(), StoreError> {
    check_output(path)?;
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) && super::check_header(path).is_ok() {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            error: std::io::Error::other(
                "is a caseboard session, which an export never replaces; choose another name",
            ),
        });
    }
    Ok(())
}
