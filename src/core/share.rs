//! Share links: the whole state of a diagnosis in a URL fragment, private by construction.
//!
//! Format: `v1.` + base64url(raw DEFLATE(JSON of [`ShareState`])). The version prefix lets later
//! releases keep opening today's links; unknown JSON members are ignored for the same reason.
//!
//! Invariants:
//! - Everything lives in the fragment, which browsers never send to a server.
//! - In every mode but [`ShareMode::Full`] the token's signature is left out, so the link cannot
//!   be replayed against STS; the signature verdict seen when sharing travels instead
//!   ([`RecordedSignature`]) and the page says it is recorded.
//! - Every link names the build that made it ([`ShareState::build`]); links from builds before
//!   that field existed open as before, without it.
//! - Decoding is bounded: at most [`MAX_ENCODED_CHARS`] characters are read and at most
//!   [`MAX_STATE_BYTES`] are inflated, so a hostile link cannot exhaust memory; every failure is
//!   an error with a message, never a panic.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::json;
use super::jwt::Token;
use super::oidc::{self, FetchFailure};
use super::sts::{StsRequest, provider_prefix};
use super::verify::{Reason, SignatureReport, SignatureStatus};
use super::version::Build;

/// The version prefix of links made by this release.
pub const PREFIX: &str = "v1.";
/// The most inflated bytes a link may carry (256 KiB).
pub const MAX_STATE_BYTES: usize = 256 * 1024;
/// The most characters of a link's fragment that are decoded.
pub const MAX_ENCODED_CHARS: usize = 512 * 1024;

/// What a link carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ShareMode {
    /// The token exactly as pasted (replayable until it expires).
    Full,
    /// The token without its signature, plus the signature verdict as seen.
    #[default]
    WithoutSignature,
    /// Like `WithoutSignature`, with every claim the trust policy and STS do not check masked.
    MaskedClaims,
    /// No token and no keys: the policy and request settings only.
    PolicyOnly,
}

impl ShareMode {
    /// Every mode, for a select box.
    pub const ALL: [ShareMode; 4] = [
        ShareMode::Full,
        ShareMode::WithoutSignature,
        ShareMode::MaskedClaims,
        ShareMode::PolicyOnly,
    ];

    /// Stable name used in the page (`full`, `without_signature`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ShareMode::Full => "full",
            ShareMode::WithoutSignature => "without_signature",
            ShareMode::MaskedClaims => "masked_claims",
            ShareMode::PolicyOnly => "policy_only",
        }
    }

    /// Parses [`ShareMode::as_str`].
    pub fn parse(s: &str) -> Option<ShareMode> {
        ShareMode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            ShareMode::Full => "Full token (replayable until it expires)",
            ShareMode::WithoutSignature => "Token without signature",
            ShareMode::MaskedClaims => "Claims masked except those the policy checks",
            ShareMode::PolicyOnly => "Policy and settings only",
        }
    }
}

/// The mode a link should default to: leave the signature out while the token is still usable.
pub fn default_mode(token: Option<&Token>, now: i64) -> ShareMode {
    match token
        .and_then(|t| t.claims.get("exp"))
        .and_then(Value::as_i64)
    {
        Some(exp) if exp <= now => ShareMode::Full,
        _ => ShareMode::WithoutSignature,
    }
}

/// The signature verdict as it was when the link was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedSignature {
    /// The status.
    pub status: SignatureStatus,
    /// The reason code.
    pub reason: Option<Reason>,
    /// The key id.
    pub kid: Option<String>,
    /// The explanation shown then.
    pub message: String,
}

/// How a recorded verdict's message is introduced on the page.
pub const RECORDED_PREFIX: &str = "recorded when the link was made: ";
/// What follows a recorded verdict's message on the page.
pub const RECORDED_SUFFIX: &str =
    " (the signature itself was left out of the link, so it cannot be checked again)";

