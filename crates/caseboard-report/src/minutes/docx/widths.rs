//! How wide each column of a Word table is: Word and LibreOffice lay a
//! table out from the widths it is given, and give every column the same
//! width when it has none.

use super::{Cell, Piece, TEXT_WIDTH_TWIPS};

/// About how wide a character of the tables' small text is, in twips,
/// and the padding of a cell.
const CHAR_TWIPS: usize = 95;
const CELL_PADDING_TWIPS: usize = 230;

/// A cell's text up to this many characters is kept on one line (ids,
/// figures, dates); a longer one may wrap between words.
const UNBROKEN: usize = 16;

/// Each column's width in twips, measured on the first 200 rows (enough
/// to see a column's kind of text; a long timeline is not read twice).
/// Each column first gets what its cells need not to break (a short text whole, a long one's longest word);
/// what the page has left goes to the columns whose text is longer
/// (counted up to 40 characters), in proportion to how much longer.
pub(super) fn widths(headers: &[impl AsRef<str>], rows: &[Vec<Cell>]) -> Vec<usize> {
    let chars = |s: &str| s.chars().count();
    let longest_word = |s: &str| s.split_whitespace().map(chars).max().unwrap_or(0);
    let mut least: Vec<usize> = headers.iter().map(|h| longest_word(h.as_ref())).collect();
    let mut most = least.clone();
    for row in rows.iter().take(200) {
        for (i, pieces) in row.iter().enumerate() {
            let text: String = pieces.iter().map(Piece::text).collect();
            let n = chars(&text);
            let unbroken = if n <= UNBROKEN {
                n
            } else {
                longest_word(&text)
            };
            if let (Some(l), Some(m)) = (least.get_mut(i), most.get_mut(i)) {
                *l = (*l).max(unbroken.min(40));
                *m = (*m).max(n.min(40));
            }
        }
    }
    let twips = |n: usize| n.max(3) * CHAR_TWIPS + CELL_PADDING_TWIPS;
    let least: Vec<usize> = least.into_iter().map(twips).collect();
    let most: Vec<usize> = most.into_iter().map(twips).collect();
    let needed: usize = least.iter().sum();
    if needed >= TEXT_WIDTH_TWIPS {
        return least
            .iter()
            .map(|w| w * TEXT_WIDTH_TWIPS / needed.max(1))
            .collect();
    }
    let room = TEXT_WIDTH_TWIPS - needed;
    let more: Vec<usize> = most.iter().zip(&least).map(|(m, l)| m - l).collect();
    let wanted: usize = more.iter().sum();
    least
        .iter()
        .zip(&more)
        .map(|(l, extra)| l + extra * room.min(wanted) / wanted.max(1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minutes::docx::plain;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|c| plain(c.to_string())).collect()
    }

    #[test]
    fn short_figures_keep_their_width_and_long_text_shares_the_rest_of_the_page() {
        let long = "a rationale long enough that it has to wrap over several lines of its cell";
        let rows = vec![
            row(&[
                "P01 Reduce teenage conceptions",
                "2010/11: 14.2",
                long,
                long,
            ]),
            row(&["P02 Tackle child poverty", "to be set", "—", long]),
        ];
        let widths = widths(&["priority", "agreed", "rationale", "decided"], &rows);
        // The page's width, but for rounding.
        let total = widths.iter().sum::<usize>();
        assert!(total <= TEXT_WIDTH_TWIPS && total + 4 >= TEXT_WIDTH_TWIPS);
        // The figure is never broken: its column holds all 13 characters.
        assert!(widths[1] >= 13 * CHAR_TWIPS + CELL_PADDING_TWIPS);
        // The two long columns share alike.
        assert_eq!(widths[2], widths[3]);
        assert!(widths[2] > widths[1]);
    }

    #[test]
    fn a_table_of_short_cells_stays_narrow() {
        let rows = vec![
            row(&["baseline", "1998", "44.2"]),
            row(&["actual", "2004", "38.4"]),
        ];
        let widths = widths(&["figure", "period", "value"], &rows);
        assert!(
            widths.iter().sum::<usize>() < TEXT_WIDTH_TWIPS / 2,
            "{widths:?}"
        );
    }

    #[test]
    fn more_than_a_page_of_unbreakable_text_is_scaled_to_the_page() {
        let word = "x".repeat(40);
        let rows = vec![row(&[&word, &word, &word, &word, &word])];
        let widths = widths(&["a", "b", "c", "d", "e"], &rows);
        assert!(widths.iter().sum::<usize>() <= TEXT_WIDTH_TWIPS);
        assert!(widths.iter().all(|w| *w == widths[0]));
    }
}
