//! A small pack for the core's own tests: two designated priorities `P1`
//! and `P2` under a cap of 1, one statutory `S1` (proposed target 2010/11 =
//! 55), attendees `chair` (Ann Chair) and `go` (Bob Regional), and the
//! pack's objection `O1` against `P2`, raised by `go`.

use crate::validate::parse_pack;
use crate::{Board, Pack};
use std::sync::Arc;

pub const PACK: &str = r#"{
  "format": "caseboard-pack/1",
  "conference": {
    "title": "Testshire LAA case conference",
    "partnership": "Testshire Partnership",
    "government_office": "Government Office for Testing",
    "date": "2008-03-12",
    "designated_cap": 1
  },
  "themes": [{"id": "cyp", "name": "Children and Young People"}],
  "attendees": [
    {"id": "chair", "name": "Ann Chair", "organisation": "Testshire County Council", "tier": "local", "role": "chair"},
    {"id": "go", "name": "Bob Regional", "organisation": "Government Office", "tier": "regional"}
  ],
  "indicators": [
    {"code": "NI 1", "title": "Indicator one", "unit": "%", "proposed_target": {"period": "2010/11", "value": 50.0}},
    {"code": "NI 2", "title": "Indicator two", "unit": "%"},
    {"code": "NI 72", "title": "Early years", "unit": "%", "proposed_target": {"period": "2010/11", "value": 55.0}}
  ],
  "priorities": [
    {"id": "P1", "title": "Priority one", "kind": "designated", "themes": ["cyp"], "indicators": ["NI 1"], "rationale": "poor_performance"},
    {"id": "P2", "title": "Priority two", "kind": "designated", "themes": ["cyp"], "indicators": ["NI 2"], "rationale": "poor_performance"},
    {"id": "S1", "title": "Statutory early years", "kind": "statutory", "themes": ["cyp"], "indicators": ["NI 72"]}
  ],
  "objections": [
    {"id": "O1", "priority": "P2", "text": "The evidence is thin", "kind": "evidence", "raised_by": "go"}
  ]
}"#;

pub fn pack() -> Arc<Pack> {
    Arc::new(parse_pack(PACK).expect("the test pack is valid"))
}

pub fn board() -> Board {
    Board::new(pack())
}

/// When the tests' events are recorded: 10:00 UTC on the conference day,
/// a minute later for each event before.
pub fn at(board: &Board) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2008, 3, 12, 10, 0, 0)
        .single()
        .expect("a valid time")
        + chrono::Duration::minutes(board.last_seq() as i64)
}

/// Records `command` on `board` as the store would: the rules, then the fold.
pub fn record(
    board: &mut Board,
    command: crate::Command,
) -> Result<(crate::Event, Vec<crate::Warning>), crate::Refusal> {
    let (event, warnings) = crate::rules::apply(board, command, "Note Taker", at(board))?;
    board.apply(&event);
    Ok((event, warnings))
}
