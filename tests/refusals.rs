//! A refusal never turns typing into commands: every refusal known before a
//! form opens (a statutory target's rejection, a closed session, the cap, a
//! read-only view, an untrusted record) opens the form anyway with the
//! refusal in it, so the keys typed next go into a form that records
//! nothing and that Esc closes. Driven through the keymap, as typed.

use caseboard_core::rules::Command;
use caseboard_testkit::app::{
    app_on, apply, demo_board, fill_the_cap, key, keys, screen_text, select, submit_form,
};
use caseboard_tui::app::{update, Action, App, Confirm, Effect, Mode};
use caseboard_tui::ui::Theme;
use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const UNTRUSTED: &str = "event 12 does not match its hash — run caseboard verify";

fn demo_app() -> App {
    app_on(demo_board(), false, (80, 24))
}

/// The refusal of the open form; panics if no refused form is open.
fn refusal(app: &App) -> String {
    match &app.mode {
        Mode::Form(form) => form.refusal.clone().expect("the form shows a refusal"),
        other => panic!("no form is open: {other:?}"),
    }
}

/// Opens a form with `open`, types a sentence full of command keys, and
/// presses Enter: nothing may be recorded, the form stays open with its
/// refusal and the typing in it, and Esc closes it.
fn typing_is_kept_in_the_refused_form(app: &mut App, open: KeyCode, expected: &str) {
    let mut effects = key(app, open);
    let why = refusal(app);
    let Mode::Form(form) = &app.mode else {
        unreachable!()
    };
    let heading = form.heading();
    assert!(why.contains(expected), "{open:?}: {why}");
    effects.extend(keys(app, "Not a priority for us, quite right."));
    effects.extend(key(app, KeyCode::Enter));
    assert!(effects.is_empty(), "{open:?} recorded {effects:?}");
    assert_eq!(refusal(app), why, "the refusal stays after Enter");
    let Mode::Form(form) = &app.mode else {
        unreachable!()
    };
    // The same form: no key of the typing opened another.
    assert_eq!(form.heading(), heading, "{open:?}");
    if let caseboard_tui::app::Value::Text { .. } | caseboard_tui::app::Value::Area { .. } =
        form.fields[0].value
    {
        assert_eq!(
            form.fields[0].text_value(),
            "Not a priority for us, quite right.",
            "{open:?}: the typing went into the form"
        );
    }
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|f| f.text == why && f.tone == caseboard_tui::app::Tone::Error),
        "Enter says the refusal again: {:?}",
        app.flash
    );
    key(app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal, "{open:?}: Esc closes it");
    assert!(!app.quit);
}

#[test]
fn rejecting_a_statutory_target_opens_the_form_with_the_refusal() {
    // The reproduction: S10, `r`, "Not a priority for us.", Enter.
    let mut app = demo_app();
    select(&mut app, "S10");
    let mut effects = key(&mut app, KeyCode::Char('r'));
    assert!(refusal(&app).contains("S10 is a statutory target"));
    effects.extend(keys(&mut app, "Not a priority for us."));
    effects.extend(key(&mut app, KeyCode::Enter));
    assert!(effects.is_empty(), "nothing recorded: {effects:?}");
    let Mode::Form(form) = &app.mode else {
        panic!("the form is still open")
    };
    assert_eq!(form.heading(), "Reject");
    assert_eq!(form.fields[0].text_value(), "Not a priority for us.");
    assert!(app.board.open_objections_for("S10").is_empty());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);

    // Accepting or deferring it is no refusal: those forms open plain.
    for k in ['a', 'd'] {
        key(&mut app, KeyCode::Char(k));
        let Mode::Form(form) = &app.mode else {
            panic!("{k}")
        };
        assert_eq!(form.refusal, None, "{k}");
        key(&mut app, KeyCode::Esc);
    }
    typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char('r'), "statutory");
}

