//! The rules' own tests: each refusal and what each command records.

use super::*;
use crate::testing::{self, record};

fn resolve(objection: &str, note: &str) -> Command {
    Command::ResolveObjection {
        objection: objection.to_string(),
        note: note.to_string(),
    }
}

#[test]
fn apply_stamps_the_event_next_in_the_log() {
    let mut board = testing::board();
    let when = testing::at(&board);
    let (first, _) = record(
        &mut board,
        Command::TakeUp {
            priority: "P1".to_string(),
        },
    )
    .expect("allowed");
    assert_eq!((first.seq, first.at), (1, when));
    assert_eq!(first.actor, "Note Taker");
    let (second, _) = apply(
        &board,
        Command::TakeUp {
            priority: "P2".to_string(),
        },
        "Ann",
        when,
    )
    .expect("allowed");
    assert_eq!(second.seq, 2);
    assert_eq!(second.actor, "Ann");
    assert_eq!(board.last_seq(), 1, "apply records nothing by itself");
}

#[test]
fn apply_carries_the_warnings_of_the_rules() {
    let mut board = testing::board();
    let (event, warnings) = record(
        &mut board,
        Command::Decide {
            priority: "P2".to_string(),
            outcome: Outcome::Accept,
            rationale: String::new(),
            local: false,
            target: None,
        },
    )
    .expect("allowed");
    assert_eq!(
        warnings,
        [Warning::AcceptedOverOpenObjections {
            priority: "P2".to_string(),
            objections: vec!["O1".to_string()],
        }]
    );
    assert!(matches!(
        event.body,
        EventBody::DecisionRecorded(Decision { ref open_objections, .. }) if open_objections == &["O1"]
    ));
}

#[test]
fn resolving_an_objection_needs_a_note_saying_how() {
    let mut board = testing::board();
    for blank in ["", "   "] {
        assert_eq!(
            record(&mut board, resolve("O1", blank)).map(|_| ()),
            Err(Refusal::ResolutionNoteRequired)
        );
    }
    assert_eq!(board.last_seq(), 0);
    assert_eq!(
        Refusal::ResolutionNoteRequired.to_string(),
        "a note saying how it was resolved is required to resolve an objection"
    );
    record(&mut board, resolve("O1", "Evidence tabled")).expect("allowed");
    assert_eq!(board.priority("P2").map(|p| p.open_objections), Some(0));
}

#[test]
fn withdrawing_an_objection_needs_no_note() {
    let mut board = testing::board();
    let withdraw = Command::WithdrawObjection {
        objection: "O1".to_string(),
        note: String::new(),
    };
    record(&mut board, withdraw).expect("allowed");
    // An objection no longer open is refused as such, note or not.
    assert_eq!(
        record(&mut board, resolve("O1", "")).map(|_| ()),
        Err(Refusal::ObjectionNotOpen {
            id: "O1".to_string(),
            status: "withdrawn",
        })
    );
}

#[test]
fn a_refusal_names_the_person_not_their_id() {
    let mut board = testing::board();
    let queue = || Command::QueueSpeaker {
        priority: "P1".to_string(),
        attendee: "go".to_string(),
    };
    record(&mut board, queue()).expect("allowed");
    let refusal = record(&mut board, queue()).map(|_| ()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "Bob Regional is already in the speakers queue"
    );
}

#[test]
fn the_floor_and_the_clock_follow_the_item() {
    let mut board = testing::board();
    let take_up = |p: &str| Command::TakeUp {
        priority: p.to_string(),
    };
    let queue = |who: &str| Command::QueueSpeaker {
        priority: "P1".to_string(),
        attendee: who.to_string(),
    };
    let call = || Command::CallNextSpeaker {
        priority: "P1".to_string(),
    };
    // One minute passes between entries (see `testing::at`).
    for command in [take_up("P1"), queue("go"), call(), queue("chair"), call()] {
        record(&mut board, command).expect("allowed");
    }
    let p1 = board.priority("P1").unwrap();
    assert_eq!(
        p1.floor.as_ref().map(|f| f.attendee.as_str()),
        Some("chair")
    );
    assert_eq!(
        p1.spoken,
        [("go".to_string(), 120_000)],
        "go spoke two minutes"
    );
    // Taking up the next item ends the speaker's turn and stops P1's clock.
    record(&mut board, take_up("P2")).expect("allowed");
    let p1 = board.priority("P1").unwrap();
    assert!(p1.floor.is_none(), "nobody has the floor on P1 any more");
    assert!(!p1.timer.is_running());
    assert_eq!(
        p1.spoken,
        [("go".to_string(), 120_000), ("chair".to_string(), 60_000)]
    );
    assert!(board.priority("P2").unwrap().timer.is_running());
    // Closing the session stops the clock that runs.
    record(
        &mut board,
        Command::Close {
            force: true,
            reason: "out of time".to_string(),
        },
    )
    .expect("allowed");
    let p2 = board.priority("P2").unwrap();
    assert!(!p2.timer.is_running());
    assert_eq!(p2.timer.accumulated_ms, 60_000);
}

