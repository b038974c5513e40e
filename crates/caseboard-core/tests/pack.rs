//! Pack import validation: `caseboard_core::validate::parse_pack`.
//!
//! Every bad-pack class starts from one small valid pack ([`base`]) and
//! changes one thing, then asserts the exact JSON path and a fragment of the
//! message. Positions are checked against the pretty-printed text.

use caseboard_core::pack::{PriorityKind, PACK_FORMAT};
use caseboard_core::validate::{parse_pack, PackProblem};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const DEMO: &str = include_str!("../../../assets/packs/demo.json");
const SCHEMA: &str = include_str!("../../../assets/pack.schema.json");

// ---------------------------------------------------------------- helpers

/// A small pack that is valid and uses every optional field at least once.
fn base() -> Value {
    json!({
        "format": "caseboard-pack/1",
        "conference": {
            "title": "Testshire LAA case conference",
            "partnership": "Testshire Partnership",
            "government_office": "GO for the Test Region",
            "date": "2008-03-12",
            "venue": "County Hall",
            "designated_cap": 2,
            "notes": "A small pack for tests.",
            "timezone": "Europe/London",
            "end": "16:30"
        },
        "themes": [
            { "id": "t1", "name": "Children and Young People" },
            { "id": "t2", "name": "Safer and Stronger Communities" }
        ],
        "attendees": [
            { "id": "a1", "name": "Ann Chair", "organisation": "Testshire CC", "tier": "local", "role": "chair" },
            { "id": "a2", "name": "Bob Region", "organisation": "GO", "tier": "regional" },
            { "id": "a3", "name": "Cat Centre", "organisation": "DCSF", "tier": "central" }
        ],
        "indicators": [
            {
                "code": "NI 1",
                "title": "Percentage of people who believe people from different backgrounds get on well",
                "unit": "%",
                "polarity": "higher_is_better",
                "lead_department": "CLG",
                "series": [
                    { "period": "2006/07", "value": 50.0 },
                    { "period": "2007/08", "value": 55.5 }
                ],
                "baseline": { "period": "2007/08", "value": 55.5 },
                "proposed_target": { "period": "2010/11", "value": 60.0 },
                "comparators": { "England": 52.0, "Region": 51.0 },
                "source": "Place Survey",
                "spatial_level": "county",
                "update_frequency": "biennial",
                "quality": "robust",
                "breakdown": [ { "area": "North District", "value": 40.0 } ],
                "notes": "Illustrative."
            },
            { "code": "NI 2", "title": "Percentage of people who feel that they belong to their neighbourhood" },
            { "code": "NI 3", "title": "Civic participation in the local area", "polarity": "lower_is_better", "quality": "weak", "series": [ { "period": "2007/08", "value": 1500.0 } ] }
        ],
        "priorities": [
            {
                "id": "p1",
                "title": "Community cohesion",
                "kind": "designated",
                "themes": ["t2"],
                "indicators": ["NI 1", "NI 2"],
                "lead": "Testshire CC",
                "proposed_by": "a1",
                "rationale": "poor_performance",
                "summary": "Cohesion is falling in the north.",
                "evidence": [ { "text": "Place Survey 2008", "source": "CLG" } ],
                "timebox_minutes": 15
            },
            {
                "id": "p2",
                "title": "Early years attainment",
                "kind": "statutory",
                "themes": ["t1"],
                "indicators": ["NI 2"]
            }
        ],
        "objections": [
            {
                "id": "o1",
                "priority": "p1",
                "text": "NI 1 is too volatile at district level.",
                "kind": "counter_proposal",
                "raised_by": "a3",
                "alternative": "NI 3"
            },
            { "id": "o2", "priority": "p2", "text": "Resourcing unclear." }
        ]
    })
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("serialise")
}

/// Parses the pretty-printed value and returns its problems (panics if valid).
fn problems(v: &Value) -> Vec<PackProblem> {
    match parse_pack(&pretty(v)) {
        Ok(_) => panic!("expected the pack to be invalid:\n{}", pretty(v)),
        Err(problems) => problems,
    }
}

fn mutated(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = base();
    f(&mut v);
    v
}

fn obj(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    v.as_object_mut().expect("an object")
}

fn push(v: &mut Value, item: Value) {
    v.as_array_mut().expect("an array").push(item);
}