impl RecordedSignature {
    /// Records a verdict. A verdict that was itself recorded (a link shared on) keeps the
    /// original message, not one wrapped again.
    pub fn from_report(r: &SignatureReport) -> Self {
        let message = if r.recorded {
            r.message
                .strip_prefix(RECORDED_PREFIX)
                .and_then(|m| m.strip_suffix(RECORDED_SUFFIX))
                .unwrap_or(&r.message)
        } else {
            &r.message
        };
        RecordedSignature {
            status: r.status,
            reason: r.reason,
            kid: r.kid.clone(),
            message: message.to_owned(),
        }
    }

    /// The message shown for this verdict.
    pub fn shown_message(&self) -> String {
        format!("{RECORDED_PREFIX}{}{RECORDED_SUFFIX}", self.message)
    }
}

/// The state a link reproduces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ShareState {
    /// The token (without signature except in `Full` mode).
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The signature verdict when the signature was left out.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub recorded_signature: Option<RecordedSignature>,
    /// The key set used (JSON text).
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<String>,
    /// Where the keys came from (a URL, "pasted", "example").
    #[serde(rename = "ko", default, skip_serializing_if = "Option::is_none")]
    pub keys_origin: Option<String>,
    /// The discovery document used (JSON text).
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub discovery: Option<String>,
    /// Where the discovery document came from (a URL, "pasted", "example"), when it travels
    /// apart from the keys. Links made before this field existed leave it out.
    #[serde(rename = "do", default, skip_serializing_if = "Option::is_none")]
    pub discovery_origin: Option<String>,
    /// The trust policy text.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The request settings (the policy travels in `p`).
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub request: Option<StsRequest>,
    /// The evaluation time.
    #[serde(rename = "at")]
    pub at: i64,
    /// The mode the link was made in.
    #[serde(rename = "m", default)]
    pub mode: ShareMode,
    /// How fetching the issuer's documents failed, when it did: part of the diagnosis (STS's
    /// "Couldn't retrieve verification key" is predicted from it), so the link reproduces it.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub fetch_failure: Option<SharedFetchFailure>,
    /// The build that made the link (version and commit). Optional: links made before this
    /// field existed leave it out and open as they did; a value that does not read as a build
    /// name is dropped on decoding.
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub build: Option<Build>,
}

/// A failed fetch as recorded in a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFetchFailure {
    /// What was being fetched: `the discovery document` or `the JWKS`.
    #[serde(rename = "w")]
    pub what: String,
    /// The URL requested (or the issuer, when the URL was refused before fetching).
    #[serde(rename = "u")]
    pub url: String,
    /// What went wrong.
    #[serde(rename = "x", with = "failure_repr")]
    pub failure: FetchFailure,
}

/// [`FetchFailure`] in a link: externally tagged (`{"status":404}`), which reads back without the
/// buffering an internally tagged enum needs, and keeps the link format independent of the
/// report's JSON.
mod failure_repr {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::FetchFailure;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Repr {
        Network(String),
        Timeout(u32),
        Status(u16),
        TooLarge(usize),
        Refused(String),
        NotJson(String),
    }

