//! Packs as workbooks: any bytes as an xlsx, xls, xlsb or ods file give a
//! pack or a list of problems (each naming its cell on one line), never a
//! panic.
#![no_main]

use caseboard_core::sheets::pack_from_sheets;
use caseboard_workbook::read_sheets_from_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
