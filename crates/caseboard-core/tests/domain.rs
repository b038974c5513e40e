//! The pure domain: the rules (`rules::check`), the board folded from events
//! (`Board`), and the properties that tie them together.

use caseboard_core::board::{ObjectionStatus, Status};
use caseboard_core::event::{
    ChecklistAnswer, Closure, Decision, ObjectionClosed, PriorityRef, RaisedObjection, Reopening,
    Speaker, TierPosition,
};
use caseboard_core::meeting::{Answer, Position, Question};
use caseboard_core::pack::{ObjectionKind, Pack, PeriodValue, PriorityKind, Tier};
use caseboard_core::validate::parse_pack;
use caseboard_core::{check, Board, Checked, Command, Event, EventBody, Outcome, Refusal, Warning};
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

// ---------------------------------------------------------------- fixtures

fn pack_from(v: Value) -> Arc<Pack> {
    let text = serde_json::to_string_pretty(&v).unwrap();
    match parse_pack(&text) {
        Ok(p) => Arc::new(p),
        Err(ps) => panic!(
            "fixture pack invalid: {}",
            ps.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// `designated` designated priorities d1.., `statutory` statutory ones s1..,
/// with the given cap. s1's headline indicator proposes 2010/11 = 80; s2's
/// proposes nothing; d*'s headline proposes 2010/11 = 60.
/// Pack objections: o1 on d1, L1 on d2 and L2 on d2 (ids a live objection
/// might also be given).
fn pack(designated: usize, statutory: usize, cap: u32) -> Arc<Pack> {
    let mut priorities = Vec::new();
    for i in 1..=designated {
        priorities.push(json!({
            "id": format!("d{i}"), "title": format!("Designated {i}"), "kind": "designated",
            "themes": ["t1"], "indicators": ["NI 1", "NI 2"]
        }));
    }
    for i in 1..=statutory {
        let headline = if i == 1 { "NI S" } else { "NI T" };
        priorities.push(json!({
            "id": format!("s{i}"), "title": format!("Statutory {i}"), "kind": "statutory",
            "themes": ["t1"], "indicators": [headline, "NI 1"]
        }));
    }
    let mut objections =
        vec![json!({ "id": "o1", "priority": "d1", "text": "Weak evidence", "kind": "evidence" })];
    if designated >= 2 {
        objections.push(
            json!({ "id": "L1", "priority": "d2", "text": "Who owns it?", "kind": "ownership" }),
        );
        objections.push(
            json!({ "id": "L2", "priority": "d2", "text": "Unaffordable", "raised_by": "a1" }),
        );
    }
    pack_from(json!({
        "format": "caseboard-pack/1",
        "conference": {
            "title": "Test conference", "partnership": "Testshire", "government_office": "GO Test",
            "date": "2008-03-12", "designated_cap": cap
        },
        "themes": [ { "id": "t1", "name": "Theme" } ],
        "attendees": [
            { "id": "a1", "name": "Ann", "organisation": "Council", "tier": "local" },
            { "id": "a2", "name": "Bob", "organisation": "DCSF", "tier": "central" }
        ],
        "indicators": [
            { "code": "NI 1", "title": "One", "unit": "%", "proposed_target": { "period": "2010/11", "value": 60.0 } },
            { "code": "NI 2", "title": "Two" },
            { "code": "NI S", "title": "Statutory headline", "proposed_target": { "period": "2010/11", "value": 80.0 } },
            { "code": "NI T", "title": "Statutory without a proposal" }
        ],
        "priorities": priorities,
        "objections": objections
    }))
}

fn small() -> Arc<Pack> {
    pack(3, 2, 2)
}

fn at(seq: u64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_205_300_000 + seq as i64 * 60, 0)
        .unwrap()
}

/// A board and the log that produced it.
struct Session {
    pack: Arc<Pack>,
    board: Board,
    events: Vec<Event>,
}

impl Session {
    fn new(pack: Arc<Pack>) -> Self {
        Session {
            board: Board::new(pack.clone()),
            pack,
            events: Vec::new(),
        }
    }

    fn apply(&mut self, body: EventBody) {
        let seq = self.events.len() as u64 + 1;
        let event = Event {
            seq,
            at: at(seq),
            actor: "Helen (note-taker)".into(),
            body,
        };
        self.board.apply(&event);
        self.events.push(event);
    }

    /// Checks a command; if it passes, records and applies the event.
    fn run(&mut self, command: Command) -> Result<Checked, Refusal> {
        let checked = check(&self.board, command)?;
        self.apply(checked.body.clone());
        Ok(checked)
    }

    fn ok(&mut self, command: Command) -> Checked {
        let shown = format!("{command:?}");
        self.run(command)
            .unwrap_or_else(|r| panic!("{shown} refused: {r}"))
    }

    /// Asserts the command is refused and nothing changes.
    fn refused(&mut self, command: Command) -> Refusal {
        let before = self.board.clone();
        let shown = format!("{command:?}");
        match self.run(command) {
            Ok(c) => panic!("{shown} was accepted as {:?}", c.body),
            Err(r) => {
                assert_eq!(self.board, before);
                r
            }
        }
    }

    fn status(&self, id: &str) -> Status {
        self.board.priority(id).expect("priority").status.clone()
    }

    fn open_count(&self, id: &str) -> u32 {
        self.board.priority(id).expect("priority").open_objections
    }
}

fn decide(priority: &str, outcome: Outcome, rationale: &str) -> Command {
    Command::Decide {
        priority: priority.into(),
        outcome,
        rationale: rationale.into(),
        local: false,
        target: None,
    }
}

fn accept(priority: &str) -> Command {
    decide(priority, Outcome::Accept, "")
}

fn accept_with(priority: &str, period: &str, value: f64, rationale: &str) -> Command {
    Command::Decide {
        priority: priority.into(),
        outcome: Outcome::Accept,
        rationale: rationale.into(),
        local: false,
        target: Some(pv(period, value)),
    }
}

fn reject_local(priority: &str, rationale: &str) -> Command {
    Command::Decide {
        priority: priority.into(),
        outcome: Outcome::Reject,
        rationale: rationale.into(),
        local: true,
        target: None,
    }
}

fn pv(period: &str, value: f64) -> PeriodValue {
    PeriodValue {
        period: period.into(),
        value,
    }
}

fn raise(priority: &str, kind: ObjectionKind, by: Option<&str>, alt: Option<&str>) -> Command {
    Command::RaiseObjection {
        priority: priority.into(),
        text: "This needs more thought".into(),
        kind,
        raised_by: by.map(Into::into),
        alternative: alt.map(Into::into),
        alternative_title: None,
    }
}

fn resolve(id: &str, note: &str) -> Command {
    Command::ResolveObjection {
        objection: id.into(),
        note: note.into(),
    }
}

fn withdraw(id: &str, note: &str) -> Command {
    Command::WithdrawObjection {
        objection: id.into(),
        note: note.into(),
    }
}

fn decision(checked: &Checked) -> &Decision {
    match &checked.body {
        EventBody::DecisionRecorded(d) => d,
        other => panic!("not a decision: {other:?}"),
    }
}

fn raised_id(checked: &Checked) -> String {
    match &checked.body {
        EventBody::ObjectionRaised(o) => o.objection.clone(),
        other => panic!("not a raised objection: {other:?}"),
    }
}

// ---------------------------------------------------------------- decisions

#[test]
fn accept_reject_defer_set_the_status() {
    let mut s = Session::new(small());
    assert_eq!(s.status("d1"), Status::Undecided);
    s.ok(accept("d1"));
    assert_eq!(s.status("d1"), Status::Accepted { target: None });
    s.ok(decide("d2", Outcome::Reject, "not a priority here"));
    assert_eq!(s.status("d2"), Status::Rejected);
    s.ok(reject_local("d3", "a local priority"));
    assert_eq!(s.status("d3"), Status::KeptLocal);
    s.ok(decide("s1", Outcome::Defer, "need the DCSF figures"));
    assert_eq!(s.status("s1"), Status::Deferred);
    assert_eq!(s.status("s2"), Status::Undecided);
    assert_eq!(s.board.designated_accepted(), 1);
    assert_eq!(s.board.last_seq(), 4);
}

#[test]
fn a_later_decision_supersedes_and_both_stay_on_record() {
    let mut s = Session::new(small());
    s.ok(decide("d1", Outcome::Defer, "come back after lunch"));
    s.ok(accept_with("d1", "2010/11", 62.0, "agreed"));
    let p = s.board.priority("d1").unwrap();
    assert_eq!(
        p.status,
        Status::Accepted {
            target: Some(pv("2010/11", 62.0))
        }
    );
    assert_eq!(p.decisions.len(), 2);
    assert_eq!(p.decisions[0].decision.outcome, Outcome::Defer);
    assert_eq!(p.decisions[0].seq, 1);
    assert_eq!(p.decisions[1].seq, 2);
    assert_eq!(p.decisions[1].actor, "Helen (note-taker)");
    assert_eq!(p.decisions[1].at, at(2));
}

#[test]
fn rationale_required_for_reject_and_defer_but_not_accept() {
    let mut s = Session::new(small());
    for blank in ["", " ", "\t\n  "] {
        for (outcome, word) in [(Outcome::Reject, "reject"), (Outcome::Defer, "defer")] {
            let r = s.refused(decide("d1", outcome, blank));
            assert_eq!(r, Refusal::RationaleRequired(word));
            assert!(r.to_string().contains("rationale is required"), "{r}");
        }
        let r = s.refused(reject_local("d1", blank));
        assert_eq!(r, Refusal::RationaleRequired("reject"));
    }
    // Accept with an empty (or blank) rationale is fine.
    s.ok(accept("d1"));
    s.ok(decide("d2", Outcome::Accept, "   "));
}

#[test]
fn overlong_rationale_is_refused() {
    let mut s = Session::new(small());
    let r = s.refused(decide("d1", Outcome::Reject, &"x".repeat(20_001)));
    assert!(
        matches!(r, Refusal::TextTooLong { len: 20_001, .. }),
        "{r:?}"
    );
    s.ok(decide("d1", Outcome::Reject, &"x".repeat(20_000)));
}

#[test]
fn local_goes_only_with_reject() {
    let mut s = Session::new(small());
    for outcome in [Outcome::Accept, Outcome::Defer] {
        let r = s.refused(Command::Decide {
            priority: "d1".into(),
            outcome,
            rationale: "why".into(),
            local: true,
            target: None,
        });
        assert_eq!(r, Refusal::LocalOnlyWithReject);
    }
    let c = s.ok(reject_local("d1", "keep it local"));
    assert!(decision(&c).local);
}

#[test]
fn target_goes_only_with_accept() {
    let mut s = Session::new(small());
    for outcome in [Outcome::Reject, Outcome::Defer] {
        let r = s.refused(Command::Decide {
            priority: "d1".into(),
            outcome,
            rationale: "why".into(),
            local: false,
            target: Some(pv("2010/11", 60.0)),
        });
        assert_eq!(r, Refusal::TargetOnlyWithAccept);
    }
    let c = s.ok(accept_with("d1", "2010/11", 61.5, ""));
    assert_eq!(decision(&c).target, Some(pv("2010/11", 61.5)));
    assert_eq!(
        s.status("d1"),
        Status::Accepted {
            target: Some(pv("2010/11", 61.5))
        }
    );
}

#[test]
fn unusable_targets_are_refused() {
    let mut s = Session::new(small());
    for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e13, -1e13] {
        let r = s.refused(accept_with("d1", "2010/11", v, ""));
        assert!(matches!(r, Refusal::InvalidTarget(_)), "{v}: {r:?}");
    }
    for period in ["", "  "] {
        assert_eq!(
            s.refused(accept_with("d1", period, 60.0, "")),
            Refusal::EmptyTargetPeriod
        );
    }
}

#[test]
fn unknown_priority_is_refused() {
    let mut s = Session::new(small());
    let r = s.refused(accept("d99"));
    assert_eq!(r, Refusal::UnknownPriority("d99".into()));
    assert!(r.to_string().contains("d99"));
}

// ---------------------------------------------------------------- closing

#[test]
fn closing_needs_every_item_decided_or_a_forced_reason() {
    let mut s = Session::new(small()); // 5 priorities
    let close = |force, reason: &str| Command::Close {
        force,
        reason: reason.into(),
    };
    assert_eq!(s.refused(close(false, "")), Refusal::UndecidedItems(5));
    assert!(matches!(
        s.refused(close(true, "  ")),
        Refusal::ReasonRequired(_)
    ));
    s.ok(close(true, "Out of time"));
    let closed = s.board.closed().expect("closed");
    assert!(closed.item.forced);
    assert_eq!(closed.item.undecided.len(), 5);
    // Every write is refused while closed, closing again included.
    for command in [
        decide("d1", Outcome::Defer, "x"),
        Command::AddNote {
            priority: None,
            text: "x".into(),
        },
        Command::TakeUp {
            priority: "d1".into(),
        },
        close(true, "again"),
    ] {
        assert!(matches!(s.refused(command), Refusal::SessionClosed { .. }));
    }
    assert!(matches!(
        s.refused(Command::Reopen { reason: "".into() }),
        Refusal::ReasonRequired(_)
    ));
    s.ok(Command::Reopen {
        reason: "Extra session agreed".into(),
    });
    assert!(s.board.closed().is_none());
    s.ok(Command::TakeUp {
        priority: "d1".into(),
    });
    assert_eq!(
        s.refused(Command::Reopen { reason: "x".into() }),
        Refusal::NotClosed
    );
}

#[test]
fn closing_with_every_item_decided_needs_no_reason() {
    let mut s = Session::new(small());
    for id in ["d1", "d2", "s1", "s2"] {
        s.ok(accept(id));
    }
    s.ok(decide("d3", Outcome::Defer, "next year"));
    s.ok(Command::Close {
        force: false,
        reason: String::new(),
    });
    let closed = s.board.closed().expect("closed");
    assert!(!closed.item.forced);
    assert!(closed.item.undecided.is_empty());
}

// ---------------------------------------------------------------- the cap

#[test]
fn accepting_beyond_the_cap_is_refused_naming_the_cap() {
    let mut s = Session::new(small()); // cap 2
    s.ok(accept("d1"));
    s.ok(accept("d2"));
    let r = s.refused(accept("d3"));
    assert_eq!(
        r,
        Refusal::CapReached {
            priority: "d3".into(),
            cap: 2,
            accepted: 2
        }
    );
    let msg = r.to_string();
    assert!(msg.contains("cap of 2"), "{msg}");
    assert!(msg.contains("2 / 2"), "{msg}");
    assert!(msg.contains("d3"), "{msg}");
    // With a target, too.
    assert!(matches!(
        s.refused(accept_with("d3", "2010/11", 60.0, "x")),
        Refusal::CapReached { .. }
    ));
    // Other outcomes on the third are fine at the cap.
    s.ok(decide("d3", Outcome::Defer, "later"));
    s.ok(decide("d3", Outcome::Reject, "no"));
    assert_eq!(s.board.designated_accepted(), 2);
}

#[test]
fn default_cap_is_35() {
    let mut v: Value = serde_json::to_value(&*pack(36, 0, 35)).unwrap();
    v["conference"]
        .as_object_mut()
        .unwrap()
        .remove("designated_cap");
    let mut s = Session::new(pack_from(v));
    assert_eq!(s.board.cap(), 35);
    for i in 1..=35 {
        s.ok(accept(&format!("d{i}")));
    }
    let r = s.refused(accept("d36"));
    assert!(r.to_string().contains("cap of 35"), "{r}");
}

#[test]
fn re_accepting_at_the_cap_supersedes_the_target() {
    let mut s = Session::new(small());
    s.ok(accept("d1"));
    s.ok(accept("d2"));
    s.ok(accept_with("d1", "2010/11", 65.0, "the room agreed 65"));
    assert_eq!(
        s.status("d1"),
        Status::Accepted {
            target: Some(pv("2010/11", 65.0))
        }
    );
    assert_eq!(s.board.designated_accepted(), 2);
    s.ok(accept_with("d1", "2010/11", 66.0, ""));
    assert_eq!(
        s.status("d1"),
        Status::Accepted {
            target: Some(pv("2010/11", 66.0))
        }
    );
    assert_eq!(s.board.designated_accepted(), 2);
    assert_eq!(s.board.priority("d1").unwrap().decisions.len(), 3);
}

#[test]
fn rejecting_or_deferring_an_accepted_designated_frees_a_slot() {
    let mut s = Session::new(small());
    s.ok(accept("d1"));
    s.ok(accept("d2"));
    s.ok(decide("d1", Outcome::Reject, "changed our minds"));
    assert_eq!(s.board.designated_accepted(), 1);
    s.ok(accept("d3"));
    assert_eq!(s.board.designated_accepted(), 2);
    s.ok(decide("d3", Outcome::Defer, "wait"));
    assert_eq!(s.board.designated_accepted(), 1);
    s.ok(accept("d1"));
    s.ok(reject_local("d2", "local"));
    assert_eq!(s.board.designated_accepted(), 1);
    s.ok(accept("d3"));
    assert!(matches!(
        s.refused(accept("d2")),
        Refusal::CapReached { .. }
    ));
}

// ---------------------------------------------------------------- statutory

#[test]
fn statutory_cannot_be_rejected_with_or_without_local() {
    let mut s = Session::new(small());
    let r = s.refused(decide("s1", Outcome::Reject, "not wanted"));
    assert_eq!(r, Refusal::StatutoryCannotBeRejected("s1".into()));
    assert!(r.to_string().contains("statutory"), "{r}");
    let r = s.refused(reject_local("s2", "keep it local"));
    assert_eq!(r, Refusal::StatutoryCannotBeRejected("s2".into()));
    // Even after it was accepted.
    s.ok(accept("s1"));
    assert_eq!(
        s.refused(decide("s1", Outcome::Reject, "no")),
        Refusal::StatutoryCannotBeRejected("s1".into())
    );
    // Deferring is allowed.
    s.ok(decide("s2", Outcome::Defer, "figures awaited"));
}

#[test]
fn statutory_does_not_count_toward_the_cap() {
    let mut s = Session::new(small());
    s.ok(accept("d1"));
    s.ok(accept("d2"));
    s.ok(accept("s1"));
    s.ok(accept("s2"));
    assert_eq!(s.board.designated_accepted(), 2);
    s.ok(decide("s1", Outcome::Defer, "wait"));
    assert_eq!(s.board.designated_accepted(), 2);
    assert!(matches!(
        s.refused(accept("d3")),
        Refusal::CapReached { .. }
    ));
}

#[test]
fn statutory_target_differing_from_the_proposal_needs_a_reason() {
    let mut s = Session::new(small()); // s1 proposes 2010/11 = 80
    for (period, value) in [("2010/11", 78.0), ("2009/10", 80.0)] {
        for blank in ["", "  \t"] {
            let r = s.refused(accept_with("s1", period, value, blank));
            match &r {
                Refusal::StatutoryTargetReasonRequired {
                    priority,
                    agreed,
                    proposed,
                } => {
                    assert_eq!(priority, "s1");
                    assert!(agreed.contains(period), "{agreed}");
                    assert_eq!(proposed, "2010/11 = 80");
                }
                other => panic!("{other:?}"),
            }
            let msg = r.to_string();
            assert!(msg.contains("s1") && msg.contains("reason"), "{msg}");
        }
    }
    let r = s.refused(accept_with("s1", "2010/11", 78.5, ""));
    assert!(r.to_string().contains("2010/11 = 78.5"), "{r}");
    // The same target needs no reason; a different one with a reason is fine.
    s.ok(accept_with("s1", "2010/11", 80.0, ""));
    s.ok(accept_with(
        "s1",
        "2010/11",
        78.0,
        "the schools forum agreed 78",
    ));
    assert_eq!(
        s.status("s1"),
        Status::Accepted {
            target: Some(pv("2010/11", 78.0))
        }
    );
    // No target at all: "target to be set", no reason needed.
    s.ok(accept("s1"));
    // No proposal to differ from: no reason needed.
    s.ok(accept_with("s2", "2010/11", 12.0, ""));
}

#[test]
fn designated_target_differing_from_the_proposal_needs_no_reason() {
    let mut s = Session::new(small());
    s.ok(accept_with("d1", "2010/11", 10.0, ""));
}

// ---------------------------------------------------------------- objections on accept

#[test]
fn accepting_over_open_objections_records_them_with_a_warning() {
    let mut s = Session::new(small());
    let c = s.ok(accept("d2")); // L1 and L2 are open
    assert_eq!(decision(&c).open_objections, ["L1", "L2"]);
    assert_eq!(
        c.warnings,
        [Warning::AcceptedOverOpenObjections {
            priority: "d2".into(),
            objections: vec!["L1".into(), "L2".into()]
        }]
    );
    let w = c.warnings[0].to_string();
    assert!(
        w.contains("d2") && w.contains("L1") && w.contains("L2") && w.contains("2 open objections"),
        "{w}"
    );
    let recorded = &s.board.priority("d2").unwrap().decisions[0].decision;
    assert_eq!(recorded.open_objections, ["L1", "L2"]);

    // Once the objections are closed, no warning and nothing recorded.
    s.ok(resolve("L1", "agreed to share ownership"));
    let c = s.ok(accept("d2"));
    assert_eq!(decision(&c).open_objections, ["L2"]);
    assert_eq!(c.warnings.len(), 1);
    assert!(
        c.warnings[0].to_string().contains("1 open objection: L2"),
        "{}",
        c.warnings[0]
    );
    s.ok(withdraw("L2", ""));
    let c = s.ok(accept("d2"));
    assert!(c.warnings.is_empty());
    assert!(decision(&c).open_objections.is_empty());
}

#[test]
fn no_warning_when_rejecting_or_deferring_over_objections() {
    let mut s = Session::new(small());
    let c = s.ok(decide("d1", Outcome::Defer, "evidence first"));
    assert!(c.warnings.is_empty());
    let c = s.ok(decide("d1", Outcome::Reject, "evidence too weak"));
    assert!(c.warnings.is_empty());
}

// ---------------------------------------------------------------- raising objections

#[test]
fn raising_checks_priority_attendee_and_alternative() {
    let mut s = Session::new(small());
    assert_eq!(
        s.refused(raise("d99", ObjectionKind::Other, None, None)),
        Refusal::UnknownPriority("d99".into())
    );
    assert_eq!(
        s.refused(raise("d1", ObjectionKind::Other, Some("zed"), None)),
        Refusal::UnknownAttendee("zed".into())
    );
    for kind in ObjectionKind::ALL {
        if kind == ObjectionKind::CounterProposal {
            continue;
        }
        assert_eq!(
            s.refused(raise("d1", kind, None, Some("NI 2"))),
            Refusal::AlternativeOnlyForCounterProposal,
            "{kind:?}"
        );
    }
    assert_eq!(
        s.refused(raise(
            "d1",
            ObjectionKind::CounterProposal,
            None,
            Some("NI 99")
        )),
        Refusal::AlternativeTitleRequired("NI 99".into())
    );
    for blank in ["", "  \n"] {
        let r = s.refused(Command::RaiseObjection {
            priority: "d1".into(),
            text: blank.into(),
            kind: ObjectionKind::Other,
            raised_by: None,
            alternative: None,
            alternative_title: None,
        });
        assert!(matches!(r, Refusal::EmptyText(_)), "{r:?}");
    }
    let r = s.refused(Command::RaiseObjection {
        priority: "d1".into(),
        text: "y".repeat(20_001),
        kind: ObjectionKind::Other,
        raised_by: None,
        alternative: None,
        alternative_title: None,
    });
    assert!(matches!(r, Refusal::TextTooLong { .. }), "{r:?}");

    let c = s.ok(raise(
        "d1",
        ObjectionKind::CounterProposal,
        Some("a2"),
        Some("NI 2"),
    ));
    let id = raised_id(&c);
    let o = s
        .board
        .objection(&id)
        .expect("raised objection on the board");
    assert_eq!(o.priority, "d1");
    assert_eq!(o.kind, ObjectionKind::CounterProposal);
    assert_eq!(o.raised_by.as_deref(), Some("a2"));
    assert_eq!(o.alternative.as_deref(), Some("NI 2"));
    assert_eq!(o.status, ObjectionStatus::Open);
    assert_eq!(o.raised_at, Some(1));
    assert_eq!(s.open_count("d1"), 2);
    // A counter-proposal may also come without an alternative.
    s.ok(raise("d1", ObjectionKind::CounterProposal, None, None));
    assert_eq!(s.open_count("d1"), 3);
    // An indicator the pack does not hold is recorded as given, with its
    // title, marked as not in the pack; spacing is tidied.
    let counter = |code: &str, title: Option<&str>| Command::RaiseObjection {
        priority: "d1".into(),
        text: "Measure what residents see".into(),
        kind: ObjectionKind::CounterProposal,
        raised_by: None,
        alternative: Some(code.into()),
        alternative_title: title.map(Into::into),
    };
    let EventBody::ObjectionRaised(o) = s
        .ok(counter(" NI  99 ", Some("  Local bus   punctuality ")))
        .body
    else {
        panic!("an objection")
    };
    assert_eq!(o.alternative.as_deref(), Some("NI 99"));
    assert_eq!(
        o.alternative_title.as_deref(),
        Some("Local bus punctuality")
    );
    let state = s.board.objection(&o.objection).unwrap();
    assert_eq!(
        s.board.alternative_words(state).as_deref(),
        Some("NI 99 Local bus punctuality (not in the pack)")
    );
    // One the pack holds, however it is typed, is the pack's, its title the pack's.
    let EventBody::ObjectionRaised(o) = s.ok(counter("ni 2", Some("Ignored"))).body else {
        panic!("an objection")
    };
    assert_eq!(o.alternative.as_deref(), Some("NI 2"));
    assert_eq!(o.alternative_title, None);
}

#[test]
fn generated_objection_ids_are_unique_and_avoid_pack_ids() {
    let mut s = Session::new(small()); // the pack already has o1, L1 and L2
    let mut seen: Vec<String> = s.board.objections().iter().map(|o| o.id.clone()).collect();
    for i in 0..25 {
        let priority = ["d1", "d2", "d3", "s1", "s2"][i % 5];
        let c = s.ok(raise(priority, ObjectionKind::ALL[i % 7], None, None));
        let id = raised_id(&c);
        assert!(!seen.contains(&id), "{id} reused; already had {seen:?}");
        assert!(caseboard_core::validate::valid_id(&id), "{id}");
        seen.push(id.clone());
        // Closing objections does not free their ids.
        if i % 3 == 0 {
            s.ok(resolve(&id, "done"));
        }
    }
    assert_eq!(s.board.objections().len(), 3 + 25);
    assert_eq!(seen.len(), 3 + 25);
    // The first live id skipped the pack's L1 and L2.
    assert_eq!(seen[3], "L3");
}

#[test]
fn resolving_and_withdrawing_objections() {
    let mut s = Session::new(small());
    assert_eq!(s.open_count("d2"), 2);
    assert_eq!(
        s.refused(resolve("zz", "x")),
        Refusal::UnknownObjection("zz".into())
    );
    assert_eq!(
        s.refused(withdraw("zz", "x")),
        Refusal::UnknownObjection("zz".into())
    );

    let c = s.ok(resolve("L1", "ownership agreed"));
    assert_eq!(
        c.body,
        EventBody::ObjectionResolved(ObjectionClosed {
            objection: "L1".into(),
            priority: "d2".into(),
            note: "ownership agreed".into()
        })
    );
    assert_eq!(
        s.board.objection("L1").unwrap().status,
        ObjectionStatus::Resolved {
            note: "ownership agreed".into()
        }
    );
    assert_eq!(s.open_count("d2"), 1);
    // Not twice, and not withdrawn after being resolved.
    let r = s.refused(resolve("L1", "again"));
    assert_eq!(
        r,
        Refusal::ObjectionNotOpen {
            id: "L1".into(),
            status: "resolved"
        }
    );
    assert!(r.to_string().contains("already resolved"), "{r}");
    assert_eq!(
        s.refused(withdraw("L1", "again")),
        Refusal::ObjectionNotOpen {
            id: "L1".into(),
            status: "resolved"
        }
    );

    // Withdraw: the note may be empty.
    s.ok(withdraw("L2", ""));
    assert_eq!(
        s.board.objection("L2").unwrap().status,
        ObjectionStatus::Withdrawn {
            note: String::new()
        }
    );
    assert_eq!(s.open_count("d2"), 0);
    assert_eq!(
        s.refused(withdraw("L2", "")),
        Refusal::ObjectionNotOpen {
            id: "L2".into(),
            status: "withdrawn"
        }
    );
    assert_eq!(
        s.refused(resolve("L2", "")),
        Refusal::ObjectionNotOpen {
            id: "L2".into(),
            status: "withdrawn"
        }
    );
    let r = s.refused(resolve("o1", &"n".repeat(20_001)));
    assert!(matches!(r, Refusal::TextTooLong { .. }), "{r:?}");

    // A live objection goes the same way.
    let id = raised_id(&s.ok(raise("d3", ObjectionKind::Resourcing, Some("a1"), None)));
    assert_eq!(s.open_count("d3"), 1);
    s.ok(withdraw(&id, "dropped"));
    assert_eq!(s.open_count("d3"), 0);
    assert!(matches!(
        s.refused(resolve(&id, "")),
        Refusal::ObjectionNotOpen { .. }
    ));
}

#[test]
fn pack_objections_start_open_with_default_kind() {
    let s = Session::new(small());
    let l2 = s.board.objection("L2").unwrap();
    assert_eq!(l2.kind, ObjectionKind::Other);
    assert_eq!(l2.raised_at, None);
    assert_eq!(l2.status, ObjectionStatus::Open);
    assert_eq!(s.open_count("d1"), 1);
    assert_eq!(s.open_count("d2"), 2);
    assert_eq!(s.open_count("s1"), 0);
}

#[test]
fn events_round_trip_through_the_log_columns() {
    let mut s = Session::new(small());
    s.apply(EventBody::SessionCreated {
        pack_sha256: "ab".repeat(32),
        caseboard_version: "0.1.0".into(),
    });
    s.ok(accept_with("d2", "2010/11", 61.25, "agreed"));
    s.ok(reject_local("d3", "local"));
    s.ok(raise(
        "d1",
        ObjectionKind::CounterProposal,
        Some("a2"),
        Some("NI 2"),
    ));
    s.ok(resolve("o1", "fine"));
    s.ok(withdraw("L1", "gone"));
    for e in &s.events {
        let back = EventBody::from_parts(e.body.kind(), e.body.payload()).unwrap();
        assert_eq!(back, e.body);
        let json = serde_json::to_string(e).unwrap();
        let again: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(&again, e);
    }
    assert_eq!(Board::fold(s.pack.clone(), &s.events), s.board);
}

// ---------------------------------------------------------------- invariants

/// The status a decision gives its priority.
fn status_of(d: &Decision) -> Status {
    match (d.outcome, d.local) {
        (Outcome::Accept, _) => Status::Accepted {
            target: d.target.clone(),
        },
        (Outcome::Reject, true) => Status::KeptLocal,
        (Outcome::Reject, false) => Status::Rejected,
        (Outcome::Defer, _) => Status::Deferred,
    }
}

/// What a priority's status must be, given the last decision on it in the log.
fn status_from_log(events: &[Event], priority: &str) -> Status {
    events
        .iter()
        .rev()
        .find_map(|e| match &e.body {
            EventBody::DecisionRecorded(d) if d.priority == priority => Some(status_of(d)),
            _ => None,
        })
        .unwrap_or(Status::Undecided)
}

/// Internal consistency that holds for any log, rule-abiding or not.
fn assert_consistent(board: &Board) {
    let recount = board
        .priorities()
        .iter()
        .filter(|p| {
            p.kind == PriorityKind::Designated && matches!(p.status, Status::Accepted { .. })
        })
        .count() as u32;
    assert_eq!(
        board.designated_accepted(),
        recount,
        "designated_accepted vs a recount"
    );
    let mut open: HashMap<&str, u32> = HashMap::new();
    for o in board.objections() {
        if o.status == ObjectionStatus::Open {
            *open.entry(o.priority.as_str()).or_default() += 1;
        }
    }
    for p in board.priorities() {
        assert_eq!(
            p.open_objections,
            open.get(p.id.as_str()).copied().unwrap_or(0),
            "open objections of {}",
            p.id
        );
        assert_eq!(
            board.open_objections_for(&p.id).len() as u32,
            p.open_objections,
            "open_objections_for({})",
            p.id
        );
        let expected = p
            .decisions
            .last()
            .map_or(Status::Undecided, |last| status_of(&last.decision));
        assert_eq!(
            p.status, expected,
            "status of {} vs its last decision",
            p.id
        );
    }
}

/// The rules' invariants: what a board built only from checked commands obeys.
fn assert_rules_hold(board: &Board, events: &[Event]) {
    assert_consistent(board);
    assert!(board.designated_accepted() <= board.cap(), "over the cap");
    for p in board.priorities() {
        if p.kind == PriorityKind::Statutory {
            assert!(
                !matches!(p.status, Status::Rejected | Status::KeptLocal),
                "statutory {} is {:?}",
                p.id,
                p.status
            );
        }
        assert_eq!(
            p.status,
            status_from_log(events, &p.id),
            "status of {}",
            p.id
        );
    }
    let ids: std::collections::HashSet<_> = board.objections().iter().map(|o| &o.id).collect();
    assert_eq!(
        ids.len(),
        board.objections().len(),
        "objection ids are unique"
    );
}

// ---------------------------------------------------------------- property tests

const RATIONALES: [&str; 3] = ["", "   ", "agreed in the room"];
const PERIODS: [&str; 3] = ["2010/11", "2009/10", " "];
const VALUES: [f64; 5] = [60.0, 80.0, 72.5, f64::NAN, 1e13];
const TEXTS: [&str; 3] = ["It is unaffordable", "", "  "];
const NOTES: [&str; 2] = ["", "settled"];

#[derive(Debug, Clone)]
enum Op {
    Decide {
        priority: usize,
        outcome: usize,
        rationale: usize,
        local: bool,
        target: Option<(usize, usize)>,
    },
    Raise {
        priority: usize,
        text: usize,
        kind: usize,
        by: Option<usize>,
        alternative: Option<usize>,
    },
    Resolve {
        objection: usize,
        note: usize,
    },
    Withdraw {
        objection: usize,
        note: usize,
    },
    TakeUp(usize),
    ToggleTimer(usize),
    Answer {
        priority: usize,
        question: usize,
        answer: usize,
    },
    Position {
        priority: usize,
        tier: usize,
        position: usize,
    },
    Queue {
        priority: usize,
        attendee: usize,
    },
    CallNext(usize),
    Remove {
        priority: usize,
        attendee: usize,
    },
    Close {
        force: bool,
        reason: usize,
    },
    Reopen(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..12usize, 0..3usize, 0..3usize, prop::bool::weighted(0.2),
              prop::option::weighted(0.4, (0..3usize, 0..5usize)))
            .prop_map(|(priority, outcome, rationale, local, target)| Op::Decide {
                priority, outcome, rationale, local, target
            }),
        2 => (0..12usize, 0..3usize, 0..7usize, prop::option::of(0..3usize), prop::option::weighted(0.3, 0..5usize))
            .prop_map(|(priority, text, kind, by, alternative)| Op::Raise {
                priority, text, kind, by, alternative
            }),
        1 => (0..64usize, 0..2usize).prop_map(|(objection, note)| Op::Resolve { objection, note }),
        1 => (0..64usize, 0..2usize).prop_map(|(objection, note)| Op::Withdraw { objection, note }),
        2 => (0..12usize).prop_map(Op::TakeUp),
        2 => (0..12usize).prop_map(Op::ToggleTimer),
        2 => (0..12usize, 0..6usize, 0..3usize)
            .prop_map(|(priority, question, answer)| Op::Answer { priority, question, answer }),
        2 => (0..12usize, 0..3usize, 0..3usize)
            .prop_map(|(priority, tier, position)| Op::Position { priority, tier, position }),
        2 => (0..12usize, 0..3usize).prop_map(|(priority, attendee)| Op::Queue { priority, attendee }),
        1 => (0..12usize).prop_map(Op::CallNext),
        1 => (0..12usize, 0..3usize).prop_map(|(priority, attendee)| Op::Remove { priority, attendee }),
        1 => (any::<bool>(), 0..2usize).prop_map(|(force, reason)| Op::Close { force, reason }),
        1 => (0..2usize).prop_map(Op::Reopen),
    ]
}

