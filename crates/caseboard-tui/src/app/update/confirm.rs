//! The questions asked before a write (accepting over open objections)
//! or before quitting, and quitting.

use crate::app::{Action, App, Confirm, Effect, Mode, Tone};

pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm(yes) => match &app.mode {
            Mode::Confirm(Confirm::OverObjections { commands, form, .. }) => {
                if yes {
                    return vec![Effect::Record(commands.clone())];
                }
                // Back to the form, as typed.
                app.mode = Mode::Form((**form).clone());
                app.say(Tone::Info, "Not recorded: the form is as you left it.");
            }
            Mode::Confirm(Confirm::Quit { back }) => {
                if yes {
                    app.quit = true;
                    return vec![Effect::Quit];
                }
                app.mode = (**back).clone();
            }
            _ => {}
        },
        Action::Quit => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        Action::RequestQuit => {
            let back = Box::new(std::mem::replace(&mut app.mode, Mode::Normal));
            app.mode = Mode::Confirm(Confirm::Quit { back });
        }
        _ => {}
    }
    Vec::new()
}
