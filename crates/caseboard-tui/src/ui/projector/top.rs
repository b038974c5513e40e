//! The top of an item: its id, title, what it is, and its timer.

use super::big::{self, Big, BIG_ROWS};
use super::{Item, TEXT_BUDGET};
use crate::app::App;
use crate::ui::Theme;
use caseboard_core::clock::{minutes_clock, short_clock, timebox};
use caseboard_core::text::{display_line_cut, fit_words};
use caseboard_core::Board;
use chrono::Duration;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_big_text::PixelSize;
use unicode_width::UnicodeWidthStr;

/// Id, title and timer, large: the id on the left, the timer (and its
/// overrun when it fits) on the right, and between them as many whole words
/// of the title as fit, on up to `title_lines` big lines. Under them, one
/// line of ordinary text: the rest of the title (or, when the title is
/// whole, what the item is) and the time against the timebox. Returns the
/// rows used.
pub(super) fn render_top(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    item: &Item,
    title_lines: u16,
) -> u16 {
    let id = display_line_cut(&item.priority.id, 64);
    let title = display_line_cut(&item.priority.title, TEXT_BUDGET);
    let timer = item_timer(app, item);
    let meta = meta_text(&app.board, item);
    let width = area.width;

    // The id and the clock take at most 3/10 and 1/4 of the width each,
    // leaving the title at least the rest. An id too long for its column
    // leads the title instead, so the title and the clock stay large.
    let tall = area.height > BIG_ROWS;
    let id_big = Big::fit(&id, width * 3 / 10).filter(|_| tall);
    let clock_big = Big::fit(&timer.clock(), width / 4).filter(|_| tall);
    let Some(clock_big) = clock_big else {
        // Too small for anything big: three lines of bold text.
        let width = width as usize;
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
        let rows = (lines.len() as u16).min(area.height);
        frame.render_widget(Paragraph::new(lines), area);
        return rows;
    };
    let title = match id_big {
        Some(_) => title,
        None => format!("{id} {title}"),
    };
    let gap = 3;
    let title_x = area.x + id_big.as_ref().map_or(0, |b| b.width + gap);
    let clock_x = area.right().saturating_sub(clock_big.width);
    let room = clock_x.saturating_sub(title_x + gap);
    // The overrun, as big as the clock, beside it while the title's first
    // word still fits; else under it when the title has a second line.
    let over_text = timer.over.map(|o| format!("+{}", short_clock(o)));
    let over_big = over_text
        .as_deref()
        .and_then(|t| Big::in_size(t, clock_big.size, width));
    let lines = title_lines.min((area.height - 1) / BIG_ROWS).max(1);
    // How many characters of the title go large on its lines, the first
    // `first` columns wide and the others `other`.
    let title_fits = |first: u16, other: u16| {
        let (bigs, _) = title_words(&title, lines, first, other);
        bigs.iter().map(|b| b.text.len()).sum::<usize>()
    };
    // The overrun beside the clock when the title loses nothing by it; else
    // under the clock if the title keeps more that way; else beside it if
    // the title keeps a word large.
    let (over_beside, over_below) = match &over_big {
        Some(o) => {
            let narrower = room.saturating_sub(o.width + gap);
            let beside = title_fits(narrower, narrower);
            let below = title_fits(room, narrower);
            if beside == title_fits(room, room) {
                (true, false)
            } else if lines > 1 && o.width + gap <= room && below > beside {
                (false, true)
            } else {
                (beside > 0, false)
            }
        }
        None => (false, false),
    };
    // No room beside the clock or under it: the overrun takes the clock's
    // place, large, and the line under it gives the time used in words.
    let over_instead = over_big.is_some() && !over_beside && !over_below;
    let beside = if over_beside {
        over_big.as_ref().map_or(0, |o| o.width + gap)
    } else {
        0
    };
    let shown_width = match &over_big {
        Some(o) if over_instead => o.width,
        _ => clock_big.width,
    };
    let clock_x = area.right().saturating_sub(shown_width + beside);
    let room = clock_x.saturating_sub(title_x + gap);

    if let Some(id_big) = &id_big {
        id_big.draw(frame, area, theme.key);
    }
    let clock_style = timer.style(theme);
    if !over_instead {
        clock_big.draw(
            frame,
            Rect::new(clock_x, area.y, clock_big.width, BIG_ROWS),
            clock_style,
        );
    }
    if let Some(over) = over_big.as_ref() {
        if over_instead {
            over.draw(
                frame,
                Rect::new(clock_x, area.y, over.width, BIG_ROWS),
                clock_style,
            );
        } else if over_beside || over_below {
            let (x, y) = if over_beside {
                (clock_x + clock_big.width + gap, area.y)
            } else {
                (area.right().saturating_sub(over.width), area.y + BIG_ROWS)
            };
            over.draw(frame, Rect::new(x, y, over.width, BIG_ROWS), clock_style);
        }
    }

    // The title: whole in the biggest size that fits, or word by word.
    let mut rest = String::new();
    let mut used_lines = 1;
    match Big::fit(&title, room) {
        Some(big) => big.draw(
            frame,
            Rect::new(title_x, area.y, room, BIG_ROWS),
            theme.heading,
        ),
        None => {
            let other = if over_below {
                room.saturating_sub(over_big.as_ref().map_or(0, |o| o.width + gap))
            } else {
                room
            };
            let (bigs, left) = title_words(&title, lines, room, other);
            for (line, big) in (0..).zip(&bigs) {
                let line_room = if line == 0 { room } else { other };
                big.draw(
                    frame,
                    Rect::new(title_x, area.y + line * BIG_ROWS, line_room, BIG_ROWS),
                    theme.heading,
                );
                used_lines = line + 1;
            }
            rest = left;
        }
    }
    if over_below {
        used_lines = used_lines.max(2);
    }
    let small_y = area.y + used_lines * BIG_ROWS;
    if small_y >= area.bottom() {
        return area.height;
    }
    // Under the title: the rest of it, or what the item is; under the
    // clock: against what.
    let lower = Rect::new(area.x, small_y, width, 1);
    let detail = if over_instead {
        timer.line_without_label(theme)
    } else {
        timer.detail_line(theme)
    };
    let detail_width = (detail.width() as u16).min(lower.width);
    let [text_area, detail_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)])
            .spacing(2)
            .areas(lower);
    let (text, style) = if rest.is_empty() {
        (meta, theme.text)
    } else {
        (rest, theme.heading)
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit_words(&text, text_area.width as usize),
            style,
        )),
        text_area,
    );
    frame.render_widget(Paragraph::new(detail).right_aligned(), detail_area);
    used_lines * BIG_ROWS + 1
}

