//! caseboard: run a Local Area Agreement case conference from the terminal,
//! with every decision durably on the record.
//!
//! This package is the binary and its command line; the layers are crates of
//! their own, so an arrow the wrong way does not compile:
//! [`caseboard_core`] (the pure domain) ← [`caseboard_store`] (the only
//! SQLite code) and [`caseboard_report`] (every exporter) ← [`caseboard_tui`]
//! (app, ui, runtime) ← here.

pub mod cli;
