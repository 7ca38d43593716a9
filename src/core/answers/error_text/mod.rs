//! Reading the error people have: an SDK or CLI error line, a pod log, the output of
//! aws-actions/configure-aws-credentials, or a CloudTrail `AssumeRoleWithWebIdentity` event.
//! [`diagnose_error`] names the error (its AWS code and message, matched to the failure
//! catalogue), where it comes from, the causes ranked by what the text shows, the facts learnt
//! (issuer, role ARN, account, session name, subject) and, for each cause, the check that decides
//! it.
//!
//! Invariants: no text panics; nothing is guessed into a fact (a fact is what the text writes);
//! an unrecognised text is a diagnosis with no error, not a failure.

mod cloudtrail;
mod kinds;
mod page;
mod scan;

pub use kinds::{BeforeSts, Decider, ErrorKind, Origin};
pub use page::{
    Agreement, FactDifference, FactField, Holder, PageCheck, check_against, with_diagnosis,
};
pub use scan::Facts;

use serde::Serialize;

use crate::core::claims::GITHUB_ISSUER;
use crate::core::sts::{self, FailureMode};

/// What the text was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Free text: an error line, a log, a workflow's output.
    Text,
    /// A CloudTrail event (JSON).
    CloudTrail,
}

/// Who printed the error, as far as its wording shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reporter {
    /// The AWS CLI or boto3/botocore (`An error occurred (CODE) when calling the … operation`).
    AwsCliOrPython,
    /// aws-actions/configure-aws-credentials (`Could not assume role with OIDC: …`, its `id-token`
    /// permission hint).
    ConfigureAwsCredentials,
    /// The AWS SDK for Go v1 (`WebIdentityErr: … caused by: …`).
    GoSdkV1,
    /// The AWS SDK for Go v2 (`operation error STS: AssumeRoleWithWebIdentity, …`).
    GoSdkV2,
    /// The AWS SDK for Java (`software.amazon.awssdk…`, `com.amazonaws…`, `(Service: …)`).
    JavaSdk,
    /// The AWS SDK for JavaScript (`…Exception: …`, `@aws-sdk/…`).
    JavaScriptSdk,
    /// The AWS SDK for .NET (`Amazon.SecurityToken…`).
    DotNetSdk,
    /// The AWS SDK for Rust (`service error: …`).
    RustSdk,
    /// GitHub's Actions toolkit (`@actions/core`).
    ActionsToolkit,
    /// A CloudTrail event.
    CloudTrail,
    /// Not recognisable.
    Unknown,
}

/// Phrases (lower case) that show who printed a text, most specific first.
const REPORTERS: [(&str, Reporter); 16] = [
    (
        "could not assume role with oidc",
        Reporter::ConfigureAwsCredentials,
    ),
    (
        "please check your action inputs",
        Reporter::ConfigureAwsCredentials,
    ),
    (
        "you might be trying to authenticate with oidc",
        Reporter::ConfigureAwsCredentials,
    ),
    (
        "did you mean to set the `id-token` permission",
        Reporter::ConfigureAwsCredentials,
    ),
    (
        "error message: unable to get actions_id_token",
        Reporter::ActionsToolkit,
    ),
    ("operation error sts:", Reporter::GoSdkV2),
    ("webidentityerr", Reporter::GoSdkV1),
    ("an error occurred (", Reporter::AwsCliOrPython),
    ("botocore", Reporter::AwsCliOrPython),
    ("software.amazon.awssdk", Reporter::JavaSdk),
    ("com.amazonaws", Reporter::JavaSdk),
    ("(service: ", Reporter::JavaSdk),
    // Java's stack traces say `Caused by: ` too: Java's markers come first.
    ("caused by: ", Reporter::GoSdkV1),
    ("amazon.securitytoken", Reporter::DotNetSdk),
    ("service error: ", Reporter::RustSdk),
    ("@aws-sdk/", Reporter::JavaScriptSdk),
];

/// The error the text names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedError {
    /// Which error (stable, snake_case in JSON).
    pub kind: ErrorKind,
    /// AWS's error code (`None` for errors before STS).
    pub code: Option<&'static str>,
    /// The error in words.
    pub title: &'static str,
    /// The message as the text writes it, when it can be picked out.
    pub message: Option<String>,
    /// AWS's exact message for this error, when it is known (byte-exact, spacing included).
    pub aws_message: Option<String>,
    /// Where the error comes from.
    pub origin: Origin,
    /// Where it comes from, in words.
    pub origin_text: &'static str,
}

