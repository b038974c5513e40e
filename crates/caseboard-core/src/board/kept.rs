//! The board kept as bytes, so that opening a large session need not fold
//! its whole log again. The pack is not in them: the session file holds it.
//!
//! Only what happened is written. What follows from it by the fold's own
//! rules is rebuilt on reading, so no bytes can make it disagree with the
//! rest: the lookups into the pack, each priority's status (from its last
//! decision), the count of designated priorities accepted, each priority's
//! objections and how many are open, the objection index, and the closure
//! in force (the last session change, if it closed the session).
//!
//! The codec is by hand, for speed and so that every byte read is checked:
//! LEB128 varints (one form per number: a longer one is refused), zigzag
//! for signed numbers, `f64` as its bits, text as its length and UTF-8,
//! `Option` as a 0/1 tag, lists as a count and the items, enums as a one
//! byte tag. Each struct is written by destructuring it whole, and each
//! enum through an exhaustive `match`, so a new field or variant does not
//! compile until it is written here (and [`KEPT_FORMAT`] moves on).

use super::{index_with_capacity, status_after, Board, Index, PackLookups, SessionChange};
use super::{DecisionRecord, Entry, Floor, ObjectionState, ObjectionStatus, PriorityState};
use super::{Settled, Status, Timer};
use crate::event::{ActionItem, Closure, Decision, Note, Outcome, Reopening};
use crate::meeting::{Answer, Position, Presence};
use crate::pack::{ObjectionKind, Pack, PeriodValue, PriorityKind};
use chrono::{DateTime, Utc};
use std::hash::Hash;
use std::sync::Arc;

/// The version of the kept form below; bytes of another version are refused.
pub const KEPT_FORMAT: u32 = 1;

/// More milliseconds than chrono's whole calendar (524,000 years) holds.
const MAX_MS: i64 = 1 << 54;

