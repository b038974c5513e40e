//! The rules of a case conference. [`apply`] turns what someone asks for
//! into the event to record, or a refusal that says why not. It is pure: the
//! store calls it inside the write transaction, against the board as
//! committed, and every other caller (the screens asking before a form is
//! typed, the test kit) asks the same function.

use super::board::{Board, ObjectionStatus, Status};
use super::event::{
    ActionItem, Attendance, ChecklistAnswer, Closure, Decision, Event, EventBody, Note,
    ObjectionClosed, Outcome, PriorityRef, RaisedObjection, Reopening, Speaker, TierPosition,
};
use super::meeting::{Answer, Position, Presence, Question};
use super::pack::{ObjectionKind, PeriodValue, PriorityKind, Tier};
use super::validate::{MAX_ABS_VALUE, MAX_TEXT_CHARS};
use chrono::{DateTime, Utc};
use thiserror::Error;

mod target;
pub use target::parse_target;
use target::target_period_fits;

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
        /// For a counter-proposal: the indicator proposed instead, by code.
        alternative: Option<String>,
        /// Its title, for an indicator the pack does not hold (ignored for
        /// one it does: the pack's title stands).
        alternative_title: Option<String>,
    },
    ResolveObjection {
        objection: String,
        note: String,
    },
    WithdrawObjection {
        objection: String,
        note: String,
    },
    /// Take a priority up for discussion (the projector follows, its timer starts).
    TakeUp {
        priority: String,
    },
    /// Start the item timer if it is stopped, stop it if it runs.
    ToggleTimer {
        priority: String,
    },
    AnswerChecklist {
        priority: String,
        question: Question,
        answer: Answer,
    },
    RecordPosition {
        priority: String,
        tier: Tier,
        position: Position,
    },
    AddNote {
        priority: Option<String>,
        text: String,
    },
    AddAction {
        priority: Option<String>,
        text: String,
        owner: Option<String>,
        due: Option<String>,
    },
    RecordAttendance {
        attendee: String,
        presence: Presence,
    },
    QueueSpeaker {
        priority: String,
        attendee: String,
    },
    CallNextSpeaker {
        priority: String,
    },
    /// Take someone out of the speakers queue; if they have the floor, their
    /// turn ends (its time kept).
    RemoveSpeaker {
        priority: String,
        attendee: String,
    },
    /// Seal the session; `force` closes it with items undecided (a reason is then required).
    Close {
        force: bool,
        reason: String,
    },
    Reopen {
        reason: String,
    },
}