fn show(problems: &[PackProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}  [path={:?}]", p.path))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts the change yields exactly one problem, at `path`, whose message
/// contains `fragment`, positioned somewhere in the text. Returns it.
fn expect_one(v: &Value, path: &str, fragment: &str) -> PackProblem {
    let ps = problems(v);
    assert_eq!(
        ps.len(),
        1,
        "expected exactly one problem at {path:?}, got:\n{}",
        show(&ps)
    );
    let p = ps.into_iter().next().unwrap();
    assert_eq!(p.path, path, "wrong path for {p}");
    assert!(
        p.message.contains(fragment),
        "message of {p} lacks {fragment:?}"
    );
    assert!(p.position.is_some(), "no position for {p}");
    p
}

/// As [`expect_one`] for a change applied to [`base`].
fn one(f: impl FnOnce(&mut Value), path: &str, fragment: &str) -> PackProblem {
    expect_one(&mutated(f), path, fragment)
}

/// The text at a 1-based (line, column), column counted in characters.
fn text_at(text: &str, (line, col): (usize, usize)) -> String {
    let l = text.lines().nth(line - 1).expect("line exists");
    l.chars().skip(col - 1).collect()
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

// ---------------------------------------------------------------- valid packs

#[test]
fn base_pack_is_valid_and_round_trips() {
    let pack = parse_pack(&pretty(&base())).unwrap_or_else(|ps| panic!("{}", show(&ps)));
    assert_eq!(pack.format, PACK_FORMAT);
    assert_eq!(pack.designated_cap(), 2);
    assert_eq!(pack.priorities.len(), 2);
    assert_eq!(pack.objections.len(), 2);
    // Compact text is as good as pretty text.
    let compact = serde_json::to_string(&base()).unwrap();
    assert_eq!(parse_pack(&compact).unwrap(), pack);
    // What the pack serialises to is itself a valid pack with the same content.
    let again = serde_json::to_string_pretty(&pack).unwrap();
    assert_eq!(parse_pack(&again).unwrap(), pack);
}

#[test]
fn optional_parts_may_be_left_out() {
    let v = mutated(|v| {
        obj(v).remove("objections");
        obj(&mut v["conference"]).remove("designated_cap");
        obj(&mut v["conference"]).remove("venue");
        obj(&mut v["conference"]).remove("notes");
        obj(&mut v["conference"]).remove("timezone");
        obj(&mut v["conference"]).remove("end");
    });
    let pack = parse_pack(&pretty(&v)).unwrap_or_else(|ps| panic!("{}", show(&ps)));
    assert!(pack.objections.is_empty());
    assert_eq!(pack.designated_cap(), 35, "the default cap is 35");
    assert_eq!(pack.zone().name(), "Europe/London", "the default zone");
    assert_eq!(pack.planned_end(), None);
    // A pack without them is written as it was before they existed: its
    // text (and so its hash, in every session made from it) is unchanged.
    let written = serde_json::to_string(&pack).unwrap();
    assert!(!written.contains("timezone") && !written.contains("\"end\""));
}

// ---------------------------------------------------------------- the conference's time

#[test]
fn the_zone_and_the_planned_end_are_read() {
    let pack = parse_pack(&pretty(&base())).unwrap();
    assert_eq!(pack.zone().name(), "Europe/London");
    // 16:30 on 12 March 2008 in London is 16:30 UTC (GMT).
    assert_eq!(
        pack.planned_end(),
        Some("2008-03-12T16:30:00Z".parse().unwrap())
    );
    let pack = parse_pack(&pretty(&mutated(|v| {
        v["conference"]["timezone"] = json!("America/New_York");
        v["conference"]["end"] = json!("2008-03-12T17:45");
    })))
    .unwrap_or_else(|ps| panic!("{}", show(&ps)));
    // New York was already on summer time (UTC-4) by 12 March 2008.
    assert_eq!(
        pack.planned_end(),
        Some("2008-03-12T21:45:00Z".parse().unwrap())
    );
    // A name with spaces around it, as a spreadsheet cell may give it, is
    // the zone the validator accepted, not London.
    let pack = parse_pack(&pretty(&mutated(|v| {
        v["conference"]["timezone"] = json!(" America/New_York ");
        v["conference"]["end"] = json!("2008-03-12T17:45");
    })))
    .unwrap_or_else(|ps| panic!("{}", show(&ps)));
    assert_eq!(pack.zone().name(), "America/New_York");
    assert_eq!(
        pack.planned_end(),
        Some("2008-03-12T21:45:00Z".parse().unwrap())
    );
    // So is a session's pack, read again from the text it stored as
    // written, spaces and all: the text (and its hash) is left alone.
    let text = pretty(&mutated(|v| {
        v["conference"]["timezone"] = json!(" America/New_York ");
        v["conference"]["end"] = json!(" 17:45 ");
    }));
    let stored: caseboard_core::Pack = serde_json::from_str(&text).unwrap();
    assert_eq!(stored, parse_pack(&text).unwrap());
    assert_eq!(
        stored.conference.timezone.as_deref(),
        Some("America/New_York")
    );
    assert_eq!(stored.zone().name(), "America/New_York");
    assert_eq!(
        stored.planned_end(),
        Some("2008-03-12T21:45:00Z".parse().unwrap())
    );
    for end in [
        "2008-03-12T16:30:00+00:00",
        "2008-03-12T16:30Z",
        "2008-03-12T17:30+01:00",
    ] {
        let pack = parse_pack(&pretty(&mutated(|v| v["conference"]["end"] = json!(end))))
            .unwrap_or_else(|ps| panic!("{end}: {}", show(&ps)));
        assert_eq!(
            pack.planned_end(),
            Some("2008-03-12T16:30:00Z".parse().unwrap()),
            "{end}"
        );
    }
}

#[test]
fn an_unknown_zone_is_named_with_its_path() {
    let p = one(
        |v| v["conference"]["timezone"] = json!("Europe/Londn"),
        "conference.timezone",
        "unknown time zone \"Europe/Londn\"",
    );
    assert_eq!(
        p.to_string(),
        "line 11, column 17: conference.timezone: unknown time zone \"Europe/Londn\": use an IANA name such as \"Europe/London\""
    );
}

#[test]
fn a_planned_end_must_be_a_time_after_the_conference_starts() {
    one(
        |v| v["conference"]["end"] = json!("25:00"),
        "conference.end",
        "\"25:00\" is not a time: write HH:MM",
    );
    one(
        |v| v["conference"]["end"] = json!("half four"),
        "conference.end",
        "is not a time",
    );
    one(
        |v| v["conference"]["end"] = json!("2008-03-11T16:30"),
        "conference.end",
        "is before the conference starts on 2008-03-12",
    );
    // The hour the clocks skip in spring never happens.
    one(
        |v| {
            v["conference"]["date"] = json!("2008-03-30");
            v["conference"]["end"] = json!("01:30");
        },
        "conference.end",
        "2008-03-30 01:30 does not exist in Europe/London",
    );
    one(
        |v| v["conference"]["timezone"] = json!(7),
        "conference.timezone",
        "",
    );
}

#[test]
fn boundary_values_are_accepted() {
    let v = mutated(|v| {
        v["conference"]["designated_cap"] = json!(200);
        v["priorities"][0]["timebox_minutes"] = json!(480);
        v["priorities"][1]["timebox_minutes"] = json!(1);
        v["priorities"][0]["title"] = json!("é".repeat(300)); // chars, not bytes
        v["priorities"][0]["summary"] = json!("ü".repeat(20_000));
        v["indicators"][0]["series"][0]["value"] = json!(0.0);
        v["indicators"][0]["series"][1]["value"] = json!(100.0);
        // A percentage limit applies only to "%" indicators.
        v["indicators"][1]["series"] = json!([{ "period": "2007/08", "value": 250.0 }]);
        v["themes"][0]["id"] = json!("T.1_a-b");
        v["priorities"][1]["themes"] = json!(["T.1_a-b"]);
        v["attendees"][0]["id"] = json!(format!("a{}", "b".repeat(63)));
        v["priorities"][0]["proposed_by"] = v["attendees"][0]["id"].clone();
    });
    if let Err(ps) = parse_pack(&pretty(&v)) {
        panic!("boundary pack rejected:\n{}", show(&ps));
    }
    let v = mutated(|v| v["conference"]["designated_cap"] = json!(1));
    assert!(parse_pack(&pretty(&v)).is_ok());
}

#[test]
fn demo_pack_validates() {
    let pack = parse_pack(DEMO).unwrap_or_else(|ps| panic!("demo pack invalid:\n{}", show(&ps)));
    let designated = pack
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Designated)
        .count();
    let statutory = pack
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Statutory)
        .count();
    assert_eq!(designated, 40);
    assert_eq!(statutory, 5);
    assert_eq!(pack.designated_cap(), 35);
}

