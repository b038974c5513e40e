//! `caseboard export --format json`: the whole record in one document,
//! written as it is read.
//!
//! The document is pretty JSON (two-space indents, as
//! [`caseboard_core::text::json_pretty`] writes it, every character
//! [`json_escaped`] as a `\uXXXX` escape), written piece by piece: the top
//! level by hand, each value in it, each link and each event with
//! `serde_json` at its depth, straight to the writer.

use crate::Source;
use caseboard_core::board::ObjectionState;
use caseboard_core::text::json_escaped;
use caseboard_core::{Board, PriorityState, Status};
use chrono::{DateTime, Utc};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

pub const EXPORT_FORMAT: &str = "caseboard-export/1";

/// The whole record as one JSON document, its chain and events read from
/// `source` as they are written.
pub fn json<S: Source>(out: &mut dyn Write, source: &S) -> Result<(), S::Error> {
    let board = source.board();
    let mut doc = Document {
        out,
        fields: 0,
        piece: Vec::with_capacity(16 * 1024),
    };
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
    doc.field("board", &BoardJson(board))?;
    Ok(doc.end()?)
}

/// The board as it stands: the cap, and each priority and objection,
/// serialised from the board itself (a priority or an objection at a time,
/// no copy of them all).
struct BoardJson<'a>(&'a Board);

impl Serialize for BoardJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let board = self.0;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("designated_accepted", &board.designated_accepted())?;
        map.serialize_entry("designated_cap", &board.cap())?;
        map.serialize_entry(
            "priorities",
            &Seq(|| board.priorities().iter().map(|p| PriorityJson::of(p))),
        )?;
        map.serialize_entry(
            "objections",
            &Seq(|| board.objections().iter().map(|o| ObjectionJson::of(o))),
        )?;
        map.end()
    }
}

/// A list serialised from an iterator made on demand.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// A priority on the board: where it stands and the decision that stands.
#[derive(Serialize)]
struct PriorityJson<'a> {
    id: &'a str,
    kind: &'static str,
    status: &'static str,
    target: Option<TargetJson<'a>>,
    rationale: Option<&'a str>,
    decided_at: Option<DateTime<Utc>>,
    decided_by: Option<&'a str>,
    decision_seq: Option<u64>,
    superseded_decisions: usize,
    open_objections: u32,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    period: &'a str,
    value: f64,
}

impl<'a> PriorityJson<'a> {
    fn of(p: &'a PriorityState) -> Self {
        let (target, decided) = match &p.status {
            Status::Accepted { target } => (
                target.as_ref().map(|t| TargetJson {
                    period: &t.period,
                    value: t.value,
                }),
                true,
            ),
            s => (None, s.is_decided()),
        };
        let current = p.decisions.last().filter(|_| decided);
        PriorityJson {
            id: &p.id,
            kind: p.kind.as_str(),
            status: p.status.word(),
            target,
            rationale: current.map(|d| d.decision.rationale.as_str()),
            decided_at: current.map(|d| d.at),
            decided_by: current.map(|d| d.actor.as_str()),
            decision_seq: current.map(|d| d.seq),
            superseded_decisions: p.decisions.len().saturating_sub(1),
            open_objections: p.open_objections,
        }
    }
}

/// An objection on the board: who raised it and how it ended.
#[derive(Serialize)]
struct ObjectionJson<'a> {
    id: &'a str,
    priority: &'a str,
    kind: &'static str,
    text: &'a str,
    raised_by: Option<&'a str>,
    alternative: Option<&'a str>,
    /// Only for an alternative the pack does not hold: its title as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative_title: Option<&'a str>,
    /// Whether the pack holds the alternative (absent with no alternative).
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative_in_pack: Option<bool>,
    raised_seq: Option<u64>,
    status: &'static str,
    note: Option<&'a str>,
}

impl<'a> ObjectionJson<'a> {
    fn of(o: &'a ObjectionState) -> Self {
        ObjectionJson {
            id: &o.id,
            priority: &o.priority,
            kind: o.kind.as_str(),
            text: &o.text,
            raised_by: o.raised_by.as_deref(),
            alternative: o.alternative.as_deref(),
            alternative_title: o.alternative_title.as_deref(),
            alternative_in_pack: o
                .alternative
                .as_ref()
                .map(|_| o.alternative_title.is_none()),
            raised_seq: o.raised_at,
            status: o.status.word(),
            note: o.status.note(),
        }
    }
}

/// The top-level object, written field by field.
struct Document<'w> {
    out: &'w mut dyn Write,
    fields: usize,
    /// A list's item, made before it is written.
    piece: Vec<u8>,
}

impl<'w> Document<'w> {
    /// Starts the next field: its separator, indent and key.
    fn key(&mut self, key: &str) -> io::Result<()> {
        let lead: &[u8] = if self.fields == 0 { b"{\n  " } else { b",\n  " };
        self.fields += 1;
        self.out.write_all(lead)?;
        self.write_value(1, key)?;
        self.out.write_all(b": ")
    }

    /// `value` as pretty JSON nested `depth` levels deep, its inner lines
    /// indented to match. A list's item is made in memory and written
    /// whole (serde_json writes a token at a time: far cheaper into memory
    /// than through the writer); a field's value (the pack, the board: too
    /// large to copy) straight through.
    fn write_value(&mut self, depth: usize, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
        let mut pretty = PrettyFormatter::new();
        // The formatter keeps its depth to itself: open as many levels (into
        // nothing) as the value is nested in.
        for _ in 0..depth {
            pretty.begin_array(&mut io::sink())?;
        }
        if depth == 1 {
            let mut ser = serde_json::Serializer::with_formatter(&mut *self.out, Inert(pretty));
            return value.serialize(&mut ser).map_err(io::Error::from);
        }
        self.piece.clear();
        let mut ser = serde_json::Serializer::with_formatter(&mut self.piece, Inert(pretty));
        value.serialize(&mut ser).map_err(io::Error::from)?;
        self.out.write_all(&self.piece)
    }

    fn field(&mut self, key: &str, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
        self.key(key)?;
        self.write_value(1, value)
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
        self.doc.write_value(2, value)
    }

    fn end(self) -> io::Result<()> {
        let close: &[u8] = if self.items == 0 { b"]" } else { b"\n  ]" };
        self.doc.out.write_all(close)
    }
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
    use serde_json::json;

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
            piece: Vec::new(),
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
