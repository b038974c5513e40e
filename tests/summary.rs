//! `caseboard summary`: four areas' sessions with scripted decisions, read
//! back in all three formats; bad files reported and skipped; hostile pack
//! text neutralised.

use caseboard_testkit::csv::parse_csv;
use caseboard_testkit::fixtures as common;

use assert_cmd::Command as Cmd;
use caseboard_core::pack::{ObjectionKind, PeriodValue};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Command, Outcome};
use caseboard_store::Store;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_caseboard");

const HOSTILE_AREA: &str = "Dun\u{1b}]0;pwned\u{7}mere";
const SHOWN_HOSTILE_AREA: &str = "Dun\u{FFFD}]0;pwned\u{FFFD}mere";
const UPPER: &str = "Beckton, Upper";
const NORTH: &str = "Carrow \"North\"";

fn accept(p: &str, target: Option<(&str, f64)>) -> Command {
    Command::Decide {
        priority: p.into(),
        outcome: Outcome::Accept,
        rationale: "Agreed at conference".into(),
        local: false,
        target: target.map(|(period, value)| PeriodValue {
            period: period.into(),
            value,
        }),
    }
}

fn reject(p: &str, local: bool) -> Command {
    Command::Decide {
        priority: p.into(),
        outcome: Outcome::Reject,
        rationale: "Not a priority for this area".into(),
        local,
        target: None,
    }
}

fn defer(p: &str) -> Command {
    decide(p, Outcome::Defer, "Awaiting the baseline")
}

/// Creates a session for `area` from the helper pack with `designated`
/// priorities (`P1..Pn`, headline `NI n`, plus `S1` on `NI 72`), with the
/// pack changed by `edit`, then records `commands`.
fn area_session(
    dir: &Path,
    file: &str,
    area: &str,
    designated: usize,
    edit: impl FnOnce(&mut Value),
    commands: Vec<Command>,
) -> PathBuf {
    let mut pack = pack_value(35, designated);
    pack["conference"]["partnership"] = Value::from(area);
    edit(&mut pack);
    let text = serde_json::to_string_pretty(&pack).unwrap();
    let parsed = parse_pack(&text).unwrap_or_else(|p| panic!("{p:?}"));
    let path = dir.join(file);
    let mut store = Store::create(&path, &text, &parsed, "tester").unwrap();
    let (_, mut board) = store.load().unwrap();
    for c in commands {
        record_and_fold(&mut store, &mut board, "tester", c.clone());
    }
    path
}

/// Four areas, created out of alphabetical order:
///
/// | headline | Avonshire | Beckton, Upper | Carrow "North" | Dun…mere |
/// |---|---|---|---|---|
/// | NI 1 (P1) | accepted 2010/11=50 | accepted 2010/11=52.5 | accepted, no target | rejected |
/// | NI 2 (P2) | kept local | deferred (+ resourcing objection) | rejected | rejected |
/// | NI 3 (P3) | undecided | undecided | undecided | undecided |
/// | NI 5 (P5) | accepted | accepted | deferred | deferred |
/// | NI 10 (P10) | accepted | undecided | undecided | — (smaller pack) |
/// | NI 72 (S1) | accepted 2010/11=55 | undecided | undecided | undecided |
///
/// Every pack carries objection O1 (evidence) against P2. Avonshire, first
/// alphabetically, supplies the titles: NI 3's is hostile, NI 4's and NI 6's
/// look like spreadsheet formulas.
struct Region {
    dir: TempDir,
    files: Vec<PathBuf>,
}

fn region() -> Region {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let carrow = area_session(
        d,
        "carrow.caseboard",
        NORTH,
        10,
        |_| {},
        vec![accept("P1", None), reject("P2", false), defer("P5")],
    );
    let avon = area_session(
        d,
        "avonshire.caseboard",
        "Avonshire",
        10,
        |p| {
            p["indicators"][2]["title"] = Value::from("Tampered \u{1b}[2J\u{202e} title\u{9b}31m");
            p["indicators"][3]["title"] = Value::from("=HYPERLINK(\"http://x\",\"click\")");
            p["indicators"][5]["title"] = Value::from("@SUM(1+1)");
        },
        vec![
            accept("P1", Some(("2010/11", 50.0))),
            reject("P2", true),
            accept("P5", None),
            accept("P10", None),
            accept("S1", Some(("2010/11", 55.0))),
        ],
    );
    let dun = area_session(
        d,
        "dunmere.caseboard",
        HOSTILE_AREA,
        5,
        |_| {},
        vec![reject("P1", false), reject("P2", false), defer("P5")],
    );
    let beck = area_session(
        d,
        "beckton.caseboard",
        UPPER,
        10,
        |_| {},
        vec![
            accept("P1", Some(("2010/11", 52.5))),
            Command::RaiseObjection {
                priority: "P2".into(),
                text: "No budget line for this".into(),
                kind: ObjectionKind::Resourcing,
                raised_by: Some("go".into()),
                alternative: None,
                alternative_title: None,
            },
            defer("P2"),
            accept("P5", None),
        ],
    );
    Region {
        dir,
        files: vec![carrow, avon, dun, beck],
    }
}

