//! The minutes as a Word document, for the clerk who edits them before
//! they go out: the same sections as the HTML page, in the same order,
//! as real headings (so the contents list and Word's navigation pane
//! work), real tables and, for each decided priority, its chart as a
//! picture with its figures in a table beside it. A4, with a footer on
//! every page naming the conference, the head hash and the page.
//!
//! Text is plain and untrusted: it is cleaned as on screen (controls and
//! bidi overrides neutralised, which also keeps the XML well-formed) and
//! written as text, which the writer escapes.

use super::chart;
use super::model::*;
use super::raster::Painter;
use caseboard_core::event::exact_value;
use caseboard_core::text::{clean, display_line_cut};
use docx_rs::{
    BreakType, Docx, FieldCharType, Footer, InstrPAGEREF, InstrText, LineSpacing, NumPages,
    PageMargin, PageNum, Paragraph, Pic, Run, RunFonts, Shading, ShdType, Style, StyleType, Tab,
    TabLeaderType, TabValueType, Table, TableCell, TableRow, WidthType,
};
use widths::widths;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
/// 14 mm in twentieths of a point, as the HTML page's print margins.
const MARGIN: i32 = 794;
/// The text's width on the page: A4's width less the margins.
const TEXT_WIDTH_TWIPS: usize = (A4.0 as usize) - 2 * (MARGIN as usize);
/// The same in EMU (English Metric Units, 635 to a twip), for sizing the
/// charts.
const TEXT_WIDTH_EMU: u32 = (TEXT_WIDTH_TWIPS as u32) * 635;
/// Font sizes, in half-points.
const BODY: usize = 20;
const SMALL: usize = 17;

/// The document's bytes (a DOCX, which is a ZIP).
pub(super) fn document(m: &Minutes<'_>) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::default();
    heading(&mut w, m);
    let front = std::mem::take(&mut w.blocks);
    decisions(&mut w, m);
    charts(&mut w, m);
    actions(&mut w, m);
    objections(&mut w, m);
    attendance(&mut w, m);
    meeting(&mut w, m);
    notes(&mut w, m);
    timeline(&mut w, m);
    check(&mut w, m);
    let mut doc = base(m);
    for block in front
        .into_iter()
        .chain(contents(&w.headings))
        .chain(w.blocks)
    {
        doc = match block {
            Block::Paragraph(p) => doc.add_paragraph(*p),
            Block::Table(t) => doc.add_table(*t),
        };
    }
    let mut stored = std::io::Cursor::new(Vec::with_capacity(256 * 1024));
    doc.pack(&mut stored).map_err(std::io::Error::other)?;
    deflated(stored.get_ref())
}

/// The package with every part deflated: docx-rs stores its parts
/// uncompressed, which makes the demo's minutes 300 KB rather than 80 KB
/// and a large session's tens of megabytes. The parts keep their order
/// and their fixed (1980) times, so the same minutes give the same bytes.
fn deflated(stored: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    let mut from = zip::ZipArchive::new(Cursor::new(stored)).map_err(std::io::Error::other)?;
    let mut to = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 3)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut data = Vec::new();
    for i in 0..from.len() {
        let mut part = from.by_index(i).map_err(std::io::Error::other)?;
        let name = part.name().map_err(std::io::Error::other)?.to_string();
        if part.is_dir() {
            to.add_directory(name, options)
                .map_err(std::io::Error::other)?;
            continue;
        }
        data.clear();
        part.read_to_end(&mut data)?;
        to.start_file(name, options)
            .map_err(std::io::Error::other)?;
        to.write_all(&data)?;
    }
    let bytes = to.finish().map_err(std::io::Error::other)?;
    Ok(bytes.into_inner())
}

