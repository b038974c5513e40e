//! The command line's shape: the commands, their arguments and help.

use super::summary;
use caseboard_core::pack::ObjectionKind;
use caseboard_core::text::display_line_cut;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    pub(super) fn resolve(&self) -> String {
        self.name
            .clone()
            .or_else(|| std::env::var("CASEBOARD_AS").ok())
            .or_else(|| std::env::var("USER").ok())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "note-taker".to_string())
    }
}

/// What to do with a priority's speakers queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpeakerAction {
    /// Add ATTENDEE to the end of the queue
    Queue,
    /// Give the floor to the first in the queue
    Next,
    /// Take ATTENDEE out of the queue; if they have the floor, their turn ends (its time kept)
    Remove,
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
    /// Minutes to circulate (Markdown): the decisions, actions, objections,
    /// attendance, time and speakers, and the hash chain's head
    Md,
    /// The same minutes as one HTML page with a chart per decided priority,
    /// to read in a browser or print to PDF (A4)
    Html,
    /// The same minutes as a Word document (DOCX) with a contents list and
    /// the charts as pictures, for editing before circulation (written with -o only)
    Docx,
    /// The decisions (CSV): one row per decision ever recorded, superseded ones marked
    Csv,
    /// The targets, statutory targets, local priorities, deferrals, actions and
    /// objections as a workbook (xlsx, written with -o only)
    Xlsx,
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
        /// The conference pack: JSON (see assets/pack.schema.json), a workbook
        /// (xlsx, xls, xlsb or ods, as `caseboard template` writes) or a folder of CSV files
        #[arg(long, value_name = "PACK")]
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
    Present {
        file: PathBuf,
        /// Dark text on a light background, for a bright room
        #[arg(long)]
        light: bool,
        /// Show the test card instead: the text sizes and colours the
        /// projector uses, labelled, to check from the back of the room
        #[arg(long)]
        test_card: bool,
    },
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
        /// The alternative's title, when the pack does not hold that indicator
        #[arg(
            long,
            value_name = "TITLE",
            requires = "alternative",
            allow_hyphen_values = true
        )]
        alternative_title: Option<String>,
        #[command(flatten)]
        actor: Actor,
    },
    /// The speakers queue without the TUI: queue someone, call the next, or take someone out
    Speaker {
        file: PathBuf,
        /// The priority's id, e.g. P07
        priority: String,
        #[arg(value_enum)]
        action: SpeakerAction,
        /// The attendee (their id in the pack); for queue and remove
        #[arg(required_if_eq_any([("action", "queue"), ("action", "remove")]))]
        attendee: Option<String>,
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
        /// In the minutes (md, html, docx): add every entry on the record as an appendix
        #[arg(long)]
        timeline: bool,
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
    /// Write a workbook to fill in: one sheet per part of the pack, a note on every column, drop-down lists for every choice and reference (never overwrites)
    Template {
        /// The workbook to create, e.g. westmarsh.xlsx
        #[arg(value_name = "OUT.xlsx")]
        out: PathBuf,
        /// Fill it from this pack (JSON, a workbook or a folder of CSV files), to start from last year's
        #[arg(long, value_name = "PACK")]
        from: Option<PathBuf>,
    },
    /// Check or convert a pack without creating a session
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
}

/// `caseboard pack ...`: packs without a session.
#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Validate a pack (JSON, a workbook or a folder of CSV files) without creating anything; every problem at once (exit 1)
    Check {
        /// The pack: PACK.json, PACK.xlsx (or .xls, .xlsb, .ods), or a folder of CSV files
        pack: PathBuf,
    },
    /// Convert a pack between its forms, losslessly: JSON, xlsx, or a folder of CSV files
    Convert {
        /// The pack to read: PACK.json, PACK.xlsx (or .xls, .xlsb, .ods), or a folder of CSV files
        pack: PathBuf,
        /// What to write: OUT.json, OUT.xlsx, or a folder (ending in /) for CSV files named after the sheets.
        /// A file there is replaced; nothing is written if the pack is invalid
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
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
