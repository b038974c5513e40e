//! Every file caseboard makes (a new session, a backup, an export) is
//! written whole under a temporary name in its destination's folder, made
//! durable, and only then given its name; the folder is made durable after.
//! So a reader, or a crash, finds no file or the whole file, never a part,
//! and a failure leaves nothing behind.

use super::files::{folder_of, remove_dead_temporaries, with_suffix};
use super::StoreError;
use std::path::{Path, PathBuf};

/// How the finished file takes its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placing {
    /// Linked into place, never over an existing file (a new session, a backup).
    New,
    /// Renamed over whatever has the name (an export replacing its last run).
    Replace,
}

/// Writes the file `dest` (in `dir`, its folder as the caller wants it
/// named, else the folder `dest` names) through `write`, which is given the temporary path to make the
/// file at. `marker` names the temporary (`.NAME.marker-PID`), so what a
/// killed process left is recognised and cleared by the next one.
///
/// An error from `write` is returned as it is; failing to make the file
/// durable or to name it is a [`StoreError::Io`] on `dest` (or
/// [`StoreError::Exists`] when a [`Placing::New`] name is taken meanwhile).
pub fn put_in_place<T>(
    dir: Option<&Path>,
    dest: &Path,
    marker: &str,
    placing: Placing,
    write: impl FnOnce(&Path) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let io = |error| StoreError::Io {
        path: dest.to_path_buf(),
        error,
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io(std::io::Error::other("names a folder, not a file")))?;
    let folder;
    let dir = match dir {
        Some(dir) => dir,
        None => {
            folder = folder_of(dest);
            &folder
        }
    };
    remove_dead_temporaries(dir);
    let tmp = dir.join(format!(".{name}.{marker}-{}", std::process::id()));
    remove_with_companions(&tmp);
    let placed = write(&tmp).and_then(|made| {
        // SQLite's `VACUUM INTO` does not fsync, nor does a plain write: the
        // content must be on disk before a name points at it.
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        match placing {
            Placing::New => std::fs::hard_link(&tmp, dest),
            Placing::Replace => std::fs::rename(&tmp, dest),
        }
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => StoreError::Exists(dest.to_path_buf()),
            _ => io(e),
        })?;
        Ok(made)
    });
    remove_with_companions(&tmp);
    sync_dir(dir);
    placed
}

/// Removes a temporary file and anything SQLite may have made beside it.
fn remove_with_companions(tmp: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(tmp, suffix));
    }
}

/// Makes a rename or link in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Whether `a` and `b` name the same existing file (by any path or link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (file_id(a), file_id(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A file's device and inode: one file however it is named.
pub fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Whether writing `out` would replace the session `session`: the same
/// file, or its `-wal` or `-shm`.
pub fn is_session_or_side_file(out: &Path, session: &Path) -> bool {
    ["", "-wal", "-shm"]
        .iter()
        .any(|suffix| same_file(out, &with_suffix(session, suffix)))
}

/// `path` itself, or the file it points to when it is a symbolic link: an
/// output written through a link replaces the file, not the link.
pub fn through_link(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}