/// One possible cause, with what decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// Its entry in the failure catalogue, when it has one.
    pub mode: Option<FailureMode>,
    /// The cause in words.
    pub title: String,
    /// What in the text points at it (empty: only that the error allows it).
    pub evidence: Vec<String>,
    /// The check that decides it.
    pub decided_by: Decider,
    /// That check, in words.
    pub decided_by_text: String,
    /// Whether the diagnosis of the token at hand found this cause ([`with_diagnosis`]); only
    /// in JSON when set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub found_by_page: bool,
}

/// The diagnosis of an error text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorDiagnosis {
    /// What the input was read as.
    pub input: InputKind,
    /// Who printed it.
    pub reporter: Reporter,
    /// The error named, if any.
    pub error: Option<NamedError>,
    /// The possible causes, most likely first.
    pub causes: Vec<Cause>,
    /// What the text tells about the call.
    pub facts: Facts,
    /// Anything else worth saying (a successful event, an unrecognised text).
    pub notes: Vec<String>,
    /// The text against the diagnosis of a token at hand, when one was given
    /// ([`with_diagnosis`]); only in JSON when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageCheck>,
}

/// Why a text cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorTextError {
    /// Nothing but whitespace.
    #[error("expected an error message, a log or a CloudTrail event, found nothing")]
    Empty,
    /// JSON that is not a CloudTrail event.
    #[error("{0}")]
    NotAnEvent(String),
}

/// Reads an error text (or a CloudTrail event) and says what it means.
///
/// # Errors
/// [`ErrorTextError`] when the text is blank, or is JSON but not a CloudTrail event.
pub fn diagnose_error(text: &str) -> Result<ErrorDiagnosis, ErrorTextError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ErrorTextError::Empty);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let event = cloudtrail::read(trimmed).map_err(ErrorTextError::NotAnEvent)?;
        return Ok(from_event(event));
    }
    let mut facts = Facts::default();
    facts.scan(trimmed);
    Ok(from_text(
        trimmed,
        InputKind::Text,
        reporter(trimmed),
        facts,
        Vec::new(),
    ))
}

/// Who printed `text`.
fn reporter(text: &str) -> Reporter {
    let lower = text.to_ascii_lowercase();
    if let Some((_, r)) = REPORTERS.iter().find(|(p, _)| lower.contains(p)) {
        return *r;
    }
    let js = [
        "invalididentitytokenexception:",
        "expiredtokenexception:",
        "idpcommunicationerrorexception:",
    ];
    if js.iter().any(|p| lower.contains(p)) {
        return Reporter::JavaScriptSdk;
    }
    Reporter::Unknown
}

/// The diagnosis of a CloudTrail event: its error code and message read as a text, its facts
/// from the event's fields.
fn from_event(event: cloudtrail::Event) -> ErrorDiagnosis {
    let cloudtrail::Event {
        text,
        mut facts,
        notes,
    } = event;
    facts.scan(&text);
    if text.trim().is_empty() {
        return ErrorDiagnosis {
            input: InputKind::CloudTrail,
            reporter: Reporter::CloudTrail,
            error: None,
            causes: Vec::new(),
            facts,
            notes,
            page: None,
        };
    }
    from_text(
        &text,
        InputKind::CloudTrail,
        Reporter::CloudTrail,
        facts,
        notes,
    )
}

fn from_text(
    text: &str,
    input: InputKind,
    reporter: Reporter,
    facts: Facts,
    mut notes: Vec<String>,
) -> ErrorDiagnosis {
    let lower = text.to_ascii_lowercase();
    let Some(kind) = ErrorKind::recognise(&lower) else {
        notes.push(
            "no error TokenScope knows was found in this text: paste the whole error line (with \
             its code, e.g. AccessDenied or InvalidIdentityToken) or the CloudTrail event"
                .to_string(),
        );
        return ErrorDiagnosis {
            input,
            reporter,
            error: None,
            causes: Vec::new(),
            facts,
            notes,
            page: None,
        };
    };
    let error = NamedError {
        kind,
        code: kind.code(),
        title: kind.title(),
        message: message_in(text, kind),
        aws_message: aws_message(kind, &facts),
        origin: kind.origin(),
        origin_text: kind.origin().describe(),
    };
    let causes = rank(kind, &facts, &lower);
    if kind.origin() == Origin::Sts && another_operation(&lower) {
        notes.push(
            "the text names another STS operation than AssumeRoleWithWebIdentity (sts:AssumeRole \
             or AssumeRoleWithSAML): that call was made with other credentials, and these causes \
             apply only to a web-identity call"
                .to_string(),
        );
    }
    ErrorDiagnosis {
        input,
        reporter,
        error: Some(error),
        causes,
        facts,
        notes,
        page: None,
    }
}