/// Why bytes were refused, as a clause ("it ends too soon"): built only
/// when they are.
struct Bad(&'static str);

type Read<T> = Result<T, Bad>;

const SHORT: Bad = Bad("it ends too soon");
const NUMBER: Bad = Bad("it holds a malformed number");
const TAG: Bad = Bad("it holds an unknown tag");
const OTHER_PACK: Bad = Bad("it was made with another pack");
const UNFOLDED: Bad = Bad("it holds a state no log could give");

/// Puts each value in turn (a list rustfmt would set one to a line).
macro_rules! put {
    ($w:expr; $($value:ident),+) => {
        $($value.put($w);)+
    };
}

impl Board {
    /// Everything the fold has built, as bytes, without the pack (which the
    /// session file holds already). Deterministic: two boards folded from the
    /// same pack and events give the same bytes (hash maps are written in
    /// sorted key order). Starts with KEPT_FORMAT.
    pub fn kept(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.kept_into(&mut |chunk| bytes.extend_from_slice(chunk));
        bytes
    }

    /// As [`Board::kept`], handing the bytes to `sink` a piece at a time
    /// instead of holding them all: a check that only hashes them (a large
    /// log's are tens of megabytes) never holds them whole.
    pub fn kept_into(&self, sink: &mut dyn FnMut(&[u8])) {
        // Rebuilt on reading (see the module's note), so not written.
        let Board {
            pack: _,
            priorities,
            lookups: _,
            objections,
            objection_index: _,
            designated_accepted: _,
            last_seq,
            current,
            running,
            started,
            attendance,
            meeting_notes,
            meeting_actions,
            closed: _,
            session_changes,
            superseded,
            latest_unknown_decision,
            meeting_changed,
        } = self;
        let mut w = Writer(Vec::with_capacity(SPILL * 2), Some(&mut *sink));
        w.0.extend_from_slice(&KEPT_FORMAT.to_le_bytes());
        put! { &mut w; objections, priorities, last_seq, meeting_changed, current, running }
        put! { &mut w; started, attendance, meeting_notes, meeting_actions, session_changes }
        put! { &mut w; superseded, latest_unknown_decision }
        let rest = w.0;
        sink(&rest);
    }

    /// The board `kept` was made from, given the same pack. Never panics,
    /// whatever the bytes: Err(what is wrong, as a clause: "it ends too
    /// soon") for another format
    /// version, truncated or trailing bytes, an unknown enum tag, invalid
    /// UTF-8, a priority list whose ids/kinds do not match the pack's
    /// priorities in order, or any index out of range — anything that could
    /// make a later use of the board panic or show something the fold could
    /// not have produced.
    pub fn from_kept(pack: Arc<Pack>, bytes: &[u8]) -> Result<Board, String> {
        KeptBoard::read(bytes)?.into_board(pack)
    }
}

/// A kept board read from its bytes but not yet checked against its pack:
/// an open reads it while the pack is parsed on another thread.
#[derive(Debug)]
pub struct KeptBoard {
    objections: Vec<Arc<ObjectionState>>,
    priorities: Vec<PriorityState>,
    last_seq: u64,
    meeting_changed: u64,
    current: Option<usize>,
    running: Option<usize>,
    started: Option<DateTime<Utc>>,
    attendance: Index<String, Presence>,
    meeting_notes: Vec<Entry<Note>>,
    meeting_actions: Vec<Entry<ActionItem>>,
    session_changes: Vec<Entry<SessionChange>>,
    superseded: Index<u64, u64>,
    latest_unknown_decision: Index<String, u64>,
}

impl KeptBoard {
    /// Reads [`Board::kept`]'s bytes; never panics, whatever they are.
    pub fn read(bytes: &[u8]) -> Result<KeptBoard, String> {
        read_parts(bytes).map_err(|Bad(why)| why.to_string())
    }

    /// The board, once checked against `pack` (see [`Board::from_kept`]).
    pub fn into_board(self, pack: Arc<Pack>) -> Result<Board, String> {
        into_board(self, pack).map_err(|Bad(why)| why.to_string())
    }
}

fn read_parts(bytes: &[u8]) -> Read<KeptBoard> {
    let mut r = Reader(bytes);
    if r.take(4)? != KEPT_FORMAT.to_le_bytes() {
        return Err(Bad("it is in another format version"));
    }
    let parts = KeptBoard {
        objections: Kept::read(&mut r)?,
        priorities: Kept::read(&mut r)?,
        last_seq: Kept::read(&mut r)?,
        meeting_changed: Kept::read(&mut r)?,
        current: Kept::read(&mut r)?,
        running: Kept::read(&mut r)?,
        started: Kept::read(&mut r)?,
        attendance: Kept::read(&mut r)?,
        meeting_notes: Kept::read(&mut r)?,
        meeting_actions: Kept::read(&mut r)?,
        session_changes: Kept::read(&mut r)?,
        superseded: Kept::read(&mut r)?,
        latest_unknown_decision: Kept::read(&mut r)?,
    };
    if !r.0.is_empty() {
        return Err(Bad("it has bytes past its end"));
    }
    Ok(parts)
}

fn into_board(parts: KeptBoard, pack: Arc<Pack>) -> Read<Board> {
    let KeptBoard {
        objections,
        priorities: rows,
        last_seq,
        meeting_changed,
        current,
        running,
        started,
        attendance,
        meeting_notes,
        meeting_actions,
        session_changes,
        superseded,
        latest_unknown_decision,
    } = parts;
    // Each priority's list of objections (in the order raised, as the
    // fold's `add_objection` keeps it) and its count of open ones.
    let lookups = Arc::new(PackLookups::new(&pack));
    let mut objection_index = index_with_capacity(objections.len());
    let mut lists = vec![(Vec::new(), 0u32); pack.priorities.len()];
    for (i, o) in objections.iter().enumerate() {
        // Ids are unique, and an objection is settled (by someone) or open.
        let open = o.status == ObjectionStatus::Open;
        if objection_index.insert(o.id.clone(), i).is_some() || open != o.settled.is_none() {
            return Err(UNFOLDED);
        }
        let on = lookups.priorities.get(&o.priority);
        if let Some((list, open_count)) = on.and_then(|&p| lists.get_mut(p)) {
            list.push(i);
            *open_count = open_count.saturating_add(u32::from(open));
        }
    }

    if rows.len() != pack.priorities.len() {
        return Err(OTHER_PACK);
    }
    let mut priorities = Vec::with_capacity(lists.len());
    for ((spec, (list, open)), mut p) in pack.priorities.iter().zip(lists).zip(rows) {
        if p.id != spec.id || p.kind != spec.kind {
            return Err(OTHER_PACK);
        }
        // The fold adds only the time between two instants, never below
        // zero; more than the calendar holds would overflow its later sums.
        let time = |ms: &i64| (0..=MAX_MS).contains(ms);
        if !time(&p.timer.accumulated_ms) || !p.spoken.iter().all(|(_, ms)| time(ms)) {
            return Err(UNFOLDED);
        }
        p.objections = list;
        p.open_objections = open;
        if let Some(last) = p.decisions.last() {
            p.status = status_after(&last.decision);
        }
        priorities.push(Arc::new(p));
    }

    let mut board = Board {
        last_seq,
        meeting_changed,
        current,
        running,
        started,
        attendance,
        meeting_notes,
        meeting_actions,
        session_changes,
        superseded,
        latest_unknown_decision,
        // Set below, from what was read.
        closed: None,
        designated_accepted: 0,
        pack,
        priorities,
        lookups,
        objections,
        objection_index: Arc::new(objection_index),
    };
    let (count, running) = (board.priorities.len(), board.running);
    if board.current.is_some_and(|i| i >= count) || running.is_some_and(|i| i >= count) {
        return Err(Bad("it points past its priorities"));
    }
    // Starting a clock stops any other, so only the running item's runs;
    // and only decisions on priorities the pack lacks are counted apart.
    let mut rows = board.priorities.iter().enumerate();
    let lookups = &board.lookups.priorities;
    if rows.any(|(i, p)| p.timer.is_running() != (running == Some(i)))
        || board
            .latest_unknown_decision
            .keys()
            .any(|id| lookups.contains_key(id))
    {
        return Err(UNFOLDED);
    }

    board.closed = board.session_changes.last().and_then(|e| match &e.item {
        SessionChange::Closed(c) => Some(Entry {
            seq: e.seq,
            at: e.at,
            actor: e.actor.clone(),
            item: c.clone(),
        }),
        SessionChange::Reopened(_) => None,
    });
    let accepted = board
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Designated)
        .filter(|p| matches!(p.status, Status::Accepted { .. }))
        .count();
    // No more than the pack's priorities, which a u32 counts.
    board.designated_accepted = u32::try_from(accepted).map_err(|_| NUMBER)?;
    Ok(board)
}