/// The title's leading words large, line by line, on up to `lines` lines
/// (the first `first` columns wide, the others `other`), and the words left
/// over: what is measured and what is drawn are the same.
fn title_words(title: &str, lines: u16, first: u16, other: u16) -> (Vec<Big>, String) {
    let mut bigs = Vec::new();
    let mut rest = title.to_string();
    for line in 0..lines {
        let room = if line == 0 { first } else { other };
        let (big, left) = big::leading_words(&rest, PixelSize::Quadrant, room);
        let Some(big) = big else { break };
        bigs.push(big);
        rest = left;
        if rest.is_empty() {
            break;
        }
    }
    (bigs, rest)
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
    left: Option<Duration>,
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
                    format!("{} left", short_clock(self.left.unwrap_or_default())),
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

    /// `17:10 of 15:00 · +2:10 over · running`: under an overrun drawn
    /// large in the clock's place.
    fn line_without_label(&self, theme: &Theme) -> Line<'static> {
        let mut spans = vec![Span::styled(
            format!("{} ", self.clock()),
            self.style(theme),
        )];
        spans.extend(self.detail_spans(theme));
        Line::from(spans)
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
        left: timer.left(now, minutes),
        over: timer.overrun(now, minutes),
        running: timer.is_running(),
    }
}
