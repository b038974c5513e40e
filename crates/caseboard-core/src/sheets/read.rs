//! A workbook's sheets into a pack: each cell read as its column's kind,
//! every problem kept with the cell it is in, then the pack's own validator
//! run on the result, its problems traced back from JSON paths to cells.

use super::cells::{read_cell, text_of};
use super::{cell_name, Cell, Column, Kind, Layout, Sheet, SHEETS};
use crate::pack::{Pack, PACK_FORMAT};
use crate::text::{display_line, display_line_cut};
use crate::validate::parse_pack;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One sheet as read from a file: its name, where its cells start, and its
/// rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub name: String,
    /// 0-based row and column of `rows[0][0]` (a used range need not start at A1).
    pub start: (u32, u32),
    pub rows: Vec<Vec<Cell>>,
}

/// Where a problem is: a sheet, and when known its cell and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    /// 0-based row and column.
    pub cell: Option<(u32, u32)>,
    pub column: Option<String>,
}

/// One thing wrong with a workbook's pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// `None` for the workbook as a whole.
    pub place: Option<Place>,
    pub message: String,
}

impl fmt::Display for SheetProblem {
    /// `Indicators!H7 (baseline_value): expected a number, found "n/a"`, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(place) = &self.place {
            write!(f, "{}", display_line(&place.sheet))?;
            if let Some((row, col)) = place.cell {
                write!(f, "!{}", cell_name(row, col))?;
            }
            if let Some(column) = &place.column {
                write!(f, " ({})", display_line_cut(column, 60))?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", display_line(&self.message))
    }
}

/// The most rows one sheet may hold: past this it is not a pack.
const MAX_ROWS: usize = 200_000;

