//! The agenda against the clock: how long the meeting has run, how much
//! of the agenda's time is left, and when it will finish at that rate,
//! against the planned finish (`conference.end`). Pure: "now" is given.
//!
//! - **Time used** runs from the first item taken up (the business began;
//!   arrivals and attendance before it are not agenda time) to now, or to
//!   the close of a closed session.
//! - **Remaining** is, for every undecided item, what is left of its
//!   timebox: the whole timebox for one not yet discussed, the rest of it
//!   for one part-discussed, nothing for one already past its timebox (its
//!   overrun is time already used, and the finish moves with the clock
//!   while it runs). Decided items (deferred included) need no more time.
//!   An item without a timebox counts nothing: there is no default, and
//!   [`AgendaPlan::untimed`] says how many such items the estimate omits.
//! - **Predicted finish** is now plus remaining; for a closed session, its
//!   close.

use crate::board::{Board, Status};
use chrono::{DateTime, Duration, Utc};

/// The agenda's plan against reality at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaPlan {
    /// The moment planned from: the given now, or the close of a closed session.
    pub at: DateTime<Utc>,
    /// From the first item taken up to `at`; zero before any.
    pub used: Duration,
    /// What is left of the undecided items' timeboxes.
    pub remaining: Duration,
    /// Undecided items.
    pub items_left: usize,
    /// Undecided items without a timebox: [`Self::remaining`] omits them.
    pub untimed: usize,
    /// `at` plus `remaining`; the close itself for a closed session.
    pub finish: DateTime<Utc>,
    /// The planned finish, if the pack gives one.
    pub planned_end: Option<DateTime<Utc>>,
    /// The session is closed: `finish` is its actual finish.
    pub finished: bool,
    /// `at` falls on the planned end's day, in the pack's zone, so the
    /// finish can be told against it; true without a planned end. A
    /// demonstration, a rehearsal the evening before or an adjourned
    /// meeting is held on another day.
    pub on_the_planned_day: bool,
}

/// How the (predicted or actual) finish stands against the planned one,
/// to the nearest minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    /// Later than planned by this many minutes.
    Late(i64),
    OnTime,
    /// Earlier than planned by this many minutes.
    Ahead(i64),
}

impl Lateness {
    /// `12 min late`, `on time`, `12 min ahead`; a finish already made
    /// (`finished`) is `12 min early` rather than ahead.
    pub fn words(self, finished: bool) -> String {
        match self {
            Lateness::Late(m) => format!("{} late", minutes_words(m)),
            Lateness::OnTime => "on time".to_string(),
            Lateness::Ahead(m) if finished => format!("{} early", minutes_words(m)),
            Lateness::Ahead(m) => format!("{} ahead", minutes_words(m)),
        }
    }
}

/// The plan at `now`.
pub fn plan(board: &Board, now: DateTime<Utc>) -> AgendaPlan {
    let closed = board.closed().map(|c| c.at);
    let at = closed.unwrap_or(now);
    let mut remaining = Duration::zero();
    let (mut items_left, mut untimed) = (0, 0);
    // The board's rows are the pack's priorities in the pack's order: no
    // lookup by id is needed on every frame.
    for (p, spec) in board.priorities().iter().zip(&board.pack().priorities) {
        if p.status != Status::Undecided {
            continue;
        }
        items_left += 1;
        match spec.timebox_minutes {
            Some(minutes) => {
                let left = crate::clock::timebox(minutes) - p.timer.elapsed(at);
                remaining += left.max(Duration::zero());
            }
            None => untimed += 1,
        }
    }
    let used = board
        .started()
        .map_or(Duration::zero(), |s| (at - s).max(Duration::zero()));
    let planned_end = board.planned_end();
    let day = |t: DateTime<Utc>| t.with_timezone(&board.zone()).date_naive();
    AgendaPlan {
        at,
        used,
        remaining,
        items_left,
        untimed,
        finish: if closed.is_some() { at } else { at + remaining },
        planned_end,
        finished: closed.is_some(),
        on_the_planned_day: planned_end.is_none_or(|end| day(end) == day(at)),
    }
}

impl AgendaPlan {
    /// The finish against the planned one; `None` without a planned end,
    /// or when the meeting is held on another day than the one planned
    /// ([`Self::on_the_planned_day`]): "running 164079 h late" would tell
    /// the room nothing.
    pub fn lateness(&self) -> Option<Lateness> {
        if !self.on_the_planned_day {
            return None;
        }
        let by = (self.finish - self.planned_end?).num_seconds();
        // To the nearest minute, half a minute rounding away from on time.
        let minutes = (by.abs() + 30) / 60;
        Some(match (minutes, by > 0) {
            (0, _) => Lateness::OnTime,
            (m, true) => Lateness::Late(m),
            (m, false) => Lateness::Ahead(m),
        })
    }

    /// The lateness in words: "running 25 min late", "on time", "12 min
    /// ahead"; for a closed session "finished 25 min late", "finished on
    /// time", "finished 12 min early". `None` without a planned end.
    pub fn lateness_words(&self) -> Option<String> {
        let lateness = self.lateness()?;
        let words = lateness.words(self.finished);
        Some(match (lateness, self.finished) {
            (_, true) => format!("finished {words}"),
            (Lateness::Late(_), false) => format!("running {words}"),
            (_, false) => words,
        })
    }
}

/// `25 min`, `1 h`, `1 h 5 min`: a length of time in whole minutes, as
/// people say it.
pub fn minutes_words(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A length of time as [`minutes_words`] says it, rounded down to the minute.
pub fn duration_words(d: Duration) -> String {
    minutes_words(d.num_minutes().max(0))
}

#[cfg(test)]
mod tests;
