//! `caseboard export --format xlsx`: the demo conference after a scripted
//! meeting, written as a workbook and opened with calamine: each sheet's
//! headings, the agreed targets' figures as numbers, times as the
//! spreadsheet's dates in the conference's zone, people by name, hostile
//! text kept as text (never a formula); and the decisions CSV's columns
//! for the headline indicator and the targets.

use assert_cmd::Command;
use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};
use caseboard_core::clock::Tz;
use caseboard_core::pack::{ObjectionKind, PeriodValue};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Command as Cmd, Event, Outcome};
use caseboard_store::Store;
use caseboard_testkit::csv::parse_csv;
use caseboard_testkit::fixtures::record_and_fold;
use chrono::SubsecRound;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

const SHEETS: [&str; 6] = [
    "Targets",
    "Statutory",
    "Local",
    "Deferred",
    "Actions",
    "Objections",
];

const TARGET_HEADINGS: [&str; 11] = [
    "priority",
    "title",
    "NI code",
    "NI title",
    "unit",
    "lead",
    "baseline period",
    "baseline",
    "proposed period",
    "proposed",
    "agreed period",
];

fn headings(sheet: &str) -> Vec<&'static str> {
    let mut h: Vec<&str> = TARGET_HEADINGS.to_vec();
    match sheet {
        "Targets" => h.extend(["agreed target", "rationale", "decided", "decided by"]),
        "Statutory" => h.extend([
            "agreed target",
            "status",
            "rationale",
            "decided",
            "decided by",
        ]),
        "Local" | "Deferred" => {
            h = vec![
                "priority",
                "title",
                "NI code",
                "NI title",
                "lead",
                "reason",
                "decided",
                "decided by",
            ]
        }
        "Actions" => {
            h = vec![
                "action",
                "owner",
                "organisation",
                "due",
                "priority",
                "title",
                "agreed",
                "recorded by",
            ]
        }
        "Objections" => {
            h = vec![
                "objection",
                "priority",
                "title",
                "raised by",
                "tier",
                "kind",
                "instead",
                "raised",
                "status",
                "text",
                "how settled",
                "settled by",
                "settled",
            ]
        }
        _ => unreachable!(),
    }
    h
}

/// Records each (actor, command) into a new session of `pack_text` at
/// `path`; returns every event of the log.
fn session(path: &Path, pack_text: &str, script: Vec<(&str, Cmd)>) -> Vec<Event> {
    let pack = parse_pack(pack_text).expect("the pack is valid");
    let mut store = Store::create(path, pack_text, &pack, "Helen Marsden").expect("create");
    let (mut events, mut board) = store.load().expect("load");
    for (actor, command) in script {
        events.push(record_and_fold(&mut store, &mut board, actor, command));
    }
    events
}

fn decide(priority: &str, outcome: Outcome, target: Option<(&str, f64)>, why: &str) -> Cmd {
    Cmd::Decide {
        priority: priority.into(),
        outcome,
        rationale: why.into(),
        local: false,
        target: target.map(|(period, value)| PeriodValue {
            period: period.into(),
            value,
        }),
    }
}

fn action(priority: Option<&str>, text: &str, owner: Option<&str>, due: Option<&str>) -> Cmd {
    Cmd::AddAction {
        priority: priority.map(Into::into),
        text: text.into(),
        owner: owner.map(Into::into),
        due: due.map(Into::into),
    }
}

