//! The one way commands print. Every line any command writes to stdout or
//! stderr goes through [`print`] or [`eprint`], so no write can panic:
//! a reader that went away (`caseboard log s | head -1`) stops the command
//! quietly, as Unix tools do, and any other failure (`> /dev/full`) becomes
//! one sentence that first says what was already done.

use std::fmt;
use std::io::{self, Write};

/// Why something could not be printed.
#[derive(Debug)]
pub enum PrintError {
    /// The reader closed the pipe: not an error, the command just stops.
    Closed,
    /// Any other write error, with what had already been done, if anything.
    Failed {
        done: Option<String>,
        stream: &'static str,
        error: io::Error,
    },
}

impl PrintError {
    /// Says what was done before the print failed, e.g. "recorded #16".
    pub fn after(self, what: impl Into<String>) -> Self {
        match self {
            PrintError::Failed { stream, error, .. } => PrintError::Failed {
                done: Some(what.into()),
                stream,
                error,
            },
            closed => closed,
        }
    }
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintError::Closed => write!(f, "the reader closed the pipe"),
            PrintError::Failed {
                done: Some(done),
                stream,
                error,
            } => write!(
                f,
                "{done}, but could not print to {stream}: {}",
                describe(error)
            ),
            PrintError::Failed {
                done: None,
                stream,
                error,
            } => write!(f, "could not print to {stream}: {}", describe(error)),
        }
    }
}

impl std::error::Error for PrintError {}

/// An I/O error as words: "no space left on device", without the
/// "(os error 28)" that means nothing to a reader.
pub use caseboard_core::text::io_error_words as describe;

fn write_to(mut w: impl Write, stream: &'static str, text: &str) -> Result<(), PrintError> {
    w.write_all(text.as_bytes())
        .and_then(|()| w.flush())
        .map_err(|e| failure(stream, e))
}

/// What a failed write to `stream` means: the reader went away, or a failure.
fn failure(stream: &'static str, error: io::Error) -> PrintError {
    match error.kind() {
        io::ErrorKind::BrokenPipe => PrintError::Closed,
        _ => PrintError::Failed {
            done: None,
            stream,
            error,
        },
    }
}

/// Stdout for output written as it is made (an export), buffered: check
/// what its writes return with [`stdout_failed`].
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// A write to [`stdout`] that failed, as [`print_output`] reports it: a
/// reader that went away early is no failure.
pub fn stdout_failed(error: io::Error) -> Result<(), PrintError> {
    match failure("stdout", error) {
        PrintError::Closed => Ok(()),
        failed => Err(failed),
    }
}

/// Writes `text` to stdout as it is: callers clean what they print.
pub fn print(text: &str) -> Result<(), PrintError> {
    write_to(io::stdout().lock(), "stdout", text)
}

/// As [`print`] for output whose command has its own verdict: a reader
/// that went away early (`| head`) is no failure, and the exit status
/// still tells.
pub fn print_output(text: &str) -> Result<(), PrintError> {
    match print(text) {
        Err(PrintError::Closed) => Ok(()),
        other => other,
    }
}

/// Writes `text` to stderr. A message that cannot be shown has nowhere
/// else to go, so failures are ignored; the exit status still tells.
pub fn eprint(text: &str) {
    let _ = write_to(io::stderr().lock(), "stderr", text);
}
