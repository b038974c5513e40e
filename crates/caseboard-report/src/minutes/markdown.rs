//! Safe Markdown: every piece of text that came from the pack or from
//! typing goes through [`md`] (or [`md_lines`]), and the small pieces the
//! minutes are built from (cells, tables, figures, times).

use caseboard_core::text::{clean, display};
use std::fmt::Write;

/// One line of untrusted text, safe inside a Markdown paragraph, list item,
/// heading or table cell: neutralised with [`caseboard_core::text::display_line`], trimmed, with
/// Markdown's inline punctuation backslash-escaped (`\` `` ` `` `*` `_` `[`
/// `]` `<` `>` `|` `#` `~`, and `&` where it could start an entity such as
/// `&#x202E;`), and a leading block marker (`-`, `+`, `=`, `1.`) escaped.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_md(&mut out, s);
    out
}

/// As [`md`], appending to `out`. Text with nothing to neutralise or escape
/// (nearly all of it) is copied as it is.
pub fn push_md(out: &mut String, s: &str) {
    let clean = clean(s, usize::MAX);
    let text = clean.trim();
    let special = |b: u8| {
        matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'#' | b'~' | b'&'
        )
    };
    let leading = matches!(
        text.as_bytes().first(),
        Some(b'-' | b'+' | b'=' | b'0'..=b'9')
    );
    if !leading && !text.bytes().any(special) {
        out.push_str(text);
        return;
    }
    // A leading `-`, `+` or `=` could start a list, a rule or a heading
    // underline; `1.` or `1)` an ordered list.
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    let ordered =
        (1..=9).contains(&digits) && matches!(text[digits..].chars().next(), Some('.') | Some(')'));
    if matches!(text.chars().next(), Some('-' | '+' | '=')) {
        out.push('\\');
    }
    let mut chars = text.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if matches!(chars.peek(), Some(n) if *n == '#' || n.is_ascii_alphanumeric()) => {
                out.push_str("\\&");
            }
            '.' | ')' if ordered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        i += 1;
    }
}

/// As [`push_md`], or a dash for nothing.
pub(super) fn push_cell(out: &mut String, s: &str) {
    let before = out.len();
    push_md(out, s);
    if out.len() == before {
        out.push('—');
    }
}

/// Untrusted text that may hold line breaks, inside a list item whose
/// continuation lines are indented by `indent` spaces: each line as [`md`],
/// blank lines dropped, joined by Markdown hard breaks.
pub fn md_lines(s: &str, indent: usize) -> String {
    let joint = format!("\\\n{}", " ".repeat(indent));
    display(s)
        .lines()
        .map(md)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(&joint)
}

/// [`md`], or a dash for nothing.
pub(super) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_cell(&mut out, s);
    out
}

/// A hash as a code span when it is one; anything else (a damaged file) as text.
pub(super) fn hash(h: &str) -> String {
    if !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()) {
        format!("`{h}`")
    } else {
        cell(h)
    }
}

/// A table's header row and the line under it.
pub(super) fn table_head(out: &mut String, headers: &[impl AsRef<str>]) {
    out.push('|');
    for h in headers {
        let _ = write!(out, " {} |", h.as_ref());
    }
    let _ = writeln!(out, "\n|{}", "---|".repeat(headers.len()));
}

/// A table of `rows`, each made as it is written ("None." for no rows).
pub(super) fn table<R: AsRef<[String]>>(
    out: &mut String,
    headers: &[impl AsRef<str>],
    rows: impl IntoIterator<Item = R>,
) {
    let mut rows = rows.into_iter().peekable();
    if rows.peek().is_none() {
        out.push_str("None.\n\n");
        return;
    }
    table_head(out, headers);
    for row in rows {
        let _ = writeln!(out, "| {} |", row.as_ref().join(" | "));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::{md, md_lines};

    #[test]
    fn markdown_punctuation_is_escaped_and_controls_neutralised() {
        assert_eq!(
            md("NI 39 Alcohol-harm, 2010/11"),
            "NI 39 Alcohol-harm, 2010/11"
        );
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("# title #"), "\\# title \\#");
        assert_eq!(md("`x` *y* _z_ ~w~"), "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~");
        assert_eq!(md("[a](http://b) <i>"), "\\[a\\](http://b) \\<i\\>");
        assert_eq!(md("back\\slash"), "back\\\\slash");
        assert_eq!(
            md("R&D &amp; &#x202E; & co"),
            "R\\&D \\&amp; \\&\\#x202E; & co"
        );
        assert_eq!(md("  - item"), "\\- item");
        assert_eq!(md("+1"), "\\+1");
        assert_eq!(md("=== "), "\\===");
        assert_eq!(md("12. twelve"), "12\\. twelve");
        assert_eq!(md("3) three"), "3\\) three");
        assert_eq!(md("2010/11 = 5"), "2010/11 = 5");
        assert_eq!(md("a\nb\tc\u{1b}[2J\u{202E}"), "a b c\u{FFFD}\\[2J\u{FFFD}");
        assert_eq!(md("   "), "");
    }

    #[test]
    fn lines_stay_lines_inside_a_list_item() {
        assert_eq!(
            md_lines("first\n\n# second\n> third", 2),
            "first\\\n  \\# second\\\n  \\> third"
        );
    }
}
