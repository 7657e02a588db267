//! Embeds the template library — every `templates/*.json` at the workspace root — in the binary, so
//! the gallery works offline and on any install, with nothing to download.
//!
//! Why a build script rather than `include_dir!`: cargo reruns a build script when a file is added to
//! or removed from a directory it watches (`rerun-if-changed` on a directory), while a proc macro
//! reading a directory cannot tell cargo about files that do not exist yet on stable Rust, so a new
//! template would silently be left out until something else changed. The generated code is plain
//! `include_str!`, one per file, with no extra dependency. The script also refuses, at build time and
//! naming the file, anything that is not a template file of format 1 whose slug is its file name;
//! the full checks (placeholders, variables, validation of the document) run in the crate's tests.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../templates").canonicalize().expect("the templates/ directory at the workspace root");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("templates/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// Every built-in template file: (slug, text).\npub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("templates/{stem}.json: {e}"));
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("templates/{stem}.json is not JSON: {e}"));
        if value.get("template").and_then(|v| v.as_u64()) != Some(1) {
            panic!("templates/{stem}.json: `template` must be 1 (the template format this build reads)");
        }
        if value.get("slug").and_then(|v| v.as_str()) != Some(stem) {
            panic!("templates/{stem}.json: `slug` must equal the file name ('{stem}')");
        }
        writeln!(code, "    ({stem:?}, include_str!({:?})),", path.display().to_string()).expect("writing to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("library.rs");
    std::fs::write(out, code).expect("write the generated library");
}
