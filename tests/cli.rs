//! The command line, run as a user runs it: exit codes, what goes to stdout
//! and stderr, and what ends up in the session file.

use caseboard_testkit::fixtures as common;

use assert_cmd::Command;
use caseboard_core::Outcome;
use common::*;
use predicates::prelude::*;
use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

// ---------------------------------------------------------------- helpers

fn cb() -> Command {
    Command::from(caseboard_as_tester(BIN))
}

/// caseboard run as user `id`; `None` when this machine cannot.
fn as_user(id: u32) -> Option<Command> {
    common::as_user(BIN, id).map(Command::from)
}

/// Runs caseboard; whatever happens, it must not have panicked.
fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = cb().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "caseboard panicked: {stderr}");
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// Runs caseboard expecting exit 0; returns stdout.
fn ok<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "expected success; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text(&out.stdout)
}

/// Runs caseboard expecting exit `code`; returns (stdout, stderr).
fn fails<I, S>(code: i32, args: I) -> (String, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A user error: exit 1 and one line on stderr that names the file.
fn user_error<I, S>(file: &Path, args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let (stdout, stderr) = fails(1, args);
    assert!(stdout.is_empty(), "nothing on stdout: {stdout}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(
        stderr.contains(&file.display().to_string()),
        "names {}: {stderr}",
        file.display()
    );
    stderr
}

fn log_lines(file: &Path) -> Vec<String> {
    ok(["log", p(file)]).lines().map(str::to_string).collect()
}

/// The board's line for one priority.
fn board_line(file: &Path, id: &str) -> String {
    let board = ok(["board", p(file)]);
    board
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(id))
        .unwrap_or_else(|| panic!("{id} is not on the board:\n{board}"))
        .to_string()
}

/// Drops the log's guard triggers, runs `sql`, puts them back.
fn tamper(file: &Path, sql: &str) {
    tamper_events(file, sql);
}

// ---------------------------------------------------------------- usage

#[test]
fn help_and_version() {
    cb().arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: caseboard"))
        .stdout(predicate::str::contains("case conference"));
    for flag in ["--version", "-V"] {
        cb().arg(flag)
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!(
                "caseboard {}",
                env!("CARGO_PKG_VERSION")
            )));
    }
}

#[test]
fn every_subcommand_has_help() {
    let help = ok(["--help"]);
    let commands: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    for expected in [
        "new", "open", "decide", "object", "speaker", "board", "log", "export", "verify",
    ] {
        assert!(
            commands.iter().any(|c| c == expected),
            "{expected} missing from --help: {commands:?}"
        );
    }
    for command in &commands {
        cb().args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "Usage: caseboard {command}"
            )));
    }
}

#[test]
fn usage_errors_exit_2() {
    let s = session();
    let f = p(&s.path);
    for args in [
        vec!["frobnicate"],
        vec!["--no-such-flag"],
        vec!["decide"],
        vec!["decide", f],
        vec!["decide", f, "P1"],
        vec!["decide", f, "P1", "maybe"],
        vec!["decide", f, "P1", "accept", "--bogus"],
        vec!["object", f, "P1"],
        vec!["new", "x.caseboard"],
        vec!["export", f],
        vec!["export", f, "--format", "xml"],
        vec!["board"],
        vec!["verify", f, "extra"],
    ] {
        let (stdout, stderr) = fails(2, &args);
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(!stderr.trim().is_empty(), "{args:?}: says what is wrong");
    }
    // No usage error touched the session.
    assert_eq!(log_lines(&s.path).len(), 1);
}

// ---------------------------------------------------------------- new

#[test]
fn new_creates_a_session_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path(), "pack.json", &default_pack());
    let file = dir.path().join("conf.caseboard");
    let out = ok(["new", p(&file), "--pack", p(&pack)]);
    assert!(
        out.starts_with(&format!("created {}:", file.display())),
        "{out}"
    );
    assert!(
        out.contains("4 priorities (3 designated candidates, 1 statutory)"),
        "{out}"
    );
    assert!(out.contains("designated cap 35"), "{out}");
    assert!(file.is_file());
    ok(["verify", p(&file)]);
    let log = log_lines(&file);
    assert_eq!(log.len(), 1);
    assert!(log[0].contains("session_created"), "{log:?}");
    assert!(log[0].contains("tester"), "recorded as $USER: {log:?}");
}

