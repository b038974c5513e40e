//! Spreadsheet files into grids of cells: any workbook calamine reads, or a
//! folder of CSV files, one per sheet.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use caseboard_core::sheets::{Cell, Grid};
use caseboard_core::text::display_line;
use caseboard_core::validate::MAX_PACK_BYTES;
use std::io::{Cursor, Read};
use std::path::Path;

/// An I/O error as words: "no such file or directory", without the
/// "(os error 2)" that means nothing to a reader.
fn words(error: &std::io::Error) -> String {
    let full = error.to_string();
    let words = match full.rfind(" (os error ") {
        Some(i) if full.ends_with(')') => &full[..i],
        _ => full.as_str(),
    };
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A file of a folder, by its name alone: the folder is named by the caller.
fn shown(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    display_line(&name.unwrap_or_default())
}

/// Reads every sheet of the workbook at `path`, or every `.csv` file of
/// the folder at `path`. The error is one sentence, for the caller to put
/// after the path it was given (a file within a folder is named).
pub fn read_sheets(path: &Path) -> Result<Vec<Grid>, String> {
    if path.is_dir() {
        return read_csv_folder(path);
    }
    let bytes = read_limited(path)?;
    read_sheets_from_bytes(&bytes)
}

/// A file's bytes, refusing one larger than a pack may be before reading it all.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| words(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_PACK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| words(&e))?;
    if bytes.len() > MAX_PACK_BYTES {
        return Err(format!(
            "larger than {} MB, the most a pack may be",
            MAX_PACK_BYTES / 1_000_000
        ));
    }
    Ok(bytes)
}

/// Reads every sheet of a workbook held in memory (xlsx, xls, xlsb or ods,
/// told apart by their content).
pub fn read_sheets_from_bytes(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a workbook caseboard can read ({e})"))?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {}: {e}", display_line(&name)))?;
        let rows = range
            .rows()
            .map(|row| row.iter().map(cell).collect())
            .collect();
        grids.push(Grid {
            name,
            start: range.start().unwrap_or((0, 0)),
            rows,
        });
    }
    Ok(grids)
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            chrono::NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())
                .and_then(|day| day.and_hms_opt(h.into(), mi.into(), s.into()))
                .map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date(s).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        // A formula's error (#N/A, #DIV/0!) as the spreadsheet shows it.
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

fn iso_date(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// The `.csv` files of a folder, each a sheet named by its file's stem.
fn read_csv_folder(dir: &Path) -> Result<Vec<Grid>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("a folder that cannot be read: {}", words(&e)))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("a folder that cannot be read: {}", words(&e)))?;
        let path = entry.path();
        let is_csv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv && path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(
            "a folder with no CSV files in it; a pack as CSV files is one file per sheet, such as Indicators.csv"
                .to_string(),
        );
    }
    files.sort();
    let mut total = 0;
    let mut grids = Vec::new();
    for path in files {
        let named = |e: String| format!("{}: {e}", shown(&path));
        let bytes = read_limited(&path).map_err(named)?;
        total += bytes.len();
        if total > MAX_PACK_BYTES {
            return Err(format!(
                "its CSV files come to more than {} MB, the most a pack may be",
                MAX_PACK_BYTES / 1_000_000
            ));
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rows = csv_rows(&bytes).map_err(named)?;
        grids.push(Grid {
            name,
            start: (0, 0),
            rows,
        });
    }
    Ok(grids)
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, String> {
    // A byte order mark, as spreadsheets write, is not part of the first heading.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 1))?;
        let mut row = Vec::with_capacity(record.len());
        for field in record.iter() {
            let text = std::str::from_utf8(field).map_err(|_| {
                format!(
                    "line {}: not UTF-8 text; save the file as CSV UTF-8",
                    record.position().map_or(i as u64 + 1, |p| p.line())
                )
            })?;
            row.push(if text.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text.to_string())
            });
        }
        rows.push(row);
    }
    Ok(rows)
}
