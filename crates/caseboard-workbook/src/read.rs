//! Spreadsheet files into grids of cells: any workbook calamine reads, or a
//! folder of CSV files, one per sheet.

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, Sheets};
use caseboard_core::sheets::{cell_name, Cell, Grid};
use caseboard_core::text::{display_line, io_error_words};
use caseboard_core::validate::MAX_PACK_BYTES;
use std::io::{Cursor, Read};
use std::path::Path;

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

/// Why a pack's file gave no bytes.
#[derive(Debug)]
pub enum PackFileError {
    /// It could not be opened or read.
    Io(std::io::Error),
    /// It is a folder, where a file was wanted.
    Folder,
    /// It is larger than [`MAX_PACK_BYTES`].
    TooLarge,
}

impl std::fmt::Display for PackFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackFileError::Io(e) => f.write_str(&io_error_words(e)),
            PackFileError::Folder => f.write_str("it is a folder, not a pack file"),
            PackFileError::TooLarge => write!(
                f,
                "larger than {} MB, the most a pack may be",
                MAX_PACK_BYTES / 1_000_000
            ),
        }
    }
}

/// A pack file's bytes, whatever its form, refusing one larger than a pack
/// may be before reading it all (a FIFO or device that never ends included).
pub fn read_pack_file(path: &Path) -> Result<Vec<u8>, PackFileError> {
    let file = std::fs::File::open(path).map_err(PackFileError::Io)?;
    let meta = file.metadata().map_err(PackFileError::Io)?;
    if meta.is_dir() {
        return Err(PackFileError::Folder);
    }
    if meta.len() > MAX_PACK_BYTES as u64 {
        return Err(PackFileError::TooLarge);
    }
    let mut bytes = Vec::new();
    file.take(MAX_PACK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(PackFileError::Io)?;
    if bytes.len() > MAX_PACK_BYTES {
        return Err(PackFileError::TooLarge);
    }
    Ok(bytes)
}

/// [`read_pack_file`], its error as words.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    read_pack_file(path).map_err(|e| e.to_string())
}

/// The most cells a sheet's cells may span, from its first to its last: far
/// beyond any real pack (a 5,000-priority pack's largest sheet spans about
/// 100,000), and small enough that a grid of them is a few tens of MB. Two
/// cells, at A1 and XFD1048576, would otherwise ask for 17 billion.
pub const MAX_SHEET_SPAN: u64 = 2_000_000;

/// Reads every sheet of a workbook held in memory (xlsx, xls, xlsb or ods,
/// told apart by their content).
///
/// xlsx and xlsb sheets are read cell by cell and refused past
/// [`MAX_SHEET_SPAN`] before any grid is made. calamine reads xls and ods
/// sheets whole; ods caps them itself (at 100 million cells), xls by its
/// format (65,536 rows by 256 columns).
pub fn read_sheets_from_bytes(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    // calamine does arithmetic on what a file says without checking it
    // (a cell reference of twenty letters overflows a u32). A release build
    // wraps and goes on; a debug build panics, and so might some other
    // input. Either way a damaged file is refused in words, never a crash.
    std::panic::catch_unwind(|| read_sheets_unguarded(bytes)).unwrap_or_else(|_| {
        Err("the file is damaged: it could not be read as a workbook".to_string())
    })
}

fn read_sheets_unguarded(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a workbook caseboard can read ({e})"))?;
    if matches!(workbook, Sheets::Xlsx(_)) {
        backwards_dimension(bytes)?;
    }
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let shown = display_line(&name);
        let cells = match &mut workbook {
            Sheets::Xlsx(xlsx) => {
                let mut reader = xlsx
                    .worksheet_cells_reader(&name)
                    .map_err(|e| format!("sheet {shown}: {e}"))?;
                one_by_one(&shown, || reader.next_cell())?
            }
            Sheets::Xlsb(xlsb) => {
                let mut reader = xlsb
                    .worksheet_cells_reader(&name)
                    .map_err(|e| format!("sheet {shown}: {e}"))?;
                one_by_one(&shown, || reader.next_cell())?
            }
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| format!("sheet {shown}: {e}"))?;
                let mut cells = Vec::new();
                for (row, col, data) in range.used_cells() {
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    keep(&mut cells, (r0 + row as u32, c0 + col as u32), data.clone());
                }
                cells
            }
        };
        grids.push(grid(name, cells)?);
    }
    Ok(grids)
}

