//! Every way a session is written out for people and other programs: the
//! text board and log, the minutes, CSV, JSON and the regional summary.
//!
//! Each exporter renders from a [`Record`] the caller has loaded; nothing
//! here opens a file or talks SQL.

pub mod csv;
pub mod export;
pub mod minutes;
pub mod report;
pub mod summary;

pub use caseboard_core::Record;