/// The demo conference after a meeting: accepts with and without a
/// target (one recorded under an attendee's id), an accept superseded by
/// another, a deferral taken back, statutory targets, a priority kept
/// local, a deferral, objections raised, resolved and withdrawn, actions.
fn scripted(dir: &Path) -> (PathBuf, Vec<Event>) {
    use Outcome::{Accept, Defer, Reject};
    let path = dir.join("westmarsh.caseboard");
    let script = vec![
        (
            "Helen Marsden",
            Cmd::RaiseObjection {
                priority: "P25".into(),
                text: "No pooled budget for the alcohol liaison nurses beyond 2009.".into(),
                kind: ObjectionKind::Resourcing,
                raised_by: Some("pct-dph".into()),
                alternative: None,
                alternative_title: None,
            },
        ),
        (
            "Helen Marsden",
            Cmd::ResolveObjection {
                objection: "O02".into(),
                note: "DH named as lead department, Home Office supporting".into(),
            },
        ),
        (
            "go-tl",
            Cmd::WithdrawObjection {
                objection: "O03".into(),
                note: "GO accepts a trajectory that bends the curve".into(),
            },
        ),
        (
            "Helen Marsden",
            decide(
                "P25",
                Accept,
                Some(("2010/11", 1480.0)),
                "Highest admissions in the region",
            ),
        ),
        (
            "go-lm",
            decide("P01", Accept, Some(("2010", 32.5)), "Still above average"),
        ),
        (
            "Helen Marsden",
            decide("P03", Defer, None, "Data two years in arrears"),
        ),
        (
            "Helen Marsden",
            decide("P03", Accept, None, "Taken after all; target to follow"),
        ),
        (
            "Helen Marsden",
            decide("P14", Accept, Some(("2010/11", 7.5)), ""),
        ),
        (
            "Tom Ashworth",
            decide("P14", Accept, Some(("2010/11", 7.9)), "Revised"),
        ),
        (
            "Helen Marsden",
            decide("P18", Defer, None, "Deferred nationally until 2009"),
        ),
        (
            "Helen Marsden",
            Cmd::Decide {
                priority: "P29".into(),
                outcome: Reject,
                rationale: "Better placed in the Sustainable Community Strategy".into(),
                local: true,
                target: None,
            },
        ),
        (
            "Helen Marsden",
            decide("S01", Accept, Some(("2010/11", 54.0)), ""),
        ),
        (
            "Helen Marsden",
            action(
                Some("P25"),
                "Draft the delivery plan for the alcohol target",
                Some("pct-dph"),
                Some("2008-04-30"),
            ),
        ),
        (
            "Helen Marsden",
            action(
                None,
                "Confirm the baseline with the Home Office",
                Some("Westmarsh Community Safety Partnership"),
                Some("2008-05-15"),
            ),
        ),
        (
            "Helen Marsden",
            action(None, "Arrange the follow-up session", None, None),
        ),
    ];
    let events = session(&path, caseboard_testkit::DEMO_PACK, script);
    (path, events)
}

fn cb() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("CASEBOARD_AS");
    cmd
}

/// `caseboard export FILE --format xlsx -o OUT`, read back.
fn workbook(path: &Path) -> Vec<u8> {
    let out = path.with_extension("xlsx");
    cb().arg("export")
        .arg(path)
        .args(["--format", "xlsx", "-o"])
        .arg(&out)
        .assert()
        .success();
    std::fs::read(&out).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    book.worksheet_range(name).unwrap()
}

/// The row whose first cell is `id`, as a map from heading to cell.
fn row(range: &Range<Data>, id: &str) -> std::collections::HashMap<String, Data> {
    let mut rows = range.rows();
    let heads: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let found = rows
        .find(|r| r[0] == Data::String(id.into()))
        .unwrap_or_else(|| panic!("no row {id}"));
    heads.into_iter().zip(found.iter().cloned()).collect()
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

/// A spreadsheet date-time cell as the local time it holds.
fn date_time(cell: &Data) -> chrono::NaiveDateTime {
    let Data::DateTime(d) = cell else {
        panic!("not a date: {cell:?}");
    };
    let (y, mo, da, h, mi, se, ms) = d.to_ymd_hms_milli();
    chrono::NaiveDate::from_ymd_opt(y.into(), mo.into(), da.into())
        .unwrap()
        .and_hms_milli_opt(h.into(), mi.into(), se.into(), ms.into())
        .unwrap()
}

/// The cell holds the moment of the event `seq` on the clock in `zone`,
/// to the second.
fn assert_local_time(cell: &Data, events: &[Event], seq: u64, zone: Tz) {
    let at = events.iter().find(|e| e.seq == seq).unwrap().at;
    let local = at.with_timezone(&zone).naive_local().trunc_subsecs(0);
    let held = date_time(cell);
    assert!(
        (held - local).num_milliseconds().abs() <= 1,
        "{held} is not {local}"
    );
}

fn seq_of(events: &[Event], priority: &str) -> u64 {
    events
        .iter()
        .rev()
        .find(|e| e.body.kind() == "decision_recorded" && e.body.priority() == Some(priority))
        .unwrap()
        .seq
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_of_a_meeting_holds_each_sheet_with_its_headings_frozen_and_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(dir.path());
    let bytes = workbook(&path);
    let book = open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), SHEETS);
    for (i, name) in SHEETS.iter().enumerate() {
        let range = sheet(&bytes, name);
        let heads: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(heads, headings(name), "{name}");
        let xml = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
            "{name}: frozen heading row"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "{name}: a filter");
        assert!(xml.contains("<col "), "{name}: column widths");
    }
    // Figures keep the decimals they have; times show to the minute.
    let styles = part(&bytes, "xl/styles.xml");
    for format in ["#,##0", "#,##0.0", "yyyy-mm-dd hh:mm", "yyyy-mm-dd"] {
        assert!(
            styles.contains(&format!("formatCode=\"{format}\"")),
            "{format}"
        );
    }
    let rows = |name| sheet(&bytes, name).rows().count() - 1;
    assert_eq!(rows("Targets"), 4, "P25, P01, P03 and P14 accepted");
    assert_eq!(
        rows("Statutory"),
        5,
        "every statutory target, agreed or not"
    );
    assert_eq!(rows("Local"), 1);
    assert_eq!(rows("Deferred"), 1, "P03's deferral was superseded");
    assert_eq!(rows("Actions"), 3);
    assert_eq!(rows("Objections"), 25, "the pack's 24 and one raised");
}

