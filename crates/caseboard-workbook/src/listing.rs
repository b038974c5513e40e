//! An export's sheets written as an xlsx workbook for people to read:
//! a frozen heading row with a note on each heading, a filter on every
//! column, widths that fit what the columns hold, figures as numbers and
//! times as the spreadsheet's own dates.

use crate::write::{heading_format, heading_note, text_format, workbook_bytes, write_date};
use caseboard_core::sheets::{Cell, Form, Listing};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Columns are never narrower or wider than this, in characters.
const NARROWEST: f64 = 8.0;
const WIDEST: f64 = 60.0;

/// The workbook's bytes: one sheet per listing, in order.
pub fn xlsx_of_listings(listings: &[Listing]) -> Result<Vec<u8>, String> {
    workbook_bytes(listings, |l| l.name, write_listing)
}

/// A figure's format: thousands separated, and as many decimals as it
/// has (up to six), so 1480 shows as 1,480 and 32.5 as 32.5.
fn number_format(value: f64) -> Format {
    let decimals = (0..6)
        .find(|&d| {
            let scaled = value * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(6) as usize;
    let pattern = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    };
    Format::new().set_num_format(pattern)
}

fn date_format(form: Form) -> Format {
    match form {
        Form::DateTime => Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        _ => Format::new().set_num_format("yyyy-mm-dd"),
    }
}

/// About how many characters wide a cell shows.
fn shown_width(cell: &Cell, form: Form) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(s) => s.chars().count(),
        Cell::Number(n) => format!("{n}").len() + 2,
        Cell::Bool(_) => 5,
        Cell::Date(_) if form == Form::DateTime => 16,
        Cell::Date(_) => 10,
    }
}

fn write_listing(ws: &mut Worksheet, listing: &Listing) -> Result<(), XlsxError> {
    ws.set_name(listing.name)?;
    let heading = heading_format();
    let text = text_format();
    for (j, h) in listing.headings.iter().enumerate() {
        let c = j as u16;
        ws.write_string_with_format(0, c, h.title, &heading)?;
        heading_note(ws, c, h.meaning)?;
        // Room for the heading and its filter button, and for the widest cell.
        let widest = listing
            .rows
            .iter()
            .filter_map(|row| row.get(j))
            .map(|cell| shown_width(cell, h.form))
            .max()
            .unwrap_or(0)
            .max(h.title.chars().count() + 3);
        ws.set_column_width(c, (widest as f64 + 1.0).clamp(NARROWEST, WIDEST))?;
    }
    for (i, row) in listing.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (j, (h, cell)) in listing.headings.iter().zip(row).enumerate() {
            let c = j as u16;
            match cell {
                Cell::Empty => {}
                // Written as a string, whatever it starts with: text is never a formula.
                Cell::Text(s) => {
                    ws.write_string_with_format(r, c, s, &text)?;
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(r, c, *n, &number_format(*n))?;
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                Cell::Date(d) => {
                    write_date(ws, (r, c), d, &date_format(h.form), "%Y-%m-%d %H:%M")?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_column = listing.headings.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, listing.rows.len() as u32, last_column)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::number_format;
    use rust_xlsxwriter::Format;

    #[test]
    fn a_figure_shows_the_decimals_it_has() {
        let shown = |v: f64| number_format(v);
        assert_eq!(shown(1480.0), Format::new().set_num_format("#,##0"));
        assert_eq!(shown(32.5), Format::new().set_num_format("#,##0.0"));
        assert_eq!(shown(-0.25), Format::new().set_num_format("#,##0.00"));
        assert_eq!(
            shown(1.0 / 3.0),
            Format::new().set_num_format("#,##0.000000")
        );
    }
}
