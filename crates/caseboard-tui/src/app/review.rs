//! Review and replay: the whole log as a timeline, and the board as it
//! stood at any event of it (a fold of the log up to that event).

use caseboard_core::{Board, Event, EventBody, Pack};
use std::sync::{mpsc, Arc, OnceLock};

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

/// How many boards a review keeps at most. A kept board shares every row
/// the log has not changed since with the boards after it (the board's rows
/// are copied on write), so it costs a pointer a row plus the rows the next
/// stretch of the log changes: 64 of them keep a step back to a fold of at
/// most 1/64 of the log, about 3 ms at 200,000 events.
const MOST_SNAPSHOTS: usize = 64;

/// The fewest events between two kept boards: below this a stretch of the
/// log folds in well under a millisecond.
const LEAST_EVERY: usize = 250;

/// How many events apart a review of `len` events keeps its boards.
pub fn snapshot_every(len: usize) -> usize {
    len.div_ceil(MOST_SNAPSHOTS).max(LEAST_EVERY)
}

/// The log a review replays and the boards kept during its first fold,
/// shared with the thread that prepares boards ahead of the cursor.
struct Kept {
    events: Vec<Event>,
    pack: Arc<Pack>,
    /// Events between two kept boards.
    every: usize,
    /// `boards[k]` is the board after the first `(k + 1) * every` events.
    /// The review's thread folds them as the review opens (the board on
    /// screen is already folded); a replay that needs them first waits.
    boards: OnceLock<Vec<Board>>,
}

impl Kept {
    /// The kept boards, folding them here if no other thread is.
    fn boards(&self) -> &[Board] {
        self.boards.get_or_init(|| {
            let mut board = Board::new(self.pack.clone());
            let mut boards = Vec::with_capacity(self.events.len() / self.every);
            for (i, e) in self.events.iter().enumerate() {
                board.apply(e);
                if (i + 1) % self.every == 0 {
                    boards.push(board.clone());
                }
            }
            boards
        })
    }

    /// How many events of the log a board folded up to `seq` holds.
    fn position_of(&self, seq: u64) -> usize {
        self.events.partition_point(|e| e.seq <= seq)
    }

    /// Where the kept board nearest at or before `position` stands.
    fn kept_before(&self, position: usize) -> usize {
        (position / self.every).min(self.boards().len()) * self.every
    }

    /// The board after the first `position` events: the kept board before
    /// it with the rest folded on, and how many events that folded.
    fn board_at(&self, position: usize) -> (Board, usize) {
        let from = self.kept_before(position);
        let mut board = match (from / self.every).checked_sub(1) {
            Some(k) => self.boards()[k].clone(),
            None => Board::new(self.pack.clone()),
        };
        for e in &self.events[from..position] {
            board.apply(e);
        }
        (board, position - from)
    }
}

/// Work for the review's own thread: cloning a board of the large session
/// costs as much as folding 17,000 events and freeing one 13,000, so a
/// step should do neither itself.
enum Job {
    /// Prepare the board after the first this many events.
    Prepare(usize),
    Free(Box<Board>),
}

/// A board prepared ahead of the cursor: its position, the board, and the
/// events folded to make it.
type Prepared = (usize, Board, usize);

/// The review's own thread: prepares the board a step back will want and
/// frees the boards replaced. Only the latest request to prepare is worth
/// doing; it stops when the review is dropped.
fn prepare_and_free(kept: Arc<Kept>, jobs: mpsc::Receiver<Job>, ready: mpsc::Sender<Prepared>) {
    kept.boards();
    while let Ok(job) = jobs.recv() {
        let mut latest = None;
        for job in std::iter::once(job).chain(jobs.try_iter()) {
            match job {
                Job::Prepare(position) => latest = Some(position),
                Job::Free(board) => drop(board),
            }
        }
        if let Some(position) = latest {
            let (board, folded) = kept.board_at(position);
            if ready.send((position, board, folded)).is_err() {
                return;
            }
        }
    }
}

/// The review's own thread, as the review sees it.
struct Helper {
    jobs: mpsc::Sender<Job>,
    ready: mpsc::Receiver<Prepared>,
}

pub struct Review {
    kept: Arc<Kept>,
    /// Events folded by replays since the review opened, wherever they
    /// were folded: what a step costs.
    folded: u64,
    /// None when no thread could be started: every replay is done here.
    helper: Option<Helper>,
    /// The board prepared for the next step back, when it has come.
    prepared: Option<Prepared>,
    /// Indices of the events the filter lets through.
    shown: Vec<usize>,
    /// Position in `shown` of the event the board is replayed to.
    pub cursor: usize,
    /// First timeline row on screen.
    pub offset: usize,
    pub filter_text: String,
}

impl Review {
    /// A review of `events` on `pack`, at the last one. Folds the log once
    /// more on a thread of its own, keeping a board every
    /// [`snapshot_every`] events.
    pub fn new(pack: Arc<Pack>, events: Vec<Event>) -> Self {
        let every = snapshot_every(events.len());
        Review::keeping_every(pack, events, every)
    }

