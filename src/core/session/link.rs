//! Opening a share link: [`share::decode`](crate::core::share::decode) reads the fragment; this
//! turns what it carries back into analysis inputs — token, keys (marked as coming from the
//! link), discovery document, a failed fetch, policy, request settings and evaluation time —
//! without any network request. The page and the CLI (`--link`) both open links through here.

use std::rc::Rc;

use crate::core::jwk;
use crate::core::jwt;
use crate::core::oidc;
use crate::core::share::{RecordedSignature, ShareMode, ShareState};
use crate::core::sts::StsRequest;
use crate::core::version::Build;

use super::documents::{Document, DocumentKind, DocumentOrigin, FailedFetch, Fetched};
use super::settings::Settings;

/// A share link that was opened.
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
    /// The keys, discovery document or failed fetch the link carries, as a "fetch" from the
    /// link: kept so that "Use the link's keys again" can undo a re-fetch.
    pub fetched: Option<Rc<Fetched>>,
    /// The link carries keys text the page could not read as keys (it goes to the keys box,
    /// with the reason).
    pub unreadable_keys: bool,
    /// The link carries a trust policy.
    pub has_policy: bool,
    /// The link carries request settings (provider URL, client IDs, role, …).
    pub has_request: bool,
    /// The build that made the link, when the link says (links made before builds were
    /// recorded do not).
    pub build: Option<Build>,
}

/// What a link restores.
pub struct Restored {
    /// About the link.
    pub link: SharedLink,
    /// The token text.
    pub token: String,
    /// The policy text.
    pub policy: String,
    /// The request settings (defaults when the link carries none).
    pub settings: Settings,
    /// Keys text the page could not read as keys: shown in the paste box with the core's error.
    pub unreadable_keys: Option<String>,
}

/// Rebuilds the analysis inputs from a decoded link.
pub fn restore(state: ShareState) -> Restored {
    let token = state.token.unwrap_or_default();
    let iss = jwt::decode(&token)
        .ok()
        .and_then(|t| t.claim_str("iss").map(str::to_owned))
        .unwrap_or_default();
    // Where the documents originally came from; empty when the link does not say.
    let origin = state.keys_origin.clone().unwrap_or_default();
    let mut fetched = Fetched::empty(DocumentOrigin::Shared, &iss);
    let unreadable_keys = state
        .keys
        .and_then(|text| restore_keys(&mut fetched, text, &origin));
    if fetched.discovery.is_none()
        && let Some(text) = state.discovery
    {
        restore_discovery(&mut fetched, &text, state.discovery_origin, &origin, &iss);
    }
    // A failed fetch is shown as it was seen (what, URL, why), and the verdict follows from it.
    fetched.failure = state.fetch_failure.map(|f| FailedFetch {
        what: DocumentKind::from_link(&f.what),
        url: f.url,
        failure: f.failure,
    });
    let has_documents =
        fetched.discovery.is_some() || fetched.jwks.is_some() || fetched.failure.is_some();
    let settings = restore_settings(state.request.as_ref(), &token, &iss);
    Restored {
        link: SharedLink {
            at: state.at,
            mode: state.mode,
            keys_origin: state.keys_origin,
            token: token.clone(),
            recorded_signature: state.recorded_signature,
            fetched: has_documents.then(|| Rc::new(fetched)),
            unreadable_keys: unreadable_keys.is_some(),
            has_policy: state
                .policy
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty()),
            has_request: state.request.is_some(),
            build: state.build,
        },
        token,
        policy: state.policy.unwrap_or_default(),
        settings,
        unreadable_keys,
    }
}

/// The link's keys text, read as the paste box reads it: the discovery document and key set it
/// holds become documents from `origin`. Text that is not keys is handed back, for the paste box.
fn restore_keys(fetched: &mut Fetched, text: String, origin: &str) -> Option<String> {
    let Ok(input) = jwk::parse_key_input(&text) else {
        return Some(text);
    };
    let text: Rc<str> = Rc::from(text.as_str());
    if let Some(map) = input.discovery {
        fetched.discovery = Some(Document {
            url: origin.to_owned(),
            bytes: text.len(),
            text: Rc::clone(&text),
            content: Rc::new(map),
        });
    }
    if let Some(set) = input.keys {
        fetched.jwks = Some(Document {
            url: origin.to_owned(),
            bytes: text.len(),
            text,
            content: Rc::new(set),
        });
    }
    None
}

/// A discovery document carried apart from the keys, when it reads as one: from where the link
/// says, or (older links) from where the keys came.
fn restore_discovery(
    fetched: &mut Fetched,
    text: &str,
    recorded_origin: Option<String>,
    keys_origin: &str,
    iss: &str,
) {
    // Read as the paste box reads it, so a document the sender's page used opens here too.
    let Some(map) = jwk::parse_key_input(text).ok().and_then(|i| i.discovery) else {
        return;
    };
    let url = match recorded_origin {
        Some(o) => o,
        // Links made before the origin was recorded: keys fetched from a URL came with the
        // issuer's discovery document; otherwise it came from wherever the keys did.
        None if keys_origin.starts_with("https://") || keys_origin.starts_with("http://") => {
            oidc::discovery_url(iss).unwrap_or_else(|_| keys_origin.to_owned())
        }
        None => keys_origin.to_owned(),
    };
    fetched.discovery = Some(Document {
        url,
        bytes: text.len(),
        text: Rc::from(text),
        content: Rc::new(map),
    });
}

/// The request settings a link restores (defaults when it carries none). Settings equal to
/// what the token implies keep following the token.
fn restore_settings(request: Option<&StsRequest>, token: &str, iss: &str) -> Settings {
    match request {
        // Without a token (policy-only links) the provider URL follows whatever token comes next.
        Some(r) if token.is_empty() => {
            Settings::from_request(r, &StsRequest::defaults_for_issuer(&r.provider.url))
        }
        Some(r) => Settings::from_request(r, &StsRequest::defaults_for_issuer(iss)),
        None => Settings::default(),
    }
}
