//! `export --format docx`: the demo's minutes as a Word document, read
//! back part by part (the document's XML with a strict parser, its
//! pictures as PNG), hostile text kept as text, and the document opened
//! by LibreOffice, printed to PDF and read back with `pdftotext` and
//! `pdfimages`.

use super::minutes_html::{head_hash, AGREED, DECIDED};
use super::{cb, export, hostile_session, scripted, text};
use caseboard_testkit::clients::{installed, libreoffice_convert};
use roxmltree::{Document, Node};
use std::io::Read;
use std::path::{Path, PathBuf};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Writes the docx minutes of `path` beside it and returns the file.
fn docx(path: &Path, extra: &[&str]) -> PathBuf {
    let out = path.with_extension("docx");
    let out_arg = out.to_str().expect("a UTF-8 temporary path");
    let mut args = vec!["-o", out_arg];
    args.extend_from_slice(extra);
    export(path, "docx", &args);
    out
}

/// Every part of the document (a ZIP), by name.
fn parts(file: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(file).expect("the document was written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("a part");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("readable");
            (f.name().expect("a UTF-8 part name").to_string(), data)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in the document"))
        .1
}

fn w_elements<'a, 'i>(n: Node<'a, 'i>, tag: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.descendants()
        .filter(move |d| d.is_element() && d.tag_name().name() == tag)
}

/// The text of a paragraph, a cell or a row: its `w:t` runs joined.
fn text_of(n: Node) -> String {
    w_elements(n, "t").filter_map(|t| t.text()).collect()
}

fn style(p: Node) -> Option<String> {
    w_elements(p, "pStyle")
        .next()
        .and_then(|s| s.attribute((W, "val")))
        .map(str::to_string)
}

/// The headings at `level`, in order.
fn headings(doc: &Document, level: u8) -> Vec<String> {
    let want = format!("Heading{level}");
    w_elements(doc.root(), "p")
        .filter(|p| style(*p).as_deref() == Some(want.as_str()))
        .map(text_of)
        .collect()
}

/// Each table's rows, each row its cells' text.
fn tables(doc: &Document) -> Vec<Vec<Vec<String>>> {
    w_elements(doc.root(), "tbl")
        .map(|t| {
            w_elements(t, "tr")
                .map(|tr| w_elements(tr, "tc").map(text_of).collect())
                .collect()
        })
        .collect()
}

/// A PNG's size in pixels, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    (be(16), be(20))
}

