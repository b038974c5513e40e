//! `update(state, action) -> effects`: the one place state changes. Each
//! mode has a handler of its own (browsing, the filter line, forms, the
//! questions asked first, the help), and so does what the runtime reports.

mod browse;
mod confirm;
mod filter;
mod form;
mod help;
mod reported;

use super::{Action, App, Edit, Effect, Mode};

/// The one place state changes. Returns what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if app.mode == Mode::Help && help::scroll(app, &action) {
        return Vec::new();
    }
    match action {
        Action::StartFilter | Action::ClearFilter => filter::update(app, action),
        Action::Edit(_) | Action::Submit if matches!(app.mode, Mode::Filter { .. }) => {
            filter::update(app, action)
        }
        Action::Open(_) | Action::Edit(_) | Action::Submit | Action::Cancel => {
            form::update(app, action)
        }
        Action::Paste(text) => {
            // Terminals send a pasted line break as CR.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            paste(app, text);
            Vec::new()
        }
        Action::Confirm(_) | Action::Quit | Action::RequestQuit => confirm::update(app, action),
        Action::ToggleHelp => {
            help::toggle(app);
            Vec::new()
        }
        Action::Resize(..)
        | Action::Tick(_)
        | Action::Written(_)
        | Action::Arrived(_)
        | Action::BoardRebuilt(_)
        | Action::StoreFailed(_)
        | Action::RecordUntrusted(_) => reported::update(app, action),
        _ => browse::update(app, action),
    }
}

fn paste(app: &mut App, text: String) {
    match &mut app.mode {
        Mode::Form(form) => {
            for c in text.chars() {
                form.edit(Edit::Insert(c));
            }
        }
        Mode::Filter { .. } => {
            for c in text.chars() {
                update(app, Action::Edit(Edit::Insert(c)));
            }
        }
        _ => {}
    }
}
