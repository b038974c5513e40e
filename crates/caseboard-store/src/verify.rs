//! `caseboard verify`: the file's integrity and the whole hash chain.

use super::integrity::{self, ChainWalk, Row};
use super::{chain, StoreError};
use caseboard_core::{Board, EventBody, Pack};
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

    for problem in super::checks::guard_problems(&conn).map_err(sqlite)? {
        note(None, problem);
    }

    let pack: Option<(String, String)> = conn
        .query_row("SELECT json, sha256 FROM pack WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok();
    let pack_sha = match &pack {
        None => {
            note(None, "the imported pack is missing".into());
            String::new()
        }
        Some((json, sha)) => {
            let actual = chain::sha256_hex(json.as_bytes());
            if actual != *sha {
                note(
                    None,
                    "the imported pack has been altered (its SHA-256 no longer matches)".into(),
                );
            }
            actual
        }
    };
    // The tables the views read must say what the chained pack says.
    let mut parsed_pack = None;
    if let Some((json, _)) = &pack {
        match serde_json::from_str::<Pack>(json) {
            Err(e) => note(None, format!("the imported pack cannot be read ({e})")),
            Ok(parsed) => {
                match integrity::compare_pack_tables(&conn, &parsed) {
                    Ok(differences) => {
                        for d in differences {
                            note(None, d);
                        }
                    }
                    Err(e) => note(None, format!("the pack's tables cannot be read ({e})")),
                }
                parsed_pack = Some(std::sync::Arc::new(parsed));
            }
        }
    }
    // A board kept for quick opens must be the log's own fold up to the
    // event it names: the log is folded that far below and compared.
    let kept = super::kept::read_stored(&conn);
    let mut kept_fold = match (&kept, parsed_pack) {
        (Some(_), Some(pack)) => Some(Board::new(pack)),
        _ => None,
    };
    let mut kept_hash = None;
    // Whether the log could be folded that far: an unreadable pack or event
    // is reported on its own, and the kept board not blamed as well.
    let mut foldable = kept_fold.is_some();

    // Every row is looked at, even after the chain breaks or a row cannot
    // be read, so each unreadable event is reported.
    let mut stmt = conn
        .prepare("SELECT seq, at, actor, kind, priority, payload, prev_hash, hash FROM events ORDER BY rowid")
        .map_err(sqlite)?;
    let mut rows = stmt.query([]).map_err(sqlite)?;
    let mut walk = ChainWalk::new(pack_sha);
    let mut count = 0u64;
    while let Some(row) = rows.next().map_err(sqlite)? {
        count += 1;
        let seq: u64 = row.get(0).map_err(sqlite)?;
        let columns = (|| -> Result<Row, String> {
            let column = |i: usize, name: &str| {
                row.get_ref(i)
                    .map_err(|e| e.to_string())
                    .and_then(|v| integrity::text(v, name))
            };
            Ok(Row {
                columns: chain::RowColumns {
                    seq,
                    at: column(1, "time")?,
                    actor: column(2, "actor")?,
                    kind: column(3, "kind")?,
                    priority: row
                        .get_ref(4)
                        .map_err(|e| e.to_string())
                        .and_then(|v| integrity::optional_text(v, "priority"))?,
                    payload: column(5, "payload")?,
                },
                prev_hash: column(6, "link to the previous event")?,
                hash: column(7, "hash")?,
            })
        })();
        match columns {
            Err(detail) => {
                note(Some(seq), format!("cannot be read ({detail})"));
                walk.unreadable(seq, &detail);
                if kept.as_ref().is_some_and(|k| seq <= k.seq) {
                    foldable = false;
                }
            }
            Ok(row) => {
                let intact = walk.broken().is_none();
                walk.step(&row);
                if intact && walk.broken().is_none() {
                    if let Err(e) = EventBody::from_text(row.columns.kind, row.columns.payload) {
                        note(Some(seq), format!("its payload cannot be read: {e}"));
                    }
                }
                if let (Some(kept), Some(board)) = (&kept, &mut kept_fold) {
                    if seq <= kept.seq {
                        match super::event_of(&row.columns, path) {
                            Ok(event) => board.apply(&event),
                            Err(_) => foldable = false,
                        }
                    }
                    if seq == kept.seq {
                        kept_hash = Some(row.hash.to_string());
                    }
                }
            }
        }
    }
    // The first break of the chain, unless it is an unreadable row already
    // reported above.
    if let Some(b) = walk.broken() {
        if !findings
            .iter()
            .any(|f| f.seq == Some(b.seq) && f.problem.starts_with("cannot be read"))
        {
            findings.push(Finding {
                seq: Some(b.seq),
                problem: b.problem.clone(),
            });
        }
    }
    if let Some(kept) = &kept {
        let at = kept.seq;
        let problem = if kept_hash.as_deref() != Some(kept.hash.as_str()) {
            Some(super::kept::other_hash(at))
        } else {
            let unreadable = kept_fold
                .as_ref()
                .and_then(|b| Board::from_kept(b.pack().clone(), &kept.state).err());
            match (&kept_fold, unreadable) {
                (_, Some(why)) => Some(super::kept::unreadable(&why)),
                // The pack or an event it needs cannot be read: said above.
                _ if !foldable => None,
                (Some(board), None) if board.last_seq() == at && board.kept() == kept.state => None,
                _ => Some(super::kept::not_the_logs(at)),
            }
        };
        if let Some(problem) = problem {
            findings.push(Finding { seq: None, problem });
        }
    }
    if count == 0 {
        findings.push(Finding {
            seq: None,
            problem: "the event log is empty: its first event (the session's creation) is missing"
                .into(),
        });
    }
    Ok(VerifyReport {
        events: count,
        head_hash: walk.head_hash().to_string(),
        findings,
    })
}
