//! Step 4, keys and signature: fetch failures, the signature verdict, the provider's thumbprints.

use super::{
    FailureMode, KeysEvidence, MSG_KEYS, MSG_THUMBPRINT, ProviderSettings, Step, StepFailure,
    StepId, fail, provider_prefix, step,
};
use crate::core::claims::parse_eks_issuer;
use crate::core::finding::{Check, CheckStatus, Finding, Severity};
use crate::core::oidc::FetchFailure;
use crate::core::verify::{Reason, ReasonClass, SignatureReport, SignatureStatus};

pub(super) fn signature_step(
    sig: &SignatureReport,
    evidence: &KeysEvidence,
    provider: &ProviderSettings,
    iss: &str,
    caveats: &mut Vec<String>,
    findings: &mut Vec<Finding>,
) -> Step {
    let mut checks = Vec::new();
    let mut failure = None;
    let mut fix = None;
    fetch_checks(evidence, iss, &mut checks, &mut failure, &mut fix);
    if let Some(other) = &evidence.discovery_issuer_mismatch {
        checks.push(Check::new("keys.discovery_issuer", "discovery `issuer` equals `iss`", CheckStatus::Warn, "the discovery document names another issuer; OIDC requires equality, and STS's reaction is not documented by AWS").compare(iss, other.clone()));
    }
    signature_check(sig, iss, caveats, &mut checks, &mut failure, &mut fix);
    thumbprint_check(provider, iss, caveats, &mut checks, &mut failure, &mut fix);
    thumbprint_findings(provider, findings);
    step(StepId::Signature, checks, failure, fix)
}

/// What a failed fetch of discovery or JWKS (as the page saw it) means for STS.
fn fetch_checks(
    evidence: &KeysEvidence,
    iss: &str,
    checks: &mut Vec<Check>,
    failure: &mut Option<StepFailure>,
    fix: &mut Option<String>,
) {
    match &evidence.fetch_failure {
        Some(FetchFailure::Status { status }) => {
            *failure = fail(
                "InvalidIdentityToken",
                Some(MSG_KEYS.into()),
                400,
                Some(FailureMode::KeysUnreachable),
            );
            *fix = Some(format!(
                "make {iss}/.well-known/openid-configuration and its jwks_uri publicly readable (HTTP {status} seen)"
            ));
            checks.push(Check::new(
                "keys.fetch",
                "discovery and JWKS are publicly reachable",
                CheckStatus::Fail,
                format!("the issuer answered HTTP {status}"),
            ));
        }
        Some(FetchFailure::Timeout { millis }) => {
            *failure = fail(
                "InvalidIdentityToken",
                Some(MSG_KEYS.into()),
                400,
                Some(FailureMode::KeysUnreachable),
            );
            *fix = Some("serve discovery and JWKS quickly from a public endpoint; STS gives up after about 5 s".to_string());
            checks.push(Check::new(
                "keys.fetch",
                "discovery and JWKS answer quickly",
                CheckStatus::Fail,
                format!("no answer within {} s", millis / 1000),
            ));
        }
        Some(FetchFailure::Network { .. }) => {
            checks.push(Check::new("keys.fetch", "discovery and JWKS are reachable", CheckStatus::Skipped, "the browser could not fetch them (network error or CORS); this does not show whether STS can"));
        }
        _ => {}
    }
}

/// The signature verdict; a bad signature fails unless a fetch failure already decided.
fn signature_check(
    sig: &SignatureReport,
    iss: &str,
    caveats: &mut Vec<String>,
    checks: &mut Vec<Check>,
    failure: &mut Option<StepFailure>,
    fix: &mut Option<String>,
) {
    let title = "the token's signature verifies with the issuer's published keys";
    match sig.status {
        SignatureStatus::Valid => checks.push(Check::new(
            "keys.signature",
            title,
            CheckStatus::Pass,
            sig.message.clone(),
        )),
        SignatureStatus::Pending => checks.push(Check::new(
            "keys.signature",
            title,
            CheckStatus::Skipped,
            format!("{} — the verdict waits for it", sig.message),
        )),
        SignatureStatus::Unverified => {
            let status = CheckStatus::Skipped;
            checks.push(Check::new(
                "keys.signature",
                title,
                status,
                format!(
                    "{} — the verdict below assumes a valid signature",
                    sig.message
                ),
            ));
        }
        SignatureStatus::Invalid => {
            let reason = sig.reason.map_or("invalid", Reason::code);
            let mode = invalid_signature_mode(sig.reason);
            if failure.is_none() {
                *failure = fail("InvalidIdentityToken", None, 400, Some(mode));
                caveats.push("STS answers InvalidIdentityToken for a bad signature; AWS does not document the exact message for this case".into());
                *fix = Some(invalid_signature_fix(mode, sig.reason, iss));
            }
            checks.push(Check::new(
                "keys.signature",
                title,
                CheckStatus::Fail,
                format!("{} ({reason})", sig.message),
            ));
        }
    }
}

