//! The built-in example: an EKS IRSA token with its issuer's discovery document, JWKS and a
//! role trust policy that admits it, embedded at compile time so that a first visit shows a
//! complete, valid verification and a successful STS verdict with no network at all.

use serde_json::Value;

use crate::core::jwt;
use crate::core::oidc;
use crate::core::session::{self as documents, DocumentOrigin, Fetched};

const TOKEN: &str = include_str!("../../tests/fixtures/example/token.jwt");
const JWKS: &str = include_str!("../../tests/fixtures/example/jwks.json");
const DISCOVERY: &str = include_str!("../../tests/fixtures/example/openid-configuration.json");
const POLICY: &str = include_str!("../../tests/fixtures/example/trust-policy.json");

/// How long after `iat` the example is evaluated: well inside its lifetime.
const EVAL_AFTER_IAT: i64 = 3600;

/// The example, ready to be put into the state.
pub struct Example {
    /// The token text.
    pub token: String,
    /// Its discovery document and key set, as if fetched.
    pub fetched: Fetched,
    /// `iat + 1 h`, when the token has an integer `iat`.
    pub eval_at: Option<i64>,
    /// An IRSA trust policy that admits the token.
    pub policy: String,
}

/// The example token text (without the file's trailing newline).
pub fn token() -> &'static str {
    TOKEN.trim()
}

/// Builds the example through the same readers a real fetch uses.
pub fn load() -> Example {
    let token = token();
    let decoded = jwt::decode(token).ok();
    let iss = decoded
        .as_ref()
        .and_then(|t| t.claim_str("iss"))
        .unwrap_or_default()
        .to_string();
    let eval_at = decoded
        .as_ref()
        .and_then(|t| t.claims.get("iat"))
        .and_then(Value::as_i64)
        .map(|iat| iat.saturating_add(EVAL_AFTER_IAT));
    let discovery_url = oidc::discovery_url(&iss)
        .unwrap_or_else(|_| format!("{iss}/.well-known/openid-configuration"));
    let mut fetched = Fetched::empty(DocumentOrigin::Example, &iss);
    match documents::read_discovery(DISCOVERY, &discovery_url, &iss) {
        Ok((doc, jwks_uri)) => {
            fetched.discovery = Some(doc);
            match jwks_uri {
                Some(url) => match documents::read_jwks(JWKS, &url) {
                    Ok(set) => fetched.jwks = Some(set),
                    Err(failed) => fetched.failure = Some(failed),
                },
                None => fetched.failure = Some(documents::no_jwks_uri(&discovery_url)),
            }
        }
        Err(failed) => fetched.failure = Some(failed),
    }
    Example {
        token: token.to_string(),
        fetched,
        eval_at,
        policy: POLICY.to_string(),
    }
}
