//! Step 7, the session: `DurationSeconds` against the role's `MaxSessionDuration`, and session tags.

use serde_json::{Map, Value};

use super::context::value_text;
use super::{CheckVerdict, FailureMode, MSG_DURATION, Step, StepId, StsRequest, fail, step};
use crate::core::finding::{Check, CheckStatus};
use crate::core::jwt::Token;
use crate::core::timefmt::format_duration;

pub(super) fn session_step(token: &Token, request: &StsRequest) -> Step {
    let (duration, mut failure, mut fix) = duration_check(request);
    let mut checks = vec![duration];
    let max = request.max_session_duration;
    if !(3600..=43200).contains(&max) {
        checks.push(
            Check::new(
                "session.max",
                "MaxSessionDuration is 3600–43200",
                CheckStatus::Warn,
                "IAM accepts a role maximum between 1 and 12 hours",
            )
            .actual(max.to_string()),
        );
    }
    if let Some(tags) = token
        .claims
        .get("https://aws.amazon.com/tags")
        .and_then(Value::as_object)
    {
        let (check, ok) = tags_check(tags);
        checks.push(check);
        if !ok && failure.is_none() {
            failure = fail(
                "ValidationError",
                None,
                400,
                Some(FailureMode::SessionTagsInvalid),
            );
            fix = Some(
                "reduce the session tags in the token's https://aws.amazon.com/tags claim".into(),
            );
        }
    }
    step(StepId::Session, checks, failure, fix)
}

/// `DurationSeconds` (3600 when not set, as the SDKs send) against the role's
/// `MaxSessionDuration`.
fn duration_check(request: &StsRequest) -> CheckVerdict {
    let max = request.max_session_duration;
    let requested = request.duration_seconds.unwrap_or(3600);
    let ok = requested <= max;
    let check = Check::new(
        "session.duration",
        "DurationSeconds ≤ the role's MaxSessionDuration",
        if ok {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        if request.duration_seconds.is_none() {
            "DurationSeconds not set: SDKs default to 3600 s".to_string()
        } else {
            format!("requested {}", format_duration(requested))
        },
    )
    .compare(format!("≤ {max}"), requested.to_string());
    if ok {
        return (check, None, None);
    }
    let failure = fail(
        "ValidationError",
        Some(MSG_DURATION.into()),
        400,
        Some(FailureMode::DurationAboveMax),
    );
    // The step shows the fix once (not on the check too).
    (check, failure, Some(duration_fix(requested, max)))
}

/// The fix for a duration above the role's maximum: within STS's 12 h limit, raise the maximum
/// or ask for less; beyond it, ask for less.
fn duration_fix(requested: i64, max: i64) -> String {
    if requested > 43200 {
        format!(
            "request at most 43200 seconds (12 h, STS's limit) — and no more than the role's MaxSessionDuration, {max}; raise that with aws iam update-role --role-name NAME --max-session-duration N (N ≤ 43200)"
        )
    } else {
        format!(
            "raise the role's MaxSessionDuration to at least {requested} (aws iam update-role --role-name NAME --max-session-duration {requested}), or request {max} seconds or less"
        )
    }
}

/// Session tags: at most 50, keys ≤ 128 and values ≤ 256 characters; the check and whether it
/// passes.
fn tags_check(tags: &Map<String, Value>) -> (Check, bool) {
    let principal = tags.get("principal_tags").and_then(Value::as_object);
    let n = principal.map_or(0, Map::len);
    let long_key = principal
        .and_then(|m| m.keys().find(|k| k.chars().count() > 128))
        .cloned();
    let long_val = principal.and_then(|m| {
        m.values()
            .flat_map(|v| match v {
                Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>(),
                other => vec![value_text(other)],
            })
            .find(|v| v.chars().count() > 256)
    });
    let ok = n <= 50 && long_key.is_none() && long_val.is_none();
    let check = Check::new(
        "session.tags",
        "session tags: ≤ 50, keys ≤ 128, values ≤ 256 characters",
        if ok {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        format!("{n} tags"),
    )
    .actual(n.to_string());
    (check, ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_fix_names_sts_limit_only_beyond_12_hours() {
        assert!(duration_fix(50_000, 3600).starts_with("request at most 43200 seconds"));
        assert!(duration_fix(43_200, 3600).starts_with("raise the role's MaxSessionDuration"));
        assert!(duration_fix(7200, 3600).ends_with("or request 3600 seconds or less"));
    }
}