/// The contents: each heading with the page it is on. The page numbers
/// are fields referring to the headings' bookmarks, which LibreOffice
/// lays out live and Word updates on opening (they are marked dirty),
/// rather than a TOC field, whose cached text LibreOffice shows as it is
/// and which could only hold guessed pages.
fn contents(headings: &[(String, usize)]) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph(Box::new(
        Paragraph::new()
            .add_run(Run::new().add_text("Contents").bold().size(24))
            .keep_next(true),
    ))];
    for (i, (title, level)) in headings.iter().enumerate() {
        let indent = if *level == 1 { 0 } else { 360 };
        blocks.push(Block::Paragraph(Box::new(
            Paragraph::new()
                .indent(Some(indent), None, None, None)
                .add_tab(
                    Tab::new()
                        .val(TabValueType::Right)
                        .leader(TabLeaderType::Dot)
                        .pos(TEXT_WIDTH_TWIPS),
                )
                .add_run(Run::new().add_text(title.as_str()))
                .add_run(Run::new().add_tab())
                .add_run(
                    Run::new()
                        .add_field_char(FieldCharType::Begin, true)
                        .add_instr_text(InstrText::PAGEREF(
                            InstrPAGEREF::new(bookmark(i)).hyperlink(),
                        ))
                        .add_field_char(FieldCharType::Separate, false)
                        .add_text("")
                        .add_field_char(FieldCharType::End, false),
                ),
        )));
    }
    blocks
}

/// The bookmark on the `i`th heading: Word's own prefix for contents
/// entries, which it keeps hidden from the reader.
fn bookmark(i: usize) -> String {
    format!("_Toc{:08}", i + 1)
}

/// Text as the document shows it: cleaned, trimmed.
fn text(s: &str) -> String {
    clean(s, usize::MAX).trim().to_string()
}

/// [`text`], or a dash for nothing.
fn dash(s: &str) -> String {
    match text(s) {
        t if t.is_empty() => "—".to_string(),
        t => t,
    }
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(dash).unwrap_or_else(|| "—".to_string())
}

mod widths;

/// A piece of a table cell or a line: plain, or bold.
enum Piece {
    Plain(String),
    Bold(String),
    Code(String),
}

impl Piece {
    fn text(&self) -> &str {
        match self {
            Piece::Plain(s) | Piece::Bold(s) | Piece::Code(s) => s,
        }
    }

    fn run(self) -> Run {
        match self {
            Piece::Plain(s) => Run::new().add_text(s),
            Piece::Bold(s) => Run::new().add_text(s).bold(),
            Piece::Code(s) => Run::new().add_text(s).fonts(mono()).size(SMALL),
        }
    }
}

/// A cell: its pieces, in order.
type Cell = Vec<Piece>;

fn plain(s: String) -> Cell {
    vec![Piece::Plain(s)]
}

fn mono() -> RunFonts {
    RunFonts::new()
        .ascii("Liberation Mono")
        .hi_ansi("Liberation Mono")
        .cs("Courier New")
}

/// A part of the document's body.
enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The document built up a part at a time.
#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    /// Each heading so far and its level, for the contents.
    headings: Vec<(String, usize)>,
    /// Made on the first chart: loading the fonts is the costly part.
    painter: Option<Painter>,
}

impl Writer {
    fn paragraph(&mut self, p: Paragraph) {
        self.blocks.push(Block::Paragraph(Box::new(p)));
    }

    /// A heading, bookmarked for the contents.
    fn heading(&mut self, title: &str, level: usize, new_page: bool) {
        let id = self.headings.len();
        self.paragraph(
            Paragraph::new()
                .add_bookmark_start(id + 1, bookmark(id))
                .add_run(Run::new().add_text(title))
                .add_bookmark_end(id + 1)
                .style(if level == 1 { "Heading1" } else { "Heading2" })
                .keep_next(true)
                .page_break_before(new_page),
        );
        self.headings.push((title.to_string(), level));
    }

    fn line(&mut self, pieces: Cell) {
        let p = pieces
            .into_iter()
            .fold(Paragraph::new(), |p, piece| p.add_run(piece.run()));
        self.paragraph(p);
    }

