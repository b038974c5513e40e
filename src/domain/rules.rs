//! The rules of a case conference. [`check`] turns what someone asks for into
//! the event to record, or a refusal that says why not. It is pure: the store
//! calls it inside the write transaction, against the board as committed.

use super::board::{Board, ObjectionStatus, Status};
use super::event::{Decision, EventBody, ObjectionClosed, Outcome, RaisedObjection};
use super::pack::{ObjectionKind, PeriodValue, PriorityKind};
use super::validate::{MAX_ABS_VALUE, MAX_TEXT_CHARS};
use thiserror::Error;

/// Something a note-taker (or a script) asks to put on the record.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Decide {
        priority: String,
        outcome: Outcome,
        rationale: String,
        local: bool,
        target: Option<PeriodValue>,
    },
    RaiseObjection {
        priority: String,
        text: String,
        kind: ObjectionKind,
        raised_by: Option<String>,
        alternative: Option<String>,
    },
    ResolveObjection {
        objection: String,
        note: String,
    },
    WithdrawObjection {
        objection: String,
        note: String,
    },
}

/// Why a command was not recorded. Each message is one plain sentence.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Refusal {
    #[error("there is no priority \"{0}\" in this session")]
    UnknownPriority(String),
    #[error("cannot accept {priority}: the designated targets are at their cap of {cap} ({accepted} / {cap} accepted); reject or defer another first")]
    CapReached {
        priority: String,
        cap: u32,
        accepted: u32,
    },
    #[error("{0} is a statutory target: statutory targets are agreed, not chosen, and cannot be rejected")]
    StatutoryCannotBeRejected(String),
    #[error("a rationale is required to {0} a priority")]
    RationaleRequired(&'static str),
    #[error("the agreed target for statutory target {priority} ({agreed}) differs from the proposed one ({proposed}): give the reason as the rationale")]
    StatutoryTargetReasonRequired {
        priority: String,
        agreed: String,
        proposed: String,
    },
    #[error("\"keep as a local priority\" goes only with reject")]
    LocalOnlyWithReject,
    #[error("an agreed target goes only with accept")]
    TargetOnlyWithAccept,
    #[error("the target value {0} is not a usable figure")]
    InvalidTarget(f64),
    #[error("the target period must not be empty")]
    EmptyTargetPeriod,
    #[error("there is no objection \"{0}\" in this session")]
    UnknownObjection(String),
    #[error("objection {id} is already {status}")]
    ObjectionNotOpen { id: String, status: &'static str },
    #[error("there is no attendee \"{0}\" in this session")]
    UnknownAttendee(String),
    #[error("there is no indicator \"{0}\" in this session")]
    UnknownIndicator(String),
    #[error("an alternative indicator goes only with a counter-proposal")]
    AlternativeOnlyForCounterProposal,
    #[error("the {0} must not be empty")]
    EmptyText(&'static str),
    #[error("the {what} is {len} characters long; text is at most {max}", max = MAX_TEXT_CHARS)]
    TextTooLong { what: &'static str, len: usize },
}

/// Something recorded that the people in the room should hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    AcceptedOverOpenObjections {
        priority: String,
        objections: Vec<String>,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::AcceptedOverOpenObjections {
                priority,
                objections,
            } => write!(
                f,
                "{priority} was accepted with {} open objection{}: {}",
                objections.len(),
                if objections.len() == 1 { "" } else { "s" },
                objections.join(", ")
            ),
        }
    }
}

/// The event a command becomes, with any warnings it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub body: EventBody,
    pub warnings: Vec<Warning>,
}

fn text(what: &'static str, s: &str, required: bool) -> Result<(), Refusal> {
    if required && s.trim().is_empty() {
        return Err(Refusal::EmptyText(what));
    }
    let len = s.chars().count();
    if len > MAX_TEXT_CHARS {
        return Err(Refusal::TextTooLong { what, len });
    }
    Ok(())
}

