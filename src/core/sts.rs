//! Simulating `sts:AssumeRoleWithWebIdentity`: the request checks, the IAM OIDC provider lookup,
//! the audience, keys and signature, times, the trust policy and the session — in that order —
//! ending in the exact error STS would return, or success (domain.md §2–§5).
//!
//! Invariants:
//! - Every step is evaluated and reported, even after one has failed; the first failing step
//!   decides the verdict, as STS stops there.
//! - Error messages are byte-exact where AWS's text is known (spacing quirks included). Where AWS
//!   documents nothing (check order, `nbf`, clock skew, several audiences, the message for a bad
//!   signature) the report says so in `caveats` rather than guessing silently.
//! - No clock and no network: the evaluation time, the signature verdict and any fetch failure
//!   are inputs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::claims::{GITHUB_ISSUER, LEGACY_K8S_ISSUER};
use super::finding::{Check, CheckStatus, Finding, Severity};
use super::jwt::Token;
use super::oidc::FetchFailure;
use super::policy::{
    self, ActionEvaluation, Actions, Caller, ConditionResult, Context, ContextValue, Decision,
    Effect, Family, Policy, Principal, SetOp, Tri,
};
use super::timefmt::{format_duration, format_rfc3339};
use super::verify::{Reason, SignatureReport, SignatureStatus};

/// The action being simulated.
pub const ACTION: &str = "sts:AssumeRoleWithWebIdentity";
/// Message for an audience that is not a client ID.
pub const MSG_AUDIENCE: &str = "Incorrect token audience";
/// Message for a token without `aud`.
pub const MSG_MISSING_AUD: &str = "Missing a required claim: aud";
/// Message when discovery or keys cannot be fetched (two spaces after the comma, as STS sends it).
pub const MSG_KEYS: &str = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
/// Message for a thumbprint mismatch.
pub const MSG_THUMBPRINT: &str =
    "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint";
/// Message for a trust-policy denial.
pub const MSG_ACCESS_DENIED: &str = "Not authorized to perform sts:AssumeRoleWithWebIdentity";
/// Message for DurationSeconds above the role's maximum.
pub const MSG_DURATION: &str =
    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";

/// The IAM OIDC provider as registered in the role's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSettings {
    /// The provider URL (with or without `https://`, as IAM shows it). Empty: no provider.
    pub url: String,
    /// Its client IDs (audiences).
    pub client_ids: Vec<String>,
    /// Its thumbprints (SHA-1 hex), as configured.
    pub thumbprints: Vec<String>,
    /// The SHA-1 fingerprint of the issuer's top intermediate CA as the user observed it (with
    /// `openssl`; a page cannot see certificates). `None`: not checked.
    #[serde(default)]
    pub observed_thumbprint: Option<String>,
}

/// The request and the role, as the user describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StsRequest {
    /// `RoleArn`; when absent the account comes from the policy's `Federated` ARN.
    pub role_arn: Option<String>,
    /// `RoleSessionName`.
    pub session_name: String,
    /// `DurationSeconds`, if the caller sets it (SDK default: 3600).
    pub duration_seconds: Option<i64>,
    /// The role's `MaxSessionDuration` (3600–43200, default 3600).
    pub max_session_duration: i64,
    /// The provider registered in the account.
    pub provider: ProviderSettings,
    /// The trust policy text, if given.
    pub policy: Option<String>,
}

impl StsRequest {
    /// The defaults the page pre-fills for a token: a provider for its `iss` with
    /// `sts.amazonaws.com`, session name `tokenscope`, the role's default maximum of 1 h.
    pub fn defaults_for(token: &Token) -> StsRequest {
        StsRequest::defaults_for_issuer(token.claim_str("iss").unwrap_or_default())
    }

    /// The defaults for a token whose `iss` is `iss` (see [`StsRequest::defaults_for`]).
    pub fn defaults_for_issuer(iss: &str) -> StsRequest {
        StsRequest {
            role_arn: None,
            session_name: "tokenscope-session".to_string(),
            duration_seconds: None,
            max_session_duration: 3600,
            provider: ProviderSettings {
                url: iss.to_string(),
                client_ids: vec!["sts.amazonaws.com".to_string()],
                thumbprints: Vec::new(),
                observed_thumbprint: None,
            },
            policy: None,
        }
    }
}

/// What the keys step knows besides the signature verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KeysEvidence {
    /// A fetch of discovery or JWKS that failed, as the page saw it.
    pub fetch_failure: Option<FetchFailure>,
    /// Whether a discovery document named a different issuer.
    pub discovery_issuer_mismatch: Option<String>,
}

/// The pipeline's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    /// Request validation.
    Request,
    /// IAM OIDC provider lookup.
    Provider,
    /// Audience.
    Audience,
    /// Keys and signature.
    Signature,
    /// Token times.
    Time,
    /// Trust policy.
    TrustPolicy,
    /// Session limits.
    Session,
}

impl StepId {
    /// Display title.
    pub fn title(self) -> &'static str {
        match self {
            StepId::Request => "Request validation",
            StepId::Provider => "IAM OIDC provider lookup",
            StepId::Audience => "Audience",
            StepId::Signature => "Keys and signature",
            StepId::Time => "Token times",
            StepId::TrustPolicy => "Trust policy",
            StepId::Session => "Session",
        }
    }
}

/// One failure mode of domain.md §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FailureMode {
    /// Its number in domain.md §5.
    pub number: u8,
    /// Its name.
    pub name: &'static str,
}

const fn mode(number: u8, name: &'static str) -> FailureMode {
    FailureMode { number, name }
}

/// domain.md §5, by number.
pub mod modes {
    use super::{FailureMode, mode};
    /// 1.
    pub const NO_PROVIDER: FailureMode = mode(1, "no IAM OIDC provider for the issuer");
    /// 2.
    pub const ISSUER_MISMATCH: FailureMode = mode(2, "issuer string mismatch");
    /// 3.
    pub const AUDIENCE: FailureMode = mode(3, "audience not in the provider's client IDs");
    /// 4.
    pub const NO_AUDIENCE: FailureMode = mode(4, "token has no audience");
    /// 5.
    pub const KEYS_UNREACHABLE: FailureMode = mode(5, "discovery or JWKS unreachable or slow");
    /// 6.
    pub const THUMBPRINT: FailureMode = mode(6, "thumbprint mismatch");
    /// 7.
    pub const EXPIRED: FailureMode = mode(7, "expired token");
    /// 8.
    pub const SUBJECT: FailureMode = mode(8, "subject does not match the trust policy");
    /// 9.
    pub const CASE: FailureMode = mode(9, "letter-case difference under a case-sensitive operator");
    /// 10.
    pub const KEY_PREFIX: FailureMode =
        mode(10, "wrong condition-key prefix or unsupported claim key");
    /// 11.
    pub const ACTION_OR_PRINCIPAL: FailureMode =
        mode(11, "wrong action or wrong Federated principal");
    /// 12.
    pub const TAGS: FailureMode = mode(
        12,
        "tags or source identity without sts:TagSession / sts:SetSourceIdentity",
    );
    /// 13.
    pub const SESSION_NAME: FailureMode = mode(13, "invalid RoleSessionName");
    /// 14.
    pub const DURATION: FailureMode = mode(14, "DurationSeconds above MaxSessionDuration");
    /// 15.
    pub const NO_TOKEN: FailureMode =
        mode(15, "no token (GitHub workflow without id-token: write)");
}

/// A failed step's consequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepFailure {
    /// AWS error code.
    pub code: &'static str,
    /// The exact message, when AWS's text is known.
    pub message: Option<String>,
    /// HTTP status STS answers with.
    pub http_status: u16,
    /// The failure mode of domain.md §5.
    pub mode: Option<FailureMode>,
}

/// One step of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Which step.
    pub id: StepId,
    /// Title.
    pub title: &'static str,
    /// Pass, Fail, Warn (pass with caveat) or Skipped (not enough input).
    pub status: CheckStatus,
    /// The comparisons made.
    pub checks: Vec<Check>,
    /// Set when the step fails.
    pub failure: Option<StepFailure>,
    /// What to change.
    pub fix: Option<String>,
}