#[test]
fn the_agreed_targets_are_figures_dates_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let (path, events) = scripted(dir.path());
    let bytes = workbook(&path);
    let london: Tz = "Europe/London".parse().unwrap();
    let targets = sheet(&bytes, "Targets");

    let p25 = row(&targets, "P25");
    assert_eq!(p25["title"], s("Reduce alcohol-related harm"));
    assert_eq!(p25["NI code"], s("NI 39"));
    assert_eq!(
        p25["NI title"],
        s("Alcohol-harm related hospital admission rates")
    );
    assert_eq!(p25["lead"], s("Westmarsh Primary Care Trust"));
    assert_eq!(p25["baseline period"], s("2007/08"));
    assert_eq!(p25["baseline"], Data::Float(1531.0));
    assert_eq!(p25["proposed period"], s("2010/11"));
    assert_eq!(p25["proposed"], Data::Float(1630.0));
    assert_eq!(p25["agreed period"], s("2010/11"));
    assert_eq!(p25["agreed target"], Data::Float(1480.0));
    let rationale = p25["rationale"].to_string();
    assert!(
        rationale.starts_with("Highest admissions in the region (taken over open objections O01"),
        "{rationale}"
    );
    assert_eq!(p25["decided by"], s("Helen Marsden"));
    assert_local_time(&p25["decided"], &events, seq_of(&events, "P25"), london);

    // Recorded under an attendee's id: shown by the attendee's name.
    let p01 = row(&targets, "P01");
    assert_eq!(p01["decided by"], s("Helen Marsden"));
    assert_eq!(p01["agreed target"], Data::Float(32.5));
    assert_eq!(p01["baseline"], Data::Float(44.2));
    // Superseded: the standing decision's target and who took it.
    let p14 = row(&targets, "P14");
    assert_eq!(p14["agreed target"], Data::Float(7.9));
    assert_eq!(p14["decided by"], s("Tom Ashworth"));
    let p03 = row(&targets, "P03");
    assert_eq!(p03["agreed period"], s("to be set"));
    assert_eq!(p03["agreed target"], Data::Empty);

    let statutory = sheet(&bytes, "Statutory");
    let s01 = row(&statutory, "S01");
    assert_eq!(s01["agreed target"], Data::Float(54.0));
    assert_eq!(s01["status"], s("accepted"));
    let s03 = row(&statutory, "S03");
    assert_eq!(s03["status"], s("undecided"));
    assert_eq!(s03["agreed target"], Data::Empty);
    assert_eq!(s03["decided"], Data::Empty);

    let local = row(&sheet(&bytes, "Local"), "P29");
    assert_eq!(
        local["reason"].to_string(),
        "Better placed in the Sustainable Community Strategy (taken over open objections O08)"
    );
    let deferred = row(&sheet(&bytes, "Deferred"), "P18");
    assert_eq!(deferred["NI code"], s("NI 19"));
    assert!(matches!(deferred["decided"], Data::DateTime(_)));

    let actions = sheet(&bytes, "Actions");
    let plan = row(&actions, "Draft the delivery plan for the alcohol target");
    assert_eq!(plan["owner"], s("Dr Priya Raman"));
    assert_eq!(plan["organisation"], s("Westmarsh Primary Care Trust"));
    assert_eq!(
        date_time(&plan["due"]),
        chrono::NaiveDate::from_ymd_opt(2008, 4, 30)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    );
    assert_eq!(plan["priority"], s("P25"));
    assert_eq!(plan["recorded by"], s("Helen Marsden"));
    let typed = row(&actions, "Confirm the baseline with the Home Office");
    assert_eq!(typed["owner"], s("Westmarsh Community Safety Partnership"));
    assert_eq!(date_time(&typed["due"]).to_string(), "2008-05-15 00:00:00");

    let objections = sheet(&bytes, "Objections");
    let o02 = row(&objections, "O02");
    assert_eq!(o02["raised by"], s("Gareth Lloyd"));
    assert_eq!(o02["tier"], s("Lead department"));
    assert_eq!(o02["kind"], s("ownership"));
    assert_eq!(o02["status"], s("resolved"));
    assert_eq!(
        o02["how settled"],
        s("DH named as lead department, Home Office supporting")
    );
    assert_eq!(o02["settled by"], s("Helen Marsden"));
    assert!(matches!(o02["settled"], Data::DateTime(_)));
    let o03 = row(&objections, "O03");
    assert_eq!(o03["status"], s("withdrawn"));
    assert_eq!(o03["settled by"], s("Tom Ashworth"), "go-tl by name");
    let o01 = row(&objections, "O01");
    assert_eq!(
        o01["instead"].to_string(),
        "NI 20 Assault with injury crime rate"
    );
    assert_eq!(o01["status"], s("open"));

    // No column of people holds an attendee's id.
    let pack: serde_json::Value = serde_json::from_str(caseboard_testkit::DEMO_PACK).unwrap();
    let ids: Vec<String> = pack["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    for name in SHEETS {
        let range = sheet(&bytes, name);
        let mut rows = range.rows();
        let heads: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        for r in rows {
            for (head, cell) in heads.iter().zip(r) {
                if [
                    "decided by",
                    "owner",
                    "raised by",
                    "settled by",
                    "recorded by",
                ]
                .contains(&head.as_str())
                {
                    assert!(!ids.contains(&cell.to_string()), "{name} {head}: {cell}");
                }
            }
        }
    }
}

