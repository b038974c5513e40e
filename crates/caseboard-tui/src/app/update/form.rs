//! Forms: opening one, typing into it, recording what it holds, or
//! cancelling it.

use crate::app::{Action, App, Confirm, Effect, Form, FormKind, Mode, Tone};
use caseboard_core::Outcome;

pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Open(request) => app.open_form(request),
        Action::Edit(edit) => {
            if let Mode::Form(form) = &mut app.mode {
                form.edit(edit)
            }
        }
        Action::Submit => match &mut app.mode {
            Mode::Form(Form {
                refusal: Some(refusal),
                ..
            }) => {
                // Refused when it opened: what was typed stays, nothing is recorded.
                let refusal = refusal.clone();
                app.say(Tone::Error, refusal);
            }
            Mode::Form(form) => match form.commands(&app.board) {
                Err(problem) => form.error = Some(problem),
                Ok(commands) if commands.is_empty() => {
                    app.mode = Mode::Normal;
                    app.say(Tone::Info, "Nothing changed: nothing was recorded.");
                }
                Ok(commands) => {
                    // A single entry the rules refuse for what was typed (a
                    // decision without its rationale, a resolution without
                    // a note) is refused here, as the store would, without
                    // asking it for a write (which could wait on another
                    // writer's lock) or asking about open objections first.
                    if let [command] = &commands[..] {
                        if let Err(refusal) =
                            caseboard_core::rules::check(&app.board, command.clone())
                        {
                            if !refusal.stands_whatever_is_typed() {
                                let text = format!("Not recorded: {refusal}.");
                                form.error = Some(text.clone());
                                app.say(Tone::Error, text);
                                return Vec::new();
                            }
                        }
                    }
                    if let FormKind::Decide {
                        priority,
                        outcome: Outcome::Accept,
                    } = &form.kind
                    {
                        let open = app.board.open_objections_for(priority);
                        if !open.is_empty() {
                            let priority = priority.clone();
                            let form = Box::new(form.clone());
                            app.mode = Mode::Confirm(Confirm::OverObjections {
                                commands,
                                priority,
                                objections: open,
                                form,
                            });
                            return Vec::new();
                        }
                    }
                    return vec![Effect::Record(commands)];
                }
            },
            _ => {}
        },
        Action::Cancel => {
            if matches!(app.mode, Mode::Form(_)) {
                app.mode = Mode::Normal;
                app.say(Tone::Info, "Cancelled: nothing was recorded.");
            }
        }
        _ => {}
    }
    Vec::new()
}