/// Each statutory target in the demo is headed by the national indicator
/// its title names (titles as the 2008 National Indicator Set prints them),
/// none borrows another's, and the notes say how many the demo shows.
#[test]
fn demo_statutory_targets_carry_their_own_indicator() {
    let pack = parse_pack(DEMO).unwrap();
    let expected = [
        ("S01", "NI 72", "Achievement of at least 78 points across the Early Years Foundation Stage"),
        ("S02", "NI 92", "Narrowing the gap between the lowest achieving 20% in the Early Years Foundation Stage Profile"),
        ("S03", "NI 73", "Achievement at level 4 or above in both English and Maths at Key Stage 2"),
        ("S06", "NI 74", "Achievement at level 5 or above in both English and Maths at Key Stage 3"),
        ("S10", "NI 75", "Achievement of 5 or more A*-C grades at GCSE or equivalent including English and Maths"),
    ];
    let statutory: Vec<_> = pack
        .priorities
        .iter()
        .filter(|p| p.kind == PriorityKind::Statutory)
        .collect();
    assert_eq!(statutory.len(), expected.len());
    for (p, (id, code, title)) in statutory.iter().zip(expected) {
        assert_eq!(p.id, id);
        assert_eq!(p.indicators[0], code, "{id}'s headline");
        let indicator = pack.indicators.iter().find(|i| i.code == code).unwrap();
        assert!(
            indicator.title.starts_with(title),
            "{code}: {}",
            indicator.title
        );
        let summary = p.summary.as_deref().unwrap_or_default();
        assert!(!summary.contains("not in this pack"), "{id}: {summary}");
    }
    let notes = pack.conference.notes.as_deref().unwrap_or_default();
    assert!(notes.contains("this demo shows 5 of them"), "{notes}");
}

/// Every property name declared anywhere in the schema (under `properties`).
fn schema_property_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k == "properties" {
                    if let Value::Object(props) = child {
                        out.extend(props.keys().cloned());
                    }
                }
                schema_property_names(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| schema_property_names(i, out)),
        _ => {}
    }
}

/// Every field name used in a pack, except the free-form names of a
/// `comparators` map (those are data, not fields).
fn pack_field_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                out.insert(k.clone());
                if k == "comparators" {
                    continue;
                }
                pack_field_names(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| pack_field_names(i, out)),
        _ => {}
    }
}

#[test]
fn schema_is_json_and_names_every_field() {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is valid JSON");
    let top: BTreeSet<&str> = schema["properties"]
        .as_object()
        .expect("top-level properties")
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = [
        "format",
        "conference",
        "themes",
        "attendees",
        "indicators",
        "priorities",
        "objections",
    ]
    .into();
    assert_eq!(top, expected, "top-level fields of the schema");
    assert_eq!(schema["additionalProperties"], json!(false));

    let mut declared = BTreeSet::new();
    schema_property_names(&schema, &mut declared);

    let demo: Value = serde_json::from_str(DEMO).unwrap();
    let mut used = BTreeSet::new();
    pack_field_names(&demo, &mut used);
    let missing: Vec<_> = used.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "demo fields not in the schema: {missing:?}"
    );

    // The small pack uses every optional field the format has; so must the schema.
    let mut used = BTreeSet::new();
    pack_field_names(&base(), &mut used);
    let missing: Vec<_> = used.difference(&declared).collect();
    assert!(missing.is_empty(), "fields not in the schema: {missing:?}");
}

// ---------------------------------------------------------------- syntax

#[test]
fn syntax_error_reports_line_and_column() {
    let text = "{\n  \"format\": \"caseboard-pack/1\",\n  \"themes\": [,]\n}\n";
    let ps = parse_pack(text).unwrap_err();
    assert_eq!(ps.len(), 1, "{}", show(&ps));
    assert_eq!(ps[0].path, "");
    assert!(ps[0].message.contains("not valid JSON"), "{}", ps[0]);
    assert_eq!(ps[0].position, Some((3, 14)), "{}", ps[0]);
    assert!(
        !ps[0].message.contains(" at line "),
        "the position is not repeated in the message: {}",
        ps[0]
    );
}

#[test]
fn trailing_comma_is_a_syntax_error_at_its_line() {
    let mut lines: Vec<String> = pretty(&base()).lines().map(str::to_string).collect();
    // The last theme ends with "}" followed by the line "  ]": add a comma.
    let close = lines
        .iter()
        .position(|l| l == "  ],")
        .expect("themes close");
    assert!(lines[close - 1].trim_end().ends_with('}'));
    lines[close - 1].push(',');
    let text = lines.join("\n");
    let ps = parse_pack(&text).unwrap_err();
    assert_eq!(ps.len(), 1, "{}", show(&ps));
    assert!(ps[0].message.contains("trailing comma"), "{}", ps[0]);
    let (line, col) = ps[0].position.expect("a position");
    // serde_json points at the bracket after the comma.
    assert_eq!(line, close + 1, "{}", ps[0]);
    assert!(text_at(&text, (line, col)).starts_with(']'), "{}", ps[0]);
}

#[test]
fn truncated_file_is_a_syntax_error_at_the_end() {
    let full = pretty(&base());
    let text = &full[..full.len() / 2];
    let ps = parse_pack(text).unwrap_err();
    assert_eq!(ps.len(), 1, "{}", show(&ps));
    assert!(ps[0].message.contains("EOF"), "{}", ps[0]);
    let (line, _) = ps[0].position.expect("a position");
    assert_eq!(line, text.lines().count(), "{}", ps[0]);

    let ps = parse_pack("").unwrap_err();
    assert_eq!(ps.len(), 1);
    assert!(ps[0].message.contains("not valid JSON"), "{}", ps[0]);
}

