//! The help overlay: opening and closing it, and scrolling it.

use crate::app::{Action, App, Mode};

/// In the help, the moving keys scroll it. Whether the action was one.
pub(super) fn scroll(app: &mut App, action: &Action) -> bool {
    let by: i32 = match action {
        Action::MoveDown => 1,
        Action::MoveUp => -1,
        Action::PageDown => 10,
        Action::PageUp => -10,
        _ => 0,
    };
    if by != 0 {
        app.help_scroll = (app.help_scroll as i32 + by).clamp(0, 200) as u16;
        return true;
    }
    false
}

pub(super) fn toggle(app: &mut App) {
    app.help_scroll = 0;
    app.mode = match app.mode {
        Mode::Help => Mode::Normal,
        Mode::Normal => Mode::Help,
        ref other => other.clone(),
    }
}
