//! Every time shown to people is local, in the pack's zone (London unless
//! it names another): the log, the CSV, the minutes and the header, on a
//! winter (GMT, +00:00) and a summer (BST, +01:00) conference day. The
//! record itself keeps UTC. And the agenda against the clock, as the
//! header shows it.

use caseboard_core::rules::Command;
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Event, Outcome, Record};
use caseboard_report::{csv, minutes, report};
use caseboard_testkit::app::{app_on, apply_at, draw, local, screen_text, ACTOR};
use caseboard_testkit::fixtures::{default_pack, p, write_pack};
use caseboard_tui::app::{update, Action};
use caseboard_tui::ui::Theme;
use chrono::{DateTime, TimeZone, Utc};
use std::sync::Arc;

/// The demo pack on `date`, its business recorded from 10:00 UTC: P01
/// taken up, accepted at 10:05, the session closed at 10:10.
fn meeting_on(date: &str) -> Record {
    meeting_held_on(date, date)
}

/// As [`meeting_on`], the pack's date `date`, the meeting held on `held`.
fn meeting_held_on(date: &str, held: &str) -> Record {
    let text = caseboard_testkit::DEMO_PACK
        .replace(r#""date": "2008-03-12""#, &format!(r#""date": "{date}""#));
    let pack = Arc::new(parse_pack(&text).expect("the demo pack is valid"));
    let mut board = Board::new(pack);
    let at = |m: u32| -> DateTime<Utc> {
        let day: chrono::NaiveDate = held.parse().expect("a date");
        Utc.from_utc_datetime(&day.and_hms_opt(10, m, 0).expect("a time"))
    };
    let mut events: Vec<Event> = Vec::new();
    let take_up = Command::TakeUp {
        priority: "P01".into(),
    };
    events.push(apply_at(&mut board, at(0), ACTOR, take_up));
    let accept = Command::Decide {
        priority: "P01".into(),
        outcome: Outcome::Accept,
        rationale: "Agreed".into(),
        local: false,
        target: None,
    };
    events.push(apply_at(&mut board, at(5), ACTOR, accept));
    let close = Command::Close {
        force: true,
        reason: "Out of time".into(),
    };
    events.push(apply_at(&mut board, at(10), ACTOR, close));
    Record {
        file: "conference.caseboard".into(),
        events,
        board,
        head_hash: String::new(),
        pack_sha256: String::new(),
        chain: None,
    }
}

fn csv_of(record: &Record) -> String {
    let mut out = Vec::new();
    csv::decisions(&mut out, record).expect("written to memory");
    String::from_utf8(out).expect("UTF-8")
}

fn minutes_of(record: &Record) -> String {
    let mut out = Vec::new();
    minutes::markdown(&mut out, record, true).expect("written to memory");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn a_winter_meeting_shows_greenwich_time() {
    let record = meeting_on("2008-03-12");
    let log = report::log_text(&record.board, &record.events);
    assert!(log.contains("2008-03-12T10:00:00.000+00:00"), "{log}");
    let csv = csv_of(&record);
    assert!(csv.contains(",2008-03-12T10:05:00.000+00:00,"), "{csv}");
    let md = minutes_of(&record);
    assert!(md.contains("- **Times:** local, Europe/London (GMT); the record keeps UTC"));
    assert!(
        md.contains("closed by Test at 2008-03-12 10:10 GMT"),
        "{md}"
    );
    assert!(md.contains("| 1 | 2008-03-12T10:00:00.000+00:00 |"), "{md}");
    // Planned for 16:00; closed at 10:10: well ahead of time.
    assert!(
        md.contains("- **Finish:** planned for 16:00, finished at 10:10 (5 h 50 min early)"),
        "{md}"
    );
}

#[test]
fn a_summer_meeting_shows_british_summer_time() {
    let record = meeting_on("2008-06-12");
    // 10:00 UTC is 11:00 in London in June.
    let log = report::log_text(&record.board, &record.events);
    assert!(log.contains("2008-06-12T11:00:00.000+01:00"), "{log}");
    assert!(!log.contains("T10:00:00"), "{log}");
    let csv = csv_of(&record);
    assert!(csv.contains(",2008-06-12T11:05:00.000+01:00,"), "{csv}");
    let md = minutes_of(&record);
    assert!(md.contains("- **Times:** local, Europe/London (BST); the record keeps UTC"));
    assert!(
        md.contains("closed by Test at 2008-06-12 11:10 BST"),
        "{md}"
    );
    assert!(md.contains("| Test, 2008-06-12 11:05 BST |"), "{md}");
    assert!(md.contains("| 3 | 2008-06-12T11:10:00.000+01:00 |"), "{md}");
    assert!(md.contains("finished at 11:10 (4 h 50 min early)"), "{md}");
    // The record keeps UTC.
    assert_eq!(
        record.events[0].at.to_rfc3339(),
        "2008-06-12T10:00:00+00:00"
    );
}

#[test]
fn the_header_clock_is_the_conference_zones() {
    for (date, shown) in [("2008-03-12", "│ 10:30 │"), ("2008-06-12", "│ 11:30 │")] {
        let record = meeting_on(date);
        let mut board = record.board;
        // Reopened, so the header is not the closed session's.
        let reopen = Command::Reopen {
            reason: "More to do".into(),
        };
        let at = record.events[2].at + chrono::Duration::minutes(1);
        apply_at(&mut board, at, ACTOR, reopen);
        let mut app = app_on(board, false, (120, 35));
        update(
            &mut app,
            Action::Tick(local(at + chrono::Duration::minutes(19))),
        );
        let header = screen_text(&draw(&app, &Theme::monochrome()))
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(header.contains(shown), "{date}: {header}");
    }
}

#[test]
fn the_header_shows_the_agenda_against_the_clock_within_80_columns() {
    let record = meeting_on("2008-06-12");
    let mut board = record.board;
    let at = record.events[2].at + chrono::Duration::minutes(1);
    let reopen = Command::Reopen {
        reason: "More to do".into(),
    };
    apply_at(&mut board, at, ACTOR, reopen);
    let header = |board: &Board, width: u16| {
        let mut app = app_on(board.clone(), false, (width, 30));
        update(&mut app, Action::Tick(local(at)));
        let screen = screen_text(&draw(&app, &Theme::monochrome()));
        let header = screen.lines().next().unwrap_or_default().to_string();
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(header.as_str()),
            width as usize,
            "{header}"
        );
        header
    };
    // What is left of the agenda (5 h 38 min from 11:11) takes it past
    // the planned 16:00: it ends at 16:49.
    for width in [100u16, 120, 200] {
        let header = header(&board, width);
        assert!(header.contains("49 min late"), "{width}: {header}");
        if width >= 120 {
            assert!(header.contains("ends ~16:49 · "), "{width}: {header}");
            assert!(
                header.contains("running 49 min late │ 11:11 │"),
                "{width}: {header}"
            );
        }
        if width >= 200 {
            assert!(header.contains(" · planned 16:00 · "), "{width}: {header}");
        }
    }
    // At 80 columns, with an item under discussion, the title's words and
    // the gauge's bar give way so the lateness still shows.
    let busy = header(&board, 80);
    assert!(
        busy.contains("● P01 ◷10:00/12:00 │ 49 min late │ 11:11 │ Designated 1 / 35"),
        "{busy}"
    );
    // Nothing taken up yet at 11:11: the whole agenda, 5 h 50 min, is left.
    let idle = Board::new(board.pack().clone());
    let idle = header(&idle, 80);
    assert!(
        idle.contains(" 1 h 1 min late │ 11:11 │ Designated 0 / 35"),
        "{idle}"
    );
}

#[test]
fn the_log_command_prints_the_packs_zone() {
    // India has kept +05:30 all year since 1945: the offset is known
    // whenever the test runs.
    let mut pack = default_pack();
    pack["conference"]["timezone"] = serde_json::json!("Asia/Kolkata");
    let dir = tempfile::tempdir().unwrap();
    let pack_path = write_pack(dir.path(), "pack.json", &pack);
    let path = dir.path().join("conf.caseboard");
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("caseboard")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["new", p(&path), "--pack", p(&pack_path)]);
    run(&["decide", p(&path), "P1", "accept"]);
    let log = run(&["log", p(&path)]);
    for line in log.lines() {
        let at = line.split_whitespace().nth(1).unwrap_or_default();
        assert!(at.ends_with("+05:30"), "{line}");
    }
    let csv = run(&["export", p(&path), "--format", "csv"]);
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.contains("+05:30,")),
        "{csv}"
    );
    // The JSON export is the record: UTC.
    let json = run(&["export", p(&path), "--format", "json"]);
    assert!(!json.contains("+05:30"), "{json}");
}

#[test]
fn a_meeting_held_on_another_day_than_planned_gives_both_dates_and_no_lateness() {
    // The demo's pack is for 12 March 2008; run as a demonstration years
    // later, the minutes give both days, not a lateness of years.
    let record = meeting_held_on("2008-03-12", "2026-11-30");
    let md = minutes_of(&record);
    assert!(
        md.contains(
            "- **Finish:** planned for 2008-03-12 16:00 GMT, finished at 2026-11-30 10:10 GMT\n"
        ),
        "{md}"
    );
    assert!(!md.contains("()"), "{md}");
}
