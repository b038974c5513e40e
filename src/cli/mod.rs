//! The command line (clap). Each command opens the session, does one thing,
//! and reports in plain text. Errors are one sentence naming the file.

mod args;
mod entries;
pub mod out;
mod outputs;
mod packs;
mod screens;

pub use args::*;
use entries::{new_session, record};
use outputs::{backup_file, export_record, summarise_files, verify_file};
pub use outputs::{summary_inputs, write_atomically};
use packs::{check_pack, convert_pack, write_template};
use screens::{demo, open_tui, present_tui, review_tui};

use anyhow::anyhow;
use caseboard_core::text::{display, display_line};
use caseboard_core::{Command as DomainCommand, Outcome};
use caseboard_report::{report, summary};
use caseboard_store::{Mode, Store};
use clap::Parser;
use out::PrintError;
use std::path::Path;
use std::process::ExitCode;

/// The demo pack, embedded so `caseboard` alone works from any folder.
pub const DEMO_PACK: &str = include_str!("../../assets/packs/demo.json");
pub const DEMO_SESSION: &str = "sessions/demo.caseboard";

/// A failure that is a list, one problem a line (a pack's problems). Every
/// other error prints as one line.
#[derive(Debug)]
pub struct Lines(pub Vec<String>);

impl std::fmt::Display for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for Lines {}

/// The whole program: parse the arguments, run the command, report. Every
/// byte it prints, clap's own messages included, passes through the one
/// cleaner and the one writer.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // The reader went away: stop quietly, as Unix tools do.
        Err(e) if matches!(e.downcast_ref::<PrintError>(), Some(PrintError::Closed)) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            report(&e);
            ExitCode::from(1)
        }
    }
}

/// Prints an error on stderr: one line (or, for a [`Lines`], one line a
/// problem), whatever the paths and text it quotes contain.
fn report(e: &anyhow::Error) {
    let text = match e.downcast_ref::<Lines>() {
        Some(Lines(lines)) => lines
            .iter()
            .map(|l| display_line(l))
            .collect::<Vec<_>>()
            .join("\n"),
        None => display_line(&format!("{e:#}")),
    };
    out::eprint(&format!("caseboard: {text}\n"));
}

/// clap's help, version and usage errors, printed through the cleaner:
/// clap strips escape sequences only when stderr is not a terminal. Exit 0
/// for help and version, 2 for a usage error.
fn usage(e: &clap::Error) -> ExitCode {
    let mut text = e.render().to_string();
    // A value quoted in the message stays on its one line, whatever it holds.
    // clap's text has escape sequences stripped, so each value is looked
    // for both as typed and as stripped.
    let mut args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .flat_map(|a| [clap::builder::StyledStr::from(a.clone()).to_string(), a])
        .filter(|a| display_line(a) != *a)
        .collect();
    args.sort_by_key(|a| std::cmp::Reverse(a.len()));
    for a in &args {
        text = text.replace(a.as_str(), &display_line(a));
    }
    let text = display(&text);
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    if e.use_stderr() {
        out::eprint(&text);
        return ExitCode::from(code);
    }
    match out::print_output(&text) {
        Ok(()) => ExitCode::from(code),
        Err(failed) => {
            out::eprint(&format!("caseboard: {failed}\n"));
            ExitCode::from(1)
        }
    }
}

/// A path as it is printed: on one line, inert.
fn shown(path: &Path) -> String {
    display_line(&path.display().to_string())
}