#[test]
fn docx_minutes_of_the_demo_hold_every_section_in_order_with_the_agreed_targets_and_a_chart_each() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(&dir);
    let file = docx(&path, &[]);
    let again = dir.path().join("again.docx");
    export(&path, "docx", &["-o", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&again).unwrap(),
        "same file, same bytes"
    );
    // Every part is compressed (the PNG charts gain little, the XML much).
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    for i in 0..zip.len() {
        let part = zip.by_index(i).unwrap();
        if !part.is_dir() {
            assert_eq!(
                part.compression(),
                zip::CompressionMethod::Deflated,
                "{:?}",
                part.name()
            );
        }
    }
    let parts = parts(&file);
    let xml = String::from_utf8(part(&parts, "word/document.xml").to_vec()).expect("UTF-8");
    let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    // The heading styles carry outline levels, so every reader (not only
    // Word, which goes by their names) takes them as headings.
    let styles = String::from_utf8_lossy(part(&parts, "word/styles.xml")).into_owned();
    let styles = Document::parse(&styles).expect("styles are well-formed");
    for (id, level) in [("Heading1", "0"), ("Heading2", "1")] {
        let style = w_elements(styles.root(), "style")
            .find(|s| s.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("a {id} style"));
        let outline = w_elements(style, "outlineLvl")
            .next()
            .expect("an outline level");
        assert_eq!(outline.attribute((W, "val")), Some(level), "{id}");
    }

    // The sections as real headings, decisions first, in the HTML's order.
    assert_eq!(
        headings(&doc, 1),
        [
            "Decisions",
            "The decided priorities' indicators",
            "Actions",
            "Objections and how each was settled",
            "Attendance",
            "The discussion",
            "Notes",
            "Checking this record",
        ]
    );
    let groups = headings(&doc, 2);
    assert_eq!(
        groups[..6],
        [
            "Agreed designated targets",
            "Statutory targets",
            "Local priorities",
            "Rejected",
            "Deferred",
            "Not decided"
        ]
    );
    // The contents list every heading, each with a page reference to a
    // bookmark on that heading.
    let refs: Vec<String> = w_elements(doc.root(), "instrText")
        .filter_map(|i| i.text())
        .filter(|t| t.starts_with("PAGEREF"))
        .map(str::to_string)
        .collect();
    let bookmarks: Vec<&str> = w_elements(doc.root(), "bookmarkStart")
        .filter_map(|b| b.attribute((W, "name")))
        .collect();
    assert_eq!(refs.len(), 8 + groups.len());
    assert_eq!(bookmarks.len(), refs.len());
    for (r, b) in refs.iter().zip(&bookmarks) {
        assert!(r.contains(b), "{r} refers to {b}");
    }

    // The agreed targets in the first two tables, by id and title.
    let tables = tables(&doc);
    let designated = &tables[0];
    assert_eq!(
        designated[0],
        [
            "priority",
            "indicator",
            "baseline",
            "proposed",
            "agreed target",
            "rationale",
            "decided"
        ]
    );
    assert_eq!(designated.len(), 1 + 5, "{designated:?}");
    for (id, title, agreed) in AGREED {
        let row = tables[0][1..]
            .iter()
            .chain(&tables[1][1..])
            .find(|r| r[0] == format!("{id} {title}"))
            .unwrap_or_else(|| panic!("{id} {title} among the agreed targets"));
        assert_eq!(row[4], agreed, "{id}'s agreed target");
    }

    // One chart per decided priority, as a picture drawn at twice its size,
    // each captioned and followed by its figures as a table.
    let pictures: Vec<&(String, Vec<u8>)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(pictures.len(), DECIDED.len());
    for (name, png) in &pictures {
        assert_eq!(png_size(png), (1040, 480), "{name}");
    }
    assert_eq!(w_elements(doc.root(), "drawing").count(), DECIDED.len());
    let captions: Vec<String> = w_elements(doc.root(), "p")
        .map(text_of)
        .filter(|t| DECIDED.iter().any(|id| t.starts_with(&format!("{id} "))))
        .filter(|t| t.contains(": NI "))
        .collect();
    assert_eq!(captions.len(), DECIDED.len(), "{captions:?}");
    assert!(tables.iter().any(|t| t[0] == ["figure", "period", "value"]
        && t.iter().any(|r| r == &["agreed target", "2010", "32.5"])));

    // A4, and a footer naming the conference and the head hash.
    let size = w_elements(doc.root(), "pgSz").next().expect("a page size");
    assert_eq!(size.attribute((W, "w")), Some("11906"));
    assert_eq!(size.attribute((W, "h")), Some("16838"));
    let footer = String::from_utf8_lossy(part(&parts, "word/footer1.xml")).into_owned();
    assert!(footer.contains(&head_hash(&path)), "{footer}");
    assert!(footer.contains("Westmarsh Local Area Agreement"));

    // The timeline only when asked for.
    assert!(!xml.contains("Appendix: timeline"));
    let with = docx(&path, &["--timeline"]);
    let with = String::from_utf8(part(&self::parts(&with), "word/document.xml").to_vec()).unwrap();
    let with = Document::parse(&with).unwrap();
    assert_eq!(
        headings(&with, 1).last().map(String::as_str),
        Some("Checking this record")
    );
    assert!(headings(&with, 1).contains(&"Appendix: timeline".to_string()));
}

#[test]
fn a_docx_export_needs_a_file_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(&dir);
    let refused = cb()
        .arg("export")
        .arg(&path)
        .args(["--format", "docx"])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        refused.stdout.is_empty(),
        "nothing binary reached the terminal"
    );
    let said = text(refused.stderr);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("give -o OUT.docx"), "{said}");
}

