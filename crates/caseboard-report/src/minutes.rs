//! `caseboard export --format md`: the minutes a chair circulates after the
//! meeting, folded from the record and nothing else.
//!
//! The output is deterministic (no "exported at" time), so the same log
//! always gives the same bytes. Every piece of text that came from the pack
//! or from typing goes through [`md`] (or [`md_lines`]): control characters,
//! escape sequences and bidi overrides are neutralised as on screen, and the
//! characters Markdown would obey are escaped, so hostile text cannot open a
//! heading, a table column, a code span, a link or raw HTML.

use crate::report::tally;
use caseboard_core::board::{DecisionRecord, Entry, ObjectionStatus};
use caseboard_core::event::{ActionItem, Note};
use caseboard_core::meeting::{tier_title, Position, Presence, Question, TIERS};
use caseboard_core::pack::{PeriodValue, PriorityKind, Tier};
use caseboard_core::text::{clean, display};
use caseboard_core::Record;
use caseboard_core::{Board, Event, EventBody, Status};
use chrono::{DateTime, Datelike, Timelike, Utc};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The minutes of the session, as Markdown.
pub fn markdown(record: &Record) -> String {
    render(
        &record.events,
        &record.board,
        &record.head_hash,
        &record.pack_sha256,
        &record.file,
    )
}

// ------------------------------------------------------------ safe text

/// One line of untrusted text, safe inside a Markdown paragraph, list item,
/// heading or table cell: neutralised with [`caseboard_core::text::display_line`], trimmed, with
/// Markdown's inline punctuation backslash-escaped (`\` `` ` `` `*` `_` `[`
/// `]` `<` `>` `|` `#` `~`, and `&` where it could start an entity such as
/// `&#x202E;`), and a leading block marker (`-`, `+`, `=`, `1.`) escaped.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_md(&mut out, s);
    out
}

/// As [`md`], appending to `out`. Text with nothing to neutralise or escape
/// (nearly all of it) is copied as it is.
pub fn push_md(out: &mut String, s: &str) {
    let clean = clean(s, usize::MAX);
    let text = clean.trim();
    let special = |b: u8| {
        matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'#' | b'~' | b'&'
        )
    };
    let leading = matches!(
        text.as_bytes().first(),
        Some(b'-' | b'+' | b'=' | b'0'..=b'9')
    );
    if !leading && !text.bytes().any(special) {
        out.push_str(text);
        return;
    }
    // A leading `-`, `+` or `=` could start a list, a rule or a heading
    // underline; `1.` or `1)` an ordered list.
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    let ordered =
        (1..=9).contains(&digits) && matches!(text[digits..].chars().next(), Some('.') | Some(')'));
    if matches!(text.chars().next(), Some('-' | '+' | '=')) {
        out.push('\\');
    }
    let mut chars = text.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if matches!(chars.peek(), Some(n) if *n == '#' || n.is_ascii_alphanumeric()) => {
                out.push_str("\\&");
            }
            '.' | ')' if ordered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        i += 1;
    }
}

/// As [`push_md`], or a dash for nothing.
fn push_cell(out: &mut String, s: &str) {
    let before = out.len();
    push_md(out, s);
    if out.len() == before {
        out.push('—');
    }
}

/// Untrusted text that may hold line breaks, inside a list item whose
/// continuation lines are indented by `indent` spaces: each line as [`md`],
/// blank lines dropped, joined by Markdown hard breaks.
pub fn md_lines(s: &str, indent: usize) -> String {
    let joint = format!("\\\n{}", " ".repeat(indent));
    display(s)
        .lines()
        .map(md)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(&joint)
}

/// [`md`], or a dash for nothing.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_cell(&mut out, s);
    out
}

/// A hash as a code span when it is one; anything else (a damaged file) as text.
fn hash(h: &str) -> String {
    if !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()) {
        format!("`{h}`")
    } else {
        cell(h)
    }
}

