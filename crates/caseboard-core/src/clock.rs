//! How lengths of time are shown: an item's discussion time, a speaker's
//! turn, a timebox and its overrun. Negative lengths show as nought.

use chrono::Duration;

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
}