#[test]
fn new_refuses_to_overwrite_and_leaves_the_file_alone() {
    let s = busy_cli_session();
    let pack = write_pack(s.dir.path(), "pack.json", &default_pack());
    let before = read(&s.path);
    let err = user_error(&s.path, ["new", p(&s.path), "--pack", p(&pack)]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(read(&s.path), before);

    let notes = s.sibling("notes.txt");
    std::fs::write(&notes, "keep me\n").unwrap();
    let err = user_error(&notes, ["new", p(&notes), "--pack", p(&pack)]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(read(&notes), b"keep me\n");
}

#[test]
fn new_with_an_invalid_pack_lists_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut pack = default_pack();
    pack["conference"]["date"] = "12 March 2008".into();
    pack["priorities"][0]["themes"][0] = "nope".into();
    pack["priorities"][1]["colour"] = "red".into();
    let pack_path = write_pack(dir.path(), "bad.json", &pack);
    let pack_text = std::fs::read_to_string(&pack_path).unwrap();
    let file = dir.path().join("conf.caseboard");

    let (stdout, stderr) = fails(1, ["new", p(&file), "--pack", p(&pack_path)]);
    assert!(stdout.is_empty());
    assert!(stderr.contains("invalid"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    // Every problem line reads `file:line:col: path: message`.
    let prefix = format!("{}:", pack_path.display());
    let problems: Vec<(usize, usize, String, String)> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(&prefix))
        .map(|rest| {
            let mut parts = rest.splitn(4, ':');
            let line: usize = parts.next().unwrap().parse().expect("a line number");
            let col: usize = parts.next().unwrap().parse().expect("a column number");
            let path = parts.next().unwrap().trim().to_string();
            let message = parts.next().expect("a message").trim().to_string();
            (line, col, path, message)
        })
        .collect();
    assert_eq!(problems.len(), 3, "{stderr}");
    let find = |path: &str| {
        problems
            .iter()
            .find(|(_, _, p, _)| p == path)
            .unwrap_or_else(|| panic!("no problem at {path}: {stderr}"))
            .clone()
    };
    let (line, col, _, message) = find("conference.date");
    assert!(message.contains("12 March 2008"), "{message}");
    let expected_line = 1 + pack_text
        .lines()
        .position(|l| l.contains("\"12 March 2008\""))
        .unwrap();
    assert_eq!(line, expected_line, "line of conference.date");
    let expected_col = 1 + pack_text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"12")
        .unwrap();
    assert_eq!(col, expected_col, "column of conference.date's value");
    let (_, _, _, message) = find("priorities[0].themes[0]");
    assert!(message.contains("nope"), "{message}");
    let (_, _, _, message) = find("priorities[1].colour");
    assert!(message.contains("unknown field"), "{message}");

    assert!(!file.exists(), "an invalid pack created a session");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["bad.json"], "nothing else was written");
}

#[test]
fn new_with_unreadable_packs_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("conf.caseboard");

    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"caseboard-pack/1\",\n  \"conference\": {,\n}",
    )
    .unwrap();
    let (_, stderr) = fails(1, ["new", p(&file), "--pack", p(&broken)]);
    assert!(
        stderr.contains(&format!("{}:3:", broken.display())),
        "points at the line: {stderr}"
    );
    assert!(stderr.contains("not valid JSON"), "{stderr}");

    let missing = dir.path().join("missing.json");
    let err = user_error(&missing, ["new", p(&file), "--pack", p(&missing)]);
    assert!(err.contains("cannot read"), "{err}");

    let latin1 = dir.path().join("latin1.json");
    std::fs::write(&latin1, b"{\"format\": \"caf\xe9\"}").unwrap();
    let err = user_error(&latin1, ["new", p(&file), "--pack", p(&latin1)]);
    assert!(err.contains("UTF-8"), "{err}");

    let nested = dir.path().join("no/such/folder/conf.caseboard");
    let pack = write_pack(dir.path(), "pack.json", &default_pack());
    let err = user_error(&nested, ["new", p(&nested), "--pack", p(&pack)]);
    assert!(err.contains("does not exist"), "{err}");

    assert!(!file.exists());
}

// ---------------------------------------------------------------- decide

/// A CLI-made session with the default pack.
fn cli_session(pack: &serde_json::Value) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let pack_path = write_pack(dir.path(), "pack.json", pack);
    let path = dir.path().join("conf.caseboard");
    ok(["new", p(&path), "--pack", p(&pack_path)]);
    Session {
        dir,
        path,
        pack_text: std::fs::read_to_string(pack_path).unwrap(),
    }
}

/// Five events: created, accept P1, reject P3 --local, object P2, defer S1.
fn busy_cli_session() -> Session {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    ok(["decide", f, "P1", "accept"]);
    ok([
        "decide",
        f,
        "P3",
        "reject",
        "--local",
        "--rationale",
        "a local matter",
    ]);
    ok([
        "object",
        f,
        "P2",
        "--text",
        "Who pays?",
        "--kind",
        "resourcing",
    ]);
    ok([
        "decide",
        f,
        "S1",
        "defer",
        "--rationale",
        "figures due in May",
    ]);
    s
}

