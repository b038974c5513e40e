//! The event log's hash chain: each row's hash covers the previous hash and
//! the row's canonical content, so any edit, deletion, insertion or
//! reordering breaks every hash after it.

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
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

/// The row's canonical content: a JSON array of its columns, in column order.
pub fn row_hash(
    prev_hash: &str,
    seq: u64,
    at: &str,
    actor: &str,
    kind: &str,
    priority: Option<&str>,
    payload: &str,
) -> String {
    let canonical = serde_json::json!([seq, at, actor, kind, priority, payload]).to_string();
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex(&h.finalize())
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

    #[test]
    fn every_column_and_the_previous_hash_count() {
        let base = row_hash("p", 1, "t", "a", "k", Some("P1"), "{}");
        assert_ne!(base, row_hash("q", 1, "t", "a", "k", Some("P1"), "{}"));
        assert_ne!(base, row_hash("p", 2, "t", "a", "k", Some("P1"), "{}"));
        assert_ne!(base, row_hash("p", 1, "u", "a", "k", Some("P1"), "{}"));
        assert_ne!(base, row_hash("p", 1, "t", "b", "k", Some("P1"), "{}"));
        assert_ne!(base, row_hash("p", 1, "t", "a", "j", Some("P1"), "{}"));
        assert_ne!(base, row_hash("p", 1, "t", "a", "k", None, "{}"));
        assert_ne!(base, row_hash("p", 1, "t", "a", "k", Some("P1"), "{ }"));
    }
}
