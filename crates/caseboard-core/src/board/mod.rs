//! The board: the pack folded with the event log. Pure and total: folding
//! never fails, so a damaged or hand-edited log still shows what it says.

use super::event::{ActionItem, Closure, Decision, Event, EventBody, Note, Outcome, Reopening};
use super::meeting::{tier_index, Answer, Position, Presence};
use super::pack::{Attendee, Indicator, ObjectionKind, Pack, Priority, PriorityKind, Theme};

use std::sync::Arc;

mod index;
mod kept;
mod parts;

use index::{index_with_capacity, Index};

pub use kept::{KeptBoard, KEPT_FORMAT};
pub use parts::*;

#[derive(Debug, Clone)]
pub struct Board {
    pack: Arc<Pack>,
    /// Each row behind its own `Arc`, copied only when an event changes it:
    /// review keeps boards from along the log, and a copy of a board then
    /// costs a pointer per row instead of every decision's and note's text.
    priorities: Vec<Arc<PriorityState>>,
    /// Lookups into the pack: a board of 500 rows with 2,000 indicators must
    /// not search lists on every frame. The pack never changes under a
    /// board, so these are shared by every copy of it (review keeps many).
    lookups: Arc<PackLookups>,
    objections: Vec<Arc<ObjectionState>>,
    /// Shared between copies as the rows are; copied when an objection is added.
    objection_index: Arc<Index<String, usize>>,
    designated_accepted: u32,
    last_seq: u64,
    /// The priority under discussion: the one last taken up.
    current: Option<usize>,
    /// The priority whose timer is running, if one is: taking an item up
    /// stops the other clocks, so at most one runs, and stopping it needs
    /// no pass over every priority.
    running: Option<usize>,
    /// When the first item's clock started: the meeting's business began.
    started: Option<chrono::DateTime<chrono::Utc>>,
    attendance: Index<String, Presence>,
    /// Notes and actions about the meeting as a whole.
    meeting_notes: Vec<Entry<Note>>,
    meeting_actions: Vec<Entry<ActionItem>>,
    /// Set while the session is closed.
    closed: Option<Entry<Closure>>,
    /// Every closing and reopening, oldest first.
    session_changes: Vec<Entry<SessionChange>>,
    /// The decision each superseded decision was replaced by (earlier seq →
    /// later seq). Kept for every decision the log holds, one on a priority
    /// the pack lacks included, so every export marks a row as the log says.
    superseded: Index<u64, u64>,
    /// The latest decision's seq on each priority named by a decision that
    /// the pack lacks (a pack priority's is the last of its decisions).
    latest_unknown_decision: Index<String, u64>,
    /// The seq of the last event about the meeting as a whole (attendance,
    /// its notes and actions), as [`PriorityState::changed`] is for a priority.
    meeting_changed: u64,
}

/// The pack's ids, each to its position in the pack.
#[derive(Debug)]
struct PackLookups {
    priorities: Index<String, usize>,
    indicators: Index<String, usize>,
    attendees: Index<String, usize>,
    /// The pack's zone and planned finish, read from its text once.
    zone: crate::clock::Tz,
    planned_end: Option<chrono::DateTime<chrono::Utc>>,
}

impl PackLookups {
    /// Built once from the pack: by [`Board::new`], and by
    /// [`Board::from_kept`], which keeps no lookups in its bytes.
    fn new(pack: &Pack) -> Self {
        PackLookups {
            priorities: positions(pack.priorities.iter().map(|p| &p.id)),
            indicators: positions(pack.indicators.iter().map(|x| &x.code)),
            attendees: positions(pack.attendees.iter().map(|x| &x.id)),
            zone: pack.zone(),
            planned_end: pack.planned_end(),
        }
    }
}

fn positions<'a>(ids: impl ExactSizeIterator<Item = &'a String>) -> Index<String, usize> {
    let mut index = index_with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        index.insert(id.clone(), i);
    }
    index
}

/// A change to whether the session is open.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionChange {
    Closed(Closure),
    Reopened(Reopening),
}

impl PartialEq for Board {
    fn eq(&self, other: &Self) -> bool {
        self.priorities == other.priorities
            && self.closed == other.closed
            && self.current == other.current
            && self.started == other.started
            && self.attendance == other.attendance
            && self.meeting_notes == other.meeting_notes
            && self.meeting_actions == other.meeting_actions
            && self.objections == other.objections
            && self.designated_accepted == other.designated_accepted
            && self.last_seq == other.last_seq
            && self.session_changes == other.session_changes
            && self.superseded == other.superseded
    }
}

