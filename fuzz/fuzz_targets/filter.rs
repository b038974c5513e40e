//! The board filter typed after `/`: any query parses and matches against
//! every priority of the demo board without a panic, and what it shows is
//! exactly the priorities it matches, in agenda order.
#![no_main]

use caseboard_tui::app::filter::Filter;
use caseboard_core::validate::parse_pack;
use caseboard_core::Board;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

const DEMO: &str = include_str!("../../assets/packs/demo.json");

fn board() -> &'static Board {
    static BOARD: OnceLock<Board> = OnceLock::new();
    BOARD.get_or_init(|| {
        let pack = parse_pack(DEMO).expect("the demo pack is valid");
        Board::fold(Arc::new(pack), &[])
    })
}

fuzz_target!(|data: &[u8]| {
    let board = board();
    let text = String::from_utf8_lossy(data);
    let filter = Filter::parse(&text);
    let matching: Vec<usize> = board
        .priorities()
        .iter()
        .enumerate()
        .filter(|(_, p)| filter.matches(board, p))
        .map(|(i, _)| i)
        .collect();
    let visible = filter.visible(board);
    if filter.is_empty() {
        assert_eq!(visible.len(), board.priorities().len());
    } else {
        assert_eq!(visible, matching);
    }
});
