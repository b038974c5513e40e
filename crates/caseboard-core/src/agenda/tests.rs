use super::*;
use crate::event::{Closure, Decision, Event, EventBody, Outcome, PriorityRef};
use crate::validate::parse_pack;
use proptest::prelude::*;
use std::sync::Arc;

/// Three items of 20, 30 and 10 minutes and one without a timebox, on
/// 12 March 2008 (GMT) finishing at `end`.
fn board_ending(end: Option<&str>) -> Board {
    let end = end.map_or(String::new(), |e| format!(r#", "end": "{e}""#));
    let pack = format!(
        r#"{{
  "format": "caseboard-pack/1",
  "conference": {{"title": "T", "partnership": "P", "government_office": "G", "date": "2008-03-12"{end}}},
  "themes": [{{"id": "t", "name": "Theme"}}],
  "attendees": [],
  "indicators": [{{"code": "NI 1", "title": "One"}}],
  "priorities": [
    {{"id": "P1", "title": "One", "kind": "designated", "themes": ["t"], "indicators": ["NI 1"], "timebox_minutes": 20}},
    {{"id": "P2", "title": "Two", "kind": "designated", "themes": ["t"], "indicators": ["NI 1"], "timebox_minutes": 30}},
    {{"id": "P3", "title": "Three", "kind": "designated", "themes": ["t"], "indicators": ["NI 1"], "timebox_minutes": 10}},
    {{"id": "P4", "title": "Four", "kind": "designated", "themes": ["t"], "indicators": ["NI 1"]}}
  ]
}}"#
    );
    Board::new(Arc::new(parse_pack(&pack).expect("a valid pack")))
}

/// `hh:mm` UTC on the conference day.
fn t(hh_mm: &str) -> DateTime<Utc> {
    format!("2008-03-12T{hh_mm}:00Z").parse().expect("a time")
}

fn event(board: &mut Board, at: DateTime<Utc>, body: EventBody) {
    let seq = board.last_seq() + 1;
    board.apply(&Event {
        seq,
        at,
        actor: "Note Taker".into(),
        body,
    });
}

fn take_up(board: &mut Board, at: DateTime<Utc>, id: &str) {
    let priority = id.into();
    event(board, at, EventBody::ItemTakenUp(PriorityRef { priority }));
}

fn accept(board: &mut Board, at: DateTime<Utc>, id: &str) {
    let d = Decision {
        priority: id.into(),
        outcome: Outcome::Accept,
        rationale: String::new(),
        local: false,
        target: None,
        open_objections: vec![],
    };
    event(board, at, EventBody::DecisionRecorded(d));
}

#[test]
fn before_the_meeting_the_whole_agenda_remains() {
    let board = board_ending(Some("11:30"));
    let plan = plan(&board, t("10:00"));
    assert_eq!(plan.used, Duration::zero());
    assert_eq!(plan.remaining, Duration::minutes(60));
    assert_eq!((plan.items_left, plan.untimed), (4, 1));
    assert_eq!(plan.finish, t("11:00"));
    assert_eq!(plan.lateness(), Some(Lateness::Ahead(30)));
    assert_eq!(plan.lateness_words().as_deref(), Some("30 min ahead"));
}

#[test]
fn the_current_item_counts_what_is_left_of_its_timebox() {
    let mut board = board_ending(Some("11:00"));
    take_up(&mut board, t("10:00"), "P1");
    // 5 minutes into P1's 20: 15 + 30 + 10 remain.
    let plan = plan(&board, t("10:05"));
    assert_eq!(plan.used, Duration::minutes(5));
    assert_eq!(plan.remaining, Duration::minutes(55));
    assert_eq!(plan.finish, t("11:00"));
    assert_eq!(plan.lateness_words().as_deref(), Some("on time"));
}

#[test]
fn an_overrun_moves_the_finish_with_the_clock() {
    let mut board = board_ending(Some("11:00"));
    take_up(&mut board, t("10:00"), "P1");
    // 45 minutes on P1's 20: 25 over, nothing of it left; 40 to come.
    let plan = plan(&board, t("10:45"));
    assert_eq!(plan.remaining, Duration::minutes(40));
    assert_eq!(plan.finish, t("11:25"));
    assert_eq!(plan.lateness(), Some(Lateness::Late(25)));
    assert_eq!(
        plan.lateness_words().as_deref(),
        Some("running 25 min late")
    );
}

