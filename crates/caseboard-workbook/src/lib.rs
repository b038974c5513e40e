//! A pack as a workbook or a folder of CSV files: the files read into the
//! cells the core maps to a pack (`caseboard_core::sheets`), and a pack (or
//! nothing, for the template) written back as xlsx or CSV files; and an
//! export's sheets (the targets a meeting agreed) written as xlsx. Which
//! sheets and columns there are, and what each holds, is the core's one
//! description; this crate only moves cells in and out of files.

mod formula;
mod listing;
mod read;
mod write;

pub use listing::xlsx_of_listings;
pub use read::{read_pack_file, read_sheets, read_sheets_from_bytes, PackFileError};
pub use write::{csv_files, xlsx_bytes};

use caseboard_core::sheets::{pack_from_sheets, SheetProblem, WORKBOOK_EXTENSIONS};
use caseboard_core::Pack;
use std::path::Path;

/// The forms a pack may take on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackForm {
    Json,
    /// A spreadsheet, by its extension: one of [`WORKBOOK_EXTENSIONS`].
    Workbook,
    /// A folder of CSV files named after the sheets.
    CsvFolder,
}

impl PackForm {
    /// The form of the pack at `path`: a folder is CSV files, a spreadsheet's
    /// extension a workbook, anything else JSON.
    pub fn of(path: &Path) -> PackForm {
        if path.is_dir() {
            return PackForm::CsvFolder;
        }
        let workbook = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            WORKBOOK_EXTENSIONS
                .iter()
                .any(|w| e.eq_ignore_ascii_case(w))
        });
        if workbook {
            PackForm::Workbook
        } else {
            PackForm::Json
        }
    }
}

/// Why a workbook (or CSV folder) gave no pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    /// The file could not be read as a spreadsheet at all: one sentence.
    Unreadable(String),
    /// It was read, and these are everything wrong with it.
    Invalid(Vec<SheetProblem>),
}

/// Reads and validates the pack in a workbook or a folder of CSV files.
pub fn read_pack(path: &Path) -> Result<Pack, WorkbookError> {
    let grids = read_sheets(path).map_err(WorkbookError::Unreadable)?;
    pack_from_sheets(&grids).map_err(WorkbookError::Invalid)
}
