//! Packs through real workbook files: written with the template's writer,
//! read back with calamine, and a filled template with mistakes.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use caseboard_core::sheets::{pack_from_sheets, SHEETS};
use caseboard_core::validate::parse_pack;
use caseboard_core::Pack;
use caseboard_workbook::{csv_files, read_pack, read_sheets_from_bytes, xlsx_bytes, WorkbookError};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Cursor, Read};

const DEMO: &str = include_str!("../../../assets/packs/demo.json");

fn demo() -> Pack {
    parse_pack(DEMO).unwrap()
}

fn problems(bytes: &[u8]) -> Vec<String> {
    let grids = read_sheets_from_bytes(bytes).unwrap();
    match pack_from_sheets(&grids) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(|p| p.to_string()).collect(),
    }
}

/// The text of one part of an xlsx (a zip of XML files).
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn part_names(bytes: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    zip.file_names().map(|n| n.unwrap().to_string()).collect()
}

#[test]
fn the_demo_pack_goes_to_xlsx_and_back_unchanged() {
    let pack = demo();
    let bytes = xlsx_bytes(Some(&pack)).unwrap();
    let grids = read_sheets_from_bytes(&bytes).unwrap();
    assert_eq!(pack_from_sheets(&grids).unwrap(), pack);
}

#[test]
fn the_written_workbook_opens_in_calamine_with_each_sheet_as_described() {
    let pack = demo();
    let bytes = xlsx_bytes(Some(&pack)).unwrap();
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let names: Vec<&str> = SHEETS.iter().map(|s| s.name).collect();
    assert_eq!(book.sheet_names(), names);
    for sheet in SHEETS {
        let range = book.worksheet_range(sheet.name).unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let wanted: Vec<&str> = sheet.columns.iter().map(|c| c.header).collect();
        assert_eq!(header, wanted, "{}", sheet.name);
    }
    let conference = book.worksheet_range("Conference").unwrap();
    // The date is a date to the spreadsheet, not text.
    match conference.get_value((1, 3)) {
        Some(Data::DateTime(d)) => assert_eq!(d.to_ymd_hms_milli().0, 2008),
        other => panic!("the conference date is {other:?}"),
    }
    assert_eq!(conference.get_value((1, 5)), Some(&Data::Float(35.0)));
    let indicators = book.worksheet_range("Indicators").unwrap();
    assert_eq!(
        indicators.get_value((1, 0)),
        Some(&Data::String("NI 72".into()))
    );
    assert_eq!(indicators.get_value((1, 7)), Some(&Data::Float(46.9)));
    assert_eq!(indicators.rows().count(), 1 + pack.indicators.len());
    let priorities = book.worksheet_range("Priorities").unwrap();
    assert_eq!(priorities.rows().count(), 1 + pack.priorities.len());
    let series = book.worksheet_range("Series").unwrap();
    let points: usize = pack.indicators.iter().map(|i| i.series.len()).sum();
    assert_eq!(series.rows().count(), 1 + points);
    assert_eq!(
        series.get_value((1, 1)),
        Some(&Data::String("2004/05".into()))
    );
}

