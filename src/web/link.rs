//! Opening a share link: the core decodes the fragment ([`share::decode`]); this puts what it
//! carries back into the page's state — token, keys (marked as coming from the link), discovery
//! document, policy, request settings and evaluation time — without any network request.

use std::rc::Rc;

use serde_json::Value;

use crate::core::json;
use crate::core::jwk;
use crate::core::jwt;
use crate::core::oidc;
use crate::core::share::{RecordedSignature, ShareMode, ShareState};

use super::documents;
use super::settings::Settings;
use super::state::{Document, FailedFetch, Fetched, Origin};

/// A share link the page was opened from.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedLink {
    /// The evaluation time recorded in the link.
    pub at: i64,
    /// What the link carries.
    pub mode: ShareMode,
    /// Where the keys came from when the link was made (a URL, `pasted`, `example`).
    pub keys_origin: Option<String>,
    /// The token text as restored: the recorded signature verdict applies to it only.
    pub token: String,
    /// The signature verdict recorded when the signature was left out.
    pub recorded_signature: Option<RecordedSignature>,
}

/// What the state needs from a link.
pub struct Restored {
    /// About the link.
    pub link: SharedLink,
    /// The token text.
    pub token: String,
    /// The policy text.
    pub policy: String,
    /// The request settings (defaults when the link carries none).
    pub settings: Settings,
    /// The keys and discovery document, as a "fetch" from the link.
    pub fetched: Option<Fetched>,
    /// Keys text the page could not read as keys: shown in the paste box with the core's error.
    pub unreadable_keys: Option<String>,
}

/// Where the shared documents originally came from, in words.
fn original(keys_origin: Option<&str>) -> String {
    keys_origin
        .map(str::to_owned)
        .unwrap_or_else(|| "origin not recorded".to_string())
}

/// Rebuilds the page's inputs from a decoded link.
pub fn restore(state: ShareState) -> Restored {
    let token = state.token.unwrap_or_default();
    let iss = jwt::decode(&token)
        .ok()
        .and_then(|t| t.claim_str("iss").map(str::to_owned))
        .unwrap_or_default();
    let origin = original(state.keys_origin.as_deref());
    let mut fetched = Fetched {
        origin: Origin::Shared,
        iss: iss.clone(),
        discovery: None,
        jwks: None,
        failure: None,
    };
    let mut unreadable_keys = None;
    if let Some(text) = state.keys {
        match jwk::parse_key_input(&text) {
            Ok(input) => {
                let text: Rc<str> = Rc::from(text.as_str());
                if let Some(map) = input.discovery {
                    fetched.discovery = Some(Document {
                        url: origin.clone(),
                        bytes: text.len(),
                        text: Rc::clone(&text),
                        content: Rc::new(map),
                    });
                }
                if let Some(set) = input.keys {
                    fetched.jwks = Some(Document {
                        url: origin.clone(),
                        bytes: text.len(),
                        text,
                        content: Rc::new(set),
                    });
                }
            }
            Err(_) => unreadable_keys = Some(text),
        }
    }
    if fetched.discovery.is_none()
        && let Some(text) = state.discovery
        && let Ok(Value::Object(map)) = json::parse_strict(&text)
    {
        // Keys fetched from a URL came with the issuer's discovery document; otherwise the
        // discovery document came from wherever the keys did.
        let url = if origin.starts_with("https://") || origin.starts_with("http://") {
            oidc::discovery_url(&iss).unwrap_or_else(|_| origin.clone())
        } else {
            origin.clone()
        };
        fetched.discovery = Some(Document {
            url,
            bytes: text.len(),
            text: Rc::from(text.as_str()),
            content: Rc::new(map),
        });
    }
    // A failed fetch is shown as it was seen (what, URL, why), and the verdict follows from it.
    fetched.failure = state.fetch_failure.map(|f| FailedFetch {
        what: if f.what == documents::DISCOVERY {
            documents::DISCOVERY
        } else {
            documents::JWKS
        },
        url: f.url,
        failure: f.failure,
    });
    let has_documents =
        fetched.discovery.is_some() || fetched.jwks.is_some() || fetched.failure.is_some();
    let settings = state
        .request
        .as_ref()
        .map(Settings::from_request)
        .unwrap_or_default();
    Restored {
        link: SharedLink {
            at: state.at,
            mode: state.mode,
            keys_origin: state.keys_origin,
            token: token.clone(),
            recorded_signature: state.recorded_signature,
        },
        token,
        policy: state.policy.unwrap_or_default(),
        settings,
        fetched: has_documents.then_some(fetched),
        unreadable_keys,
    }
}
