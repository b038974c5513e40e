//! The projector's theme as the room sees it: every cell on the theme's
//! own background, every colour pair one the theme declares (and whose
//! contrast its unit test measures), dark and light; status in words and
//! symbols whatever the colours; `NO_COLOR` still without colour; and
//! `present --light` refusing, as `present` does, without a terminal.

use caseboard_core::meeting::Position;
use caseboard_core::pack::{ObjectionKind, PeriodValue, Tier};
use caseboard_core::rules::Command;
use caseboard_core::{Board, Outcome};
use caseboard_testkit::app::{apply_at, at, demo_board, fill_the_cap, local, screen_text};
use caseboard_tui::app::App;
use caseboard_tui::ui::theme::{contrast, Projection};
use caseboard_tui::ui::Theme;
use chrono::{DateTime, Utc};
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use std::collections::BTreeMap;

const SIZES: [(u16, u16); 5] = [(80, 24), (100, 30), (120, 35), (160, 45), (200, 50)];

fn record(board: &mut Board, when: DateTime<Utc>, command: Command) {
    apply_at(board, when, "Helen Marsden", command);
}

fn take_up(board: &mut Board, when: DateTime<Utc>, id: &str) {
    record(
        board,
        when,
        Command::TakeUp {
            priority: id.into(),
        },
    );
}

fn decide(
    board: &mut Board,
    when: DateTime<Utc>,
    id: &str,
    outcome: Outcome,
    local: bool,
    target: Option<(&str, f64)>,
) {
    record(
        board,
        when,
        Command::Decide {
            priority: id.into(),
            outcome,
            rationale: "Agreed in the room".into(),
            local,
            target: target.map(|(period, value)| PeriodValue {
                period: period.into(),
                value,
            }),
        },
    );
}

fn app(board: Board, now: DateTime<Utc>, light: bool) -> App {
    let mut app = App::new(
        board,
        "Helen Marsden".into(),
        true,
        "sessions/demo.caseboard".into(),
        local(now),
    );
    app.presenting = true;
    app.light = light;
    app
}

/// Nothing taken up yet.
fn waiting(light: bool) -> App {
    app(demo_board(), at(9, 55, 0), light)
}

/// P25 over its 15-minute timebox (17:10), the tiers split, a speaker on
/// the floor and two queued, open objections.
fn overrun(light: bool) -> App {
    let mut board = demo_board();
    decide(
        &mut board,
        at(9, 40, 0),
        "P02",
        Outcome::Accept,
        false,
        None,
    );
    take_up(&mut board, at(10, 0, 0), "P25");
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
            at(10, 4, i as u32),
            Command::QueueSpeaker {
                priority: "P25".into(),
                attendee: (*who).into(),
            },
        );
    }
    record(
        &mut board,
        at(10, 8, 0),
        Command::RaiseObjection {
            priority: "P25".into(),
            text: "The PCT has not yet costed the alcohol liaison nurses.".into(),
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
    app(board, at(10, 17, 10), light)
}

/// P12 accepted with an agreed target, all three tiers in support.
fn accepted(light: bool) -> App {
    let mut board = demo_board();
    take_up(&mut board, at(10, 30, 0), "P12");
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
        false,
        Some(("2010/11", 12.1)),
    );
    app(board, at(10, 36, 30), light)
}

/// P03 decided as `outcome` (kept local when `local`).
fn decided(outcome: Outcome, local: bool, light: bool) -> App {
    let mut board = demo_board();
    take_up(&mut board, at(10, 0, 0), "P03");
    decide(&mut board, at(10, 5, 0), "P03", outcome, local, None);
    app(board, at(10, 6, 0), light)
}

/// The cap reached: the gauge says FULL; the record not trusted: the red
/// banner across the top.
fn full_and_untrusted(light: bool) -> App {
    let mut board = demo_board();
    fill_the_cap(&mut board, "P01");
    take_up(&mut board, at(11, 0, 0), "P01");
    let mut app = app(board, at(11, 1, 0), light);
    app.untrusted = Some("the event log's hash chain is broken at #7".into());
    app
}

