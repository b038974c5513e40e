//! The commands that open a screen: `open`, `present`, `review`, and the
//! bundled demo.

use super::{Actor, DEMO_PACK, DEMO_SESSION};
use anyhow::{anyhow, bail, Context};
use caseboard_core::validate::parse_pack;
use caseboard_store::{Mode, Store};
use caseboard_tui::app::App;
use std::io::IsTerminal;
use std::path::Path;

pub(super) fn open_tui(file: &Path, actor: String) -> anyhow::Result<bool> {
    needs_terminal(file, "open")?;
    let (store, board) = Store::open_and_fold_for_screen(file, Mode::ReadWrite)?;
    // Known now why nothing can be written (this user may not, the file has
    // several names, its -wal is damaged): the screen opens read-only, saying
    // why, instead of refusing each entry after it is typed.
    let refusal = store.write_refusal();
    let mut app = App::new(
        board,
        actor,
        refusal.is_some(),
        file.display().to_string(),
        chrono::Local::now().fixed_offset(),
    );
    if let Some(refusal) = refusal {
        caseboard_tui::app::update(
            &mut app,
            caseboard_tui::app::Action::StoreFailed(refusal.to_string()),
        );
    }
    caseboard_tui::runtime::run(store, app)?;
    Ok(true)
}

fn needs_terminal(file: &Path, command: &str) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "{}: `caseboard {command}` needs a terminal; for scripts use `caseboard board`, `decide` or `object`",
            file.display()
        );
    }
    Ok(())
}

pub(super) fn present_tui(file: &Path, light: bool, test_card: bool) -> anyhow::Result<bool> {
    needs_terminal(file, "present")?;
    let (store, board) = Store::open_and_fold_for_screen(file, Mode::Follow)?;
    let mut app = App::new(
        board,
        String::new(),
        true,
        file.display().to_string(),
        chrono::Local::now().fixed_offset(),
    );
    app.presenting = true;
    app.light = light;
    app.test_card = test_card;
    caseboard_tui::runtime::run(store, app)?;
    Ok(true)
}

pub(super) fn review_tui(file: &Path) -> anyhow::Result<bool> {
    needs_terminal(file, "review")?;
    let (store, events, board) = Store::open_and_load_for_review(file)?;
    let app = App::for_review(
        board,
        events,
        file.display().to_string(),
        chrono::Local::now().fixed_offset(),
    );
    caseboard_tui::runtime::run(store, app)?;
    Ok(true)
}

pub(super) fn demo() -> anyhow::Result<bool> {
    let file = Path::new(DEMO_SESSION);
    if !file.exists() {
        let dir = Path::new("sessions");
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        let pack = parse_pack(DEMO_PACK)
            .map_err(|p| anyhow!("the embedded demo pack is invalid: {}", p[0]))?;
        Store::create(file, DEMO_PACK, &pack, "demo")?;
    }
    open_tui(file, Actor { name: None }.resolve())
}
