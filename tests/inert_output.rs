//! Nothing hostile reaches a terminal: whatever a path, an argument or a
//! stored text holds, no command prints a raw control (C0, DEL, C1), bidi
//! override or line/paragraph separator, in success lines, errors, clap's
//! own messages, text outputs or JSON; JSON stays valid and gives back the
//! exact text; an error is one line.

use caseboard_testkit::fixtures as common;

use common::*;
use serde_json::Value;
use std::process::Output;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// Runs caseboard as `tester`; it must not have panicked.
fn caseboard(args: &[&str]) -> Output {
    run_as_tester(BIN, args)
}

/// The title-setting and clipboard-writing sequences of the issue.
const OSC: &str = "X\u{1b}]0;PWNED\u{7}\u{1b}]52;c;TkVX\u{7}";
/// Everything JSON must escape and text must neutralise, with visible text between.
const HOSTILE: &str =
    "a\u{9b}31m b\u{9d}c d\u{7f} e\u{202E}gnp.exe f\u{2028}g\u{2029}h\u{85}i\u{1b}[2J j\u{2067}k";

/// Fails if the raw bytes hold anything a terminal would obey.
fn assert_inert(what: &str, bytes: &[u8]) {
    // CSV ends its records with CR LF (RFC 4180); a lone CR is still hostile.
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    for c in text.chars() {
        let u = c as u32;
        let bad = (u < 0x20 && c != '\n')
            || (0x7F..=0x9F).contains(&u)
            || (0x202A..=0x202E).contains(&u)
            || (0x2066..=0x2069).contains(&u)
            || matches!(u, 0x061C | 0x200E | 0x200F | 0x2028 | 0x2029);
        assert!(!bad, "{what} printed a raw U+{u:04X}: {text:?}");
    }
}

