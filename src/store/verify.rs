//! `caseboard verify`: the file's integrity and the whole hash chain.

use super::{chain, schema, StoreError};
use crate::domain::EventBody;
use std::path::Path;

/// One thing wrong, with the first event it concerns when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub seq: Option<u64>,
    pub problem: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.seq {
            Some(seq) => write!(f, "event {seq}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: u64,
    /// The hash of the last event whose chain is intact.
    pub head_hash: String,
    pub findings: Vec<Finding>,
}

impl VerifyReport {
    pub fn is_sound(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Checks a session file without changing it: SQLite's `integrity_check`,
/// our marks, the pack's hash, the guard triggers, and every link of the chain.
pub fn verify(path: &Path) -> Result<VerifyReport, StoreError> {
    // A private copy of the file and its -wal: the live record, read
    // without creating anything beside the session.
    let copy = super::read_snapshot(path)?;
    let sqlite = |error| StoreError::Sqlite {
        path: path.to_path_buf(),
        error,
    };
    let conn = copy.connect().map_err(sqlite)?;
    let mut findings = Vec::new();
    let mut note = |seq: Option<u64>, problem: String| findings.push(Finding { seq, problem });

    if copy.wal.is_damaged() {
        note(None, super::wal_finding(path, &copy.wal));
    }

    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check(20)")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect())
        .map_err(sqlite)?;
    if integrity.first().map(String::as_str) != Some("ok") {
        note(
            None,
            format!("SQLite integrity_check: {}", super::one_line(&integrity)),
        );
    }

    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(sqlite)?;
    let pack_guards = schema::pack_guards();
    let expected_pack_guards = pack_guards
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2));
    for name in schema::GUARD_TRIGGERS
        .iter()
        .copied()
        .chain(expected_pack_guards)
    {
        match triggers.iter().find(|(n, _)| n == name) {
            None => note(None, format!("the guard trigger {name} is missing: the log or pack is no longer protected against edits")),
            Some((_, sql)) if !sql.contains("RAISE(ABORT") => {
                note(None, format!("the guard trigger {name} has been altered"))
            }
            Some(_) => {}
        }
    }

    let pack: Option<(String, String)> = conn
        .query_row("SELECT json, sha256 FROM pack WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok();
    let pack_sha = match pack {
        None => {
            note(None, "the imported pack is missing".into());
            String::new()
        }
        Some((json, sha)) => {
            let actual = chain::sha256_hex(json.as_bytes());
            if actual != sha {
                note(
                    None,
                    "the imported pack has been altered (its SHA-256 no longer matches)".into(),
                );
            }
            actual
        }
    };

    let mut stmt = conn
        .prepare("SELECT seq, at, actor, kind, priority, payload, prev_hash, hash FROM events ORDER BY rowid")
        .map_err(sqlite)?;
    let mut rows = stmt.query([]).map_err(sqlite)?;
    let mut expected_seq = 1u64;
    let mut prev = pack_sha.clone();
    let mut head = pack_sha;
    let mut count = 0u64;
    let mut chain_broken = false;
    while let Some(row) = rows.next().map_err(sqlite)? {
        count += 1;
        let seq: u64 = row.get(0).map_err(sqlite)?;
        let at: String = row.get(1).map_err(sqlite)?;
        let actor: String = row.get(2).map_err(sqlite)?;
        let kind: String = row.get(3).map_err(sqlite)?;
        let priority: Option<String> = row.get(4).map_err(sqlite)?;
        let payload: String = row.get(5).map_err(sqlite)?;
        let prev_hash: String = row.get(6).map_err(sqlite)?;
        let hash: String = row.get(7).map_err(sqlite)?;
        if chain_broken {
            continue;
        }
        let problem = if seq != expected_seq {
            Some(if seq > expected_seq {
                format!("expected event {expected_seq} next but found {seq}: events were deleted")
            } else {
                format!("expected event {expected_seq} next but found {seq}: events were inserted or reordered")
            })
        } else if prev_hash != prev {
            Some("its link to the previous event is broken: an event before it was changed, deleted or inserted".into())
        } else if chain::row_hash(
            &prev_hash,
            seq,
            &at,
            &actor,
            &kind,
            priority.as_deref(),
            &payload,
        ) != hash
        {
            Some("its content no longer matches its hash: the row was altered".into())
        } else if let Err(e) = EventBody::from_text(&kind, &payload) {
            Some(format!("its payload cannot be read: {e}"))
        } else {
            None
        };
        match problem {
            Some(p) => {
                note(Some(expected_seq.min(seq)), p);
                chain_broken = true;
            }
            None => {
                head = hash.clone();
                prev = hash;
                expected_seq += 1;
            }
        }
    }
    if count == 0 {
        note(
            None,
            "the event log is empty: its first event (the session's creation) is missing".into(),
        );
    }
    Ok(VerifyReport {
        events: count,
        head_hash: head,
        findings,
    })
}