fn summary(files: &[PathBuf], format: &str) -> (String, String, i32) {
    let out = Cmd::new(BIN)
        .arg("summary")
        .args(files)
        .args(["--format", format])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn json_summary(files: &[PathBuf]) -> Value {
    let (stdout, stderr, code) = summary(files, "json");
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// `each` of the items of the JSON array `array`.
fn each<'a, T>(array: &'a Value, each: impl FnMut(&'a Value) -> T) -> Vec<T> {
    array.as_array().unwrap().iter().map(each).collect()
}

fn indicator<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing"))
}

#[test]
fn json_counts_targets_objections_and_who_differs() {
    let r = region();
    let doc = json_summary(&r.files);
    assert_eq!(doc["format"], "caseboard-summary/1");
    let areas: Vec<&str> = each(&doc["sessions"], |a| a["area"].as_str().unwrap());
    assert_eq!(areas, ["Avonshire", UPPER, NORTH, SHOWN_HOSTILE_AREA]);
    assert_eq!(doc["skipped"], serde_json::json!([]));

    // Natural order of codes: NI 2 before NI 10, NI 10 before NI 72.
    let codes: Vec<&str> = each(&doc["indicators"], |i| i["code"].as_str().unwrap());
    assert_eq!(
        codes,
        [
            "NI 1", "NI 2", "NI 3", "NI 4", "NI 5", "NI 6", "NI 7", "NI 8", "NI 9", "NI 10",
            "NI 72"
        ]
    );

    let ni1 = indicator(&doc, "NI 1");
    assert_eq!(
        ni1["counts"],
        serde_json::json!({"accepted": 3, "rejected": 1, "local": 0, "deferred": 0, "undecided": 0})
    );
    let targets: Vec<(String, Value)> = each(&ni1["areas"], |a| {
        (a["area"].as_str().unwrap().to_string(), a["target"].clone())
    });
    assert_eq!(
        targets,
        vec![
            (
                "Avonshire".to_string(),
                serde_json::json!({"period": "2010/11", "value": 50.0})
            ),
            (
                UPPER.to_string(),
                serde_json::json!({"period": "2010/11", "value": 52.5})
            ),
            (NORTH.to_string(), Value::Null),
            (SHOWN_HOSTILE_AREA.to_string(), Value::Null),
        ]
    );
    assert_eq!(
        ni1["majority"],
        serde_json::json!({"status": "accepted", "count": 3, "of": 4, "more_than_half": true})
    );
    assert_eq!(
        ni1["differing"],
        serde_json::json!([{"area": SHOWN_HOSTILE_AREA, "priority": "P1", "status": "rejected"}])
    );

    let ni2 = indicator(&doc, "NI 2");
    assert_eq!(
        ni2["counts"],
        serde_json::json!({"accepted": 0, "rejected": 2, "local": 1, "deferred": 1, "undecided": 0})
    );
    assert_eq!(
        ni2["objection_kinds"],
        serde_json::json!({"evidence": 4, "resourcing": 1})
    );
    assert_eq!(ni2["majority"]["status"], "rejected");
    assert_eq!(ni2["majority"]["more_than_half"], false);
    assert_eq!(
        ni2["differing"],
        serde_json::json!([
            {"area": "Avonshire", "priority": "P2", "status": "local"},
            {"area": UPPER, "priority": "P2", "status": "deferred"},
        ])
    );
    assert_eq!(
        ni2["areas"][1]["objection_kinds"],
        serde_json::json!({"evidence": 1, "resourcing": 1})
    );

    // A tie has no majority, so no area is said to differ.
    let ni5 = indicator(&doc, "NI 5");
    assert_eq!(ni5["counts"]["accepted"], 2);
    assert_eq!(ni5["counts"]["deferred"], 2);
    assert_eq!(ni5["majority"], Value::Null);
    assert_eq!(ni5["differing"], serde_json::json!([]));

    // NI 10 exists in three areas only (Dunmere's pack is smaller).
    let ni10 = indicator(&doc, "NI 10");
    assert_eq!(ni10["areas"].as_array().unwrap().len(), 3);
    assert_eq!(ni10["majority"]["status"], "undecided");
    assert_eq!(
        ni10["differing"],
        serde_json::json!([{"area": "Avonshire", "priority": "P10", "status": "accepted"}])
    );

    let ni72 = indicator(&doc, "NI 72");
    assert_eq!(ni72["areas"][0]["kind"], "statutory");
    assert_eq!(ni72["areas"][0]["target"]["value"], 55.0);
    assert_eq!(ni72["counts"]["undecided"], 3);

    // Each session's head hash is the one verify prints.
    for (a, file) in doc["sessions"].as_array().unwrap().iter().zip([
        "avonshire",
        "beckton",
        "carrow",
        "dunmere",
    ]) {
        let path = r.dir.path().join(format!("{file}.caseboard"));
        let report = caseboard_store::verify(&path).unwrap();
        assert_eq!(a["head_hash"], report.head_hash.as_str());
        assert_eq!(a["events"], report.events);
    }
}

#[test]
fn text_report_sets_targets_side_by_side_and_names_who_differs() {
    let r = region();
    let (out, stderr, code) = summary(&r.files, "text");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(
        out.starts_with("Regional summary: 4 sessions, 11 headline indicators\n"),
        "{out}"
    );

    let block = |code: &str| -> String {
        let start = out
            .find(&format!("\n{code}  "))
            .unwrap_or_else(|| panic!("{code}: {out}"));
        let rest = &out[start + 1..];
        let end = rest.find("\n\n").map(|e| e + 1).unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let ni1 = block("NI 1");
    assert!(ni1.starts_with("NI 1  Indicator number 1\n"), "{ni1}");
    assert!(
        ni1.contains(
            "accepted 3 · rejected 1 · kept local 0 · deferred 0 · undecided 0  (4 areas)"
        ),
        "{ni1}"
    );
    // Aligned columns: every row's status starts at the same column.
    let rows: Vec<&str> = ni1.lines().filter(|l| l.starts_with("    ")).collect();
    assert_eq!(rows.len(), 5, "{ni1}");
    let col = |l: &str| {
        let byte = l
            .find("accepted")
            .or_else(|| l.find("rejected"))
            .or_else(|| l.find("status"))
            .unwrap();
        unicode_width::UnicodeWidthStr::width(&l[..byte])
    };
    assert!(rows.iter().all(|l| col(l) == col(rows[0])), "{ni1}");
    assert!(
        rows[1].contains("Avonshire") && rows[1].ends_with("2010/11 = 50"),
        "{ni1}"
    );
    assert!(
        rows[2].contains(UPPER) && rows[2].ends_with("2010/11 = 52.5"),
        "{ni1}"
    );
    assert!(
        rows[3].contains(NORTH) && rows[3].ends_with("to be set"),
        "{ni1}"
    );
    assert!(
        rows[4].contains(SHOWN_HOSTILE_AREA) && rows[4].trim_end().ends_with("rejected"),
        "{ni1}"
    );
    assert!(
        ni1.contains(&format!(
            "majority: accepted in 3 of 4; differ: {SHOWN_HOSTILE_AREA} P1 (rejected)"
        )),
        "{ni1}"
    );

    let ni2 = block("NI 2");
    assert!(
        ni2.contains("objections raised: evidence 4, resourcing 1"),
        "{ni2}"
    );
    assert!(
        ni2.contains(&format!(
            "most common: rejected in 2 of 4; differ: Avonshire P2 (kept local) · {UPPER} P2 (deferred)"
        )),
        "{ni2}"
    );
    assert!(block("NI 5").contains("majority: none (a tie)"));
    assert!(block("NI 3").contains("objections raised: none"));
    assert!(block("NI 72").contains("accepted (statutory)"));
    assert!(out.find("\nNI 2  ").unwrap() < out.find("\nNI 10  ").unwrap());

    // Hostile text is shown, not obeyed.
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'));
    assert!(!out.contains('\u{202e}') && !out.contains('\u{9b}'));
    assert!(
        out.contains("Tampered \u{FFFD}[2J\u{FFFD} title\u{FFFD}31m"),
        "{out}"
    );
}

#[test]
fn csv_has_one_row_per_indicator_and_area_and_parses_back() {
    let r = region();
    let (out, stderr, code) = summary(&r.files, "csv");
    assert_eq!(code, 0, "{stderr}");
    let rows = parse_csv(&out);
    assert_eq!(
        rows[0],
        [
            "indicator",
            "title",
            "area",
            "priority",
            "kind",
            "status",
            "target_period",
            "target_value",
            "objection_kinds",
            "session"
        ]
    );
    // 4 areas × NI 1..5 and NI 72, 3 areas × NI 6..10.
    assert_eq!(rows.len() - 1, 4 * 6 + 3 * 5);
    assert!(rows.iter().all(|r| r.len() == 10));

    let find = |code: &str, area: &str| {
        rows.iter()
            .find(|r| r[0] == code && r[2] == area)
            .unwrap_or_else(|| panic!("{code} {area}"))
    };
    let upper = find("NI 1", UPPER);
    assert_eq!(upper[5], "accepted");
    assert_eq!((upper[6].as_str(), upper[7].as_str()), ("2010/11", "52.5"));
    assert!(upper[9].ends_with("beckton.caseboard"));
    let north = find("NI 2", NORTH);
    assert_eq!(north[5], "rejected");
    assert_eq!(north[8], "evidence=1");
    assert_eq!(find("NI 2", UPPER)[8], "evidence=1; resourcing=1");
    assert_eq!(find("NI 2", "Avonshire")[5], "local");
    assert_eq!(find("NI 1", SHOWN_HOSTILE_AREA)[5], "rejected");

    // Formula-looking text is defused; hostile text neutralised.
    assert_eq!(
        find("NI 4", "Avonshire")[1],
        "'=HYPERLINK(\"http://x\",\"click\")"
    );
    assert_eq!(find("NI 6", "Avonshire")[1], "'@SUM(1+1)");
    assert!(rows
        .iter()
        .flatten()
        .all(|c| !c.trim_start().starts_with(['=', '+', '-', '@'])));
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'));

    // Rows in natural code order, areas alphabetical within each.
    let order: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str()))
        .take(5)
        .collect();
    assert_eq!(
        order,
        [
            ("NI 1", "Avonshire"),
            ("NI 1", UPPER),
            ("NI 1", NORTH),
            ("NI 1", SHOWN_HOSTILE_AREA),
            ("NI 2", "Avonshire")
        ]
    );
}

