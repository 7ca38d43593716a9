//! The gallery of failures: one complete, offline diagnosis for every failure of the catalogue
//! (`docs/failures.md`), plus the built-in example, read from the page's `gallery.json`.
//!
//! The file is data made by a committed generator (`tests/fixtures/gallery/generate.py`), not
//! code: each entry is the state a share link carries ([`ShareState`]) with what STS answers for
//! it. An entry opens through [`session::restore`], the path every share link takes, so it shows
//! exactly what its link ([`Entry::link`]) would. Reading the file never panics: anything that is
//! not a gallery is a [`GalleryError`] saying what was expected and what was found.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::session::{self, Restored};
use super::share::{self, ShareState};
use super::sts::{FailureMode, Outcome};

/// The format version this release reads.
pub const VERSION: u32 = 1;
/// The id of the entry that is the built-in example (a success, no failure mode).
pub const EXAMPLE_ID: &str = "example";
/// The most bytes of gallery text read (the shipped file is about 110 KB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The gallery, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Gallery {
    /// The entries, in the file's order (the catalogue's).
    pub entries: Vec<Entry>,
    /// Failures of the catalogue with no entry, and why.
    pub not_covered: Vec<NotCovered>,
}

/// One entry: a diagnosis that STS would refuse with one failure (or the example's success).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The failure mode's id (`example` for the success).
    pub id: String,
    /// The failure mode; `None` for the example.
    pub mode: Option<FailureMode>,
    /// The title shown in the list.
    pub title: String,
    /// The AWS error code STS answers (`None`: no error, or no call to STS).
    pub code: Option<String>,
    /// The HTTP status of that error.
    pub http_status: Option<u16>,
    /// The expected outcome.
    pub outcome: Outcome,
    /// What is wrong, in one line.
    pub wrong: String,
    /// The state its share link carries.
    pub state: ShareState,
}

/// A failure of the catalogue that no offline entry can show.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NotCovered {
    /// The failure mode's id.
    pub id: String,
    /// Why no entry shows it.
    pub reason: String,
}

/// Why a text is not a gallery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GalleryError {
    /// Too long.
    #[error("the gallery is {bytes} bytes; at most {MAX_BYTES} are read")]
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not JSON of the expected shape.
    #[error("the gallery is not a gallery file: {0}")]
    Shape(String),
    /// Another version.
    #[error("expected gallery version {VERSION}, found {found}")]
    Version {
        /// The version found.
        found: u32,
    },
    /// An entry that cannot be used.
    #[error("gallery entry {index} (`{id}`): {reason}")]
    Entry {
        /// Its position, from 1.
        index: usize,
        /// Its id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
}

#[derive(Deserialize)]
struct WireGallery {
    version: u32,
    entries: Vec<WireEntry>,
    #[serde(default)]
    not_covered: Vec<NotCovered>,
}

#[derive(Deserialize)]
struct WireEntry {
    id: String,
    title: String,
    code: Option<String>,
    http_status: Option<u16>,
    outcome: String,
    wrong: String,
    state: ShareState,
}

/// Reads and checks a gallery file.
///
/// # Errors
/// [`GalleryError`] naming what is wrong (size, shape, version, or which entry and why).
pub fn parse(text: &str) -> Result<Gallery, GalleryError> {
    if text.len() > MAX_BYTES {
        return Err(GalleryError::TooLarge { bytes: text.len() });
    }
    let wire: WireGallery =
        serde_json::from_str(text).map_err(|e| GalleryError::Shape(e.to_string()))?;
    if wire.version != VERSION {
        return Err(GalleryError::Version {
            found: wire.version,
        });
    }
    if wire.entries.is_empty() {
        return Err(GalleryError::Shape("expected entries, found none".into()));
    }
    let mut seen = BTreeSet::new();
    let mut entries = Vec::with_capacity(wire.entries.len());
    for (i, w) in wire.entries.into_iter().enumerate() {
        let index = i.saturating_add(1);
        let id = w.id.clone();
        let entry = entry(w).map_err(|reason| GalleryError::Entry {
            index,
            id: id.clone(),
            reason,
        })?;
        if !seen.insert(id.clone()) {
            let reason = "the id is used by an earlier entry".to_string();
            return Err(GalleryError::Entry { index, id, reason });
        }
        entries.push(entry);
    }
    Ok(Gallery {
        entries,
        not_covered: wire.not_covered,
    })
}

