//! The item's evidence: the headline figures, with the trend and the
//! breakdown laid out beside or below them.

use super::big::{Big, BIG_ROWS, BIG_SIZES};
use super::breakdown::render_breakdown;
use super::trend::{render_trend, MIN_CHART};
use super::{fit_line, Grants, Item, Needs, TEXT_BUDGET};
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::pack::{Indicator, PeriodValue, Polarity, Quality};
use caseboard_core::text::{display_line_cut, fit_words};
use caseboard_core::vocabulary::TARGET_TO_BE_SET;
use caseboard_core::Status;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub(super) fn unit_suffix(ind: &Indicator) -> String {
    match ind.unit.as_deref() {
        Some("%") => "%".to_string(),
        _ => String::new(),
    }
}

/// One key figure: what it is, for which period, and the value.
pub(super) struct Figure {
    label: &'static str,
    period: String,
    value: String,
    numeric: bool,
    style: Style,
}

pub(super) fn figures(ind: &Indicator, status: &Status, theme: &Theme) -> Vec<Figure> {
    let unit = unit_suffix(ind);
    let figure = |label: &'static str, pv: Option<&PeriodValue>, style: Style| match pv {
        Some(pv) => Figure {
            label,
            period: display_line_cut(&pv.period, 16),
            value: format!("{}{unit}", fmt_value(pv.value)),
            numeric: true,
            style,
        },
        None => Figure {
            label,
            period: String::new(),
            value: "none".to_string(),
            numeric: false,
            style: theme.text,
        },
    };
    let mut out = vec![
        figure("Latest", ind.latest(), theme.heading),
        figure("Baseline", ind.baseline.as_ref(), theme.heading),
        figure("Proposed", ind.proposed_target.as_ref(), theme.heading),
    ];
    if let Status::Accepted { target } = status {
        out.push(match target {
            Some(t) => figure("Agreed ✓", Some(t), theme.accepted),
            None => Figure {
                label: "Agreed",
                period: String::new(),
                value: TARGET_TO_BE_SET.to_string(),
                numeric: false,
                style: theme.warning,
            },
        });
    }
    out
}

/// The polarity in words, longest first: the caller takes what fits.
pub(super) fn polarity_words(ind: &Indicator) -> [&'static str; 3] {
    match ind.polarity {
        Some(Polarity::HigherIsBetter) => ["↑ higher is better", "↑ is better", "↑"],
        Some(Polarity::LowerIsBetter) => ["↓ lower is better", "↓ is better", "↓"],
        None => ["", "", ""],
    }
}

/// Draws `lines` at the top of what is left of `area`, and takes them off it.
pub(super) fn put(frame: &mut Frame, area: &mut Rect, lines: Vec<Line>) {
    let height = (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, area.width, height),
    );
    area.y += height;
    area.height -= height;
}

/// The indicator the figures measure, on one line, and the figures as
/// cards: label and period in ordinary text, the value large. Returns the
/// rows used; with fewer rows than the cards need, an aligned table.
pub(super) fn render_figures(frame: &mut Frame, area: Rect, theme: &Theme, item: &Item) -> u16 {
    if area.height == 0 {
        return 0;
    }
    let width = area.width as usize;
    let Some(ind) = item.indicator else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No indicator in the pack for this priority.",
                theme.text,
            )),
            Rect::new(area.x, area.y, area.width, 1),
        );
        return 1;
    };
    let mut rest = area;
    let code = display_line_cut(&ind.code, 32);
    let mut title = display_line_cut(&ind.title, TEXT_BUDGET);
    if let Some(u) = ind.unit.as_deref().filter(|u| *u != "%") {
        title = format!("{title} · {}", display_line_cut(u, TEXT_BUDGET));
    }
    put(
        frame,
        &mut rest,
        vec![Line::from(vec![
            Span::styled(format!("{code} "), theme.key),
            Span::styled(
                fit_words(&title, width.saturating_sub(code.width() + 1)),
                theme.heading,
            ),
        ])],
    );
    let figs = figures(ind, &item.state.status, theme);
    if rest.height < 1 + BIG_ROWS {
        let table = figure_table(&figs, &polarity_words(ind), theme, width);
        let rows = (table.len() as u16).min(rest.height);
        put(frame, &mut rest, table);
        return 1 + rows;
    }
    let card_width = area.width / figs.len().max(1) as u16;
    render_cards(
        frame,
        Rect::new(rest.x, rest.y, rest.width, 1 + BIG_ROWS),
        theme,
        &figs,
        card_width,
    );
    2 + BIG_ROWS
}

/// Rows the evidence below the figures would take in `width` columns.
pub(super) fn needs(item: &Item, width: u16) -> Needs {
    let Some(ind) = item.indicator else {
        return Needs::default();
    };
    let agreed = agreed(item);
    let chart = width >= 20 && caseboard_core::period_axis::PeriodAxis::of(ind, agreed).is_some();
    Needs {
        // A blank row above the chart and above the breakdown.
        trend: if chart { 1 + MIN_CHART } else { 0 },
        quality: 1,
        comparators: u16::from(!comparators(ind, width as usize).is_empty()),
        breakdown: if ind.breakdown.is_empty() {
            0
        } else {
            2 + ind.breakdown.len().min(usize::from(u16::MAX - 2)) as u16
        },
        ..Needs::default()
    }
}

fn agreed<'a>(item: &Item<'a>) -> Option<&'a PeriodValue> {
    item.state.status.agreed_target()
}

