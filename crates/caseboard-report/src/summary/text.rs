//! The regional summary as a readable report, one block per indicator.

use super::{kinds_text, status_words, Summary, STATUSES};
use caseboard_core::pack::PriorityKind;
use caseboard_core::text::{display_line_cut, pad};
use unicode_width::UnicodeWidthStr;

pub(super) fn text(summary: &Summary) -> String {
    let mut out = String::new();
    let n = summary.areas.len();
    out.push_str(&format!(
        "Regional summary: {n} session{}, {} headline indicator{}\n",
        if n == 1 { "" } else { "s" },
        summary.indicators.len(),
        if summary.indicators.len() == 1 {
            ""
        } else {
            "s"
        },
    ));
    out.push_str(
        "Each priority counts under its headline indicator (the first its pack lists).\n\n",
    );
    let name_width = summary
        .areas
        .iter()
        .map(|a| display_line_cut(&a.name, 60).width())
        .max()
        .unwrap_or(0)
        .max(4);
    out.push_str("Sessions\n");
    for a in &summary.areas {
        out.push_str(&format!(
            "  {}  {}  {} events  {}\n",
            pad(&display_line_cut(&a.name, 60), name_width),
            pad(&display_line_cut(&a.date, 20), 10),
            a.events,
            display_line_cut(&a.file, 200),
        ));
    }
    if !summary.skipped.is_empty() {
        out.push_str(&format!("Skipped ({})\n", summary.skipped.len()));
        for s in &summary.skipped {
            out.push_str(&format!("  {}\n", display_line_cut(&s.problem, 400)));
        }
    }

    for ind in &summary.indicators {
        let counts = ind.counts();
        out.push_str(&format!(
            "\n{}  {}\n",
            display_line_cut(&ind.code, 40),
            display_line_cut(&ind.title, 100)
        ));
        let areas = {
            let mut names: Vec<&str> = ind.entries.iter().map(|e| e.area.as_str()).collect();
            names.dedup();
            names.len()
        };
        let tally: Vec<String> = STATUSES
            .iter()
            .zip(counts)
            .map(|(s, n)| format!("{} {n}", s.phrase()))
            .collect();
        out.push_str(&format!(
            "  {}  ({} area{})\n",
            tally.join(" · "),
            areas,
            if areas == 1 { "" } else { "s" }
        ));
        let rows: Vec<[String; 4]> = ind
            .entries
            .iter()
            .map(|e| {
                let target = match (&e.target, e.status) {
                    (Some((period, value)), _) => format!(
                        "{} = {}",
                        display_line_cut(period, 30),
                        caseboard_core::event::fmt_value(*value)
                    ),
                    (None, status) if status == STATUSES[0].word() => "to be set".to_string(),
                    (None, _) => String::new(),
                };
                let status = match e.kind {
                    PriorityKind::Statutory => format!("{} (statutory)", status_words(e.status)),
                    PriorityKind::Designated => status_words(e.status).to_string(),
                };
                [
                    display_line_cut(&e.area, 60),
                    display_line_cut(&e.priority, 20),
                    status,
                    target,
                ]
            })
            .collect();
        let header = ["area", "priority", "status", "target"];
        let mut widths = header.map(|h| h.width());
        for r in &rows {
            for (w, cell) in widths.iter_mut().zip(r) {
                *w = (*w).max(cell.width());
            }
        }
        for r in std::iter::once(&header.map(String::from)).chain(&rows) {
            let line = format!(
                "    {}  {}  {}  {}",
                pad(&r[0], widths[0]),
                pad(&r[1], widths[1]),
                pad(&r[2], widths[2]),
                r[3]
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        let kinds = kinds_text(&ind.objection_kinds(), " ", ", ");
        out.push_str(&format!(
            "  objections raised: {}\n",
            if kinds.is_empty() { "none" } else { &kinds }
        ));
        let total = ind.entries.len();
        match ind.majority() {
            None => out.push_str("  majority: none (a tie)\n"),
            Some((status, count)) => {
                let word = if count * 2 > total {
                    "majority"
                } else {
                    "most common"
                };
                let differing: Vec<String> = ind
                    .differing()
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {} ({})",
                            display_line_cut(&e.area, 60),
                            display_line_cut(&e.priority, 20),
                            status_words(e.status)
                        )
                    })
                    .collect();
                out.push_str(&format!(
                    "  {word}: {} in {count} of {total}; {}\n",
                    status_words(status),
                    if differing.is_empty() {
                        "no area differs".to_string()
                    } else {
                        format!("differ: {}", differing.join(" · "))
                    }
                ));
            }
        }
    }
    out
}
