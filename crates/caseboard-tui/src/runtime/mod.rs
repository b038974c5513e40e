//! The thin runtime: terminal set-up and restore, and the event loop that
//! feeds key presses, the mouse, pastes, clock ticks and other processes'
//! writes into [`update`], carries out its effects against the store, and
//! redraws when something changed.

pub mod lean;

use crate::app::keymap::action_for;
use crate::app::{update, Action, App, Effect, WriteResult};
use crate::ui::{self, Screen, Theme};
use caseboard_store::{RecordError, Store};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, EventStream, MouseButton, MouseEventKind,
};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::stream::BoxStream;
use futures::StreamExt;
use std::io::Write;
use std::time::Duration;
use tokio::signal::unix::{self, SignalKind};

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
            // The app refuses first; this holds even if it did not.
            let result = match app.write_refusal() {
                Some(refusal) => WriteResult::Failed(refusal),
                None => match store.record_all(&app.board, &actor, commands) {
                    Ok(r) => WriteResult::Recorded {
                        caught_up: r.caught_up,
                        events: r.events,
                        warnings: r.warnings,
                    },
                    Err(RecordError::Refused(refusal)) => WriteResult::Refused(refusal),
                    Err(RecordError::Store(e)) => WriteResult::Failed(e.to_string()),
                },
            };
            let failed = matches!(result, WriteResult::Failed(_));
            for effect in update(app, Action::Written(result)) {
                perform(app, store, effect);
            }
            // A write can find the record damaged (its -wal, say): from then
            // on the banner says so.
            if failed {
                report_notices(app, store);
            }
        }
    }
}

type Term = ratatui::Terminal<lean::LeanBackend<std::io::Stdout>>;

fn draw(terminal: &mut Term, app: &App, screen: &Screen) -> std::io::Result<()> {
    // Synchronized output (DEC 2026): the terminal shows the frame whole.
    crossterm::queue!(terminal.backend_mut().writer_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| ui::render(f, app, screen))?;
    crossterm::execute!(terminal.backend_mut().writer_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().writer_mut().flush()
}

/// The signals that would end the process, each caught so that the
/// terminal is put back and the session closed in order first. (SIGPIPE
/// too: Rust ignores it, but `kill -PIPE` is still an ask to stop.)
const ENDING_SIGNALS: [SignalKind; 8] = [
    SignalKind::interrupt(),
    SignalKind::quit(),
    SignalKind::terminate(),
    SignalKind::hangup(),
    SignalKind::user_defined1(),
    SignalKind::user_defined2(),
    SignalKind::alarm(),
    SignalKind::pipe(),
];

/// One stream of the numbers of the ending signals as they arrive.
/// Registered before the terminal is changed, so none can kill the
/// process while it is in raw mode.
fn ending_signals() -> std::io::Result<futures::stream::SelectAll<BoxStream<'static, i32>>> {
    let mut all = futures::stream::SelectAll::new();
    for kind in ENDING_SIGNALS {
        let number = kind.as_raw_value();
        let signal = unix::signal(kind)?;
        all.push(
            futures::stream::unfold(signal, move |mut signal| async move {
                signal.recv().await.map(|()| (number, signal))
            })
            .boxed(),
        );
    }
    Ok(all)
}

/// How the loop ended, beyond the user quitting.
struct Ending {
    /// The signal that ended it.
    signal: Option<i32>,
    /// What was wrong with the record, if it could not be trusted.
    untrusted: Option<String>,
}

/// Runs the TUI on an open session until the user quits. If a signal ends
/// it, the terminal is restored and the session closed (its checkpoint
/// run) before the process exits with 128 + the signal's number, as a
/// shell reports a process a signal ended. If the record could not be
/// trusted, the problem is said again on the main screen (an error, so the
/// exit status is 1).
pub fn run(store: Store, app: App) -> anyhow::Result<()> {
    let path = store.path().display().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let ending = runtime.block_on(event_loop(store, app))?;
    drop(runtime);
    if let Some(signal) = ending.signal {
        std::process::exit(128 + signal);
    }
    match ending.untrusted {
        Some(problem) if problem.starts_with(&path) => anyhow::bail!("{problem}"),
        Some(problem) => anyhow::bail!("{path}: {problem}"),
        None => Ok(()),
    }
}

/// A problem as the banner says it: the banner has no room for the path
/// (the header names the session; the problem is said again on exit).
fn without_path(store: &Store, problem: &str) -> String {
    let prefix = format!("{}: ", store.path().display());
    problem.strip_prefix(&prefix).unwrap_or(problem).to_string()
}

