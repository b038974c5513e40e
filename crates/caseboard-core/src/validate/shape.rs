//! The checks made on a pack's JSON before it is read into types: list
//! sizes against the pack's limits, each text field's own length limit,
//! lists where objects belong, and serde's words put plainly.

use super::*;
use serde_json::Value;

/// serde's words for a wrong type ("expected f64", "expected u32") in the
/// words of a pack's author.
pub(super) fn plain_words(message: &str) -> String {
    let mut out = message.replace("expected f64", "expected a number");
    out = out.replace("expected f32", "expected a number");
    for t in ["u8", "u16", "u32", "u64", "usize"] {
        out = out.replace(
            &format!("expected {t}"),
            "expected a whole number (0 or more)",
        );
    }
    for t in ["i8", "i16", "i32", "i64", "isize"] {
        out = out.replace(&format!("expected {t}"), "expected a whole number");
    }
    out
}

/// Refuses lists beyond the pack's limits, naming the limit.
pub(super) fn check_sizes(value: &Value) -> Vec<PackProblem> {
    let mut out = Vec::new();
    let Value::Object(top) = value else {
        return out;
    };
    let mut too_many = |path: String, n: usize, limit: usize, what: &str| {
        if n > limit {
            out.push(PackProblem {
                path,
                position: None,
                message: format!("{n} {what}; a pack holds at most {limit} {what}"),
            });
        }
    };
    for (key, limit, what) in LIST_LIMITS {
        if let Some(Value::Array(items)) = top.get(key) {
            too_many(key.to_string(), items.len(), limit, what);
        }
    }
    for (list, inner) in [
        ("indicators", ["series", "breakdown", "comparators"]),
        ("priorities", ["indicators", "themes", "evidence"]),
    ] {
        let Some(Value::Array(items)) = top.get(list) else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            for field in inner {
                let n = match item.get(field) {
                    Some(Value::Array(a)) => a.len(),
                    Some(Value::Object(m)) => m.len(),
                    _ => 0,
                };
                let what = match field {
                    "series" => "series points",
                    "breakdown" => "breakdown areas",
                    "comparators" => "comparators",
                    "evidence" => "pieces of evidence",
                    "indicators" => "indicators for one priority",
                    _ => "themes for one priority",
                };
                too_many(
                    format!("{list}[{i}].{field}"),
                    n,
                    MAX_ENTRIES_PER_ITEM,
                    what,
                );
            }
        }
    }
    out
}

/// The most characters the field at `path` may hold, and what it is called:
/// a title's own limit, not the limit for any text.
pub(super) fn length_limit(path: &str) -> (usize, &'static str) {
    let field = path.rsplit('.').next().unwrap_or(path);
    let titled = matches!(
        path,
        "conference.title"
            | "conference.partnership"
            | "conference.government_office"
            | "conference.venue"
    ) || ((path.starts_with("themes[") || path.starts_with("attendees["))
        && matches!(field, "name" | "organisation"))
        || ((path.starts_with("indicators[") || path.starts_with("priorities["))
            && field == "title"
            && path.matches('.').count() == 1);
    if titled {
        (MAX_TITLE_CHARS, "a title")
    } else {
        (MAX_TEXT_CHARS, "text")
    }
}

pub(super) fn check_string_lengths(value: &Value, path: &str, out: &mut Vec<PackProblem>) {
    let too_long = |s: &str| s.len() > MAX_TEXT_CHARS && s.chars().count() > MAX_TEXT_CHARS;
    match value {
        Value::String(s) if too_long(s) => out.push(PackProblem {
            path: path.to_string(),
            position: None,
            message: {
                let (limit, what) = length_limit(path);
                format!(
                    "text is {} characters long; {what} is at most {limit}",
                    s.chars().count()
                )
            },
        }),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_string_lengths(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if too_long(k) {
                    out.push(PackProblem {
                        path: path.to_string(),
                        position: None,
                        message: format!("a field name is longer than {MAX_TEXT_CHARS} characters"),
                    });
                }
                check_string_lengths(v, &child, out);
            }
        }
        _ => {}
    }
}

/// serde reads a struct from a list of its fields in order; the pack format
/// does not allow that, so a list where an object belongs is reported here.
pub(super) fn check_object_shapes(value: &Value, path: &str, out: &mut Vec<PackProblem>) {
    // Lists whose elements are objects (top-level lists, and these anywhere).
    const OBJECT_LISTS: [&str; 3] = ["series", "breakdown", "evidence"];
    const OBJECT_FIELDS: [&str; 3] = ["conference", "baseline", "proposed_target"];
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        let child_path = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match child {
            Value::Array(_) if OBJECT_FIELDS.contains(&key.as_str()) => out.push(PackProblem {
                path: child_path,
                position: None,
                message: "invalid type: expected an object, found a list".into(),
            }),
            Value::Array(items) => {
                let of_objects = path.is_empty() || OBJECT_LISTS.contains(&key.as_str());
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{child_path}[{i}]");
                    if of_objects && item.is_array() {
                        out.push(PackProblem {
                            path: item_path,
                            position: None,
                            message: "invalid type: expected an object, found a list".into(),
                        });
                    } else {
                        check_object_shapes(item, &item_path, out);
                    }
                }
            }
            Value::Object(_) => check_object_shapes(child, &child_path, out),
            _ => {}
        }
    }
}
