//! The command line (clap). Each command opens the session, does one thing,
//! and reports in plain text. Errors are one sentence naming the file.

pub mod out;

use anyhow::{anyhow, bail, Context};
use caseboard_core::pack::ObjectionKind;
use caseboard_core::text::{display, display_line, display_line_cut};
use caseboard_core::validate::{parse_pack, MAX_PACK_BYTES};
use caseboard_core::{Command as DomainCommand, Outcome};
use caseboard_report::{csv, export, minutes, report, summary};
use caseboard_store::{Mode, Placing, RecordError, Store, StoreError};
use caseboard_tui::app::App;
use clap::{Args, Parser, Subcommand, ValueEnum};
use out::PrintError;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SummaryFormatArg {
    /// A readable report, one block per indicator
    Text,
    /// One row per indicator and area (RFC 4180)
    Csv,
    /// The whole summary as one JSON document
    Json,
}

impl From<SummaryFormatArg> for summary::SummaryFormat {
    fn from(f: SummaryFormatArg) -> Self {
        match f {
            SummaryFormatArg::Text => summary::SummaryFormat::Text,
            SummaryFormatArg::Csv => summary::SummaryFormat::Csv,
            SummaryFormatArg::Json => summary::SummaryFormat::Json,
        }
    }
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
        /// Write here (atomically) instead of to stdout; `-` is stdout.
        /// Only a regular file is replaced, never a folder, device, FIFO or socket,
        /// nor a file named like a session's -wal, -shm or -journal
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
        format: SummaryFormatArg,
    },
}

fn parse_kind(s: &str) -> Result<ObjectionKind, String> {
    ObjectionKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ObjectionKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "\"{}\" is not an objection kind; use one of {}",
            display_line_cut(s, 60),
            all.join(", ")
        )
    })
}

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
    match out::print(&text) {
        Ok(()) | Err(PrintError::Closed) => ExitCode::from(code),
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
            let (events, board) = store.load()?;
            warn_notices(&store);
            print(&report::log_text(&board, &events))
        }
        Some(Command::Export {
            file,
            format,
            output,
        }) => {
            // `-o -` is stdout, as for most tools.
            let output = output.filter(|o| o.as_os_str() != "-");
            // Refused before the session is even opened: nothing is read
            // or written for an output that may not be replaced.
            if let Some(out) = &output {
                caseboard_store::check_replaceable(out)?;
                if caseboard_store::is_session_or_side_file(out, &file) {
                    bail!(
                        "{}: refusing to export over the session itself (or its -wal or -shm); choose another -o",
                        out.display()
                    );
                }
            }
            let store = Store::open_for_review(&file)?;
            let record = store.read_record(matches!(format, ExportFormat::Json))?;
            let text = match format {
                ExportFormat::Json => export::json(&record),
                ExportFormat::Md => minutes::markdown(&record),
                ExportFormat::Csv => csv::decisions(&record),
            };
            warn_notices(&store);
            match output {
                None => print(&text),
                Some(out) => {
                    write_atomically(&out, text.as_bytes())?;
                    Ok(true)
                }
            }
        }
        Some(Command::Verify { file }) => {
            let report = caseboard_store::verify(&file)?;
            // The path is printed as typed: never let it drive the terminal.
            let shown = shown(&file);
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
            match out::print(&text) {
                // Cut short by the reader: the exit status still gives the verdict.
                Ok(()) | Err(PrintError::Closed) => Ok(report.is_sound()),
                Err(e) => Err(e.into()),
            }
        }
        Some(Command::Backup { file, out }) => {
            let copy = caseboard_store::backup(&file, &out)?;
            let (from, to) = (shown(&file), shown(&copy.path));
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
        Some(Command::Summary { files, format }) => {
            let summary = summary::summarise(summary_inputs(&files));
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
    }
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

/// Prints a read command's output; a reader that goes away early is no error.
fn print(text: &str) -> anyhow::Result<bool> {
    out::print(text)?;
    Ok(true)
}

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

fn new_session(file: &Path, pack_path: &Path, actor: &str) -> anyhow::Result<bool> {
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

/// What the store found untrustworthy in what it read (a damaged `-wal`, a
/// broken chain), one line each on stderr: the output is what could be
/// read, not the whole truth. Asked after the log is loaded, since the
/// chain is walked as it is read.
fn warn_notices(store: &Store) {
    for notice in store.notices() {
        out::eprint(&format!("caseboard: warning: {}\n", display_line(&notice)));
    }
}

fn record(file: &Path, actor: &str, command: DomainCommand) -> anyhow::Result<bool> {
    let mut store = Store::open(file, Mode::ReadWrite)?;
    let (_, board) = store.load()?;
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

fn open_tui(file: &Path, actor: String) -> anyhow::Result<bool> {
    needs_terminal(file, "open")?;
    let store = Store::open_checking_in_background(file, Mode::ReadWrite)?;
    let (_, board) = store.load()?;
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
    caseboard_tui::runtime::run(store, app)?;
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
    caseboard_tui::runtime::run(store, app)?;
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

/// Writes `bytes` to `path` via a temporary file and a rename, so readers
/// see the old file or the whole new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let path = caseboard_store::through_link(path);
    // Checked again here, just before writing: the name may have changed
    // since the command started.
    caseboard_store::check_replaceable(&path)?;
    let write = |tmp: &Path| {
        std::fs::File::create(tmp)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|error| StoreError::Io {
                path: path.clone(),
                error,
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