fn every_state(light: bool) -> Vec<(&'static str, App)> {
    vec![
        ("waiting", waiting(light)),
        ("overrun", overrun(light)),
        ("accepted", accepted(light)),
        ("rejected", decided(Outcome::Reject, false, light)),
        ("kept local", decided(Outcome::Reject, true, light)),
        ("deferred", decided(Outcome::Defer, false, light)),
        ("full and untrusted", full_and_untrusted(light)),
    ]
}

fn draw(app: &App, theme: &Theme, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| caseboard_tui::ui::projector::render(f, f.area(), app, theme))
        .unwrap();
    terminal
}

fn projection(light: bool) -> Projection {
    if light {
        Projection::Light
    } else {
        Projection::Dark
    }
}

/// Fails unless every cell is on the theme's background, in one of the
/// colour pairs the theme declares (reverse video swaps a pair and keeps
/// its ratio), and nothing is dimmed.
fn assert_on_the_theme(terminal: &Terminal<TestBackend>, theme: &Theme, what: &str) {
    let background = theme
        .background
        .expect("a projector theme has a background");
    let pairs = theme.pairs();
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(
                cell.bg,
                background,
                "{what}: ({x}, {y}) {:?} is not on the background",
                cell.symbol()
            );
            assert!(
                pairs
                    .iter()
                    .any(|(_, fg, bg)| (*fg, *bg) == (cell.fg, cell.bg)),
                "{what}: ({x}, {y}) {:?} is {} on {}, a pair the theme does not declare",
                cell.symbol(),
                cell.fg,
                cell.bg
            );
            assert!(
                !cell.modifier.contains(Modifier::DIM),
                "{what}: ({x}, {y}) is dimmed"
            );
        }
    }
}

#[test]
fn every_cell_is_on_the_background_in_a_declared_pair_dark_and_light() {
    for light in [false, true] {
        // The screen's theme is the operator's; the projector takes its own.
        let theme = Theme::projector(projection(light));
        for (name, app) in every_state(light) {
            for size in SIZES {
                let terminal = draw(&app, &Theme::colour(), size);
                assert_on_the_theme(&terminal, &theme, &format!("{name} light={light} {size:?}"));
            }
        }
    }
}

#[test]
fn the_pairs_drawn_reach_7_to_1() {
    for light in [false, true] {
        let theme = Theme::projector(projection(light));
        for (name, app) in every_state(light) {
            let terminal = draw(&app, &Theme::colour(), (100, 30));
            for cell in terminal.backend().buffer().content() {
                let ratio = contrast(cell.fg, cell.bg).expect("RGB colours");
                assert!(
                    ratio >= 7.0,
                    "{name} light={light}: {} on {} is {ratio:.2}:1",
                    cell.fg,
                    cell.bg
                );
            }
            // The whole screen drawn through the screen's renderer too.
            let mut app = app;
            app.size = (100, 30);
            let whole = caseboard_testkit::app::draw(&app, &Theme::colour());
            assert_on_the_theme(&whole, &theme, name);
        }
    }
}

/// The screen's text, then each colour pair on it with its ratio and how
/// many cells use it: the snapshot shows the background as well as the
/// words.
fn picture(terminal: &Terminal<TestBackend>, theme: &Theme) -> String {
    let names: BTreeMap<(String, String), String> = theme
        .pairs()
        .into_iter()
        .map(|(names, fg, bg)| ((fg.to_string(), bg.to_string()), names))
        .collect();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        *counts
            .entry((cell.fg.to_string(), cell.bg.to_string()))
            .or_default() += 1;
    }
    let mut out = screen_text(terminal);
    out.push_str(&format!(
        "\n{} cells, each on background {}\n",
        buffer.content().len(),
        theme.background.unwrap_or(Color::Reset)
    ));
    for ((fg, bg), n) in counts {
        let ratio = contrast(fg.parse().unwrap(), bg.parse().unwrap()).unwrap_or(0.0);
        let name = names
            .get(&(fg.clone(), bg.clone()))
            .cloned()
            .unwrap_or_default();
        out.push_str(&format!(
            "{fg} on {bg} {ratio:>5.2}:1 {n:>5} cells  {name}\n"
        ));
    }
    out
}