const TIERS: [Tier; 3] = [Tier::Local, Tier::Regional, Tier::Central];
/// A reason, and a blank one the rules refuse where a reason is needed.
const REASONS: [&str; 2] = ["Out of time", "  "];

/// 8 designated (d1..d8), 3 statutory (s1..s3), cap 4; index 11 is unknown.
fn priority_id(i: usize) -> String {
    match i {
        0..=7 => format!("d{}", i + 1),
        8..=10 => format!("s{}", i - 7),
        _ => "nope".into(),
    }
}

fn to_command(op: &Op, board: &Board) -> Command {
    let attendees = ["a1", "a2", "ghost"];
    let codes = ["NI 1", "NI 2", "NI S", "NI T", "NI 404"];
    let objection_id = |i: usize| {
        let all = board.objections();
        if i < all.len() {
            all[i].id.clone()
        } else if i.is_multiple_of(2) && !all.is_empty() {
            all[i % all.len()].id.clone()
        } else {
            format!("X{i}")
        }
    };
    match *op {
        Op::Decide {
            priority,
            outcome,
            rationale,
            local,
            target,
        } => Command::Decide {
            priority: priority_id(priority),
            outcome: Outcome::ALL[outcome],
            rationale: RATIONALES[rationale].into(),
            local,
            target: target.map(|(p, v)| pv(PERIODS[p], VALUES[v])),
        },
        Op::Raise {
            priority,
            text,
            kind,
            by,
            alternative,
        } => Command::RaiseObjection {
            priority: priority_id(priority),
            text: TEXTS[text].into(),
            kind: ObjectionKind::ALL[kind],
            raised_by: by.map(|i| attendees[i].into()),
            alternative: alternative.map(|i| codes[i].into()),
            alternative_title: None,
        },
        Op::Resolve { objection, note } => Command::ResolveObjection {
            objection: objection_id(objection),
            note: NOTES[note].into(),
        },
        Op::Withdraw { objection, note } => Command::WithdrawObjection {
            objection: objection_id(objection),
            note: NOTES[note].into(),
        },
        Op::TakeUp(priority) => Command::TakeUp {
            priority: priority_id(priority),
        },
        Op::ToggleTimer(priority) => Command::ToggleTimer {
            priority: priority_id(priority),
        },
        Op::Answer {
            priority,
            question,
            answer,
        } => Command::AnswerChecklist {
            priority: priority_id(priority),
            question: Question::ALL[question],
            answer: Answer::ALL[answer],
        },
        Op::Position {
            priority,
            tier,
            position,
        } => Command::RecordPosition {
            priority: priority_id(priority),
            tier: TIERS[tier],
            position: Position::ALL[position],
        },
        Op::Queue { priority, attendee } => Command::QueueSpeaker {
            priority: priority_id(priority),
            attendee: attendees[attendee].into(),
        },
        Op::CallNext(priority) => Command::CallNextSpeaker {
            priority: priority_id(priority),
        },
        Op::Remove { priority, attendee } => Command::RemoveSpeaker {
            priority: priority_id(priority),
            attendee: attendees[attendee].into(),
        },
        Op::Close { force, reason } => Command::Close {
            force,
            reason: REASONS[reason].into(),
        },
        Op::Reopen(reason) => Command::Reopen {
            reason: REASONS[reason].into(),
        },
    }
}