/// The outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// STS would return credentials.
    Success,
    /// STS would return an error.
    Failure,
    /// Depends on request values not known here (e.g. the caller's IP for `aws:SourceIp`).
    Undetermined,
}

impl Outcome {
    /// `success`, `failure`, `undetermined`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Undetermined => "undetermined",
        }
    }
}

/// The simulation's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StsReport {
    /// The outcome.
    pub outcome: Outcome,
    /// The AWS error code, when failing.
    pub error_code: Option<&'static str>,
    /// The exact message when known (see `caveats` otherwise).
    pub message: Option<String>,
    /// The HTTP status, when failing.
    pub http_status: Option<u16>,
    /// The step that decided a failure.
    pub deciding_step: Option<StepId>,
    /// The failure mode of domain.md §5.
    pub failure_mode: Option<FailureMode>,
    /// One-sentence summary for the verdict banner.
    pub summary: String,
    /// The fix for the deciding failure, in words.
    pub fix: Option<String>,
    /// The trust policy with the fix applied, when the fix is a policy edit.
    pub suggested_policy: Option<String>,
    /// Changed request settings that would fix it (field name, new value).
    pub suggested_settings: Vec<(String, String)>,
    /// Every step in pipeline order.
    pub steps: Vec<Step>,
    /// The trust-policy evaluation per action (empty without a policy).
    pub policy_evaluations: Vec<ActionEvaluation>,
    /// Policy reading problems.
    pub policy_problems: Vec<policy::PolicyProblem>,
    /// Findings, even when the call succeeds.
    pub findings: Vec<Finding>,
    /// Where this prediction rests on undocumented behaviour or on assumptions.
    pub caveats: Vec<String>,
    /// Assumptions made (e.g. the account taken from the policy).
    pub assumptions: Vec<String>,
}

/// Why the STS simulation cannot run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum StsInputError {
    /// The trust policy text is unusable.
    #[error("trust policy: {0}")]
    Policy(#[from] policy::PolicyError),
}

/// The provider key prefix for an issuer: `iss` without `https://`.
pub fn provider_prefix(iss: &str) -> &str {
    iss.strip_prefix("https://").unwrap_or(iss)
}

/// Built-in identity providers named directly in `Principal.Federated`.
const BUILTIN: [&str; 4] = [
    "accounts.google.com",
    "cognito-identity.amazonaws.com",
    "www.amazon.com",
    "graph.facebook.com",
];

/// Claims a generic OIDC provider exposes as condition keys.
const OIDC_KEYS: [&str; 5] = ["aud", "sub", "azp", "amr", "email"];
/// GitHub claims available as condition keys since January 2026 (domain.md §3).
const GITHUB_KEYS: [&str; 9] = [
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];
/// Keys whose value depends on the caller, not the token.
const CALLER_KEYS: [&str; 8] = [
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:vpcsourceip",
    "aws:requestedregion",
    "aws:useragent",
    "aws:referer",
    "aws:calledvia",
];

/// The request context built from the token and the request.
pub struct RequestContext<'a> {
    prefix: String,
    claims: &'a Map<String, Value>,
    session_name: &'a str,
    at: i64,
    google: bool,
    github: bool,
}

impl<'a> RequestContext<'a> {
    /// Builds the context for `token` and `request` at `at`.
    pub fn new(token: &'a Token, request: &'a StsRequest, at: i64) -> Self {
        let iss = token.claim_str("iss").unwrap_or_default();
        let prefix = provider_prefix(iss).to_string();
        RequestContext {
            google: prefix == "accounts.google.com",
            github: iss == GITHUB_ISSUER,
            prefix,
            claims: &token.claims,
            session_name: &request.session_name,
            at,
        }
    }

    fn claim(&self, name: &str, label: &str) -> ContextValue {
        match self.claims.get(name) {
            None => ContextValue::Absent {
                reason: format!("the token has no `{name}` claim"),
            },
            Some(Value::Array(items)) => ContextValue::Present {
                values: items.iter().map(value_text).collect(),
                multi: items.len() != 1,
                source: format!("the token's `{name}` ({label})"),
            },
            Some(v) => ContextValue::Present {
                values: vec![value_text(v)],
                multi: false,
                source: format!("the token's `{name}`"),
            },
        }
    }

