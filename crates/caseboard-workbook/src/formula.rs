//! CSV files written for a pack are opened in spreadsheets, which run a
//! cell that starts with `=`, `+`, `-` or `@` as a formula (CSV or
//! "formula" injection: `=HYPERLINK(...)`). Such text is written with a
//! leading `'`, which spreadsheets show as text, as the exports' CSV does.
//! To keep the round trip exact, text that already starts with `'` before
//! one of those (or before another `'`) gets one too, and reading takes
//! exactly one off whatever it guards.

use caseboard_core::text::starts_formula;

/// Whether `s` is written with a leading `'`.
pub(crate) fn guarded(s: &str) -> bool {
    starts_formula(s)
        || s.strip_prefix('\'')
            .is_some_and(|rest| starts_formula(rest) || rest.starts_with('\''))
}

/// `s` as it was before [`guarded`] text was given its `'`.
pub(crate) fn unguarded(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if guarded(rest) || rest.starts_with('\'') => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_spreadsheet_would_run_is_guarded_and_comes_back_exactly() {
        for (text, written) in [
            ("=1+1", "'=1+1"),
            ("  +44 1234", "'  +44 1234"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("'=already quoted", "''=already quoted"),
            ("''", "'''"),
            ("'", "'"),
            ("'plain", "'plain"),
            ("plain", "plain"),
            ("a = b", "a = b"),
        ] {
            let out = if guarded(text) {
                format!("'{text}")
            } else {
                text.to_string()
            };
            assert_eq!(out, written, "{text}");
            assert_eq!(unguarded(&out), text, "{text}");
        }
    }
}
