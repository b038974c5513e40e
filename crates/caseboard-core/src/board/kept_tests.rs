//! The kept form: boards folded from every kind of event read back the
//! same, to the byte and in what they do next; damaged bytes are refused
//! (or read as a board that still works), never a panic.

use super::*;
use crate::event::{
    Attendance, ChecklistAnswer, ObjectionClosed, PriorityRef, RaisedObjection, Speaker,
    TierPosition,
};
use crate::event::{Event, EventBody};
use crate::meeting::{Question, TIERS};
use crate::pack::{PackObjection, Priority, Tier};
use chrono::TimeZone;
use proptest::prelude::*;
use std::sync::OnceLock;

/// Every part of two boards is the same, what `PartialEq` leaves out too.
fn assert_same(a: &Board, b: &Board) {
    assert_eq!(a, b);
    assert!(Arc::ptr_eq(&a.pack, &b.pack));
    assert_eq!(a.running, b.running);
    assert_eq!(a.latest_unknown_decision, b.latest_unknown_decision);
    assert_eq!(a.meeting_changed, b.meeting_changed);
    assert_eq!(*a.objection_index, *b.objection_index);
    assert_eq!(a.closed, b.closed);
    assert_eq!(a.designated_accepted, b.designated_accepted);
}

/// The test pack, parsed once: the damage tests read thousands of boards.
fn pack() -> Arc<Pack> {
    static PACK: OnceLock<Arc<Pack>> = OnceLock::new();
    PACK.get_or_init(crate::testing::pack).clone()
}

/// `b` kept and read back: the same board, kept as the same bytes.
fn round_trip(b: &Board) -> Board {
    let bytes = b.kept();
    assert_eq!(bytes[..4], KEPT_FORMAT.to_le_bytes());
    let back = match Board::from_kept(b.pack().clone(), &bytes) {
        Ok(back) => back,
        Err(e) => panic!("{e}"),
    };
    assert_same(b, &back);
    assert_eq!(back.kept(), bytes);
    back
}

fn time(secs: i64, nanos: u32) -> DateTime<Utc> {
    Utc.timestamp_opt(1_205_316_000 + secs, nanos).unwrap()
}

fn event(seq: u64, body: EventBody) -> Event {
    Event {
        seq,
        at: time(seq as i64 * 60, (seq as u32 * 7_919) % 1_000_000_000),
        actor: if seq.is_multiple_of(3) {
            "Ann"
        } else {
            "Note Taker"
        }
        .into(),
        body,
    }
}

fn on(priority: &str) -> PriorityRef {
    PriorityRef {
        priority: priority.into(),
    }
}

fn decide(priority: &str, outcome: Outcome, local: bool, target: Option<f64>) -> EventBody {
    EventBody::DecisionRecorded(Decision {
        priority: priority.into(),
        outcome,
        rationale: format!("{} — ünïcode", outcome.as_str()),
        local,
        target: target.map(|value| PeriodValue {
            period: "2010/11".into(),
            value,
        }),
        open_objections: vec!["O1".into(), String::new()],
    })
}

fn raise(objection: &str, priority: &str, alternative: bool) -> EventBody {
    EventBody::ObjectionRaised(RaisedObjection {
        objection: objection.into(),
        priority: priority.into(),
        text: "Who pays?".into(),
        kind: ObjectionKind::CounterProposal,
        raised_by: Some("go".into()),
        alternative: alternative.then(|| "NI 99".into()),
        alternative_title: alternative.then(|| "Not in the pack".into()),
    })
}

fn closed(objection: &str, resolved: bool) -> EventBody {
    let c = ObjectionClosed {
        objection: objection.into(),
        priority: "P1".into(),
        note: "settled".into(),
    };
    match resolved {
        true => EventBody::ObjectionResolved(c),
        false => EventBody::ObjectionWithdrawn(c),
    }
}

fn speaker(priority: &str, attendee: &str) -> Speaker {
    Speaker {
        priority: priority.into(),
        attendee: attendee.into(),
    }
}