/// As many whole comparators as fit in `width` columns beside their label.
fn comparators(ind: &Indicator, width: usize) -> String {
    let unit = unit_suffix(ind);
    let room = width.saturating_sub(10);
    let mut text = String::new();
    for (name, v) in &ind.comparators {
        let next = format!("{} {}{unit}", display_line_cut(name, 40), fmt_value(*v));
        let joined = if text.is_empty() {
            next
        } else {
            format!("{text} · {next}")
        };
        if joined.width() > room {
            break;
        }
        text = joined;
    }
    text
}

/// The evidence under the figures, as far as `grants` go: quality and
/// polarity, comparators, the trend and the breakdown by area.
pub(super) fn render_evidence(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    item: &Item,
    grants: &Grants,
) {
    let Some(ind) = item.indicator else {
        return;
    };
    let width = area.width as usize;
    let mut rest = area;
    let mut lines = Vec::new();
    if grants.quality {
        let (quality, quality_style) = match ind.quality {
            Some(Quality::Weak) => ("weak ⚑", theme.warning),
            Some(q) => (q.as_str(), theme.text),
            None => ("not stated", theme.text),
        };
        let mut spans = vec![
            Span::styled(format!("{:<10}", "Quality"), theme.text),
            Span::styled(quality, quality_style),
        ];
        let polarity = polarity_words(ind);
        let used = 10 + quality.width() + 4;
        if let Some(words) = polarity
            .iter()
            .find(|w| !w.is_empty() && used + w.width() <= width)
        {
            spans.push(Span::styled(format!("    {words}"), theme.text));
        }
        lines.push(fit_line(spans, width));
    }
    if grants.comparators {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<10}", "Compare"), theme.text),
            Span::styled(comparators(ind, width), theme.text),
        ]));
    }
    put(frame, &mut rest, lines);
    if grants.trend > 1 {
        let rows = grants.trend.min(rest.height);
        let chart = Rect::new(rest.x, rest.y + 1, rest.width, rows.saturating_sub(1));
        render_trend(frame, chart, theme, ind, agreed(item));
        rest.y += rows;
        rest.height -= rows;
    }
    if grants.breakdown > 1 {
        let rows = grants.breakdown.min(rest.height);
        let bars = Rect::new(rest.x, rest.y + 1, rest.width, rows.saturating_sub(1));
        render_breakdown(frame, bars, theme, ind);
    }
}

/// The figures as cards: label and period above, the value large, all in
/// the biggest size in which every value fits its card.
pub(super) fn render_cards(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    figs: &[Figure],
    card_width: u16,
) {
    // A column between cards: the big glyphs carry their own spacing.
    let room = card_width.saturating_sub(1);
    // The sizes from the biggest in which every value fits: no card's value
    // is drawn bigger than another's.
    let largest = BIG_SIZES
        .iter()
        .position(|&(size, _)| {
            figs.iter()
                .filter(|f| f.numeric)
                .all(|f| Big::in_size(&f.value, size, room).is_some())
        })
        .unwrap_or(BIG_SIZES.len() - 1);
    let sizes = &BIG_SIZES[largest..];
    for (i, f) in figs.iter().enumerate() {
        let x = area.x + i as u16 * card_width;
        let card = Rect::new(x, area.y, room, area.height).intersection(area);
        let mut label = vec![Span::styled(f.label, theme.text)];
        let period = format!(" {}", f.period);
        if !f.period.is_empty() && f.label.width() + period.width() <= card.width as usize {
            label.push(Span::styled(period, theme.text));
        }
        frame.render_widget(
            Paragraph::new(fit_line(label, card.width as usize)),
            Rect::new(card.x, card.y, card.width, 1),
        );
        let value_area = Rect::new(
            card.x,
            card.y + 1,
            card.width,
            card.height.saturating_sub(1),
        );
        let big = sizes
            .iter()
            .find_map(|&(size, _)| Big::in_size(&f.value, size, card.width));
        match big.filter(|_| f.numeric) {
            Some(big) => big.draw(frame, value_area, f.style),
            None => frame.render_widget(
                Paragraph::new(Line::styled(
                    fit_words(&f.value, card.width as usize),
                    f.style,
                )),
                Rect::new(value_area.x, value_area.y + 1, value_area.width, 1),
            ),
        }
    }
}

/// The figures as an aligned table: label, value, period, and the polarity
/// beside the proposed target when there is room for it.
pub(super) fn figure_table(
    figs: &[Figure],
    polarity: &[&'static str; 3],
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let value_width = figs
        .iter()
        .filter(|f| f.numeric)
        .map(|f| f.value.width())
        .max()
        .unwrap_or(4);
    let period_width = figs.iter().map(|f| f.period.width()).max().unwrap_or(0);
    figs.iter()
        .map(|f| {
            let mut spans = vec![Span::styled(format!("{:<10}", f.label), theme.text)];
            if !f.numeric {
                spans.push(Span::styled(f.value.clone(), f.style));
                return fit_line(spans, width);
            }
            spans.push(Span::styled(format!("{:>value_width$}", f.value), f.style));
            spans.push(Span::styled(
                format!("  {:<period_width$}", f.period),
                theme.text,
            ));
            if f.label == "Proposed" {
                let used = 10 + value_width + 2 + period_width + 2;
                if let Some(words) = polarity
                    .iter()
                    .find(|w| !w.is_empty() && used + w.width() <= width)
                {
                    spans.push(Span::styled(format!("  {words}"), theme.text));
                }
            }
            fit_line(spans, width)
        })
        .collect()
}
