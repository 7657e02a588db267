//! The template format (docs/templates.md): the built-in library embedded in the binary, reading and
//! checking a template file, filling its placeholders with an organization's ids, and turning one of
//! an organization's workflows into a template with its secrets, ids and personal data stripped.
//!
//! Pure functions over the types: no store, no vault, no network. The app composes them into its use
//! cases (search, deploy, publish, import, export); the engine's validation and the integrations'
//! action catalog are handed in, as the engine itself is handed them.

pub mod check;
pub mod leaks;
pub mod publish;
mod read;
pub mod scrub;
pub mod slots;

pub use check::{Problem, Severity, check, errors};
pub use leaks::{Leak, leaks, leaks_in};
pub use read::{MAX_TEMPLATE_BYTES, ReadError, read_template, write_template};
pub use slots::{Bindings, Slot, SlotKind, fill, slots};

use neuroflow_types::{TemplateFile, WORKFLOW_FORMAT};
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/library.rs"));
}

/// This app's version, which a template's `requires.app` is matched against.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The built-in templates, read once; and any file that could not be read, named (the library's
/// tests keep this empty, so a broken file never ships silently).
#[derive(Debug)]
pub struct Library {
    pub templates: Vec<TemplateFile>,
    pub unreadable: Vec<String>,
}

/// The built-in library.
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let mut templates = Vec::new();
        let mut unreadable = Vec::new();
        for (slug, text) in embedded::FILES {
            match read_template(text) {
                Ok(t) => templates.push(t),
                Err(e) => unreadable.push(format!("templates/{slug}.json: {e}")),
            }
        }
        Library { templates, unreadable }
    })
}

/// The text of a built-in template file, as shipped.
pub fn builtin_text(slug: &str) -> Option<&'static str> {
    embedded::FILES.iter().find(|(s, _)| *s == slug).map(|(_, text)| *text)
}

/// Why this app cannot deploy a template, if it cannot: a newer app or document format needed.
pub fn compatibility(file: &TemplateFile) -> Option<String> {
    if file.requires.format > WORKFLOW_FORMAT {
        return Some(format!(
            "needs workflow format {}; this app reads format {WORKFLOW_FORMAT}: update NeuroFlow Hub",
            file.requires.format
        ));
    }
    let app = semver::Version::parse(APP_VERSION).ok()?;
    match semver::VersionReq::parse(&file.requires.app) {
        Ok(req) if req.matches(&app) => None,
        Ok(_) => Some(format!("needs NeuroFlow Hub {} (this is {APP_VERSION})", file.requires.app)),
        Err(_) => Some(format!("its app requirement '{}' cannot be read", file.requires.app)),
    }
}

/// Whether version `a` is newer than `b` (text that is not a version is never newer).
pub fn is_newer(a: &str, b: &str) -> bool {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(a), Ok(b)) => a > b,
        _ => false,
    }
}

/// The next version after `v`: its minor part raised (a republished workflow), or 1.0.0.
pub fn next_version(v: &str) -> String {
    match semver::Version::parse(v) {
        Ok(v) => semver::Version::new(v.major, v.minor + 1, 0).to_string(),
        Err(_) => "1.0.0".to_string(),
    }
}
