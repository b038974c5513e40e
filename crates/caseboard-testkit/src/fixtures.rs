//! Shared helpers for the store and command-line tests: a small valid pack,
//! a session made from it in a temporary folder, and a few file tools.

use caseboard_core::validate::parse_pack;
use caseboard_core::{Command, Outcome};
use caseboard_store::Store;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};
use tempfile::TempDir;

/// A small valid pack: `designated` designated priorities `P1..Pn` (each with
/// its own headline indicator `NI n`), one statutory priority `S1` (headline
/// `NI 72`, proposed target 2010/11 = 55), three attendees (`chair` local,
/// `go` regional, `dcsf` central) and one objection `O1` (evidence, raised by
/// `go`) against `P2`.
pub fn pack_value(cap: u32, designated: usize) -> Value {
    assert!(designated >= 2, "the helper pack needs P1 and P2");
    let mut indicators: Vec<Value> = (1..=designated)
        .map(|n| {
            json!({
                "code": format!("NI {n}"),
                "title": format!("Indicator number {n}"),
                "unit": "%",
                "polarity": "higher_is_better",
                "series": [
                    {"period": "2005/06", "value": 40.0},
                    {"period": "2006/07", "value": 42.5}
                ],
                "baseline": {"period": "2006/07", "value": 42.5},
                "proposed_target": {"period": "2010/11", "value": 50.0},
                "quality": "robust"
            })
        })
        .collect();
    indicators.push(json!({
        "code": "NI 72",
        "title": "Early years foundation stage attainment",
        "unit": "%",
        "proposed_target": {"period": "2010/11", "value": 55.0}
    }));
    let mut priorities: Vec<Value> = (1..=designated)
        .map(|n| {
            json!({
                "id": format!("P{n}"),
                "title": format!("Designated priority number {n}"),
                "kind": "designated",
                "themes": [if n % 2 == 0 { "ssc" } else { "cyp" }],
                "indicators": [format!("NI {n}")],
                "rationale": "poor_performance"
            })
        })
        .collect();
    priorities.push(json!({
        "id": "S1",
        "title": "Statutory early years target",
        "kind": "statutory",
        "themes": ["cyp"],
        "indicators": ["NI 72"]
    }));
    json!({
        "format": "caseboard-pack/1",
        "conference": {
            "title": "Testshire LAA case conference",
            "partnership": "Testshire Partnership",
            "government_office": "Government Office for Testing",
            "date": "2008-03-12",
            "designated_cap": cap
        },
        "themes": [
            {"id": "cyp", "name": "Children and Young People"},
            {"id": "ssc", "name": "Safer and Stronger Communities"}
        ],
        "attendees": [
            {"id": "chair", "name": "Ann Chair", "organisation": "Testshire County Council", "tier": "local", "role": "chair"},
            {"id": "go", "name": "Bob Regional", "organisation": "Government Office", "tier": "regional"},
            {"id": "dcsf", "name": "Cat Central", "organisation": "DCSF", "tier": "central"}
        ],
        "indicators": indicators,
        "priorities": priorities,
        "objections": [
            {"id": "O1", "priority": "P2", "text": "The evidence for this is thin", "kind": "evidence", "raised_by": "go"}
        ]
    })
}

/// The default helper pack: cap 35, three designated priorities.
pub fn default_pack() -> Value {
    pack_value(35, 3)
}

/// Writes a pack as pretty JSON (so line:column positions mean something).
pub fn write_pack(dir: &Path, name: &str, pack: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(pack).unwrap()).unwrap();
    path
}

/// A session in its own temporary folder; the folder goes when this drops.
pub struct Session {
    pub dir: TempDir,
    pub path: PathBuf,
    pub pack_text: String,
}

