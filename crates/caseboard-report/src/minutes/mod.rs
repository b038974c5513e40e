//! `caseboard export --format md|html|docx`: the minutes a chair circulates
//! after the meeting, folded from the record and nothing else.
//!
//! One document ([`Minutes`], in `model`) is built from the board, then
//! rendered: as Markdown ([`markdown`]), as one self-contained HTML page
//! ([`html`]) that prints on A4, or as a Word document ([`docx`]) for the
//! clerk to edit. The output is deterministic (no "exported
//! at" time), so the same log always gives the same bytes; for the Word
//! document, from one export a process (docx-rs numbers pictures
//! process-wide) on one machine (the charts are drawn in its fonts).
//!
//! Every piece of text that came from the pack or from typing is escaped
//! by the renderer: in Markdown through [`md`] (control characters, escape
//! sequences and bidi overrides neutralised as on screen, Markdown's own
//! characters escaped), in HTML as text, so hostile text cannot open a
//! heading, a table column, a link, raw HTML or a script.

mod build;
mod chart;
mod docx;
mod html;
mod markdown;
pub mod model;
mod raster;
mod written;

pub use markdown::{md, md_lines, push_md};
pub use model::Minutes;

use crate::Source;
use std::io::Write;

/// The minutes of the session as Markdown; with `timeline`, every entry on
/// the record in an appendix.
pub fn markdown<S: Source>(
    out: &mut dyn Write,
    source: &S,
    timeline: bool,
) -> Result<(), S::Error> {
    let minutes = Minutes::of(source, timeline)?;
    written::markdown(out, &minutes)?;
    Ok(out.flush()?)
}

/// The minutes of the session as one HTML page (inline CSS, no scripts,
/// nothing fetched), laid out for reading and for printing on A4.
pub fn html<S: Source>(out: &mut dyn Write, source: &S, timeline: bool) -> Result<(), S::Error> {
    let minutes = Minutes::of(source, timeline)?;
    out.write_all(html::page(&minutes).as_bytes())?;
    Ok(out.flush()?)
}

/// The minutes of the session as a Word document (DOCX): headings, a
/// contents list, tables, and each decided priority's chart as a picture.
/// Built whole in memory (charts included) before a byte is written.
pub fn docx<S: Source>(out: &mut dyn Write, source: &S, timeline: bool) -> Result<(), S::Error> {
    let minutes = Minutes::of(source, timeline)?;
    out.write_all(&docx::document(&minutes)?)?;
    Ok(out.flush()?)
}