#[test]
fn in_a_closed_session_every_form_that_would_write_opens_refused() {
    let mut board = demo_board();
    apply(
        &mut board,
        Command::Close {
            force: true,
            reason: "Adjourned".into(),
        },
    );
    let mut app = app_on(board, false, (80, 24));
    // P01 has an open objection: resolve and withdraw have one to act on.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    for k in ['a', 'r', 'd', 'o', 'x', 'w', 'c', 'v', 'n', 'A', '@', 's'] {
        typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char(k), "session was closed");
    }
}

#[test]
fn with_the_cap_reached_accepting_a_designated_priority_opens_refused() {
    let mut board = demo_board();
    fill_the_cap(&mut board, "P02");
    assert_eq!(board.designated_accepted(), board.cap());
    let mut app = app_on(board, false, (80, 24));
    select(&mut app, "P02");
    typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char('a'), "cap");
    // Other decisions on it, and accepting a statutory target, still open plain.
    for (id, k) in [("P02", 'r'), ("P02", 'd'), ("S10", 'a')] {
        select(&mut app, id);
        key(&mut app, KeyCode::Char(k));
        let Mode::Form(form) = &app.mode else {
            panic!("{id} {k}")
        };
        assert_eq!(form.refusal, None, "{id} {k}");
        key(&mut app, KeyCode::Esc);
    }
}

#[test]
fn a_read_only_view_opens_the_form_with_the_refusal_and_typing_never_quits() {
    // `present`, and its board view: keys such as `q` and `p` in the
    // typing land in the refused form instead of quitting or switching.
    for presenting in [true, false] {
        let mut app = app_on(demo_board(), true, (80, 24));
        app.presenting = presenting;
        for k in ['a', 'r', 'd', 'o', 'n', 'A', '@', 's', 'c', 'v'] {
            typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char(k), "read-only");
            assert_eq!(app.presenting, presenting);
        }
        key(&mut app, KeyCode::Char('r'));
        keys(&mut app, "quip");
        assert!(!app.quit, "q was typed, not obeyed");
        assert_eq!(app.presenting, presenting);
    }
    // Enter, t and S record nothing and open nothing.
    let mut app = app_on(demo_board(), true, (80, 24));
    for code in [KeyCode::Enter, KeyCode::Char('t'), KeyCode::Char('S')] {
        assert!(key(&mut app, code).is_empty());
        assert_eq!(app.mode, Mode::Normal);
    }
}

#[test]
fn a_review_still_opens_no_form() {
    let board = demo_board();
    let mut app = App::for_review(
        board,
        Vec::new(),
        "x".into(),
        caseboard_testkit::app::meeting_time(),
    );
    for k in ['a', 'r', 'n'] {
        assert!(key(&mut app, KeyCode::Char(k)).is_empty());
        assert_eq!(app.mode, Mode::Normal);
    }
}

#[test]
fn without_an_open_objection_selected_resolve_opens_refused() {
    let mut app = demo_app();
    select(&mut app, "P02"); // no objections
    typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char('x'), "open objection");
    typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char('w'), "open objection");
}

#[test]
fn an_untrusted_record_refuses_every_write_and_says_so() {
    let mut app = demo_app();
    // A form already open when the problem is found is refused too.
    key(&mut app, KeyCode::Char('n'));
    keys(&mut app, "half a note");
    update(&mut app, Action::RecordUntrusted(UNTRUSTED.into()));
    assert!(refusal(&app).contains(UNTRUSTED), "{}", refusal(&app));
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    key(&mut app, KeyCode::Esc);

    for k in ['a', 'r', 'd', 'o', 'c', 'v', 'n', 'A', '@', 's'] {
        typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char(k), "not trusted");
    }
    for code in [KeyCode::Enter, KeyCode::Char('t'), KeyCode::Char('S')] {
        assert!(key(&mut app, code).is_empty(), "{code:?}");
        assert!(app.flash.as_ref().unwrap().text.contains("not trusted"));
    }

    // Asked about open objections when the problem is found: back to the
    // form, refused; `y` then records nothing.
    let mut app = demo_app();
    submit_form(&mut app, 'a', &["Agreed"]); // P01 has an open objection
    assert!(matches!(
        app.mode,
        Mode::Confirm(Confirm::OverObjections { .. })
    ));
    update(&mut app, Action::RecordUntrusted(UNTRUSTED.into()));
    assert!(refusal(&app).contains(UNTRUSTED));
    assert!(key(&mut app, KeyCode::Char('y')).is_empty());
    assert!(key(&mut app, KeyCode::Enter).is_empty());
}

