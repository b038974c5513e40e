//! Pure rendering: each function draws part of the [`App`] state into a
//! frame and changes nothing. One file per pane.

mod board;
mod evidence;
mod footer;
mod form;
mod header;
mod help;
pub mod memo;
mod objections;
pub mod projector;
pub mod theme;
mod timeline;

use crate::app::{App, Mode, Pane};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
pub use theme::Theme;

/// Below this the panes cannot be drawn legibly; we say so instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the board sits beside the evidence instead of above it.
const WIDE: u16 = 120;

struct Areas {
    header: Rect,
    /// Only in a review.
    timeline: Option<Rect>,
    board: Rect,
    evidence: Rect,
    objections: Rect,
    status: Rect,
    footer: Rect,
}

fn layout_in(area: Rect, review: bool) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (board, evidence, objections) = if area.width >= WIDE {
        let [board, side] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        let [evidence, objections] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(side);
        (board, evidence, objections)
    } else {
        let [board, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
        let [evidence, objections] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(bottom);
        (board, evidence, objections)
    };
    // A review shows the timeline above the board, in the board's place.
    let (timeline, board) = if review {
        let [timeline, board] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(board);
        (Some(timeline), board)
    } else {
        (None, board)
    };
    Some(Areas {
        header,
        timeline,
        board,
        evidence,
        objections,
        status,
        footer,
    })
}

/// How many priorities fit in the board pane for a terminal of this size.
pub fn board_rows_visible(size: (u16, u16)) -> usize {
    board_rows_visible_in(size, false)
}

/// As [`board_rows_visible`], in a review (where the timeline takes room).
pub fn board_rows_visible_in(size: (u16, u16), review: bool) -> usize {
    layout_in(Rect::new(0, 0, size.0, size.1), review)
        .map(|a| a.board.height.saturating_sub(3) as usize)
        .unwrap_or(1)
}

/// How many events fit in a review's timeline pane.
pub fn timeline_rows_visible(size: (u16, u16)) -> usize {
    layout_in(Rect::new(0, 0, size.0, size.1), true)
        .and_then(|a| a.timeline)
        .map(|t| t.height.saturating_sub(2) as usize)
        .unwrap_or(1)
}

/// What is under a cell of the screen, for the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The n-th board row on screen (0 = the first below the header row).
    BoardRow(usize),
    Pane(Pane),
}

pub fn hit(size: (u16, u16), column: u16, row: u16) -> Option<Hit> {
    hit_in(size, false, column, row)
}

/// As [`hit`], in a review's layout.
pub fn hit_in(size: (u16, u16), review: bool, column: u16, row: u16) -> Option<Hit> {
    let areas = layout_in(Rect::new(0, 0, size.0, size.1), review)?;
    let inside = |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
    if areas.timeline.is_some_and(inside) {
        return Some(Hit::Pane(Pane::Timeline));
    }
    if inside(areas.board) {
        // Border, then the table's header row, then the priorities.
        let first = areas.board.y + 2;
        let last = areas.board.bottom().saturating_sub(1);
        if row >= first && row < last {
            return Some(Hit::BoardRow((row - first) as usize));
        }
        return Some(Hit::Pane(Pane::Board));
    }
    if inside(areas.evidence) {
        return Some(Hit::Pane(Pane::Evidence));
    }
    if inside(areas.objections) {
        return Some(Hit::Pane(Pane::Objections));
    }
    None
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

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "Window too small: caseboard needs at least {MIN_WIDTH} × {MIN_HEIGHT}; this one is {} × {}. Enlarge it (or make the font smaller).",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    if app.presenting {
        projector::render(frame, area, app, theme);
    } else if let Some(areas) = layout_in(area, app.review.is_some()) {
        header::render(frame, areas.header, app, theme);
        if let (Some(rect), Some(review)) = (areas.timeline, &app.review) {
            timeline::render(frame, rect, review, theme, app.focus == Pane::Timeline);
        }
        board::render(frame, areas.board, app, theme, app.focus == Pane::Board);
        evidence::render(
            frame,
            areas.evidence,
            app,
            theme,
            app.focus == Pane::Evidence,
        );
        objections::render(
            frame,
            areas.objections,
            app,
            theme,
            app.focus == Pane::Objections,
        );
        footer::render_status(frame, areas.status, app, theme);
        footer::render_hints(frame, areas.footer, app, theme);
    }
    match &app.mode {
        Mode::Form(f) => form::render_form(frame, area, f, theme),
        Mode::Confirm(c) => form::render_confirm(frame, area, app, c, theme),
        Mode::Help => help::render(frame, area, app, theme),
        Mode::Normal | Mode::Filter { .. } => {}
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

    #[test]
    fn clicks_land_on_board_rows_and_panes() {
        // 80×24: header row 0; board pane rows 1..11 with its border at 1 and table header at 2.
        assert_eq!(hit((80, 24), 10, 3), Some(Hit::BoardRow(0)));
        assert_eq!(hit((80, 24), 10, 5), Some(Hit::BoardRow(2)));
        assert_eq!(hit((80, 24), 10, 1), Some(Hit::Pane(Pane::Board)));
        assert_eq!(hit((80, 24), 5, 15), Some(Hit::Pane(Pane::Evidence)));
        assert_eq!(hit((80, 24), 70, 15), Some(Hit::Pane(Pane::Objections)));
        assert_eq!(hit((80, 24), 5, 0), None);
        assert_eq!(hit((40, 10), 5, 5), None, "too small: nothing to hit");
    }
}

#[cfg(test)]
mod pane_timing {
    use super::*;
    use ratatui::buffer::Buffer;

    #[test]
    #[ignore = "a measurement, not a test: cargo test --release --lib pane_timing -- --ignored --nocapture"]
    fn time_each_pane() {
        let board = crate::synthetic::board(crate::synthetic::LARGE, 2008);
        let now = chrono::DateTime::parse_from_rfc3339("2008-03-12T10:30:00Z").unwrap();
        let mut app = App::new(board, "x".into(), false, "s".into(), now);
        crate::app::update(&mut app, crate::app::Action::Resize(200, 50));
        let theme = Theme::colour();
        let areas = layout_in(Rect::new(0, 0, 200, 50), false).unwrap();
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(200, 50)).unwrap();
        let n = 2000;
        let mut time = |name: &str, f: &dyn Fn(&mut Frame, &App)| {
            let start = std::time::Instant::now();
            for i in 0..n {
                crate::app::update(
                    &mut app,
                    if i % 2 == 0 {
                        crate::app::Action::MoveDown
                    } else {
                        crate::app::Action::MoveUp
                    },
                );
                let _ = terminal.draw(|frame| f(frame, &app));
            }
            eprintln!(
                "{name}: {:.1} µs",
                start.elapsed().as_secs_f64() * 1e6 / n as f64
            );
        };
        time("nothing", &|_f, _a| {});
        time("header", &|f, a| header::render(f, areas.header, a, &theme));
        time("board", &|f, a| {
            board::render(f, areas.board, a, &theme, true)
        });
        time("evidence", &|f, a| {
            evidence::render(f, areas.evidence, a, &theme, false)
        });
        time("objections", &|f, a| {
            objections::render(f, areas.objections, a, &theme, false)
        });
        time("footer", &|f, a| {
            footer::render_status(f, areas.status, a, &theme);
            footer::render_hints(f, areas.footer, a, &theme)
        });
        time("all", &|f, a| render(f, a, &theme));
        let _ = Buffer::empty(Rect::ZERO);
    }
}