    pub fn serialize<S: Serializer>(f: &FetchFailure, s: S) -> Result<S::Ok, S::Error> {
        match f.clone() {
            FetchFailure::Network { message } => Repr::Network(message),
            FetchFailure::Timeout { millis } => Repr::Timeout(millis),
            FetchFailure::Status { status } => Repr::Status(status),
            FetchFailure::TooLarge { bytes } => Repr::TooLarge(bytes),
            FetchFailure::Refused { reason } => Repr::Refused(reason),
            FetchFailure::NotJson { message } => Repr::NotJson(message),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FetchFailure, D::Error> {
        Ok(match Repr::deserialize(d)? {
            Repr::Network(message) => FetchFailure::Network { message },
            Repr::Timeout(millis) => FetchFailure::Timeout { millis },
            Repr::Status(status) => FetchFailure::Status { status },
            Repr::TooLarge(bytes) => FetchFailure::TooLarge { bytes },
            Repr::Refused(reason) => FetchFailure::Refused { reason },
            Repr::NotJson(message) => FetchFailure::NotJson { message },
        })
    }
}

/// Why a link cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// Not a TokenScope link.
    #[error(
        "this link's fragment does not start with `{PREFIX}`; it was not made by this version of TokenScope (found `{found}`)"
    )]
    UnknownVersion {
        /// The first characters found.
        found: String,
    },
    /// Too long to be a real link.
    #[error("the link is {chars} characters long; links over {MAX_ENCODED_CHARS} are refused")]
    TooLong {
        /// Its length.
        chars: usize,
    },
    /// Not base64url.
    #[error("the link is damaged: its data is not base64url ({0})")]
    Base64(String),
    /// Not DEFLATE, or inflates beyond the cap.
    #[error("the link is damaged or too large: {0}")]
    Inflate(String),
    /// Not the expected JSON.
    #[error("the link's content is not a TokenScope state: {0}")]
    Json(String),
}

/// What to put in a link, before applying the mode.
#[derive(Debug, Clone, Copy)]
pub struct ShareInput<'a> {
    /// The decoded token, if any.
    pub token: Option<&'a Token>,
    /// The signature verdict.
    pub signature: Option<&'a SignatureReport>,
    /// The key set text used (JSWK, JWK or discovery + JWKS as pasted or fetched).
    pub keys: Option<&'a str>,
    /// Where the keys came from.
    pub keys_origin: Option<&'a str>,
    /// The discovery document text.
    pub discovery: Option<&'a str>,
    /// Where the discovery document came from.
    pub discovery_origin: Option<&'a str>,
    /// The policy text.
    pub policy: Option<&'a str>,
    /// The request settings.
    pub request: Option<&'a StsRequest>,
    /// The evaluation time.
    pub at: i64,
    /// How fetching the issuer's documents failed, if it did.
    pub fetch_failure: Option<&'a SharedFetchFailure>,
}

/// Builds the state for `mode`.
pub fn state_for(input: &ShareInput<'_>, mode: ShareMode) -> ShareState {
    let policy = input
        .policy
        .map(str::to_owned)
        .filter(|p| !p.trim().is_empty());
    let request = input.request.map(|r| StsRequest {
        policy: None,
        ..r.clone()
    });
    if mode == ShareMode::PolicyOnly {
        return ShareState {
            policy,
            request,
            at: input.at,
            mode,
            build: Some(Build::current()),
            ..ShareState::default()
        };
    }
    // A verdict still being computed is no verdict: it is never recorded.
    let recorded = input
        .signature
        .filter(|s| s.status != SignatureStatus::Pending)
        .map(RecordedSignature::from_report);
    let (token, recorded_signature) = match (input.token, mode) {
        // A token opened from a link without its signature has only the recorded verdict:
        // sharing it again, even in full, must carry that verdict on.
        (Some(t), ShareMode::Full) if input.signature.is_some_and(|s| s.recorded) => {
            (Some(t.compact.clone()), recorded)
        }
        (Some(t), ShareMode::Full) => (Some(t.compact.clone()), None),
        (Some(t), ShareMode::MaskedClaims) => (Some(masked_token(t, policy.as_deref())), recorded),
        (Some(t), _) => (Some(unsigned(t)), recorded),
        (None, _) => (None, None),
    };
    let keys = input.keys.map(|k| keys_for_link(k, input.signature));
    ShareState {
        token,
        recorded_signature,
        keys,
        keys_origin: input.keys_origin.map(str::to_owned),
        discovery: input.discovery.map(compact_json),
        discovery_origin: input
            .discovery
            .and(input.discovery_origin)
            .map(str::to_owned),
        policy,
        request,
        at: input.at,
        mode,
        fetch_failure: input.fetch_failure.cloned(),
        build: Some(Build::current()),
    }
}

