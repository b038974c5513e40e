//! The conference pack: everything known about a case conference before it
//! starts. Parsing and validation live in [`crate::validate`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const PACK_FORMAT: &str = "caseboard-pack/1";
pub const DEFAULT_DESIGNATED_CAP: u32 = 35;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub format: String,
    pub conference: Conference,
    pub themes: Vec<Theme>,
    pub attendees: Vec<Attendee>,
    pub indicators: Vec<Indicator>,
    pub priorities: Vec<Priority>,
    #[serde(default)]
    pub objections: Vec<PackObjection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conference {
    pub title: String,
    pub partnership: String,
    pub government_office: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_cap: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The IANA time zone the conference meets in (`Europe/London` when
    /// absent): every time shown to people is in it.
    #[serde(
        default,
        deserialize_with = "trimmed",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone: Option<String>,
    /// The planned finish: `HH:MM` on the conference date, or a local
    /// date and time `2008-03-12T16:30` (an offset may follow).
    #[serde(
        default,
        deserialize_with = "trimmed",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<String>,
}

/// A conference setting as the pack means it, spaces around it dropped
/// (`Asia/Tokyo ` from a spreadsheet cell is Tokyo). Read so, every reader
/// of a pack has the same value, whether the validator built it or a
/// session reopened it from the text it stored; that text, and its hash,
/// stay as they were written.
fn trimmed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(d)?;
    Ok(value.map(|v| match v.trim() {
        t if t.len() == v.len() => v,
        t => t.to_string(),
    }))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Local,
    Regional,
    Central,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Local, Tier::Regional, Tier::Central];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Local => "local",
            Tier::Regional => "regional",
            Tier::Central => "central",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub tier: Tier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

impl Polarity {
    pub const ALL: [Polarity; 2] = [Polarity::HigherIsBetter, Polarity::LowerIsBetter];

    /// The word the pack uses (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher_is_better",
            Polarity::LowerIsBetter => "lower_is_better",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Robust,
    Adequate,
    Weak,
}

impl Quality {
    pub const ALL: [Quality; 3] = [Quality::Robust, Quality::Adequate, Quality::Weak];

    pub fn as_str(self) -> &'static str {
        match self {
            Quality::Robust => "robust",
            Quality::Adequate => "adequate",
            Quality::Weak => "weak",
        }
    }
}

