//! The minutes as one HTML page: inline CSS, no scripts, nothing fetched,
//! laid out for the screen and for printing on A4 (a page per section, a
//! footer on every printed page with the conference and the head hash).
//! The page is also well-formed XML, so any XML parser reads it.

use super::chart;
use super::model::*;
use caseboard_core::text::clean;
use std::fmt::Write;

/// Untrusted text as HTML text or an attribute value: controls, escape
/// sequences and bidi overrides neutralised as on screen (line breaks
/// folded), then `& < > " '` escaped, so nothing in it is markup.
pub(super) fn esc(s: &str) -> String {
    let clean = clean(s, usize::MAX);
    let text = clean.trim();
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// [`esc`], or a dash for nothing.
fn cell(s: &str) -> String {
    let e = esc(s);
    if e.is_empty() {
        "—".to_string()
    } else {
        e
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(cell).unwrap_or_else(|| "—".to_string())
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 18pt; margin: 0 0 .5rem; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: .15rem; margin-top: 1.6rem; }
h3 { font-size: 11.5pt; margin: 1rem 0 .35rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; }
th, td { border: 1px solid #bbb; padding: .2rem .35rem; text-align: left; vertical-align: top; }
th { background: #eee; }
/* The figures (indicator, baseline, proposed, agreed) keep to one line. */
table.designated td:nth-child(n+2):nth-child(-n+5), table.statutory td:nth-child(n+2):nth-child(-n+5) { white-space: nowrap; }
table.actions td:nth-child(3) { white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0 0 1rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
dl.key dt { font-weight: bold; float: left; clear: left; margin-right: .5rem; }
dl.key dd { margin: 0 0 .15rem 0; }
figure { margin: .6rem 0 1.2rem; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: .2rem; }
svg.chart { max-width: 100%; height: auto; }
table.figures { width: auto; font-size: 8.5pt; margin-top: 0; }
table.figures th, table.figures td { padding: .05rem .3rem; }
p.none { color: #444; font-style: italic; }
footer.running { color: #444; font-size: 8.5pt; border-top: 1px solid #bbb; margin-top: 2rem; padding-top: .2rem; }
code { font-family: "Liberation Mono", "Courier New", monospace; font-size: 8.5pt; word-break: break-all; }
table.frame, table.frame > tbody > tr > td, table.frame > tfoot > tr > td { border: 0; padding: 0; margin: 0; }
table.frame > tfoot { display: none; }
figure.chart { display: flex; flex-wrap: wrap; gap: .2rem 1rem; align-items: flex-start; }
figure.chart figcaption { flex-basis: 100%; }
figure.chart svg.chart { flex: 0 1 64%; }
figure.chart div.figures { flex: 1 1 12rem; }
p.unit { font-size: 8.5pt; margin: .1rem 0; }
@page { size: A4; margin: 14mm 14mm 8mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  section.page { break-before: page; }
  h2, h3 { break-after: avoid; }
  /* Chromium repeats a fixed element on every printed page; the frame's
     footer row, repeated too, keeps the text clear of it. */
  footer.running { position: fixed; bottom: 0; left: 0; right: 0; margin: 0; padding-top: 1mm; background: #fff; }
  table.frame > tfoot { display: table-footer-group; }
  div.footer-space { height: 13mm; }
}
"#;

pub(super) fn page(m: &Minutes<'_>) -> String {
    let mut out = String::with_capacity(128 * 1024);
    let h = &m.heading;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>Minutes: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&h.title)
    );
    // First in the body, so that print repeats it from the first page.
    let _ = writeln!(
        out,
        "<footer class=\"running\">{} · hash chain head <code>{}</code></footer>",
        cell(&h.title),
        cell(&m.check.head_hash)
    );
    // One frame around the document: its empty footer row, repeated on
    // every printed page, keeps the text clear of the running footer.
    out.push_str("<table class=\"frame\" role=\"presentation\"><tfoot><tr><td><div class=\"footer-space\"></div></td></tr></tfoot><tbody><tr><td>\n");
    heading(&mut out, m);
    decisions(&mut out, m);
    charts(&mut out, m);
    actions(&mut out, m);
    objections(&mut out, m);
    attendance(&mut out, m);
    meeting(&mut out, m);
    notes(&mut out, m);
    timeline(&mut out, m);
    check(&mut out, m);
    out.push_str("</td></tr></tbody></table>\n</body>\n</html>\n");
    out
}

/// A table: the headers, then each row's cells, already escaped.
fn table(out: &mut String, class: &str, headers: &[impl AsRef<str>], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        none(out, "None.");
        return;
    }
    let _ = write!(out, "<table class=\"{class}\">\n<thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", esc(h.as_ref()));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{c}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn section(out: &mut String, id: &str, title: &str, new_page: bool) {
    let class = if new_page { " class=\"page\"" } else { "" };
    let _ = writeln!(out, "<section id=\"{id}\"{class}>\n<h2>{title}</h2>");
}

fn heading(out: &mut String, m: &Minutes<'_>) {
    let h = &m.heading;
    let _ = writeln!(
        out,
        "<header id=\"heading\">\n<h1>Minutes: {}</h1>\n<dl class=\"meta\">",
        cell(&h.title)
    );
    let mut item = |term: &str, value: String| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    };
    item("Partnership", cell(&h.partnership));
    item("Government Office", cell(&h.government_office));
    item("Date", cell(&h.date));
    item(
        "Times",
        format!("local, {}; the record keeps UTC", cell(&h.zone)),
    );
    item(
        "Venue",
        h.venue
            .as_deref()
            .map(cell)
            .unwrap_or_else(|| "not recorded".into()),
    );
    item("Session", cell(&h.session));
    if let Some(f) = &h.finish {
        item("Finish", cell(f));
    }
    out.push_str("</dl>\n");
    let s = &m.summary;
    out.push_str("<p class=\"summary\">");
    for (i, (label, figure)) in s.figures().iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        let _ = write!(out, "{label} <strong>{figure}</strong>");
    }
    out.push_str("</p>\n");
    if let Some(words) = s.to_be_set_words() {
        let _ = writeln!(out, "<p>{words}</p>");
    }
    out.push_str("</header>\n");
}

fn group_id(g: Group) -> &'static str {
    match g {
        Group::Designated => "designated",
        Group::Statutory => "statutory",
        Group::Local => "local",
        Group::Rejected => "rejected",
        Group::Deferred => "deferred",
        Group::NotDecided => "not-decided",
    }
}

fn decisions(out: &mut String, m: &Minutes<'_>) {
    section(out, "decisions", "Decisions", false);
    for g in &m.decisions {
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{}</h3>",
            group_id(g.group),
            g.group.heading()
        );
        if let Some(intro) = g.group.intro() {
            let _ = writeln!(out, "<p>{intro}</p>");
        }
        let class = format!("decisions {}", group_id(g.group));
        let columns = g.group.columns();
        let rows = g
            .rows
            .iter()
            .map(|r| {
                columns
                    .iter()
                    .map(|c| match c {
                        Column::Priority => {
                            format!("<strong>{}</strong> {}", cell(&r.priority), esc(&r.title))
                        }
                        Column::Indicator => opt(&r.indicator),
                        Column::Baseline => opt(&r.baseline),
                        Column::Proposed => opt(&r.proposed),
                        Column::Agreed => format!("<strong>{}</strong>", cell(&r.agreed)),
                        Column::Rationale | Column::Reason => cell(&r.reason),
                        Column::Decided => opt(&r.decided),
                        Column::Kind => r.kind.to_string(),
                        Column::OpenObjections => r.open_objections.to_string(),
                    })
                    .collect()
            })
            .collect();
        table(out, &class, &g.group.headings(), rows);
    }
    if !m.key.is_empty() {
        out.push_str("<h3>Indicators named above</h3>\n<dl class=\"key\">\n");
        for k in &m.key {
            let _ = write!(out, "<dt>{}</dt><dd>{}", cell(&k.code), esc(&k.title));
            if let Some(unit) = &k.unit {
                let _ = write!(out, " ({})", esc(unit));
            }
            out.push_str("</dd>\n");
        }
        out.push_str("</dl>\n");
    }
    out.push_str("</section>\n");
}

fn charts(out: &mut String, m: &Minutes<'_>) {
    section(out, "charts", "The decided priorities' indicators", true);
    if m.charts.is_empty() {
        none(out, NO_INDICATORS);
    }
    for (i, c) in m.charts.iter().enumerate() {
        let id = format!("chart-{}", i + 1);
        let _ = writeln!(
            out,
            "<figure id=\"{id}\" class=\"chart\">\n<figcaption>{} {}: {} {} ({})</figcaption>",
            cell(&c.priority),
            esc(&c.title),
            esc(&c.code),
            esc(&c.indicator),
            esc(&c.outcome)
        );
        let axis = chart::axis(c);
        match chart::svg(c, &axis, &id) {
            Some(svg) => {
                out.push_str(&svg);
                out.push('\n');
            }
            None => none(out, NO_FIGURES),
        }
        // The same figures as text, in the chart's order, for readers who
        // cannot see the chart.
        let mut rows: Vec<Vec<String>> = axis
            .points
            .iter()
            .map(|p| {
                vec![
                    p.mark.word().to_string(),
                    cell(&p.written),
                    esc(&caseboard_core::event::exact_value(p.value)),
                ]
            })
            .collect();
        rows.extend(c.comparators.iter().map(|(name, v)| {
            vec![
                format!("comparator: {}", esc(name)),
                "—".to_string(),
                esc(&caseboard_core::event::exact_value(*v)),
            ]
        }));
        out.push_str("<div class=\"figures\">\n");
        table(out, "figures", &["figure", "period", "value"], rows);
        if let Some(unit) = c.unit.as_deref().map(esc).filter(|u| !u.is_empty()) {
            let _ = writeln!(out, "<p class=\"unit\">Unit: {unit}.</p>");
        }
        out.push_str("</div>\n</figure>\n");
    }
    out.push_str("</section>\n");
}

fn actions(out: &mut String, m: &Minutes<'_>) {
    section(out, "actions", "Actions", true);
    let rows = m
        .actions
        .iter()
        .map(|a| vec![cell(&a.text), opt(&a.owner), opt(&a.due), cell(&a.about)])
        .collect();
    table(out, "actions", &ACTION_COLUMNS, rows);
    out.push_str("</section>\n");
}

fn objections(out: &mut String, m: &Minutes<'_>) {
    section(
        out,
        "objections",
        "Objections and how each was settled",
        true,
    );
    let rows = m
        .objections()
        .map(|o| {
            vec![
                cell(o.id),
                cell(&o.priority_words()),
                cell(&o.raised_words()),
                cell(&o.kind_words()),
                cell(o.text),
                cell(&o.outcome_words()),
            ]
        })
        .collect();
    table(out, "objections", &OBJECTION_COLUMNS, rows);
    out.push_str("</section>\n");
}

fn attendance(out: &mut String, m: &Minutes<'_>) {
    section(out, "attendance", "Attendance", true);
    let a = &m.attendance;
    let _ = writeln!(out, "<p>{}</p>", a.words());
    for tier in &a.tiers {
        let _ = writeln!(out, "<h3>{}</h3>", esc(tier.tier));
        let rows = tier
            .people
            .iter()
            .map(|p| {
                vec![
                    cell(&p.name),
                    cell(&p.organisation),
                    opt(&p.role),
                    p.attendance.to_string(),
                ]
            })
            .collect();
        table(out, "attendance", &ATTENDEE_COLUMNS, rows);
    }
    out.push_str("</section>\n");
}

/// The readiness checklist, the tier positions, time and speakers.
fn meeting(out: &mut String, m: &Minutes<'_>) {
    section(out, "meeting", "The discussion", true);
    out.push_str("<h3>Readiness checklist</h3>\n");
    if m.checklist.is_empty() {
        none(out, NO_CHECKLIST);
    } else {
        out.push_str("<ol class=\"questions\">");
        for q in questions() {
            let _ = write!(out, "<li>{}</li>", esc(q));
        }
        out.push_str("</ol>\n");
        let rows = m
            .checklist
            .iter()
            .map(|r| {
                let mut row = vec![cell(&r.priority)];
                row.extend(r.answers.iter().map(|a| esc(a)));
                row.push(esc(&r.readiness));
                row
            })
            .collect();
        table(out, "checklist", &checklist_columns(), rows);
    }
    out.push_str("<h3>Tier positions (the vertical test)</h3>\n");
    if m.positions.is_empty() {
        none(out, NO_POSITIONS);
    } else {
        let rows = m
            .positions
            .iter()
            .map(|r| {
                let mut row = vec![cell(&r.priority)];
                row.extend(r.positions.iter().map(|p| esc(p)));
                row.push(format!("<code>{}</code>", esc(&r.mark)));
                row
            })
            .collect();
        table(out, "positions", &position_columns(), rows);
    }
    out.push_str("<h3>Time and speakers</h3>\n");
    if m.time.is_empty() {
        none(out, NO_TIME);
    } else {
        let rows = m
            .time
            .iter()
            .map(|r| {
                vec![
                    cell(&r.priority),
                    esc(&r.used),
                    opt(&r.timebox),
                    cell(&r.speakers),
                ]
            })
            .collect();
        table(out, "time", &TIME_COLUMNS, rows);
        if !m.speakers.is_empty() {
            let rows = m
                .speakers
                .iter()
                .map(|r| {
                    vec![
                        r.tier.unwrap_or("—").to_string(),
                        cell(&r.speaker),
                        esc(&r.time),
                    ]
                })
                .collect();
            table(out, "speakers", &SPEAKER_COLUMNS, rows);
        }
    }
    out.push_str("</section>\n");
}

fn notes(out: &mut String, m: &Minutes<'_>) {
    section(out, "notes", "Notes", false);
    if m.notes.is_empty() {
        none(out, "None.");
    } else {
        out.push_str("<ul class=\"notes\">\n");
        for n in &m.notes {
            let lines: Vec<String> = n.lines.iter().map(|l| esc(l)).collect();
            let _ = writeln!(
                out,
                "<li>On {} ({}, {}):<br/>{}</li>",
                cell(&n.about),
                cell(&n.by),
                esc(&n.when),
                lines.join("<br/>")
            );
        }
        out.push_str("</ul>\n");
    }
    if !m.closing.is_empty() {
        out.push_str("<h3>Closing</h3>\n<ul class=\"closing\">\n");
        for c in &m.closing {
            let _ = writeln!(out, "<li>{}: {}</li>", esc(&c.when), esc(&c.what));
        }
        let _ = writeln!(out, "</ul>\n<p>{}</p>", m.check.session_words());
    }
    out.push_str("</section>\n");
}

fn timeline(out: &mut String, m: &Minutes<'_>) {
    let Some(rows) = &m.timeline else { return };
    section(out, "timeline", "Appendix: timeline", true);
    let _ = writeln!(out, "<p>{TIMELINE_INTRO}</p>");
    let rows = rows
        .iter()
        .map(|e| {
            let mut what = esc(&e.what);
            if let Some(later) = e.superseded_by {
                let _ = write!(what, " <strong>(superseded by #{later})</strong>");
            }
            vec![
                e.seq.to_string(),
                esc(&e.time),
                cell(&e.by),
                esc(e.kind),
                cell(&e.priority),
                what,
            ]
        })
        .collect();
    table(out, "timeline", &TIMELINE_COLUMNS, rows);
    out.push_str("</section>\n");
}

fn check(out: &mut String, m: &Minutes<'_>) {
    section(out, "check", "Checking this record", false);
    let c = &m.check;
    let _ = writeln!(
        out,
        "<ul>\n<li>Events: {}</li>\n<li>Hash chain head (event #{}): <code class=\"head\">{}</code></li>\n<li>Pack SHA-256: <code>{}</code></li>\n</ul>",
        c.events,
        c.events,
        cell(&c.head_hash),
        cell(&c.pack_sha256)
    );
    let _ = writeln!(
        out,
        "<p>{VERIFY_BEFORE} <code>{VERIFY_COMMAND}</code> on {}: {VERIFY_SHOWS}</p>",
        esc(&c.file_words())
    );
    out.push_str("</section>\n");
}

/// A section's sentence for having nothing to show.
fn none(out: &mut String, sentence: &str) {
    let _ = writeln!(out, "<p class=\"none\">{sentence}</p>");
}