/// `header.payload.` — the token without its signature.
fn unsigned(t: &Token) -> String {
    let input = String::from_utf8_lossy(t.signing_input()).into_owned();
    format!("{input}.")
}

/// What a masked claim's string value becomes in a link made with [`ShareMode::MaskedClaims`].
pub const MASK: &str = "(masked)";

/// Whether `value` is a masked claim value ([`MASK`]): a link's reader cannot know the value, so
/// nothing compares it. No real value is mistaken for one where it is used: Kubernetes namespace
/// and service-account names are DNS labels and subdomains, which cannot hold parentheses
/// (<https://kubernetes.io/docs/concepts/overview/working-with-objects/names/>).
pub fn is_masked(value: &str) -> bool {
    value == MASK
}

/// Re-encodes the payload with every claim masked except those STS or the policy reads.
fn masked_token(t: &Token, policy: Option<&str>) -> String {
    let iss = t.claim_str("iss").unwrap_or_default();
    let prefix = provider_prefix(iss).to_ascii_lowercase();
    let mut keep: Vec<String> = [
        "iss",
        "aud",
        "exp",
        "iat",
        "nbf",
        "https://aws.amazon.com/tags",
        "https://aws.amazon.com/source_identity",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    if let Some(p) = policy {
        let lower = p.to_ascii_lowercase();
        for claim in t.claims.keys() {
            if lower.contains(&format!("{prefix}:{}", claim.to_ascii_lowercase())) {
                keep.push(claim.clone());
            }
        }
        // Google maps `:aud` to `azp`.
        if lower.contains(&format!("{prefix}:aud")) {
            keep.push("azp".into());
        }
    }
    let masked: Map<String, Value> = t
        .claims
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if keep.contains(k) { v.clone() } else { mask(v) },
            )
        })
        .collect();
    let header = String::from_utf8_lossy(t.signing_input())
        .split('.')
        .next()
        .unwrap_or_default()
        .to_string();
    let payload = URL_SAFE_NO_PAD.encode(Value::Object(masked).to_string());
    format!("{header}.{payload}.")
}

fn mask(v: &Value) -> Value {
    match v {
        Value::String(_) => Value::from(MASK),
        Value::Array(items) => Value::Array(items.iter().map(mask).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), mask(v))).collect()),
        other => other.clone(),
    }
}

fn compact_json(text: &str) -> String {
    match json::parse_strict_stream(text) {
        Ok(docs) => docs
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        Err(_) => text.to_string(),
    }
}

/// Keeps only the verifying key when the signature was valid (that key reproduces the verdict);
/// otherwise the whole set, since "kid not found" needs it.
fn keys_for_link(text: &str, sig: Option<&SignatureReport>) -> String {
    let index = sig
        .filter(|s| s.status == SignatureStatus::Valid)
        .and_then(|s| s.key.as_ref())
        .map(|k| k.index);
    let Ok(docs) = json::parse_strict_stream(text) else {
        return text.to_string();
    };
    let out: Vec<String> = docs
        .into_iter()
        .map(|mut doc| {
            if let (Some(i), Some(Value::Array(keys))) = (index, doc.get_mut("keys"))
                && let Some(k) = keys.get(i).cloned()
            {
                *keys = vec![k];
            }
            doc.to_string()
        })
        .collect();
    out.join("\n")
}

/// Encodes a state as a fragment (without `#`).
pub fn encode(state: &ShareState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Decodes a fragment (with or without `#`).
///
/// # Errors
/// Returns [`ShareError`] naming what is wrong; never panics, whatever the input.
pub fn decode(fragment: &str) -> Result<ShareState, ShareError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    let chars = f.chars().count();
    if chars > MAX_ENCODED_CHARS {
        return Err(ShareError::TooLong { chars });
    }
    let Some(data) = f.strip_prefix(PREFIX) else {
        return Err(ShareError::UnknownVersion {
            found: f.chars().take(8).collect(),
        });
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| ShareError::Base64(e.to_string()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_STATE_BYTES)
        .map_err(|e| {
            ShareError::Inflate(match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    format!("it expands beyond {MAX_STATE_BYTES} bytes")
                }
                other => format!("not DEFLATE data ({other:?})"),
            })
        })?;
    read_state(&json)
}

