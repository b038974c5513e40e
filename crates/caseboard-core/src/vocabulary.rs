//! The display vocabulary: how a status, a decision and an event are put in
//! words. Every screen, report and export says these things the same way
//! because they all say them from here.
//!
//! People are shown by name: an attendee id on the record is looked up in
//! the pack, and text that is not an id (an action owner typed as a name or
//! an organisation) is shown as typed.

use super::board::{Board, ObjectionState, Status};
use super::event::{fmt_value, Decision, EventBody, Outcome};
use super::meeting::tier_title;
use super::pack::{ObjectionKind, PeriodValue, PriorityKind, Tier};
use super::text::display_line_cut;

/// An accepted priority with no agreed target yet.
pub const TARGET_TO_BE_SET: &str = "target to be set";

/// [`TARGET_TO_BE_SET`] where a column already says it is the target.
pub const TO_BE_SET: &str = "to be set";

/// What a priority rejected as a designated target but kept becomes.
pub const KEPT_AS_LOCAL: &str = "kept as a local priority";

/// The board's mark for a designated priority accepted without a target.
pub const TARGET_TO_BE_SET_MARK: &str = "*";

impl Tier {
    /// The tier as a heading over its attendees ("Local", "Regional",
    /// "Central"), as the minutes group them.
    pub fn heading(self) -> &'static str {
        match self {
            Tier::Local => "Local",
            Tier::Regional => "Regional",
            Tier::Central => "Central",
        }
    }

    /// The vertical test's party in few letters, for a narrow projector:
    /// the short form of [`crate::meeting::tier_title`].
    pub fn short_title(self) -> &'static str {
        match self {
            Tier::Local => "Locality",
            Tier::Regional => "Govt Office",
            Tier::Central => "Lead dept",
        }
    }
}

impl ObjectionKind {
    /// The kind in words for people ("counter proposal"); [`ObjectionKind::as_str`]
    /// is the word the pack and the record use ("counter_proposal").
    pub fn phrase(self) -> &'static str {
        match self {
            ObjectionKind::Evidence => "evidence",
            ObjectionKind::IndicatorQuality => "indicator quality",
            ObjectionKind::LocalNotDesignated => "local not designated",
            ObjectionKind::Resourcing => "resourcing",
            ObjectionKind::Ownership => "ownership",
            ObjectionKind::CounterProposal => "counter proposal",
            ObjectionKind::Other => "other",
        }
    }
}

impl Status {
    /// Every status once (accepted without a target), for going through them all.
    pub const ORDER: [Status; 5] = [
        Status::Undecided,
        Status::Accepted { target: None },
        Status::Rejected,
        Status::KeptLocal,
        Status::Deferred,
    ];

    /// The status in one word, as the board, the views and exports say it.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Undecided => "undecided",
            Status::Accepted { .. } => "accepted",
            Status::Rejected => "rejected",
            Status::KeptLocal => "local",
            Status::Deferred => "deferred",
        }
    }

    /// The status's symbol: shown with the word, so colour is never the
    /// only signal.
    pub fn symbol(&self) -> &'static str {
        match self {
            Status::Undecided => "·",
            Status::Accepted { .. } => "✓",
            Status::Rejected => "✗",
            Status::KeptLocal => "◇",
            Status::Deferred => "…",
        }
    }

    /// The status in running text ("kept local" where a column says "local").
    pub fn phrase(&self) -> &'static str {
        match self {
            Status::KeptLocal => "kept local",
            other => other.word(),
        }
    }

    /// The status as a banner announces it, in capitals.
    pub fn banner(&self) -> &'static str {
        match self {
            Status::Undecided => "UNDECIDED",
            Status::Accepted { .. } => "ACCEPTED",
            Status::Rejected => "REJECTED",
            Status::KeptLocal => "KEPT LOCAL",
            Status::Deferred => "DEFERRED",
        }
    }

    /// Symbol and word, as the board's status column shows them; a
    /// designated priority accepted without a target carries
    /// [`TARGET_TO_BE_SET_MARK`].
    pub fn label(&self, kind: PriorityKind) -> &'static str {
        match (self, kind) {
            (Status::Accepted { target: None }, PriorityKind::Designated) => "✓ accepted*",
            (Status::Accepted { .. }, _) => "✓ accepted",
            (Status::Undecided, _) => "· undecided",
            (Status::Rejected, _) => "✗ rejected",
            (Status::KeptLocal, _) => "◇ local",
            (Status::Deferred, _) => "… deferred",
        }
    }

    /// The decision a priority stands at, as one headline: symbol, what was
    /// decided and what follows from it. Empty while undecided.
    pub fn headline(&self) -> String {
        let said = match self {
            Status::Accepted { target: Some(t) } => format!(
                "Accepted · agreed target {} = {}",
                display_line_cut(&t.period, 32),
                fmt_value(t.value)
            ),
            Status::Accepted { target: None } => format!("Accepted · {TARGET_TO_BE_SET}"),
            Status::Rejected => "Rejected".to_string(),
            Status::KeptLocal => format!("Rejected as designated · {KEPT_AS_LOCAL}"),
            Status::Deferred => "Deferred".to_string(),
            Status::Undecided => return String::new(),
        };
        format!("{} {said}", self.symbol())
    }
}

