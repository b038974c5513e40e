//! Packs in every form (JSON, a workbook, a folder of CSV files): read and
//! validated for `new` and `pack check`, converted by `pack convert`, and
//! the workbook to fill in written by `template`.

use super::outputs::write_atomically;
use super::{out, shown, Lines};
use anyhow::{anyhow, bail};
use caseboard_core::pack::{Pack, PriorityKind};
use caseboard_core::text::{display_line_cut, json_pretty};
use caseboard_core::validate::{parse_pack, PackProblem, MAX_PACK_BYTES};
use caseboard_store::{Placing, StoreError};
use caseboard_workbook::{
    csv_files, read_pack_file, xlsx_bytes, PackFileError, PackForm, WorkbookError,
};
use std::io::Write;
use std::path::Path;

/// A JSON pack's text: its file read as every pack file is, within
/// [`MAX_PACK_BYTES`] ([`read_pack_file`]), and taken as UTF-8.
fn read_pack_text(pack_path: &Path) -> anyhow::Result<String> {
    let bytes = read_pack_file(pack_path).map_err(|e| match e {
        PackFileError::TooLarge => anyhow!(
            "pack {} is larger than {} MB, the most a pack may be; nothing was written",
            shown(pack_path),
            MAX_PACK_BYTES / 1_000_000
        ),
        unreadable => anyhow!("cannot read pack {}: {unreadable}", shown(pack_path)),
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "pack {} is not UTF-8 text (first bad byte at offset {}); nothing was written",
            shown(pack_path),
            e.utf8_error().valid_up_to()
        )
    })?;
    // A byte order mark, as some editors write, is not part of the pack.
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
}

/// The first line of an invalid pack's report; `after` ends it ("nothing
/// was written").
fn invalid_heading(pack_path: &Path, problems: usize, after: &str) -> String {
    format!(
        "pack {} is invalid ({} problem{}){after}:",
        shown(pack_path),
        problems,
        if problems == 1 { "" } else { "s" }
    )
}

fn json_problems(pack_path: &Path, problems: &[PackProblem], after: &str) -> anyhow::Error {
    let mut lines = vec![invalid_heading(pack_path, problems.len(), after)];
    for p in problems {
        let at = p
            .position
            .map(|(l, c)| format!(":{l}:{c}"))
            .unwrap_or_default();
        let path = if p.path.is_empty() {
            String::new()
        } else {
            format!(" {}:", display_line_cut(&p.path, 200))
        };
        lines.push(format!(
            "  {}{at}:{path} {}",
            shown(pack_path),
            display_line_cut(&p.message, 400)
        ));
    }
    anyhow::Error::new(Lines(lines))
}

/// Reads and validates the pack at `pack_path`, whatever its form, with the
/// JSON text the session keeps of it (the file's own text for a JSON pack).
/// `after` ends the first line of an invalid pack's report.
pub(super) fn load_pack(pack_path: &Path, after: &str) -> anyhow::Result<(Pack, String)> {
    match PackForm::of(pack_path) {
        // One CSV file is one sheet of a pack, not a pack.
        PackForm::Json
            if pack_path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv")) =>
        {
            bail!(
                "cannot read pack {}: a pack in CSV is a folder of files, one per sheet (Conference.csv, Themes.csv, …); give the folder",
                shown(pack_path)
            )
        }
        PackForm::Json => {
            let text = read_pack_text(pack_path)?;
            let pack = parse_pack(&text).map_err(|p| json_problems(pack_path, &p, after))?;
            Ok((pack, text))
        }
        PackForm::Workbook | PackForm::CsvFolder => {
            match caseboard_workbook::read_pack(pack_path) {
                Ok(pack) => {
                    let text = json_pretty(&pack);
                    Ok((pack, text))
                }
                Err(WorkbookError::Unreadable(why)) => {
                    bail!("cannot read pack {}: {why}", shown(pack_path))
                }
                Err(WorkbookError::Invalid(problems)) => {
                    let mut lines = vec![invalid_heading(pack_path, problems.len(), after)];
                    for p in &problems {
                        let line = display_line_cut(&p.to_string(), 500);
                        lines.push(format!("  {}: {line}", shown(pack_path)));
                    }
                    Err(anyhow::Error::new(Lines(lines)))
                }
            }
        }
    }
}

