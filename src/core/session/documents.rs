//! Documents read from an issuer (or embedded, or carried by a share link, or named on the
//! command line), and reading them with the core: the page's fetch, the built-in example and the
//! CLI go through these same readers.

use std::rc::Rc;

use serde_json::{Map, Value};

use crate::core::json;
use crate::core::jwk::{self, KeySet};
use crate::core::oidc::{self, FetchFailure};

/// Where a discovery document and key set came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOrigin {
    /// Fetched over the network after a click on "Fetch keys".
    Network,
    /// Embedded in the page ("Try an example").
    Example,
    /// Carried by the share link the page was opened from.
    Shared,
    /// A file named on the command line: used for whatever token is analysed.
    File,
}

impl DocumentOrigin {
    /// How the origin is named on the page.
    pub fn label(self) -> &'static str {
        match self {
            DocumentOrigin::Network => "fetched",
            DocumentOrigin::Example => "built-in example",
            DocumentOrigin::Shared => "from the shared link",
            DocumentOrigin::File => "from a file",
        }
    }

    /// Whether documents of this origin belong to the issuer they were read for, so that they
    /// are not used for a token naming another issuer. Files on the command line were named for
    /// the token at hand.
    pub fn is_tied_to_issuer(self) -> bool {
        match self {
            DocumentOrigin::Network | DocumentOrigin::Example | DocumentOrigin::Shared => true,
            DocumentOrigin::File => false,
        }
    }
}

/// Which of the issuer's two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `/.well-known/openid-configuration`.
    Discovery,
    /// The key set named by `jwks_uri`.
    Jwks,
}

impl DocumentKind {
    /// As [`oidc::explain_fetch_failure`] and share links name it (`SharedFetchFailure::what`).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Discovery => "the discovery document",
            DocumentKind::Jwks => "the JWKS",
        }
    }

    /// The kind a share link names; anything but the discovery document is the key set.
    pub fn from_link(what: &str) -> DocumentKind {
        if what == DocumentKind::Discovery.as_str() {
            DocumentKind::Discovery
        } else {
            DocumentKind::Jwks
        }
    }
}

/// One document read from a URL (or, for the example, as if read from it).
#[derive(Debug, Clone, PartialEq)]
pub struct Document<T> {
    /// Where it came from.
    pub url: String,
    /// Size of the body in bytes.
    pub bytes: usize,
    /// The body as read (a share link carries it).
    pub text: Rc<str>,
    /// What the core made of it.
    pub content: Rc<T>,
}

/// A discovery document as read.
pub type DiscoveryDocument = Document<Map<String, Value>>;

/// A fetch step that failed.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedFetch {
    /// Which document.
    pub what: DocumentKind,
    /// The URL (or, when refused before fetching, the issuer).
    pub url: String,
    /// What went wrong.
    pub failure: FetchFailure,
}

/// The result of "Fetch keys" (or of loading the example, opening a link, reading files): what
/// was read, and where it stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// Network, example, link or file.
    pub origin: DocumentOrigin,
    /// The issuer the documents were read for.
    pub iss: String,
    /// The discovery document, if it was read.
    pub discovery: Option<DiscoveryDocument>,
    /// The key set, if it was read.
    pub jwks: Option<Document<KeySet>>,
    /// The step that failed, if any.
    pub failure: Option<FailedFetch>,
}

impl Fetched {
    /// Nothing read yet, for `iss`.
    pub fn empty(origin: DocumentOrigin, iss: &str) -> Fetched {
        Fetched {
            origin,
            iss: iss.to_string(),
            discovery: None,
            jwks: None,
            failure: None,
        }
    }
}

/// Reads a discovery document strictly and finds the key set's URL through the core's checks
/// (which refuse non-https URLs and map the EKS internal-host trap to `<iss>/keys`).
///
/// Returns the document and, when it names one that may be fetched, the `jwks_uri`.
///
/// # Errors
/// A [`FailedFetch`] when the text is not a JSON object ("expected an object, found …").
pub fn read_discovery(
    text: &str,
    url: &str,
    iss: &str,
) -> Result<(DiscoveryDocument, Option<String>), FailedFetch> {
    let not_json = |message: String| FailedFetch {
        what: DocumentKind::Discovery,
        url: url.to_string(),
        failure: FetchFailure::NotJson { message },
    };
    let map = match json::parse_strict(text) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            return Err(not_json(format!(
                "expected an object, found {}",
                json::kind_of(&other)
            )));
        }
        Err(err) => return Err(not_json(err.to_string())),
    };
    let jwks_uri = oidc::check_discovery(&map, Some(iss), None).jwks_uri;
    let doc = Document {
        url: url.to_string(),
        bytes: text.len(),
        text: Rc::from(text),
        content: Rc::new(map),
    };
    Ok((doc, jwks_uri))
}

/// Reads a JWKS document.
///
/// # Errors
/// A [`FailedFetch`] when the text is not a JSON object with `keys`.
pub fn read_jwks(text: &str, url: &str) -> Result<Document<KeySet>, FailedFetch> {
    match jwk::parse_jwks(text) {
        Ok(set) => Ok(Document {
            url: url.to_string(),
            bytes: text.len(),
            text: Rc::from(text),
            content: Rc::new(set),
        }),
        Err(err) => Err(FailedFetch {
            what: DocumentKind::Jwks,
            url: url.to_string(),
            failure: FetchFailure::NotJson {
                message: err.to_string(),
            },
        }),
    }
}

/// The failure recorded when the discovery document gives no `jwks_uri` that may be fetched.
pub fn no_jwks_uri(discovery_url: &str) -> FailedFetch {
    FailedFetch {
        what: DocumentKind::Jwks,
        url: discovery_url.to_string(),
        failure: FetchFailure::Refused {
            reason: "the discovery document names no `jwks_uri` this page may fetch (see the \
                     discovery checks below); paste the key set instead"
                .to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_discovery_not_an_object_says_what_it_found() {
        let err = read_discovery("[1]", "https://i.example/d", "https://i.example").unwrap_err();
        assert_eq!(err.what, DocumentKind::Discovery);
        let FetchFailure::NotJson { message } = err.failure else {
            panic!("not NotJson");
        };
        assert_eq!(message, "expected an object, found an array");
    }

    #[test]
    fn document_kind_link_names_round_trip() {
        for kind in [DocumentKind::Discovery, DocumentKind::Jwks] {
            assert_eq!(DocumentKind::from_link(kind.as_str()), kind);
        }
    }
}
