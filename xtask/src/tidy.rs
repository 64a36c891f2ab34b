//! `cargo xtask tidy`: the walls between the project's parts, checked on the source text.
//!
//! - HTTP (gloo-net, `Request`) only in `src/api.rs`; browser storage only in `src/storage.rs`;
//! - no web crate in `core` (its logic is tested natively);
//! - every Rust file opens with a `//!` line saying what it is;
//! - in-app links (`/jobs…`, `?page=`) only in `src/routes.rs` (route patterns in `path!` are
//!   declarations, not links);
//! - no file over 400 lines, its `#[cfg(test)]` module aside (test files are exempt).

use std::{
    fmt,
    path::{Path, PathBuf},
};

pub const MAX_LINES: usize = 400;

/// One crossed wall: where, and which rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Violation {
    pub file: PathBuf,
    /// 1-based; 0 for the file as a whole.
    pub line: usize,
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file.display(), self.rule),
            n => write!(f, "{}:{n}: {}", self.file.display(), self.rule),
        }
    }
}

/// The source trees the rules cover.
const TREES: [&str; 10] = [
    "src",
    "tests",
    "benches",
    "core/src",
    "core/tests",
    "simulator/src",
    "simulator/tests",
    "simulator/benches",
    "xtask/src",
    "core/benches",
];

/// Crates whose code only runs in a browser; none may enter `core`.
const WEB_CRATES: [&str; 6] = [
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "leptos",
    "reactive_",
];