/// Reads a link's JSON (inflated) as a state, normalised as [`decode`] does.
///
/// # Errors
/// [`ShareError::Json`] when it is not a state.
pub fn read_state(json: &[u8]) -> Result<ShareState, ShareError> {
    serde_json::from_slice(json)
        .map(checked)
        .map_err(|e| ShareError::Json(e.to_string()))
}

/// A link is someone else's text: a refused fetch is re-derived from its URL by the page's own
/// rule ([`oidc::check_fetch_url`]) rather than shown as the link words it, and dropped when the
/// URL would not have been refused; a build name that does not read as one is dropped.
/// Idempotent, so decode → encode → decode stays the identity.
fn checked(mut state: ShareState) -> ShareState {
    state.build = state.build.filter(Build::is_plausible);
    if let Some(f) = state.fetch_failure.take() {
        state.fetch_failure = match f.failure {
            FetchFailure::Refused { .. } => match oidc::check_fetch_url(&f.url) {
                Err(reason) => Some(SharedFetchFailure {
                    failure: FetchFailure::Refused { reason },
                    ..f
                }),
                Ok(_) => None,
            },
            _ => Some(f),
        };
    }
    state
}

/// Whether the fragment looks like a share link at all (so the page can ignore other fragments).
pub fn is_share_fragment(fragment: &str) -> bool {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_garbage_with_messages() {
        assert!(matches!(
            decode("#x"),
            Err(ShareError::UnknownVersion { .. })
        ));
        assert!(matches!(decode("#v1.@@"), Err(ShareError::Base64(_))));
        assert!(matches!(decode("#v1.AAAA"), Err(ShareError::Inflate(_))));
        let not_state = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6))
        );
        assert!(matches!(decode(&not_state), Err(ShareError::Json(_))));
    }

    #[test]
    fn decode_caps_inflation() {
        let bomb = vec![b' '; MAX_STATE_BYTES + 10];
        let link = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 10))
        );
        assert!(link.len() < 2000, "a bomb is small: {}", link.len());
        let err = decode(&link).unwrap_err();
        assert!(err.to_string().contains("expands beyond"), "{err}");
    }

    #[test]
    fn links_name_their_build_and_drop_an_implausible_one() {
        let state = state_for(
            &ShareInput {
                token: None,
                signature: None,
                keys: None,
                keys_origin: None,
                discovery: None,
                discovery_origin: None,
                policy: Some("{}"),
                request: None,
                at: 0,
                fetch_failure: None,
            },
            ShareMode::PolicyOnly,
        );
        assert_eq!(state.build, Some(Build::current()));
        assert_eq!(decode(&encode(&state)), Ok(state.clone()));
        let forged = ShareState {
            build: Some(Build {
                version: "0.1.0".into(),
                commit: "<script>".into(),
            }),
            ..state
        };
        assert_eq!(decode(&encode(&forged)).map(|s| s.build), Ok(None));
    }

    #[test]
    fn a_link_without_a_build_opens_without_one() {
        let old = ShareState {
            at: 7,
            ..ShareState::default()
        };
        let json = serde_json::to_string(&old).unwrap();
        assert!(!json.contains("\"b\""), "{json}");
        assert_eq!(decode(&encode(&old)).map(|s| s.build), Ok(None));
    }

    #[test]
    fn mode_names_round_trip() {
        for m in ShareMode::ALL {
            assert_eq!(ShareMode::parse(m.as_str()), Some(m));
        }
    }
}
