//! The minutes as Markdown: the document's sections in order, each table
//! compact (priorities by id and title, indicators by code with a key).

use super::markdown::{cell, hash, md, plural, table, table_head};
use super::model::{checklist_columns, questions, tier_titles, Group, Minutes, OBJECTION_COLUMNS};
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
    let _ = writeln!(
        out,
        "## Summary\n\nDesignated accepted **{} / {}** · statutory agreed **{} / {}** · kept local **{}** · rejected **{}** · deferred **{}** · undecided **{}**\n",
        s.designated_accepted, s.cap, s.statutory_agreed, s.statutory_total, s.kept_local,
        s.rejected, s.deferred, s.undecided
    );
    if s.to_be_set > 0 {
        let _ = writeln!(
            out,
            "{} accepted with the target still to be set.\n",
            plural(s.to_be_set, "priority was", "priorities were")
        );
    }
}

fn decisions(out: &mut String, m: &Minutes<'_>) {
    out.push_str("## Decisions\n\n");
    for g in &m.decisions {
        let _ = writeln!(out, "### {}\n", g.group.heading());
        if let Some(intro) = g.group.intro() {
            let _ = writeln!(out, "{intro}\n");
        }
        let priority =
            |r: &super::model::DecisionRow| format!("{} {}", cell(&r.priority), cell(&r.title));
        match g.group {
            Group::Designated | Group::Statutory => table(
                out,
                &[
                    "priority",
                    "indicator",
                    "baseline",
                    "proposed",
                    "agreed target",
                    "rationale",
                    "decided",
                ],
                g.rows.iter().map(|r| {
                    vec![
                        priority(r),
                        opt(&r.indicator),
                        opt(&r.baseline),
                        opt(&r.proposed),
                        cell(&r.agreed),
                        cell(&r.reason),
                        opt(&r.decided),
                    ]
                }),
            ),
            Group::Local => table(
                out,
                &["priority", "indicator", "reason", "decided"],
                g.rows.iter().map(|r| {
                    vec![
                        priority(r),
                        opt(&r.indicator),
                        cell(&r.reason),
                        opt(&r.decided),
                    ]
                }),
            ),
            Group::Rejected | Group::Deferred => table(
                out,
                &["priority", "reason", "decided"],
                g.rows
                    .iter()
                    .map(|r| vec![priority(r), cell(&r.reason), opt(&r.decided)]),
            ),
            Group::NotDecided => table(
                out,
                &["priority", "kind", "open objections"],
                g.rows.iter().map(|r| {
                    vec![
                        priority(r),
                        r.kind.to_string(),
                        r.open_objections.to_string(),
                    ]
                }),
            ),
        }
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
        &["action", "owner", "due", "priority"],
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
    let _ = writeln!(
        out,
        "## Attendance\n\nPresent {} · apologies {} · not recorded {}\n",
        a.present, a.apologies, a.not_recorded
    );
    for tier in &a.tiers {
        let _ = writeln!(out, "### {}\n", tier.tier);
        table(
            out,
            &["name", "organisation", "role", "attendance"],
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
        out.push_str("No checklist answers were recorded.\n\n");
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
        out.push_str("No tier positions were recorded.\n\n");
        return;
    }
    let mut headers = vec!["priority"];
    headers.extend(tier_titles());
    headers.push("mark");
    table(
        out,
        &headers,
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
        out.push_str("No item's time was recorded.\n\n");
        return;
    }
    table(
        out,
        &["priority", "time used", "timebox", "speakers"],
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
            &["tier", "speaker", "speaking time"],
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
    let now = if m.check.closed {
        "The session is closed: nothing more can be recorded unless it is reopened."
    } else {
        "The session is open again: entries may still be recorded."
    };
    let _ = writeln!(out, "\n{now}\n");
}

fn timeline(out: &mut String, m: &Minutes<'_>) {
    let Some(rows) = &m.timeline else { return };
    out.push_str(
        "## Appendix: timeline\n\nEvery entry on the record, oldest first. A decision marked superseded was replaced by a later decision on the same priority; the tables above show the decision that stands.\n\n",
    );
    out.push_str(
        "| # | time | recorded by | kind | priority | what |\n|---|---|---|---|---|---|\n",
    );
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
    let file = md(&c.file);
    let on = if file.is_empty() {
        "the session file".to_string()
    } else {
        format!("the session file ({file})")
    };
    let _ = writeln!(
        out,
        "To check a printed copy, run `caseboard verify FILE` on {on}: a sound, unaltered record prints this same head hash, and any entry recorded after these minutes, or any alteration, changes it."
    );
}
