//! The command line (clap). Each command opens the session, does one thing,
//! and reports in plain text. Errors are one sentence naming the file.

mod csv;
mod export;
mod minutes;
mod report;
mod summary;

use crate::app::{parse_target, App};
use crate::domain::pack::ObjectionKind;
use crate::domain::validate::parse_pack;
use crate::domain::{Command as DomainCommand, Outcome};
use crate::store::{Mode, RecordError, Store};
use anyhow::{anyhow, bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The demo pack, embedded so `caseboard` alone works from any folder.
pub const DEMO_PACK: &str = include_str!("../../assets/packs/demo.json");
pub const DEMO_SESSION: &str = "sessions/demo.caseboard";

#[derive(Debug, Parser)]
#[command(
    name = "caseboard",
    version,
    about = "Run a Local Area Agreement case conference from the terminal, with every decision durably on the record.",
    long_about = "Run a Local Area Agreement case conference from the terminal, with every decision durably on the record.\n\nWith no command, opens the bundled demo (creating sessions/demo.caseboard in this folder if needed)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Actor {
    /// Who the entries are recorded as [default: $CASEBOARD_AS, else $USER]
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
}

impl Actor {
    fn resolve(&self) -> String {
        self.name
            .clone()
            .or_else(|| std::env::var("CASEBOARD_AS").ok())
            .or_else(|| std::env::var("USER").ok())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "note-taker".to_string())
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    Accept,
    Reject,
    Defer,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// The full record: pack, every event, and the board derived from them
    Json,
    /// Minutes to circulate (Markdown): attendees, the summary, targets,
    /// objections, actions, a timeline, and the hash chain's head
    Md,
    /// The decisions (CSV): one row per decision ever recorded, superseded ones marked
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a pack and create a new session file from it (never overwrites)
    New {
        /// The session file to create, e.g. sessions/westmarsh.caseboard
        file: PathBuf,
        /// The conference pack (JSON; see assets/pack.schema.json)
        #[arg(long, value_name = "PACK.json")]
        pack: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// The live board, read-write: record decisions from the keyboard
    Open {
        file: PathBuf,
        #[command(flatten)]
        actor: Actor,
    },
    /// The projector view, read-only: follows the note-taker's entries live
    Present { file: PathBuf },
    /// Review a session offline, read-only: the timeline of every event, and the board as it stood at any of them
    Review { file: PathBuf },
    /// Record a decision without the TUI
    Decide {
        file: PathBuf,
        /// The priority's id, e.g. P07
        priority: String,
        #[arg(value_enum)]
        outcome: OutcomeArg,
        /// Why (required for reject and defer)
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        rationale: String,
        /// With reject: keep it as a local priority
        #[arg(long)]
        local: bool,
        /// With accept: the agreed target for the headline indicator, e.g. 2010/11=120
        #[arg(long, value_name = "PERIOD=VALUE")]
        target: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Raise an objection without the TUI
    Object {
        file: PathBuf,
        /// The priority's id, e.g. P07
        priority: String,
        /// What the objection says
        #[arg(long, allow_hyphen_values = true)]
        text: String,
        /// evidence, indicator_quality, local_not_designated, resourcing, ownership, counter_proposal or other
        #[arg(long, default_value = "other", value_parser = parse_kind)]
        kind: ObjectionKind,
        /// The attendee raising it (their id in the pack)
        #[arg(long, value_name = "ATTENDEE")]
        by: Option<String>,
        /// For a counter-proposal: the indicator code proposed instead
        #[arg(long, value_name = "CODE")]
        alternative: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// Seal the session: refused while items are undecided unless --force with a --reason
    Close {
        file: PathBuf,
        /// Close even though items are undecided
        #[arg(long, requires = "reason")]
        force: bool,
        /// Why (required with --force); goes on the record and in the minutes
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Reopen a closed session; the reason goes on the record
    Reopen {
        file: PathBuf,
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
        #[command(flatten)]
        actor: Actor,
    },
    /// Print the current board as plain text
    Board { file: PathBuf },
    /// Print the event log, oldest first, one event a line
    Log { file: PathBuf },
    /// Export the record
    Export {
        file: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write here (atomically) instead of to stdout
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Check the file's integrity and the event log's hash chain (exit 1 if unsound)
    Verify { file: PathBuf },
    /// Copy a session to a new self-contained file, safely even while it is open and being written elsewhere (never overwrites)
    Backup {
        /// The session to copy
        file: PathBuf,
        /// The copy to create; it must not exist
        out: PathBuf,
    },
    /// Compare many sessions (a region): per headline indicator, the outcomes, agreed targets and objection kinds across areas
    ///
    /// Each session is opened read-only. A file that cannot be read is reported on stderr and skipped; the exit status is 0 if at least one session was summarised.
    Summary {
        /// The session files, one per area
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// How to print the summary
        #[arg(long, value_enum, default_value = "text")]
        format: summary::SummaryFormat,
    },
}

fn parse_kind(s: &str) -> Result<ObjectionKind, String> {
    ObjectionKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ObjectionKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "\"{s}\" is not an objection kind; use one of {}",
            all.join(", ")
        )
    })
}

/// The outcome of a command: `Ok(true)` success, `Ok(false)` a failed check (exit 1).
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        None => demo(),
        Some(Command::New { file, pack, actor }) => new_session(&file, &pack, &actor.resolve()),
        Some(Command::Open { file, actor }) => open_tui(&file, actor.resolve()),
        Some(Command::Present { file }) => present_tui(&file),
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
                .map(|t| parse_target(&t))
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
            },
        ),
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
            let store = Store::open_for_review(&file)?;
            let (_, board) = store.load()?;
            warn_notices(&store);
            print(&report::board_text(&board))
        }
        Some(Command::Log { file }) => {
            let store = Store::open_for_review(&file)?;
            let (events, _) = store.load()?;
            warn_notices(&store);
            print(&report::log_text(&events))
        }
        Some(Command::Export {
            file,
            format,
            output,
        }) => {
            let store = Store::open_for_review(&file)?;
            let text = match format {
                ExportFormat::Json => export::json(&store)?,
                ExportFormat::Md => minutes::markdown(&store)?,
                ExportFormat::Csv => csv::decisions(&store)?,
            };
            warn_notices(&store);
            match output {
                None => print(&text),
                Some(out) => {
                    if same_file(&out, &file) {
                        bail!(
                            "{}: refusing to export over the session itself (or its -wal or -shm); choose another -o",
                            out.display()
                        );
                    }
                    write_atomically(&out, text.as_bytes())?;
                    Ok(true)
                }
            }
        }
        Some(Command::Verify { file }) => {
            let report = crate::store::verify(&file)?;
            let mut out = std::io::stdout().lock();
            // The path is printed as typed: never let it drive the terminal.
            let shown = crate::domain::text::display_line(&file.display().to_string());
            if report.is_sound() {
                writeln!(
                    out,
                    "{}: sound: {} events, integrity ok, hash chain intact",
                    shown, report.events
                )?;
                writeln!(out, "head hash: {}", report.head_hash)?;
                Ok(true)
            } else {
                for f in &report.findings {
                    // Findings quote what the file holds: cleaned like any stored text.
                    let finding = crate::domain::text::display_line(&f.to_string());
                    writeln!(out, "{shown}: {finding}")?;
                }
                writeln!(
                    out,
                    "{}: NOT sound ({} problem{})",
                    shown,
                    report.findings.len(),
                    if report.findings.len() == 1 { "" } else { "s" }
                )?;
                writeln!(out, "head hash of the intact part: {}", report.head_hash)?;
                Ok(false)
            }
        }
        Some(Command::Backup { file, out }) => {
            let copy = crate::store::backup(&file, &out)?;
            println!(
                "backed up {} to {}: {} events, {} bytes, quick_check ok",
                crate::domain::text::display_line(&file.display().to_string()),
                crate::domain::text::display_line(&copy.path.display().to_string()),
                copy.events,
                copy.bytes
            );
            println!("head hash: {}", copy.head_hash);
            Ok(true)
        }
        Some(Command::Summary { files, format }) => summary::run(&files, format),
    }
}