/// An agreed target as the record writes it: `2010/11 = 42`.
pub fn target_text(target: &PeriodValue) -> String {
    format!("{} = {}", target.period, fmt_value(target.value))
}

/// An indicator proposed instead, in words (not yet cleaned for display):
/// its code and title, the title given in the room marked "(not in the
/// pack)", or the code alone when no title is known.
pub fn alternative_words(code: &str, pack_title: Option<&str>, room_title: Option<&str>) -> String {
    match (room_title, pack_title) {
        (Some(title), _) => format!("{code} {title} (not in the pack)"),
        (None, Some(title)) => format!("{code} {title}"),
        (None, None) => code.to_string(),
    }
}

impl Decision {
    /// What was decided, in one line: `accepted, target 2010/11 = 42`,
    /// `rejected, kept as a local priority`, `deferred`. Without the
    /// rationale, which callers place as they need.
    pub fn summary(&self) -> String {
        let mut s = match (self.outcome, self.local) {
            (Outcome::Reject, true) => format!("rejected, {KEPT_AS_LOCAL}"),
            (Outcome::Accept, _) => "accepted".to_string(),
            (Outcome::Reject, false) => "rejected".to_string(),
            (Outcome::Defer, _) => "deferred".to_string(),
        };
        if let Some(t) = &self.target {
            s.push_str(", target ");
            s.push_str(&target_text(t));
        }
        s
    }

    /// The open objections it was taken over, as `over open objections
    /// O1, L1`; `None` when there were none.
    pub fn over_objections(&self) -> Option<String> {
        (!self.open_objections.is_empty())
            .then(|| format!("over open objections {}", self.open_objections.join(", ")))
    }

    /// Why, as recorded, with the open objections it was taken over:
    /// `Evidence is strong (taken over open objections O1, L1)`.
    pub fn rationale_words(&self) -> String {
        let mut s = self.rationale.trim().to_string();
        if let Some(over) = self.over_objections() {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&format!("(taken {over})"));
        }
        s
    }
}

impl ObjectionState {
    /// When it was raised: `before the meeting` (known from the pack) or
    /// `in the meeting`.
    pub fn raised_when(&self) -> &'static str {
        match self.raised_at {
            None => "before the meeting",
            Some(_) => "in the meeting",
        }
    }
}

impl Board {
    /// The name to show for a person on the record: an attendee's name, or
    /// the text itself when it is not an attendee id (an owner typed as a
    /// name or an organisation, or an id the pack does not know).
    pub fn name_of<'a>(&'a self, who: &'a str) -> &'a str {
        self.attendee(who).map(|a| a.name.as_str()).unwrap_or(who)
    }
}