/// Applies the rules to a command against the board as it stands.
pub fn check(board: &Board, command: Command) -> Result<Checked, Refusal> {
    match command {
        Command::Decide {
            priority,
            outcome,
            rationale,
            local,
            target,
        } => decide(board, priority, outcome, rationale, local, target),
        Command::RaiseObjection {
            priority,
            text: body,
            kind,
            raised_by,
            alternative,
        } => {
            if board.priority(&priority).is_none() {
                return Err(Refusal::UnknownPriority(priority));
            }
            text("objection text", &body, true)?;
            if let Some(a) = &raised_by {
                if board.pack().attendee(a).is_none() {
                    return Err(Refusal::UnknownAttendee(a.clone()));
                }
            }
            if let Some(alt) = &alternative {
                if kind != ObjectionKind::CounterProposal {
                    return Err(Refusal::AlternativeOnlyForCounterProposal);
                }
                if board.pack().indicator(alt).is_none() {
                    return Err(Refusal::UnknownIndicator(alt.clone()));
                }
            }
            Ok(Checked {
                body: EventBody::ObjectionRaised(RaisedObjection {
                    objection: board.next_objection_id(),
                    priority,
                    text: body,
                    kind,
                    raised_by,
                    alternative,
                }),
                warnings: Vec::new(),
            })
        }
        Command::ResolveObjection { objection, note } => {
            let closed = close(board, objection, note, "resolution note")?;
            Ok(Checked {
                body: EventBody::ObjectionResolved(closed),
                warnings: Vec::new(),
            })
        }
        Command::WithdrawObjection { objection, note } => {
            let closed = close(board, objection, note, "note")?;
            Ok(Checked {
                body: EventBody::ObjectionWithdrawn(closed),
                warnings: Vec::new(),
            })
        }
    }
}

fn close(
    board: &Board,
    objection: String,
    note: String,
    what: &'static str,
) -> Result<ObjectionClosed, Refusal> {
    let Some(o) = board.objection(&objection) else {
        return Err(Refusal::UnknownObjection(objection));
    };
    if o.status != ObjectionStatus::Open {
        return Err(Refusal::ObjectionNotOpen {
            id: objection,
            status: o.status.word(),
        });
    }
    text(what, &note, false)?;
    Ok(ObjectionClosed {
        priority: o.priority.clone(),
        objection,
        note,
    })
}

fn decide(
    board: &Board,
    priority: String,
    outcome: Outcome,
    rationale: String,
    local: bool,
    target: Option<PeriodValue>,
) -> Result<Checked, Refusal> {
    let Some(state) = board.priority(&priority) else {
        return Err(Refusal::UnknownPriority(priority));
    };
    if local && outcome != Outcome::Reject {
        return Err(Refusal::LocalOnlyWithReject);
    }
    if target.is_some() && outcome != Outcome::Accept {
        return Err(Refusal::TargetOnlyWithAccept);
    }
    if let Some(t) = &target {
        if !t.value.is_finite() || t.value.abs() > MAX_ABS_VALUE {
            return Err(Refusal::InvalidTarget(t.value));
        }
        if t.period.trim().is_empty() {
            return Err(Refusal::EmptyTargetPeriod);
        }
        text("target period", &t.period, false)?;
    }
    text("rationale", &rationale, outcome != Outcome::Accept).map_err(|e| match e {
        Refusal::EmptyText(_) => Refusal::RationaleRequired(outcome.as_str()),
        other => other,
    })?;
    let statutory = state.kind == PriorityKind::Statutory;
    match outcome {
        Outcome::Reject if statutory => return Err(Refusal::StatutoryCannotBeRejected(priority)),
        Outcome::Accept if !statutory => {
            let already = matches!(state.status, Status::Accepted { .. });
            if !already && board.designated_accepted() >= board.cap() {
                return Err(Refusal::CapReached {
                    priority,
                    cap: board.cap(),
                    accepted: board.designated_accepted(),
                });
            }
        }
        Outcome::Accept => {
            let proposed = board
                .pack()
                .priority(&priority)
                .and_then(|p| board.pack().headline_indicator(p))
                .and_then(|i| i.proposed_target.as_ref());
            if let (Some(agreed), Some(proposed)) = (&target, proposed) {
                let differs = agreed.value != proposed.value || agreed.period != proposed.period;
                if differs && rationale.trim().is_empty() {
                    return Err(Refusal::StatutoryTargetReasonRequired {
                        priority,
                        agreed: format!(
                            "{} = {}",
                            agreed.period,
                            super::event::fmt_value(agreed.value)
                        ),
                        proposed: format!(
                            "{} = {}",
                            proposed.period,
                            super::event::fmt_value(proposed.value)
                        ),
                    });
                }
            }
        }
        _ => {}
    }
    let open = board.open_objections_for(&priority);
    let warnings = if outcome == Outcome::Accept && !open.is_empty() {
        vec![Warning::AcceptedOverOpenObjections {
            priority: priority.clone(),
            objections: open.clone(),
        }]
    } else {
        Vec::new()
    };
    Ok(Checked {
        body: EventBody::DecisionRecorded(Decision {
            priority,
            outcome,
            rationale,
            local,
            target,
            open_objections: open,
        }),
        warnings,
    })
}
