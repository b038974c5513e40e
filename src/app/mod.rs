//! Application state and `update(state, action) -> effects` (The Elm
//! Architecture). Nothing here does I/O: writing to the session is an
//! [`Effect`] the runtime carries out, and its result comes back as an
//! [`Action`], so the screen shows an entry only once it is committed.

pub mod keymap;

use crate::domain::event::fmt_value;
use crate::domain::pack::PeriodValue;
use crate::domain::rules::{Refusal, Warning};
use crate::domain::{Board, Command, Event, EventBody, Outcome, PriorityState, Status};
use chrono::{DateTime, FixedOffset};

/// The mode, as far as the keymap cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeClass {
    /// Browsing a read-only session.
    Normal,
    /// Browsing a session we may write to.
    NormalWritable,
    Prompt,
    Confirm,
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Board,
    Evidence,
    Objections,
}

impl Pane {
    const ORDER: [Pane; 3] = [Pane::Board, Pane::Evidence, Pane::Objections];

    fn step(self, by: isize) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Self::ORDER[(i + by).rem_euclid(Self::ORDER.len() as isize) as usize]
    }
}

/// An edit to the prompt's current field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Clear,
    NextField,
    PrevField,
}

/// The outcome of a write the runtime attempted.
#[derive(Debug, Clone)]
pub enum WriteResult {
    Recorded {
        caught_up: Vec<Event>,
        event: Event,
        warnings: Vec<Warning>,
    },
    Refused(Refusal),
    Failed(String),
}

#[derive(Debug, Clone)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    Decide(Outcome),
    Edit(Edit),
    Submit,
    Cancel,
    Confirm(bool),
    ToggleHelp,
    Quit,
    /// The terminal's size, in cells.
    Resize(u16, u16),
    /// The clock, about once a second.
    Tick(DateTime<FixedOffset>),
    /// The store's answer to an [`Effect::Record`].
    Written(WriteResult),
    /// Events another process committed.
    Arrived(Vec<Event>),
    /// The session could not be read any more.
    StoreFailed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Record(Command),
    Quit,
}

/// One field of a prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text {
        label: &'static str,
        value: String,
        cursor: usize,
    },
    Toggle {
        label: &'static str,
        on: bool,
    },
}

impl Field {
    fn text(label: &'static str) -> Field {
        Field::Text {
            label,
            value: String::new(),
            cursor: 0,
        }
    }
}

/// The decision form: what, for which priority, and the fields being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionPrompt {
    pub priority: String,
    pub outcome: Outcome,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem with what was typed, shown in the prompt.
    pub error: Option<String>,
}

impl DecisionPrompt {
    fn new(priority: String, outcome: Outcome) -> Self {
        let mut fields = vec![Field::text("Rationale")];
        match outcome {
            Outcome::Accept => fields.push(Field::text("Agreed target (PERIOD=VALUE, optional)")),
            Outcome::Reject => fields.push(Field::Toggle {
                label: "Keep as a local priority",
                on: false,
            }),
            Outcome::Defer => {}
        }
        DecisionPrompt {
            priority,
            outcome,
            fields,
            focus: 0,
            error: None,
        }
    }

    fn text_of(&self, label_start: &str) -> Option<&str> {
        self.fields.iter().find_map(|f| match f {
            Field::Text { label, value, .. } if label.starts_with(label_start) => {
                Some(value.as_str())
            }
            _ => None,
        })
    }

    fn toggled(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(f, Field::Toggle { on: true, .. }))
    }

    /// The command the form describes, or what is wrong with it.
    fn command(&self) -> Result<Command, String> {
        let rationale = self
            .text_of("Rationale")
            .unwrap_or_default()
            .trim()
            .to_string();
        let target = match self.text_of("Agreed target").map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(parse_target(t)?),
        };
        Ok(Command::Decide {
            priority: self.priority.clone(),
            outcome: self.outcome,
            rationale,
            local: self.outcome == Outcome::Reject && self.toggled(),
            target,
        })
    }

    fn edit(&mut self, edit: Edit) {
        let n = self.fields.len();
        match edit {
            Edit::NextField => self.focus = (self.focus + 1) % n,
            Edit::PrevField => self.focus = (self.focus + n - 1) % n,
            _ => match &mut self.fields[self.focus] {
                Field::Text { value, cursor, .. } => edit_text(value, cursor, edit),
                Field::Toggle { on, .. } => {
                    if matches!(edit, Edit::Insert(' ' | 'x' | 'y')) {
                        *on = !*on;
                    } else if matches!(edit, Edit::Insert('n') | Edit::Backspace | Edit::Clear) {
                        *on = false;
                    }
                }
            },
        }
        self.error = None;
    }
}

