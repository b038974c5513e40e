//! The agenda against the clock, in words that fit: the header's and the
//! projector's. The figures are [`caseboard_core::agenda::plan`]'s; this
//! only chooses which of them a width has room for.
//!
//! In full: `used 45 min · 1 h 20 min left · ends ~16:42 · planned 16:30 ·
//! running 12 min late`. As the width shrinks, parts give way whole, in
//! this order: items without a timebox, time used, time left, the planned
//! finish, the predicted finish; the lateness goes last, and before it
//! goes its short form (`12 min late`). A part is never cut mid-word.

use crate::app::App;
use caseboard_core::agenda::{duration_words, plan, AgendaPlan, Lateness};
use caseboard_core::clock::hh_mm;
use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthStr;

/// Between parts.
const SEPARATOR: &str = " · ";

/// The agenda line in at most some width, and whether it says the meeting
/// runs (or finished) late: the header and the projector draw it in the
/// warning style then, the words saying it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaText {
    pub text: String,
    pub late: bool,
}

/// The agenda against the clock at one moment, in all its parts: planned
/// once, then fitted to as many widths as a line needs to try.
pub struct AgendaLine {
    parts: Vec<Part>,
    late: bool,
}

impl AgendaLine {
    /// The agenda of `app` at `now`.
    pub fn of(app: &App, now: DateTime<Utc>) -> AgendaLine {
        let plan = plan(&app.board, now);
        AgendaLine {
            parts: parts(&plan, app.board.zone()),
            late: matches!(plan.lateness(), Some(Lateness::Late(_))),
        }
    }

    /// The parts that fit in `width` columns, or `None` when there is
    /// nothing to say (no item on the agenda, no planned end, nothing
    /// begun) or no room for even its most important part.
    pub fn fit(&self, width: usize) -> Option<AgendaText> {
        let text = fit(&self.parts, width)?;
        Some(AgendaText {
            text,
            late: self.late,
        })
    }
}

/// The agenda against the clock at `now` in at most `width` columns: see
/// [`AgendaLine::fit`].
pub fn fitted(app: &App, now: DateTime<Utc>, width: usize) -> Option<AgendaText> {
    AgendaLine::of(app, now).fit(width)
}

/// One part of the line: its forms, longest first, and how long it stays
/// (higher stays longer).
struct Part {
    forms: Vec<String>,
    keep: u8,
}

fn parts(plan: &AgendaPlan, zone: caseboard_core::clock::Tz) -> Vec<Part> {
    let nothing_begun = plan.used.is_zero() && !plan.finished;
    if plan.items_left == 0 && plan.planned_end.is_none() && nothing_begun {
        return Vec::new();
    }
    let part = |keep: u8, forms: Vec<String>| Part { forms, keep };
    let mut parts = Vec::new();
    if !nothing_begun {
        parts.push(part(2, vec![format!("used {}", duration_words(plan.used))]));
    }
    if plan.finished {
        parts.push(part(
            5,
            vec![format!("closed {}", hh_mm(plan.finish, zone))],
        ));
    } else {
        if plan.items_left > 0 {
            parts.push(part(
                3,
                vec![format!("{} left", duration_words(plan.remaining))],
            ));
        }
        if plan.untimed > 0 {
            let items = if plan.untimed == 1 { "item" } else { "items" };
            parts.push(part(1, vec![format!("{} {items} untimed", plan.untimed)]));
        }
        parts.push(part(5, vec![format!("ends ~{}", hh_mm(plan.finish, zone))]));
    }
    if let Some(end) = plan.planned_end {
        // Held on another day than planned: the planned end says its day.
        // (Not `clock::minute`: the zone's abbreviation would take room
        // the width is short of.)
        let planned = if plan.on_the_planned_day {
            hh_mm(end, zone)
        } else {
            let day = end.with_timezone(&zone).date_naive();
            format!("{day} {}", hh_mm(end, zone))
        };
        parts.push(part(4, vec![format!("planned {planned}")]));
    }
    if let (Some(words), Some(lateness)) = (plan.lateness_words(), plan.lateness()) {
        let short = lateness.words(plan.finished);
        let mut forms = vec![words];
        if !forms.contains(&short) {
            forms.push(short);
        }
        parts.push(part(6, forms));
    }
    parts
}

/// The parts that fit in `width`, in their order: the least kept give way
/// first, and a part with a shorter form takes it before anything goes.
fn fit(parts: &[Part], width: usize) -> Option<String> {
    // Which form each part is in; `None` once it has given way.
    let mut chosen: Vec<Option<usize>> = vec![Some(0); parts.len()];
    loop {
        let line = join(parts, &chosen);
        if line.is_empty() {
            return None;
        }
        if line.width() <= width {
            return Some(line);
        }
        // The least kept part still shown: a shorter form if it has one
        // and nothing less kept is left, else it goes.
        let (i, _) = chosen
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_some())
            .min_by_key(|(i, _)| parts[*i].keep)?;
        let form = chosen[i].unwrap_or(0);
        chosen[i] = (form + 1 < parts[i].forms.len()).then_some(form + 1);
    }
}

fn join(parts: &[Part], chosen: &[Option<usize>]) -> String {
    let mut line = String::new();
    for (part, form) in parts.iter().zip(chosen) {
        if let Some(form) = form {
            if !line.is_empty() {
                line.push_str(SEPARATOR);
            }
            line.push_str(&part.forms[*form]);
        }
    }
    line
}

#[cfg(test)]
mod tests;
