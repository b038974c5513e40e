//! The decision banner across the full width.

use super::figures::unit_suffix;
use super::Item;
use crate::ui::board::status_style;
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::text::display_line_cut;
use caseboard_core::text::fit;
use caseboard_core::vocabulary::{KEPT_AS_LOCAL, TARGET_TO_BE_SET};
use caseboard_core::Status;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The decision, as a word and a symbol, across the full width.
pub(super) fn render_banner(frame: &mut Frame, area: Rect, theme: &Theme, item: &Item) {
    let big = item.big;
    let status = &item.state.status;
    if !status.is_decided() {
        return;
    }
    // The same symbols as the board's status column.
    let (symbol, word) = (status.symbol(), status.banner());
    let unit = item.indicator.map(unit_suffix).unwrap_or_default();
    let detail = match status {
        Status::Accepted { target: Some(t) } => format!(
            "agreed target {}{unit} by {}",
            fmt_value(t.value),
            display_line_cut(&t.period, 32)
        ),
        Status::Accepted { target: None } => TARGET_TO_BE_SET.to_string(),
        Status::KeptLocal => format!("not designated · {KEPT_AS_LOCAL}"),
        Status::Rejected => "not designated".to_string(),
        Status::Deferred => "to come back later".to_string(),
        Status::Undecided => String::new(),
    };
    let style = status_style(status, theme).add_modifier(Modifier::BOLD);
    let text = format!(" {symbol} {word} · {detail} ");
    if big {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_type(BorderType::Thick)
            .border_style(style);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, inner.width as usize), style)).centered(),
            inner,
        );
    } else {
        let text = fit(&text, area.width as usize);
        let side = (area.width as usize).saturating_sub(text.width());
        let left = side / 2;
        let line = Line::from(vec![
            Span::styled("━".repeat(left), style),
            Span::styled(text, style),
            Span::styled("━".repeat(side - left), style),
        ]);
        frame.render_widget(Paragraph::new(line), area);
    }
}