    /// A section's heading, starting a new page where the HTML page's
    /// print layout does.
    fn section(&mut self, title: &str, new_page: bool) {
        self.heading(title, 1, new_page);
    }

    fn subheading(&mut self, title: &str) {
        self.heading(title, 2, false);
    }

    fn none(&mut self, words: &str) {
        self.paragraph(Paragraph::new().add_run(Run::new().add_text(words).italic()));
    }

    /// A table: a shaded header row, then the rows; "None." for no rows.
    /// Each column is as wide as its longest text needs, up to a share of
    /// the page, so a table of short figures stays narrow and a long
    /// rationale wraps rather than squeezing the ids.
    fn table(&mut self, headers: &[impl AsRef<str>], rows: Vec<Vec<Cell>>) {
        if rows.is_empty() {
            self.none("None.");
            return;
        }
        let widths = widths(headers, &rows);
        let cell = |width: usize, p: Paragraph| {
            TableCell::new()
                .width(width, WidthType::Dxa)
                .add_paragraph(p)
        };
        let mut table_rows = Vec::with_capacity(rows.len() + 1);
        table_rows.push(TableRow::new(
            headers
                .iter()
                .zip(&widths)
                .map(|(h, width)| {
                    cell(
                        *width,
                        Paragraph::new()
                            .add_run(Run::new().add_text(h.as_ref()).bold().size(SMALL))
                            .keep_next(true),
                    )
                    .shading(Shading::new().shd_type(ShdType::Clear).fill("EEEEEE"))
                })
                .collect(),
        ));
        for row in rows {
            let length: usize = row.iter().flatten().map(|p| p.text().len()).sum();
            let cells = row
                .into_iter()
                .zip(&widths)
                .map(|(pieces, width)| {
                    let p = pieces.into_iter().fold(Paragraph::new(), |p, piece| {
                        p.add_run(piece.run().size(SMALL))
                    });
                    cell(*width, p)
                })
                .collect();
            // A row is kept on one page unless it is too long for one.
            let row = TableRow::new(cells);
            table_rows.push(if length <= KEPT_WHOLE {
                row.cant_split()
            } else {
                row
            });
        }
        let total = widths.iter().sum();
        self.blocks.push(Block::Table(Box::new(
            Table::new(table_rows)
                .set_grid(widths)
                .width(total, WidthType::Dxa),
        )));
        // Word runs two adjacent tables into one: a paragraph keeps them apart.
        self.paragraph(Paragraph::new());
    }
}

/// A table row whose text is at most this long is never split across
/// pages; a longer one may be (kept whole, it could leave its table's
/// heading alone at the foot of a page).
const KEPT_WHOLE: usize = 600;

/// The footer's title is cut to this many characters: it is on every page.
const FOOTER_TITLE: usize = 80;

/// The styles, the page and the footer.
fn base(m: &Minutes<'_>) -> Docx {
    // Sizes in half-points, spacing in twips.
    // The outline level makes a heading a heading to LibreOffice (and to
    // a PDF's bookmarks), not only to Word, which goes by the style's name.
    let heading = |id: &str, name: &str, size: usize, before: u32, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .outline_lvl(level)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .color("1F4E79")
            .line_spacing(LineSpacing::new().before(before).after(80))
    };
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(format!(
                        "{} · hash chain head {} · page ",
                        dash(&display_line_cut(&m.heading.title, FOOTER_TITLE)),
                        dash(&m.check.head_hash)
                    ))
                    .size(SMALL)
                    .color("444444"),
            )
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" of ").size(SMALL).color("444444"))
            .add_num_pages(NumPages::new()),
    );
    Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 400,
            footer: 400,
            gutter: 0,
        })
        .default_size(BODY)
        .default_fonts(
            RunFonts::new()
                .ascii("Liberation Sans")
                .hi_ansi("Liberation Sans")
                .cs("Arial"),
        )
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .line_spacing(LineSpacing::new().after(60)),
        )
        .add_style(heading("Title", "Title", 36, 0, 9))
        .add_style(heading("Heading1", "heading 1", 28, 360, 0))
        .add_style(heading("Heading2", "heading 2", 23, 200, 1))
        .footer(footer)
}