/// Longest text one field takes; the rules refuse more anyway.
const MAX_FIELD_CHARS: usize = crate::domain::validate::MAX_TEXT_CHARS;

fn edit_text(value: &mut String, cursor: &mut usize, edit: Edit) {
    let len = value.chars().count();
    *cursor = (*cursor).min(len);
    let byte = |s: &str, i: usize| s.char_indices().nth(i).map_or(s.len(), |(b, _)| b);
    match edit {
        Edit::Insert(c) if len < MAX_FIELD_CHARS => {
            // Pasted line breaks and tabs become spaces: one field is one paragraph.
            let c = if c.is_control() { ' ' } else { c };
            let at = byte(value, *cursor);
            value.insert(at, c);
            *cursor += 1;
        }
        Edit::Backspace if *cursor > 0 => {
            let at = byte(value, *cursor - 1);
            value.remove(at);
            *cursor -= 1;
        }
        Edit::Delete if *cursor < len => {
            let at = byte(value, *cursor);
            value.remove(at);
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

/// Parses `PERIOD=VALUE`, e.g. `2010/11=120.5`.
pub fn parse_target(text: &str) -> Result<PeriodValue, String> {
    let Some((period, value)) = text.rsplit_once('=') else {
        return Err(format!(
            "\"{text}\" is not a target: write PERIOD=VALUE, e.g. 2010/11=120"
        ));
    };
    let period = period.trim();
    if period.is_empty() {
        return Err(format!(
            "\"{text}\" has no period: write PERIOD=VALUE, e.g. 2010/11=120"
        ));
    }
    let value: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            format!(
                "\"{}\" is not a number: write PERIOD=VALUE, e.g. 2010/11=120",
                value.trim()
            )
        })?;
    Ok(PeriodValue {
        period: period.to_string(),
        value,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Prompt(DecisionPrompt),
    /// Accepting over open objections: asked before recording.
    ConfirmOverObjections {
        command: Command,
        priority: String,
        objections: Vec<String>,
    },
    Help,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub tone: Tone,
    pub text: String,
}

pub struct App {
    pub board: Board,
    pub selected: usize,
    /// First board row on screen; kept so scrolling does not jump.
    pub offset: usize,
    pub focus: Pane,
    pub mode: Mode,
    pub flash: Option<Flash>,
    /// Who the entries are recorded as.
    pub actor: String,
    pub read_only: bool,
    /// Where the session lives, for the header.
    pub source: String,
    /// Wall-clock time where the meeting is (local time, with its offset).
    pub now: DateTime<FixedOffset>,
    pub size: (u16, u16),
    pub evidence_scroll: u16,
    pub objections_scroll: u16,
    pub quit: bool,
}

impl App {
    pub fn new(
        board: Board,
        actor: String,
        read_only: bool,
        source: String,
        now: DateTime<FixedOffset>,
    ) -> Self {
        App {
            board,
            selected: 0,
            offset: 0,
            focus: Pane::Board,
            mode: Mode::Normal,
            flash: None,
            actor,
            read_only,
            source,
            now,
            size: (80, 24),
            evidence_scroll: 0,
            objections_scroll: 0,
            quit: false,
        }
    }

    pub fn mode_class(&self) -> ModeClass {
        match self.mode {
            Mode::Normal if self.read_only => ModeClass::Normal,
            Mode::Normal => ModeClass::NormalWritable,
            Mode::Prompt(_) => ModeClass::Prompt,
            Mode::ConfirmOverObjections { .. } => ModeClass::Confirm,
            Mode::Help => ModeClass::Help,
        }
    }

    pub fn selected_priority(&self) -> Option<&PriorityState> {
        self.board.priorities().get(self.selected)
    }

    fn page(&self) -> usize {
        crate::ui::board_rows_visible(self.size).max(1)
    }

    fn select(&mut self, index: usize) {
        let last = self.board.priorities().len().saturating_sub(1);
        let index = index.min(last);
        if index != self.selected {
            self.evidence_scroll = 0;
            self.objections_scroll = 0;
        }
        self.selected = index;
        let page = self.page();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self
            .offset
            .min(self.board.priorities().len().saturating_sub(page));
    }

    fn scroll_focused(&mut self, by: i32) -> bool {
        let scroll = match self.focus {
            Pane::Board => return false,
            Pane::Evidence => &mut self.evidence_scroll,
            Pane::Objections => &mut self.objections_scroll,
        };
        *scroll = (*scroll as i32 + by).clamp(0, u16::MAX as i32) as u16;
        true
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.flash = Some(Flash {
            tone,
            text: text.into(),
        });
    }

    fn fold(&mut self, events: &[Event]) {
        for e in events {
            self.board.apply(e);
        }
    }
}

/// Describes a recorded event for the status bar.
fn confirmation(board: &Board, event: &Event) -> String {
    match &event.body {
        EventBody::DecisionRecorded(d) => {
            let what = match (d.outcome, d.local) {
                (Outcome::Accept, _) => match &d.target {
                    Some(t) => format!("accepted, target {} = {}", t.period, fmt_value(t.value)),
                    None => "accepted (target to be set)".to_string(),
                },
                (Outcome::Reject, true) => "rejected, kept as a local priority".to_string(),
                (Outcome::Reject, false) => "rejected".to_string(),
                (Outcome::Defer, _) => "deferred".to_string(),
            };
            format!(
                "Recorded #{}: {} {what}. Designated {} / {}.",
                event.seq,
                d.priority,
                board.designated_accepted(),
                board.cap()
            )
        }
        other => format!("Recorded #{}: {}", event.seq, other.describe()),
    }
}

/// The one place state changes. Returns what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::MoveDown => {
            if !app.scroll_focused(1) {
                app.select(app.selected + 1);
            }
        }
        Action::MoveUp => {
            if !app.scroll_focused(-1) {
                app.select(app.selected.saturating_sub(1));
            }
        }
        Action::PageDown => {
            let page = app.page();
            if !app.scroll_focused(page as i32) {
                app.select(app.selected + page);
            }
        }
        Action::PageUp => {
            let page = app.page();
            if !app.scroll_focused(-(page as i32)) {
                app.select(app.selected.saturating_sub(page));
            }
        }
        Action::Top => app.select(0),
        Action::Bottom => app.select(usize::MAX),
        Action::FocusNext => app.focus = app.focus.step(1),
        Action::FocusPrev => app.focus = app.focus.step(-1),
        Action::Decide(outcome) => {
            if app.read_only {
                app.say(
                    Tone::Error,
                    "This session is open read-only: nothing can be recorded here.",
                );
            } else if let Some(p) = app.selected_priority() {
                let id = p.id.clone();
                app.mode = Mode::Prompt(DecisionPrompt::new(id, outcome));
                app.flash = None;
            }
        }
        Action::Edit(edit) => {
            if let Mode::Prompt(prompt) = &mut app.mode {
                prompt.edit(edit);
            }
        }
        Action::Submit => {
            if let Mode::Prompt(prompt) = &mut app.mode {
                match prompt.command() {
                    Err(problem) => prompt.error = Some(problem),
                    Ok(command) => {
                        let open = app.board.open_objections_for(&prompt.priority);
                        if prompt.outcome == Outcome::Accept && !open.is_empty() {
                            let priority = prompt.priority.clone();
                            app.mode = Mode::ConfirmOverObjections {
                                command,
                                priority,
                                objections: open,
                            };
                        } else {
                            return vec![Effect::Record(command)];
                        }
                    }
                }
            }
        }
        Action::Confirm(yes) => {
            if let Mode::ConfirmOverObjections { command, .. } = &app.mode {
                if yes {
                    return vec![Effect::Record(command.clone())];
                }
                app.mode = Mode::Normal;
                app.say(Tone::Info, "Not recorded.");
            }
        }
        Action::Cancel => {
            if matches!(app.mode, Mode::Prompt(_)) {
                app.mode = Mode::Normal;
                app.say(Tone::Info, "Cancelled: nothing was recorded.");
            }
        }
        Action::ToggleHelp => {
            app.mode = match app.mode {
                Mode::Help => Mode::Normal,
                Mode::Normal => Mode::Help,
                ref other => other.clone(),
            }
        }
        Action::Quit => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.select(app.selected);
        }
        Action::Tick(now) => app.now = now,
        Action::Written(result) => match result {
            WriteResult::Recorded {
                caught_up,
                event,
                warnings,
            } => {
                app.fold(&caught_up);
                app.fold(std::slice::from_ref(&event));
                app.mode = Mode::Normal;
                let mut text = confirmation(&app.board, &event);
                for w in &warnings {
                    text.push_str(&format!(" Note: {w}."));
                }
                app.say(
                    if warnings.is_empty() {
                        Tone::Success
                    } else {
                        Tone::Warning
                    },
                    text,
                );
            }
            WriteResult::Refused(refusal) => {
                // Keep the form so the note-taker can correct it.
                let text = format!("Not recorded: {refusal}.");
                match &mut app.mode {
                    Mode::Prompt(prompt) => prompt.error = Some(text.clone()),
                    _ => app.mode = Mode::Normal,
                }
                app.say(Tone::Error, text);
            }
            WriteResult::Failed(problem) => {
                app.mode = Mode::Normal;
                app.say(Tone::Error, format!("NOT RECORDED: {problem}"));
            }
        },
        Action::Arrived(events) => {
            if !events.is_empty() {
                let n = events.len();
                app.fold(&events);
                if matches!(app.mode, Mode::Normal) {
                    app.say(
                        Tone::Info,
                        format!(
                            "{n} new entr{} from another screen.",
                            if n == 1 { "y" } else { "ies" }
                        ),
                    );
                }
            }
        }
        Action::StoreFailed(problem) => app.say(Tone::Error, problem),
    }
    Vec::new()
}