/// One figure for one period, e.g. `2007/08 = 61.2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodValue {
    pub period: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaValue {
    pub area: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_department: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<PeriodValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<PeriodValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_target: Option<PeriodValue>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comparators: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spatial_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_frequency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<Quality>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<AreaValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Indicator {
    /// The most recent figure: the last point of the series, else the baseline.
    pub fn latest(&self) -> Option<&PeriodValue> {
        self.series.last().or(self.baseline.as_ref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityKind {
    /// A candidate for the designated improvement targets (counts against the cap).
    Designated,
    /// A statutory education or early-years target: agreed, not chosen.
    Statutory,
}

impl PriorityKind {
    pub const ALL: [PriorityKind; 2] = [PriorityKind::Designated, PriorityKind::Statutory];

    pub fn as_str(self) -> &'static str {
        match self {
            PriorityKind::Designated => "designated",
            PriorityKind::Statutory => "statutory",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rationale {
    PoorPerformance,
    Aspiration,
    Affordability,
}

impl Rationale {
    pub const ALL: [Rationale; 3] = [
        Rationale::PoorPerformance,
        Rationale::Aspiration,
        Rationale::Affordability,
    ];

    /// The word the pack uses (its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Rationale::PoorPerformance => "poor_performance",
            Rationale::Aspiration => "aspiration",
            Rationale::Affordability => "affordability",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: String,
    pub title: String,
    pub kind: PriorityKind,
    pub themes: Vec<String>,
    /// Indicator codes; the first is the headline indicator an agreed target refers to.
    pub indicators: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Rationale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timebox_minutes: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionKind {
    Evidence,
    IndicatorQuality,
    LocalNotDesignated,
    Resourcing,
    Ownership,
    CounterProposal,
    Other,
}

impl ObjectionKind {
    pub const ALL: [ObjectionKind; 7] = [
        ObjectionKind::Evidence,
        ObjectionKind::IndicatorQuality,
        ObjectionKind::LocalNotDesignated,
        ObjectionKind::Resourcing,
        ObjectionKind::Ownership,
        ObjectionKind::CounterProposal,
        ObjectionKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionKind::Evidence => "evidence",
            ObjectionKind::IndicatorQuality => "indicator_quality",
            ObjectionKind::LocalNotDesignated => "local_not_designated",
            ObjectionKind::Resourcing => "resourcing",
            ObjectionKind::Ownership => "ownership",
            ObjectionKind::CounterProposal => "counter_proposal",
            ObjectionKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackObjection {
    pub id: String,
    pub priority: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ObjectionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
    /// For a counter-proposal: the indicator code proposed instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
}

impl Pack {
    pub fn designated_cap(&self) -> u32 {
        self.conference
            .designated_cap
            .unwrap_or(DEFAULT_DESIGNATED_CAP)
    }

    /// The conference's time zone; the default for a pack that names
    /// none (or, past validation, cannot).
    pub fn zone(&self) -> crate::clock::Tz {
        self.conference
            .timezone
            .as_deref()
            .and_then(crate::clock::parse_zone)
            .unwrap_or(crate::clock::DEFAULT_ZONE)
    }

    /// The conference's day, if the pack gives a valid one (past
    /// validation, it does).
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        parse_date(&self.conference.date)
    }

    /// The planned finish, if the pack gives one that names an instant.
    pub fn planned_end(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let end = self.conference.end.as_deref()?;
        parse_end(end, self.date()?, self.zone()).ok()
    }

    /// The zone named once for a reader, as on the conference day:
    /// `Europe/London (GMT)`, or `(BST)` for a summer conference.
    pub fn zone_label(&self) -> String {
        let zone = self.zone();
        self.date()
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .and_then(|noon| crate::clock::from_local(noon, zone))
            .map_or_else(
                || zone.name().to_string(),
                |noon| crate::clock::zone_name(zone, noon),
            )
    }

    // Lookups by id are the board's (`Board::spec`, `indicator`,
    // `attendee`, `theme`, `headline_indicator`), which indexes them once.
}

/// `conference.date` as a day: `YYYY-MM-DD`, as the validator requires it.
pub fn parse_date(date: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// `conference.end` as an instant: `HH:MM` on `date` in `zone`, a local
/// `YYYY-MM-DDTHH:MM` (seconds allowed) in `zone`, or an RFC 3339 date and
/// time with its own offset. The error says what is wrong, for validation.
pub fn parse_end(
    end: &str,
    date: chrono::NaiveDate,
    zone: crate::clock::Tz,
) -> Result<chrono::DateTime<chrono::Utc>, String> {
    use chrono::{NaiveDateTime, NaiveTime};
    let local = if let Ok(t) = NaiveTime::parse_from_str(end, "%H:%M") {
        date.and_time(t)
    } else if let Some(t) = with_offset(end) {
        return Ok(t);
    } else if let Some(t) = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(end, f).ok())
    {
        t
    } else {
        return Err(format!(
            "\"{}\" is not a time: write HH:MM (e.g. 16:30) or a date and time (2008-03-12T16:30)",
            crate::validate::cut(end, 60)
        ));
    };
    crate::clock::from_local(local, zone).ok_or_else(|| {
        format!(
            "{} does not exist in {} (the clocks go forward)",
            local.format("%Y-%m-%d %H:%M"),
            zone.name()
        )
    })
}

/// A date and time with its own offset, seconds optional:
/// `2008-03-12T16:30+00:00`, `2008-03-12T16:30:00Z`.
fn with_offset(end: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let spelt = match end.strip_suffix(['Z', 'z']) {
        Some(utc) => format!("{utc}+00:00"),
        None => end.to_string(),
    };
    ["%Y-%m-%dT%H:%M%#z", "%Y-%m-%dT%H:%M:%S%#z"]
        .iter()
        .find_map(|f| chrono::DateTime::parse_from_str(&spelt, f).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
}