#[test]
fn not_an_object() {
    for text in ["[]", "[1, 2]", "\"caseboard-pack/1\"", "null", "42", "true"] {
        let ps = parse_pack(text).unwrap_err();
        assert_eq!(ps.len(), 1, "{text}: {}", show(&ps));
        assert_eq!(ps[0].path, "");
        assert!(
            ps[0].message.contains("must be a JSON object"),
            "{text}: {}",
            ps[0]
        );
    }
}

// ---------------------------------------------------------------- top level

#[test]
fn wrong_format() {
    let p = one(
        |v| v["format"] = json!("caseboard-pack/2"),
        "format",
        "unsupported format \"caseboard-pack/2\"",
    );
    assert!(p.message.contains("caseboard-pack/1"));
    one(
        |v| v["format"] = json!(1),
        "format",
        "expected the string \"caseboard-pack/1\"",
    );
    one(|v| v["format"] = json!(""), "format", "unsupported format");
}

#[test]
fn missing_format() {
    let p = one(
        |v| {
            obj(v).remove("format");
        },
        "",
        "missing field `format`",
    );
    assert_eq!(p.position, Some((1, 1)));
}

#[test]
fn missing_required_sections() {
    for key in [
        "conference",
        "themes",
        "attendees",
        "indicators",
        "priorities",
    ] {
        let v = mutated(|v| {
            obj(v).remove(key);
        });
        let ps = problems(&v);
        assert!(
            ps.iter().any(|p| p.path.is_empty() && p.message.contains(&format!("missing field `{key}`"))),
            "{key}: {}",
            show(&ps)
        );
        if key == "themes" || key == "attendees" || key == "indicators" {
            // References into a missing list are not reported a second time.
            assert_eq!(ps.len(), 1, "{key}: {}", show(&ps));
        }
    }
}

#[test]
fn unknown_top_level_field() {
    let p = one(
        |v| v["colour"] = json!("red"),
        "colour",
        "unknown field `colour`",
    );
    assert!(p.message.contains("format"), "lists the known fields: {p}");
}

#[test]
fn unknown_nested_fields_are_reported_with_their_path() {
    one(
        |v| v["priorities"][1]["colour"] = json!("red"),
        "priorities[1].colour",
        "unknown field `colour`",
    );
    one(
        |v| v["indicators"][0]["series"][0]["extra"] = json!(1),
        "indicators[0].series[0].extra",
        "unknown field `extra`",
    );
    one(
        |v| v["conference"]["chair"] = json!("a1"),
        "conference.chair",
        "unknown field `chair`",
    );
    one(
        |v| v["themes"][0]["colour"] = json!("red"),
        "themes[0].colour",
        "unknown field `colour`",
    );
    one(
        |v| v["attendees"][2]["email"] = json!("x@y"),
        "attendees[2].email",
        "unknown field `email`",
    );
    one(
        |v| v["indicators"][0]["baseline"]["note"] = json!("x"),
        "indicators[0].baseline.note",
        "unknown field `note`",
    );
    one(
        |v| v["indicators"][0]["breakdown"][0]["ward"] = json!("x"),
        "indicators[0].breakdown[0].ward",
        "unknown field `ward`",
    );
    one(
        |v| v["priorities"][0]["evidence"][0]["url"] = json!("x"),
        "priorities[0].evidence[0].url",
        "unknown field `url`",
    );
    one(
        |v| v["objections"][1]["status"] = json!("open"),
        "objections[1].status",
        "unknown field `status`",
    );
}

#[test]
fn one_bad_element_does_not_hide_the_next() {
    let v = mutated(|v| {
        v["priorities"][0]["colour"] = json!("red");
        v["priorities"][1]["kind"] = json!("optional");
        v["objections"][1]["priority"] = json!("p9");
    });
    let ps = problems(&v);
    let paths: Vec<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"priorities[0].colour"), "{}", show(&ps));
    assert!(paths.contains(&"priorities[1].kind"), "{}", show(&ps));
    // A reference to an id written nowhere is reported even though another
    // priority failed to parse.
    assert!(paths.contains(&"objections[1].priority"), "{}", show(&ps));
    assert_eq!(ps.len(), 3, "{}", show(&ps));
}

// ---------------------------------------------------------------- types and enums

#[test]
fn wrong_types() {
    one(
        |v| v["conference"]["title"] = json!(5),
        "conference.title",
        "invalid type: integer `5`",
    );
    one(
        |v| v["priorities"][0]["timebox_minutes"] = json!("ten"),
        "priorities[0].timebox_minutes",
        "invalid type: string \"ten\"",
    );
    one(
        |v| v["priorities"][0]["themes"] = json!("t2"),
        "priorities[0].themes",
        "invalid type",
    );
    one(
        |v| v["indicators"][0]["series"][1]["value"] = json!("55"),
        "indicators[0].series[1].value",
        "invalid type",
    );
    one(
        |v| v["indicators"][0]["comparators"] = json!([1, 2]),
        "indicators[0].comparators",
        "invalid type",
    );
    one(
        |v| v["themes"][1] = json!("t2"),
        "themes[1]",
        "invalid type",
    );
    one(
        |v| v["themes"] = json!({ "id": "t1" }),
        "themes",
        "expected a list",
    );
    one(
        |v| v["objections"] = json!("none"),
        "objections",
        "expected a list",
    );
    one(
        |v| v["priorities"][0]["timebox_minutes"] = json!(1.5),
        "priorities[0].timebox_minutes",
        "invalid type: floating point",
    );
    // null is not a string.
    one(
        |v| v["conference"]["title"] = json!(null),
        "conference.title",
        "invalid type: null",
    );
}

#[test]
fn missing_required_nested_fields() {
    one(
        |v| {
            obj(&mut v["conference"]).remove("date");
        },
        "conference",
        "missing field `date`",
    );
    one(
        |v| {
            obj(&mut v["priorities"][1]).remove("kind");
        },
        "priorities[1]",
        "missing field `kind`",
    );
    one(
        |v| {
            obj(&mut v["indicators"][0]["series"][0]).remove("value");
        },
        "indicators[0].series[0]",
        "missing field `value`",
    );
    one(
        |v| {
            obj(&mut v["objections"][1]).remove("text");
        },
        "objections[1]",
        "missing field `text`",
    );
}

