//! Forms: every entry the note-taker types goes through one. A form is a
//! list of fields and a [`FormKind`] that turns them into commands.

use super::Edit;
use caseboard_core::event::fmt_value;
use caseboard_core::meeting::{tier_title, Answer, Position, Presence, Question, TIERS};
use caseboard_core::pack::ObjectionKind;
use caseboard_core::{rules, Board, Command, Outcome};

/// Longest text one field takes; the rules refuse more anyway.
const MAX_FIELD_CHARS: usize = caseboard_core::validate::MAX_TEXT_CHARS;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// One line; pasted line breaks become spaces.
    Text {
        value: String,
        cursor: usize,
    },
    /// Several lines: Alt-Enter or Ctrl-J starts a new one; pasting keeps them.
    Area {
        value: String,
        cursor: usize,
    },
    /// One of a fixed list: ← → or Space to change.
    Choice {
        options: Vec<(String, String)>,
        index: usize,
    },
    Toggle {
        on: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: Value,
    /// The value is a proposal filled in, untouched: the first character
    /// typed replaces it; moving in it or deleting edits it instead.
    proposed: bool,
}

impl Field {
    /// A text field that opens with `value` in it, the cursor at its end.
    fn text_with(label: impl Into<String>, value: String) -> Field {
        Field {
            label: label.into(),
            proposed: !value.is_empty(),
            value: Value::Text {
                cursor: value.chars().count(),
                value,
            },
        }
    }

    fn text(label: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            proposed: false,
            value: Value::Text {
                value: String::new(),
                cursor: 0,
            },
        }
    }

    fn area(label: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            proposed: false,
            value: Value::Area {
                value: String::new(),
                cursor: 0,
            },
        }
    }

    fn toggle(label: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            proposed: false,
            value: Value::Toggle { on: false },
        }
    }

    /// `options` are (value, label) pairs.
    fn choice(label: impl Into<String>, options: Vec<(String, String)>, selected: &str) -> Field {
        let index = options.iter().position(|(v, _)| v == selected).unwrap_or(0);
        Field {
            label: label.into(),
            proposed: false,
            value: Value::Choice { options, index },
        }
    }

    /// The field's text, or the chosen option's value.
    pub fn text_value(&self) -> &str {
        match &self.value {
            Value::Text { value, .. } | Value::Area { value, .. } => value,
            Value::Choice { options, index } => {
                options.get(*index).map(|(v, _)| v.as_str()).unwrap_or("")
            }
            Value::Toggle { .. } => "",
        }
    }

    pub fn is_on(&self) -> bool {
        matches!(self.value, Value::Toggle { on: true })
    }

    fn edit(&mut self, edit: Edit) {
        if std::mem::take(&mut self.proposed) {
            if let (Edit::Insert(_), Value::Text { value, cursor }) = (&edit, &mut self.value) {
                value.clear();
                *cursor = 0;
            }
        }
        match &mut self.value {
            Value::Text { value, cursor } => edit_text(value, cursor, edit, false),
            Value::Area { value, cursor } => edit_text(value, cursor, edit, true),
            Value::Choice { options, index } => {
                let n = options.len().max(1);
                match edit {
                    Edit::Right | Edit::Insert(' ') => *index = (*index + 1) % n,
                    Edit::Left => *index = (*index + n - 1) % n,
                    Edit::Home => *index = 0,
                    Edit::End => *index = n - 1,
                    // Typing a letter jumps to the next option whose label starts with it.
                    Edit::Insert(c) => {
                        let c = c.to_lowercase().next().unwrap_or(c);
                        // The first letter or digit counts, past any mark ("✓ support").
                        let first = |label: &str| {
                            label
                                .chars()
                                .find(|ch| ch.is_alphanumeric())
                                .and_then(|f| f.to_lowercase().next())
                        };
                        let found = (1..=n)
                            .map(|k| (*index + k) % n)
                            .find(|&i| first(&options[i].1) == Some(c));
                        if let Some(i) = found {
                            *index = i;
                        }
                    }
                    _ => {}
                }
            }
            Value::Toggle { on } => match edit {
                Edit::Insert(' ' | 'x' | 'y') | Edit::Left | Edit::Right => *on = !*on,
                Edit::Insert('n') | Edit::Backspace | Edit::Clear => *on = false,
                _ => {}
            },
        }
    }
}

