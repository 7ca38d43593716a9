//! The checks of a cluster OIDC sign-in, one step each, in the order the API server makes them
//! (Kubernetes `oidc.go` `AuthenticateToken`, go-oidc v2 `IDTokenVerifier.Verify`).

use serde_json::Value;

use super::IdpConfig;
use crate::core::claims::parse_eks_issuer;
use crate::core::finding::{Check, CheckStatus, Finding, Severity};
use crate::core::jwt::Token;
use crate::core::timefmt::format_utc;
use crate::core::trace::Step;
use crate::core::verify::{ReasonClass, SignatureReport, SignatureStatus};

/// What the API server answers when any check fails (no other authenticator takes the token).
const REFUSED: &str = "the API server answers 401 Unauthorized";

/// Google's legacy issuer, which Kubernetes reads as `https://accounts.google.com` (`oidc.go`
/// `untrustedIssuer`; go-oidc `verify.go`).
const GOOGLE_NO_SCHEME: &str = "accounts.google.com";
const GOOGLE: &str = "https://accounts.google.com";

/// Algorithms Kubernetes' OIDC authenticator can be configured to accept (`oidc.go`
/// `allowedSigningAlgs`); the default of `--oidc-signing-algs` is RS256 alone.
const K8S_ALGS: [&str; 9] = [
    "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512",
];

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// EKS's rules for the configuration itself
/// (<https://docs.aws.amazon.com/eks/latest/userguide/authenticate-oidc-identity-provider.html>).
pub(super) fn config_step(cfg: &IdpConfig) -> Step {
    let mut checks = Vec::new();
    let url = &cfg.issuer_url;
    let https = url.starts_with("https://");
    let no_query = !url.contains(['?', '#']);
    let status = if https && no_query {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    };
    let check = Check::new(
        "config.issuer_url",
        "`issuerUrl` is an https URL without query",
        status,
        "EKS requires an issuer URL that begins with `https://`; path components are allowed, \
         query parameters are not",
    )
    .actual(url.clone());
    checks.push(if status == CheckStatus::Pass {
        check
    } else {
        check.fix("use the provider's issuer exactly as its ID tokens' `iss` (https, no query)")
    });
    let client = !cfg.client_id.trim().is_empty();
    let check = Check::new(
        "config.client_id",
        "`clientId` is set",
        if client {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        "the client ID is the audience every token must carry",
    )
    .actual(cfg.client_id.clone());
    checks.push(if client {
        check
    } else {
        check.fix("set `clientId` to the client ID registered with the provider")
    });
    for (field, value) in [
        ("usernamePrefix", &cfg.username_prefix),
        ("groupsPrefix", &cfg.groups_prefix),
    ] {
        let Some(p) = value.as_deref().filter(|p| !p.is_empty()) else {
            continue;
        };
        let (status, detail) = if p.starts_with("system:") {
            (
                CheckStatus::Fail,
                format!(
                    "EKS does not allow `{field}` to begin with `system:`: names there are \
                     reserved for Kubernetes itself"
                ),
            )
        } else if "system:".starts_with(p) {
            (
                CheckStatus::Warn,
                format!(
                    "EKS's guide says not to use `system:` \"or any portion of that string\" for \
                     `{field}`; `{p}` is one"
                ),
            )
        } else {
            (
                CheckStatus::Pass,
                format!("`{field}` does not begin with `system:`"),
            )
        };
        let check = Check::new(
            "config.prefix",
            format!("`{field}` is not a `system:` prefix"),
            status,
            detail,
        )
        .actual(p.to_string());
        checks.push(if status == CheckStatus::Fail {
            check.fix(format!("choose another `{field}`, e.g. `oidc:`"))
        } else {
            check
        });
    }
    Step::from_checks("config", "Identity-provider configuration", checks)
}

/// `iss` equals `issuerUrl` byte for byte (else the OIDC authenticator does not take the token).
pub(super) fn issuer_step(cfg: &IdpConfig, token: &Token) -> Step {
    let iss = token.claim_str("iss");
    let matches = match iss {
        Some(i) => i == cfg.issuer_url || (i == GOOGLE_NO_SCHEME && cfg.issuer_url == GOOGLE),
        None => false,
    };
    let check = Check::new(
        "token.issuer",
        "the token's `iss` equals `issuerUrl`",
        if matches {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        if matches {
            "the cluster's OIDC authenticator takes tokens from this issuer".to_string()
        } else {
            let hint = match iss {
                Some(i) if i.trim_end_matches('/') == cfg.issuer_url.trim_end_matches('/') => {
                    "; they differ by a trailing `/`, and the comparison is exact"
                }
                Some(i) if i.eq_ignore_ascii_case(&cfg.issuer_url) => {
                    "; they differ in letter case, and the comparison is exact"
                }
                _ => "",
            };
            format!(
                "the OIDC authenticator passes over tokens from another issuer{hint}; {REFUSED}"
            )
        },
    )
    .compare(
        cfg.issuer_url.clone(),
        iss.map_or_else(|| "no string `iss`".to_string(), str::to_string),
    );
    let check = if matches {
        check
    } else {
        check.fix("sign in through the provider named by `issuerUrl`, or associate this token's issuer with the cluster")
    };
    Step::from_checks("issuer", "Issuer", vec![check])
}

/// `aud` (a string or an array of strings) contains `clientId`.
pub(super) fn audience_step(cfg: &IdpConfig, token: &Token) -> Step {
    let aud: Option<Vec<String>> = match token.claims.get("aud") {
        Some(Value::String(s)) => Some(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    };
    let found = aud.as_ref().map_or_else(
        || "no `aud` string or array of strings".to_string(),
        |a| a.join(", "),
    );
    let ok = aud.as_ref().is_some_and(|a| a.contains(&cfg.client_id));
    let check = Check::new(
        "token.audience",
        "the token's `aud` contains `clientId`",
        if ok {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        if ok {
            "the token was issued to this client".to_string()
        } else {
            format!("the token was issued to another client; {REFUSED}")
        },
    )
    .compare(cfg.client_id.clone(), found);
    let check = if ok {
        check
    } else {
        check.fix("request the token for the client ID configured on the cluster (kubectl's oidc-login `--oidc-client-id`), or set `clientId` to the token's audience")
    };
    Step::from_checks("audience", "Audience", vec![check])
}

/// The registered claims go-oidc reads into typed fields must have those types, or the token is
/// refused before anything else ("failed to unmarshal claims").
pub(super) fn claims_step(token: &Token) -> Step {
    let mut checks = Vec::new();
    for name in ["iss", "sub", "nonce", "at_hash"] {
        if let Some(v) = token.claims.get(name)
            && !v.is_string()
            && !v.is_null()
        {
            checks.push(
                Check::new(
                    "token.claim_type",
                    format!("`{name}` is a string"),
                    CheckStatus::Fail,
                    format!(
                        "go-oidc cannot read the claims (`{name}` must be a string); {REFUSED}"
                    ),
                )
                .actual(v.to_string())
                .fix("have the provider issue standard ID tokens"),
            );
        }
    }
    for name in ["exp", "iat", "nbf"] {
        match token.claims.get(name) {
            None | Some(Value::Null | Value::Number(_)) => {}
            Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => checks.push(
                Check::new(
                    "token.claim_type",
                    format!("`{name}` is a number"),
                    CheckStatus::Skipped,
                    format!(
                        "RFC 7519 requires a number; `{name}` is a quoted number, which go-oidc may \
                         read through Go's `json.Number`: not decided here"
                    ),
                )
                .actual(format!("\"{s}\""))
                .fix("have the provider write times as JSON numbers"),
            ),
            Some(other) => checks.push(
                Check::new(
                    "token.claim_type",
                    format!("`{name}` is a number"),
                    CheckStatus::Fail,
                    format!("go-oidc cannot read the claims (`{name}` must be a number); {REFUSED}"),
                )
                .actual(other.to_string())
                .fix("have the provider write times as JSON numbers"),
            ),
        }
    }
    if checks.is_empty() {
        checks.push(Check::new(
            "token.claim_type",
            "the registered claims have their types",
            CheckStatus::Pass,
            "`iss`, `sub`, `nonce`, `at_hash` are strings and `exp`, `iat`, `nbf` numbers where present",
        ));
    }
    Step::from_checks("claims", "Claim types", checks)
}

/// The algorithm (RS256 unless the cluster's `--oidc-signing-algs` says otherwise; EKS documents
/// no such setting) and the signature.
pub(super) fn signature_step(
    token: &Token,
    sig: &SignatureReport,
    caveats: &mut Vec<String>,
) -> Step {
    let alg = token.alg().unwrap_or_default().to_string();
    let mut checks = vec![alg_check(&alg, caveats)];
    if alg.starts_with("PS") {
        checks.push(Check::new(
            "signature.verify",
            "the signature verifies with the issuer's keys",
            CheckStatus::Skipped,
            "this verifier checks RS* and ES* signatures only",
        ));
    } else if K8S_ALGS.contains(&alg.as_str()) {
        checks.push(verify_check(sig));
    }
    Step::from_checks("signature", "Algorithm and signature", checks)
}

/// Whether the API server accepts the token's algorithm (RS256 by default; others only when
/// `--oidc-signing-algs` lists them, which EKS does not document: a caveat).
fn alg_check(alg: &str, caveats: &mut Vec<String>) -> Check {
    let title = "the algorithm is one the API server accepts";
    if alg == "RS256" {
        return Check::new(
            "signature.alg",
            title,
            CheckStatus::Pass,
            "RS256, the default (and on EKS the only documented) algorithm",
        )
        .compare("RS256", alg);
    }
    if K8S_ALGS.contains(&alg) {
        caveats.push(format!(
            "`{alg}` is accepted only when the API server's `--oidc-signing-algs` lists it (default \
             RS256); EKS does not document its setting"
        ));
        return Check::new(
            "signature.alg",
            title,
            CheckStatus::Skipped,
            format!(
                "Kubernetes accepts `{alg}` only when `--oidc-signing-algs` lists it (default RS256); \
                 EKS does not document the setting, so this is not decided here"
            ),
        )
        .compare("RS256", alg)
        .fix("have the provider sign ID tokens with RS256");
    }
    Check::new(
        "signature.alg",
        title,
        CheckStatus::Fail,
        format!(
            "go-oidc refuses a token signed with an unsupported algorithm; Kubernetes allows at \
             most {}; {REFUSED}",
            K8S_ALGS.join(", ")
        ),
    )
    .compare("RS256", if alg.is_empty() { "no `alg`" } else { alg })
    .fix("have the provider sign ID tokens with RS256")
}

/// The signature against the issuer's keys (or why it was not checked).
fn verify_check(sig: &SignatureReport) -> Check {
    let status = match (sig.status, sig.reason.map(|r| r.class())) {
        (SignatureStatus::Valid, _) => CheckStatus::Pass,
        (
            SignatureStatus::Invalid,
            Some(ReasonClass::SignatureMismatch | ReasonClass::TokenRefused),
        ) => CheckStatus::Fail,
        _ => CheckStatus::Skipped,
    };
    let fix = match (sig.status, status) {
        (SignatureStatus::Unverified, _) => Some(
            "fetch the issuer's keys (`<issuerUrl>/.well-known/openid-configuration` → `jwks_uri`) or paste its JWKS",
        ),
        (_, CheckStatus::Fail) => {
            Some("the token was not signed by the issuer's keys: sign in again")
        }
        (_, CheckStatus::Skipped) => Some("use the issuer's own key set"),
        _ => None,
    };
    let detail = match sig.status {
        SignatureStatus::Unverified => {
            "no keys were given, so the signature was not checked".to_string()
        }
        _ => sig.message.clone(),
    };
    let check = Check::new(
        "signature.verify",
        "the signature verifies with the issuer's keys",
        status,
        detail,
    );
    match fix {
        Some(f) => check.fix(f),
        None => check,
    }
}

/// A time claim as whole seconds (go-oidc truncates fractions), when it is a number.
fn time_claim(token: &Token, name: &str) -> Option<i64> {
    let v = token.claims.get(name)?;
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.is_finite() && *f >= i64::MIN as f64 && *f <= i64::MAX as f64)
            // Truncation toward zero, as go-oidc's `int64(f)`; the range was checked above.
            .map(|f| f.trunc() as i64)
    })
}

/// `exp` in the future (a missing `exp` reads as the zero time: expired), `nbf` no more than a
/// minute ahead (go-oidc v2 `verify.go`).
pub(super) fn time_step(token: &Token, at: i64) -> Step {
    let mut checks = Vec::new();
    let exp = time_claim(token, "exp");
    let exp_check = match exp {
        Some(e) if at < e => Check::new(
            "time.exp",
            "the token has not expired",
            CheckStatus::Pass,
            format!("expires {}", format_utc(e)),
        ),
        Some(e) => Check::new(
            "time.exp",
            "the token has not expired",
            CheckStatus::Fail,
            format!("expired {} (no leeway for `exp`); {REFUSED}", format_utc(e)),
        )
        .compare(format!("after {}", format_utc(at)), format_utc(e))
        .fix("sign in again for a fresh ID token (kubectl's credential plugin refreshes it)"),
        None => Check::new(
            "time.exp",
            "the token has not expired",
            if token.claims.get("exp").is_some_and(Value::is_string) {
                CheckStatus::Skipped
            } else {
                CheckStatus::Fail
            },
            format!(
                "no numeric `exp`: go-oidc reads a missing `exp` as the zero time, so the token is \
                 expired; {REFUSED}"
            ),
        )
        .fix("have the provider set `exp`"),
    };
    checks.push(exp_check);
    if let Some(nbf) = time_claim(token, "nbf") {
        let ok = at.saturating_add(60) >= nbf;
        let check = Check::new(
            "time.nbf",
            "the token is already valid (`nbf`, one minute of leeway)",
            if ok {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            },
            if ok {
                format!("valid from {}", format_utc(nbf))
            } else {
                format!(
                    "not valid before {}, more than a minute after the evaluation time; {REFUSED}",
                    format_utc(nbf)
                )
            },
        );
        checks.push(if ok {
            check
        } else {
            check.fix("check the clocks of the provider and of the machine evaluating the token")
        });
    }
    Step::from_checks("time", "Token times", checks)
}

/// The username claim's name (default `sub`).
fn username_claim(cfg: &IdpConfig) -> &str {
    cfg.username_claim
        .as_deref()
        .filter(|c| !c.is_empty())
        .unwrap_or("sub")
}

/// The prefix the API server puts before the username: the given one; `-` for none; by default
/// the issuer URL and `#` for claims other than `email`.
pub(super) fn username_prefix(cfg: &IdpConfig) -> (String, &'static str) {
    match cfg.username_prefix.as_deref().filter(|p| !p.is_empty()) {
        Some("-") => (String::new(), "`-`: no prefix"),
        Some(p) => (p.to_string(), "`usernamePrefix`"),
        None if username_claim(cfg) == "email" => (String::new(), "none for `email` by default"),
        None => (
            format!("{}#", cfg.issuer_url),
            "by default the issuer URL and `#` for claims other than `email`",
        ),
    }
}

/// The username: the claim (a string), `email_verified` when the claim is `email`, the prefix.
pub(super) fn username_step(cfg: &IdpConfig, token: &Token) -> (Step, Option<String>) {
    let claim = username_claim(cfg);
    let mut checks = Vec::new();
    let value = match token.claims.get(claim) {
        Some(Value::String(s)) => {
            checks.push(
                Check::new(
                    "username.claim",
                    format!("the username claim `{claim}` is a string"),
                    CheckStatus::Pass,
                    format!("the API server takes the username from this claim: `{s}`"),
                )
                .actual(s.clone()),
            );
            Some(s.clone())
        }
        other => {
            checks.push(
                Check::new(
                    "username.claim",
                    format!("the username claim `{claim}` is a string"),
                    CheckStatus::Fail,
                    format!("the API server cannot read a username (`{claim}` must be a string); {REFUSED}"),
                )
                .actual(other.map_or_else(|| "absent".to_string(), Value::to_string))
                .fix(format!(
                    "request the scope that adds `{claim}` to the ID token, or set `usernameClaim` to a claim the token has"
                )),
            );
            None
        }
    };
    if claim == "email" {
        let check = match token.claims.get("email_verified") {
            None => Check::new(
                "username.email_verified",
                "`email_verified` is true when present",
                CheckStatus::Pass,
                "absent: the API server uses the email as it is",
            ),
            Some(Value::Bool(true)) => Check::new(
                "username.email_verified",
                "`email_verified` is true when present",
                CheckStatus::Pass,
                "the provider verified the address",
            )
            .actual("true"),
            Some(Value::Bool(false)) => Check::new(
                "username.email_verified",
                "`email_verified` is true when present",
                CheckStatus::Fail,
                format!("the provider has not verified this address (\"oidc: email not verified\"); {REFUSED}"),
            )
            .compare("true", "false")
            .fix("verify the address with the provider, or use another `usernameClaim` (e.g. `sub`)"),
            Some(other) => Check::new(
                "username.email_verified",
                "`email_verified` is true when present",
                CheckStatus::Fail,
                format!("`email_verified` must be a JSON boolean; {REFUSED}"),
            )
            .compare("true", other.to_string())
            .fix("have the provider send `email_verified` as a boolean, or use another `usernameClaim`"),
        };
        checks.push(check);
    }
    let (prefix, why) = username_prefix(cfg);
    let username = value.map(|v| format!("{prefix}{v}"));
    if let Some(u) = &username {
        checks.push(
            Check::new(
                "username.result",
                format!("the Kubernetes username is `{u}`"),
                CheckStatus::Pass,
                if prefix.is_empty() {
                    format!("the claim's value with no prefix ({why})")
                } else {
                    format!("prefix `{prefix}` ({why}) before the claim's value")
                },
            )
            .actual(u.clone()),
        );
    }
    (Step::from_checks("username", "Username", checks), username)
}

/// The groups: the claim as a string or an array of strings, each with the prefix.
pub(super) fn groups_step(cfg: &IdpConfig, token: &Token) -> (Step, Vec<String>) {
    let title = "Groups";
    let Some(claim) = cfg.groups_claim.as_deref().filter(|c| !c.is_empty()) else {
        return (
            Step::not_applicable(
                "groups",
                title,
                Check::new(
                    "groups.claim",
                    "the groups claim",
                    CheckStatus::Pass,
                    "no `groupsClaim` is configured: the user's only group is `system:authenticated`",
                ),
            ),
            Vec::new(),
        );
    };
    let prefix = cfg.groups_prefix.clone().unwrap_or_default();
    let raw: Result<Vec<String>, String> = match token.claims.get(claim) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(|| v.to_string()))
            .collect(),
        Some(other) => Err(other.to_string()),
    };
    let mut checks = Vec::new();
    let groups = match raw {
        Ok(list) => {
            let groups: Vec<String> = list.iter().map(|g| format!("{prefix}{g}")).collect();
            let detail = if token.claims.get(claim).is_none() {
                format!(
                    "the token has no `{claim}` claim: no groups besides `system:authenticated`"
                )
            } else if prefix.is_empty() {
                format!(
                    "no `groupsPrefix`: the groups are the claim's values: {}",
                    quoted(&groups)
                )
            } else {
                format!("each value prefixed with `{prefix}`: {}", quoted(&groups))
            };
            checks.push(
                Check::new(
                    "groups.claim",
                    format!("the groups claim `{claim}` is a string or an array of strings"),
                    CheckStatus::Pass,
                    detail,
                )
                .actual(quoted(&groups)),
            );
            if prefix == "-" {
                checks.push(Check::new(
                    "groups.prefix",
                    "`groupsPrefix`",
                    CheckStatus::Warn,
                    "`-` disables only the username prefix; as a groups prefix it is prepended like any other",
                ));
            }
            groups
        }
        Err(found) => {
            checks.push(
                Check::new(
                    "groups.claim",
                    format!("the groups claim `{claim}` is a string or an array of strings"),
                    CheckStatus::Fail,
                    format!("the API server cannot read the groups; {REFUSED}"),
                )
                .actual(found)
                .fix(format!(
                    "have the provider send `{claim}` as a string or an array of strings"
                )),
            );
            Vec::new()
        }
    };
    (Step::from_checks("groups", title, checks), groups)
}