/// Every crossed wall under `root`, in file order.
pub fn check(root: &Path) -> Vec<Violation> {
    let mut files = Vec::new();
    for tree in TREES {
        rust_files(&root.join(tree), &mut files);
    }
    files.sort();
    let mut found = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        check_file(&rel, &text, &mut found);
    }
    if let Ok(manifest) = std::fs::read_to_string(root.join("core/Cargo.toml")) {
        for (i, line) in manifest.lines().enumerate() {
            let name = line.split('=').next().unwrap_or_default().trim();
            if WEB_CRATES.iter().any(|w| name.starts_with(w)) {
                found.push(Violation {
                    file: "core/Cargo.toml".into(),
                    line: i + 1,
                    rule: format!("core depends on the web crate {name}: keep core native"),
                });
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn check_file(rel: &Path, text: &str, found: &mut Vec<Violation>) {
    let mut push = |line: usize, rule: String| {
        found.push(Violation {
            file: rel.to_path_buf(),
            line,
            rule,
        })
    };
    if !text.trim_start().starts_with("//!") {
        push(0, "no `//!` line saying what this module is".into());
    }
    let is = |p: &str| rel == Path::new(p);
    let in_app = rel.starts_with("src");
    let in_core = rel.starts_with("core");
    let in_tests = rel.components().any(|c| c.as_os_str() == "tests");
    let mut code_lines = 0;
    let mut in_test_module = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.starts_with("#[cfg(test)]") {
            in_test_module = true;
        }
        if !in_test_module {
            code_lines += 1;
        }
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        if in_app && !is("src/api.rs") {
            for http in ["gloo_net", "Request::", "RequestInit", "fetch_with_"] {
                if code.contains(http) {
                    push(
                        n,
                        format!("`{http}` outside src/api.rs: HTTP goes through api::Client"),
                    );
                }
            }
        }
        if in_app && !is("src/storage.rs") {
            for store in ["local_storage()", "session_storage()"] {
                if code.contains(store) {
                    push(
                        n,
                        format!("`{store}` outside src/storage.rs: storage keys live there"),
                    );
                }
            }
        }
        if in_app && !is("src/routes.rs") && !code.contains("path!(") {
            for link in ["\"/jobs", "?page=", "&view="] {
                if code.contains(link) {
                    push(
                        n,
                        format!("an in-app link (`{link}`) outside src/routes.rs"),
                    );
                }
            }
        }
        if in_core {
            for web in ["web_sys", "js_sys", "wasm_bindgen", "leptos", "gloo"] {
                if code.contains(&format!("{web}::")) || code.contains(&format!("use {web}")) {
                    push(n, format!("`{web}` in core: keep core native"));
                }
            }
        }
    }
    if !in_tests && code_lines > MAX_LINES {
        push(
            0,
            format!("{code_lines} lines (over {MAX_LINES}, tests aside): split it by concern"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(path: &str, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        check_file(Path::new(path), text, &mut found);
        found.into_iter().map(|v| v.to_string()).collect()
    }

    const DOC: &str = "//! A module.\n";

    #[test]
    fn a_clean_module_passes() {
        assert!(rules("src/pages/jobs/mod.rs", DOC).is_empty());
        let http = format!("{DOC}use gloo_net::http::Request;\nRequest::get(url);\n");
        assert!(rules("src/api.rs", &http).is_empty());
    }

    #[test]
    fn http_outside_the_client_is_caught() {
        let text = format!("{DOC}use gloo_net::http::Request;\nlet r = Request::get(\"/x\");\n");
        let found = rules("src/pages/hits/mod.rs", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("src/pages/hits/mod.rs:2: `gloo_net`"),
            "{found:?}"
        );
        assert!(found[1].contains(":3: `Request::`"), "{found:?}");
        // A comment that names them is no crossing.
        assert!(rules("src/x.rs", &format!("{DOC}// gloo_net, Request::get\n")).is_empty());
    }

    #[test]
    fn storage_outside_its_module_is_caught() {
        let text = format!("{DOC}let s = window.local_storage();\n");
        assert_eq!(rules("src/session.rs", &text).len(), 1);
        assert!(rules("src/storage.rs", &text).is_empty());
    }

    #[test]
    fn web_crates_in_core_are_caught() {
        let found = rules("core/src/grid.rs", &format!("{DOC}use web_sys::Element;\n"));
        assert_eq!(
            found,
            ["core/src/grid.rs:2: `web_sys` in core: keep core native"]
        );
    }

    #[test]
    fn a_module_without_a_doc_line_is_caught() {
        let found = rules("simulator/src/x.rs", "// a plain comment\nfn f() {}\n");
        assert_eq!(
            found,
            ["simulator/src/x.rs: no `//!` line saying what this module is"]
        );
    }

    #[test]
    fn links_built_outside_routes_are_caught() {
        let text = format!(
            "{DOC}let a = format!(\"/jobs/{{id}}?page={{p}}\");\n<Route path=path!(\"/jobs/:id\") />\n"
        );
        let found = rules("src/components/job_table.rs", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.contains(":2: an in-app link")));
        assert!(rules("src/routes.rs", &text).is_empty());
    }

    #[test]
    fn long_files_are_caught_but_their_tests_do_not_count() {
        let body = "fn f() {}\n".repeat(MAX_LINES);
        assert!(rules("core/src/x.rs", &format!("{DOC}{body}"))[0].contains("401 lines (over 400"));
        let tested = format!("{DOC}{}#[cfg(test)]\nmod tests {{\n{body}}}\n", &body[10..]);
        assert!(rules("core/src/x.rs", &tested).is_empty());
        assert!(rules("core/tests/long.rs", &format!("{DOC}{body}")).is_empty());
    }

    #[test]
    fn the_whole_tree_is_walked_and_core_manifest_read() {
        let dir = std::env::temp_dir().join(format!("xtask-tidy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/pages")).unwrap();
        std::fs::create_dir_all(dir.join("core/src")).unwrap();
        std::fs::write(dir.join("src/pages/a.rs"), "fn a() {}\n").unwrap();
        std::fs::write(dir.join("core/src/lib.rs"), DOC).unwrap();
        std::fs::write(
            dir.join("core/Cargo.toml"),
            "[dependencies]\nserde = \"1\"\nweb-sys = \"0.3\"\n",
        )
        .unwrap();
        let found: Vec<String> = check(&dir).iter().map(ToString::to_string).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            found,
            [
                "src/pages/a.rs: no `//!` line saying what this module is",
                "core/Cargo.toml:3: core depends on the web crate web-sys: keep core native",
            ]
        );
    }
}
