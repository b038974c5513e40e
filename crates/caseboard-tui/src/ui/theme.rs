//! Colours and emphasis. Every status also has a symbol and a word, so the
//! monochrome theme (for `NO_COLOR`) loses no information.
//!
//! The operator's screen keeps the terminal's own background and palette.
//! The projector does not: a projected image washes colours out, and a
//! terminal's palette may set its "blue" on its black at 2:1. It draws on a
//! background of its own with colours given as RGB, each pair reaching at
//! least 7:1 (WCAG 1.4.6), in a dark variant and a light one for bright
//! rooms. Every RGB value is one of the xterm 256-colour palette's, so a
//! terminal or multiplexer that rounds RGB to that palette shows the same
//! colour, and the same contrast.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub colour: bool,
    /// The background every cell is drawn on, where the theme has one of
    /// its own (the projector's); `None` leaves the terminal's.
    pub background: Option<Color>,
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub accepted: Style,
    pub rejected: Style,
    pub local: Style,
    pub deferred: Style,
    pub undecided: Style,
    pub success: Style,
    pub warning: Style,
    pub error: Style,
    pub key: Style,
}

/// The projector's colours, one per role.
struct Palette {
    background: (u8, u8, u8),
    text: (u8, u8, u8),
    heading: (u8, u8, u8),
    border: (u8, u8, u8),
    key: (u8, u8, u8),
    accepted: (u8, u8, u8),
    rejected: (u8, u8, u8),
    local: (u8, u8, u8),
    deferred: (u8, u8, u8),
    warning: (u8, u8, u8),
}

/// White and pale tints on black.
const DARK: Palette = Palette {
    background: (0x00, 0x00, 0x00),
    text: (0xee, 0xee, 0xee),
    heading: (0xff, 0xff, 0xff),
    border: (0xa8, 0xa8, 0xa8),
    key: (0x5f, 0xd7, 0xff),
    accepted: (0x87, 0xd7, 0x87),
    rejected: (0xff, 0x87, 0x87),
    local: (0xd7, 0x87, 0xff),
    deferred: (0x87, 0xaf, 0xff),
    warning: (0xff, 0xaf, 0x00),
};

/// Black and deep shades on white. No amber reaches 7:1 on white, so the
/// warning is a deep red, darker than the rejection's.
const LIGHT: Palette = Palette {
    background: (0xff, 0xff, 0xff),
    text: (0x12, 0x12, 0x12),
    heading: (0x00, 0x00, 0x00),
    border: (0x4e, 0x4e, 0x4e),
    key: (0x00, 0x5f, 0x5f),
    accepted: (0x00, 0x5f, 0x00),
    rejected: (0xaf, 0x00, 0x00),
    local: (0x87, 0x00, 0x87),
    deferred: (0x00, 0x00, 0xaf),
    warning: (0x87, 0x00, 0x00),
};

/// Which projector theme: dark (the default) or light, for bright rooms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Projection {
    #[default]
    Dark,
    Light,
}

impl Theme {
    /// Colours that read on dark and light backgrounds alike: no white or
    /// black text, no yellow on light.
    pub fn colour() -> Self {
        let fg = |c: Color| Style::new().fg(c);
        Theme {
            colour: true,
            background: None,
            text: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: Style::new().add_modifier(Modifier::BOLD),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            accepted: fg(Color::Green).add_modifier(Modifier::BOLD),
            rejected: fg(Color::Red),
            local: fg(Color::Magenta),
            deferred: fg(Color::Blue),
            undecided: Style::new(),
            success: fg(Color::Green),
            warning: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            error: fg(Color::Red).add_modifier(Modifier::BOLD),
            key: fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all. Selection is marked by a symbol in the row, since a
    /// terminal told `NO_COLOR` may also drop reverse video and bold.
    pub fn monochrome() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            colour: false,
            background: None,
            text: plain,
            dim: plain,
            heading: bold,
            border: plain,
            border_focused: bold,
            selected: bold,
            accepted: bold,
            rejected: plain,
            local: plain,
            deferred: plain,
            undecided: plain,
            success: plain,
            warning: bold,
            error: bold,
            key: bold,
        }
    }

    /// The projector's theme: every style a foreground and the background
    /// both, so no cell is left to the terminal's own colours. Nothing is
    /// dimmed: a projector washes faint text out.
    pub fn projector(projection: Projection) -> Self {
        let p = match projection {
            Projection::Dark => &DARK,
            Projection::Light => &LIGHT,
        };
        let rgb = |(r, g, b): (u8, u8, u8)| Color::Rgb(r, g, b);
        let background = rgb(p.background);
        let on = |c: (u8, u8, u8)| Style::new().fg(rgb(c)).bg(background);
        let bold = |c: (u8, u8, u8)| on(c).add_modifier(Modifier::BOLD);
        Theme {
            colour: true,
            background: Some(background),
            text: on(p.text),
            dim: on(p.text),
            heading: bold(p.heading),
            border: on(p.border),
            border_focused: bold(p.key),
            selected: on(p.text).add_modifier(Modifier::REVERSED),
            accepted: bold(p.accepted),
            rejected: on(p.rejected),
            local: on(p.local),
            deferred: on(p.deferred),
            undecided: on(p.text),
            success: on(p.accepted),
            warning: bold(p.warning),
            error: bold(p.rejected),
            key: bold(p.key),
        }
    }

    /// The theme the projector view draws with when this one is the
    /// screen's: without colour it stays without; with colour it is the
    /// projector's own, dark or light.
    pub fn for_projector(&self, projection: Projection) -> Self {
        if self.colour {
            Theme::projector(projection)
        } else {
            *self
        }
    }

    /// `NO_COLOR` set to anything non-empty turns colour off (no-color.org).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }

