//! A whole session as one consistent read: what every exporter renders from.

use crate::{Board, Event};

/// The events, the board folded from them and the chain's head, all from
/// one read (the caller's store guarantees no event beyond `events` existed
/// when `head_hash` was taken), with the file's name as people see it.
#[derive(Debug, Clone)]
pub struct Record {
    /// The session file's name (no folder), as shown in minutes.
    pub file: String,
    pub events: Vec<Event>,
    pub board: Board,
    /// The hash of the newest event ("" for an empty log).
    pub head_hash: String,
    /// The SHA-256 of the pack text the session was created from.
    pub pack_sha256: String,
    /// Each event's link in the hash chain, oldest first, when the caller
    /// asked for them (the JSON export carries them; the rest do not).
    pub chain: Option<Vec<ChainLink>>,
}

/// One event's link: `hash` = SHA-256 of `prev_hash` and the event's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
}
