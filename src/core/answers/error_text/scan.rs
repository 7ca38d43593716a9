//! Reading facts out of an error text: the issuer, ARNs, session name, subject, token file,
//! request id, HTTP status and the times of an expired token. No regular expressions: each fact
//! has a small scanner over ASCII-lowercased text (same byte offsets as the original).

use serde::Serialize;

/// What an error text (or a CloudTrail event) tells about the failed call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The token's issuer (the IAM OIDC provider URL STS looked for), e.g. from
    /// `No OpenIDConnect provider found in your account for <iss>`.
    pub issuer: Option<String>,
    /// The IAM OIDC provider ARN (a CloudTrail event's `userIdentity.identityProvider`).
    pub provider_arn: Option<String>,
    /// The role ARN of the call.
    pub role_arn: Option<String>,
    /// The role's account id (from the role ARN, else the provider ARN).
    pub account_id: Option<String>,
    /// `RoleSessionName`.
    pub session_name: Option<String>,
    /// The token's subject (`sub`): a CloudTrail event's `userIdentity.userName`, or a
    /// Kubernetes or GitHub subject written in the text.
    pub subject: Option<String>,
    /// The token's audience, when the text names it (a CloudTrail `principalId`).
    pub audience: Option<String>,
    /// The token file the SDK read (`AWS_WEB_IDENTITY_TOKEN_FILE`).
    pub token_file: Option<String>,
    /// STS's request id.
    pub request_id: Option<String>,
    /// The HTTP status STS answered with.
    pub http_status: Option<u16>,
    /// The time of the call, unix seconds (from an `ExpiredTokenException` message).
    pub called_at: Option<i64>,
    /// The token's `exp`, unix seconds (from an `ExpiredTokenException` message).
    pub expired_at: Option<i64>,
    /// When the event happened (a CloudTrail `eventTime`, as written).
    pub event_time: Option<String>,
}

impl Facts {
    /// The facts the text gave, labelled for people, in a fixed order (times as RFC 3339).
    pub fn known(&self) -> Vec<(&'static str, String)> {
        let time = |t: Option<i64>| t.map(crate::core::timefmt::format_rfc3339);
        [
            ("issuer", self.issuer.clone()),
            ("provider ARN", self.provider_arn.clone()),
            ("role ARN", self.role_arn.clone()),
            ("account", self.account_id.clone()),
            ("session name", self.session_name.clone()),
            ("subject", self.subject.clone()),
            ("audience", self.audience.clone()),
            ("token file", self.token_file.clone()),
            ("request id", self.request_id.clone()),
            ("HTTP status", self.http_status.map(|s| s.to_string())),
            ("called at", time(self.called_at)),
            ("token exp", time(self.expired_at)),
            ("event time", self.event_time.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
    /// Fills every fact still unknown from `text`.
    pub(super) fn scan(&mut self, text: &str) {
        let lower = text.to_ascii_lowercase();
        if self.issuer.is_none() {
            self.issuer = issuer(text, &lower);
        }
        // A session name the text writes wins over one inside an assumed-role ARN.
        if self.session_name.is_none() {
            self.session_name = session_name(text, &lower);
        }
        for arn in &arns(text) {
            self.take_arn(arn);
        }
        if self.subject.is_none() {
            self.subject = subject(text);
        }
        if self.token_file.is_none() {
            self.token_file = token_file(text, &lower);
        }
        if self.request_id.is_none() {
            self.request_id = request_id(text, &lower);
        }
        if self.http_status.is_none() {
            self.http_status = http_status(&lower);
        }
        if self.called_at.is_none() {
            self.called_at = number_after(&lower, "current date/time");
        }
        if self.expired_at.is_none() {
            self.expired_at = number_after(&lower, "expiration date/time");
        }
        self.derive();
    }

    /// One ARN found in the text: a role, an assumed role (role and session) or a provider.
    pub(super) fn take_arn(&mut self, arn: &str) {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let ["arn", _partition, service, "", account, resource] = parts.as_slice() else {
            return;
        };
        match (*service, resource.split_once('/')) {
            ("iam", Some(("role", _))) if self.role_arn.is_none() => {
                self.role_arn = Some(arn.to_string());
            }
            ("iam", Some(("oidc-provider", host))) if self.provider_arn.is_none() => {
                self.provider_arn = Some(arn.to_string());
                if self.issuer.is_none() && !host.is_empty() {
                    self.issuer = Some(format!("https://{host}"));
                }
            }
            ("sts", Some(("assumed-role", rest))) => {
                if let Some((role, session)) = rest.split_once('/') {
                    if self.role_arn.is_none() {
                        let partition = parts.get(1).copied().unwrap_or("aws");
                        self.role_arn = Some(format!("arn:{partition}:iam::{account}:role/{role}"));
                    }
                    if self.session_name.is_none() && !session.is_empty() {
                        self.session_name = Some(session.to_string());
                    }
                }
            }
            _ => {}
        }
    }

    /// The account from the role ARN, else from the provider ARN.
    fn derive(&mut self) {
        if self.account_id.is_none() {
            self.account_id = self
                .role_arn
                .as_deref()
                .or(self.provider_arn.as_deref())
                .and_then(|a| a.split(':').nth(4))
                .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_owned);
        }
    }
}

/// Characters that end a value written inside prose, quotes or JSON.
fn ends_value(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '`' | '\\' | ',' | ';' | ')' | ']' | '}' | '<' | '>'
        )
}

/// The value that starts at byte `start` of `text`, up to the first character that ends it, less a
/// sentence's closing full stop or a label's colon.
fn value_at(text: &str, start: usize) -> Option<String> {
    let rest = text.get(start..)?;
    let end = rest.find(ends_value).unwrap_or(rest.len());
    let value = rest.get(..end)?.trim_end_matches(['.', ':']);
    (!value.is_empty()).then(|| value.to_string())
}

/// The value after the first occurrence of `marker` (searched in `lower`), spaces skipped.
fn value_after(text: &str, lower: &str, marker: &str) -> Option<String> {
    let at = lower.find(marker)?.checked_add(marker.len())?;
    let skipped = text.get(at..)?;
    let trimmed = skipped.trim_start_matches([' ', '=', ':', '\t', '"', '\'']);
    let start = at.checked_add(skipped.len().checked_sub(trimmed.len())?)?;
    value_at(text, start)
}

/// The issuer STS looked for, else an issuer URL written anywhere in the text.
fn issuer(text: &str, lower: &str) -> Option<String> {
    if let Some(v) = value_after(text, lower, "provider found in your account for") {
        return Some(v);
    }
    for marker in [
        "https://oidc.eks.",
        "https://token.actions.githubusercontent.com",
    ] {
        if let Some(at) = lower.find(marker) {
            return value_at(text, at);
        }
    }
    None
}

/// Every `arn:…` written in the text.
fn arns(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|r| r.find("arn:")) {
        let Some(at) = from.checked_add(found) else {
            break;
        };
        let boundary = text
            .get(..at)
            .and_then(|before| before.chars().last())
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary && let Some(v) = value_at(text, at) {
            out.push(v);
        }
        from = at.saturating_add(4);
    }
    out
}

