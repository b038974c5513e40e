//! The board kept in a session file, read back from any bytes: refused in
//! words or read as a board that can be shown and folded on, never a panic.
//! A board that reads keeps the same bytes again (one board, one form).
#![no_main]

use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Pack};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

const DEMO: &str = include_str!("../../assets/packs/demo.json");

fn pack() -> &'static Arc<Pack> {
    static PACK: OnceLock<Arc<Pack>> = OnceLock::new();
    PACK.get_or_init(|| Arc::new(parse_pack(DEMO).expect("the demo pack is valid")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(board) = Board::from_kept(pack().clone(), data) else {
        return;
    };
    // What the screens ask of a board, for every row.
    for p in board.priorities() {
        let _ = board.objections_for(&p.id).count();
        let _ = board.priority(&p.id).map(|p| p.status.word());
    }
    let _ = board.current();
    let _ = board.next_objection_id();
    let again = board.kept();
    assert_eq!(again, data, "a board read back keeps the same bytes");
});
