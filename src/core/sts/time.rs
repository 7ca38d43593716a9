//! Step 5, the token's times: `exp` (decisive), `nbf` and `iat` (warnings, as AWS documents nothing).

use serde_json::Value;

use super::{CheckVerdict, FailureMode, Step, StepId, fail, step};
use crate::core::claims::{TokenKind, detect_kind};
use crate::core::finding::{Check, CheckStatus};
use crate::core::jwt::Token;
use crate::core::timefmt::{format_duration, format_rfc3339};

pub(super) fn time_step(token: &Token, at: i64, caveats: &mut Vec<String>) -> Step {
    let int = |name: &str| token.claims.get(name).map(|v| (v.as_i64(), v.clone()));
    let (exp, failure, mut fix) = exp_check(int("exp"), at, caveats);
    let mut checks = vec![exp];
    if failure
        .as_ref()
        .is_some_and(|f| f.mode == Some(FailureMode::TokenExpired))
    {
        let f = expired_fix(&detect_kind(&token.claims));
        if let Some(c) = checks.iter_mut().find(|c| c.id == "time.exp") {
            c.fix = Some(f.clone());
        }
        fix = Some(f);
    }
    if let Some((Some(nbf), _)) = int("nbf")
        && nbf > at
    {
        checks.push(Check::new("time.nbf", "`nbf` is not after the evaluation time", CheckStatus::Warn, format!("not valid for another {}; whether STS enforces `nbf`, and with what clock skew, is not documented by AWS", format_duration(nbf.abs_diff(at)))).compare(format!("≤ {}", format_rfc3339(at)), format_rfc3339(nbf)));
    }
    if let Some((Some(iat), _)) = int("iat") {
        if iat.saturating_sub(at) > 300 {
            checks.push(
                Check::new(
                    "time.iat",
                    "`iat` is not in the future",
                    CheckStatus::Warn,
                    "issued after the evaluation time: clocks disagree",
                )
                .actual(format_rfc3339(iat)),
            );
        } else if at.saturating_sub(iat) > 7 * 86_400 {
            checks.push(Check::new("time.iat", "token age", CheckStatus::Warn, format!("issued {} ago; STS refuses very old tokens (`Token too old`), with a threshold AWS does not document", format_duration(at.abs_diff(iat)))).actual(format_rfc3339(iat)));
        }
    }
    step(StepId::Time, checks, failure, fix)
}

/// `exp` (the raw claim as integer seconds, if it is one, and as written): absent, not an
/// integer, or not after `at` fails the step.
fn exp_check(
    exp: Option<(Option<i64>, Value)>,
    at: i64,
    caveats: &mut Vec<String>,
) -> CheckVerdict {
    match exp {
        None => {
            caveats.push(
                "a token without `exp` is refused; AWS does not document the exact message".into(),
            );
            exp_absent()
        }
        Some((None, raw)) => exp_not_integer(&raw),
        Some((Some(exp), _)) => exp_against(exp, at),
    }
}

/// No `exp`: the token is refused.
fn exp_absent() -> CheckVerdict {
    let check = Check::new(
        "time.exp",
        "`exp` is in the future",
        CheckStatus::Fail,
        "the token has no `exp`",
    )
    .actual("(absent)");
    time_claim_invalid(
        check,
        "use a token with an expiry (projected service-account tokens have one)",
    )
}

/// An `exp` that is not integer seconds (`raw` as written): the token is refused.
fn exp_not_integer(raw: &Value) -> CheckVerdict {
    let check = Check::new(
        "time.exp",
        "`exp` is an integer",
        CheckStatus::Fail,
        "time claims must be integer seconds",
    )
    .actual(raw.to_string());
    time_claim_invalid(check, "the issuer must write `exp` as an integer")
}

/// A malformed `exp` (absent or not an integer): STS refuses the token as invalid.
fn time_claim_invalid(check: Check, fix: &str) -> CheckVerdict {
    (
        check,
        fail(
            "InvalidIdentityToken",
            None,
            400,
            Some(FailureMode::TimeClaimInvalid),
        ),
        Some(fix.to_string()),
    )
}

/// An integer `exp`: it must be after `at`, or STS answers `ExpiredTokenException` (the fix, in
/// the issuer's language, is added by the step).
fn exp_against(exp: i64, at: i64) -> CheckVerdict {
    let ok = exp > at;
    let check = Check::new(
        "time.exp",
        "`exp` is after the evaluation time",
        if ok {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        if ok {
            format!("expires in {}", format_duration(exp.abs_diff(at)))
        } else {
            format!("expired {} ago", format_duration(at.abs_diff(exp)))
        },
    )
    .compare(format!("after {}", format_rfc3339(at)), format_rfc3339(exp));
    let failure = if ok {
        None
    } else {
        fail(
            "ExpiredTokenException",
            Some(format!(
                "Token expired: current date/time {at} must be before the expiration date/time{exp}"
            )),
            400,
            Some(FailureMode::TokenExpired),
        )
    };
    (check, failure, None)
}

/// The fix for an expired token, in the language of its issuer: the kubelet for Kubernetes, the
/// failing step for GitHub Actions, the identity provider otherwise.
fn expired_fix(kind: &TokenKind) -> String {
    match kind {
        TokenKind::KubernetesProjected { .. } => "use a fresh token: read the token file on every call (the kubelet refreshes it well before expiry; do not cache it or copy it into an environment variable), and retry with a new token rather than the same one".to_string(),
        TokenKind::KubernetesLegacy { .. } => "use a projected service-account token (legacy secret tokens carry no expiry and no audience, so STS cannot take them)".to_string(),
        TokenKind::GitHubActions { .. } => "request the token in the step that calls AWS (GitHub's tokens live about five minutes: one copied from an earlier step or run has expired); aws-actions/configure-aws-credentials does this when it runs in the failing job with `permissions: id-token: write`".to_string(),
        TokenKind::Generic => "use a fresh token: ask the identity provider for a new one right before calling STS, and do not cache it beyond its `exp`".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_check_table_status_mode_and_caveat() {
        let at: i64 = 1_795_165_200;
        let cases = [
            (
                None,
                CheckStatus::Fail,
                Some(FailureMode::TimeClaimInvalid),
                1,
            ),
            (
                Some((None, Value::from("1795165300"))),
                CheckStatus::Fail,
                Some(FailureMode::TimeClaimInvalid),
                0,
            ),
            (
                Some((Some(at), Value::from(at))),
                CheckStatus::Fail,
                Some(FailureMode::TokenExpired),
                0,
            ),
            (
                Some((Some(at.saturating_add(1)), Value::from(at))),
                CheckStatus::Pass,
                None,
                0,
            ),
        ];
        for (exp, status, mode, caveats_added) in cases {
            let mut caveats = Vec::new();
            let (check, failure, _) = exp_check(exp.clone(), at, &mut caveats);
            assert_eq!(check.status, status, "{exp:?}");
            assert_eq!(failure.and_then(|f| f.mode), mode, "{exp:?}");
            assert_eq!(caveats.len(), caveats_added, "{exp:?}");
        }
    }
}