fn heading(w: &mut Writer, m: &Minutes<'_>) {
    let h = &m.heading;
    w.paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(format!("Minutes: {}", dash(&h.title))))
            .style("Title"),
    );
    let venue = h
        .venue
        .as_deref()
        .map(dash)
        .unwrap_or_else(|| "not recorded".to_string());
    let mut items = vec![
        ("Partnership", dash(&h.partnership)),
        ("Government Office", dash(&h.government_office)),
        ("Date", dash(&h.date)),
        (
            "Times",
            format!("local, {}; the record keeps UTC", dash(&h.zone)),
        ),
        ("Venue", venue),
        ("Session", dash(&h.session)),
    ];
    if let Some(f) = &h.finish {
        items.push(("Finish", dash(f)));
    }
    for (term, value) in items {
        w.line(vec![Piece::Bold(format!("{term}: ")), Piece::Plain(value)]);
    }
    let s = &m.summary;
    let mut line = Vec::new();
    for (i, (label, figure)) in s.figures().into_iter().enumerate() {
        let sep = if i == 0 { "" } else { " · " };
        line.push(Piece::Plain(format!("{sep}{label} ")));
        line.push(Piece::Bold(figure));
    }
    w.line(line);
    if let Some(words) = s.to_be_set_words() {
        w.line(plain(words));
    }
}

fn decisions(w: &mut Writer, m: &Minutes<'_>) {
    w.section("Decisions", false);
    for g in &m.decisions {
        w.subheading(g.group.heading());
        if let Some(intro) = g.group.intro() {
            w.line(plain(intro.to_string()));
        }
        let columns = g.group.columns();
        let rows = g
            .rows
            .iter()
            .map(|r| {
                columns
                    .iter()
                    .map(|c| match c {
                        Column::Priority => vec![
                            Piece::Bold(dash(&r.priority)),
                            Piece::Plain(format!(" {}", text(&r.title))),
                        ],
                        Column::Indicator => plain(opt(&r.indicator)),
                        Column::Baseline => plain(opt(&r.baseline)),
                        Column::Proposed => plain(opt(&r.proposed)),
                        Column::Agreed => vec![Piece::Bold(dash(&r.agreed))],
                        Column::Rationale | Column::Reason => plain(dash(&r.reason)),
                        Column::Decided => plain(opt(&r.decided)),
                        Column::Kind => plain(r.kind.to_string()),
                        Column::OpenObjections => plain(r.open_objections.to_string()),
                    })
                    .collect()
            })
            .collect();
        w.table(&g.group.headings(), rows);
    }
    if !m.key.is_empty() {
        w.subheading("Indicators named above");
        for k in &m.key {
            let mut what = text(&k.title);
            if let Some(unit) = k.unit.as_deref().map(text).filter(|u| !u.is_empty()) {
                what.push_str(&format!(" ({unit})"));
            }
            w.line(vec![
                Piece::Bold(format!("{} ", dash(&k.code))),
                Piece::Plain(what),
            ]);
        }
    }
}