/// Whether the text is about another STS operation than `AssumeRoleWithWebIdentity`.
fn another_operation(lower: &str) -> bool {
    let web = lower.contains("assumerolewithwebidentity");
    let other = lower.contains("assumerolewithsaml")
        || lower.match_indices("sts:assumerole").any(|(at, m)| {
            !lower
                .get(at.saturating_add(m.len())..)
                .unwrap_or("")
                .starts_with("with")
        });
    other && !web
}

/// AWS's exact message for the error, where it is known.
fn aws_message(kind: ErrorKind, facts: &Facts) -> Option<String> {
    Some(match kind {
        ErrorKind::AccessDenied => sts::MSG_ACCESS_DENIED.to_string(),
        ErrorKind::NoProvider => format!(
            "No OpenIDConnect provider found in your account for {}",
            facts.issuer.as_deref().unwrap_or("<iss>")
        ),
        ErrorKind::IncorrectAudience => sts::MSG_AUDIENCE.to_string(),
        ErrorKind::MissingAudience => sts::MSG_MISSING_AUD.to_string(),
        ErrorKind::KeysUnreachable => sts::MSG_KEYS.to_string(),
        ErrorKind::ThumbprintMismatch => sts::MSG_THUMBPRINT.to_string(),
        ErrorKind::DurationAboveMax => sts::MSG_DURATION.to_string(),
        _ => return None,
    })
}

/// The message as the text writes it: what follows `operation: `, `with OIDC: ` or the error's
/// code, else the line holding the phrase that named it, to the end of that line.
fn message_in(text: &str, kind: ErrorKind) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let rest_of_line = |at: usize| -> Option<String> {
        let line = text.get(at..)?.split('\n').next()?.trim();
        (!line.is_empty()).then(|| line.chars().take(400).collect::<String>())
    };
    let strip_code = |m: String| -> String {
        match kind.code() {
            Some(code)
                if m.to_ascii_lowercase()
                    .starts_with(&code.to_ascii_lowercase()) =>
            {
                m.split_once(": ")
                    .map_or(m.clone(), |(_, rest)| rest.to_string())
            }
            _ => m,
        }
    };
    for marker in ["operation: ", "with oidc: ", "api error "] {
        if let Some(at) = lower.find(marker) {
            return rest_of_line(at.saturating_add(marker.len())).map(strip_code);
        }
    }
    if let Some(code) = kind.code()
        && let Some(at) = lower.find(&code.to_ascii_lowercase())
    {
        return rest_of_line(at).map(strip_code);
    }
    let at = kinds::phrase_at(&lower, kind)?;
    if kind.origin() == Origin::Sts {
        // STS's message starts with the phrase that names it.
        return rest_of_line(at);
    }
    let start = text
        .get(..at)?
        .rfind('\n')
        .map_or(0, |p| p.saturating_add(1));
    rest_of_line(start)
}

/// Orders the causes of `kind` by what the text shows: causes with evidence first (most evidence
/// first), then the usual order.
fn rank(kind: ErrorKind, facts: &Facts, lower: &str) -> Vec<Cause> {
    let mut causes: Vec<(usize, Cause)> = kind
        .causes()
        .into_iter()
        .enumerate()
        .map(|(i, base)| {
            let evidence = evidence_for(base.mode, facts, lower);
            (
                i,
                Cause {
                    mode: base.mode,
                    title: base.title.to_string(),
                    evidence,
                    decided_by: base.decider,
                    decided_by_text: base.decider.describe(),
                    found_by_page: false,
                },
            )
        })
        .collect();
    causes.sort_by_key(|(i, c)| (std::cmp::Reverse(c.evidence.len()), *i));
    causes.into_iter().map(|(_, c)| c).collect()
}

