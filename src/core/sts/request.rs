//! Step 1, request validation: `RoleSessionName`, `DurationSeconds`, the token's length and the
//! role ARN, with STS's `ValidationError` texts.

use super::{FailureMode, Step, StepFailure, StepId, StsRequest, fail, step};
use crate::core::finding::{Check, CheckStatus};
use crate::core::jwt::Token;
use crate::core::timefmt::format_duration;

/// `[\w+=,.@-]*` with Java's `\w` (ASCII letters, digits, underscore).
pub(super) fn session_name_ok(name: &str) -> bool {
    (2..=64).contains(&name.chars().count()) && name.chars().all(session_char_ok)
}

fn session_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

pub(super) fn sanitize_session_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if session_char_ok(c) { c } else { '-' })
        .take(64)
        .collect();
    // Too short: a readable name rather than padding (`a` → `a-session`).
    match s.chars().count() {
        0 => "session".to_string(),
        1 => {
            s.push_str("-session");
            s
        }
        _ => s,
    }
}
pub(super) fn request_step(token: &Token, request: &StsRequest) -> Step {
    let mut checks = Vec::new();
    let mut errors = Vec::new();
    let name = &request.session_name;
    checks.push(session_name_check(name, &mut errors));
    if let Some(d) = request.duration_seconds {
        checks.push(duration_check(d, &mut errors));
    }
    let tlen = token.compact.chars().count();
    let token_ok = (4..=20000).contains(&tlen);
    checks.push(
        Check::new(
            "request.token_length",
            "WebIdentityToken: 4–20000 characters",
            if token_ok {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            },
            format!("{tlen} characters"),
        )
        .compare("4–20000", tlen.to_string()),
    );
    if !token_ok {
        errors.push("Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000".to_string());
    }
    if let Some(arn) = request.role_arn.as_deref().filter(|a| !a.trim().is_empty()) {
        checks.push(role_arn_check(arn, &mut errors));
    }
    let failure = validation_failure(&errors, name);
    let fix = request_fix(request, failure.is_some(), token_ok, tlen);
    step(StepId::Request, checks, failure, fix)
}