impl EventBody {
    /// One line for humans: what the event says, with people by name.
    pub fn describe(&self, board: &Board) -> String {
        let name = |id: &str| board.name_of(id).to_string();
        match self {
            EventBody::SessionCreated {
                caseboard_version, ..
            } => {
                format!("session created by caseboard {caseboard_version}")
            }
            EventBody::DecisionRecorded(d) => {
                let mut s = d.summary();
                if !d.rationale.is_empty() {
                    s.push_str(&format!(": {}", d.rationale));
                }
                if let Some(over) = d.over_objections() {
                    s.push_str(&format!(" ({over})"));
                }
                s
            }
            EventBody::ObjectionRaised(o) => {
                let mut s = format!("objection {} raised ({})", o.objection, o.kind.phrase());
                if let Some(by) = &o.raised_by {
                    s.push_str(&format!(" by {}", name(by)));
                }
                if let Some(alt) = &o.alternative {
                    // As recorded: the pack's title is not looked up here.
                    let words = alternative_words(alt, None, o.alternative_title.as_deref());
                    s.push_str(&format!(", proposing {words} instead"));
                }
                s.push_str(&format!(": {}", o.text));
                s
            }
            EventBody::ObjectionResolved(c) => settled(&c.objection, "resolved", &c.note),
            EventBody::ObjectionWithdrawn(c) => settled(&c.objection, "withdrawn", &c.note),
            EventBody::ItemTakenUp(_) => "taken up for discussion".to_string(),
            EventBody::TimerStarted(_) => "item timer started".to_string(),
            EventBody::TimerStopped(_) => "item timer stopped".to_string(),
            EventBody::ChecklistAnswered(c) => {
                format!("checklist: {} {}", c.question.text(), c.answer.as_str())
            }
            EventBody::TierPositionRecorded(t) => {
                format!("{} position: {}", tier_title(t.tier), t.position.as_str())
            }
            EventBody::NoteAdded(n) => format!("note: {}", n.text),
            EventBody::ActionAdded(a) => {
                let mut s = format!("action: {}", a.text);
                if let Some(owner) = &a.owner {
                    s.push_str(&format!(" (owner {})", name(owner)));
                }
                if let Some(due) = &a.due {
                    s.push_str(&format!(" due {due}"));
                }
                s
            }
            EventBody::AttendanceRecorded(a) => {
                format!("{} {}", name(&a.attendee), a.presence.as_str())
            }
            EventBody::SpeakerQueued(s) => {
                format!("{} joins the speakers queue", name(&s.attendee))
            }
            EventBody::SpeakerCalled(s) => format!("{} has the floor", name(&s.attendee)),
            EventBody::SpeakerRemoved(s) => {
                format!("{} taken out of the speakers queue", name(&s.attendee))
            }
            EventBody::SessionClosed(c) => {
                let mut s = if c.forced {
                    format!(
                        "session closed with {} item(s) undecided",
                        c.undecided.len()
                    )
                } else {
                    "session closed".to_string()
                };
                if !c.reason.is_empty() {
                    s.push_str(&format!(": {}", c.reason));
                }
                s
            }
            EventBody::SessionReopened(r) => format!("session reopened: {}", r.reason),
        }
    }
}

