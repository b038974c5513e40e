//! The pack as a workbook: one description of every sheet and column, from
//! which the template is written, a pack is laid out in rows, and a
//! workbook's rows are read back into a pack. Writing and reading share this
//! table, so the template and the importer cannot drift apart: a new pack
//! field that belongs in a workbook is one more [`Column`] below.
//!
//! Pure data and pure code: the files themselves (xlsx, ods, CSV) are read
//! and written by the `caseboard-workbook` crate.
//!
//! Conventions a workbook follows:
//! - the first non-empty row of a sheet is its header row, naming each
//!   column by its field (`baseline_value`); columns may come in any order,
//!   optional ones may be left out, empty rows are skipped;
//! - a list of references (a priority's `themes` and `indicators`) is one
//!   cell, its items separated by `;` or `,` (written with `; `);
//! - the child sheets (Series, Comparators, Breakdown, Evidence) flatten
//!   the lists inside an indicator or a priority: their first column names
//!   the indicator or priority a row belongs to, and rows keep their order.

mod cells;
mod listing;
mod read;
mod rows;
#[cfg(test)]
mod tests;

pub use listing::{Form, Heading, Listing};
pub use read::{pack_from_sheets, Grid, Place, SheetProblem};
pub use rows::{pack_rows, SheetRows};

use crate::pack::{ObjectionKind, Polarity, PriorityKind, Quality, Rationale, Tier};
use crate::validate::{MAX_CAP, MAX_TIMEBOX_MINUTES};

/// One cell's content, as a spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(chrono::NaiveDateTime),
}

impl Cell {
    /// An ISO date (`2008-03-31`, written exactly so) as a day, for a
    /// spreadsheet to show and sort as one; `None` for anything else, which
    /// stays text as typed.
    pub fn iso_day(s: &str) -> Option<Cell> {
        let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        (d.format("%Y-%m-%d").to_string() == s)
            .then(|| Cell::Date(d.and_time(chrono::NaiveTime::MIN)))
    }
}

/// What a column holds, which decides how a cell is read and written and
/// which drop-down list or check the template gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    /// A figure (any real number).
    Number,
    /// A whole number, within these bounds (the validator's own limits).
    Integer {
        min: u32,
        max: u32,
    },
    /// An ISO 8601 date, `YYYY-MM-DD`.
    Date,
    /// One of a fixed set of words.
    Choice(Choices),
    /// The id (or code) of a row of another sheet, named here.
    Ref(&'static str),
    /// Several such ids in one cell, separated by `;` or `,`.
    Refs(&'static str),
}

/// The enumerations of the pack, by their own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    Tier,
    Polarity,
    Quality,
    PriorityKind,
    Rationale,
    ObjectionKind,
}

impl Choices {
    /// The words the pack accepts, as its serde names are spelt.
    pub fn values(self) -> Vec<&'static str> {
        match self {
            Choices::Tier => Tier::ALL.iter().map(|t| t.as_str()).collect(),
            Choices::Polarity => Polarity::ALL.iter().map(|p| p.as_str()).collect(),
            Choices::Quality => Quality::ALL.iter().map(|q| q.as_str()).collect(),
            Choices::PriorityKind => PriorityKind::ALL.iter().map(|k| k.as_str()).collect(),
            Choices::Rationale => Rationale::ALL.iter().map(|r| r.as_str()).collect(),
            Choices::ObjectionKind => ObjectionKind::ALL.iter().map(|k| k.as_str()).collect(),
        }
    }
}

/// One column of a sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The header, the field's own name (`baseline_value`).
    pub header: &'static str,
    /// Where the value sits in the row's object in the pack's JSON
    /// (`["baseline", "value"]`); empty for a child sheet's first column,
    /// which names the parent instead.
    pub field: &'static [&'static str],
    /// What the column means, as the header's note says it.
    pub meaning: &'static str,
    pub required: bool,
    pub kind: Kind,
}

/// How a sheet's rows map to the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row: the pack's object under this key (`conference`).
    Single(&'static str),
    /// One row per element of the pack's top-level list under this key.
    List(&'static str),
    /// One row per element of a list (`field`) inside the rows of the
    /// `parent` sheet; the first column names the parent row.
    Child {
        parent: &'static str,
        field: &'static str,
    },
    /// One row per entry of a name → figure object inside the rows of the
    /// `parent` sheet; the first column names the parent row, the second
    /// the entry's name, the third its figure.
    ChildMap {
        parent: &'static str,
        field: &'static str,
    },
}

/// One sheet of the workbook.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub layout: Layout,
    pub columns: &'static [Column],
}

impl Sheet {
    /// The sheet called `name`, as written (case and surrounding spaces aside).
    pub fn named(name: &str) -> Option<&'static Sheet> {
        let name = name.trim();
        SHEETS.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The column whose ids other sheets refer to: the first.
    pub fn id_column(&self) -> &'static Column {
        &self.columns[0]
    }

    /// This sheet's place in [`SHEETS`].
    pub fn index(&self) -> usize {
        SHEETS
            .iter()
            .position(|s| s.name == self.name)
            .unwrap_or(SHEETS.len())
    }
}

