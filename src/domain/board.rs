//! The board: the pack folded with the event log. Pure and total: folding
//! never fails, so a damaged or hand-edited log still shows what it says.

use super::event::{Decision, Event, EventBody, Outcome};
use super::pack::{ObjectionKind, Pack, PeriodValue, PriorityKind};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Undecided,
    /// Accepted; without an agreed target it shows as "target to be set".
    Accepted {
        target: Option<PeriodValue>,
    },
    Rejected,
    /// Rejected as a designated target, kept as a local priority.
    KeptLocal,
    Deferred,
}

impl Status {
    /// The status in one word, as the board, the views and exports say it.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Undecided => "undecided",
            Status::Accepted { .. } => "accepted",
            Status::Rejected => "rejected",
            Status::KeptLocal => "local",
            Status::Deferred => "deferred",
        }
    }

    pub fn is_decided(&self) -> bool {
        !matches!(self, Status::Undecided)
    }
}

/// A decision as it stands on the record, with who and when.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRecord {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub decision: Decision,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriorityState {
    pub id: String,
    pub kind: PriorityKind,
    pub status: Status,
    /// Every decision on this priority, oldest first; the last one stands.
    pub decisions: Vec<DecisionRecord>,
    pub open_objections: u32,
    /// Indices into the board's objections, so a priority's objections are
    /// found without scanning thousands.
    objections: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ObjectionStatus {
    Open,
    Resolved { note: String },
    Withdrawn { note: String },
}

impl ObjectionStatus {
    pub fn word(&self) -> &'static str {
        match self {
            ObjectionStatus::Open => "open",
            ObjectionStatus::Resolved { .. } => "resolved",
            ObjectionStatus::Withdrawn { .. } => "withdrawn",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectionState {
    pub id: String,
    pub priority: String,
    pub text: String,
    pub kind: ObjectionKind,
    pub raised_by: Option<String>,
    pub alternative: Option<String>,
    /// `None` for objections known before the meeting (from the pack).
    pub raised_at: Option<u64>,
    pub status: ObjectionStatus,
}

#[derive(Debug, Clone)]
pub struct Board {
    pack: Arc<Pack>,
    priorities: Vec<PriorityState>,
    priority_index: HashMap<String, usize>,
    objections: Vec<ObjectionState>,
    objection_index: HashMap<String, usize>,
    designated_accepted: u32,
    last_seq: u64,
}

impl PartialEq for Board {
    fn eq(&self, other: &Self) -> bool {
        self.priorities == other.priorities
            && self.objections == other.objections
            && self.designated_accepted == other.designated_accepted
            && self.last_seq == other.last_seq
    }
}

impl Board {
    /// The board before any event: every priority undecided, the pack's objections open.
    pub fn new(pack: Arc<Pack>) -> Self {
        let priorities: Vec<PriorityState> = pack
            .priorities
            .iter()
            .map(|p| PriorityState {
                id: p.id.clone(),
                kind: p.kind,
                status: Status::Undecided,
                decisions: Vec::new(),
                open_objections: 0,
                objections: Vec::new(),
            })
            .collect();
        let priority_index = priorities
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut board = Board {
            pack: pack.clone(),
            priorities,
            priority_index,
            objections: Vec::new(),
            objection_index: HashMap::new(),
            designated_accepted: 0,
            last_seq: 0,
        };
        for o in &pack.objections {
            board.add_objection(ObjectionState {
                id: o.id.clone(),
                priority: o.priority.clone(),
                text: o.text.clone(),
                kind: o.kind.unwrap_or(ObjectionKind::Other),
                raised_by: o.raised_by.clone(),
                alternative: o.alternative.clone(),
                raised_at: None,
                status: ObjectionStatus::Open,
            });
        }
        board
    }

    /// Folds a whole log (or a prefix of it: the board as it stood then).
    pub fn fold<'a>(pack: Arc<Pack>, events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut board = Board::new(pack);
        for e in events {
            board.apply(e);
        }
        board
    }

    pub fn pack(&self) -> &Arc<Pack> {
        &self.pack
    }

    pub fn priorities(&self) -> &[PriorityState] {
        &self.priorities
    }

    pub fn priority(&self, id: &str) -> Option<&PriorityState> {
        self.priority_index.get(id).map(|&i| &self.priorities[i])
    }

    pub fn objections(&self) -> &[ObjectionState] {
        &self.objections
    }

    pub fn objection(&self, id: &str) -> Option<&ObjectionState> {
        self.objection_index.get(id).map(|&i| &self.objections[i])
    }

    pub fn objections_for<'a>(
        &'a self,
        priority: &'a str,
    ) -> impl Iterator<Item = &'a ObjectionState> + 'a {
        self.objections
            .iter()
            .filter(move |o| o.priority == priority)
    }

