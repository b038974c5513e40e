//! The real programs the document tests open their output with
//! (Chromium, LibreOffice, poppler's tools): whether each is here, and
//! LibreOffice's conversion as its users run it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Whether `program` runs here (`program arg` starts). When it does not,
/// says so with `hint` (how to install it) and the test skips, except
/// under CI, where `.ci/run` installs it, so its absence fails the test.
pub fn installed(program: &str, arg: &str, hint: &str) -> bool {
    let found = Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        let message = format!("{program} is not installed {hint}");
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped: {message}");
    }
    found
}

/// `libreoffice --headless --convert-to FORM FILE` into `outdir`, with a
/// profile of its own (so tests running at once do not share one, and
/// nothing of the user's is read or changed).
pub fn libreoffice_convert(file: &Path, form: &str, outdir: &Path) -> Output {
    let profile = tempfile::tempdir().expect("a temporary folder");
    Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            form,
            "--outdir",
        ])
        .arg(outdir)
        .arg(file)
        .output()
        .expect("libreoffice runs")
}