/// The outcome of a command: `Ok(true)` success, `Ok(false)` a failed check (exit 1).
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        None => demo(),
        Some(Command::New { file, pack, actor }) => new_session(&file, &pack, &actor.resolve()),
        Some(Command::Open { file, actor }) => open_tui(&file, actor.resolve()),
        Some(Command::Present {
            file,
            light,
            test_card,
        }) => present_tui(&file, light, test_card),
        Some(Command::Review { file }) => review_tui(&file),
        Some(Command::Decide {
            file,
            priority,
            outcome,
            rationale,
            local,
            target,
            actor,
        }) => {
            let target = target
                .map(|t| caseboard_core::parse_target(&t))
                .transpose()
                .map_err(|e| anyhow!("--target: {e}"))?;
            let outcome = match outcome {
                OutcomeArg::Accept => Outcome::Accept,
                OutcomeArg::Reject => Outcome::Reject,
                OutcomeArg::Defer => Outcome::Defer,
            };
            record(
                &file,
                &actor.resolve(),
                DomainCommand::Decide {
                    priority,
                    outcome,
                    rationale,
                    local,
                    target,
                },
            )
        }
        Some(Command::Object {
            file,
            priority,
            text,
            kind,
            by,
            alternative,
            alternative_title,
            actor,
        }) => record(
            &file,
            &actor.resolve(),
            DomainCommand::RaiseObjection {
                priority,
                text,
                kind,
                raised_by: by,
                alternative,
                alternative_title,
            },
        ),
        Some(Command::Speaker {
            file,
            priority,
            action,
            attendee,
            actor,
        }) => {
            if action == SpeakerAction::Next && attendee.is_some() {
                return Err(anyhow!(
                    "{}: not recorded: next gives the floor to the first in the queue, so it names nobody",
                    file.display()
                ));
            }
            // clap requires the attendee for queue and remove.
            let attendee = attendee.unwrap_or_default();
            let command = match action {
                SpeakerAction::Queue => DomainCommand::QueueSpeaker { priority, attendee },
                SpeakerAction::Next => DomainCommand::CallNextSpeaker { priority },
                SpeakerAction::Remove => DomainCommand::RemoveSpeaker { priority, attendee },
            };
            record(&file, &actor.resolve(), command)
        }
        Some(Command::Close {
            file,
            force,
            reason,
            actor,
        }) => record(
            &file,
            &actor.resolve(),
            DomainCommand::Close { force, reason },
        ),
        Some(Command::Reopen {
            file,
            reason,
            actor,
        }) => record(&file, &actor.resolve(), DomainCommand::Reopen { reason }),
        Some(Command::Board { file }) => {
            let (store, board) = Store::open_and_fold(&file, Mode::ReadOnly)?;
            warn_notices(&store);
            let printed = print(&report::board_text(&board));
            // A one-shot read: what it read is freed by the exit, at once.
            std::mem::forget(board);
            printed
        }
        Some(Command::Log { file }) => {
            let (store, events, board) = Store::open_and_load_for_review(&file)?;
            warn_notices(&store);
            let printed = print(&report::log_text(&board, &events));
            std::mem::forget((events, board));
            printed
        }
        Some(Command::Export {
            file,
            format,
            output,
            timeline,
        }) => export_record(&file, format, output, timeline),
        Some(Command::Verify { file }) => verify_file(&file),
        Some(Command::Backup { file, out }) => backup_file(&file, &out),
        Some(Command::Summary { files, format }) => summarise_files(&files, format),
        Some(Command::Template { out, from }) => write_template(&out, from.as_deref()),
        Some(Command::Pack {
            command: PackCommand::Check { pack },
        }) => check_pack(&pack),
        Some(Command::Pack {
            command: PackCommand::Convert { pack, output },
        }) => convert_pack(&pack, &output),
    }
}

/// Prints a read command's output; a reader that goes away early is no error.
fn print(text: &str) -> anyhow::Result<bool> {
    out::print_output(text)?;
    Ok(true)
}

/// What the store found untrustworthy in what it read (a damaged `-wal`, a
/// broken chain), one line each on stderr: the output is what could be
/// read, not the whole truth. Asked after the log is loaded, since the
/// chain is walked as it is read.
fn warn_notices(store: &Store) {
    for notice in store.notices() {
        out::eprint(&format!("caseboard: warning: {}\n", display_line(&notice)));
    }
}
