//! A row of the log whose text is not valid UTF-8 (written around
//! caseboard, guards dropped) is named by its number in every command, and
//! `verify` reports it and goes on checking the rest.

use caseboard_testkit::fixtures as common;

use caseboard_core::Outcome;
use caseboard_store::verify;
use common::*;
use std::process::Output;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Runs caseboard as `tester`; it must not have panicked.
fn caseboard(args: &[&str]) -> Output {
    run_as_tester(BIN, args)
}

/// A session of five events whose event 3 has an actor of invalid UTF-8.
fn unreadable_at_3() -> Session {
    let s = session();
    let decisions = [
        ("P1", "one"),
        ("P2", "two"),
        ("P3", "three"),
        ("P1", "four"),
    ];
    record_all(
        &s.path,
        "tester",
        decisions.map(|(p, why)| decide(p, Outcome::Accept, why)),
    );
    tamper_events(
        &s.path,
        "UPDATE events SET actor = CAST(x'ff41ff' AS TEXT) WHERE seq = 3",
    );
    s
}

#[test]
fn every_command_names_the_unreadable_event() {
    let s = unreadable_at_3();
    let file = s.path.to_str().unwrap();
    for args in [
        vec!["board", file],
        vec!["log", file],
        vec!["export", file, "--format", "json"],
        vec!["export", file, "--format", "md"],
        vec!["export", file, "--format", "csv"],
        vec!["decide", file, "P2", "accept"],
        vec!["object", file, "P1", "--text", "We were not asked"],
        vec!["close", file, "--force", "--reason", "out of time"],
        vec!["reopen", file, "--reason", "one more item"],
    ] {
        let out = caseboard(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("event 3 cannot be read (its actor is not valid UTF-8 text)"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("Utf8") && !err.contains("Conversion"),
            "{err}"
        );
    }
    let count: i64 = raw(&s.path)
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 5, "nothing was recorded");
}

#[test]
fn the_summary_skips_the_session_naming_the_event() {
    let s = unreadable_at_3();
    let out = caseboard(&["summary", s.path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("event 3 cannot be read"), "{err}");
}

#[test]
fn verify_reports_each_unreadable_event_and_goes_on() {
    let s = unreadable_at_3();
    // A second unreadable row, in the payload this time, and an edited pack
    // table: verify must reach both.
    tamper_events(
        &s.path,
        "UPDATE events SET payload = CAST(x'7b227072696f72697479223a2250ff227d' AS TEXT) WHERE seq = 5",
    );
    {
        let conn = raw(&s.path);
        conn.execute_batch(
            "DROP TRIGGER themes_no_update; UPDATE themes SET name = 'Renamed' WHERE id = 'cyp';",
        )
        .unwrap();
    }
    let report = verify(&s.path).unwrap();
    let shown: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
    for expected in [
        "event 3: cannot be read (its actor is not valid UTF-8 text)",
        "event 5: cannot be read (its payload is not valid UTF-8 text)",
        "the themes table differs from the chained pack at cyp: name",
        "the guard trigger themes_no_update is missing",
    ] {
        assert!(
            shown.iter().any(|f| f.starts_with(expected)),
            "{expected} missing from {shown:#?}"
        );
    }
    assert_eq!(report.events, 5);
    assert_eq!(
        report.head_hash,
        row_hash_of(&s.path, 2),
        "intact up to event 2"
    );
    let out = caseboard(&["verify", s.path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("event 3: cannot be read"), "{printed}");
    assert!(printed.contains("event 5: cannot be read"), "{printed}");
}
