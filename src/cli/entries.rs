//! The commands that write to the record: `new` (a session from a pack)
//! and the entries recorded without the screen (`decide`, `object`,
//! `close`, `reopen`).

use super::{out, shown, Lines};
use anyhow::{anyhow, bail};
use caseboard_core::text::{display_line, display_line_cut};
use caseboard_core::validate::{parse_pack, MAX_PACK_BYTES};
use caseboard_core::Command as DomainCommand;
use caseboard_store::{Mode, RecordError, Store};
use std::io::Read;
use std::path::Path;

/// Reads a pack's text, refusing one beyond [`MAX_PACK_BYTES`] before
/// reading it all (a FIFO or device that never ends included).
fn read_pack(pack_path: &Path) -> anyhow::Result<String> {
    let cannot = |e: std::io::Error| {
        anyhow!(
            "cannot read pack {}: {}",
            shown(pack_path),
            out::describe(&e)
        )
    };
    let file = std::fs::File::open(pack_path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() {
        bail!(
            "cannot read pack {}: it is a folder, not a pack file",
            shown(pack_path)
        );
    }
    let too_big = || {
        anyhow!(
            "pack {} is larger than {} MB, the most a pack may be; nothing was written",
            shown(pack_path),
            MAX_PACK_BYTES / 1_000_000
        )
    };
    if meta.len() > MAX_PACK_BYTES as u64 {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(MAX_PACK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_PACK_BYTES {
        return Err(too_big());
    }
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

pub(super) fn new_session(file: &Path, pack_path: &Path, actor: &str) -> anyhow::Result<bool> {
    if file.is_dir() {
        bail!(
            "{}: is a folder; give the name of the session file to create, such as {}",
            shown(file),
            shown(&file.join("conference.caseboard"))
        );
    }
    let text = read_pack(pack_path)?;
    let pack = parse_pack(&text).map_err(|problems| {
        let mut lines = vec![format!(
            "pack {} is invalid ({} problem{}); nothing was written:",
            shown(pack_path),
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )];
        for p in &problems {
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
    })?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            bail!(
                "{}: the folder {} does not exist",
                file.display(),
                dir.display()
            );
        }
    }
    let store = Store::create(file, &text, &pack, actor)?;
    let p = store.pack();
    let statutory = p
        .priorities
        .iter()
        .filter(|p| p.kind == caseboard_core::pack::PriorityKind::Statutory)
        .count();
    out::print(&format!(
        "created {}: {} priorities ({} designated candidates, {} statutory), {} indicators, {} objections; designated cap {}\n",
        shown(file),
        p.priorities.len(),
        p.priorities.len() - statutory,
        statutory,
        p.indicators.len(),
        p.objections.len(),
        p.designated_cap()
    ))
    .map_err(|e| e.after(format!("created {}", shown(file))))?;
    Ok(true)
}

pub(super) fn record(file: &Path, actor: &str, command: DomainCommand) -> anyhow::Result<bool> {
    let (mut store, board) = Store::open_and_fold(file, Mode::ReadWrite)?;
    // A one-shot process: the board is left for the exit to free, rather
    // than freed piece by piece (a large part of the command's time on a
    // large session). The store itself closes in order.
    let board = std::mem::ManuallyDrop::new(board);
    // The store closes (its checkpoint run) only after the entry is
    // acknowledged: the entry is durable once committed.
    match store.record(&board, actor, command) {
        Ok(recorded) => {
            for w in &recorded.warnings {
                out::eprint(&format!(
                    "caseboard: warning: {}\n",
                    display_line(&w.to_string())
                ));
            }
            let e = &recorded.event;
            out::print(&format!(
                "recorded #{} {}{}: {}\n",
                e.seq,
                e.body.kind(),
                e.body
                    .priority()
                    .map(|p| format!(" {}", display_line(p)))
                    .unwrap_or_default(),
                display_line_cut(&e.body.describe(&board), 400)
            ))
            .map_err(|err| err.after(format!("{}: recorded #{}", shown(file), e.seq)))?;
            Ok(true)
        }
        Err(RecordError::Refused(refusal)) => bail!("{}: not recorded: {refusal}", file.display()),
        Err(RecordError::Store(e)) => Err(e.into()),
    }
}
