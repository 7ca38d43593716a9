//! The gallery of failures: one complete, offline diagnosis for every failure of the catalogue
//! (`docs/failures.md`), plus the built-in example, read from the page's `gallery.json`.
//!
//! The file is data made by a committed generator (`tests/fixtures/gallery/generate.py`), not
//! code: each entry is the state a share link carries ([`ShareState`]) with what STS answers for
//! it. An entry opens through [`session::restore`], the path every share link takes, so it shows
//! exactly what its link ([`Entry::link`]) would. Reading the file never panics: anything that is
//! not a gallery is a [`GalleryError`] saying what was expected and what was found.

use serde_json::Value;

use super::json;
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
        found: u64,
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

/// Reads and checks a gallery file.
///
/// Read as a JSON value, each entry's state as a share link's JSON (the same reader), so the
/// page's module gains no deserialiser of its own.
///
/// # Errors
/// [`GalleryError`] naming what is wrong (size, shape, version, or which entry and why).
pub fn parse(text: &str) -> Result<Gallery, GalleryError> {
    if text.len() > MAX_BYTES {
        return Err(GalleryError::TooLarge { bytes: text.len() });
    }
    let doc = json::parse_strict(text).map_err(|e| GalleryError::Shape(e.to_string()))?;
    match doc.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(found) => return Err(GalleryError::Version { found }),
        None => {
            return Err(GalleryError::Shape(format!(
                "expected an object with a numeric `version`, found {}",
                kind(&doc)
            )));
        }
    }
    let list = match doc.get("entries").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list,
        _ => return Err(GalleryError::Shape("expected entries, found none".into())),
    };
    let mut entries: Vec<Entry> = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let index = i.saturating_add(1);
        let id = text_of(v, "id").unwrap_or_default().to_string();
        let failed = |reason: String| GalleryError::Entry {
            index,
            id: id.clone(),
            reason,
        };
        let entry = entry(v).map_err(failed)?;
        if entries.iter().any(|e| e.id == entry.id) {
            return Err(failed("the id is used by an earlier entry".into()));
        }
        entries.push(entry);
    }
    let not_covered = doc
        .get("not_covered")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|n| {
                    Some(NotCovered {
                        id: text_of(n, "id")?.to_string(),
                        reason: text_of(n, "reason")?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Gallery {
        entries,
        not_covered,
    })
}

fn text_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The JSON type of a value, for errors.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A string member, or what was found instead.
fn required<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    text_of(v, key).ok_or_else(|| {
        let found = v.get(key).map_or("nothing", kind);
        format!("expected a string `{key}`, found {found}")
    })
}

/// Checks one entry: a known id, an outcome and code that agree, a token to diagnose.
fn entry(v: &Value) -> Result<Entry, String> {
    let id = required(v, "id")?;
    let mode = match id {
        EXAMPLE_ID => None,
        id => Some(FailureMode::from_id(id).ok_or_else(|| {
            format!("expected `{EXAMPLE_ID}` or a failure mode of the catalogue, found `{id}`")
        })?),
    };
    let outcome_text = required(v, "outcome")?;
    let outcome = parse_outcome(outcome_text)?;
    let code = text_of(v, "code").map(str::to_owned);
    match (outcome, &code) {
        (Outcome::Failure, None) => return Err("a failure names its AWS error code".into()),
        (Outcome::Success | Outcome::Undetermined | Outcome::Incomplete, Some(code)) => {
            return Err(format!(
                "the outcome `{outcome_text}` has no AWS error, found the code `{code}`"
            ));
        }
        _ => {}
    }
    let state = v.get("state").ok_or("expected a `state`, found nothing")?;
    // Read as a link's state is read (and normalised), so the entry and its link agree.
    let state = share::read_state(state.to_string().as_bytes()).map_err(|e| e.to_string())?;
    if state.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err("expected a token in the state, found none".into());
    }
    Ok(Entry {
        id: id.to_owned(),
        mode,
        title: required(v, "title")?.to_owned(),
        code,
        http_status: v
            .get("http_status")
            .and_then(Value::as_u64)
            .and_then(|n| u16::try_from(n).ok()),
        outcome,
        wrong: required(v, "wrong")?.to_owned(),
        state,
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