    /// Every style of the theme by name, for checks that must miss none.
    pub fn styles(&self) -> [(&'static str, Style); 16] {
        [
            ("text", self.text),
            ("dim", self.dim),
            ("heading", self.heading),
            ("border", self.border),
            ("border_focused", self.border_focused),
            ("selected", self.selected),
            ("accepted", self.accepted),
            ("rejected", self.rejected),
            ("local", self.local),
            ("deferred", self.deferred),
            ("undecided", self.undecided),
            ("success", self.success),
            ("warning", self.warning),
            ("error", self.error),
            ("key", self.key),
            (
                "background",
                Style::new().bg(self.background.unwrap_or(Color::Reset)),
            ),
        ]
    }

    /// The foreground/background pairs the theme draws with, each once,
    /// named by the styles that use it: what the contrast check measures.
    /// Reverse video swaps a pair, which keeps its ratio. A style without
    /// both colours (the terminal's own) is left out.
    pub fn pairs(&self) -> Vec<(String, Color, Color)> {
        let mut pairs: Vec<(String, Color, Color)> = Vec::new();
        for (name, style) in self.styles() {
            if let (Some(fg), Some(bg)) = (style.fg, style.bg) {
                match pairs.iter_mut().find(|(_, f, b)| (*f, *b) == (fg, bg)) {
                    Some((names, _, _)) => {
                        names.push_str(", ");
                        names.push_str(name);
                    }
                    None => pairs.push((name.to_string(), fg, bg)),
                }
            }
        }
        pairs
    }
}

/// WCAG 2's relative luminance of an RGB colour: each channel linearised
/// from sRGB, then weighted. `None` for a colour named by the terminal's
/// palette, whose RGB value is the terminal's to choose.
pub fn luminance(colour: Color) -> Option<f64> {
    let Color::Rgb(r, g, b) = colour else {
        return None;
    };
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b))
}

/// WCAG 2's contrast ratio of two colours, `(L1 + 0.05) / (L2 + 0.05)` with
/// L1 the lighter: from 1 (none) to 21 (black on white).
pub fn contrast(a: Color, b: Color) -> Option<f64> {
    let (a, b) = (luminance(a)?, luminance(b)?);
    Some((a.max(b) + 0.05) / (a.min(b) + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairs of a projector theme and their ratios, one a line, for the
    /// failure message and the record.
    fn table(theme: &Theme) -> String {
        theme
            .pairs()
            .iter()
            .map(|(names, fg, bg)| {
                let ratio = contrast(*fg, *bg).unwrap_or(0.0);
                format!("{fg} on {bg}: {ratio:>5.2}:1  {names}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn every_pair_reaches_seven_to_one(projection: Projection) {
        let theme = Theme::projector(projection);
        let figures = table(&theme);
        // Printed so the figures can be quoted (`--nocapture`).
        println!("{projection:?} projector theme:\n{figures}");
        let background = theme.background.expect("the projector has a background");
        for (name, style) in theme.styles() {
            assert_eq!(style.bg, Some(background), "{name} is on the background");
            assert!(
                style.fg.is_some() || name == "background",
                "{name} has a colour"
            );
            assert!(
                !style.add_modifier.contains(Modifier::DIM),
                "{name} is not dimmed"
            );
        }
        let pairs = theme.pairs();
        assert!(pairs.len() >= 9, "{figures}");
        for (names, fg, bg) in pairs {
            let ratio = contrast(fg, bg).expect("RGB colours");
            assert!(
                ratio >= 7.0,
                "{projection:?}: {names}: {fg} on {bg} is {ratio:.2}:1, under 7:1\n{figures}"
            );
        }
    }

    #[test]
    fn every_pair_of_the_dark_projector_theme_reaches_7_to_1() {
        every_pair_reaches_seven_to_one(Projection::Dark);
    }

    #[test]
    fn every_pair_of_the_light_projector_theme_reaches_7_to_1() {
        every_pair_reaches_seven_to_one(Projection::Light);
    }

    #[test]
    fn contrast_follows_wcag() {
        let black = Color::Rgb(0, 0, 0);
        let white = Color::Rgb(255, 255, 255);
        assert!((contrast(black, white).unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast(white, white).unwrap() - 1.0).abs() < 1e-9);
        // WCAG's own example figures: #777777 on white is 4.48:1.
        let grey = Color::Rgb(0x77, 0x77, 0x77);
        assert!((contrast(grey, white).unwrap() - 4.48).abs() < 0.01);
        // Palette colours have no RGB value of their own.
        assert_eq!(contrast(Color::Blue, black), None);
    }

    #[test]
    fn the_projector_keeps_no_colour_without_colour() {
        assert_eq!(
            Theme::monochrome().for_projector(Projection::Light),
            Theme::monochrome()
        );
        assert_eq!(
            Theme::colour().for_projector(Projection::Light),
            Theme::projector(Projection::Light)
        );
    }

    /// Every RGB value is in the xterm 256-colour palette (its 6×6×6 cube or
    /// its grey ramp), so rounding to that palette changes nothing.
    #[test]
    fn every_projector_colour_is_in_the_256_colour_palette() {
        let cube = [0, 0x5f, 0x87, 0xaf, 0xd7, 0xff];
        for projection in [Projection::Dark, Projection::Light] {
            for (names, fg, bg) in Theme::projector(projection).pairs() {
                for c in [fg, bg] {
                    let Color::Rgb(r, g, b) = c else {
                        panic!("{names}: {c} is not RGB");
                    };
                    let in_cube = [r, g, b].iter().all(|v| cube.contains(v));
                    let grey = r == g && g == b && r >= 8 && (r - 8) % 10 == 0 && r <= 238;
                    assert!(in_cube || grey, "{projection:?} {names}: {c}");
                }
            }
        }
    }
}