#[test]
fn the_template_has_notes_drop_down_lists_and_formats_on_every_sheet() {
    let bytes = xlsx_bytes(None).unwrap();
    let names = part_names(&bytes);
    for (i, sheet) in SHEETS.iter().enumerate() {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
            "{}: frozen header",
            sheet.name
        );
        let notes = part(&bytes, &format!("xl/comments{}.xml", i + 1));
        assert_eq!(
            notes.matches("<comment ").count(),
            sheet.columns.len(),
            "{}",
            sheet.name
        );
        for column in sheet.columns {
            assert!(notes.contains(column.meaning.split(['\'', '"', '&', '<']).next().unwrap()));
        }
        assert!(names
            .iter()
            .any(|n| n == &format!("xl/comments{}.xml", i + 1)));
    }
    let attendees = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(
        attendees.contains("<formula1>\"local,regional,central\"</formula1>"),
        "{attendees}"
    );
    let priorities = part(&bytes, "xl/worksheets/sheet8.xml");
    assert!(
        priorities.contains("<formula1>Indicators!$A$2:$A$1001</formula1>"),
        "{priorities}"
    );
    assert!(priorities.contains("<formula1>Themes!$A$2:$A$1001</formula1>"));
    assert!(priorities.contains("<formula1>Attendees!$A$2:$A$1001</formula1>"));
    assert!(priorities.contains("\"designated,statutory\""));
    assert!(priorities.contains("\"poor_performance,aspiration,affordability\""));
    let objections = part(&bytes, "xl/worksheets/sheet10.xml");
    assert!(objections.contains("<formula1>Priorities!$A$2:$A$1001</formula1>"));
    assert!(objections.contains("local_not_designated"));
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#));
    assert!(styles.contains(r#"formatCode="0.0#####""#));
    // An empty template is no pack, and says why.
    let said = problems(&bytes);
    assert!(
        said.iter()
            .any(|p| p == "Conference!A2 (title): required, but the cell is empty"),
        "{said:#?}"
    );
}

/// A filled template with mistakes, one sheet's table starting at B3.
fn bad_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet().set_name("Conference").unwrap();
    for (j, h) in ["title", "partnership", "government_office", "date"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Eastshire LAA 2008-11").unwrap();
    ws.write_string(1, 1, "Eastshire Partnership").unwrap();
    ws.write_string(1, 2, "GO East").unwrap();
    ws.write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2008, 3, 12).unwrap(), &date)
        .unwrap();
    // Themes' used range starts at B3, its header row.
    let ws = book.add_worksheet().set_name("Themes").unwrap();
    ws.write_string(2, 1, "id").unwrap();
    ws.write_string(2, 2, "name").unwrap();
    ws.write_string(3, 1, "cyp").unwrap();
    ws.write_string(3, 2, "Children and Young People").unwrap();
    ws.write_string(4, 1, "cyp").unwrap(); // mistake: a duplicate id, B5
    ws.write_string(4, 2, "Safer Communities").unwrap();
    let ws = book.add_worksheet().set_name("Indicators").unwrap();
    for (j, h) in [
        "code",
        "title",
        "unit",
        "polarity",
        "quality",
        "lead_department",
        "baseline_period",
        "baseline_value",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for r in 1..=6u32 {
        ws.write_string(r, 0, format!("NI {r}")).unwrap();
        ws.write_string(r, 1, format!("Indicator {r}")).unwrap();
        ws.write_string(r, 6, "2007/08").unwrap();
        ws.write_number(r, 7, 10.0 * r as f64).unwrap();
    }
    ws.write_string(6, 7, "n/a").unwrap(); // mistake: H7 is not a number
    let ws = book.add_worksheet().set_name("Priorities").unwrap();
    for (j, h) in ["id", "title", "kind", "indicators", "themes"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for r in 1..=11u32 {
        ws.write_string(r, 0, format!("P{r}")).unwrap();
        ws.write_string(r, 1, format!("Priority {r}")).unwrap();
        ws.write_string(r, 2, "designated").unwrap();
        ws.write_string(r, 3, format!("NI {}", 1 + r % 6)).unwrap();
        ws.write_string(r, 4, "cyp").unwrap();
    }
    ws.write_string(11, 3, "NI 2; NI 999").unwrap(); // mistake: D12 names an unknown indicator
    book.save_to_buffer().unwrap()
}

#[test]
fn a_filled_template_with_mistakes_names_each_cell() {
    let said = problems(&bad_workbook());
    for line in &said {
        println!("{line}");
    }
    assert_eq!(
        said,
        [
            r#"Themes!B5 (id): duplicate id "cyp" (first used at Themes!B4)"#,
            r#"Indicators!H7 (baseline_value): expected a number, found "n/a""#,
            r#"Priorities!D12 (indicators): unknown indicator "NI 999""#,
        ]
    );
}

#[test]
fn a_folder_of_csv_files_gives_the_same_pack() {
    let pack = demo();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in csv_files(&pack).unwrap() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    assert!(dir.path().join("Indicators.csv").is_file());
    assert_eq!(read_pack(dir.path()).unwrap(), pack);
    // One bad cell is named as in a workbook.
    let path = dir.path().join("Series.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("43.6", "forty", 1)).unwrap();
    assert_eq!(
        read_pack(dir.path()),
        Err(WorkbookError::Invalid(vec![
            caseboard_core::sheets::SheetProblem {
                place: Some(caseboard_core::sheets::Place {
                    sheet: "Series".into(),
                    cell: Some((1, 2)),
                    column: Some("value".into()),
                }),
                message: "expected a number, found \"forty\"".into(),
            }
        ]))
    );
}

#[test]
fn what_is_not_a_workbook_is_one_sentence_not_a_panic() {
    let good = xlsx_bytes(Some(&demo())).unwrap();
    for bytes in [
        &b""[..],
        b"PK\x03\x04 not really",
        &good[..good.len() / 2],
        b"{\"format\": 1}",
    ] {
        let e = read_sheets_from_bytes(bytes).unwrap_err();
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn hostile_text_goes_to_xlsx_and_csv_and_back_unchanged() {
    let mut pack = demo();
    let hostile = [
        " leading and trailing ",
        "line\nbreak\r\nand tab\t",
        "control \u{1}\u{1b}[31m and bidi \u{202e}",
        "_x0041_ looks like an escape",
        "=1+1 a formula?",
        "quote \" and comma, semicolon;",
        "2008",
        "0042",
        "TRUE",
        "'=quoted already",
        "-minus",
    ];
    for (i, text) in hostile.iter().enumerate() {
        pack.priorities[i].summary = Some(text.to_string());
        pack.indicators[i].notes = Some(text.to_string());
    }
    pack.conference.notes = Some(hostile.join(" | "));
    let bytes = xlsx_bytes(Some(&pack)).unwrap();
    let back = pack_from_sheets(&read_sheets_from_bytes(&bytes).unwrap()).unwrap();
    for i in 0..hostile.len() {
        assert_eq!(back.priorities[i].summary, pack.priorities[i].summary);
    }
    assert_eq!(back, pack);
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in csv_files(&pack).unwrap() {
        // What a spreadsheet would run as a formula is written as text.
        if name == "Priorities.csv" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.contains(",'=1+1 a formula?,"), "{text}");
            assert!(text.contains(",''=quoted already,"), "{text}");
            assert!(text.contains(",'-minus,"), "{text}");
        }
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    assert_eq!(read_pack(dir.path()).unwrap(), pack);
}

#[test]
fn a_sheet_whose_cells_span_the_whole_grid_is_refused_not_allocated() {
    // Two cells, at A1 and at the last cell a spreadsheet has: a small file
    // whose range would need 17 billion cells.
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Themes").unwrap();
    ws.write_string(0, 0, "id").unwrap();
    ws.write_string(1_048_575, 16_383, "far away").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let e = read_sheets_from_bytes(&bytes).unwrap_err();
    assert_eq!(
        e,
        "sheet Themes: a cell at XFD1048576 takes the sheet past the 2 million cells a pack's sheet may span (from A1)"
    );
    // A sheet that only starts far down is read, its cells named where they are.
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Themes").unwrap();
    ws.write_string(1_048_574, 16_382, "id").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let grids = read_sheets_from_bytes(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(grids[0].start, (1_048_574, 16_382));
    assert_eq!(grids[0].rows.len(), 2);
}
