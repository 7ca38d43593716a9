//! Signature verification of a decoded token against a key set, with the reason for every
//! outcome.
//!
//! Invariants:
//! - The algorithm comes from an allow-list, STS's own: RS256/RS384/RS512 (RSASSA-PKCS1-v1_5)
//!   and ES256/ES384/ES512 (ECDSA on P-256/P-384/P-521, signature R‖S) are verified here; `none`
//!   and `HS*` are refused outright; PS256/PS384/PS512 and EdDSA are refused because STS does
//!   not accept them; anything else is not an algorithm STS accepts. The key never selects an
//!   algorithm.
//! - `SignatureStatus::Unverified` means exactly "no keys were given". With keys, the answer is
//!   `Valid` or `Invalid`, and [`Reason::class`] says whether the token is refused whatever the
//!   keys, no given key could check it, or a key checked it and it does not match.
//! - Keys come only from the [`KeySet`] argument. `jwk`, `jku`, `x5u` and `x5c` in the header are
//!   reported as findings and otherwise ignored; nothing here performs I/O.
//! - A key is used only if its `kty`, `crv`, `alg`, `use` and `key_ops` fit the token.

use super::crypto::{Answer, Job, LocalMath, PublicKeyParams, SigAlg, SignatureMath};
use super::finding::{Finding, Severity};
use super::jwk::{Jwk, KeySet, KeySummary};
use super::jwt::Token;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The answers to "is the signature good?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// A suitable key from the key set verifies the signature.
    Valid,
    /// The token cannot be valid: the reason says why.
    Invalid,
    /// No keys were given (with keys, the answer is `Valid` or `Invalid`, or for a moment
    /// `Pending`).
    Unverified,
    /// Keys were given and fit, and the arithmetic has not answered yet (the page's
    /// verification module is loading or working, see [`crypto`](super::crypto)). Never a
    /// verdict: nothing is recorded or shared from it.
    Pending,
}

impl SignatureStatus {
    /// `valid`, `invalid` or `unverified`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::Unverified => "unverified",
            SignatureStatus::Pending => "pending",
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
    /// Not a JWS algorithm STS accepts, nor one of the registered ones it refuses (e.g. `rs256`:
    /// names are case-sensitive).
    AlgUnsupported,
    /// A registered asymmetric JWS algorithm STS does not accept: PS256/PS384/PS512, EdDSA
    /// (also ES256K, Ed25519, Ed448).
    AlgNotAcceptedBySts,
    /// No longer produced (ES256/ES384/ES512 are verified now); kept so that share links
    /// recorded before can still be opened.
    AlgNotVerifiable,
    /// `crit` names extensions this verifier does not implement.
    CritUnsupported,
    /// RFC 7797 unencoded payload.
    B64False,
    /// Empty third segment.
    SignatureMissing,
    /// The third segment is not strict base64url (e.g. non-canonical trailing bits).
    SignatureNotBase64url,
    /// An ECDSA signature that is not R‖S of the curve's size, or whose R or S is out of range
    /// (e.g. an ASN.1 DER signature).
    SignatureMalformed,
    /// The token's `kid` is not in the key set.
    KidNotFound,
    /// The key's `kty` does not fit the algorithm (RSA for RS*, EC for ES*).
    KeyTypeMismatch,
    /// An EC key on another curve than the algorithm's (ES256 needs P-256, ES384 P-384, ES512
    /// P-521).
    CurveMismatch,
    /// The key's `alg` differs from the token's.
    AlgMismatch,
    /// The key's `use`/`key_ops` do not allow verification.
    UseMismatch,
    /// No longer produced: AWS documents no minimum RSA key size, so a small key is a finding
    /// (`rsa_key_small`), not a refusal. Kept so that share links recorded before still open.
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
            Reason::AlgNotAcceptedBySts => "alg_not_accepted_by_sts",
            Reason::AlgNotVerifiable => "alg_not_verifiable",
            Reason::CritUnsupported => "crit_unsupported",
            Reason::B64False => "b64_false",
            Reason::SignatureMissing => "signature_missing",
            Reason::SignatureNotBase64url => "signature_not_base64url",
            Reason::SignatureMalformed => "signature_malformed",
            Reason::KidNotFound => "kid_not_found",
            Reason::KeyTypeMismatch => "key_type_mismatch",
            Reason::CurveMismatch => "curve_mismatch",
            Reason::AlgMismatch => "alg_mismatch",
            Reason::UseMismatch => "use_mismatch",
            Reason::KeyTooSmall => "key_too_small",
            Reason::KeyInvalid => "key_invalid",
            Reason::NoSuitableKey => "no_suitable_key",
            Reason::SignatureMismatch => "signature_mismatch",
        }
    }

    /// What kind of failure this is.
    pub fn class(self) -> ReasonClass {
        match self {
            Reason::AlgMissing
            | Reason::AlgNotAllowed
            | Reason::AlgUnsupported
            | Reason::AlgNotAcceptedBySts
            | Reason::CritUnsupported
            | Reason::B64False
            | Reason::SignatureMissing
            | Reason::SignatureNotBase64url
            | Reason::SignatureMalformed => ReasonClass::TokenRefused,
            Reason::AlgNotVerifiable
            | Reason::KidNotFound
            | Reason::KeyTypeMismatch
            | Reason::CurveMismatch
            | Reason::AlgMismatch
            | Reason::UseMismatch
            | Reason::KeyTooSmall
            | Reason::KeyInvalid
            | Reason::NoSuitableKey => ReasonClass::NoUsableKey,
            Reason::SignatureMismatch => ReasonClass::SignatureMismatch,
        }
    }
}

