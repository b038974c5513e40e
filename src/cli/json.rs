//! JSON as every command writes it: pretty, and inert on a terminal.
//!
//! serde_json escapes C0 controls but writes DEL, C1 controls, bidi
//! overrides and the line and paragraph separators raw, so `export --format
//! json` printed to a terminal could drive it. Here every such character is
//! written as a `\uXXXX` escape: still valid JSON, and parsing it back gives
//! exactly the same strings.

use crate::domain::text::json_escaped;
use std::fmt::Write;

/// `value` as pretty JSON with a final line break, every character a
/// terminal would obey escaped.
pub fn pretty(value: &impl serde::Serialize) -> String {
    let raw = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(raw.len() + 1);
    // Outside strings serde_json writes only ASCII punctuation, digits,
    // letters and spaces, so every character escaped here is inside a string.
    for c in raw.chars() {
        if json_escaped(c) {
            // All of them are in the Basic Multilingual Plane: one escape each.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_are_escaped_and_round_trip() {
        let text = "a\u{9b}b\u{9d}c\u{7f}d\u{202e}e\u{2028}f\u{2029}g\u{1b}h\u{200f}i é 漢";
        let out = pretty(&serde_json::json!({ "t": text }));
        assert!(!out.chars().any(json_escaped), "{out:?}");
        assert!(out.contains("\\u009b") && out.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["t"], text);
    }
}
