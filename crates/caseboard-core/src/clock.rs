//! How time is shown: lengths of time (an item's discussion time, a
//! speaker's turn, a timebox and its overrun; negative lengths show as
//! nought), and instants, in the conference's own time zone.
//!
//! The record keeps every instant in UTC; people read local time. Every
//! instant shown to a person goes through [`push_instant`], [`instant`],
//! [`hh_mm`], [`hh_mm_ss`], [`minute`] or [`local`] with the pack's zone
//! ([`crate::Board::zone`]), so a screen, the log, the minutes and the CSV
//! never disagree about what time it was.

use chrono::{DateTime, Datelike, Duration, Offset, TimeZone, Timelike, Utc};
use std::fmt::Write;

pub use chrono_tz::Tz;

/// The zone of a pack that names none: caseboard's conferences are English.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::London;

/// An IANA zone name (`Europe/London`), as the pack writes it.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

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

/// An event's time in `zone`, RFC 3339 to the millisecond with its UTC
/// offset (`2008-03-12T10:00:00.000+00:00`, in summer
/// `2008-06-12T11:00:00.000+01:00`), appended to `out`: the log, the CSV
/// and the minutes' timeline. Local for the reader, and still one instant
/// for a program, whatever zone it is read in.
pub fn push_instant(out: &mut String, at: DateTime<Utc>, zone: Tz) {
    let local = at.with_timezone(&zone);
    let offset = local.offset().fix().local_minus_utc();
    let (sign, offset) = if offset < 0 {
        ('-', -offset)
    } else {
        ('+', offset)
    };
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{sign}{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        local.timestamp_subsec_millis().min(999),
        offset / 3600,
        offset % 3600 / 60
    );
}

/// As [`push_instant`], on its own.
pub fn instant(at: DateTime<Utc>, zone: Tz) -> String {
    let mut out = String::with_capacity(29);
    push_instant(&mut out, at, zone);
    out
}

/// `10:05`, local: the header's and the projector's clock, a planned or
/// predicted finish.
pub fn hh_mm(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// `10:05:30`, local: the review timeline.
pub fn hh_mm_ss(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!(
        "{:02}:{:02}:{:02}",
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// `2008-03-12 10:05 GMT`, local with the zone's abbreviation: a moment
/// read on its own (the minutes, the review header, a refusal).
pub fn minute(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// `2008-03-12 10:05:30 GMT`: an event's moment to the second, read on
/// its own (the review's "as at").
pub fn second(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// The wall-clock date and time of `at` in `zone`: a spreadsheet's
/// date-time cell, which carries no zone of its own.
pub fn local(at: DateTime<Utc>, zone: Tz) -> chrono::NaiveDateTime {
    at.with_timezone(&zone).naive_local()
}

/// The zone named once for a reader: `Europe/London (GMT)`, or
/// `Europe/London (BST)` on a summer date; the abbreviation is the one in
/// force at `at`.
pub fn zone_name(zone: Tz, at: DateTime<Utc>) -> String {
    format!("{} ({})", zone.name(), at.with_timezone(&zone).format("%Z"))
}

/// The instant a local wall-clock time names in `zone`: the earlier of
/// the two when the clocks go back, `None` for a time skipped when they go
/// forward.
pub fn from_local(local: chrono::NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
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
    }

    #[test]
    fn instants_are_local_with_their_offset() {
        let winter = DateTime::from_timestamp_millis(1_205_316_000_250).unwrap();
        assert_eq!(
            instant(winter, DEFAULT_ZONE),
            "2008-03-12T10:00:00.250+00:00"
        );
        assert_eq!(
            instant(winter, DEFAULT_ZONE),
            winter
                .with_timezone(&DEFAULT_ZONE)
                .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
                .to_string()
        );
        assert_eq!(hh_mm(winter, DEFAULT_ZONE), "10:00");
        assert_eq!(minute(winter, DEFAULT_ZONE), "2008-03-12 10:00 GMT");
        assert_eq!(zone_name(DEFAULT_ZONE, winter), "Europe/London (GMT)");
        // 10:00 UTC on 12 June 2008 is 11:00 in London, summer time.
        let summer: DateTime<Utc> = "2008-06-12T10:00:00Z".parse().unwrap();
        assert_eq!(
            instant(summer, DEFAULT_ZONE),
            "2008-06-12T11:00:00.000+01:00"
        );
        assert_eq!(hh_mm_ss(summer, DEFAULT_ZONE), "11:00:00");
        assert_eq!(minute(summer, DEFAULT_ZONE), "2008-06-12 11:00 BST");
        assert_eq!(second(summer, DEFAULT_ZONE), "2008-06-12 11:00:00 BST");
        assert_eq!(zone_name(DEFAULT_ZONE, summer), "Europe/London (BST)");
        // West of Greenwich the offset is negative, minutes included
        // (Newfoundland's summer time began on 9 March 2008).
        let st_johns = parse_zone("America/St_Johns").unwrap();
        assert_eq!(instant(winter, st_johns), "2008-03-12T07:30:00.250-02:30");
        assert_eq!(instant(winter, Tz::UTC), "2008-03-12T10:00:00.250+00:00");
        assert_eq!(parse_zone("Europe/Londn"), None);
    }

    #[test]
    fn local_wall_clock_times_name_one_instant() {
        let t = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            from_local(t("2008-06-12T16:30"), DEFAULT_ZONE),
            Some(utc("2008-06-12T15:30:00Z"))
        );
        // 01:30 on 30 March 2008 never happened in London; 01:30 on 26
        // October 2008 happened twice, and the first is taken.
        assert_eq!(from_local(t("2008-03-30T01:30"), DEFAULT_ZONE), None);
        assert_eq!(
            from_local(t("2008-10-26T01:30"), DEFAULT_ZONE),
            Some(utc("2008-10-26T00:30:00Z"))
        );
    }
}
