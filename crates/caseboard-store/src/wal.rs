//! Reads an SQLite `-wal` file by hand, as SQLite documents it ("WAL file
//! format"), without SQLite: which frames SQLite would read, and whether
//! frames that look committed lie beyond them.
//!
//! SQLite stops reading a `-wal` at the first frame whose checksum fails and
//! treats everything after it as never committed; the next writer's
//! checkpoint then deletes the file. For a record that is a silent loss of
//! acknowledged entries, so every open scans the `-wal` first and refuses to
//! let it be touched when this scan says it is damaged.
//!
//! Layout: a 32-byte header (magic, version, page size, checkpoint sequence,
//! two salts, two checksums), then frames of a 24-byte header (page number,
//! database size after commit or 0, the two salts, two cumulative checksums)
//! and one page each.

/// The header's magic number; its low bit says the checksums read their
/// 32-bit words big-endian.
const MAGIC: u32 = 0x377f_0682;
/// The only WAL format version there is.
const VERSION: u32 = 3_007_000;
const HEADER: usize = 32;
const FRAME_HEADER: usize = 24;

/// What a scan of a `-wal` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalScan {
    /// The file's length in bytes.
    pub len: u64,
    /// The header is intact (magic, version, page size and its checksum).
    pub header_valid: bool,
    /// The page size the header gives (0 when the header cannot be read).
    pub page_size: u32,
    /// The header's salts: frames of this generation of the `-wal` carry them.
    pub salts: (u32, u32),
    /// Frames that SQLite reads: an unbroken run from the first, each with
    /// this generation's salts and a checksum that follows from the last.
    pub valid_frames: u64,
    /// The last valid frame that ends a transaction (1-based; 0: none), so
    /// what SQLite shows.
    pub last_commit_frame: u64,
    /// Frames past the last valid commit frame that SQLite cannot read
    /// although they look committed (this generation's salts): damage. Left
    /// over frames of an earlier generation (other salts), frames of a
    /// transaction that never committed, and a frame cut short at the end
    /// of the file (a writer killed while writing) are not counted.
    pub unreadable_frames: u64,
}

impl WalScan {
    /// Whether the `-wal` holds frames that look committed but cannot be read.
    pub fn is_damaged(&self) -> bool {
        self.unreadable_frames > 0
    }
}

/// Scans the bytes of a `-wal`. Pure; never panics, whatever the bytes.
pub fn scan(wal: &[u8]) -> WalScan {
    let mut out = WalScan {
        len: wal.len() as u64,
        ..WalScan::default()
    };
    if wal.len() < HEADER {
        // Nothing past a header: nothing that could be lost.
        return out;
    }
    let word = |at: usize| -> u32 {
        wal.get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .unwrap_or(0)
    };
    let magic = word(0);
    let big_endian = magic & 1 == 1;
    let page_size = word(8);
    let plausible_page = page_size.is_power_of_two() && (512..=65_536).contains(&page_size);
    out.page_size = if plausible_page { page_size } else { 0 };
    out.salts = (word(16), word(20));
    let header_sum = checksum(big_endian, (0, 0), &wal[..24]);
    out.header_valid = magic & !1 == MAGIC
        && word(4) == VERSION
        && plausible_page
        && header_sum == (word(24), word(28));
    if !out.header_valid {
        // SQLite ignores the whole file; anything past the header is lost.
        if wal.len() > HEADER {
            let frames = if plausible_page {
                (wal.len() - HEADER) / (FRAME_HEADER + page_size as usize)
            } else {
                0
            };
            out.unreadable_frames = frames.max(1) as u64;
        }
        return out;
    }
    let frame_len = FRAME_HEADER + page_size as usize;
    let mut sum = header_sum;
    let mut intact = true;
    let mut last_looking_committed = 0u64;
    let mut index = 0u64;
    let mut at = HEADER;
    while let Some(frame) = wal.get(at..at + frame_len) {
        index += 1;
        at += frame_len;
        let field =
            |i: usize| u32::from_be_bytes([frame[i], frame[i + 1], frame[i + 2], frame[i + 3]]);
        let (page, commit, salt1, salt2) = (field(0), field(4), field(8), field(12));
        if intact {
            let next = checksum(
                big_endian,
                checksum(big_endian, sum, &frame[..8]),
                &frame[FRAME_HEADER..],
            );
            if page != 0 && (salt1, salt2) == out.salts && next == (field(16), field(20)) {
                sum = next;
                out.valid_frames = index;
                if commit != 0 {
                    out.last_commit_frame = index;
                }
                continue;
            }
            intact = false;
        }
        // Past the break: a frame of this generation (one salt may itself be
        // the damaged bytes) that ends a transaction was acknowledged.
        let ours = salt1 == out.salts.0 || salt2 == out.salts.1;
        if ours && commit != 0 {
            last_looking_committed = index;
        }
    }
    out.unreadable_frames = last_looking_committed.saturating_sub(out.last_commit_frame);
    out
}

/// SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from `from`.
fn checksum(big_endian: bool, from: (u32, u32), data: &[u8]) -> (u32, u32) {
    let (mut s0, mut s1) = from;
    for pair in data.chunks_exact(8) {
        let read = |b: &[u8]| {
            let b = [b[0], b[1], b[2], b[3]];
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s0 = s0.wrapping_add(read(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(read(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_empty_files_are_not_damage() {
        assert!(!scan(&[]).is_damaged());
        assert!(!scan(&[0u8; 31]).is_damaged());
        assert!(!scan(&[0u8; 32]).is_damaged());
        assert!(scan(&[0u8; 33]).is_damaged());
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        for n in 0..2000 {
            let mut bytes = vec![0u8; n % 700];
            for b in &mut bytes {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *b = seed as u8;
            }
            if bytes.len() >= 12 {
                bytes[0..4].copy_from_slice(&0x377f_0683u32.to_be_bytes());
                bytes[4..8].copy_from_slice(&VERSION.to_be_bytes());
                bytes[8..12].copy_from_slice(&512u32.to_be_bytes());
            }
            let _ = scan(&bytes);
        }
    }
}
