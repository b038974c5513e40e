//! `caseboard export --format md|html|docx|csv|json`: the minutes of the demo
//! conference after a scripted meeting (an insta snapshot), the decisions
//! CSV read back with an RFC 4180 reader, hostile text neutralised in both,
//! and `-o` writing the same bytes as stdout without ever touching the
//! session.

use assert_cmd::Command;
use caseboard_core::meeting::{Answer, Position, Presence, Question};
use caseboard_core::pack::{ObjectionKind, PeriodValue, Tier};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Command as Cmd, Event, Outcome};
use caseboard_store::Store;
use caseboard_testkit::csv::parse_csv;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

/// The HTML minutes: parsed, their charts read, and printed by a browser.
#[path = "export/minutes_html.rs"]
mod minutes_html;

/// The Word minutes: read part by part, and opened by LibreOffice.
#[path = "export/minutes_docx.rs"]
mod minutes_docx;

// ---------------------------------------------------------------- helpers

/// A session under construction: records each command as `actor` and
/// folds what was recorded into the board.
struct Meeting {
    store: Store,
    board: Board,
    events: Vec<Event>,
}

impl Meeting {
    fn new(path: &Path, pack_text: &str) -> Meeting {
        let pack = parse_pack(pack_text).expect("the pack is valid");
        let store = Store::create(path, pack_text, &pack, "Helen Marsden").expect("create");
        let (events, board) = store.load().expect("load");
        Meeting {
            store,
            board,
            events,
        }
    }

    fn rec(&mut self, actor: &str, command: Cmd) -> Event {
        let recorded = self
            .store
            .record(&self.board, actor, command.clone())
            .unwrap_or_else(|e| panic!("{command:?} was refused: {e}"));
        for e in recorded.caught_up.iter().chain([&recorded.event]) {
            self.board.apply(e);
            self.events.push(e.clone());
        }
        recorded.event
    }

    fn decide(&mut self, actor: &str, priority: &str, outcome: Outcome, rationale: &str) {
        self.rec(
            actor,
            Cmd::Decide {
                priority: priority.into(),
                outcome,
                rationale: rationale.into(),
                local: false,
                target: None,
            },
        );
    }

    fn accept(&mut self, actor: &str, priority: &str, target: Option<(&str, f64)>, why: &str) {
        self.rec(
            actor,
            Cmd::Decide {
                priority: priority.into(),
                outcome: Outcome::Accept,
                rationale: why.into(),
                local: false,
                target: target.map(|(period, value)| PeriodValue {
                    period: period.into(),
                    value,
                }),
            },
        );
    }
}

fn target(period: &str, value: f64) -> Option<(&str, f64)> {
    Some((period, value))
}

const NOTE_TAKER: &str = "Helen Marsden";
const GO_LEAD: &str = "Tom Ashworth";

