//! The window's structure, checked from its source: the modules of `src/gui` import each other
//! without a circle (the window's own module included: no screen imports it), and no file grows
//! past what can be read in one sitting. Written by hand: no crate reads a `use` graph, and this
//! reads only the `use` paths this code base writes (`super::x`, `super::{x, y}`, `crate::gui::x`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines a file of `src/gui` (tests included) may have.
const MOST_LINES: usize = 600;

/// The name the window's own module (`mod.rs`) goes by in the graph.
const WINDOW: &str = "(gui)";

fn gui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui")
}

/// One file of the window: the module it belongs to (`issuer_dialog/view.rs` belongs to
/// `issuer_dialog`), how deep it sits in that module, and its source without comments.
struct File {
    module: String,
    depth: usize,
    source: String,
}

/// Every file of `src/gui` but the tests.
fn files() -> Vec<File> {
    let mut files = Vec::new();
    let mut add = |module: String, depth: usize, path: &Path| {
        let source = std::fs::read_to_string(path).unwrap();
        // The tests may reach anything; only the window's own code counts.
        let source = source.split("#[cfg(test)]\nmod tests").next().unwrap();
        let without_comments: Vec<&str> = source
            .lines()
            .map(|line| line.split("//").next().unwrap())
            .collect();
        let source = without_comments.join("\n");
        files.push(File {
            module,
            depth,
            source,
        });
    };
    for entry in std::fs::read_dir(gui_dir()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() && stem != "tests" {
            for inner in std::fs::read_dir(&path).unwrap() {
                let inner = inner.unwrap().path();
                let depth = usize::from(inner.file_stem().is_some_and(|s| s != "mod"));
                add(stem.clone(), depth, &inner);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = if stem == "mod" {
                WINDOW.to_string()
            } else {
                stem
            };
            add(module, 0, &path);
        }
    }
    files
}

/// Identifiers at the start of `text` (`x`, or each of `{x, y::z, W}`).
fn first_names(text: &str) -> Vec<String> {
    let identifier = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = text.strip_prefix('{') {
        let group = &group[..group.find('}').unwrap_or(group.len())];
        group
            .split(',')
            .map(|item| identifier(item.trim()))
            .filter(|name| !name.is_empty())
            .collect()
    } else {
        vec![identifier(text)]
    }
}

/// What each module imports: sibling modules by name; anything else of `gui` (the window's
/// `App`, `Message`, …) counts as the window itself. A file's `super::` inside its own module
/// (a dialog's `view.rs` using the dialog) is no import.
fn imports(files: &[File]) -> BTreeMap<String, BTreeSet<String>> {
    let siblings: BTreeSet<&str> = files
        .iter()
        .map(|f| f.module.as_str())
        .filter(|m| *m != WINDOW)
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let (name, source) = (&file.module, &file.source);
        let uses = graph.entry(name.clone()).or_default();
        if name == WINDOW {
            // The window names its children as `child::item` (or `self::child::item`).
            for child in &siblings {
                let pattern = format!("{child}::");
                let found = source.match_indices(&pattern).any(|(at, _)| {
                    let before = &source[..at];
                    if before.ends_with("self::") {
                        return true;
                    }
                    // Not the tail of another path (`iced::widget::list::`) or name.
                    let last = before.chars().last();
                    !before.ends_with("::")
                        && last.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                });
                if found {
                    uses.insert(child.to_string());
                }
            }
            continue;
        }
        // Paths that leave the module: `crate::gui::x`, or more `super::`s than the file is deep.
        let mut leaving = Vec::new();
        for (at, _) in source.match_indices("crate::gui::") {
            leaving.push(at + "crate::gui::".len());
        }
        for (at, _) in source.match_indices("super::") {
            if source[..at].ends_with("super::") {
                continue;
            }
            let mut end = at;
            let mut supers = 0;
            while source[end..].starts_with("super::") {
                end += "super::".len();
                supers += 1;
            }
            if supers > file.depth {
                leaving.push(end);
            }
        }
        for start in leaving {
            for used in first_names(&source[start..]) {
                let target = if siblings.contains(used.as_str()) {
                    used
                } else {
                    WINDOW.to_string()
                };
                if &target != name {
                    uses.insert(target);
                }
            }
        }
    }
    graph
}

/// A circle of imports, if there is one (depth-first search).
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut found = path[start..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_window_modules_import_each_other_without_a_circle() {
    let graph = imports(&files());
    // The reader is not blind: it sees what the window is made of.
    assert!(graph[WINDOW].contains("list") && graph[WINDOW].contains("modal"));
    assert!(graph["app_view"].contains(WINDOW), "app_view draws the App");
    assert!(graph["modal"].contains("push_dialog"));
    assert_eq!(circle(&graph), None, "{graph:#?}");
}

#[test]
fn the_circle_finder_finds_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(n, d)| (n.to_string(), d.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        circle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let file = |module: &str, depth: usize, source: &str| File {
        module: module.into(),
        depth,
        source: source.into(),
    };
    let files = [
        file(WINDOW, 0, "mod a;\nuse self::a::Thing;"),
        file("a", 0, "mod view;\nuse super::style;"),
        // The nested file's own `super::` is its module; the second leaves it.
        file("a", 1, "use super::State;\nuse super::super::{App, style};"),
        file("style", 0, ""),
    ];
    let graph = imports(&files);
    assert!(graph["a"].contains("style") && !graph["a"].contains("State"));
    assert_eq!(
        circle(&graph),
        Some(vec![WINDOW.into(), "a".into(), WINDOW.into()])
    );
}

#[test]
fn no_window_file_is_longer_than_can_be_read_in_one_sitting() {
    let mut long = Vec::new();
    let mut dirs = vec![gui_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > MOST_LINES {
                    long.push(format!("{} ({lines} lines)", path.display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "over {MOST_LINES} lines: {long:#?}");
}