fn print(text: &str) -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`caseboard log f | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(true),
        other => other.map(|_| true).map_err(Into::into),
    }
}

fn new_session(file: &Path, pack_path: &Path, actor: &str) -> anyhow::Result<bool> {
    let text = std::fs::read(pack_path)
        .with_context(|| format!("cannot read pack {}", pack_path.display()))?;
    let text = String::from_utf8(text).map_err(|e| {
        anyhow!(
            "pack {} is not UTF-8 text (first bad byte at offset {}); nothing was written",
            pack_path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let pack = parse_pack(&text).map_err(|problems| {
        let mut msg = format!(
            "pack {} is invalid ({} problem{}); nothing was written:",
            pack_path.display(),
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        for p in &problems {
            let at = p
                .position
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default();
            let path = if p.path.is_empty() {
                String::new()
            } else {
                format!(" {}:", crate::domain::text::display_line_cut(&p.path, 200))
            };
            msg.push_str(&format!(
                "\n  {}{at}:{path} {}",
                pack_path.display(),
                crate::domain::text::display_line_cut(&p.message, 400)
            ));
        }
        anyhow!(msg)
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
        .filter(|p| p.kind == crate::domain::pack::PriorityKind::Statutory)
        .count();
    println!(
        "created {}: {} priorities ({} designated candidates, {} statutory), {} indicators, {} objections; designated cap {}",
        file.display(),
        p.priorities.len(),
        p.priorities.len() - statutory,
        statutory,
        p.indicators.len(),
        p.objections.len(),
        p.designated_cap()
    );
    Ok(true)
}

/// What the store found untrustworthy in what it read, one line each.
fn warn_notices(store: &Store) {
    for notice in store.notices() {
        eprintln!(
            "caseboard: warning: {}",
            crate::domain::text::display_line(&notice)
        );
    }
}

fn record(file: &Path, actor: &str, command: DomainCommand) -> anyhow::Result<bool> {
    let mut store = Store::open(file, Mode::ReadWrite)?;
    let (_, board) = store.load()?;
    match store.record(&board, actor, command) {
        Ok(recorded) => {
            for w in &recorded.warnings {
                eprintln!(
                    "caseboard: warning: {}",
                    crate::domain::text::display_line(&w.to_string())
                );
            }
            let e = &recorded.event;
            println!(
                "recorded #{} {}{}: {}",
                e.seq,
                e.body.kind(),
                e.body
                    .priority()
                    .map(|p| format!(" {}", crate::domain::text::display_line(p)))
                    .unwrap_or_default(),
                crate::domain::text::display_line_cut(&e.body.describe(), 400)
            );
            Ok(true)
        }
        Err(RecordError::Refused(refusal)) => bail!("{}: not recorded: {refusal}", file.display()),
        Err(RecordError::Store(e)) => Err(e.into()),
    }
}

fn open_tui(file: &Path, actor: String) -> anyhow::Result<bool> {
    needs_terminal(file, "open")?;
    let store = Store::open_checking_in_background(file, Mode::ReadWrite)?;
    let (_, board) = store.load()?;
    let app = App::new(
        board,
        actor,
        false,
        file.display().to_string(),
        chrono::Local::now().fixed_offset(),
    );
    crate::runtime::run(store, app)?;
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

fn present_tui(file: &Path) -> anyhow::Result<bool> {
    needs_terminal(file, "present")?;
    let store = Store::open_checking_in_background(file, Mode::Follow)?;
    let (_, board) = store.load()?;
    let mut app = App::new(
        board,
        String::new(),
        true,
        file.display().to_string(),
        chrono::Local::now().fixed_offset(),
    );
    app.presenting = true;
    crate::runtime::run(store, app)?;
    Ok(true)
}

fn review_tui(file: &Path) -> anyhow::Result<bool> {
    needs_terminal(file, "review")?;
    let store = Store::open_for_review(file)?;
    let (events, board) = store.load()?;
    let app = App::for_review(
        board,
        events,
        file.display().to_string(),
        chrono::Local::now().fixed_offset(),
    );
    crate::runtime::run(store, app)?;
    Ok(true)
}

fn demo() -> anyhow::Result<bool> {
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

/// Whether two paths name the same existing file.
/// Whether writing `out` would replace the session `session`: the same
/// file (by path or by hard link), or its `-wal` or `-shm`.
fn same_file(out: &Path, session: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let identity = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
    let Some(target) = identity(out) else {
        return false;
    };
    ["", "-wal", "-shm"].iter().any(|suffix| {
        let mut side = session.as_os_str().to_owned();
        side.push(suffix);
        identity(Path::new(&side)) == Some(target)
    })
}

/// Writes `bytes` to `path` via a temporary file and a rename, so readers
/// see the old file or the whole new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        bail!("cannot write {}: {e}", path.display());
    }
    Ok(())
}
