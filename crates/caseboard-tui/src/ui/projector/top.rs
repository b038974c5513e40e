//! The top of an item: its id, title, what it is, and its timer.

use super::{big_glyphs, fit_words, wrap, Item, GLYPH_ROWS, TEXT_BUDGET};
use crate::app::App;
use crate::ui::Theme;
use caseboard_core::clock::{minutes_clock, short_clock, timebox};
use caseboard_core::text::display_line_cut;
use caseboard_core::Board;
use chrono::Duration;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

/// Id, title, what the item is, and the timer.
pub(super) fn render_top(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, item: &Item) {
    let Item { big, big_id, .. } = *item;
    let id = display_line_cut(&item.priority.id, 64);
    let title = display_line_cut(&item.priority.title, TEXT_BUDGET);
    let timer = item_timer(app, item);
    let meta = meta_text(&app.board, item);

    // The id in big text if it is short enough to leave room for the title.
    let id_glyphs = big_id.then(|| big_glyphs(&id)).flatten();
    let id_big = id_glyphs.and_then(|g| {
        let n = g.chars().count() as u16;
        if n * 8 <= area.width / 3 {
            Some((g, PixelSize::HalfHeight, n * 8))
        } else if n * 4 <= area.width / 3 {
            Some((g, PixelSize::Quadrant, n * 4))
        } else {
            None
        }
    });

    let Some((glyphs, pixels, id_width)) = id_big else {
        // Plain: three lines of bold text.
        let width = area.width as usize;
        let lines = vec![
            Line::from(vec![
                Span::styled(format!("{id} "), theme.key),
                Span::styled(
                    fit_words(&title, width.saturating_sub(id.width() + 1)),
                    theme.heading,
                ),
            ]),
            Line::styled(fit_words(&meta, width), theme.text),
            timer.line(theme),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };

    let glyph_area = Rect::new(area.x, area.y, id_width, GLYPH_ROWS.min(area.height));
    frame.render_widget(
        BigText::builder()
            .pixel_size(pixels)
            .style(theme.key)
            .lines(vec![Line::from(glyphs)])
            .build(),
        glyph_area,
    );
    let text_x = area.x + id_width + 3;
    let text_width = area.right().saturating_sub(text_x);

    if big {
        // Title in big text when it fits on one line, the timer big on the right.
        let clock = timer.clock();
        let clock_width = clock.chars().count() as u16 * 4;
        let title_room = text_width.saturating_sub(clock_width + 3);
        let [upper, lower] =
            Layout::vertical([Constraint::Length(GLYPH_ROWS), Constraint::Length(1)])
                .areas(Rect::new(text_x, area.y, text_width, area.height));
        let clock_area = Rect::new(
            upper.right().saturating_sub(clock_width),
            upper.y,
            clock_width.min(upper.width),
            upper.height,
        );
        frame.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .style(timer.style(theme))
                .lines(vec![Line::from(clock)])
                .build(),
            clock_area,
        );
        let title_area = Rect::new(upper.x, upper.y, title_room, upper.height);
        match big_glyphs(&title).filter(|g| g.chars().count() as u16 * 4 <= title_room) {
            Some(g) => frame.render_widget(
                BigText::builder()
                    .pixel_size(PixelSize::Quadrant)
                    .style(theme.heading)
                    .lines(vec![Line::from(g)])
                    .build(),
                title_area,
            ),
            None => {
                let lines = wrap(&title, title_room as usize, GLYPH_ROWS as usize);
                let pad = GLYPH_ROWS.saturating_sub(lines.len() as u16) / 2;
                let lines: Vec<Line> = lines
                    .into_iter()
                    .map(|l| Line::styled(l, theme.heading))
                    .collect();
                frame.render_widget(
                    Paragraph::new(lines),
                    Rect::new(
                        title_area.x,
                        title_area.y + pad,
                        title_area.width,
                        title_area.height - pad,
                    ),
                );
            }
        }
        // Under the title: what the item is; under the clock: against what.
        let detail = timer.detail_line(theme);
        let detail_width = detail.width() as u16;
        let [meta_area, detail_area] = Layout::horizontal([
            Constraint::Min(0),
            Constraint::Length(detail_width.min(lower.width)),
        ])
        .spacing(2)
        .areas(lower);
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit_words(&meta, meta_area.width as usize),
                theme.text,
            )),
            meta_area,
        );
        frame.render_widget(Paragraph::new(detail).right_aligned(), detail_area);
        return;
    }

    // Big id, text beside it: title (up to two lines), what it is, the timer.
    let width = text_width as usize;
    let title_lines = wrap(
        &title,
        width,
        (area.height as usize).saturating_sub(2).max(1),
    );
    let mut lines: Vec<Line> = title_lines
        .into_iter()
        .map(|l| Line::styled(l, theme.heading))
        .collect();
    lines.push(Line::styled(fit_words(&meta, width), theme.text));
    lines.push(timer.line(theme));
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(text_x, area.y, text_width, area.height),
    );
}

