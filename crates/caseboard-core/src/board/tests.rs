//! The fold's unit tests: what the board holds after given events.
use super::*;
use crate::meeting::{Answer, Position, Question};
use crate::pack::Tier;
use crate::testing::{board, record};
use crate::Command;

fn decide(priority: &str, outcome: Outcome) -> Command {
    Command::Decide {
        priority: priority.into(),
        outcome,
        rationale: "because".into(),
        local: false,
        target: None,
    }
}

#[test]
fn the_board_keeps_which_decision_superseded_which() {
    let mut b = board();
    let (first, _) = record(&mut b, decide("P1", Outcome::Defer)).unwrap();
    let (other, _) = record(&mut b, decide("P2", Outcome::Defer)).unwrap();
    assert_eq!(b.superseded_by(first.seq), None);
    let (second, _) = record(&mut b, decide("P1", Outcome::Reject)).unwrap();
    assert_eq!(b.superseded_by(first.seq), Some(second.seq));
    assert_eq!(b.superseded_by(second.seq), None);
    assert_eq!(b.superseded_by(other.seq), None);
}

#[test]
fn the_board_keeps_who_settled_an_objection_and_when() {
    let mut b = board();
    assert_eq!(b.objection("O1").unwrap().settled, None);
    let (e, _) = record(
        &mut b,
        Command::WithdrawObjection {
            objection: "O1".into(),
            note: "answered".into(),
        },
    )
    .unwrap();
    let settled = b.objection("O1").unwrap().settled.clone().unwrap();
    assert_eq!(
        settled,
        Settled {
            seq: e.seq,
            at: e.at,
            actor: "Note Taker".into()
        }
    );
}

#[test]
fn the_board_keeps_whether_answers_and_positions_were_recorded() {
    let mut b = board();
    let p1 = |b: &Board| {
        let p = b.priority("P1").unwrap();
        (p.checklist_recorded, p.positions_recorded)
    };
    assert_eq!(p1(&b), (false, false));
    // An answer of "unknown" is still an answer on the record.
    record(
        &mut b,
        Command::AnswerChecklist {
            priority: "P1".into(),
            question: Question::Resources,
            answer: Answer::Unknown,
        },
    )
    .unwrap();
    assert_eq!(p1(&b), (true, false));
    record(
        &mut b,
        Command::RecordPosition {
            priority: "P1".into(),
            tier: Tier::Central,
            position: Position::Undecided,
        },
    )
    .unwrap();
    assert_eq!(p1(&b), (true, true));
    assert!(!b.priority("P2").unwrap().checklist_recorded);
}

#[test]
fn the_board_keeps_every_closing_and_reopening() {
    let mut b = board();
    let close = |reason: &str| Command::Close {
        force: true,
        reason: reason.into(),
    };
    record(&mut b, close("out of time")).unwrap();
    record(
        &mut b,
        Command::Reopen {
            reason: "one more".into(),
        },
    )
    .unwrap();
    let kinds: Vec<bool> = b
        .session_changes()
        .iter()
        .map(|c| matches!(c.item, SessionChange::Closed(_)))
        .collect();
    assert_eq!(kinds, [true, false]);
    assert!(b.closed().is_none());
}

#[test]
fn a_timer_overruns_its_timebox_by_whole_seconds() {
    let t0 = crate::testing::at(&board());
    let timer = Timer {
        accumulated_ms: 0,
        running_since: Some(t0),
    };
    let at = |ms| t0 + chrono::Duration::milliseconds(ms);
    assert_eq!(timer.overrun(at(60_999), Some(1)), None);
    assert_eq!(
        timer.overrun(at(62_500), Some(1)),
        Some(chrono::Duration::milliseconds(2_500))
    );
    assert_eq!(timer.overrun(at(600_000), None), None);
}

#[test]
fn what_is_left_of_a_timebox_counts_whole_seconds_spent() {
    let t0 = crate::testing::at(&board());
    let timer = Timer {
        accumulated_ms: 0,
        running_since: Some(t0),
    };
    let at = |ms| t0 + chrono::Duration::milliseconds(ms);
    let s = chrono::Duration::seconds;
    assert_eq!(timer.left(at(10_400), Some(1)), Some(s(50)));
    assert_eq!(timer.left(at(60_000), Some(1)), Some(s(0)));
    assert_eq!(timer.left(at(90_000), Some(1)), Some(s(0)));
    assert_eq!(timer.left(at(10_000), None), None);
    // A turn never runs backwards, whatever the clock says.
    let floor = Floor {
        attendee: "chair".into(),
        since: at(5_000),
    };
    assert_eq!(floor.held(at(65_000)), s(60));
    assert_eq!(floor.held(at(0)), s(0));
}
