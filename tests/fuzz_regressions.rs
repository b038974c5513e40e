//! The fuzz corpora kept in `fuzz/corpus/` (see `fuzz/`), replayed on the
//! stable toolchain: every input the fuzzers start from, including any that
//! once crashed, must still be handled without a panic, with the same
//! properties the fuzz targets assert. A crash the fuzzers find is added to
//! its target's corpus and, when it shows a distinct bug, as its own test
//! here.

use caseboard_testkit::fixtures as common;

use caseboard_core::parse_target;
use caseboard_core::text::{clean, display, display_line, display_line_cut};
use caseboard_core::validate::parse_pack;
use caseboard_core::Board;
use caseboard_store::{verify, Store};
use caseboard_tui::app::filter::Filter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const DEMO: &str = include_str!("../assets/packs/demo.json");

/// Every input kept for one fuzz target.
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = common::read(&path);
            (path, bytes)
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{} holds no inputs", dir.display());
    inputs
}

#[test]
fn every_pack_in_the_corpus_is_accepted_or_refused_with_one_line_problems() {
    let mut accepted = 0;
    for (path, bytes) in corpus("pack") {
        let text = String::from_utf8_lossy(&bytes);
        match parse_pack(&text) {
            Ok(pack) => {
                accepted += 1;
                let board = Board::fold(Arc::new(pack), &[]);
                assert_eq!(
                    Filter::parse("").visible(&board).len(),
                    board.priorities().len()
                );
            }
            Err(problems) => {
                assert!(!problems.is_empty(), "{}", path.display());
                for p in problems {
                    assert!(!p.to_string().contains('\n'), "{}: {p}", path.display());
                }
            }
        }
    }
    // The corpus keeps valid packs too, so the fuzzer starts from both sides.
    assert!(accepted >= 3, "only {accepted} valid packs in the corpus");
}

#[test]
fn every_workbook_in_the_corpus_is_accepted_or_refused_with_one_line_problems() {
    let mut accepted = 0;
    for (path, bytes) in corpus("workbook") {
        let Ok(grids) = caseboard_workbook::read_sheets_from_bytes(&bytes) else {
            continue;
        };
        match caseboard_core::sheets::pack_from_sheets(&grids) {
            Ok(_) => accepted += 1,
            Err(problems) => {
                assert!(!problems.is_empty(), "{}", path.display());
                for p in problems {
                    assert!(!p.to_string().contains('\n'), "{}: {p}", path.display());
                }
            }
        }
    }
    assert!(accepted >= 1, "no valid workbook in the corpus");
}

#[test]
fn every_target_in_the_corpus_parses_or_is_refused() {
    for (path, bytes) in corpus("target") {
        let text = String::from_utf8_lossy(&bytes);
        match parse_target(&text) {
            Ok(t) => assert!(
                !t.period.trim().is_empty() && t.value.is_finite(),
                "{}",
                path.display()
            ),
            Err(message) => assert!(!message.is_empty()),
        }
    }
}

#[test]
fn every_filter_in_the_corpus_shows_exactly_what_it_matches() {
    let board = Board::fold(Arc::new(parse_pack(DEMO).unwrap()), &[]);
    for (path, bytes) in corpus("filter") {
        let filter = Filter::parse(&String::from_utf8_lossy(&bytes));
        let matching: Vec<usize> = board
            .priorities()
            .iter()
            .enumerate()
            .filter(|(_, p)| filter.is_empty() || filter.matches(&board, p))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(filter.visible(&board), matching, "{}", path.display());
    }
}

#[test]
fn every_kept_board_in_the_corpus_reads_back_to_its_own_bytes_or_is_refused() {
    let pack = Arc::new(parse_pack(DEMO).unwrap());
    let mut read = 0;
    for (path, bytes) in corpus("kept_board") {
        if let Ok(board) = Board::from_kept(pack.clone(), &bytes) {
            read += 1;
            for p in board.priorities() {
                let _ = board.objections_for(&p.id).count();
            }
            assert_eq!(board.kept(), bytes, "{}", path.display());
        }
    }
    // The seeds are real kept boards, so the fuzzer starts from sound ones.
    assert!(read >= 4, "only {read} kept boards in the corpus read back");
}

/// What no cleaned text may hold (as the `cleaner` fuzz target): C0 controls
/// other than the line feed, DEL, C1, bidi embeddings, overrides and
/// isolates, and the line and paragraph separators.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n')
        || u == 0x7F
        || (0x80..=0x9F).contains(&u)
        || (0x202A..=0x202E).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0x061C
        || u == 0x2028
        || u == 0x2029
}

