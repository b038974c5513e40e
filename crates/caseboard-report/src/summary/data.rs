//! The regional summary for other programs: CSV (one row per indicator
//! and area) and JSON (the whole summary in one document).

use super::{kinds_text, Entry, Summary, STATUSES, SUMMARY_FORMAT};
use caseboard_core::event::exact_value;
use caseboard_core::pack::ObjectionKind;
use serde_json::{json, Value};

pub(super) fn csv(summary: &Summary) -> String {
    use crate::csv::text_field as cell;
    let mut out = String::from(
        "indicator,title,area,priority,kind,status,target_period,target_value,objection_kinds,session\r\n",
    );
    for ind in &summary.indicators {
        for e in &ind.entries {
            let (period, value) = match &e.target {
                Some((p, v)) => (cell(p), exact_value(*v)),
                None => (String::new(), String::new()),
            };
            let row = [
                cell(&ind.code),
                cell(&ind.title),
                cell(&e.area),
                cell(&e.priority),
                e.kind.as_str().to_string(),
                e.status.to_string(),
                period,
                // A number caseboard formatted itself: "-2.5" is a number, not a formula.
                value,
                cell(&kinds_text(&e.objections, "=", "; ")),
                cell(&e.file),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn kinds_json(kinds: &[u32; 7]) -> Value {
    let map: serde_json::Map<String, Value> = ObjectionKind::ALL
        .iter()
        .zip(kinds)
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.as_str().to_string(), json!(n)))
        .collect();
    Value::Object(map)
}

pub(super) fn json(summary: &Summary) -> String {
    let areas: Vec<Value> = summary
        .areas
        .iter()
        .map(|a| {
            json!({
                "area": a.name,
                "file": a.file,
                "conference": a.conference,
                "date": a.date,
                "events": a.events,
                "head_hash": a.head_hash,
            })
        })
        .collect();
    let skipped: Vec<Value> = summary
        .skipped
        .iter()
        .map(|s| json!({"file": s.file, "problem": s.problem}))
        .collect();
    let indicators: Vec<Value> = summary
        .indicators
        .iter()
        .map(|ind| {
            let counts = ind.counts();
            let counts: serde_json::Map<String, Value> = STATUSES
                .iter()
                .zip(counts)
                .map(|(s, n)| (s.word().to_string(), json!(n)))
                .collect();
            let total = ind.entries.len();
            let majority = ind.majority().map(|(status, count)| {
                json!({"status": status, "count": count, "of": total, "more_than_half": count * 2 > total})
            });
            let entry = |e: &Entry| {
                json!({
                    "area": e.area,
                    "priority": e.priority,
                    "kind": e.kind.as_str(),
                    "status": e.status,
                    "target": e.target.as_ref().map(|(p, v)| json!({"period": p, "value": v})),
                    "objection_kinds": kinds_json(&e.objections),
                    "file": e.file,
                })
            };
            json!({
                "code": ind.code,
                "title": ind.title,
                "counts": counts,
                "objection_kinds": kinds_json(&ind.objection_kinds()),
                "majority": majority,
                "differing": ind.differing().into_iter().map(|e| json!({
                    "area": e.area,
                    "priority": e.priority,
                    "status": e.status,
                })).collect::<Vec<_>>(),
                "areas": ind.entries.iter().map(entry).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "format": SUMMARY_FORMAT,
        "generated_by": format!("caseboard {}", env!("CARGO_PKG_VERSION")),
        "counted_under": "headline indicator (the first each priority lists)",
        "sessions": areas,
        "skipped": skipped,
        "indicators": indicators,
    });
    caseboard_core::text::json_pretty(&doc)
}
