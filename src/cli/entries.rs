//! The commands that write to the record: `new` (a session from a pack)
//! and the entries recorded without the screen (`decide`, `object`,
//! `close`, `reopen`).

use super::packs::{load_pack, pack_summary};
use super::{out, shown};
use anyhow::bail;
use caseboard_core::text::{display_line, display_line_cut};
use caseboard_core::Command as DomainCommand;
use caseboard_store::{Mode, RecordError, Store};
use std::path::Path;

pub(super) fn new_session(file: &Path, pack_path: &Path, actor: &str) -> anyhow::Result<bool> {
    if file.is_dir() {
        bail!(
            "{}: is a folder; give the name of the session file to create, such as {}",
            shown(file),
            shown(&file.join("conference.caseboard"))
        );
    }
    let (pack, text) = load_pack(pack_path, "; nothing was written")?;
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
    out::print(&format!(
        "created {}: {}\n",
        shown(file),
        pack_summary(store.pack())
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