/// The exact figure (no rounding: an agreed target is quoted as agreed).
fn figure(v: f64) -> String {
    format!("{v}")
}

fn period_value(pv: &PeriodValue) -> String {
    format!("{} = {}", md(&pv.period), figure(pv.value))
}

fn minute(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// RFC 3339 to the millisecond, as `caseboard log` prints it.
pub(crate) fn push_instant(out: &mut String, at: DateTime<Utc>) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.timestamp_subsec_millis().min(999)
    );
}

fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ------------------------------------------------------------ the document

struct Minutes<'a> {
    board: &'a Board,
    out: String,
    /// Seq of the decision that superseded a decision (by the earlier one's seq).
    superseded_by: HashMap<u64, u64>,
    /// How each objection was closed: seq, time, who.
    closed_at: HashMap<&'a str, &'a Event>,
    checklisted: HashSet<&'a str>,
    positioned: HashSet<&'a str>,
}

/// The minutes of `events` folded into `board` (which must be their fold).
pub fn render(
    events: &[Event],
    board: &Board,
    head_hash: &str,
    pack_sha256: &str,
    file: &str,
) -> String {
    let mut m = Minutes {
        board,
        out: String::with_capacity(4096 + events.len() * 160),
        superseded_by: HashMap::new(),
        closed_at: HashMap::new(),
        checklisted: HashSet::new(),
        positioned: HashSet::new(),
    };
    let mut last_decision: HashMap<&str, u64> = HashMap::new();
    for e in events {
        match &e.body {
            EventBody::DecisionRecorded(d) => {
                if let Some(prev) = last_decision.insert(&d.priority, e.seq) {
                    m.superseded_by.insert(prev, e.seq);
                }
            }
            EventBody::ObjectionResolved(c) | EventBody::ObjectionWithdrawn(c) => {
                m.closed_at.entry(&c.objection).or_insert(e);
            }
            EventBody::ChecklistAnswered(c) => {
                m.checklisted.insert(&c.priority);
            }
            EventBody::TierPositionRecorded(t) => {
                m.positioned.insert(&t.priority);
            }
            _ => {}
        }
    }
    m.heading();
    m.attendees();
    m.summary();
    m.designated();
    m.statutory();
    m.local();
    m.rejected_and_deferred();
    m.objections();
    m.actions(&board.all_actions());
    m.checklist();
    m.positions();
    m.notes();
    m.closing(events);
    m.timeline(events);
    m.integrity(events, head_hash, pack_sha256, file);
    m.out
}

