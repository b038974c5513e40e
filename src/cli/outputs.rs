//! The commands that read a session and write it out: `export`, `verify`,
//! `backup` and `summary`, and the one way an export replaces a file.

use super::{out, print, shown, warn_notices, ExportFormat, SummaryFormatArg};
use anyhow::{anyhow, bail};
use caseboard_core::text::display_line;
use caseboard_core::{Board, Event};
use caseboard_report::{csv, export, minutes, summary, Link, Source};
use caseboard_store::{Placing, RecordStream, Store, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `export`: the record as JSON, minutes (Markdown, HTML or Word), CSV or a workbook, to stdout or a file.
pub(super) fn export_record(
    file: &Path,
    format: ExportFormat,
    output: Option<PathBuf>,
    timeline: bool,
) -> anyhow::Result<bool> {
    if timeline
        && !matches!(
            format,
            ExportFormat::Md | ExportFormat::Html | ExportFormat::Docx
        )
    {
        bail!("--timeline is for the minutes: use it with --format md, html or docx");
    }
    // `-o -` is stdout, as for most tools.
    let output = output.filter(|o| o.as_os_str() != "-");
    match format {
        ExportFormat::Xlsx if output.is_none() => {
            bail!("the xlsx export is a workbook, not text: give -o OUT.xlsx")
        }
        ExportFormat::Docx if output.is_none() => {
            bail!("the docx export is a Word document, not text: give -o OUT.docx")
        }
        _ => {}
    }
    // Refused before the session is even opened: nothing is read
    // or written for an output that may not be replaced.
    if let Some(out) = &output {
        caseboard_store::check_replaceable(out)?;
        if caseboard_store::is_session_or_side_file(out, file) {
            bail!(
                    "{}: refusing to export over the session itself (or its -wal or -shm); choose another -o",
                    out.display()
                );
        }
    }
    let store = Store::open_for_review(file)?;
    // The first pass: the chain walked and the board folded, so what the
    // record's integrity is, and any row that cannot be read, are known
    // before anything is written.
    let record = Streamed {
        stream: store.stream_record()?,
        pack_sha256: store.pack_sha256(),
        file: store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    warn_notices(&store);
    let write = |out: &mut dyn Write| match format {
        ExportFormat::Json => export::json(out, &record),
        ExportFormat::Md => minutes::markdown(out, &record, timeline),
        ExportFormat::Html => minutes::html(out, &record, timeline),
        ExportFormat::Docx => minutes::docx(out, &record, timeline),
        ExportFormat::Csv => csv::decisions(out, &record),
        ExportFormat::Xlsx => workbook(out, record.board()),
    };
    match output {
        None => {
            let mut out = out::stdout();
            match write(&mut out).and_then(|()| out.flush().map_err(Stopped::Write)) {
                Ok(()) => {}
                Err(Stopped::Write(error)) => out::stdout_failed(error)?,
                Err(Stopped::Read(error)) => return Err(error.into()),
            }
        }
        Some(out) => write_atomically_with(&out, |file| {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
            write(&mut out)?;
            out.flush().map_err(Stopped::Write)
        })?,
    }
    Ok(true)
}

/// The targets, actions and objections as an xlsx workbook, built whole
/// from the board before a byte is written.
fn workbook(out: &mut dyn Write, board: &Board) -> Result<(), Stopped> {
    let sheets = caseboard_report::targets::sheets(board);
    let bytes = caseboard_workbook::xlsx_of_listings(&sheets).map_err(std::io::Error::other)?;
    Ok(out.write_all(&bytes)?)
}

/// Why an export stopped part-way: its output could not be written, or
/// the log could not be read.
#[derive(Debug)]
enum Stopped {
    Write(std::io::Error),
    Read(StoreError),
}

impl From<std::io::Error> for Stopped {
    fn from(error: std::io::Error) -> Self {
        Stopped::Write(error)
    }
}

impl From<StoreError> for Stopped {
    fn from(error: StoreError) -> Self {
        Stopped::Read(error)
    }
}

/// A session's log as an export reads it: folded once for the board, then
/// read again in order as the export is written.
struct Streamed<'s> {
    stream: RecordStream<'s>,
    pack_sha256: &'s str,
    file: String,
}

impl Source for Streamed<'_> {
    type Error = Stopped;

    fn board(&self) -> &Board {
        &self.stream.board
    }

    fn head_hash(&self) -> &str {
        &self.stream.head_hash
    }

    fn pack_sha256(&self) -> &str {
        self.pack_sha256
    }

    fn file(&self) -> &str {
        &self.file
    }

    fn each_link(
        &self,
        each: &mut dyn FnMut(Link<'_>) -> Result<(), Stopped>,
    ) -> Result<(), Stopped> {
        self.stream.each_link(|seq, prev_hash, hash| {
            each(Link {
                seq,
                prev_hash,
                hash,
            })
        })
    }

    fn each_event(
        &self,
        each: &mut dyn FnMut(&Event) -> Result<(), Stopped>,
    ) -> Result<(), Stopped> {
        self.stream.each_event(each)
    }

    fn each_event_of(
        &self,
        kind: &str,
        each: &mut dyn FnMut(&Event) -> Result<(), Stopped>,
    ) -> Result<(), Stopped> {
        self.stream.each_event_of(Some(kind), each)
    }
}

/// `verify`: the file's integrity and the hash chain, with the verdict as the exit status.
pub(super) fn verify_file(file: &Path) -> anyhow::Result<bool> {
    let report = caseboard_store::verify(file)?;
    // The path is printed as typed: never let it drive the terminal.
    let shown = shown(file);
    let mut text = String::new();
    if report.is_sound() {
        text.push_str(&format!(
            "{}: sound: {} events, integrity ok, hash chain intact\nhead hash: {}\n",
            shown, report.events, report.head_hash
        ));
    } else {
        for f in &report.findings {
            text.push_str(&format!("{shown}: {}\n", display_line(&f.to_string())));
        }
        text.push_str(&format!(
            "{}: NOT sound ({} problem{})\nhead hash of the intact part: {}\n",
            shown,
            report.findings.len(),
            if report.findings.len() == 1 { "" } else { "s" },
            report.head_hash
        ));
    }
    out::print_output(&text)?;
    Ok(report.is_sound())
}

/// `backup`: a self-contained copy, and whether the record it holds is sound.
pub(super) fn backup_file(file: &Path, out: &Path) -> anyhow::Result<bool> {
    let copy = caseboard_store::backup(file, out)?;
    let (from, to) = (shown(file), shown(&copy.path));
    out::print(&format!(
        "backed up {from} to {to}: {} events, {} bytes, quick_check ok\nhead hash: {}\n",
        copy.events, copy.bytes, copy.head_hash
    ))
    .map_err(|e| e.after(format!("backed up {from} to {to}")))?;
    if let Some(aside) = &copy.wal_as_found {
        out::eprint(&format!(
                "caseboard: warning: {from}-wal is damaged: the backup holds what is valid, without {} frame{} that cannot be read; the -wal was kept untouched as {} for recovery\n",
                copy.unreadable_frames,
                if copy.unreadable_frames == 1 { "" } else { "s" },
                shown(aside),
            ));
        return Ok(false);
    }
    // A faithful copy of a record that cannot be trusted is still
    // one: say so, as every other read does.
    let report = caseboard_store::verify(&copy.path)?;
    if let Some(first) = report.findings.first() {
        out::eprint(&format!(
                "caseboard: warning: {to} is a faithful copy, but the record is not sound ({} problem{}, the first: {}); run `caseboard verify {from}`\n",
                report.findings.len(),
                if report.findings.len() == 1 { "" } else { "s" },
                display_line(&first.to_string()),
            ));
        return Ok(false);
    }
    Ok(true)
}

/// `summary`: many sessions compared, the unreadable ones named and skipped.
pub(super) fn summarise_files(files: &[PathBuf], format: SummaryFormatArg) -> anyhow::Result<bool> {
    let summary = summary::summarise(summary_inputs(files));
    for s in &summary.skipped {
        out::eprint(&format!(
            "caseboard: warning: {}; skipped\n",
            display_line(&s.problem)
        ));
    }
    if summary.areas.is_empty() {
        bail!(
            "no session could be summarised ({} file{} skipped)",
            summary.skipped.len(),
            if summary.skipped.len() == 1 { "" } else { "s" }
        );
    }
    print(&summary::render(&summary, format.into()))
}

/// Opens each session read-only for the regional summary. A file named twice
/// (by any path) is summarised once; one that cannot be read carries the
/// reason instead of a record.
pub fn summary_inputs(files: &[PathBuf]) -> Vec<summary::Input> {
    let mut seen: Vec<(u64, u64)> = Vec::new();
    files
        .iter()
        .map(|path| {
            let file = path.display().to_string();
            if let Some(id) = caseboard_store::file_id(path) {
                if seen.contains(&id) {
                    let problem = format!("{file}: given more than once (summarised once)");
                    return summary::Input {
                        file,
                        record: Err(problem),
                    };
                }
                seen.push(id);
            }
            let record = Store::open_for_review(path)
                .and_then(|store| store.read_record(false))
                .map_err(|e| e.to_string());
            summary::Input { file, record }
        })
        .collect()
}

/// Writes `bytes` to `path` via a temporary file and a rename, so readers
/// see the old file or the whole new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomically_with(path, |file| Ok(file.write_all(bytes)?))
}

/// As [`write_atomically`], the file written through `write` as it is
/// made: nothing is put in place unless all of it was written.
fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), Stopped>,
) -> anyhow::Result<()> {
    let path = caseboard_store::through_link(path);
    // Checked again here, just before writing: the name may have changed
    // since the command started.
    caseboard_store::check_replaceable(&path)?;
    let io = |error| StoreError::Io {
        path: path.clone(),
        error,
    };
    let write = |tmp: &Path| {
        let mut file = std::fs::File::create(tmp).map_err(io)?;
        write(&mut file).map_err(|stopped| match stopped {
            Stopped::Write(error) => io(error),
            Stopped::Read(error) => error,
        })
    };
    caseboard_store::put_in_place(None, &path, "tmp", Placing::Replace, write).map_err(
        |e| match e {
            StoreError::Io { error, .. } => anyhow!(
                "cannot write {}: {}; nothing was written there",
                path.display(),
                out::describe(&error)
            ),
            other => other.into(),
        },
    )
}