/// The three kinds of "not valid", so that callers decide on types rather than on codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonClass {
    /// The token is refused whatever the keys: its header or signature segment alone rules it
    /// out (algorithm, `crit`, `b64`, a missing, undecodable or malformed signature).
    TokenRefused,
    /// Keys were given, but none could check the signature: no key with the token's `kid`, or
    /// every candidate has the wrong `kty`/`crv`/`alg`/`use`, or unusable parameters (or, with
    /// no `kid`, no candidate verified).
    NoUsableKey,
    /// A usable key checked the signature, and it does not match.
    SignatureMismatch,
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
    /// The checks waiting for an answer (only with [`SignatureStatus::Pending`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Job>,
}

/// Registered asymmetric JWS algorithms (RFC 7518, RFC 8037, RFC 8812, RFC 9864) that STS does
/// not accept.
const NOT_ACCEPTED_BY_STS: [&str; 7] = [
    "PS256", "PS384", "PS512", "EdDSA", "ES256K", "Ed25519", "Ed448",
];

/// Algorithms STS accepts for web-identity tokens (since 2024-11-20: <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>).
pub const STS_ALGORITHMS: [&str; 6] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/// Smallest RSA modulus that raises no hygiene finding (NIST SP 800-131A); AWS documents no
/// minimum, so smaller keys are verified and reported, never refused.
pub const MIN_RSA_BITS: usize = 2048;

/// Verifies `token` against `keys` (or reports it unverified when `keys` is `None`), computing
/// every signature here ([`LocalMath`]).
pub fn verify(token: &Token, keys: Option<&KeySet>) -> SignatureReport {
    verify_using(token, keys, &LocalMath)
}

/// Verifies `token` against `keys` with the arithmetic answered by `math`. While `math` has not
/// answered a check that decides, the report is [`SignatureStatus::Pending`] and lists the
/// checks to answer (`pending`); with every answer, it is what [`verify`] says.
pub fn verify_using(
    token: &Token,
    keys: Option<&KeySet>,
    math: &dyn SignatureMath,
) -> SignatureReport {
    let blank = Blank {
        alg: token.alg().map(str::to_owned),
        kid: token.kid().map(str::to_owned),
        findings: header_findings(token),
    };
    let alg = match token_refusal(token) {
        Ok(alg) => alg,
        Err((reason, message)) => return blank.invalid(reason, message),
    };
    let Some(keys) = keys else {
        return blank.report(
            SignatureStatus::Unverified,
            None,
            "no keys yet: fetch the issuer's keys or paste its JWKS to verify the signature"
                .to_string(),
        );
    };
    let candidates: Vec<&Jwk> = match &blank.kid {
        Some(kid) => keys
            .keys
            .iter()
            .filter(|k| k.kid.as_deref() == Some(kid.as_str()))
            .collect(),
        None => keys.keys.iter().collect(),
    };
    if candidates.is_empty() {
        let (reason, message) = no_candidate(keys, blank.kid.as_deref());
        return blank.invalid(reason, message);
    }
    try_candidates(&blank, token, alg, &candidates, math)
}