/// Checks that a refusal is consistent with the board it was refused on.
fn assert_refusal_justified(board: &Board, command: &Command, refusal: &Refusal) {
    match (command, refusal) {
        (Command::Decide { priority, .. }, Refusal::CapReached { cap, accepted, .. }) => {
            let p = board.priority(priority).unwrap();
            assert_eq!(p.kind, PriorityKind::Designated);
            assert!(
                !matches!(p.status, Status::Accepted { .. }),
                "re-accepting is never capped"
            );
            assert_eq!(*cap, board.cap());
            assert_eq!(*accepted, board.designated_accepted());
            assert!(accepted >= cap);
        }
        (Command::Decide { priority, .. }, Refusal::StatutoryCannotBeRejected(_)) => {
            assert_eq!(
                board.priority(priority).unwrap().kind,
                PriorityKind::Statutory
            );
        }
        (_, Refusal::UnknownPriority(id)) => assert!(board.priority(id).is_none()),
        (_, Refusal::UnknownObjection(id)) => assert!(board.objection(id).is_none()),
        (_, Refusal::ObjectionNotOpen { id, .. }) => {
            assert_ne!(board.objection(id).unwrap().status, ObjectionStatus::Open)
        }
        (_, Refusal::SessionClosed { .. }) => assert!(board.closed().is_some()),
        (Command::Reopen { .. }, Refusal::NotClosed) => assert!(board.closed().is_none()),
        (Command::Close { force: false, .. }, Refusal::UndecidedItems(n)) => {
            let undecided = board
                .priorities()
                .iter()
                .filter(|p| !p.status.is_decided())
                .count();
            assert_eq!(*n, undecided);
            assert!(undecided > 0);
        }
        (_, Refusal::UnknownAttendee(id)) => assert!(board.attendee(id).is_none()),
        (Command::QueueSpeaker { priority, attendee }, Refusal::AlreadyQueued(_)) => {
            let queue = &board.priority(priority).unwrap().queue;
            assert!(queue.iter().any(|q| q == attendee), "{queue:?}");
        }
        (Command::CallNextSpeaker { priority }, Refusal::QueueEmpty(_)) => {
            assert!(board.priority(priority).unwrap().queue.is_empty())
        }
        (Command::RemoveSpeaker { priority, attendee }, Refusal::NotQueued { .. }) => {
            let p = board.priority(priority).unwrap();
            assert!(!p.queue.contains(attendee), "{:?}", p.queue);
            assert!(p.floor.as_ref().is_none_or(|f| f.attendee != *attendee));
        }
        _ => {}
    }
}

