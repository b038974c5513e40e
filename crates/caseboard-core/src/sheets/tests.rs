use super::*;
use crate::pack::Pack;
use crate::validate::parse_pack;
use proptest::prelude::*;

const DEMO: &str = include_str!("../../../../assets/packs/demo.json");

fn demo() -> Pack {
    parse_pack(DEMO).unwrap()
}

/// The pack's rows as grids starting at A1, headers first.
fn grids(pack: &Pack) -> Vec<Grid> {
    pack_rows(pack)
        .unwrap()
        .into_iter()
        .map(|s| {
            let header = s
                .sheet
                .columns
                .iter()
                .map(|c| Cell::Text(c.header.into()))
                .collect();
            let mut rows = vec![header];
            rows.extend(s.rows);
            Grid {
                name: s.sheet.name.into(),
                start: (0, 0),
                rows,
            }
        })
        .collect()
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn grid<'a>(grids: &'a mut [Grid], name: &str) -> &'a mut Grid {
    grids.iter_mut().find(|g| g.name == name).unwrap()
}

fn col_of(sheet: &str, header: &str) -> usize {
    Sheet::named(sheet)
        .unwrap()
        .columns
        .iter()
        .position(|c| c.header == header)
        .unwrap()
}

fn messages(grids: &[Grid]) -> Vec<String> {
    pack_from_sheets(grids)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn the_demo_pack_comes_back_from_its_rows_unchanged() {
    let pack = demo();
    assert_eq!(pack_from_sheets(&grids(&pack)).unwrap(), pack);
}

#[test]
fn every_choice_is_spelt_as_the_pack_spells_it() {
    use crate::pack::*;
    let serde_name = |v: serde_json::Value| v.as_str().unwrap().to_string();
    for t in Tier::ALL {
        assert_eq!(t.as_str(), serde_name(serde_json::to_value(t).unwrap()));
    }
    for p in Polarity::ALL {
        assert_eq!(p.as_str(), serde_name(serde_json::to_value(p).unwrap()));
    }
    for q in Quality::ALL {
        assert_eq!(q.as_str(), serde_name(serde_json::to_value(q).unwrap()));
    }
    for k in PriorityKind::ALL {
        assert_eq!(k.as_str(), serde_name(serde_json::to_value(k).unwrap()));
    }
    for r in Rationale::ALL {
        assert_eq!(r.as_str(), serde_name(serde_json::to_value(r).unwrap()));
    }
    for k in ObjectionKind::ALL {
        assert_eq!(k.as_str(), serde_name(serde_json::to_value(k).unwrap()));
    }
}

#[test]
fn every_reference_names_a_list_sheet_whose_first_column_is_its_id() {
    for sheet in SHEETS {
        for column in sheet.columns {
            if let Kind::Ref(target) | Kind::Refs(target) = column.kind {
                let target = Sheet::named(target).unwrap();
                assert!(matches!(target.layout, Layout::List(_)));
                assert!(matches!(target.id_column().header, "id" | "code"));
            }
        }
    }
}

#[test]
fn cells_are_named_as_a_spreadsheet_names_them() {
    assert_eq!(cell_name(6, 7), "H7");
    assert_eq!(cell_name(0, 25), "Z1");
    assert_eq!(cell_name(0, 26), "AA1");
    assert_eq!(cell_name(9, 701), "ZZ10");
    assert_eq!(cell_name(0, 702), "AAA1");
}

#[test]
fn a_bad_figure_and_an_unknown_indicator_are_named_by_their_cells() {
    let mut g = grids(&demo());
    let ind = grid(&mut g, "Indicators");
    ind.rows[6][col_of("Indicators", "baseline_value")] = text("n/a");
    let pri = grid(&mut g, "Priorities");
    pri.rows[11][col_of("Priorities", "indicators")] = text("NI 999");
    assert_eq!(
        messages(&g),
        [
            r#"Indicators!H7 (baseline_value): expected a number, found "n/a""#,
            r#"Priorities!D12 (indicators): unknown indicator "NI 999""#,
        ]
    );
}

#[test]
fn a_range_not_starting_at_a1_still_names_the_right_cells() {
    let mut g = grids(&demo());
    let themes = grid(&mut g, "Themes");
    themes.start = (2, 1); // B3
    themes
        .rows
        .push(vec![text("cyp"), text("Young people again")]); // sheet row 8
    assert_eq!(
        messages(&g),
        [r#"Themes!B8 (id): duplicate id "cyp" (first used at Themes!B4)"#]
    );
}

#[test]
fn empty_rows_and_columns_are_ignored_and_columns_may_come_in_any_order() {
    let pack = demo();
    let mut g = grids(&pack);
    for grid in &mut g {
        for row in &mut grid.rows {
            row.reverse();
            row.push(Cell::Empty);
        }
        grid.rows.insert(1, vec![Cell::Empty; 3]);
        grid.rows
            .push(vec![text(" ")].into_iter().take(0).collect());
    }
    assert_eq!(pack_from_sheets(&g).unwrap(), pack);
}

#[test]
fn optional_columns_may_be_left_out() {
    let mut pack = demo();
    let mut g = grids(&pack);
    let themes = col_of("Priorities", "themes");
    let summary = col_of("Priorities", "summary");
    for row in &mut grid(&mut g, "Priorities").rows {
        row[themes] = Cell::Empty;
        row[summary] = Cell::Empty;
    }
    for p in &mut pack.priorities {
        p.themes.clear();
        p.summary = None;
    }
    assert_eq!(pack_from_sheets(&g).unwrap(), pack);
}

#[test]
fn required_cells_missing_columns_and_strangers_are_all_reported() {
    let mut g = grids(&demo());
    grid(&mut g, "Attendees").rows[1][col_of("Attendees", "name")] = Cell::Empty;
    grid(&mut g, "Attendees").rows[2][col_of("Attendees", "tier")] = text("Regional");
    grid(&mut g, "Series").rows[1][0] = text("NI 404");
    let themes = grid(&mut g, "Themes");
    for row in &mut themes.rows {
        row.truncate(1);
    }
    themes.rows[0].push(text("colour"));
    g.push(Grid {
        name: "Scratch".into(),
        start: (0, 0),
        rows: vec![vec![text("x")]],
    });
    let got = messages(&g);
    assert_eq!(
        got,
        [
            r#"Themes (name): the sheet has no "name" column; it is required"#,
            r#"Themes!B1: "colour" is not a column of the Themes sheet; its columns are id, name"#,
            "Attendees!B2 (name): required, but the cell is empty",
            r#"Series!A2 (indicator): unknown indicator "NI 404": not on the Indicators sheet"#,
            "Scratch: not a sheet of a pack; the sheets are Conference, Themes, Attendees, Indicators, Series, Comparators, Breakdown, Priorities, Evidence, Objections",
        ],
        "{got:#?}"
    );
}

#[test]
fn an_empty_workbook_says_what_it_lacks() {
    let got = messages(&[]);
    assert_eq!(
        got,
        [
            "Conference: the workbook has no Conference sheet",
            "Priorities: a pack needs at least one priority",
        ]
    );
}

fn any_cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Empty),
        "[a-z_ ;,0-9]{0,12}".prop_map(Cell::Text),
        prop::sample::select(vec![
            "id",
            "code",
            "title",
            "indicators",
            "NI 39",
            "P1",
            "value"
        ])
        .prop_map(|s| Cell::Text(s.into())),
        any::<f64>().prop_map(Cell::Number),
        any::<bool>().prop_map(Cell::Bool),
        (0i64..4_000_000_000)
            .prop_map(|s| Cell::Date(chrono::DateTime::from_timestamp(s, 0).unwrap().naive_utc())),
    ]
}

