//! Review and replay: the whole log as a timeline, and the board as it
//! stood at any event of it (a fold of the log up to that event).

use caseboard_core::{Board, Event, EventBody};
use std::sync::Arc;

/// The timeline filter: words that must all match an event. A bare word
/// matches its kind, priority, actor or description; `kind:`, `priority:`
/// and `actor:` narrow a word to one of those.
fn matches(event: &Event, board: &Board, filter: &str) -> bool {
    let kind = event.body.kind();
    let priority = event.body.priority().unwrap_or("").to_lowercase();
    let actor = event.actor.to_lowercase();
    filter.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        match word.split_once(':') {
            Some(("kind", v)) => kind.contains(v),
            Some(("priority", v)) => priority == v || priority.starts_with(v),
            Some(("actor", v)) => actor.contains(v),
            _ => {
                kind.contains(&word)
                    || priority.contains(&word)
                    || actor.contains(&word)
                    || event.body.describe(board).to_lowercase().contains(&word)
            }
        }
    })
}

pub struct Review {
    events: Vec<Event>,
    /// Indices of the events the filter lets through.
    shown: Vec<usize>,
    /// Position in `shown` of the event the board is replayed to.
    pub cursor: usize,
    /// First timeline row on screen.
    pub offset: usize,
    pub filter_text: String,
}

impl Review {
    /// A review of `events`, at the last one.
    pub fn new(events: Vec<Event>) -> Self {
        let shown: Vec<usize> = (0..events.len()).collect();
        let cursor = shown.len().saturating_sub(1);
        Review {
            events,
            shown,
            cursor,
            offset: 0,
            filter_text: String::new(),
        }
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &Event> + '_ {
        self.shown.iter().map(|&i| &self.events[i])
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// The event the board is replayed to.
    pub fn at(&self) -> Option<&Event> {
        self.shown.get(self.cursor).map(|&i| &self.events[i])
    }

    /// Moves the cursor, keeping `page` rows in view.
    pub fn go(&mut self, index: usize, page: usize) {
        self.cursor = index.min(self.shown.len().saturating_sub(1));
        let page = page.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
    }

    /// Re-applies the filter, staying at the same event when it is still
    /// shown, else at the nearest one before it.
    pub fn refilter(&mut self, board: &Board, page: usize) {
        let at = self.at().map(|e| e.seq).unwrap_or(0);
        self.shown = (0..self.events.len())
            .filter(|&i| matches(&self.events[i], board, &self.filter_text))
            .collect();
        let index = self
            .shown
            .iter()
            .rposition(|&i| self.events[i].seq <= at)
            .unwrap_or(0);
        self.offset = 0;
        self.go(index, page);
    }

    /// The board as it stood right after the event at the cursor.
    pub fn board(&self, pack: &Arc<caseboard_core::Pack>) -> Board {
        let upto = self.at().map(|e| e.seq).unwrap_or(0);
        Board::fold(
            pack.clone(),
            self.events.iter().take_while(|e| e.seq <= upto),
        )
    }

    /// The position in the timeline of the last decision on `priority`.
    pub fn decision_of(&self, priority: &str) -> Option<usize> {
        self.shown.iter().rposition(|&i| {
            matches!(&self.events[i].body, EventBody::DecisionRecorded(d) if d.priority == priority)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// A board whose pack names one attendee, `go`.
    fn board() -> Board {
        let pack = caseboard_core::validate::parse_pack(
            r#"{"format": "caseboard-pack/1",
                "conference": {"title": "T", "partnership": "P", "government_office": "G", "date": "2008-03-12"},
                "themes": [{"id": "cyp", "name": "Children"}],
                "attendees": [{"id": "go", "name": "Bob Regional", "organisation": "GO", "tier": "regional"}],
                "indicators": [{"code": "NI 1", "title": "One"}],
                "priorities": [{"id": "P1", "title": "One", "kind": "designated", "themes": ["cyp"], "indicators": ["NI 1"]}]}"#,
        )
        .expect("a valid pack");
        Board::new(Arc::new(pack))
    }

    fn event(seq: u64, actor: &str, body: EventBody) -> Event {
        Event {
            seq,
            at: Utc::now(),
            actor: actor.into(),
            body,
        }
    }

    #[test]
    fn filter_words_and_fields() {
        let created = event(
            1,
            "ann",
            EventBody::SessionCreated {
                pack_sha256: "x".into(),
                caseboard_version: "1".into(),
            },
        );
        let taken = event(
            2,
            "bob",
            EventBody::ItemTakenUp(caseboard_core::event::PriorityRef {
                priority: "P07".into(),
            }),
        );
        let board = board();
        assert!(matches(&taken, &board, "kind:taken priority:p07 actor:bob"));
        assert!(!matches(&taken, &board, "actor:ann"));
        assert!(matches(&created, &board, "ann"));
        assert!(matches(&taken, &board, ""));
        // People are found by the name the timeline shows, not by their id.
        let queued = event(
            3,
            "bob",
            EventBody::SpeakerQueued(caseboard_core::event::Speaker {
                priority: "P1".into(),
                attendee: "go".into(),
            }),
        );
        assert!(matches(&queued, &board, "regional"));
    }
}