/// Checks one entry: a known id, an outcome and code that agree, a token to diagnose.
fn entry(w: WireEntry) -> Result<Entry, String> {
    let mode = match w.id.as_str() {
        EXAMPLE_ID => None,
        id => Some(FailureMode::from_id(id).ok_or_else(|| {
            format!("expected `{EXAMPLE_ID}` or a failure mode of the catalogue, found `{id}`")
        })?),
    };
    let outcome = parse_outcome(&w.outcome)?;
    match (outcome, &w.code) {
        (Outcome::Failure, None) => return Err("a failure names its AWS error code".into()),
        (Outcome::Success | Outcome::Undetermined | Outcome::Incomplete, Some(code)) => {
            return Err(format!(
                "the outcome `{}` has no AWS error, found the code `{code}`",
                w.outcome
            ));
        }
        _ => {}
    }
    if w.state.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err("expected a token in the state, found none".into());
    }
    Ok(Entry {
        id: w.id,
        mode,
        title: w.title,
        code: w.code,
        http_status: w.http_status,
        outcome,
        wrong: w.wrong,
        // Normalised as a decoded link is, so the entry and its link are the same state.
        state: share::checked(w.state),
    })
}

fn parse_outcome(s: &str) -> Result<Outcome, String> {
    [
        Outcome::Success,
        Outcome::Failure,
        Outcome::Incomplete,
        Outcome::Undetermined,
    ]
    .into_iter()
    .find(|o| o.as_str() == s)
    .ok_or_else(|| {
        format!("expected an outcome (success, failure, incomplete, undetermined), found `{s}`")
    })
}

impl Entry {
    /// The page's inputs for this entry, as its share link restores them.
    pub fn restore(&self) -> Restored {
        session::restore(self.state.clone())
    }

    /// The entry's share link: the fragment, without `#`.
    pub fn link(&self) -> String {
        share::encode(&self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(entry: &str) -> String {
        format!(r#"{{"version": 1, "entries": [{entry}]}}"#)
    }

    const OK: &str = r#"{"id": "token-expired", "title": "t", "code": "ExpiredTokenException",
        "http_status": 400, "outcome": "failure", "wrong": "w", "state": {"t": "a.b.c", "at": 5}}"#;

    #[test]
    fn parse_reads_a_minimal_gallery() {
        let g = parse(&minimal(OK)).unwrap();
        assert_eq!(g.entries[0].mode, Some(FailureMode::TokenExpired));
        assert_eq!(g.entries[0].state.at, 5);
        assert!(share::decode(&g.entries[0].link()).unwrap() == g.entries[0].state);
    }

    #[test]
    fn parse_names_what_is_wrong() {
        let err = |text: &str| parse(text).unwrap_err().to_string();
        assert!(err("[]").contains("not a gallery file"), "{}", err("[]"));
        assert!(
            err(r#"{"version": 2, "entries": []}"#).contains("expected gallery version 1, found 2")
        );
        assert!(err(r#"{"version": 1, "entries": []}"#).contains("found none"));
        let unknown = OK.replace("token-expired", "token-gone");
        assert!(
            err(&minimal(&unknown))
                .contains("entry 1 (`token-gone`): expected `example` or a failure mode")
        );
        let no_code = OK.replace(r#""ExpiredTokenException""#, "null");
        assert!(err(&minimal(&no_code)).contains("names its AWS error code"));
        let bad_outcome = OK.replace(r#""failure""#, r#""fine""#);
        assert!(err(&minimal(&bad_outcome)).contains("found `fine`"));
        let no_token = OK.replace(r#""t": "a.b.c", "#, "");
        assert!(err(&minimal(&no_token)).contains("expected a token"));
        assert!(
            err(&minimal(&format!("{OK}, {OK}")))
                .contains("entry 2 (`token-expired`): the id is used")
        );
        assert!(err(&" ".repeat(MAX_BYTES + 1)).contains("at most"));
    }
}
