//! The one keymap table. Key handling, the help overlay and its title, the
//! footer hints, and the last lines of forms and questions are all
//! generated from [`BINDINGS`], so they cannot disagree; a test holds the
//! README's key table to it.

use super::{Action, Edit, ModeClass, View};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

mod table;

pub use table::BINDINGS;
/// The task a binding serves; the help overlay groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Decide,
    Objections,
    Readiness,
    Record,
    Timer,
    View,
    Typing,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Move,
        Group::Decide,
        Group::Objections,
        Group::Readiness,
        Group::Record,
        Group::Timer,
        Group::View,
        Group::Typing,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Decide => "Decide",
            Group::Objections => "Objections",
            Group::Readiness => "Checklist and tiers",
            Group::Record => "Notes, actions, attendance",
            Group::Timer => "Timer and speakers",
            Group::View => "View",
            Group::Typing => "Typing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

impl Key {
    /// How the key is written: briefly in labels (`C-u`, `A-Enter`), in
    /// full in sentences (`Ctrl-u`, `Alt-Enter`).
    pub fn name(&self, brief: bool) -> String {
        let code = match self.code {
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            other => format!("{other:?}"),
        };
        let held = match (
            self.mods.contains(KeyModifiers::CONTROL),
            self.mods.contains(KeyModifiers::ALT),
            brief,
        ) {
            (true, _, true) => "C-",
            (true, _, false) => "Ctrl-",
            (_, true, true) => "A-",
            (_, true, false) => "Alt-",
            _ => "",
        };
        format!("{held}{code}")
    }
}

/// How a form or a question names a binding on its own last line
/// (`Enter records`): the first `keys` of its keys, and the words after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    pub keys: usize,
    pub words: &'static str,
}

pub struct Binding {
    /// Where the keys work.
    pub views: &'static [View],
    /// Whether they work only where the session may be written.
    pub needs_writable: bool,
    /// The keys, as the help and the footer name them.
    pub keys: &'static [Key],
    /// More keys for the same thing, not named in the label.
    pub also: &'static [Key],
    pub action: Action,
    pub group: Group,
    pub help: &'static str,
    /// A short word for the footer; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
    /// Kept at the end of the footer whatever else fits (help, quit).
    pub pinned: bool,
    pub prompt: Option<Prompt>,
}

const fn bind(
    views: &'static [View],
    keys: &'static [Key],
    action: Action,
    group: Group,
    help: &'static str,
) -> Binding {
    Binding {
        views,
        needs_writable: false,
        keys,
        also: &[],
        action,
        group,
        help,
        hint: None,
        pinned: false,
        prompt: None,
    }
}

impl Binding {
    const fn also(mut self, also: &'static [Key]) -> Self {
        self.also = also;
        self
    }

    const fn writable(mut self) -> Self {
        self.needs_writable = true;
        self
    }

    const fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    const fn pinned(mut self) -> Self {
        self.pinned = true;
        self
    }

    const fn prompt(mut self, keys: usize, words: &'static str) -> Self {
        self.prompt = Some(Prompt { keys, words });
        self
    }

    /// Whether the binding works in `mode`.
    pub fn works_in(&self, mode: ModeClass) -> bool {
        self.views.contains(&mode.view) && (mode.writable || !self.needs_writable)
    }

    /// The keys as the help and the footer write them: `j ↓`.
    pub fn label(&self) -> String {
        let names: Vec<String> = self.keys.iter().map(|k| k.name(true)).collect();
        names.join(" ")
    }

    /// Every key that does it, named or not.
    pub fn all_keys(&self) -> impl Iterator<Item = &'static Key> {
        self.keys.iter().chain(self.also)
    }

    /// Whether the binding opens a form that records. Views that cannot
    /// record keep these keys (the form says why nothing can be recorded)
    /// but leave them out of their hints and help (see [`Binding::records`]).
    pub fn opens_form(&self) -> bool {
        matches!(self.action, Action::Open(_))
    }

    /// Whether the binding records, at once or through a form.
    pub fn records(&self) -> bool {
        matches!(
            self.action,
            Action::Open(_) | Action::TakeUp | Action::ToggleTimer | Action::NextSpeaker
        )
    }
}

/// The action a key press means in the given mode, if any. In a form or the
/// filter, a printable character no binding claims is typed.
pub fn action_for(mode: ModeClass, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    // Shift is part of the character for letters ('G'), not a separate modifier.
    let mods = event.modifiers - KeyModifiers::SHIFT;
    let code = match event.code {
        KeyCode::Char(c)
            if c.is_ascii_alphabetic() && event.modifiers.contains(KeyModifiers::SHIFT) =>
        {
            KeyCode::Char(c.to_ascii_uppercase())
        }
        other => other,
    };
    let wanted = Key { code, mods };
    for b in bindings_for(mode) {
        if b.all_keys().any(|k| *k == wanted) {
            return Some(b.action.clone());
        }
    }
    if matches!(mode.view, View::Form | View::Filter)
        && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        if let KeyCode::Char(c) = event.code {
            return Some(Action::Edit(Edit::Insert(c)));
        }
    }
    None
}

/// The bindings that work in a mode, in table order.
pub fn bindings_for(mode: ModeClass) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.works_in(mode))
}

/// The first key of each binding in `mode` that does what `wanted` says,
/// in full and in table order, joined by " or ": `? or Esc`.
pub fn first_keys(mode: ModeClass, wanted: impl Fn(&Action) -> bool) -> String {
    let names: Vec<String> = bindings_for(mode)
        .filter(|b| wanted(&b.action))
        .filter_map(|b| b.keys.first())
        .map(|k| k.name(false))
        .collect();
    names.join(" or ")
}

/// The last line of a form or a question: what its keys do, said with
/// the keys (`Enter records · … · Esc cancels`). The way out comes last.
pub fn prompt_line(mode: ModeClass) -> String {
    let mut prompts: Vec<(&Binding, Prompt)> = bindings_for(mode)
        .filter_map(|b| b.prompt.map(|p| (b, p)))
        .collect();
    prompts.sort_by_key(|(b, _)| matches!(b.action, Action::Cancel | Action::Confirm(false)));
    let parts: Vec<String> = prompts
        .iter()
        .map(|(b, p)| {
            let keys: Vec<String> = b.keys.iter().take(p.keys).map(|k| k.name(false)).collect();
            format!("{} {}", keys.join(" or "), p.words)
        })
        .collect();
    parts.join(" · ")
}

#[cfg(test)]
mod tests;