#[test]
fn bad_enum_values() {
    one(
        |v| v["attendees"][0]["tier"] = json!("national"),
        "attendees[0].tier",
        "unknown variant `national`",
    );
    one(
        |v| v["priorities"][0]["kind"] = json!("optional"),
        "priorities[0].kind",
        "unknown variant `optional`",
    );
    one(
        |v| v["indicators"][0]["quality"] = json!("good"),
        "indicators[0].quality",
        "unknown variant `good`",
    );
    one(
        |v| v["indicators"][0]["polarity"] = json!("up"),
        "indicators[0].polarity",
        "unknown variant `up`",
    );
    one(
        |v| v["objections"][1]["kind"] = json!("grumble"),
        "objections[1].kind",
        "unknown variant `grumble`",
    );
    one(
        |v| v["priorities"][0]["rationale"] = json!("because"),
        "priorities[0].rationale",
        "unknown variant `because`",
    );
    // Case matters: the format names are lower snake case.
    one(
        |v| v["attendees"][1]["tier"] = json!("Regional"),
        "attendees[1].tier",
        "unknown variant `Regional`",
    );
    one(
        |v| v["priorities"][0]["rationale"] = json!("poor-performance"),
        "priorities[0].rationale",
        "unknown variant",
    );
}

/// serde lets a struct be written as an array of its fields in order; the
/// pack format (and its schema) says objects, so arrays must be refused.
#[test]
fn objects_written_as_arrays_are_refused() {
    one(
        |v| v["themes"][0] = json!(["t1", "Children and Young People"]),
        "themes[0]",
        "invalid type",
    );
    one(
        |v| v["indicators"][0]["series"][0] = json!(["2006/07", 50.0]),
        "indicators[0].series[0]",
        "invalid type",
    );
    one(
        |v| v["conference"] = json!(["T", "P", "GO", "2008-03-12", null, null, null]),
        "conference",
        "invalid type",
    );
}

// ---------------------------------------------------------------- uniqueness

#[test]
fn duplicate_ids_in_each_list() {
    one(
        |v| push(&mut v["themes"], json!({ "id": "t1", "name": "Again" })),
        "themes[2].id",
        "duplicate id \"t1\" (first used at themes[0])",
    );
    one(
        |v| {
            push(
                &mut v["attendees"],
                json!({ "id": "a2", "name": "Twin", "organisation": "GO", "tier": "regional" }),
            )
        },
        "attendees[3].id",
        "duplicate id \"a2\" (first used at attendees[1])",
    );
    one(
        |v| {
            push(
                &mut v["priorities"],
                json!({ "id": "p1", "title": "Again", "kind": "designated", "themes": [], "indicators": ["NI 3"] }),
            )
        },
        "priorities[2].id",
        "duplicate id \"p1\" (first used at priorities[0])",
    );
    one(
        |v| {
            push(
                &mut v["objections"],
                json!({ "id": "o1", "priority": "p2", "text": "Again" }),
            )
        },
        "objections[2].id",
        "duplicate id \"o1\" (first used at objections[0])",
    );
}

#[test]
fn duplicate_indicator_codes() {
    one(
        |v| {
            push(
                &mut v["indicators"],
                json!({ "code": "NI 2", "title": "Again" }),
            )
        },
        "indicators[3].code",
        "duplicate indicator code \"NI 2\" (first used at indicators[1])",
    );
}

#[test]
fn duplicates_within_a_priority() {
    one(
        |v| v["priorities"][0]["themes"] = json!(["t2", "t1", "t2"]),
        "priorities[0].themes[2]",
        "listed twice",
    );
    one(
        |v| v["priorities"][0]["indicators"] = json!(["NI 1", "NI 1"]),
        "priorities[0].indicators[1]",
        "listed twice",
    );
}

#[test]
fn three_copies_report_two_duplicates() {
    let v = mutated(|v| {
        push(&mut v["themes"], json!({ "id": "t1", "name": "Again" }));
        push(&mut v["themes"], json!({ "id": "t1", "name": "And again" }));
    });
    let ps = problems(&v);
    let paths: Vec<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["themes[2].id", "themes[3].id"], "{}", show(&ps));
    assert!(ps
        .iter()
        .all(|p| p.message.contains("first used at themes[0]")));
}

// ---------------------------------------------------------------- references

#[test]
fn dangling_references() {
    one(
        |v| v["priorities"][1]["themes"][0] = json!("t9"),
        "priorities[1].themes[0]",
        "unknown theme \"t9\"",
    );
    one(
        |v| v["priorities"][0]["indicators"][1] = json!("NI 99"),
        "priorities[0].indicators[1]",
        "unknown indicator \"NI 99\"",
    );
    one(
        |v| v["priorities"][0]["proposed_by"] = json!("nobody"),
        "priorities[0].proposed_by",
        "unknown attendee \"nobody\"",
    );
    one(
        |v| v["objections"][1]["priority"] = json!("p9"),
        "objections[1].priority",
        "unknown priority \"p9\"",
    );
    one(
        |v| v["objections"][0]["raised_by"] = json!("nobody"),
        "objections[0].raised_by",
        "unknown attendee \"nobody\"",
    );
    one(
        |v| v["objections"][0]["alternative"] = json!("NI 99"),
        "objections[0].alternative",
        "unknown indicator \"NI 99\"",
    );
    // References are exact: no trimming, no case folding.
    one(
        |v| v["priorities"][0]["indicators"][1] = json!("ni 2"),
        "priorities[0].indicators[1]",
        "unknown indicator \"ni 2\"",
    );
    one(
        |v| v["objections"][1]["priority"] = json!("p2 "),
        "objections[1].priority",
        "unknown priority",
    );
}

#[test]
fn priority_needs_an_indicator() {
    one(
        |v| v["priorities"][1]["indicators"] = json!([]),
        "priorities[1].indicators",
        "at least one indicator",
    );
}

#[test]
fn alternative_only_on_a_counter_proposal() {
    one(
        |v| v["objections"][0]["kind"] = json!("evidence"),
        "objections[0].alternative",
        "only to an objection of kind \"counter_proposal\"",
    );
    one(
        |v| {
            obj(&mut v["objections"][0]).remove("kind");
        },
        "objections[0].alternative",
        "counter_proposal",
    );
}