impl Board {
    /// The board before any event: every priority undecided, the pack's objections open.
    pub fn new(pack: Arc<Pack>) -> Self {
        let priorities: Vec<Arc<PriorityState>> = pack
            .priorities
            .iter()
            .map(|p| {
                Arc::new(PriorityState {
                    id: p.id.clone(),
                    kind: p.kind,
                    status: Status::Undecided,
                    decisions: Vec::new(),
                    open_objections: 0,
                    objections: Vec::new(),
                    checklist: [Answer::Unknown; 6],
                    positions: [Position::Undecided; 3],
                    checklist_recorded: false,
                    positions_recorded: false,
                    timer: Timer::default(),
                    notes: Vec::new(),
                    actions: Vec::new(),
                    queue: Vec::new(),
                    floor: None,
                    spoken: Vec::new(),
                    changed: 0,
                })
            })
            .collect();
        let lookups = Arc::new(PackLookups::new(&pack));
        let mut board = Board {
            pack: pack.clone(),
            priorities,
            lookups,
            objections: Vec::with_capacity(pack.objections.len()),
            objection_index: Arc::new(index_with_capacity(pack.objections.len())),
            designated_accepted: 0,
            last_seq: 0,
            current: None,
            running: None,
            started: None,
            attendance: Index::default(),
            meeting_notes: Vec::new(),
            meeting_actions: Vec::new(),
            closed: None,
            session_changes: Vec::new(),
            superseded: Index::default(),
            latest_unknown_decision: Index::default(),
            meeting_changed: 0,
        };
        for o in &pack.objections {
            board.add_objection(ObjectionState {
                id: o.id.clone(),
                priority: o.priority.clone(),
                text: o.text.clone(),
                kind: o.kind.unwrap_or(ObjectionKind::Other),
                raised_by: o.raised_by.clone(),
                alternative: o.alternative.clone(),
                alternative_title: None,
                raised_at: None,
                status: ObjectionStatus::Open,
                settled: None,
            });
        }
        board
    }

