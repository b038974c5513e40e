//! `export --format html`: the demo's minutes read back with an XML parser
//! (the page is well-formed, so a strict parser is the harshest reader),
//! each chart parsed on its own, hostile text kept as text, and the page
//! printed to PDF by headless Chromium and read back with `pdftotext`.

use super::{cb, export, hostile_session, scripted, text};
use caseboard_testkit::clients::installed;
use roxmltree::{Document, Node, ParsingOptions};
use std::path::Path;

fn parse(html: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(html, options).unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

fn has_class(n: &Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// Every piece of text under `n`, joined.
fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn elements<'a, 'i>(doc: &'a Document<'i>, tag: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    doc.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == tag)
}

/// The demo's agreed targets: priority, title, agreed target as shown.
pub(super) const AGREED: [(&str, &str, &str); 7] = [
    ("P01", "Reduce teenage conceptions", "2010: 32.5"),
    ("P03", "Tackle child poverty", "to be set"),
    ("P12", "Reduce serious acquisitive crime", "2010/11: 14.2"),
    ("P14", "Reduce assaults with injury", "2010/11: 7.9"),
    ("P25", "Reduce alcohol-related harm", "2010/11: 1480"),
    (
        "S01",
        "Early Years Foundation Stage: good level of development",
        "2010/11: 54",
    ),
    (
        "S03",
        "Key Stage 2: level 4 in English and maths",
        "2010/11: 79",
    ),
];

/// Priorities the demo meeting decided, in agenda order: each has a chart.
pub(super) const DECIDED: [&str; 10] = [
    "P01", "P03", "P12", "P14", "P18", "P25", "P29", "P37", "S01", "S03",
];

pub(super) fn head_hash(path: &Path) -> String {
    let verify = text(cb().arg("verify").arg(path).output().expect("runs").stdout);
    verify
        .lines()
        .find_map(|l| l.strip_prefix("head hash: "))
        .expect("verify prints the head hash")
        .to_string()
}

#[test]
fn html_minutes_of_the_demo_hold_every_section_in_order_and_the_agreed_targets() {
    let dir = tempfile::tempdir().unwrap();
    let (path, events) = scripted(&dir);
    let html = text(export(&path, "html", &[]));
    assert_eq!(
        html,
        text(export(&path, "html", &[])),
        "same file, same bytes"
    );
    let doc = parse(&html);

    // Sections, decisions first, the timeline only when asked for.
    let sections: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "section" | "header"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(
        sections,
        [
            "heading",
            "decisions",
            "charts",
            "actions",
            "objections",
            "attendance",
            "meeting",
            "notes",
            "check"
        ]
    );
    let groups: Vec<String> = elements(&doc, "h3").take(6).map(|n| text_of(n)).collect();
    assert_eq!(
        groups,
        [
            "Agreed designated targets",
            "Statutory targets",
            "Local priorities",
            "Rejected",
            "Deferred",
            "Not decided"
        ]
    );

    // A table per decision group; the agreed targets in theirs, by title.
    let table = |group: &str| {
        elements(&doc, "table")
            .find(|t| has_class(t, "decisions") && has_class(t, group))
            .unwrap_or_else(|| panic!("a table of {group} decisions"))
    };
    let rows = |t: Node| -> Vec<Vec<String>> {
        t.descendants()
            .filter(|n| n.has_tag_name("tr"))
            .skip(1)
            .map(|tr| {
                tr.children()
                    .filter(|c| c.is_element())
                    .map(text_of)
                    .collect()
            })
            .collect()
    };
    let designated = rows(table("designated"));
    assert_eq!(designated.len(), 5, "{designated:?}");
    let statutory = rows(table("statutory"));
    for (id, title, agreed) in AGREED {
        let row = designated
            .iter()
            .chain(&statutory)
            .find(|r| r[0] == format!("{id} {title}"))
            .unwrap_or_else(|| panic!("{id} {title} among the agreed targets"));
        assert_eq!(row[4], agreed, "{id}'s agreed target");
    }
    let p01 = &designated[0];
    assert_eq!(
        p01[1], "NI 112",
        "the indicator by code; its title in the key"
    );
    assert_eq!(p01[2], "1998: 44.2");
    assert_eq!(p01[3], "2010: 24.3");
    assert!(p01[6].starts_with("Helen Marsden, "), "{p01:?}");
    assert!(
        p01[6].ends_with(" GMT") || p01[6].ends_with(" BST"),
        "local time: {p01:?}"
    );
    assert_eq!(
        rows(table("local"))[0][0],
        "P29 Increase breastfeeding at 6-8 weeks"
    );
    assert_eq!(
        rows(table("rejected"))[0][0],
        "P37 CO2 reduction from local authority operations"
    );
    assert_eq!(
        rows(table("deferred"))[0][0],
        "P18 Re-offending by young offenders"
    );
    let key = text_of(
        elements(&doc, "dl")
            .find(|d| has_class(d, "key"))
            .expect("a key"),
    );
    assert!(
        key.contains("NI 112Under 18 conception rate (rate per 1,000 females aged 15-17)"),
        "{key}"
    );

    // A chart per decided priority, each an SVG with a title and a
    // description, parsed on its own, and its figures as text beside it.
    let figures: Vec<Node> = elements(&doc, "figure").collect();
    assert_eq!(figures.len(), DECIDED.len());
    for (figure, id) in figures.iter().zip(DECIDED) {
        let caption = text_of(
            figure
                .children()
                .find(|c| c.has_tag_name("figcaption"))
                .expect("a caption"),
        );
        assert!(caption.starts_with(&format!("{id} ")), "{caption}");
        let svg = figure
            .children()
            .find(|c| c.has_tag_name("svg"))
            .unwrap_or_else(|| panic!("{id} has a chart"));
        let own = Document::parse(&html[svg.range()]).expect("the SVG parses alone");
        let root = own.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let title = root.first_element_child().expect("a first child");
        assert!(title.has_tag_name("title"), "{id}: <title> first");
        assert!(text_of(title).starts_with(&format!("{id} ")));
        let desc = root
            .children()
            .find(|c| c.has_tag_name("desc"))
            .expect("a <desc>");
        assert!(
            text_of(desc).contains("baseline"),
            "{id}: {}",
            text_of(desc)
        );
        assert!(root
            .descendants()
            .any(|n| n.has_tag_name("polyline") || n.has_tag_name("circle")));
        let alternative = figure
            .descendants()
            .find(|c| c.has_tag_name("table") && has_class(c, "figures"))
            .unwrap_or_else(|| panic!("{id}: the figures as a table"));
        assert!(text_of(alternative).contains("baseline"));
    }
    // P01's chart places the agreed target and says it in words.
    let p01_desc = text_of(elements(&doc, "desc").next().expect("P01's description"));
    assert!(p01_desc.contains("agreed target 2010: 32.5"), "{p01_desc}");
    assert!(
        p01_desc.contains("proposed target 2010: 24.3"),
        "{p01_desc}"
    );

    // Self-contained: no scripts, nothing fetched, A4 print CSS.
    assert!(!html.contains("<script"));
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert!(!n.tag_name().name().eq_ignore_ascii_case("script"));
        for a in n.attributes() {
            let name = a.name().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "no event handlers: {name}");
            if matches!(name.as_str(), "src" | "href") {
                panic!("nothing fetched or linked: {name}={}", a.value());
            }
        }
        assert!(!n.has_tag_name("link") && !n.has_tag_name("img") && !n.has_tag_name("iframe"));
    }
    let style = text_of(elements(&doc, "style").next().expect("inline CSS"));
    assert!(style.contains("@page { size: A4;"));
    assert!(style.contains("break-before: page"));
    assert!(!style.contains("url("), "CSS fetches nothing");

    // The running footer: the conference and the head hash verify prints.
    let head = head_hash(&path);
    let footer = text_of(elements(&doc, "footer").next().expect("a footer"));
    assert!(
        footer.starts_with("Westmarsh Local Area Agreement 2008-11"),
        "{footer}"
    );
    assert!(footer.contains(&head), "{footer} quotes {head}");
    assert!(style.contains("position: fixed"));

    // The timeline only with --timeline: every entry, before the check.
    assert!(!html.contains("Appendix: timeline"));
    let with = text(export(&path, "html", &["--timeline"]));
    let doc = parse(&with);
    let ids: Vec<&str> = elements(&doc, "section")
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(ids[ids.len() - 2..], ["timeline", "check"]);
    let timeline = elements(&doc, "table")
        .find(|t| has_class(t, "timeline"))
        .expect("the timeline");
    let entries = timeline
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .count()
        - 1;
    assert_eq!(entries, events.len());
}

