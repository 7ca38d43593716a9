//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/vectors` beside the repository (present in this workplace and CI, absent in a
/// user's clone), or `$TOKENSCOPE_VECTORS`.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TOKENSCOPE_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    dir.is_dir().then_some(dir)
}

/// Reads a vector file, or returns `None` after saying the test is skipped and why.
pub fn vector(test: &str, rel: &str) -> Option<String> {
    let Some(dir) = vectors_dir() else {
        eprintln!(
            "SKIPPED {test}: ../shared/vectors is not beside this clone (set TOKENSCOPE_VECTORS to run it)"
        );
        return None;
    };
    let path = dir.join(rel);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}
