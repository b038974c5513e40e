//! The projector at the sizes a room's projector really shows, from 80×24
//! to 200×50: what is drawn large at each, and what gives way as the
//! screen shrinks. Snapshots of four moments of an item (taken up and
//! within its timebox, accepted with an agreed target, over its timebox,
//! deferred) at five sizes, and the same screens read back through a
//! terminal emulator to find which elements are large.

use caseboard_core::meeting::Position;
use caseboard_core::pack::{ObjectionKind, Tier};
use caseboard_core::rules::Command;
use caseboard_core::{Board, Outcome};
use caseboard_testkit::app::{
    at, decide_at as decide, demo_board, projector_app as app, record_at as record,
};
use caseboard_tui::app::App;
use caseboard_tui::ui::Theme;
use ratatui::backend::TestBackend;
use ratatui::text::Line;
use ratatui::Terminal;
use tui_big_text::{BigText, PixelSize};

const SIZES: [(u16, u16); 5] = [(80, 24), (100, 30), (120, 35), (160, 45), (200, 50)];

/// P25 taken up at 10:00 with two items decided before it: the tiers
/// split, Dr Raman called at 10:05 with two more queued, three objections
/// open.
fn p25_under_discussion() -> Board {
    let mut board = demo_board();
    decide(&mut board, at(9, 40, 0), "P02", Outcome::Accept, None);
    decide(
        &mut board,
        at(9, 45, 0),
        "P12",
        Outcome::Accept,
        Some(("2010/11", 12.4)),
    );
    record(
        &mut board,
        at(10, 0, 0),
        Command::TakeUp {
            priority: "P25".into(),
        },
    );
    for (tier, position) in [
        (Tier::Local, Position::Support),
        (Tier::Central, Position::Oppose),
    ] {
        record(
            &mut board,
            at(10, 2, 0),
            Command::RecordPosition {
                priority: "P25".into(),
                tier,
                position,
            },
        );
    }
    for (i, who) in ["pct-dph", "go-tl", "ho"].iter().enumerate() {
        record(
            &mut board,
            at(10, 3, i as u32),
            Command::QueueSpeaker {
                priority: "P25".into(),
                attendee: (*who).into(),
            },
        );
    }
    record(
        &mut board,
        at(10, 4, 0),
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
        at(10, 5, 0),
        Command::CallNextSpeaker {
            priority: "P25".into(),
        },
    );
    board
}

/// Undecided, 7:30 into its 15-minute timebox.
fn undecided() -> App {
    app(p25_under_discussion(), at(10, 7, 30))
}

/// Undecided, 17:10 into its 15-minute timebox: 2:10 over.
fn overrun() -> App {
    app(p25_under_discussion(), at(10, 17, 10))
}

/// Deferred after nine minutes.
fn deferred() -> App {
    let mut board = p25_under_discussion();
    decide(&mut board, at(10, 9, 0), "P25", Outcome::Defer, None);
    app(board, at(10, 9, 30))
}

/// P12 accepted with an agreed target of 12.1 for 2010/11, all three
/// tiers in support.
fn accepted() -> App {
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

fn states() -> [(&'static str, App); 4] {
    [
        ("undecided", undecided()),
        ("accepted", accepted()),
        ("overrun", overrun()),
        ("deferred", deferred()),
    ]
}

fn draw(app: &App, theme: &Theme, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| caseboard_tui::ui::projector::render(f, f.area(), app, theme))
        .unwrap();
    terminal
}

fn snapshots(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("{name}_at_{w}x{h}"),
            draw(app, &Theme::colour(), (w, h)).backend()
        );
    }
}

#[test]
fn undecided_within_its_timebox_at_every_size() {
    snapshots("undecided", &undecided());
}

#[test]
fn accepted_with_an_agreed_target_at_every_size() {
    snapshots("accepted", &accepted());
}

#[test]
fn over_its_timebox_at_every_size() {
    snapshots("overrun", &overrun());
}

#[test]
fn deferred_at_every_size() {
    snapshots("deferred", &deferred());
}