fn attend(attendee: &str, presence: Presence) -> EventBody {
    EventBody::AttendanceRecorded(Attendance {
        attendee: attendee.into(),
        presence,
    })
}

/// A meeting with every kind of event, on priorities and objections the
/// pack holds and ones it lacks.
fn rich() -> &'static [Event] {
    static RICH: OnceLock<Vec<Event>> = OnceLock::new();
    RICH.get_or_init(meeting)
}

fn meeting() -> Vec<Event> {
    let note = |priority: Option<&str>| Note {
        priority: priority.map(Into::into),
        text: "noted \"quoted\"\n".into(),
    };
    let action = |priority: Option<&str>| ActionItem {
        priority: priority.map(Into::into),
        text: "Write to the PCT".into(),
        owner: Some("chair".into()),
        due: priority.map(|_| "2008-04-01".into()),
    };
    let close = |forced| {
        EventBody::SessionClosed(Closure {
            reason: "Out of time".into(),
            forced,
            undecided: vec!["S1".into()],
        })
    };
    let bodies = vec![
        EventBody::SessionCreated {
            pack_sha256: "abc".into(),
            caseboard_version: "1".into(),
        },
        attend("chair", Presence::Present),
        attend("go", Presence::Apologies),
        attend("ghost", Presence::Present),
        EventBody::ItemTakenUp(on("P1")),
        EventBody::SpeakerQueued(speaker("P1", "chair")),
        EventBody::SpeakerQueued(speaker("P1", "go")),
        EventBody::SpeakerCalled(speaker("P1", "chair")),
        EventBody::ChecklistAnswered(ChecklistAnswer {
            priority: "P1".into(),
            question: Question::Resources,
            answer: Answer::Yes,
        }),
        EventBody::TierPositionRecorded(TierPosition {
            priority: "P1".into(),
            tier: Tier::Central,
            position: Position::Oppose,
        }),
        EventBody::NoteAdded(note(Some("P1"))),
        EventBody::NoteAdded(note(None)),
        EventBody::ActionAdded(action(Some("P1"))),
        EventBody::ActionAdded(action(None)),
        raise("L1", "P1", true),
        raise("L2", "Q9", false),
        raise("O1", "P1", false),
        closed("L1", true),
        closed("O1", false),
        decide("P1", Outcome::Accept, false, Some(61.5)),
        decide("P1", Outcome::Reject, true, None),
        decide("P2", Outcome::Accept, false, None),
        decide("P2", Outcome::Reject, false, None),
        decide("S1", Outcome::Defer, false, None),
        decide("Q9", Outcome::Accept, false, Some(-0.0)),
        decide("Q9", Outcome::Defer, false, None),
        EventBody::SpeakerCalled(speaker("P1", "go")),
        EventBody::TimerStopped(on("P1")),
        EventBody::TimerStarted(on("P2")),
        EventBody::SpeakerCalled(speaker("P2", "go")),
        EventBody::SpeakerRemoved(speaker("P2", "go")),
        EventBody::TimerStarted(on("Q9")),
        close(true),
        EventBody::SessionReopened(Reopening {
            reason: "One more".into(),
        }),
        EventBody::ItemTakenUp(on("S1")),
        EventBody::SpeakerQueued(speaker("S1", "go")),
        EventBody::SpeakerCalled(speaker("S1", "chair")),
        decide("P2", Outcome::Accept, false, Some(f64::INFINITY)),
        close(false),
        EventBody::SessionReopened(Reopening { reason: "".into() }),
        EventBody::TimerStarted(on("P1")),
        EventBody::SpeakerCalled(speaker("S1", "go")),
    ];
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| event(i as u64 + 1, body))
        .collect()
}

