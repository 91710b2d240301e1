//! The import-graph check the layer tests of the workspace share: a file's imports are
//! the `crate::a::b`, `crate::{a, b}` and `super::x` paths in its non-test code
//! (everything before its first `#[cfg(test)]`; `tests.rs` files are skipped).
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    reason = "test code: a failed check panics"
)]
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn layer(layers: &[&[&str]], module: &str) -> usize {
    layers
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer: add it to LAYERS"))
}

/// `a/b/c.rs` → ["a", "b", "c"]; `a/mod.rs` → ["a"]; `lib.rs` → ["lib"].
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().map(String::as_str) == Some("mod") && parts.len() > 1 {
        parts.pop();
    }
    parts
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The paths a file names: `crate::x::y` gives ["x", "y"]; `super::x` is resolved
/// against the file's own module path.
fn imports(text: &str, me: &[String]) -> Vec<Vec<String>> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (prefix, base) in [("crate::", 0usize), ("super::", 1)] {
            let mut rest = line;
            while let Some(at) = rest.find(prefix) {
                let before = rest[..at].chars().last();
                rest = &rest[at + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let mut path: Vec<String> = if base == 0 {
                    Vec::new()
                } else {
                    // `super` of a file module `a/b` (file a/b.rs) is `a`.
                    me[..me.len().saturating_sub(1)].to_vec()
                };
                if let Some(group) = rest.strip_prefix('{') {
                    // `crate::{a, b::c}`: the first segment of each member.
                    let inner = group.split('}').next().unwrap_or("");
                    for member in inner.split(',') {
                        let seg: String = member
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !seg.is_empty() && seg != "self" {
                            let mut p = path.clone();
                            p.push(seg);
                            out.push(p);
                        }
                    }
                    continue;
                }
                let mut tail = rest;
                while let Some(seg) = tail
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .filter(|s| !s.is_empty())
                {
                    path.push(seg.to_string());
                    tail = &tail[seg.len()..];
                    match tail.strip_prefix("::") {
                        Some(t) if t.starts_with(|c: char| c.is_lowercase()) => tail = t,
                        _ => break,
                    }
                }
                out.push(path);
            }
        }
    }
    out
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(n, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

/// Asserts that the crate under `src` has no import cycle between its top-level modules
/// or between the files of a module, and that every arrow between top-level modules
/// points down `layers` (bottom first; `main` and `lib` may import anything).
pub fn check(src: &Path, layers: &[&[&str]]) {
    let mut all = Vec::new();
    files(src, &mut all);
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| module_path(src, f)).collect();
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Within each top-level module: file-level edges.
    let mut inner: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong_way = Vec::new();
    for file in &all {
        let me = module_path(src, file);
        let text = std::fs::read_to_string(file).expect("readable");
        let my_top = me[0].clone();
        top.entry(my_top.clone()).or_default();
        for path in imports(&text, &me) {
            // The longest prefix that is a module file.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p));
            let Some(target) = target else { continue };
            if target[0] != my_top {
                if my_top != "lib"
                    && my_top != "main"
                    && layer(layers, &target[0]) > layer(layers, &my_top)
                {
                    wrong_way.push(format!("{} -> {}", me.join("::"), target.join("::")));
                }
                top.entry(my_top.clone())
                    .or_default()
                    .insert(target[0].clone());
            } else if target != me && target.len() > 1 && !me.starts_with(&target) {
                inner
                    .entry(me.join("::"))
                    .or_default()
                    .insert(target.join("::"));
            }
        }
    }
    assert!(
        wrong_way.is_empty(),
        "imports pointing up the layers: {wrong_way:#?}"
    );
    assert_eq!(find_cycle(&top), None, "a cycle between top-level modules");
    assert_eq!(
        find_cycle(&inner),
        None,
        "a cycle between the files of a module"
    );
}
