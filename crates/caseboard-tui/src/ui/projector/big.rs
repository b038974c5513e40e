//! Big text: the sizes it is drawn in and how much of a text fits.
//!
//! Every big element is four rows high, the height that reads from the back
//! of a room (about 10 m on an ordinary 1.25 m image). Of the sizes the big
//! font offers, only the two drawn with the block elements U+2580–U+259F
//! are used: every common monospace font (DejaVu Sans Mono among them) has
//! those. The 3- and 2-row sizes need the "legacy computing" characters of
//! Unicode 13 and 16, which most projector laptops' fonts lack and would
//! show as boxes; and they are no narrower, so they would fit no more text.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};

/// Rows of every big element.
pub const BIG_ROWS: u16 = 4;

/// The sizes big text is drawn in, biggest first, with the columns one
/// character takes: half-height pixels are square (8 columns a character),
/// quadrant pixels half as wide (4 columns).
pub const BIG_SIZES: [(PixelSize, u16); 2] = [(PixelSize::HalfHeight, 8), (PixelSize::Quadrant, 4)];

/// Text set in big type: the characters, the size, and the columns taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Big {
    pub text: String,
    pub size: PixelSize,
    pub width: u16,
}

impl Big {
    /// `text` in the biggest size that fits in `width` columns; `None` if
    /// even the smallest is too wide or the font lacks a character.
    pub fn fit(text: &str, width: u16) -> Option<Big> {
        BIG_SIZES
            .iter()
            .find_map(|&(size, _)| Big::in_size(text, size, width))
    }

    /// `text` in the given size, if it fits in `width`.
    pub fn in_size(text: &str, size: PixelSize, width: u16) -> Option<Big> {
        let cols = columns(size);
        let glyphs = super::big_glyphs(text)?;
        let n = glyphs.chars().count() as u16;
        (n.saturating_mul(cols) <= width).then(|| Big {
            width: n * cols,
            text: glyphs,
            size,
        })
    }

    /// Draws the text at the top left of `area`, clipped to it.
    pub fn draw(&self, frame: &mut Frame, area: Rect, style: Style) {
        let area = Rect::new(
            area.x,
            area.y,
            self.width.min(area.width),
            BIG_ROWS.min(area.height),
        );
        if area.is_empty() {
            return;
        }
        frame.render_widget(
            BigText::builder()
                .pixel_size(self.size)
                .style(style)
                .lines(vec![Line::from(self.text.clone())])
                .build(),
            area,
        );
    }
}

/// Columns a character takes in `size`.
pub fn columns(size: PixelSize) -> u16 {
    BIG_SIZES
        .iter()
        .find(|(s, _)| *s == size)
        .map_or(4, |(_, cols)| *cols)
}

/// As many whole words of `text` as fit in `width` columns in `size`, and
/// the words left over. Nothing big when not even the first word fits.
pub fn leading_words(text: &str, size: PixelSize, width: u16) -> (Option<Big>, String) {
    let cols = usize::from(columns(size));
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let mut taken = 0;
    let mut chars = 0;
    for word in &words {
        let next = chars + usize::from(taken > 0) + word.chars().count();
        if next * cols > usize::from(width) || super::big_glyphs(word).is_none() {
            break;
        }
        chars = next;
        taken += 1;
    }
    if taken == 0 {
        return (None, words.join(" "));
    }
    let big = Big::in_size(&words[..taken].join(" "), size, width);
    (big, words[taken..].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_biggest_size_that_fits_is_chosen() {
        let big = Big::fit("P25", 24).unwrap();
        assert_eq!((big.size, big.width), (PixelSize::HalfHeight, 24));
        let big = Big::fit("P25", 23).unwrap();
        assert_eq!((big.size, big.width), (PixelSize::Quadrant, 12));
        assert_eq!(Big::fit("P25", 11), None);
        let big = Big::in_size("P25", PixelSize::Quadrant, 100).unwrap();
        assert_eq!((big.size, big.width), (PixelSize::Quadrant, 12));
        assert_eq!(Big::in_size("P25", PixelSize::HalfHeight, 23), None);
    }

    #[test]
    fn only_whole_words_are_set_big() {
        let (big, rest) = leading_words("Reduce alcohol-related harm", PixelSize::Quadrant, 44);
        assert_eq!(big.unwrap().text, "Reduce");
        assert_eq!(rest, "alcohol-related harm");
        let (big, rest) = leading_words("Reduce alcohol-related harm", PixelSize::Quadrant, 23);
        assert_eq!(big, None);
        assert_eq!(rest, "Reduce alcohol-related harm");
    }
}
