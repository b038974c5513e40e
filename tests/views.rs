//! The SQL views a session file offers to anyone with `sqlite3` (`board`,
//! `decisions`, `objections`) say what the fold of the log says, on
//! generated sessions of every kind of entry.

use caseboard_core::board::ObjectionStatus;
use caseboard_core::Board;
use caseboard_store::{Mode, Store};
use caseboard_testkit::synthetic::{self, Script};
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use rusqlite::Connection;
use std::path::Path;

/// Writes a session of `events` generated entries (every kind a meeting
/// records) through the store, `batch` commands a transaction, and returns
/// the board folded from the file.
fn generated_session(path: &Path, seed: u64, events: usize, batch: usize) -> Board {
    let text = synthetic::pack(12, 10, 8);
    let pack = caseboard_core::validate::parse_pack(&text).expect("the generated pack is valid");
    let mut store = Store::create(path, &text, &pack, "Generated note-taker").unwrap();
    let (_, mut board) = store.load().unwrap();
    synthetic::record(
        &mut store,
        &mut board,
        &mut Script::meeting(seed),
        events,
        batch,
    )
    .unwrap();
    drop(store);
    let (_, folded) = Store::open(path, Mode::ReadOnly).unwrap().load().unwrap();
    assert!(folded == board, "the store's fold is the writer's board");
    folded
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

/// Every row `sql` gives, each read by `row`.
fn query<T>(
    conn: &Connection,
    sql: &str,
    row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], row)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

type BoardRow = (
    String,
    String,
    Option<String>,
    Option<f64>,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    u32,
);

fn board_view(conn: &Connection) -> Vec<BoardRow> {
    let sql = "SELECT id, status, target_period, target_value, rationale, decided_at, decided_by, \
               open_objections FROM board ORDER BY position";
    query(conn, sql, |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get::<_, Option<String>>(5)?.map(|t| at(&t)),
            r.get(6)?,
            r.get(7)?,
        ))
    })
}

fn board_folded(board: &Board) -> Vec<BoardRow> {
    board
        .priorities()
        .iter()
        .map(|p| {
            let last = p.decisions.last();
            let target = last.and_then(|d| d.decision.target.as_ref());
            (
                p.id.clone(),
                p.status.word().to_string(),
                target.map(|t| t.period.clone()),
                target.map(|t| t.value),
                last.map(|d| d.decision.rationale.clone()),
                last.map(|d| d.at),
                last.map(|d| d.actor.clone()),
                p.open_objections,
            )
        })
        .collect()
}

type DecisionRow = (
    u64,
    String,
    String,
    bool,
    String,
    Option<String>,
    Option<f64>,
    Option<String>,
    bool,
);

fn decisions_view(conn: &Connection) -> Vec<DecisionRow> {
    query(
        conn,
        "SELECT seq, priority, outcome, kept_local, rationale, target_period, target_value, \
         open_objections, superseded FROM decisions ORDER BY seq",
        |r| DecisionRow::try_from(r),
    )
}

fn decisions_folded(board: &Board) -> Vec<DecisionRow> {
    let mut rows: Vec<DecisionRow> = board
        .priorities()
        .iter()
        .flat_map(|p| {
            let stands = p.decisions.last().map(|d| d.seq);
            p.decisions.iter().map(move |d| {
                let decision = &d.decision;
                (
                    d.seq,
                    decision.priority.clone(),
                    decision.outcome.as_str().to_string(),
                    decision.local,
                    decision.rationale.clone(),
                    decision.target.as_ref().map(|t| t.period.clone()),
                    decision.target.as_ref().map(|t| t.value),
                    (!decision.open_objections.is_empty())
                        .then(|| decision.open_objections.join(",")),
                    Some(d.seq) != stands,
                )
            })
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    rows
}

type ObjectionRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<u64>,
    String,
    Option<String>,
);

fn objections_view(conn: &Connection) -> Vec<ObjectionRow> {
    query(
        conn,
        "SELECT id, priority, kind, text, raised_by, alternative, raised_seq, status, \
         closing_note FROM objections ORDER BY id",
        |r| ObjectionRow::try_from(r),
    )
}

fn objections_folded(board: &Board) -> Vec<ObjectionRow> {
    let mut rows: Vec<ObjectionRow> = board
        .objections()
        .iter()
        .map(|o| {
            let note = match &o.status {
                ObjectionStatus::Open => None,
                ObjectionStatus::Resolved { note } | ObjectionStatus::Withdrawn { note } => {
                    Some(note.clone())
                }
            };
            (
                o.id.clone(),
                o.priority.clone(),
                o.kind.as_str().to_string(),
                o.text.clone(),
                o.raised_by.clone(),
                o.alternative.clone(),
                o.raised_at,
                o.status.word().to_string(),
                note,
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_views_agree_with_the_fold(seed in any::<u64>(), events in 1..160usize, batch in 1..24usize) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("generated.caseboard");
        let board = generated_session(&path, seed, events, batch);
        let conn = Connection::open(&path).unwrap();
        prop_assert_eq!(board_view(&conn), board_folded(&board));
        prop_assert_eq!(decisions_view(&conn), decisions_folded(&board));
        prop_assert_eq!(objections_view(&conn), objections_folded(&board));
    }
}

/// The generator reaches every kind of entry, so the property above is
/// tested on sessions with timers, speakers, checklists, positions and a
/// closed and reopened session in them.
#[test]
fn generated_sessions_hold_every_kind_of_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("generated.caseboard");
    generated_session(&path, 2008, 600, 50);
    let (events, _) = Store::open(&path, Mode::ReadOnly).unwrap().load().unwrap();
    let kinds: std::collections::BTreeSet<&str> = events.iter().map(|e| e.body.kind()).collect();
    for kind in [
        "decision_recorded",
        "objection_raised",
        "objection_resolved",
        "objection_withdrawn",
        "item_taken_up",
        "timer_started",
        "timer_stopped",
        "checklist_answered",
        "tier_position_recorded",
        "speaker_queued",
        "speaker_called",
        "session_closed",
        "session_reopened",
    ] {
        assert!(kinds.contains(kind), "no {kind} in {kinds:?}");
    }
}
