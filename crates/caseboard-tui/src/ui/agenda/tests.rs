use super::*;

fn part(keep: u8, forms: &[&str]) -> Part {
    Part {
        forms: forms.iter().map(|f| f.to_string()).collect(),
        keep,
    }
}

fn line() -> Vec<Part> {
    vec![
        part(2, &["used 45 min"]),
        part(3, &["1 h 20 min left"]),
        part(1, &["2 items untimed"]),
        part(5, &["ends ~16:42"]),
        part(4, &["planned 16:30"]),
        part(6, &["running 12 min late", "12 min late"]),
    ]
}

#[test]
fn parts_give_way_whole_by_width() {
    let full = "used 45 min · 1 h 20 min left · 2 items untimed · ends ~16:42 · planned 16:30 · running 12 min late";
    assert_eq!(fit(&line(), 200).as_deref(), Some(full));
    assert_eq!(
        fit(&line(), full.width() - 1).as_deref(),
        Some("used 45 min · 1 h 20 min left · ends ~16:42 · planned 16:30 · running 12 min late")
    );
    assert_eq!(
        fit(&line(), 50).as_deref(),
        Some("ends ~16:42 · planned 16:30 · running 12 min late")
    );
    assert_eq!(
        fit(&line(), 35).as_deref(),
        Some("ends ~16:42 · running 12 min late")
    );
    assert_eq!(fit(&line(), 20).as_deref(), Some("running 12 min late"));
    assert_eq!(fit(&line(), 12).as_deref(), Some("12 min late"));
    assert_eq!(fit(&line(), 10), None);
    assert_eq!(fit(&[], 80), None);
    // Whatever the width, what is shown fits and is made of whole parts.
    for width in 0..120 {
        if let Some(text) = fit(&line(), width) {
            assert!(text.width() <= width, "{text:?} in {width}");
            for piece in text.split(SEPARATOR) {
                assert!(full.contains(piece), "{piece:?} is not a whole part");
            }
        }
    }
}