#[test]
fn a_speaker_can_be_taken_out_of_the_queue_and_off_the_floor() {
    let mut board = testing::board();
    let speaker = |who: &str| (String::from("P1"), who.to_string());
    let queue = |who: &str| {
        let (priority, attendee) = speaker(who);
        Command::QueueSpeaker { priority, attendee }
    };
    let remove = |who: &str| {
        let (priority, attendee) = speaker(who);
        Command::RemoveSpeaker { priority, attendee }
    };
    let call = || Command::CallNextSpeaker {
        priority: "P1".to_string(),
    };
    // Nobody queued yet: nothing to remove, said in the room's words.
    let refusal = record(&mut board, remove("go")).map(|_| ()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "Bob Regional is not in the speakers queue for P1 and does not have the floor: there is nothing to remove"
    );
    // Queued, then removed: the queue closes up, the next one is called.
    for command in [queue("go"), queue("chair"), remove("go")] {
        record(&mut board, command).expect("allowed");
    }
    assert_eq!(board.priority("P1").unwrap().queue, ["chair"]);
    // One minute passes between entries (see `testing::at`): removing the
    // one who has the floor ends their turn, the minute they spoke kept.
    for command in [call(), remove("chair")] {
        record(&mut board, command).expect("allowed");
    }
    let p1 = board.priority("P1").unwrap();
    assert!(p1.floor.is_none() && p1.queue.is_empty());
    assert_eq!(p1.spoken, [("chair".to_string(), 60_000)]);
    // Once removed, a second removal is refused.
    assert!(matches!(
        record(&mut board, remove("chair")),
        Err(Refusal::NotQueued { .. })
    ));
    assert!(matches!(
        record(&mut board, remove("nobody")),
        Err(Refusal::UnknownAttendee(_))
    ));
}

#[test]
fn someone_who_sent_apologies_cannot_be_queued() {
    let mut board = testing::board();
    record(
        &mut board,
        Command::RecordAttendance {
            attendee: "go".to_string(),
            presence: Presence::Apologies,
        },
    )
    .expect("allowed");
    let queue = Command::QueueSpeaker {
        priority: "P1".to_string(),
        attendee: "go".to_string(),
    };
    let refusal = record(&mut board, queue.clone()).map(|_| ()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "Bob Regional sent apologies: record them as present first to put them in the speakers queue"
    );
    record(
        &mut board,
        Command::RecordAttendance {
            attendee: "go".to_string(),
            presence: Presence::Present,
        },
    )
    .expect("allowed");
    record(&mut board, queue).expect("present now, so queued");
}

#[test]
fn what_the_board_alone_refuses_is_known_before_typing() {
    let mut board = testing::board();
    let reject_statutory = Command::Decide {
        priority: "S1".to_string(),
        outcome: Outcome::Reject,
        rationale: "…".to_string(),
        local: false,
        target: None,
    };
    let refusal = check(&board, reject_statutory).unwrap_err();
    assert!(refusal.stands_whatever_is_typed(), "{refusal:?}");
    let accept = |p: &str| Command::Decide {
        priority: p.to_string(),
        outcome: Outcome::Accept,
        rationale: String::new(),
        local: false,
        target: None,
    };
    record(&mut board, accept("P1")).expect("within the cap of 1");
    let refusal = check(&board, accept("P2")).unwrap_err();
    assert!(refusal.stands_whatever_is_typed(), "{refusal:?}");
    // What depends on the text typed is not known before it is typed.
    assert!(!Refusal::RationaleRequired("reject").stands_whatever_is_typed());
    assert!(!Refusal::ResolutionNoteRequired.stands_whatever_is_typed());
}
