//! The lean terminal backend draws exactly what ratatui asked for: its
//! output, fed to a terminal emulator (vt100), leaves the screen equal to
//! the frame, cell by cell, through a sequence of real screens; and it
//! sends fewer bytes than ratatui's own crossterm backend.

use caseboard_testkit::app::{demo_app, key, paint};
use caseboard_testkit::sink::Sink;
use caseboard_testkit::vt::{assert_screen_shows, emulator};
use caseboard_tui::runtime::lean::LeanBackend;
use caseboard_tui::ui::Theme;
use crossterm::event::KeyCode;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const W: u16 = 120;
const H: u16 = 35;

fn steps() -> Vec<(&'static str, Vec<KeyCode>)> {
    use KeyCode::*;
    vec![
        ("first frame", vec![]),
        ("down", vec![Char('j')]),
        ("down more", vec![Char('j'), Char('j'), Char('j')]),
        ("page down", vec![PageDown]),
        ("to the end", vec![Char('G')]),
        ("back to the top", vec![Char('g')]),
        ("evidence pane", vec![Tab]),
        ("objections pane", vec![Tab]),
        ("board again", vec![Tab]),
        ("accept form", vec![Char('a'), Char('x'), Char('y')]),
        ("form closed", vec![Esc]),
        ("help", vec![Char('?')]),
        ("help closed", vec![Esc]),
        ("filter", vec![Char('/'), Char('c'), Char('r')]),
        ("filter kept", vec![Enter]),
        ("filter cleared", vec![Esc]),
        ("projector", vec![Char('p')]),
        ("board", vec![Char('p')]),
    ]
}

#[test]
fn the_screen_equals_every_frame_and_costs_fewer_bytes() {
    for theme in [Theme::colour(), Theme::monochrome()] {
        let drawing = caseboard_tui::ui::Screen::new(theme);
        let mut app = demo_app((W, H));
        let options = || TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
        };
        let mut lean =
            Terminal::with_options(LeanBackend::with_size(Vec::new(), W, H), options()).unwrap();
        let counter = Sink::default();
        let mut plain =
            Terminal::with_options(CrosstermBackend::new(counter.clone()), options()).unwrap();
        let mut screen = emulator((W, H));
        let mut lean_bytes = 0;
        for (step, keys) in steps() {
            for code in keys {
                key(&mut app, code);
            }
            let frame = lean
                .draw(|f| paint(f, &app, &drawing))
                .unwrap()
                .buffer
                .clone();
            plain.draw(|f| paint(f, &app, &drawing)).unwrap();
            let out = std::mem::take(lean.backend_mut().writer_mut());
            lean_bytes += out.len() as u64;
            screen.process(&out);
            assert_screen_shows(screen.screen(), &frame, step);
        }
        let plain_bytes = counter.take();
        assert!(
            lean_bytes < plain_bytes,
            "lean {lean_bytes} B, crossterm {plain_bytes} B"
        );
    }
}
