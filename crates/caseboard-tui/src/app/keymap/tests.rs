use super::*;
use crate::app::{FormRequest, View::*};
use caseboard_core::Outcome;

const VIEWS: [View; 7] = [Board, Projector, Review, Form, Confirm, Help, Filter];

fn class(view: View, writable: bool) -> ModeClass {
    ModeClass { view, writable }
}

/// Every view, read-only and writable.
fn modes() -> impl Iterator<Item = ModeClass> {
    VIEWS
        .into_iter()
        .flat_map(|view| [class(view, false), class(view, true)])
}

#[test]
fn no_key_means_two_things_in_one_mode() {
    for mode in modes() {
        let mut seen: Vec<Key> = Vec::new();
        for b in bindings_for(mode) {
            for k in b.all_keys() {
                assert!(!seen.contains(k), "{k:?} is bound twice in {mode:?}");
                seen.push(*k);
            }
        }
    }
}

#[test]
fn every_binding_is_reachable_by_its_keys() {
    for b in BINDINGS {
        for mode in modes().filter(|m| b.works_in(*m)) {
            for k in b.all_keys() {
                let got = action_for(mode, KeyEvent::new(k.code, k.mods));
                assert_eq!(
                    format!("{got:?}"),
                    format!("{:?}", Some(b.action.clone())),
                    "{} in {mode:?}",
                    b.label()
                );
            }
        }
    }
}

#[test]
fn read_only_views_record_nothing_and_typing_inserts() {
    let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    for view in [Board, Projector, Review] {
        let mode = class(view, false);
        for b in bindings_for(mode) {
            // A form key opens its form, which refuses (see `App::open_form`).
            assert!(
                !matches!(
                    b.action,
                    Action::TakeUp | Action::ToggleTimer | Action::NextSpeaker
                ),
                "{} records in read-only {mode:?}",
                b.label()
            );
            assert!(
                view != Review || !b.opens_form(),
                "{} opens a form in a review",
                b.label()
            );
        }
    }
    assert!(matches!(
        action_for(class(Board, true), a),
        Some(Action::Open(FormRequest::Decide(Outcome::Accept)))
    ));
    assert!(matches!(
        action_for(class(Form, true), a),
        Some(Action::Edit(Edit::Insert('a')))
    ));
    // 'q' types a q in a form rather than quitting.
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(matches!(
        action_for(class(Form, true), q),
        Some(Action::Edit(Edit::Insert('q')))
    ));
    assert!(matches!(
        action_for(class(Filter, true), q),
        Some(Action::Edit(Edit::Insert('q')))
    ));
    // Shift+g arrives as 'G' with SHIFT on most terminals.
    let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert!(matches!(
        action_for(class(Board, true), g),
        Some(Action::Bottom)
    ));
}

#[test]
fn footer_hints_exist_for_every_mode() {
    for mode in modes() {
        assert!(
            bindings_for(mode).any(|b| b.hint.is_some()),
            "{mode:?} has no footer hint"
        );
    }
}

#[test]
fn writable_means_more_keys_never_fewer() {
    for view in VIEWS {
        for b in bindings_for(class(view, false)) {
            assert!(b.works_in(class(view, true)), "{} in {view:?}", b.label());
        }
    }
    // Taking an item up needs a session that may be written, in any view.
    let take_up = |mode| bindings_for(mode).any(|b| matches!(b.action, Action::TakeUp));
    assert!(take_up(class(Board, true)));
    assert!(!take_up(class(Board, false)));
}

#[test]
fn labels_and_prompts_name_the_keys() {
    let label = |action: fn(&Action) -> bool, view| {
        bindings_for(class(view, true))
            .find(|b| action(&b.action))
            .map(|b| b.label())
    };
    assert_eq!(
        label(|a| matches!(a, Action::MoveDown), Board).as_deref(),
        Some("j ↓")
    );
    // Ctrl-D pages too, but the label names PgDn only.
    assert_eq!(
        label(|a| matches!(a, Action::PageDown), Board).as_deref(),
        Some("PgDn")
    );
    assert_eq!(
        label(|a| matches!(a, Action::Edit(Edit::Newline)), Form).as_deref(),
        Some("A-Enter")
    );
    assert_eq!(
        prompt_line(class(Form, false)),
        "Enter records · Tab next field · Alt-Enter new line · Esc cancels"
    );
    assert_eq!(prompt_line(class(Confirm, false)), "y yes · n or Esc no");
    assert_eq!(
        first_keys(class(Help, false), |a| matches!(a, Action::ToggleHelp)),
        "? or Esc"
    );
    // Only help and quit keep their place at the end of the footer.
    for b in BINDINGS.iter().filter(|b| b.pinned) {
        assert!(matches!(b.action, Action::ToggleHelp | Action::Quit));
        assert!(
            b.hint.is_some(),
            "{} is pinned but not in the footer",
            b.label()
        );
    }
}

/// The README's key table: its rows by task, and the keys each names.
fn readme_rows() -> Vec<(String, Vec<String>)> {
    let readme = include_str!("../../../../../README.md");
    let table = readme
        .split("### Keys (`caseboard open`)")
        .nth(1)
        .expect("the README has a key table");
    table
        .lines()
        .skip_while(|l| !l.starts_with("| task |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let mut cells = row.split('|').map(str::trim).filter(|c| !c.is_empty());
            let task = cells.next().unwrap_or_default().to_string();
            let text = cells.next().unwrap_or_default();
            let keys = text
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            (task, keys)
        })
        .collect()
}

#[test]
fn the_readme_key_table_agrees_with_the_keymap() {
    let rows = readme_rows();
    let names_of = |b: &Binding| -> Vec<String> {
        b.all_keys()
            .flat_map(|k| [k.name(true), k.name(false)])
            .map(|n| n.to_lowercase())
            .collect()
    };
    let all_names: Vec<String> = BINDINGS.iter().flat_map(names_of).collect();
    let mut tasks = Vec::new();
    for group in Group::ALL {
        // The row on typing is about forms; the others about the board.
        let (task, mode) = match group {
            Group::Typing => ("in a form".to_string(), class(Form, true)),
            other => (other.title().to_lowercase(), class(Board, true)),
        };
        tasks.push(task.clone());
        let (_, named) = rows
            .iter()
            .find(|(t, _)| *t == task)
            .unwrap_or_else(|| panic!("the README's key table has no row \"{task}\""));
        let named: Vec<String> = named.iter().map(|n| n.to_lowercase()).collect();
        let here: Vec<&Binding> = bindings_for(mode).filter(|b| b.group == group).collect();
        // Every key of the row's bindings is named, except the editing keys
        // a form shares with any text box (those the footer leaves out).
        for b in here
            .iter()
            .filter(|b| group != Group::Typing || b.hint.is_some())
        {
            for k in b.keys {
                let (brief, full) = (k.name(true).to_lowercase(), k.name(false).to_lowercase());
                assert!(
                    named.contains(&brief) || named.contains(&full),
                    "the README's \"{task}\" row does not name `{}` ({})",
                    k.name(true),
                    b.help
                );
            }
        }
        // And every key it names does what the row says.
        for n in named.iter().filter(|n| all_names.contains(n)) {
            assert!(
                here.iter().any(|b| names_of(b).contains(n)),
                "the README's \"{task}\" row names `{n}`, which does nothing of the kind there"
            );
        }
    }
    let rows: Vec<String> = rows.into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        rows, tasks,
        "the README's key table has a row per group, in order"
    );
}
