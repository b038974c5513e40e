//! A pack (or an empty template) written as an xlsx workbook or as CSV
//! files, sheet by sheet as the core describes them: a frozen header row
//! with a note on each heading, drop-down lists for every choice and every
//! reference, and number and date formats.

use caseboard_core::pack::Pack;
use caseboard_core::sheets::{column_letters, pack_rows, Cell, Column, Kind, SheetRows, SHEETS};
use caseboard_core::validate::MAX_ABS_VALUE;
use chrono::Datelike;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Formula, Note, Workbook,
    Worksheet, XlsxError,
};

/// How many rows the drop-down lists and checks cover, at least: room for
/// a conference's lists to grow well past what the template starts with.
const LIST_ROWS: u32 = 1000;

/// The rows of each sheet: the pack's, or none for an empty template.
fn sheets(pack: Option<&Pack>) -> Result<Vec<SheetRows>, String> {
    match pack {
        Some(pack) => pack_rows(pack),
        None => Ok(SHEETS
            .iter()
            .map(|sheet| SheetRows {
                sheet,
                rows: Vec::new(),
            })
            .collect()),
    }
}

/// The workbook's bytes: the template, filled from `pack` if given.
pub fn xlsx_bytes(pack: Option<&Pack>) -> Result<Vec<u8>, String> {
    let sheets = sheets(pack)?;
    let tables: Vec<Table> = sheets
        .iter()
        .map(|s| Table {
            name: s.sheet.name,
            columns: s.sheet.columns,
            rows: &s.rows,
        })
        .collect();
    xlsx_of_tables(&tables)
}

/// One sheet to write: its name, its columns as the core describes columns
/// (heading, note, kind), and its rows of cells in column order.
#[derive(Debug, Clone, Copy)]
struct Table<'a> {
    name: &'a str,
    columns: &'a [Column],
    rows: &'a [Vec<Cell>],
}

/// A workbook of these sheets, each with a frozen heading row carrying a
/// note per column, the column's number or date format, and its drop-down
/// list or check. A [`Kind::Ref`] column's list is the first column of the
/// sheet it names, which should be one of `tables`.
fn xlsx_of_tables(tables: &[Table]) -> Result<Vec<u8>, String> {
    // Every list reaches as far as the longest sheet, and then some.
    let longest = tables.iter().map(|t| t.rows.len()).max().unwrap_or(0) as u32;
    let last_row = LIST_ROWS
        .max(longest.saturating_add(LIST_ROWS))
        .min(1_048_575);
    workbook_bytes(
        tables,
        |t| t.name,
        |ws, table| write_sheet(ws, table, last_row),
    )
}

/// A workbook of one sheet per item, each written by `write`, as bytes; a
/// sheet that cannot be written is named by `name`.
pub(crate) fn workbook_bytes<T>(
    items: &[T],
    name: impl Fn(&T) -> &str,
    mut write: impl FnMut(&mut Worksheet, &T) -> Result<(), XlsxError>,
) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    for item in items {
        let worksheet = workbook.add_worksheet();
        write(worksheet, item)
            .map_err(|e| format!("the {} sheet could not be written: {e}", name(item)))?;
    }
    workbook
        .save_to_buffer()
        .map_err(|e| format!("the workbook could not be written: {e}"))
}

/// The heading row's look, on every sheet caseboard writes.
pub(crate) fn heading_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE4EE))
        .set_border_bottom(FormatBorder::Thin)
}

/// Text as typed, never read as a number, date or formula.
pub(crate) fn text_format() -> Format {
    Format::new().set_num_format("@")
}

/// The note on the heading of column `col`, tall enough for its text.
pub(crate) fn heading_note(ws: &mut Worksheet, col: u16, text: &str) -> Result<(), XlsxError> {
    let lines = 2 + text.len() as u32 / 40;
    ws.insert_note(
        0,
        col,
        &Note::new(text)
            .add_author_prefix(false)
            .set_width(300)
            .set_height(20 * lines),
    )?;
    Ok(())
}

/// A date as the spreadsheet's own date in `format`; one it cannot hold
/// (before March 1900, after 9999) as text, in `pattern`.
pub(crate) fn write_date(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    d: &chrono::NaiveDateTime,
    format: &Format,
    pattern: &str,
) -> Result<(), XlsxError> {
    match serial(d) {
        Some(days) => ws.write_number_with_format(row, col, days, format)?,
        None => {
            ws.write_string_with_format(row, col, d.format(pattern).to_string(), &text_format())?
        }
    };
    Ok(())
}

fn cell_format(kind: Kind) -> Format {
    match kind {
        Kind::Number => Format::new().set_num_format("0.0#####"),
        Kind::Integer { .. } => Format::new().set_num_format("0"),
        Kind::Date => Format::new().set_num_format("yyyy-mm-dd"),
        // Text as typed: an id such as 007 or a period such as 2008 stays text.
        _ => text_format(),
    }
}