#[test]
fn every_board_along_a_rich_meeting_reads_back_the_same() {
    let events = rich();
    for k in 0..=events.len() {
        let board = Board::fold(pack(), &events[..k]);
        let mut back = round_trip(&board);
        let mut board = board;
        for e in &events[k..] {
            board.apply(e);
            back.apply(e);
        }
        assert_same(&board, &back);
        assert_eq!(board.kept(), back.kept());
    }
    // The meeting reached every corner of the board.
    let b = Board::fold(pack(), events);
    assert!(b.running.is_some() && b.current.is_some() && b.started.is_some());
    assert!(!b.latest_unknown_decision.is_empty() && !b.superseded.is_empty());
    assert_eq!(b.session_changes.len(), 4);
    assert!(b.priorities.iter().any(|p| p.floor.is_some()));
    assert!(b.priorities.iter().any(|p| !p.spoken.is_empty()));
    assert!(b.objections.iter().any(|o| o.settled.is_some()));
    let closed = Board::fold(pack(), &events[..events.len() - 3]);
    assert!(closed.closed.is_some());
}

#[test]
fn boards_equal_by_different_roads_keep_the_same_bytes() {
    let people = ["chair", "go", "a", "b", "c", "d", "e", "f", "g", "h"];
    let forward: Vec<Event> = people
        .iter()
        .map(|who| event(1, attend(who, Presence::Present)))
        .collect();
    let mut backward = forward.clone();
    backward.reverse();
    let one = pack();
    let (a, b) = (
        Board::fold(one.clone(), &forward),
        Board::fold(one, &backward),
    );
    assert_same(&a, &b);
    assert_eq!(a.kept(), b.kept());
    assert_eq!(Board::fold(pack(), rich()).kept(), rich_kept());
}

fn rich_kept() -> Vec<u8> {
    Board::fold(pack(), rich()).kept()
}

#[test]
fn figures_and_times_read_back_to_the_bit() {
    let nan = f64::from_bits(0x7ff8_dead_beef_0001);
    let mut leap = event(1, decide("P1", Outcome::Accept, false, Some(nan)));
    // 23:59:60.5 on 2008-12-31, a leap second.
    leap.at = Utc.timestamp_opt(1_230_767_999, 1_500_000_000).unwrap();
    let board = Board::fold(pack(), [&leap]);
    let bytes = board.kept();
    let back = Board::from_kept(pack(), &bytes).unwrap();
    assert_eq!(back.kept(), bytes);
    let d = &back.priority("P1").unwrap().decisions[0];
    assert_eq!(d.at, leap.at);
    assert_eq!(
        d.decision.target.as_ref().unwrap().value.to_bits(),
        nan.to_bits()
    );
}

