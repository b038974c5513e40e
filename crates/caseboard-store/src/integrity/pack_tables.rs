//! The tables derived from the pack: what a session's creation writes and
//! what every check expects, from one description.

use caseboard_core::pack::{ObjectionKind, Polarity, Rationale};
use caseboard_core::Pack;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, ToSql};
use std::borrow::Cow;
use std::collections::HashMap;

/// One column of a pack table's row, borrowed from the pack where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(r) => ValueRef::Real(*r),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
        }))
    }
}

impl Value<'_> {
    /// Whether SQLite holds exactly this (type and value).
    fn is_stored_as(&self, stored: ValueRef) -> bool {
        match (self, stored) {
            (Value::Null, ValueRef::Null) => true,
            (Value::Integer(a), ValueRef::Integer(b)) => *a == b,
            (Value::Real(a), ValueRef::Real(b)) => *a == b,
            (Value::Text(a), ValueRef::Text(b)) => a.as_bytes() == b,
            _ => false,
        }
    }

    fn key(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

/// A table derived from the pack: its columns (the first `key` of them, one
/// or two texts, name a row) and the rows the pack gives it, in the order
/// they are written.
pub struct PackTable<'a> {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub key: usize,
    pub rows: Vec<Vec<Value<'a>>>,
}

fn text_value(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

fn optional(s: Option<&str>) -> Value<'_> {
    s.map(text_value).unwrap_or(Value::Null)
}

/// Every row the pack's tables hold, derived from the pack: the one rule
/// for what a session's creation writes and what every check expects.
/// `created_at` and `caseboard_version` are the creation's (the first
/// event's time and version, which the chain covers).
pub fn pack_tables<'a>(
    pack: &'a Pack,
    created_at: &'a str,
    caseboard_version: &'a str,
) -> Vec<PackTable<'a>> {
    let meta = vec![
        vec![
            text_value("caseboard_version"),
            text_value(caseboard_version),
        ],
        vec![text_value("created_at"), text_value(created_at)],
        vec![
            text_value("conference_title"),
            text_value(&pack.conference.title),
        ],
        vec![
            text_value("designated_cap"),
            Value::Text(Cow::Owned(pack.designated_cap().to_string())),
        ],
    ];
    let themes = pack
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                text_value(&t.id),
                Value::Integer(i as i64),
                text_value(&t.name),
            ]
        })
        .collect();
    let attendees = pack
        .attendees
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                text_value(&a.id),
                Value::Integer(i as i64),
                text_value(&a.name),
                text_value(&a.organisation),
                text_value(a.tier.as_str()),
                optional(a.role.as_deref()),
            ]
        })
        .collect();
    let real = |v: Option<f64>| v.map(Value::Real).unwrap_or(Value::Null);
    let indicators = pack
        .indicators
        .iter()
        .map(|ind| {
            vec![
                text_value(&ind.code),
                text_value(&ind.title),
                optional(ind.unit.as_deref()),
                optional(ind.polarity.map(|p| match p {
                    Polarity::HigherIsBetter => "higher_is_better",
                    Polarity::LowerIsBetter => "lower_is_better",
                })),
                optional(ind.lead_department.as_deref()),
                optional(ind.quality.map(|q| q.as_str())),
                optional(ind.baseline.as_ref().map(|b| b.period.as_str())),
                real(ind.baseline.as_ref().map(|b| b.value)),
                optional(ind.proposed_target.as_ref().map(|b| b.period.as_str())),
                real(ind.proposed_target.as_ref().map(|b| b.value)),
                optional(ind.source.as_deref()),
                optional(ind.spatial_level.as_deref()),
            ]
        })
        .collect();
    let mut priorities = Vec::with_capacity(pack.priorities.len());
    let mut priority_indicators = Vec::new();
    let mut priority_themes = Vec::new();
    for (i, p) in pack.priorities.iter().enumerate() {
        priorities.push(vec![
            text_value(&p.id),
            Value::Integer(i as i64 + 1),
            text_value(&p.title),
            text_value(p.kind.as_str()),
            optional(p.indicators.first().map(String::as_str)),
            optional(p.lead.as_deref()),
            optional(p.proposed_by.as_deref()),
            optional(p.rationale.map(|r| match r {
                Rationale::PoorPerformance => "poor_performance",
                Rationale::Aspiration => "aspiration",
                Rationale::Affordability => "affordability",
            })),
            p.timebox_minutes
                .map(|m| Value::Integer(i64::from(m)))
                .unwrap_or(Value::Null),
        ]);
        for (j, code) in p.indicators.iter().enumerate() {
            priority_indicators.push(vec![
                text_value(&p.id),
                text_value(code),
                Value::Integer(j as i64),
            ]);
        }
        for theme in &p.themes {
            priority_themes.push(vec![text_value(&p.id), text_value(theme)]);
        }
    }
    let objections = pack
        .objections
        .iter()
        .map(|o| {
            vec![
                text_value(&o.id),
                text_value(&o.priority),
                text_value(&o.text),
                text_value(o.kind.unwrap_or(ObjectionKind::Other).as_str()),
                optional(o.raised_by.as_deref()),
                optional(o.alternative.as_deref()),
            ]
        })
        .collect();
    // In the order the foreign keys need them written.
    vec![
        PackTable {
            name: "meta",
            columns: &["key", "value"],
            key: 1,
            rows: meta,
        },
        PackTable {
            name: "themes",
            columns: &["id", "position", "name"],
            key: 1,
            rows: themes,
        },
        PackTable {
            name: "attendees",
            columns: &["id", "position", "name", "organisation", "tier", "role"],
            key: 1,
            rows: attendees,
        },
        PackTable {
            name: "indicators",
            columns: &[
                "code",
                "title",
                "unit",
                "polarity",
                "lead_department",
                "quality",
                "baseline_period",
                "baseline_value",
                "target_period",
                "target_value",
                "source",
                "spatial_level",
            ],
            key: 1,
            rows: indicators,
        },
        PackTable {
            name: "priorities",
            columns: &[
                "id",
                "position",
                "title",
                "kind",
                "headline_indicator",
                "lead",
                "proposed_by",
                "rationale",
                "timebox_minutes",
            ],
            key: 1,
            rows: priorities,
        },
        PackTable {
            name: "priority_indicators",
            columns: &["priority", "indicator", "position"],
            key: 2,
            rows: priority_indicators,
        },
        PackTable {
            name: "priority_themes",
            columns: &["priority", "theme"],
            key: 2,
            rows: priority_themes,
        },
        PackTable {
            name: "pack_objections",
            columns: &["id", "priority", "text", "kind", "raised_by", "alternative"],
            key: 1,
            rows: objections,
        },
    ]
}

