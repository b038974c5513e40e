//! Writes a generated session of any size, for measuring by hand and for
//! the instruction-count script: `make-session OUT [EVENTS] [PRIORITIES]`.
//! Indicators and objections scale with the priorities as in SPEC §7's
//! large session (500 priorities, 2,000 indicators, 3,000 objections).

use caseboard_testkit::synthetic::{session, Size};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        anyhow::bail!("usage: make-session OUT [EVENTS] [PRIORITIES]");
    };
    let events: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(20_000);
    let priorities: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(500);
    let size = Size {
        priorities,
        indicators: priorities * 4,
        objections: priorities * 6,
        events,
    };
    session(&out, size, 2008, 500)?;
    println!(
        "{}: {events} events, {priorities} priorities",
        out.display()
    );
    Ok(())
}