/// The note on a column's heading: what it means, whether it is needed,
/// and what it takes.
fn note_text(sheet: &str, column: &Column) -> String {
    let mut text = column.meaning.to_string();
    text.push_str(if column.required {
        "\nRequired."
    } else {
        "\nOptional."
    });
    match column.kind {
        Kind::Choice(choices) => {
            text.push_str(&format!("\nOne of: {}.", choices.values().join(", ")));
        }
        Kind::Ref(target) => {
            text.push_str(&format!("\nPick from the list: the {target} sheet's ids."));
        }
        Kind::Refs(target) => text.push_str(&format!(
            "\nPick one from the list (the {target} sheet's ids), or type several separated by ;"
        )),
        Kind::Number => text.push_str("\nA number."),
        Kind::Integer { min, max } => text.push_str(&format!("\nA whole number, {min} to {max}.")),
        Kind::Date => text.push_str("\nA date, YYYY-MM-DD."),
        Kind::Text => {}
    }
    if column.field.is_empty() {
        text.push_str(&format!(
            "\nOne row per entry; the {} sheet's entries for one of them keep their order.",
            sheet
        ));
    }
    text
}

fn width(column: &Column) -> f64 {
    let wide = matches!(
        column.header,
        "title" | "name" | "summary" | "notes" | "text" | "meaning" | "source"
    );
    if wide {
        40.0
    } else {
        (column.header.len() as f64 + 4.0).max(12.0)
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Table, last_row: u32) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let heading = heading_format();
    for (j, column) in sheet.columns.iter().enumerate() {
        let c = j as u16;
        ws.set_column_width(c, width(column))?;
        ws.set_column_format(c, &cell_format(column.kind))?;
        ws.write_string_with_format(0, c, column.header, &heading)?;
        heading_note(ws, c, &note_text(sheet.name, column))?;
        if let Some(validation) = validation(column, last_row)? {
            ws.add_data_validation(1, c, last_row, c, &validation)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for ((j, column), cell) in sheet.columns.iter().enumerate().zip(row) {
            write_cell(ws, r, j as u16, cell, &cell_format(column.kind))?;
        }
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => {
            ws.write_string_with_format(row, col, s, format)?;
        }
        Cell::Number(n) => {
            ws.write_number_with_format(row, col, *n, format)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean_with_format(row, col, *b, format)?;
        }
        Cell::Date(d) => write_date(ws, (row, col), d, format, "%Y-%m-%d")?,
    }
    Ok(())
}

/// A date as a spreadsheet's serial day number, for dates from March 1900
/// (before then the spreadsheets' count is off by a day).
fn serial(d: &chrono::NaiveDateTime) -> Option<f64> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(chrono::NaiveTime::MIN);
    let first = chrono::NaiveDate::from_ymd_opt(1900, 3, 1)?.and_time(chrono::NaiveTime::MIN);
    if *d < first || d.date().year_ce().1 > 9999 {
        return None;
    }
    let seconds = (*d - epoch).num_seconds() as f64;
    Some(seconds / 86_400.0)
}

/// The check a column's cells get: a drop-down list for a choice or a
/// reference (fed from the referenced sheet, so it grows with it), a range
/// for a figure.
fn validation(column: &Column, last_row: u32) -> Result<Option<DataValidation>, XlsxError> {
    let v = match column.kind {
        Kind::Choice(choices) => DataValidation::new()
            .allow_list_strings(&choices.values())?
            .set_error_title("Not one of the choices")?
            .set_error_message(format!(
                "{} is one of: {}",
                column.header,
                choices.values().join(", ")
            ))?,
        Kind::Ref(target) => DataValidation::new()
            .allow_list_formula(Formula::new(ids_range(target, last_row)))
            .set_error_title("Not on the list")?
            .set_error_message(format!("Pick one of the ids on the {target} sheet."))?,
        // Several ids may be typed into one cell, so the list is offered
        // but what is typed is not refused: the import checks each id.
        Kind::Refs(target) => DataValidation::new()
            .allow_list_formula(Formula::new(ids_range(target, last_row)))
            .show_error_message(false),
        Kind::Number => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-MAX_ABS_VALUE, MAX_ABS_VALUE))
            .set_error_title("Not a number")?
            .set_error_message(format!("{} is a number.", column.header))?,
        Kind::Integer { min, max } => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(min as i32, max as i32))
            .set_error_title("Not a whole number in range")?
            .set_error_message(format!(
                "{} is a whole number, {min} to {max}.",
                column.header
            ))?,
        Kind::Text | Kind::Date => return Ok(None),
    };
    Ok(Some(v))
}

/// `=Themes!$A$2:$A$1001`: the id column (the first) of the sheet named
/// `target`, down to `last_row` (0-based).
fn ids_range(target: &str, last_row: u32) -> String {
    let letters = column_letters(0);
    format!("={target}!${letters}$2:${letters}${}", last_row + 1)
}

/// The pack as CSV files, one per sheet: (file name, its bytes).
pub fn csv_files(pack: &Pack) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    for rows in pack_rows(pack)? {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header: Vec<&str> = rows.sheet.columns.iter().map(|c| c.header).collect();
        writer.write_record(&header).map_err(|e| e.to_string())?;
        for row in &rows.rows {
            let fields: Vec<String> = row.iter().map(csv_text).collect();
            writer.write_record(&fields).map_err(|e| e.to_string())?;
        }
        let bytes = writer.into_inner().map_err(|e| e.to_string())?;
        files.push((format!("{}.csv", rows.sheet.name), bytes));
    }
    Ok(files)
}

fn csv_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) if crate::formula::guarded(s) => format!("'{s}"),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}
