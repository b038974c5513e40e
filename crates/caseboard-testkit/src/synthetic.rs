//! Generated packs of any size, for benchmarks and tests. The figures are
//! invented; the shape is a real conference's.

use caseboard_core::board::{ObjectionStatus, Status};
use caseboard_core::event::{EventBody, Outcome};
use caseboard_core::meeting::{Answer, Position, Question};
use caseboard_core::pack::{ObjectionKind, Pack, PeriodValue, PriorityKind, Tier};
use caseboard_core::rules::{self, Command};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Event};
use caseboard_store::Store;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

const QUALITIES: [&str; 3] = ["robust", "adequate", "weak"];
const THEMES: [&str; 4] = ["cyp", "ssc", "hcop", "ede"];

/// A valid pack with `priorities` priorities (one in ten statutory),
/// `indicators` indicators and `objections` objections.
pub fn pack(priorities: usize, indicators: usize, objections: usize) -> String {
    let indicators = indicators.max(1);
    let themes: Vec<Value> = ["cyp", "ssc", "hcop", "ede"]
        .iter()
        .zip([
            "Children and Young People",
            "Safer and Stronger Communities",
            "Healthier Communities and Older People",
            "Economic Development and Enterprise",
        ])
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    let tiers = ["local", "regional", "central"];
    let attendees: Vec<Value> = (0..12)
        .map(|i| json!({"id": format!("a{i}"), "name": format!("Attendee {i}"), "organisation": format!("Organisation {i}"), "tier": tiers[i % 3]}))
        .collect();
    let indicator_list: Vec<Value> = (0..indicators)
        .map(|i| {
            let base = 20.0 + (i % 50) as f64;
            json!({
                "code": format!("NI {}", i + 1),
                "title": format!("Synthetic indicator {} of the generated set", i + 1),
                "unit": "%",
                "polarity": if i % 2 == 0 { "higher_is_better" } else { "lower_is_better" },
                "series": [
                    {"period": "2005/06", "value": base},
                    {"period": "2006/07", "value": base + 1.5},
                    {"period": "2007/08", "value": base + 2.0}
                ],
                "baseline": {"period": "2007/08", "value": base + 2.0},
                "proposed_target": {"period": "2010/11", "value": base + 6.0},
                "comparators": {"England": base + 1.0, "Region": base - 1.0},
                "quality": QUALITIES[i % 3],
                "breakdown": [{"area": "North", "value": base}, {"area": "South", "value": base + 4.0}]
            })
        })
        .collect();
    let priority_list: Vec<Value> = (0..priorities)
        .map(|i| {
            json!({
                "id": format!("P{:04}", i + 1),
                "title": format!("Generated priority {} for the board", i + 1),
                "kind": if i % 10 == 9 { "statutory" } else { "designated" },
                "themes": [THEMES[i % 4]],
                "indicators": [format!("NI {}", (i % indicators) + 1), format!("NI {}", ((i + 7) % indicators) + 1)],
                "summary": "A generated summary of why the partnership proposes this priority.",
                "evidence": [{"text": "Generated evidence line.", "source": "Generated source"}],
                "timebox_minutes": 10
            })
        })
        .collect();
    let kinds = [
        "evidence",
        "indicator_quality",
        "local_not_designated",
        "resourcing",
        "ownership",
        "other",
    ];
    let objection_list: Vec<Value> = (0..objections)
        .map(|i| {
            json!({
                "id": format!("O{:05}", i + 1),
                "priority": format!("P{:04}", (i % priorities.max(1)) + 1),
                "text": format!("Generated objection {} about the evidence and the target.", i + 1),
                "kind": kinds[i % kinds.len()],
                "raised_by": format!("a{}", i % 12)
            })
        })
        .collect();
    let doc = json!({
        "format": "caseboard-pack/1",
        "conference": {"title": "Generated conference (illustrative figures)", "partnership": "Generated Partnership", "government_office": "Generated Government Office", "date": "2008-03-12"},
        "themes": themes,
        "attendees": attendees,
        "indicators": indicator_list,
        "priorities": priority_list,
        "objections": objection_list
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The size of a generated session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub priorities: usize,
    pub indicators: usize,
    pub objections: usize,
    /// Rows in the event log, the session's creation included.
    pub events: usize,
}

/// The large session the quality bars are measured on (SPEC §7).
pub const LARGE: Size = Size {
    priorities: 500,
    indicators: 2000,
    objections: 3000,
    events: 20_000,
};

const RATIONALES: [&str; 8] = [
    "Data two years in arrears; revisit when the Place Survey baseline is published",
    "Partners could not agree the lead agency in the time allowed",
    "Already covered by the statutory education targets",
    "Stretch not affordable within the three-year settlement",
    "Strong local evidence of need; the PCT and the police both commit resources",
    "Indicator quality too weak to set a target against",
    "Government Office asks for a trajectory before it will sign off",
    "Kept for the delivery plan but not as a designated target",
];

const NOTES: [&str; 5] = [
    "Answered by the revised baseline in the evidence pack",
    "The partnership board will take this up in June",
    "Raised in error: covered under another priority",
    "Resolved by naming the PCT as joint lead",
    "",
];

/// A small deterministic pseudo-random sequence (xorshift64*): the same
/// seed always gives the same conference.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Generates the commands a long conference records: decisions (accepts
/// within the designated cap, rejects and deferrals with a rationale, and
/// decisions that supersede earlier ones), and objections raised, resolved
/// and withdrawn. Every command it returns is allowed on the board it was
/// given (checked with [`caseboard_core::rules::check`]).
///
/// [`Script::meeting`] adds the rest of what a meeting records: items taken
/// up, timers started and stopped, checklist answers, tier positions, the
/// speakers queue, and the session closed and reopened.
#[derive(Debug, Clone)]
pub struct Script {
    rng: Rng,
    /// Out of 100, how often a command is one of the meeting's other
    /// entries rather than a decision or an objection.
    meeting: usize,
}

impl Script {
    /// Decisions and objections only: the mix the benchmarks were first
    /// measured on, kept so their figures stay comparable.
    pub fn new(seed: u64) -> Self {
        Script {
            rng: Rng::new(seed),
            meeting: 0,
        }
    }

    /// Every kind of entry a meeting records.
    pub fn meeting(seed: u64) -> Self {
        Script {
            rng: Rng::new(seed),
            meeting: 40,
        }
    }

    /// The next command and the event body it becomes on `board`.
    pub fn next(&mut self, board: &Board) -> (Command, EventBody) {
        let (command, event) = self.event(board, "", DateTime::UNIX_EPOCH);
        (command, event.body)
    }

    /// The next command and the event it becomes on `board`, recorded by
    /// `actor` at `at` ([`rules::apply`], as the store records it).
    pub fn event(&mut self, board: &Board, actor: &str, at: DateTime<Utc>) -> (Command, Event) {
        loop {
            let command = self.candidate(board);
            if let Ok((event, _)) = rules::apply(board, command.clone(), actor, at) {
                return (command, event);
            }
        }
    }

    fn rationale(&mut self) -> String {
        let n = self.rng.below(1000);
        format!(
            "{} (minute {n})",
            RATIONALES[self.rng.below(RATIONALES.len())]
        )
    }

    /// About 55% decisions, 15% objections raised, 18% resolved and 12%
    /// withdrawn (raised instead when none is open).
    fn candidate(&mut self, board: &Board) -> Command {
        if board.closed().is_some() {
            return Command::Reopen {
                reason: "The chair reopened the session for a late item".to_string(),
            };
        }
        // No draw for the decisions-only mix, so its sessions stay the ones
        // the benchmarks were measured on.
        if self.meeting > 0 && self.rng.below(100) < self.meeting {
            return self.meeting_entry(board);
        }
        let roll = self.rng.below(100);
        if roll < 55 {
            return self.decide(board);
        }
        if roll >= 70 {
            if let Some(objection) = self.open_objection(board) {
                let note = NOTES[self.rng.below(NOTES.len())].to_string();
                return if roll < 88 {
                    // A resolution says how: an empty draw takes the first note.
                    let note = if note.is_empty() {
                        NOTES[0].to_string()
                    } else {
                        note
                    };
                    Command::ResolveObjection { objection, note }
                } else {
                    Command::WithdrawObjection { objection, note }
                };
            }
        }
        self.raise(board)
    }

    /// Taking up (12%), timers (15%), checklist (20%), tier positions
    /// (20%), speakers queued (18%) and called (12%), closing (3%, forced
    /// with a reason while items are undecided).
    fn meeting_entry(&mut self, board: &Board) -> Command {
        let p = &board.priorities()[self.rng.below(board.priorities().len())];
        let priority = p.id.clone();
        let attendees = &board.pack().attendees;
        let roll = self.rng.below(100);
        if roll < 12 {
            Command::TakeUp { priority }
        } else if roll < 27 {
            Command::ToggleTimer { priority }
        } else if roll < 47 {
            Command::AnswerChecklist {
                priority,
                question: Question::ALL[self.rng.below(Question::ALL.len())],
                answer: Answer::ALL[self.rng.below(Answer::ALL.len())],
            }
        } else if roll < 67 {
            Command::RecordPosition {
                priority,
                tier: [Tier::Local, Tier::Regional, Tier::Central][self.rng.below(3)],
                position: Position::ALL[self.rng.below(Position::ALL.len())],
            }
        } else if roll < 85 && !attendees.is_empty() {
            Command::QueueSpeaker {
                priority,
                attendee: attendees[self.rng.below(attendees.len())].id.clone(),
            }
        } else if roll < 97 {
            Command::CallNextSpeaker { priority }
        } else {
            Command::Close {
                force: true,
                reason: "Out of time; the rest go to the June board".to_string(),
            }
        }
    }

    fn open_objection(&mut self, board: &Board) -> Option<String> {
        let all = board.objections();
        (0..64)
            .map(|_| &all[self.rng.below(all.len())])
            .find(|o| o.status == ObjectionStatus::Open)
            .map(|o| o.id.clone())
    }

    fn raise(&mut self, board: &Board) -> Command {
        let pack = board.pack();
        let priority = board.priorities()[self.rng.below(board.priorities().len())]
            .id
            .clone();
        let kinds = ObjectionKind::ALL;
        let kind = kinds[self.rng.below(kinds.len())];
        let alternative = (kind == ObjectionKind::CounterProposal && !pack.indicators.is_empty())
            .then(|| {
                pack.indicators[self.rng.below(pack.indicators.len())]
                    .code
                    .clone()
            });
        let raised_by = (!pack.attendees.is_empty() && self.rng.below(10) > 0).then(|| {
            pack.attendees[self.rng.below(pack.attendees.len())]
                .id
                .clone()
        });
        Command::RaiseObjection {
            priority,
            text: format!(
                "The trajectory assumes funding that is not yet agreed (raised in discussion, point {})",
                self.rng.below(10_000)
            ),
            kind,
            raised_by,
            alternative,
            alternative_title: None,
        }
    }

    fn decide(&mut self, board: &Board) -> Command {
        let p = &board.priorities()[self.rng.below(board.priorities().len())];
        let statutory = p.kind == PriorityKind::Statutory;
        let already = matches!(p.status, Status::Accepted { .. });
        let room = board.designated_accepted() < board.cap();
        let roll = self.rng.below(100);
        let outcome = if roll < 35 && (statutory || already || room) {
            Outcome::Accept
        } else if roll < 65 && !statutory {
            Outcome::Reject
        } else {
            Outcome::Defer
        };
        let target = (outcome == Outcome::Accept && self.rng.below(2) == 0).then(|| PeriodValue {
            period: "2010/11".to_string(),
            value: 20.0 + self.rng.below(600) as f64 / 10.0,
        });
        let rationale = if outcome == Outcome::Accept && target.is_none() && self.rng.below(3) == 0
        {
            String::new()
        } else {
            self.rationale()
        };
        Command::Decide {
            priority: p.id.clone(),
            outcome,
            rationale,
            local: outcome == Outcome::Reject && self.rng.below(3) == 0,
            target,
        }
    }
}

/// The pack of a [`Size`], parsed.
pub fn parsed_pack(size: Size) -> (String, Pack) {
    let text = pack(size.priorities, size.indicators, size.objections);
    let parsed = match parse_pack(&text) {
        Ok(p) => p,
        Err(problems) => panic!(
            "the generated pack is invalid: {}",
            problems.first().map(|p| p.to_string()).unwrap_or_default()
        ),
    };
    (text, parsed)
}

/// Folds `n` generated events into `board` in memory, each checked by the
/// rules as the store checks them, and returns them. Times are a minute of
/// conference every 30 events, from 09:30 UTC on the pack's date.
pub fn play(board: &mut Board, n: usize, seed: u64) -> Vec<Event> {
    let start = DateTime::from_timestamp(1_205_314_200, 0).unwrap_or_default();
    let mut script = Script::new(seed);
    let mut events = Vec::with_capacity(n);
    for _ in 0..n {
        let at = start + chrono::Duration::seconds((board.last_seq() + 1) as i64 * 2);
        let (_, event) = script.event(board, "Synthetic note-taker", at);
        board.apply(&event);
        events.push(event);
    }
    events
}

/// A board of `size` folded in memory (no file): the pack plus
/// `size.events - 1` generated events (the session's creation is the first).
pub fn board(size: Size, seed: u64) -> Board {
    let (_, pack) = parsed_pack(size);
    let mut board = Board::new(Arc::new(pack));
    play(&mut board, size.events.saturating_sub(1), seed);
    board
}

/// Creates a session file at `path` holding `size.events` events in all
/// (its creation included), written through [`Store::record_all`] in
/// transactions of `batch` commands, as a note-taker's screen would record
/// them. The store is closed again before this returns.
pub fn session(path: &Path, size: Size, seed: u64, batch: usize) -> anyhow::Result<()> {
    let (text, parsed) = parsed_pack(size);
    let mut store = Store::create(path, &text, &parsed, "Synthetic note-taker")?;
    let (_, mut board) = store.load()?;
    let events = size.events.saturating_sub(board.last_seq() as usize);
    record(
        &mut store,
        &mut board,
        &mut Script::new(seed),
        events,
        batch,
    )?;
    // As the note-taker's screen does when it closes: the board is kept in
    // the file, so the next screen opens from it.
    store.keep_board(&board)?;
    drop(store);
    Ok(())
}

/// Records `events` commands of `script` through `store`, in transactions
/// of `batch` commands, and folds them into `board` (the store's board).
pub fn record(
    store: &mut Store,
    board: &mut Board,
    script: &mut Script,
    events: usize,
    batch: usize,
) -> anyhow::Result<()> {
    let mut remaining = events;
    while remaining > 0 {
        let k = remaining.min(batch.max(1));
        // Commands are generated against a working copy so each batch is
        // valid in order, as record_all checks it.
        let mut work = board.clone();
        let mut commands = Vec::with_capacity(k);
        for i in 0..k {
            let at = DateTime::from_timestamp(i as i64, 0).unwrap_or_default();
            let (command, event) = script.event(&work, "", at);
            work.apply(&event);
            commands.push(command);
        }
        let recorded = store.record_all(board, "Synthetic note-taker", commands)?;
        for e in recorded.caught_up.iter().chain(&recorded.events) {
            board.apply(e);
        }
        remaining -= k;
    }
    Ok(())
}
