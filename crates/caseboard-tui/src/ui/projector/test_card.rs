//! The test card (`present --test-card`): what the projector draws with,
//! labelled, for the chair to check from the back of the room before the
//! meeting: each size of text, each colour with its contrast against the
//! background, and the terminal's size, which sets how large a row is.

use super::big::BIG_ROWS;
use super::figures::put;
use super::fit_line;
use crate::ui::theme::contrast;
use crate::ui::Theme;
use caseboard_core::Status;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};

/// The sizes of text the projector draws, largest first: the sample, its
/// font, the columns a letter takes, and what the projector draws so.
const SIZES: [(&str, PixelSize, u16, &str); 2] = [
    ("P12", PixelSize::HalfHeight, 8, "the item id"),
    ("12:30", PixelSize::Quadrant, 4, "title, timer, figures"),
];

/// Where the card ends: what to do with it, the longest that fits.
const FOOTERS: [&str; 2] = [
    "Check every line from the back row; enlarge the font if one cannot be read · q or Esc closes",
    "Check every line from the back row · q or Esc closes",
];

/// Each colour the projector uses: a sample in it, and what it marks.
fn swatches(theme: &Theme) -> Vec<(String, &'static str, Style)> {
    let status = |s: Status| format!("{} {}", s.symbol(), s.banner());
    vec![
        ("Plain text".into(), "detail, objections", theme.text),
        ("Headings".into(), "titles, names, values", theme.heading),
        ("│ ─ rules".into(), "rules and axes", theme.border),
        ("NI 39 •••".into(), "ids, proposed target", theme.key),
        (
            status(Status::Accepted { target: None }),
            "accepted, support",
            theme.accepted,
        ),
        (status(Status::Rejected), "rejected, oppose", theme.rejected),
        (status(Status::KeptLocal), "kept local", theme.local),
        (status(Status::Deferred), "deferred", theme.deferred),
        ("+2:10 over ⚑".into(), "overrun, objections", theme.warning),
    ]
}

pub(super) fn render_test_card(frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = area.width as usize;
    // Blank rows between the parts only where the screen has room for them.
    let gap = u16::from(area.height >= 30);
    let mut rest = area;

    let variant = match theme.background {
        Some(bg) if crate::ui::theme::luminance(bg).is_some_and(|l| l > 0.5) => "light theme",
        Some(_) => "dark theme",
        None => "no colour (NO_COLOR)",
    };
    let size = format!("{variant} · this terminal {} × {}", area.width, area.height);
    let row = format!(": a row is 1/{} of the picture's height", area.height);
    let detail = if 9 + 3 + size.chars().count() + row.chars().count() <= width {
        format!(" · {size}{row}")
    } else {
        format!(" · {size}")
    };
    let head = vec![
        Span::styled("TEST CARD", theme.heading),
        Span::styled(detail, theme.text),
    ];
    put(frame, &mut rest, vec![fit_line(head, width)]);
    rest.y += gap.min(rest.height);
    rest.height -= gap.min(rest.height);

    // The big sizes: a sample each, what it is beside it.
    for ((sample, pixels, columns, what), style) in
        SIZES.into_iter().zip([theme.key, theme.heading])
    {
        let sample_width = sample.chars().count() as u16 * columns;
        if rest.height < BIG_ROWS + 1 || sample_width + 2 > rest.width {
            continue;
        }
        let glyphs = Rect::new(rest.x, rest.y, sample_width, BIG_ROWS);
        frame.render_widget(
            BigText::builder()
                .pixel_size(pixels)
                .style(style)
                .lines(vec![Line::from(sample)])
                .build(),
            glyphs,
        );
        let label_x = rest.x + sample_width + 3;
        let label_width = rest.right().saturating_sub(label_x);
        let label = vec![
            Line::from(vec![Span::styled(
                format!("{BIG_ROWS} rows high"),
                theme.heading,
            )]),
            Line::styled(what, theme.text),
        ];
        frame.render_widget(
            Paragraph::new(label),
            Rect::new(label_x, rest.y + 1, label_width, 2),
        );
        rest.y += BIG_ROWS + gap;
        rest.height -= (BIG_ROWS + gap).min(rest.height);
    }
    let plain = vec![
        Span::styled("1 row high", theme.heading),
        Span::styled(
            "  comparators, breakdown, objection text, speakers",
            theme.text,
        ),
    ];
    put(frame, &mut rest, vec![fit_line(plain, width)]);
    rest.y += gap.min(rest.height);
    rest.height -= gap.min(rest.height);

    // The colours, each against the background, with its ratio.
    let footer_row = 1;
    let room = rest.height.saturating_sub(footer_row) as usize;
    let all = swatches(theme);
    let mut lines = vec![fit_line(
        vec![Span::styled(
            "Colours, each with its contrast against the background (7:1 or more)",
            theme.heading,
        )],
        width,
    )];
    let sample_width = all
        .iter()
        .map(|(s, _, _)| s.chars().count())
        .max()
        .unwrap_or(0);
    let shown = room.saturating_sub(1).min(all.len());
    for (sample, what, style) in all.iter().take(shown) {
        let ratio = match (style.fg, style.bg) {
            (Some(fg), Some(bg)) => match contrast(fg, bg) {
                Some(r) => format!("{fg} on {bg}  {r:.2}:1"),
                None => format!("{fg} on {bg}"),
            },
            _ => "the terminal's colours".to_string(),
        };
        lines.push(fit_line(
            vec![
                Span::styled(format!("  {sample:<sample_width$}"), *style),
                Span::styled(format!("  {what:<23}"), theme.text),
                Span::styled(ratio, theme.text),
            ],
            width,
        ));
    }
    if shown < all.len() && room > 0 {
        lines.truncate(room.saturating_sub(1).max(1));
        lines.push(Line::styled(
            format!(
                "  + {} more: enlarge the window",
                all.len() - lines.len() + 1
            ),
            theme.text,
        ));
    }
    lines.truncate(room);
    put(frame, &mut rest, lines);

    let footer = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    frame.render_widget(
        Paragraph::new(fit_line(
            vec![Span::styled(
                FOOTERS
                    .into_iter()
                    .find(|f| f.chars().count() <= width)
                    .unwrap_or(FOOTERS[1]),
                theme.text,
            )],
            width,
        )),
        footer,
    );
}

#[cfg(test)]
mod tests {
    use super::swatches;
    use crate::ui::theme::{Projection, Theme};

    /// The card shows every colour pair the projector's theme declares, so
    /// what the chair checks is what the room will see.
    #[test]
    fn the_card_shows_every_pair_the_projector_uses() {
        for projection in [Projection::Dark, Projection::Light] {
            let theme = Theme::projector(projection);
            let shown = swatches(&theme);
            for (names, fg, bg) in theme.pairs() {
                assert!(
                    shown
                        .iter()
                        .any(|(_, _, s)| (s.fg, s.bg) == (Some(fg), Some(bg))),
                    "{projection:?}: {names} ({fg} on {bg}) is not on the card"
                );
            }
        }
    }
}
