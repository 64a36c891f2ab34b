//! The app's own wasm, split after linking so the job table never downloads the job pages.
//!
//! trunk cannot split a wasm binary (trunk-rs/trunk#1022), so `dist` builds the page, styles
//! and worker with trunk and the app's wasm here, as cargo-leptos does for `--split`:
//! 1. link with `--emit-relocs`, which keeps what the splitter needs to move code;
//! 2. split at the `#[wasm_split]` functions (`src/pages/on_demand.rs`) with
//!    `wasm_split_cli_support`: the main module, one file per split, and the JavaScript that
//!    fetches a split the first time its function runs;
//! 3. `wasm-bindgen --keep-lld-exports` on the main module (the splits import what it
//!    exports);
//! 4. `wasm-opt -Oz` on every wasm file;
//! 5. every file named by the hash of the linked wasm, so a new build never meets an old file
//!    in a cache, and the loader written into `index.html` with preload hints.
//!
//! Steps 2-4 are kept under `target/joblens-split/HASH/` and reused while the linked wasm is the
//! same: the root and sub-path builds differ only in their `index.html`.

use crate::proc::{cargo, cmd, io, run, say};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::path::{Path, PathBuf};

/// `index.html` carries this element where the app's loader goes.
const PLACEHOLDER: &str = "<link data-joblens-app";

/// The path prefix (under the public URL) of the job pages: a deep link to one of them fetches
/// their split file alongside the main one.
const JOB_PAGES: &str = "jobs/";

/// What one build wrote into the dist directory, by file name.
struct AppFiles {
    /// What wasm-bindgen names the main module's files by.
    stem: String,
    js: String,
    wasm: String,
    /// The JavaScript that fetches a split file; the main JavaScript imports it.
    split_js: String,
    /// The split file of the job pages.
    job_pages: String,
}

impl AppFiles {
    /// Every name ends in the linked wasm's hash, as trunk's do, which the nginx configuration
    /// caches for good.
    fn named(hash: &str) -> Self {
        let stem = format!("joblens-{hash}");
        Self {
            js: format!("{stem}.js"),
            wasm: format!("{stem}_bg.wasm"),
            split_js: format!("joblens-split-{hash}.js"),
            job_pages: split_file("job_pages", hash),
            stem,
        }
    }
}

/// The file of split `part`.
fn split_file(part: &str, hash: &str) -> String {
    format!("joblens-{part}-{hash}.wasm")
}

/// Builds the app's wasm into `dist` and writes its loader into `dist/index.html`.
pub fn build(root: &Path, dist: &Path, public_url: &str) -> Result<(), String> {
    say("linking the app's wasm (cargo rustc --release, --emit-relocs)");
    run(cargo(root).args([
        "rustc",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "joblens",
        "--bin",
        "joblens",
        "--",
        "-C",
        "link-arg=--emit-relocs",
    ]))?;
    let linked = root.join("target/wasm32-unknown-unknown/release/joblens.wasm");
    let input = std::fs::read(&linked).map_err(io("read", &linked))?;
    let hash: String = Sha256::digest(&input)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // The root and sub-path builds differ only in index.html: one split serves both.
    let done = root.join("target/joblens-split").join(&hash).join("final");
    let files = AppFiles::named(&hash);
    if done.join(DONE).is_file() {
        say("the app's wasm is split already for this build");
    } else {
        split_linked(root, &input, &hash, &files, &done)?;
    }
    let finals = std::fs::read_dir(&done).map_err(io("list", &done))?;
    for f in finals.flatten() {
        let name = f.file_name();
        if name != DONE {
            copy(&f.path(), &dist.join(name))?;
        }
    }
    if !dist.join(&files.job_pages).is_file() {
        return Err("the split made no file for the job pages".into());
    }

    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(io("read", &index))?;
    let html = with_loader(&html, &files, public_url, dist)?;
    std::fs::write(&index, html).map_err(io("write", &index))
}

/// Marks a directory of split files as complete.
const DONE: &str = "done";

