//! Pure rendering: each function draws part of the [`App`] state into a
//! frame and changes nothing. One file per pane.

mod board;
mod evidence;
mod footer;
mod header;
mod help;
mod objections;
mod prompt;
pub mod theme;

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
    board: Rect,
    evidence: Rect,
    objections: Rect,
    status: Rect,
    footer: Rect,
}

fn layout(area: Rect) -> Option<Areas> {
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
    Some(Areas {
        header,
        board,
        evidence,
        objections,
        status,
        footer,
    })
}

/// How many priorities fit in the board pane for a terminal of this size.
pub fn board_rows_visible(size: (u16, u16)) -> usize {
    layout(Rect::new(0, 0, size.0, size.1))
        .map(|a| a.board.height.saturating_sub(3) as usize)
        .unwrap_or(1)
}

/// A bordered pane, its border bright when it has the focus.
fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .title(title)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let Some(areas) = layout(area) else {
        let text = format!(
            "Window too small: caseboard needs at least {MIN_WIDTH} × {MIN_HEIGHT}; this one is {} × {}. Enlarge it (or make the font smaller).",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    };
    header::render(frame, areas.header, app, theme);
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
    match &app.mode {
        Mode::Prompt(p) => prompt::render_decision(frame, area, app, p, theme),
        Mode::ConfirmOverObjections {
            priority,
            objections,
            ..
        } => prompt::render_confirm(frame, area, app, priority, objections, theme),
        Mode::Help => help::render(frame, area, app, theme),
        Mode::Normal => {}
    }
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