fn any_grid() -> impl Strategy<Value = Grid> {
    (
        prop::sample::select(
            SHEETS
                .iter()
                .map(|s| s.name)
                .chain(["x"])
                .collect::<Vec<_>>(),
        ),
        (0u32..5, 0u32..5),
        prop::collection::vec(prop::collection::vec(any_cell(), 0..8), 0..8),
    )
        .prop_map(|(name, start, rows)| Grid {
            name: name.into(),
            start,
            rows,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hostile_grids_never_panic(grids in prop::collection::vec(any_grid(), 0..12)) {
        if let Err(problems) = pack_from_sheets(&grids) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(!p.to_string().contains('\n'));
            }
        }
    }

    #[test]
    fn a_demo_with_a_cell_spoilt_never_panics(
        sheet in 0..SHEETS.len(), row in 0usize..60, col in 0usize..14, cell in any_cell()
    ) {
        let mut g = grids(&demo());
        if let Some(r) = g[sheet].rows.get_mut(row) {
            if col < r.len() {
                r[col] = cell;
            }
        }
        let _ = pack_from_sheets(&g);
    }
}

#[test]
fn a_planned_finish_typed_as_a_time_is_read_as_that_time() {
    // A spreadsheet turns "16:00" typed into a cell into a time, which it
    // keeps as a fraction of a day at the end of 1899.
    let pack = demo();
    let mut g = grids(&pack);
    let end = col_of("Conference", "end");
    let time = chrono::NaiveDate::from_ymd_opt(1899, 12, 31)
        .unwrap()
        .and_hms_opt(16, 0, 0)
        .unwrap();
    grid(&mut g, "Conference").rows[1][end] = Cell::Date(time);
    let read = pack_from_sheets(&g).unwrap();
    assert_eq!(read.conference.end.as_deref(), Some("16:00"));
    assert_eq!(read.conference.timezone.as_deref(), Some("Europe/London"));
    assert_eq!(read, pack);
}
