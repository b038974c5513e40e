//! Pure rendering: each function draws part of the [`App`] state into a
//! frame and changes nothing. One file per pane. What is kept between
//! frames (the theme, the wrapped text of the panes) is the [`Screen`]'s,
//! not the app's: the picture is a function of the state alone.

pub mod agenda;
mod board;
mod evidence;
mod footer;
mod form;
mod header;
mod help;
mod memo;
mod objections;
pub mod projector;
#[cfg(test)]
mod test_data;
pub mod theme;
mod timeline;

use crate::app::{App, Mode};
pub use memo::Work;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
pub use theme::Theme;

use crate::layout::{layout_in, Pane, MIN_HEIGHT, MIN_WIDTH};

/// The note on a list's title that a filter is on: what it matches, and
/// how many items there are in all.
fn filter_note(filter_text: &str, total: usize, theme: &Theme) -> ratatui::text::Span<'static> {
    let note = if filter_text.is_empty() {
        format!("· filter: type to match ({total} in all) ")
    } else {
        format!(
            "· filter \"{}\" ({total} in all) ",
            caseboard_core::text::display_line_cut(filter_text, 40)
        )
    };
    ratatui::text::Span::styled(note, theme.warning)
}

/// A bordered pane, its border bright and marked when it has the focus.
fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    if focused {
        block.title_bottom(Line::styled(" ◆ focus ", theme.border_focused).right_aligned())
    } else {
        block
    }
}

/// What drawing keeps from one frame to the next: the theme, and the panes'
/// wrapped text, which only saves time (a frame drawn from a fresh
/// `Screen` is the same).
#[derive(Debug)]
pub struct Screen {
    theme: Theme,
    memo: memo::Memo,
}

impl Screen {
    pub fn new(theme: Theme) -> Self {
        Screen {
            theme,
            memo: memo::Memo::default(),
        }
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The panes drawn and board rows redrawn so far, rather than kept.
    pub fn work(&self) -> Work {
        self.memo.work()
    }
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, screen: &Screen) {
    let theme = &screen.theme;
    let memo = &screen.memo;
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "Window too small: caseboard needs at least {MIN_WIDTH} × {MIN_HEIGHT}; this one is {} × {}. Enlarge it (or make the font smaller).",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        if app.presenting {
            projector::on_background(frame, area, &projector::theme_for(app, theme));
        }
        return;
    }
    if app.presenting {
        projector::render(frame, area, app, theme);
    } else if let Some(areas) = layout_in(area, app.review.is_some()) {
        header::render(frame, areas.header, app, theme);
        if let (Some(rect), Some(review)) = (areas.timeline, &app.review) {
            timeline::render(
                frame,
                rect,
                review,
                &app.board,
                theme,
                app.focus == Pane::Timeline,
            );
        }
        board::render(
            frame,
            areas.board,
            app,
            theme,
            memo,
            app.focus == Pane::Board,
        );
        evidence::render(
            frame,
            areas.evidence,
            app,
            theme,
            memo,
            app.focus == Pane::Evidence,
        );
        objections::render(
            frame,
            areas.objections,
            app,
            theme,
            memo,
            app.focus == Pane::Objections,
        );
        footer::render_status(frame, areas.status, app, theme);
        footer::render_hints(frame, areas.footer, app, theme);
    }
    // Over the projector, a form or the help is drawn in the projector's
    // theme: it is on the wall too.
    let overlay_theme = if app.presenting {
        &projector::theme_for(app, theme)
    } else {
        theme
    };
    match &app.mode {
        Mode::Form(f) => form::render_form(frame, area, f, overlay_theme),
        Mode::Confirm(c) => form::render_confirm(frame, area, app, c, overlay_theme),
        Mode::Help => help::render(frame, area, app, overlay_theme),
        Mode::Normal | Mode::Filter { .. } => return,
    }
    if app.presenting {
        projector::on_background(frame, area, overlay_theme);
    }
}

/// Splits lines at the line breaks their text carries (typed with Alt-Enter,
/// pasted, or in a pack): ratatui draws a line break inside a span as
/// nothing, gluing the words either side together.
pub fn break_lines(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if !line.spans.iter().any(|s| s.content.contains('\n')) {
            out.push(line);
            continue;
        }
        let style = line.style;
        let mut current = Line::default().style(style);
        for span in line.spans {
            let mut parts = span.content.split('\n').peekable();
            while let Some(part) = parts.next() {
                if !part.is_empty() {
                    current
                        .spans
                        .push(ratatui::text::Span::styled(part.to_string(), span.style));
                }
                if parts.peek().is_some() {
                    out.push(std::mem::replace(
                        &mut current,
                        Line::default().style(style),
                    ));
                }
            }
        }
        out.push(current);
    }
    out
}

/// A rectangle of at most `width` × `height` centred in `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Splits text into lines of at most `width` columns at spaces (a word
/// longer than a line is cut). For the few places that must know how many
/// lines a text takes.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let mut head = String::new();
            let mut rest = line.chars();
            for c in rest.by_ref() {
                if head.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > width {
                    lines.push(std::mem::take(&mut head));
                    head.push(c);
                    break;
                }
                head.push(c);
            }
            let tail: String = rest.collect();
            line = format!("{head}{tail}");
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_text_become_lines() {
        let lines = break_lines(vec![
            Line::from(vec!["• ".into(), "first\nsecond".into()]),
            Line::from("plain"),
        ]);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["• first", "second", "plain"]);
    }

    #[test]
    fn wrap_words_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap_words("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap_words("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap_words("漢字漢字", 4), ["漢字", "漢字"]);
        assert_eq!(wrap_words("", 5), [""]);
    }
}
