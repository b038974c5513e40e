//! Where each value of a pack's text starts, so a problem can say its line
//! and column, and which keys are written twice in one object.

use std::collections::{HashMap, HashSet};

pub(super) fn position_of(
    positions: &HashMap<String, (usize, usize)>,
    path: &str,
) -> Option<(usize, usize)> {
    let mut p = path;
    loop {
        if let Some(pos) = positions.get(p) {
            return Some(*pos);
        }
        // Fall back to the nearest enclosing value that exists in the text.
        let cut = p.rfind(['.', '['])?;
        p = &p[..cut];
    }
}

/// Where each value of a (syntactically valid) document starts, and the keys
/// written twice in one object (which a JSON parser silently resolves).
pub struct Located {
    /// JSON path → 1-based line and column where its value starts.
    pub positions: HashMap<String, (usize, usize)>,
    /// (path of the repeated field, its key), in text order.
    pub duplicate_keys: Vec<(String, String)>,
}

/// Finds the keys written twice, and, with `positions`, where every value
/// starts. Only a pack with problems needs the positions, and building them
/// for a large pack costs more than the rest of the validation.
pub fn locate_paths(text: &str, positions: bool) -> Located {
    let mut loc = Locator {
        s: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        record: positions,
        path: String::new(),
        out: HashMap::new(),
        duplicates: Vec::new(),
    };
    loc.value();
    Located {
        positions: loc.out,
        duplicate_keys: loc.duplicates,
    }
}

struct Locator<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    record: bool,
    /// The path of the value being read, grown and cut back in place.
    path: String,
    out: HashMap<String, (usize, usize)>,
    duplicates: Vec<(String, String)>,
}

impl<'a> Locator<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }
    /// Skips a string; returns its raw text, quotes included.
    fn string(&mut self) -> &'a [u8] {
        let start = self.i;
        self.bump(); // opening quote
        while let Some(b) = self.peek() {
            self.bump();
            match b {
                b'\\' => self.bump(),
                b'"' => break,
                _ => {}
            }
        }
        &self.s[start..self.i]
    }
    fn text_of(raw: &[u8]) -> String {
        match std::str::from_utf8(raw) {
            Ok(r) if !r.contains('\\') => r.trim_matches('"').to_string(),
            Ok(r) => serde_json::from_str::<String>(r).unwrap_or_default(),
            Err(_) => String::new(),
        }
    }
    fn value(&mut self) {
        self.ws();
        if self.record {
            self.out
                .entry(self.path.clone())
                .or_insert((self.line, self.col));
        }
        match self.peek() {
            Some(b'{') => {
                self.bump();
                let mut keys: HashSet<&[u8]> = HashSet::new();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {
                            let raw = self.string();
                            self.ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            let fresh = keys.insert(raw);
                            let mark = self.path.len();
                            if self.record || !fresh {
                                let key = Self::text_of(raw);
                                if !self.path.is_empty() {
                                    self.path.push('.');
                                }
                                self.path.push_str(&key);
                                if !fresh {
                                    self.duplicates.push((self.path.clone(), key));
                                }
                            }
                            self.value();
                            self.path.truncate(mark);
                        }
                        Some(b',') => self.bump(),
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        _ => break,
                    }
                }
            }
            Some(b'[') => {
                self.bump();
                let mut index = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        Some(b',') => self.bump(),
                        Some(_) => {
                            let before = self.i;
                            let mark = self.path.len();
                            if self.record {
                                self.path.push_str(&format!("[{index}]"));
                            }
                            self.value();
                            self.path.truncate(mark);
                            index += 1;
                            if self.i == before {
                                break; // malformed input: never spin
                            }
                        }
                        None => break,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.bump();
                }
            }
        }
    }
}
