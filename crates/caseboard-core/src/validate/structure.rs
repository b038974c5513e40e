//! Reading a pack's JSON into its types one element at a time, so one bad
//! element is reported without hiding the problems of the next.

use super::shape::{check_object_shapes, check_string_lengths, plain_words};
use super::{cut, PackProblem};
use crate::pack::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub(super) struct Validator {
    pub(super) problems: Vec<PackProblem>,
    /// Lists that lost an element to a structural error: references into
    /// them are not checked, to avoid reporting one problem twice.
    pub(super) incomplete: HashSet<&'static str>,
    /// Lists missing or not lists at all: references into them are not checked.
    pub(super) absent: HashSet<&'static str>,
    /// For each list, the index in the text of each element that parsed, so
    /// paths name the element the author wrote even after one failed.
    pub(super) origin: HashMap<&'static str, Vec<usize>>,
    /// Every id (or code) written in each list, parsed or not: a reference
    /// to an element with another problem is not reported twice.
    pub(super) raw_ids: HashMap<&'static str, HashSet<String>>,
}

impl Validator {
    pub(super) fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(PackProblem {
            path: path.into(),
            position: None,
            message: message.into(),
        });
    }

    fn element<T: DeserializeOwned>(&mut self, path: &str, value: &Value) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(t) => Some(t),
            Err(e) => {
                let inner = e.path().to_string();
                let full = if inner == "." || inner.is_empty() {
                    path.to_string()
                } else if inner.starts_with('[') {
                    format!("{path}{inner}")
                } else {
                    format!("{path}.{inner}")
                };
                self.problem(full, plain_words(&e.into_inner().to_string()));
                None
            }
        }
    }

    fn list<T: DeserializeOwned>(
        &mut self,
        top: &Map<String, Value>,
        key: &'static str,
        required: bool,
    ) -> Vec<T> {
        match top.get(key) {
            None if required => {
                self.problem("", format!("missing field `{key}`"));
                self.incomplete.insert(key);
                self.absent.insert(key);
                Vec::new()
            }
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                let id_field = if key == "indicators" { "code" } else { "id" };
                for (i, item) in items.iter().enumerate() {
                    match item.get(id_field).and_then(Value::as_str) {
                        Some(id) => {
                            self.raw_ids.entry(key).or_default().insert(id.to_string());
                        }
                        // An element without a readable id: which ids the
                        // list holds is unknown, so references are not checked.
                        None => {
                            self.absent.insert(key);
                        }
                    }
                    match self.element(&format!("{key}[{i}]"), item) {
                        Some(t) => {
                            out.push(t);
                            self.origin.entry(key).or_default().push(i);
                        }
                        None => {
                            self.incomplete.insert(key);
                        }
                    }
                }
                out
            }
            Some(_) => {
                self.problem(key, "expected a list (JSON array)");
                self.incomplete.insert(key);
                self.absent.insert(key);
                Vec::new()
            }
        }
    }

    pub(super) fn structure(&mut self, value: &Value) -> Option<Pack> {
        let Value::Object(top) = value else {
            self.problem("", "a pack must be a JSON object");
            return None;
        };
        check_string_lengths(value, "", &mut self.problems);
        const KNOWN: [&str; 7] = [
            "format",
            "conference",
            "themes",
            "attendees",
            "indicators",
            "priorities",
            "objections",
        ];
        for key in top.keys() {
            if !KNOWN.contains(&key.as_str()) {
                self.problem(
                    key.clone(),
                    format!(
                        "unknown field `{key}`, expected one of {}",
                        KNOWN.join(", ")
                    ),
                );
            }
        }
        check_object_shapes(value, "", &mut self.problems);
        let format = match top.get("format") {
            Some(Value::String(s)) if s == PACK_FORMAT => Some(s.clone()),
            Some(Value::String(s)) => {
                self.problem(
                    "format",
                    format!(
                        "unsupported format \"{}\", expected \"{PACK_FORMAT}\"",
                        cut(s, 60)
                    ),
                );
                None
            }
            Some(_) => {
                self.problem("format", format!("expected the string \"{PACK_FORMAT}\""));
                None
            }
            None => {
                self.problem("", "missing field `format`");
                None
            }
        };
        let conference = match top.get("conference") {
            Some(c) => self.element::<Conference>("conference", c),
            None => {
                self.problem("", "missing field `conference`");
                None
            }
        };
        let themes = self.list::<Theme>(top, "themes", true);
        let attendees = self.list::<Attendee>(top, "attendees", true);
        let indicators = self.list::<Indicator>(top, "indicators", true);
        let priorities = self.list::<Priority>(top, "priorities", true);
        let objections = self.list::<PackObjection>(top, "objections", false);
        // Carry on with placeholders so the lists are still checked: every
        // problem is reported at once.
        let conference = conference.unwrap_or_else(|| {
            self.incomplete.insert("conference");
            Conference {
                title: "-".into(),
                partnership: "-".into(),
                government_office: "-".into(),
                date: "2000-01-01".into(),
                venue: None,
                designated_cap: None,
                notes: None,
                timezone: None,
                end: None,
            }
        });
        Some(Pack {
            format: format.unwrap_or_default(),
            conference,
            themes,
            attendees,
            indicators,
            priorities,
            objections,
        })
    }
}
