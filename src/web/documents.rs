//! Reading fetched (or embedded) documents with the core: shared by [`super::fetch`] and
//! [`super::example`] so that the example goes through exactly the path a real fetch does.

use std::rc::Rc;

use serde_json::Value;

use crate::core::json;
use crate::core::jwk::{self, KeySet};
use crate::core::oidc::{self, FetchFailure};

use super::state::{DiscoveryDocument, Document, FailedFetch};

/// What [`oidc::explain_fetch_failure`] calls the discovery document.
pub const DISCOVERY: &str = "the discovery document";
/// What [`oidc::explain_fetch_failure`] calls the key set.
pub const JWKS: &str = "the JWKS";

/// Reads a discovery document strictly and finds the key set's URL through the core's checks
/// (which refuse non-https URLs and map the EKS internal-host trap to `<iss>/keys`).
///
/// Returns the document and, when it names one that may be fetched, the `jwks_uri`.
///
/// # Errors
/// A [`FailedFetch`] when the text is not a JSON object.
pub fn read_discovery(
    text: &str,
    url: &str,
    iss: &str,
) -> Result<(DiscoveryDocument, Option<String>), FailedFetch> {
    let not_json = |message: String| FailedFetch {
        what: DISCOVERY,
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
            what: JWKS,
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
        what: JWKS,
        url: discovery_url.to_string(),
        failure: FetchFailure::Refused {
            reason: "the discovery document names no `jwks_uri` this page may fetch (see the \
                     discovery checks below); paste the key set instead"
                .to_string(),
        },
    }
}
