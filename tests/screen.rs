//! The screen, drawn through ratatui's TestBackend: snapshots at 80×24 and
//! 120×35, and the properties a user relies on (selection visible without
//! colour, hostile text neutralised, the window-too-small message).

use caseboard_core::rules::{check, Command};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Event, Outcome};
use caseboard_tui::app::keymap::action_for;
use caseboard_tui::app::{update, Action, App, Confirm, Effect, Mode, WriteResult};
use caseboard_tui::ui::{render, Screen, Theme};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;

fn meeting_time() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2008, 3, 12, 10, 30, 0)
        .unwrap()
}

/// Applies a command as the store would, with a fixed clock.
fn record(board: &mut Board, command: Command) -> Event {
    let checked = check(board, command).expect("command allowed");
    let event = Event {
        seq: board.last_seq() + 1,
        at: Utc
            .with_ymd_and_hms(2008, 3, 12, 10, board.last_seq() as u32, 0)
            .unwrap(),
        actor: "Test".into(),
        body: checked.body,
    };
    board.apply(&event);
    event
}

fn decide(board: &mut Board, id: &str, outcome: Outcome, rationale: &str, local: bool) {
    record(
        board,
        Command::Decide {
            priority: id.into(),
            outcome,
            rationale: rationale.into(),
            local,
            target: None,
        },
    );
}

fn demo_app(width: u16, height: u16) -> App {
    let pack = parse_pack(caseboard_testkit::DEMO_PACK).expect("demo pack is valid");
    let mut board = Board::new(Arc::new(pack));
    decide(&mut board, "P02", Outcome::Accept, "", false);
    decide(
        &mut board,
        "P03",
        Outcome::Reject,
        "Data two years in arrears",
        true,
    );
    decide(
        &mut board,
        "P05",
        Outcome::Defer,
        "Await CAMHS review",
        false,
    );
    decide(
        &mut board,
        "P06",
        Outcome::Reject,
        "Not a partnership priority",
        false,
    );
    let mut app = App::new(
        board,
        "Test".into(),
        false,
        "sessions/demo.caseboard".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(width, height));
    app
}

fn draw(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| render(f, app, &Screen::new(*theme)))
        .unwrap();
    terminal
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let action = action_for(app.mode_class(), KeyEvent::new(code, KeyModifiers::NONE))
        .expect("key is bound");
    update(app, action)
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            // A wide character covers the next cell too.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

