//! Packs in every form through the command line: `template`, `pack check`,
//! `pack convert` and `new --pack` with a workbook or a folder of CSV files.

use caseboard_core::validate::parse_pack;
use caseboard_core::Pack;
use caseboard_testkit::clients::{installed, libreoffice_convert};
use caseboard_testkit::fixtures::caseboard_as_tester;
use std::path::Path;
use std::process::Output;

const BIN: &str = env!("CARGO_BIN_EXE_caseboard");
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/packs/demo.json");
const DEMO_SUMMARY: &str = "45 priorities (40 designated candidates, 5 statutory), 54 indicators, 24 objections; designated cap 35";

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = caseboard_as_tester(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "caseboard panicked: {stderr}");
    out
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

fn demo() -> Pack {
    parse_pack(&std::fs::read_to_string(DEMO).unwrap()).unwrap()
}

fn read_json(path: &Path) -> Pack {
    parse_pack(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn template_writes_a_workbook_once_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let said = ok(d, &["template", "t.xlsx"]);
    assert_eq!(said, "wrote t.xlsx: a template with one sheet per part of the pack; fill it in, then `caseboard pack check t.xlsx`\n");
    let written = std::fs::read(d.join("t.xlsx")).unwrap();
    assert!(written.starts_with(b"PK"));
    let err = fails(d, &["template", "t.xlsx", "--from", DEMO]);
    assert_eq!(err, "caseboard: t.xlsx: already exists; the template never replaces a file, so give a new name\n");
    assert_eq!(std::fs::read(d.join("t.xlsx")).unwrap(), written);
    let err = fails(d, &["template", "t.ods"]);
    assert!(err.contains("give a name ending in .xlsx"), "{err}");
    assert!(!d.join("t.ods").exists());
    // An empty template is not yet a pack, and says what to fill in first.
    let err = fails(d, &["pack", "check", "t.xlsx"]);
    assert!(err.starts_with("caseboard: pack t.xlsx is invalid (5 problems):\n  t.xlsx: Conference!A2 (title): required, but the cell is empty\n"), "{err}");
}

#[test]
fn the_demo_goes_round_json_xlsx_csv_and_back_and_makes_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        ok(d, &["template", "demo.xlsx", "--from", DEMO]),
        format!("wrote demo.xlsx: the pack {DEMO} to edit ({DEMO_SUMMARY})\n")
    );
    assert_eq!(
        ok(d, &["pack", "check", "demo.xlsx"]),
        format!("pack demo.xlsx is valid: {DEMO_SUMMARY}\n")
    );
    ok(d, &["pack", "convert", "demo.xlsx", "-o", "back.json"]);
    assert_eq!(read_json(&d.join("back.json")), demo());
    ok(d, &["pack", "convert", "back.json", "-o", "csv/"]);
    assert!(d.join("csv/Indicators.csv").is_file());
    ok(d, &["pack", "convert", "csv", "-o", "again.xlsx"]);
    ok(d, &["pack", "convert", "again.xlsx", "-o", "again.json"]);
    assert_eq!(read_json(&d.join("again.json")), demo());
    let said = ok(d, &["new", "s.caseboard", "--pack", "demo.xlsx"]);
    assert_eq!(said, format!("created s.caseboard: {DEMO_SUMMARY}\n"));
    ok(d, &["verify", "s.caseboard"]);
    ok(d, &["new", "t.caseboard", "--pack", "csv"]);
}

#[test]
fn mistakes_in_csv_files_are_named_by_cell_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["pack", "convert", DEMO, "-o", "csv/"]);
    let edit = |name: &str, from: &str, to: &str| {
        let path = d.join("csv").join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("Indicators.csv", ",2006/07,46.9,", ",2006/07,n/a,");
    edit("Attendees.csv", ",regional,", ",regionally,");
    edit(
        "Objections.csv",
        "counter_proposal,police,NI 20",
        "counter_proposal,police,NI 999",
    );
    let expected = [
        "caseboard: pack csv is invalid (3 problems); nothing was written:",
        "  csv: Attendees!D9 (tier): unknown variant `regionally`, expected one of `local`, `regional`, `central`",
        "  csv: Indicators!H2 (baseline_value): expected a number, found \"n/a\"",
        "  csv: Objections!F2 (alternative): unknown indicator \"NI 999\"",
    ];
    let err = fails(d, &["new", "s.caseboard", "--pack", "csv"]);
    assert_eq!(err.lines().collect::<Vec<_>>(), expected, "{err}");
    assert!(!d.join("s.caseboard").exists());
    let err = fails(d, &["pack", "convert", "csv", "-o", "out.json"]);
    assert_eq!(err.lines().next(), Some(expected[0]));
    assert!(!d.join("out.json").exists());
    let err = fails(d, &["pack", "check", "csv"]);
    assert_eq!(
        err.lines().next(),
        Some("caseboard: pack csv is invalid (3 problems):")
    );
}

#[test]
fn convert_says_which_forms_it_writes_and_what_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let err = fails(d, &["pack", "convert", DEMO, "-o", "x.ods"]);
    assert_eq!(err, "caseboard: x.ods: say which form to write by the name: PACK.json, PACK.xlsx, or a folder (ending in /) for CSV files\n");
    std::fs::write(d.join("junk.xlsx"), "not a workbook").unwrap();
    let err = fails(d, &["pack", "check", "junk.xlsx"]);
    assert!(
        err.starts_with("caseboard: cannot read pack junk.xlsx: not a workbook caseboard can read"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    std::fs::create_dir(d.join("empty")).unwrap();
    let err = fails(d, &["pack", "check", "empty"]);
    assert_eq!(err, "caseboard: cannot read pack empty: a folder with no CSV files in it; a pack as CSV files is one file per sheet, such as Indicators.csv\n");
    let err = fails(d, &["pack", "check", "missing.xlsx"]);
    assert_eq!(
        err,
        "caseboard: cannot read pack missing.xlsx: no such file or directory\n"
    );
}

#[test]
fn one_csv_file_is_named_as_one_sheet_not_a_pack() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Indicators.csv"), "code,title\n").unwrap();
    let err = fails(d, &["pack", "check", "Indicators.csv"]);
    assert!(
        err.contains("a pack in CSV is a folder of files, one per sheet"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn the_demo_template_saved_by_libreoffice_as_ods_and_xls_reads_as_the_same_pack() {
    let hint = "(on Debian: apt-get install libreoffice-calc-nogui): cannot save the template as .ods and .xls";
    if !installed("libreoffice", "--version", hint) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["template", "demo.xlsx", "--from", DEMO]);
    for form in ["ods", "xls"] {
        // What a user does in Calc: open the template, save it as another form.
        let saved = libreoffice_convert(&d.join("demo.xlsx"), form, d);
        let file = format!("demo.{form}");
        assert!(
            saved.status.success() && d.join(&file).is_file(),
            "LibreOffice saved no {file}: {}",
            String::from_utf8_lossy(&saved.stderr)
        );
        assert_eq!(
            ok(d, &["pack", "check", &file]),
            format!("pack {file} is valid: {DEMO_SUMMARY}\n")
        );
        let back = format!("back-{form}.json");
        ok(d, &["pack", "convert", &file, "-o", &back]);
        assert_eq!(read_json(&d.join(&back)), demo(), "{file} read back");
    }
}