/// What every report of one token shares: its `alg`, its `kid` and the header findings.
struct Blank {
    alg: Option<String>,
    kid: Option<String>,
    findings: Vec<Finding>,
}

impl Blank {
    fn report(
        &self,
        status: SignatureStatus,
        reason: Option<Reason>,
        message: String,
    ) -> SignatureReport {
        SignatureReport {
            status,
            reason,
            message,
            alg: self.alg.clone(),
            kid: self.kid.clone(),
            key: None,
            recorded: false,
            attempts: Vec::new(),
            findings: self.findings.clone(),
            pending: Vec::new(),
        }
    }

    fn invalid(&self, reason: Reason, message: String) -> SignatureReport {
        self.report(SignatureStatus::Invalid, Some(reason), message)
    }
}

/// Why the token is refused whatever the keys (its header or signature segment alone rules it
/// out), or its `alg` when nothing does.
fn token_refusal(token: &Token) -> Result<&str, (Reason, String)> {
    let Some(alg) = token.alg() else {
        let found = token
            .header
            .get("alg")
            .map_or("no `alg` member".to_string(), |v| format!("`alg` = {v}"));
        return Err((
            Reason::AlgMissing,
            format!("the header must name the algorithm in a string `alg`; found {found}"),
        ));
    };
    let Some(sig_alg) = SigAlg::parse(alg) else {
        return Err(refuse_alg(alg));
    };
    if token.header.get("b64") == Some(&Value::Bool(false)) {
        return Err((
            Reason::B64False,
            "the header sets `b64: false` (RFC 7797 unencoded payload); STS and JWT verifiers \
             require an encoded payload"
                .to_string(),
        ));
    }
    if let Some(crit) = token.header.get("crit") {
        return Err((
            Reason::CritUnsupported,
            format!(
                "the header's `crit` = {crit} requires extensions this verifier does not \
                 implement; RFC 7515 §4.1.11 says such a token must be rejected"
            ),
        ));
    }
    if let Some(err) = &token.signature_error {
        return Err((
            Reason::SignatureNotBase64url,
            format!("{err}; no key can verify a signature that cannot be decoded"),
        ));
    }
    if token.signature.is_empty() {
        return Err((
            Reason::SignatureMissing,
            format!("the signature segment is empty, but `alg` is `{alg}`"),
        ));
    }
    if let SigAlg::Ec(curve) = sig_alg
        && let Some(problem) = curve.signature_problem(&token.signature)
    {
        return Err((
            Reason::SignatureMalformed,
            format!("`alg` is `{alg}`: {problem}; no key can verify it"),
        ));
    }
    Ok(alg)
}

/// Why no key of the set is a candidate: the token's `kid` is not there, or the set is empty.
fn no_candidate(keys: &KeySet, kid: Option<&str>) -> (Reason, String) {
    match kid {
        Some(kid) => (
            Reason::KidNotFound,
            format!(
                "`kid` `{kid}` is not in the key set ({}); the issuer has probably rotated its \
                 keys since this token was signed (EKS rotates about every 7 days), or the keys \
                 belong to another issuer",
                known_kids(keys)
            ),
        ),
        None => (Reason::NoSuitableKey, "the key set is empty".to_string()),
    }
}

/// Tries each candidate in order: the first that verifies decides, unless a key before it is
/// still waiting for its answer (it would have spoken first).
fn try_candidates(
    blank: &Blank,
    token: &Token,
    alg: &str,
    candidates: &[&Jwk],
    math: &dyn SignatureMath,
) -> SignatureReport {
    let mut attempts = Vec::new();
    let mut pending = Vec::new();
    for key in candidates {
        let summary = KeySummary::from(*key);
        match try_key(key, alg, token.signing_input(), &token.signature, math) {
            Tried::Verified => {
                attempts.push(Attempt {
                    key: summary,
                    reason: None,
                    message: format!("verified with {}", key.describe()),
                });
                if pending.is_empty() {
                    return valid(blank, key, alg, attempts);
                }
            }
            Tried::Refused(reason, message) => attempts.push(Attempt {
                key: summary,
                reason: Some(reason),
                message,
            }),
            Tried::Pending(job) => pending.push(job),
        }
    }
    if !pending.is_empty() {
        let message = match math.unavailable() {
            Some(why) => format!("the signature could not be checked: {why}"),
            None => format!(
                "checking the signature with {} key{}…",
                pending.len(),
                if pending.len() == 1 { "" } else { "s" }
            ),
        };
        let mut r = blank.report(SignatureStatus::Pending, None, message);
        r.attempts = attempts;
        r.pending = pending;
        return r;
    }
    refused(blank, attempts)
}