#[test]
fn decided_items_need_no_more_time() {
    let mut board = board_ending(Some("11:00"));
    take_up(&mut board, t("10:00"), "P1");
    accept(&mut board, t("10:10"), "P1");
    take_up(&mut board, t("10:10"), "P2");
    let plan = plan(&board, t("10:12"));
    assert_eq!(plan.items_left, 3);
    // P2: 28 of 30 left; P3: 10.
    assert_eq!(plan.remaining, Duration::minutes(38));
    assert_eq!(plan.finish, t("10:50"));
    assert_eq!(plan.lateness_words().as_deref(), Some("10 min ahead"));
    assert_eq!(plan.used, Duration::minutes(12));
}

#[test]
fn a_closed_session_finished_when_it_closed() {
    let mut board = board_ending(Some("11:00"));
    take_up(&mut board, t("10:00"), "P1");
    let closure = Closure {
        reason: "out of time".into(),
        forced: true,
        undecided: vec![],
    };
    event(&mut board, t("12:05"), EventBody::SessionClosed(closure));
    let plan = plan(&board, t("15:00"));
    assert!(plan.finished);
    assert_eq!(plan.finish, t("12:05"));
    assert_eq!(plan.used, Duration::minutes(125));
    assert_eq!(
        plan.lateness_words().as_deref(),
        Some("finished 1 h 5 min late")
    );
}

#[test]
fn no_planned_end_no_lateness() {
    let board = board_ending(None);
    let plan = plan(&board, t("10:00"));
    assert_eq!(plan.planned_end, None);
    assert_eq!(plan.lateness(), None);
    assert_eq!(plan.lateness_words(), None);
    assert_eq!(plan.finish, t("11:00"));
}

#[test]
fn the_planned_end_is_local_time_on_the_conference_day() {
    // 16:30 in London on a summer day is 15:30 UTC.
    let pack = crate::testing::PACK.replace(
        r#""date": "2008-03-12","#,
        r#""date": "2008-06-12", "end": "16:30","#,
    );
    let board = Board::new(Arc::new(parse_pack(&pack).expect("a valid pack")));
    assert_eq!(
        board.planned_end(),
        Some("2008-06-12T15:30:00Z".parse().expect("a time"))
    );
    assert_eq!(board_ending(Some("11:30")).planned_end(), Some(t("11:30")));
    assert_eq!(
        board_ending(Some("2008-03-12T16:30+02:00")).planned_end(),
        Some(t("14:30"))
    );
}

#[test]
fn lateness_rounds_to_the_nearest_minute() {
    let mut board = board_ending(Some("11:00"));
    take_up(&mut board, t("10:00"), "P1");
    let at = |s: i64| t("10:00") + Duration::seconds(s);
    // 20:29 on P1's 20 minutes: the finish 29 s late is on time, 30 s is a minute late.
    assert_eq!(
        plan(&board, at(20 * 60 + 29)).lateness(),
        Some(Lateness::OnTime)
    );
    assert_eq!(
        plan(&board, at(20 * 60 + 30)).lateness(),
        Some(Lateness::Late(1))
    );
}

#[test]
fn minutes_are_said_as_people_say_them() {
    assert_eq!(minutes_words(0), "0 min");
    assert_eq!(minutes_words(25), "25 min");
    assert_eq!(minutes_words(60), "1 h");
    assert_eq!(minutes_words(125), "2 h 5 min");
    assert_eq!(duration_words(Duration::seconds(119)), "1 min");
}

/// Minutes late, negative when ahead.
fn signed(lateness: Option<Lateness>) -> i64 {
    match lateness {
        Some(Lateness::Late(m)) => m,
        Some(Lateness::Ahead(m)) => -m,
        _ => 0,
    }
}

/// A meeting's entries: which item is taken up, or decided, how many
/// minutes after the one before.
fn entries() -> impl Strategy<Value = Vec<(u8, usize, bool)>> {
    proptest::collection::vec((0u8..30, 0usize..4, any::<bool>()), 0..12)
}

