//! The projector view, drawn through ratatui's TestBackend: snapshots at
//! 80×24, 120×35 and 200×50 before the first item, during a discussion and
//! after a decision, and the properties the room relies on (words beside
//! every colour, no colour at all in monochrome, hostile text neutralised).

use caseboard_core::meeting::Position;
use caseboard_core::pack::{ObjectionKind, Tier};
use caseboard_core::rules::Command;
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Outcome};
use caseboard_testkit::app::{
    assert_no_controls, at, decide_at as decide, demo_board, projector_app as app,
    record_at as record, screen_text,
};
use caseboard_tui::app::App;
use caseboard_tui::ui::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 35), (200, 50)];

/// Nothing taken up yet: the conference and the waiting message.
fn waiting() -> App {
    app(demo_board(), at(9, 55, 0))
}

/// P25 under discussion: 17:10 into a 15-minute timebox, Dr Raman speaking
/// for 2:05, two more queued, the tiers split, three objections open.
fn discussing() -> App {
    let mut board = demo_board();
    decide(&mut board, at(9, 40, 0), "P02", Outcome::Accept, None);
    decide(
        &mut board,
        at(9, 45, 0),
        "P12",
        Outcome::Accept,
        Some(("2010/11", 12.4)),
    );
    let take_up = |p: &str| Command::TakeUp { priority: p.into() };
    record(&mut board, at(10, 0, 0), take_up("P25"));
    let position = |tier, position| Command::RecordPosition {
        priority: "P25".into(),
        tier,
        position,
    };
    record(
        &mut board,
        at(10, 2, 0),
        position(Tier::Local, Position::Support),
    );
    record(
        &mut board,
        at(10, 3, 0),
        position(Tier::Central, Position::Oppose),
    );
    for (i, who) in ["pct-dph", "go-tl", "ho"].iter().enumerate() {
        record(
            &mut board,
            at(10, 4, i as u32),
            Command::QueueSpeaker {
                priority: "P25".into(),
                attendee: (*who).into(),
            },
        );
    }
    record(
        &mut board,
        at(10, 5, 0),
        Command::ResolveObjection {
            objection: "O03".into(),
            note: "Trajectory tabled".into(),
        },
    );
    record(
        &mut board,
        at(10, 8, 0),
        Command::RaiseObjection {
            priority: "P25".into(),
            text: "The PCT has not yet costed the alcohol liaison nurses the target depends on."
                .into(),
            kind: ObjectionKind::Resourcing,
            raised_by: Some("dh".into()),
            alternative: None,
            alternative_title: None,
        },
    );
    record(
        &mut board,
        at(10, 15, 5),
        Command::CallNextSpeaker {
            priority: "P25".into(),
        },
    );
    app(board, at(10, 17, 10))
}

/// P12 just accepted with an agreed target, 6:30 into its discussion, all
/// three tiers in support.
fn decided() -> App {
    let mut board = demo_board();
    decide(&mut board, at(9, 40, 0), "P02", Outcome::Accept, None);
    record(
        &mut board,
        at(10, 30, 0),
        Command::TakeUp {
            priority: "P12".into(),
        },
    );
    for tier in [Tier::Local, Tier::Regional, Tier::Central] {
        record(
            &mut board,
            at(10, 32, 0),
            Command::RecordPosition {
                priority: "P12".into(),
                tier,
                position: Position::Support,
            },
        );
    }
    decide(
        &mut board,
        at(10, 36, 0),
        "P12",
        Outcome::Accept,
        Some(("2010/11", 12.1)),
    );
    app(board, at(10, 36, 30))
}

fn draw(app: &App, theme: &Theme, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| caseboard_tui::ui::projector::render(f, f.area(), app, theme))
        .unwrap();
    terminal
}

#[test]
fn waiting_at_80x24() {
    insta::assert_snapshot!(draw(&waiting(), &Theme::colour(), (80, 24)).backend());
}

#[test]
fn waiting_at_120x35() {
    insta::assert_snapshot!(draw(&waiting(), &Theme::colour(), (120, 35)).backend());
}

#[test]
fn waiting_at_200x50() {
    insta::assert_snapshot!(draw(&waiting(), &Theme::colour(), (200, 50)).backend());
}

#[test]
fn discussing_at_80x24() {
    insta::assert_snapshot!(draw(&discussing(), &Theme::colour(), (80, 24)).backend());
}

#[test]
fn discussing_at_120x35() {
    insta::assert_snapshot!(draw(&discussing(), &Theme::colour(), (120, 35)).backend());
}

#[test]
fn discussing_at_200x50() {
    insta::assert_snapshot!(draw(&discussing(), &Theme::colour(), (200, 50)).backend());
}

#[test]
fn decided_at_80x24() {
    insta::assert_snapshot!(draw(&decided(), &Theme::colour(), (80, 24)).backend());
}

#[test]
fn decided_at_120x35() {
    insta::assert_snapshot!(draw(&decided(), &Theme::colour(), (120, 35)).backend());
}

#[test]
fn decided_at_200x50() {
    insta::assert_snapshot!(draw(&decided(), &Theme::colour(), (200, 50)).backend());
}

#[test]
fn waiting_names_the_conference_and_the_gauge_at_every_size() {
    for size in SIZES {
        let text = screen_text(&draw(&waiting(), &Theme::colour(), size));
        assert!(text.contains("Waiting for the first item"), "{text}");
        assert!(text.contains("Designated 0 / 35"), "{text}");
        assert!(text.contains("12 March 2008"), "{text}");
        assert!(text.contains("Westmarsh Local Area Agreement"), "{text}");
    }
}

