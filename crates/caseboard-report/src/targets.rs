//! `caseboard export --format xlsx`: the targets, actions and objections
//! as sheets for a performance officer, as rows of typed cells (figures as
//! numbers, times as local date-times, people by name). Every fact is the
//! board's, as the minutes and the CSV read it; the workbook file itself is
//! written elsewhere (the `caseboard-workbook` crate).
//!
//! Text is neutralised as on screen (no control characters, escape
//! sequences, bidi overrides or line breaks) and kept as text: a cell that
//! reads `=HYPERLINK(...)` is a string, never a formula.

use caseboard_core::board::{DecisionRecord, PriorityState};
use caseboard_core::clock::local;
use caseboard_core::pack::{PeriodValue, PriorityKind};
use caseboard_core::sheets::{Cell, Form, Heading, Listing};
use caseboard_core::text::display_line_cut;
use caseboard_core::vocabulary::TO_BE_SET;
use caseboard_core::{Board, Status};

/// The most characters a spreadsheet cell holds is 32,767; longer text is
/// cut, with an ellipsis.
const CELL_CHARS: usize = 32_000;

const fn h(title: &'static str, meaning: &'static str, form: Form) -> Heading {
    Heading {
        title,
        meaning,
        form,
    }
}

use Form::{Date, DateTime, Number, Text};

/// The columns `a` then `b`, as one list (`N` being both lengths).
const fn then<const A: usize, const B: usize, const N: usize>(
    a: [Heading; A],
    b: [Heading; B],
) -> [Heading; N] {
    assert!(A + B == N);
    let mut out = [PRIORITY; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    out
}

const PRIORITY: Heading = h("priority", "The priority's id in the pack.", Text);
const TITLE: Heading = h("title", "The priority's title.", Text);
const NI_CODE: Heading = h(
    "NI code",
    "The headline indicator: the first the priority lists, the one its target is set on.",
    Text,
);
const NI_TITLE: Heading = h("NI title", "The headline indicator's title.", Text);
const UNIT: Heading = h("unit", "What the indicator's figures count.", Text);
const LEAD: Heading = h("lead", "Who leads on the priority, as the pack says.", Text);
const DECIDED: Heading = h(
    "decided",
    "When the standing decision was recorded, local time.",
    DateTime,
);
const DECIDED_BY: Heading = h("decided by", "Who recorded the standing decision.", Text);

/// The columns every decided priority's row starts with.
const PRIORITY_COLUMNS: [Heading; 4] = [PRIORITY, TITLE, NI_CODE, NI_TITLE];

/// The columns of a target: the indicator's figures and the agreed one.
const TARGET_COLUMNS: [Heading; 11] = then(
    PRIORITY_COLUMNS,
    [
        UNIT,
        LEAD,
        h(
            "baseline period",
            "The period of the indicator's baseline.",
            Text,
        ),
        h("baseline", "The indicator's baseline figure.", Number),
        h(
            "proposed period",
            "The period of the proposed target.",
            Text,
        ),
        h("proposed", "The target proposed in the pack.", Number),
        h(
            "agreed period",
            "The period of the agreed target; \"to be set\" for an accept without one.",
            Text,
        ),
    ],
);

const AGREED: Heading = h("agreed target", "The target agreed in the meeting.", Number);
const RATIONALE: Heading = h(
    "rationale",
    "Why, as recorded with the standing decision, and the objections it was taken over.",
    Text,
);

const TARGETS: [Heading; 15] = then(TARGET_COLUMNS, [AGREED, RATIONALE, DECIDED, DECIDED_BY]);

const STATUS: Heading = h(
    "status",
    "accepted, rejected, deferred or undecided: a statutory target is agreed, not chosen.",
    Text,
);

const REASONED: [Heading; 8] = then(
    PRIORITY_COLUMNS,
    [
        LEAD,
        h(
            "reason",
            "Why, as recorded with the standing decision.",
            Text,
        ),
        DECIDED,
        DECIDED_BY,
    ],
);

const ACTIONS: [Heading; 8] = [
    h("action", "What is to be done.", Text),
    h(
        "owner",
        "Who owns it: an attendee's name, or as typed.",
        Text,
    ),
    h(
        "organisation",
        "The owner's organisation, for an attendee.",
        Text,
    ),
    h("due", "When it is due.", Date),
    PRIORITY,
    TITLE,
    h(
        "agreed",
        "When the action was recorded, local time.",
        DateTime,
    ),
    h("recorded by", "Who recorded it.", Text),
];

const OBJECTIONS: [Heading; 13] = [
    h("objection", "The objection's id.", Text),
    PRIORITY,
    TITLE,
    h(
        "raised by",
        "Who raised it: an attendee's name, or as typed.",
        Text,
    ),
    h(
        "tier",
        "The raiser's side: Locality, Government Office or Lead department.",
        Text,
    ),
    h("kind", "What kind of objection it is.", Text),
    h(
        "instead",
        "For a counter-proposal: the indicator proposed instead.",
        Text,
    ),
    h(
        "raised",
        "Before the meeting (in the pack) or in the meeting.",
        Text,
    ),
    h("status", "open, resolved or withdrawn.", Text),
    h("text", "The objection as raised.", Text),
    h(
        "how settled",
        "The note recorded when it was resolved or withdrawn.",
        Text,
    ),
    h("settled by", "Who resolved or withdrew it.", Text),
    h(
        "settled",
        "When it was resolved or withdrawn, local time.",
        DateTime,
    ),
];

/// The sheets, in order: Targets, Statutory, Local, Deferred, Actions,
/// Objections. A sheet with nothing to list still has its headings.
pub fn sheets(board: &Board) -> Vec<Listing> {
    let targets = Sheets { board };
    vec![
        targets.targets(),
        targets.statutory(),
        targets.reasoned("Local", &Status::KeptLocal),
        targets.reasoned("Deferred", &Status::Deferred),
        targets.actions(),
        targets.objections(),
    ]
}

const STATUTORY: [Heading; 16] = then(
    TARGET_COLUMNS,
    [AGREED, STATUS, RATIONALE, DECIDED, DECIDED_BY],
);

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(display_line_cut(s, CELL_CHARS))
    }
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map(text).unwrap_or(Cell::Empty)
}

