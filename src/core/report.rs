//! The one analysis entry point shared by the page and the CLI: token text, keys, discovery
//! document and evaluation time in; a serialisable [`Report`] out.
//!
//! Invariant: once the token decodes, a report is always produced — header and claims are shown
//! even when keys are missing, unusable or wrong.

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{self, ClaimsReport};
use super::finding::{Finding, Severity};
use super::jwk::{KeySet, KeySummary};
use super::jwt::{self, DecodeError};
use super::oidc::{self, DiscoveryReport};
use super::timefmt::format_rfc3339;
use super::verify::{self, SignatureReport};

/// Everything an analysis needs. No clock: `at` is the evaluation time.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisInput<'a> {
    /// The pasted token text.
    pub token: &'a str,
    /// Keys from a fetched or pasted JWKS.
    pub keys: Option<&'a KeySet>,
    /// A fetched or pasted discovery document.
    pub discovery: Option<&'a Map<String, Value>>,
    /// Evaluation time, unix seconds.
    pub at: i64,
    /// The viewer's offset from UTC in minutes, for local times.
    pub offset_minutes: i32,
}

/// The decoded token as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenView {
    /// The header.
    pub header: Value,
    /// The claims.
    pub claims: Value,
    /// What was stripped from the pasted text.
    pub repairs: Vec<String>,
    /// Length of the compact token in characters.
    pub length: usize,
}

/// The key set as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeysView {
    /// Every key read.
    pub keys: Vec<KeySummary>,
    /// Entries that are not usable keys: (index, reason).
    pub skipped: Vec<(usize, String)>,
}

/// The full analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Evaluation time, unix seconds.
    pub at: i64,
    /// Evaluation time, RFC 3339.
    pub evaluated_at: String,
    /// The decoded token.
    pub token: TokenView,
    /// The claims explained.
    pub claims: ClaimsReport,
    /// The discovery document compared with the token, if one was given.
    pub discovery: Option<DiscoveryReport>,
    /// The keys used, if any.
    pub keys: Option<KeysView>,
    /// The signature verdict.
    pub signature: SignatureReport,
    /// Every finding, most serious first.
    pub findings: Vec<Finding>,
}

/// Analyses a token.
///
/// # Errors
/// Returns the [`DecodeError`] when the text is not a decodable compact JWS.
pub fn analyze(input: &AnalysisInput<'_>) -> Result<Report, DecodeError> {
    let token = jwt::decode(input.token)?;
    let claims = claims::explain(&token, input.at, input.offset_minutes);
    let discovery = input
        .discovery
        .map(|d| oidc::check_discovery(d, token.claim_str("iss"), token.alg()));
    let signature = verify::verify(&token, input.keys);
    let mut findings = Vec::new();
    findings.extend(signature.findings.iter().cloned());
    findings.extend(claims.findings.iter().cloned());
    if let Some(keys) = input.keys {
        for key in &keys.keys {
            if !key.private_members.is_empty() {
                findings.push(Finding::new(
                    "jwks_private_key",
                    Severity::Danger,
                    format!("key {} includes private key members", key.index + 1),
                    format!(
                        "{} carries {}: a published key set must hold public keys only. Anyone \
                         with this document can sign tokens as the issuer; rotate the key.",
                        key.describe(),
                        key.private_members
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity));
    Ok(Report {
        at: input.at,
        evaluated_at: format_rfc3339(input.at),
        token: TokenView {
            header: Value::Object(token.header.clone()),
            claims: Value::Object(token.claims.clone()),
            repairs: token.repairs.clone(),
            length: token.compact.chars().count(),
        },
        claims,
        discovery,
        keys: input.keys.map(|k| KeysView {
            keys: k.keys.iter().map(KeySummary::from).collect(),
            skipped: k.skipped.clone(),
        }),
        signature,
        findings,
    })
}
