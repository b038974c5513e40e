//! What the store says when it cannot do what was asked: one sentence
//! naming the file, as the user should hear it.

use super::*;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}: no such file")]
    NotFound(PathBuf),
    #[error("{0}: already exists; caseboard never overwrites a session (choose another name)")]
    Exists(PathBuf),
    #[error("{0}: the file is empty (0 bytes), not a caseboard session")]
    Empty(PathBuf),
    #[error("{0}: not a caseboard session (it is not an SQLite database)")]
    NotSqlite(PathBuf),
    #[error("{0}: this is a pack, not a session; make a session from it with `caseboard new sessions/NAME.caseboard --pack {0}`")]
    IsAPack(PathBuf),
    #[error("{0}: the file is damaged: {1}")]
    Damaged(PathBuf, String),
    #[error("{0}: cannot be opened ({1}); check the permissions of the file, its -wal and -shm, and its folder")]
    CannotOpen(PathBuf, String),
    #[error("{path}: not a caseboard session (it is an SQLite database of another application, application_id {found:#010x})")]
    Foreign { path: PathBuf, found: i32 },
    #[error("{path}: written by a newer caseboard (session format version {found}; this caseboard reads versions up to {supported}); upgrade caseboard to open it")]
    NewerVersion {
        path: PathBuf,
        found: i32,
        supported: i32,
    },
    #[error("{path}: event {seq} cannot be read ({detail}); run `caseboard verify {path}`")]
    BadEvent {
        path: PathBuf,
        seq: u64,
        detail: String,
    },
    #[error("{path}: the hash chain breaks at event {seq}, so nothing can be recorded here; run `caseboard verify {path}`")]
    BrokenChain { path: PathBuf, seq: u64 },
    #[error("{path}: {problem}, so nothing can be recorded here; run `caseboard verify {path}`")]
    AlteredPack { path: PathBuf, problem: String },
    #[error("{0}: could not be written (the disk may be full, or the file too large for this system); nothing was recorded")]
    CannotWrite(PathBuf),
    #[error("{0}: opened read-only; nothing can be recorded here")]
    ReadOnly(PathBuf),
    #[error("{0}: you may not write this session and no one has it open for writing, so following it live would leave its -wal and -shm owned by you, blocking the note-taker; start `caseboard open` on it first, or read it with `caseboard review`")]
    CannotFollow(PathBuf),
    #[error("{0}: read-only for you (you may not write the file, its folder, or its -wal or -shm); nothing was recorded")]
    NotWritable(PathBuf),
    #[error("{path}: the file has {names} names (hard links), and each name keeps its own -wal, so entries written through one are lost to the others; nothing is recorded through it until it has one name (remove the others, or copy it with `caseboard backup`)")]
    SeveralNames { path: PathBuf, names: u64 },
    #[error("{wal}: damaged ({frames} frame{s} cannot be read), so nothing can be recorded until it is examined; run `caseboard verify {path}`", s = if *frames == 1 { "" } else { "s" })]
    WalDamaged {
        path: PathBuf,
        wal: PathBuf,
        frames: u64,
    },
    #[error("{0}: another process has held the session for writing too long; try again")]
    Busy(PathBuf),
    #[error("{path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// A command that was not recorded.
#[derive(Debug, Error)]
pub enum RecordError {
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An SQLite error as the user should hear it.
pub(super) fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(path.to_path_buf())
        }
        Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure) => {
            StoreError::CannotWrite(path.to_path_buf())
        }
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        },
    }
}