/// The observed thumbprint (when the user gave one) against the provider's configured ones.
fn thumbprint_check(
    provider: &ProviderSettings,
    iss: &str,
    caveats: &mut Vec<String>,
    checks: &mut Vec<Check>,
    failure: &mut Option<StepFailure>,
    fix: &mut Option<String>,
) {
    if let Some(observed) = provider
        .observed_thumbprint
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        let norm = |t: &str| {
            t.chars()
                .filter(char::is_ascii_hexdigit)
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let seen = norm(observed);
        let host = provider_prefix(iss)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // The providers AWS names as verified through its library of trusted CAs, their
        // thumbprints no longer used (IAM API Reference, UpdateOpenIDConnectProviderThumbprint):
        // Auth0, GitHub, GitLab, Google, and key sets hosted in an S3 bucket.
        let ignored = host == "accounts.google.com"
            || host.ends_with(".auth0.com")
            || host == "token.actions.githubusercontent.com"
            || host == "gitlab.com"
            || host.ends_with(".amazonaws.com") && host.contains(".s3");
        let configured: Vec<String> = provider.thumbprints.iter().map(|t| norm(t)).collect();
        if ignored {
            checks.push(Check::new("keys.thumbprint", "thumbprint", CheckStatus::Pass, "IAM ignores thumbprints for this issuer (its certificate chains to a CA AWS trusts)").actual(seen));
        } else if configured.contains(&seen) {
            checks.push(
                Check::new(
                    "keys.thumbprint",
                    "the issuer's CA thumbprint is configured on the provider",
                    CheckStatus::Pass,
                    "matches a configured thumbprint",
                )
                .compare(provider.thumbprints.join(", "), seen),
            );
        } else {
            let f = format!(
                "add the thumbprint {seen} to the provider (aws iam update-open-id-connect-provider-thumbprint --open-id-connect-provider-arn ARN --thumbprint-list {seen} ...); keep the old one until every issuer host has rotated"
            );
            checks.push(
                Check::new("keys.thumbprint", "the issuer's CA thumbprint is configured on the provider", CheckStatus::Fail, "the observed top intermediate CA is not in the provider's thumbprint list (a certificate rotation?)")
                    .compare(if provider.thumbprints.is_empty() { "(none)".to_string() } else { provider.thumbprints.join(", ") }, seen)
                    .fix(f.clone()),
            );
            caveats.push("thumbprints are ignored when the issuer's certificate chains to a CA in AWS's trusted library; whether that applies to this issuer cannot be seen from here".into());
            if failure.is_none() {
                *failure = fail(
                    "InvalidIdentityToken",
                    Some(MSG_THUMBPRINT.into()),
                    400,
                    Some(FailureMode::ThumbprintMismatch),
                );
                *fix = Some(f);
            }
        }
    }
}

/// Findings about the provider's thumbprints: malformed ones, and that a page cannot check them.
fn thumbprint_findings(provider: &ProviderSettings, findings: &mut Vec<Finding>) {
    if !provider.thumbprints.is_empty() {
        let bad: Vec<&String> = provider
            .thumbprints
            .iter()
            .filter(|t| t.len() != 40 || !t.chars().all(|c| c.is_ascii_hexdigit()))
            .collect();
        if !bad.is_empty() || provider.thumbprints.len() > 5 {
            findings.push(Finding::new(
                "thumbprint_malformed",
                Severity::Warning,
                "thumbprints must be 1–5 SHA-1 fingerprints of 40 hex characters",
                format!("found: {}", provider.thumbprints.join(", ")),
            ));
        }
    }
    // Only thumbprints that were configured, and not compared with an observed one, are worth a
    // word: without any, there is nothing IAM could compare.
    let observed = provider
        .observed_thumbprint
        .as_deref()
        .is_some_and(|o| !o.trim().is_empty());
    if provider.thumbprints.is_empty() || observed {
        return;
    }
    findings.push(Finding::new(
        "thumbprint_unchecked",
        Severity::Info,
        "the configured thumbprints are not compared with the issuer's certificate",
        format!(
            "TLS certificates cannot be seen from here: enter the observed thumbprint to compare (`openssl s_client -servername HOST -showcerts -connect HOST:443`, the last certificate's SHA-1 fingerprint). IAM verifies the key set's TLS certificate against AWS's library of trusted root CAs and uses thumbprints only when the certificate is not signed by one of them (AWS names Auth0, GitHub, GitLab, Google and key sets hosted in S3 among those verified that way); for such an issuer, STS answers `{MSG_THUMBPRINT}` once its top intermediate CA is no longer in the list.",
        ),
    ));
}

/// The failure an invalid signature is, by the verifier's typed reason.
fn invalid_signature_mode(reason: Option<Reason>) -> FailureMode {
    match reason {
        Some(
            Reason::AlgMissing
            | Reason::AlgNotAllowed
            | Reason::AlgUnsupported
            | Reason::AlgNotAcceptedBySts,
        ) => FailureMode::AlgorithmNotAccepted,
        Some(r) if r.class() == ReasonClass::NoUsableKey => FailureMode::KeyNotFound,
        Some(_) | None => FailureMode::SignatureInvalid,
    }
}

/// The fix for an invalid signature, in the issuer's language where the cause is the key set.
fn invalid_signature_fix(mode: FailureMode, reason: Option<Reason>, iss: &str) -> String {
    match mode {
        FailureMode::AlgorithmNotAccepted => "the issuer must sign with RS256/RS384/RS512 or ES256/ES384/ES512".to_string(),
        FailureMode::KeyNotFound if reason == Some(Reason::KidNotFound) => {
            if parse_eks_issuer(iss).is_some() || iss.contains("kubernetes") {
                "the signing key is no longer (or not yet) published: get a fresh token (the kubelet refreshes projected tokens; EKS rotates keys about every 7 days), and check that the keys are this cluster's".to_string()
            } else {
                format!("no key in the key set has the token's `kid`: check that the keys are {iss}'s own (published at its `jwks_uri`), and get a fresh token if the issuer rotated its keys")
            }
        }
        FailureMode::KeyNotFound => format!("no key in the key set can check this signature (see the keys tried): use {iss}'s own key set, published at its `jwks_uri`"),
        _ => "the token was altered or signed by a key the issuer does not publish: use the token exactly as issued".to_string(),
    }
}
