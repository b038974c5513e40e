//! A table made to be read in a spreadsheet, not read back: an export's
//! sheet (the targets, the actions, the objections), as rows of typed
//! cells. The exporters fill it from the board; the workbook writer lays
//! it out. Pure data, like [`Cell`], so neither of them depends on the other.

use super::Cell;

/// How a column's cells are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Text,
    /// A figure, shown with as many decimals as it has.
    Number,
    /// A day ([`Cell::Date`] at midnight).
    Date,
    /// A local date and time ([`Cell::Date`]), to the minute.
    DateTime,
}

/// One column: its heading, what it means (the heading's note), its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub title: &'static str,
    pub meaning: &'static str,
    pub form: Form,
}

/// One sheet: its name, its columns, and its rows of cells in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub name: &'static str,
    pub headings: &'static [Heading],
    pub rows: Vec<Vec<Cell>>,
}