#[test]
fn bad_files_are_reported_and_skipped_not_fatal() {
    let r = region();
    let text = r.dir.path().join("notes.txt");
    std::fs::write(&text, "not a session at all\n").unwrap();
    let missing = r.dir.path().join("gone.caseboard");
    let mut files = vec![text.clone(), r.files[0].clone(), missing.clone()];
    files.extend(r.files.iter().cloned());

    let (out, stderr, code) = summary(&files, "json");
    assert_eq!(code, 0, "at least one session summarised: {stderr}");
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 3, "{stderr}");
    assert!(warnings[0].starts_with("caseboard: warning: ") && warnings[0].contains("notes.txt"));
    assert!(warnings[0].contains("not a caseboard session"), "{stderr}");
    assert!(warnings[1].contains("gone.caseboard") && warnings[1].contains("no such file"));
    assert!(warnings[2].contains("carrow.caseboard") && warnings[2].contains("more than once"));
    assert!(warnings.iter().all(|w| w.ends_with("skipped")), "{stderr}");

    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["sessions"].as_array().unwrap().len(), 4);
    let skipped = doc["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3);
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("notes.txt"));
    assert_eq!(indicator(&doc, "NI 1")["counts"]["accepted"], 3);

    let (text_out, _, code) = summary(&files, "text");
    assert_eq!(code, 0);
    assert!(text_out.contains("Skipped (3)"), "{text_out}");

    // Nothing summarisable at all is an error: exit 1, one line per file and a verdict.
    let (out, stderr, code) = summary(&[text, missing], "text");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        stderr.contains("no session could be summarised (2 files skipped)"),
        "{stderr}"
    );

    // No file at all is a usage error.
    Cmd::new(BIN).arg("summary").assert().code(2);
}

#[test]
fn two_sessions_of_one_partnership_stay_apart_and_files_are_left_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let first = area_session(
        dir.path(),
        "first.caseboard",
        "Avonshire",
        3,
        |_| {},
        vec![accept("P1", None)],
    );
    let again = area_session(
        dir.path(),
        "again.caseboard",
        "Avonshire",
        3,
        |_| {},
        vec![defer("P1")],
    );
    let before: Vec<Vec<u8>> = [&first, &again].iter().map(|p| read(p)).collect();
    let doc = json_summary(&[first.clone(), again.clone()]);
    let areas: Vec<&str> = each(&doc["sessions"], |a| a["area"].as_str().unwrap());
    assert_eq!(
        areas,
        ["Avonshire (again.caseboard)", "Avonshire (first.caseboard)"]
    );
    assert_eq!(indicator(&doc, "NI 1")["majority"], Value::Null);
    let after: Vec<Vec<u8>> = [&first, &again].iter().map(|p| read(p)).collect();
    assert_eq!(before, after, "read-only: the files are unchanged");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["again.caseboard", "first.caseboard"],
        "nothing left beside them"
    );
}