/// How many bytes a writer gathers before handing them on.
const SPILL: usize = 1 << 16;

/// Bytes gathered, and where they go once there are enough of them (with
/// no sink, they are all gathered).
struct Writer<'s>(Vec<u8>, Option<Sink<'s>>);

/// Where a writer's bytes go.
type Sink<'s> = &'s mut dyn FnMut(&[u8]);

impl Writer<'_> {
    /// Hands on what has gathered, once it is [`SPILL`] bytes or more.
    fn spill(&mut self) {
        if let Some(sink) = self.1.as_mut().filter(|_| self.0.len() >= SPILL) {
            sink(&self.0);
            self.0.clear();
        }
    }

    fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
}

/// The bytes not yet read.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Read<&'a [u8]> {
        if n > self.0.len() {
            return Err(SHORT);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Read<u8> {
        let (&byte, rest) = self.0.split_first().ok_or(SHORT)?;
        self.0 = rest;
        Ok(byte)
    }

    fn u64(&mut self) -> Read<u64> {
        let mut value = 0;
        for (i, &byte) in self.0.iter().enumerate().take(10) {
            // The tenth byte holds only the 64th bit.
            if i == 9 && byte > 1 {
                return Err(NUMBER);
            }
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                // A last byte of zero after others writes a number long:
                // one board has one form.
                if byte == 0 && i > 0 {
                    return Err(NUMBER);
                }
                self.0 = self.0.get(i + 1..).unwrap_or_default();
                return Ok(value);
            }
        }
        Err(SHORT)
    }

    fn str(&mut self) -> Read<&'a str> {
        let n = usize::read(self)?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Bad("it holds text that is not UTF-8"))
    }

    /// A count of items of at least `min` bytes each, refused if the bytes
    /// left cannot hold them: a damaged count is found before anything is
    /// reserved for it.
    fn len(&mut self, min: usize) -> Read<usize> {
        let n = usize::read(self)?;
        if n > self.0.len() / min.max(1) {
            return Err(SHORT);
        }
        Ok(n)
    }
}