#[test]
fn overrun_dark_at_100x30() {
    let theme = Theme::projector(Projection::Dark);
    insta::assert_snapshot!(picture(
        &draw(&overrun(false), &Theme::colour(), (100, 30)),
        &theme
    ));
}

#[test]
fn overrun_light_at_100x30() {
    let theme = Theme::projector(Projection::Light);
    insta::assert_snapshot!(picture(
        &draw(&overrun(true), &Theme::colour(), (100, 30)),
        &theme
    ));
}

#[test]
fn accepted_dark_at_100x30() {
    let theme = Theme::projector(Projection::Dark);
    insta::assert_snapshot!(picture(
        &draw(&accepted(false), &Theme::colour(), (100, 30)),
        &theme
    ));
}

#[test]
fn accepted_light_at_100x30() {
    let theme = Theme::projector(Projection::Light);
    insta::assert_snapshot!(picture(
        &draw(&accepted(true), &Theme::colour(), (100, 30)),
        &theme
    ));
}

#[test]
fn dark_and_light_say_the_same_words() {
    for (name, dark) in every_state(false) {
        let light = every_state(true)
            .into_iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1;
        for size in SIZES {
            assert_eq!(
                screen_text(&draw(&dark, &Theme::colour(), size)),
                screen_text(&draw(&light, &Theme::colour(), size)),
                "{name} {size:?}"
            );
        }
    }
}

#[test]
fn every_status_is_said_in_words_and_symbols_without_colour() {
    let cases: [(&str, App, &[&str]); 6] = [
        ("overrun", overrun(false), &["+2:10 over", "L✓ R? C✗", "⚑"]),
        (
            "accepted",
            accepted(false),
            &["✓ ACCEPTED", "agreed target 12.1"],
        ),
        (
            "rejected",
            decided(Outcome::Reject, false, false),
            &["✗ REJECTED", "not designated"],
        ),
        (
            "kept local",
            decided(Outcome::Reject, true, false),
            &["KEPT LOCAL", "not designated"],
        ),
        (
            "deferred",
            decided(Outcome::Defer, false, false),
            &["DEFERRED", "to come back later"],
        ),
        (
            "full and untrusted",
            full_and_untrusted(false),
            &["FULL", "RECORD NOT TRUSTED"],
        ),
    ];
    for (name, app, words) in cases {
        for size in SIZES {
            let text = screen_text(&draw(&app, &Theme::monochrome(), size));
            for word in words {
                assert!(
                    text.contains(word),
                    "{name} {size:?}: {word:?} missing\n{text}"
                );
            }
        }
    }
}

#[test]
fn no_color_draws_the_projector_without_any_colour_light_or_dark() {
    for light in [false, true] {
        for (name, app) in every_state(light) {
            for size in SIZES {
                let terminal = draw(&app, &Theme::monochrome(), size);
                for cell in terminal.backend().buffer().content() {
                    assert_eq!(cell.fg, Color::Reset, "{name} {size:?}");
                    assert_eq!(cell.bg, Color::Reset, "{name} {size:?}");
                }
            }
        }
    }
}

#[test]
fn the_operators_screen_keeps_the_terminals_background() {
    let mut app = overrun(false);
    app.presenting = false;
    app.size = (100, 30);
    let terminal = caseboard_testkit::app::draw(&app, &Theme::colour());
    assert!(terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .all(|cell| cell.bg == Color::Reset || cell.modifier.contains(Modifier::REVERSED)));
}

/// A new session of the demo pack in `dir`.
fn demo_session(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("s.caseboard");
    let pack = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/packs/demo.json");
    assert_cmd::Command::cargo_bin("caseboard")
        .unwrap()
        .args([
            "new".as_ref(),
            file.as_os_str(),
            "--pack".as_ref(),
            pack.as_os_str(),
        ])
        .assert()
        .success();
    file
}

#[test]
fn present_light_without_a_terminal_refuses_as_present_does() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_session(dir.path());
    let before = std::fs::read(&file).unwrap();
    let mut said = Vec::new();
    for args in [&["present"][..], &["present", "--light"]] {
        let out = assert_cmd::Command::cargo_bin("caseboard")
            .unwrap()
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("needs a terminal"), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
        said.push(stderr);
    }
    assert_eq!(said[0], said[1], "the same refusal, light or not");
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written");
}

