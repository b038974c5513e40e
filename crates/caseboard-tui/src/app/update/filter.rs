//! The filter line: the board's, or in a review the timeline's.

use crate::app::form;
use crate::app::{Action, App, Effect, Mode, Pane, Tone};

pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::StartFilter => {
            let timeline = app.focus == Pane::Timeline && app.review.is_some();
            let cursor = match (&app.review, timeline) {
                (Some(r), true) => r.filter_text.chars().count(),
                _ => app.filter_text.chars().count(),
            };
            app.mode = Mode::Filter { cursor, timeline };
            if !timeline {
                app.focus = Pane::Board;
            }
        }
        Action::ClearFilter if app.focus == Pane::Timeline && app.review.is_some() => {
            let page = app.timeline_page();
            if let Some(review) = &mut app.review {
                if !review.filter_text.is_empty() {
                    review.filter_text.clear();
                    review.refilter(&app.board, page);
                }
            }
            app.replay();
            app.mode = Mode::Normal;
        }
        Action::ClearFilter => {
            if !app.filter_text.is_empty() {
                app.filter_text.clear();
                app.refilter();
                app.say(Tone::Info, "Filter cleared: every priority is shown.");
            }
            if matches!(app.mode, Mode::Filter { .. }) {
                app.mode = Mode::Normal;
            }
        }
        Action::Edit(edit) => match &mut app.mode {
            Mode::Filter {
                cursor,
                timeline: true,
            } => {
                let mut cursor_now = *cursor;
                let page = app.timeline_page();
                if let Some(review) = &mut app.review {
                    form::edit_text(&mut review.filter_text, &mut cursor_now, edit, false);
                    review.refilter(&app.board, page);
                }
                app.mode = Mode::Filter {
                    cursor: cursor_now,
                    timeline: true,
                };
                app.replay();
            }
            Mode::Filter {
                cursor,
                timeline: false,
            } => {
                let mut cursor_now = *cursor;
                form::edit_text(&mut app.filter_text, &mut cursor_now, edit, false);
                app.mode = Mode::Filter {
                    cursor: cursor_now,
                    timeline: false,
                };
                app.refilter();
            }
            _ => {}
        },
        Action::Submit => {
            if matches!(app.mode, Mode::Filter { .. }) {
                app.mode = Mode::Normal;
                let n = app.visible.len();
                app.say(
                    Tone::Info,
                    format!(
                        "Filter \"{}\": {n} priorit{} shown. Esc clears it.",
                        app.filter_text,
                        if n == 1 { "y" } else { "ies" }
                    ),
                );
            }
        }
        _ => {}
    }
    Vec::new()
}
