//! Text from packs and from typing is shown on terminals and in exports.
//! Everything shown passes through [`display`] or [`display_line`], which
//! neutralise what a terminal would obey rather than print.

/// The mark shown in place of a neutralised character.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether a terminal would obey `c` rather than print it: C0 controls
/// (other than line feed and tab) and DEL, C1 (NEL included), bidi
/// embeddings/overrides/isolates and the Arabic letter mark. Also the two
/// noncharacters XML forbids (U+FFFE, U+FFFF): one of them in the minutes
/// would make the Word document unreadable and the HTML page ill-formed.
pub fn neutralised(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || u == 0xFFFE
        || u == 0xFFFF
        || u == 0x7F
        || (0x80..=0x9F).contains(&u)
        || (0x202A..=0x202E).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0x061C
}

/// The line and paragraph separators (U+2028, U+2029): some terminals and
/// editors break lines at them, so one line could show as two. Shown as a space.
fn separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether JSON output writes `c` as a `\uXXXX` escape: everything
/// [`neutralised`] is, the separators, and the left-to-right and
/// right-to-left marks, so a JSON document printed raw is as inert as text.
pub fn json_escaped(c: char) -> bool {
    neutralised(c) || separator(c) || matches!(c, '\u{200E}' | '\u{200F}')
}

/// Neutralises control characters, escape sequences and bidi overrides,
/// keeping line breaks. Tabs become spaces. An escape sequence loses its ESC,
/// so what is left prints as plain, visible characters.
pub fn display(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\r' => {}
            c if separator(c) => out.push(' '),
            c if neutralised(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// As [`display`], for one line: line breaks become spaces.
pub fn display_line(s: &str) -> String {
    let mut out = display(s);
    if out.contains('\n') {
        out = out.replace('\n', " ");
    }
    out
}

/// As [`display_line`], cut to at most `max` characters with an ellipsis.
/// Long text is cut before it is cleaned, so a 10 MB string costs no more
/// than a short one.
pub fn display_line_cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => display_line(s),
        Some((end, _)) => {
            let mut out = display_line(&s[..end]);
            out.pop();
            out.push('…');
            out
        }
    }
}

/// As [`display_line_cut`], but borrows when nothing needs changing, which
/// is nearly always: drawing a board of hundreds of rows then copies no text.
pub fn clean(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let short = s.len() <= max;
    if short
        && !s
            .chars()
            .any(|c| c == '\n' || c == '\t' || c == '\r' || neutralised(c) || separator(c))
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(display_line_cut(s, max))
    }
}

/// Whether a spreadsheet would run `s` as a formula: its first visible
/// character is `=`, `+`, `-` or `@` (CSV or "formula" injection,
/// `=HYPERLINK(...)`). Every CSV caseboard writes or reads guards such text.
pub fn starts_formula(s: &str) -> bool {
    s.trim_start().starts_with(['=', '+', '-', '@'])
}

/// Cuts `text` to `room` terminal columns, ending with an ellipsis when
/// cut (wide characters count two, combining marks none).
pub fn fit(text: &str, room: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut width = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w > room {
            if room > 0 {
                while width + 1 > room {
                    if let Some(last) = out.pop() {
                        width -= last.width().unwrap_or(0);
                    } else {
                        break;
                    }
                }
                out.push('…');
            }
            return out;
        }
        width += w;
        out.push(c);
    }
    out
}

/// As much of `text` as fits in `room` terminal columns, cut only at a
/// space and ending with an ellipsis when cut: never a word cut short.
/// Spacing is kept as written; just the ellipsis when not even the first
/// word fits.
pub fn fit_words(text: &str, room: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= room {
        return text.to_string();
    }
    // The last space after a word that leaves a column for the ellipsis.
    let mut end = None;
    let mut used = 0;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if c == ' ' && previous != ' ' && used < room {
            end = Some(i);
        }
        used += c.width().unwrap_or(0);
        if used >= room {
            break;
        }
        previous = c;
    }
    match end {
        Some(end) => format!("{}…", &text[..end]),
        None if room > 0 => "…".to_string(),
        None => String::new(),
    }
}