/// What a command that went through did to the board.
fn assert_applied(before: &Board, command: &Command, after: &Board) {
    // A closed session takes nothing but its reopening.
    if before.closed().is_some() {
        assert!(
            matches!(command, Command::Reopen { .. }),
            "{command:?} on a closed session"
        );
    }
    match command {
        Command::TakeUp { priority } => {
            assert_eq!(
                after.current().map(|p| p.id.as_str()),
                Some(priority.as_str())
            );
            assert!(after.priority(priority).unwrap().timer.is_running());
        }
        Command::ToggleTimer { priority } => assert_ne!(
            before.priority(priority).unwrap().timer.is_running(),
            after.priority(priority).unwrap().timer.is_running()
        ),
        Command::AnswerChecklist {
            priority,
            question,
            answer,
        } => assert_eq!(after.priority(priority).unwrap().answer(*question), *answer),
        Command::RecordPosition {
            priority,
            tier,
            position,
        } => {
            let positions = &after.priority(priority).unwrap().positions;
            assert_eq!(
                positions[TIERS.iter().position(|t| t == tier).unwrap()],
                *position
            );
        }
        Command::QueueSpeaker { priority, attendee } => {
            assert_eq!(
                after.priority(priority).unwrap().queue.last(),
                Some(attendee)
            );
        }
        Command::CallNextSpeaker { priority } => {
            let (was, now) = (
                &before.priority(priority).unwrap().queue,
                &after.priority(priority).unwrap().queue,
            );
            assert_eq!(now.as_slice(), &was[1..]);
        }
        Command::RemoveSpeaker { priority, attendee } => {
            let (was, now) = (
                before.priority(priority).unwrap(),
                after.priority(priority).unwrap(),
            );
            // Out of the queue, the others in their order; off the floor.
            let rest: Vec<&String> = was.queue.iter().filter(|a| *a != attendee).collect();
            assert_eq!(now.queue.iter().collect::<Vec<_>>(), rest);
            assert!(now.floor.as_ref().is_none_or(|f| f.attendee != *attendee));
            // The one who had the floor keeps the time they spoke.
            let spoken = |p: &caseboard_core::board::PriorityState| {
                p.spoken.iter().map(|(_, ms)| ms).sum::<i64>()
            };
            assert!(spoken(now) >= spoken(was));
            if was.floor.as_ref().is_some_and(|f| f.attendee == *attendee) {
                assert!(now.spoken.iter().any(|(who, _)| who == attendee));
            }
        }
        Command::Close { .. } => assert!(after.closed().is_some()),
        Command::Reopen { .. } => assert!(after.closed().is_none()),
        _ => {}
    }
}