#[test]
fn decide_accept_reject_defer() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    cb().args(["decide", f, "P1", "accept", "--as", "Nora Notes"])
        .assert()
        .success()
        .stdout("recorded #2 decision_recorded P1: accepted\n")
        .stderr("");
    cb().args(["decide", f, "P3", "reject", "--rationale", "not affordable"])
        .assert()
        .success()
        .stdout("recorded #3 decision_recorded P3: rejected: not affordable\n");
    cb().args(["decide", f, "S1", "defer", "--rationale", "await figures"])
        .assert()
        .success()
        .stdout("recorded #4 decision_recorded S1: deferred: await figures\n");

    assert!(board_line(&s.path, "P1").contains("accepted"));
    assert!(board_line(&s.path, "P1").ends_with("[target to be set]"));
    assert!(board_line(&s.path, "P3").contains("rejected"));
    assert!(board_line(&s.path, "S1").contains("deferred"));
    assert!(board_line(&s.path, "P2").contains("undecided"));
    let log = log_lines(&s.path);
    assert_eq!(log.len(), 4);
    assert!(
        log[1].contains("Nora Notes"),
        "recorded as --as: {}",
        log[1]
    );
    assert!(log[2].contains("tester"), "recorded as $USER: {}", log[2]);

    // CASEBOARD_AS beats $USER; --as beats both.
    cb().env("CASEBOARD_AS", "Env Person")
        .args(["decide", f, "P1", "accept"])
        .assert()
        .success();
    assert!(log_lines(&s.path)[4].contains("Env Person"));
}

#[test]
fn reject_local_shows_as_local_on_the_board() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    let out = ok([
        "decide",
        f,
        "P3",
        "reject",
        "--local",
        "--rationale",
        "keep it ourselves",
    ]);
    assert!(
        out.contains("rejected, kept as a local priority: keep it ourselves"),
        "{out}"
    );
    let line = board_line(&s.path, "P3");
    assert!(line.split_whitespace().any(|w| w == "local"), "{line}");
    assert!(ok(["board", f]).contains("kept local 1"));
}

#[test]
fn an_agreed_target_shows_on_the_board() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    let out = ok(["decide", f, "P1", "accept", "--target", "2010/11=40"]);
    assert!(out.contains("accepted, target 2010/11 = 40"), "{out}");
    assert!(
        board_line(&s.path, "P1").ends_with("[target 2010/11 = 40]"),
        "{}",
        board_line(&s.path, "P1")
    );
    ok(["decide", f, "P2", "accept", "--target", " 2009/10 = 41.25 "]);
    assert!(board_line(&s.path, "P2").ends_with("[target 2009/10 = 41.25]"));
}

/// A target is for a period its indicator is measured in: the proposal's
/// form (financial years here), and `54%` reads as 54.
#[test]
fn a_target_for_a_period_of_another_form_is_refused() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    let err = user_error(
        &s.path,
        ["decide", f, "P1", "accept", "--target", "2010=40"],
    );
    assert!(err.contains("2010 is not a period"), "{err}");
    assert!(err.contains("financial years"), "{err}");
    let err = user_error(
        &s.path,
        ["decide", f, "P1", "accept", "--target", "2001/02=40"],
    );
    assert!(err.contains("a period still to come"), "{err}");
    assert_eq!(log_lines(&s.path).len(), 1, "nothing recorded");
    let out = ok(["decide", f, "P1", "accept", "--target", "2010/11=54%"]);
    assert!(out.contains("accepted, target 2010/11 = 54"), "{out}");
}

#[test]
fn a_bad_target_is_refused_and_nothing_is_recorded() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    for bad in [
        "2010/11",
        "2010/11=abc",
        "=40",
        "2010/11=",
        "2010/11=inf",
        "2010/11=NaN",
        "2010/11=1e300",
    ] {
        let (stdout, stderr) = fails(1, ["decide", f, "P1", "accept", "--target", bad]);
        assert!(stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{bad}: {stderr:?}");
        assert!(
            stderr.contains("--target") || stderr.contains("target"),
            "{bad}: {stderr}"
        );
    }
    // A target goes only with accept.
    let err = user_error(
        &s.path,
        [
            "decide",
            f,
            "P1",
            "defer",
            "--rationale",
            "later",
            "--target",
            "2010/11=40",
        ],
    );
    assert!(err.contains("only with accept"), "{err}");
    assert_eq!(log_lines(&s.path).len(), 1);
}