/// Every `requiredClaims` entry is in the token as exactly that string.
pub(super) fn required_claims_step(cfg: &IdpConfig, token: &Token) -> Step {
    let title = "Required claims";
    if cfg.required_claims.is_empty() {
        return Step::not_applicable(
            "required_claims",
            title,
            Check::new(
                "required.none",
                "required claims",
                CheckStatus::Pass,
                "no `requiredClaims` are configured",
            ),
        );
    }
    let checks = cfg
        .required_claims
        .iter()
        .map(|(k, want)| {
            let title = format!("the token's `{k}` is `{want}`");
            match token.claims.get(k) {
                Some(Value::String(s)) if s == want => Check::new(
                    "required.claim",
                    title,
                    CheckStatus::Pass,
                    "present and equal",
                )
                .compare(want.clone(), s.clone()),
                Some(Value::String(s)) => Check::new(
                    "required.claim",
                    title,
                    CheckStatus::Fail,
                    format!(
                        "required claim `{k}` does not match (exact, case-sensitive); {REFUSED}"
                    ),
                )
                .compare(want.clone(), s.clone())
                .fix(format!(
                    "sign in as a user whose `{k}` is `{want}`, or change `requiredClaims`"
                )),
                None => Check::new(
                    "required.claim",
                    title,
                    CheckStatus::Fail,
                    format!("required claim `{k}` is not in the token; {REFUSED}"),
                )
                .compare(want.clone(), "absent")
                .fix(format!(
                    "request the scope that adds `{k}`, or change `requiredClaims`"
                )),
                Some(other) => Check::new(
                    "required.claim",
                    title,
                    CheckStatus::Fail,
                    format!("only string values can match a required claim; {REFUSED}"),
                )
                .compare(want.clone(), other.to_string())
                .fix(format!(
                    "require a claim whose value is a string, not `{k}`"
                )),
            }
        })
        .collect();
    Step::from_checks("required_claims", title, checks)
}