/// A valid decision must go through unless the cap stands in the way.
fn assert_valid_decision_accepted(
    board: &Board,
    command: &Command,
    result: &Result<Checked, Refusal>,
) {
    let Command::Decide {
        priority,
        outcome,
        rationale,
        local,
        target,
    } = command
    else {
        return;
    };
    let Some(p) = board.priority(priority) else {
        return;
    };
    let statutory = p.kind == PriorityKind::Statutory;
    let blank = rationale.trim().is_empty();
    let target_ok = target.as_ref().is_none_or(|t| {
        t.value.is_finite() && t.value.abs() <= 1e12 && !t.period.trim().is_empty()
    });
    // A statutory target differing from its headline's proposal needs a reason.
    let proposed = board
        .headline_indicator(priority)
        .and_then(|i| i.proposed_target.clone());
    let statutory_target_ok = match (statutory, blank, target, &proposed) {
        (true, true, Some(t), Some(pr)) => t.period == pr.period && t.value == pr.value,
        _ => true,
    };
    // A closed session takes no decision, however valid.
    let valid = board.closed().is_none()
        && target_ok
        && statutory_target_ok
        && (!*local || *outcome == Outcome::Reject)
        && (target.is_none() || *outcome == Outcome::Accept)
        && (*outcome == Outcome::Accept || !blank)
        && !(statutory && *outcome == Outcome::Reject);
    let capped = !statutory
        && *outcome == Outcome::Accept
        && !matches!(p.status, Status::Accepted { .. })
        && board.designated_accepted() >= board.cap();
    if valid && !capped {
        assert!(
            result.is_ok(),
            "{command:?} refused: {:?}",
            result.as_ref().err()
        );
    }
    if result.is_ok() {
        assert!(valid && !capped, "{command:?} should have been refused");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn checked_sessions_keep_the_rules_and_fold_to_the_same_board(ops in prop::collection::vec(op(), 0..80)) {
        let pack = pack(8, 3, 4);
        let mut s = Session::new(pack.clone());
        let mut snapshots = vec![s.board.clone()];
        s.apply(EventBody::SessionCreated { pack_sha256: "0".repeat(64), caseboard_version: "test".into() });
        snapshots.push(s.board.clone());
        for op in &ops {
            let command = to_command(op, &s.board);
            let before = s.board.clone();
            let result = check(&s.board, command.clone());
            assert_valid_decision_accepted(&before, &command, &result);
            match result {
                Err(r) => {
                    assert_refusal_justified(&before, &command, &r);
                    prop_assert!(!r.to_string().is_empty());
                }
                Ok(checked) => {
                    if let EventBody::ObjectionRaised(RaisedObjection { objection, .. }) = &checked.body {
                        prop_assert!(before.objection(objection).is_none(), "{} reused", objection);
                        prop_assert!(caseboard_core::validate::valid_id(objection));
                    }
                    if let EventBody::DecisionRecorded(d) = &checked.body {
                        prop_assert_eq!(&d.open_objections, &before.open_objections_for(&d.priority));
                        let warned = !checked.warnings.is_empty();
                        prop_assert_eq!(warned, d.outcome == Outcome::Accept && !d.open_objections.is_empty());
                    }
                    let back = EventBody::from_parts(checked.body.kind(), checked.body.payload()).unwrap();
                    prop_assert_eq!(&back, &checked.body);
                    s.apply(checked.body);
                    if let EventBody::ObjectionRaised(o) = &s.events.last().unwrap().body {
                        prop_assert_eq!(&s.board.objection(&o.objection).unwrap().status, &ObjectionStatus::Open);
                    }
                    assert_applied(&before, &command, &s.board);
                    snapshots.push(s.board.clone());
                }
            }
            assert_rules_hold(&s.board, &s.events);
        }
        prop_assert_eq!(snapshots.len(), s.events.len() + 1);
        for (k, snapshot) in snapshots.iter().enumerate() {
            let folded = Board::fold(pack.clone(), &s.events[..k]);
            prop_assert!(folded == *snapshot, "fold of the first {} events differs", k);
        }
    }
}

// Arbitrary events: unknown ids, rule-breaking decisions, duplicate raises,
// out-of-order sequence numbers. Folding must never panic, and the board
// must stay internally consistent.

fn any_priority() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..12usize).prop_map(priority_id),
        Just(String::new()),
        "[a-z0-9]{0,3}",
    ]
}

