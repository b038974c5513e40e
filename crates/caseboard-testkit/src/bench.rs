//! What the benches share to report their figures.

use std::path::{Path, PathBuf};

/// Criterion's median estimate for one benchmark of the last run, in
/// nanoseconds: under `CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else the workspace's `target/criterion`.
pub fn median(group: &str, name: &str) -> Option<f64> {
    let dir = std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(|t| Path::new(&t).join("criterion")))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/criterion"));
    let text =
        std::fs::read_to_string(dir.join(group).join(name).join("new/estimates.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

/// The `p` quantile (0..=1) of `samples`, nearest rank; NaN when empty.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let i = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1;
    s[i]
}

/// Milliseconds, as the figures are quoted.
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A bar's verdict, said plainly.
pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// How a figure grows from `small` to `large` events (10× apart):
/// log(large/small)/log(10); 1.0 is linear.
pub fn growth_exponent(small: f64, large: f64, ratio: f64) -> f64 {
    (large / small).ln() / ratio.ln()
}

/// The sizes the growth figures are taken at, as `make-session` makes
/// them: indicators ×4 and objections ×6 the priorities.
pub fn size(events: usize, priorities: usize) -> crate::synthetic::Size {
    crate::synthetic::Size {
        priorities,
        indicators: priorities * 4,
        objections: priorities * 6,
        events,
    }
}

/// The seed of every cached session (`make-session`'s).
pub const SEED: u64 = 2008;

/// A generated session of `size`, made once and kept in `cache` (keyed by
/// size and seed) for later runs: 200,000 events take minutes to make. Made
/// under a temporary name and renamed, so an interrupted run leaves none
/// half-made. A session `make-session OUT EVENTS PRIORITIES` wrote is the
/// same file and may be copied in under the name this returns. The name
/// says the file keeps its board (`kept2`: with the version that kept it),
/// as a screen that closed it leaves it: a cache made before is not used.
pub fn cached_session(cache: &Path, size: crate::synthetic::Size) -> anyhow::Result<PathBuf> {
    let path = cache.join(format!(
        "s{}-p{}-i{}-o{}-seed{SEED}-kept2.caseboard",
        size.events, size.priorities, size.indicators, size.objections
    ));
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(cache)?;
    let partial = cache.join(format!("making-{}.caseboard", std::process::id()));
    eprintln!(
        "making {} ({} events; kept for later runs)…",
        path.display(),
        size.events
    );
    crate::synthetic::session(&partial, size, SEED, 500)?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

/// Copies `session` to `to` (nothing of an earlier copy's -wal or -shm
/// kept), for a run that writes to it or takes its lock.
pub fn fresh_copy(session: &Path, to: &Path) -> std::io::Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = to.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::copy(session, to).map(|_| ())
}
