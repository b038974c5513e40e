//! Review and replay: the whole log as a timeline, and the board as it
//! stood at any event of it (a fold of the log up to that event).

use caseboard_core::{Board, Event, EventBody, Pack};
use std::sync::{mpsc, Arc};

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

/// How many boards a review keeps at most. A board of the large session
/// takes 1.5–4.5 MB and one of 5,000 priorities 15–45 MB (a clone is as
/// dear as folding 17,000 events), so memory, not the fold, bounds them.
const MOST_SNAPSHOTS: usize = 4;

/// The fewest events between two kept boards: below this a log is cheap to
/// fold from its start.
const LEAST_EVERY: usize = 500;

/// How many events apart a review of `len` events keeps its boards.
pub fn snapshot_every(len: usize) -> usize {
    len.div_ceil(MOST_SNAPSHOTS + 1).max(LEAST_EVERY)
}

pub struct Review {
    events: Vec<Event>,
    pack: Arc<Pack>,
    /// Events between two kept boards.
    every: usize,
    /// `snapshots[k]` is the board after the first `(k + 1) * every`
    /// events, kept during the first fold.
    snapshots: Vec<Board>,
    /// Events folded by replays since the review opened: what a step costs.
    folded: u64,
    /// Where replaced boards go to be freed, off the step's path (freeing a
    /// large board costs as much as cloning one).
    discard: Option<mpsc::Sender<Board>>,
    /// Indices of the events the filter lets through.
    shown: Vec<usize>,
    /// Position in `shown` of the event the board is replayed to.
    pub cursor: usize,
    /// First timeline row on screen.
    pub offset: usize,
    pub filter_text: String,
}

impl Review {
    /// A review of `events` on `pack`, at the last one. Folds the log once,
    /// keeping a board every [`snapshot_every`] events.
    pub fn new(pack: Arc<Pack>, events: Vec<Event>) -> Self {
        let every = snapshot_every(events.len());
        Review::keeping_every(pack, events, every)
    }

    /// A review that keeps a board every `every` events (at least one).
    pub fn keeping_every(pack: Arc<Pack>, events: Vec<Event>, every: usize) -> Self {
        let every = every.max(1);
        let mut board = Board::new(pack.clone());
        let mut snapshots = Vec::with_capacity(events.len() / every);
        for (i, e) in events.iter().enumerate() {
            board.apply(e);
            if (i + 1) % every == 0 {
                snapshots.push(board.clone());
            }
        }
        let shown: Vec<usize> = (0..events.len()).collect();
        let cursor = shown.len().saturating_sub(1);
        Review {
            events,
            pack,
            every,
            snapshots,
            folded: 0,
            discard: None,
            shown,
            cursor,
            offset: 0,
            filter_text: String::new(),
        }
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events between two kept boards: the most a replay folds.
    pub fn every(&self) -> usize {
        self.every
    }

    /// Events folded by replays since the review opened.
    pub fn folded(&self) -> u64 {
        self.folded
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

    /// How many events of the log a board folded up to `seq` holds.
    fn position_of(&self, seq: u64) -> usize {
        self.events.partition_point(|e| e.seq <= seq)
    }

    /// How many events the board at the cursor holds.
    fn target(&self) -> usize {
        self.at().map_or(0, |e| self.position_of(e.seq))
    }

    /// The kept board nearest at or before `position`, and where it stands.
    fn snapshot_before(&self, position: usize) -> (Board, usize) {
        let k = (position / self.every).min(self.snapshots.len());
        match k.checked_sub(1).and_then(|k| self.snapshots.get(k)) {
            Some(board) => (board.clone(), k * self.every),
            None => (Board::new(self.pack.clone()), 0),
        }
    }

    /// The board as it stood right after the event at the cursor: the kept
    /// board before it, with at most [`Review::every`] events folded on.
    pub fn board(&self) -> Board {
        let target = self.target();
        let (mut board, from) = self.snapshot_before(target);
        for e in &self.events[from..target] {
            board.apply(e);
        }
        board
    }

    /// Brings `board` to the event at the cursor: forward by applying the
    /// events in between when that folds fewer than starting again from the
    /// kept board before the cursor, which it does otherwise.
    pub fn replay(&mut self, board: &mut Board) {
        let target = self.target();
        let current = self.position_of(board.last_seq());
        if target == current {
            return;
        }
        let from = (target / self.every).min(self.snapshots.len()) * self.every;
        if target > current && target - current <= (target - from).max(1) {
            for e in &self.events[current..target] {
                board.apply(e);
            }
            self.folded += (target - current) as u64;
        } else {
            let (mut replayed, from) = self.snapshot_before(target);
            for e in &self.events[from..target] {
                replayed.apply(e);
            }
            self.folded += (target - from) as u64;
            let replaced = std::mem::replace(board, replayed);
            self.discard(replaced);
        }
    }

    /// Frees a board on a thread of its own, or here if none can be started.
    fn discard(&mut self, board: Board) {
        if self.discard.is_none() {
            let (send, receive) = mpsc::channel::<Board>();
            let started = std::thread::Builder::new()
                .name("review-discard".into())
                .spawn(move || receive.into_iter().for_each(drop));
            if started.is_ok() {
                self.discard = Some(send);
            }
        }
        match &self.discard {
            Some(send) => {
                if let Err(mpsc::SendError(board)) = send.send(board) {
                    self.discard = None;
                    drop(board);
                }
            }
            None => drop(board),
        }
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