/// Puts the log's own board in place of one opened from the board kept in
/// the file, once the check after the first frame has found the kept one
/// was not it, with any entries that arrived since it was read. Whether it
/// did (the screen is then drawn afresh).
fn rebuilt(app: &mut App, store: &mut Store) -> bool {
    let Some(mut board) = store.take_rebuilt_board() else {
        return false;
    };
    if app.board.last_seq() > board.last_seq() {
        match store.events_after(board.last_seq()) {
            Ok(events) => events.iter().for_each(|e| board.apply(e)),
            Err(e) => {
                update(app, Action::StoreFailed(e.to_string()));
            }
        }
    }
    update(app, Action::BoardRebuilt(Box::new(board)));
    true
}

/// Tells the app of any problem the store has found with the record: each
/// means the record cannot be trusted, and nothing more is recorded.
fn report_notices(app: &mut App, store: &Store) {
    for notice in store.notices() {
        update(app, Action::RecordUntrusted(without_path(store, &notice)));
    }
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

/// The loop; says how it ended. The store is dropped (its checkpoint run)
/// and the terminal restored before it returns, however it ends.
async fn event_loop(mut store: Store, mut app: App) -> anyhow::Result<Ending> {
    let mut screen = Screen::new(Theme::from_env());
    let background_erase = lean::background_erase_from(
        std::env::var_os("STY").is_some(),
        &std::env::var("TERM").unwrap_or_default(),
        std::env::var_os("TMUX").is_some(),
    );
    crate::ui::projector::draw_in_braille(crate::ui::projector::braille_shows(
        std::env::var("TERM").ok().as_deref(),
    ));
    let mut signals = ending_signals()?;
    crossterm::terminal::enable_raw_mode()?;
    let _guard = TerminalGuard;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let mut terminal = ratatui::Terminal::new(
        lean::LeanBackend::new(std::io::stdout()).erase_with_background(background_erase),
    )?;
    install_panic_report(store.path().display().to_string());
    crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    let size = terminal.size()?;
    update(&mut app, Action::Resize(size.width, size.height));
    let mut input = EventStream::new();
    let mut ended = None;
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    let mut follow = tokio::time::interval(FOLLOW_INTERVAL);
    follow.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    draw(&mut terminal, &app, &screen)?;
    // The first frame is up. A damaged file or a broken record still
    // allows no write, but the board stays on screen, read-only, under a
    // banner saying what is wrong: the chair can still see it.
    if let Err(problem) = store.confirm_sound() {
        update(
            &mut app,
            Action::RecordUntrusted(without_path(&store, &problem.to_string())),
        );
    }
    report_notices(&mut app, &store);
    if rebuilt(&mut app, &mut store) {
        screen = Screen::new(*screen.theme());
    }
    let mut awaiting_checks = store.still_checking();
    if app.untrusted.is_some() {
        draw(&mut terminal, &app, &screen)?;
    }
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
            _ = follow.tick() => {
                // The first walk of the chain ran beside the first frame:
                // once it has finished, say what it found.
                if rebuilt(&mut app, &mut store) {
                    screen = Screen::new(*screen.theme());
                    draw(&mut terminal, &app, &screen)?;
                }
                if awaiting_checks && !store.still_checking() {
                    awaiting_checks = false;
                    report_notices(&mut app, &store);
                    if app.untrusted.is_some() {
                        draw(&mut terminal, &app, &screen)?;
                    }
                }
                match store.poll(app.board.last_seq()) {
                Ok(events) if events.is_empty() => None,
                Ok(events) => {
                    // New rows were read: the store may have found a problem in them.
                    report_notices(&mut app, &store);
                    Some(Action::Arrived(events))
                }
                Err(e) => Some(Action::StoreFailed(e.to_string())),
                }
            },
            Some(signal) = signals.next() => {
                ended = Some(signal);
                break;
            }
        };
        // Nothing happened: nothing to redraw.
        let Some(action) = action else { continue };
        for effect in update(&mut app, action) {
            perform(&mut app, &mut store, effect);
        }
        if app.quit {
            break;
        }
        draw(&mut terminal, &app, &screen)?;
    }
    // Keep the board in the file for the next open (when the log has grown
    // enough since it was last kept; best effort: it is derived, and the
    // next open folds the log without it), then close the session before
    // the terminal is handed back.
    let _ = store.keep_board(&app.board);
    drop(store);
    Ok(Ending {
        signal: ended,
        untrusted: app.untrusted,
    })
}
