//! Why a store opened for writing refuses every write, and what a reader
//! is told of a damaged `-wal`.

use super::*;

/// Why a store opened for writing refuses every write.
#[derive(Debug, Clone)]
pub(super) enum WriteBlock {
    /// The user may not write the file, its folder, or its side files.
    NotWritable,
    /// The file has other names (hard links): SQLite keys the `-wal` by
    /// name, so writers through different names would each keep their own.
    SeveralNames { names: u64 },
    /// The `-wal` holds frames that look committed but cannot be read.
    WalDamaged { frames: u64 },
}

impl WriteBlock {
    pub(super) fn error(&self, path: &Path) -> StoreError {
        match self {
            WriteBlock::NotWritable => StoreError::NotWritable(path.to_path_buf()),
            WriteBlock::SeveralNames { names } => StoreError::SeveralNames {
                path: path.to_path_buf(),
                names: *names,
            },
            WriteBlock::WalDamaged { frames } => StoreError::WalDamaged {
                path: path.to_path_buf(),
                wal: wal_path(path),
                frames: *frames,
            },
        }
    }
}

/// The `-wal`'s length and modification time, if it exists.
pub(super) fn wal_look(real: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(wal_path(real)).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// What `verify` says of a damaged `-wal`.
pub(super) fn wal_finding(path: &Path, scan: &wal::WalScan) -> String {
    let frames = scan.unreadable_frames;
    let header = if scan.header_valid {
        format!(
            "SQLite reads its first {} frame{} and drops the rest",
            scan.last_commit_frame,
            if scan.last_commit_frame == 1 { "" } else { "s" }
        )
    } else {
        "its header is damaged, so SQLite reads none of it".to_string()
    };
    format!(
        "{} is damaged: {frames} {} committed cannot be read ({header}); the entries shown here stop before them; no write is allowed and the -wal is left as it is; `caseboard backup` keeps a copy of it for recovery",
        wal_path(path).display(),
        if frames == 1 { "frame that looks" } else { "frames that look" },
    )
}

/// The one-line warning a reader gets for a damaged `-wal`.
pub(super) fn wal_notice(path: &Path, frames: u64) -> String {
    format!(
        "{}: damaged: {frames} frame{} cannot be read, so what is shown may lack the newest entries; run `caseboard verify {}`",
        wal_path(path).display(),
        if frames == 1 { "" } else { "s" },
        path.display()
    )
}