#[test]
fn hostile_text_stays_text_and_times_are_the_conferences_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.caseboard");
    let mut pack: serde_json::Value = serde_json::from_str(caseboard_testkit::DEMO_PACK).unwrap();
    // A zone with no summer time, nine hours from UTC: the local time is unmistakable.
    pack["conference"]["timezone"] = "Asia/Tokyo".into();
    pack["priorities"][0]["title"] = "=HYPERLINK(\"http://evil\",\"x\")".into();
    let pack_text = serde_json::to_string_pretty(&pack).unwrap();
    let first = pack["priorities"][0]["id"].as_str().unwrap().to_string();
    let events = session(
        &path,
        &pack_text,
        vec![
            (
                "@SUM(A1)",
                decide(
                    &first,
                    Outcome::Accept,
                    Some(("2010", -3.25)),
                    "+cmd|' /C calc'!A0",
                ),
            ),
            (
                "Helen Marsden",
                action(
                    Some(&first),
                    "-2+3\u{1b}[2J\ntwo lines\u{202E}",
                    Some("=1+1"),
                    None,
                ),
            ),
        ],
    );
    let bytes = workbook(&path);
    let targets = sheet(&bytes, "Targets");
    let row = row(&targets, &first);
    assert_eq!(row["title"], s("=HYPERLINK(\"http://evil\",\"x\")"));
    assert!(row["rationale"]
        .to_string()
        .starts_with("+cmd|' /C calc'!A0 (taken over"));
    assert_eq!(row["decided by"], s("@SUM(A1)"));
    assert_eq!(
        row["agreed target"],
        Data::Float(-3.25),
        "a negative figure stays a number"
    );
    let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
    let decided = date_time(&row["decided"]);
    assert_local_time(&row["decided"], &events, seq_of(&events, &first), tokyo);
    let utc = events.last().unwrap().at.naive_utc();
    assert!(decided - utc > chrono::Duration::hours(8), "local, not UTC");

    let actions = sheet(&bytes, "Actions");
    let mut rows = actions.rows().skip(1);
    let action = rows.next().unwrap();
    assert_eq!(action[0], s("-2+3\u{FFFD}[2J two lines\u{FFFD}"));
    assert_eq!(action[1], s("=1+1"));
    // Not one cell of the workbook is a formula.
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
    for name in SHEETS {
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.cells().all(|(_, _, f)| f.is_empty()),
            "{name} holds a formula"
        );
    }
}

