//! `caseboard export --format json`: the whole record in one document.

use caseboard_core::board::ObjectionStatus;
use caseboard_core::Record;
use caseboard_core::Status;
use serde_json::{json, Value};

pub const EXPORT_FORMAT: &str = "caseboard-export/1";

/// The whole record as one JSON document (read the record with its chain).
pub fn json(record: &Record) -> String {
    let Record {
        events,
        board,
        head_hash,
        pack_sha256,
        chain,
        ..
    } = record;
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
    let doc = json!({
        "format": EXPORT_FORMAT,
        "exported_by": format!("caseboard {}", env!("CARGO_PKG_VERSION")),
        "pack_sha256": pack_sha256,
        "head_hash": head_hash,
        // Each event's link, so the record can be checked on its own:
        // hash = SHA-256(prev_hash, "\n", [seq, at, actor, kind, priority, payload]).
        "chain": chain
            .iter()
            .flatten()
            .map(|l| json!({"seq": l.seq, "prev_hash": l.prev_hash, "hash": l.hash}))
            .collect::<Vec<_>>(),
        "pack": board.pack().as_ref(),
        "events": events,
        "board": {
            "designated_accepted": board.designated_accepted(),
            "designated_cap": board.cap(),
            "priorities": priorities,
            "objections": objections,
        },
    });
    caseboard_core::text::json_pretty(&doc)
}
