//! What caseboard's tests and benchmarks share, so each fixture exists once:
//! small packs and sessions on disk ([`fixtures`]), large generated ones
//! ([`synthetic`]), the demo app and check-then-apply ([`app`]), the byte
//! counting terminal ([`sink`]), the binary in tmux ([`tmux`]) or on a pseudo-terminal ([`pty`]), the benches' [`bench::median`], a strict [`csv`] reader, and the demo
//! pack. A dev-dependency only: nothing here
//! ships in the binary.

pub mod app;
pub mod bench;
pub mod clients;
pub mod csv;
pub mod fixtures;
pub mod pty;
pub mod sink;
pub mod synthetic;
pub mod tmux;
pub mod vt;

/// The demo pack the binary embeds (the same file).
pub const DEMO_PACK: &str = include_str!("../../../assets/packs/demo.json");
