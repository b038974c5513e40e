//! Browsing: moving through the board, the panes and the review's
//! timeline, and the keys that act on the selected priority.

use crate::app::{Action, App, Effect, Mode, Pane, Tone};
use caseboard_core::Command;

pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::MoveDown => app.step(1),
        Action::MoveUp => app.step(-1),
        Action::PageDown => app.step(app.page() as isize),
        Action::PageUp => app.step(-(app.page() as isize)),
        Action::Top if app.focus == Pane::Timeline => app.move_timeline(0),
        Action::Bottom if app.focus == Pane::Timeline => app.move_timeline(isize::MAX),
        Action::Top => app.select(0),
        Action::Bottom => app.select(usize::MAX),
        Action::FocusNext => app.focus = app.focus.step(1, app.review.is_some()),
        Action::FocusPrev => app.focus = app.focus.step(-1, app.review.is_some()),
        Action::StepEvent(by) => {
            let at = app.review.as_ref().map_or(0, |r| r.cursor) as isize;
            app.move_timeline(at + by);
        }
        Action::JumpToDecision => {
            let id = app.selected_priority().map(|p| p.id.clone());
            let found = match (&app.review, id) {
                (Some(review), Some(id)) => Some((review.decision_of(&id), id)),
                _ => None,
            };
            match found {
                Some((Some(index), _)) => {
                    app.move_timeline(index as isize);
                    app.focus = Pane::Timeline;
                }
                Some((None, id)) => app.say(
                    Tone::Info,
                    format!("{id} has no decision among the events shown."),
                ),
                None => {}
            }
        }
        Action::TakeUp => {
            if let Some(refusal) = app.write_refusal() {
                app.say(Tone::Error, refusal);
            } else if let Some(p) = app.selected_priority() {
                return vec![Effect::Record(vec![Command::TakeUp {
                    priority: p.id.clone(),
                }])];
            }
        }
        Action::Open(request) => app.open_form(request),
        Action::ToggleTimer | Action::NextSpeaker if app.untrusted.is_some() => {
            if let Some(refusal) = app.write_refusal() {
                app.say(Tone::Error, refusal);
            }
        }
        Action::ToggleTimer => {
            if let Some(priority) = app.item_in_hand().filter(|_| !app.read_only) {
                return vec![Effect::Record(vec![Command::ToggleTimer { priority }])];
            }
        }
        Action::NextSpeaker => {
            if let Some(priority) = app.item_in_hand().filter(|_| !app.read_only) {
                return vec![Effect::Record(vec![Command::CallNextSpeaker { priority }])];
            }
        }
        // The test card is all `present --test-card` shows: leaving it
        // (Esc) ends it, as q does.
        Action::TogglePresentation if app.test_card => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        Action::TogglePresentation => {
            app.presenting = !app.presenting;
        }
        Action::Click { column, row } if matches!(app.mode, Mode::Normal) && !app.presenting => {
            app.click(column, row);
        }
        Action::Scroll { column, row, down }
            if matches!(app.mode, Mode::Normal) && !app.presenting =>
        {
            // The wheel scrolls the pane under the pointer, not the focused one.
            let pane = match crate::layout::hit_in(app.size, app.review.is_some(), column, row) {
                Some(crate::layout::Hit::BoardRow(_)) => Pane::Board,
                Some(crate::layout::Hit::Pane(p)) => p,
                None => app.focus,
            };
            let focused = std::mem::replace(&mut app.focus, pane);
            app.step(if down { 3 } else { -3 });
            app.focus = focused;
        }
        _ => {}
    }
    Vec::new()
}