/// The report for a key that verified the token.
fn valid(blank: &Blank, key: &Jwk, alg: &str, attempts: Vec<Attempt>) -> SignatureReport {
    let summary = KeySummary::from(key);
    let bits = summary.bits.unwrap_or_default();
    let thumb = summary.thumbprint.clone().unwrap_or_default();
    let how = if blank.kid.is_some() {
        "chosen by `kid`"
    } else {
        "the token has no `kid`; each suitable key was tried"
    };
    let mut findings = blank.findings.clone();
    if let Some(rsa) = &key.rsa
        && rsa.bits() < MIN_RSA_BITS
    {
        findings.push(small_rsa_key(key, rsa.bits()));
    }
    SignatureReport {
        status: SignatureStatus::Valid,
        reason: None,
        message: format!(
            "signature verified ({alg}) with {} ({how}); RFC 7638 thumbprint `{thumb}`, {bits}-bit",
            key.describe()
        ),
        alg: blank.alg.clone(),
        kid: blank.kid.clone().or_else(|| key.kid.clone()),
        key: Some(summary),
        attempts,
        findings,
        recorded: false,
        pending: Vec::new(),
    }
}

/// The report when every candidate was tried and none verified.
fn refused(blank: &Blank, attempts: Vec<Attempt>) -> SignatureReport {
    let (reason, message) = if blank.kid.is_some() {
        // Every key with this kid failed: a key that checked the signature speaks first, then
        // the first key's reason for being unusable.
        attempts
            .iter()
            .find(|a| a.reason.map(Reason::class) == Some(ReasonClass::SignatureMismatch))
            .or(attempts.first())
            .map(|a| {
                (
                    a.reason.unwrap_or(Reason::SignatureMismatch),
                    a.message.clone(),
                )
            })
            .unwrap_or((Reason::SignatureMismatch, String::new()))
    } else {
        (
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
        )
    };
    let mut r = blank.invalid(reason, message);
    r.attempts = attempts;
    r
}

/// The hygiene finding for an RSA key under [`MIN_RSA_BITS`] that verified the token.
fn small_rsa_key(key: &Jwk, bits: usize) -> Finding {
    Finding::new(
        "rsa_key_small",
        Severity::Warning,
        format!("the signing key is a {bits}-bit RSA key"),
        format!(
            "{} verified the signature. AWS documents no minimum RSA key size for web-identity \
             tokens, so this is not predicted to fail; but keys under {MIN_RSA_BITS} bits are \
             below NIST's minimum (SP 800-131A) and weaker than the issuer's tokens deserve: \
             have the issuer rotate to an RSA key of {MIN_RSA_BITS} bits or more (or P-256).",
            key.describe()
        ),
    )
}

/// Why an `alg` outside STS's list is refused.
fn refuse_alg(alg: &str) -> (Reason, String) {
    match alg {
        a if a.eq_ignore_ascii_case("none") => (
            Reason::AlgNotAllowed,
            format!(
                "`alg` is `{a}`: an unsigned token; STS and every sound verifier refuse it \
                     (a classic forgery)"
            ),
        ),
        a if a.len() >= 2 && a.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS")) => (
            Reason::AlgNotAllowed,
            format!(
                "`alg` is `{a}`, a shared-secret HMAC; an identity provider's token must be \
                     signed with its private key, and an HMAC \"keyed\" with a public key is a \
                     known forgery; STS accepts only {}",
                STS_ALGORITHMS.join(", ")
            ),
        ),
        a if NOT_ACCEPTED_BY_STS.contains(&a) => (
            Reason::AlgNotAcceptedBySts,
            format!(
                "`alg` is `{a}`, a JWS algorithm STS does not accept (whatever the key); \
                     STS accepts only {}",
                STS_ALGORITHMS.join(", ")
            ),
        ),
        a => {
            let hint = STS_ALGORITHMS
                .iter()
                .find(|s| s.eq_ignore_ascii_case(a))
                .map(|s| format!(" (algorithm names are case-sensitive: did you mean `{s}`?)"))
                .unwrap_or_default();
            (
                Reason::AlgUnsupported,
                format!(
                    "`alg` is `{a}`; STS accepts only {}{hint}",
                    STS_ALGORITHMS.join(", ")
                ),
            )
        }
    }
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

