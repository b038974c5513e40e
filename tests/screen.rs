//! The screen, drawn through ratatui's TestBackend: snapshots at 80×24 and
//! 120×35, and the properties a user relies on (selection visible without
//! colour, hostile text neutralised, the window-too-small message).

use caseboard_core::rules::{check, Command};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Outcome};
use caseboard_testkit::app::{
    app_on, apply, assert_no_controls, commit, demo_board, draw, key, recorded, screen_text,
    select, submit_form,
};
use caseboard_tui::app::{update, Action, App, Confirm, Mode, WriteResult};
use caseboard_tui::ui::Theme;
use crossterm::event::KeyCode;
use std::sync::Arc;

fn decide(board: &mut Board, id: &str, outcome: Outcome, rationale: &str, local: bool) {
    apply(
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

/// The demo pack with four decisions recorded: P02 accepted, P03 kept as a
/// local priority, P05 deferred, P06 rejected.
fn demo_app(width: u16, height: u16) -> App {
    let mut board = demo_board();
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
    app_on(board, false, (width, height))
}

/// The footer of a read-only session: moving, looking and leaving.
const FOOTER_READ_ONLY: &str = " j ↓ move  Tab pane  / filter  p project  ? help  q quit";

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line shows {needle:?}:\n{text}"))
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

    // The cap, reached by another writer while the form was open: the
    // store refuses the accept when recording, and the form says why.
    let mut app = demo_app(80, 24);
    select(&mut app, "P07");
    key(&mut app, KeyCode::Char('a'));
    assert!(matches!(&app.mode, Mode::Form(f) if f.refusal.is_none()));
    let effects = key(&mut app, KeyCode::Enter);
    let [command] = recorded(&effects).try_into().expect("one accept asked for");
    // What the store holds by then: the cap of 35 filled by other accepts.
    let mut stored = app.board.clone();
    let room = stored.cap() - stored.designated_accepted();
    let others: Vec<String> = stored
        .priorities()
        .iter()
        .filter(|p| {
            p.kind == caseboard_core::pack::PriorityKind::Designated
                && p.status.word() == "undecided"
                && p.id != "P07"
        })
        .map(|p| p.id.clone())
        .take(room as usize)
        .collect();
    assert_eq!(
        others.len(),
        room as usize,
        "enough priorities to fill the cap"
    );
    for id in others {
        decide(&mut stored, &id, Outcome::Accept, "", false);
    }
    let refusal = check(&stored, command).expect_err("the cap is reached");
    update(&mut app, Action::Written(WriteResult::Refused(refusal)));
    assert!(matches!(&app.mode, Mode::Form(_)), "the form stays open");
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(
        text.contains("✗ Not recorded: cannot accept P07: the designated targets are at their cap"),
        "{text}"
    );
    assert!(text.contains("(35 / 35 accepted)"), "{text}");
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
    let app = app_on(Board::new(Arc::new(pack)), false, (120, 35));
    let terminal = draw(&app, &Theme::colour());
    assert_no_controls(&terminal);
    assert!(screen_text(&terminal).contains("Title"));
}

#[test]
fn a_recorded_decision_updates_board_and_gauge() {
    let mut app = demo_app(80, 24);
    let before = screen_text(&draw(&app, &Theme::colour()));
    assert!(before.contains("Designated 1 / 35"), "{before}");
    assert!(
        line_with(&before, "P07 ").contains("· undecided"),
        "{before}"
    );
    select(&mut app, "P07");
    let effects = submit_form(&mut app, 'a', &["Strong local case"]);
    assert_eq!(recorded(&effects).len(), 1, "{effects:?}");
    // The screen does not change until the store says the entry is committed.
    assert!(matches!(app.mode, Mode::Form(_)));
    let waiting = screen_text(&draw(&app, &Theme::colour()));
    assert!(waiting.contains("Designated 1 / 35"), "{waiting}");
    commit(&mut app, &effects);
    assert_eq!(app.mode, Mode::Normal);
    let after = screen_text(&draw(&app, &Theme::colour()));
    assert!(
        after.contains("Designated 2 / 35"),
        "the gauge counts it: {after}"
    );
    assert!(
        line_with(&after, "P07 ").contains("✓ accepted"),
        "the board row says it: {after}"
    );
    assert!(after.contains("Recorded #5"), "{after}");
}

#[test]
fn help_overlay_at_120x35() {
    let mut app = demo_app(120, 35);
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(draw(&app, &Theme::colour()).backend());
}

#[test]
fn read_only_session_hides_decision_keys() {
    let mut app = app_on(demo_board(), true, (80, 24));
    let text = screen_text(&draw(&app, &Theme::colour()));
    assert!(text.contains("[read-only]"), "{text}");
    // The footer offers moving, looking and leaving, and nothing that records.
    let footer = text.lines().last().unwrap_or_default().trim_end();
    assert_eq!(footer, FOOTER_READ_ONLY, "{text}");
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
    let mut app = app_on(Board::new(Arc::new(pack)), false, (80, 24));
    // Below 120 columns the board spans the width above the evidence; from
    // 120 it takes the left 55% (66 of 120 columns) beside it.
    for ((w, h), board_right) in [((80, 24), 79), ((120, 35), 65)] {
        update(&mut app, Action::Resize(w, h));
        let terminal = draw(&app, &Theme::colour());
        let buf = terminal.backend().buffer();
        // Every row of the board pane, the wide titles' included, has its
        // borders in exactly the pane's first and last columns.
        for y in 2..10 {
            let row: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
            assert_eq!(buf[(0, y)].symbol(), "│", "row {y} of {w}×{h}: {row}");
            assert_eq!(
                buf[(board_right, y)].symbol(),
                "│",
                "row {y} of {w}×{h}: {row}"
            );
            let borders: Vec<u16> = (0..w).filter(|&x| buf[(x, y)].symbol() == "│").collect();
            let expected = if board_right == w - 1 {
                vec![0, board_right]
            } else {
                vec![0, board_right, board_right + 1, w - 1]
            };
            assert_eq!(borders, expected, "row {y} of {w}×{h}: {row}");
        }
        let text = screen_text(&terminal);
        assert!(text.contains("漢字"), "{text}");
    }
}
