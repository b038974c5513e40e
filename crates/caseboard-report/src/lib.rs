//! Every way a session is written out for people and other programs: the
//! text board and log, the minutes, CSV, JSON and the regional summary.
//!
//! The exports (JSON, minutes, CSV) write as they read: from a [`Source`],
//! which gives the board folded from the whole log first and then the log
//! itself one event at a time, so a session of any length is written
//! holding the board and one event. The regional summary renders from a
//! [`Record`] the caller has loaded. Nothing here opens a file or talks SQL.

pub mod csv;
pub mod export;
pub mod minutes;
pub mod report;
pub mod summary;
pub mod targets;

pub use caseboard_core::Record;
use caseboard_core::{Board, Event};

/// One event's link in the hash chain, as stored.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Link<'a> {
    pub seq: u64,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// A record as an export reads it: what is known once the whole log has
/// been folded (the board, the chain's head), then the log read again in
/// order, one entry at a time. Every pass must read the same log.
pub trait Source {
    /// A failure to read the log or to write the output; a write failure
    /// (an [`std::io::Error`] from the writer) stops the pass.
    type Error: From<std::io::Error>;

    /// The board folded from every event.
    fn board(&self) -> &Board;
    /// The hash of the newest event ("" or the pack's SHA-256 for an empty log).
    fn head_hash(&self) -> &str;
    /// The SHA-256 of the pack text the session was created from.
    fn pack_sha256(&self) -> &str;
    /// The session file's name (no folder), as shown in minutes.
    fn file(&self) -> &str;

    /// Each event's link in the hash chain, oldest first.
    fn each_link(
        &self,
        each: &mut dyn FnMut(Link<'_>) -> Result<(), Self::Error>,
    ) -> Result<(), Self::Error>;

    /// Every event, oldest first.
    fn each_event(
        &self,
        each: &mut dyn FnMut(&Event) -> Result<(), Self::Error>,
    ) -> Result<(), Self::Error>;

    /// Every event of `kind` (as [`caseboard_core::EventBody::kind`] names
    /// it), oldest first: a source may skip reading the others.
    fn each_event_of(
        &self,
        kind: &str,
        each: &mut dyn FnMut(&Event) -> Result<(), Self::Error>,
    ) -> Result<(), Self::Error> {
        self.each_event(&mut |e| match e.body.kind() == kind {
            true => each(e),
            false => Ok(()),
        })
    }
}

/// A record already in memory is a source too: its chain, when it was read
/// with it, gives the links (none otherwise).
impl Source for Record {
    type Error = std::io::Error;

    fn board(&self) -> &Board {
        &self.board
    }

    fn head_hash(&self) -> &str {
        &self.head_hash
    }

    fn pack_sha256(&self) -> &str {
        &self.pack_sha256
    }

    fn file(&self) -> &str {
        &self.file
    }

    fn each_link(
        &self,
        each: &mut dyn FnMut(Link<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        for l in self.chain.iter().flatten() {
            each(Link {
                seq: l.seq,
                prev_hash: &l.prev_hash,
                hash: &l.hash,
            })?;
        }
        Ok(())
    }

    fn each_event(
        &self,
        each: &mut dyn FnMut(&Event) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.events.iter().try_for_each(each)
    }
}
