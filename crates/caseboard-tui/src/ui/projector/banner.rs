//! The decision banner across the full width.

use super::big::{Big, BIG_ROWS, BIG_SIZES};
use super::figures::unit_suffix;
use super::Item;
use crate::ui::board::status_style;
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::text::{display_line_cut, fit_words};
use caseboard_core::vocabulary::{KEPT_AS_LOCAL, TARGET_TO_BE_SET};
use caseboard_core::Status;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The decision: a line across the full width with its symbol, word and
/// detail, and under it the word large, with the agreed target large beside
/// it when both fit (`2010/11 = 12.1`). Before a decision, a rule. Returns
/// the rows used.
pub(super) fn render_banner(frame: &mut Frame, area: Rect, theme: &Theme, item: &Item) -> u16 {
    if area.height == 0 {
        return 0;
    }
    let status = &item.state.status;
    if !status.is_decided() {
        frame.render_widget(
            Paragraph::new("─".repeat(area.width as usize)).style(theme.border),
            Rect::new(area.x, area.y, area.width, 1),
        );
        return 1;
    }
    // The same symbols as the board's status column.
    let (symbol, word) = (status.symbol(), status.banner());
    let unit = item.indicator.map(unit_suffix).unwrap_or_default();
    let detail = match status {
        Status::Accepted { .. } => status.agreed_target().map_or_else(
            || TARGET_TO_BE_SET.to_string(),
            |t| {
                format!(
                    "agreed target {}{unit} by {}",
                    fmt_value(t.value),
                    display_line_cut(&t.period, 32)
                )
            },
        ),
        Status::KeptLocal => format!("not designated · {KEPT_AS_LOCAL}"),
        Status::Rejected => "not designated".to_string(),
        Status::Deferred => "to come back later".to_string(),
        Status::Undecided => String::new(),
    };
    let style = status_style(status, theme).add_modifier(Modifier::BOLD);
    let text = fit_words(
        &format!(" {symbol} {word} · {detail} "),
        area.width as usize,
    );
    let side = (area.width as usize).saturating_sub(text.width());
    let left = side / 2;
    let line = Line::from(vec![
        Span::styled("━".repeat(left), style),
        Span::styled(text, style),
        Span::styled("━".repeat(side - left), style),
    ]);
    frame.render_widget(
        Paragraph::new(line),
        Rect::new(area.x, area.y, area.width, 1),
    );
    if area.height < 1 + BIG_ROWS {
        return 1;
    }

    // The word large; the target beside it in the same size if it fits.
    let gap = 4;
    let Some(word_big) = Big::fit(word, area.width) else {
        return 1;
    };
    let target = status.agreed_target().map(|t| {
        format!(
            "{} = {}{unit}",
            display_line_cut(&t.period, 32),
            fmt_value(t.value)
        )
    });
    // Both in the biggest size that fits them together.
    let pair = target.as_deref().and_then(|t| {
        BIG_SIZES.iter().find_map(|&(size, _)| {
            let w = Big::in_size(word, size, area.width)?;
            let t = Big::in_size(t, size, area.width)?;
            (w.width + gap + t.width <= area.width).then_some((w, Some(t)))
        })
    });
    let (word_big, target_big) = pair.unwrap_or((word_big, None));
    let total = word_big.width + target_big.as_ref().map_or(0, |t| gap + t.width);
    let x = area.x + (area.width - total) / 2;
    let y = area.y + 1;
    word_big.draw(frame, Rect::new(x, y, word_big.width, BIG_ROWS), style);
    if let Some(t) = target_big {
        t.draw(
            frame,
            Rect::new(x + word_big.width + gap, y, t.width, BIG_ROWS),
            style,
        );
    }
    1 + BIG_ROWS
}