/// "objection L1 withdrawn", with its note after a colon when it has one.
fn settled(objection: &str, how: &str, note: &str) -> String {
    match note.trim() {
        "" => format!("objection {objection} {how}"),
        note => format!("objection {objection} {how}: {note}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{ActionItem, Attendance, Decision, RaisedObjection, Speaker};
    use crate::meeting::Presence;
    use crate::pack::ObjectionKind;
    use crate::testing;

    fn target() -> PeriodValue {
        PeriodValue {
            period: "2010/11".to_string(),
            value: 42.0,
        }
    }

    #[test]
    fn each_status_has_one_word_symbol_phrase_and_banner() {
        let said: Vec<_> = Status::ORDER
            .iter()
            .map(|s| (s.word(), s.symbol(), s.phrase(), s.banner()))
            .collect();
        assert_eq!(
            said,
            [
                ("undecided", "·", "undecided", "UNDECIDED"),
                ("accepted", "✓", "accepted", "ACCEPTED"),
                ("rejected", "✗", "rejected", "REJECTED"),
                ("local", "◇", "kept local", "KEPT LOCAL"),
                ("deferred", "…", "deferred", "DEFERRED"),
            ]
        );
        for s in Status::ORDER {
            assert_eq!(s.banner(), s.phrase().to_uppercase());
        }
    }

    #[test]
    fn the_target_to_be_set_reads_the_same_short_or_long() {
        assert_eq!(TARGET_TO_BE_SET, format!("target {TO_BE_SET}"));
    }

    #[test]
    fn the_board_label_is_symbol_and_word_and_marks_a_missing_target() {
        for s in Status::ORDER {
            assert_eq!(
                s.label(PriorityKind::Statutory),
                format!("{} {}", s.symbol(), s.word())
            );
        }
        let open = Status::Accepted { target: None };
        assert_eq!(
            open.label(PriorityKind::Designated),
            format!("✓ accepted{TARGET_TO_BE_SET_MARK}")
        );
        let set = Status::Accepted {
            target: Some(target()),
        };
        assert_eq!(set.label(PriorityKind::Designated), "✓ accepted");
    }

    #[test]
    fn the_headline_says_what_follows_from_the_decision() {
        let set = Status::Accepted {
            target: Some(target()),
        };
        assert_eq!(set.headline(), "✓ Accepted · agreed target 2010/11 = 42");
        assert_eq!(
            Status::Accepted { target: None }.headline(),
            "✓ Accepted · target to be set"
        );
        assert_eq!(
            Status::KeptLocal.headline(),
            "◇ Rejected as designated · kept as a local priority"
        );
        assert_eq!(Status::Deferred.headline(), "… Deferred");
        assert_eq!(Status::Undecided.headline(), "");
    }

    fn decision(outcome: Outcome, local: bool, target: Option<PeriodValue>) -> Decision {
        Decision {
            priority: "P1".to_string(),
            outcome,
            rationale: "Because".to_string(),
            local,
            target,
            open_objections: Vec::new(),
        }
    }

    #[test]
    fn a_decision_summary_is_the_outcome_and_any_target() {
        let cases = [
            (
                decision(Outcome::Accept, false, Some(target())),
                "accepted, target 2010/11 = 42",
            ),
            (decision(Outcome::Accept, false, None), "accepted"),
            (decision(Outcome::Reject, false, None), "rejected"),
            (
                decision(Outcome::Reject, true, None),
                "rejected, kept as a local priority",
            ),
            (decision(Outcome::Defer, false, None), "deferred"),
        ];
        for (d, said) in cases {
            assert_eq!(d.summary(), said);
        }
    }

    #[test]
    fn a_decision_is_described_with_its_rationale_and_open_objections() {
        let board = testing::board();
        let mut d = decision(Outcome::Accept, false, Some(target()));
        d.open_objections = vec!["O1".to_string(), "L1".to_string()];
        assert_eq!(
            EventBody::DecisionRecorded(d).describe(&board),
            "accepted, target 2010/11 = 42: Because (over open objections O1, L1)"
        );
    }

    #[test]
    fn a_settled_objection_without_a_note_ends_without_a_colon() {
        let board = testing::board();
        let closed = |note: &str| crate::event::ObjectionClosed {
            objection: "L1".to_string(),
            priority: "P1".to_string(),
            note: note.to_string(),
        };
        let said = |body: EventBody| body.describe(&board);
        assert_eq!(
            said(EventBody::ObjectionWithdrawn(closed(""))),
            "objection L1 withdrawn"
        );
        assert_eq!(
            said(EventBody::ObjectionResolved(closed("  "))),
            "objection L1 resolved"
        );
        assert_eq!(
            said(EventBody::ObjectionResolved(closed(
                "answered by the survey"
            ))),
            "objection L1 resolved: answered by the survey"
        );
    }

    #[test]
    fn events_name_people_not_ids() {
        let board = testing::board();
        let said = |body: EventBody| body.describe(&board);
        assert_eq!(
            said(EventBody::AttendanceRecorded(Attendance {
                attendee: "go".to_string(),
                presence: Presence::Present,
            })),
            "Bob Regional present"
        );
        let speaker = Speaker {
            priority: "P1".to_string(),
            attendee: "chair".to_string(),
        };
        assert_eq!(
            said(EventBody::SpeakerQueued(speaker.clone())),
            "Ann Chair joins the speakers queue"
        );
        assert_eq!(
            said(EventBody::SpeakerCalled(speaker.clone())),
            "Ann Chair has the floor"
        );
        assert_eq!(
            said(EventBody::SpeakerRemoved(speaker)),
            "Ann Chair taken out of the speakers queue"
        );
        assert_eq!(
            said(EventBody::ObjectionRaised(RaisedObjection {
                objection: "L1".to_string(),
                priority: "P1".to_string(),
                text: "Use the other measure".to_string(),
                kind: ObjectionKind::CounterProposal,
                raised_by: Some("go".to_string()),
                alternative: Some("NI 2".to_string()),
                alternative_title: None,
            })),
            "objection L1 raised (counter proposal) by Bob Regional, proposing NI 2 instead: Use the other measure"
        );
        // An owner is an attendee id or a name typed as it is: both read as names.
        let action = |owner: &str| {
            EventBody::ActionAdded(ActionItem {
                priority: None,
                text: "Write to the PCT".to_string(),
                owner: Some(owner.to_string()),
                due: Some("2008-04-01".to_string()),
            })
        };
        assert_eq!(
            said(action("chair")),
            "action: Write to the PCT (owner Ann Chair) due 2008-04-01"
        );
        assert_eq!(
            said(action("The PCT")),
            "action: Write to the PCT (owner The PCT) due 2008-04-01"
        );
    }

    #[test]
    fn name_of_falls_back_to_what_was_typed() {
        let board = testing::board();
        assert_eq!(board.name_of("go"), "Bob Regional");
        assert_eq!(board.name_of("nobody"), "nobody");
    }
}
