use std::process::ExitCode;

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) then fails the write that meets it,
    // which is reported in one sentence with nothing half-written, instead
    // of killing the process part-way.
    // SAFETY: setting a signal's disposition to "ignore" at start, before
    // any other thread exists, has no memory-safety conditions.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    caseboard::cli::main()
}
