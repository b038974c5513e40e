//! Reads a session's rows and measures the domain's share of opening it:
//! parsing each payload into an event, folding the events into a board,
//! and cloning the board. Each step is its own function, so an instruction
//! count can be taken of each alone:
//!
//! `valgrind --tool=callgrind --toggle-collect='fold_cost::parse_all*' fold-cost SESSION`
//!
//! (and `fold_cost::fold_all*`, `fold_cost::clone_board*`,
//! `fold_cost::keep_board*`, `fold_cost::from_kept*`). Without
//! valgrind it prints the time of each step.

use caseboard_core::{Board, Event, EventBody};
use caseboard_store::{Mode, Store};
use chrono::{DateTime, Utc};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

struct Row {
    seq: u64,
    at: String,
    actor: String,
    kind: String,
    payload: String,
}

#[inline(never)]
fn read_rows(conn: &rusqlite::Connection) -> anyhow::Result<Vec<Row>> {
    let mut stmt = conn.prepare("SELECT seq, at, actor, kind, payload FROM events ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok(Row {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            kind: r.get(3)?,
            payload: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[inline(never)]
fn parse_all(rows: &[Row]) -> anyhow::Result<Vec<Event>> {
    let mut events = Vec::with_capacity(rows.len());
    for r in rows {
        let at: DateTime<Utc> = DateTime::parse_from_rfc3339(&r.at)?.with_timezone(&Utc);
        events.push(Event {
            seq: r.seq,
            at,
            actor: r.actor.clone(),
            body: EventBody::from_text(&r.kind, &r.payload)?,
        });
    }
    Ok(events)
}

#[inline(never)]
fn fold_all(pack: Arc<caseboard_core::Pack>, events: &[Event]) -> Board {
    Board::fold(pack, events)
}

#[inline(never)]
fn clone_board(board: &Board, times: usize) {
    for _ in 0..times {
        black_box(board.clone());
    }
}

#[inline(never)]
fn keep_board(board: &Board) -> Vec<u8> {
    board.kept()
}

#[inline(never)]
fn from_kept(pack: Arc<caseboard_core::Pack>, kept: &[u8]) -> anyhow::Result<Board> {
    Board::from_kept(pack, kept).map_err(anyhow::Error::msg)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        anyhow::bail!("usage: fold-cost SESSION [CLONES]");
    };
    let clones: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10);
    let pack = Store::open(&path, Mode::ReadOnly)?.pack().clone();
    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let t = Instant::now();
    let rows = read_rows(&conn)?;
    let read = t.elapsed();
    let t = Instant::now();
    let events = parse_all(&rows)?;
    let parse = t.elapsed();
    let t = Instant::now();
    let board = fold_all(pack, &events);
    let fold = t.elapsed();
    let t = Instant::now();
    clone_board(&board, clones);
    let clone = t.elapsed();
    let t = Instant::now();
    let kept = keep_board(&board);
    let keep = t.elapsed();
    let t = Instant::now();
    let back = from_kept(board.pack().clone(), &kept)?;
    let from = t.elapsed();
    anyhow::ensure!(back == board, "the kept board is not the board");
    println!(
        "kept form: {} bytes, written in {keep:?}, read back in {from:?}",
        kept.len()
    );
    println!(
        "{} events, {} priorities: read {read:?}, parse {parse:?}, fold {fold:?}, {clones} clones {clone:?}",
        events.len(),
        board.priorities().len()
    );
    Ok(())
}
