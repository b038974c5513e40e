//! The item's evidence: the headline figures, with the trend and the
//! breakdown laid out beside or below them.

use super::breakdown::render_breakdown;
use super::trend::{render_trend, MIN_CHART};
use super::{big_glyphs, fit_line, fit_words, wrap, Item, TEXT_BUDGET};
use crate::ui::Theme;
use caseboard_core::event::fmt_value;
use caseboard_core::pack::{Indicator, PeriodValue, Polarity, Quality};
use caseboard_core::text::display_line_cut;
use caseboard_core::vocabulary::TARGET_TO_BE_SET;
use caseboard_core::Status;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};
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

pub(super) fn render_evidence(frame: &mut Frame, area: Rect, theme: &Theme, item: &Item) {
    let big = item.big;
    let width = area.width as usize;
    let Some(ind) = item.indicator else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No indicator in the pack for this priority.",
                theme.text,
            )),
            area,
        );
        return;
    };
    let mut rest = area;

    // The indicator: code, title, unit.
    let code = display_line_cut(&ind.code, 32);
    let title = display_line_cut(&ind.title, TEXT_BUDGET);
    let mut head = Vec::new();
    for (i, l) in wrap(&title, width.saturating_sub(code.width() + 1), 2)
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 {
            Span::styled(format!("{code} "), theme.key)
        } else {
            Span::raw(" ".repeat(code.width() + 1))
        };
        head.push(Line::from(vec![lead, Span::styled(l, theme.heading)]));
    }
    if let Some(u) = ind.unit.as_deref().filter(|u| *u != "%") {
        head.push(Line::styled(
            fit_words(&display_line_cut(u, TEXT_BUDGET), width),
            theme.text,
        ));
    }
    put(frame, &mut rest, head);

    // The figures: big cards when they fit, else an aligned table.
    let figs = figures(ind, &item.state.status, theme);
    let card_width = area.width / figs.len() as u16;
    let cards = big
        && card_width >= 14
        && rest.height >= 6 + MIN_CHART
        && figs.iter().all(|f| {
            !f.numeric
                || big_glyphs(&f.value)
                    .is_some_and(|g| g.chars().count() as u16 * 4 + 2 <= card_width)
        });
    let polarity = polarity_words(ind);
    let (quality, quality_style) = match ind.quality {
        Some(Quality::Weak) => ("weak ⚑", theme.warning),
        Some(q) => (q.as_str(), theme.text),
        None => ("not stated", theme.text),
    };
    let mut after = Vec::new();
    if cards {
        let row = Rect::new(rest.x, rest.y, rest.width, 5);
        render_cards(frame, row, theme, &figs, card_width);
        rest.y += 5;
        rest.height -= 5;
        let mut spans = vec![
            Span::styled(format!("{:<10}", "Quality"), theme.text),
            Span::styled(quality, quality_style),
        ];
        if !polarity[0].is_empty() {
            spans.push(Span::styled(format!("    {}", polarity[0]), theme.text));
        }
        after.push(fit_line(spans, width));
    } else {
        after.extend(figure_table(&figs, &polarity, theme, width));
        after.push(Line::from(vec![
            Span::styled(format!("{:<10}", "Quality"), theme.text),
            Span::styled(quality, quality_style),
        ]));
    }
    // Comparators, as many whole ones as fit, if a chart still fits below.
    if !ind.comparators.is_empty() && rest.height >= after.len() as u16 + 2 + MIN_CHART {
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
        if !text.is_empty() {
            after.push(Line::from(vec![
                Span::styled(format!("{:<10}", "Compare"), theme.text),
                Span::styled(text, theme.text),
            ]));
        }
    }
    put(frame, &mut rest, after);

    // The trend and the breakdown below, after a blank line.
    if rest.height < 4 {
        return;
    }
    let charts = Rect::new(rest.x, rest.y + 1, rest.width, rest.height - 1);
    // A chart whenever two figures can be placed: a single year's figure
    // still stands between its baseline and its target.
    let has_trend = crate::ui::period_axis::PeriodAxis::of(ind, None).is_some();
    let areas = ind.breakdown.len() as u16;
    let spaced = 2 * areas; // heading, bars one row apart
    let packed = areas + 1;
    let stacked = |bars: u16| {
        let [trend, _, bars_area] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(bars),
        ])
        .areas(charts);
        (trend, bars_area)
    };
    let (trend, bars) = match (has_trend, areas > 0) {
        (true, true) if charts.height >= 14 + 1 + spaced => {
            let (t, b) = stacked(spaced);
            (Some(t), Some(b))
        }
        (true, true) if charts.height >= MIN_CHART + 1 + packed => {
            let (t, b) = stacked(packed);
            (Some(t), Some(b))
        }
        (true, true) if charts.width >= 90 && charts.height >= MIN_CHART => {
            let [t, _, b] = Layout::horizontal([
                Constraint::Percentage(58),
                Constraint::Length(3),
                Constraint::Fill(1),
            ])
            .areas(charts);
            (Some(t), Some(b))
        }
        (true, _) if charts.height >= MIN_CHART => (Some(charts), None),
        (_, true) if charts.height >= 3 => (None, Some(charts)),
        _ => (None, None),
    };
    if let Some(t) = trend {
        let agreed = match &item.state.status {
            Status::Accepted { target } => target.as_ref(),
            _ => None,
        };
        render_trend(frame, t, theme, ind, agreed);
    }
    if let Some(b) = bars {
        render_breakdown(frame, b, theme, ind);
    }
}

/// The figures as cards: label and period above, the value in big text.
pub(super) fn render_cards(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    figs: &[Figure],
    card_width: u16,
) {
    for (i, f) in figs.iter().enumerate() {
        let x = area.x + i as u16 * card_width;
        let card =
            Rect::new(x, area.y, card_width.saturating_sub(2), area.height).intersection(area);
        let mut label = vec![Span::styled(f.label, theme.text)];
        if !f.period.is_empty() {
            label.push(Span::styled(format!(" {}", f.period), theme.text));
        }
        frame.render_widget(
            Paragraph::new(fit_line(label, card.width as usize)),
            Rect::new(card.x, card.y, card.width, 1),
        );
        let value_area = Rect::new(card.x, card.y + 1, card.width, card.height - 1);
        match big_glyphs(&f.value).filter(|_| f.numeric) {
            Some(g) => frame.render_widget(
                BigText::builder()
                    .pixel_size(PixelSize::Quadrant)
                    .style(f.style)
                    .lines(vec![Line::from(g)])
                    .build(),
                value_area,
            ),
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
