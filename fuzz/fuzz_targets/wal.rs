//! The `-wal` reader: any bytes give a scan (how many frames are valid,
//! where the damage starts), never a panic. It reads the bytes only; nothing
//! is opened.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = caseboard_store::wal::scan(data);
});
