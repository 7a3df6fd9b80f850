//! The crate's shape, checked from its source (issue 30): arrows run one way only — shells →
//! use cases → features → store → network → model → pki → the small helpers — with no circle
//! between modules or between the files of one module, and no file of `src/` over 600 lines.
//! Written by hand: no crate reads a `use` graph, and this reads only the paths this code base
//! writes (`crate::x`, `use crate::{x, y}`, `super::x`, `self::x`).
//!
//! `CERTDECK_ARCHITECTURE_SRC=DIR` checks another tree (an older commit's `src/`, to see the
//! check fail where it should).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines a file of `src/` may have.
const MOST_LINES: usize = 600;

/// Each top-level module's layer: a module may use modules of lower layers only — and, among
/// the features, other features, as long as no circle forms. A new module is placed here on
/// purpose (the test says so when one is missing).
const LAYERS: &[(&str, u8)] = &[
    // Small helpers every layer may use.
    ("sanitize", 0),
    ("limits", 0),
    ("child", 0),
    // The certificate engine.
    ("pki", 1),
    // Data shared by everything: no I/O.
    ("model", 2),
    ("locale", 2),
    // Network primitives (TLS capture, STARTTLS, bounded HTTP bodies).
    ("net", 3),
    // The inventory: both database engines, secrets, the vault, approvals.
    ("store", 4),
    // Features.
    ("probe", 5),
    ("scan", 5),
    ("push", 5),
    ("acme", 5),
    ("revocation", 5),
    ("team", 5),
    ("notify", 5),
    // Use cases the shells share.
    ("app", 6),
    ("settings", 6),
    // Shells.
    ("cli", 7),
    ("gui", 7),
    ("main", 7),
    ("bin", 7),
];

/// The layer where modules may also use each other (without a circle).
const FEATURES: u8 = 5;

/// One file: its path below `src/`, its top-level module, and its code without comments and
/// without its `#[cfg(test)]` modules (tests may reach anything).
struct File {
    path: String,
    module: String,
    lines: usize,
    code: String,
}

fn source_dir() -> PathBuf {
    std::env::var_os("CERTDECK_ARCHITECTURE_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// `text` without `#[cfg(test)] mod name { … }` blocks (braces matched).
fn without_test_modules(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = rest[at + "#[cfg(test)]".len()..].trim_start();
        let is_module = after.starts_with("mod ") || after.starts_with("pub mod ");
        let Some(open) = after.find('{').filter(|_| is_module) else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        };
        out.push_str(&rest[..at]);
        let body = &after[open + 1..];
        let mut depth = 1;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

fn files() -> Vec<File> {
    let src = source_dir();
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths
        .into_iter()
        .filter_map(|path| {
            let relative = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            // The window's own tests are tests.
            if relative.starts_with("gui/tests/") || relative == "lib.rs" {
                return None;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let module = relative
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            let without_tests = without_test_modules(&text);
            let code: Vec<&str> = without_tests
                .lines()
                .map(|line| line.split("//").next().unwrap())
                .collect();
            Some(File {
                path: relative,
                module,
                lines: text.lines().count(),
                code: code.join("\n"),
            })
        })
        .collect()
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The names a path starts with at `text`: `x` of `x::…`, or each of `{x, y::z}`.
fn first_names(text: &str) -> Vec<String> {
    match text.strip_prefix('{') {
        Some(group) => group[..group.find('}').unwrap_or(group.len())]
            .split(',')
            .map(|item| identifier(item.trim()))
            .filter(|name| !name.is_empty())
            .collect(),
        None => vec![identifier(text)],
    }
}

/// Where `prefix` starts a path in `code` (not the tail of a longer name or path).
fn path_starts<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code[..at].chars().last();
        let joined = before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        (!joined).then_some(at + prefix.len())
    })
}

/// Which top-level modules each top-level module uses (`crate::x`).
fn module_graph(files: &[File]) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let modules: BTreeSet<String> = files.iter().map(|f| f.module.clone()).collect();
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let uses = graph.entry(file.module.clone()).or_default();
        for start in path_starts(&file.code, "crate::") {
            for used in first_names(&file.code[start..]) {
                if modules.contains(&used) && used != file.module {
                    uses.entry(used).or_default().insert(file.path.clone());
                }
            }
        }
    }
    graph
}

