//! Colours and emphasis. Every status also has a symbol and a word, so the
//! monochrome theme (for `NO_COLOR`) loses no information.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub colour: bool,
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

impl Theme {
    /// Colours that read on dark and light backgrounds alike: no white or
    /// black text, no yellow on light.
    pub fn colour() -> Self {
        let fg = |c: Color| Style::new().fg(c);
        Theme {
            colour: true,
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

    /// `NO_COLOR` set to anything non-empty turns colour off (no-color.org).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colour(),
        }
    }
}