fn charts(w: &mut Writer, m: &Minutes<'_>) {
    w.section("The decided priorities' indicators", true);
    if m.charts.is_empty() {
        w.none(NO_INDICATORS);
    }
    for (i, c) in m.charts.iter().enumerate() {
        w.paragraph(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(format!(
                            "{} {}: {} {} ({})",
                            dash(&c.priority),
                            text(&c.title),
                            text(&c.code),
                            text(&c.indicator),
                            text(&c.outcome)
                        ))
                        .bold(),
                )
                .keep_next(true),
        );
        let axis = chart::axis(c);
        let painter = w.painter.get_or_insert_with(Painter::new);
        match painter.draw(c, &axis, &format!("chart-{}", i + 1)) {
            Some(picture) => {
                // Shown at most the text's width, in proportion.
                let width = TEXT_WIDTH_EMU.min(picture.width.saturating_mul(9525 / 2));
                let height = (u64::from(width) * u64::from(picture.height)
                    / u64::from(picture.width.max(1))) as u32;
                let pic = Pic::new_with_dimensions(picture.png, picture.width, picture.height)
                    .size(width, height);
                w.paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_image(pic))
                        .keep_next(true),
                );
            }
            None if axis.points.is_empty() => w.none(NO_FIGURES),
            None => w.none("The chart could not be drawn; its figures are below."),
        }
        // The same figures as text, in the chart's order, for readers who
        // cannot see the chart.
        let mut rows: Vec<Vec<Cell>> = axis
            .points
            .iter()
            .map(|p| {
                vec![
                    plain(p.mark.word().to_string()),
                    plain(dash(&p.written)),
                    plain(exact_value(p.value)),
                ]
            })
            .collect();
        rows.extend(c.comparators.iter().map(|(name, v)| {
            vec![
                plain(format!("comparator: {}", text(name))),
                plain("—".to_string()),
                plain(exact_value(*v)),
            ]
        }));
        w.table(&["figure", "period", "value"], rows);
        if let Some(unit) = c.unit.as_deref().map(text).filter(|u| !u.is_empty()) {
            w.line(plain(format!("Unit: {unit}.")));
        }
        if i + 1 < m.charts.len() {
            w.paragraph(Paragraph::new());
        }
    }
}

fn actions(w: &mut Writer, m: &Minutes<'_>) {
    w.section("Actions", true);
    let rows = m
        .actions
        .iter()
        .map(|a| {
            vec![
                plain(dash(&a.text)),
                plain(opt(&a.owner)),
                plain(opt(&a.due)),
                plain(dash(&a.about)),
            ]
        })
        .collect();
    w.table(&ACTION_COLUMNS, rows);
}

fn objections(w: &mut Writer, m: &Minutes<'_>) {
    w.section("Objections and how each was settled", true);
    let rows = m
        .objections()
        .map(|o| {
            vec![
                plain(dash(o.id)),
                plain(dash(&o.priority_words())),
                plain(dash(&o.raised_words())),
                plain(dash(&o.kind_words())),
                plain(dash(o.text)),
                plain(dash(&o.outcome_words())),
            ]
        })
        .collect();
    w.table(&OBJECTION_COLUMNS, rows);
}

fn attendance(w: &mut Writer, m: &Minutes<'_>) {
    w.section("Attendance", true);
    let a = &m.attendance;
    w.line(plain(a.words()));
    for tier in &a.tiers {
        w.subheading(tier.tier);
        let rows = tier
            .people
            .iter()
            .map(|p| {
                vec![
                    plain(dash(&p.name)),
                    plain(dash(&p.organisation)),
                    plain(opt(&p.role)),
                    plain(p.attendance.to_string()),
                ]
            })
            .collect();
        w.table(&ATTENDEE_COLUMNS, rows);
    }
}

