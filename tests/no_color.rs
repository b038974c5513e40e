//! With `NO_COLOR`, crossterm 0.29 turns every colour command into a bare
//! `ESC[m`, which also clears bold and reverse video: a selection drawn
//! with them would vanish. The monochrome theme sends no colour at all and
//! marks the selection with a symbol; replayed in a terminal emulator the
//! selection is still there.
//!
//! Each test runs its body in a fresh process of this test binary with the
//! environment it names, so the theme comes from `Theme::from_env` and
//! crossterm reads `NO_COLOR` itself, as the real binary does.
//! (`tests/tmux.rs` checks the binary itself under `NO_COLOR`.)

use caseboard_testkit::app::{demo_app, paint};
use caseboard_tui::app::{update, Action};
use caseboard_tui::runtime::lean::LeanBackend;
use caseboard_tui::ui::Theme;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::num::NonZeroU16;
use std::process::Command;

/// Set in the child process that runs a test's body.
const CHILD: &str = "CASEBOARD_NO_COLOR_TEST_CHILD";

/// Runs the test `name` again in a child process with `NO_COLOR` set to
/// `no_color` (or unset), and fails if the child fails. Returns true in the
/// child, where the body is to run.
fn in_child(name: &str, no_color: Option<&str>) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1");
    match no_color {
        Some(v) => child.env("NO_COLOR", v),
        None => child.env_remove("NO_COLOR"),
    };
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name} with NO_COLOR={no_color:?}:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "the body ran: {stdout}");
    false
}

/// The bytes a 100×30 screen of the demo board is sent, P03 selected, in
/// the theme the environment asks for.
fn first_frame() -> Vec<u8> {
    let mut app = demo_app((100, 30));
    update(&mut app, Action::MoveDown);
    update(&mut app, Action::MoveDown);
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 100, 30)),
    };
    let mut terminal =
        Terminal::with_options(LeanBackend::with_size(Vec::new(), 100, 30), options).unwrap();
    let screen = caseboard_tui::ui::Screen::new(Theme::from_env());
    terminal.draw(|f| paint(f, &app, &screen)).unwrap();
    std::mem::take(terminal.backend_mut().writer_mut())
}

/// Whether any cell of `out`, replayed in a terminal emulator, has a colour.
fn coloured(out: &[u8]) -> bool {
    let mut screen = vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(100).unwrap(),
        0,
    );
    screen.process(out);
    let screen = screen.screen();
    (0..30)
        .flat_map(|y| (0..100).map(move |x| (y, x)))
        .filter_map(|(y, x)| screen.cell(y, x))
        .any(|c| c.fgcolor() != vt100::Color::Default || c.bgcolor() != vt100::Color::Default)
}

#[test]
fn without_no_color_the_board_is_in_colour() {
    if in_child("without_no_color_the_board_is_in_colour", None) {
        assert!(coloured(&first_frame()));
    }
}

#[test]
fn an_empty_no_color_changes_nothing() {
    // no-color.org: only a non-empty value turns colour off.
    if in_child("an_empty_no_color_changes_nothing", Some("")) {
        assert!(coloured(&first_frame()));
    }
}

#[test]
fn the_selection_survives_no_color() {
    if !in_child("the_selection_survives_no_color", Some("1")) {
        return;
    }
    let out = first_frame();
    assert!(!coloured(&out), "no colour is sent");
    assert!(
        !out.windows(3).any(|w| w == b"\x1b[m"),
        "no bare reset is sent"
    );
    let mut screen = vt100::Parser::new(
        NonZeroU16::new(30).unwrap(),
        NonZeroU16::new(100).unwrap(),
        0,
    );
    screen.process(&out);
    let screen = screen.screen();
    let row = (0..30)
        .find(|&y| screen.contents_between(y, 0, y, 99).contains("P03"))
        .expect("P03 shown");
    let line = screen.contents_between(row, 0, row, 99);
    assert!(
        line.contains('▶'),
        "the selection marker is on P03's row: {line}"
    );
    let id_col = line
        .find("P03")
        .map(|b| line[..b].chars().count() as u16)
        .unwrap();
    let cell = screen.cell(row, id_col).unwrap();
    assert!(cell.bold(), "the selected id is emphasised");
    for y in 0..30 {
        for x in 0..100 {
            let cell = screen.cell(y, x).unwrap();
            assert_eq!(
                (cell.fgcolor(), cell.bgcolor()),
                (vt100::Color::Default, vt100::Color::Default),
                "no colour was sent (row {y}, column {x})"
            );
        }
    }
    assert!(
        screen.contents().contains("◆ focus"),
        "the focused pane is marked in words"
    );
}