/// The screen a terminal shows after the bytes the lean backend sends for
/// one full frame of the projector: one string per cell.
fn emulated(app: &App, (w, h): (u16, u16)) -> Vec<Vec<String>> {
    use caseboard_testkit::vt::{assert_screen_shows, emulator};
    use caseboard_tui::runtime::lean::LeanBackend;
    use ratatui::backend::{Backend, ClearType};
    let theme = Theme::colour();
    let mut term = caseboard_testkit::sink::fixed(LeanBackend::with_size(Vec::new(), w, h));
    term.backend_mut().clear_region(ClearType::All).unwrap();
    let frame = term
        .draw(|f| caseboard_tui::ui::projector::render(f, f.area(), app, &theme))
        .expect("draw to memory")
        .buffer
        .clone();
    let bytes = std::mem::take(term.backend_mut().writer_mut());
    let mut parser = emulator((w, h));
    parser.process(&bytes);
    let screen = parser.screen();
    assert_screen_shows(screen, &frame, &format!("{w}x{h}"));
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| {
                    screen
                        .cell(y, x)
                        .filter(|c| c.has_contents())
                        .map_or(" ".to_string(), |c| c.contents().to_string())
                })
                .collect()
        })
        .collect()
}

/// `text` drawn on its own in big type of `size`: its rows, cell by cell.
fn big(text: &str, size: PixelSize) -> Vec<Vec<String>> {
    let cols = match size {
        PixelSize::HalfHeight => 8,
        _ => 4,
    };
    let width = text.chars().count() as u16 * cols;
    let mut terminal = Terminal::new(TestBackend::new(width, 4)).unwrap();
    terminal
        .draw(|f| {
            f.render_widget(
                BigText::builder()
                    .pixel_size(size)
                    .lines(vec![Line::from(text.to_string())])
                    .build(),
                f.area(),
            )
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..4)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// Where on `screen` `text` is drawn large, and in which size: the biggest
/// size first.
fn find_large(screen: &[Vec<String>], text: &str) -> Option<(PixelSize, u16, u16)> {
    for size in [PixelSize::HalfHeight, PixelSize::Quadrant] {
        let glyphs = big(text, size);
        let (gw, gh) = (glyphs[0].len(), glyphs.len());
        for y in 0..screen.len().saturating_sub(gh - 1) {
            for x in 0..screen[y].len().saturating_sub(gw - 1) {
                if (0..gh).all(|r| screen[y + r][x..x + gw] == glyphs[r][..]) {
                    return Some((size, x as u16, y as u16));
                }
            }
        }
    }
    None
}

/// The secondary elements, each by words only it draws, in the order of
/// precedence.
fn secondary(state: &str) -> Vec<(&'static str, &'static str)> {
    let (summary, objection) = if state == "accepted" {
        (
            "remains the public's main concern",
            "Acquisitive crime is already below the most",
        )
    } else {
        ("above England and rising", "Ownership unclear between")
    };
    vec![
        ("vertical test", "Vertical test"),
        ("speakers", "Speaking"),
        ("objections", "open objection"),
        ("trend", "● actual"),
        ("objection text", objection),
        ("tier names", "Lead department"),
        ("quality", "Quality"),
        ("comparators", "Compare"),
        ("breakdown", "By area"),
        ("summary", summary),
    ]
}

fn text_of(screen: &[Vec<String>]) -> String {
    screen
        .iter()
        .map(|row| row.concat())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read back through a terminal emulator, at every size from 80×24: the
/// id, the title's first word, the decision, a figure and the timer are
/// large (four rows high, the biggest size that fits); the overrun is large
/// at every size (in the clock's place where there is no room beside it)
/// and said in words everywhere; secondary detail gives way
/// in the order of precedence as the size shrinks, and never in part.
#[test]
fn the_room_reads_the_essentials_large_at_every_size() {
    let mut shown_at: Vec<Vec<Vec<&str>>> = Vec::new();
    for (state, app) in states() {
        let (id, word, figure) = if state == "accepted" {
            ("P12", "Reduce", "13.9")
        } else {
            ("P25", "Reduce", "1531")
        };
        let mut per_size = Vec::new();
        for size in SIZES {
            let screen = emulated(&app, size);
            let text = text_of(&screen);
            let at = |what: &str| format!("{state} {size:?}: {what}\n{text}");
            let id_at = find_large(&screen, id).unwrap_or_else(|| panic!("{}", at("id")));
            // The id takes the biggest size at every size from 100 columns.
            if size.0 >= 100 {
                assert_eq!(id_at.0, PixelSize::HalfHeight, "{}", at("id size"));
            }
            assert!(find_large(&screen, word).is_some(), "{}", at("title"));
            assert!(find_large(&screen, figure).is_some(), "{}", at("figure"));
            let clock = match state {
                "undecided" => "07:30",
                "overrun" => "17:10",
                "deferred" => "09:30",
                _ => "06:30",
            };
            // An overrun with no room beside the clock takes its place,
            // large; the time used is then said in words under it.
            if state == "overrun" && find_large(&screen, clock).is_none() {
                assert!(
                    text.contains("17:10 of 15:00"),
                    "{}",
                    at("time used in words")
                );
            } else {
                assert!(find_large(&screen, clock).is_some(), "{}", at("timer"));
            }
            match state {
                "accepted" => {
                    assert!(
                        find_large(&screen, "ACCEPTED").is_some(),
                        "{}",
                        at("banner")
                    );
                    assert!(find_large(&screen, "12.1").is_some(), "{}", at("agreed"));
                    // The agreed target beside the word where both fit.
                    assert_eq!(
                        find_large(&screen, "2010/11 = 12.1").is_some(),
                        size.0 >= 100,
                        "{}",
                        at("agreed target in the banner")
                    );
                }
                "deferred" => {
                    assert!(
                        find_large(&screen, "DEFERRED").is_some(),
                        "{}",
                        at("banner")
                    );
                }
                "overrun" => {
                    assert!(text.contains("+2:10 over"), "{}", at("overrun in words"));
                    assert!(
                        find_large(&screen, "+2:10").is_some(),
                        "{}",
                        at("overrun large")
                    );
                }
                _ => assert!(text.contains("7:30 left"), "{}", at("time left")),
            }
            // The whole title is large from 160 columns.
            if size.0 >= 160 {
                let title = if state == "accepted" {
                    "Reduce serious acquisitive crime"
                } else {
                    "Reduce alcohol-related harm"
                };
                let words: Vec<&str> = title.split(' ').collect();
                let whole = find_large(&screen, title).is_some()
                    || (1..words.len()).any(|n| {
                        find_large(&screen, &words[..n].join(" ")).is_some()
                            && find_large(&screen, &words[n..].join(" ")).is_some()
                    });
                assert!(whole, "{}", at("whole title"));
            }
            let shown: Vec<&str> = secondary(state)
                .into_iter()
                .filter(|(_, words)| text.contains(words))
                .map(|(name, _)| name)
                .collect();
            per_size.push(shown);
        }
        shown_at.push(per_size);
    }
    for ((state, _), per_size) in states().iter().zip(&shown_at) {
        // What is shown at one size is shown at every larger one.
        for pair in per_size.windows(2) {
            for name in &pair[0] {
                assert!(
                    pair[1].contains(name),
                    "{state}: {name} shown, then left out at a larger size: {per_size:?}"
                );
            }
        }
        let smallest = &per_size[0];
        let largest = &per_size[SIZES.len() - 1];
        // At 80×24, what the room decides by stays; the rest gives way.
        for name in ["vertical test", "speakers", "objections"] {
            assert!(
                smallest.contains(&name),
                "{state} 80x24: {name}: {smallest:?}"
            );
        }
        for name in ["tier names", "breakdown", "summary"] {
            assert!(
                !smallest.contains(&name),
                "{state} 80x24: {name}: {smallest:?}"
            );
        }
        // At 200×50, everything.
        assert_eq!(
            largest.len(),
            secondary(state).len(),
            "{state} 200x50: {largest:?}"
        );
    }
}
