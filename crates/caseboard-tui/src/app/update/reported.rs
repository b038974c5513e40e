//! What the runtime reports: the store's answer to a write, entries
//! another process committed, a record that cannot be trusted, the clock
//! and the terminal's size.

use crate::app::confirmation;
use crate::app::{Action, App, Confirm, Effect, Mode, Tone, WriteResult};

pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(w, h) => {
            app.size = (w, h);
            app.select(app.selected);
            // Keep the review's event in view at the new size.
            let page = app.timeline_page();
            if let Some(review) = &mut app.review {
                review.go(review.cursor, page);
            }
        }
        Action::Tick(now) => app.now = now,
        Action::Written(result) => match result {
            WriteResult::Recorded {
                caught_up,
                events,
                warnings,
            } => {
                app.fold(&caught_up);
                app.fold(&events);
                app.mode = Mode::Normal;
                let mut text = match events.as_slice() {
                    [one] => confirmation(&app.board, one),
                    many => format!(
                        "Recorded #{}–#{}: {}.",
                        many.first().map_or(0, |e| e.seq),
                        many.last().map_or(0, |e| e.seq),
                        many.iter()
                            .map(|e| e.body.describe(&app.board))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                };
                for w in &warnings {
                    text.push_str(&format!(" Note: {w}."));
                }
                app.say(
                    if warnings.is_empty() {
                        Tone::Success
                    } else {
                        Tone::Warning
                    },
                    text,
                );
            }
            WriteResult::Refused(refusal) => {
                // Keep the form so the note-taker can correct it.
                let text = format!("Not recorded: {refusal}.");
                match &mut app.mode {
                    Mode::Form(form) => form.error = Some(text.clone()),
                    Mode::Confirm(Confirm::OverObjections { form, .. }) => {
                        let mut form = (**form).clone();
                        form.error = Some(text.clone());
                        app.mode = Mode::Form(form);
                    }
                    _ => app.mode = Mode::Normal,
                }
                app.say(Tone::Error, text);
            }
            WriteResult::Failed(problem) => {
                // Keep the form: what was typed is not lost.
                match &app.mode {
                    Mode::Form(_) => {}
                    Mode::Confirm(Confirm::OverObjections { form, .. }) => {
                        app.mode = Mode::Form((**form).clone())
                    }
                    _ => app.mode = Mode::Normal,
                }
                app.say(Tone::Error, format!("NOT RECORDED: {problem}"));
            }
        },
        // A review replays the log as it was opened; it does not follow.
        Action::Arrived(events) if !events.is_empty() && app.review.is_none() => {
            let n = events.len();
            app.fold(&events);
            if matches!(app.mode, Mode::Normal) && !app.read_only {
                app.say(
                    Tone::Info,
                    format!(
                        "{n} new entr{} from another screen.",
                        if n == 1 { "y" } else { "ies" }
                    ),
                );
            }
        }
        Action::BoardRebuilt(board) => app.replace_board(*board),
        Action::StoreFailed(problem) => app.say(Tone::Error, problem),
        Action::RecordUntrusted(problem) => {
            let problem = problem.trim().to_string();
            let known = app.untrusted.get_or_insert_with(String::new);
            if !known.contains(&problem) {
                if !known.is_empty() {
                    known.push_str("; ");
                }
                known.push_str(&problem);
            }
            let refusal = app.write_refusal().unwrap_or_default();
            // A form already open (or a question about one) is refused too.
            match &mut app.mode {
                Mode::Form(form) => form.refusal = Some(refusal.clone()),
                Mode::Confirm(Confirm::OverObjections { form, .. }) => {
                    let mut form = (**form).clone();
                    form.refusal = Some(refusal.clone());
                    app.mode = Mode::Form(form);
                }
                _ => {}
            }
            app.say(Tone::Error, refusal);
        }
        _ => {}
    }
    Vec::new()
}
