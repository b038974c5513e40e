//! The one keymap table. Key handling, the help overlay and the footer hints
//! are all generated from [`BINDINGS`], so they cannot disagree.

use super::{Action, Edit, ModeClass};
use crate::domain::Outcome;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a binding is for; the help overlay groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Decide,
    Entry,
    View,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Move, Group::Decide, Group::Entry, Group::View];

    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Decide => "Decide",
            Group::Entry => "Typing",
            Group::View => "View",
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

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub modes: &'static [ModeClass],
    pub keys: &'static [Key],
    /// How the keys are written in the help and the footer.
    pub label: &'static str,
    pub action: Action,
    pub group: Group,
    pub help: &'static str,
    /// A short word for the footer; `None` keeps the binding out of it.
    pub hint: Option<&'static str>,
}

use ModeClass::*;

const WRITABLE: &[ModeClass] = &[NormalWritable];
const PROMPT: &[ModeClass] = &[Prompt];
const CONFIRM: &[ModeClass] = &[Confirm];
const BROWSE: &[ModeClass] = &[Normal, NormalWritable];

pub static BINDINGS: &[Binding] = &[
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::Char('j')), key(KeyCode::Down)],
        label: "j ↓",
        action: Action::MoveDown,
        group: Group::Move,
        help: "next priority (or scroll the focused pane)",
        hint: Some("move"),
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::Char('k')), key(KeyCode::Up)],
        label: "k ↑",
        action: Action::MoveUp,
        group: Group::Move,
        help: "previous priority (or scroll the focused pane)",
        hint: None,
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        label: "PgDn",
        action: Action::PageDown,
        group: Group::Move,
        help: "a page down",
        hint: None,
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        label: "PgUp",
        action: Action::PageUp,
        group: Group::Move,
        help: "a page up",
        hint: None,
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::Char('g')), key(KeyCode::Home)],
        label: "g Home",
        action: Action::Top,
        group: Group::Move,
        help: "first priority",
        hint: None,
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::Char('G')), key(KeyCode::End)],
        label: "G End",
        action: Action::Bottom,
        group: Group::Move,
        help: "last priority",
        hint: None,
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::Tab)],
        label: "Tab",
        action: Action::FocusNext,
        group: Group::Move,
        help: "next pane",
        hint: Some("pane"),
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::BackTab)],
        label: "S-Tab",
        action: Action::FocusPrev,
        group: Group::Move,
        help: "previous pane",
        hint: None,
    },
    Binding {
        modes: WRITABLE,
        keys: &[key(KeyCode::Char('a'))],
        label: "a",
        action: Action::Decide(Outcome::Accept),
        group: Group::Decide,
        help: "accept the selected priority",
        hint: Some("accept"),
    },
    Binding {
        modes: WRITABLE,
        keys: &[key(KeyCode::Char('r'))],
        label: "r",
        action: Action::Decide(Outcome::Reject),
        group: Group::Decide,
        help: "reject it (optionally keep as a local priority)",
        hint: Some("reject"),
    },
    Binding {
        modes: WRITABLE,
        keys: &[key(KeyCode::Char('d'))],
        label: "d",
        action: Action::Decide(Outcome::Defer),
        group: Group::Decide,
        help: "defer it",
        hint: Some("defer"),
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        action: Action::Submit,
        group: Group::Entry,
        help: "record the entry",
        hint: Some("record"),
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Esc)],
        label: "Esc",
        action: Action::Cancel,
        group: Group::Entry,
        help: "cancel without recording",
        hint: Some("cancel"),
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Tab), key(KeyCode::Down)],
        label: "Tab",
        action: Action::Edit(Edit::NextField),
        group: Group::Entry,
        help: "next field",
        hint: Some("field"),
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::BackTab), key(KeyCode::Up)],
        label: "S-Tab",
        action: Action::Edit(Edit::PrevField),
        group: Group::Entry,
        help: "previous field",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Backspace)],
        label: "Bksp",
        action: Action::Edit(Edit::Backspace),
        group: Group::Entry,
        help: "delete the character before the cursor",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Delete)],
        label: "Del",
        action: Action::Edit(Edit::Delete),
        group: Group::Entry,
        help: "delete the character under the cursor",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Left)],
        label: "←",
        action: Action::Edit(Edit::Left),
        group: Group::Entry,
        help: "cursor left",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Right)],
        label: "→",
        action: Action::Edit(Edit::Right),
        group: Group::Entry,
        help: "cursor right",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::Home), ctrl('a')],
        label: "Home",
        action: Action::Edit(Edit::Home),
        group: Group::Entry,
        help: "start of the field",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[key(KeyCode::End), ctrl('e')],
        label: "End",
        action: Action::Edit(Edit::End),
        group: Group::Entry,
        help: "end of the field",
        hint: None,
    },
    Binding {
        modes: PROMPT,
        keys: &[ctrl('u')],
        label: "C-u",
        action: Action::Edit(Edit::Clear),
        group: Group::Entry,
        help: "clear the field",
        hint: None,
    },
    Binding {
        modes: CONFIRM,
        keys: &[key(KeyCode::Char('y')), key(KeyCode::Enter)],
        label: "y",
        action: Action::Confirm(true),
        group: Group::Entry,
        help: "yes, record it",
        hint: Some("yes"),
    },
    Binding {
        modes: CONFIRM,
        keys: &[key(KeyCode::Char('n')), key(KeyCode::Esc)],
        label: "n Esc",
        action: Action::Confirm(false),
        group: Group::Entry,
        help: "no, go back",
        hint: Some("no"),
    },
    Binding {
        modes: &[Normal, NormalWritable, Help],
        keys: &[key(KeyCode::Char('?'))],
        label: "?",
        action: Action::ToggleHelp,
        group: Group::View,
        help: "show or hide this help",
        hint: Some("help"),
    },
    Binding {
        modes: &[Help],
        keys: &[key(KeyCode::Esc), key(KeyCode::Char('q'))],
        label: "Esc",
        action: Action::ToggleHelp,
        group: Group::View,
        help: "close the help",
        hint: Some("close"),
    },
    Binding {
        modes: BROWSE,
        keys: &[key(KeyCode::Char('q'))],
        label: "q",
        action: Action::Quit,
        group: Group::View,
        help: "quit (everything is already saved)",
        hint: Some("quit"),
    },
    Binding {
        modes: &[Normal, NormalWritable, Prompt, Confirm, Help],
        keys: &[ctrl('c')],
        label: "C-c",
        action: Action::Quit,
        group: Group::View,
        help: "quit",
        hint: None,
    },
];

