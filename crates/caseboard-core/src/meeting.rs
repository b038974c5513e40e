//! The vocabulary of the meeting itself, beyond decisions: the readiness
//! checklist, the vertical test across tiers, attendance.

use super::pack::Tier;
use serde::{Deserialize, Serialize};

/// The six questions partnerships put to a difficult priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    EvidenceSufficient,
    RightPeople,
    ConflictResolution,
    Resources,
    CentralObjectives,
    IndicatorQuality,
}

impl Question {
    pub const ALL: [Question; 6] = [
        Question::EvidenceSufficient,
        Question::RightPeople,
        Question::ConflictResolution,
        Question::Resources,
        Question::CentralObjectives,
        Question::IndicatorQuality,
    ];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|q| *q == self).unwrap_or(0)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Question::EvidenceSufficient => "evidence_sufficient",
            Question::RightPeople => "right_people",
            Question::ConflictResolution => "conflict_resolution",
            Question::Resources => "resources",
            Question::CentralObjectives => "central_objectives",
            Question::IndicatorQuality => "indicator_quality",
        }
    }

    /// The question in a word or two, as a column over its answers.
    pub fn short(self) -> &'static str {
        match self {
            Question::EvidenceSufficient => "evidence",
            Question::RightPeople => "people",
            Question::ConflictResolution => "conflict",
            Question::Resources => "resources",
            Question::CentralObjectives => "central objectives",
            Question::IndicatorQuality => "indicator quality",
        }
    }

    /// The question as the room hears it.
    pub fn text(self) -> &'static str {
        match self {
            Question::EvidenceSufficient => "Is the evidence sufficient?",
            Question::RightPeople => "Are the right people involved?",
            Question::ConflictResolution => {
                "Is it clear how conflict is resolved, and who has the final word?"
            }
            Question::Resources => "Are the resource implications understood?",
            Question::CentralObjectives => "Does it serve several central objectives?",
            Question::IndicatorQuality => "Is the indicator good enough to measure it?",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }
}

/// A tier's position on a priority, for the vertical test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Support,
    Oppose,
    #[default]
    Undecided,
}

impl Position {
    pub const ALL: [Position; 3] = [Position::Support, Position::Oppose, Position::Undecided];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Support => "support",
            Position::Oppose => "oppose",
            Position::Undecided => "undecided",
        }
    }

    pub fn mark(self) -> char {
        match self {
            Position::Support => '✓',
            Position::Oppose => '✗',
            Position::Undecided => '?',
        }
    }
}

/// The three tiers in the order the vertical test reads them.
pub const TIERS: [Tier; 3] = [Tier::Local, Tier::Regional, Tier::Central];

pub fn tier_index(tier: Tier) -> usize {
    match tier {
        Tier::Local => 0,
        Tier::Regional => 1,
        Tier::Central => 2,
    }
}

pub fn tier_title(tier: Tier) -> &'static str {
    match tier {
        Tier::Local => "Locality",
        Tier::Regional => "Government Office",
        Tier::Central => "Lead department",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Present,
    Apologies,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Apologies => "apologies",
        }
    }
}
