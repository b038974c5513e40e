//! The session's files on disk: finding the real file behind a link,
//! asking whether this user may write it, the private copy one-shot reads
//! take, and the temporaries killed commands leave behind.

use super::{check_header, check_sound, open_read_only, wal, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder a file is in (`.` for a bare name).
pub(super) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// access(2) for writing: asks without opening anything. A trial open would
/// not do: closing any descriptor of a file drops every POSIX lock this
/// process holds on it, SQLite's among them. (It also answers EROFS for a
/// read-only file system.)
pub(super) fn access_write(p: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(p.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // A folder must be searchable as well as writable to create in it.
    let mode = if p.is_dir() {
        libc::W_OK | libc::X_OK
    } else {
        libc::W_OK
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    if unsafe { libc::access(c.as_ptr(), mode) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Whether a file may be created in the session's folder.
pub(super) fn folder_writable(path: &Path) -> bool {
    access_write(&folder_of(path)).is_ok()
}

/// Whether this user may write the session: the file, its folder (where
/// SQLite keeps its `-wal` and `-shm`), and any `-wal` and `-shm` already
/// there. Asked before SQLite opens anything: SQLite would otherwise create
/// side files owned by this user before finding it cannot write, and they
/// would then block the owner.
pub(super) fn may_write(real: &Path) -> bool {
    // A side file that is not there (or vanishes meanwhile, as another
    // writer's -wal may) is no obstacle.
    let side_ok = |p: PathBuf| match access_write(&p) {
        Ok(()) => true,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    };
    access_write(real).is_ok()
        && folder_writable(real)
        && side_ok(wal_path(real))
        && side_ok(with_suffix(real, "-shm"))
}

pub(super) fn wal_path(path: &Path) -> PathBuf {
    with_suffix(path, "-wal")
}

/// `path` with `suffix` added to its whole name (`x.caseboard-wal`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The real file behind `shown`: symbolic links (of the file or of any
/// folder above it) resolved, so SQLite and our own checks look for the
/// `-wal` beside the real file. A hard link has no one real name: when the
/// name given has no `-wal` but another name of the same file in the same
/// folder has one, that is where the live record is.
pub(super) fn resolve(shown: &Path) -> Result<PathBuf, StoreError> {
    let real = match std::fs::canonicalize(shown) {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotFound(shown.to_path_buf()))
        }
        Err(error) => {
            return Err(StoreError::Io {
                path: shown.to_path_buf(),
                error,
            })
        }
    };
    Ok(hard_link_with_wal(&real).unwrap_or(real))
}

pub(super) fn hard_link_with_wal(real: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(real).ok()?;
    if !meta.is_file() || meta.nlink() < 2 || wal_path(real).exists() {
        return None;
    }
    std::fs::read_dir(real.parent()?)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .find(|other| {
            other != real
                && std::fs::symlink_metadata(other)
                    .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
                && std::fs::metadata(wal_path(other)).is_ok_and(|m| m.len() > 0)
        })
}

/// Scans the real file's `-wal` (an absent one is an empty scan).
pub(super) fn scan_wal_file(shown: &Path, real: &Path) -> Result<wal::WalScan, StoreError> {
    match std::fs::read(wal_path(real)) {
        Ok(bytes) => Ok(wal::scan(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(wal::scan(&[])),
        Err(error) => Err(StoreError::Io {
            path: wal_path(shown),
            error,
        }),
    }
}

/// A private copy of a session and its `-wal`, in a folder of its own that
/// goes when this is dropped. SQLite reads it as it would the session, and
/// nothing is created beside the session, whatever its folder allows.
pub(crate) struct Snapshot {
    dir: Option<PathBuf>,
    /// The copy of the session file.
    pub(crate) file: PathBuf,
    /// What the copied `-wal` holds.
    pub(crate) wal: wal::WalScan,
    /// The copied `-wal` (present only when the session had a non-empty one).
    pub(crate) wal_copy: Option<PathBuf>,
}

impl Snapshot {
    /// Hands the folder over to whoever removes it.
    pub(super) fn into_dir(mut self) -> Option<PathBuf> {
        self.dir.take()
    }

    /// A read-only connection to the copy.
    pub(crate) fn connect(&self) -> rusqlite::Result<Connection> {
        open_read_only(&self.file)
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// What a file looked like: length, modification time, and the first 32
/// bytes (the `-wal` header, with its salts).
pub(super) type Look = Option<(u64, std::time::SystemTime, Vec<u8>)>;

pub(super) fn look(path: &Path) -> std::io::Result<Look> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let meta = f.metadata()?;
    let mut head = Vec::with_capacity(32);
    (&mut f).take(32).read_to_end(&mut head)?;
    Ok(Some((meta.len(), meta.modified()?, head)))
}

/// How often a copy is retried while a writer keeps changing the session.
pub(super) const SNAPSHOT_TRIES: u32 = 8;

/// Copies the session `real` (named `shown` in messages) and its `-wal`
/// into a private folder, consistently: the `-wal` first, then the file,
/// and the copy is kept only if neither changed meanwhile (a writer appends
/// to the `-wal`, and only a checkpoint writes the file; a restarted `-wal`
/// has new salts in its header). Otherwise it is taken again.
pub(super) fn snapshot(shown: &Path, real: &Path) -> Result<Snapshot, StoreError> {
    let io = |error| StoreError::Io {
        path: shown.to_path_buf(),
        error,
    };
    let wal = wal_path(real);
    let temp = std::env::temp_dir();
    remove_dead(&temp, true);
    let copy_failed = |e: std::io::Error| {
        io(std::io::Error::new(
            e.kind(),
            format!(
                "a private copy to read cannot be made in {} ({e})",
                temp.display()
            ),
        ))
    };
    let dir = private_dir(&temp).map_err(copy_failed)?;
    let mut copy = Snapshot {
        dir: Some(dir.clone()),
        file: dir.join("session.caseboard"),
        wal: wal::WalScan::default(),
        wal_copy: None,
    };
    for attempt in 0..SNAPSHOT_TRIES {
        let before = (look(real).map_err(io)?, look(&wal).map_err(io)?);
        let wal_bytes = match std::fs::read(&wal) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => {
                return Err(StoreError::Io {
                    path: wal_path(shown),
                    error,
                })
            }
        };
        let copied = std::fs::copy(real, &copy.file);
        let after = (look(real).map_err(io)?, look(&wal).map_err(io)?);
        let steady =
            before == after && after.1.as_ref().map_or(0, |w| w.0) == wal_bytes.len() as u64;
        if !steady {
            std::thread::sleep(Duration::from_millis(2 << attempt));
            continue;
        }
        copied.map_err(|e| {
            if e.kind() == std::io::ErrorKind::PermissionDenied {
                io(e)
            } else {
                copy_failed(e)
            }
        })?;
        set_private(&copy.file).map_err(copy_failed)?;
        if !wal_bytes.is_empty() {
            let wal_copy = wal_path(&copy.file);
            std::fs::write(&wal_copy, &wal_bytes).map_err(copy_failed)?;
            set_private(&wal_copy).map_err(copy_failed)?;
            copy.wal_copy = Some(wal_copy);
        }
        copy.wal = wal::scan(&wal_bytes);
        return Ok(copy);
    }
    Err(StoreError::Busy(shown.to_path_buf()))
}

pub(super) fn set_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

/// A new folder only this user can enter, named for this process so that
/// one left by a killed reader is removed later (see [`remove_dead_temporaries`]).
pub(super) fn private_dir(temp: &Path) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = temp.join(format!(
        ".caseboard-read-{nanos}-{}.tmp-{}",
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::process::id()
    ));
    std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
    Ok(dir)
}

/// The session as a one-shot reader (`verify`, `backup`) sees it: the real
/// file found, its header checked, a private copy taken and found sound.
pub(crate) fn read_snapshot(shown: &Path) -> Result<Snapshot, StoreError> {
    let real = resolve(shown)?;
    check_header(shown)?;
    remove_dead_temporaries(&folder_of(&real));
    let copy = snapshot(shown, &real)?;
    check_sound(shown, &copy.file)?;
    Ok(copy)
}

/// Removes what killed caseboard commands left in `dir`: files named
/// `.NAME.creating-PID`, `.NAME.backup-PID` or `.NAME.tmp-PID` (and their
/// `-wal`, `-shm` and `-journal`), and private reading folders, whose
/// process is no longer running. Nothing else is touched, and nothing of a
/// live process. Best effort: a folder that cannot be listed or written is
/// left as it is.
pub fn remove_dead_temporaries(dir: &Path) {
    remove_dead(dir, false)
}

/// As [`remove_dead_temporaries`]; `only_reading_folders` for a shared
/// temporary folder, where other programs' files may look like ours.
pub(super) fn remove_dead(dir: &Path, only_reading_folders: bool) {
    // Without /proc a live process cannot be told from a dead one.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        if pid == me || Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t)
                if t.is_dir()
                    && name
                        .to_str()
                        .is_some_and(|n| n.starts_with(".caseboard-read-")) =>
            {
                let _ = std::fs::remove_dir_all(&path);
            }
            Ok(t) if t.is_file() && !only_reading_folders => {
                let _ = std::fs::remove_file(&path);
            }
            _ => {}
        }
    }
}

/// The process id in one of our temporary names, if `name` is one.
pub(super) fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let rest = ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|s| rest.strip_suffix(s))
        .unwrap_or(rest);
    [".creating-", ".backup-", ".tmp-"]
        .iter()
        .find_map(|marker| {
            let at = rest.rfind(marker)?;
            let digits = &rest[at + marker.len()..];
            let stem_ok = at > 0;
            (stem_ok && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse().ok())
                .flatten()
        })
        .filter(|&pid: &u32| pid > 0)
}
