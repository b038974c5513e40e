//! The sub-area breakdown as horizontal bars.

use super::figures::unit_suffix;
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::pack::Indicator;
use caseboard_core::text::display_line_cut;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The sub-area breakdown as horizontal bars, one area a row.
pub(super) fn render_breakdown(frame: &mut Frame, area: Rect, theme: &Theme, ind: &Indicator) {
    if area.height < 2 {
        return;
    }
    let unit = unit_suffix(ind);
    let rows = (area.height - 1) as usize;
    let shown = &ind.breakdown[..ind.breakdown.len().min(rows)];
    let heading = if shown.len() < ind.breakdown.len() {
        format!("By area (first {} of {})", shown.len(), ind.breakdown.len())
    } else {
        "By area".to_string()
    };
    let [heading_area, bars_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(heading, theme.heading)),
        heading_area,
    );

    let names: Vec<String> = shown
        .iter()
        .map(|a| display_line_cut(&a.area, 16))
        .collect();
    let values: Vec<String> = shown
        .iter()
        .map(|a| format!("{}{unit}", fmt_value(a.value)))
        .collect();
    let name_width = names.iter().map(|s| s.width()).max().unwrap_or(0);
    let value_width = values.iter().map(|s| s.width()).max().unwrap_or(0);
    let scaled = |v: f64| {
        if v.is_finite() && v > 0.0 {
            (v * 100.0).round().min(1e15) as u64
        } else {
            0
        }
    };
    let bars: Vec<Bar> = shown
        .iter()
        .zip(names.iter().zip(values.iter()))
        .map(|(a, (name, value))| {
            Bar::default()
                .value(scaled(a.value))
                .text_value(String::new())
                .label(Line::from(vec![
                    Span::styled(format!("{name:<name_width$} "), theme.text),
                    Span::styled(format!("{value:>value_width$}"), theme.heading),
                ]))
        })
        .collect();
    let max = shown
        .iter()
        .map(|a| scaled(a.value))
        .max()
        .unwrap_or(1)
        .max(1);
    let n = shown.len() as u16;
    // A row between bars when there is room: easier to read from afar.
    let gap = u16::from(2 * n - 1 <= bars_area.height);
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(gap)
        .max(max)
        .bar_style(theme.key);
    frame.render_widget(chart, bars_area);
}