fn hostile_session() -> Session {
    let mut pack = default_pack();
    pack["conference"]["title"] = format!("Conf {HOSTILE}").into();
    pack["conference"]["partnership"] = format!("Partners {HOSTILE}").into();
    pack["priorities"][0]["title"] = format!("Priority {HOSTILE}").into();
    pack["themes"][0]["name"] = HOSTILE.into();
    pack["objections"][0]["text"] = format!("{OSC} {HOSTILE}").into();
    let s = session_from(&pack);
    let f = p(&s.path);
    for args in [
        vec![
            "decide",
            f,
            "P1",
            "defer",
            "--rationale",
            HOSTILE,
            "--as",
            OSC,
        ],
        vec!["object", f, "P2", "--text", HOSTILE, "--kind", "evidence"],
        vec!["decide", f, "P3", "reject", "--rationale", OSC],
    ] {
        let out = caseboard(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_inert(&format!("{} success line", args[0]), &out.stdout);
    }
    s
}

#[test]
fn the_success_line_of_new_does_not_set_the_title_or_the_clipboard() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path(), "demo.json", &default_pack());
    let file = dir.path().join(format!("{OSC}{HOSTILE}.caseboard"));
    let out = caseboard(&["new", p(&file), "--pack", p(&pack)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert("new", &out.stdout);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // And every other command naming that file.
    let f = p(&file);
    for args in [
        vec!["verify", f],
        vec!["board", f],
        vec!["decide", f, "P1", "accept"],
        vec!["decide", f, "NOPE", "accept"],
        vec!["new", f, "--pack", p(&pack)],
        vec!["backup", f, p(&dir.path().join(format!("{HOSTILE}-wal")))],
    ] {
        let out = caseboard(&args);
        assert_inert(&format!("{args:?} stdout"), &out.stdout);
        assert_inert(&format!("{args:?} stderr"), &out.stderr);
        if !out.status.success() {
            assert_eq!(
                String::from_utf8_lossy(&out.stderr).lines().count(),
                1,
                "{args:?}: one line"
            );
        }
    }
}

#[test]
fn clap_usage_errors_are_cleaned_and_keep_exit_2() {
    let s = session();
    let f = p(&s.path);
    let (_, plain) = {
        let out = caseboard(&["object", f, "P1", "--text", "x", "--kind", "nonsense"]);
        assert_eq!(out.status.code(), Some(2));
        ((), String::from_utf8_lossy(&out.stderr).lines().count())
    };
    for value in [
        OSC.to_string(),
        HOSTILE.to_string(),
        format!("{OSC}\nline two"),
    ] {
        let out = caseboard(&["object", f, "P1", "--text", "x", "--kind", &value]);
        assert_eq!(out.status.code(), Some(2), "a usage error");
        assert_inert("the --kind usage error", &out.stderr);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).lines().count(),
            plain,
            "the value does not add lines: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = caseboard(&["decide", f, "P1", &value]);
        assert_eq!(out.status.code(), Some(2));
        assert_inert("the outcome usage error", &out.stderr);
    }
    let out = caseboard(&[OSC]);
    assert_eq!(out.status.code(), Some(2));
    assert_inert("an unknown command", &out.stderr);
    let out = caseboard(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
    let out = caseboard(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("caseboard "));
}

#[test]
fn text_outputs_are_inert() {
    let s = hostile_session();
    let f = p(&s.path);
    for args in [
        vec!["board", f],
        vec!["log", f],
        vec!["verify", f],
        vec!["export", f, "--format", "md"],
        vec!["export", f, "--format", "csv"],
        vec!["summary", f],
        vec!["summary", f, "--format", "csv"],
    ] {
        let out = caseboard(&args);
        assert!(out.status.success(), "{args:?}");
        assert_inert(&format!("{args:?}"), &out.stdout);
        assert_inert(&format!("{args:?} stderr"), &out.stderr);
    }
    // The visible text is still there.
    let log = caseboard(&["log", f]);
    assert!(String::from_utf8_lossy(&log.stdout).contains("gnp.exe"));
}

#[test]
fn json_escapes_what_a_terminal_obeys_and_round_trips() {
    let s = hostile_session();
    let f = p(&s.path);
    for args in [
        vec!["export", f, "--format", "json"],
        vec!["summary", f, "--format", "json"],
    ] {
        let out = caseboard(&args);
        assert!(out.status.success(), "{args:?}");
        assert_inert(&format!("{args:?}"), &out.stdout);
        let doc: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        if args[0] == "export" {
            let p1 = doc["board"]["priorities"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == "P1")
                .unwrap();
            assert_eq!(p1["rationale"], HOSTILE, "byte for byte");
            assert_eq!(
                doc["pack"]["conference"]["title"],
                format!("Conf {HOSTILE}")
            );
            let actors: Vec<&str> = doc["events"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["actor"].as_str())
                .collect();
            assert!(actors.contains(&OSC), "{actors:?}");
            let raw = String::from_utf8_lossy(&out.stdout);
            for escape in [
                "\\u009b", "\\u009d", "\\u007f", "\\u202e", "\\u2028", "\\u2029",
            ] {
                assert!(raw.contains(escape), "{escape} in {raw}");
            }
        } else {
            assert!(doc["sessions"][0]["area"]
                .as_str()
                .is_none_or(|a| !a.is_empty()));
        }
    }
}

#[test]
fn error_messages_are_one_line() {
    let s = session();
    let f = p(&s.path);
    let broken = s.sibling("no\nsuch\u{2028}file.caseboard");
    for args in [
        vec!["board", p(&broken)],
        vec!["log", p(&broken)],
        vec!["verify", p(&broken)],
        vec!["decide", p(&broken), "P1", "accept"],
        vec!["decide", f, "P\n1", "accept"],
        vec!["decide", f, "P1", "reject"],
        vec!["object", f, "P1", "--text", "x", "--by", "no\nbody"],
        vec!["decide", f, "P1", "accept", "--target", "2010\n=x"],
        vec!["reopen", f, "--reason", "not\nclosed"],
    ] {
        let out = caseboard(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err:?}");
        assert_inert(&format!("{args:?}"), &out.stderr);
    }
}
