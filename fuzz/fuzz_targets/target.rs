//! Target parsing (`PERIOD=VALUE`, typed in the decision form and given to
//! `decide --target`): an answer for any text, never a panic.
#![no_main]

use caseboard_core::parse_target;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_target(&text) {
        Ok(target) => {
            assert!(!target.period.trim().is_empty(), "a target has a period");
            assert!(target.value.is_finite(), "a target is a finite number");
        }
        Err(message) => assert!(!message.is_empty()),
    }
});