/// `s` followed by spaces to fill `width` terminal columns (as it is when
/// already as wide), for columns that line up.
pub fn pad(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// `value` as pretty JSON with a final line break, every character
/// [`json_escaped`] written as a `\uXXXX` escape. serde_json escapes C0
/// controls but writes DEL, C1, bidi overrides and the separators raw; this
/// keeps a JSON document printed to a terminal as inert as text, still
/// valid, and parsing it back gives exactly the same strings.
pub fn json_pretty(value: &impl serde::Serialize) -> String {
    use std::fmt::Write;
    let mut raw = serde_json::to_string_pretty(value).unwrap_or_default();
    if !raw.chars().any(json_escaped) {
        // Nearly always: no second copy of a large export.
        raw.push('\n');
        return raw;
    }
    let mut out = String::with_capacity(raw.len() + 64);
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

/// An I/O error as words: "no such file or directory", without the
/// "(os error 2)" that means nothing to a reader. Pure: it only reads the
/// error's own text.
pub fn io_error_words(error: &std::io::Error) -> String {
    let full = error.to_string();
    let words = match full.rfind(" (os error ") {
        Some(i) if full.ends_with(')') => &full[..i],
        _ => full.as_str(),
    };
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_is_said_in_words_without_its_number() {
        let said = |text: &str| io_error_words(&std::io::Error::other(text.to_string()));
        assert_eq!(
            said("No space left on device (os error 28)"),
            "no space left on device"
        );
        assert_eq!(said("Is a directory"), "is a directory");
        assert_eq!(said("odd (os error 28) here"), "odd (os error 28) here");
        assert_eq!(said(""), "");
    }

    #[test]
    fn the_noncharacters_xml_forbids_are_shown_as_the_mark() {
        let shown = display_line("a\u{FFFE}b\u{FFFF}c\u{FFFD}d\u{FDD0}e");
        assert_eq!(shown, "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FDD0}e");
        assert_eq!(clean("a\u{FFFF}", usize::MAX), "a\u{FFFD}");
    }

    #[test]
    fn json_escapes_hostile_characters_and_round_trips() {
        let text = "a\u{9b}b\u{9d}c\u{7f}d\u{202e}e\u{2028}f\u{2029}g\u{1b}h\u{200f}i é 漢";
        let out = json_pretty(&serde_json::json!({ "t": text }));
        assert!(!out.chars().any(json_escaped), "{out:?}");
        assert!(out.contains("\\u009b") && out.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["t"], text);
    }

    #[test]
    fn clean_borrows_what_is_already_clean_and_cleans_the_rest() {
        use std::borrow::Cow;
        assert!(matches!(
            clean("NI 39 Alcohol", 40),
            Cow::Borrowed("NI 39 Alcohol")
        ));
        assert!(matches!(clean("café 漢字", 40), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}[2Jb", 40), "a\u{FFFD}[2Jb");
        assert_eq!(clean("two\nlines", 40), "two lines");
        assert_eq!(clean("abcdefgh", 4), "abc…");
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;aGk=\u{7}title";
        let shown = display(hostile);
        assert!(!shown.contains('\u{1b}'));
        assert!(!shown.contains('\u{7}'));
        assert!(shown.ends_with("title"));
    }

    #[test]
    fn bidi_overrides_nul_del_and_c1_are_replaced() {
        let shown = display("a\u{202E}b\u{0}c\u{7f}d\u{9b}e\u{2067}f");
        assert_eq!(shown, "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f");
    }

    #[test]
    fn line_and_paragraph_separators_become_spaces_and_nel_is_replaced() {
        assert_eq!(display("a\u{2028}b\u{2029}c"), "a b c");
        assert_eq!(display_line("a\u{85}b"), "a\u{FFFD}b");
        assert_eq!(clean("a\u{2028}b", 40), "a b");
        assert!(json_escaped('\u{200F}') && json_escaped('\u{2029}') && json_escaped('\u{9d}'));
        assert!(!json_escaped('é') && !json_escaped('\u{5d0}'));
    }

    #[test]
    fn fit_and_pad_count_terminal_columns() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(pad("漢", 4), "漢  ");
        assert_eq!(pad("abcdef", 4), "abcdef");
    }

    #[test]
    fn words_are_never_cut_short() {
        assert_eq!(
            fit_words("alcohol-related harm", 20),
            "alcohol-related harm"
        );
        assert_eq!(fit_words("alcohol-related harm", 19), "alcohol-related…");
        assert_eq!(fit_words("alcohol-related harm", 10), "…");
        assert_eq!(
            fit_words("Chief Superintendent Alan Greaves", 25),
            "Chief Superintendent…"
        );
        assert_eq!(fit_words("    ↓ lower is better", 14), "    ↓ lower…");
        assert_eq!(fit_words("Superintendent", 8), "…");
        assert_eq!(fit_words("Superintendent", 0), "");
        assert_eq!(fit_words("fits", 4), "fits");
        assert_eq!(fit_words("ab 漢字漢字", 5), "ab…");
    }

    #[test]
    fn wide_combining_and_rtl_letters_are_kept() {
        let text = "Ω café e\u{301} 漢字 עברית العربية";
        assert_eq!(display(text), text);
    }

    #[test]
    fn line_variants_fold_breaks_and_cut_long_text() {
        assert_eq!(display_line("a\nb\tc\r"), "a b c");
        let long = "x".repeat(10_000_000);
        let cut = display_line_cut(&long, 20);
        assert_eq!(cut.chars().count(), 20);
        assert!(cut.ends_with('…'));
    }
}
