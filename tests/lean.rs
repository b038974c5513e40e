//! The lean terminal backend draws exactly what ratatui asked for: its
//! output, fed to a terminal emulator (vt100), leaves the screen equal to
//! the frame, cell by cell, through a sequence of real screens; and it
//! sends fewer bytes than ratatui's own crossterm backend.

use caseboard_testkit::app::{demo_app, key, paint};
use caseboard_testkit::sink::Sink;
use caseboard_tui::runtime::lean::LeanBackend;
use caseboard_tui::ui::Theme;
use crossterm::event::KeyCode;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::num::NonZeroU16;

const W: u16 = 120;
const H: u16 = 35;

fn index(c: Color) -> vt100::Color {
    let i = match c {
        Color::Reset => return vt100::Color::Default,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return vt100::Color::Rgb(r, g, b),
    };
    vt100::Color::Idx(i)
}

fn assert_screen_matches(screen: &vt100::Screen, frame: &Buffer, step: &str) {
    for y in 0..frame.area.height {
        for x in 0..frame.area.width {
            let want = &frame[(x, y)];
            let Some(got) = screen.cell(y, x) else {
                panic!("{step}: no cell {x},{y}")
            };
            if got.is_wide_continuation() {
                continue;
            }
            let text = if got.has_contents() {
                got.contents()
            } else {
                " "
            };
            let m = want.modifier;
            assert_eq!(text, want.symbol(), "{step}: symbol at {x},{y}");
            assert_eq!(
                got.bold(),
                m.contains(Modifier::BOLD),
                "{step}: bold at {x},{y}"
            );
            assert_eq!(
                got.dim(),
                m.contains(Modifier::DIM),
                "{step}: dim at {x},{y}"
            );
            assert_eq!(
                got.inverse(),
                m.contains(Modifier::REVERSED),
                "{step}: reverse at {x},{y}"
            );
            assert_eq!(got.fgcolor(), index(want.fg), "{step}: fg at {x},{y}");
            assert_eq!(got.bgcolor(), index(want.bg), "{step}: bg at {x},{y}");
        }
    }
}

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
        let mut screen =
            vt100::Parser::new(NonZeroU16::new(H).unwrap(), NonZeroU16::new(W).unwrap(), 0);
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
            assert_screen_matches(screen.screen(), &frame, step);
        }
        let plain_bytes = counter.take();
        assert!(
            lean_bytes < plain_bytes,
            "lean {lean_bytes} B, crossterm {plain_bytes} B"
        );
    }
}