    /// Folds a whole log (or a prefix of it: the board as it stood then).
    pub fn fold<'a>(pack: Arc<Pack>, events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut board = Board::new(pack);
        for e in events {
            board.apply(e);
        }
        board
    }

    pub fn pack(&self) -> &Arc<Pack> {
        &self.pack
    }

    /// The time zone every time shown to people is in (the pack's).
    pub fn zone(&self) -> crate::clock::Tz {
        self.lookups.zone
    }

    /// The meeting's planned finish (`conference.end`), if the pack gives one.
    pub fn planned_end(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.lookups.planned_end
    }

    /// When the first item was taken up (or its clock started): the
    /// agenda's time used counts from here.
    pub fn started(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.started
    }

    pub fn priorities(&self) -> &[Arc<PriorityState>] {
        &self.priorities
    }

    pub fn priority(&self, id: &str) -> Option<&PriorityState> {
        self.lookups
            .priorities
            .get(id)
            .map(|&i| &*self.priorities[i])
    }

    pub fn objections(&self) -> &[Arc<ObjectionState>] {
        &self.objections
    }

    pub fn objection(&self, id: &str) -> Option<&ObjectionState> {
        self.objection_index.get(id).map(|&i| &*self.objections[i])
    }

    /// The objections raised against one priority, in the order raised.
    pub fn objections_for<'a>(
        &'a self,
        priority: &str,
    ) -> impl Iterator<Item = &'a ObjectionState> + 'a {
        let indices: &'a [usize] = self
            .priority(priority)
            .map(|p| p.objections.as_slice())
            .unwrap_or(&[]);
        indices.iter().map(move |&i| &*self.objections[i])
    }

    /// The pack's entry for a priority (the board keeps the pack's order).
    pub fn spec(&self, id: &str) -> Option<&Priority> {
        self.lookups
            .priorities
            .get(id)
            .and_then(|&i| self.pack.priorities.get(i))
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.lookups
            .indicators
            .get(code)
            .and_then(|&i| self.pack.indicators.get(i))
    }

    /// What a counter-proposal proposes instead, in words (not yet cleaned
    /// for display): the code and the pack's title, or for an indicator
    /// named in the room, its code and title as given, "(not in the pack)".
    pub fn alternative_words(&self, o: &ObjectionState) -> Option<String> {
        let code = o.alternative.as_deref()?;
        Some(crate::vocabulary::alternative_words(
            code,
            self.indicator(code).map(|i| i.title.as_str()),
            o.alternative_title.as_deref(),
        ))
    }

    pub fn attendee(&self, id: &str) -> Option<&Attendee> {
        self.lookups
            .attendees
            .get(id)
            .and_then(|&i| self.pack.attendees.get(i))
    }

    /// The indicator an agreed target on `priority` refers to: the first
    /// its pack entry lists.
    pub fn headline_indicator(&self, priority: &str) -> Option<&Indicator> {
        self.spec(priority)
            .and_then(|p| p.indicators.first())
            .and_then(|code| self.indicator(code))
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.pack.themes.iter().find(|t| t.id == id)
    }

    pub fn open_objections_for(&self, priority: &str) -> Vec<String> {
        self.objections_for(priority)
            .filter(|o| o.status == ObjectionStatus::Open)
            .map(|o| o.id.clone())
            .collect()
    }

    /// Designated priorities currently accepted, against [`Board::cap`].
    pub fn designated_accepted(&self) -> u32 {
        self.designated_accepted
    }

    pub fn cap(&self) -> u32 {
        self.pack.designated_cap()
    }

    /// The priority under discussion, if one has been taken up.
    pub fn current(&self) -> Option<&PriorityState> {
        self.current.map(|i| &*self.priorities[i])
    }

    /// The closure in force, if the session is closed.
    pub fn closed(&self) -> Option<&Entry<Closure>> {
        self.closed.as_ref()
    }

    /// An attendee's recorded attendance, if any.
    pub fn presence(&self, attendee: &str) -> Option<Presence> {
        self.attendance.get(attendee).copied()
    }

    pub fn meeting_notes(&self) -> &[Entry<Note>] {
        &self.meeting_notes
    }

    pub fn meeting_actions(&self) -> &[Entry<ActionItem>] {
        &self.meeting_actions
    }

    /// Every action, the meeting's and each priority's, in the order agreed.
    pub fn all_actions(&self) -> Vec<&Entry<ActionItem>> {
        let mut all: Vec<&Entry<ActionItem>> = self
            .meeting_actions
            .iter()
            .chain(self.priorities.iter().flat_map(|p| p.actions.iter()))
            .collect();
        all.sort_by_key(|e| e.seq);
        all
    }

    /// Every closing and reopening of the session, oldest first.
    pub fn session_changes(&self) -> &[Entry<SessionChange>] {
        &self.session_changes
    }

    /// The seq of the decision that replaced the decision `seq`, if a later
    /// decision on the same priority did.
    pub fn superseded_by(&self, seq: u64) -> Option<u64> {
        self.superseded.get(&seq).copied()
    }

    /// Sequence number of the last event folded in (0 before any).
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// The seq of the last event about the meeting as a whole: attendance,
    /// and the notes and actions on no one priority.
    pub fn meeting_changed(&self) -> u64 {
        self.meeting_changed
    }

    /// Applies one event. Events about unknown priorities or objections are
    /// skipped: the log is the record, and folding never fails.
    pub fn apply(&mut self, event: &Event) {
        self.last_seq = self.last_seq.max(event.seq);
        match &event.body {
            EventBody::SessionCreated { .. } => {}
            EventBody::DecisionRecorded(d) => {
                let Some(&i) = self.lookups.priorities.get(&d.priority) else {
                    let earlier = match self.latest_unknown_decision.get_mut(&d.priority) {
                        Some(latest) => Some(std::mem::replace(latest, event.seq)),
                        None => {
                            self.latest_unknown_decision
                                .insert(d.priority.clone(), event.seq);
                            None
                        }
                    };
                    if let Some(earlier) = earlier {
                        self.superseded.insert(earlier, event.seq);
                    }
                    return;
                };
                let p = Arc::make_mut(&mut self.priorities[i]);
                p.changed = event.seq;
                if let Some(earlier) = p.decisions.last() {
                    self.superseded.insert(earlier.seq, event.seq);
                }
                let was_counted = p.kind == PriorityKind::Designated
                    && matches!(p.status, Status::Accepted { .. });
                p.status = status_after(d);
                let counted = p.kind == PriorityKind::Designated
                    && matches!(p.status, Status::Accepted { .. });
                p.decisions.push(DecisionRecord {
                    seq: event.seq,
                    at: event.at,
                    actor: event.actor.clone(),
                    decision: d.clone(),
                });
                match (was_counted, counted) {
                    (false, true) => self.designated_accepted += 1,
                    (true, false) => self.designated_accepted -= 1,
                    _ => {}
                }
            }
            EventBody::ObjectionRaised(o) => {
                if self.objection_index.contains_key(&o.objection)
                    || !self.lookups.priorities.contains_key(&o.priority)
                {
                    return;
                }
                self.add_objection(ObjectionState {
                    id: o.objection.clone(),
                    priority: o.priority.clone(),
                    text: o.text.clone(),
                    kind: o.kind,
                    raised_by: o.raised_by.clone(),
                    alternative: o.alternative.clone(),
                    alternative_title: o.alternative_title.clone(),
                    raised_at: Some(event.seq),
                    status: ObjectionStatus::Open,
                    settled: None,
                });
            }
            EventBody::ObjectionResolved(c) => self.close_objection(
                event,
                &c.objection,
                ObjectionStatus::Resolved {
                    note: c.note.clone(),
                },
            ),
            EventBody::ObjectionWithdrawn(c) => self.close_objection(
                event,
                &c.objection,
                ObjectionStatus::Withdrawn {
                    note: c.note.clone(),
                },
            ),
            EventBody::ItemTakenUp(r) => {
                let Some(&i) = self.lookups.priorities.get(&r.priority) else {
                    return;
                };
                // One item is discussed at a time: taking one up stops the
                // other clocks and ends the last item's speaker's turn.
                if let Some(j) = self.running.take() {
                    Arc::make_mut(&mut self.priorities[j]).timer.stop(event.at);
                }
                if let Some(j) = self.current.filter(|&j| j != i) {
                    self.end_turn(j, event);
                }
                self.current = Some(i);
                self.start_timer(i, event.at);
                Arc::make_mut(&mut self.priorities[i]).changed = event.seq;
            }
            EventBody::TimerStarted(r) => {
                if let Some(&i) = self.lookups.priorities.get(&r.priority) {
                    if let Some(j) = self.running.filter(|&j| j != i) {
                        Arc::make_mut(&mut self.priorities[j]).timer.stop(event.at);
                    }
                    self.start_timer(i, event.at);
                    Arc::make_mut(&mut self.priorities[i]).changed = event.seq;
                }
            }
            EventBody::TimerStopped(r) => {
                if let Some(&i) = self.lookups.priorities.get(&r.priority) {
                    Arc::make_mut(&mut self.priorities[i]).timer.stop(event.at);
                    if self.running == Some(i) {
                        self.running = None;
                    }
                }
            }
            EventBody::ChecklistAnswered(c) => {
                if let Some(p) = self.priority_mut(&c.priority) {
                    p.checklist[c.question.index()] = c.answer;
                    p.checklist_recorded = true;
                }
            }
            EventBody::TierPositionRecorded(t) => {
                if let Some(p) = self.priority_mut(&t.priority) {
                    p.positions[tier_index(t.tier)] = t.position;
                    p.positions_recorded = true;
                }
            }
            EventBody::NoteAdded(n) => {
                let entry = entry(event, n.clone());
                match n.priority.as_deref() {
                    Some(id) => {
                        if let Some(p) = self.priority_mut(id) {
                            p.notes.push(entry);
                        }
                    }
                    None => {
                        self.meeting_notes.push(entry);
                        self.meeting_changed = event.seq;
                    }
                }
            }
            EventBody::ActionAdded(a) => {
                let entry = entry(event, a.clone());
                match a.priority.as_deref() {
                    Some(id) => {
                        if let Some(p) = self.priority_mut(id) {
                            p.actions.push(entry);
                        }
                    }
                    None => {
                        self.meeting_actions.push(entry);
                        self.meeting_changed = event.seq;
                    }
                }
            }
            EventBody::AttendanceRecorded(a) => {
                self.attendance.insert(a.attendee.clone(), a.presence);
                self.meeting_changed = event.seq;
            }
            EventBody::SpeakerQueued(sp) => {
                if let Some(p) = self.priority_mut(&sp.priority) {
                    if !p.queue.contains(&sp.attendee) {
                        p.queue.push(sp.attendee.clone());
                    }
                }
            }
            EventBody::SessionClosed(c) => {
                // Closing stops the clock and ends the turn of whoever speaks.
                if let Some(j) = self.running.take() {
                    Arc::make_mut(&mut self.priorities[j]).timer.stop(event.at);
                    Arc::make_mut(&mut self.priorities[j]).changed = event.seq;
                }
                if let Some(j) = self.current {
                    self.end_turn(j, event);
                }
                self.closed = Some(entry(event, c.clone()));
                self.session_changes
                    .push(entry(event, SessionChange::Closed(c.clone())));
            }
            EventBody::SessionReopened(r) => {
                self.closed = None;
                self.session_changes
                    .push(entry(event, SessionChange::Reopened(r.clone())));
            }
            EventBody::SpeakerRemoved(sp) => {
                if let Some(p) = self.priority_mut(&sp.priority) {
                    p.queue.retain(|a| *a != sp.attendee);
                    // Removing the one who has the floor ends their turn:
                    // the time they spoke stays on the record.
                    if p.floor.as_ref().is_some_and(|f| f.attendee == sp.attendee) {
                        end_turn_of(p, event.at);
                    }
                }
            }
            EventBody::SpeakerCalled(sp) => {
                if let Some(p) = self.priority_mut(&sp.priority) {
                    p.queue.retain(|a| *a != sp.attendee);
                    end_turn_of(p, event.at);
                    p.floor = Some(Floor {
                        attendee: sp.attendee.clone(),
                        since: event.at,
                    });
                }
            }
        }
    }

    /// Ends the turn of whoever has the floor on priority `i`, their time
    /// counted to `event`.
    fn end_turn(&mut self, i: usize, event: &Event) {
        if self.priorities[i].floor.is_some() {
            let p = Arc::make_mut(&mut self.priorities[i]);
            end_turn_of(p, event.at);
            p.changed = event.seq;
        }
    }

    /// The priority the event being folded is about, marked as changed by it.
    fn priority_mut(&mut self, id: &str) -> Option<&mut PriorityState> {
        let i = *self.lookups.priorities.get(id)?;
        let p = Arc::make_mut(&mut self.priorities[i]);
        p.changed = self.last_seq;
        Some(p)
    }

    fn start_timer(&mut self, i: usize, at: chrono::DateTime<chrono::Utc>) {
        self.started.get_or_insert(at);
        Arc::make_mut(&mut self.priorities[i]).timer.start(at);
        self.running = Some(i);
    }

    fn add_objection(&mut self, o: ObjectionState) {
        if self.objection_index.contains_key(&o.id) {
            return;
        }
        if let Some(&i) = self.lookups.priorities.get(&o.priority) {
            let p = Arc::make_mut(&mut self.priorities[i]);
            p.open_objections += 1;
            p.changed = self.last_seq;
            p.objections.push(self.objections.len());
        }
        Arc::make_mut(&mut self.objection_index).insert(o.id.clone(), self.objections.len());
        self.objections.push(Arc::new(o));
    }

    fn close_objection(&mut self, event: &Event, id: &str, status: ObjectionStatus) {
        let Some(&i) = self.objection_index.get(id) else {
            return;
        };
        let o = Arc::make_mut(&mut self.objections[i]);
        if o.status != ObjectionStatus::Open {
            return;
        }
        o.status = status;
        o.settled = Some(Settled {
            seq: event.seq,
            at: event.at,
            actor: event.actor.clone(),
        });
        if let Some(&p) = self.lookups.priorities.get(&o.priority) {
            let p = Arc::make_mut(&mut self.priorities[p]);
            p.open_objections = p.open_objections.saturating_sub(1);
            p.changed = event.seq;
        }
    }

    /// A fresh id for an objection raised live, unused by the pack and the log.
    pub fn next_objection_id(&self) -> String {
        let mut n = self
            .objections
            .iter()
            .filter(|o| o.raised_at.is_some())
            .count()
            + 1;
        loop {
            let id = format!("L{n}");
            if !self.objection_index.contains_key(&id) {
                return id;
            }
            n += 1;
        }
    }
}

/// The status a priority has while `d` is its last decision (the fold's
/// rule, which [`Board::from_kept`] applies too).
fn status_after(d: &Decision) -> Status {
    match (d.outcome, d.local) {
        (Outcome::Accept, _) => Status::Accepted {
            target: d.target.clone(),
        },
        (Outcome::Reject, true) => Status::KeptLocal,
        (Outcome::Reject, false) => Status::Rejected,
        (Outcome::Defer, _) => Status::Deferred,
    }
}

fn entry<T>(event: &Event, item: T) -> Entry<T> {
    Entry {
        seq: event.seq,
        at: event.at,
        actor: event.actor.clone(),
        item,
    }
}

/// Ends `p`'s speaker's turn at `at`, adding the time to theirs.
fn end_turn_of(p: &mut PriorityState, at: chrono::DateTime<chrono::Utc>) {
    if let Some(floor) = p.floor.take() {
        let ms = floor.held(at).num_milliseconds();
        match p.spoken.iter_mut().find(|(who, _)| *who == floor.attendee) {
            Some((_, total)) => *total += ms,
            None => p.spoken.push((floor.attendee, ms)),
        }
    }
}

#[cfg(test)]
mod tests;