/// What a pack holds, in one line: `56 priorities (40 designated
/// candidates, 16 statutory), 54 indicators, 25 objections; designated cap 35`.
pub(super) fn pack_summary(p: &Pack) -> String {
    let statutory = p
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Statutory)
        .count();
    format!(
        "{} priorities ({} designated candidates, {} statutory), {} indicators, {} objections; designated cap {}",
        p.priorities.len(),
        p.priorities.len() - statutory,
        statutory,
        p.indicators.len(),
        p.objections.len(),
        p.designated_cap()
    )
}

/// `pack check`: validates, creates nothing.
pub(super) fn check_pack(pack_path: &Path) -> anyhow::Result<bool> {
    let (pack, _) = load_pack(pack_path, "")?;
    out::print(&format!(
        "pack {} is valid: {}\n",
        shown(pack_path),
        pack_summary(&pack)
    ))?;
    Ok(true)
}

/// The forms a pack can be written in.
enum Target {
    Json,
    Xlsx,
    Csv,
}

fn target_of(output: &Path) -> anyhow::Result<Target> {
    let named_as_folder = output.as_os_str().to_string_lossy().ends_with('/');
    if output.is_dir() || named_as_folder {
        return Ok(Target::Csv);
    }
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => Ok(Target::Json),
        Some("xlsx") => Ok(Target::Xlsx),
        _ => bail!(
            "{}: say which form to write by the name: PACK.json, PACK.xlsx, or a folder (ending in /) for CSV files",
            shown(output)
        ),
    }
}

/// `pack convert`: the pack in another form. Nothing is written unless the
/// pack is valid and all of it could be laid out.
pub(super) fn convert_pack(pack_path: &Path, output: &Path) -> anyhow::Result<bool> {
    let target = target_of(output)?;
    let (pack, _) = load_pack(pack_path, "; nothing was written")?;
    let cannot = |why: String| anyhow!("{}: {why}; nothing was written", shown(output));
    match target {
        Target::Json => write_atomically(output, json_pretty(&pack).as_bytes())?,
        Target::Xlsx => write_atomically(output, &xlsx_bytes(Some(&pack)).map_err(cannot)?)?,
        Target::Csv => {
            let files = csv_files(&pack).map_err(cannot)?;
            if !output.exists() {
                std::fs::create_dir(output).map_err(|e| {
                    anyhow!(
                        "cannot make the folder {}: {}; nothing was written",
                        shown(output),
                        out::describe(&e)
                    )
                })?;
            }
            for (name, bytes) in files {
                write_atomically(&output.join(name), &bytes)?;
            }
        }
    }
    out::print(&format!(
        "wrote {}: {}\n",
        shown(output),
        pack_summary(&pack)
    ))?;
    Ok(true)
}

/// `template`: the workbook to fill in, from a pack if given. Never
/// replaces a file.
pub(super) fn write_template(output: &Path, from: Option<&Path>) -> anyhow::Result<bool> {
    let is_xlsx = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        bail!(
            "{}: the template is an xlsx workbook; give a name ending in .xlsx",
            shown(output)
        );
    }
    if output.exists() || output.is_symlink() {
        bail!(
            "{}: already exists; the template never replaces a file, so give a new name",
            shown(output)
        );
    }
    let pack = match from {
        Some(path) => Some(load_pack(path, "; nothing was written")?.0),
        None => None,
    };
    let bytes = xlsx_bytes(pack.as_ref())
        .map_err(|why| anyhow!("{}: {why}; nothing was written", shown(output)))?;
    let io = |error| StoreError::Io {
        path: output.to_path_buf(),
        error,
    };
    caseboard_store::put_in_place(None, output, "tmp", Placing::New, |tmp| {
        let mut file = std::fs::File::create(tmp).map_err(io)?;
        file.write_all(&bytes).map_err(io)
    })
    .map_err(|e| match e {
        StoreError::Io { error, .. } => anyhow!(
            "cannot write {}: {}; nothing was written there",
            shown(output),
            out::describe(&error)
        ),
        other => other.into(),
    })?;
    let said = match (&pack, from) {
        (Some(pack), Some(path)) => format!(
            "wrote {}: the pack {} to edit ({})\n",
            shown(output),
            shown(path),
            pack_summary(pack)
        ),
        _ => format!(
            "wrote {}: a template with one sheet per part of the pack; fill it in, then `caseboard pack check {}`\n",
            shown(output),
            shown(output)
        ),
    };
    out::print(&said)?;
    Ok(true)
}