#[test]
fn every_truncation_is_refused() {
    let bytes = rich_kept();
    for n in 0..bytes.len() {
        assert!(Board::from_kept(pack(), &bytes[..n]).is_err(), "{n} bytes");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let err = Board::from_kept(pack(), &longer).unwrap_err();
    assert_eq!(err, "it has bytes past its end");
}

#[test]
fn another_format_or_pack_is_refused() {
    let bytes = rich_kept();
    let mut other = bytes.clone();
    other[..4].copy_from_slice(&(KEPT_FORMAT + 1).to_le_bytes());
    let err = Board::from_kept(pack(), &other).unwrap_err();
    assert_eq!(err, "it is in another format version");

    let with = |change: fn(&mut Pack)| {
        let mut p = (*pack()).clone();
        change(&mut p);
        Board::from_kept(Arc::new(p), &bytes).unwrap_err()
    };
    let other_pack = "it was made with another pack";
    assert_eq!(with(|p| drop(p.priorities.pop())), other_pack);
    assert_eq!(with(|p| p.priorities.swap(0, 1)), other_pack);
    assert_eq!(
        with(|p| p.priorities[2].kind = PriorityKind::Designated),
        other_pack
    );
    assert_eq!(with(|p| p.priorities[0].id = "P0".into()), other_pack);
}

#[test]
fn numbers_have_one_form() {
    let read = |bytes: &[u8]| Reader(bytes).u64().map_err(|Bad(why)| why);
    assert_eq!(read(&[0x7f]).ok(), Some(127));
    assert_eq!(read(&[0x80, 0x01]).ok(), Some(128));
    assert!(read(&[0x80, 0x00]).is_err(), "written long");
    assert!(read(&[0x80]).is_err(), "cut short");
    let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert_eq!(read(&max).ok(), Some(u64::MAX));
    let over = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
    assert!(read(&over).is_err());
    for v in [0, 1, -1, i64::MIN, i64::MAX, 1 << 40] {
        let mut w = Writer(Vec::new(), None);
        v.put(&mut w);
        assert_eq!(i64::read(&mut Reader(&w.0)).ok(), Some(v));
    }
}

#[test]
fn a_huge_count_is_refused_before_anything_is_reserved() {
    let mut w = Writer(KEPT_FORMAT.to_le_bytes().to_vec(), None);
    u64::MAX.put(&mut w); // objections
    assert!(Board::from_kept(pack(), &w.0).is_err());
    let mut w = Writer(KEPT_FORMAT.to_le_bytes().to_vec(), None);
    0usize.put(&mut w);
    3usize.put(&mut w);
    "P1".to_string().put(&mut w);
    PriorityKind::Designated.put(&mut w);
    (usize::MAX / 2).put(&mut w); // decisions
    assert_eq!(
        Board::from_kept(pack(), &w.0).unwrap_err(),
        "it ends too soon"
    );
}

#[test]
fn states_no_fold_gives_are_refused() {
    let events = rich();
    let board = Board::fold(pack(), events);
    let refused = |b: Board| Board::from_kept(pack(), &b.kept()).is_err();
    let mut b = board.clone();
    b.running = None; // P1's clock runs
    assert!(refused(b));
    let mut b = board.clone();
    b.current = Some(3);
    assert!(refused(b));
    let mut b = board.clone();
    Arc::make_mut(&mut b.priorities[0]).timer.accumulated_ms = -1;
    assert!(refused(b));
    let mut b = board.clone();
    let twin = b.objections[0].clone();
    b.objections.push(twin);
    assert!(refused(b));
    let mut b = board.clone();
    Arc::make_mut(&mut b.objections[0]).settled = None;
    assert!(refused(b));
    let mut b = board;
    b.latest_unknown_decision.insert("P1".into(), 1);
    assert!(refused(b));
}

/// A board read from damaged bytes is used as a screen and the store
/// would: looked through, kept again, and folded on.
fn use_board(b: &Board) {
    for p in b.priorities() {
        assert!(b.priority(&p.id).is_some());
        for o in b.objections_for(&p.id) {
            assert!(b.objection(&o.id).is_some());
        }
        let _ = (
            b.open_objections_for(&p.id),
            p.readiness(),
            p.agreement_mark(),
        );
        let _ = (b.spec(&p.id), b.headline_indicator(&p.id));
    }
    let _ = (
        b.current(),
        b.closed(),
        b.all_actions(),
        b.next_objection_id(),
    );
    for o in b.objections() {
        let _ = b.alternative_words(o);
    }
    // Bytes, not boards: a damaged figure may be NaN, unequal to itself.
    let again = Board::from_kept(b.pack().clone(), &b.kept()).unwrap();
    assert_eq!(again.kept(), b.kept());
    let mut b = b.clone();
    let seq = b.last_seq().saturating_add(1);
    for (i, body) in rich().iter().map(|e| e.body.clone()).enumerate() {
        b.apply(&event(seq.saturating_add(i as u64), body));
    }
    for p in ["P1", "P2", "S1"] {
        for outcome in Outcome::ALL {
            b.apply(&event(seq, decide(p, outcome, false, None)));
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z ]{0,6}", any::<String>()]
}

fn one_of(all: &[&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(all.to_vec()).prop_map(String::from)
}

fn priority() -> impl Strategy<Value = String> {
    one_of(&["P1", "P2", "S1", "Q9", ""])
}

fn objection() -> impl Strategy<Value = String> {
    one_of(&["O1", "L1", "L2", "L3", "X"])
}

fn attendee() -> impl Strategy<Value = String> {
    one_of(&["chair", "go", "ghost"])
}

fn any_body() -> impl Strategy<Value = EventBody> {
    use prop::num::f64 as f;
    let figure = f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO | f::INFINITE;
    let target = prop::option::of(
        (text(), figure).prop_map(|(period, value)| PeriodValue { period, value }),
    );
    let maybe = || prop::option::of(text());
    let speaker =
        || (priority(), attendee()).prop_map(|(priority, attendee)| Speaker { priority, attendee });
    prop_oneof![
        4 => (priority(), 0..3usize, text(), any::<bool>(), target, prop::collection::vec(objection(), 0..3))
            .prop_map(|(priority, o, rationale, local, target, open_objections)| EventBody::DecisionRecorded(Decision {
                priority, outcome: Outcome::ALL[o], rationale, local, target, open_objections,
            })),
        2 => (objection(), priority(), text(), 0..7usize, maybe(), maybe(), maybe())
            .prop_map(|(objection, priority, text, k, raised_by, alternative, alternative_title)| EventBody::ObjectionRaised(RaisedObjection {
                objection, priority, text, kind: ObjectionKind::ALL[k], raised_by, alternative, alternative_title,
            })),
        2 => (objection(), priority(), text(), any::<bool>()).prop_map(|(objection, priority, note, resolved)| {
            let c = ObjectionClosed { objection, priority, note };
            if resolved { EventBody::ObjectionResolved(c) } else { EventBody::ObjectionWithdrawn(c) }
        }),
        1 => (text(), text()).prop_map(|(pack_sha256, caseboard_version)| EventBody::SessionCreated { pack_sha256, caseboard_version }),
        2 => (priority(), 0..3u8).prop_map(|(priority, which)| {
            let r = PriorityRef { priority };
            match which { 0 => EventBody::ItemTakenUp(r), 1 => EventBody::TimerStarted(r), _ => EventBody::TimerStopped(r) }
        }),
        1 => (priority(), 0..6usize, 0..3usize).prop_map(|(priority, q, a)| EventBody::ChecklistAnswered(ChecklistAnswer {
            priority, question: Question::ALL[q], answer: Answer::ALL[a],
        })),
        1 => (priority(), 0..3usize, 0..3usize).prop_map(|(priority, t, p)| EventBody::TierPositionRecorded(TierPosition {
            priority, tier: TIERS[t], position: Position::ALL[p],
        })),
        1 => (prop::option::of(priority()), text()).prop_map(|(priority, text)| EventBody::NoteAdded(Note { priority, text })),
        1 => (prop::option::of(priority()), text(), maybe(), maybe())
            .prop_map(|(priority, text, owner, due)| EventBody::ActionAdded(ActionItem { priority, text, owner, due })),
        1 => (attendee(), any::<bool>()).prop_map(|(attendee, here)| EventBody::AttendanceRecorded(Attendance {
            attendee, presence: if here { Presence::Present } else { Presence::Apologies },
        })),
        1 => speaker().prop_map(EventBody::SpeakerQueued),
        1 => speaker().prop_map(EventBody::SpeakerCalled),
        1 => speaker().prop_map(EventBody::SpeakerRemoved),
        1 => (text(), any::<bool>(), prop::collection::vec(priority(), 0..3))
            .prop_map(|(reason, forced, undecided)| EventBody::SessionClosed(Closure { reason, forced, undecided })),
        1 => text().prop_map(|reason| EventBody::SessionReopened(Reopening { reason })),
    ]
}

fn any_event() -> impl Strategy<Value = Event> {
    let seq = prop_oneof![9 => 1..200u64, 1 => any::<u64>()];
    let at = (-100_000i64..100_000, 0..1_000_000_000u32);
    (seq, at, text(), any_body()).prop_map(|(seq, (secs, nanos), actor, body)| Event {
        seq,
        at: time(secs, nanos),
        actor,
        body,
    })
}

/// A damage to bytes: a byte changed, inserted or taken out.
fn damage() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    prop::collection::vec((any::<usize>(), 0..3u8, 1..=255u8), 1..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn boards_folded_from_any_events_read_back_the_same(
        events in prop::collection::vec(any_event(), 0..60),
        more in prop::collection::vec(any_event(), 0..20),
    ) {
        let mut board = Board::fold(pack(), &events);
        let mut back = round_trip(&board);
        for e in &more {
            board.apply(e);
            back.apply(e);
        }
        assert_same(&board, &back);
        prop_assert_eq!(board.kept(), back.kept());
    }

    #[test]
    fn any_order_of_the_rich_meeting_reads_back_the_same(
        order in Just((0..rich().len()).collect::<Vec<_>>()).prop_shuffle(),
        keep in 0..=rich().len(),
    ) {
        let events = rich();
        let picked: Vec<&Event> = order[..keep].iter().map(|&i| &events[i]).collect();
        round_trip(&Board::fold(pack(), picked));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn damaged_bytes_are_refused_or_read_as_a_working_board(damage in damage()) {
        let mut bytes = rich_kept();
        for (at, how, byte) in damage {
            let at = at % (bytes.len() + 1);
            match how {
                0 if at < bytes.len() => bytes[at] ^= byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => drop(bytes.remove(at)),
                _ => bytes.push(byte),
            }
        }
        if let Ok(board) = Board::from_kept(pack(), &bytes) {
            use_board(&board);
        }
    }
}

/// The large session's size (500 priorities, 3,000 objections in the pack,
/// 20,000 events of decisions and objections), timed in a release build:
/// `cargo test -p caseboard-core --release --lib kept -- --ignored --nocapture`.
#[test]
#[ignore]
fn timed_on_a_large_session() {
    let mut p = (*pack()).clone();
    let template = p.priorities[0].clone();
    p.priorities = (0..500u32)
        .map(|i| Priority {
            id: format!("P{i:04}"),
            kind: [PriorityKind::Designated, PriorityKind::Statutory]
                [usize::from(i.is_multiple_of(10))],
            ..template.clone()
        })
        .collect();
    let objection = p.objections[0].clone();
    p.objections = (0..3000)
        .map(|i| PackObjection {
            id: format!("O{i:05}"),
            priority: format!("P{:04}", i % 500),
            text: format!("The trajectory assumes funding that is not yet agreed ({i})"),
            ..objection.clone()
        })
        .collect();
    let pack = Arc::new(p);
    let mut board = Board::new(pack.clone());
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let mut raised = 3000;
    let mut events = Vec::new();
    for seq in 1..=20_000u64 {
        let p = format!("P{:04}", next(500));
        let roll = next(100);
        let body = if roll < 55 {
            let open = board.open_objections_for(&p);
            let mut d = decide(&p, Outcome::ALL[next(3)], next(3) == 0, Some(20.5));
            if let EventBody::DecisionRecorded(d) = &mut d {
                d.rationale =
                    format!("Partners could not agree the lead agency in the time allowed ({seq})");
                d.open_objections = open;
            }
            d
        } else if roll < 70 {
            raised += 1;
            raise(&format!("L{raised}"), &p, false)
        } else {
            closed(&format!("O{:05}", next(3000)), roll < 88)
        };
        events.push(event(seq, body));
        board.apply(&events[events.len() - 1]);
    }
    let median = |f: &mut dyn FnMut()| {
        let mut times: Vec<_> = (0..9)
            .map(|_| {
                let t = std::time::Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        times.sort();
        times[4]
    };
    let bytes = board.kept();
    let kept = median(&mut || drop(std::hint::black_box(board.kept())));
    let read = median(&mut || drop(Board::from_kept(pack.clone(), &bytes).unwrap()));
    let fold = median(&mut || drop(Board::fold(pack.clone(), &events)));
    let new = median(&mut || drop(Board::new(pack.clone())));
    println!(
        "kept: {} bytes; kept() {kept:?}, from_kept {read:?}; fold {fold:?}, Board::new {new:?}",
        bytes.len()
    );
    round_trip(&board);
}

#[test]
fn every_flipped_bit_is_refused_or_read_as_a_working_board() {
    let bytes = rich_kept();
    let mut read = 0;
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut flipped = bytes.clone();
            flipped[at] ^= 1 << bit;
            if let Ok(board) = Board::from_kept(pack(), &flipped) {
                use_board(&board);
                read += 1;
            }
        }
    }
    // Flips in text, figures and seqs read as other boards that still work.
    assert!(read > 0);
    println!(
        "{} bytes, {read} of {} flips read",
        bytes.len(),
        bytes.len() * 8
    );
}
