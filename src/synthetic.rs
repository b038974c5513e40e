//! Generated packs of any size, for benchmarks and tests. The figures are
//! invented; the shape is a real conference's.

use serde_json::{json, Value};

const QUALITIES: [&str; 3] = ["robust", "adequate", "weak"];
const THEMES: [&str; 4] = ["cyp", "ssc", "hcop", "ede"];

/// A valid pack with `priorities` priorities (one in ten statutory),
/// `indicators` indicators and `objections` objections.
pub fn pack(priorities: usize, indicators: usize, objections: usize) -> String {
    let indicators = indicators.max(1);
    let themes: Vec<Value> = ["cyp", "ssc", "hcop", "ede"]
        .iter()
        .zip([
            "Children and Young People",
            "Safer and Stronger Communities",
            "Healthier Communities and Older People",
            "Economic Development and Enterprise",
        ])
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    let tiers = ["local", "regional", "central"];
    let attendees: Vec<Value> = (0..12)
        .map(|i| json!({"id": format!("a{i}"), "name": format!("Attendee {i}"), "organisation": format!("Organisation {i}"), "tier": tiers[i % 3]}))
        .collect();
    let indicator_list: Vec<Value> = (0..indicators)
        .map(|i| {
            let base = 20.0 + (i % 50) as f64;
            json!({
                "code": format!("NI {}", i + 1),
                "title": format!("Synthetic indicator {} of the generated set", i + 1),
                "unit": "%",
                "polarity": if i % 2 == 0 { "higher_is_better" } else { "lower_is_better" },
                "series": [
                    {"period": "2005/06", "value": base},
                    {"period": "2006/07", "value": base + 1.5},
                    {"period": "2007/08", "value": base + 2.0}
                ],
                "baseline": {"period": "2007/08", "value": base + 2.0},
                "proposed_target": {"period": "2010/11", "value": base + 6.0},
                "comparators": {"England": base + 1.0, "Region": base - 1.0},
                "quality": QUALITIES[i % 3],
                "breakdown": [{"area": "North", "value": base}, {"area": "South", "value": base + 4.0}]
            })
        })
        .collect();
    let priority_list: Vec<Value> = (0..priorities)
        .map(|i| {
            json!({
                "id": format!("P{:04}", i + 1),
                "title": format!("Generated priority {} for the board", i + 1),
                "kind": if i % 10 == 9 { "statutory" } else { "designated" },
                "themes": [THEMES[i % 4]],
                "indicators": [format!("NI {}", (i % indicators) + 1), format!("NI {}", ((i + 7) % indicators) + 1)],
                "summary": "A generated summary of why the partnership proposes this priority.",
                "evidence": [{"text": "Generated evidence line.", "source": "Generated source"}],
                "timebox_minutes": 10
            })
        })
        .collect();
    let kinds = [
        "evidence",
        "indicator_quality",
        "local_not_designated",
        "resourcing",
        "ownership",
        "other",
    ];
    let objection_list: Vec<Value> = (0..objections)
        .map(|i| {
            json!({
                "id": format!("O{:05}", i + 1),
                "priority": format!("P{:04}", (i % priorities.max(1)) + 1),
                "text": format!("Generated objection {} about the evidence and the target.", i + 1),
                "kind": kinds[i % kinds.len()],
                "raised_by": format!("a{}", i % 12)
            })
        })
        .collect();
    let doc = json!({
        "format": "caseboard-pack/1",
        "conference": {"title": "Generated conference (illustrative figures)", "partnership": "Generated Partnership", "government_office": "Generated Government Office", "date": "2008-03-12"},
        "themes": themes,
        "attendees": attendees,
        "indicators": indicator_list,
        "priorities": priority_list,
        "objections": objection_list
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
