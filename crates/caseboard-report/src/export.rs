//! `caseboard export --format json`: the whole record in one document,
//! written as it is read.
//!
//! The document is pretty JSON (two-space indents, as
//! [`caseboard_core::text::json_pretty`] writes it, every character
//! [`json_escaped`] as a `\uXXXX` escape), written piece by piece: the top
//! level by hand, each value in it, each link and each event with
//! `serde_json` at its depth, straight to the writer.

use crate::Source;
use caseboard_core::board::ObjectionStatus;
use caseboard_core::text::json_escaped;
use caseboard_core::{Board, Status};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::{json, Value};
use std::io::{self, Write};

pub const EXPORT_FORMAT: &str = "caseboard-export/1";

/// The whole record as one JSON document, its chain and events read from
/// `source` as they are written.
pub fn json<S: Source>(out: &mut dyn Write, source: &S) -> Result<(), S::Error> {
    let board = source.board();
    let mut doc = Document { out, fields: 0 };
    doc.field("format", EXPORT_FORMAT)?;
    doc.field(
        "exported_by",
        &format!("caseboard {}", env!("CARGO_PKG_VERSION")),
    )?;
    doc.field("pack_sha256", source.pack_sha256())?;
    doc.field("head_hash", source.head_hash())?;
    // Each event's link, so the record can be checked on its own:
    // hash = SHA-256(prev_hash, "\n", [seq, at, actor, kind, priority, payload]).
    let mut chain = doc.list("chain")?;
    source.each_link(&mut |link| Ok(chain.item(&link)?))?;
    chain.end()?;
    doc.field("pack", board.pack().as_ref())?;
    let mut events = doc.list("events")?;
    source.each_event(&mut |event| Ok(events.item(event)?))?;
    events.end()?;
    doc.field("board", &board_json(board))?;
    Ok(doc.end()?)
}

/// The board as it stands: the cap, and each priority and objection.
fn board_json(board: &Board) -> Value {
    let priorities: Vec<Value> = board
        .priorities()
        .iter()
        .map(|p| {
            let (target, decided) = match &p.status {
                Status::Accepted { target } => (
                    target
                        .as_ref()
                        .map(|t| json!({"period": t.period, "value": t.value})),
                    true,
                ),
                s => (None, s.is_decided()),
            };
            let current = p.decisions.last().filter(|_| decided);
            json!({
                "id": p.id,
                "kind": p.kind.as_str(),
                "status": p.status.word(),
                "target": target,
                "rationale": current.map(|d| d.decision.rationale.clone()),
                "decided_at": current.map(|d| d.at),
                "decided_by": current.map(|d| d.actor.clone()),
                "decision_seq": current.map(|d| d.seq),
                "superseded_decisions": p.decisions.len().saturating_sub(1),
                "open_objections": p.open_objections,
            })
        })
        .collect();
    let objections: Vec<Value> = board
        .objections()
        .iter()
        .map(|o| {
            let note = match &o.status {
                ObjectionStatus::Open => None,
                ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } => {
                    Some(note.clone())
                }
            };
            json!({
                "id": o.id,
                "priority": o.priority,
                "kind": o.kind.as_str(),
                "text": o.text,
                "raised_by": o.raised_by,
                "alternative": o.alternative,
                "raised_seq": o.raised_at,
                "status": o.status.word(),
                "note": note,
            })
        })
        .collect();
    json!({
        "designated_accepted": board.designated_accepted(),
        "designated_cap": board.cap(),
        "priorities": priorities,
        "objections": objections,
    })
}

/// The top-level object, written field by field.
struct Document<'w> {
    out: &'w mut dyn Write,
    fields: usize,
}

impl<'w> Document<'w> {
    /// Starts the next field: its separator, indent and key.
    fn key(&mut self, key: &str) -> io::Result<()> {
        let lead: &[u8] = if self.fields == 0 { b"{\n  " } else { b",\n  " };
        self.fields += 1;
        self.out.write_all(lead)?;
        write_value(self.out, 1, key)?;
        self.out.write_all(b": ")
    }

    fn field(&mut self, key: &str, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
        self.key(key)?;
        write_value(self.out, 1, value)
    }

    /// A field whose value is a list written item by item.
    fn list<'d>(&'d mut self, key: &str) -> io::Result<List<'d, 'w>> {
        self.key(key)?;
        self.out.write_all(b"[")?;
        Ok(List {
            doc: self,
            items: 0,
        })
    }

    fn end(self) -> io::Result<()> {
        let close: &[u8] = if self.fields == 0 { b"{}\n" } else { b"\n}\n" };
        self.out.write_all(close)?;
        self.out.flush()
    }
}

/// A list in the top-level object, open for its items.
struct List<'d, 'w> {
    doc: &'d mut Document<'w>,
    items: usize,
}

impl List<'_, '_> {
    fn item(&mut self, value: &impl Serialize) -> io::Result<()> {
        let lead: &[u8] = if self.items == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        self.items += 1;
        self.doc.out.write_all(lead)?;
        write_value(self.doc.out, 2, value)
    }

    fn end(self) -> io::Result<()> {
        let close: &[u8] = if self.items == 0 { b"]" } else { b"\n  ]" };
        self.doc.out.write_all(close)
    }
}

/// `value` as pretty JSON nested `depth` levels deep, its inner lines
/// indented to match.
fn write_value(
    out: &mut dyn Write,
    depth: usize,
    value: &(impl Serialize + ?Sized),
) -> io::Result<()> {
    let mut pretty = PrettyFormatter::new();
    // The formatter keeps its depth to itself: open as many levels (into
    // nothing) as the value is nested in.
    for _ in 0..depth {
        pretty.begin_array(&mut io::sink())?;
    }
    let mut ser = serde_json::Serializer::with_formatter(out, Inert(pretty));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// Pretty JSON whose strings carry no character [`json_escaped`] raw.
struct Inert(PrettyFormatter<'static>);

impl Formatter for Inert {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }

    /// serde_json escapes the C0 controls, `"` and `\` itself and hands
    /// the text between them here; DEL, C1, bidi controls and the
    /// separators are escaped here, as `\u` and four hex digits (all are in
    /// the Basic Multilingual Plane).
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Printable ASCII (nearly all text) needs nothing.
        if fragment.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if json_escaped(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseboard_core::text::json_pretty;

    /// Written at any depth, a value gives exactly the bytes `json_pretty`
    /// gives for the whole document it sits in.
    #[test]
    fn a_document_written_piece_by_piece_is_the_pretty_document() {
        let awkward = "tab\t quote\" back\\ esc\u{1b} del\u{7f} c1\u{9b} bidi\u{202e} sep\u{2028} lrm\u{200e} é 漢 😀";
        let nested = json!({"a": [1, {"b": awkward}, [], {}], "c": null, "d": 1.5, "e": []});
        let whole = json!({
            "format": awkward,
            "list": [nested, nested],
            "empty": [],
            "value": nested,
        });
        let mut out = Vec::new();
        let mut doc = Document {
            out: &mut out,
            fields: 0,
        };
        doc.field("format", awkward).unwrap();
        let mut list = doc.list("list").unwrap();
        list.item(&nested).unwrap();
        list.item(&nested).unwrap();
        list.end().unwrap();
        doc.list("empty").unwrap().end().unwrap();
        doc.field("value", &nested).unwrap();
        doc.end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), json_pretty(&whole));
    }
}
