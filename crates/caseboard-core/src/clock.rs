//! How lengths of time are shown: an item's discussion time, a speaker's
//! turn, a timebox and its overrun. Negative lengths show as nought.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use std::fmt::Write;

/// `mm:ss`, or `h:mm:ss` past the hour: the board, the header and the
/// evidence pane.
pub fn clock(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// `mm:ss` with the minutes running on past the hour (`75:10`): the
/// projector's large clock, whose shape must not change mid-item.
pub fn minutes_clock(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// `m:ss`: a timebox, what is left of it, an overrun, a speaker's turn.
pub fn short_clock(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

/// An event's time, RFC 3339 to the millisecond (`2008-03-12T10:00:00.000Z`),
/// appended to `out`: the log, the CSV and the minutes' timeline.
pub fn push_instant(out: &mut String, at: DateTime<Utc>) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.timestamp_subsec_millis().min(999)
    );
}

/// As [`push_instant`], on its own.
pub fn instant(at: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(24);
    push_instant(&mut out, at);
    out
}

/// A timebox of `minutes` as a length of time.
pub fn timebox(minutes: u32) -> Duration {
    Duration::minutes(i64::from(minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_show_minutes_and_seconds() {
        let s = Duration::seconds;
        assert_eq!(clock(s(130)), "02:10");
        assert_eq!(clock(s(4510)), "1:15:10");
        assert_eq!(minutes_clock(s(4510)), "75:10");
        assert_eq!(short_clock(s(130)), "2:10");
        assert_eq!(short_clock(s(-5)), "0:00");
        assert_eq!(clock(s(-5)), "00:00");
        assert_eq!(short_clock(timebox(15)), "15:00");
        let at = DateTime::from_timestamp_millis(1_205_316_000_250).unwrap();
        assert_eq!(instant(at), "2008-03-12T10:00:00.250Z");
        assert_eq!(instant(at), at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
    }
}