/// The rules and their wording are tested in caseboard-core; here, that a
/// refusal reaches the user as the rules word it, in one line, exit 1, and
/// records nothing.
#[test]
fn refusals_exit_1_with_one_clear_line_and_record_nothing() {
    let s = cli_session(&pack_value(1, 3));
    let f = p(&s.path);
    ok(["decide", f, "P1", "accept"]);
    let board = {
        let store = caseboard_store::Store::open(&s.path, caseboard_store::Mode::ReadOnly).unwrap();
        store.load().unwrap().1
    };
    let kept_local = caseboard_core::Command::Decide {
        priority: "P2".into(),
        outcome: Outcome::Accept,
        rationale: String::new(),
        local: true,
        target: None,
    };
    let long = "x".repeat(20_001);
    let cases: [(&[&str], caseboard_core::Command); 6] = [
        (
            &["decide", f, "P2", "accept"],
            decide("P2", Outcome::Accept, ""),
        ),
        (
            &["decide", f, "S1", "reject", "--rationale", "no"],
            decide("S1", Outcome::Reject, "no"),
        ),
        (
            &["decide", f, "P2", "reject"],
            decide("P2", Outcome::Reject, ""),
        ),
        (
            &["decide", f, "P99", "accept"],
            decide("P99", Outcome::Accept, ""),
        ),
        (&["decide", f, "P2", "accept", "--local"], kept_local),
        (
            &["decide", f, "P2", "defer", "--rationale", &long],
            decide("P2", Outcome::Defer, &long),
        ),
    ];
    for (args, command) in cases {
        let refusal = caseboard_core::rules::check(&board, command).expect_err("refused");
        let err = user_error(&s.path, args);
        assert!(err.contains("not recorded"), "{args:?}: {err}");
        assert!(err.contains(&refusal.to_string()), "{args:?}: {err}");
    }
    assert_eq!(log_lines(&s.path).len(), 2);
}

#[test]
fn accepting_over_open_objections_warns_naming_them() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    let out = ok([
        "object",
        f,
        "P2",
        "--text",
        "No budget",
        "--kind",
        "resourcing",
        "--by",
        "dcsf",
    ]);
    assert!(
        out.contains("objection L1 raised (resourcing) by Cat Central: No budget"),
        "{out}"
    );
    cb().args(["decide", f, "P2", "accept"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "recorded #3 decision_recorded P2",
        ))
        .stderr(
            predicate::str::contains("warning")
                .and(predicate::str::contains("O1"))
                .and(predicate::str::contains("L1")),
        );
    let log = log_lines(&s.path);
    assert!(log[2].contains("over open objections O1, L1"), "{}", log[2]);
    // No objections, no warning.
    cb().args(["decide", f, "P1", "accept"])
        .assert()
        .success()
        .stderr("");
}

// ---------------------------------------------------------------- object

#[test]
fn speakers_are_queued_called_and_taken_out_from_the_command_line() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    // Nobody queued: nothing to take out, said in words, nothing recorded.
    let refused = user_error(&s.path, ["speaker", f, "P1", "remove", "go"]);
    assert!(
        refused.contains("Bob Regional is not in the speakers queue for P1"),
        "{refused}"
    );
    assert_eq!(
        ok(["speaker", f, "P1", "queue", "go"]),
        "recorded #2 speaker_queued P1: Bob Regional joins the speakers queue\n"
    );
    ok(["speaker", f, "P1", "queue", "chair"]);
    assert_eq!(
        ok(["speaker", f, "P1", "remove", "go"]),
        "recorded #4 speaker_removed P1: Bob Regional taken out of the speakers queue\n"
    );
    // The one with the floor can be taken out too: their turn ends.
    assert_eq!(
        ok(["speaker", f, "P1", "next"]),
        "recorded #5 speaker_called P1: Ann Chair has the floor\n"
    );
    ok(["speaker", f, "P1", "remove", "chair"]);
    let refused = user_error(&s.path, ["speaker", f, "P1", "next"]);
    assert!(
        refused.contains("the speakers queue for P1 is empty"),
        "{refused}"
    );
    let log = log_lines(&s.path);
    assert_eq!(log.len(), 6, "{log:?}");
    assert!(
        log[5].ends_with("Ann Chair taken out of the speakers queue"),
        "{}",
        log[5]
    );
    // queue and remove need someone to name; next names nobody.
    fails(2, ["speaker", f, "P1", "remove"]);
    user_error(&s.path, ["speaker", f, "P1", "next", "go"]);
    assert_eq!(log_lines(&s.path).len(), 6);
}