pub(crate) fn edit_text(value: &mut String, cursor: &mut usize, edit: Edit, multiline: bool) {
    let len = value.chars().count();
    *cursor = (*cursor).min(len);
    let byte = |s: &str, i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
    match edit {
        Edit::Insert(c) if len < MAX_FIELD_CHARS => {
            let c = match c {
                '\n' if multiline => '\n',
                '\r' => return,
                c if c.is_control() => ' ',
                c => c,
            };
            value.insert(byte(value, *cursor), c);
            *cursor += 1;
        }
        Edit::Newline if multiline && len < MAX_FIELD_CHARS => {
            value.insert(byte(value, *cursor), '\n');
            *cursor += 1;
        }
        Edit::Newline if len < MAX_FIELD_CHARS => {
            value.insert(byte(value, *cursor), ' ');
            *cursor += 1;
        }
        Edit::Backspace if *cursor > 0 => {
            value.remove(byte(value, *cursor - 1));
            *cursor -= 1;
        }
        Edit::Delete if *cursor < len => {
            value.remove(byte(value, *cursor));
        }
        Edit::Left => *cursor = cursor.saturating_sub(1),
        Edit::Right => *cursor = (*cursor + 1).min(len),
        Edit::Home => *cursor = 0,
        Edit::End => *cursor = len,
        Edit::Clear => {
            value.clear();
            *cursor = 0;
        }
        _ => {}
    }
}

/// What a form records.
#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    Decide { priority: String, outcome: Outcome },
    RaiseObjection { priority: String },
    ResolveObjection { objection: String },
    WithdrawObjection { objection: String },
    Checklist { priority: String },
    Positions { priority: String },
    Note { priority: String },
    Action { priority: String },
    Attendance,
    QueueSpeaker { priority: String },
    RemoveSpeaker { priority: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem with what was typed, shown in the form.
    pub error: Option<String>,
    /// Why nothing this form would record can be recorded, known when it
    /// opened (a statutory target's rejection, a closed session, ...). The
    /// form opens anyway, so what is typed next lands in it rather than
    /// being read as commands; Enter records nothing while this is set.
    pub refusal: Option<String>,
    /// What the form is about, above its fields (the accept form: the
    /// headline indicator, its baseline, latest figure and proposal).
    pub context: Vec<String>,
    /// Each field's value when the form opened: only what the note-taker
    /// changed is recorded, so an answer another screen recorded meanwhile
    /// is not undone.
    initial: Vec<String>,
}

/// The headline indicator a target is agreed for: its code and title, then
/// its baseline, latest figure and proposed target, each with its period.
fn headline_context(board: &Board, priority: &str) -> Vec<String> {
    let Some(ind) = board.headline_indicator(priority) else {
        return Vec::new();
    };
    let unit = if ind.unit.as_deref() == Some("%") {
        "%"
    } else {
        ""
    };
    let figure = |what: &str, pv: Option<&caseboard_core::pack::PeriodValue>| {
        pv.map(|pv| format!("{what} {}{unit} ({})", fmt_value(pv.value), pv.period))
    };
    let figures: Vec<String> = [
        figure("baseline", ind.baseline.as_ref()),
        figure("latest", ind.series.last()),
        figure("proposed", ind.proposed_target.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut lines = vec![format!("Headline indicator: {} {}", ind.code, ind.title)];
    if !figures.is_empty() {
        lines.push(figures.join(" · "));
    }
    lines
}

fn attendee_options(board: &Board, none: &str) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), none.to_string())];
    options.extend(board.pack().attendees.iter().map(|a| {
        (
            a.id.clone(),
            format!("{} ({}, {})", a.name, a.organisation, a.tier.as_str()),
        )
    }));
    options
}