    pub fn open_objections_for(&self, priority: &str) -> Vec<String> {
        self.objections_for(priority)
            .filter(|o| o.status == ObjectionStatus::Open)
            .map(|o| o.id.clone())
            .collect()
    }

    /// Designated priorities currently accepted, against [`Board::cap`].
    pub fn designated_accepted(&self) -> u32 {
        self.designated_accepted
    }

    pub fn cap(&self) -> u32 {
        self.pack.designated_cap()
    }

    /// Sequence number of the last event folded in (0 before any).
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// Applies one event. Events about unknown priorities or objections are
    /// skipped: the log is the record, and folding never fails.
    pub fn apply(&mut self, event: &Event) {
        self.last_seq = self.last_seq.max(event.seq);
        match &event.body {
            EventBody::SessionCreated { .. } => {}
            EventBody::DecisionRecorded(d) => {
                let Some(&i) = self.priority_index.get(&d.priority) else {
                    return;
                };
                let p = &mut self.priorities[i];
                let was_counted = p.kind == PriorityKind::Designated
                    && matches!(p.status, Status::Accepted { .. });
                p.status = match (d.outcome, d.local) {
                    (Outcome::Accept, _) => Status::Accepted {
                        target: d.target.clone(),
                    },
                    (Outcome::Reject, true) => Status::KeptLocal,
                    (Outcome::Reject, false) => Status::Rejected,
                    (Outcome::Defer, _) => Status::Deferred,
                };
                let counted = p.kind == PriorityKind::Designated
                    && matches!(p.status, Status::Accepted { .. });
                p.decisions.push(DecisionRecord {
                    seq: event.seq,
                    at: event.at,
                    actor: event.actor.clone(),
                    decision: d.clone(),
                });
                match (was_counted, counted) {
                    (false, true) => self.designated_accepted += 1,
                    (true, false) => self.designated_accepted -= 1,
                    _ => {}
                }
            }
            EventBody::ObjectionRaised(o) => {
                if self.objection_index.contains_key(&o.objection)
                    || !self.priority_index.contains_key(&o.priority)
                {
                    return;
                }
                self.add_objection(ObjectionState {
                    id: o.objection.clone(),
                    priority: o.priority.clone(),
                    text: o.text.clone(),
                    kind: o.kind,
                    raised_by: o.raised_by.clone(),
                    alternative: o.alternative.clone(),
                    raised_at: Some(event.seq),
                    status: ObjectionStatus::Open,
                });
            }
            EventBody::ObjectionResolved(c) => self.close_objection(
                &c.objection,
                ObjectionStatus::Resolved {
                    note: c.note.clone(),
                },
            ),
            EventBody::ObjectionWithdrawn(c) => self.close_objection(
                &c.objection,
                ObjectionStatus::Withdrawn {
                    note: c.note.clone(),
                },
            ),
        }
    }

    fn add_objection(&mut self, o: ObjectionState) {
        if self.objection_index.contains_key(&o.id) {
            return;
        }
        if let Some(&i) = self.priority_index.get(&o.priority) {
            self.priorities[i].open_objections += 1;
            self.priorities[i].objections.push(self.objections.len());
        }
        self.objection_index
            .insert(o.id.clone(), self.objections.len());
        self.objections.push(o);
    }

    fn close_objection(&mut self, id: &str, status: ObjectionStatus) {
        let Some(&i) = self.objection_index.get(id) else {
            return;
        };
        let o = &mut self.objections[i];
        if o.status != ObjectionStatus::Open {
            return;
        }
        o.status = status;
        if let Some(&p) = self.priority_index.get(&o.priority) {
            let p = &mut self.priorities[p];
            p.open_objections = p.open_objections.saturating_sub(1);
        }
    }

    /// A fresh id for an objection raised live, unused by the pack and the log.
    pub fn next_objection_id(&self) -> String {
        let mut n = self
            .objections
            .iter()
            .filter(|o| o.raised_at.is_some())
            .count()
            + 1;
        loop {
            let id = format!("L{n}");
            if !self.objection_index.contains_key(&id) {
                return id;
            }
            n += 1;
        }
    }
}