#[test]
fn hostile_text_stays_text_in_the_docx_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_session(&dir);
    let file = docx(&path, &["--timeline"]);
    let parts = parts(&file);
    let xml = String::from_utf8(part(&parts, "word/document.xml").to_vec()).expect("UTF-8");
    // Well-formed: nothing in the pack closed or opened an element, and no
    // control character (which XML forbids) made it unreadable.
    let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    for c in [
        '\u{1b}', '\u{7}', '\u{202E}', '\u{2067}', '\0', '\u{FFFE}', '\u{FFFF}',
    ] {
        assert!(!xml.contains(c), "{c:?} got through");
    }
    assert!(!xml.contains("hyperlink"), "no link was made");
    let cells: Vec<String> = w_elements(doc.root(), "tc").map(text_of).collect();
    assert!(
        cells.contains(&"<script>alert(1)</script> [click](http://evil)".to_string()),
        "the attendee's name is shown as the text it is"
    );
    let footer = String::from_utf8_lossy(part(&parts, "word/footer1.xml")).into_owned();
    Document::parse(&footer).expect("the footer is well-formed");
    assert!(!footer.contains('\u{1b}'));
}

#[test]
fn libreoffice_opens_the_demo_minutes_and_prints_them_with_contents_charts_and_footers() {
    let hint = "(on Debian: apt-get install libreoffice-writer-nogui poppler-utils): cannot print the Word minutes";
    if !installed("libreoffice", "--version", hint)
        || !installed("pdftotext", "-v", hint)
        || !installed("pdfimages", "-v", hint)
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = scripted(&dir);
    let file = docx(&path, &[]);
    let converted = libreoffice_convert(&file, "pdf", dir.path());
    let pdf = file.with_extension("pdf");
    assert!(
        converted.status.success() && pdf.exists(),
        "LibreOffice printed nothing: {}",
        String::from_utf8_lossy(&converted.stderr)
    );
    // Kept beside the build for a person to look at.
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let _ = std::fs::copy(&file, keep.join("minutes_demo.docx"));
    let _ = std::fs::copy(&pdf, keep.join("minutes_demo_docx.pdf"));
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let words = String::from_utf8_lossy(&out.stdout).into_owned();
    let folded = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for (id, title, agreed) in AGREED {
        assert!(folded.contains(title), "{id} {title} in the PDF:\n{words}");
        assert!(folded.contains(agreed), "{id}'s target {agreed} in the PDF");
    }
    // The contents give each section the page LibreOffice laid it out on.
    let page_of = |heading: &str| -> u32 {
        let line = words
            .lines()
            .find(|l| l.trim_start().starts_with(heading) && l.contains(".."))
            .unwrap_or_else(|| panic!("{heading} in the contents:\n{words}"));
        line.rsplit('.')
            .next()
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("a page number: {line}"))
    };
    let decisions = page_of("Decisions");
    let actions = page_of("Actions");
    let check = page_of("Checking this record");
    assert!(decisions >= 1 && decisions < actions && actions <= check);
    let pages = words.matches('\u{c}').count() as u32;
    assert!(check <= pages, "{check} of {pages} pages");
    // Each page on its own: the section the contents put there starts on
    // it, and its footer has the head hash and the page's number.
    let page = |n: u32| {
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for (heading, at) in [("Actions", actions), ("Checking this record", check)] {
        assert!(
            page(at).lines().any(|l| l.trim() == heading),
            "{heading} on page {at}"
        );
    }
    let head = head_hash(&path);
    for n in 1..=pages {
        let words = page(n).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(&head[..16]),
            "page {n}'s footer has the hash"
        );
        assert!(words.contains(&format!("page {n} of {pages}")), "page {n}");
    }
    // The charts are pictures in the PDF: one per decided priority.
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages runs");
    let images = String::from_utf8_lossy(&list.stdout)
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count();
    assert_eq!(images, DECIDED.len());
}