fn draw(app: &App) -> Terminal<TestBackend> {
    caseboard_testkit::app::draw(app, &Theme::colour())
}

#[test]
fn the_refused_form_at_80x24() {
    let mut app = demo_app();
    select(&mut app, "S10");
    submit_form(&mut app, 'r', &["Not a priority for us."]);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn the_untrusted_banner_on_the_board_at_80x24() {
    let mut app = demo_app();
    update(&mut app, Action::RecordUntrusted(UNTRUSTED.into()));
    // Once the message is read (a key moves on), the status line keeps it.
    app.flash = None;
    let screen = screen_text(&draw(&app));
    let first = screen.lines().next().unwrap();
    assert!(first.contains("RECORD NOT TRUSTED: event 12"), "{first}");
    let status = screen.lines().nth(22).unwrap();
    assert!(
        status.contains("✗ RECORD NOT TRUSTED: event 12"),
        "{status}"
    );
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn the_untrusted_banner_on_the_projector_at_120x35() {
    let mut app = app_on(demo_board(), true, (80, 24));
    app.presenting = true;
    update(&mut app, Action::Resize(120, 35));
    update(&mut app, Action::RecordUntrusted(UNTRUSTED.into()));
    let screen = screen_text(&draw(&app));
    let first = screen.lines().next().unwrap();
    assert!(first.contains("RECORD NOT TRUSTED: event 12"), "{first}");
    assert!(screen.contains("run caseboard verify"), "{screen}");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn a_second_problem_is_added_to_the_banner_once() {
    let mut app = demo_app();
    update(&mut app, Action::RecordUntrusted(UNTRUSTED.into()));
    update(&mut app, Action::RecordUntrusted(UNTRUSTED.into()));
    update(
        &mut app,
        Action::RecordUntrusted("3 frames of the -wal".into()),
    );
    assert_eq!(
        app.untrusted.as_deref(),
        Some(format!("{UNTRUSTED}; 3 frames of the -wal").as_str())
    );
}

#[test]
fn on_the_projector_view_of_open_a_form_key_opens_its_form() {
    // Once, `r` did nothing there and the typing after it ran keys: `t`
    // started the timer, `p` left the view, and a later `r` or `o` opened
    // a form that took the rest of the sentence.
    let mut app = demo_app();
    select(&mut app, "P02");
    key(&mut app, KeyCode::Char('p'));
    assert!(app.presenting);
    let mut effects = key(&mut app, KeyCode::Char('n'));
    let Mode::Form(form) = &app.mode else {
        panic!("the note form opens over the projector")
    };
    assert_eq!(form.refusal, None);
    effects.extend(keys(&mut app, "Not a priority for us."));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(app.presenting);
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::Record(commands)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        commands,
        &[Command::AddNote {
            priority: Some("P02".into()),
            text: "Not a priority for us.".into()
        }]
    );
}

#[test]
fn with_no_priority_shown_a_form_key_opens_refused() {
    let mut app = demo_app();
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "no such priority anywhere");
    key(&mut app, KeyCode::Enter);
    assert!(app.selected_priority().is_none());
    for k in ['a', 'r', 'o', 'n', 'c'] {
        typing_is_kept_in_the_refused_form(&mut app, KeyCode::Char(k), "No priority is selected");
    }
}
