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

/// Every module of `src/gui` (not the tests) with its source, comments removed.
fn modules() -> BTreeMap<String, String> {
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(gui_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let name = if stem == "mod" {
            WINDOW.to_string()
        } else {
            stem
        };
        let source = std::fs::read_to_string(&path).unwrap();
        // The tests may reach anything; only the window's own code counts.
        let source = source.split("#[cfg(test)]\nmod tests").next().unwrap();
        let without_comments: Vec<&str> = source
            .lines()
            .map(|line| line.split("//").next().unwrap())
            .collect();
        modules.insert(name, without_comments.join("\n"));
    }
    modules
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
/// `App`, `Message`, …) counts as the window itself.
fn imports(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let siblings: BTreeSet<&str> = modules
        .keys()
        .map(String::as_str)
        .filter(|m| *m != WINDOW)
        .collect();
    let mut graph = BTreeMap::new();
    for (name, source) in modules {
        let mut uses = BTreeSet::new();
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
        } else {
            for prefix in ["super::", "crate::gui::"] {
                for (at, _) in source.match_indices(prefix) {
                    for used in first_names(&source[at + prefix.len()..]) {
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
        }
        graph.insert(name.clone(), uses);
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
    let graph = imports(&modules());
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
    let mut modules = BTreeMap::new();
    modules.insert(
        WINDOW.to_string(),
        "mod a;\nuse self::a::Thing;".to_string(),
    );
    modules.insert("a".to_string(), "use super::{App, style};".to_string());
    modules.insert("style".to_string(), String::new());
    let graph = imports(&modules);
    assert_eq!(
        circle(&graph),
        Some(vec![WINDOW.into(), "a".into(), WINDOW.into()])
    );
}

#[test]
fn no_window_file_is_longer_than_can_be_read_in_one_sitting() {
    let mut long = Vec::new();
    for dir in [gui_dir(), gui_dir().join("tests")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > MOST_LINES {
                    long.push(format!("{} ({lines} lines)", path.display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "over {MOST_LINES} lines: {long:#?}");
}