/// Findings worth knowing whatever the verdict.
pub(super) fn findings(
    cfg: &IdpConfig,
    token: &Token,
    username: Option<&str>,
    groups: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let system: Vec<&str> = username
        .into_iter()
        .chain(groups.iter().map(String::as_str))
        .filter(|n| n.starts_with("system:"))
        .collect();
    if let Some(name) = system.first() {
        out.push(Finding::new(
            "cluster_auth_system_name",
            Severity::Danger,
            format!("the token maps to `{name}`, a `system:` name"),
            "Names beginning with `system:` are Kubernetes' own (`system:masters` is bound to \
             cluster-admin). A provider that lets a person put such a value in the username or \
             groups claim grants them that identity: set a `usernamePrefix` and `groupsPrefix` \
             (e.g. `oidc:`), as EKS advises.",
        ));
    }
    let aud_sts = match token.claims.get("aud") {
        Some(Value::String(s)) => s == "sts.amazonaws.com",
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some("sts.amazonaws.com")),
        _ => false,
    };
    if aud_sts || parse_eks_issuer(token.claim_str("iss").unwrap_or_default()).is_some() {
        out.push(Finding::new(
            "cluster_auth_workload_token",
            Severity::Info,
            "this looks like a workload token, not a person's ID token",
            "An EKS service-account token or a token for `sts.amazonaws.com` is for AWS STS (IRSA \
             or web-identity federation); people sign in to the cluster with their identity \
             provider's ID token. Check it in the STS mode instead.",
        ));
    }
    let claim = username_claim(cfg);
    if claim != "sub" && claim != "email" {
        out.push(Finding::new(
            "cluster_auth_username_claim_mutable",
            Severity::Info,
            format!("usernames come from `{claim}`"),
            "Kubernetes warns that claims other than `sub` are not guaranteed to be unique and \
             immutable: if the provider lets users change it, one user can take another's \
             RoleBindings.",
        ));
    }
    out
}