/// The demo conference after a scripted meeting: attendance, accepts with
/// and without targets, an accept over open objections, a reject kept
/// local, a reject, a deferral, two superseded decisions, statutory
/// targets, objections raised, resolved and withdrawn, checklist answers,
/// tier positions, notes, actions, and a forced close, a reopening and a
/// second close.
fn scripted(dir: &TempDir) -> (PathBuf, Vec<Event>) {
    let path = dir.path().join("westmarsh.caseboard");
    let mut m = Meeting::new(&path, caseboard_testkit::DEMO_PACK);
    for (who, presence) in [
        ("wcc-ce", Presence::Present),
        ("wcc-leader", Presence::Present),
        ("pct-dph", Presence::Present),
        ("police", Presence::Apologies),
        ("go-lm", Presence::Present),
        ("go-tl", Presence::Present),
        ("ho", Presence::Present),
        ("dh", Presence::Apologies),
    ] {
        m.rec(
            NOTE_TAKER,
            Cmd::RecordAttendance {
                attendee: who.into(),
                presence,
            },
        );
    }
    m.rec(
        NOTE_TAKER,
        Cmd::AddNote {
            priority: None,
            text: "Quorum confirmed. The chair reminded partners that the designated cap is 35."
                .into(),
        },
    );

    // P25, alcohol: discussed at length, accepted over open objections.
    m.rec(
        NOTE_TAKER,
        Cmd::TakeUp {
            priority: "P25".into(),
        },
    );
    for (question, answer) in [
        (Question::EvidenceSufficient, Answer::Yes),
        (Question::RightPeople, Answer::No),
        (Question::Resources, Answer::Unknown),
        (Question::IndicatorQuality, Answer::Yes),
    ] {
        m.rec(
            NOTE_TAKER,
            Cmd::AnswerChecklist {
                priority: "P25".into(),
                question,
                answer,
            },
        );
    }
    for (tier, position) in [
        (Tier::Local, Position::Support),
        (Tier::Regional, Position::Support),
        (Tier::Central, Position::Oppose),
    ] {
        m.rec(
            NOTE_TAKER,
            Cmd::RecordPosition {
                priority: "P25".into(),
                tier,
                position,
            },
        );
    }
    m.rec(
        NOTE_TAKER,
        Cmd::RaiseObjection {
            priority: "P25".into(),
            text: "No pooled budget for the alcohol liaison nurses beyond 2009.".into(),
            kind: ObjectionKind::Resourcing,
            raised_by: Some("pct-dph".into()),
            alternative: None,
            alternative_title: None,
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::ResolveObjection {
            objection: "O02".into(),
            note: "DH named as lead department, Home Office supporting".into(),
        },
    );
    m.rec(
        GO_LEAD,
        Cmd::WithdrawObjection {
            objection: "O03".into(),
            note: "GO accepts a trajectory that bends the curve by 2010/11".into(),
        },
    );
    m.accept(
        NOTE_TAKER,
        "P25",
        target("2010/11", 1480.0),
        "Highest admissions in the region; PCT and police both commit resources",
    );
    m.rec(
        NOTE_TAKER,
        Cmd::AddNote {
            priority: Some("P25".into()),
            text: "Agreed over the counter-proposal.\nThe police will report NI 20 alongside as a local indicator."
                .into(),
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::AddAction {
            priority: Some("P25".into()),
            text: "Draft the delivery plan for the alcohol target".into(),
            owner: Some("pct-dph".into()),
            due: Some("2008-04-30".into()),
        },
    );

    // Children and young people.
    m.accept(
        NOTE_TAKER,
        "P01",
        target("2010", 32.5),
        "Rate still well above the regional average",
    );
    m.decide(
        NOTE_TAKER,
        "P03",
        Outcome::Defer,
        "Child poverty data run two years in arrears",
    );
    m.rec(
        NOTE_TAKER,
        Cmd::ResolveObjection {
            objection: "O20".into(),
            note: "HMRC local indicator figures for 2006 now available".into(),
        },
    );
    m.accept(
        NOTE_TAKER,
        "P03",
        None,
        "Taken after all: the 2006 figures give a baseline; target to follow",
    );
    m.rec(
        NOTE_TAKER,
        Cmd::AnswerChecklist {
            priority: "P03".into(),
            question: Question::EvidenceSufficient,
            answer: Answer::Yes,
        },
    );

    // Safer and stronger communities.
    m.rec(
        NOTE_TAKER,
        Cmd::ResolveObjection {
            objection: "O21".into(),
            note: "Most similar group figures show Westmarsh in the bottom quartile".into(),
        },
    );
    m.accept(NOTE_TAKER, "P12", target("2010/11", 14.2), "");
    m.accept(NOTE_TAKER, "P14", None, "");
    m.rec(
        NOTE_TAKER,
        Cmd::RaiseObjection {
            priority: "P14".into(),
            text: "Replace NI 20 with NI 15: serious violence is where the harm is.".into(),
            kind: ObjectionKind::CounterProposal,
            raised_by: Some("ho".into()),
            alternative: Some("NI 15".into()),
            alternative_title: None,
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::WithdrawObjection {
            objection: "L2".into(),
            note: "".into(),
        },
    );
    m.accept(
        NOTE_TAKER,
        "P14",
        target("2010/11", 7.9),
        "Target agreed once the Home Office withdrew its counter-proposal",
    );
    m.rec(
        NOTE_TAKER,
        Cmd::RecordPosition {
            priority: "P14".into(),
            tier: Tier::Central,
            position: Position::Support,
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::AddAction {
            priority: Some("P14".into()),
            text: "Confirm the 2007/08 baseline with the Home Office".into(),
            owner: Some("Westmarsh Community Safety Partnership".into()),
            due: Some("2008-05-15".into()),
        },
    );
    m.decide(
        GO_LEAD,
        "P18",
        Outcome::Defer,
        "NI 19 target setting is deferred nationally until 2009",
    );

    // Kept local, and rejected.
    m.rec(
        NOTE_TAKER,
        Cmd::Decide {
            priority: "P29".into(),
            outcome: Outcome::Reject,
            rationale: "Better placed in the Sustainable Community Strategy".into(),
            local: true,
            target: None,
        },
    );
    m.decide(
        NOTE_TAKER,
        "P37",
        Outcome::Reject,
        "Council's own operations: for the council's plan, not the LAA",
    );

    // Statutory targets: one as proposed, one differing with its reason.
    m.accept(NOTE_TAKER, "S01", target("2010/11", 54.0), "");
    m.accept(
        NOTE_TAKER,
        "S03",
        target("2010/11", 79.0),
        "Schools' own targets add up to 79",
    );

    m.rec(
        NOTE_TAKER,
        Cmd::AddAction {
            priority: None,
            text: "Circulate these minutes to all partners".into(),
            owner: Some("go-lm".into()),
            due: Some("2008-03-19".into()),
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::AddAction {
            priority: None,
            text: "Arrange the follow-up session for the remaining candidates".into(),
            owner: None,
            due: None,
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::Close {
            force: true,
            reason: "Time ran out; the remaining items go to the April session".into(),
        },
    );
    m.rec(
        GO_LEAD,
        Cmd::Reopen {
            reason: "To record the chair's closing note".into(),
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::AddNote {
            priority: None,
            text: "The chair thanked partners; the Government Office will confirm the designated list by letter."
                .into(),
        },
    );
    m.rec(
        NOTE_TAKER,
        Cmd::Close {
            force: true,
            reason: "Meeting ended".into(),
        },
    );
    let events = m.events.clone();
    drop(m);
    (path, events)
}

fn cb() -> Command {
    Command::from(caseboard_testkit::fixtures::caseboard_as_tester(BIN))
}

/// Runs `caseboard export FILE --format FORMAT [extra]`, expecting exit 0; returns stdout.
fn export(file: &Path, format: &str, extra: &[&str]) -> Vec<u8> {
    let out = cb()
        .arg("export")
        .arg(file)
        .args(["--format", format])
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "export --format {format} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// Splits a Markdown table row on its unescaped pipes.
fn cells(row: &str) -> usize {
    let mut n: usize = 0;
    let mut escaped = false;
    for c in row.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '|' {
            n += 1;
        }
    }
    n.saturating_sub(1)
}

/// Every row of every table has as many cells as its header, and every line
/// that opens a heading is one of the document's own.
fn assert_structure(md: &str) {
    let lines: Vec<&str> = md.lines().collect();
    let mut columns: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with('|') {
            match columns {
                None => columns = Some(cells(line)),
                Some(n) => assert_eq!(cells(line), n, "line {}: {line}", i + 1),
            }
        } else {
            columns = None;
        }
        if line.starts_with('#') {
            let own = [
                "# Minutes: ",
                "## ",
                "### Agreed designated targets",
                "### Statutory targets",
                "### Local",
                "### Regional",
                "### Central",
                "### Rejected",
                "### Deferred",
                "### Not decided",
            ];
            assert!(
                own.iter().any(|p| line.starts_with(p)),
                "line {} opens a heading the document did not write: {line}",
                i + 1
            );
        }
    }
}

fn minutes_filters() -> Vec<(&'static str, &'static str)> {
    vec![
        // Local times, with their offset or their zone's abbreviation.
        (
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d",
            "[time]",
        ),
        (r"\d{4}-\d\d-\d\d \d\d:\d\d (GMT|BST)", "[minute]"),
        // How late the session (closed when the test ran) finished.
        (
            r"\((\d+ h ?)?(\d+ min )?(late|early)\)|\(on time\)",
            "([lateness])",
        ),
        (r"[0-9a-f]{64}", "[hash]"),
        (r"caseboard \d+\.\d+\.\d+\S*", "caseboard [version]"),
    ]
}

// ---------------------------------------------------------------- minutes

#[test]
fn minutes_of_the_demo_conference_after_a_scripted_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(&dir);
    let md = text(export(&path, "md", &[]));
    assert_structure(&md);
    insta::with_settings!({filters => minutes_filters()}, {
        insta::assert_snapshot!("minutes_demo", md);
    });
}

#[test]
fn minutes_quote_the_head_hash_verify_prints_and_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (path, events) = scripted(&dir);
    let md = text(export(&path, "md", &["--timeline"]));
    assert_eq!(
        md,
        text(export(&path, "md", &["--timeline"])),
        "same file, same bytes"
    );
    let verify = text(cb().arg("verify").arg(&path).output().expect("runs").stdout);
    let head = verify
        .lines()
        .find_map(|l| l.strip_prefix("head hash: "))
        .expect("verify prints the head hash");
    assert!(
        md.contains(&format!(
            "Hash chain head (event #{}): `{head}`",
            events.len()
        )),
        "the minutes quote verify's head hash {head}"
    );
    // Every event is in the timeline; superseded decisions are marked there.
    for e in &events {
        assert!(
            md.contains(&format!("\n| {} | ", e.seq)),
            "event #{} in the timeline",
            e.seq
        );
    }
    assert_eq!(md.matches("**(superseded by #").count(), 2);
}

// ---------------------------------------------------------------- CSV

#[test]
fn decisions_csv_reads_back_one_row_a_decision_with_superseded_ones_marked() {
    let dir = tempfile::tempdir().unwrap();
    let (path, events) = scripted(&dir);
    let csv = text(export(&path, "csv", &[]));
    assert!(csv.ends_with("\r\n"), "RFC 4180 line ends");
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "seq",
            "at",
            "recorded_by",
            "priority",
            "title",
            "kind",
            "outcome",
            "kept_local",
            "target_period",
            "target_value",
            "rationale",
            "open_objections",
            "superseded",
            "ni_code",
            "ni_title",
            "baseline_period",
            "baseline_value",
            "proposed_period",
            "proposed_value",
            "agreed_period",
            "agreed_value"
        ]
    );
    let decisions: Vec<&Event> = events
        .iter()
        .filter(|e| e.body.kind() == "decision_recorded")
        .collect();
    assert_eq!(rows.len() - 1, decisions.len());
    for (row, e) in rows[1..].iter().zip(&decisions) {
        assert_eq!(row.len(), 21, "{row:?}");
        assert_eq!(row[0], e.seq.to_string(), "oldest first");
        assert_eq!(row[3], e.body.priority().unwrap());
    }
    let superseded: Vec<(&str, &str)> = rows[1..]
        .iter()
        .filter(|r| r[12] == "true")
        .map(|r| (r[3].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(superseded, [("P03", "defer"), ("P14", "accept")]);
    assert!(rows[1..]
        .iter()
        .all(|r| r[12] == "true" || r[12] == "false"));

    let p25 = rows.iter().find(|r| r[3] == "P25").expect("P25");
    assert_eq!(p25[4], "Reduce alcohol-related harm");
    assert_eq!(p25[5], "designated");
    assert_eq!(p25[6], "accept");
    assert_eq!((p25[8].as_str(), p25[9].as_str()), ("2010/11", "1480"));
    assert_eq!(p25[11], "O01;L1", "the objections open when it was taken");
    assert!(p25[10].contains("PCT and police both commit resources"));
    let p29 = rows.iter().find(|r| r[3] == "P29").expect("P29");
    assert_eq!((p29[6].as_str(), p29[7].as_str()), ("reject", "true"));
    let p01 = rows.iter().find(|r| r[3] == "P01").expect("P01");
    assert_eq!(p01[9], "32.5");
    let s01 = rows.iter().find(|r| r[3] == "S01").expect("S01");
    assert_eq!(s01[5], "statutory");
}

// ---------------------------------------------------------------- hostile text

const ESC_TITLE: &str = "# Evil\u{1b}[2J\u{1b}]0;pwned\u{7} | x | `code` \u{202E}reversed";

fn hostile_session(dir: &TempDir) -> PathBuf {
    let mut pack: serde_json::Value = serde_json::from_str(caseboard_testkit::DEMO_PACK).unwrap();
    pack["conference"]["title"] = ESC_TITLE.into();
    pack["conference"]["venue"] = "-\n# Not a heading\n| a | b |".into();
    pack["priorities"][0]["title"] = "=HYPERLINK(\"http://evil\",\"x\") | \u{2067}isolate".into();
    pack["attendees"][0]["name"] = "<script>alert(1)</script> [click](http://evil)".into();
    // Characters XML forbids: one would make a Word document unreadable.
    pack["priorities"][1]["title"] = "Not \u{FFFE}in XML\u{FFFF}".into();
    let text = serde_json::to_string_pretty(&pack).unwrap();
    let path = dir.path().join("hostile.caseboard");
    let mut m = Meeting::new(&path, &text);
    let actor = "@SUM(1+1)*cmd|' /C calc'!A0\u{1b}[31m";
    m.rec(
        actor,
        Cmd::RecordAttendance {
            attendee: "wcc-ce".into(),
            presence: Presence::Present,
        },
    );
    m.rec(
        actor,
        Cmd::Decide {
            priority: "P01".into(),
            outcome: Outcome::Reject,
            rationale: "-2+3\nline two | pipe\r\n## heading\t`tick` &#x202E; \u{1b}]52;c;aGk=\u{7}"
                .into(),
            local: true,
            target: None,
        },
    );
    m.rec(
        actor,
        // P20's indicator has no figures, so any period is taken: a hostile
        // one (as a session from before the period rule may hold) reaches
        // every exporter.
        Cmd::Decide {
            priority: "P20".into(),
            outcome: Outcome::Accept,
            rationale: "+1 \"quoted\", with a comma".into(),
            local: false,
            target: Some(PeriodValue {
                period: "=1+1 | 2010".into(),
                value: -3.5,
            }),
        },
    );
    m.rec(
        actor,
        Cmd::AddNote {
            priority: Some("P02".into()),
            text: "# heading\n> quote\n- item\n1. first\n    indented code\n```\nfence".into(),
        },
    );
    m.rec(
        actor,
        Cmd::AddAction {
            priority: None,
            text: "| | |\n===".into(),
            owner: Some("`owner`".into()),
            due: None,
        },
    );
    m.rec(
        actor,
        Cmd::RaiseObjection {
            priority: "P02".into(),
            text: "</td><img src=x onerror=alert(1)>\u{202D}".into(),
            kind: ObjectionKind::Other,
            raised_by: None,
            alternative: None,
            alternative_title: None,
        },
    );
    drop(m);
    path
}

/// Whether `pattern` occurs with its first character not backslash-escaped.
fn unescaped(md: &str, pattern: &str) -> bool {
    md.match_indices(pattern).any(|(i, _)| {
        let backslashes = md[..i].chars().rev().take_while(|c| *c == '\\').count();
        backslashes % 2 == 0
    })
}

fn assert_no_controls(s: &str) {
    for c in [
        '\u{1b}', '\u{7}', '\u{202E}', '\u{202D}', '\u{2067}', '\t', '\0',
    ] {
        assert!(!s.contains(c), "{c:?} got through");
    }
}

#[test]
fn hostile_text_cannot_break_the_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_session(&dir);
    let md = text(export(&path, "md", &[]));
    assert_no_controls(&md);
    assert!(!md.contains('\r'));
    assert_structure(&md);
    assert!(md.starts_with("# Minutes: \\# Evil\u{FFFD}\\[2J\u{FFFD}\\]0;pwned\u{FFFD} \\| x \\| \\`code\\` \u{FFFD}reversed\n"));
    // No raw HTML, no links, no entity that would decode to a bidi override.
    for pattern in ["<script", "[click]", "<img", "</td", "&#x202E;"] {
        assert!(!unescaped(&md, pattern), "{pattern} is live Markdown");
    }
    assert!(md.contains("\\<script\\>alert(1)\\</script\\> \\[click\\](http://evil)"));
    assert!(md.contains("\\&\\#x202E;"));
    // The rationale's line breaks are folded; its leading `-` cannot start a list.
    assert!(md.contains("\\-2+3 line two \\| pipe \\#\\# heading \\`tick\\`"));
    // The note's lines stay lines, none of them a block of its own.
    assert!(md.contains(
        "  \\# heading\\\n  \\> quote\\\n  \\- item\\\n  1\\. first\\\n  indented code\\\n  \\`\\`\\`\\\n  fence\n"
    ));
    assert!(
        md.contains("| \\| \\| \\| === |"),
        "the action's text stays in its cell"
    );
    // Only the document's own backticks remain unescaped: hashes, the verify
    // command and the agreement marks.
    let own = md.matches('`').count() - md.matches("\\`").count();
    assert_eq!(own % 2, 0, "balanced code spans");
}

#[test]
fn hostile_text_cannot_inject_formulas_or_rows_into_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_session(&dir);
    let csv = text(export(&path, "csv", &[]));
    assert_no_controls(&csv);
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 3, "a header and two decisions: {rows:?}");
    for row in &rows {
        assert_eq!(row.len(), 21, "{row:?}");
        for field in row {
            assert!(!field.contains(['\n', '\r']), "no line breaks: {field:?}");
            let first = field.trim_start().chars().next();
            // Numbers written by caseboard may be negative; text may not lead with a formula.
            if field.parse::<f64>().is_err() {
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@')),
                    "formula not guarded: {field:?}"
                );
            }
        }
    }
    let reject = &rows[1];
    assert!(reject[2].starts_with("'@SUM(1+1)"), "{:?}", reject[2]);
    assert!(reject[4].starts_with("'=HYPERLINK("), "{:?}", reject[4]);
    assert!(reject[10].starts_with("'-2+3 line two | pipe ## heading `tick`"));
    let accept = &rows[2];
    assert_eq!(accept[8], "'=1+1 | 2010");
    assert_eq!(accept[9], "-3.5", "a negative target stays a number");
    assert_eq!(accept[10], "'+1 \"quoted\", with a comma");
    assert!(
        csv.contains(",\"'+1 \"\"quoted\"\", with a comma\","),
        "quotes doubled, field quoted"
    );
}

