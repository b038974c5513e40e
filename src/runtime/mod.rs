//! The thin runtime: terminal set-up and restore, and the event loop that
//! feeds key presses, clock ticks and other processes' writes into
//! [`update`], carries out its effects against the store, and redraws.

use crate::app::keymap::action_for;
use crate::app::{update, Action, App, Effect, WriteResult};
use crate::store::{RecordError, Store};
use crate::ui::{self, Theme};
use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use std::time::Duration;

/// How often an open view looks for other processes' commits.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(50);

/// Restores the terminal however the loop ends (return, error or unwind);
/// ratatui's panic hook restores it before a panic report is printed.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Carries out an effect and feeds its result back through `update`.
fn perform(app: &mut App, store: &mut Store, effect: Effect) {
    match effect {
        Effect::Quit => app.quit = true,
        Effect::Record(command) => {
            let result = match store.record(&app.board, &app.actor.clone(), command) {
                Ok(r) => WriteResult::Recorded {
                    caught_up: r.caught_up,
                    event: r.event,
                    warnings: r.warnings,
                },
                Err(RecordError::Refused(refusal)) => WriteResult::Refused(refusal),
                Err(RecordError::Store(e)) => WriteResult::Failed(e.to_string()),
            };
            for effect in update(app, Action::Written(result)) {
                perform(app, store, effect);
            }
        }
    }
}

/// Runs the TUI on an open session until the user quits.
pub fn run(store: Store, app: App) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(event_loop(store, app))
}

async fn event_loop(mut store: Store, mut app: App) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    let size = terminal.size()?;
    update(&mut app, Action::Resize(size.width, size.height));
    let mut input = EventStream::new();
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    let mut follow = tokio::time::interval(FOLLOW_INTERVAL);
    follow.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    terminal.draw(|f| ui::render(f, &app, &theme))?;
    loop {
        let action = tokio::select! {
            event = input.next() => match event {
                Some(Ok(TermEvent::Key(key))) => action_for(app.mode_class(), key),
                Some(Ok(TermEvent::Resize(w, h))) => Some(Action::Resize(w, h)),
                Some(Ok(TermEvent::Paste(text))) => {
                    for c in text.chars() {
                        update(&mut app, Action::Edit(crate::app::Edit::Insert(c)));
                    }
                    Some(Action::Tick(chrono::Local::now().fixed_offset()))
                }
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            _ = clock.tick() => Some(Action::Tick(chrono::Local::now().fixed_offset())),
            _ = follow.tick() => match store.poll(app.board.last_seq()) {
                Ok(events) if events.is_empty() => None,
                Ok(events) => Some(Action::Arrived(events)),
                Err(e) => Some(Action::StoreFailed(e.to_string())),
            },
            _ = hangup.recv() => Some(Action::Quit),
            _ = terminate.recv() => Some(Action::Quit),
        };
        let Some(action) = action else { continue };
        for effect in update(&mut app, action) {
            perform(&mut app, &mut store, effect);
        }
        if app.quit {
            break;
        }
        terminal.draw(|f| ui::render(f, &app, &theme))?;
    }
    Ok(())
}