#[test]
fn object_with_kinds_alternatives_and_attendees() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    let out = ok([
        "object",
        f,
        "P1",
        "--text",
        "Use the other measure",
        "--kind",
        "counter_proposal",
        "--alternative",
        "NI 3",
        "--by",
        "go",
    ]);
    assert_eq!(
        out,
        "recorded #2 objection_raised P1: objection L1 raised (counter proposal) by Bob Regional, proposing NI 3 instead: Use the other measure\n"
    );
    // The log names the attendee as the line above does, not by their id.
    let log = log_lines(&s.path);
    assert!(
        log[1].ends_with("by Bob Regional, proposing NI 3 instead: Use the other measure"),
        "{}",
        log[1]
    );
    let line = board_line(&s.path, "P1");
    assert_eq!(
        line.split_whitespace().nth(4),
        Some("1"),
        "one open objection: {line}"
    );

    // Default kind is other.
    let out = ok(["object", f, "P1", "--text", "Hmm"]);
    assert!(out.contains("objection L2 raised (other)"), "{out}");

    // An unknown kind is a usage error (exit 2) that lists the kinds.
    let (_, stderr) = fails(2, ["object", f, "P1", "--text", "x", "--kind", "grumble"]);
    assert!(stderr.contains("not an objection kind"), "{stderr}");
    assert!(stderr.contains("counter_proposal"), "{stderr}");

    // Unknown attendee, unknown indicator, alternative without a counter-proposal, blank text.
    let err = user_error(
        &s.path,
        ["object", f, "P1", "--text", "x", "--by", "nobody"],
    );
    assert!(err.contains("no attendee \"nobody\""), "{err}");
    let err = user_error(
        &s.path,
        [
            "object",
            f,
            "P1",
            "--text",
            "x",
            "--kind",
            "counter_proposal",
            "--alternative",
            "NI 999",
        ],
    );
    assert!(
        err.contains("NI 999 is not in the pack: give its title too"),
        "{err}"
    );
    // With its title it is recorded as given, marked as not in the pack.
    let out = ok([
        "object",
        f,
        "P1",
        "--text",
        "Measure what residents see",
        "--kind",
        "counter_proposal",
        "--alternative",
        "NI 999",
        "--alternative-title",
        "Local bus punctuality",
    ]);
    assert!(
        out.contains("proposing NI 999 Local bus punctuality (not in the pack) instead"),
        "{out}"
    );
    let minutes = ok(["export", f, "--format", "md"]);
    assert!(
        minutes.contains("replace with NI 999 Local bus punctuality (not in the pack)"),
        "{minutes}"
    );
    // The JSON record's board marks it as not in the pack, and one that is as in it.
    let json: serde_json::Value =
        serde_json::from_str(&ok(["export", f, "--format", "json"])).unwrap();
    fn objections_with_alternatives(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
        match v {
            serde_json::Value::Object(m) => {
                if m.contains_key("alternative_in_pack") {
                    out.push(v.clone());
                }
                m.values()
                    .for_each(|c| objections_with_alternatives(c, out));
            }
            serde_json::Value::Array(a) => {
                a.iter().for_each(|c| objections_with_alternatives(c, out))
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    objections_with_alternatives(&json, &mut found);
    let shown: Vec<(String, bool, Option<String>)> = found
        .iter()
        .map(|o| {
            (
                o["alternative"].as_str().unwrap().to_string(),
                o["alternative_in_pack"].as_bool().unwrap(),
                o["alternative_title"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("NI 3".to_string(), true, None),
            (
                "NI 999".to_string(),
                false,
                Some("Local bus punctuality".to_string())
            )
        ]
    );
    let err = user_error(
        &s.path,
        [
            "object",
            f,
            "P1",
            "--text",
            "x",
            "--kind",
            "evidence",
            "--alternative",
            "NI 3",
        ],
    );
    assert!(err.contains("counter-proposal"), "{err}");
    let err = user_error(&s.path, ["object", f, "P1", "--text", "   "]);
    assert!(err.contains("must not be empty"), "{err}");
    let err = user_error(&s.path, ["object", f, "P42", "--text", "x"]);
    assert!(err.contains("no priority \"P42\""), "{err}");
    assert_eq!(
        log_lines(&s.path).len(),
        4,
        "the refused ones recorded nothing"
    );
}

// ---------------------------------------------------------------- board, log, export, verify

#[test]
fn board_lists_every_priority_in_agenda_order() {
    let s = busy_cli_session();
    let board = ok(["board", p(&s.path)]);
    assert!(
        board.starts_with("Testshire LAA case conference — Testshire Partnership, 2008-03-12\n"),
        "{board}"
    );
    assert!(
        board.contains("Designated accepted 1 / 35 · statutory agreed 0 / 1 · kept local 1 · rejected 0 · deferred 1 · undecided 1"),
        "{board}"
    );
    let ids: Vec<&str> = board
        .lines()
        .skip_while(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(ids, ["P1", "P2", "P3", "S1"]);
    let p2 = board_line(&s.path, "P2");
    let cols: Vec<&str> = p2.split_whitespace().collect();
    assert_eq!(
        &cols[..5],
        ["2", "P2", "designated", "undecided", "2"],
        "O1 and L1 open: {p2}"
    );
    assert!(p2.ends_with("Designated priority number 2"), "{p2}");
}

#[test]
fn log_prints_one_line_per_event_oldest_first() {
    let s = busy_cli_session();
    let log = log_lines(&s.path);
    assert_eq!(log.len(), 5);
    let seqs: Vec<u64> = log
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    let kinds: Vec<&str> = log
        .iter()
        .map(|l| l.split_whitespace().nth(3).unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "session_created",
            "decision_recorded",
            "decision_recorded",
            "objection_raised",
            "decision_recorded"
        ]
    );
    assert!(log[2].contains("P3") && log[2].contains("kept as a local priority: a local matter"));
    // Each line starts with its local time in the pack's zone (London, by
    // default), with the UTC offset in force then, in order.
    let times: Vec<chrono::DateTime<chrono::FixedOffset>> = log
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .map(|t| {
            assert_eq!(t.len(), 29, "{t}");
            chrono::DateTime::parse_from_rfc3339(t).unwrap()
        })
        .collect();
    for t in &times {
        let london = t.with_timezone(&caseboard_core::clock::DEFAULT_ZONE);
        assert_eq!(t.to_rfc3339(), london.fixed_offset().to_rfc3339());
    }
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
}

#[test]
fn export_json_holds_the_pack_the_events_and_the_board() {
    let s = busy_cli_session();
    let f = p(&s.path);
    let out = ok(["export", f, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("export is JSON");
    assert_eq!(doc["format"], "caseboard-export/1");
    let pack_in: serde_json::Value = serde_json::from_str(&s.pack_text).unwrap();
    assert_eq!(doc["pack"], pack_in, "the pack as imported");
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 5);
    assert_eq!(events[0]["kind"], "session_created");
    assert_eq!(events[2]["payload"]["local"], true);
    let board = &doc["board"];
    assert_eq!(board["designated_accepted"], 1);
    assert_eq!(board["designated_cap"], 35);
    let statuses: Vec<(&str, &str)> = board["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("P1", "accepted"),
            ("P2", "undecided"),
            ("P3", "local"),
            ("S1", "deferred")
        ]
    );
    let verified = ok(["verify", f]);
    let head = doc["head_hash"].as_str().unwrap();
    assert!(
        verified.contains(&format!("head hash: {head}")),
        "{verified}"
    );

    // -o writes the same document to a file and nothing to stdout.
    let out_path = s.sibling("record.json");
    let quiet = ok(["export", f, "--format", "json", "-o", p(&out_path)]);
    assert!(quiet.is_empty(), "{quiet}");
    let written: serde_json::Value =
        serde_json::from_slice(&read(&out_path)).expect("the file is JSON");
    assert_eq!(written, doc);

    // An output folder that does not exist is a user error naming it.
    let nowhere = s.sibling("missing/record.json");
    let err = user_error(
        &nowhere,
        ["export", f, "--format", "json", "-o", p(&nowhere)],
    );
    assert!(err.contains("cannot write"), "{err}");
}

#[test]
fn verify_passes_a_sound_file_and_names_the_tampered_event() {
    let s = busy_cli_session();
    let f = p(&s.path);
    let out = ok(["verify", f]);
    assert!(out.contains("sound: 5 events"), "{out}");
    let head = out
        .lines()
        .find_map(|l| l.strip_prefix("head hash: "))
        .expect("prints the head hash");
    assert_eq!(head, row_hash_of(&s.path, 5));

    tamper(
        &s.path,
        "UPDATE events SET payload = json_set(payload, '$.rationale', 'we never said that') WHERE seq = 3",
    );
    let (stdout, _) = fails(1, ["verify", f]);
    assert!(stdout.contains("event 3:"), "names the event: {stdout}");
    assert!(stdout.contains("NOT sound"), "{stdout}");
    assert!(
        !stdout.contains("event 2:") && !stdout.contains("event 4:"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "head hash of the intact part: {}",
            row_hash_of(&s.path, 2)
        )),
        "{stdout}"
    );
}

#[test]
fn verify_names_a_deleted_event_and_a_dropped_trigger() {
    let s = busy_cli_session();
    let f = p(&s.path);
    tamper(&s.path, "DELETE FROM events WHERE seq = 2");
    let (stdout, _) = fails(1, ["verify", f]);
    assert!(
        stdout.contains("event 2:") && stdout.contains("deleted"),
        "{stdout}"
    );

    let s = busy_cli_session();
    raw(&s.path)
        .execute_batch("DROP TRIGGER events_no_update;")
        .unwrap();
    let (stdout, _) = fails(1, ["verify", p(&s.path)]);
    assert!(stdout.contains("events_no_update"), "{stdout}");
}

// ---------------------------------------------------------------- hostile text

const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31mRED\u{202E}txt.exe\u{9b}1m\u{7f}";

fn assert_inert(what: &str, out: &[u8]) {
    let shown = String::from_utf8_lossy(out);
    for (name, bad) in [
        ("ESC", "\u{1b}"),
        ("BEL", "\u{7}"),
        ("NUL", "\u{0}"),
        ("DEL", "\u{7f}"),
        ("C1 CSI", "\u{9b}"),
        ("RLO (U+202E)", "\u{202E}"),
        ("RLI (U+2067)", "\u{2067}"),
    ] {
        assert!(
            !shown.contains(bad),
            "{what} printed a raw {name}: {shown:?}"
        );
    }
}

#[test]
fn hostile_text_is_printed_inert_by_log_and_board() {
    let mut pack = default_pack();
    pack["conference"]["title"] = format!("Conf{HOSTILE}\u{0}").into();
    pack["priorities"][0]["title"] = format!("Priority {HOSTILE}\u{2067}x\u{0}").into();
    pack["themes"][0]["name"] = HOSTILE.into();
    // P1's indicator without figures takes a target for any period, so a
    // hostile one is recorded (as a session from before the period rule
    // may hold one) and must print inert.
    let code = pack["priorities"][0]["indicators"][0].clone();
    for ind in pack["indicators"].as_array_mut().unwrap() {
        if ind["code"] == code {
            for key in ["series", "baseline", "proposed_target"] {
                ind.as_object_mut().unwrap().remove(key);
            }
        }
    }
    let s = cli_session(&pack);
    let f = p(&s.path);
    let multiline = format!("line one\n{HOSTILE}\nline three");
    ok([
        "object", f, "P1", "--text", &multiline, "--kind", "evidence",
    ]);
    ok([
        "decide",
        f,
        "P2",
        "defer",
        "--rationale",
        HOSTILE,
        "--as",
        HOSTILE,
    ]);
    ok([
        "decide",
        f,
        "P1",
        "accept",
        "--target",
        &format!("20{HOSTILE}=5"),
    ]);

    let log = run(["log", f]);
    assert!(log.status.success());
    assert_inert("log", &log.stdout);
    assert_eq!(
        text(&log.stdout).lines().count(),
        4,
        "a line break in text does not split an event's line"
    );
    assert!(
        text(&log.stdout).contains("RED"),
        "the visible text is still there"
    );

    let board = run(["board", f]);
    assert!(board.status.success());
    assert_inert("board", &board.stdout);
    assert!(
        text(&board.stdout).contains("Priority"),
        "the title is still shown"
    );

    // What `decide` and `object` echo back is inert too.
    let out = run(["object", f, "P3", "--text", HOSTILE]);
    assert!(out.status.success());
    assert_inert("object", &out.stdout);
    let out = run(["decide", f, "P3", "reject", "--rationale", HOSTILE]);
    assert!(out.status.success());
    assert_inert("decide", &out.stdout);
}

#[test]
fn hostile_text_in_error_messages_is_inert() {
    let s = cli_session(&default_pack());
    let f = p(&s.path);
    let (_, stderr) = fails(1, ["decide", f, HOSTILE, "accept"]);
    assert_inert("the unknown-priority refusal", stderr.as_bytes());
    let (_, stderr) = fails(1, ["decide", f, "P1", "accept", "--target", HOSTILE]);
    assert_inert("the bad-target error", stderr.as_bytes());
    let (_, stderr) = fails(1, ["object", f, "P1", "--text", "x", "--by", HOSTILE]);
    assert_inert("the unknown-attendee refusal", stderr.as_bytes());
}

// ---------------------------------------------------------------- bad files, every command

#[test]
fn every_command_refuses_bad_files_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.caseboard");
    let empty = dir.path().join("empty.caseboard");
    std::fs::write(&empty, b"").unwrap();
    let textfile = dir.path().join("text.caseboard");
    std::fs::write(&textfile, "hello\n".repeat(100)).unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let folder = dir.path().join("folder.caseboard");
    std::fs::create_dir(&folder).unwrap();

    for (file, says) in [
        (&missing, "no such file"),
        (&empty, "empty"),
        (&textfile, "not a caseboard session"),
        (&foreign, "another application"),
        (&folder, "folder"),
    ] {
        let before = std::fs::read(file).ok();
        let f = p(file);
        for args in [
            vec!["board", f],
            vec!["log", f],
            vec!["verify", f],
            vec!["export", f, "--format", "json"],
            vec!["decide", f, "P1", "accept"],
            vec!["object", f, "P1", "--text", "x"],
            vec!["open", f],
        ] {
            let err = user_error(file, &args);
            if args[0] != "open" {
                assert!(err.contains(says), "{args:?}: {err}");
            }
        }
        assert_eq!(
            std::fs::read(file).ok(),
            before,
            "{} changed",
            file.display()
        );
    }
    assert!(!missing.exists(), "no command created the missing file");
}

#[test]
fn open_without_a_terminal_says_so_and_changes_nothing() {
    let s = busy_cli_session();
    let before = read(&s.path);
    let err = user_error(&s.path, ["open", p(&s.path)]);
    assert!(err.contains("needs a terminal"), "{err}");
    assert_eq!(read(&s.path), before);
}

#[test]
fn no_arguments_creates_the_demo_then_asks_for_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("sessions/demo.caseboard");
    for run_no in 0..2 {
        let out = cb().current_dir(dir.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(out.status.code(), Some(1), "run {run_no}: {stderr}");
        assert!(stderr.contains("needs a terminal"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
        assert!(
            demo.is_file(),
            "run {run_no}: the demo session was not created"
        );
        let before = read(&demo);
        let report = caseboard_store::verify(&demo).unwrap();
        assert!(report.is_sound(), "{report:?}");
        assert_eq!(report.events, 1);
        assert_eq!(read(&demo), before);
    }
    // The demo is a real conference: the board shows it.
    let board = ok(["board", p(&demo)]);
    assert!(board.contains("Designated accepted 0 / 35"), "{board}");
    assert!(board.lines().count() > 10, "{board}");
}

// ---------------------------------------------------------------- other users

/// A folder anyone may write in, as a shared conference folder would be.
fn shared_folder() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

#[test]
fn a_read_only_file_cannot_be_written_by_an_ordinary_user() {
    use std::os::unix::fs::PermissionsExt;
    // Permission bits do not stop root, so the writer here is an ordinary
    // user (uid 65534) when the tests run as root.
    let ordinary = if uid() == 0 { 65534 } else { uid() };
    let Some(_) = as_user(ordinary) else {
        eprintln!("skipped: cannot run caseboard as an ordinary user here");
        return;
    };
    let dir = shared_folder();
    let pack = write_pack(dir.path(), "pack.json", &default_pack());
    let file = dir.path().join("conf.caseboard");
    ok(["new", p(&file), "--pack", p(&pack)]);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = read(&file);

    let out = as_user(ordinary)
        .unwrap()
        .args(["decide", p(&file), "P1", "accept"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.contains(p(&file)), "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert_eq!(read(&file), before);

    // Reading it is fine.
    as_user(ordinary)
        .unwrap()
        .args(["board", p(&file)])
        .assert()
        .success()
        .stdout(predicate::str::contains("P1"));
    assert_eq!(read(&file), before);
}

#[test]
fn another_users_read_does_not_lock_the_owner_out() {
    let (owner, reader) = (4242, 4343);
    let (Some(_), Some(_)) = (as_user(owner), as_user(reader)) else {
        eprintln!("skipped: cannot run caseboard as two users here");
        return;
    };
    let dir = shared_folder();
    let pack = write_pack(dir.path(), "pack.json", &default_pack());
    let file = dir.path().join("conf.caseboard");
    as_user(owner)
        .unwrap()
        .args(["new", p(&file), "--pack", p(&pack)])
        .assert()
        .success();
    // The projector, logged in as someone else, looks at the board.
    as_user(reader)
        .unwrap()
        .args(["board", p(&file)])
        .assert()
        .success();
    // The note-taker can still record.
    as_user(owner)
        .unwrap()
        .args(["decide", p(&file), "P1", "accept"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("recorded #2"));
}

#[test]
fn error_messages_do_not_repeat_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.caseboard");
    std::fs::create_dir(&folder).unwrap();
    let err = user_error(&folder, ["board", p(&folder)]);
    assert_eq!(
        err.matches("is a folder").count(),
        1,
        "the problem is said once: {err}"
    );
}

#[test]
fn an_unreadable_event_is_reported_not_panicked_on() {
    let s = busy_cli_session();
    let f = p(&s.path);
    tamper(
        &s.path,
        "UPDATE events SET kind = 'from_the_future' WHERE seq = 3",
    );
    for command in ["board", "log"] {
        let err = user_error(&s.path, [command, f]);
        assert!(err.contains("event 3"), "{command}: {err}");
        assert!(
            err.contains("caseboard verify"),
            "{command}: points to verify: {err}"
        );
    }
    let err = user_error(&s.path, ["decide", f, "P2", "accept"]);
    assert!(err.contains("event 3"), "{err}");
    let (stdout, _) = fails(1, ["verify", f]);
    assert!(stdout.contains("event 3:"), "{stdout}");
    assert_eq!(
        raw(&s.path)
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        5
    );
}

#[test]
fn export_refuses_to_write_over_the_session_it_reads() {
    let s = busy_cli_session();
    let before = std::fs::read(&s.path).unwrap();
    let err = user_error(
        &s.path,
        ["export", p(&s.path), "--format", "json", "-o", p(&s.path)],
    );
    assert!(err.contains("is a caseboard session"), "{err}");
    assert_eq!(
        std::fs::read(&s.path).unwrap(),
        before,
        "the session is untouched"
    );
    ok(["verify", p(&s.path)]);
}