fn answer_options() -> Vec<(String, String)> {
    Answer::ALL
        .iter()
        .map(|a| (a.as_str().to_string(), a.as_str().to_string()))
        .collect()
}

impl Form {
    /// A form for `kind`, with its fields filled from the board as it stands.
    pub fn new(kind: FormKind, board: &Board) -> Form {
        let title_of = |id: &str| {
            if id.is_empty() {
                return "(no priority selected)".to_string();
            }
            let title = board.spec(id).map(|p| p.title.as_str()).unwrap_or("");
            format!("{id} · {title}")
        };
        let (title, fields) = match &kind {
            FormKind::Decide { priority, outcome } => {
                let mut fields = vec![Field::area("Rationale")];
                match outcome {
                    Outcome::Accept => {
                        // The target agreed already, else the proposal, is
                        // filled in: accepting it is Enter. The value is
                        // written in full (not rounded for show), so what is
                        // recorded is exactly the figure proposed.
                        let agreed = board
                            .priority(priority)
                            .and_then(|p| p.status.agreed_target().cloned());
                        let proposed = agreed
                            .or_else(|| {
                                board
                                    .headline_indicator(priority)
                                    .and_then(|i| i.proposed_target.clone())
                            })
                            .map(|t| format!("{}={}", t.period, t.value))
                            .unwrap_or_default();
                        fields.push(Field::text_with(
                            "Agreed target (PERIOD=VALUE, optional)",
                            proposed,
                        ))
                    }
                    Outcome::Reject => fields.push(Field::toggle("Keep as a local priority")),
                    Outcome::Defer => {}
                }
                (title_of(priority), fields)
            }
            FormKind::RaiseObjection { priority } => {
                let kinds = ObjectionKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_string(), k.phrase().to_string()))
                    .collect();
                (
                    title_of(priority),
                    vec![
                        Field::area("Objection"),
                        Field::choice("Kind", kinds, "evidence"),
                        Field::choice("Raised by", attendee_options(board, "(unattributed)"), ""),
                        Field::text("Alternative indicator, for a counter-proposal (e.g. NI 20)"),
                        Field::text("Its title, if the pack does not hold it"),
                    ],
                )
            }
            FormKind::ResolveObjection { objection }
            | FormKind::WithdrawObjection { objection } => {
                let text = board
                    .objection(objection)
                    .map(|o| o.text.as_str())
                    .unwrap_or("");
                let label = if matches!(kind, FormKind::ResolveObjection { .. }) {
                    "How it was resolved"
                } else {
                    "Note (optional)"
                };
                let title = if objection.is_empty() {
                    "(no open objection selected)".to_string()
                } else {
                    format!("{objection} · {text}")
                };
                (title, vec![Field::area(label)])
            }
            FormKind::Checklist { priority } => {
                let state = board.priority(priority);
                let fields = Question::ALL
                    .iter()
                    .map(|q| {
                        let current = state.map(|s| s.answer(*q)).unwrap_or_default();
                        Field::choice(q.text(), answer_options(), current.as_str())
                    })
                    .collect();
                (title_of(priority), fields)
            }
            FormKind::Positions { priority } => {
                let state = board.priority(priority);
                let options: Vec<(String, String)> = Position::ALL
                    .iter()
                    .map(|p| {
                        (
                            p.as_str().to_string(),
                            format!("{} {}", p.mark(), p.as_str()),
                        )
                    })
                    .collect();
                let fields = TIERS
                    .iter()
                    .enumerate()
                    .map(|(i, tier)| {
                        let current = state.map(|s| s.positions[i]).unwrap_or_default();
                        Field::choice(tier_title(*tier), options.clone(), current.as_str())
                    })
                    .collect();
                (title_of(priority), fields)
            }
            FormKind::Note { priority } => (
                title_of(priority),
                vec![
                    Field::area("Note"),
                    Field::toggle("About the meeting as a whole, not this priority"),
                ],
            ),
            FormKind::Action { priority } => (
                title_of(priority),
                vec![
                    Field::area("Action"),
                    Field::choice("Owner", attendee_options(board, "(no owner yet)"), ""),
                    Field::text("Due date (YYYY-MM-DD, optional)"),
                    Field::toggle("For the meeting as a whole, not this priority"),
                ],
            ),
            FormKind::Attendance => {
                let fields = board
                    .pack()
                    .attendees
                    .iter()
                    .map(|a| {
                        let options = vec![
                            (String::new(), "not recorded".to_string()),
                            ("present".to_string(), "present".to_string()),
                            ("apologies".to_string(), "apologies".to_string()),
                        ];
                        let current = board.presence(&a.id).map(|p| p.as_str()).unwrap_or("");
                        Field::choice(
                            format!("{} ({}, {})", a.name, a.organisation, a.tier.as_str()),
                            options,
                            current,
                        )
                    })
                    .collect();
                ("Attendance".to_string(), fields)
            }
            FormKind::QueueSpeaker { priority } => {
                let mut options = attendee_options(board, "");
                options.remove(0);
                (
                    title_of(priority),
                    vec![Field::choice("Add to the speakers queue", options, "")],
                )
            }
            FormKind::RemoveSpeaker { priority } => {
                // Whoever has the floor first, then the queue in its order.
                let state = board.priority(priority);
                let floor = state.and_then(|p| p.floor.as_ref()).map(|f| {
                    let who = f.attendee.clone();
                    let label = format!("{} (has the floor)", board.name_of(&who));
                    (who, label)
                });
                let queued = state.into_iter().flat_map(|p| &p.queue).map(|who| {
                    let label = board.name_of(who).to_string();
                    (who.clone(), label)
                });
                let options: Vec<(String, String)> = floor.into_iter().chain(queued).collect();
                (
                    title_of(priority),
                    vec![Field::choice("Take out of the speakers queue", options, "")],
                )
            }
        };
        let initial = fields.iter().map(|f| f.text_value().to_string()).collect();
        let context = match &kind {
            FormKind::Decide {
                priority,
                outcome: Outcome::Accept,
            } => headline_context(board, priority),
            _ => Vec::new(),
        };
        Form {
            kind,
            title,
            fields,
            focus: 0,
            error: None,
            refusal: None,
            context,
            initial,
        }
    }

    /// Whether field `i` differs from its value when the form opened.
    fn changed(&self, i: usize) -> bool {
        self.initial.get(i).map(String::as_str) != Some(self.field(i))
    }

    /// The form's name, for its frame.
    pub fn heading(&self) -> &'static str {
        match &self.kind {
            FormKind::Decide {
                outcome: Outcome::Accept,
                ..
            } => "Accept",
            FormKind::Decide {
                outcome: Outcome::Reject,
                ..
            } => "Reject",
            FormKind::Decide {
                outcome: Outcome::Defer,
                ..
            } => "Defer",
            FormKind::RaiseObjection { .. } => "Raise an objection",
            FormKind::ResolveObjection { .. } => "Resolve the objection",
            FormKind::WithdrawObjection { .. } => "Withdraw the objection",
            FormKind::Checklist { .. } => "Readiness checklist",
            FormKind::Positions { .. } => "Vertical test: each tier's position",
            FormKind::Note { .. } => "Note",
            FormKind::Action { .. } => "Action",
            FormKind::Attendance => "Attendance",
            FormKind::QueueSpeaker { .. } => "Speakers queue",
            FormKind::RemoveSpeaker { .. } => "Take out of the speakers queue",
        }
    }

    /// A line under the fields saying what the form needs.
    pub fn guidance(&self) -> Option<&'static str> {
        match &self.kind {
            FormKind::Decide { outcome: Outcome::Reject | Outcome::Defer, .. } => Some("A rationale is required."),
            FormKind::Decide { outcome: Outcome::Accept, .. } => {
                Some("Enter accepts the target as filled in (the proposal); change it, or clear it for \"target to be set\". A value may be written 54 or 54%.")
            }
            FormKind::Checklist { .. } | FormKind::Positions { .. } | FormKind::Attendance => {
                Some("← → or Space changes an answer; only changes are recorded.")
            }
            _ => None,
        }
    }

    pub fn edit(&mut self, edit: Edit) {
        let n = self.fields.len().max(1);
        match edit {
            Edit::NextField => self.focus = (self.focus + 1) % n,
            Edit::PrevField => self.focus = (self.focus + n - 1) % n,
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    field.edit(edit);
                }
            }
        }
        self.error = None;
    }

    fn field(&self, i: usize) -> &str {
        self.fields.get(i).map(Field::text_value).unwrap_or("")
    }

    fn on(&self, i: usize) -> bool {
        self.fields.get(i).is_some_and(Field::is_on)
    }

    /// The commands the form records, or what is wrong with it. An empty
    /// list means nothing changed.
    pub fn commands(&self, board: &Board) -> Result<Vec<Command>, String> {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(match &self.kind {
            FormKind::Decide { priority, outcome } => {
                let target = match (outcome, opt(self.field(1))) {
                    (Outcome::Accept, Some(t)) => Some(rules::parse_target(&t)?),
                    _ => None,
                };
                vec![Command::Decide {
                    priority: priority.clone(),
                    outcome: *outcome,
                    rationale: self.field(0).trim().to_string(),
                    local: *outcome == Outcome::Reject && self.on(1),
                    target,
                }]
            }
            FormKind::RaiseObjection { priority } => vec![Command::RaiseObjection {
                priority: priority.clone(),
                text: self.field(0).trim().to_string(),
                kind: ObjectionKind::parse(self.field(1)).unwrap_or(ObjectionKind::Other),
                raised_by: opt(self.field(2)),
                alternative: opt(self.field(3)),
                alternative_title: opt(self.field(4)),
            }],
            FormKind::ResolveObjection { objection } => vec![Command::ResolveObjection {
                objection: objection.clone(),
                note: self.field(0).trim().to_string(),
            }],
            FormKind::WithdrawObjection { objection } => {
                vec![Command::WithdrawObjection {
                    objection: objection.clone(),
                    note: self.field(0).trim().to_string(),
                }]
            }
            FormKind::Checklist { priority } => Question::ALL
                .iter()
                .enumerate()
                .filter_map(|(i, q)| {
                    let answer = Answer::ALL
                        .into_iter()
                        .find(|a| a.as_str() == self.field(i))?;
                    self.changed(i).then(|| Command::AnswerChecklist {
                        priority: priority.clone(),
                        question: *q,
                        answer,
                    })
                })
                .collect(),
            FormKind::Positions { priority } => TIERS
                .iter()
                .enumerate()
                .filter_map(|(i, tier)| {
                    let position = Position::ALL
                        .into_iter()
                        .find(|p| p.as_str() == self.field(i))?;
                    self.changed(i).then(|| Command::RecordPosition {
                        priority: priority.clone(),
                        tier: *tier,
                        position,
                    })
                })
                .collect(),
            FormKind::Note { priority } => vec![Command::AddNote {
                priority: (!self.on(1)).then(|| priority.clone()),
                text: self.field(0).trim().to_string(),
            }],
            FormKind::Action { priority } => vec![Command::AddAction {
                priority: (!self.on(3)).then(|| priority.clone()),
                text: self.field(0).trim().to_string(),
                owner: opt(self.field(1)),
                due: opt(self.field(2)),
            }],
            FormKind::Attendance => board
                .pack()
                .attendees
                .iter()
                .enumerate()
                .filter_map(|(i, a)| {
                    let presence = match self.field(i) {
                        "present" => Presence::Present,
                        "apologies" => Presence::Apologies,
                        _ => return None,
                    };
                    self.changed(i).then(|| Command::RecordAttendance {
                        attendee: a.id.clone(),
                        presence,
                    })
                })
                .collect(),
            FormKind::QueueSpeaker { priority } => {
                vec![Command::QueueSpeaker {
                    priority: priority.clone(),
                    attendee: self.field(0).to_string(),
                }]
            }
            FormKind::RemoveSpeaker { priority } => {
                vec![Command::RemoveSpeaker {
                    priority: priority.clone(),
                    attendee: self.field(0).to_string(),
                }]
            }
        })
    }
}
