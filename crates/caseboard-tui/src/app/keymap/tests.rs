use super::*;

const MODES: [ModeClass; 9] = [
    Review,
    Normal,
    NormalWritable,
    Presenting,
    PresentingWritable,
    Form,
    Confirm,
    Help,
    Filter,
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
                let got = action_for(*mode, KeyEvent::new(k.code, k.mods));
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
fn read_only_views_record_nothing_and_typing_inserts() {
    let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
    for mode in [Normal, Presenting, Review] {
        for b in bindings_for(mode) {
            // A form key opens its form, which refuses (see `App::open_form`).
            assert!(
                !matches!(
                    b.action,
                    Action::TakeUp | Action::ToggleTimer | Action::NextSpeaker
                ),
                "{} records in read-only {mode:?}",
                b.label
            );
            assert!(
                mode != Review || !b.opens_form(),
                "{} opens a form in a review",
                b.label
            );
        }
    }
    assert!(matches!(
        action_for(NormalWritable, a),
        Some(Action::Open(FormRequest::Decide(Outcome::Accept)))
    ));
    assert!(matches!(
        action_for(Form, a),
        Some(Action::Edit(Edit::Insert('a')))
    ));
    // 'q' types a q in a form rather than quitting.
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(matches!(
        action_for(Form, q),
        Some(Action::Edit(Edit::Insert('q')))
    ));
    assert!(matches!(
        action_for(Filter, q),
        Some(Action::Edit(Edit::Insert('q')))
    ));
    // Shift+g arrives as 'G' with SHIFT on most terminals.
    let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert!(matches!(
        action_for(NormalWritable, g),
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