// ---------------------------------------------------------------- -o, and the binary

#[test]
fn output_file_holds_the_same_bytes_as_stdout_and_never_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(&dir);
    let session_before = std::fs::read(&path).unwrap();
    for format in ["md", "csv", "json"] {
        let stdout = export(&path, format, &[]);
        assert!(!stdout.is_empty());
        let out = dir.path().join(format!("record.{format}"));
        std::fs::write(&out, "an older export").unwrap();
        let quiet = export(&path, format, &["-o", out.to_str().unwrap()]);
        assert!(quiet.is_empty(), "nothing on stdout with -o");
        assert_eq!(
            std::fs::read(&out).unwrap(),
            stdout,
            "{format}: -o = stdout"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

        // Over the session itself, by any spelling of its path: refused.
        let spelled = dir.path().join(".").join("westmarsh.caseboard");
        for target in [&path, &spelled] {
            let out = cb()
                .arg("export")
                .arg(&path)
                .args(["--format", format, "-o"])
                .arg(target)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{format}: refused");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("is a caseboard session"), "{err}");
            assert!(out.stdout.is_empty());
        }
        assert_eq!(std::fs::read(&path).unwrap(), session_before, "untouched");
    }
}

#[test]
fn the_binary_exports_md_and_csv_and_refuses_an_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.caseboard");
    Meeting::new(&path, caseboard_testkit::DEMO_PACK);
    cb().arg("export")
        .arg(&path)
        .args(["--format", "md"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("# Minutes: Westmarsh"))
        .stdout(predicates::str::contains("undecided **45**"));
    cb().arg("export")
        .arg(&path)
        .args(["--format", "csv"])
        .assert()
        .success()
        .stdout("seq,at,recorded_by,priority,title,kind,outcome,kept_local,target_period,target_value,rationale,open_objections,superseded,ni_code,ni_title,baseline_period,baseline_value,proposed_period,proposed_value,agreed_period,agreed_value\r\n");
    let out = cb()
        .arg("export")
        .arg(&path)
        .args(["--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("md") && err.contains("csv") && err.contains("docx"),
        "names the formats: {err}"
    );
    cb().args(["export", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Minutes to circulate"));
}