/// What trying one key gave.
enum Tried {
    Verified,
    Refused(Reason, String),
    /// The key fits; the arithmetic has not answered this job yet.
    Pending(Job),
}

/// Verifies `sig` over `msg` with one key for `alg` (RS256/RS384/RS512, ES256/ES384/ES512),
/// checking first that the key fits (`kty`, `crv`, `use`, `key_ops`, `alg`) and that the
/// signature is well-formed. Computes here ([`LocalMath`]).
///
/// # Errors
/// Returns the reason and an explanation naming the key.
pub fn verify_with_key(
    key: &Jwk,
    alg: &str,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), (Reason, String)> {
    match try_key(key, alg, msg, sig, &LocalMath) {
        Tried::Verified => Ok(()),
        Tried::Refused(reason, message) => Err((reason, message)),
        // LocalMath answers every job; were it not to, this is not a verification.
        Tried::Pending(_) => Err((
            Reason::KeyInvalid,
            format!("{}: the signature could not be checked", key.describe()),
        )),
    }
}

/// One key: does it fit, is the signature well-formed, and what does `math` answer?
fn try_key(key: &Jwk, alg: &str, msg: &[u8], sig: &[u8], math: &dyn SignatureMath) -> Tried {
    let name = key.describe();
    let Some(sig_alg) = SigAlg::parse(alg) else {
        let (reason, message) = refuse_alg(alg);
        return Tried::Refused(reason, message);
    };
    if let Err((reason, message)) = key_fits(key, &name, alg, sig_alg) {
        return Tried::Refused(reason, message);
    }
    if let SigAlg::Ec(curve) = sig_alg
        && let Some(problem) = curve.signature_problem(sig)
    {
        return Tried::Refused(
            Reason::SignatureMalformed,
            format!("{name}: `alg` is `{alg}`: {problem}"),
        );
    }
    let params = match (&key.rsa, &key.ec) {
        (Some(rsa), _) if key.kty == "RSA" => PublicKeyParams::Rsa {
            n: rsa.n().to_vec(),
            e: rsa.e().to_vec(),
        },
        (_, Some(ec)) if key.kty == "EC" => PublicKeyParams::Ec {
            curve: ec.curve(),
            x: ec.x().to_vec(),
            y: ec.y().to_vec(),
        },
        _ => {
            return Tried::Refused(
                Reason::KeyInvalid,
                format!(
                    "{name}: unusable {} key: {}",
                    key.kty,
                    key.problems.join("; ")
                ),
            );
        }
    };
    let job = Job {
        alg: sig_alg,
        key: params,
        msg: msg.to_vec(),
        sig: sig.to_vec(),
    };
    match math.answer(&job) {
        None => Tried::Pending(job),
        Some(Answer::Verified) => Tried::Verified,
        Some(Answer::KeyInvalid(why)) => {
            Tried::Refused(Reason::KeyInvalid, format!("{name}: {why}"))
        }
        Some(Answer::Mismatch) => {
            Tried::Refused(Reason::SignatureMismatch, mismatch(key, &name, sig))
        }
    }
}