#[test]
fn the_workbook_is_written_only_to_a_file_and_nothing_is_written_on_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(dir.path());
    for extra in [&[][..], &["-o", "-"][..]] {
        let out = cb()
            .arg("export")
            .arg(&path)
            .args(["--format", "xlsx"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(out.stdout.is_empty(), "no workbook on a terminal");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("give -o OUT.xlsx"), "{err}");
    }
    // An older export is replaced, as every export's -o does; the session never is.
    let session_before = std::fs::read(&path).unwrap();
    let older = dir.path().join("older.xlsx");
    std::fs::write(&older, "an older export").unwrap();
    cb().arg("export")
        .arg(&path)
        .args(["--format", "xlsx", "-o"])
        .arg(&older)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read(&older).unwrap().starts_with(b"PK"),
        "a workbook"
    );
    let out = cb()
        .arg("export")
        .arg(&path)
        .args(["--format", "xlsx", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a caseboard session"));
    assert_eq!(std::fs::read(&path).unwrap(), session_before, "untouched");
    // A folder is never replaced.
    let folder = dir.path().join("targets.xlsx");
    std::fs::create_dir(&folder).unwrap();
    cb().arg("export")
        .arg(&path)
        .args(["--format", "xlsx", "-o"])
        .arg(&folder)
        .assert()
        .code(1);
    assert!(folder.is_dir());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(names.is_empty(), "no temporary file left: {names:?}");
}

#[test]
fn the_decisions_csv_carries_the_headline_indicator_and_the_targets() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(dir.path());
    let out = cb()
        .arg("export")
        .arg(&path)
        .args(["--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = parse_csv(&String::from_utf8(out).unwrap());
    assert_eq!(
        rows[0][13..],
        [
            "ni_code",
            "ni_title",
            "baseline_period",
            "baseline_value",
            "proposed_period",
            "proposed_value",
            "agreed_period",
            "agreed_value"
        ],
        "appended after the first thirteen"
    );
    assert_eq!(rows[0][12], "superseded");
    let find = |priority: &str, outcome: &str| {
        rows.iter()
            .find(|r| r[3] == priority && r[6] == outcome)
            .unwrap_or_else(|| panic!("{priority} {outcome}"))
    };
    let p25 = find("P25", "accept");
    assert_eq!(
        p25[13..],
        [
            "NI 39",
            "Alcohol-harm related hospital admission rates",
            "2007/08",
            "1531",
            "2010/11",
            "1630",
            "2010/11",
            "1480"
        ]
    );
    // The first accept of P14 was superseded: its row still says what
    // was agreed then, and what is agreed now.
    let p14: Vec<_> = rows.iter().filter(|r| r[3] == "P14").collect();
    assert_eq!(p14.len(), 2);
    assert_eq!((p14[0][9].as_str(), p14[0][12].as_str()), ("7.5", "true"));
    assert_eq!(
        (p14[0][19].as_str(), p14[0][20].as_str()),
        ("2010/11", "7.9")
    );
    // Not accepted: no agreed target.
    let p29 = find("P29", "reject");
    assert_eq!(p29[13], "NI 53");
    assert_eq!((p29[19].as_str(), p29[20].as_str()), ("", ""));
    // Deferred, then accepted without a target: none yet.
    let p03 = find("P03", "defer");
    assert_eq!((p03[19].as_str(), p03[20].as_str()), ("", ""));
    assert!(rows[1..].iter().all(|r| r.len() == 21));
}