/// Writes the pack's tables (at a session's creation).
pub fn insert_pack_tables(conn: &Connection, tables: &[PackTable]) -> rusqlite::Result<()> {
    for table in tables {
        let placeholders = (1..=table.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = conn.prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            table.name,
            table.columns.join(", ")
        ))?;
        for row in &table.rows {
            insert.execute(rusqlite::params_from_iter(row.iter()))?;
        }
    }
    Ok(())
}

/// The first way the pack's tables differ from `pack`, or why they cannot
/// be read: what an open keeps as a problem of the record.
pub fn pack_tables_problem(conn: &Connection, pack: &Pack) -> Option<String> {
    match compare_pack_tables(conn, pack) {
        Ok(differences) => differences.into_iter().next(),
        Err(e) => Some(format!("the pack's tables cannot be read ({e})")),
    }
}

/// Compares each table derived from the pack with what `pack` gives it and
/// returns the first difference of each table that has one, as
/// "the priorities table differs from the chained pack at P07: title".
/// Rows are streamed and compared in place: every open makes this check.
pub fn compare_pack_tables(conn: &Connection, pack: &Pack) -> rusqlite::Result<Vec<String>> {
    // The creation's time and version, from the first event (the chain
    // covers it); a log without one leaves them unmatched, and `verify`
    // reports the missing event.
    let genesis: Option<(String, String)> = conn
        .query_row(
            "SELECT at, json_extract(payload, '$.caseboard_version') FROM events WHERE seq = 1",
            [],
            |r| {
                let text = |i| -> rusqlite::Result<String> {
                    Ok(r.get_ref(i)?
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_default())
                };
                Ok((text(0)?, text(1)?))
            },
        )
        .optional()?;
    let (created_at, version) = genesis.unwrap_or_default();
    let mut differences = Vec::new();
    for table in pack_tables(pack, &created_at, &version) {
        if let Some(d) = compare_table(conn, &table)? {
            differences.push(format!(
                "the {} table differs from the chained pack at {d}",
                table.name
            ));
        }
    }
    Ok(differences)
}

/// The first difference in one table, as "ID: column" (or what is wrong
/// with the row).
fn compare_table(conn: &Connection, table: &PackTable) -> rusqlite::Result<Option<String>> {
    let key_of = |row: &[Value]| -> (String, String) {
        let second = if table.key > 1 { row[1].key() } else { "" };
        (row[0].key().to_string(), second.to_string())
    };
    let mut index: HashMap<(&str, &str), usize> = HashMap::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let second = if table.key > 1 { row[1].key() } else { "" };
        index.insert((row[0].key(), second), i);
    }
    let mut seen = vec![false; table.rows.len()];
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {}",
        table.columns.join(", "),
        table.name
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            Ok(match r.get_ref(i)? {
                ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                _ => None,
            })
        };
        let name = |first: &str, second: &str| {
            if table.key > 1 {
                format!("{first}/{second}")
            } else {
                first.to_string()
            }
        };
        let first = text(0)?;
        let second = if table.key > 1 { text(1)? } else { Some("") };
        let (Some(first), Some(second)) = (first, second) else {
            return Ok(Some(
                "a row whose name is not text: a row the pack does not have".into(),
            ));
        };
        let Some(&i) = index.get(&(first, second)) else {
            return Ok(Some(format!(
                "{}: a row the pack does not have",
                name(first, second)
            )));
        };
        seen[i] = true;
        let expected = &table.rows[i];
        for (c, want) in expected.iter().enumerate() {
            if !want.is_stored_as(r.get_ref(c)?) {
                return Ok(Some(format!(
                    "{}: {}",
                    name(first, second),
                    table.columns[c]
                )));
            }
        }
    }
    if let Some(i) = seen.iter().position(|s| !s) {
        let (first, second) = key_of(&table.rows[i]);
        let name = if table.key > 1 {
            format!("{first}/{second}")
        } else {
            first
        };
        return Ok(Some(format!("{name}: the row is missing")));
    }
    Ok(None)
}