/// Why a command was not recorded. Each message is one plain sentence.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Refusal {
    #[error("there is no priority \"{0}\" in this session")]
    UnknownPriority(String),
    #[error("{0} sent apologies: record them as present first to put them in the speakers queue")]
    SentApologies(String),
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
    #[error("a note saying how it was resolved is required to resolve an objection")]
    ResolutionNoteRequired,
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
    #[error("{period} is not a period {indicator} is measured in: its figures are for {form} (e.g. {example}); give the target for one of those")]
    TargetPeriodOfAnotherForm {
        period: String,
        indicator: String,
        form: &'static str,
        example: String,
    },
    #[error("{period} is not after {indicator}'s latest figure ({latest}): a target is for a period still to come")]
    TargetPeriodPast {
        period: String,
        indicator: String,
        latest: String,
    },
    #[error("there is no objection \"{0}\" in this session")]
    UnknownObjection(String),
    #[error("objection {id} is already {status}")]
    ObjectionNotOpen { id: String, status: &'static str },
    #[error("there is no attendee \"{0}\" in this session")]
    UnknownAttendee(String),
    #[error("an alternative indicator goes only with a counter-proposal")]
    AlternativeOnlyForCounterProposal,
    #[error("{0} is not in the pack: give its title too, so the record says what it measures")]
    AlternativeTitleRequired(String),
    #[error("the {0} must not be empty")]
    EmptyText(&'static str),
    #[error("the session was closed by {by} at {at}: nothing more can be recorded unless it is reopened (`caseboard reopen FILE --reason TEXT`)")]
    SessionClosed { by: String, at: String },
    #[error("{0} item(s) are still undecided: decide them, or close with --force and a --reason")]
    UndecidedItems(usize),
    #[error("a reason is required to {0}")]
    ReasonRequired(&'static str),
    #[error("the session is not closed")]
    NotClosed,
    /// Carries the attendee's name, as the room knows them.
    #[error("{0} is already in the speakers queue")]
    AlreadyQueued(String),
    #[error("the speakers queue for {0} is empty")]
    QueueEmpty(String),
    /// Carries the attendee's name, as the room knows them.
    #[error("{name} is not in the speakers queue for {priority} and does not have the floor: there is nothing to remove")]
    NotQueued { name: String, priority: String },
    #[error("\"{0}\" is not a date: write it as YYYY-MM-DD")]
    InvalidDate(String),
    #[error("the {what} is {len} characters long; text is at most {max}", max = MAX_TEXT_CHARS)]
    TextTooLong { what: &'static str, len: usize },
}

impl Refusal {
    /// Whether the board alone refuses it, whatever text the command
    /// carries: a form can say so as it opens, before anything is typed.
    pub fn stands_whatever_is_typed(&self) -> bool {
        matches!(
            self,
            Refusal::SessionClosed { .. }
                | Refusal::StatutoryCannotBeRejected(_)
                | Refusal::CapReached { .. }
        )
    }
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

/// Applies the rules to a command against the board as it stands: the
/// event it becomes, next in the log after the board's last, recorded by
/// `actor` at `at`, with any warnings; or why it is refused.
pub fn apply(
    board: &Board,
    command: Command,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(Event, Vec<Warning>), Refusal> {
    let Checked { body, warnings } = check(board, command)?;
    let event = Event {
        seq: board.last_seq() + 1,
        at,
        actor: actor.to_string(),
        body,
    };
    Ok((event, warnings))
}

/// The rules alone: the event body a command becomes, or why not. [`apply`]
/// stamps it with its place in the log, its time and who recorded it.
pub fn check(board: &Board, command: Command) -> Result<Checked, Refusal> {
    // A closed session takes nothing but its reopening.
    if let Some(closed) = board.closed() {
        if !matches!(command, Command::Reopen { .. }) {
            return Err(Refusal::SessionClosed {
                by: closed.actor.clone(),
                at: crate::clock::minute(closed.at, board.zone()),
            });
        }
    }
    match command {
        Command::Close { force, reason } => {
            text("reason", &reason, false)?;
            let undecided: Vec<String> = board
                .priorities()
                .iter()
                .filter(|p| !p.status.is_decided())
                .map(|p| p.id.clone())
                .collect();
            if !undecided.is_empty() && !force {
                return Err(Refusal::UndecidedItems(undecided.len()));
            }
            if !undecided.is_empty() && reason.trim().is_empty() {
                return Err(Refusal::ReasonRequired(
                    "close a session with items undecided",
                ));
            }
            plain(EventBody::SessionClosed(Closure {
                reason: reason.trim().to_string(),
                forced: !undecided.is_empty(),
                undecided,
            }))
        }
        Command::Reopen { reason } => {
            if board.closed().is_none() {
                return Err(Refusal::NotClosed);
            }
            text("reason", &reason, true).map_err(|e| match e {
                Refusal::EmptyText(_) => Refusal::ReasonRequired("reopen a session"),
                other => other,
            })?;
            plain(EventBody::SessionReopened(Reopening {
                reason: reason.trim().to_string(),
            }))
        }
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
            alternative_title,
        } => {
            if board.priority(&priority).is_none() {
                return Err(Refusal::UnknownPriority(priority));
            }
            text("objection text", &body, true)?;
            if let Some(a) = &raised_by {
                if board.attendee(a).is_none() {
                    return Err(Refusal::UnknownAttendee(a.clone()));
                }
            }
            let (alternative, alternative_title) =
                alternative_named(board, kind, alternative, alternative_title)?;
            Ok(Checked {
                body: EventBody::ObjectionRaised(RaisedObjection {
                    objection: board.next_objection_id(),
                    priority,
                    text: body,
                    kind,
                    raised_by,
                    alternative,
                    alternative_title,
                }),
                warnings: Vec::new(),
            })
        }
        Command::ResolveObjection { objection, note } => {
            let closed = close(board, objection, note, "resolution note")?;
            // Resolved says the objection was answered: the record keeps how.
            if closed.note.trim().is_empty() {
                return Err(Refusal::ResolutionNoteRequired);
            }
            Ok(Checked {
                body: EventBody::ObjectionResolved(closed),
                warnings: Vec::new(),
            })
        }
        Command::TakeUp { priority } => {
            known(board, &priority)?;
            plain(EventBody::ItemTakenUp(PriorityRef { priority }))
        }
        Command::ToggleTimer { priority } => {
            let state = known(board, &priority)?;
            let r = PriorityRef { priority };
            plain(if state.timer.is_running() {
                EventBody::TimerStopped(r)
            } else {
                EventBody::TimerStarted(r)
            })
        }
        Command::AnswerChecklist {
            priority,
            question,
            answer,
        } => {
            known(board, &priority)?;
            plain(EventBody::ChecklistAnswered(ChecklistAnswer {
                priority,
                question,
                answer,
            }))
        }
        Command::RecordPosition {
            priority,
            tier,
            position,
        } => {
            known(board, &priority)?;
            plain(EventBody::TierPositionRecorded(TierPosition {
                priority,
                tier,
                position,
            }))
        }
        Command::AddNote {
            priority,
            text: body,
        } => {
            if let Some(p) = &priority {
                known(board, p)?;
            }
            text("note", &body, true)?;
            plain(EventBody::NoteAdded(Note {
                priority,
                text: body,
            }))
        }
        Command::AddAction {
            priority,
            text: body,
            owner,
            due,
        } => {
            if let Some(p) = &priority {
                known(board, p)?;
            }
            text("action", &body, true)?;
            let owner = owner.filter(|o| !o.trim().is_empty());
            if let Some(o) = &owner {
                text("owner", o, false)?;
            }
            let due = due.map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
            if let Some(d) = &due {
                if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                    return Err(Refusal::InvalidDate(d.clone()));
                }
            }
            plain(EventBody::ActionAdded(ActionItem {
                priority,
                text: body,
                owner,
                due,
            }))
        }
        Command::RecordAttendance { attendee, presence } => {
            attendee_known(board, &attendee)?;
            plain(EventBody::AttendanceRecorded(Attendance {
                attendee,
                presence,
            }))
        }
        Command::QueueSpeaker { priority, attendee } => {
            let state = known(board, &priority)?;
            attendee_known(board, &attendee)?;
            if state.queue.contains(&attendee) {
                return Err(Refusal::AlreadyQueued(board.name_of(&attendee).to_string()));
            }
            if board.presence(&attendee) == Some(Presence::Apologies) {
                return Err(Refusal::SentApologies(board.name_of(&attendee).to_string()));
            }
            plain(EventBody::SpeakerQueued(Speaker { priority, attendee }))
        }
        Command::CallNextSpeaker { priority } => {
            let state = known(board, &priority)?;
            let Some(attendee) = state.queue.first().cloned() else {
                return Err(Refusal::QueueEmpty(priority));
            };
            plain(EventBody::SpeakerCalled(Speaker { priority, attendee }))
        }
        Command::RemoveSpeaker { priority, attendee } => {
            let state = known(board, &priority)?;
            attendee_known(board, &attendee)?;
            let speaking = state.floor.as_ref().is_some_and(|f| f.attendee == attendee);
            if !speaking && !state.queue.contains(&attendee) {
                return Err(Refusal::NotQueued {
                    name: board.name_of(&attendee).to_string(),
                    priority,
                });
            }
            plain(EventBody::SpeakerRemoved(Speaker { priority, attendee }))
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

/// A counter-proposal's indicator as recorded: the pack's code when the
/// pack holds it (however its case and spacing were typed), with no title of
/// its own; otherwise the code as given, spaces tidied, with its title as
/// given, which is then required.
fn alternative_named(
    board: &Board,
    kind: ObjectionKind,
    code: Option<String>,
    title: Option<String>,
) -> Result<(Option<String>, Option<String>), Refusal> {
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(code) = code.map(|c| tidy(&c)).filter(|c| !c.is_empty()) else {
        return Ok((None, None));
    };
    if kind != ObjectionKind::CounterProposal {
        return Err(Refusal::AlternativeOnlyForCounterProposal);
    }
    text("alternative indicator code", &code, true)?;
    if board.indicator(&code).is_some() {
        return Ok((Some(code), None));
    }
    let squeezed = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    if let Some(i) = board
        .pack()
        .indicators
        .iter()
        .find(|i| squeezed(&i.code) == squeezed(&code))
    {
        return Ok((Some(i.code.clone()), None));
    }
    let title = title.map(|t| tidy(&t)).unwrap_or_default();
    if title.is_empty() {
        return Err(Refusal::AlternativeTitleRequired(code));
    }
    text("alternative indicator title", &title, true)?;
    Ok((Some(code), Some(title)))
}

fn known<'a>(board: &'a Board, priority: &str) -> Result<&'a super::board::PriorityState, Refusal> {
    board
        .priority(priority)
        .ok_or_else(|| Refusal::UnknownPriority(priority.to_string()))
}

fn attendee_known(board: &Board, attendee: &str) -> Result<(), Refusal> {
    match board.attendee(attendee) {
        Some(_) => Ok(()),
        None => Err(Refusal::UnknownAttendee(attendee.to_string())),
    }
}

fn plain(body: EventBody) -> Result<Checked, Refusal> {
    Ok(Checked {
        body,
        warnings: Vec::new(),
    })
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
        if let Some(indicator) = board.headline_indicator(&priority) {
            target_period_fits(indicator, &t.period)?;
        }
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
                .spec(&priority)
                .and_then(|p| p.indicators.first())
                .and_then(|c| board.indicator(c))
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

#[cfg(test)]
mod tests;