// ---------------------------------------------------------------- ids, dates, ranges

#[test]
fn bad_id_characters() {
    let t65 = format!("t{}", "1".repeat(64));
    let bad: [&str; 8] = ["t 1", "-t1", ".t1", "", "t1!", "té", "t1\u{1b}", &t65];
    for id in bad {
        let what = format!("id {id:?}");
        let check =
            |p: PackProblem| assert!(p.message.contains("is not a valid id"), "{what}: {p}");
        check(one(
            |v| push(&mut v["themes"], json!({ "id": id, "name": "N" })),
            "themes[2].id",
            "not a valid id",
        ));
        check(one(
            |v| {
                push(
                    &mut v["attendees"],
                    json!({ "id": id, "name": "N", "organisation": "O", "tier": "central" }),
                )
            },
            "attendees[3].id",
            "not a valid id",
        ));
        check(one(
            |v| {
                push(
                    &mut v["priorities"],
                    json!({ "id": id, "title": "T", "kind": "statutory", "themes": [], "indicators": ["NI 3"] }),
                )
            },
            "priorities[2].id",
            "not a valid id",
        ));
        check(one(
            |v| {
                push(
                    &mut v["objections"],
                    json!({ "id": id, "priority": "p1", "text": "T" }),
                )
            },
            "objections[2].id",
            "not a valid id",
        ));
    }
}

#[test]
fn bad_indicator_codes() {
    let n33 = "N".repeat(33);
    for code in ["", "   ", "NI\u{7}39", n33.as_str()] {
        one(
            |v| push(&mut v["indicators"], json!({ "code": code, "title": "T" })),
            "indicators[3].code",
            "not a valid indicator code",
        );
    }
}

#[test]
fn bad_dates() {
    for date in [
        "2008-02-30",
        "12/03/2008",
        "2008-13-01",
        "yesterday",
        "",
        "2008-03-12x",
    ] {
        one(
            |v| v["conference"]["date"] = json!(date),
            "conference.date",
            "is not an ISO 8601 date",
        );
    }
    let ok = mutated(|v| v["conference"]["date"] = json!("2008-02-29"));
    assert!(parse_pack(&pretty(&ok)).is_ok(), "a leap day is a date");
}

#[test]
fn designated_cap_range() {
    for cap in [0, 201, 500] {
        one(
            |v| v["conference"]["designated_cap"] = json!(cap),
            "conference.designated_cap",
            "out of range",
        );
    }
    let p = one(
        |v| v["conference"]["designated_cap"] = json!(0),
        "conference.designated_cap",
        "the cap must be 1 to 200",
    );
    assert!(p.message.starts_with('0'), "{p}");
}

#[test]
fn timebox_range() {
    one(
        |v| v["priorities"][0]["timebox_minutes"] = json!(0),
        "priorities[0].timebox_minutes",
        "a timebox is 1 to 480 minutes",
    );
    one(
        |v| v["priorities"][1]["timebox_minutes"] = json!(1000),
        "priorities[1].timebox_minutes",
        "1000 is out of range",
    );
}

#[test]
fn negative_and_oversized_integers_for_u32_fields() {
    one(
        |v| v["conference"]["designated_cap"] = json!(-1),
        "conference.designated_cap",
        "invalid value: integer `-1`, expected a whole number (0 or more)",
    );
    one(
        |v| v["priorities"][0]["timebox_minutes"] = json!(-15),
        "priorities[0].timebox_minutes",
        "invalid value: integer `-15`",
    );
    one(
        |v| v["priorities"][0]["timebox_minutes"] = json!(4_294_967_296_u64),
        "priorities[0].timebox_minutes",
        "invalid value",
    );
}

#[test]
fn percentages_outside_0_to_100() {
    let frag = "out of range for a percentage (0 to 100)";
    one(
        |v| v["indicators"][0]["series"][1]["value"] = json!(100.5),
        "indicators[0].series[1].value",
        frag,
    );
    one(
        |v| v["indicators"][0]["series"][0]["value"] = json!(-0.1),
        "indicators[0].series[0].value",
        frag,
    );
    one(
        |v| v["indicators"][0]["baseline"]["value"] = json!(-3),
        "indicators[0].baseline.value",
        frag,
    );
    one(
        |v| v["indicators"][0]["proposed_target"]["value"] = json!(120),
        "indicators[0].proposed_target.value",
        frag,
    );
    one(
        |v| v["indicators"][0]["comparators"]["England"] = json!(150),
        "indicators[0].comparators.England",
        frag,
    );
    one(
        |v| v["indicators"][0]["breakdown"][0]["value"] = json!(101),
        "indicators[0].breakdown[0].value",
        frag,
    );
}

#[test]
fn absurd_figures_are_out_of_range() {
    one(
        |v| v["indicators"][2]["series"][0]["value"] = json!(2e12),
        "indicators[2].series[0].value",
        "out of range",
    );
    one(
        |v| v["indicators"][2]["series"][0]["value"] = json!(-2e12),
        "indicators[2].series[0].value",
        "out of range",
    );
    // Beyond f64 is a syntax error from the JSON parser, still with a position.
    let text = pretty(&base()).replace("1500.0", "1e999");
    let ps = parse_pack(&text).unwrap_err();
    assert_eq!(ps.len(), 1, "{}", show(&ps));
    assert!(ps[0].position.is_some());
}

#[test]
fn duplicate_series_periods() {
    one(
        |v| v["indicators"][0]["series"][1]["period"] = json!("2006/07"),
        "indicators[0].series[1].period",
        "period \"2006/07\" appears twice in the series",
    );
}

#[test]
fn empty_or_overlong_periods() {
    one(
        |v| v["indicators"][0]["series"][0]["period"] = json!(" "),
        "indicators[0].series[0].period",
        "must not be empty",
    );
    one(
        |v| v["indicators"][0]["baseline"]["period"] = json!(""),
        "indicators[0].baseline.period",
        "must not be empty",
    );
    one(
        |v| v["indicators"][0]["proposed_target"]["period"] = json!("p".repeat(33)),
        "indicators[0].proposed_target.period",
        "at most 32",
    );
}