/// Reads a pack from a workbook's sheets. On failure, every problem found,
/// in the order of the sheets, rows and columns.
pub fn pack_from_sheets(grids: &[Grid]) -> Result<Pack, Vec<SheetProblem>> {
    let mut reader = Reader::default();
    let mut found: Vec<Option<&Grid>> = vec![None; SHEETS.len()];
    for grid in grids {
        match Sheet::named(&grid.name) {
            Some(sheet) if found[sheet.index()].is_some() => reader.problem(
                sheet_place(sheet.name),
                format!("the workbook has two {} sheets; keep one", sheet.name),
            ),
            Some(sheet) => found[sheet.index()] = Some(grid),
            None if grid.rows.iter().flatten().all(|c| *c == Cell::Empty) => {}
            None => reader.problem(
                sheet_place(&grid.name),
                format!(
                    "not a sheet of a pack; the sheets are {}",
                    SHEETS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    for (sheet, grid) in SHEETS.iter().zip(found) {
        reader.sheet(sheet, grid);
    }
    reader.finish()
}

fn sheet_place(sheet: &str) -> Option<Place> {
    Some(Place {
        sheet: sheet.to_string(),
        cell: None,
        column: None,
    })
}

fn cell_place(sheet: &Sheet, row: u32, col: u32, column: &Column) -> Place {
    Place {
        sheet: sheet.name.to_string(),
        cell: Some((row, col)),
        column: Some(column.header.to_string()),
    }
}

#[derive(Default)]
struct Reader {
    pack: Map<String, Value>,
    problems: Vec<SheetProblem>,
    /// JSON path → the cell (or sheet) it was read from.
    places: HashMap<String, Place>,
    /// For each list sheet, its ids → the index of their first row in the pack's list.
    ids: HashMap<&'static str, HashMap<String, usize>>,
    /// Columns a sheet lacks: the validator's "missing field" for them is
    /// already said once for the whole sheet.
    missing_columns: HashSet<(&'static str, &'static str)>,
}

/// A sheet's rows, with their 0-based row numbers, and which column of the
/// description each column of the grid is.
struct Table<'g> {
    rows: Vec<(u32, &'g [Cell])>,
    /// (grid column index, absolute column, the column described).
    columns: Vec<(usize, u32, &'static Column)>,
    header_row: u32,
}

impl Reader {
    fn problem(&mut self, place: Option<Place>, message: impl Into<String>) {
        self.problems.push(SheetProblem {
            place,
            message: message.into(),
        });
    }

    fn sheet(&mut self, sheet: &'static Sheet, grid: Option<&Grid>) {
        let table = grid.and_then(|g| self.table(sheet, g));
        let key = match sheet.layout {
            Layout::Single(key) | Layout::List(key) => key,
            Layout::Child { .. } | Layout::ChildMap { .. } => "",
        };
        if !key.is_empty() {
            self.places.insert(
                key.to_string(),
                Place {
                    sheet: sheet.name.to_string(),
                    cell: None,
                    column: None,
                },
            );
        }
        match sheet.layout {
            Layout::Single(key) => {
                let Some(table) = table else {
                    let said = match grid {
                        None => format!("the workbook has no {} sheet", sheet.name),
                        Some(_) => format!("the {} sheet is empty", sheet.name),
                    };
                    self.problem(sheet_place(sheet.name), said);
                    self.pack.insert(key.into(), Value::Object(Map::new()));
                    return;
                };
                // No row under the headings reads as an empty one, so each
                // required cell is named.
                let empty: Vec<Cell> = Vec::new();
                let first = table.rows.first().map(|(r, c)| (*r, *c));
                let (row, cells) = first.unwrap_or((table.header_row + 1, &empty));
                for (extra, _) in table.rows.iter().skip(1) {
                    self.problem(
                        Some(Place {
                            sheet: sheet.name.into(),
                            cell: Some((*extra, table.columns.first().map_or(0, |c| c.1))),
                            column: None,
                        }),
                        format!(
                            "the {} sheet holds one row under its headings; this is another",
                            sheet.name
                        ),
                    );
                }
                let object = self.object(sheet, &table, row, cells, key);
                self.pack.insert(key.into(), Value::Object(object));
            }
            Layout::List(key) => {
                let mut items = Vec::new();
                let mut ids = HashMap::new();
                if let Some(table) = &table {
                    for (i, (row, cells)) in table.rows.iter().enumerate() {
                        let path = format!("{key}[{i}]");
                        let object = self.object(sheet, table, *row, cells, &path);
                        let id_field = sheet.id_column().field.first();
                        if let Some(Value::String(id)) = id_field.and_then(|f| object.get(*f)) {
                            ids.entry(id.clone()).or_insert(i);
                        }
                        items.push(Value::Object(object));
                    }
                }
                self.ids.insert(sheet.name, ids);
                self.pack.insert(key.into(), Value::Array(items));
            }
            Layout::Child { parent, field } | Layout::ChildMap { parent, field } => {
                let Some(table) = table else { return };
                let as_map = matches!(sheet.layout, Layout::ChildMap { .. });
                self.children(sheet, &table, parent, field, as_map);
            }
        }
    }

    /// The sheet's header and rows, or `None` (with the problem said) when
    /// they cannot be read.
    fn table<'g>(&mut self, sheet: &'static Sheet, grid: &'g Grid) -> Option<Table<'g>> {
        let filled = |cells: &[Cell]| cells.iter().any(|c| *c != Cell::Empty);
        let mut rows = grid.rows.iter().enumerate().filter(|(_, r)| filled(r));
        let (header_index, header) = rows.next()?;
        let abs_row = |i: usize| grid.start.0.saturating_add(i as u32);
        let abs_col = |j: usize| grid.start.1.saturating_add(j as u32);
        let header_row = abs_row(header_index);
        let mut columns = Vec::new();
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for (j, cell) in header.iter().enumerate() {
            let name = match cell {
                Cell::Empty => continue,
                other => text_of(other),
            };
            let place = Place {
                sheet: sheet.name.into(),
                cell: Some((header_row, abs_col(j))),
                column: None,
            };
            let wanted = name.trim().to_ascii_lowercase();
            match sheet.columns.iter().find(|c| c.header == wanted) {
                Some(column) if seen.contains_key(column.header) => self.problem(
                    Some(place),
                    format!("column \"{}\" is given twice; keep one", column.header),
                ),
                Some(column) => {
                    seen.insert(column.header, abs_col(j));
                    columns.push((j, abs_col(j), column));
                }
                None => self.problem(
                    Some(place),
                    format!(
                        "\"{}\" is not a column of the {} sheet; its columns are {}",
                        display_line_cut(&name, 60),
                        sheet.name,
                        sheet
                            .columns
                            .iter()
                            .map(|c| c.header)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
        for column in sheet.columns.iter().filter(|c| c.required) {
            if !seen.contains_key(column.header) {
                self.missing_columns.insert((sheet.name, column.header));
                self.problem(
                    Some(Place {
                        sheet: sheet.name.into(),
                        cell: None,
                        column: Some(column.header.into()),
                    }),
                    format!(
                        "the sheet has no \"{}\" column; it is required",
                        column.header
                    ),
                );
            }
        }
        let rows: Vec<(u32, &[Cell])> = rows.map(|(i, r)| (abs_row(i), r.as_slice())).collect();
        if rows.len() > MAX_ROWS {
            self.problem(
                sheet_place(sheet.name),
                format!(
                    "{} rows; a sheet of a pack holds at most {MAX_ROWS}",
                    rows.len()
                ),
            );
            return None;
        }
        // A value under no heading would be lost without a word.
        let named: HashSet<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != Cell::Empty)
            .map(|(j, _)| j)
            .collect();
        'rows: for (row, cells) in &rows {
            for (j, cell) in cells.iter().enumerate() {
                if *cell != Cell::Empty && !named.contains(&j) {
                    self.problem(
                        Some(Place {
                            sheet: sheet.name.into(),
                            cell: Some((*row, abs_col(j))),
                            column: None,
                        }),
                        "a value in a column without a heading; give the column its field's name",
                    );
                    break 'rows;
                }
            }
        }
        Some(Table {
            rows,
            columns,
            header_row,
        })
    }

    /// One row's object, each cell read as its column says; `path` is the
    /// object's JSON path.
    fn object(
        &mut self,
        sheet: &'static Sheet,
        table: &Table,
        row: u32,
        cells: &[Cell],
        path: &str,
    ) -> Map<String, Value> {
        let mut object = Map::new();
        let first_col = table.columns.iter().map(|c| c.1).min().unwrap_or(0);
        self.places.insert(
            path.to_string(),
            Place {
                sheet: sheet.name.into(),
                cell: Some((row, first_col)),
                column: table
                    .columns
                    .iter()
                    .find(|c| c.1 == first_col)
                    .map(|c| c.2.header.to_string()),
            },
        );
        // A list left out is an empty list (the pack's JSON always has one).
        for column in sheet.columns {
            let given = table.columns.iter().any(|c| c.2.header == column.header);
            if matches!(column.kind, Kind::Refs(_)) && !given {
                put(&mut object, column.field, Value::Array(Vec::new()));
            }
        }
        for &(j, col, column) in &table.columns {
            if column.field.is_empty() {
                continue;
            }
            let place = cell_place(sheet, row, col, column);
            let cell = cells.get(j).unwrap_or(&Cell::Empty);
            let field_path = format!("{path}.{}", column.field.join("."));
            self.places.insert(field_path, place.clone());
            match read_cell(cell, column) {
                Ok(Some(value)) => put(&mut object, column.field, value),
                Ok(None) if column.required => {
                    self.problem(Some(place), "required, but the cell is empty");
                    if matches!(column.kind, Kind::Refs(_)) {
                        put(&mut object, column.field, Value::Array(Vec::new()));
                    }
                }
                Ok(None) => {
                    if matches!(column.kind, Kind::Refs(_)) {
                        put(&mut object, column.field, Value::Array(Vec::new()));
                    }
                }
                Err(message) => self.problem(Some(place), message),
            }
        }
        object
    }

    fn children(
        &mut self,
        sheet: &'static Sheet,
        table: &Table,
        parent: &'static str,
        field: &'static str,
        as_map: bool,
    ) {
        let Some(parent_sheet) = Sheet::named(parent) else {
            return;
        };
        let Layout::List(parent_key) = parent_sheet.layout else {
            return;
        };
        let Some(&(key_j, key_col, key_column)) =
            table.columns.iter().find(|c| c.2.field.is_empty())
        else {
            return;
        };
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut names: HashSet<(usize, String)> = HashSet::new();
        for &(row, cells) in &table.rows {
            let place = cell_place(sheet, row, key_col, key_column);
            let owner = match cells.get(key_j).unwrap_or(&Cell::Empty) {
                Cell::Empty => {
                    self.problem(Some(place), "required, but the cell is empty");
                    continue;
                }
                other => text_of(other),
            };
            let Some(&index) = self.ids.get(parent).and_then(|ids| ids.get(&owner)) else {
                let what = match parent_key {
                    "priorities" => "priority",
                    _ => "indicator",
                };
                self.problem(
                    Some(place),
                    format!(
                        "unknown {what} \"{}\": not on the {parent} sheet",
                        display_line_cut(&owner, 60)
                    ),
                );
                continue;
            };
            let owner_path = format!("{parent_key}[{index}].{field}");
            let Some(Value::Object(owner_object)) =
                self.pack.get_mut(parent_key).and_then(|l| l.get_mut(index))
            else {
                continue;
            };
            let n = counts.entry(index).or_default();
            if as_map {
                // Columns 1 and 2: the entry's name and its figure.
                let name_column = &sheet.columns[1];
                let value_column = &sheet.columns[2];
                let find = |c: &Column| table.columns.iter().find(|t| t.2.header == c.header);
                let (Some(&(nj, ncol, _)), Some(&(vj, vcol, _))) =
                    (find(name_column), find(value_column))
                else {
                    continue;
                };
                let name_place = cell_place(sheet, row, ncol, name_column);
                let value_place = cell_place(sheet, row, vcol, value_column);
                let name = match cells.get(nj).unwrap_or(&Cell::Empty) {
                    Cell::Empty => {
                        self.problem(Some(name_place), "required, but the cell is empty");
                        continue;
                    }
                    other => text_of(other),
                };
                if !names.insert((index, name.clone())) {
                    self.problem(
                        Some(name_place),
                        format!(
                            "\"{}\" is given twice for {}",
                            display_line_cut(&name, 60),
                            display_line_cut(&owner, 60)
                        ),
                    );
                    continue;
                }
                let value = match read_cell(cells.get(vj).unwrap_or(&Cell::Empty), value_column) {
                    Ok(Some(v)) => v,
                    Ok(None) => {
                        self.problem(Some(value_place), "required, but the cell is empty");
                        continue;
                    }
                    Err(message) => {
                        self.problem(Some(value_place), message);
                        continue;
                    }
                };
                if name.trim().is_empty() {
                    self.places.insert(owner_path.clone(), name_place.clone());
                }
                self.places
                    .insert(format!("{owner_path}.{name}"), value_place);
                let map = owner_object
                    .entry(field)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(map) = map {
                    map.insert(name, value);
                }
            } else {
                let path = format!("{owner_path}[{n}]");
                let object = self.object(sheet, table, row, cells, &path);
                // The parent's object is borrowed again: `object` needed `self`.
                if let Some(Value::Object(owner_object)) =
                    self.pack.get_mut(parent_key).and_then(|l| l.get_mut(index))
                {
                    let list = owner_object
                        .entry(field)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(list) = list {
                        list.push(Value::Object(object));
                    }
                }
            }
            *counts.entry(index).or_default() += 1;
        }
    }

    fn finish(mut self) -> Result<Pack, Vec<SheetProblem>> {
        self.pack
            .insert("format".into(), Value::String(PACK_FORMAT.into()));
        let text = serde_json::to_string(&Value::Object(std::mem::take(&mut self.pack)));
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                self.problem(None, format!("the pack could not be put together: {e}"));
                return Err(self.problems);
            }
        };
        let validated = parse_pack(&text);
        let pack = match validated {
            Ok(pack) if self.problems.is_empty() => return Ok(pack),
            Ok(_) => None,
            Err(problems) => Some(problems),
        };
        // A cell already reported is not reported again by the validator
        // (an unreadable figure is also a missing one to it).
        let taken: HashSet<(String, Option<(u32, u32)>)> = self
            .problems
            .iter()
            .filter_map(|p| p.place.as_ref())
            .filter(|p| p.cell.is_some())
            .map(|p| (p.sheet.clone(), p.cell))
            .collect();
        // A sheet missing or empty as a whole is said once.
        let lacking: HashSet<String> = self
            .problems
            .iter()
            .filter_map(|p| p.place.as_ref())
            .filter(|p| p.cell.is_none() && p.column.is_none())
            .map(|p| p.sheet.clone())
            .collect();
        for p in pack.into_iter().flatten() {
            let missing = missing_field(&p.message);
            let place = self.place_of(&p.path, missing);
            if let (Some(field), Some(place)) = (missing, &place) {
                let header = Sheet::named(&place.sheet)
                    .and_then(|s| s.columns.iter().find(|c| c.field.last() == Some(&field)));
                if let Some(c) = header {
                    if self
                        .missing_columns
                        .contains(&(sheet_static(&place.sheet), c.header))
                    {
                        continue;
                    }
                }
            }
            if let Some(place) = &place {
                let said = match place.cell {
                    Some(_) => taken.contains(&(place.sheet.clone(), place.cell)),
                    None => lacking.contains(&place.sheet),
                };
                if said {
                    continue;
                }
            }
            let message = self.cells_for_paths(&p.message);
            self.problems.push(SheetProblem { place, message });
        }
        self.problems.sort_by_key(|p| match &p.place {
            None => (0, 0, 0, 0),
            Some(place) => {
                let sheet = Sheet::named(&place.sheet).map_or(SHEETS.len(), |s| s.index());
                let (row, col) = place.cell.unwrap_or((0, 0));
                (1 + sheet, usize::from(place.cell.is_some()), row, col)
            }
        });
        Err(self.problems)
    }

    /// Where the value at a JSON path was read from: the path itself, else
    /// the nearest enclosing value that was (a list's cell for one of its
    /// items, a row for a field of it).
    fn place_of(&self, path: &str, missing: Option<&str>) -> Option<Place> {
        if let Some(field) = missing {
            let full = if path.is_empty() {
                field.to_string()
            } else {
                format!("{path}.{field}")
            };
            if let Some(place) = self.places.get(&full) {
                return Some(place.clone());
            }
        }
        let mut p = path;
        loop {
            if let Some(place) = self.places.get(p) {
                return Some(place.clone());
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// A message that names another element by its JSON path (`first used
    /// at themes[0]`) names its cell instead.
    fn cells_for_paths(&self, message: &str) -> String {
        const AT: &str = "first used at ";
        let Some(start) = message.find(AT).map(|i| i + AT.len()) else {
            return message.to_string();
        };
        let end = message[start..]
            .find(')')
            .map_or(message.len(), |i| start + i);
        let path = &message[start..end];
        match self.places.get(path) {
            Some(Place {
                sheet,
                cell: Some((row, col)),
                ..
            }) => format!(
                "{}{sheet}!{}{}",
                &message[..start],
                cell_name(*row, *col),
                &message[end..]
            ),
            _ => message.to_string(),
        }
    }
}

fn sheet_static(name: &str) -> &'static str {
    Sheet::named(name).map_or("", |s| s.name)
}

/// serde's "missing field `title`": the field's name.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// Sets `value` at `field` (a path of keys) inside `object`.
fn put(object: &mut Map<String, Value>, field: &[&str], value: Value) {
    match field {
        [] => {}
        [last] => {
            object.insert((*last).to_string(), value);
        }
        [first, rest @ ..] => {
            let inner = object
                .entry(*first)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                put(inner, rest, value);
            }
        }
    }
}