/// The readiness checklist, the tier positions, time and speakers.
fn meeting(w: &mut Writer, m: &Minutes<'_>) {
    w.section("The discussion", true);
    w.subheading("Readiness checklist");
    if m.checklist.is_empty() {
        w.none(NO_CHECKLIST);
    } else {
        for (i, q) in questions().into_iter().enumerate() {
            w.line(plain(format!("{}. {q}", i + 1)));
        }
        let rows = m
            .checklist
            .iter()
            .map(|r| {
                let mut row = vec![plain(dash(&r.priority))];
                row.extend(r.answers.iter().map(|a| plain(a.to_string())));
                row.push(plain(text(&r.readiness)));
                row
            })
            .collect();
        w.table(&checklist_columns(), rows);
    }
    w.subheading("Tier positions (the vertical test)");
    if m.positions.is_empty() {
        w.none(NO_POSITIONS);
    } else {
        let rows = m
            .positions
            .iter()
            .map(|r| {
                let mut row = vec![plain(dash(&r.priority))];
                row.extend(r.positions.iter().map(|p| plain(p.to_string())));
                row.push(vec![Piece::Code(text(&r.mark))]);
                row
            })
            .collect();
        w.table(&position_columns(), rows);
    }
    w.subheading("Time and speakers");
    if m.time.is_empty() {
        w.none(NO_TIME);
    } else {
        let rows = m
            .time
            .iter()
            .map(|r| {
                vec![
                    plain(dash(&r.priority)),
                    plain(text(&r.used)),
                    plain(opt(&r.timebox)),
                    plain(dash(&r.speakers)),
                ]
            })
            .collect();
        w.table(&TIME_COLUMNS, rows);
        if !m.speakers.is_empty() {
            let rows = m
                .speakers
                .iter()
                .map(|r| {
                    vec![
                        plain(r.tier.unwrap_or("—").to_string()),
                        plain(dash(&r.speaker)),
                        plain(text(&r.time)),
                    ]
                })
                .collect();
            w.table(&SPEAKER_COLUMNS, rows);
        }
    }
}

fn notes(w: &mut Writer, m: &Minutes<'_>) {
    w.section("Notes", false);
    if m.notes.is_empty() {
        w.none("None.");
    }
    for n in &m.notes {
        // A line break between the note's lines, as typed.
        let mut p = Paragraph::new().add_run(Run::new().add_text(format!(
            "On {} ({}, {}):",
            dash(&n.about),
            dash(&n.by),
            text(&n.when)
        )));
        for line in &n.lines {
            p = p.add_run(
                Run::new()
                    .add_break(BreakType::TextWrapping)
                    .add_text(text(line)),
            );
        }
        w.paragraph(p);
    }
    if !m.closing.is_empty() {
        w.subheading("Closing");
        for c in &m.closing {
            w.line(plain(format!("{}: {}", text(&c.when), text(&c.what))));
        }
        w.line(plain(m.check.session_words().to_string()));
    }
}

fn timeline(w: &mut Writer, m: &Minutes<'_>) {
    let Some(rows) = &m.timeline else { return };
    w.section("Appendix: timeline", true);
    w.line(plain(TIMELINE_INTRO.to_string()));
    let rows = rows
        .iter()
        .map(|e| {
            let mut what = vec![Piece::Plain(text(&e.what))];
            if let Some(later) = e.superseded_by {
                what.push(Piece::Bold(format!(" (superseded by #{later})")));
            }
            vec![
                plain(e.seq.to_string()),
                plain(text(&e.time)),
                plain(dash(&e.by)),
                plain(e.kind.to_string()),
                plain(dash(&e.priority)),
                what,
            ]
        })
        .collect();
    w.table(&TIMELINE_COLUMNS, rows);
}

fn check(w: &mut Writer, m: &Minutes<'_>) {
    w.section("Checking this record", false);
    let c = &m.check;
    w.line(plain(format!("Events: {}", c.events)));
    w.line(vec![
        Piece::Plain(format!("Hash chain head (event #{}): ", c.events)),
        Piece::Code(dash(&c.head_hash)),
    ]);
    w.line(vec![
        Piece::Plain("Pack SHA-256: ".to_string()),
        Piece::Code(dash(&c.pack_sha256)),
    ]);
    w.line(vec![
        Piece::Plain(format!("{VERIFY_BEFORE} ")),
        Piece::Code(VERIFY_COMMAND.to_string()),
        Piece::Plain(format!(" on {}: {VERIFY_SHOWS}", text(&c.file_words()))),
    ]);
}
