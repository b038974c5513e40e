//! Opening a form: which one a key asks for, and whether the board refuses
//! what it would record before anything is typed.

use super::{App, Form, FormKind, FormRequest, Mode, Tone};
use caseboard_core::rules::Refusal;
use caseboard_core::{Board, Command, ObjectionStatus};

impl App {
    /// Opens the form a key asks for. The form opens even when nothing it
    /// would record can be recorded, with the reason shown in it: the keys
    /// typed next then land in a form the note-taker can read and cancel,
    /// instead of being taken as commands (an `o` opening an objection).
    pub(super) fn open_form(&mut self, request: FormRequest) {
        let priority = self.selected_priority().map(|p| p.id.clone());
        let mut missing = None;
        let kind = match request {
            FormRequest::Attendance => FormKind::Attendance,
            FormRequest::ResolveObjection | FormRequest::WithdrawObjection => {
                let objection = match self
                    .selected_objection()
                    .filter(|o| o.status == ObjectionStatus::Open)
                {
                    Some(o) => o.id.clone(),
                    None => {
                        missing = Some(
                            "Select an open objection first: Esc, then Tab to the objections pane and j/k."
                                .to_string(),
                        );
                        String::new()
                    }
                };
                if request == FormRequest::ResolveObjection {
                    FormKind::ResolveObjection { objection }
                } else {
                    FormKind::WithdrawObjection { objection }
                }
            }
            _ => {
                let priority = if matches!(
                    request,
                    FormRequest::QueueSpeaker | FormRequest::RemoveSpeaker
                ) {
                    // The queue belongs to the item under discussion, as `S` does.
                    self.item_in_hand()
                } else {
                    priority
                };
                let priority = priority.unwrap_or_else(|| {
                    missing = Some(
                        "No priority is selected: Esc, then clear the filter or choose one."
                            .to_string(),
                    );
                    String::new()
                });
                match request {
                    FormRequest::Decide(outcome) => FormKind::Decide { priority, outcome },
                    FormRequest::RaiseObjection => FormKind::RaiseObjection { priority },
                    FormRequest::Checklist => FormKind::Checklist { priority },
                    FormRequest::Positions => FormKind::Positions { priority },
                    FormRequest::Note => FormKind::Note { priority },
                    FormRequest::Action => FormKind::Action { priority },
                    FormRequest::RemoveSpeaker => {
                        let nobody = self
                            .board
                            .priority(&priority)
                            .is_some_and(|p| p.queue.is_empty() && p.floor.is_none());
                        if nobody && missing.is_none() {
                            missing = Some(format!(
                                "Nobody is in the speakers queue for {priority} or has the floor: there is nobody to take out."
                            ));
                        }
                        FormKind::RemoveSpeaker { priority }
                    }
                    _ => FormKind::QueueSpeaker { priority },
                }
            }
        };
        let mut form = Form::new(kind, &self.board);
        form.refusal = self.write_refusal().or(missing).or_else(|| {
            caseboard_core::rules::check(&self.board, probe(&form.kind, &self.board))
                .err()
                .filter(Refusal::stands_whatever_is_typed)
                .map(|refusal| format!("Cannot be recorded: {refusal}."))
        });
        match &form.refusal {
            Some(refusal) => self.say(Tone::Error, refusal.clone()),
            None => self.flash = None,
        }
        self.mode = Mode::Form(form);
    }
}

/// The command a form of this kind would record, with placeholder text:
/// the rules, asked about it before anything is typed, say whether the
/// board itself refuses it (the rules stay in one place, the domain).
fn probe(kind: &FormKind, board: &Board) -> Command {
    use caseboard_core::meeting::{Answer, Position, Presence, Question, TIERS};
    let text = "…".to_string();
    let attendee = || {
        board
            .pack()
            .attendees
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_default()
    };
    match kind.clone() {
        FormKind::Decide { priority, outcome } => Command::Decide {
            priority,
            outcome,
            rationale: text,
            local: false,
            target: None,
        },
        FormKind::RaiseObjection { priority } => Command::RaiseObjection {
            priority,
            text,
            kind: caseboard_core::pack::ObjectionKind::Evidence,
            raised_by: None,
            alternative: None,
            alternative_title: None,
        },
        FormKind::ResolveObjection { objection } => Command::ResolveObjection {
            objection,
            note: text,
        },
        FormKind::WithdrawObjection { objection } => Command::WithdrawObjection {
            objection,
            note: text,
        },
        FormKind::Checklist { priority } => Command::AnswerChecklist {
            priority,
            question: Question::ALL[0],
            answer: Answer::ALL[0],
        },
        FormKind::Positions { priority } => Command::RecordPosition {
            priority,
            tier: TIERS[0],
            position: Position::ALL[0],
        },
        FormKind::Note { priority } => Command::AddNote {
            priority: Some(priority),
            text,
        },
        FormKind::Action { priority } => Command::AddAction {
            priority: Some(priority),
            text,
            owner: None,
            due: None,
        },
        FormKind::Attendance => Command::RecordAttendance {
            attendee: attendee(),
            presence: Presence::Present,
        },
        FormKind::QueueSpeaker { priority } => Command::QueueSpeaker {
            priority,
            attendee: attendee(),
        },
        FormKind::RemoveSpeaker { priority } => Command::RemoveSpeaker {
            priority,
            attendee: attendee(),
        },
    }
}