#[test]
fn markdown_minutes_leave_the_timeline_out_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (path, events) = scripted(&dir);
    let md = text(export(&path, "md", &[]));
    assert!(!md.contains("## Appendix: timeline"));
    let with = text(export(&path, "md", &["--timeline"]));
    assert!(with.contains("## Appendix: timeline"));
    assert!(with.contains(&format!("\n| {} | ", events.len())));
    // Everything else is the same document.
    // It belongs to the minutes alone.
    let refused = cb()
        .arg("export")
        .arg(&path)
        .args(["--format", "csv", "--timeline"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(refused.stderr).contains("--timeline is for the minutes"));
    let cut = with.find("## Appendix: timeline").unwrap();
    let check = md.find("## Checking this record").unwrap();
    assert_eq!(md[..check], with[..cut]);
}

#[test]
fn hostile_text_stays_text_in_the_html_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_session(&dir);
    let html = text(export(&path, "html", &["--timeline"]));
    // Well-formed: nothing in the pack closed or opened an element.
    let doc = parse(&html);
    assert!(!html.contains("<script"));
    assert!(elements(&doc, "script").next().is_none());
    assert!(!html.contains("href"), "no link was made");
    for c in [
        '\u{1b}', '\u{7}', '\u{202E}', '\u{2067}', '\0', '\u{FFFE}', '\u{FFFF}',
    ] {
        assert!(!html.contains(c), "{c:?} got through");
    }
    // The attendee's "name" is shown as the text it is.
    let names: Vec<String> = elements(&doc, "td").map(text_of).collect();
    assert!(
        names.contains(&"<script>alert(1)</script> [click](http://evil)".to_string()),
        "{names:?}"
    );
    let title = text_of(elements(&doc, "title").next().unwrap());
    assert!(title.starts_with("Minutes: # Evil"), "{title}");
    // The charts are still well-formed on their own.
    for svg in elements(&doc, "svg") {
        Document::parse(&html[svg.range()]).expect("each chart parses");
    }
}