// ---------------------------------------------------------------- lengths

#[test]
fn titles_over_300_characters() {
    let frag = "is 301 characters long; a title is at most 300";
    let t = long(301);
    one(
        |v| v["priorities"][0]["title"] = json!(t),
        "priorities[0].title",
        frag,
    );
    one(
        |v| v["conference"]["title"] = json!(t),
        "conference.title",
        frag,
    );
    one(
        |v| v["conference"]["partnership"] = json!(t),
        "conference.partnership",
        frag,
    );
    one(
        |v| v["conference"]["venue"] = json!(t),
        "conference.venue",
        frag,
    );
    one(
        |v| v["themes"][1]["name"] = json!(t),
        "themes[1].name",
        frag,
    );
    one(
        |v| v["attendees"][0]["organisation"] = json!(t),
        "attendees[0].organisation",
        frag,
    );
    one(
        |v| v["indicators"][1]["title"] = json!(t),
        "indicators[1].title",
        frag,
    );
    // Characters, not bytes.
    one(
        |v| v["priorities"][1]["title"] = json!("漢".repeat(301)),
        "priorities[1].title",
        frag,
    );
}

#[test]
fn text_over_20000_characters() {
    let frag = "text is 20001 characters long; text is at most 20000";
    let t = long(20_001);
    one(
        |v| v["priorities"][0]["summary"] = json!(t),
        "priorities[0].summary",
        frag,
    );
    one(
        |v| v["priorities"][0]["evidence"][0]["source"] = json!(t),
        "priorities[0].evidence[0].source",
        frag,
    );
    one(
        |v| v["objections"][1]["text"] = json!(t),
        "objections[1].text",
        frag,
    );
    one(
        |v| v["conference"]["notes"] = json!(t),
        "conference.notes",
        frag,
    );
    one(
        |v| v["indicators"][0]["notes"] = json!(t),
        "indicators[0].notes",
        frag,
    );
    one(
        |v| v["attendees"][0]["role"] = json!(t),
        "attendees[0].role",
        frag,
    );
    // A title that long is reported once, with the title's own limit.
    one(
        |v| v["priorities"][0]["title"] = json!(t),
        "priorities[0].title",
        "text is 20001 characters long; a title is at most 300",
    );
}