/// A period and its figure, as two cells.
fn period_value(pv: Option<&PeriodValue>) -> [Cell; 2] {
    match pv {
        Some(pv) => [text(&pv.period), Cell::Number(pv.value)],
        None => [Cell::Empty, Cell::Empty],
    }
}

struct Sheets<'a> {
    board: &'a Board,
}

impl Sheets<'_> {
    fn title(&self, id: &str) -> Cell {
        opt_text(self.board.spec(id).map(|s| s.title.as_str()))
    }

    /// A person by name: an attendee's, or what was typed.
    fn name(&self, who: &str) -> Cell {
        text(self.board.name_of(who))
    }

    fn when(&self, at: chrono::DateTime<chrono::Utc>) -> Cell {
        Cell::Date(local(at, self.board.zone()))
    }

    fn decided(&self, d: Option<&DecisionRecord>) -> [Cell; 2] {
        match d {
            Some(d) => [self.when(d.at), self.name(&d.actor)],
            None => [Cell::Empty, Cell::Empty],
        }
    }

    /// The standing decision's rationale, with the objections it was taken over.
    fn rationale(d: Option<&DecisionRecord>) -> Cell {
        d.map_or(Cell::Empty, |d| text(&d.decision.rationale_words()))
    }

    /// The cells of [`PRIORITY_COLUMNS`]: the priority and its headline
    /// indicator.
    fn priority_cells(&self, p: &PriorityState) -> Vec<Cell> {
        let indicator = self.board.headline_indicator(&p.id);
        vec![
            text(&p.id),
            self.title(&p.id),
            opt_text(indicator.map(|i| i.code.as_str())),
            opt_text(indicator.map(|i| i.title.as_str())),
        ]
    }

    /// Who leads on the priority, as the pack says.
    fn lead(&self, id: &str) -> Cell {
        opt_text(self.board.spec(id).and_then(|s| s.lead.as_deref()))
    }

    /// The first eleven cells of a target's row: the priority, its
    /// headline indicator's figures and the agreed target's period, then
    /// the agreed figure.
    fn target_cells(&self, p: &PriorityState) -> Vec<Cell> {
        let indicator = self.board.headline_indicator(&p.id);
        let mut row = self.priority_cells(p);
        row.push(opt_text(indicator.and_then(|i| i.unit.as_deref())));
        row.push(self.lead(&p.id));
        row.extend(period_value(indicator.and_then(|i| i.baseline.as_ref())));
        row.extend(period_value(
            indicator.and_then(|i| i.proposed_target.as_ref()),
        ));
        match &p.status {
            Status::Accepted { target: Some(t) } => row.extend(period_value(Some(t))),
            Status::Accepted { target: None } => {
                row.extend([text(TO_BE_SET), Cell::Empty]);
            }
            _ => row.extend([Cell::Empty, Cell::Empty]),
        }
        row
    }

    fn targets(&self) -> Listing {
        let rows = self
            .board
            .priorities()
            .iter()
            .filter(|p| p.kind == PriorityKind::Designated)
            .filter(|p| matches!(p.status, Status::Accepted { .. }))
            .map(|p| {
                let current = p.decisions.last();
                let mut row = self.target_cells(p);
                row.push(Self::rationale(current));
                row.extend(self.decided(current));
                row
            })
            .collect();
        Listing {
            name: "Targets",
            headings: &TARGETS,
            rows,
        }
    }

    fn statutory(&self) -> Listing {
        let rows = self
            .board
            .priorities()
            .iter()
            .filter(|p| p.kind == PriorityKind::Statutory)
            .map(|p| {
                let current = p.decisions.last();
                let mut row = self.target_cells(p);
                row.push(text(p.status.word()));
                row.push(Self::rationale(current));
                row.extend(self.decided(current));
                row
            })
            .collect();
        Listing {
            name: "Statutory",
            headings: &STATUTORY,
            rows,
        }
    }

    /// The priorities in `status`, with why and who decided.
    fn reasoned(&self, name: &'static str, status: &Status) -> Listing {
        let rows = self
            .board
            .priorities()
            .iter()
            .filter(|p| &p.status == status)
            .map(|p| {
                let current = p.decisions.last();
                let mut row = self.priority_cells(p);
                row.push(self.lead(&p.id));
                row.push(Self::rationale(current));
                row.extend(self.decided(current));
                row
            })
            .collect();
        Listing {
            name,
            headings: &REASONED,
            rows,
        }
    }

    fn actions(&self) -> Listing {
        let rows = self
            .board
            .all_actions()
            .into_iter()
            .map(|a| {
                let owner = a.item.owner.as_deref();
                let attendee = owner.and_then(|o| self.board.attendee(o));
                let due = a.item.due.as_deref().map(|due| {
                    // A due date typed as a day is a date; anything else stays as typed.
                    Cell::iso_day(due.trim()).unwrap_or_else(|| text(due))
                });
                let priority = a.item.priority.as_deref();
                vec![
                    text(&a.item.text),
                    owner.map(|o| self.name(o)).unwrap_or(Cell::Empty),
                    opt_text(attendee.map(|a| a.organisation.as_str())),
                    due.unwrap_or(Cell::Empty),
                    opt_text(priority),
                    priority.map(|p| self.title(p)).unwrap_or(Cell::Empty),
                    self.when(a.at),
                    self.name(&a.actor),
                ]
            })
            .collect();
        Listing {
            name: "Actions",
            headings: &ACTIONS,
            rows,
        }
    }

    fn objections(&self) -> Listing {
        let board = self.board;
        let rows = board
            .objections()
            .iter()
            .map(|o| {
                let raiser = o.raised_by.as_deref();
                let tier = raiser
                    .and_then(|r| board.attendee(r))
                    .map(|a| caseboard_core::meeting::tier_title(a.tier));
                let (settled_by, settled) = match &o.settled {
                    Some(s) => (self.name(&s.actor), self.when(s.at)),
                    None => (Cell::Empty, Cell::Empty),
                };
                vec![
                    text(&o.id),
                    text(&o.priority),
                    self.title(&o.priority),
                    raiser.map(|r| self.name(r)).unwrap_or(Cell::Empty),
                    opt_text(tier),
                    text(o.kind.phrase()),
                    opt_text(board.alternative_words(o).as_deref()),
                    text(o.raised_when()),
                    text(o.status.word()),
                    text(&o.text),
                    opt_text(o.status.note()),
                    settled_by,
                    settled,
                ]
            })
            .collect();
        Listing {
            name: "Objections",
            headings: &OBJECTIONS,
            rows,
        }
    }
}