/// Refuses an xlsx sheet whose stated used range ends before it starts
/// (`<dimension ref="B5:A1"/>`): no spreadsheet writes one, and calamine
/// (0.38) subtracts the corners without checking, which overflows.
fn backwards_dimension(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    // Not a ZIP calamine could open is not this check's to report.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut head = Vec::new();
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        // The dimension comes before the cells, near the top. A read that
        // fails (a damaged part's checksum, say) keeps what it read.
        head.clear();
        let _ = part.take(64 * 1024).read_to_end(&mut head);
        let text = String::from_utf8_lossy(&head);
        let Some(range) = dimension_ref(&text) else {
            continue;
        };
        if let Some((from, to)) = range.split_once(':') {
            if let (Some(a), Some(b)) = (corner(from), corner(to)) {
                if b.0 < a.0 || b.1 < a.1 {
                    return Err(format!(
                        "sheet file {}: its used range {} ends before it starts",
                        display_line(&name),
                        display_line(range)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `ref` of a worksheet's `<dimension>` element.
fn dimension_ref(xml: &str) -> Option<&str> {
    let at = xml.find("<dimension")?;
    let rest = &xml[at..];
    let rest = &rest[..rest.find('>')?];
    let value = &rest[rest.find("ref=")? + 4..];
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &value[1..];
    Some(&value[..value.find(quote)?])
}

/// An A1-style cell reference as (row, column), `$` signs allowed.
fn corner(reference: &str) -> Option<(u64, u64)> {
    let reference = reference.trim().replace('$', "");
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let column = letters.chars().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() as u8 - b'A' + 1)
    });
    let row = digits.parse().ok()?;
    Some((row, column))
}

/// A sheet's cells that say something, each at its (row, column).
type Placed = Vec<((u32, u32), Cell)>;

/// The cells a sheet's reader gives, one at a time, keeping those that say
/// something.
fn one_by_one<'a, E: std::fmt::Display>(
    shown: &str,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
) -> Result<Placed, String> {
    let mut cells = Vec::new();
    while let Some(c) = next().map_err(|e| format!("sheet {shown}: {e}"))? {
        keep(
            &mut cells,
            c.get_position(),
            Data::from(c.get_value().clone()),
        );
    }
    Ok(cells)
}

/// Keeps a cell that says something: blanks carry nothing a pack needs.
fn keep(cells: &mut Placed, at: (u32, u32), data: Data) {
    let cell = cell(&data);
    if !matches!(cell, Cell::Empty) {
        cells.push((at, cell));
    }
}

/// A sheet's cells as rows, from its first cell that says something to its
/// last; refused when they span more than [`MAX_SHEET_SPAN`] cells.
fn grid(name: String, cells: Placed) -> Result<Grid, String> {
    let Some(first) = cells.first().map(|(at, _)| *at) else {
        return Ok(Grid {
            name,
            start: (0, 0),
            rows: Vec::new(),
        });
    };
    let (mut top, mut left, mut bottom, mut right) = (first.0, first.1, first.0, first.1);
    let mut far = first;
    for &((r, c), _) in &cells {
        top = top.min(r);
        left = left.min(c);
        if r > bottom || c > right {
            far = (r, c);
        }
        bottom = bottom.max(r);
        right = right.max(c);
    }
    let rows = u64::from(bottom - top) + 1;
    let cols = u64::from(right - left) + 1;
    if rows.saturating_mul(cols) > MAX_SHEET_SPAN {
        return Err(format!(
            "sheet {}: a cell at {} takes the sheet past the {} million cells a pack's sheet may span (from {})",
            display_line(&name),
            cell_name(far.0, far.1),
            MAX_SHEET_SPAN / 1_000_000,
            cell_name(top, left),
        ));
    }
    let mut grid = vec![vec![Cell::Empty; cols as usize]; rows as usize];
    for ((r, c), cell) in cells {
        grid[(r - top) as usize][(c - left) as usize] = cell;
    }
    Ok(Grid {
        name,
        start: (top, left),
        rows: grid,
    })
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
        .map_err(|e| format!("a folder that cannot be read: {}", io_error_words(&e)))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| format!("a folder that cannot be read: {}", io_error_words(&e)))?;
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
                Cell::Text(crate::formula::unguarded(text).to_string())
            });
        }
        rows.push(row);
    }
    Ok(rows)
}