/// Splits the linked wasm into `done`: the main module and its JavaScript, the split loader
/// and one file per split, each under its final name, then the `DONE` mark.
fn split_linked(
    root: &Path,
    input: &[u8],
    hash: &str,
    files: &AppFiles,
    done: &Path,
) -> Result<(), String> {
    let stem = &files.stem;
    let splits = root.join("target/joblens-split");
    let _ = std::fs::remove_dir_all(&splits);
    let stage = splits.join(hash).join("work");
    for d in [&stage, done] {
        std::fs::create_dir_all(d).map_err(io("create", d))?;
    }
    say("splitting the job pages off the app's wasm (wasm_split_cli_support)");
    let main_wasm = stage.join("main.wasm");
    let split_js = &files.split_js;
    let link_name = format!("./{split_js}");
    let main_module = format!("./{stem}.js");
    let split = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(input);
        o.output_dir = &stage;
        o.main_out_path = &main_wasm;
        o.link_name = &link_name;
        o.main_module = &main_module;
        o
    })
    .map_err(|e| format!("splitting the app's wasm failed: {e:?}"))?;

    // The splitter writes a name section binaryen cannot read (it warns); release files carry
    // no names anyway.
    for f in std::iter::once(&main_wasm).chain(&split.split_modules) {
        let bytes = std::fs::read(f).map_err(io("read", f))?;
        std::fs::write(f, without_names(&bytes)?).map_err(io("write", f))?;
    }

    run(cmd("wasm-bindgen", root)
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-typescript",
            "--out-name",
            stem,
            "--out-dir",
        ])
        .arg(done)
        .arg(&main_wasm))?;

    let mut wasm_files: Vec<PathBuf> = vec![done.join(&files.wasm)];
    wasm_files.extend(split.split_modules.iter().cloned());
    say(&format!(
        "optimizing {} wasm files (wasm-opt -Oz)",
        wasm_files.len()
    ));
    for f in &wasm_files {
        run(cmd("wasm-opt", root)
            .arg("-Oz")
            .arg(f)
            .arg("--output")
            .arg(f))?;
    }

    // The splits are named by the build too; the loader names them by their file names.
    let split_js_path = stage.join(split_js);
    let mut loader = std::fs::read_to_string(&split_js_path).map_err(io("read", &split_js_path))?;
    for f in &split.split_modules {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("a split file without a name: {}", f.display()))?;
        let part = name
            .strip_suffix(".wasm")
            .ok_or_else(|| format!("a split file that is not wasm: {name}"))?;
        let renamed = split_file(part.trim_start_matches("split_"), hash);
        let quoted = format!("\"./{name}\"");
        if !loader.contains(&quoted) {
            return Err(format!("the split loader does not name {name}"));
        }
        loader = loader.replace(&quoted, &format!("\"./{renamed}\""));
        copy(f, &done.join(&renamed))?;
    }
    let (loader_path, mark) = (done.join(split_js), done.join(DONE));
    std::fs::write(&loader_path, loader).map_err(io("write", &loader_path))?;
    std::fs::write(&mark, "").map_err(io("write", &mark))
}

/// A wasm module without its `name` custom section.
fn without_names(wasm: &[u8]) -> Result<Vec<u8>, String> {
    fn leb(bytes: &[u8], at: &mut usize) -> Option<usize> {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let b = *bytes.get(*at)?;
            *at += 1;
            value |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(value);
            }
            shift += 7;
        }
    }
    let bad = || "a split wasm file that is not a wasm module".to_owned();
    if wasm.get(..4) != Some(b"\0asm") {
        return Err(bad());
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at).ok_or_else(bad)?;
        let body = at;
        let end = body
            .checked_add(size)
            .filter(|e| *e <= wasm.len())
            .ok_or_else(bad)?;
        let named = id == 0 && {
            let mut p = body;
            leb(wasm, &mut p).is_some_and(|n| wasm.get(p..p + n) == Some(b"name"))
        };
        if !named {
            out.extend_from_slice(&wasm[start..end]);
        }
        at = end;
    }
    Ok(out)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// `sha384-…` of a file, for `integrity`.
fn integrity(p: &Path) -> Result<String, String> {
    let bytes = std::fs::read(p).map_err(io("read", p))?;
    Ok(format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    ))
}

