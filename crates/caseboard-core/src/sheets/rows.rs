//! A pack laid out as the rows of its workbook, each row's cells in the
//! order of its sheet's columns: what the template's `--from` and a
//! conversion to a workbook or CSV files write.

use super::{Cell, Kind, Layout, Sheet, REFS_SEPARATOR, SHEETS};
use crate::pack::Pack;
use crate::text::display_line_cut;
use serde_json::Value;

/// One sheet's rows (without the header), cells in the order of `sheet.columns`.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRows {
    pub sheet: &'static Sheet,
    pub rows: Vec<Vec<Cell>>,
}

/// Every sheet of the pack's workbook, in [`SHEETS`] order. Refused (with
/// the reason) only when the pack cannot be written losslessly: a
/// reference in a list holding the list's own separator.
pub fn pack_rows(pack: &Pack) -> Result<Vec<SheetRows>, String> {
    let value = serde_json::to_value(pack).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(SHEETS.len());
    for sheet in SHEETS {
        let mut rows = Vec::new();
        match sheet.layout {
            Layout::Single(key) => {
                if let Some(object) = value.get(key) {
                    rows.push(row(sheet, object, None)?);
                }
            }
            Layout::List(key) => {
                for item in list(&value, key) {
                    rows.push(row(sheet, item, None)?);
                }
            }
            Layout::Child { parent, field } | Layout::ChildMap { parent, field } => {
                let Some(Layout::List(parent_key)) = Sheet::named(parent).map(|s| s.layout) else {
                    continue;
                };
                for owner in list(&value, parent_key) {
                    let id = Sheet::named(parent)
                        .and_then(|s| s.id_column().field.first())
                        .and_then(|f| owner.get(*f))
                        .map(cell_text)
                        .unwrap_or_default();
                    match owner.get(field) {
                        Some(Value::Array(items)) => {
                            for item in items {
                                rows.push(row(sheet, item, Some(&id))?);
                            }
                        }
                        Some(Value::Object(map)) => {
                            for (name, figure) in map {
                                rows.push(vec![
                                    Cell::Text(id.clone()),
                                    Cell::Text(name.clone()),
                                    cell(figure, Kind::Number),
                                ]);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        out.push(SheetRows { sheet, rows });
    }
    Ok(out)
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    match value.get(key) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One element's row; `owner` fills a child sheet's first column.
fn row(sheet: &Sheet, object: &Value, owner: Option<&str>) -> Result<Vec<Cell>, String> {
    let mut cells = Vec::with_capacity(sheet.columns.len());
    for column in sheet.columns {
        if column.field.is_empty() {
            cells.push(Cell::Text(owner.unwrap_or_default().to_string()));
            continue;
        }
        let mut v = Some(object);
        for key in column.field {
            v = v.and_then(|v| v.get(*key));
        }
        let Some(v) = v else {
            cells.push(Cell::Empty);
            continue;
        };
        if let (Kind::Refs(_), Value::Array(items)) = (column.kind, v) {
            let ids: Vec<String> = items.iter().map(cell_text).collect();
            if let Some(bad) = ids.iter().find(|id| id.contains([';', ','])) {
                return Err(format!(
                    "\"{}\" holds ';' or ',', which separate the items of a list in a workbook's {} column",
                    display_line_cut(bad, 60),
                    column.header
                ));
            }
            cells.push(if ids.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(ids.join(REFS_SEPARATOR))
            });
            continue;
        }
        cells.push(cell(v, column.kind));
    }
    Ok(cells)
}

/// A JSON value as a cell of a column of `kind`: a date column's ISO date
/// as a date, so a spreadsheet shows and sorts it as one.
fn cell(v: &Value, kind: Kind) -> Cell {
    match v {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
        Value::String(s) if kind == Kind::Date => {
            Cell::iso_day(s).unwrap_or_else(|| Cell::Text(s.clone()))
        }
        Value::String(s) => Cell::Text(s.clone()),
        other => Cell::Text(other.to_string()),
    }
}
