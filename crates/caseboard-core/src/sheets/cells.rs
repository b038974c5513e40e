//! One cell read as its column's kind: text, a figure, a whole number, a
//! date, a choice, or a list of references.

use super::{Cell, Column, Kind};
use crate::text::display_line_cut;
use chrono::Timelike;
use serde_json::{Number, Value};

/// Spreadsheets keep a time without a date as a fraction of their day 0,
/// which falls on the last day of 1899.
const EPOCH_END: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(day) => day,
    None => chrono::NaiveDate::MIN,
};

/// A cell's content as text: a whole number without its `.0`, a date as
/// ISO 8601.
pub(super) fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A time on its own (a spreadsheet keeps it as a day before 1900).
        Cell::Date(d) if d.date() < EPOCH_END && d.time().second() == 0 => {
            d.format("%H:%M").to_string()
        }
        Cell::Date(d) if d.date() < EPOCH_END => d.format("%H:%M:%S").to_string(),
        Cell::Date(d) if d.time() == chrono::NaiveTime::MIN => d.format("%Y-%m-%d").to_string(),
        Cell::Date(d) => d.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// What a cell says, as found, for a message: quoted and cut.
fn found(cell: &Cell) -> String {
    match cell {
        Cell::Bool(_) => format!("the logical value {}", text_of(cell)),
        Cell::Date(_) => format!("the date {}", text_of(cell)),
        _ => format!("\"{}\"", display_line_cut(&text_of(cell), 60)),
    }
}

/// One cell read as its column's kind: `Ok(None)` when empty.
pub(super) fn read_cell(cell: &Cell, column: &Column) -> Result<Option<Value>, String> {
    if matches!(cell, Cell::Empty) {
        return Ok(None);
    }
    if let Cell::Text(s) = cell {
        if s.trim().is_empty() && !matches!(column.kind, Kind::Text) {
            return Ok(None);
        }
    }
    let value = match column.kind {
        Kind::Text | Kind::Ref(_) => Value::String(text_of(cell)),
        Kind::Date => match cell {
            Cell::Number(n) => match serial_date(*n) {
                Some(d) => Value::String(d),
                None => {
                    return Err(format!(
                        "expected a date (YYYY-MM-DD), found {}",
                        found(cell)
                    ))
                }
            },
            Cell::Bool(_) => {
                return Err(format!(
                    "expected a date (YYYY-MM-DD), found {}",
                    found(cell)
                ))
            }
            other => Value::String(text_of(other)),
        },
        Kind::Choice(choices) => {
            let text = text_of(cell);
            // "Higher is better" is taken for higher_is_better.
            let word: String = text
                .trim()
                .to_lowercase()
                .chars()
                .map(|c| if c == ' ' || c == '-' { '_' } else { c })
                .collect();
            if choices.values().contains(&word.as_str()) {
                Value::String(word)
            } else {
                Value::String(text)
            }
        }
        Kind::Refs(_) => Value::Array(
            text_of(cell)
                .split([';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        Kind::Number => match number_of(cell) {
            Some(n) => match Number::from_f64(n) {
                Some(n) => Value::Number(n),
                None => return Err(format!("expected a number, found {}", found(cell))),
            },
            None => return Err(format!("expected a number, found {}", found(cell))),
        },
        Kind::Integer { .. } => match number_of(cell) {
            Some(n) if n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n) => {
                Value::Number(Number::from(n as u64))
            }
            _ => {
                return Err(format!(
                    "expected a whole number (0 or more), found {}",
                    found(cell)
                ))
            }
        },
    };
    Ok(Some(value))
}

/// A cell's figure: a number, or text that is one (a CSV file's cells are
/// all text).
fn number_of(cell: &Cell) -> Option<f64> {
    let n = match cell {
        Cell::Number(n) => *n,
        Cell::Text(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A spreadsheet's serial day number (days since 1899-12-30) as a date.
fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_days(chrono::Days::new(serial.trunc() as u64))?;
    Some(day.format("%Y-%m-%d").to_string())
}
