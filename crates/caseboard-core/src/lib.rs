//! The pure core of caseboard: the pack, the event log's vocabulary, the
//! board folded from it, and the rules. No I/O, no terminal.

pub mod agenda;
pub mod board;
pub mod clock;
pub mod event;
pub mod meeting;
pub mod pack;
pub mod period;
pub mod period_axis;
mod record;
pub mod rules;
pub mod sheets;
#[cfg(test)]
mod testing;
pub mod text;
pub mod validate;
pub mod vocabulary;

pub use board::{
    Board, ObjectionState, ObjectionStatus, PriorityState, SessionChange, Settled, Status,
};
pub use event::{Decision, Event, EventBody, Outcome};
pub use pack::Pack;
pub use record::{ChainLink, Record};
pub use rules::{apply, check, parse_target, Checked, Command, Refusal, Warning};
