//! What a terminal emulator (vt100) shows after a screen's bytes, checked
//! against the frame they were meant to draw: the proof that the lean
//! backend's model of the terminal stays the terminal's.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::num::NonZeroU16;

/// A vt100 colour as ratatui names it.
pub fn index(c: Color) -> vt100::Color {
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

/// The emulated screen shows `frame`, cell by cell: text, colours and
/// every attribute the screens use.
pub fn assert_screen_shows(screen: &vt100::Screen, frame: &Buffer, step: &str) {
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
            let seen = (
                text,
                got.bold(),
                got.dim(),
                got.italic(),
                got.underline(),
                got.inverse(),
                got.fgcolor(),
                got.bgcolor(),
            );
            let meant = (
                want.symbol(),
                m.contains(Modifier::BOLD),
                m.contains(Modifier::DIM),
                m.contains(Modifier::ITALIC),
                m.contains(Modifier::UNDERLINED),
                m.contains(Modifier::REVERSED),
                index(want.fg),
                index(want.bg),
            );
            assert_eq!(seen, meant, "{step}: the cell at {x},{y}");
        }
    }
}

/// An emulated terminal of this size.
pub fn emulator((width, height): (u16, u16)) -> vt100::Parser {
    let n = |v: u16| NonZeroU16::new(v).expect("a screen of some size");
    vt100::Parser::new(n(height), n(width), 0)
}