/// `RoleSessionName`: 2–64 characters of `[\w+=,.@-]`; STS's messages for each violation.
fn session_name_check(name: &str, errors: &mut Vec<String>) -> Check {
    let len = name.chars().count();
    let quoted = format!("Value '{name}' at 'roleSessionName' failed to satisfy constraint: ");
    if len < 2 {
        errors.push(format!(
            "{quoted}Member must have length greater than or equal to 2"
        ));
    }
    if len > 64 {
        errors.push(format!(
            "{quoted}Member must have length less than or equal to 64"
        ));
    }
    let bad: Vec<char> = name.chars().filter(|c| !session_char_ok(*c)).collect();
    if !bad.is_empty() {
        errors.push(format!(
            "{quoted}Member must satisfy regular expression pattern: [\\w+=,.@-]*"
        ));
    }
    Check::new(
        "request.session_name",
        "RoleSessionName: 2–64 characters of [\\w+=,.@-]",
        if bad.is_empty() && (2..=64).contains(&len) {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        if bad.is_empty() {
            format!("{len} characters")
        } else {
            format!(
                "{len} characters; not allowed: {}",
                bad.iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        },
    )
    .compare("[\\w+=,.@-]{2,64}", name.to_string())
}

/// `DurationSeconds`: 900–43200.
fn duration_check(d: i64, errors: &mut Vec<String>) -> Check {
    let ok = (900..=43200).contains(&d);
    if d < 900 {
        errors.push(format!("Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
    } else if d > 43200 {
        errors.push(format!("Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"));
    }
    Check::new(
        "request.duration",
        "DurationSeconds: 900–43200",
        if ok {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        format_duration(d),
    )
    .compare("900–43200", d.to_string())
}

/// `RoleArn`: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`.
fn role_arn_check(arn: &str, errors: &mut Vec<String>) -> Check {
    let ok = is_role_arn(arn.trim());
    if !ok {
        errors.push(format!(
            "Value '{arn}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN"
        ));
    }
    Check::new(
        "request.role_arn",
        "RoleArn is a role ARN",
        if ok {
            CheckStatus::Pass
        } else {
            CheckStatus::Fail
        },
        "arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME",
    )
    .actual(arn.to_string())
}

/// The `ValidationError` naming every violation, as STS words it.
fn validation_failure(errors: &[String], name: &str) -> Option<StepFailure> {
    if errors.is_empty() {
        None
    } else {
        let n = errors.len();
        let head = if n == 1 {
            "1 validation error detected: ".to_string()
        } else {
            format!("{n} validation errors detected: ")
        };
        let mode = if !name_check_ok(name) {
            Some(FailureMode::SessionNameInvalid)
        } else {
            Some(FailureMode::RequestInvalid)
        };
        fail(
            "ValidationError",
            Some(format!("{head}{}", errors.join("; "))),
            400,
            mode,
        )
    }
}

/// The fix: the session name first (the common culprit), else each failing parameter.
fn request_fix(request: &StsRequest, failed: bool, token_ok: bool, tlen: usize) -> Option<String> {
    let name = &request.session_name;
    if !name_check_ok(name) {
        Some(format!(
            "use a RoleSessionName of 2–64 characters from letters, digits and _+=,.@- (for example `{}`); GitHub's `[bot]` actors and `/` or `:` in names are common culprits",
            sanitize_session_name(name)
        ))
    } else if failed {
        // Name each parameter that fails, with what it may be.
        let mut fixes = Vec::new();
        match request.duration_seconds {
            Some(d) if d < 900 => fixes.push(format!("DurationSeconds is {d}: request at least 900 (15 min), or leave it unset (the SDKs' default is 3600)")),
            Some(d) if d > 43200 => fixes.push(format!("DurationSeconds is {d}: request at most 43200 (12 h), within the role's MaxSessionDuration")),
            _ => {}
        }
        if !token_ok {
            fixes.push(format!("the token has {tlen} characters: STS takes at most 20,000 — use the issuer's token as issued, without extra claims"));
        }
        if let Some(arn) = request
            .role_arn
            .as_deref()
            .filter(|a| !a.trim().is_empty() && !is_role_arn(a.trim()))
        {
            fixes.push(format!("RoleArn `{arn}` is not a role ARN: use arn:aws:iam::ACCOUNT:role/NAME (a path may come before NAME)"));
        }
        Some(if fixes.is_empty() {
            "correct the request parameters marked as failing".to_string()
        } else {
            fixes.join("; ")
        })
    } else {
        None
    }
}

fn name_check_ok(name: &str) -> bool {
    session_name_ok(name)
}

fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", p, "iam", "", acct, res]
        if !p.is_empty() && acct.len() == 12 && acct.chars().all(|c| c.is_ascii_digit()) && res.starts_with("role/") && res.len() > 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_name_rules() {
        assert!(session_name_ok("ab"));
        assert!(session_name_ok("a_b+c=d,e.f@g-h"));
        assert!(!session_name_ok("a"));
        assert!(!session_name_ok("dependabot[bot]"));
        assert!(!session_name_ok(&"x".repeat(65)));
        assert_eq!(sanitize_session_name("a/b:c"), "a-b-c");
        assert_eq!(sanitize_session_name("a"), "a-session");
        assert_eq!(sanitize_session_name(""), "session");
        assert!(session_name_ok(&sanitize_session_name("/")));
    }

    #[test]
    fn role_arn_shape() {
        assert!(is_role_arn("arn:aws:iam::111122223333:role/app"));
        assert!(is_role_arn("arn:aws-cn:iam::111122223333:role/path/app"));
        assert!(!is_role_arn("arn:aws:iam::1111:role/app"));
        assert!(!is_role_arn("arn:aws:iam::111122223333:user/app"));
    }
}