/// Status, shown as a symbol and a word so colour is never the only signal.
pub fn status_label(status: &Status) -> (&'static str, &'static str) {
    let symbol = match status {
        Status::Undecided => "·",
        Status::Accepted { .. } => "✓",
        Status::Rejected => "✗",
        Status::KeptLocal => "◇",
        Status::Deferred => "…",
    };
    (symbol, status.word())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_or_explain() {
        assert_eq!(
            parse_target("2010/11=120.5"),
            Ok(PeriodValue {
                period: "2010/11".into(),
                value: 120.5
            })
        );
        assert_eq!(parse_target(" 2010/11 = 7 ").map(|t| t.value), Ok(7.0));
        assert!(parse_target("120").unwrap_err().contains("PERIOD=VALUE"));
        assert!(parse_target("=5").unwrap_err().contains("no period"));
        assert!(parse_target("2010/11=lots")
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_target("2010/11=inf").is_err());
        assert!(parse_target("2010/11=NaN").is_err());
    }

    #[test]
    fn editing_respects_characters_not_bytes() {
        let mut value = String::new();
        let mut cursor = 0;
        for c in "café 漢字".chars() {
            edit_text(&mut value, &mut cursor, Edit::Insert(c));
        }
        edit_text(&mut value, &mut cursor, Edit::Left);
        edit_text(&mut value, &mut cursor, Edit::Backspace);
        assert_eq!(value, "café 字");
        edit_text(&mut value, &mut cursor, Edit::Home);
        edit_text(&mut value, &mut cursor, Edit::Delete);
        assert_eq!(value, "afé 字");
        edit_text(&mut value, &mut cursor, Edit::Insert('\n'));
        assert_eq!(value, " afé 字", "pasted line breaks become spaces");
        edit_text(&mut value, &mut cursor, Edit::Clear);
        assert_eq!((value.as_str(), cursor), ("", 0));
    }
}