impl Session {
    /// A file name next to the session.
    pub fn sibling(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Creates a session from `pack` through the library (no handle is kept open).
pub fn session_from(pack: &Value) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conf.caseboard");
    let pack_text = serde_json::to_string_pretty(pack).unwrap();
    let parsed = parse_pack(&pack_text).unwrap_or_else(|p| panic!("helper pack invalid: {p:?}"));
    let store = Store::create(&path, &pack_text, &parsed, "tester").unwrap();
    drop(store);
    Session {
        dir,
        path,
        pack_text,
    }
}

/// A session from the default pack.
pub fn session() -> Session {
    session_from(&default_pack())
}

pub fn decide(priority: &str, outcome: Outcome, rationale: &str) -> Command {
    Command::Decide {
        priority: priority.to_string(),
        outcome,
        rationale: rationale.to_string(),
        local: false,
        target: None,
    }
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `path` with `suffix` appended to the whole name (`x.caseboard-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// Opens the file with a plain SQLite connection, bypassing caseboard.
pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// The SQL of the event log's guard triggers, so a test can drop them,
/// tamper with the log, and put them back (as a careful forger would).
pub fn guard_trigger_sql(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events' ORDER BY name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<(String, String)>, _>>()
        .unwrap();
    assert_eq!(rows.len(), 4, "the four guard triggers on events");
    rows
}

/// Runs `sql` against the event log with its guard triggers dropped, then
/// recreates them, so the only trace left is in the data itself.
pub fn tamper_events(path: &Path, sql: &str) {
    let conn = raw(path);
    let triggers = guard_trigger_sql(&conn);
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name};"))
            .unwrap();
    }
    conn.execute_batch(sql).unwrap();
    for (_, create) in &triggers {
        conn.execute_batch(create).unwrap();
    }
}

/// The stored hash of the event `seq`.
pub fn row_hash_of(path: &Path, seq: u64) -> String {
    raw(path)
        .query_row("SELECT hash FROM events WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Records `command` through `store` as `actor`, as a note-taker's screen
/// does, and folds what was committed (another writer's entries first) into
/// `board`. Panics if it is refused or fails. Returns the new event.
pub fn record_and_fold(
    store: &mut Store,
    board: &mut caseboard_core::Board,
    actor: &str,
    command: Command,
) -> caseboard_core::Event {
    let shown = format!("{command:?}");
    let recorded = store
        .record(board, actor, command)
        .unwrap_or_else(|e| panic!("{shown}: {e}"));
    for e in recorded.caught_up.iter().chain([&recorded.event]) {
        board.apply(e);
    }
    recorded.event
}

/// Records `commands` as `actor` into the session at `path`, one after
/// another, through a writer closed afterwards.
pub fn record_all(path: &Path, actor: &str, commands: impl IntoIterator<Item = Command>) {
    let mut store = Store::open(path, caseboard_store::Mode::ReadWrite).unwrap();
    let (_, mut board) = store.load().unwrap();
    for command in commands {
        record_and_fold(&mut store, &mut board, actor, command);
    }
}

// ------------------------------------------------------ the binary under test
//
// Only an integration test of the root package knows where the binary is
// (`env!("CARGO_BIN_EXE_caseboard")`), so each of these takes its path.

/// The binary as user `tester`: an inherited `CASEBOARD_AS` would record
/// entries as someone else.
pub fn caseboard_as_tester(bin: &str) -> Process {
    let mut c = Process::new(bin);
    c.env_remove("CASEBOARD_AS").env("USER", "tester");
    c
}

/// Runs `bin ARGS` as `tester`; whatever it answers, it must not have
/// panicked.
pub fn run_as_tester(bin: &str, args: &[&str]) -> Output {
    let out = caseboard_as_tester(bin).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    out
}

/// A path as a command-line argument.
pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The real user id of this process.
pub fn uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|u| u.parse().ok())
        .expect("a Uid line")
}

/// The binary `bin` run as user `id` (root can switch with setpriv);
/// `None` when this machine cannot run a command as another user.
pub fn as_user(bin: &str, id: u32) -> Option<Process> {
    if uid() == id {
        return Some(caseboard_as_tester(bin));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    if uid() != 0 {
        return None;
    }
    let mut c = Process::new(setpriv);
    c.args([
        format!("--reuid={id}"),
        format!("--regid={id}"),
        "--clear-groups".to_string(),
        bin.to_string(),
    ]);
    c.env_remove("CASEBOARD_AS")
        .env("USER", format!("user{id}"));
    Some(c)
}