/// `RoleSessionName` as the CLI, the action's inputs or a validation error write it.
fn session_name(text: &str, lower: &str) -> Option<String> {
    if let Some(at) = lower.find("at 'rolesessionname'") {
        // `Value 'NAME' at 'roleSessionName' failed to satisfy constraint`
        let before = text.get(..at)?;
        let open = before.rfind("Value '")?.checked_add("Value '".len())?;
        return text
            .get(open..at)
            .map(|v| v.trim_end().trim_end_matches('\'').to_string());
    }
    [
        "--role-session-name",
        "role-session-name:",
        "rolesessionname:",
    ]
    .iter()
    .find_map(|m| value_after(text, lower, m))
}

/// A Kubernetes service-account or GitHub Actions subject written in the text.
fn subject(text: &str) -> Option<String> {
    ["system:serviceaccount:", "repo:"].iter().find_map(|m| {
        let at = text.find(m)?;
        let boundary = text
            .get(..at)
            .and_then(|b| b.chars().last())
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        boundary.then(|| value_at(text, at)).flatten()
    })
}

/// The token file the SDK was told to read.
fn token_file(text: &str, lower: &str) -> Option<String> {
    if let Some(v) = value_after(text, lower, "aws_web_identity_token_file=") {
        return Some(v);
    }
    let at = lower.find("/serviceaccount/token")?;
    let start = text
        .get(..at)?
        .rfind(ends_value)
        .map_or(0, |p| p.saturating_add(1));
    value_at(text, start)
}

fn request_id(text: &str, lower: &str) -> Option<String> {
    ["request id:", "requestid:", "\"requestid\":"]
        .iter()
        .find_map(|m| value_after(text, lower, m))
}

fn http_status(lower: &str) -> Option<u16> {
    ["status code:", "statuscode:", "status code "]
        .iter()
        .find_map(|m| number_after(lower, m))
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| (100..600).contains(n))
}

/// The integer right after `marker` (spaces skipped).
fn number_after(lower: &str, marker: &str) -> Option<i64> {
    let at = lower.find(marker)?.checked_add(marker.len())?;
    let digits: String = lower
        .get(at..)?
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(19)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_reads_issuer_role_account_and_session() {
        let mut f = Facts::default();
        f.scan("Error calling AssumeRole for role arn:aws:iam::111122223333:role/app-role --role-session-name ci-1: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/ABC\n\tstatus code: 400, request id: 3714365f-c50b");
        assert_eq!(
            f.issuer.as_deref(),
            Some("https://oidc.eks.us-east-1.amazonaws.com/id/ABC")
        );
        assert_eq!(
            f.role_arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/app-role")
        );
        assert_eq!(f.account_id.as_deref(), Some("111122223333"));
        assert_eq!(f.session_name.as_deref(), Some("ci-1"));
        assert_eq!(f.http_status, Some(400));
        assert_eq!(f.request_id.as_deref(), Some("3714365f-c50b"));
    }

    #[test]
    fn scan_reads_expiry_times_without_the_missing_space() {
        let mut f = Facts::default();
        f.scan("Token expired: current date/time 1624482533 must be before the expiration date/time1624482335");
        assert_eq!(f.called_at, Some(1_624_482_533));
        assert_eq!(f.expired_at, Some(1_624_482_335));
    }

    #[test]
    fn scan_reads_assumed_role_and_invalid_session_name() {
        let mut f = Facts::default();
        f.scan("1 validation error detected: Value 'my session' at 'roleSessionName' failed to satisfy constraint; arn:aws:sts::444455556666:assumed-role/deploy/s1");
        assert_eq!(f.session_name.as_deref(), Some("my session"));
        assert_eq!(
            f.role_arn.as_deref(),
            Some("arn:aws:iam::444455556666:role/deploy")
        );
    }

    #[test]
    fn scan_of_arbitrary_text_does_not_panic() {
        for t in [
            "",
            "arn:",
            "arn:aws:iam::",
            "Value '",
            "at 'rolesessionname'",
            "date/time 9999999999999999999999",
            "é at 'roleSessionName'",
        ] {
            let mut f = Facts::default();
            f.scan(t);
        }
    }
}