#[test]
fn board_at_80x24() {
    let mut app = demo_app(80, 24);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn board_at_120x35() {
    let mut app = demo_app(120, 35);
    key(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn accept_prompt_at_80x24() {
    let mut app = demo_app(80, 24);
    key(&mut app, KeyCode::Char('a'));
    for c in "Strong case".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn reject_prompt_offers_local_priority_at_120x35() {
    let mut app = demo_app(120, 35);
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn confirmation_over_open_objections_at_80x24() {
    let mut app = demo_app(80, 24);
    // P01 has an open objection in the demo pack.
    key(&mut app, KeyCode::Char('a'));
    let effects = key(&mut app, KeyCode::Enter);
    assert!(
        effects.is_empty(),
        "nothing is recorded before the confirmation"
    );
    assert!(matches!(
        app.mode,
        Mode::Confirm(Confirm::OverObjections { .. })
    ));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn help_overlay_at_80x24() {
    let mut app = demo_app(80, 24);
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn refusal_is_shown_on_screen() {
    // A statutory target cannot be rejected: said at once, in the form,
    // which opens so that what is typed next goes into it.
    let mut app = demo_app(80, 24);
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('r'));
    assert!(matches!(&app.mode, Mode::Form(f) if f.refusal.is_some()));
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(text.contains("cannot be rejected"), "{text}");
    assert!(text.contains("Reject · cannot be recorded"), "{text}");

    // The cap, refused by the rules when recording, shows in the form.
    let mut app = demo_app(80, 24);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j')); // P04
    key(&mut app, KeyCode::Char('d'));
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::Record(command)] = effects.as_slice() else {
        panic!("expected a record effect, got {effects:?}")
    };
    let refusal =
        check(&app.board, command[0].clone()).expect_err("a rationale is required to defer");
    update(&mut app, Action::Written(WriteResult::Refused(refusal)));
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(text.contains("rationale is required"), "{text}");
}

#[test]
fn too_small_window_says_so() {
    let app = demo_app(50, 12);
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(text.contains("Window too small"), "{text}");
    assert!(text.contains("50 × 12"), "{text}");
    assert!(!text.contains("Priorities"));
}

#[test]
fn no_color_theme_has_no_colour_and_keeps_the_selection_visible() {
    let mut app = demo_app(80, 24);
    key(&mut app, KeyCode::Char('j'));
    let terminal = draw(&app, &Theme::monochrome());
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    let text = screen_text(&terminal);
    let selected_line = text
        .lines()
        .find(|l| l.contains('▶'))
        .expect("selection marker shown");
    assert!(selected_line.contains("P02"), "{selected_line}");
    // Status is a word, not only a colour.
    assert!(selected_line.contains("accepted"), "{selected_line}");
}

#[test]
fn hostile_pack_text_changes_nothing_outside_the_panes() {
    let mut pack: serde_json::Value = serde_json::from_str(caseboard_testkit::DEMO_PACK).unwrap();
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;aGVsbG8=\u{7}\u{202e}evil\u{0}\u{9b}31m";
    pack["priorities"][0]["title"] = serde_json::Value::String(format!("Title {hostile}"));
    pack["objections"][0]["priority"] = serde_json::Value::String("P01".into());
    pack["objections"][0]["text"] = serde_json::Value::String(hostile.repeat(3));
    let pack = parse_pack(&pack.to_string()).expect("hostile but within limits");
    let board = Board::new(Arc::new(pack));
    let mut app = App::new(board, "Test".into(), false, "x".into(), meeting_time());
    update(&mut app, Action::Resize(120, 35));
    let terminal = draw(&app, &Theme::colour());
    for cell in terminal.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control(),
                "control character {c:?} reached the screen"
            );
            assert!(
                !('\u{202a}'..='\u{202e}').contains(&c) && !('\u{2066}'..='\u{2069}').contains(&c)
            );
        }
    }
    assert!(screen_text(&terminal).contains("Title"));
}

#[test]
fn a_recorded_decision_updates_board_and_gauge() {
    let mut app = demo_app(80, 24);
    let before = app.board.designated_accepted();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j')); // P04
    key(&mut app, KeyCode::Char('d'));
    for c in "More data".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::Record(command)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    // The screen does not change until the store says the entry is committed.
    assert!(matches!(app.mode, Mode::Form(_)));
    let mut board = app.board.clone();
    let event = record(&mut board, command[0].clone());
    update(
        &mut app,
        Action::Written(WriteResult::Recorded {
            caught_up: vec![],
            events: vec![event],
            warnings: vec![],
        }),
    );
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.board.priority("P04").unwrap().status.word(), "deferred");
    assert_eq!(app.board.designated_accepted(), before);
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(text.contains("Recorded #"), "{text}");
}

#[test]
fn help_overlay_at_120x35() {
    let mut app = demo_app(120, 35);
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn read_only_session_hides_decision_keys() {
    let pack = parse_pack(caseboard_testkit::DEMO_PACK).unwrap();
    let mut app = App::new(
        Board::new(Arc::new(pack)),
        "Test".into(),
        true,
        "x".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(80, 24));
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(text.contains("[read-only]"), "{text}");
    assert!(!text.contains("accept  "), "{text}");
    // The key is kept, so typing never runs other keys: its form refuses.
    key(&mut app, KeyCode::Char('a'));
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(
        text.contains("open read-only: nothing can be recorded"),
        "{text}"
    );
}

/// Every overlay and view the note-taker meets, at the three sizes the
/// product is checked at.
#[test]
fn every_view_and_overlay_at_80x24_120x35_and_200x50() {
    let views: Vec<(&str, Vec<KeyCode>)> = vec![
        ("board", vec![]),
        ("evidence_focused", vec![KeyCode::Tab]),
        (
            "objections_focused",
            vec![
                KeyCode::Char('j'),
                KeyCode::Char('j'),
                KeyCode::Tab,
                KeyCode::Tab,
            ],
        ),
        ("accept", vec![KeyCode::Char('a')]),
        ("reject", vec![KeyCode::Char('r')]),
        ("defer", vec![KeyCode::Char('d')]),
        ("raise_objection", vec![KeyCode::Char('o')]),
        (
            "resolve_objection",
            vec![KeyCode::Tab, KeyCode::Tab, KeyCode::Char('x')],
        ),
        (
            "withdraw_objection",
            vec![KeyCode::Tab, KeyCode::Tab, KeyCode::Char('w')],
        ),
        ("checklist", vec![KeyCode::Char('c')]),
        ("tier_positions", vec![KeyCode::Char('v')]),
        ("note", vec![KeyCode::Char('n')]),
        ("action", vec![KeyCode::Char('A')]),
        ("attendance", vec![KeyCode::Char('@')]),
        ("speakers_queue", vec![KeyCode::Char('s')]),
        (
            "filter",
            vec![
                KeyCode::Char('/'),
                KeyCode::Char('s'),
                KeyCode::Char('t'),
                KeyCode::Char('a'),
                KeyCode::Char('t'),
            ],
        ),
        ("help", vec![KeyCode::Char('?')]),
        ("projector", vec![KeyCode::Char('p')]),
    ];
    for (w, h) in [(80, 24), (120, 35), (200, 50)] {
        for (name, keys) in &views {
            let mut app = demo_app(w, h);
            for code in keys {
                key(&mut app, *code);
            }
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_suffix(format!("{name}_{w}x{h}"));
            settings.bind(|| insta::assert_snapshot!(draw(&app, &Theme::colour()).backend()));
        }
    }
    // Ctrl-C's question.
    let mut app = demo_app(80, 24);
    update(&mut app, Action::RequestQuit);
    insta::assert_snapshot!("confirm_quit_80x24", draw(&app, &Theme::colour()).backend());
}

#[test]
fn wide_combining_and_right_to_left_text_keep_the_frame_square() {
    let mut pack: serde_json::Value = serde_json::from_str(caseboard_testkit::DEMO_PACK).unwrap();
    pack["priorities"][0]["title"] =
        "漢字の優先事項 — café e\u{301} — أولوية محلية — עדיפות".into();
    pack["priorities"][1]["title"] = "全角ＡＢＣ１２３ and 🙂 emoji".into();
    let pack = parse_pack(&pack.to_string()).unwrap();
    let mut app = App::new(
        Board::new(Arc::new(pack)),
        "T".into(),
        false,
        "x".into(),
        meeting_time(),
    );
    for (w, h) in [(80, 24), (120, 35)] {
        update(&mut app, Action::Resize(w, h));
        let terminal = draw(&app, &Theme::colour());
        let buf = terminal.backend().buffer();
        // Every row of the board pane ends with its border in the last column it owns.
        for y in 2..10 {
            let right = (0..w)
                .rev()
                .find(|&x| buf[(x, y)].symbol() == "│")
                .expect("a right border");
            assert!(
                right == w - 1 || right == w * 55 / 100 - 1 || right > w / 2,
                "row {y} of {w}×{h}: border at {right}"
            );
        }
        let text = screen_text(&terminal);
        assert!(text.contains("漢字"), "{text}");
    }
}