    fn tags(&self) -> Option<&Map<String, Value>> {
        self.claims
            .get("https://aws.amazon.com/tags")
            .and_then(Value::as_object)
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Context for RequestContext<'_> {
    fn lookup(&self, key: &str) -> ContextValue {
        let lower = key.to_ascii_lowercase();
        if CALLER_KEYS.contains(&lower.as_str()) {
            return ContextValue::Unknown {
                reason: format!("the caller's request (`{key}` is not in the token)"),
            };
        }
        match lower.as_str() {
            "sts:rolesessionname" => {
                return ContextValue::Present {
                    values: vec![self.session_name.to_string()],
                    multi: false,
                    source: "the request's RoleSessionName".into(),
                };
            }
            "aws:currenttime" => {
                return ContextValue::Present {
                    values: vec![format_rfc3339(self.at)],
                    multi: false,
                    source: "the evaluation time".into(),
                };
            }
            "aws:epochtime" => {
                return ContextValue::Present {
                    values: vec![self.at.to_string()],
                    multi: false,
                    source: "the evaluation time".into(),
                };
            }
            "aws:securetransport" => {
                return ContextValue::Present {
                    values: vec!["true".into()],
                    multi: false,
                    source: "STS is called over TLS".into(),
                };
            }
            "sts:sourceidentity" => {
                return self.claim("https://aws.amazon.com/source_identity", "source identity");
            }
            "aws:tagkeys" => {
                return match self
                    .tags()
                    .and_then(|t| t.get("principal_tags"))
                    .and_then(Value::as_object)
                {
                    Some(tags) => ContextValue::Present {
                        values: tags.keys().cloned().collect(),
                        multi: true,
                        source: "the token's session tags".into(),
                    },
                    None => ContextValue::Absent {
                        reason: "the token carries no session tags".into(),
                    },
                };
            }
            "sts:transitivetagkeys" => {
                return match self
                    .tags()
                    .and_then(|t| t.get("transitive_tag_keys"))
                    .and_then(Value::as_array)
                {
                    Some(keys) => ContextValue::Present {
                        values: keys.iter().map(value_text).collect(),
                        multi: true,
                        source: "the token's transitive tag keys".into(),
                    },
                    None => ContextValue::Absent {
                        reason: "the token carries no transitive tag keys".into(),
                    },
                };
            }
            _ => {}
        }
        if let Some(tag) = lower.strip_prefix("aws:requesttag/") {
            let found = self
                .tags()
                .and_then(|t| t.get("principal_tags"))
                .and_then(Value::as_object)
                .and_then(|m| {
                    m.iter()
                        .find(|(k, _)| k.to_ascii_lowercase() == tag)
                        .map(|(_, v)| v)
                });
            return match found {
                Some(Value::Array(v)) => ContextValue::Present {
                    values: v.iter().map(value_text).collect(),
                    multi: false,
                    source: "the token's session tags".into(),
                },
                Some(v) => ContextValue::Present {
                    values: vec![value_text(v)],
                    multi: false,
                    source: "the token's session tags".into(),
                },
                None => ContextValue::Absent {
                    reason: format!("the token has no session tag `{tag}`"),
                },
            };
        }
        let Some((prefix, claim)) = key.rsplit_once(':') else {
            return ContextValue::Absent {
                reason: format!("`{key}` is not a condition key (expected `prefix:name`)"),
            };
        };
        if prefix.starts_with("aws") || prefix.starts_with("sts") && !prefix.contains('.') {
            return ContextValue::Absent {
                reason: format!(
                    "`{key}` is not in the request context of AssumeRoleWithWebIdentity"
                ),
            };
        }
        if !prefix.eq_ignore_ascii_case(&self.prefix) {
            return ContextValue::Absent {
                reason: prefix_mismatch(prefix, &self.prefix),
            };
        }
        let claim_l = claim.to_ascii_lowercase();
        if self.google {
            let azp = self.claims.get("azp").is_some();
            return match claim_l.as_str() {
                "aud" if azp => self.claim("azp", "Google maps `:aud` to `azp` when present"),
                "oaud" if azp => self.claim("aud", "Google's original audience"),
                "oaud" => ContextValue::Absent {
                    reason: "`oaud` exists only when the Google token has `azp`".into(),
                },
                "aud" | "sub" => self.claim(&claim_l, "Google"),
                _ => ContextValue::Absent {
                    reason: format!(
                        "AWS does not put `{claim}` in the request context for accounts.google.com (only `aud`, `oaud` and `sub`)"
                    ),
                },
            };
        }
        let supported = OIDC_KEYS.contains(&claim_l.as_str())
            || self.github && GITHUB_KEYS.contains(&claim_l.as_str());
        if !supported {
            let mut list: Vec<&str> = OIDC_KEYS.to_vec();
            if self.github {
                list.extend(GITHUB_KEYS);
            }
            return ContextValue::Absent {
                reason: format!(
                    "AWS does not put `{claim}` in the request context for this provider; available claim keys: {}",
                    list.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
        }
        self.claim(&claim_l, "array")
    }
}

fn prefix_mismatch(written: &str, expected: &str) -> String {
    let why = if written.starts_with("https://") || written.starts_with("http://") {
        "a condition key never starts with `https://`".to_string()
    } else if written.eq_ignore_ascii_case(expected.split('/').next().unwrap_or_default()) {
        "the prefix lacks the issuer's path".to_string()
    } else if written.trim_end_matches('/') == expected.trim_end_matches('/') {
        "the prefix differs from the issuer by a trailing `/`".to_string()
    } else {
        "the prefix belongs to another provider (check the region and cluster id)".to_string()
    };
    format!(
        "`{written}` is not this token's provider `{expected}`: {why}; keys with an unknown prefix are absent"
    )
}

/// Simulates the call.
///
/// # Errors
/// Returns [`StsInputError`] when the trust policy text cannot be read at all.
pub fn simulate(
    token: &Token,
    signature: &SignatureReport,
    evidence: &KeysEvidence,
    request: &StsRequest,
    at: i64,
) -> Result<StsReport, StsInputError> {
    let policy = match request.policy.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(policy::parse_policy(text)?),
        _ => None,
    };
    let mut caveats = vec![
        "AWS does not document the order of these checks; when several fail, STS may report another of them first.".to_string(),
    ];
    let mut assumptions = Vec::new();
    let mut findings = Vec::new();
    let iss = token.claim_str("iss").unwrap_or_default();

    let (partition, account) = role_account(request, policy.as_ref(), iss, &mut assumptions);
    let provider_arn = format!(
        "arn:{partition}:iam::{account}:oidc-provider/{}",
        provider_prefix(iss)
    );
    let federated = if BUILTIN.contains(&provider_prefix(iss)) {
        provider_prefix(iss).to_string()
    } else {
        provider_arn.clone()
    };

    let mut steps = vec![
        request_step(token, request),
        provider_step(iss, &request.provider, &provider_arn),
        audience_step(token, &request.provider, &mut caveats),
        signature_step(
            signature,
            evidence,
            &request.provider,
            iss,
            &mut caveats,
            &mut findings,
        ),
        time_step(token, at, &mut caveats),
    ];
    let mut policy_evaluations = Vec::new();
    let mut suggested_policy = None;
    let policy_step = match &policy {
        None => Step {
            id: StepId::TrustPolicy,
            title: StepId::TrustPolicy.title(),
            status: CheckStatus::Skipped,
            checks: vec![Check::new(
                "policy.missing",
                "trust policy",
                CheckStatus::Skipped,
                "paste the role's trust policy to evaluate it (IAM console: the role's Trust relationships tab; CLI: aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument)",
            )],
            failure: None,
            fix: None,
        },
        Some(p) => {
            let ctx = RequestContext::new(token, request, at);
            let caller = Caller {
                federated: federated.clone(),
            };
            let mut actions = vec![ACTION.to_string()];
            if token.claims.contains_key("https://aws.amazon.com/tags") {
                actions.push("sts:TagSession".to_string());
            }
            if token
                .claims
                .contains_key("https://aws.amazon.com/source_identity")
            {
                actions.push("sts:SetSourceIdentity".to_string());
            }
            policy_evaluations = actions
                .iter()
                .map(|a| policy::evaluate(p, &caller, a, &ctx))
                .collect();
            policy_findings(p, &policy_evaluations, &ctx, token, iss, &mut findings);
            let (step, suggestion) = policy_step(p, &policy_evaluations, token, &federated);
            suggested_policy = suggestion;
            step
        }
    };
    steps.push(policy_step);
    steps.push(session_step(token, request));

    let deciding = steps.iter().find(|s| s.status == CheckStatus::Fail);
    let undetermined = policy_evaluations
        .iter()
        .any(|e| e.decision == Decision::Unknown);
    // A condition IAM would not accept is evaluated as unknown, never dropped.
    let unreadable = policy.as_ref().is_some_and(|p| {
        p.statements
            .iter()
            .flat_map(|st| &st.conditions)
            .any(|c| c.operator.family == policy::Family::Unreadable)
    });
    let mut suggested_settings = Vec::new();
    let (outcome, summary) = match deciding {
        Some(step) => {
            let f = step.failure.clone();
            let code = f.as_ref().map_or("", |f| f.code);
            (Outcome::Failure, format!("STS would fail at “{}” with {code}", step.title))
        }
        None if undetermined && unreadable => (
            Outcome::Undetermined,
            "the trust policy has a condition that cannot be read, and IAM would refuse to save it \
             as written, so it cannot be the role's policy: fix it (see the policy's notes) and \
             the verdict follows"
                .to_string(),
        ),
        None if undetermined => (Outcome::Undetermined, "the trust policy's result depends on values of the caller's request that a token does not carry".to_string()),
        None => {
            let mut s = "STS would return credentials".to_string();
            if signature.status != SignatureStatus::Valid {
                s.push_str(", provided the signature verifies (it was not checked)");
            }
            if policy.is_none() {
                s.push_str(", provided the trust policy allows it (it was not evaluated)");
            }
            // A shared IdP (GitHub, Google, …) without a scoped `sub`: works for a role that
            // already has this policy, but IAM would not save it today.
            if findings
                .iter()
                .any(|f| f.code == "sub_not_scoped" && f.severity == Severity::Danger)
            {
                s.push_str(" — but IAM refuses to save a trust policy like this one today (`sub` is not scoped for a shared issuer; see the findings): only a role that already has it works");
            }
            (Outcome::Success, s)
        }
    };
    if let Some(step) = deciding {
        if step.id == StepId::Provider && iss.starts_with("https://") {
            suggested_settings.push(("provider-url".to_string(), iss.to_string()));
        }
        if step.id == StepId::Audience
            && let Some(aud) = first_aud(token)
        {
            // Add the token's audience; the provider's other client IDs stay (other workloads
            // may use them).
            let mut ids = request.provider.client_ids.clone();
            if !ids.contains(&aud) {
                ids.push(aud);
            }
            suggested_settings.push(("client-ids".to_string(), ids.join(", ")));
        }
        if step.id == StepId::Session
            && let Some(d) = request.duration_seconds
        {
            suggested_settings.push(("max-session".to_string(), d.to_string()));
        }
        if step.id == StepId::Request && !session_name_ok(&request.session_name) {
            suggested_settings.push((
                "session-name".to_string(),
                sanitize_session_name(&request.session_name),
            ));
        }
    }
    if signature.status == SignatureStatus::Unverified {
        assumptions.push(
            "the signature was not verified (no keys yet): the verdict assumes it is valid"
                .to_string(),
        );
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let failure = deciding.and_then(|s| s.failure.clone());
    Ok(StsReport {
        outcome,
        error_code: failure.as_ref().map(|f| f.code),
        message: failure.as_ref().and_then(|f| f.message.clone()),
        http_status: failure.as_ref().map(|f| f.http_status),
        deciding_step: deciding.map(|s| s.id),
        failure_mode: failure.as_ref().and_then(|f| f.mode),
        summary,
        fix: deciding.and_then(|s| s.fix.clone()),
        suggested_policy: if deciding.is_some_and(|s| s.id == StepId::TrustPolicy) {
            suggested_policy
        } else {
            None
        },
        suggested_settings,
        steps,
        policy_evaluations,
        policy_problems: policy.map(|p| p.problems).unwrap_or_default(),
        findings,
        caveats,
        assumptions,
    })
}

fn first_aud(token: &Token) -> Option<String> {
    match token.claims.get("aud") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(a)) => a.first().and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// Partition and account: from the role ARN, else from the policy's Federated ARN.
fn role_account(
    request: &StsRequest,
    policy: Option<&Policy>,
    iss: &str,
    assumptions: &mut Vec<String>,
) -> (String, String) {
    if let Some(arn) = request.role_arn.as_deref().filter(|a| !a.trim().is_empty()) {
        let parts: Vec<&str> = arn.trim().splitn(6, ':').collect();
        if let [_, partition, _, _, account, _] = parts.as_slice() {
            return (partition.to_string(), account.to_string());
        }
    }
    let prefix = provider_prefix(iss);
    let from_policy = policy.and_then(|p| {
        let all: Vec<&String> = p
            .statements
            .iter()
            .filter_map(|s| match &s.principal {
                Principal::Named { federated, .. } => Some(federated.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        let parse = |f: &&String| -> Option<(String, String, String)> {
            let parts: Vec<&str> = f.splitn(6, ':').collect();
            match parts.as_slice() {
                ["arn", partition, "iam", "", account, resource] => resource
                    .strip_prefix("oidc-provider/")
                    .map(|host| (partition.to_string(), account.to_string(), host.to_string())),
                _ => None,
            }
        };
        all.iter()
            .filter_map(parse)
            .find(|(_, _, h)| h == prefix)
            .or_else(|| all.iter().filter_map(parse).next())
    });
    match from_policy {
        Some((partition, account, _)) => {
            assumptions.push(format!("no role ARN given: the role's account is taken to be {account} (partition {partition}), from the trust policy's `Federated` ARN"));
            (partition, account)
        }
        None => {
            assumptions.push("no role ARN and no `Federated` ARN: the account is unknown (shown as 111122223333)".to_string());
            ("aws".to_string(), "111122223333".to_string())
        }
    }
}

fn step(id: StepId, checks: Vec<Check>, failure: Option<StepFailure>, fix: Option<String>) -> Step {
    let status = if failure.is_some() {
        CheckStatus::Fail
    } else if checks.iter().any(|c| c.status == CheckStatus::Warn) {
        CheckStatus::Warn
    } else if !checks.is_empty() && checks.iter().all(|c| c.status == CheckStatus::Skipped) {
        CheckStatus::Skipped
    } else {
        CheckStatus::Pass
    };
    Step {
        id,
        title: id.title(),
        status,
        checks,
        failure,
        fix,
    }
}

fn fail(
    code: &'static str,
    message: Option<String>,
    http_status: u16,
    mode: Option<FailureMode>,
) -> Option<StepFailure> {
    Some(StepFailure {
        code,
        message,
        http_status,
        mode,
    })
}

/// `[\w+=,.@-]*` with Java's `\w` (ASCII letters, digits, underscore).
fn session_name_ok(name: &str) -> bool {
    (2..=64).contains(&name.chars().count()) && name.chars().all(session_char_ok)
}

fn session_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

fn sanitize_session_name(name: &str) -> String {
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

fn request_step(token: &Token, request: &StsRequest) -> Step {
    let mut checks = Vec::new();
    let mut errors = Vec::new();
    let name = &request.session_name;
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
    let name_check = Check::new(
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
    .compare("[\\w+=,.@-]{2,64}", name.clone());
    checks.push(name_check);
    if let Some(d) = request.duration_seconds {
        let ok = (900..=43200).contains(&d);
        if d < 900 {
            errors.push(format!("Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
        } else if d > 43200 {
            errors.push(format!("Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"));
        }
        checks.push(
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
            .compare("900–43200", d.to_string()),
        );
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
        let ok = is_role_arn(arn.trim());
        checks.push(
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
            .actual(arn.to_string()),
        );
        if !ok {
            errors.push(format!(
                "Value '{arn}' at 'roleArn' failed to satisfy constraint: Member must be a role ARN"
            ));
        }
    }
    let failure = if errors.is_empty() {
        None
    } else {
        let n = errors.len();
        let head = if n == 1 {
            "1 validation error detected: ".to_string()
        } else {
            format!("{n} validation errors detected: ")
        };
        let mode = if !name_check_ok(name) {
            Some(modes::SESSION_NAME)
        } else {
            None
        };
        fail(
            "ValidationError",
            Some(format!("{head}{}", errors.join("; "))),
            400,
            mode,
        )
    };
    let fix = if !name_check_ok(name) {
        Some(format!(
            "use a RoleSessionName of 2–64 characters from letters, digits and _+=,.@- (for example `{}`); GitHub's `[bot]` actors and `/` or `:` in names are common culprits",
            sanitize_session_name(name)
        ))
    } else if failure.is_some() {
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
    };
    step(StepId::Request, checks, failure, fix)
}

fn name_check_ok(name: &str) -> bool {
    session_name_ok(name)
}

fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", p, "iam", "", acct, res]
        if !p.is_empty() && acct.len() == 12 && acct.chars().all(|c| c.is_ascii_digit()) && res.starts_with("role/") && res.len() > 5)
}

fn provider_step(iss: &str, provider: &ProviderSettings, provider_arn: &str) -> Step {
    let registered = provider.url.trim();
    let registered_full = if registered.starts_with("https://") || registered.is_empty() {
        registered.to_string()
    } else {
        format!("https://{registered}")
    };
    let title = "an IAM OIDC provider in the role's account has URL = `iss`";
    let no_provider = |detail: String, mode: FailureMode| {
        (
            fail(
                "InvalidIdentityToken",
                Some(format!(
                    "No OpenIDConnect provider found in your account for {iss}"
                )),
                400,
                Some(mode),
            ),
            detail,
        )
    };
    let (failure, detail, fix) = if iss.is_empty() {
        // STS cannot look a provider up; what it answers then is not documented.
        (
            fail("InvalidIdentityToken", None, 400, Some(modes::NO_PROVIDER)),
            "the token has no `iss` claim (or it is not a string): STS finds the provider by `iss`, so none can match".to_string(),
            Some("use a token from an OIDC issuer: web-identity tokens carry `iss`, the issuer's https URL (an EKS pod's projected service-account token, a GitHub Actions OIDC token)".to_string()),
        )
    } else if iss == LEGACY_K8S_ISSUER || !iss.starts_with("https://") {
        let (f, d) = no_provider(
            format!(
                "`{iss}` is not an https URL; IAM OIDC provider URLs must start with https://, so no provider can match"
            ),
            modes::NO_PROVIDER,
        );
        (f, d, Some("use a projected service-account token whose issuer is the cluster's public https issuer".to_string()))
    } else if registered.is_empty() {
        let (f, d) = no_provider(
            "no IAM OIDC provider is registered for this issuer in the role's account".to_string(),
            modes::NO_PROVIDER,
        );
        (
            f,
            d,
            Some(format!(
                "create the provider: aws iam create-open-id-connect-provider --url {iss} --client-id-list sts.amazonaws.com (on EKS: eksctl utils associate-iam-oidc-provider --cluster NAME --approve). It must be in the role's account."
            )),
        )
    } else if registered_full == iss {
        (None, format!("provider ARN `{provider_arn}`"), None)
    } else {
        let why = if registered_full.trim_end_matches('/') == iss.trim_end_matches('/') {
            "they differ by a trailing `/`; the match is byte for byte"
        } else if registered_full.eq_ignore_ascii_case(iss) {
            "they differ in letter case; the match is case-sensitive"
        } else if iss.starts_with(&registered_full) || registered_full.starts_with(iss) {
            "the paths differ; the provider URL must include the issuer's full path"
        } else {
            "they are different issuers (another cluster, region or account?)"
        };
        let (f, _) = no_provider(String::new(), modes::ISSUER_MISMATCH);
        (
            f,
            format!("the registered provider is `{registered_full}`: {why}"),
            Some(format!("register a provider whose URL is exactly `{iss}`")),
        )
    };
    let status = if failure.is_some() {
        CheckStatus::Fail
    } else {
        CheckStatus::Pass
    };
    let mut check = Check::new("provider.url", title, status, detail).compare(
        iss,
        if registered.is_empty() {
            "(none)".to_string()
        } else {
            registered_full
        },
    );
    if let Some(f) = &fix {
        check = check.fix(f.clone());
    }
    step(StepId::Provider, vec![check], failure, fix)
}

fn audience_step(token: &Token, provider: &ProviderSettings, caveats: &mut Vec<String>) -> Step {
    let ids = &provider.client_ids;
    let shown_ids = if ids.is_empty() {
        "(none)".to_string()
    } else {
        ids.join(", ")
    };
    let title = "`aud` is one of the provider's client IDs";
    let auds: Vec<String> = match token.claims.get("aud") {
        None => {
            let check = Check::new("audience.aud", title, CheckStatus::Fail, "the token has no `aud` claim (legacy service-account tokens have none)")
                .compare(shown_ids, "(absent)")
                .fix("use a token issued for an audience: a projected service-account token with audience sts.amazonaws.com");
            return step(StepId::Audience, vec![check], fail("InvalidIdentityToken", Some(MSG_MISSING_AUD.into()), 400, Some(modes::NO_AUDIENCE)), Some("use a token that has an `aud` claim (a projected service-account token, audience sts.amazonaws.com)".into()));
        }
        Some(Value::Array(a)) => a.iter().map(value_text).collect(),
        Some(v) => vec![value_text(v)],
    };
    let matched: Vec<&String> = auds.iter().filter(|a| ids.contains(a)).collect();
    let actual = auds.join(", ");
    if matched.is_empty() {
        let near = auds.iter().find_map(|a| {
            ids.iter()
                .find(|id| {
                    id.eq_ignore_ascii_case(a)
                        || id.trim_end_matches('/') == a.trim_end_matches('/')
                })
                .map(|id| format!(" (`{a}` is close to the client ID `{id}`)"))
        });
        let detail = format!(
            "no audience of the token is a client ID of the provider{}",
            near.unwrap_or_default()
        );
        let fix = format!(
            "add `{}` to the provider's client IDs (aws iam add-client-id-to-open-id-connect-provider), or issue the token for `sts.amazonaws.com` (EKS: the eks.amazonaws.com/audience annotation; GitHub: the audience input of configure-aws-credentials)",
            auds.first().cloned().unwrap_or_default()
        );
        let check = Check::new("audience.aud", title, CheckStatus::Fail, detail)
            .compare(shown_ids, actual)
            .fix(fix.clone());
        return step(
            StepId::Audience,
            vec![check],
            fail(
                "InvalidIdentityToken",
                Some(MSG_AUDIENCE.into()),
                400,
                Some(modes::AUDIENCE),
            ),
            Some(fix),
        );
    }
    let mut check = Check::new(
        "audience.aud",
        title,
        CheckStatus::Pass,
        format!(
            "`{}` is a client ID",
            matched.first().map(|s| s.as_str()).unwrap_or_default()
        ),
    )
    .compare(shown_ids, actual);
    if auds.len() > 1 {
        check.status = CheckStatus::Warn;
        check.detail.push_str("; the token has several audiences — AWS documents nothing for this case (assumed to pass when any entry is a client ID)");
        caveats
            .push("several audiences in `aud`: AWS does not document how STS treats them".into());
    }
    step(StepId::Audience, vec![check], None, None)
}

fn signature_step(
    sig: &SignatureReport,
    evidence: &KeysEvidence,
    provider: &ProviderSettings,
    iss: &str,
    caveats: &mut Vec<String>,
    findings: &mut Vec<Finding>,
) -> Step {
    let mut checks = Vec::new();
    let title = "the token's signature verifies with the issuer's published keys";
    let mut failure = None;
    let mut fix = None;
    match &evidence.fetch_failure {
        Some(FetchFailure::Status { status }) => {
            failure = fail(
                "InvalidIdentityToken",
                Some(MSG_KEYS.into()),
                400,
                Some(modes::KEYS_UNREACHABLE),
            );
            fix = Some(format!(
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
            failure = fail(
                "InvalidIdentityToken",
                Some(MSG_KEYS.into()),
                400,
                Some(modes::KEYS_UNREACHABLE),
            );
            fix = Some("serve discovery and JWKS quickly from a public endpoint; STS gives up after about 5 s".to_string());
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
    if let Some(other) = &evidence.discovery_issuer_mismatch {
        checks.push(Check::new("keys.discovery_issuer", "discovery `issuer` equals `iss`", CheckStatus::Warn, "the discovery document names another issuer; OIDC requires equality, and STS's reaction is not documented by AWS").compare(iss, other.clone()));
    }
    match sig.status {
        SignatureStatus::Valid => checks.push(Check::new(
            "keys.signature",
            title,
            CheckStatus::Pass,
            sig.message.clone(),
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
            let mode = match sig.reason {
                Some(Reason::KidNotFound) => Some(modes::KEYS_UNREACHABLE),
                _ => None,
            };
            if failure.is_none() {
                failure = fail("InvalidIdentityToken", None, 400, mode);
                caveats.push("STS answers InvalidIdentityToken for a bad signature; AWS does not document the exact message for this case".into());
                fix = Some(match sig.reason {
                    Some(Reason::KidNotFound) => "the signing key is no longer (or not yet) published: get a fresh token (the kubelet refreshes projected tokens; EKS rotates keys about every 7 days) and check the issuer is the cluster's".to_string(),
                    Some(Reason::AlgNotAllowed | Reason::AlgUnsupported) => "the issuer must sign with RS256/RS384/RS512 or ES256/ES384/ES512".to_string(),
                    _ => "the token was altered or signed by a key the issuer does not publish: use the token exactly as issued".to_string(),
                });
            }
            checks.push(Check::new(
                "keys.signature",
                title,
                CheckStatus::Fail,
                format!("{} ({reason})", sig.message),
            ));
        }
    }
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
        let ignored = host == "accounts.google.com"
            || host.ends_with(".auth0.com")
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
                failure = fail(
                    "InvalidIdentityToken",
                    Some(MSG_THUMBPRINT.into()),
                    400,
                    Some(modes::THUMBPRINT),
                );
                fix = Some(f);
            }
        }
    }
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
    findings.push(Finding::new(
        "thumbprint_unchecked",
        Severity::Info,
        "thumbprints cannot be checked from a browser",
        format!(
            "{} IAM ignores thumbprints for Google, Auth0, S3-hosted key sets and most public identity providers (their certificates chain to a CA AWS trusts); which issuers qualify is not listed by AWS. Otherwise STS answers `{MSG_THUMBPRINT}` when the top intermediate CA changes: compare with `openssl s_client -servername HOST -showcerts -connect HOST:443` and the last certificate's SHA-1 fingerprint.",
            if provider.thumbprints.is_empty() { "No thumbprint configured." } else { "A page cannot see TLS certificates." }
        ),
    ));
    step(StepId::Signature, checks, failure, fix)
}

fn time_step(token: &Token, at: i64, caveats: &mut Vec<String>) -> Step {
    let mut checks = Vec::new();
    let mut failure = None;
    let mut fix = None;
    let int = |name: &str| token.claims.get(name).map(|v| (v.as_i64(), v.clone()));
    match int("exp") {
        None => {
            failure = fail("InvalidIdentityToken", None, 400, None);
            caveats.push(
                "a token without `exp` is refused; AWS does not document the exact message".into(),
            );
            checks.push(
                Check::new(
                    "time.exp",
                    "`exp` is in the future",
                    CheckStatus::Fail,
                    "the token has no `exp`",
                )
                .actual("(absent)"),
            );
            fix = Some(
                "use a token with an expiry (projected service-account tokens have one)".into(),
            );
        }
        Some((None, raw)) => {
            failure = fail("InvalidIdentityToken", None, 400, None);
            checks.push(
                Check::new(
                    "time.exp",
                    "`exp` is an integer",
                    CheckStatus::Fail,
                    "time claims must be integer seconds",
                )
                .actual(raw.to_string()),
            );
            fix = Some("the issuer must write `exp` as an integer".into());
        }
        Some((Some(exp), _)) => {
            let ok = exp > at;
            let mut c = Check::new(
                "time.exp",
                "`exp` is after the evaluation time",
                if ok {
                    CheckStatus::Pass
                } else {
                    CheckStatus::Fail
                },
                if ok {
                    format!("expires in {}", format_duration(exp - at))
                } else {
                    format!("expired {} ago", format_duration(at - exp))
                },
            )
            .compare(format!("after {}", format_rfc3339(at)), format_rfc3339(exp));
            if !ok {
                failure = fail(
                    "ExpiredTokenException",
                    Some(format!(
                        "Token expired: current date/time {at} must be before the expiration date/time{exp}"
                    )),
                    400,
                    Some(modes::EXPIRED),
                );
                let f = "use a fresh token: read the token file on every call (the kubelet refreshes it well before expiry; do not cache it or copy it into an environment variable), and retry with a new token rather than the same one".to_string();
                c = c.fix(f.clone());
                fix = Some(f);
            }
            checks.push(c);
        }
    }
    if let Some((Some(nbf), _)) = int("nbf")
        && nbf > at
    {
        checks.push(Check::new("time.nbf", "`nbf` is not after the evaluation time", CheckStatus::Warn, format!("not valid for another {}; whether STS enforces `nbf`, and with what clock skew, is not documented by AWS", format_duration(nbf - at))).compare(format!("≤ {}", format_rfc3339(at)), format_rfc3339(nbf)));
    }
    if let Some((Some(iat), _)) = int("iat") {
        if iat > at + 300 {
            checks.push(
                Check::new(
                    "time.iat",
                    "`iat` is not in the future",
                    CheckStatus::Warn,
                    "issued after the evaluation time: clocks disagree",
                )
                .actual(format_rfc3339(iat)),
            );
        } else if at - iat > 7 * 86_400 {
            checks.push(Check::new("time.iat", "token age", CheckStatus::Warn, format!("issued {} ago; STS refuses very old tokens (`Token too old`), with a threshold AWS does not document", format_duration(at - iat))).actual(format_rfc3339(iat)));
        }
    }
    step(StepId::Time, checks, failure, fix)
}

fn session_step(token: &Token, request: &StsRequest) -> Step {
    let mut checks = Vec::new();
    let mut failure = None;
    let mut fix = None;
    let max = request.max_session_duration;
    let requested = request.duration_seconds.unwrap_or(3600);
    let ok = requested <= max;
    let c = Check::new(
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
    if !ok {
        failure = fail(
            "ValidationError",
            Some(MSG_DURATION.into()),
            400,
            Some(modes::DURATION),
        );
        // The step shows the fix once (not on the check too).
        fix = Some(if requested > 43200 {
            format!(
                "request at most 43200 seconds (12 h, STS's limit) — and no more than the role's MaxSessionDuration, {max}; raise that with aws iam update-role --role-name NAME --max-session-duration N (N ≤ 43200)"
            )
        } else {
            format!(
                "raise the role's MaxSessionDuration to at least {requested} (aws iam update-role --role-name NAME --max-session-duration {requested}), or request {max} seconds or less"
            )
        });
    }
    checks.push(c);
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
        checks.push(
            Check::new(
                "session.tags",
                "session tags: ≤ 50, keys ≤ 128, values ≤ 256 characters",
                if ok {
                    CheckStatus::Pass
                } else {
                    CheckStatus::Fail
                },
                format!("{n} tags"),
            )
            .actual(n.to_string()),
        );
        if !ok && failure.is_none() {
            failure = fail("ValidationError", None, 400, None);
            fix = Some(
                "reduce the session tags in the token's https://aws.amazon.com/tags claim".into(),
            );
        }
    }
    step(StepId::Session, checks, failure, fix)
}

/// The trust-policy step, with the fix and an edited policy when the policy is at fault.
fn policy_step(
    p: &Policy,
    evals: &[ActionEvaluation],
    token: &Token,
    federated: &str,
) -> (Step, Option<String>) {
    let mut checks = Vec::new();
    for e in evals {
        let status = match e.decision {
            Decision::Allow => CheckStatus::Pass,
            Decision::Unknown => CheckStatus::Warn,
            _ => CheckStatus::Fail,
        };
        let detail = match e.decision {
            Decision::Allow => format!("allowed by {}", labels(e, &e.deciding)),
            Decision::ExplicitDeny => format!("explicitly denied by {}", labels(e, &e.deciding)),
            Decision::ImplicitDeny => "no Allow statement matches (implicit deny)".to_string(),
            Decision::Unknown => format!(
                "depends on the caller's request ({})",
                labels(e, &e.deciding)
            ),
        };
        checks.push(Check::new(
            "policy.decision",
            format!("the trust policy allows `{}`", e.action),
            status,
            detail,
        ));
    }
    let denied: Vec<&ActionEvaluation> = evals
        .iter()
        .filter(|e| matches!(e.decision, Decision::ImplicitDeny | Decision::ExplicitDeny))
        .collect();
    let Some(first) = denied.first() else {
        return (step(StepId::TrustPolicy, checks, None, None), None);
    };
    let (fix, mode, doc) = diagnose(p, first, token, federated);
    let failure = fail("AccessDenied", Some(MSG_ACCESS_DENIED.into()), 403, mode);
    let suggestion = doc.and_then(|d| serde_json::to_string_pretty(&d).ok());
    (
        step(StepId::TrustPolicy, checks, failure, Some(fix)),
        suggestion,
    )
}

fn labels(e: &ActionEvaluation, idx: &[usize]) -> String {
    idx.iter()
        .filter_map(|i| e.statements.iter().find(|s| s.index == *i))
        .map(|s| s.label.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The member of `map` named `name` in any letter case (IAM reads element names so), as written.
fn ci_key(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// Mutable access to statement `index` of a policy document.
fn statement_mut(doc: &mut Value, index: usize) -> Option<&mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let key = ci_key(root, "Statement")?;
    match root.get_mut(&key)? {
        Value::Array(items) => items.get_mut(index)?.as_object_mut(),
        Value::Object(map) if index == 0 => Some(map),
        _ => None,
    }
}

fn condition_values_mut<'a>(
    st: &'a mut Map<String, Value>,
    operator: &str,
    key: &str,
) -> Option<&'a mut Value> {
    let ck = ci_key(st, "Condition")?;
    st.get_mut(&ck)?
        .as_object_mut()?
        .get_mut(operator)?
        .as_object_mut()?
        .get_mut(key)
}

/// Explains an implicit or explicit deny: names the failing piece, the failure mode, the fix, and
/// returns the policy with the fix applied when it is a policy edit.
fn diagnose(
    p: &Policy,
    e: &ActionEvaluation,
    token: &Token,
    federated: &str,
) -> (String, Option<FailureMode>, Option<Value>) {
    if e.decision == Decision::ExplicitDeny {
        let names = labels(e, &e.deciding);
        return (
            format!(
                "{names} denies `{}`; a matching Deny always wins. Narrow or remove that statement.",
                e.action
            ),
            None,
            None,
        );
    }
    let allows: Vec<_> = e
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .collect();
    if allows.is_empty() {
        // `"Effect": "allow"`: meant as Allow, but Effect is case-sensitive and IAM would not
        // save it; the statement is ignored. Say so, and correct the case.
        let mut doc = p.document.clone();
        let mut fixed = Vec::new();
        for i in 0_usize.. {
            let Some(st) = statement_mut(&mut doc, i) else {
                break;
            };
            let Some(key) = ci_key(st, "Effect") else {
                continue;
            };
            if let Some(Value::String(effect)) = st.get_mut(&key)
                && effect != "Allow"
                && effect.eq_ignore_ascii_case("allow")
            {
                fixed.push(format!("statement {} has `{effect}`", i + 1));
                *effect = "Allow".to_string();
            }
        }
        if !fixed.is_empty() {
            return (
                format!(
                    "`Effect` is case-sensitive and {}: write `Allow` (IAM would not save the policy as written, and ignores the statement here)",
                    fixed.join(", ")
                ),
                Some(modes::ACTION_OR_PRINCIPAL),
                Some(doc),
            );
        }
        return ("the policy has no Allow statement: add one for the provider with `sts:AssumeRoleWithWebIdentity`".into(), Some(modes::ACTION_OR_PRINCIPAL), None);
    }
    // The closest Allow: principal and action first, then fewest failing conditions.
    let score = |s: &policy::StatementResult| -> (u8, usize) {
        let pa = u8::from(!s.principal.0) + u8::from(!s.action.0);
        (
            pa,
            s.conditions
                .iter()
                .filter(|c| c.result == Tri::False)
                .count(),
        )
    };
    let Some(best) = allows.iter().min_by_key(|s| score(s)) else {
        return ("no Allow statement matches".into(), None, None);
    };
    let mut doc = p.document.clone();
    let label = &best.label;
    if e.action != ACTION && !best.action.0 {
        // The main action is allowed but the tags/source-identity action is not.
        let edited = statement_mut(&mut doc, best.index)
            .map(|st| add_action(st, &e.action))
            .is_some();
        let why = if e.action == "sts:TagSession" {
            "the token carries session tags (`https://aws.amazon.com/tags`), so STS also needs `sts:TagSession`"
        } else {
            "the token carries a source identity, so STS also needs `sts:SetSourceIdentity`"
        };
        return (
            format!("{why}: add `{}` to the Action of {label}", e.action),
            Some(modes::TAGS),
            edited.then_some(doc),
        );
    }
    let mut fixes = Vec::new();
    let mut mode = None;
    if !best.principal.0 {
        fixes.push(format!(
            "{}; set `Principal.Federated` to `{federated}`",
            best.principal.1
        ));
        mode = Some(modes::ACTION_OR_PRINCIPAL);
        if let Some(st) = statement_mut(&mut doc, best.index) {
            if let Some(pk) = ci_key(st, "Principal") {
                st.insert(pk, serde_json::json!({ "Federated": federated }));
            } else {
                st.insert(
                    "Principal".to_string(),
                    serde_json::json!({ "Federated": federated }),
                );
            }
        }
    }
    if !best.action.0 {
        let assume_role_only = p.statements.iter().find(|s| s.index == best.index).is_some_and(
            |s| matches!(&s.actions, Actions::Action(a) if a.iter().any(|x| x.eq_ignore_ascii_case("sts:AssumeRole"))),
        );
        fixes.push(if assume_role_only {
            "it allows `sts:AssumeRole`, which is a different action: web-identity federation needs `sts:AssumeRoleWithWebIdentity`".to_string()
        } else {
            format!("{}; add `sts:AssumeRoleWithWebIdentity`", best.action.1)
        });
        mode = mode.or(Some(modes::ACTION_OR_PRINCIPAL));
        if let Some(st) = statement_mut(&mut doc, best.index) {
            if assume_role_only {
                replace_action(st, "sts:AssumeRole", ACTION);
            } else {
                add_action(st, ACTION);
            }
        }
    }
    for c in best.conditions.iter().filter(|c| c.result == Tri::False) {
        let (text, m) = explain_condition_fix(c, token);
        fixes.push(text);
        mode = mode.or(m);
        apply_condition_fix(&mut doc, best.index, c, token);
    }
    if fixes.is_empty() {
        return (format!("{label} does not apply"), None, None);
    }
    (format!("{label}: {}", fixes.join("; ")), mode, Some(doc))
}

fn add_action(st: &mut Map<String, Value>, action: &str) {
    let key = ci_key(st, "Action").unwrap_or_else(|| "Action".to_string());
    let new = match st.remove(&key) {
        Some(Value::Array(mut a)) => {
            a.push(Value::from(action));
            Value::Array(a)
        }
        Some(Value::String(s)) => Value::Array(vec![Value::from(s), Value::from(action)]),
        _ => Value::from(action),
    };
    st.insert(key, new);
}

fn replace_action(st: &mut Map<String, Value>, from: &str, to: &str) {
    let Some(key) = ci_key(st, "Action") else {
        return;
    };
    let swap = |v: &mut Value| {
        if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(from)) {
            *v = Value::from(to);
        }
    };
    match st.get_mut(&key) {
        Some(Value::Array(a)) => a.iter_mut().for_each(swap),
        Some(v) => swap(v),
        None => {}
    }
}

fn explain_condition_fix(c: &ConditionResult, token: &Token) -> (String, Option<FailureMode>) {
    let expects = c
        .policy_values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    match &c.context {
        ContextValue::Absent { reason } => {
            let mode = if reason.contains("not this token's provider")
                || reason.contains("does not put")
            {
                Some(modes::KEY_PREFIX)
            } else {
                None
            };
            (
                format!(
                    "the condition `{}` on `{}` fails because the key is absent: {reason}",
                    c.operator, c.key
                ),
                mode,
            )
        }
        ContextValue::Present { values, .. } => {
            let actual = values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let claim = c.key.rsplit_once(':').map_or(c.key.as_str(), |(_, k)| k);
            let family = policy::parse_operator(&c.operator).map(|o| o.family);
            let case_only = values.iter().any(|v| {
                c.policy_values.iter().any(|p| match family {
                    Some(Family::StringLike) => policy_like_ci(p, v),
                    Some(Family::StringEquals) => p.to_lowercase() == v.to_lowercase(),
                    _ => false,
                })
            });
            let mut text = format!(
                "the token's {claim} is {actual}; the policy expects {expects} ({})",
                c.operator
            );
            let mode = if case_only {
                text.push_str(" — only letter case differs");
                Some(modes::CASE)
            } else if claim.eq_ignore_ascii_case("sub") {
                if let Some(hint) = github_sub_hint(values, &c.policy_values, token) {
                    text.push_str(&format!(" — {hint}"));
                }
                Some(modes::SUBJECT)
            } else if claim.eq_ignore_ascii_case("aud") {
                Some(modes::AUDIENCE)
            } else {
                Some(modes::SUBJECT)
            };
            (text, mode)
        }
        ContextValue::Unknown { reason } => (format!("`{}` depends on {reason}", c.key), None),
    }
}

fn policy_like_ci(pattern: &str, value: &str) -> bool {
    super::pattern::matches_with(&super::pattern::compile(pattern), value, |a, b| {
        a.to_lowercase().eq(b.to_lowercase())
    })
}

fn github_sub_hint(actual: &[String], expected: &[String], token: &Token) -> Option<String> {
    if token.claim_str("iss") != Some(GITHUB_ISSUER) {
        return None;
    }
    let a = actual.first()?;
    if a.contains(":pull_request") {
        return Some(
            "jobs triggered by pull_request get `repo:ORG/REPO:pull_request`, not a ref subject"
                .into(),
        );
    }
    if a.contains(":environment:") {
        return Some("a job that uses an environment gets `repo:ORG/REPO:environment:NAME` instead of its ref".into());
    }
    if a.split(':').nth(1).is_some_and(|r| r.contains('@'))
        && expected.iter().any(|e| !e.contains('@'))
    {
        return Some("this repository uses GitHub's immutable subject `repo:ORG@id/REPO@id:...`, which `repo:ORG/REPO:*` patterns do not match".into());
    }
    None
}

fn apply_condition_fix(doc: &mut Value, index: usize, c: &ConditionResult, token: &Token) {
    let Some(st) = statement_mut(doc, index) else {
        return;
    };
    match &c.context {
        ContextValue::Absent { .. } => {
            // Wrong prefix: rename the key to the token's provider.
            let Some(iss) = token.claim_str("iss") else {
                return;
            };
            let Some((_, claim)) = c.key.rsplit_once(':') else {
                return;
            };
            let new_key = format!("{}:{claim}", provider_prefix(iss));
            if new_key == c.key {
                return;
            }
            let Some(ck) = ci_key(st, "Condition") else {
                return;
            };
            if let Some(block) = st
                .get_mut(&ck)
                .and_then(Value::as_object_mut)
                .and_then(|b| b.get_mut(&c.operator))
                .and_then(Value::as_object_mut)
                && let Some(v) = block.remove(&c.key)
            {
                block.insert(new_key, v);
            }
        }
        ContextValue::Present { values, .. } => {
            let Some(target) = condition_values_mut(st, &c.operator, &c.key) else {
                return;
            };
            let op = policy::parse_operator(&c.operator);
            let negated = op.as_ref().is_some_and(|o| o.negated);
            if negated {
                return;
            }
            let new: Vec<Value> = values.iter().map(|v| Value::from(v.clone())).collect();
            *target = match new.as_slice() {
                [one] => one.clone(),
                _ => Value::Array(new),
            };
        }
        ContextValue::Unknown { .. } => {}
    }
}

fn policy_findings(
    p: &Policy,
    evals: &[ActionEvaluation],
    ctx: &RequestContext<'_>,
    token: &Token,
    iss: &str,
    out: &mut Vec<Finding>,
) {
    let prefix = provider_prefix(iss).to_ascii_lowercase();
    // Key names are case-insensitive; messages show the issuer as written.
    let shown = provider_prefix(iss);
    let shared_idp = iss == GITHUB_ISSUER
        || iss.ends_with("/_services/token")
        || prefix == "accounts.google.com"
        || iss.starts_with("https://gitlab.com");
    for st in &p.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        if matches!(st.principal, Principal::Anyone) {
            out.push(Finding::new("principal_anyone", Severity::Danger, format!("{} trusts everyone (`Principal: *`)", st.label()), "Any AWS principal or token holder that satisfies the conditions can assume this role. Name the IAM OIDC provider in `Principal.Federated` instead."));
        }
        let web_identity = matches!(&st.actions, Actions::Action(a) if a.iter().any(|x| super::pattern::matches_ignore_case(x, ACTION)))
            || matches!(&st.actions, Actions::NotAction(_));
        if !web_identity {
            continue;
        }
        let scopes_sub = st.conditions.iter().any(|c| {
            c.key.to_ascii_lowercase().ends_with(":sub")
                && matches!(
                    c.operator.family,
                    Family::StringEquals | Family::StringLike | Family::StringEqualsIgnoreCase
                )
                && !c.operator.negated
                && c.operator.set != Some(SetOp::ForAllValues)
                && !c.values.iter().any(|v| v == "*")
        });
        if !scopes_sub {
            let (sev, extra) = if shared_idp {
                (
                    Severity::Danger,
                    " For a shared identity provider like this one, anyone with an account there can get a token: IAM now refuses to create or update such a role unless `:sub` is scoped with StringEquals, StringLike or StringEqualsIgnoreCase (`MalformedPolicyDocument ... which is not scoped to all`).",
                )
            } else {
                (
                    Severity::Warning,
                    " Every service account (or workload) the issuer signs for can assume the role.",
                )
            };
            out.push(Finding::new(
                "sub_not_scoped",
                sev,
                format!("{} does not restrict `sub`", st.label()),
                format!("No positive StringEquals/StringLike condition on `{shown}:sub`.{extra}"),
            ));
        }
        for c in &st.conditions {
            let lk = c.key.to_ascii_lowercase();
            if c.operator.set == Some(SetOp::ForAllValues) {
                if let ContextValue::Absent { .. } = ctx.lookup(&c.key) {
                    out.push(Finding::new("forallvalues_absent_key", Severity::Danger, format!("`{}` on `{}` passes because the key is absent", c.operator.raw, c.key), "ForAllValues over a missing key is true, so with Allow this condition lets any token in. Use a positive operator without ForAllValues (e.g. StringLike) for single-valued keys such as `sub`."));
                } else if lk.ends_with(":sub") || lk.ends_with(":aud") {
                    out.push(Finding::new("forallvalues_single_valued", Severity::Warning, format!("`{}` on single-valued `{}`", c.operator.raw, c.key), "ForAllValues is for multivalued keys; on a single-valued key it also passes when the key is missing. Use StringEquals or StringLike."));
                }
            }
            if c.operator.family == Family::StringEquals
                && c.values.iter().any(|v| v.contains('*') || v.contains('?'))
            {
                out.push(Finding::new(
                    "stringequals_wildcard",
                    Severity::Warning,
                    format!(
                        "`{}` on `{}` has a wildcard character",
                        c.operator.raw, c.key
                    ),
                    "StringEquals compares `*` and `?` literally; use StringLike for patterns.",
                ));
            }
            if c.operator.family == Family::StringLike
                && !c.values.iter().any(|v| v.contains('*') || v.contains('?'))
            {
                out.push(Finding::new("stringlike_no_wildcard", Severity::Info, format!("`{}` on `{}` has no wildcard", c.operator.raw, c.key), "StringLike without `*` or `?` behaves like StringEquals; StringEquals states the intent."));
            }
            if lk.starts_with("https://") || lk.starts_with("http://") {
                out.push(Finding::new("condition_key_https", Severity::Danger, format!("condition key `{}` starts with https://", c.key), format!("Condition keys use the issuer without its scheme (`{shown}:sub`); a key with `https://` is never present, so positive conditions on it always fail and negated ones always pass.")));
            } else if let ContextValue::Absent { reason } = ctx.lookup(&c.key)
                && (reason.contains("does not put") || reason.contains("not this token's provider"))
            {
                out.push(Finding::new(
                    "condition_key_unsupported",
                    Severity::Warning,
                    format!("condition key `{}` is never in the request", c.key),
                    reason,
                ));
            }
            if iss == GITHUB_ISSUER
                && lk.ends_with(":sub")
                && c.values
                    .iter()
                    .any(|v| v.starts_with("repo:") && !v.contains('@') && v.contains('*'))
            {
                out.push(Finding::new("github_immutable_subjects", Severity::Info, format!("`{}` uses a `repo:ORG/REPO` pattern", c.key), "Repositories created or renamed on or after 2026-07-15 get immutable subjects `repo:ORG@id/REPO@id:...`, which this pattern does not match. Consider conditions on `repository_id` (available since January 2026)."));
            }
        }
    }
    if token.claims.contains_key("https://aws.amazon.com/tags")
        && let Some(tag_eval) = evals.iter().find(|e| e.action == "sts:TagSession")
        && tag_eval.decision != Decision::Allow
    {
        out.push(Finding::new(
            "tags_without_tagsession",
            Severity::Danger,
            "the token carries session tags but the policy does not allow `sts:TagSession`",
            "STS then denies the whole call with AccessDenied.",
        ));
    }
    if p.problems.iter().any(|x| x.malformed) {
        out.push(Finding::new(
            "policy_malformed",
            Severity::Warning,
            "IAM would refuse to save this policy as written",
            p.problems
                .iter()
                .filter(|x| x.malformed)
                .map(|x| format!("{}: {}", x.path, x.message))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
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