/// The action a key press means in the given mode, if any. In a prompt, a
/// printable character no binding claims is typed into the field.
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
    for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
        if b.keys.contains(&wanted) {
            return Some(b.action.clone());
        }
    }
    if mode == Prompt && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        if let KeyCode::Char(c) = event.code {
            return Some(Action::Edit(Edit::Insert(c)));
        }
    }
    None
}

/// The bindings that work in a mode, in table order.
pub fn bindings_for(mode: ModeClass) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODES: [ModeClass; 5] = [
        ModeClass::Normal,
        ModeClass::NormalWritable,
        ModeClass::Prompt,
        ModeClass::Confirm,
        ModeClass::Help,
    ];

    #[test]
    fn no_key_means_two_things_in_one_mode() {
        for mode in MODES {
            let mut seen: Vec<Key> = Vec::new();
            for b in bindings_for(mode) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} is bound twice in {mode:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn every_binding_is_reachable_by_its_keys() {
        for b in BINDINGS {
            for mode in b.modes {
                for k in b.keys {
                    let event = KeyEvent::new(k.code, k.mods);
                    let got = action_for(*mode, event);
                    assert_eq!(
                        format!("{got:?}"),
                        format!("{:?}", Some(b.action.clone())),
                        "{} in {mode:?}",
                        b.label
                    );
                }
            }
        }
    }

    #[test]
    fn read_only_browsing_has_no_decision_keys_and_typing_inserts() {
        let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        assert!(action_for(ModeClass::Normal, a).is_none());
        assert!(matches!(
            action_for(ModeClass::NormalWritable, a),
            Some(Action::Decide(Outcome::Accept))
        ));
        assert!(matches!(
            action_for(ModeClass::Prompt, a),
            Some(Action::Edit(Edit::Insert('a')))
        ));
        // 'q' types a q in a prompt rather than quitting.
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(matches!(
            action_for(ModeClass::Prompt, q),
            Some(Action::Edit(Edit::Insert('q')))
        ));
        // Shift+g arrives as 'G' with SHIFT on most terminals.
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert!(matches!(
            action_for(ModeClass::NormalWritable, g),
            Some(Action::Bottom)
        ));
    }

    #[test]
    fn footer_hints_exist_for_every_mode() {
        for mode in MODES {
            assert!(
                bindings_for(mode).any(|b| b.hint.is_some()),
                "{mode:?} has no footer hint"
            );
        }
    }
}