#[test]
fn every_status_is_a_word_or_symbol_not_only_a_colour() {
    for size in SIZES {
        let text = screen_text(&draw(&discussing(), &Theme::monochrome(), size));
        for needle in [
            "+2:10 over",
            "L✓ R? C✗",
            "3 open objections",
            "Dr Priya Raman",
            "2:05",
            "Tom Ashworth",
            "Designated 2 / 35",
        ] {
            assert!(
                text.contains(needle),
                "{size:?}: {needle:?} missing\n{text}"
            );
        }
        // The tiers named, with their positions in words, where there is
        // room for them.
        if size == (200, 50) {
            for needle in ["✓ support", "✗ oppose", "? undecided"] {
                assert!(text.contains(needle), "{needle:?} missing\n{text}");
            }
        }
        // The resolved objection is not among the open ones.
        assert!(!text.contains("Trajectory tabled"), "{text}");
        let text = screen_text(&draw(&decided(), &Theme::monochrome(), size));
        for needle in ["✓ ACCEPTED", "agreed target 12.1 by 2010/11", "L✓ R✓ C✓"] {
            assert!(
                text.contains(needle),
                "{size:?}: {needle:?} missing\n{text}"
            );
        }
    }
}

#[test]
fn an_accept_without_a_target_says_target_to_be_set() {
    let mut board = demo_board();
    record(
        &mut board,
        at(10, 0, 0),
        Command::TakeUp {
            priority: "P02".into(),
        },
    );
    decide(&mut board, at(10, 5, 0), "P02", Outcome::Accept, None);
    let app = app(board, at(10, 6, 0));
    for size in SIZES {
        let text = screen_text(&draw(&app, &Theme::monochrome(), size));
        assert!(text.contains("ACCEPTED · target to be set"), "{text}");
        assert!(text.contains("No open objections"), "{text}");
    }
}

#[test]
fn monochrome_has_no_colour_at_all() {
    for app in [waiting(), discussing(), decided()] {
        for size in SIZES {
            let terminal = draw(&app, &Theme::monochrome(), size);
            for cell in terminal.backend().buffer().content() {
                assert_eq!(cell.fg, ratatui::style::Color::Reset, "{size:?}");
                assert_eq!(cell.bg, ratatui::style::Color::Reset, "{size:?}");
            }
        }
    }
}

#[test]
fn hostile_text_reaches_the_screen_neutralised() {
    let hostile =
        "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}]52;c;aGVsbG8=\u{7}\u{202e}evil\u{0}\u{9b}31m\u{2066}";
    let mut pack: serde_json::Value = serde_json::from_str(caseboard_testkit::DEMO_PACK).unwrap();
    pack["priorities"][0]["title"] = serde_json::Value::String(format!("Title {hostile}"));
    pack["priorities"][0]["lead"] = serde_json::Value::String(hostile.into());
    pack["objections"][0]["priority"] = serde_json::Value::String("P01".into());
    pack["objections"][0]["text"] = serde_json::Value::String(hostile.repeat(3));
    pack["attendees"][0]["name"] = serde_json::Value::String(hostile.into());
    pack["conference"]["title"] = serde_json::Value::String(hostile.into());
    pack["conference"]["partnership"] = serde_json::Value::String(hostile.into());
    let pack = parse_pack(&pack.to_string()).expect("hostile but within limits");
    let mut board = Board::new(Arc::new(pack));
    let before = app(board.clone(), at(10, 0, 0));
    record(
        &mut board,
        at(10, 0, 0),
        Command::TakeUp {
            priority: "P01".into(),
        },
    );
    record(
        &mut board,
        at(10, 1, 0),
        Command::QueueSpeaker {
            priority: "P01".into(),
            attendee: "wcc-ce".into(),
        },
    );
    let during = app(board, at(10, 2, 0));
    for app in [before, during] {
        for size in SIZES {
            let terminal = draw(&app, &Theme::colour(), size);
            assert_no_controls(&terminal);
        }
    }
}

#[test]
fn every_size_from_the_minimum_up_draws_without_panicking() {
    let apps = [waiting(), discussing(), decided()];
    for w in (60..=210).step_by(7) {
        for h in (16..=60).step_by(5) {
            for app in &apps {
                draw(app, &Theme::colour(), (w, h));
            }
        }
    }
}

#[test]
fn a_long_id_leads_the_title_and_the_clock_stays_large() {
    // An id too long for its column used to turn the whole top into
    // ordinary text; now it leads the title and the clock stays large.
    let text = caseboard_testkit::DEMO_PACK.replace("\"P01\"", "\"CYP-07a\"");
    let mut board = Board::new(Arc::new(parse_pack(&text).unwrap()));
    record(
        &mut board,
        at(10, 0, 0),
        Command::TakeUp {
            priority: "CYP-07a".into(),
        },
    );
    let app = app(board, at(10, 3, 0));
    let blocks = |line: &str| line.chars().filter(|c| ('▀'..='▟').contains(c)).count();
    for size in [(81, 24), (90, 27), (99, 30)] {
        let text = screen_text(&draw(&app, &Theme::monochrome(), size));
        let first = text.lines().next().unwrap_or_default();
        assert!(!first.contains("CYP-07a"), "{size:?}\n{text}");
        // The clock's glyphs end the first line, four rows high.
        let end: String = first.chars().rev().take(12).collect();
        assert!(blocks(&end) > 3, "{size:?}\n{text}");
        assert!(text.contains("of 12:00"), "{size:?}\n{text}");
    }
}