#[test]
fn every_text_in_the_cleaner_corpus_comes_out_clean() {
    for (path, bytes) in corpus("cleaner") {
        let (max, rest) = match bytes.split_first() {
            Some((&m, rest)) => (usize::from(m), rest),
            None => (0, &bytes[..]),
        };
        let input = String::from_utf8_lossy(rest);
        let shown = display(&input);
        assert!(!shown.chars().any(forbidden), "{}", path.display());
        assert!(
            shown.matches('\n').count() <= input.matches('\n').count(),
            "{}",
            path.display()
        );
        for one_line in [
            display_line(&input),
            display_line_cut(&input, max),
            clean(&input, max).into_owned(),
        ] {
            assert!(
                !one_line.chars().any(|c| c == '\n' || forbidden(c)),
                "{}: {one_line:?}",
                path.display()
            );
        }
    }
}

#[test]
fn every_session_file_in_the_corpus_is_read_or_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.caseboard");
    let mut sound = 0;
    for (_, bytes) in corpus("session_bytes") {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(common::with_suffix(&path, suffix));
        }
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(store) = Store::open_for_review(&path) {
            let _ = store.load();
        }
        if verify(&path).is_ok_and(|report| report.is_sound()) {
            sound += 1;
        }
    }
    // At least one real session, so the fuzzer starts from a file that opens.
    assert!(sound >= 1, "no sound session in the corpus");
}

#[test]
fn every_wal_in_the_corpus_scans_without_a_panic_and_within_its_bounds() {
    let mut damaged = 0;
    for (path, bytes) in corpus("wal") {
        let scan = caseboard_store::wal::scan(&bytes);
        // Whatever the bytes, a scan never claims more than the file holds.
        assert!(
            scan.last_commit_frame <= scan.valid_frames,
            "{}: {scan:?}",
            path.display()
        );
        if scan.is_damaged() {
            damaged += 1;
        }
    }
    // The corpus keeps a damaged -wal, so the fuzzer starts from both sides.
    assert!(damaged >= 1, "no damaged -wal in the corpus");
}

/// Found by the `pack` target: serde's message quotes the unknown value, and
/// a value with an escaped line break made one problem print as two lines.
#[test]
fn an_unknown_value_with_a_line_break_is_told_on_one_line() {
    let demo = include_str!("../assets/packs/demo.json");
    let text = demo.replacen("\"tier\": \"regional\"", "\"tier\": \"regio\\nal\"", 1);
    assert_ne!(text, demo, "the demo names a regional attendee");
    let problems = parse_pack(&text).expect_err("an unknown tier is refused");
    for p in problems {
        let line = p.to_string();
        assert!(!line.contains('\n'), "{line:?}");
        assert!(line.contains("tier"), "{line}");
    }
}

/// Found by the `workbook` fuzzer: a sheet whose stated used range ends
/// before it starts (`I1:E4`) made calamine subtract past zero, a panic
/// in a debug build. It is refused in words, naming the sheet's file.
#[test]
fn a_workbook_whose_used_range_ends_before_it_starts_is_refused_in_words() {
    let (_, bytes) = corpus("workbook")
        .into_iter()
        .find(|(path, _)| path.ends_with("backwards-dimension.xlsx"))
        .expect("the input kept in the corpus");
    let error = caseboard_workbook::read_sheets_from_bytes(&bytes)
        .expect_err("a backwards used range is refused");
    assert_eq!(
        error,
        "sheet file xl/worksheets/sheet3.xml: its used range I1:E4 ends before it starts"
    );
}

/// Found by the `workbook` fuzzer: a cell reference with more letters than
/// a column number holds made calamine multiply past `u32::MAX`, a panic
/// in a debug build (a release build wraps). The reader catches it: a
/// damaged file is refused in words.
#[test]
fn a_workbook_that_makes_the_reader_overflow_is_refused_in_words() {
    let (_, bytes) = corpus("workbook")
        .into_iter()
        .find(|(path, _)| path.ends_with("cell-reference-overflow.xlsx"))
        .expect("the input kept in the corpus");
    if let Err(error) = caseboard_workbook::read_sheets_from_bytes(&bytes) {
        assert!(!error.contains('\n'), "one line: {error:?}");
    }
}