fn any_objection() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["o1", "L1", "L2", "L3", "L4", "X"]).prop_map(String::from),
        "[A-Z][0-9]{0,2}",
    ]
}

fn any_target() -> impl Strategy<Value = Option<PeriodValue>> {
    // Every f64 but NaN (NaN != NaN would defeat the board comparisons).
    use prop::num::f64 as f;
    let value = f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO | f::INFINITE;
    prop::option::of((".{0,4}", value).prop_map(|(period, value)| PeriodValue { period, value }))
}

fn any_body() -> impl Strategy<Value = EventBody> {
    prop_oneof![
        3 => (any_priority(), 0..3usize, ".{0,3}", any::<bool>(), any_target(), prop::collection::vec(any_objection(), 0..3))
            .prop_map(|(priority, o, rationale, local, target, open_objections)| EventBody::DecisionRecorded(Decision {
                priority, outcome: Outcome::ALL[o], rationale, local, target, open_objections
            })),
        2 => (any_objection(), any_priority(), ".{0,3}", 0..7usize, prop::option::of(".{0,3}"), prop::option::of(".{0,3}"), prop::option::of(".{0,3}"))
            .prop_map(|(objection, priority, text, k, raised_by, alternative, alternative_title)| EventBody::ObjectionRaised(RaisedObjection {
                objection, priority, text, kind: ObjectionKind::ALL[k], raised_by, alternative, alternative_title
            })),
        1 => (any_objection(), any_priority(), ".{0,3}")
            .prop_map(|(objection, priority, note)| EventBody::ObjectionResolved(ObjectionClosed { objection, priority, note })),
        1 => (any_objection(), any_priority(), ".{0,3}")
            .prop_map(|(objection, priority, note)| EventBody::ObjectionWithdrawn(ObjectionClosed { objection, priority, note })),
        1 => (".{0,4}", ".{0,4}").prop_map(|(pack_sha256, caseboard_version)| EventBody::SessionCreated { pack_sha256, caseboard_version }),
        1 => any_priority().prop_map(|priority| EventBody::ItemTakenUp(PriorityRef { priority })),
        1 => any_priority().prop_map(|priority| EventBody::TimerStarted(PriorityRef { priority })),
        1 => any_priority().prop_map(|priority| EventBody::TimerStopped(PriorityRef { priority })),
        1 => (any_priority(), 0..6usize, 0..3usize).prop_map(|(priority, q, a)| EventBody::ChecklistAnswered(ChecklistAnswer {
                priority, question: Question::ALL[q], answer: Answer::ALL[a]
            })),
        1 => (any_priority(), 0..3usize, 0..3usize).prop_map(|(priority, t, p)| EventBody::TierPositionRecorded(TierPosition {
                priority, tier: TIERS[t], position: Position::ALL[p]
            })),
        1 => (any_priority(), prop::sample::select(vec!["a1", "a2", "ghost", ""])).prop_map(|(priority, attendee)| EventBody::SpeakerQueued(Speaker {
                priority, attendee: attendee.into()
            })),
        1 => (any_priority(), prop::sample::select(vec!["a1", "a2", "ghost", ""])).prop_map(|(priority, attendee)| EventBody::SpeakerCalled(Speaker {
                priority, attendee: attendee.into()
            })),
        1 => (any_priority(), prop::sample::select(vec!["a1", "a2", "ghost", ""])).prop_map(|(priority, attendee)| EventBody::SpeakerRemoved(Speaker {
                priority, attendee: attendee.into()
            })),
        1 => (".{0,3}", any::<bool>(), prop::collection::vec(any_priority(), 0..3)).prop_map(|(reason, forced, undecided)| EventBody::SessionClosed(Closure {
                reason, forced, undecided
            })),
        1 => ".{0,3}".prop_map(|reason| EventBody::SessionReopened(Reopening { reason })),
    ]
}

