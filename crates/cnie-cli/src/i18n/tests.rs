use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::*;

/// A message's variables (`$name`), in its value and in every variant of its selectors.
fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

/// Every message of `lang`: id → its variables. The file must parse without error.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(lang.source())
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", lang.code()));
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                variables(value, &mut vars);
            }
            assert!(
                out.insert(m.id.name.to_string(), vars).is_none(),
                "{}: {} twice",
                lang.code(),
                m.id.name
            );
        }
    }
    out
}

#[test]
fn every_message_is_in_every_language_with_the_same_variables() {
    let english = messages(Lang::En);
    assert!(english.len() > 100, "{} messages", english.len());
    for lang in [Lang::Fr, Lang::Ar] {
        let other = messages(lang);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        assert!(extra.is_empty(), "{} has unknown {extra:?}", lang.code());
        for (id, vars) in &english {
            assert_eq!(
                Some(vars),
                other.get(id),
                "{}: {id} has other variables",
                lang.code()
            );
        }
    }
}

/// The ids used in the code: `t!("id"`, `tr("id"`, `tr_args("id"` (a line break may
/// follow the parenthesis).
fn ids_in(text: &str, out: &mut BTreeSet<String>) {
    for opener in ["t!(", "tr(", "tr_args("] {
        for (at, _) in text.match_indices(opener) {
            // `format!("…` is not `t!("…`.
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let Some(rest) = text[at + opener.len()..].trim_start().strip_prefix('"') else {
                continue;
            };
            if let Some(end) = rest.find('"') {
                out.insert(rest[..end].to_string());
            }
        }
    }
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_id_the_code_uses_is_in_the_files_and_every_message_is_used() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut used = BTreeSet::new();
    for file in &files {
        // This test's own examples are not uses.
        if file.ends_with("i18n/tests.rs") {
            continue;
        }
        ids_in(&std::fs::read_to_string(file).unwrap(), &mut used);
    }
    // The examples in i18n.rs's documentation.
    used.remove("id");
    used.remove("message-id");
    used.remove("pin-tries-left-example");
    let english = messages(Lang::En);
    let missing: Vec<_> = used
        .iter()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "used but not in the .ftl files: {missing:?}"
    );
    let unused: Vec<_> = english.keys().filter(|id| !used.contains(*id)).collect();
    assert!(
        unused.is_empty(),
        "in the .ftl files but never used: {unused:?}"
    );
}

#[test]
fn the_locale_environment_picks_the_language() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(Lang::from_env(env(&[("LANG", "fr_MA.UTF-8")])), Lang::Fr);
    assert_eq!(Lang::from_env(env(&[("LANG", "ar_MA")])), Lang::Ar);
    assert_eq!(Lang::from_env(env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_env(env(&[])), Lang::En);
    // LC_ALL, then LC_MESSAGES, then LANG; an empty one does not count.
    assert_eq!(
        Lang::from_env(env(&[("LC_ALL", "ar_MA.UTF-8"), ("LANG", "fr_FR")])),
        Lang::Ar
    );
    assert_eq!(
        Lang::from_env(env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "fr"),
            ("LANG", "ar")
        ])),
        Lang::Fr
    );
    // The first one set decides, even for a language the interface does not speak.
    assert_eq!(
        Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "fr_MA.UTF-8")])),
        Lang::En
    );
    assert_eq!(Lang::from_locale("en_US@euro"), Some(Lang::En));
}

fn render(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = bundle(lang);
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent.set(*name, FluentValue::from(s.as_ref())),
            Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
        }
    }
    format(&bundle, id, Some(&fluent)).unwrap()
}

#[test]
fn messages_render_without_isolation_marks_and_with_plurals() {
    for lang in [Lang::En, Lang::Fr, Lang::Ar] {
        let text = render(lang, "stats-line", &[("apdus", Arg::Number(8.0))]);
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    }
    let tries = |lang, n: u32| {
        render(
            lang,
            "pin-tries-left",
            &[("name", "PIN".into()), ("n", Arg::Number(n.into()))],
        )
    };
    assert!(
        tries(Lang::En, 1).contains("1 try left"),
        "{}",
        tries(Lang::En, 1)
    );
    assert!(tries(Lang::En, 3).contains("3 tries left"));
    assert!(
        tries(Lang::Fr, 1).contains("1 essai restant"),
        "{}",
        tries(Lang::Fr, 1)
    );
    assert!(tries(Lang::Fr, 3).contains("3 essais restants"));
    // Arabic has a dual: "محاولتان" for two, a plural for 3 to 10.
    assert!(
        tries(Lang::Ar, 2).contains("محاولتان"),
        "{}",
        tries(Lang::Ar, 2)
    );
    assert!(
        tries(Lang::Ar, 3).contains("3 محاولات"),
        "{}",
        tries(Lang::Ar, 3)
    );
}

#[test]
fn arabic_lines_start_right_to_left_and_others_are_untouched() {
    let text = "cnie: a\n\nb\n";
    assert_eq!(directional_for(Lang::En, text), text);
    assert_eq!(directional_for(Lang::Fr, text), text);
    assert_eq!(
        directional_for(Lang::Ar, text),
        format!("{RLM}cnie: a\n\n{RLM}b\n")
    );
    let verdict = render(Lang::Ar, "verdict-authentic", &[]);
    assert!(verdict.starts_with("أصلية"), "{verdict}");
}

#[test]
fn labels_are_padded_by_characters() {
    assert_eq!(pad("الصورة", 8).chars().count(), 8);
    assert_eq!(pad("Photo", 8), "Photo   ");
    assert_eq!(pad("much longer than 8", 8), "much longer than 8");
}
