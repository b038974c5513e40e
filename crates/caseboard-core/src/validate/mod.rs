//! Strict, complete pack validation: every problem at once, each with its
//! JSON path and, where the text allows, its line and column.
//!
//! Structure is checked by serde (`deny_unknown_fields`) one element at a
//! time, so one bad priority does not hide problems in the next; the rules
//! serde cannot express (references, uniqueness, ranges, lengths) follow.
//!
//! `shape` checks the raw JSON (sizes, lengths, objects where objects
//! belong), `structure` reads it into types, `checks` applies the rules,
//! and `locate` finds the line and column each problem is reported at.

mod checks;
mod locate;
mod shape;
mod structure;

pub use locate::{locate_paths, Located};

use super::pack::*;
use locate::position_of;
use serde_json::Value;
use shape::check_sizes;
use std::collections::HashSet;
use std::fmt;
use structure::Validator;

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_ID_CHARS: usize = 64;
pub const MAX_CODE_CHARS: usize = 32;
pub const MAX_CAP: u32 = 200;
pub const MAX_TIMEBOX_MINUTES: u32 = 480;
/// Figures beyond this are typing errors, not statistics.
pub const MAX_ABS_VALUE: f64 = 1e12;

// How much one pack may hold. A large real conference has a few hundred
// priorities and indicators; these leave a wide margin above that, and keep
// a session quick to open and to write (a pack of a million priorities
// would make every entry take seconds and gigabytes).
/// The pack's text, in bytes (checked before it is read whole).
pub const MAX_PACK_BYTES: usize = 50_000_000;
pub const MAX_PRIORITIES: usize = 5_000;
pub const MAX_INDICATORS: usize = 20_000;
/// Objections given in the pack, before the conference.
pub const MAX_PACK_OBJECTIONS: usize = 50_000;
pub const MAX_ATTENDEES: usize = 2_000;
pub const MAX_THEMES: usize = 1_000;
/// Entries in any one list within an indicator or priority: series points,
/// breakdown areas, comparators, evidence, a priority's indicators or themes.
pub const MAX_ENTRIES_PER_ITEM: usize = 1_000;

/// The most each top-level list may hold, and what its items are called.
pub(super) const LIST_LIMITS: [(&str, usize, &str); 5] = [
    ("priorities", MAX_PRIORITIES, "priorities"),
    ("indicators", MAX_INDICATORS, "indicators"),
    ("objections", MAX_PACK_OBJECTIONS, "objections"),
    ("attendees", MAX_ATTENDEES, "attendees"),
    ("themes", MAX_THEMES, "themes"),
];

/// One thing wrong with a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    /// JSON path such as `priorities[3].indicators[0]`; empty for the whole document.
    pub path: String,
    /// 1-based line and column of the value the path names, when known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for PackProblem {
    /// One line, whatever the pack held: messages quote its keys and values
    /// (a value with an escaped line break, say), so both pass the cleaner.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::display_line;
        if let Some((line, col)) = self.position {
            write!(f, "line {line}, column {col}: ")?;
        }
        if self.path.is_empty() {
            write!(f, "{}", display_line(&self.message))
        } else {
            write!(
                f,
                "{}: {}",
                display_line(&self.path),
                display_line(&self.message)
            )
        }
    }
}

/// Parses and validates a pack. On failure every problem found is returned,
/// ordered as they appear in the text.
pub fn parse_pack(text: &str) -> Result<Pack, Vec<PackProblem>> {
    // A byte order mark, as some editors write, is not part of the pack.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.len() > MAX_PACK_BYTES {
        return Err(vec![PackProblem {
            path: String::new(),
            position: None,
            message: format!(
                "the pack is {} MB; a pack is at most {} MB",
                text.len() / 1_000_000,
                MAX_PACK_BYTES / 1_000_000
            ),
        }]);
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let full = e.to_string();
            let message = match full.rfind(" at line ") {
                Some(i) => full[..i].to_string(),
                None => full,
            };
            return Err(vec![PackProblem {
                path: String::new(),
                position: Some((e.line(), e.column())),
                message: format!("not valid JSON: {message}"),
            }]);
        }
    };
    // Sizes first: a pack beyond the limits is refused before any of it is
    // checked element by element.
    // (Without line and column: finding them in so large a text would cost
    // more than all the rest; the path names the list.)
    let oversized = check_sizes(&value);
    if !oversized.is_empty() {
        return Err(oversized);
    }
    // A quick pass for keys given twice; positions only if something is wrong.
    let any_duplicates = !locate_paths(text, false).duplicate_keys.is_empty();
    let mut v = Validator::default();
    let pack = v.structure(&value);
    if let Some(pack) = &pack {
        v.rules(pack);
    }
    if v.problems.is_empty() && !any_duplicates {
        if let Some(pack) = pack {
            return Ok(pack);
        }
    }
    let located = locate_paths(text, true);
    for (path, key) in &located.duplicate_keys {
        v.problem(
            path.clone(),
            format!(
                "field `{}` appears twice in one object; give it once",
                cut(key, 60)
            ),
        );
    }
    let positions = located.positions;
    // A text too long to accept is reported once, by the length check; other
    // checks of the same value would only repeat it.
    let too_long: HashSet<String> = v
        .problems
        .iter()
        .filter(|p| p.message.starts_with(TOO_LONG))
        .map(|p| p.path.clone())
        .collect();
    let mut problems: Vec<PackProblem> = v
        .problems
        .into_iter()
        .filter(|p| p.message.starts_with(TOO_LONG) || !too_long.contains(&p.path))
        .map(|mut p| {
            p.message = cut(&p.message, MAX_MESSAGE_CHARS);
            p.path = cut(&p.path, MAX_MESSAGE_CHARS);
            p.position = position_of(&positions, &p.path);
            p
        })
        .collect();
    problems.sort_by_key(|p| p.position.unwrap_or((0, 0)));
    if problems.is_empty() {
        // Unreachable in practice; never report an invalid pack without a reason.
        problems.push(PackProblem {
            path: String::new(),
            position: None,
            message: "the pack could not be read".into(),
        });
    }
    Err(problems)
}

/// Messages quote what was written; a quote is cut so a huge value cannot
/// make a huge message.
const MAX_MESSAGE_CHARS: usize = 300;
const TOO_LONG: &str = "text is ";

pub(crate) fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((end, _)) => format!("{}…", &s[..end]),
    }
}

pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && id.len() <= MAX_ID_CHARS
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}