fn any_event() -> impl Strategy<Value = Event> {
    (
        any::<u64>(),
        -10_000_000_000i64..10_000_000_000i64,
        ".{0,4}",
        any_body(),
    )
        .prop_map(|(seq, secs, actor, body)| Event {
            seq,
            at: Utc.timestamp_opt(secs, 0).unwrap(),
            actor,
            body,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_events_never_panic(events in prop::collection::vec(any_event(), 0..60)) {
        let pack = pack(8, 3, 4);
        let mut board = Board::new(pack.clone());
        let mut max_seq = 0;
        for e in &events {
            board.apply(e);
            max_seq = max_seq.max(e.seq);
            assert_consistent(&board);
            prop_assert_eq!(board.last_seq(), max_seq);
            // The rules still answer (never panic) on whatever board results.
            for i in 0..12 {
                let _ = check(&board, accept(&priority_id(i)));
                let _ = check(&board, raise(&priority_id(i), ObjectionKind::Other, None, None));
            }
            let next = board.next_objection_id();
            prop_assert!(board.objection(&next).is_none());
        }
        let folded = Board::fold(pack, &events);
        prop_assert!(folded == board);
    }
}

/// The timers and the superseded decisions as the log says them, worked
/// out the plain way (every clock looked at on every event; every decision
/// compared with the one before it on its priority), for the board's own
/// bookkeeping to be checked against.
struct Plainly {
    timers: HashMap<String, (i64, Option<DateTime<Utc>>)>,
    latest: HashMap<String, u64>,
    superseded: HashMap<u64, u64>,
}

impl Plainly {
    fn new(pack: &Pack) -> Self {
        Plainly {
            timers: pack
                .priorities
                .iter()
                .map(|p| (p.id.clone(), (0, None)))
                .collect(),
            latest: HashMap::new(),
            superseded: HashMap::new(),
        }
    }

    fn stop(clock: &mut (i64, Option<DateTime<Utc>>), at: DateTime<Utc>) {
        if let Some(since) = clock.1.take() {
            clock.0 += (at - since).num_milliseconds().max(0);
        }
    }

    fn apply(&mut self, e: &Event) {
        match &e.body {
            EventBody::ItemTakenUp(r) | EventBody::TimerStarted(r)
                if self.timers.contains_key(&r.priority) =>
            {
                let taken_up = matches!(e.body, EventBody::ItemTakenUp(_));
                for (id, clock) in self.timers.iter_mut() {
                    if taken_up || *id != r.priority {
                        Self::stop(clock, e.at);
                    }
                }
                let clock = self.timers.get_mut(&r.priority).unwrap();
                clock.1.get_or_insert(e.at);
            }
            EventBody::TimerStopped(r) => {
                if let Some(clock) = self.timers.get_mut(&r.priority) {
                    Self::stop(clock, e.at);
                }
            }
            // Closing the session stops whichever clock runs.
            EventBody::SessionClosed(_) => {
                for clock in self.timers.values_mut() {
                    Self::stop(clock, e.at);
                }
            }
            EventBody::DecisionRecorded(d) => {
                if let Some(earlier) = self.latest.insert(d.priority.clone(), e.seq) {
                    self.superseded.insert(earlier, e.seq);
                }
            }
            _ => {}
        }
    }
}

fn timer_heavy_event() -> impl Strategy<Value = Event> {
    let body = prop_oneof![
        3 => any_priority().prop_map(|priority| EventBody::ItemTakenUp(PriorityRef { priority })),
        3 => any_priority().prop_map(|priority| EventBody::TimerStarted(PriorityRef { priority })),
        3 => any_priority().prop_map(|priority| EventBody::TimerStopped(PriorityRef { priority })),
        2 => any_body(),
    ];
    (1..1_000_000u64, -100_000i64..100_000i64, body).prop_map(|(seq, ms, body)| Event {
        seq,
        at: Utc.timestamp_opt(1_200_000_000, 0).unwrap() + chrono::Duration::milliseconds(ms),
        actor: "Note Taker".into(),
        body,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The board keeps only the running clock and each priority's latest
    /// decision in view; what it shows is what looking at everything shows.
    #[test]
    fn timers_and_superseded_decisions_are_what_the_whole_log_says(
        events in prop::collection::vec(prop_oneof![timer_heavy_event(), any_event()], 0..80),
    ) {
        let pack = pack(8, 3, 4);
        let mut board = Board::new(pack.clone());
        let mut plainly = Plainly::new(&pack);
        for e in &events {
            board.apply(e);
            plainly.apply(e);
            for p in board.priorities() {
                let (ms, since) = plainly.timers[&p.id];
                prop_assert_eq!(p.timer.accumulated_ms, ms, "{}", p.id);
                prop_assert_eq!(p.timer.running_since, since, "{}", p.id);
            }
            prop_assert!(board.priorities().iter().filter(|p| p.timer.is_running()).count() <= 1);
        }
        for e in &events {
            prop_assert_eq!(board.superseded_by(e.seq), plainly.superseded.get(&e.seq).copied());
        }
    }
}
