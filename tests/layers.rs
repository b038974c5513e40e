//! The code's shape, checked: each crate depends only on the layers below
//! it, and inside the screens' crate the modules point one way (app → layout,
//! ui → app and layout, runtime → all), so no cycle creeps back in.

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The workspace crates a crate's `[dependencies]` name (not dev-dependencies).
fn our_dependencies(krate: &str) -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(ROOT)
            .join("crates")
            .join(krate)
            .join("Cargo.toml"),
    )
    .unwrap();
    let mut in_deps = false;
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && line.starts_with("caseboard-") {
            found.push(
                line.split(['.', ' ', '='])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
    }
    found.sort();
    found
}

#[test]
fn each_crate_depends_only_on_the_layers_below_it() {
    assert_eq!(our_dependencies("caseboard-core"), Vec::<String>::new());
    assert_eq!(our_dependencies("caseboard-store"), ["caseboard-core"]);
    assert_eq!(our_dependencies("caseboard-report"), ["caseboard-core"]);
    assert_eq!(our_dependencies("caseboard-workbook"), ["caseboard-core"]);
    assert_eq!(
        our_dependencies("caseboard-tui"),
        ["caseboard-core", "caseboard-store"]
    );
}

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Every file under `dir` (or the file itself) that names one of `modules`.
fn files_naming(dir: &Path, modules: &[&str]) -> Vec<String> {
    let files = if dir.is_dir() {
        sources(dir)
    } else {
        vec![dir.to_path_buf()]
    };
    files
        .into_iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            modules
                .iter()
                .any(|m| text.contains(&format!("crate::{m}")))
        })
        .map(|f| f.display().to_string())
        .collect()
}

#[test]
fn the_screens_modules_point_one_way() {
    let tui = Path::new(ROOT).join("crates/caseboard-tui/src");
    assert_eq!(
        files_naming(&tui.join("app"), &["ui", "runtime"]),
        Vec::<String>::new(),
        "app must not know how it is drawn or run"
    );
    assert_eq!(
        files_naming(&tui.join("layout.rs"), &["app", "ui", "runtime"]),
        Vec::<String>::new(),
        "layout is geometry only"
    );
    assert_eq!(
        files_naming(&tui.join("ui"), &["runtime"]),
        Vec::<String>::new(),
        "ui draws; it does not run"
    );
}
