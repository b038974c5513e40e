//! The minutes as Markdown: the document's sections in order, each table
//! compact (priorities by id and title, indicators by code with a key).

use super::markdown::{cell, hash, md, table, table_head};
use super::model::*;
use std::fmt::Write;

/// Written a section at a time: the text of the whole is never held.
pub(super) fn markdown(w: &mut dyn std::io::Write, m: &Minutes<'_>) -> std::io::Result<()> {
    let mut out = String::with_capacity(64 * 1024);
    let first: [fn(&mut String, &Minutes<'_>); 4] = [heading, summary, decisions, actions];
    for section in first {
        section(&mut out, m);
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    objections(w, &mut out, m)?;
    let sections: [fn(&mut String, &Minutes<'_>); 8] = [
        attendance,
        checklist,
        positions,
        time_and_speakers,
        notes,
        closing,
        timeline,
        check,
    ];
    for section in sections {
        section(&mut out, m);
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    Ok(())
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(cell).unwrap_or_else(|| "—".to_string())
}

fn heading(out: &mut String, m: &Minutes<'_>) {
    let h = &m.heading;
    let _ = writeln!(out, "# Minutes: {}\n", cell(&h.title));
    let _ = writeln!(out, "- **Partnership:** {}", cell(&h.partnership));
    let _ = writeln!(
        out,
        "- **Government Office:** {}",
        cell(&h.government_office)
    );
    let _ = writeln!(out, "- **Date:** {}", cell(&h.date));
    let _ = writeln!(
        out,
        "- **Times:** local, {}; the record keeps UTC",
        cell(&h.zone)
    );
    let venue = h
        .venue
        .as_deref()
        .map(cell)
        .unwrap_or_else(|| "not recorded".to_string());
    let _ = writeln!(out, "- **Venue:** {venue}");
    let _ = writeln!(out, "- **Session:** {}", md(&h.session));
    if let Some(line) = &h.finish {
        let _ = writeln!(out, "- **Finish:** {}", md(line));
    }
    out.push('\n');
}

fn summary(out: &mut String, m: &Minutes<'_>) {
    let s = &m.summary;
    out.push_str("## Summary\n\n");
    for (i, (label, figure)) in s.figures().iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        let _ = write!(out, "{label} **{figure}**");
    }
    out.push_str("\n\n");
    if let Some(words) = s.to_be_set_words() {
        let _ = writeln!(out, "{words}\n");
    }
}

fn decisions(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Decisions\n\n");
    for g in &m.decisions {
        let _ = writeln!(out, "### {}\n", g.group.heading());
        if let Some(intro) = g.group.intro() {
            let _ = writeln!(out, "{intro}\n");
        }
        let columns = g.group.columns();
        table(
            out,
            &g.group.headings(),
            g.rows.iter().map(|r| {
                columns
                    .iter()
                    .map(|c| match c {
                        Column::Priority => format!("{} {}", cell(&r.priority), cell(&r.title)),
                        Column::Indicator => opt(&r.indicator),
                        Column::Baseline => opt(&r.baseline),
                        Column::Proposed => opt(&r.proposed),
                        Column::Agreed => cell(&r.agreed),
                        Column::Rationale | Column::Reason => cell(&r.reason),
                        Column::Decided => opt(&r.decided),
                        Column::Kind => r.kind.to_string(),
                        Column::OpenObjections => r.open_objections.to_string(),
                    })
                    .collect::<Vec<_>>()
            }),
        );
    }
    if !m.key.is_empty() {
        out.push_str("Indicators named above:\n\n");
        for k in &m.key {
            let _ = write!(out, "- **{}** {}", cell(&k.code), md(&k.title));
            if let Some(unit) = &k.unit {
                let _ = write!(out, " ({})", md(unit));
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

fn actions(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Actions\n\n");
    table(
        out,
        &ACTION_COLUMNS,
        m.actions
            .iter()
            .map(|a| vec![cell(&a.text), opt(&a.owner), opt(&a.due), cell(&a.about)]),
    );
}

/// The objections, written out in pieces as the rows are made: a record
/// may hold thousands.
fn objections(
    w: &mut dyn std::io::Write,
    out: &mut String,
    m: &Minutes<'_>,
) -> std::io::Result<()> {
    out.push_str("## Objections\n\n");
    if m.objection_count() == 0 {
        out.push_str("None.\n\n");
        return Ok(());
    }
    table_head(out, &OBJECTION_COLUMNS);
    for o in m.objections() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(o.id),
            cell(&o.priority_words()),
            cell(&o.raised_words()),
            cell(&o.kind_words()),
            cell(o.text),
            cell(&o.outcome_words())
        );
        if out.len() >= 32 * 1024 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    out.push('\n');
    Ok(())
}

fn attendance(out: &mut String, m: &Minutes<'_>) {
    let a = &m.attendance;
    let _ = writeln!(out, "## Attendance\n\n{}\n", a.words());
    for tier in &a.tiers {
        let _ = writeln!(out, "### {}\n", tier.tier);
        table(
            out,
            &ATTENDEE_COLUMNS,
            tier.people.iter().map(|p| {
                vec![
                    cell(&p.name),
                    cell(&p.organisation),
                    opt(&p.role),
                    p.attendance.to_string(),
                ]
            }),
        );
    }
}

fn checklist(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Readiness checklist\n\n");
    if m.checklist.is_empty() {
        let _ = write!(out, "{NO_CHECKLIST}\n\n");
        return;
    }
    out.push_str("For the items that had answers. The questions, in column order:\n\n");
    for (i, q) in questions().iter().enumerate() {
        let _ = writeln!(out, "{}. {q}", i + 1);
    }
    out.push('\n');
    table(
        out,
        &checklist_columns(),
        m.checklist.iter().map(|r| {
            let mut row = vec![cell(&r.priority)];
            row.extend(r.answers.iter().map(|a| a.to_string()));
            row.push(r.readiness.clone());
            row
        }),
    );
}

fn positions(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Tier positions (the vertical test)\n\n");
    if m.positions.is_empty() {
        let _ = write!(out, "{NO_POSITIONS}\n\n");
        return;
    }
    table(
        out,
        &position_columns(),
        m.positions.iter().map(|r| {
            let mut row = vec![cell(&r.priority)];
            row.extend(r.positions.iter().map(|p| p.to_string()));
            row.push(format!("`{}`", r.mark.replace('`', "'")));
            row
        }),
    );
}

fn time_and_speakers(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Time and speakers\n\n");
    if m.time.is_empty() {
        let _ = write!(out, "{NO_TIME}\n\n");
        return;
    }
    table(
        out,
        &TIME_COLUMNS,
        m.time.iter().map(|r| {
            vec![
                cell(&r.priority),
                r.used.clone(),
                opt(&r.timebox),
                cell(&r.speakers),
            ]
        }),
    );
    if !m.speakers.is_empty() {
        table(
            out,
            &SPEAKER_COLUMNS,
            m.speakers.iter().map(|r| {
                vec![
                    r.tier.unwrap_or("—").to_string(),
                    cell(&r.speaker),
                    r.time.clone(),
                ]
            }),
        );
    }
}

fn notes(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Notes\n\n");
    if m.notes.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    for n in &m.notes {
        let lines: Vec<String> = n
            .lines
            .iter()
            .map(|l| md(l))
            .filter(|l| !l.is_empty())
            .collect();
        let _ = writeln!(
            out,
            "- On {} ({}, {}):\\\n  {}",
            cell(&n.about),
            cell(&n.by),
            md(&n.when),
            lines.join("\\\n  ")
        );
    }
    out.push('\n');
}

fn closing(out: &mut String, m: &Minutes<'_>) {
    if m.closing.is_empty() {
        return;
    }
    out.push_str("## Closing\n\n");
    for c in &m.closing {
        let _ = writeln!(out, "- {}: {}", md(&c.when), md(&c.what));
    }
    let _ = writeln!(out, "\n{}\n", m.check.session_words());
}

fn timeline(out: &mut String, m: &Minutes<'_>) {
    let Some(rows) = &m.timeline else { return };
    let _ = writeln!(out, "## Appendix: timeline\n\n{TIMELINE_INTRO}\n");
    table_head(out, &TIMELINE_COLUMNS);
    for e in rows {
        let _ = write!(
            out,
            "| {} | {} | {} | {} | {} | {}",
            e.seq,
            md(&e.time),
            cell(&e.by),
            e.kind,
            cell(&e.priority),
            md(&e.what)
        );
        if let Some(later) = e.superseded_by {
            let _ = write!(out, " **(superseded by #{later})**");
        }
        out.push_str(" |\n");
    }
    out.push('\n');
}

fn check(out: &mut String, m: &Minutes<'_>) {
    let c = &m.check;
    let _ = writeln!(
        out,
        "## Checking this record\n\n- Events: {}\n- Hash chain head (event #{}): {}\n- Pack SHA-256: {}\n",
        c.events,
        c.events,
        hash(&c.head_hash),
        hash(&c.pack_sha256)
    );
    let _ = writeln!(
        out,
        "{VERIFY_BEFORE} `{VERIFY_COMMAND}` on {}: {VERIFY_SHOWS}",
        md(&c.file_words())
    );
}
