//! Signature verification of a decoded token against a key set, with the reason for every
//! outcome.
//!
//! Invariants:
//! - The algorithm comes from an allow-list: RS256/RS384/RS512 are verified here; `none` and
//!   `HS*` are refused outright; anything else is reported as unsupported. The key's absence
//!   never selects an algorithm.
//! - Keys come only from the [`KeySet`] argument. `jwk`, `jku`, `x5u` and `x5c` in the header are
//!   reported as findings and otherwise ignored; nothing here performs I/O.
//! - A key is used only if its `kty`, `alg`, `use` and `key_ops` fit the token.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Sha256, Sha384, Sha512};

use super::finding::{Finding, Severity};
use super::jwk::{Jwk, KeySet, KeySummary};
use super::jwt::Token;

/// The three answers to "is the signature good?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// A suitable key from the key set verifies the signature.
    Valid,
    /// The token cannot be valid: the reason says why.
    Invalid,
    /// No keys to check with yet.
    Unverified,
}

impl SignatureStatus {
    /// `valid`, `invalid` or `unverified`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::Unverified => "unverified",
        }
    }
}

/// Why a signature is not valid (stable codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The header has no string `alg`.
    AlgMissing,
    /// `none` or an HMAC algorithm: never acceptable for a token from an identity provider.
    AlgNotAllowed,
    /// An algorithm STS does not accept (PS256, EdDSA, ...).
    AlgUnsupported,
    /// An algorithm STS accepts but this page cannot verify (ES256/ES384/ES512).
    AlgNotVerifiable,
    /// `crit` names extensions this verifier does not implement.
    CritUnsupported,
    /// RFC 7797 unencoded payload.
    B64False,
    /// Empty third segment.
    SignatureMissing,
    /// The token's `kid` is not in the key set.
    KidNotFound,
    /// The key named by `kid` is not an RSA key.
    KeyTypeMismatch,
    /// The key's `alg` differs from the token's.
    AlgMismatch,
    /// The key's `use`/`key_ops` do not allow verification.
    UseMismatch,
    /// The key is smaller than 2048 bits.
    KeyTooSmall,
    /// The key's parameters cannot be used.
    KeyInvalid,
    /// No `kid`, and no key in the set verifies.
    NoSuitableKey,
    /// The key fits but the signature does not match.
    SignatureMismatch,
}

impl Reason {
    /// The stable code, e.g. `kid_not_found`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::AlgMissing => "alg_missing",
            Reason::AlgNotAllowed => "alg_not_allowed",
            Reason::AlgUnsupported => "alg_unsupported",
            Reason::AlgNotVerifiable => "alg_not_verifiable",
            Reason::CritUnsupported => "crit_unsupported",
            Reason::B64False => "b64_false",
            Reason::SignatureMissing => "signature_missing",
            Reason::KidNotFound => "kid_not_found",
            Reason::KeyTypeMismatch => "key_type_mismatch",
            Reason::AlgMismatch => "alg_mismatch",
            Reason::UseMismatch => "use_mismatch",
            Reason::KeyTooSmall => "key_too_small",
            Reason::KeyInvalid => "key_invalid",
            Reason::NoSuitableKey => "no_suitable_key",
            Reason::SignatureMismatch => "signature_mismatch",
        }
    }
}

/// One key tried, and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// The key.
    pub key: KeySummary,
    /// `None` when this key verified the signature.
    pub reason: Option<Reason>,
    /// What happened, in words.
    pub message: String,
}

/// The verification report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureReport {
    /// The outcome.
    pub status: SignatureStatus,
    /// Why it is invalid (or why it could not be verified), as a stable code.
    pub reason: Option<Reason>,
    /// The explanation, with the values involved.
    pub message: String,
    /// The token's `alg`.
    pub alg: Option<String>,
    /// The token's `kid`, or, for a token without one, the kid of the key that verified it.
    pub kid: Option<String>,
    /// The key that verified the signature.
    pub key: Option<KeySummary>,
    /// Every key tried.
    pub attempts: Vec<Attempt>,
    /// Header findings (ignored key material, suspicious kid).
    pub findings: Vec<Finding>,
    /// True when this verdict was not computed here but recorded in a share link whose token
    /// travels without its signature: it is what the sender's page saw, not a check.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recorded: bool,
}