/// The character written between the items of a list of references.
pub const REFS_SEPARATOR: &str = "; ";

const fn col(
    header: &'static str,
    field: &'static [&'static str],
    meaning: &'static str,
    required: bool,
    kind: Kind,
) -> Column {
    Column {
        header,
        field,
        meaning,
        required,
        kind,
    }
}

use Kind::*;
const REQUIRED: bool = true;
const OPTIONAL: bool = false;

#[rustfmt::skip]
const CONFERENCE: &[Column] = &[
    col("title", &["title"], "The conference's title, as the minutes head it.", REQUIRED, Text),
    col("partnership", &["partnership"], "The Local Strategic Partnership negotiating the agreement.", REQUIRED, Text),
    col("government_office", &["government_office"], "The Government Office negotiating for central government.", REQUIRED, Text),
    col("date", &["date"], "The day of the conference (YYYY-MM-DD).", REQUIRED, Date),
    col("venue", &["venue"], "Where it meets.", OPTIONAL, Text),
    col("designated_cap", &["designated_cap"], "How many designated improvement targets may be agreed (default 35).", OPTIONAL, Integer { min: 1, max: MAX_CAP }),
    col("notes", &["notes"], "Anything the attendees should know beforehand.", OPTIONAL, Text),
    col("timezone", &["timezone"], "The IANA time zone the conference meets in, such as Europe/London (the default): every time shown is local to it.", OPTIONAL, Text),
    col("end", &["end"], "The planned finish: a time such as 16:30 on the conference's date, or a date and time such as 2008-03-12T16:30.", OPTIONAL, Text),
];

#[rustfmt::skip]
const THEMES: &[Column] = &[
    col("id", &["id"], "A short id for the theme, such as cyp: letters, digits, '.', '_' or '-'.", REQUIRED, Text),
    col("name", &["name"], "The theme's name, such as Children and Young People.", REQUIRED, Text),
];

#[rustfmt::skip]
const ATTENDEES: &[Column] = &[
    col("id", &["id"], "A short id for the attendee, such as go-lead: letters, digits, '.', '_' or '-'.", REQUIRED, Text),
    col("name", &["name"], "The attendee's name.", REQUIRED, Text),
    col("organisation", &["organisation"], "Whom they represent.", REQUIRED, Text),
    col("tier", &["tier"], "Their side in the negotiation: local, regional (the Government Office) or central (a lead department).", REQUIRED, Choice(Choices::Tier)),
    col("role", &["role"], "Their role at the conference, such as chair or note-taker.", OPTIONAL, Text),
];

#[rustfmt::skip]
const INDICATORS: &[Column] = &[
    col("code", &["code"], "The indicator's code, such as NI 39.", REQUIRED, Text),
    col("title", &["title"], "The indicator's full title.", REQUIRED, Text),
    col("unit", &["unit"], "Its unit, such as % or rate per 1,000 (with %, figures are 0 to 100).", OPTIONAL, Text),
    col("polarity", &["polarity"], "Whether a higher or a lower figure is better.", OPTIONAL, Choice(Choices::Polarity)),
    col("quality", &["quality"], "How far its data can be relied on.", OPTIONAL, Choice(Choices::Quality)),
    col("lead_department", &["lead_department"], "The government department that leads on it.", OPTIONAL, Text),
    col("baseline_period", &["baseline", "period"], "The period of the baseline figure, such as 2007/08 (give the value too).", OPTIONAL, Text),
    col("baseline_value", &["baseline", "value"], "The baseline figure (give the period too).", OPTIONAL, Number),
    col("proposed_target_period", &["proposed_target", "period"], "The period the proposed target is for, such as 2010/11 (give the value too).", OPTIONAL, Text),
    col("proposed_target_value", &["proposed_target", "value"], "The proposed target figure (give the period too).", OPTIONAL, Number),
    col("source", &["source"], "Where its figures come from.", OPTIONAL, Text),
    col("spatial_level", &["spatial_level"], "The level its figures are published at, such as district.", OPTIONAL, Text),
    col("update_frequency", &["update_frequency"], "How often its figures are published.", OPTIONAL, Text),
    col("notes", &["notes"], "Anything else the conference should know about it.", OPTIONAL, Text),
];

#[rustfmt::skip]
const SERIES: &[Column] = &[
    col("indicator", &[], "The code of the indicator (Indicators sheet) this figure belongs to.", REQUIRED, Ref("Indicators")),
    col("period", &["period"], "The period, such as 2006/07; list an indicator's periods oldest first.", REQUIRED, Text),
    col("value", &["value"], "The figure for that period.", REQUIRED, Number),
];

