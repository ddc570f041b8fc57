//! The crate's shape: features sit over a shared core and imports point down. The state holds
//! the features' caches but reaches none of their handlers, nothing below the top imports the
//! router or the app, and the page cache knows no feature. Read from the source itself, so a
//! new import that breaks the shape fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module of the crate by its path (`editions::site`), with the modules it uses.
struct Crate {
    uses: BTreeMap<String, BTreeSet<String>>,
}

impl Crate {
    fn read() -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        collect(&src, &mut files);
        let modules: BTreeMap<String, String> =
            files.iter().map(|f| (module_of(&src, f), std::fs::read_to_string(f).unwrap())).collect();
        let names: BTreeSet<String> = modules.keys().cloned().collect();
        let reexports = reexports(&modules);
        let uses = modules
            .iter()
            .map(|(module, text)| (module.clone(), used_modules(module, text, &names, &reexports)))
            .collect();
        Self { uses }
    }

    /// The modules `from` reaches through its imports, itself not included unless by a cycle.
    fn reach(&self, from: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut next: Vec<String> = self.uses.get(from).into_iter().flatten().cloned().collect();
        while let Some(module) = next.pop() {
            if seen.insert(module.clone()) {
                next.extend(self.uses.get(&module).into_iter().flatten().cloned());
            }
        }
        seen
    }

    /// A chain of imports from `from` to `to`, for the failure message.
    fn path(&self, from: &str, to: &str) -> Vec<String> {
        let mut parents: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.to_owned()]);
        while let Some(module) = queue.pop_front() {
            for used in self.uses.get(&module).into_iter().flatten() {
                if used == to {
                    let mut chain = vec![to.to_owned(), module.clone()];
                    let mut at = module.clone();
                    while let Some(parent) = parents.get(&at) {
                        chain.push(parent.clone());
                        at = parent.clone();
                    }
                    chain.reverse();
                    return chain;
                }
                if !parents.contains_key(used) && used != from {
                    parents.insert(used.clone(), module.clone());
                    queue.push_back(used.clone());
                }
            }
        }
        Vec::new()
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/editions/site.rs` → `editions::site`; `src/cache/mod.rs` → `cache`; `src/lib.rs` → `crate`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    match parts.as_slice() {
        [only] if only == "lib" || only == "main" => "crate".to_owned(),
        [dirs @ .., last] if last == "mod" => dirs.join("::"),
        all => all.join("::"),
    }
}

/// Names a module re-exports from a child (`pub use model::{Lang, Ui}` in `editions`), so that
/// `crate::editions::Lang` counts as a use of `editions::model`, as the compiler resolves it.
fn reexports(modules: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (module, text) in modules {
        for line in text.lines().filter_map(|l| l.trim().strip_prefix("pub use ")) {
            let line = line.trim_end_matches(';');
            let Some((child, names)) = line.split_once("::") else { continue };
            let names = names.trim_start_matches('{').trim_end_matches('}');
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let target = if module == "crate" { child.to_owned() } else { format!("{module}::{child}") };
                let key = if module == "crate" { name.to_owned() } else { format!("{module}::{name}") };
                map.insert(key, target);
            }
        }
    }
    map
}

/// The crate modules a file's code names: `use crate::…`, `use super::…` and inline
/// `crate::a::b::item` paths, each taken to the deepest module that exists. Unit-test modules
/// (`#[cfg(test)]`, at the end of a file) are left out, as the compiler leaves them out of the
/// library.
fn used_modules(
    module: &str,
    text: &str,
    names: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("crate", |(p, _)| p).to_owned();
    let mut paths = Vec::new();
    // Statements may span lines (`use crate::{…}` wrapped by rustfmt); comments are not code.
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let code: String = text.lines().map(str::trim).filter(|l| !l.starts_with("//")).collect::<Vec<_>>().join(" ");
    {
        for (prefix, base) in [("crate::", String::new()), ("super::", format!("{parent}::"))] {
            let mut rest = code.as_str();
            while let Some(at) = rest.find(prefix) {
                let before = rest[..at].chars().last();
                rest = &rest[at + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let expanded = expand(rest);
                paths.extend(expanded.into_iter().map(|p| format!("{base}{p}")));
            }
        }
    }
    let mut used = BTreeSet::new();
    for path in paths {
        let path = path.trim_start_matches("crate::").to_owned();
        let segments: Vec<&str> = path.split("::").collect();
        let mut found = None;
        for end in (1..=segments.len()).rev() {
            let candidate = segments[..end].join("::");
            if let Some(target) = reexports.get(&candidate) {
                found = Some(target.clone());
                break;
            }
            if names.contains(&candidate) {
                found = Some(candidate);
                break;
            }
        }
        if let Some(target) = found
            && target != module
        {
            used.insert(target);
        }
    }
    used
}

/// `a::{b, c::d}` → `a::b`, `a::c::d`; `a::b::C` → `a::b::C` (one level of braces, as written here).
fn expand(rest: &str) -> Vec<String> {
    // `self` inside braces names the module itself.
    let rest = &rest.replace("{self,", "{").replace("{self}", "{}");
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{')).unwrap_or(rest.len());
    let head = &rest[..end];
    match head.split_once('{') {
        Some((stem, _)) => {
            let inner_end = rest.find('}').unwrap_or(rest.len());
            let inner = &rest[stem.len() + 1..inner_end];
            inner.split(',').map(str::trim).filter(|p| !p.is_empty()).map(|part| format!("{stem}{part}")).collect()
        }
        None => vec![head.trim_end_matches(':').to_owned()],
    }
}

/// Feature modules that hold handlers or routes, and the modules inside them
/// (`newsroom::pages::editor`): above the state.
fn is_handler_module(module: &str) -> bool {
    let handlers = ["pages", "api", "staff", "settings", "actions", "post", "auth"];
    module.split("::").any(|part| handlers.contains(&part))
        || [
            "accounts",
            "articles",
            "comments",
            "editions",
            "feeds",
            "media",
            "moderation",
            "newsroom",
            "search",
            "sitepages",
            "trending",
            "assets",
            "api",
            "ops",
        ]
        .contains(&module)
}

#[test]
fn the_state_reaches_no_handler_and_no_cycle_runs_through_it() {
    let krate = Crate::read();
    let reached = krate.reach("state");
    for module in &reached {
        assert!(!is_handler_module(module), "state reaches {module}: {:?}", krate.path("state", module));
    }
    assert!(!reached.contains("state"), "a cycle runs through state: {:?}", krate.path("state", "state"));
}

#[test]
fn only_the_top_imports_the_router_and_the_app() {
    let krate = Crate::read();
    for (module, uses) in &krate.uses {
        for top in ["router", "app"] {
            let allowed = ["crate", "app", "router"].contains(&module.as_str());
            assert!(allowed || !uses.contains(top), "{module} imports {top}");
        }
    }
    assert!(!krate.reach("router").contains("router"), "a cycle runs through the router");
}

#[test]
fn the_page_cache_knows_no_feature() {
    let krate = Crate::read();
    let features = [
        "accounts",
        "articles",
        "comments",
        "csrf",
        "feeds",
        "media",
        "moderation",
        "newsroom",
        "search",
        "sitepages",
        "trending",
        "state",
    ];
    for module in krate.uses.keys().filter(|m| m.as_str() == "cache" || m.starts_with("cache::")) {
        for used in &krate.uses[module] {
            let feature = used.split("::").next().unwrap_or(used);
            assert!(!features.contains(&feature), "{module} imports {used}");
        }
    }
}

#[test]
fn the_reading_of_imports_sees_the_real_ones() {
    // Controls: the check would see a handler or a cycle if there were one.
    let krate = Crate::read();
    assert!(krate.uses["router"].contains("articles"), "the router uses the features");
    assert!(krate.uses["articles::pages"].contains("state"), "handlers use the state");
    assert!(krate.uses["state"].contains("editions::site"), "the state holds the site settings");
    assert!(krate.uses["state"].contains("editions::model"), "re-exports resolve to their module");
    assert!(is_handler_module("articles::pages") && is_handler_module("editions"));
    assert!(is_handler_module("newsroom::pages::editor") && !is_handler_module("newsroom::db::tokens"));
}

#[test]
fn only_the_state_drops_kept_pages() {
    // A change readers must see goes through `AppState::changed`, which also reloads the node's
    // copies and tells the other nodes; dropping kept pages anywhere else would skip both.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut callers = Vec::new();
    for file in files {
        let module = module_of(&src, &file);
        if module == "state" || module == "cache" || module.starts_with("cache::") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for call in ["pages.apply(", "pages.broadcast(", "invalidate_all_here("] {
            if text.contains(call) {
                callers.push(format!("{module} calls {call}"));
            }
        }
    }
    assert!(callers.is_empty(), "{callers:?}");
    let state = std::fs::read_to_string(src.join("state.rs")).unwrap();
    assert!(state.contains("pages.apply(") && state.contains("pages.broadcast("), "the control: the state does");
}
