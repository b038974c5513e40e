//! The thin runtime: terminal set-up and restore, and the event loop that
//! feeds key presses, the mouse, pastes, clock ticks and other processes'
//! writes into [`update`], carries out its effects against the store, and
//! redraws when something changed.

pub mod lean;

use crate::app::keymap::action_for;
use crate::app::{update, Action, App, Effect, WriteResult};
use crate::store::{RecordError, Store};
use crate::ui::{self, Theme};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, EventStream, MouseButton, MouseEventKind,
};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::StreamExt;
use std::io::Write;
use std::time::Duration;

/// How often an open view looks for other processes' commits. A look costs
/// about a microsecond (`PRAGMA data_version`).
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(50);

/// Puts the terminal back as it was: mouse and paste modes off, then
/// ratatui's restore (raw mode off, main screen, cursor shown).
fn restore_terminal() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
}

/// Restores the terminal however the loop ends (return, error or unwind).
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// On a panic: restore the terminal first, then say what happened in words
/// a note-taker can act on, then the technical report.
fn install_panic_report(session: String) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        eprintln!(
            "\ncaseboard stopped because of an internal error. Every entry the screen \
             confirmed as \"Recorded\" is safe in {session}.\nPlease report this, with the \
             lines below:\n"
        );
        previous(info);
    }));
}

/// Carries out an effect and feeds its result back through `update`.
fn perform(app: &mut App, store: &mut Store, effect: Effect) {
    match effect {
        Effect::Quit => app.quit = true,
        Effect::Record(commands) => {
            let actor = app.actor.clone();
            let result = match store.record_all(&app.board, &actor, commands) {
                Ok(r) => WriteResult::Recorded {
                    caught_up: r.caught_up,
                    events: r.events,
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

type Screen = ratatui::Terminal<lean::LeanBackend<std::io::Stdout>>;

fn draw(terminal: &mut Screen, app: &App, theme: &Theme) -> std::io::Result<()> {
    // Synchronized output (DEC 2026): the terminal shows the frame whole.
    crossterm::queue!(terminal.backend_mut().writer_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| ui::render(f, app, theme))?;
    crossterm::execute!(terminal.backend_mut().writer_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().writer_mut().flush()
}

/// Runs the TUI on an open session until the user quits.
pub fn run(store: Store, app: App) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(event_loop(store, app))
}

fn translate(app: &App, event: TermEvent) -> Option<Action> {
    match event {
        TermEvent::Key(key) => action_for(app.mode_class(), key),
        TermEvent::Resize(w, h) => Some(Action::Resize(w, h)),
        TermEvent::Paste(text) => Some(Action::Paste(text)),
        TermEvent::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                down: false,
            }),
            _ => None,
        },
        _ => None,
    }
}

async fn event_loop(mut store: Store, mut app: App) -> anyhow::Result<()> {
    let theme = Theme::from_env();
    crossterm::terminal::enable_raw_mode()?;
    let _guard = TerminalGuard;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let mut terminal = ratatui::Terminal::new(lean::LeanBackend::new(std::io::stdout()))?;
    install_panic_report(store.path().display().to_string());
    crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let size = terminal.size()?;
    update(&mut app, Action::Resize(size.width, size.height));
    let mut input = EventStream::new();
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    let mut follow = tokio::time::interval(FOLLOW_INTERVAL);
    follow.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    draw(&mut terminal, &app, &theme)?;
    // The first frame is up; a damaged file still stops here, before any write.
    store.confirm_sound()?;
    // Test builds only: lets the suite prove a panic restores the terminal.
    #[cfg(debug_assertions)]
    if std::env::var_os("CASEBOARD_TEST_PANIC").is_some() {
        panic!("a panic requested by CASEBOARD_TEST_PANIC");
    }
    loop {
        let action = tokio::select! {
            event = input.next() => match event {
                Some(Ok(event)) => translate(&app, event),
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
        // Nothing happened: nothing to redraw.
        let Some(action) = action else { continue };
        for effect in update(&mut app, action) {
            perform(&mut app, &mut store, effect);
        }
        if app.quit {
            break;
        }
        draw(&mut terminal, &app, &theme)?;
    }
    Ok(())
}