/// A value as kept: written, and read back with every byte checked.
trait Kept: Sized {
    /// The fewest bytes it is written in, so a claimed count of them can
    /// be checked against the bytes left before anything is reserved.
    const MIN: usize;
    fn put(&self, w: &mut Writer<'_>);
    fn read(r: &mut Reader<'_>) -> Read<Self>;
}

/// Unsigned numbers as varints, refused if too large for their type.
macro_rules! unsigned {
    ($($ty:ty),+) => {$(
        impl Kept for $ty {
            const MIN: usize = 1;
            fn put(&self, w: &mut Writer<'_>) {
                w.u64(*self as u64); // u64 at most: never lossy
            }
            fn read(r: &mut Reader<'_>) -> Read<Self> {
                <$ty>::try_from(r.u64()?).map_err(|_| NUMBER)
            }
        }
    )+};
}

unsigned!(u64, u32, usize);

impl Kept for i64 {
    const MIN: usize = 1;
    fn put(&self, w: &mut Writer<'_>) {
        // Zigzag: small negative numbers stay short.
        w.u64(((self << 1) ^ (self >> 63)) as u64);
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let z = r.u64()?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }
}

impl Kept for f64 {
    const MIN: usize = 8;
    fn put(&self, w: &mut Writer<'_>) {
        // The bits, so every value reads back the same, NaN's payload too.
        w.0.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let bits = <[u8; 8]>::try_from(r.take(8)?).map_err(|_| SHORT)?;
        Ok(f64::from_bits(u64::from_le_bytes(bits)))
    }
}

impl Kept for bool {
    const MIN: usize = 1;
    fn put(&self, w: &mut Writer<'_>) {
        w.0.push(u8::from(*self));
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        match r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(TAG),
        }
    }
}

impl Kept for String {
    const MIN: usize = 1;
    fn put(&self, w: &mut Writer<'_>) {
        self.len().put(w);
        w.0.extend_from_slice(self.as_bytes());
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        r.str().map(str::to_owned)
    }
}

impl Kept for DateTime<Utc> {
    const MIN: usize = 2;
    fn put(&self, w: &mut Writer<'_>) {
        // Seconds and nanoseconds: exact, a leap second's too.
        self.timestamp().put(w);
        self.timestamp_subsec_nanos().put(w);
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let (secs, nanos) = (i64::read(r)?, u32::read(r)?);
        DateTime::from_timestamp(secs, nanos).ok_or(Bad("it holds a time out of range"))
    }
}

impl<T: Kept> Kept for Option<T> {
    const MIN: usize = 1;
    fn put(&self, w: &mut Writer<'_>) {
        match self {
            None => w.0.push(0),
            Some(v) => {
                w.0.push(1);
                v.put(w);
            }
        }
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        match r.u8()? {
            0 => Ok(None),
            1 => T::read(r).map(Some),
            _ => Err(TAG),
        }
    }
}

impl<T: Kept> Kept for Vec<T> {
    const MIN: usize = 1;
    fn put(&self, w: &mut Writer<'_>) {
        self.len().put(w);
        for item in self {
            item.put(w);
            w.spill();
        }
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        // Room for the count read, which the bytes left can hold; but a
        // damaged count could still ask tens of times the input, so beyond
        // 65,536 items the list grows only as they are read.
        let n = r.len(T::MIN)?;
        let mut items = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            items.push(T::read(r)?);
        }
        Ok(items)
    }
}

impl<T: Kept + Copy + Default, const N: usize> Kept for [T; N] {
    const MIN: usize = N * T::MIN;
    fn put(&self, w: &mut Writer<'_>) {
        self.iter().for_each(|v| v.put(w));
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let mut all = [T::default(); N];
        for v in &mut all {
            *v = T::read(r)?;
        }
        Ok(all)
    }
}

/// A hash map in sorted key order: its own order depends on the history of
/// its capacity, which two equal boards need not share. Read back, the keys
/// must rise strictly: no key twice, and one form for one board.
impl<K: Kept + Ord + Hash, V: Kept> Kept for Index<K, V> {
    const MIN: usize = 1;
    fn put(&self, w: &mut Writer<'_>) {
        let mut sorted: Vec<(&K, &V)> = self.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        sorted.len().put(w);
        for (k, v) in sorted {
            k.put(w);
            v.put(w);
        }
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        let sorted = Vec::<(K, V)>::read(r)?;
        if sorted.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
            return Err(UNFOLDED);
        }
        let mut map = index_with_capacity(sorted.len());
        map.extend(sorted);
        Ok(map)
    }
}