#[rustfmt::skip]
const COMPARATORS: &[Column] = &[
    col("indicator", &[], "The code of the indicator (Indicators sheet) this comparator belongs to.", REQUIRED, Ref("Indicators")),
    col("name", &["name"], "What it is compared with, such as England or Statistical neighbours.", REQUIRED, Text),
    col("value", &["value"], "The comparator's figure.", REQUIRED, Number),
];

#[rustfmt::skip]
const BREAKDOWN: &[Column] = &[
    col("indicator", &[], "The code of the indicator (Indicators sheet) this sub-area figure belongs to.", REQUIRED, Ref("Indicators")),
    col("area", &["area"], "The sub-area, such as a district or ward.", REQUIRED, Text),
    col("value", &["value"], "The sub-area's figure.", REQUIRED, Number),
];

#[rustfmt::skip]
const PRIORITIES: &[Column] = &[
    col("id", &["id"], "A short id for the priority, such as P07; the order of the rows is the agenda's.", REQUIRED, Text),
    col("title", &["title"], "The priority's title.", REQUIRED, Text),
    col("kind", &["kind"], "designated (a candidate for the designated targets) or statutory (agreed, not chosen).", REQUIRED, Choice(Choices::PriorityKind)),
    col("indicators", &["indicators"], "Its indicator codes (Indicators sheet), separated by ; - the first is the headline indicator.", REQUIRED, Refs("Indicators")),
    col("themes", &["themes"], "Its theme ids (Themes sheet), separated by ;", OPTIONAL, Refs("Themes")),
    col("lead", &["lead"], "Who leads on it, such as a partner organisation.", OPTIONAL, Text),
    col("proposed_by", &["proposed_by"], "The attendee (Attendees sheet) who proposes it.", OPTIONAL, Ref("Attendees")),
    col("rationale", &["rationale"], "Why it is proposed.", OPTIONAL, Choice(Choices::Rationale)),
    col("summary", &["summary"], "The case for it, in a few sentences.", OPTIONAL, Text),
    col("timebox_minutes", &["timebox_minutes"], "Minutes set aside for it on the agenda.", OPTIONAL, Integer { min: 1, max: MAX_TIMEBOX_MINUTES }),
];

#[rustfmt::skip]
const EVIDENCE: &[Column] = &[
    col("priority", &[], "The id of the priority (Priorities sheet) this evidence supports.", REQUIRED, Ref("Priorities")),
    col("text", &["text"], "The evidence.", REQUIRED, Text),
    col("source", &["source"], "Where it comes from.", OPTIONAL, Text),
];

#[rustfmt::skip]
const OBJECTIONS: &[Column] = &[
    col("id", &["id"], "A short id for the objection, such as O3.", REQUIRED, Text),
    col("priority", &["priority"], "The priority (Priorities sheet) it is raised against.", REQUIRED, Ref("Priorities")),
    col("text", &["text"], "What the objection says.", REQUIRED, Text),
    col("kind", &["kind"], "What kind of objection it is.", OPTIONAL, Choice(Choices::ObjectionKind)),
    col("raised_by", &["raised_by"], "The attendee (Attendees sheet) raising it.", OPTIONAL, Ref("Attendees")),
    col("alternative", &["alternative"], "For a counter_proposal: the indicator code (Indicators sheet) proposed instead.", OPTIONAL, Ref("Indicators")),
];

/// The file extensions of the spreadsheets a pack may be (any case):
/// everything else that is not a folder is read as JSON.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// The first sheet's name: a folder holding `Conference.csv` is a pack.
pub const FIRST_SHEET: &str = "Conference";

/// Every sheet of a pack's workbook, in the order they are written.
#[rustfmt::skip]
pub const SHEETS: &[Sheet] = &[
    Sheet { name: FIRST_SHEET, layout: Layout::Single("conference"), columns: CONFERENCE },
    Sheet { name: "Themes", layout: Layout::List("themes"), columns: THEMES },
    Sheet { name: "Attendees", layout: Layout::List("attendees"), columns: ATTENDEES },
    Sheet { name: "Indicators", layout: Layout::List("indicators"), columns: INDICATORS },
    Sheet { name: "Series", layout: Layout::Child { parent: "Indicators", field: "series" }, columns: SERIES },
    Sheet { name: "Comparators", layout: Layout::ChildMap { parent: "Indicators", field: "comparators" }, columns: COMPARATORS },
    Sheet { name: "Breakdown", layout: Layout::Child { parent: "Indicators", field: "breakdown" }, columns: BREAKDOWN },
    Sheet { name: "Priorities", layout: Layout::List("priorities"), columns: PRIORITIES },
    Sheet { name: "Evidence", layout: Layout::Child { parent: "Priorities", field: "evidence" }, columns: EVIDENCE },
    Sheet { name: "Objections", layout: Layout::List("objections"), columns: OBJECTIONS },
];

/// A column's letters, as a spreadsheet names them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's name, from 0-based row and column: (6, 7) → `H7`.
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row as u64 + 1)
}