#[test]
fn ten_megabyte_evidence_is_reported_quickly_and_once() {
    let v = mutated(|v| v["priorities"][0]["evidence"][0]["text"] = json!(long(10_000_000)));
    let text = pretty(&v);
    let started = Instant::now();
    let ps = parse_pack(&text).unwrap_err();
    let took = started.elapsed();
    assert_eq!(ps.len(), 1, "{}", show(&ps));
    assert_eq!(ps[0].path, "priorities[0].evidence[0].text");
    assert!(
        ps[0].message.contains("text is 10000000 characters long"),
        "{}",
        ps[0]
    );
    assert!(
        ps[0].message.len() < 200,
        "the message does not echo the text"
    );
    // Generous for an unoptimised build on a busy machine; linear work is ~1 s.
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

/// The length pass reports an over-long text once, and the message of every
/// problem stays short whatever the pack contains, wherever the text is.
#[test]
fn huge_text_anywhere_is_reported_once_with_a_short_message() {
    let huge = long(1_000_000);
    type Mutation<'a> = Box<dyn Fn(&mut Value) + 'a>;
    let cases: Vec<(&str, Mutation)> = vec![
        (
            "themes[2].id",
            Box::new(|v| push(&mut v["themes"], json!({ "id": huge, "name": "N" }))),
        ),
        (
            "indicators[3].code",
            Box::new(|v| push(&mut v["indicators"], json!({ "code": huge, "title": "T" }))),
        ),
        (
            "conference.date",
            Box::new(|v| v["conference"]["date"] = json!(huge)),
        ),
        (
            "attendees[0].tier",
            Box::new(|v| v["attendees"][0]["tier"] = json!(huge)),
        ),
        (
            "priorities[0].proposed_by",
            Box::new(|v| v["priorities"][0]["proposed_by"] = json!(huge)),
        ),
        ("format", Box::new(|v| v["format"] = json!(huge))),
    ];
    let mut failures = Vec::new();
    for (path, f) in cases {
        let ps = problems(&mutated(f));
        let at: Vec<_> = ps.iter().filter(|p| p.path == path).collect();
        if at.len() != 1 {
            failures.push(format!("{path}: {} problems", at.len()));
        }
        for p in &ps {
            if p.message.len() >= 1_000 {
                let start: String = p.message.chars().take(40).collect();
                failures.push(format!(
                    "{}: a {}-byte message {start:?}…",
                    p.path,
                    p.message.len()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------- empty text

#[test]
fn empty_required_text() {
    for blank in ["", "   ", "\n\t "] {
        one(
            |v| v["priorities"][0]["title"] = json!(blank),
            "priorities[0].title",
            "must not be empty",
        );
        one(
            |v| v["conference"]["government_office"] = json!(blank),
            "conference.government_office",
            "must not be empty",
        );
        one(
            |v| v["themes"][0]["name"] = json!(blank),
            "themes[0].name",
            "must not be empty",
        );
        one(
            |v| v["attendees"][1]["name"] = json!(blank),
            "attendees[1].name",
            "must not be empty",
        );
        one(
            |v| v["indicators"][2]["title"] = json!(blank),
            "indicators[2].title",
            "must not be empty",
        );
        one(
            |v| v["objections"][0]["text"] = json!(blank),
            "objections[0].text",
            "must not be empty",
        );
        one(
            |v| v["priorities"][0]["evidence"][0]["text"] = json!(blank),
            "priorities[0].evidence[0].text",
            "must not be empty",
        );
        one(
            |v| v["indicators"][0]["breakdown"][0]["area"] = json!(blank),
            "indicators[0].breakdown[0].area",
            "must not be empty",
        );
    }
}

#[test]
fn empty_priorities_list() {
    one(
        |v| {
            v["priorities"] = json!([]);
            obj(v).remove("objections");
        },
        "priorities",
        "a pack needs at least one priority",
    );
}

// ---------------------------------------------------------------- all at once

#[test]
fn every_problem_at_once_sorted_with_true_lines() {
    let v = mutated(|v| {
        v["conference"]["designated_cap"] = json!(0);
        v["themes"][1]["name"] = json!("");
        v["indicators"][0]["series"][1]["value"] = json!(150.0);
        v["priorities"][1]["colour"] = json!("red");
        v["objections"][1]["raised_by"] = json!("nobody");
    });
    let text = pretty(&v);
    let ps = parse_pack(&text).unwrap_err();
    // (path, key on that line, value text at the column)
    let expected = [
        ("conference.designated_cap", "\"designated_cap\"", "0"),
        ("themes[1].name", "\"name\"", "\"\""),
        ("indicators[0].series[1].value", "\"value\"", "150.0"),
        ("priorities[1].colour", "\"colour\"", "\"red\""),
        ("objections[1].raised_by", "\"raised_by\"", "\"nobody\""),
    ];
    assert_eq!(ps.len(), expected.len(), "{}", show(&ps));
    let positions: Vec<_> = ps.iter().map(|p| p.position.expect("a position")).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "problems are in text order");
    for (p, (path, key, value)) in ps.iter().zip(expected) {
        assert_eq!(p.path, path, "{}", show(&ps));
        let (line, col) = p.position.unwrap();
        let whole = text.lines().nth(line - 1).unwrap();
        assert!(whole.contains(key), "{p}: line {line} is {whole:?}");
        assert!(
            text_at(&text, (line, col)).starts_with(value),
            "{p}: line {line} is {whole:?}"
        );
    }
}

#[test]
fn positions_work_in_compact_text_too() {
    let v = mutated(|v| v["objections"][1]["priority"] = json!("p9"));
    let text = serde_json::to_string(&v).unwrap();
    let ps = parse_pack(&text).unwrap_err();
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].position.map(|p| p.0), Some(1));
    assert!(text_at(&text, ps[0].position.unwrap()).starts_with("\"p9\""));
}

/// A problem in the conference (structure) must not hide rule problems in
/// the lists: the spec asks for every problem at once.
#[test]
fn a_bad_conference_does_not_hide_other_problems() {
    let v = mutated(|v| {
        v["conference"]["chair"] = json!("a1");
        v["objections"][1]["priority"] = json!("p9");
        push(&mut v["themes"], json!({ "id": "t1", "name": "Again" }));
    });
    let ps = problems(&v);
    let paths: BTreeSet<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["conference.chair", "objections[1].priority", "themes[2].id"].into(),
        "{}",
        show(&ps)
    );
}

#[test]
fn a_wrong_format_does_not_hide_other_problems() {
    let v = mutated(|v| {
        v["format"] = json!("caseboard-pack/2");
        v["priorities"][0]["timebox_minutes"] = json!(0);
    });
    let ps = problems(&v);
    let paths: BTreeSet<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["format", "priorities[0].timebox_minutes"].into(),
        "{}",
        show(&ps)
    );
}

/// JSON allows a key twice; a strict pack reader must not silently keep one.
#[test]
fn duplicate_keys_are_reported() {
    let text = pretty(&base());
    // Two "objections" arrays: the first would be lost without a word.
    let doubled = text.replacen(
        "\n  \"objections\": [",
        "\n  \"objections\": [],\n  \"objections\": [",
        1,
    );
    assert_ne!(doubled, text);
    let ps = parse_pack(&doubled).expect_err("a key given twice is a problem");
    assert!(ps.iter().any(|p| p.path == "objections"), "{}", show(&ps));
}

// ---------------------------------------------------------------- hostile text

#[test]
fn hostile_text_within_limits_is_accepted_verbatim() {
    let esc = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[31mred";
    let bidi = "abc\u{202E}fed\u{2066}x\u{2069}";
    let nul = "before\u{0}after\u{7f}\u{9b}";
    let v = mutated(|v| {
        v["conference"]["title"] = json!(esc);
        v["priorities"][0]["title"] = json!(bidi);
        v["priorities"][0]["summary"] = json!(nul);
        v["priorities"][0]["evidence"][0]["text"] = json!(format!("{esc}{bidi}{nul}"));
        v["objections"][0]["text"] = json!(nul);
        v["attendees"][0]["name"] = json!(bidi);
        v["indicators"][0]["comparators"] = json!({ esc: 10.0 });
        v["indicators"][0]["breakdown"][0]["area"] = json!(esc);
    });
    let pack = parse_pack(&pretty(&v)).unwrap_or_else(|ps| panic!("{}", show(&ps)));
    assert_eq!(pack.conference.title, esc);
    assert_eq!(pack.priorities[0].title, bidi);
    assert_eq!(pack.priorities[0].summary.as_deref(), Some(nul));
    assert_eq!(pack.objections[0].text, nul);
    assert_eq!(pack.attendees[0].name, bidi);
    assert!(pack.indicators[0].comparators.contains_key(esc));
}

#[test]
fn garbage_never_panics() {
    // Malformed and odd documents of many shapes: always Err, never a panic.
    let inputs = [
        "{",
        "}",
        "{\"format\":",
        "[[[[",
        "\u{feff}{}",
        "{\"a\":1}{\"b\":2}",
        "nul",
        "\"\\u\"",
        "{\"format\": \"caseboard-pack/1\", \"priorities\": [null, 1, \"x\", []]}",
        "{\"themes\": [{\"id\": {\"id\": []}}]}",
    ];
    for text in inputs {
        assert!(parse_pack(text).is_err(), "{text:?}");
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_pack(&deep).is_err());
}

#[test]
fn paths_name_the_element_written_even_after_an_earlier_one_failed() {
    let v = mutated(|v| {
        v["priorities"][0]["extra"] = json!(1);
        v["priorities"][1]["themes"] = json!(["nope"]);
        v["objections"][0]["priority"] = v["priorities"][0]["id"].clone();
    });
    let ps = problems(&v);
    let paths: Vec<&str> = ps.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"priorities[0].extra"), "{}", show(&ps));
    assert!(
        paths.contains(&"priorities[1].themes[0]"),
        "the bad theme is in priorities[1]: {}",
        show(&ps)
    );
    // A reference to the priority that failed to parse is not a problem of its own.
    assert!(
        !paths.iter().any(|p| p.starts_with("objections[0]")),
        "{}",
        show(&ps)
    );
    assert_eq!(ps.len(), 2, "{}", show(&ps));
}
