//! Pack parsing and validation: any text, valid or hostile, gives a pack or
//! a list of problems, never a panic.
#![no_main]

use caseboard_tui::app::filter::Filter;
use caseboard_core::validate::parse_pack;
use caseboard_core::Board;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_pack(&text) {
        Ok(pack) => {
            // An accepted pack must fold into a board that can be shown.
            let board = Board::fold(Arc::new(pack), &[]);
            let all = Filter::parse("").visible(&board);
            assert_eq!(all.len(), board.priorities().len());
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a refused pack names a problem");
            for p in &problems {
                // Every problem prints as one line.
                let line = p.to_string();
                assert!(!line.contains('\n'), "a problem spans lines: {line:?}");
            }
        }
    }
});