impl Minutes<'_> {
    fn title_of(&self, id: &str) -> String {
        self.board
            .spec(id)
            .map(|s| cell(&s.title))
            .unwrap_or_else(|| "—".to_string())
    }

    /// An attendee as "Name (Organisation)"; an id not in the pack as typed.
    fn person(&self, id: &str) -> String {
        match self.board.attendee(id) {
            Some(a) => format!("{} ({})", md(&a.name), md(&a.organisation)),
            None => cell(id),
        }
    }

    fn headline(&self, id: &str) -> (String, String) {
        let indicator = self
            .board
            .spec(id)
            .and_then(|s| self.board.pack().headline_indicator(s));
        match indicator {
            None => ("—".to_string(), "—".to_string()),
            Some(i) => {
                let mut name = format!("{} {}", md(&i.code), md(&i.title));
                if let Some(unit) = i.unit.as_deref().map(md).filter(|u| !u.is_empty()) {
                    let _ = write!(name, "; unit: {unit}");
                }
                let baseline = i
                    .baseline
                    .as_ref()
                    .map(period_value)
                    .unwrap_or_else(|| "—".to_string());
                (name, baseline)
            }
        }
    }

    fn proposed(&self, id: &str) -> Option<&PeriodValue> {
        self.board
            .spec(id)
            .and_then(|s| self.board.pack().headline_indicator(s))
            .and_then(|i| i.proposed_target.as_ref())
    }

    /// The standing decision's rationale, with the objections it was taken over.
    fn reason(d: &DecisionRecord) -> String {
        let mut s = md(&d.decision.rationale);
        if !d.decision.open_objections.is_empty() {
            if !s.is_empty() {
                s.push(' ');
            }
            let ids: Vec<String> = d.decision.open_objections.iter().map(|o| md(o)).collect();
            let _ = write!(s, "(taken over open objections {})", ids.join(", "));
        }
        if s.is_empty() {
            "—".to_string()
        } else {
            s
        }
    }

    /// Who decided and when, and which earlier decisions it supersedes.
    fn decided(decisions: &[DecisionRecord]) -> String {
        let Some(d) = decisions.last() else {
            return "—".to_string();
        };
        let mut s = format!("{}, {} (#{})", cell(&d.actor), minute(d.at), d.seq);
        if decisions.len() > 1 {
            let earlier: Vec<String> = decisions[..decisions.len() - 1]
                .iter()
                .map(|e| format!("#{}", e.seq))
                .collect();
            let _ = write!(s, "; supersedes {}", earlier.join(", "));
        }
        s
    }

    fn heading(&mut self) {
        let c = &self.board.pack().conference;
        let _ = writeln!(self.out, "# Minutes: {}\n", cell(&c.title));
        let _ = writeln!(self.out, "- **Partnership:** {}", cell(&c.partnership));
        let _ = writeln!(
            self.out,
            "- **Government Office:** {}",
            cell(&c.government_office)
        );
        let _ = writeln!(self.out, "- **Date:** {}", cell(&c.date));
        let venue = c
            .venue
            .as_deref()
            .map(cell)
            .unwrap_or_else(|| "not recorded".to_string());
        let _ = writeln!(self.out, "- **Venue:** {venue}");
        let status = match self.board.closed() {
            Some(closed) => {
                let mut s = format!(
                    "closed by {} at {} (#{})",
                    cell(&closed.actor),
                    minute(closed.at),
                    closed.seq
                );
                if !closed.item.reason.trim().is_empty() {
                    let _ = write!(s, ": {}", md(&closed.item.reason));
                }
                s
            }
            None => "open: entries may still be recorded".to_string(),
        };
        let _ = writeln!(self.out, "- **Session:** {status}\n");
    }

    fn attendees(&mut self) {
        self.out.push_str("## Attendees\n\n");
        let pack = self.board.pack().clone();
        let (mut present, mut apologies, mut unknown) = (0, 0, 0);
        for a in &pack.attendees {
            match self.board.presence(&a.id) {
                Some(Presence::Present) => present += 1,
                Some(Presence::Apologies) => apologies += 1,
                None => unknown += 1,
            }
        }
        let _ = writeln!(
            self.out,
            "Present {present} · apologies {apologies} · not recorded {unknown}\n"
        );
        for tier in TIERS {
            let name = match tier {
                Tier::Local => "Local",
                Tier::Regional => "Regional",
                Tier::Central => "Central",
            };
            let _ = writeln!(self.out, "### {name}\n");
            let rows: Vec<Vec<String>> = pack
                .attendees
                .iter()
                .filter(|a| a.tier == tier)
                .map(|a| {
                    let presence = match self.board.presence(&a.id) {
                        Some(p) => p.as_str(),
                        None => "not recorded",
                    };
                    vec![
                        cell(&a.name),
                        cell(&a.organisation),
                        a.role.as_deref().map(cell).unwrap_or_else(|| "—".into()),
                        presence.to_string(),
                    ]
                })
                .collect();
            table(
                &mut self.out,
                &["name", "organisation", "role", "attendance"],
                &rows,
            );
        }
    }

    fn summary(&mut self) {
        let board = self.board;
        let statutory_total = board
            .priorities()
            .iter()
            .filter(|p| p.kind == PriorityKind::Statutory)
            .count();
        let (statutory, local, rejected, deferred, undecided) = tally(board);
        let to_be_set = board
            .priorities()
            .iter()
            .filter(|p| matches!(p.status, Status::Accepted { target: None }))
            .count();
        let _ = writeln!(
            self.out,
            "## Summary\n\nDesignated accepted **{} / {}** · statutory agreed **{statutory} / {statutory_total}** · kept local **{local}** · rejected **{rejected}** · deferred **{deferred}** · undecided **{undecided}**\n",
            board.designated_accepted(),
            board.cap()
        );
        if to_be_set > 0 {
            let _ = writeln!(
                self.out,
                "{} accepted with the target still to be set.\n",
                plural(to_be_set, "priority was", "priorities were")
            );
        }
    }

    /// Rows of accepted-or-agreed tables: id, title, indicator, baseline,
    /// agreed target, rationale, decided.
    fn target_rows(&self, kind: PriorityKind, only_accepted: bool) -> Vec<Vec<String>> {
        self.board
            .priorities()
            .iter()
            .filter(|p| p.kind == kind)
            .filter(|p| !only_accepted || matches!(p.status, Status::Accepted { .. }))
            .map(|p| {
                let (indicator, baseline) = self.headline(&p.id);
                let proposed = self.proposed(&p.id).map(period_value);
                let agreed = match (&p.status, proposed) {
                    (Status::Accepted { target }, proposed) => {
                        let mut s = target
                            .as_ref()
                            .map(period_value)
                            .unwrap_or_else(|| "to be set".to_string());
                        if let Some(proposed) = proposed {
                            let _ = write!(s, " (proposed {proposed})");
                        }
                        s
                    }
                    (status, proposed) => {
                        let mut s = format!("not agreed: {}", status.word());
                        if let Some(proposed) = proposed {
                            let _ = write!(s, "; proposed {proposed}");
                        }
                        s
                    }
                };
                let current = p.decisions.last();
                vec![
                    md(&p.id),
                    self.title_of(&p.id),
                    indicator,
                    baseline,
                    agreed,
                    current.map(Self::reason).unwrap_or_else(|| "—".into()),
                    Self::decided(&p.decisions),
                ]
            })
            .collect()
    }

    const TARGET_HEADERS: [&'static str; 7] = [
        "priority",
        "title",
        "headline indicator",
        "baseline",
        "agreed target",
        "rationale",
        "decided by, when",
    ];

    fn designated(&mut self) {
        self.out.push_str("## Agreed designated targets\n\n");
        let rows = self.target_rows(PriorityKind::Designated, true);
        table(&mut self.out, &Self::TARGET_HEADERS, &rows);
    }

    fn statutory(&mut self) {
        self.out.push_str("## Statutory targets\n\n");
        let rows = self.target_rows(PriorityKind::Statutory, false);
        table(&mut self.out, &Self::TARGET_HEADERS, &rows);
    }

    /// Rows for priorities in `status`: id, title, [indicator,] reason, decided.
    fn reason_rows(&self, status: &Status, with_indicator: bool) -> Vec<Vec<String>> {
        self.board
            .priorities()
            .iter()
            .filter(|p| &p.status == status)
            .map(|p| {
                let mut row = vec![md(&p.id), self.title_of(&p.id)];
                if with_indicator {
                    row.push(self.headline(&p.id).0);
                }
                row.push(
                    p.decisions
                        .last()
                        .map(Self::reason)
                        .unwrap_or_else(|| "—".into()),
                );
                row.push(Self::decided(&p.decisions));
                row
            })
            .collect()
    }

    fn local(&mut self) {
        self.out.push_str(
            "## Local priorities\n\nRejected as designated targets, kept as local priorities.\n\n",
        );
        let rows = self.reason_rows(&Status::KeptLocal, true);
        table(
            &mut self.out,
            &[
                "priority",
                "title",
                "headline indicator",
                "reason",
                "decided by, when",
            ],
            &rows,
        );
    }

    fn rejected_and_deferred(&mut self) {
        let headers = ["priority", "title", "reason", "decided by, when"];
        self.out
            .push_str("## Rejected and deferred\n\n### Rejected\n\n");
        let rows = self.reason_rows(&Status::Rejected, false);
        table(&mut self.out, &headers, &rows);
        self.out.push_str("### Deferred\n\n");
        let rows = self.reason_rows(&Status::Deferred, false);
        table(&mut self.out, &headers, &rows);
        let undecided: Vec<Vec<String>> = self
            .board
            .priorities()
            .iter()
            .filter(|p| p.status == Status::Undecided)
            .map(|p| {
                vec![
                    md(&p.id),
                    self.title_of(&p.id),
                    p.kind.as_str().to_string(),
                    p.open_objections.to_string(),
                ]
            })
            .collect();
        if !undecided.is_empty() {
            self.out.push_str("### Not decided\n\n");
            table(
                &mut self.out,
                &["priority", "title", "kind", "open objections"],
                &undecided,
            );
        }
    }

    fn objections(&mut self) {
        self.out.push_str("## Objections\n\n");
        let board = self.board;
        let position: HashMap<&str, usize> = board
            .priorities()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut all: Vec<_> = board.objections().iter().collect();
        // Agenda order; within a priority, the pack's first, then as raised.
        all.sort_by_key(|o| position.get(o.priority.as_str()).copied());
        let rows: Vec<Vec<String>> = all
            .iter()
            .map(|o| {
                let mut by = match o.raised_by.as_deref() {
                    Some(a) => self.person(a),
                    None => "not recorded".to_string(),
                };
                match o.raised_at {
                    None => by.push_str(", before the meeting"),
                    Some(seq) => {
                        let _ = write!(by, ", in the meeting (#{seq})");
                    }
                }
                let mut kind = o.kind.as_str().replace('_', " ");
                if let Some(alt) = &o.alternative {
                    let _ = write!(kind, ": {} instead", md(alt));
                }
                let closed = self.closed_at.get(o.id.as_str());
                let when = closed
                    .map(|e| format!(" (#{}, {})", e.seq, cell(&e.actor)))
                    .unwrap_or_default();
                let outcome = match &o.status {
                    ObjectionStatus::Open => "open".to_string(),
                    ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } => {
                        let mut s = o.status.word().to_string();
                        s.push_str(&when);
                        let note = md(note);
                        if !note.is_empty() {
                            let _ = write!(s, ": {note}");
                        }
                        s
                    }
                };
                vec![md(&o.id), md(&o.priority), by, kind, cell(&o.text), outcome]
            })
            .collect();
        table(
            &mut self.out,
            &[
                "objection",
                "priority",
                "raised by",
                "kind",
                "objection",
                "how it ended",
            ],
            &rows,
        );
    }

    fn actions(&mut self, actions: &[&Entry<ActionItem>]) {
        self.out.push_str("## Actions\n\n");
        let rows: Vec<Vec<String>> = actions
            .iter()
            .map(|a| {
                let owner = match a.item.owner.as_deref() {
                    Some(o) => self.person(o),
                    None => "—".to_string(),
                };
                let about = match a.item.priority.as_deref() {
                    Some(p) => format!("{} {}", md(p), self.title_of(p)),
                    None => "the meeting".to_string(),
                };
                vec![
                    format!("#{}", a.seq),
                    cell(&a.item.text),
                    owner,
                    a.item
                        .due
                        .as_deref()
                        .map(cell)
                        .unwrap_or_else(|| "—".into()),
                    about,
                ]
            })
            .collect();
        table(
            &mut self.out,
            &["#", "action", "owner", "due", "priority"],
            &rows,
        );
    }

    fn checklist(&mut self) {
        self.out.push_str("## Readiness checklist\n\n");
        let board = self.board;
        let rows: Vec<Vec<String>> = board
            .priorities()
            .iter()
            .filter(|p| self.checklisted.contains(p.id.as_str()))
            .map(|p| {
                let mut row = vec![md(&p.id), self.title_of(&p.id)];
                row.extend(
                    Question::ALL
                        .iter()
                        .map(|q| p.answer(*q).as_str().to_string()),
                );
                let (yes, no) = p.readiness();
                row.push(format!("{yes}/6 yes, {no} no"));
                row
            })
            .collect();
        if rows.is_empty() {
            self.out.push_str("No checklist answers were recorded.\n\n");
            return;
        }
        self.out
            .push_str("For the items that had answers. The questions, in column order:\n\n");
        for (i, q) in Question::ALL.iter().enumerate() {
            let _ = writeln!(self.out, "{}. {}", i + 1, q.text());
        }
        self.out.push('\n');
        table(
            &mut self.out,
            &[
                "priority",
                "title",
                "1 evidence",
                "2 people",
                "3 conflict",
                "4 resources",
                "5 central objectives",
                "6 indicator quality",
                "readiness",
            ],
            &rows,
        );
    }

    fn positions(&mut self) {
        self.out
            .push_str("## Tier positions (the vertical test)\n\n");
        let board = self.board;
        let rows: Vec<Vec<String>> = board
            .priorities()
            .iter()
            .filter(|p| self.positioned.contains(p.id.as_str()))
            .map(|p| {
                let mut row = vec![md(&p.id), self.title_of(&p.id)];
                row.extend(
                    p.positions
                        .iter()
                        .map(|x: &Position| x.as_str().to_string()),
                );
                row.push(format!("`{}`", p.agreement_mark()));
                row
            })
            .collect();
        if rows.is_empty() {
            self.out.push_str("No tier positions were recorded.\n\n");
            return;
        }
        let mut headers = vec!["priority", "title"];
        headers.extend(TIERS.iter().map(|t| tier_title(*t)));
        headers.push("mark");
        table(&mut self.out, &headers, &rows);
    }

    fn notes(&mut self) {
        self.out.push_str("## Notes\n\n");
        let board = self.board;
        let mut notes: Vec<&Entry<Note>> = board
            .meeting_notes()
            .iter()
            .chain(board.priorities().iter().flat_map(|p| p.notes.iter()))
            .collect();
        notes.sort_by_key(|n| n.seq);
        if notes.is_empty() {
            self.out.push_str("None.\n\n");
            return;
        }
        for n in notes {
            let about = match n.item.priority.as_deref() {
                Some(p) => format!("{} {}", md(p), self.title_of(p)),
                None => "the meeting".to_string(),
            };
            let _ = writeln!(
                self.out,
                "- On {about} (#{}, {}, {}):\\\n  {}",
                n.seq,
                cell(&n.actor),
                minute(n.at),
                md_lines(&n.item.text, 2)
            );
        }
        self.out.push('\n');
    }

    fn closing(&mut self, events: &[Event]) {
        let changes: Vec<&Event> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.body,
                    EventBody::SessionClosed(_) | EventBody::SessionReopened(_)
                )
            })
            .collect();
        if changes.is_empty() {
            return;
        }
        self.out.push_str("## Closing\n\n");
        for e in changes {
            let line = match &e.body {
                EventBody::SessionClosed(c) => {
                    let mut s = format!("Closed by {}", cell(&e.actor));
                    if c.forced {
                        let ids: Vec<String> = c.undecided.iter().map(|i| md(i)).collect();
                        let _ = write!(
                            s,
                            " with {} undecided ({})",
                            plural(c.undecided.len(), "item", "items"),
                            ids.join(", ")
                        );
                    }
                    let reason = md(&c.reason);
                    if !reason.is_empty() {
                        let _ = write!(s, ". Reason: {reason}");
                    }
                    s
                }
                EventBody::SessionReopened(r) => {
                    format!(
                        "Reopened by {}. Reason: {}",
                        cell(&e.actor),
                        cell(&r.reason)
                    )
                }
                _ => continue,
            };
            let _ = writeln!(self.out, "- #{}, {}: {line}", e.seq, minute(e.at));
        }
        let now = if self.board.closed().is_some() {
            "The session is closed: nothing more can be recorded unless it is reopened."
        } else {
            "The session is open again: entries may still be recorded."
        };
        let _ = writeln!(self.out, "\n{now}\n");
    }

    fn timeline(&mut self, events: &[Event]) {
        self.out.push_str(
            "## Appendix: timeline\n\nEvery entry on the record, oldest first. A decision marked superseded was replaced by a later decision on the same priority; the tables above show the decision that stands.\n\n",
        );
        let _ = writeln!(
            self.out,
            "| # | time (UTC) | recorded by | kind | priority | what |\n|---|---|---|---|---|---|"
        );
        // 20,000 rows: written straight into the document.
        let out = &mut self.out;
        for e in events {
            let _ = write!(out, "| {} | ", e.seq);
            push_instant(out, e.at);
            out.push_str(" | ");
            push_cell(out, &e.actor);
            out.push_str(" | ");
            out.push_str(e.body.kind());
            out.push_str(" | ");
            push_cell(out, e.body.priority().unwrap_or(""));
            out.push_str(" | ");
            push_md(out, &e.body.describe(self.board));
            if let Some(later) = self.superseded_by.get(&e.seq) {
                let _ = write!(out, " **(superseded by #{later})**");
            }
            out.push_str(" |\n");
        }
        self.out.push('\n');
    }

    fn integrity(&mut self, events: &[Event], head_hash: &str, pack_sha256: &str, file: &str) {
        let last = events.last().map(|e| e.seq).unwrap_or(0);
        let _ = writeln!(
            self.out,
            "## Checking this record\n\n- Events: {}, #1 to #{last}\n- Hash chain head (event #{last}): {}\n- Pack SHA-256: {}\n",
            events.len(),
            hash(head_hash),
            hash(pack_sha256)
        );
        let file = md(file);
        let on = if file.is_empty() {
            "the session file".to_string()
        } else {
            format!("the session file ({file})")
        };
        let _ = writeln!(
            self.out,
            "To check a printed copy, run `caseboard verify FILE` on {on}: a sound, unaltered record prints this same head hash, and any entry recorded after these minutes, or any alteration, changes it."
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{md, md_lines};

    #[test]
    fn markdown_punctuation_is_escaped_and_controls_neutralised() {
        assert_eq!(
            md("NI 39 Alcohol-harm, 2010/11"),
            "NI 39 Alcohol-harm, 2010/11"
        );
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("# title #"), "\\# title \\#");
        assert_eq!(md("`x` *y* _z_ ~w~"), "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~");
        assert_eq!(md("[a](http://b) <i>"), "\\[a\\](http://b) \\<i\\>");
        assert_eq!(md("back\\slash"), "back\\\\slash");
        assert_eq!(
            md("R&D &amp; &#x202E; & co"),
            "R\\&D \\&amp; \\&\\#x202E; & co"
        );
        assert_eq!(md("  - item"), "\\- item");
        assert_eq!(md("+1"), "\\+1");
        assert_eq!(md("=== "), "\\===");
        assert_eq!(md("12. twelve"), "12\\. twelve");
        assert_eq!(md("3) three"), "3\\) three");
        assert_eq!(md("2010/11 = 5"), "2010/11 = 5");
        assert_eq!(md("a\nb\tc\u{1b}[2J\u{202E}"), "a b c\u{FFFD}\\[2J\u{FFFD}");
        assert_eq!(md("   "), "");
    }

    #[test]
    fn lines_stay_lines_inside_a_list_item() {
        assert_eq!(
            md_lines("first\n\n# second\n> third", 2),
            "first\\\n  \\# second\\\n  \\> third"
        );
    }
}