impl<T: Kept> Kept for Arc<T> {
    const MIN: usize = T::MIN;
    fn put(&self, w: &mut Writer<'_>) {
        (**self).put(w);
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        T::read(r).map(Arc::new)
    }
}

impl<A: Kept, B: Kept> Kept for (A, B) {
    const MIN: usize = A::MIN + B::MIN;
    fn put(&self, w: &mut Writer<'_>) {
        self.0.put(w);
        self.1.put(w);
    }
    fn read(r: &mut Reader<'_>) -> Read<Self> {
        Ok((A::read(r)?, B::read(r)?))
    }
}

/// Enums as a one-byte tag, then the variant's one value if it has one.
/// The `match` in `put` is exhaustive: a new variant needs a tag here.
macro_rules! variants {
    ($($ty:ident { $($variant:ident $(($x:ident))? $({ $y:ident })? = $tag:literal),+ $(,)? })*) => {$(
        impl Kept for $ty {
            const MIN: usize = 1;
            fn put(&self, w: &mut Writer<'_>) {
                match self {
                    $($ty::$variant $(($x))? $({ $y })? => {
                        w.0.push($tag);
                        $($x.put(w);)?
                        $($y.put(w);)?
                    })+
                }
            }
            fn read(r: &mut Reader<'_>) -> Read<Self> {
                Ok(match r.u8()? {
                    $($tag => $ty::$variant $(({ let $x = Kept::read(r)?; $x }))?
                        $({ $y: Kept::read(r)? })?,)+
                    _ => return Err(TAG),
                })
            }
        }
    )*};
}

variants! {
    Outcome { Accept = 0, Reject = 1, Defer = 2 }
    Answer { Yes = 0, No = 1, Unknown = 2 }
    Position { Support = 0, Oppose = 1, Undecided = 2 }
    Presence { Present = 0, Apologies = 1 }
    PriorityKind { Designated = 0, Statutory = 1 }
    ObjectionKind {
        Evidence = 0, IndicatorQuality = 1, LocalNotDesignated = 2, Resourcing = 3,
        Ownership = 4, CounterProposal = 5, Other = 6,
    }
    ObjectionStatus { Open = 0, Resolved { note } = 1, Withdrawn { note } = 2 }
    SessionChange { Closed(closure) = 0, Reopened(reopening) = 1 }
}

/// Structs written field by field, in order. Destructuring the whole value
/// makes a new field a compile error here until it is kept.
macro_rules! fields {
    ($($ty:ident $(<$t:ident>)? { $($field:ident),+ $(,)? }
        $(; rebuilt { $($skip:ident: $rebuilt:expr),+ $(,)? })?)*) => {$(
        impl$(<$t: Kept>)? Kept for $ty$(<$t>)? {
            // Each field takes a byte at least (a time two, a figure eight):
            // a lower bound is all a count check needs.
            const MIN: usize = [$(stringify!($field)),+].len();
            fn put(&self, w: &mut Writer<'_>) {
                let $ty { $($field,)+ $($($skip: _),+)? } = self;
                $($field.put(w);)+
            }
            fn read(r: &mut Reader<'_>) -> Read<Self> {
                Ok($ty { $($field: Kept::read(r)?,)+ $($($skip: $rebuilt),+)? })
            }
        }
    )*};
}

fields! {
    PeriodValue { period, value }
    Decision { priority, outcome, rationale, local, target, open_objections }
    DecisionRecord { seq, at, actor, decision }
    Entry<T> { seq, at, actor, item }
    Note { priority, text }
    ActionItem { priority, text, owner, due }
    Closure { reason, forced, undecided }
    Reopening { reason }
    Floor { attendee, since }
    Settled { seq, at, actor }
    ObjectionState {
        id, priority, text, kind, raised_by, alternative, alternative_title, raised_at, status,
        settled,
    }
    Timer { accumulated_ms, running_since }
    // What is rebuilt is set aside here and by `into_board` from the rest.
    PriorityState {
        id, kind, decisions, checklist, positions, checklist_recorded, positions_recorded, timer,
        notes, actions, queue, floor, spoken, changed,
    }; rebuilt { status: Status::Undecided, open_objections: 0, objections: Vec::new() }
}

#[cfg(test)]
#[path = "kept_tests.rs"]
mod tests;