fn test_card(light: bool) -> App {
    let mut app = waiting(light);
    app.test_card = true;
    app
}

#[test]
fn test_card_dark_at_100x30() {
    let theme = Theme::projector(Projection::Dark);
    insta::assert_snapshot!(picture(
        &draw(&test_card(false), &Theme::colour(), (100, 30)),
        &theme
    ));
}

#[test]
fn test_card_light_at_80x24() {
    let theme = Theme::projector(Projection::Light);
    insta::assert_snapshot!(picture(
        &draw(&test_card(true), &Theme::colour(), (80, 24)),
        &theme
    ));
}

#[test]
fn the_test_card_names_the_terminal_size_and_every_colour_at_every_size() {
    for light in [false, true] {
        let theme = Theme::projector(projection(light));
        for size in SIZES {
            let terminal = draw(&test_card(light), &Theme::colour(), size);
            assert_on_the_theme(&terminal, &theme, &format!("test card {size:?}"));
            let text = screen_text(&terminal);
            assert!(
                text.contains(&format!("this terminal {} × {}", size.0, size.1)),
                "{text}"
            );
            assert!(text.contains("4 rows high"), "{text}");
            assert!(text.contains("1 row high"), "{text}");
            for (_, fg, bg) in theme.pairs() {
                let ratio = contrast(fg, bg).unwrap();
                assert!(
                    text.contains(&format!("{fg} on {bg}  {ratio:.2}:1")),
                    "{size:?}: {fg} on {bg} missing\n{text}"
                );
            }
            assert!(text.contains("q or Esc closes"), "{text}");
        }
    }
    // Without colour it says so, and draws none.
    let terminal = draw(&test_card(false), &Theme::monochrome(), (100, 30));
    assert!(screen_text(&terminal).contains("no colour (NO_COLOR)"));
    for cell in terminal.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

#[test]
fn q_or_esc_closes_the_test_card_and_esc_still_leaves_the_projector_otherwise() {
    use caseboard_tui::app::{update, Action, Effect};
    for action in [Action::Quit, Action::TogglePresentation] {
        let mut app = test_card(false);
        let effects = update(&mut app, action.clone());
        assert!(app.quit, "{action:?}");
        assert!(matches!(effects.as_slice(), [Effect::Quit]), "{action:?}");
    }
    let mut app = waiting(false);
    update(&mut app, Action::TogglePresentation);
    assert!(!app.quit);
    assert!(
        !app.presenting,
        "Esc on the projector goes back to the board"
    );
}

/// The real binary in a real terminal (tmux): `present --light` sends the
/// white background and its text colour, `present` the black one; the test
/// card shows, names the terminal's size, and Esc or q ends it with 0.
#[test]
fn in_a_terminal_the_light_and_dark_backgrounds_are_sent_and_the_test_card_closes() {
    use caseboard_testkit::tmux::Tmux;
    let dir = tempfile::tempdir().unwrap();
    let file = demo_session(dir.path());
    let run = |name: &str, args: &str| {
        let tmux = Tmux::named(name);
        tmux.start(
            (100, 30),
            &format!(
                "env -u NO_COLOR {} present {args} {}; echo {}-EXIT=$?; sleep 30",
                env!("CARGO_BIN_EXE_caseboard"),
                file.display(),
                name.to_uppercase()
            ),
        );
        tmux
    };
    for (name, args, background, text) in [
        ("dark", "", "48;2;0;0;0", "38;2;238;238;238"),
        ("light", "--light", "48;2;255;255;255", "38;2;18;18;18"),
    ] {
        let tmux = run(name, args);
        tmux.wait_for("Waiting for the first item");
        let sent = tmux.run(&["capture-pane", "-p", "-e", "-t", name]);
        assert!(sent.contains(background), "{name}: {sent:?}");
        assert!(sent.contains(text), "{name}: {sent:?}");
        tmux.keys(&["q"]);
        let exit = format!("{}-EXIT=", name.to_uppercase());
        assert!(tmux.wait_for(&exit).contains(&format!("{exit}0")));
    }
    for (name, key) in [("cardesc", "Escape"), ("cardq", "q")] {
        let tmux = run(name, "--test-card --light");
        tmux.wait_for_all(&[
            "TEST CARD · light theme · this terminal 100 × 30",
            "q or Esc closes",
        ]);
        tmux.keys(&[key]);
        let exit = format!("{}-EXIT=", name.to_uppercase());
        assert!(tmux.wait_for(&exit).contains(&format!("{exit}0")), "{key}");
    }
}

/// A form, the help or a question over the projector is on the wall too:
/// drawn in the projector's theme, every cell on its background.
#[test]
fn forms_help_and_questions_over_the_projector_keep_its_theme() {
    use caseboard_testkit::app::{app_on, press};
    use crossterm::event::{KeyCode, KeyModifiers};
    for light in [false, true] {
        let theme = Theme::projector(projection(light));
        let overlays = [
            ("accept form", KeyCode::Char('a'), KeyModifiers::NONE),
            ("help", KeyCode::Char('?'), KeyModifiers::NONE),
            ("quit question", KeyCode::Char('c'), KeyModifiers::CONTROL),
        ];
        for (name, code, modifiers) in overlays {
            for size in [(80, 24), (100, 30), (200, 50)] {
                let mut board = demo_board();
                take_up(&mut board, at(10, 0, 0), "P12");
                let mut app = app_on(board, false, size);
                app.presenting = true;
                app.light = light;
                let before = screen_text(&caseboard_testkit::app::draw(&app, &Theme::colour()));
                press(&mut app, code, modifiers);
                let terminal = caseboard_testkit::app::draw(&app, &Theme::colour());
                assert_ne!(screen_text(&terminal), before, "{name}: an overlay opened");
                assert_on_the_theme(&terminal, &theme, &format!("{name} light={light} {size:?}"));
            }
        }
    }
}

/// What a full repaint of the projector at 200×50 sends, beside the
/// monochrome theme in the same run, within SPEC's 16 KB: on a background of
/// its own every cell must be drawn, and runs of blank cells are erased with
/// the background colour (back-colour erase) instead of sent space by space.
/// The bytes, replayed into a terminal emulator, show the frame: every cell's
/// text and colours, the erased ones on the projector's background.
#[test]
fn a_full_repaint_of_the_projector_costs_at_most_16_kb_and_shows_the_frame() {
    use caseboard_testkit::vt::{assert_screen_shows, emulator};
    use caseboard_tui::runtime::lean::LeanBackend;
    use ratatui::backend::{Backend, ClearType};
    let mut figures = Vec::new();
    for (name, theme, light) in [
        ("dark", Theme::colour(), false),
        ("light", Theme::colour(), true),
        ("monochrome", Theme::monochrome(), false),
    ] {
        for (state, app) in [("overrun", overrun(light)), ("accepted", accepted(light))] {
            let mut term =
                caseboard_testkit::sink::fixed(LeanBackend::with_size(Vec::new(), 200, 50));
            term.backend_mut().clear_region(ClearType::All).unwrap();
            let frame = term
                .draw(|f| caseboard_tui::ui::projector::render(f, f.area(), &app, &theme))
                .expect("draw to memory")
                .buffer
                .clone();
            let bytes = std::mem::take(term.backend_mut().writer_mut());
            let mut screen = emulator((200, 50));
            screen.process(&bytes);
            assert_screen_shows(screen.screen(), &frame, &format!("{name} {state}"));
            figures.push((format!("{name} {state}"), bytes.len()));
        }
    }
    let report: Vec<String> = figures.iter().map(|(n, b)| format!("{n}: {b} B")).collect();
    println!("{}", report.join("\n"));
    for (name, bytes) in &figures {
        assert!(
            *bytes <= 16 * 1024,
            "{name}: {bytes} B\n{}",
            report.join("\n")
        );
    }
}

/// Below the smallest size the projector says so, on its background still.
#[test]
fn too_small_is_said_on_the_projectors_background() {
    for light in [false, true] {
        let mut app = waiting(light);
        app.size = (50, 12);
        let terminal = caseboard_testkit::app::draw(&app, &Theme::colour());
        assert!(screen_text(&terminal).contains("Window too small"));
        assert_on_the_theme(&terminal, &Theme::projector(projection(light)), "too small");
    }
}
