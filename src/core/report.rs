//! The one analysis entry point shared by the page and the CLI: token text, keys, discovery
//! document and evaluation time in; a serialisable [`Report`] out.
//!
//! Invariant: once the token decodes, a report is always produced — header and claims are shown
//! even when keys are missing, unusable or wrong.

use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{self, ClaimsReport};
use super::crypto::{LocalMath, SignatureMath};
use super::finding::{Finding, Severity};
use super::jwk::{KeySet, KeySummary};
use super::jwt::{self, DecodeError, Token};
use super::oidc::{self, DiscoveryReport};
use super::sts::{self, KeysEvidence, StsReport, StsRequest};
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
    /// What STS would do: the verdict and every step.
    pub sts: Option<StsReport>,
    /// Why the STS simulation could not run (an unreadable trust policy), with its position.
    pub policy_error: Option<sts::StsInputError>,
    /// The request settings the simulation used (defaults filled in).
    pub request: StsRequest,
    /// Every finding, most serious first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether the prediction rests on steps that were not checked.
    pub fn is_incomplete(&self) -> bool {
        self.sts
            .as_ref()
            .is_some_and(|s| s.outcome == sts::Outcome::Incomplete)
    }
}

/// Everything beyond the documents: the STS request settings (defaults are derived from the token
/// when `None`), what the page learnt while fetching keys, and the signature verdict recorded in
/// a share link whose token travels without its signature.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// The verdict recorded when a share link was made without the signature. Used only when the
    /// token's signature segment is empty.
    pub recorded_signature: Option<super::share::RecordedSignature>,
    /// Request settings; `None` uses [`StsRequest::defaults_for`] the token.
    pub request: Option<StsRequest>,
    /// Fetch evidence for the keys step.
    pub evidence: KeysEvidence,
}

/// Analyses a token with default request settings.
///
/// # Errors
/// Returns the [`DecodeError`] when the text is not a decodable compact JWS.
pub fn analyze(input: &AnalysisInput<'_>) -> Result<Report, DecodeError> {
    analyze_with(input, &AnalysisOptions::default())
}

/// Analyses a token and simulates `AssumeRoleWithWebIdentity` with the given request.
///
/// # Errors
/// Returns the [`DecodeError`] when the text is not a decodable compact JWS.
pub fn analyze_with(
    input: &AnalysisInput<'_>,
    options: &AnalysisOptions,
) -> Result<Report, DecodeError> {
    let token = jwt::decode(input.token)?;
    Ok(analyze_token(&token, input, options, &LocalMath))
}

/// Analyses a token decoded already (the session decodes it once per analysis and shares it).
/// `token` must be what `input.token` decodes to; the text is not decoded again. `math` answers
/// the signature arithmetic ([`LocalMath`] computes it here; the page passes the answers of its
/// worker, and the signature is [`Pending`](verify::SignatureStatus::Pending) until they come).
pub fn analyze_token(
    token: &Token,
    input: &AnalysisInput<'_>,
    options: &AnalysisOptions,
    math: &dyn SignatureMath,
) -> Report {
    let claims = claims::explain(token, input.at, input.offset_minutes);
    let discovery = input
        .discovery
        .map(|d| oidc::check_discovery(d, token.claim_str("iss"), token.alg()));
    let signature = signature_of(token, input, options, math);
    let mut findings = Vec::new();
    findings.extend(signature.findings.iter().cloned());
    findings.extend(claims.findings.iter().cloned());
    findings.extend(input.keys.into_iter().flat_map(private_key_findings));
    let request = options
        .request
        .clone()
        .unwrap_or_else(|| StsRequest::defaults_for(token));
    let mut evidence = options.evidence.clone();
    if let Some(d) = &discovery
        && let Some(c) = d
            .checks
            .iter()
            .find(|c| c.id == "discovery.issuer" && c.status == super::finding::CheckStatus::Fail)
    {
        evidence.discovery_issuer_mismatch = c.actual.clone();
    }
    let (sts, policy_error) = match sts::simulate(token, &signature, &evidence, &request, input.at)
    {
        Ok(r) => {
            findings.extend(r.findings.iter().cloned());
            (Some(r), None)
        }
        Err(e) => (None, Some(e)),
    };
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Report {
        sts,
        policy_error,
        request,
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
    }
}

/// The signature verdict: the one recorded in a share link when the token travels without its
/// signature, else checked against the keys.
fn signature_of(
    token: &Token,
    input: &AnalysisInput<'_>,
    options: &AnalysisOptions,
    math: &dyn SignatureMath,
) -> SignatureReport {
    match &options.recorded_signature {
        Some(rec) if token.signature.is_empty() && token.signature_error.is_none() => {
            SignatureReport {
                status: rec.status,
                reason: rec.reason,
                message: rec.shown_message(),
                alg: token.alg().map(str::to_owned),
                kid: rec.kid.clone(),
                key: None,
                attempts: Vec::new(),
                findings: verify::verify_using(token, None, math).findings,
                recorded: true,
                pending: Vec::new(),
            }
        }
        _ => verify::verify_using(token, input.keys, math),
    }
}

/// A danger finding for every key of the set that carries private members.
fn private_key_findings(keys: &KeySet) -> Vec<Finding> {
    keys.keys
        .iter()
        .filter(|key| !key.private_members.is_empty())
        .map(|key| {
            Finding::new(
                "jwks_private_key",
                Severity::Danger,
                format!(
                    "key {} includes private key members",
                    key.index.saturating_add(1)
                ),
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
            )
        })
        .collect()
}