/// Which RSA PKCS#1 v1.5 digest an algorithm uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RsaHash {
    Sha256,
    Sha384,
    Sha512,
}

/// Algorithms STS accepts for web-identity tokens (domain.md §2, since 2024-11-20).
pub const STS_ALGORITHMS: [&str; 6] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/// Smallest RSA modulus accepted without complaint.
pub const MIN_RSA_BITS: usize = 2048;

/// Verifies `token` against `keys` (or reports it unverified when `keys` is `None`).
pub fn verify(token: &Token, keys: Option<&KeySet>) -> SignatureReport {
    let findings = header_findings(token);
    let alg = token.alg().map(str::to_owned);
    let token_kid = token.kid().map(str::to_owned);
    let report = |status, reason: Option<Reason>, message: String| SignatureReport {
        status,
        reason,
        message,
        alg: alg.clone(),
        kid: token_kid.clone(),
        key: None,
        recorded: false,
        attempts: Vec::new(),
        findings: findings.clone(),
    };
    let invalid =
        |reason: Reason, message: String| report(SignatureStatus::Invalid, Some(reason), message);

    let Some(alg_str) = token.alg() else {
        let found = token
            .header
            .get("alg")
            .map_or("no `alg` member".to_string(), |v| format!("`alg` = {v}"));
        return invalid(
            Reason::AlgMissing,
            format!("the header must name the algorithm in a string `alg`; found {found}"),
        );
    };
    match alg_str {
        "RS256" | "RS384" | "RS512" => {}
        a if a.eq_ignore_ascii_case("none") => {
            return invalid(
                Reason::AlgNotAllowed,
                format!(
                    "`alg` is `{a}`: an unsigned token; STS and every sound verifier refuse it \
                     (a classic forgery)"
                ),
            );
        }
        a if a.len() >= 2 && a.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS")) => {
            return invalid(
                Reason::AlgNotAllowed,
                format!(
                    "`alg` is `{a}`, a shared-secret HMAC; an identity provider's token must be \
                     signed with its private key, and an HMAC \"keyed\" with a public key is a \
                     known forgery; STS accepts only {}",
                    STS_ALGORITHMS.join(", ")
                ),
            );
        }
        a @ ("ES256" | "ES384" | "ES512") => {
            return report(
                SignatureStatus::Unverified,
                Some(Reason::AlgNotVerifiable),
                format!(
                    "`alg` is `{a}`, which STS accepts, but this page verifies only RSA \
                     signatures (RS256/RS384/RS512); the claims and policy checks still apply"
                ),
            );
        }
        a => {
            return invalid(
                Reason::AlgUnsupported,
                format!(
                    "`alg` is `{a}`; STS accepts only {}",
                    STS_ALGORITHMS.join(", ")
                ),
            );
        }
    }
    if token.header.get("b64") == Some(&Value::Bool(false)) {
        return invalid(
            Reason::B64False,
            "the header sets `b64: false` (RFC 7797 unencoded payload); STS and JWT verifiers \
             require an encoded payload"
                .to_string(),
        );
    }
    if let Some(crit) = token.header.get("crit") {
        return invalid(
            Reason::CritUnsupported,
            format!(
                "the header's `crit` = {crit} requires extensions this verifier does not \
                 implement; RFC 7515 §4.1.11 says such a token must be rejected"
            ),
        );
    }
    if token.signature.is_empty() {
        return invalid(
            Reason::SignatureMissing,
            format!("the signature segment is empty, but `alg` is `{alg_str}`"),
        );
    }
    let Some(keys) = keys else {
        return report(
            SignatureStatus::Unverified,
            None,
            "no keys yet: fetch the issuer's keys or paste its JWKS to verify the signature"
                .to_string(),
        );
    };

    let candidates: Vec<&Jwk> = match &token_kid {
        Some(kid) => keys
            .keys
            .iter()
            .filter(|k| k.kid.as_deref() == Some(kid.as_str()))
            .collect(),
        None => keys.keys.iter().collect(),
    };
    if candidates.is_empty() {
        let message = match &token_kid {
            Some(kid) => format!(
                "`kid` `{kid}` is not in the key set ({}); the issuer has probably rotated its \
                 keys since this token was signed (EKS rotates about every 7 days), or the keys \
                 belong to another issuer",
                known_kids(keys)
            ),
            None => "the key set is empty".to_string(),
        };
        let reason = if token_kid.is_some() {
            Reason::KidNotFound
        } else {
            Reason::NoSuitableKey
        };
        return invalid(reason, message);
    }

    let mut attempts = Vec::new();
    for key in &candidates {
        let outcome = verify_with_key(key, alg_str, token.signing_input(), &token.signature);
        let verified = outcome.is_ok();
        let (reason, message) = match outcome {
            Ok(()) => (None, format!("verified with {}", key.describe())),
            Err((reason, message)) => (Some(reason), message),
        };
        attempts.push(Attempt {
            key: KeySummary::from(*key),
            reason,
            message,
        });
        if verified {
            let summary = KeySummary::from(*key);
            let bits = summary.bits.unwrap_or_default();
            let thumb = summary.thumbprint.clone().unwrap_or_default();
            let kid = token_kid.clone().or_else(|| key.kid.clone());
            let how = if token_kid.is_some() {
                "chosen by `kid`"
            } else {
                "the token has no `kid`; each suitable key was tried"
            };
            return SignatureReport {
                status: SignatureStatus::Valid,
                reason: None,
                message: format!(
                    "signature verified ({alg_str}) with {} ({how}); RFC 7638 thumbprint `{thumb}`, {bits}-bit",
                    key.describe()
                ),
                alg: alg.clone(),
                kid,
                key: Some(summary),
                attempts,
                findings: findings.clone(),
                recorded: false,
            };
        }
    }
    if token_kid.is_some() {
        // All keys with this kid failed; report the first key's reason.
        let (reason, message) = attempts
            .first()
            .map(|a| {
                (
                    a.reason.unwrap_or(Reason::SignatureMismatch),
                    a.message.clone(),
                )
            })
            .unwrap_or((Reason::SignatureMismatch, String::new()));
        let mut r = invalid(reason, message);
        r.attempts = attempts;
        return r;
    }
    let mut r = invalid(
        Reason::NoSuitableKey,
        format!(
            "the token has no `kid`, and none of the {} key{} verifies it: {}",
            attempts.len(),
            if attempts.len() == 1 { "" } else { "s" },
            attempts
                .iter()
                .map(|a| format!("key {} — {}", a.key.index.saturating_add(1), a.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    );
    r.attempts = attempts;
    r
}

fn known_kids(keys: &KeySet) -> String {
    let kids: Vec<String> = keys
        .keys
        .iter()
        .map(|k| {
            k.kid
                .as_deref()
                .map_or("(no kid)".to_string(), |k| format!("`{k}`"))
        })
        .collect();
    match kids.len() {
        0 => "which is empty".to_string(),
        1..=4 => format!("it has {}", kids.join(", ")),
        n => format!(
            "it has {n} keys: {}, …",
            kids.get(..3).unwrap_or_default().join(", ")
        ),
    }
}

/// Verifies `sig` over `msg` with one key for `alg` (RS256/RS384/RS512), checking first that the
/// key fits (`kty`, `use`, `key_ops`, `alg`, size).
///
/// # Errors
/// Returns the reason and an explanation naming the key.
pub fn verify_with_key(
    key: &Jwk,
    alg: &str,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), (Reason, String)> {
    let name = key.describe();
    let hash = match alg {
        "RS256" => RsaHash::Sha256,
        "RS384" => RsaHash::Sha384,
        "RS512" => RsaHash::Sha512,
        other => {
            return Err((
                Reason::AlgUnsupported,
                format!("`{other}` is not an RSA PKCS#1 v1.5 algorithm this page verifies"),
            ));
        }
    };
    if key.kty != "RSA" {
        return Err((
            Reason::KeyTypeMismatch,
            format!(
                "{name}: `alg` `{alg}` needs an RSA key, found `kty` `{}`",
                key.kty
            ),
        ));
    }
    if let Some(u) = &key.key_use
        && u != "sig"
    {
        return Err((
            Reason::UseMismatch,
            format!("{name}: `use` is `{u}`, expected `sig` for a signing key"),
        ));
    }
    if let Some(ops) = &key.key_ops
        && !ops.iter().any(|o| o == "verify")
    {
        return Err((
            Reason::UseMismatch,
            format!(
                "{name}: `key_ops` is [{}], which does not include `verify`",
                ops.join(", ")
            ),
        ));
    }
    if let Some(key_alg) = &key.alg
        && key_alg != alg
    {
        return Err((
            Reason::AlgMismatch,
            format!("{name}: the key is for `{key_alg}`, the token says `{alg}`"),
        ));
    }
    let Some(params) = &key.rsa else {
        return Err((
            Reason::KeyInvalid,
            format!("{name}: unusable RSA key: {}", key.problems.join("; ")),
        ));
    };
    let bits = params.bits();
    let public = params
        .public_key()
        .map_err(|why| (Reason::KeyInvalid, format!("{name}: {why}")))?;
    let modulus_len = params.n().len();
    let verified = match hash {
        RsaHash::Sha256 => public.pkcs1v15_verify::<Sha256>(msg, sig),
        RsaHash::Sha384 => public.pkcs1v15_verify::<Sha384>(msg, sig),
        RsaHash::Sha512 => public.pkcs1v15_verify::<Sha512>(msg, sig),
    };
    match verified {
        Ok(()) if bits < MIN_RSA_BITS => Err((
            Reason::KeyTooSmall,
            format!(
                "{name}: the signature matches, but the key is {bits} bits; RSA keys under \
                 {MIN_RSA_BITS} bits are breakable and refused"
            ),
        )),
        Ok(()) => Ok(()),
        Err(_) if sig.len() != modulus_len => Err((
            Reason::SignatureMismatch,
            format!(
                "{name}: the signature is {} bytes but this key's signatures are {modulus_len} \
                 bytes; it was made with a different key",
                sig.len()
            ),
        )),
        Err(_) => Err((
            Reason::SignatureMismatch,
            format!(
                "{name}: the signature does not match; the token was changed after signing, or \
                 was signed by a different key"
            ),
        )),
    }
}

/// Findings about the header that do not by themselves decide validity.
fn header_findings(token: &Token) -> Vec<Finding> {
    let mut out = Vec::new();
    // (member, code, what it is, what TokenScope never does with it)
    let ignored = [
        (
            "jwk",
            "header_jwk_ignored",
            "an embedded public key",
            "uses this key",
        ),
        (
            "jku",
            "header_jku_ignored",
            "a URL of a key set",
            "fetches this URL",
        ),
        (
            "x5u",
            "header_x5u_ignored",
            "a URL of a certificate chain",
            "fetches this URL",
        ),
        (
            "x5c",
            "header_x5c_ignored",
            "an embedded certificate chain",
            "uses these certificates",
        ),
    ];
    for (member, code, what, never) in ignored {
        if let Some(value) = token.header.get(member) {
            let shown = match value {
                Value::String(s) => format!("`{}`", truncate(s, 80)),
                other => truncate(&other.to_string(), 80),
            };
            out.push(Finding::new(
                code,
                Severity::Warning,
                format!("the header carries `{member}` ({what}); it is ignored"),
                format!(
                    "`{member}` = {shown}. Trusting key material or URLs chosen by the token \
                     itself would let anyone sign their own token, so TokenScope (like STS) only \
                     uses keys from the issuer's published JWKS, and never {never}."
                ),
            ));
        }
    }
    if let Some(kid) = token.kid()
        && (kid.contains('/') || kid.contains("..") || kid.chars().any(char::is_control))
    {
        out.push(Finding::new(
            "kid_suspicious",
            Severity::Warning,
            "the `kid` looks like a path or contains control characters",
            format!(
                "`kid` = {}. Values like this target verifiers that use `kid` to open files \
                     or query databases; here it is only compared to the key set's kids.",
                Value::from(kid)
            ),
        ));
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", s.get(..idx).unwrap_or(s)),
        None => s.to_string(),
    }
}