#[test]
fn chromium_prints_the_demo_minutes_to_pdf_with_the_agreed_targets() {
    let hint = "(on Debian: apt-get install chromium poppler-utils): cannot print the HTML minutes";
    if !installed("chromium", "--version", hint) || !installed("pdftotext", "-v", hint) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(&dir);
    let html = dir.path().join("minutes.html");
    let pdf = dir.path().join("minutes.pdf");
    export(&path, "html", &["-o", html.to_str().unwrap()]);
    let profile = tempfile::tempdir().unwrap();
    let printed = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&html)
        .output()
        .expect("chromium runs");
    assert!(
        printed.status.success() && pdf.exists(),
        "chromium printed nothing: {}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let words = String::from_utf8_lossy(&out.stdout);
    // Layout may wrap a title across lines: compare with spaces folded.
    let folded = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for (id, title, _) in AGREED {
        assert!(
            folded.contains(title),
            "{id} {title} is in the PDF:\n{words}"
        );
    }
    // A4 pages, each with the running footer.
    let pages = words.matches('\u{c}').count();
    assert!(pages >= 4, "{pages} pages");
    let head = head_hash(&path);
    let footers = folded.matches(&head[..16]).count();
    assert!(footers >= pages, "{footers} footers on {pages} pages");
    // Kept beside the build for a person to look at.
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let _ = std::fs::copy(&html, keep.join("minutes_demo.html"));
    let _ = std::fs::copy(&pdf, keep.join("minutes_demo.pdf"));
    let _ = std::fs::write(keep.join("minutes_demo.txt"), words.as_bytes());
}