/// Which files of the same top-level module each file uses: `super::x` and `self::x` where
/// `x` is a sibling file, and `crate::module::x`.
fn file_graph(files: &[File]) -> BTreeMap<String, BTreeSet<String>> {
    // A file's own name in its module (`store/chains.rs` → chains; `store/db/mod.rs` → db).
    let name_of = |path: &str| -> (String, String) {
        let parts: Vec<&str> = path.trim_end_matches(".rs").split('/').collect();
        let (parent, last) = parts.split_at(parts.len() - 1);
        if last[0] == "mod" {
            let (grand, own) = parent.split_at(parent.len().saturating_sub(1));
            (grand.join("/"), own.first().unwrap_or(&"").to_string())
        } else {
            (parent.join("/"), last[0].to_string())
        }
    };
    let mut by_dir: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let (dir, name) = name_of(&file.path);
        by_dir
            .entry(dir)
            .or_default()
            .insert(name, file.path.clone());
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let (dir, _) = name_of(&file.path);
        // `super::x` from `a/b.rs` names a sibling of b; from `a/b/mod.rs`, a sibling of `a/b`.
        let own_dir = if file.path.ends_with("/mod.rs") {
            file.path.trim_end_matches("/mod.rs").to_string()
        } else {
            file.path.trim_end_matches(".rs").to_string()
        };
        let siblings = by_dir.get(&dir).cloned().unwrap_or_default();
        let children = by_dir.get(&own_dir).cloned().unwrap_or_default();
        let uses = graph.entry(file.path.clone()).or_default();
        let mut add = |names: Vec<String>, among: &BTreeMap<String, String>| {
            for name in names {
                if let Some(target) = among.get(&name)
                    && *target != file.path
                {
                    uses.insert(target.clone());
                }
            }
        };
        for start in path_starts(&file.code, "super::") {
            if file.code[start..].starts_with("super::") {
                continue;
            }
            let parent_is_dir = !file.path.ends_with("/mod.rs");
            let among = if parent_is_dir {
                &siblings
            } else {
                // From a mod.rs, `super::` leaves the module: not a sibling file.
                continue;
            };
            add(first_names(&file.code[start..]), among);
        }
        for start in path_starts(&file.code, "self::") {
            add(first_names(&file.code[start..]), &children);
        }
        let prefix = format!("crate::{}::", dir.replace('/', "::"));
        if !dir.is_empty() {
            for start in path_starts(&file.code, &prefix) {
                add(first_names(&file.code[start..]), &siblings);
            }
        }
    }
    graph
}

/// A circle in `graph`, if there is one.
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
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| {
        let mut fresh = BTreeSet::new();
        let found = visit(node, graph, &mut Vec::new(), &mut fresh);
        done.extend(fresh);
        found
    })
}

/// Everything wrong with the tree, in words (empty: the shape holds).
fn problems() -> Vec<String> {
    let files = files();
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut problems = Vec::new();
    for file in &files {
        if file.lines > MOST_LINES {
            problems.push(format!(
                "{} has {} lines (at most {MOST_LINES})",
                file.path, file.lines
            ));
        }
    }
    let graph = module_graph(&files);
    for (module, uses) in &graph {
        let Some(&from) = layer.get(module.as_str()) else {
            problems.push(format!(
                "module {module} has no layer in tests/architecture.rs"
            ));
            continue;
        };
        for (used, by) in uses {
            let Some(&to) = layer.get(used.as_str()) else {
                continue;
            };
            let allowed = to < from || (to == from && from == FEATURES);
            if !allowed {
                problems.push(format!(
                    "{module} (layer {from}) uses {used} (layer {to}) in {}",
                    by.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    let modules: BTreeMap<String, BTreeSet<String>> = graph
        .iter()
        .map(|(m, uses)| (m.clone(), uses.keys().cloned().collect()))
        .collect();
    if let Some(found) = circle(&modules) {
        problems.push(format!("a circle of modules: {}", found.join(" → ")));
    }
    if let Some(found) = circle(&file_graph(&files)) {
        problems.push(format!("a circle of files: {}", found.join(" → ")));
    }
    problems
}

#[test]
fn arrows_run_one_way_without_circles_and_files_stay_readable() {
    let problems = problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reader_sees_what_the_crate_is_made_of() {
    // Not blind: the arrows it must see are there (a reader that saw nothing would pass).
    let files = files();
    let graph = module_graph(&files);
    assert!(graph["cli"].contains_key("store") && graph["acme"].contains_key("push"));
    assert!(graph["store"].contains_key("pki") && graph["store"].contains_key("model"));
    let file_graph = file_graph(&files);
    assert!(
        file_graph["store/mod.rs"].contains("store/db/mod.rs"),
        "{:?}",
        file_graph["store/mod.rs"]
    );
    let looped: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_string(), BTreeSet::from([to.to_string()])))
        .collect();
    assert!(circle(&looped).is_some());
}
