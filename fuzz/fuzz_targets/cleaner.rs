//! The text cleaner every output goes through. Properties, for any text:
//! - `display` leaves no control character but the line feed, no DEL, no
//!   C1, no bidi embedding, override or isolate, and never more line breaks
//!   than the text had;
//! - `display_line` (and its cut and borrowing forms) leaves none of those,
//!   no line feed either, and no line break of any kind;
//! - the cut forms stay within the length asked for.
#![no_main]

use caseboard_core::text::{clean, display, display_line, display_line_cut};
use libfuzzer_sys::fuzz_target;

/// The cleaner neutralises U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
/// SEPARATOR, which some terminals and most text views treat as line breaks.
const LINE_SEPARATORS_NEUTRALISED: bool = true;

fn forbidden_everywhere(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n')
        || u == 0x7F
        || (0x80..=0x9F).contains(&u)
        || (0x202A..=0x202E).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0x061C
        || (LINE_SEPARATORS_NEUTRALISED && (u == 0x2028 || u == 0x2029))
}

/// Anything a terminal or a viewer may start a new line at.
fn line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn breaks(s: &str) -> usize {
    s.chars().filter(|&c| line_break(c)).count()
}

fn check_one_line(what: &str, input: &str, out: &str) {
    if let Some(c) = out.chars().find(|&c| c == '\n' || forbidden_everywhere(c)) {
        panic!("{what} let U+{:04X} through for {input:?}", c as u32);
    }
    if !LINE_SEPARATORS_NEUTRALISED {
        // Until the separators are neutralised, they at least never appear
        // where the text had none.
        assert!(breaks(out) <= breaks(input), "{what} added a line break");
    } else {
        assert_eq!(breaks(out), 0, "{what} kept a line break for {input:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let (max, rest) = match data.split_first() {
        Some((&m, rest)) => (usize::from(m), rest),
        None => (0, data),
    };
    let input = String::from_utf8_lossy(rest);

    let shown = display(&input);
    if let Some(c) = shown.chars().find(|&c| forbidden_everywhere(c)) {
        panic!("display let U+{:04X} through for {input:?}", c as u32);
    }
    assert!(
        breaks(&shown) <= breaks(&input),
        "display grew the line count for {input:?}"
    );

    check_one_line("display_line", &input, &display_line(&input));

    let cut = display_line_cut(&input, max);
    check_one_line("display_line_cut", &input, &cut);
    // A cut of width 0 still shows its ellipsis.
    assert!(
        cut.chars().count() <= max.max(1),
        "display_line_cut overran {max}"
    );

    let cleaned = clean(&input, max);
    check_one_line("clean", &input, &cleaned);
    assert!(cleaned.chars().count() <= max.max(1), "clean overran {max}");
});
