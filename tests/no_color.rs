//! With `NO_COLOR`, crossterm 0.29 turns every colour command into a bare
//! `ESC[m`, which also clears bold and reverse video: a selection drawn
//! with them would vanish. The monochrome theme sends no colour at all and
//! marks the selection with a symbol; replayed in a terminal emulator the
//! selection is still there. (Its own binary: the crossterm switch is global.)

use caseboard_core::validate::parse_pack;
use caseboard_core::Board;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::runtime::lean::LeanBackend;
use caseboard_tui::ui::{render, Screen, Theme};
use chrono::{FixedOffset, TimeZone};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::num::NonZeroU16;
use std::sync::Arc;

#[test]
fn the_selection_survives_no_color() {
    // What crossterm does when NO_COLOR is set in the environment.
    crossterm::style::force_color_output(false);
    let pack = parse_pack(caseboard_testkit::DEMO_PACK).unwrap();
    let now = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(2008, 3, 12, 10, 0, 0)
        .unwrap();
    let mut app = App::new(
        Board::new(Arc::new(pack)),
        "T".into(),
        false,
        "t".into(),
        now,
    );
    update(&mut app, Action::Resize(100, 30));
    update(&mut app, Action::MoveDown);
    update(&mut app, Action::MoveDown);
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 100, 30)),
    };
    let mut terminal =
        Terminal::with_options(LeanBackend::with_size(Vec::new(), 100, 30), options).unwrap();
    terminal
        .draw(|f| render(f, &app, &Screen::new(Theme::monochrome())))
        .unwrap();
    let out = std::mem::take(terminal.backend_mut().writer_mut());
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
    assert_eq!(
        cell.fgcolor(),
        vt100::Color::Default,
        "and no colour was sent"
    );
    assert!(
        screen.contents().contains("◆ focus"),
        "the focused pane is marked in words"
    );
}
