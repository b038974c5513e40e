//! The event log's hash chain: each row's hash covers the previous hash and
//! the row's canonical content, so any edit, deletion, insertion or
//! reordering breaks every hash after it.

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a board's kept form, hashed as it is written: a large
/// log's is tens of megabytes, never held whole for this.
pub(crate) fn kept_digest(board: &caseboard_core::Board) -> [u8; 32] {
    let mut hasher = Sha256::new();
    board.kept_into(&mut |piece| hasher.update(piece));
    hasher.finalize().into()
}

/// The SHA-256 of `bytes`.
pub(crate) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0xf) as usize] as char);
    }
    s
}

/// The columns of an event row that its hash covers, in column order.
#[derive(Clone, Copy, Debug)]
pub struct RowColumns<'a> {
    pub seq: u64,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub priority: Option<&'a str>,
    pub payload: &'a str,
}

/// The hash of `row` after `prev_hash`, as lowercase hex. The row's
/// canonical content is a JSON array of its columns, in column order
/// (`[seq,"at","actor","kind","priority" or null,"payload"]`, compact), as
/// `serde_json` writes it. Written into one reused buffer, without building
/// a JSON value first: every open walks the whole chain with this.
pub fn row_hash(prev_hash: &str, row: &RowColumns) -> String {
    hex(&row_digest(prev_hash, row))
}

/// As [`row_hash`], as bytes: the walk compares it with the stored hex
/// without making a string of it.
pub fn row_digest(prev_hash: &str, row: &RowColumns) -> [u8; 32] {
    CANONICAL.with(|cell| {
        let mut buf = cell.borrow_mut();
        buf.clear();
        canonical_into(&mut buf, row);
        digest_of(prev_hash, &buf)
    })
}

/// Appends the row's canonical content to `buf`.
pub fn canonical_into(buf: &mut Vec<u8>, row: &RowColumns) {
    buf.push(b'[');
    let mut digits = [0u8; 20];
    let mut n = row.seq;
    let mut at_digit = digits.len();
    loop {
        at_digit -= 1;
        digits[at_digit] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at_digit..]);
    for text in [
        Some(row.at),
        Some(row.actor),
        Some(row.kind),
        row.priority,
        Some(row.payload),
    ] {
        buf.push(b',');
        match text {
            Some(t) => push_json_string(buf, t),
            None => buf.extend_from_slice(b"null"),
        }
    }
    buf.push(b']');
}

/// A JSON string exactly as `serde_json` writes one: `"` and `\` escaped,
/// the five short escapes, every other control below U+0020 as `\u00xx`,
/// and nothing else touched.
fn push_json_string(buf: &mut Vec<u8>, text: &str) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    // Most text needs only its quotes escaped (payloads are JSON): find
    // them with the fast substring search, after one branch-free pass.
    let rare = bytes
        .iter()
        .fold(false, |rare, &b| rare | (b < 0x20) | (b == b'\\'));
    if !rare {
        let mut pieces = text.split('"');
        if let Some(first) = pieces.next() {
            buf.extend_from_slice(first.as_bytes());
        }
        for piece in pieces {
            buf.extend_from_slice(b"\\\"");
            buf.extend_from_slice(piece.as_bytes());
        }
        buf.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        buf.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            0x08 => buf.extend_from_slice(b"\\b"),
            0x0c => buf.extend_from_slice(b"\\f"),
            _ => {
                buf.extend_from_slice(b"\\u00");
                buf.push(DIGITS[(b >> 4) as usize]);
                buf.push(DIGITS[(b & 0xf) as usize]);
            }
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// The hash of a row from the previous hash and its canonical content.
pub fn digest_of(prev_hash: &str, canonical: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical);
    h.finalize().into()
}

/// Whether `hex` is the lowercase hex form of `digest`.
pub fn digest_is(digest: &[u8; 32], hex: &str) -> bool {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let hex = hex.as_bytes();
    hex.len() == 64
        && digest.iter().zip(hex.chunks_exact(2)).all(|(b, pair)| {
            pair[0] == DIGITS[(b >> 4) as usize] && pair[1] == DIGITS[(b & 0xf) as usize]
        })
}

thread_local! {
    static CANONICAL: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// The hash every released session was written with: a JSON value of the
    /// row, serialised. The streamed form must give the very same bytes.
    fn by_value(prev: &str, row: &RowColumns) -> String {
        let canonical = serde_json::json!([
            row.seq,
            row.at,
            row.actor,
            row.kind,
            row.priority,
            row.payload
        ])
        .to_string();
        sha256_hex(format!("{prev}\n{canonical}").as_bytes())
    }

    /// A row with every text column `text`.
    fn all_text<'a>(seq: u64, text: &'a str, priority: Option<&'a str>) -> RowColumns<'a> {
        RowColumns {
            seq,
            at: text,
            actor: text,
            kind: text,
            priority,
            payload: text,
        }
    }

    const ROW: RowColumns<'static> = RowColumns {
        seq: 1,
        at: "t",
        actor: "a",
        kind: "k",
        priority: Some("P1"),
        payload: "{}",
    };

    #[test]
    fn streamed_hash_matches_the_released_canonical_form() {
        let awkward = [
            "",
            "plain",
            "quote \" and backslash \\ and slash /",
            "control \u{1}\u{1f}\u{7f} tab\t newline\n \u{8}\u{c}\r\u{0}",
            "C1 \u{85}\u{9b} bidi \u{202e} separators \u{2028}\u{2029}",
            "unicode caf\u{e9} \u{1f600} \u{fffd}",
            r#"{"priority":"P1","rationale":"a \"quoted\" word"}"#,
        ];
        for (i, text) in awkward.iter().enumerate() {
            for priority in [None, Some(*text)] {
                let seq = [1, 9, 10, 12345, u64::MAX][i % 5];
                let row = RowColumns {
                    kind: "kind",
                    ..all_text(seq, text, priority)
                };
                assert_eq!(row_hash("p", &row), by_value("p", &row), "{text:?}");
            }
        }
    }

    #[test]
    fn every_ascii_character_is_written_as_serde_json_writes_it() {
        for c in (0u8..=0x7f)
            .map(char::from)
            .chain(['\u{80}', '\u{2028}', '\u{10ffff}'])
        {
            let text = format!("a{c}b{c}");
            let row = RowColumns {
                actor: "x",
                kind: "k",
                ..all_text(7, &text, Some(&text))
            };
            assert_eq!(row_hash("p", &row), by_value("p", &row), "{c:?}");
        }
    }

    #[test]
    fn a_digest_matches_only_its_own_lowercase_hex() {
        let row = RowColumns {
            priority: None,
            ..ROW
        };
        let d = row_digest("p", &row);
        let h = row_hash("p", &row);
        assert!(digest_is(&d, &h));
        assert!(!digest_is(&d, &h.to_uppercase()));
        assert!(!digest_is(&d, &h[..63]));
        assert!(!digest_is(&d, &format!("{h}0")));
        assert!(!digest_is(&d, &"0".repeat(64)));
    }

    #[test]
    fn every_column_and_the_previous_hash_count() {
        let base = row_hash("p", &ROW);
        assert_ne!(base, row_hash("q", &ROW));
        for changed in [
            RowColumns { seq: 2, ..ROW },
            RowColumns { at: "u", ..ROW },
            RowColumns { actor: "b", ..ROW },
            RowColumns { kind: "j", ..ROW },
            RowColumns {
                priority: None,
                ..ROW
            },
            RowColumns {
                payload: "{ }",
                ..ROW
            },
        ] {
            assert_ne!(base, row_hash("p", &changed), "{changed:?}");
        }
    }
}