/// Whether `key` may verify a token signed with `alg`: its `kty`, `crv`, `use`, `key_ops` and
/// `alg`.
fn key_fits(key: &Jwk, name: &str, alg: &str, sig_alg: SigAlg) -> Result<(), (Reason, String)> {
    let want_kty = match sig_alg {
        SigAlg::Rsa(_) => "RSA",
        SigAlg::Ec(_) => "EC",
    };
    if key.kty != want_kty {
        return Err((
            Reason::KeyTypeMismatch,
            format!(
                "{name}: `alg` `{alg}` needs a `kty` `{want_kty}` key, found `kty` `{}`",
                key.kty
            ),
        ));
    }
    if let SigAlg::Ec(curve) = sig_alg
        && key.crv.as_deref() != Some(curve.name())
    {
        let found = key
            .crv
            .as_deref()
            .map_or("no `crv`".to_string(), |c| format!("`crv` `{c}`"));
        return Err((
            Reason::CurveMismatch,
            format!(
                "{name}: `alg` `{alg}` needs a key on {} (`crv` `{}`), found {found}; the key is \
                 skipped",
                curve.name(),
                curve.name()
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
    Ok(())
}

/// Why a well-formed signature does not match `key`: for RSA, a length that is not the key's
/// says it was made with another key.
fn mismatch(key: &Jwk, name: &str, sig: &[u8]) -> String {
    match &key.rsa {
        Some(rsa) if key.kty == "RSA" && sig.len() != rsa.n().len() => format!(
            "{name}: the signature is {} bytes but this key's signatures are {} bytes; it was \
             made with a different key",
            sig.len(),
            rsa.n().len()
        ),
        _ => format!(
            "{name}: the signature does not match; the token was changed after signing, or was \
             signed by a different key"
        ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::jwk::parse_jwk;

    // P-256 public key of RFC 7515 Appendix A.3.
    const A3_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    const A3_INPUT: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    const A3_SIG: &str =
        "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    #[test]
    fn verify_with_key_rfc7515_a3_es256_table() {
        use base64::Engine as _;
        let key = parse_jwk(
            0,
            crate::core::json::parse_strict(A3_JWK)
                .unwrap()
                .as_object()
                .unwrap(),
        );
        assert!(key.problems.is_empty(), "{:?}", key.problems);
        let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(A3_SIG)
            .unwrap();
        let mut flipped = sig.clone();
        flipped[3] ^= 1;
        // (alg, signature, expected reason; None = verifies)
        let table: [(&str, &[u8], Option<Reason>); 6] = [
            ("ES256", &sig, None),
            ("ES256", &flipped, Some(Reason::SignatureMismatch)),
            ("ES256", &sig[..63], Some(Reason::SignatureMalformed)),
            ("ES384", &sig, Some(Reason::CurveMismatch)),
            ("RS256", &sig, Some(Reason::KeyTypeMismatch)),
            ("PS256", &sig, Some(Reason::AlgNotAcceptedBySts)),
        ];
        for (alg, s, want) in table {
            let got = verify_with_key(&key, alg, A3_INPUT.as_bytes(), s).err();
            assert_eq!(got.as_ref().map(|e| e.0), want, "{alg}: {got:?}");
        }
    }

    #[test]
    fn pending_until_every_key_before_the_verifying_one_is_answered() {
        use crate::core::crypto::{self, Answers};
        use base64::Engine as _;
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        // A token without `kid`: each key is tried in order. An off-curve key comes first.
        let token = crate::core::jwt::decode(&format!("{A3_INPUT}.{A3_SIG}")).unwrap();
        let keys = crate::core::jwk::parse_jwks(&format!(
            r#"{{"keys":[{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}},{A3_JWK}]}}"#,
            URL_SAFE_NO_PAD.encode([1u8; 32]),
            URL_SAFE_NO_PAD.encode([2u8; 32])
        ))
        .unwrap();
        assert_eq!(keys.keys.len(), 2, "{:?}", keys.skipped);
        let asked = verify_using(&token, Some(&keys), &Answers::default());
        assert_eq!(asked.status, SignatureStatus::Pending);
        assert_eq!(asked.pending.len(), 2);
        let (first, second) = (&asked.pending[0], &asked.pending[1]);
        // The second key verifies, but the first has not answered: it would have spoken first.
        let only_second = Answers::default().with(vec![(second.clone(), crypto::compute(second))]);
        let r = verify_using(&token, Some(&keys), &only_second);
        assert_eq!(r.status, SignatureStatus::Pending);
        assert_eq!(r.pending, vec![first.clone()]);
        let both = only_second.with(vec![(first.clone(), crypto::compute(first))]);
        let r = verify_using(&token, Some(&keys), &both);
        assert_eq!(r, verify(&token, Some(&keys)));
        assert_eq!(r.status, SignatureStatus::Valid);
        assert_eq!(r.attempts[0].reason, Some(Reason::KeyInvalid));
    }

    #[test]
    fn reason_class_keys_given_never_look_like_no_keys() {
        // (reason, class)
        let table = [
            (Reason::AlgNotAcceptedBySts, ReasonClass::TokenRefused),
            (Reason::SignatureNotBase64url, ReasonClass::TokenRefused),
            (Reason::SignatureMalformed, ReasonClass::TokenRefused),
            (Reason::KidNotFound, ReasonClass::NoUsableKey),
            (Reason::CurveMismatch, ReasonClass::NoUsableKey),
            (Reason::KeyInvalid, ReasonClass::NoUsableKey),
            (Reason::SignatureMismatch, ReasonClass::SignatureMismatch),
        ];
        for (reason, class) in table {
            assert_eq!(reason.class(), class, "{}", reason.code());
        }
    }
}
