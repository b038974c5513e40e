//! One piece of the screen's work on a session, for counting its
//! instructions under callgrind (`benches/instructions.sh`): everything
//! before it (opening, loading, the first frame) runs outside `counted_work`,
//! so `--collect-atstart=no --toggle-collect='*counted_work*'` counts only it.
//!
//! `measured-work review-step FILE [STEPS]`: `[` from the last event of a
//! review, each step with its frame. `measured-work first-draw FILE
//! [FRAMES]`: walking down the board from its middle, each frame a priority
//! never drawn before. `measured-work arrived FILE [EVENTS]`: one event from
//! another process folded and drawn, each. Prints what it did.

use caseboard_store::{Mode, Store};
use caseboard_testkit::app::{key, meeting_time};
use caseboard_testkit::sink::{self, Sink, Term};
use caseboard_testkit::synthetic::Script;
use caseboard_tui::app::{update, Action, App};
use caseboard_tui::ui::{render, Screen, Theme};
use crossterm::event::KeyCode;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use std::io::Write;

const W: u16 = 200;
const H: u16 = 50;

/// A frame as the runtime draws one: inside a synchronized update.
fn frame(term: &mut Term, app: &App, screen: &Screen) -> anyhow::Result<()> {
    crossterm::queue!(term.backend_mut().writer_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| render(f, app, screen))?;
    let w = term.backend_mut().writer_mut();
    crossterm::execute!(w, EndSynchronizedUpdate)?;
    w.flush()?;
    Ok(())
}

/// The work counted: `n` times `one`, each followed by a frame.
#[inline(never)]
fn counted_work(
    app: &mut App,
    term: &mut Term,
    screen: &Screen,
    n: usize,
    mut one: impl FnMut(&mut App),
) -> anyhow::Result<()> {
    for _ in 0..n {
        one(app);
        frame(term, app, screen)?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(what), Some(file)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: measured-work review-step|first-draw|arrived FILE [N]");
    };
    let n: usize = args.get(2).map(|a| a.parse()).transpose()?.unwrap_or(1);
    let store = Store::open(std::path::Path::new(file), Mode::ReadOnly)?;
    let (events, board) = store.load()?;
    drop(store);
    let mut app = match what.as_str() {
        "review-step" => App::for_review(board, events, file.clone(), meeting_time()),
        _ => App::new(board, "Bench".into(), true, file.clone(), meeting_time()),
    };
    update(&mut app, Action::Resize(W, H));
    if what != "review-step" {
        // Mid-board, so the walk down draws priorities not drawn before.
        for _ in 0..app.board.priorities().len() / 2 {
            update(&mut app, Action::MoveDown);
        }
    }
    let screen = Screen::new(Theme::colour());
    let sink = Sink::default();
    let mut term = sink::terminal(&sink, W, H);
    frame(&mut term, &app, &screen)?;
    sink.take();
    let before = app.board.last_seq();
    match what.as_str() {
        "review-step" => counted_work(&mut app, &mut term, &screen, n, |app| {
            key(app, KeyCode::Char('['));
        })?,
        "first-draw" => counted_work(&mut app, &mut term, &screen, n, |app| {
            update(app, Action::MoveDown);
        })?,
        "arrived" => {
            // The events are made beforehand: only their arrival is counted.
            let mut script = Script::new(99);
            let when = chrono::DateTime::from_timestamp(1_205_400_000, 0).unwrap_or_default();
            let mut board = app.board.clone();
            let mut arriving = (0..n)
                .map(|_| {
                    let (_, event) = script.event(&board, "Other note-taker", when);
                    board.apply(&event);
                    event
                })
                .collect::<Vec<_>>()
                .into_iter();
            counted_work(&mut app, &mut term, &screen, n, |app| {
                if let Some(event) = arriving.next() {
                    update(app, Action::Arrived(vec![event]));
                }
            })?
        }
        other => anyhow::bail!("unknown work {other}"),
    }
    println!(
        "{what} ×{n}: board at #{} (was #{before}), {} bytes written",
        app.board.last_seq(),
        sink.take()
    );
    Ok(())
}