proptest! {
    /// More time used never predicts an earlier finish, whatever was
    /// taken up and decided before.
    #[test]
    fn the_finish_never_comes_earlier_as_time_passes(
        entries in entries(),
        later in 0i64..200,
        more in 0i64..200,
    ) {
        let mut board = board_ending(Some("11:00"));
        let mut at = t("10:00");
        for (gap, item, decide) in entries {
            at += Duration::minutes(i64::from(gap));
            let id = format!("P{}", item + 1);
            if decide {
                accept(&mut board, at, &id);
            } else {
                take_up(&mut board, at, &id);
            }
        }
        let now = at + Duration::minutes(later);
        let then = now + Duration::minutes(more);
        let (a, b) = (plan(&board, now), plan(&board, then));
        prop_assert!(b.finish >= a.finish);
        prop_assert!(b.used >= a.used);
        prop_assert!(b.remaining <= a.remaining);
        prop_assert!(a.finish >= now);
        prop_assert!(signed(b.lateness()) >= signed(a.lateness()));
    }
}

#[test]
fn time_used_counts_from_the_first_clock_started() {
    let mut board = board_ending(None);
    // Attendance before the business is not agenda time.
    let attendance = crate::event::Attendance {
        attendee: "nobody".into(),
        presence: crate::meeting::Presence::Present,
    };
    event(
        &mut board,
        t("09:30"),
        EventBody::AttendanceRecorded(attendance),
    );
    assert_eq!(board.started(), None);
    let priority = "P2".to_string();
    event(
        &mut board,
        t("09:50"),
        EventBody::TimerStarted(PriorityRef { priority }),
    );
    take_up(&mut board, t("10:00"), "P1");
    assert_eq!(board.started(), Some(t("09:50")));
    assert_eq!(plan(&board, t("10:20")).used, Duration::minutes(30));
}

#[test]
fn a_meeting_held_on_another_day_has_no_lateness() {
    // The pack is for 2008-03-12, ending 16:00; run years later, the room
    // is told the planned day, not that it is 164,079 hours late.
    let board = board_ending(Some("16:00"));
    let plan = plan(&board, "2026-11-30T10:00:00Z".parse().expect("a time"));
    assert!(!plan.on_the_planned_day);
    assert_eq!(plan.lateness(), None);
    assert_eq!(plan.lateness_words(), None);
    // Eleven hours late is still the planned day: P1 taken up at 10:00 and
    // still under discussion at 22:00, 40 minutes of the agenda to come,
    // against a planned 11:40.
    let mut board = board_ending(Some("11:40"));
    take_up(&mut board, t("10:00"), "P1");
    let plan = super::plan(&board, t("22:00"));
    assert!(plan.on_the_planned_day);
    assert_eq!(plan.lateness(), Some(Lateness::Late(660)));
}

#[test]
fn a_rehearsal_the_evening_before_is_not_ahead() {
    // At 23:00 the evening before, the hour of agenda would end at
    // midnight: 11 h 30 min before the planned 11:30, but on another day.
    let board = board_ending(Some("11:30"));
    let plan = plan(&board, "2008-03-11T23:00:00Z".parse().expect("a time"));
    assert_eq!(plan.finish, t("00:00"));
    assert!(!plan.on_the_planned_day);
    assert_eq!(plan.lateness(), None);
    assert_eq!(plan.lateness_words(), None);
    // Without a planned end there is no other day to be on.
    assert!(super::plan(&board_ending(None), t("10:00")).on_the_planned_day);
}

#[test]
fn lateness_in_words_while_running_and_once_finished() {
    assert_eq!(Lateness::Late(12).words(false), "12 min late");
    assert_eq!(Lateness::Late(65).words(true), "1 h 5 min late");
    assert_eq!(Lateness::OnTime.words(false), "on time");
    assert_eq!(Lateness::OnTime.words(true), "on time");
    assert_eq!(Lateness::Ahead(12).words(false), "12 min ahead");
    assert_eq!(Lateness::Ahead(12).words(true), "12 min early");
}
