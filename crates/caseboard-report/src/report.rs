//! Plain-text views of a session for stdout: the board and the log.

use caseboard_core::pack::PriorityKind;
use caseboard_core::text::{display_line, display_line_cut, pad};
use caseboard_core::vocabulary::{target_text, TARGET_TO_BE_SET};
use caseboard_core::{Board, Event, Status};
use unicode_width::UnicodeWidthStr;

/// Counts by status: (statutory agreed, kept local, rejected, deferred, undecided).
pub fn tally(board: &Board) -> (usize, usize, usize, usize, usize) {
    let ps = board.priorities();
    let count =
        |f: &dyn Fn(&caseboard_core::PriorityState) -> bool| ps.iter().filter(|p| f(p)).count();
    (
        count(&|p| {
            p.kind == PriorityKind::Statutory && matches!(p.status, Status::Accepted { .. })
        }),
        count(&|p| p.status == Status::KeptLocal),
        count(&|p| p.status == Status::Rejected),
        count(&|p| p.status == Status::Deferred),
        count(&|p| p.status == Status::Undecided),
    )
}

pub fn board_text(board: &Board) -> String {
    let pack = board.pack();
    let c = &pack.conference;
    let statutory_total = pack
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Statutory)
        .count();
    let (statutory, local, rejected, deferred, undecided) = tally(board);
    let mut out = format!(
        "{} — {}, {}\nDesignated accepted {} / {} · statutory agreed {statutory} / {statutory_total} · {} {local} · {} {rejected} · {} {deferred} · {} {undecided}\n\n",
        display_line(&c.title),
        display_line(&c.partnership),
        display_line(&c.date),
        board.designated_accepted(),
        board.cap(),
        Status::KeptLocal.phrase(),
        Status::Rejected.phrase(),
        Status::Deferred.phrase(),
        Status::Undecided.phrase(),
    );
    let id_width = board
        .priorities()
        .iter()
        .map(|p| display_line(&p.id).width())
        .max()
        .unwrap_or(2)
        .max(2);
    out.push_str(&format!(
        "{}  {}  {:<10}  {:<10}  {:>3}  priority\n",
        pad("#", 3),
        pad("id", id_width),
        "kind",
        "status",
        "obj"
    ));
    for (i, p) in board.priorities().iter().enumerate() {
        let title = board.spec(&p.id).map(|s| s.title.as_str()).unwrap_or("");
        let mut line = format!(
            "{}  {}  {:<10}  {:<10}  {:>3}  {}",
            pad(&(i + 1).to_string(), 3),
            pad(&display_line(&p.id), id_width),
            p.kind.as_str(),
            p.status.word(),
            p.open_objections,
            display_line_cut(title, 300)
        );
        match &p.status {
            Status::Accepted { target: Some(t) } => {
                line.push_str(&format!(" [target {}]", display_line(&target_text(t))))
            }
            Status::Accepted { target: None } => line.push_str(&format!(" [{TARGET_TO_BE_SET}]")),
            _ => {}
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The log, one event a line; `board` names the people the events mention.
pub fn log_text(board: &Board, events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        out.push_str(&format!(
            "{:>5}  {}  {}  {}  {}  {}\n",
            e.seq,
            caseboard_core::clock::instant(e.at, board.zone()),
            display_line_cut(&e.actor, 60),
            e.body.kind(),
            display_line(e.body.priority().unwrap_or("-")),
            display_line_cut(&e.body.describe(board), 2000)
        ));
    }
    out
}