    /// A review that keeps a board every `every` events (at least one).
    pub fn keeping_every(pack: Arc<Pack>, events: Vec<Event>, every: usize) -> Self {
        let kept = Arc::new(Kept {
            events,
            pack,
            every: every.max(1),
            boards: OnceLock::new(),
        });
        let (jobs, receive_jobs) = mpsc::channel();
        let (send_ready, ready) = mpsc::channel();
        let thread_kept = kept.clone();
        let helper = std::thread::Builder::new()
            .name("review".into())
            .spawn(move || prepare_and_free(thread_kept, receive_jobs, send_ready))
            .ok()
            .map(|_| Helper { jobs, ready });
        let shown: Vec<usize> = (0..kept.events.len()).collect();
        let cursor = shown.len().saturating_sub(1);
        let mut review = Review {
            kept,
            folded: 0,
            helper,
            prepared: None,
            shown,
            cursor,
            offset: 0,
            filter_text: String::new(),
        };
        review.prepare_step_back();
        review
    }

    pub fn events(&self) -> &[Event] {
        &self.kept.events
    }

    /// Events between two kept boards: the most a replay folds.
    pub fn every(&self) -> usize {
        self.kept.every
    }

    /// Events folded by replays since the review opened.
    pub fn folded(&self) -> u64 {
        self.folded
    }

    /// The events shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &Event> + '_ {
        self.shown.iter().map(|&i| &self.kept.events[i])
    }

    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// The event the board is replayed to.
    pub fn at(&self) -> Option<&Event> {
        self.shown.get(self.cursor).map(|&i| &self.kept.events[i])
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
        let events = &self.kept.events;
        self.shown = (0..events.len())
            .filter(|&i| matches(&events[i], board, &self.filter_text))
            .collect();
        let index = self
            .shown
            .iter()
            .rposition(|&i| events[i].seq <= at)
            .unwrap_or(0);
        self.offset = 0;
        self.go(index, page);
    }

    /// How many events the board at the cursor holds.
    fn target(&self) -> usize {
        self.at().map_or(0, |e| self.kept.position_of(e.seq))
    }

    /// The position a step back from the cursor goes to.
    fn step_back_target(&self) -> Option<usize> {
        let before = self.cursor.checked_sub(1)?;
        self.shown
            .get(before)
            .map(|&i| self.kept.position_of(self.kept.events[i].seq))
    }

    /// The board as it stood right after the event at the cursor: the kept
    /// board before it, with at most [`Review::every`] events folded on.
    pub fn board(&self) -> Board {
        self.kept.board_at(self.target()).0
    }

    /// Brings `board` to the event at the cursor: forward by applying the
    /// events in between when that folds fewer than starting again from the
    /// kept board before the cursor; else from the board prepared for it
    /// or, when none is ready, from the kept board.
    pub fn replay(&mut self, board: &mut Board) {
        let target = self.target();
        let current = self.kept.position_of(board.last_seq());
        if target == current {
            return;
        }
        let from = self.kept.kept_before(target);
        if target > current && target - current <= (target - from).max(1) {
            for e in &self.kept.events[current..target] {
                board.apply(e);
            }
            self.folded += (target - current) as u64;
        } else {
            let (replayed, folded) = match self.take_prepared(target) {
                Some(prepared) => prepared,
                None => self.kept.board_at(target),
            };
            self.folded += folded as u64;
            let replaced = std::mem::replace(board, replayed);
            self.free(replaced);
        }
        self.prepare_step_back();
    }

    /// The board prepared for `position`, if it has come; boards prepared
    /// for other positions are freed.
    fn take_prepared(&mut self, position: usize) -> Option<(Board, usize)> {
        let arrived: Vec<Prepared> = match &self.helper {
            Some(helper) => helper.ready.try_iter().collect(),
            None => Vec::new(),
        };
        for latest in arrived {
            if let Some((_, stale, _)) = self.prepared.replace(latest) {
                self.free(stale);
            }
        }
        match self.prepared.take() {
            Some((at, board, folded)) if at == position => Some((board, folded)),
            other => {
                self.prepared = other;
                None
            }
        }
    }

    /// Asks for the board a step back from the cursor will want.
    fn prepare_step_back(&mut self) {
        let Some(position) = self.step_back_target() else {
            return;
        };
        if self
            .prepared
            .as_ref()
            .is_some_and(|(at, ..)| *at == position)
        {
            return;
        }
        if let Some(helper) = &self.helper {
            if helper.jobs.send(Job::Prepare(position)).is_err() {
                self.helper = None;
            }
        }
    }

    /// Frees a board on the review's thread, or here if it has none.
    fn free(&mut self, board: Board) {
        let refused = match &self.helper {
            Some(helper) => helper.jobs.send(Job::Free(Box::new(board))).err(),
            None => Some(mpsc::SendError(Job::Free(Box::new(board)))),
        };
        if refused.is_some() {
            self.helper = None;
        }
    }

    /// The position in the timeline of the last decision on `priority`.
    pub fn decision_of(&self, priority: &str) -> Option<usize> {
        self.shown.iter().rposition(|&i| {
            matches!(&self.kept.events[i].body, EventBody::DecisionRecorded(d) if d.priority == priority)
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