/// `Item 25 of 56 · designated · Lead: …`
pub(super) fn meta_text(board: &Board, item: &Item) -> String {
    let mut parts = vec![
        format!("Item {} of {}", item.index + 1, item.total),
        match item.state.kind {
            caseboard_core::pack::PriorityKind::Designated => "designated".to_string(),
            caseboard_core::pack::PriorityKind::Statutory => "statutory target".to_string(),
        },
    ];
    if let Some(lead) = &item.priority.lead {
        parts.push(format!("Lead: {}", display_line_cut(lead, 120)));
    } else if let Some(by) = &item.priority.proposed_by {
        let name = board.name_of(by);
        parts.push(format!("Proposed by {}", display_line_cut(name, 120)));
    }
    parts.join(" · ")
}

/// The item's time against its timebox.
pub(super) struct ItemTimer {
    /// Whole seconds spent so far.
    elapsed: Duration,
    timebox: Option<Duration>,
    over: Option<Duration>,
    running: bool,
}

impl ItemTimer {
    /// `17:10` — the elapsed time, minutes and seconds.
    fn clock(&self) -> String {
        minutes_clock(self.elapsed)
    }

    fn style(&self, theme: &Theme) -> Style {
        if self.over.is_some() {
            theme.warning
        } else {
            theme.heading
        }
    }

    /// `of 15:00 · +2:10 over · running`
    fn detail_spans(&self, theme: &Theme) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        if let Some(t) = self.timebox {
            spans.push(Span::styled(
                format!("of {} · ", short_clock(t)),
                theme.text,
            ));
            match self.over {
                Some(over) => spans.push(Span::styled(
                    format!("+{} over", short_clock(over)),
                    theme.warning.add_modifier(Modifier::BOLD),
                )),
                None => spans.push(Span::styled(
                    format!("{} left", short_clock(t - self.elapsed)),
                    theme.text,
                )),
            }
        } else {
            spans.push(Span::styled("no timebox", theme.text));
        }
        spans.push(Span::styled(
            if self.running {
                " · running"
            } else {
                " · paused"
            },
            theme.text,
        ));
        spans
    }

    fn detail_line(&self, theme: &Theme) -> Line<'static> {
        Line::from(self.detail_spans(theme))
    }

    /// `Time 17:10 of 15:00 · +2:10 over · running`
    fn line(&self, theme: &Theme) -> Line<'static> {
        let mut spans = vec![
            Span::styled("Time ", theme.text),
            Span::styled(format!("{} ", self.clock()), self.style(theme)),
        ];
        spans.extend(self.detail_spans(theme));
        Line::from(spans)
    }
}

pub(super) fn item_timer(app: &App, item: &Item) -> ItemTimer {
    let now = app.moment();
    let timer = &item.state.timer;
    let minutes = item.priority.timebox_minutes;
    ItemTimer {
        elapsed: Duration::seconds(timer.elapsed(now).num_seconds().max(0)),
        timebox: minutes.map(timebox),
        over: timer.overrun(now, minutes),
        running: timer.is_running(),
    }
}
