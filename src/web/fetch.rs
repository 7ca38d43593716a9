//! The only network code of the page: fetches an issuer's discovery document and then its JWKS,
//! when — and only when — the user clicks "Fetch keys"; and the page's own gallery file, the
//! first time the gallery is opened.
//!
//! Invariants:
//! - URLs come from the core: [`oidc::discovery_url`] of the token's `iss`, then the `jwks_uri`
//!   the core's discovery checks allow. Nothing named in the token header is fetched.
//! - Requests carry no credentials and no referrer, bypass the cache, give up after
//!   [`TIMEOUT_MILLIS`] and read at most [`oidc::MAX_DOCUMENT_BYTES`].

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReferrerPolicy, RequestCache, RequestCredentials, RequestMode, RequestRedirect,
};

use crate::core::oidc::{self, FetchFailure, MAX_DOCUMENT_BYTES};

use crate::core::session::{self as documents, DocumentKind, DocumentOrigin, FailedFetch, Fetched};

/// How long one request may take, body included.
pub const TIMEOUT_MILLIS: u32 = 8_000;

/// Fetches the discovery document of `iss` and the key set it names. Never fails: a failed step
/// is recorded in [`Fetched::failure`] next to whatever was read before it.
pub async fn fetch_issuer_documents(iss: String) -> Fetched {
    let mut fetched = Fetched::empty(DocumentOrigin::Network, &iss);
    let discovery_url = match oidc::discovery_url(&iss) {
        Ok(url) => url,
        Err(reason) => {
            fetched.failure = Some(FailedFetch {
                what: DocumentKind::Discovery,
                url: iss,
                failure: FetchFailure::Refused { reason },
            });
            return fetched;
        }
    };
    let step = fetch_text(&discovery_url)
        .await
        .map_err(|failure| FailedFetch {
            what: DocumentKind::Discovery,
            url: discovery_url.clone(),
            failure,
        })
        .and_then(|text| documents::read_discovery(&text, &discovery_url, &iss));
    let jwks_uri = match step {
        Ok((doc, jwks_uri)) => {
            fetched.discovery = Some(doc);
            jwks_uri
        }
        Err(failed) => {
            fetched.failure = Some(failed);
            return fetched;
        }
    };
    let Some(jwks_uri) = jwks_uri else {
        fetched.failure = Some(documents::no_jwks_uri(&discovery_url));
        return fetched;
    };
    let step = fetch_text(&jwks_uri)
        .await
        .map_err(|failure| FailedFetch {
            what: DocumentKind::Jwks,
            url: jwks_uri.clone(),
            failure,
        })
        .and_then(|text| documents::read_jwks(&text, &jwks_uri));
    match step {
        Ok(doc) => fetched.jwks = Some(doc),
        Err(failed) => fetched.failure = Some(failed),
    }
    fetched
}

/// GETs one of the page's own files (`name` beside the page, same origin) as text.
pub async fn fetch_page_file(name: &str) -> Result<String, String> {
    let failed = |why: String| format!("the gallery could not be read ({name}: {why})");
    let response = Request::get(name)
        .credentials(RequestCredentials::Omit)
        .send()
        .await
        .map_err(|err| failed(err.to_string()))?;
    if !response.ok() {
        return Err(failed(format!("HTTP {}", response.status())));
    }
    let raw: web_sys::Response = response.into();
    let promise = raw.text().map_err(|err| failed(js_message(&err)))?;
    let body = JsFuture::from(promise)
        .await
        .map_err(|err| failed(js_message(&err)))?;
    body.as_string()
        .ok_or_else(|| failed("the body is not text".to_string()))
}

/// GETs `url` and returns its body as text.
async fn fetch_text(url: &str) -> Result<String, FetchFailure> {
    oidc::check_fetch_url(url).map_err(|reason| FetchFailure::Refused { reason })?;
    let controller = AbortController::new().map_err(|err| FetchFailure::Network {
        message: js_message(&err),
    })?;
    let timed_out = Rc::new(Cell::new(false));
    // Aborting the signal ends both the request and the body read; dropping the guard at the
    // end of this function cancels the timer.
    let _guard = {
        let timed_out = Rc::clone(&timed_out);
        let controller = controller.clone();
        Timeout::new(TIMEOUT_MILLIS, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let failed = |message: String| {
        if timed_out.get() {
            FetchFailure::Timeout {
                millis: TIMEOUT_MILLIS,
            }
        } else {
            FetchFailure::Network { message }
        }
    };
    let signal = controller.signal();
    let response = Request::get(url)
        .mode(RequestMode::Cors)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .cache(RequestCache::NoStore)
        .redirect(RequestRedirect::Follow)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|err| failed(err.to_string()))?;
    if !response.ok() {
        return Err(FetchFailure::Status {
            status: response.status(),
        });
    }
    if let Some(announced) = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<usize>().ok())
        && announced > MAX_DOCUMENT_BYTES
    {
        controller.abort();
        return Err(FetchFailure::TooLarge { bytes: announced });
    }
    let raw: web_sys::Response = response.into();
    let promise = raw.text().map_err(|err| failed(js_message(&err)))?;
    let body = JsFuture::from(promise)
        .await
        .map_err(|err| failed(js_message(&err)))?;
    let Some(text) = body.as_string() else {
        return Err(failed("the body is not text".to_string()));
    };
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(FetchFailure::TooLarge { bytes: text.len() });
    }
    Ok(text)
}

/// The message of a JavaScript error value, or its string form.
fn js_message(value: &wasm_bindgen_futures::wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(value, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
