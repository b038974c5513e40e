//! Packs as workbooks: any bytes as an xlsx, xls, xlsb or ods file give a
//! pack or a list of problems (each naming its cell on one line), never a
//! panic.
#![no_main]

use caseboard_core::sheets::pack_from_sheets;
use caseboard_workbook::read_sheets_from_bytes;
use libfuzzer_sys::fuzz_target;

/// libFuzzer's panic hook aborts on any panic. A panic inside calamine
/// (its unchecked arithmetic on what a file says, which a release build
/// wraps) is caught by the reader and refused in words, so it is let
/// through to that catch; a panic anywhere else still aborts.
fn let_calamine_panics_reach_the_reader() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let libfuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|at| at.file().contains("/calamine-"));
            if !in_calamine {
                libfuzzer(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_calamine_panics_reach_the_reader();
    let Ok(grids) = read_sheets_from_bytes(data) else {
        return;
    };
    if let Err(problems) = pack_from_sheets(&grids) {
        assert!(!problems.is_empty(), "a refused workbook names a problem");
        for p in &problems {
            let line = p.to_string();
            assert!(!line.contains('\n'), "a problem spans lines: {line:?}");
        }
    }
});
