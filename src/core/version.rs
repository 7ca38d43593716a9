//! Which build this is: the crate's version (Cargo.toml) and the commit it was built from
//! (recorded by build.rs), shown in the page's footer and by `tokenscope --version`, and recorded
//! in every share link so that a diagnosis says which build made it.
//!
//! Invariant: both are compile-time constants; nothing here reads git, a clock or the network.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The crate's version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit this build was made from (12 hex digits, `-dirty` when the release was built from
/// a tree with uncommitted changes), or `unknown` for a build outside a git checkout.
pub const COMMIT: &str = env!("TOKENSCOPE_COMMIT");

/// `0.1.0 (commit 1015897a1b2c)`: what `tokenscope --version` and the page's footer say.
pub const DESCRIPTION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("TOKENSCOPE_COMMIT"),
    ")"
);

/// The longest version or commit a link may name; anything longer is not a build name.
const MAX_PART_CHARS: usize = 64;

/// A build: its version and commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    /// The crate's version, e.g. `0.1.0`.
    #[serde(rename = "v")]
    pub version: String,
    /// The commit, e.g. `1015897a1b2c`, or `unknown`.
    #[serde(rename = "c")]
    pub commit: String,
}

impl Build {
    /// This build.
    pub fn current() -> Build {
        Build {
            version: VERSION.to_owned(),
            commit: COMMIT.to_owned(),
        }
    }

    /// Whether both parts read as a build name (letters, digits, `.`, `-`, `+`, at most 64
    /// characters each). A link is someone else's text: a build it names is shown only when it
    /// passes this.
    pub fn is_plausible(&self) -> bool {
        let ok = |s: &str| {
            !s.is_empty()
                && s.chars().count() <= MAX_PART_CHARS
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
        };
        ok(&self.version) && ok(&self.commit)
    }
}

impl fmt::Display for Build {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (commit {})", self.version, self.commit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_build_names_the_cargo_version_and_a_commit() {
        let b = Build::current();
        assert_eq!(b.version, env!("CARGO_PKG_VERSION"));
        assert!(b.is_plausible(), "{b}");
        assert!(
            b.commit == "unknown"
                || b.commit
                    .trim_end_matches("-dirty")
                    .chars()
                    .all(|c| c.is_ascii_hexdigit()),
            "{b}"
        );
        assert_eq!(DESCRIPTION, b.to_string());
    }

    #[test]
    fn implausible_build_names_are_refused() {
        let b = |v: &str, c: &str| Build {
            version: v.into(),
            commit: c.into(),
        };
        assert!(b("0.1.0", "1015897a1b2c").is_plausible());
        assert!(b("0.2.0-rc.1+x", "unknown").is_plausible());
        for (v, c) in [
            ("", "abc"),
            ("0.1.0", ""),
            ("0.1.0 <b>", "abc"),
            ("0.1.0", "abc\u{202e}"),
            ("0.1.0", &"a".repeat(65)),
        ] {
            assert!(!b(v, c).is_plausible(), "{v:?} {c:?}");
        }
    }
}
