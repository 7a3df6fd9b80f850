//! The translations in `i18n/<lang>/certdeck.ftl` against the English source and the code:
//! every language has every key and no other, every key is used by the code, every file parses,
//! and every translated message formats with exactly the variables the English one gets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use fluent_syntax::ast;

const LANGUAGES: [&str; 5] = ["de", "en", "es", "fr", "ja"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ftl_path(language: &str) -> PathBuf {
    root().join("i18n").join(language).join("certdeck.ftl")
}

/// Message id → the variables its value uses (in placeables and selectors).
fn messages(language: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = ftl_path(language);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
    let mut found = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &mut variables);
            }
            let previous = found.insert(message.id.name.to_string(), variables);
            assert!(
                previous.is_none(),
                "{}: {} is defined twice",
                path.display(),
                message.id.name
            );
        }
    }
    found
}

fn pattern_variables(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for variant in variants {
                pattern_variables(&variant.value, into);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, into),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, into),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, into);
            }
        }
        _ => {}
    }
}

/// Every `fl!("id"` in the sources.
fn ids_used_in_code() -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut pending = vec![root().join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                collect_fl_ids(&path, &mut used);
            }
        }
    }
    used
}

fn collect_fl_ids(path: &Path, into: &mut BTreeSet<String>) {
    // Comment lines are left out: documentation mentions `fl!("message-id")` as an example.
    let text: String = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for (start, _) in text.match_indices("fl!(") {
        let rest = text[start + 4..].trim_start();
        if let Some(literal) = rest.strip_prefix('"')
            && let Some(end) = literal.find('"')
        {
            into.insert(literal[..end].to_string());
        }
    }
}

#[test]
fn every_language_has_exactly_the_english_keys() {
    let english = messages("en");
    assert!(english.len() > 100, "the English file looks truncated");
    let mut problems = Vec::new();
    for language in LANGUAGES {
        let translated = messages(language);
        for id in english.keys().filter(|id| !translated.contains_key(*id)) {
            problems.push(format!("{language}: {id} is missing"));
        }
        for id in translated.keys().filter(|id| !english.contains_key(*id)) {
            problems.push(format!("{language}: {id} is not in the English file"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_is_used_by_the_code_and_every_used_key_exists() {
    let english = messages("en");
    let used = ids_used_in_code();
    assert!(used.len() > 50, "found only {} fl! calls", used.len());
    let unused: Vec<&String> = english.keys().filter(|id| !used.contains(*id)).collect();
    assert!(unused.is_empty(), "keys never used by the code: {unused:?}");
    let unknown: Vec<&String> = used
        .iter()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(unknown.is_empty(), "keys used but not defined: {unknown:?}");
}

#[test]
fn translations_format_with_the_english_variables_and_nothing_else() {
    let english = messages("en");
    let mut problems = Vec::new();
    for language in LANGUAGES {
        let translated = messages(language);
        let text = std::fs::read_to_string(ftl_path(language)).unwrap();
        let resource = FluentResource::try_new(text).expect("parsed above");
        let mut bundle = FluentBundle::new(vec![language.parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).unwrap();
        for (id, variables) in &english {
            let Some(own) = translated.get(id) else {
                continue; // reported by the key test
            };
            if let Some(extra) = own.difference(variables).next() {
                problems.push(format!(
                    "{language}: {id} uses ${extra}, unknown in English"
                ));
            }
            // Plural selectors are exercised with 0, 1, 2 and 1000 of everything.
            for number in [0, 1, 2, 1000] {
                let mut args = FluentArgs::new();
                for variable in variables {
                    args.set(variable.as_str(), number);
                }
                let message = bundle.get_message(id).unwrap();
                let mut errors = Vec::new();
                let value =
                    bundle.format_pattern(message.value().unwrap(), Some(&args), &mut errors);
                if !errors.is_empty() {
                    problems.push(format!("{language}: {id}: {errors:?}"));
                } else if value.trim().is_empty() {
                    problems.push(format!("{language}: {id} is empty"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_languages_on_disk_are_the_five_shipped() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("i18n"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, LANGUAGES);
}

/// The window's language changes while it runs: every frame is drawn through the loader, so
/// after `select` the same calls give the new language, with its dates and digit grouping.
#[cfg(feature = "gui")]
#[test]
fn the_language_switches_at_run_time_with_its_dates_and_numbers() {
    use certdeck::fl;
    use certdeck::gui::i18n;
    let moment = time::macros::datetime!(2027-01-05 12:00 UTC);
    let cases = [
        ("de", "Einstellungen", "10.000 Objekte", "05.01.2027"),
        ("fr", "Paramètres", "10\u{202f}000 objets", "05/01/2027"),
        ("es", "Ajustes", "10.000 objetos", "05/01/2027"),
        ("ja", "設定", "10,000 個のオブジェクト", "2027年01月05日"),
        ("en", "Settings", "10,000 objects", "01/05/2027"),
    ];
    for (language, settings, objects, date) in cases {
        i18n::select(Some(language));
        assert_eq!(i18n::current(), language);
        assert_eq!(fl!("nav-settings"), settings, "{language}");
        assert_eq!(fl!("objects-count", count = 10_000), objects, "{language}");
        // English dates follow the desktop's region when it speaks English (en_GB, en_US…).
        if language != "en" {
            assert_eq!(i18n::date(moment), date, "{language}");
        }
    }
    assert_eq!(
        i18n::available(),
        ["de", "en", "es", "fr", "ja"].map(String::from)
    );
}