/// What in the text points at failure mode `mode`.
fn evidence_for(mode: Option<FailureMode>, facts: &Facts, lower: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(mode) = mode else { return out };
    let sub = facts.subject.as_deref().unwrap_or("");
    let iss = facts.issuer.as_deref().unwrap_or("");
    match mode {
        FailureMode::SubjectMismatch => {
            if sub.starts_with("repo:")
                && (sub.ends_with(":pull_request") || sub.contains(":environment:"))
            {
                out.push(format!("the subject `{sub}` is a pull-request or environment subject, which policies written for a branch (`…:ref:refs/heads/…`) do not match"));
            }
            if sub.contains('@') && sub.starts_with("repo:") {
                out.push(format!("the subject `{sub}` is GitHub's immutable form (`repo:ORG@id/REPO@id:…`), which `repo:ORG/REPO:*` patterns do not match"));
            }
            if sub.ends_with(":default") && sub.starts_with("system:serviceaccount:") {
                out.push(format!("the pod runs as the namespace's `default` service account (`{sub}`), rarely the one a policy names"));
            }
        }
        FailureMode::WrongPrincipal => {
            if let (Some(p), Some(r)) = (facts.provider_arn.as_deref(), facts.role_arn.as_deref()) {
                let acct = |a: &str| a.split(':').nth(4).map(str::to_owned);
                if acct(p) != acct(r) {
                    out.push(format!("the provider `{p}` is in another account than the role `{r}`: a role can trust only its own account's provider"));
                }
            }
        }
        FailureMode::TagsNotAllowed
            if lower.contains("sts:tagsession")
                || lower.contains("https://aws.amazon.com/tags") =>
        {
            out.push("the text names session tags".to_string());
        }
        FailureMode::IssuerMismatch => {
            if iss.ends_with('/') {
                out.push(format!("the issuer `{iss}` ends with `/`: the provider URL must match it byte for byte, a trailing `/` included"));
            }
            let host = iss
                .strip_prefix("https://")
                .and_then(|h| h.split('/').next())
                .unwrap_or("");
            if host.chars().any(|c| c.is_ascii_uppercase()) {
                out.push(format!("the issuer's host `{host}` has upper-case letters: tokens are issued with the host in lower case, and the match is case-sensitive"));
            }
            if iss.contains("vstoken.actions.githubusercontent.com") {
                out.push("`vstoken.actions.githubusercontent.com` was GitHub's issuer before October 2021; today it is `token.actions.githubusercontent.com`".to_string());
            }
        }
        FailureMode::NoProvider => {
            if !iss.is_empty() && !iss.starts_with("https://") {
                out.push(format!("the issuer `{iss}` is not an https URL (a legacy service-account token): no IAM provider can match it"));
            }
            if iss == GITHUB_ISSUER {
                out.push("GitHub's issuer needs its provider created once in each account whose roles it assumes".to_string());
            } else if parse_eks(iss) {
                out.push("an EKS cluster's issuer needs its provider created in the role's account (`eksctl utils associate-iam-oidc-provider`)".to_string());
            }
        }
        FailureMode::TokenExpired => {
            if let (Some(now), Some(exp)) = (facts.called_at, facts.expired_at) {
                let late = now.saturating_sub(exp);
                out.push(format!("STS received the token {late} s after its `exp`"));
            }
            if lower.contains("token too old") {
                out.push("`Token too old`: STS also refuses tokens issued long ago, whatever their `exp` (AWS documents no threshold)".to_string());
            }
        }
        FailureMode::KeysUnreachable
            if lower.contains("timeout") || lower.contains("timed out") =>
        {
            out.push("the text mentions a timeout".to_string());
        }
        FailureMode::NoToken => {
            if lower.contains("actions_id_token_request") {
                out.push("the runner has no ACTIONS_ID_TOKEN_REQUEST_URL: GitHub sets it only for jobs with `id-token: write`".to_string());
            }
            if lower.contains("you might be trying to authenticate with oidc")
                || lower.contains("did you mean to set the `id-token` permission")
            {
                out.push("aws-actions/configure-aws-credentials was given `role-to-assume` but found no ACTIONS_ID_TOKEN_REQUEST_TOKEN: GitHub sets it only for jobs with `id-token: write`".to_string());
            }
            if lower.contains("no such file or directory") {
                out.push("the token file does not exist in the container".to_string());
            }
            if lower.contains("role arn is not set") || lower.contains("must be set") {
                out.push("the SDK found no AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE in the environment".to_string());
            }
        }
        _ => {}
    }
    out
}

fn parse_eks(iss: &str) -> bool {
    iss.to_ascii_lowercase().starts_with("https://oidc.eks.")
}

#[cfg(test)]
mod tests;