/// `index.html` with the placeholder replaced by the preload hints and the loader: the main
/// JavaScript and the split loader it imports, the main wasm and `config.json` are fetched at
/// once, before any of them runs,
/// and a deep link to a job page fetches that page's split file with them (a classic script,
/// which runs as the parser reaches it; a module's imports would be fetched first).
fn with_loader(html: &str, f: &AppFiles, base: &str, dist: &Path) -> Result<String, String> {
    let start = html
        .find(PLACEHOLDER)
        .ok_or("index.html has no <link data-joblens-app> for the app's loader")?;
    let end = start
        + html[start..]
            .find('>')
            .ok_or("an unclosed <link data-joblens-app")?
        + 1;
    let (js, wasm, pages) = (&f.js, &f.wasm, &f.job_pages);
    let js_sri = integrity(&dist.join(js))?;
    let loader = &f.split_js;
    let loader_sri = integrity(&dist.join(loader))?;
    let loader = format!(
        r#"<link rel="modulepreload" href="{base}{js}" crossorigin="anonymous" integrity="{js_sri}">
    <link rel="modulepreload" href="{base}{loader}" crossorigin="anonymous" integrity="{loader_sri}">
    <link rel="preload" href="{base}{wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">
    <link rel="preload" href="{base}config.json" as="fetch" crossorigin="anonymous">
    <script>
if (location.pathname.startsWith("{base}{JOB_PAGES}")) {{
  const pages = document.createElement("link");
  Object.assign(pages, {{ rel: "preload", as: "fetch", crossOrigin: "anonymous", href: "{base}{pages}" }});
  document.head.append(pages);
}}
</script>
    <script type="module">
import init from "{base}{js}";
await init({{ module_or_path: "{base}{wasm}" }});
</script>"#
    );
    Ok(format!("{}{}{}", &html[..start], loader, &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_section_goes_and_every_other_section_stays() {
        let custom = |name: &[u8], body: &[u8]| {
            let mut s = vec![0u8, (1 + name.len() + body.len()) as u8, name.len() as u8];
            s.extend_from_slice(name);
            s.extend_from_slice(body);
            s
        };
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let types = [1u8, 4, 1, 0x60, 0, 0];
        wasm.extend_from_slice(&types);
        wasm.extend(custom(b"name", &[1, 2, 3]));
        wasm.extend(custom(b"producers", &[9]));
        let out = without_names(&wasm).unwrap();
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend_from_slice(&types);
        expected.extend(custom(b"producers", &[9]));
        assert_eq!(out, expected);
        assert!(without_names(b"not wasm").is_err());
        assert!(without_names(&wasm[..wasm.len() - 2]).is_err());
    }

    #[test]
    fn the_loader_replaces_the_placeholder_with_hints_for_every_first_screen_file() {
        let dist = std::env::temp_dir().join(format!("joblens-split-test-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        let files = AppFiles::named("00");
        for f in [&files.js, &files.wasm, &files.split_js] {
            std::fs::write(dist.join(f), f.as_bytes()).unwrap();
        }
        let html = "<head>\n<link data-joblens-app />\n</head>";
        let out = with_loader(html, &files, "/tools/joblens/", &dist).unwrap();
        assert!(!out.contains("data-joblens-app"));
        for hint in [
            r#"<link rel="modulepreload" href="/tools/joblens/joblens-00.js""#,
            r#"<link rel="modulepreload" href="/tools/joblens/joblens-split-00.js""#,
            r#"<link rel="preload" href="/tools/joblens/joblens-00_bg.wasm" as="fetch""#,
            r#"<link rel="preload" href="/tools/joblens/config.json" as="fetch""#,
            r#"location.pathname.startsWith("/tools/joblens/jobs/")"#,
            r#"href: "/tools/joblens/joblens-job_pages-00.wasm""#,
            r#"module_or_path: "/tools/joblens/joblens-00_bg.wasm""#,
        ] {
            assert!(out.contains(hint), "{hint} in {out}");
        }
        assert_eq!(out.matches("integrity=\"sha384-").count(), 2);
        assert!(with_loader("<head></head>", &files, "/", &dist).is_err());
        let _ = std::fs::remove_dir_all(&dist);
    }
}
