//! Simulating `sts:AssumeRoleWithWebIdentity`: the request checks, the IAM OIDC provider lookup,
//! the audience, keys and signature, times, the trust policy and the session — in that order —
//! ending in the exact error STS would return, or success
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>;
//! failure modes: `docs/failures.md`).
//!
//! Invariants:
//! - Every step is evaluated and reported, even after one has failed; the first failing step
//!   decides the verdict, as STS stops there.
//! - Error messages are byte-exact where AWS's text is known (spacing quirks included). Where AWS
//!   documents nothing (check order, `nbf`, clock skew, several audiences, the message for a bad
//!   signature) the report says so in `caveats` rather than guessing silently.
//! - No clock and no network: the evaluation time, the signature verdict and any fetch failure
//!   are inputs.

mod audience;
mod checked_claims;
mod context;
mod diagnosis;
mod findings;
mod issuer;
mod messages;
mod provider;
mod request;
mod session;
mod setting;
mod signature;
mod time;
mod trust_policy;

pub use checked_claims::{CheckedClaim, checked_claims};
pub use context::RequestContext;
pub use messages::{
    ACTION, FailureMode, MSG_ACCESS_DENIED, MSG_AUDIENCE, MSG_DURATION, MSG_KEYS, MSG_MISSING_AUD,
    MSG_THUMBPRINT,
};
pub use provider::{BuiltinProvider, iam_provider_possible};
pub use setting::SettingField;

/// The AWS partitions an ARN may name (AWS General Reference, "Amazon Resource Names": the
/// partition is `aws`, `aws-cn` or `aws-us-gov` for the public, China and GovCloud (US) regions;
/// the isolated regions have their own).
pub const PARTITIONS: [&str; 7] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
];

use audience::audience_step;
use issuer::IssuerFamily;
use provider::provider_step;
use request::{request_step, sanitize_session_name, session_name_ok};
use session::session_step;
use signature::signature_step;
use time::time_step;
use trust_policy::trust_policy_step;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::claims::detect_kind;
use crate::core::finding::{Check, CheckStatus, Finding, Severity};
use crate::core::jwt::Token;
use crate::core::oidc::FetchFailure;
use crate::core::policy::{self, ActionEvaluation, Decision, Policy, Principal};
use crate::core::verify::{SignatureReport, SignatureStatus};

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
    /// A built-in provider (Google, Cognito, …) gets no IAM OIDC provider and no client IDs.
    pub fn defaults_for_issuer(iss: &str) -> StsRequest {
        let builtin = provider::BuiltinProvider::from_iss(iss).is_some();
        StsRequest {
            role_arn: None,
            session_name: "tokenscope-session".to_string(),
            duration_seconds: None,
            max_session_duration: 3600,
            provider: ProviderSettings {
                url: if builtin {
                    String::new()
                } else {
                    iss.to_string()
                },
                client_ids: if builtin {
                    Vec::new()
                } else {
                    vec!["sts.amazonaws.com".to_string()]
                },
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
    /// The stable name (as serialised): `request`, `provider`, …, `trust_policy`, `session`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepId::Request => "request",
            StepId::Provider => "provider",
            StepId::Audience => "audience",
            StepId::Signature => "signature",
            StepId::Time => "time",
            StepId::TrustPolicy => "trust_policy",
            StepId::Session => "session",
        }
    }

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

/// A failed step's consequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepFailure {
    /// AWS error code.
    pub code: &'static str,
    /// The exact message, when AWS's text is known.
    pub message: Option<String>,
    /// HTTP status STS answers with.
    pub http_status: u16,
    /// The failure mode (see `docs/failures.md`).
    pub mode: Option<FailureMode>,
}

/// A fix made of several changes: what they apply to, and one item per change (the page lists
/// them; the fix's text joins them in one sentence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixList {
    /// What the changes apply to, e.g. `statement 1`.
    pub lead: String,
    /// One change each.
    pub items: Vec<String>,
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
    /// The same fix as a list, when it is several changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_list: Option<FixList>,
}

/// The outcome: three headlines (credentials, refusal, not enough to say) and a fourth where the
/// policy itself cannot decide from a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// STS would return credentials: every step was checked and passed.
    Success,
    /// STS would return an error.
    Failure,
    /// No step fails, but some could not run (no keys, keys that cannot check this signature,
    /// no trust policy): [`StsReport::provisos`] names them and what would complete them.
    Incomplete,
    /// Depends on request values not known here (e.g. the caller's IP for `aws:SourceIp`).
    Undetermined,
}

impl Outcome {
    /// `success`, `failure`, `incomplete`, `undetermined`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Incomplete => "incomplete",
            Outcome::Undetermined => "undetermined",
        }
    }
}

/// What a verdict without a failure rests on, or warns about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proviso {
    /// No keys were given: the signature was not checked.
    KeysNotGiven,
    /// Keys were given, but none can check this signature (the signature step says why): never a
    /// success.
    SignatureNotCheckable,
    /// Keys were given and fit, and the signature is still being checked (the page's
    /// verification module answers in a moment): never a success.
    SignatureBeingChecked,
    /// No trust policy was given: it was not evaluated.
    PolicyNotEvaluated,
    /// The policy works for a role that already has it, but IAM would refuse to save it today
    /// (`sub` not scoped for a shared issuer).
    PolicyNotSavable,
    /// The IAM OIDC provider settings follow the token (none were entered): a success takes the
    /// role's account to have a provider for `iss` with the token's audience as a client ID,
    /// which a missing provider, the most common IRSA failure, would make false. Set by
    /// [`StsReport::assume_provider`].
    ProviderAssumed,
}

impl Proviso {
    /// Whether the verdict rests on a step that did not run (as opposed to a warning about one
    /// that did).
    pub fn is_unchecked_step(self) -> bool {
        match self {
            Proviso::KeysNotGiven
            | Proviso::SignatureNotCheckable
            | Proviso::SignatureBeingChecked
            | Proviso::PolicyNotEvaluated => true,
            Proviso::PolicyNotSavable | Proviso::ProviderAssumed => false,
        }
    }

    /// The check that did not run, and what would complete it.
    pub fn describe(self) -> &'static str {
        match self {
            Proviso::KeysNotGiven => {
                "the signature was not checked: fetch the issuer's keys or paste its JWKS"
            }
            Proviso::SignatureNotCheckable => {
                "the signature could not be checked with the keys given (see “Keys and signature”): \
                 use the issuer's own key set"
            }
            Proviso::SignatureBeingChecked => {
                "the signature is still being checked with the keys given (see “Keys and \
                 signature”)"
            }
            Proviso::PolicyNotEvaluated => {
                "the trust policy was not evaluated: paste the role's trust policy"
            }
            Proviso::PolicyNotSavable => {
                "IAM refuses to save a trust policy like this one today (`sub` is not scoped for \
                 a shared issuer): only a role that already has it works"
            }
            Proviso::ProviderAssumed => {
                "the role's account has this issuer's IAM OIDC provider (assumed, not given)"
            }
        }
    }
}

/// Another mechanism than `AssumeRoleWithWebIdentity` the trust policy is written for. Its fix
/// then offers ways rather than one edit, and the suggested policy is the way that keeps to web
/// identity; the page and the CLI label it with [`PolicyMechanism::suggested_policy_label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyMechanism {
    /// Every Allow statement trusts only the EKS Pod Identity service principal
    /// (`pods.eks.amazonaws.com`): the policy never applies to `AssumeRoleWithWebIdentity`
    /// (EKS User Guide: pod-id-role).
    PodIdentity,
}

impl PolicyMechanism {
    /// What the suggested policy is, said before it.
    pub fn suggested_policy_label(self) -> &'static str {
        match self {
            PolicyMechanism::PodIdentity => {
                "Way 2, if IRSA (web-identity federation) is intended: the policy with a statement \
                 that trusts the token's provider added; the Pod Identity statement stays. For Pod \
                 Identity itself, check the policy with the EKS Pod Identity tool instead."
            }
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
    /// The failure mode (see `docs/failures.md`).
    pub failure_mode: Option<FailureMode>,
    /// One-sentence summary for the verdict banner.
    pub summary: String,
    /// The fix for the deciding failure, in words.
    pub fix: Option<String>,
    /// The same fix as a list, when it is several changes (the notes on settings left out as
    /// further items).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_list: Option<FixList>,
    /// Steps after the deciding one that fail too, in pipeline order: STS stops at the first,
    /// but a user who fixes it meets these next (each step carries its own fix).
    pub also_failing: Vec<StepId>,
    /// What a verdict without a failure rests on or warns about (empty for a failure).
    pub provisos: Vec<Proviso>,
    /// The trust policy with the fix applied, when the trust policy fails (deciding or later).
    pub suggested_policy: Option<String>,
    /// Set when the trust policy is written for another mechanism (EKS Pod Identity): the fix
    /// offers ways, and `suggested_policy` is the web-identity one.
    pub policy_mechanism: Option<PolicyMechanism>,
    /// Changed request settings that would fix the failing steps (field, new value).
    pub suggested_settings: Vec<(SettingField, String)>,
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

/// Whether `iss` names a built-in provider (Google, Cognito, Amazon, Facebook): no IAM OIDC
/// provider, the trust policy names it directly.
pub fn is_builtin_provider(iss: &str) -> bool {
    provider::BuiltinProvider::from_iss(iss).is_some()
}

/// The findings about trust policy `policy` that hold for any token of `iss` (an audit reads
/// policies without tokens): unscoped `sub`, `ForAllValues` on single-valued keys, wildcards under
/// the wrong operator, keys the provider never supplies, `Principal: *`, …, most serious first.
pub fn policy_findings_for_issuer(policy: &Policy, iss: &str) -> Vec<Finding> {
    let mut out = findings::issuer_policy_findings(policy, iss);
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// Whether anyone can get a token from `iss` (GitHub, GitHub Enterprise Server, Google, GitLab):
/// a role trusting such an issuer must scope `sub`.
pub fn is_shared_issuer(iss: &str) -> bool {
    findings::is_shared_issuer(iss)
}

/// The provider key prefix for an issuer: `iss` without `https://`.
pub fn provider_prefix(iss: &str) -> &str {
    iss.strip_prefix("https://").unwrap_or(iss)
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
    let policy = request_policy(request)?;
    let run = run_steps(token, signature, evidence, request, at, policy.as_ref());
    Ok(sum_up(run, token, signature, request, policy))
}

/// What the pipeline produced before the verdict: every step, the trust policy's evaluations and
/// edit, and what the steps noted on the way.
struct Pipeline {
    steps: Vec<Step>,
    policy_evaluations: Vec<ActionEvaluation>,
    suggested_policy: Option<String>,
    caveats: Vec<String>,
    assumptions: Vec<String>,
    findings: Vec<Finding>,
}

/// Runs every step in pipeline order, all of them even after one has failed.
fn run_steps(
    token: &Token,
    signature: &SignatureReport,
    evidence: &KeysEvidence,
    request: &StsRequest,
    at: i64,
    policy: Option<&Policy>,
) -> Pipeline {
    let mut caveats = vec![ORDER_CAVEAT.to_string()];
    let mut assumptions = Vec::new();
    let mut findings = Vec::new();
    let iss = token.claim_str("iss").unwrap_or_default();

    let (provider_arn, federated) = provider_identity(request, policy, iss, &mut assumptions);

    let mut steps = vec![
        request_step(token, request),
        provider_step(
            iss,
            IssuerFamily::of(token),
            &detect_kind(&token.claims),
            &request.provider,
            &provider_arn,
        ),
        audience_step(token, &request.provider, policy, &mut caveats),
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
    let (policy_step, policy_evaluations, suggested_policy) =
        trust_policy_step(policy, token, request, at, &federated, &mut findings);
    steps.push(policy_step);
    steps.push(session_step(token, request));
    Pipeline {
        steps,
        policy_evaluations,
        suggested_policy,
        caveats,
        assumptions,
        findings,
    }
}

/// Sums the steps up: the first failing step decides (STS stops there), later failures are
/// listed, and the verdict, provisos and suggested policy and settings follow from them.
fn sum_up(
    run: Pipeline,
    token: &Token,
    signature: &SignatureReport,
    request: &StsRequest,
    policy: Option<Policy>,
) -> StsReport {
    let Pipeline {
        steps,
        policy_evaluations,
        suggested_policy,
        caveats,
        mut assumptions,
        mut findings,
    } = run;
    let deciding = steps.iter().find(|s| s.status == CheckStatus::Fail);
    let also_failing: Vec<StepId> = steps
        .iter()
        .filter(|s| s.status == CheckStatus::Fail)
        .skip(1)
        .map(|s| s.id)
        .collect();
    let provisos = provisos(deciding, signature, policy.as_ref(), &findings);
    let (outcome, summary) = verdict(deciding, &policy_evaluations, policy.as_ref(), &provisos);
    let (suggested_settings, settings_withheld) = failing_settings(&steps, token, request);
    if signature.status == SignatureStatus::Unverified {
        assumptions.push(
            "the signature was not verified: a verdict without a failure is incomplete until it is"
                .to_string(),
        );
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let failure = deciding.and_then(|s| s.failure.clone());
    let policy_fails = steps
        .iter()
        .any(|s| s.id == StepId::TrustPolicy && s.status == CheckStatus::Fail);
    let policy_mechanism = policy
        .as_ref()
        .filter(|p| findings::only_pod_identity(p))
        .map(|_| PolicyMechanism::PodIdentity);
    StsReport {
        outcome,
        error_code: failure.as_ref().map(|f| f.code),
        message: failure.as_ref().and_then(|f| f.message.clone()),
        http_status: failure.as_ref().map(|f| f.http_status),
        deciding_step: deciding.map(|s| s.id),
        failure_mode: verdict_mode(failure.as_ref(), outcome, policy.as_ref()),
        summary,
        fix: diagnosis::with_notes(deciding.and_then(|s| s.fix.clone()), &settings_withheld),
        fix_list: diagnosis::list_with_notes(
            deciding.and_then(|s| s.fix_list.clone()),
            &settings_withheld,
        ),
        also_failing,
        provisos,
        // An edited policy only when the policy fails (first or later).
        suggested_policy: suggested_policy.filter(|_| policy_fails),
        policy_mechanism,
        suggested_settings,
        steps,
        policy_evaluations,
        policy_problems: policy.map(|p| p.problems).unwrap_or_default(),
        findings,
        caveats,
        assumptions,
    }
}

/// The changed settings that would fix the failing steps, and the notes naming those left out:
/// a setting whose value has hidden or look-alike characters is never suggested.
fn failing_settings(
    steps: &[Step],
    token: &Token,
    request: &StsRequest,
) -> (Vec<(SettingField, String)>, Vec<String>) {
    let iss = token.claim_str("iss").unwrap_or_default();
    diagnosis::safe_settings(
        steps
            .iter()
            .filter(|s| s.status == CheckStatus::Fail)
            .flat_map(|s| suggested_settings(s, iss, token, request))
            .collect(),
    )
}

/// Always a caveat: STS's check order is not documented.
const ORDER_CAVEAT: &str = "AWS does not document the order of these checks; when several fail, STS may report another of them first.";

/// The trust policy of the request, when one is given (blank text: none).
fn request_policy(request: &StsRequest) -> Result<Option<Policy>, StsInputError> {
    Ok(match request.policy.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(policy::parse_policy(text)?),
        _ => None,
    })
}

/// What a verdict without a failure rests on, from typed facts: the signature's status, whether a
/// policy was given, and the findings' stable codes.
fn provisos(
    deciding: Option<&Step>,
    signature: &SignatureReport,
    policy: Option<&Policy>,
    findings: &[Finding],
) -> Vec<Proviso> {
    if deciding.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    match (signature.status, signature.reason) {
        (SignatureStatus::Valid | SignatureStatus::Invalid, _) => {}
        (SignatureStatus::Unverified, None) => out.push(Proviso::KeysNotGiven),
        (SignatureStatus::Unverified, Some(_)) => out.push(Proviso::SignatureNotCheckable),
        (SignatureStatus::Pending, _) => out.push(Proviso::SignatureBeingChecked),
    }
    if policy.is_none() {
        out.push(Proviso::PolicyNotEvaluated);
    }
    // A shared IdP (GitHub, Google, …) without a scoped `sub`: works for a role that already has
    // this policy, but IAM would not save it today.
    if findings
        .iter()
        .any(|f| f.code == "sub_not_scoped" && f.severity == Severity::Danger)
    {
        out.push(Proviso::PolicyNotSavable);
    }
    out
}

/// Whether the policy holds a condition IAM would not accept (evaluated as unknown, never
/// dropped).
fn has_unreadable_condition(policy: Option<&Policy>) -> bool {
    policy.is_some_and(|p| {
        p.statements
            .iter()
            .flat_map(|st| &st.conditions)
            .any(|c| c.operator.family == policy::Family::Unreadable)
    })
}

/// The failure mode of the verdict: the deciding step's, or `condition-unreadable` when an
/// undetermined verdict comes from a condition IAM would not accept (no step fails: STS is
/// never asked, since the role cannot hold that policy).
fn verdict_mode(
    failure: Option<&StepFailure>,
    outcome: Outcome,
    policy: Option<&Policy>,
) -> Option<FailureMode> {
    match failure {
        Some(f) => f.mode,
        None => (outcome == Outcome::Undetermined && has_unreadable_condition(policy))
            .then_some(FailureMode::ConditionUnreadable),
    }
}

/// The outcome and the verdict banner's sentence.
fn verdict(
    deciding: Option<&Step>,
    policy_evaluations: &[ActionEvaluation],
    policy: Option<&Policy>,
    provisos: &[Proviso],
) -> (Outcome, String) {
    let undetermined = policy_evaluations
        .iter()
        .any(|e| e.decision == Decision::Unknown);
    let unreadable = has_unreadable_condition(policy);
    let unchecked = provisos.iter().any(|p| p.is_unchecked_step());
    match deciding {
        Some(step) => {
            let code = step.failure.as_ref().map_or("", |f| f.code);
            (
                Outcome::Failure,
                format!("STS would fail at “{}” with {code}", step.title),
            )
        }
        None if undetermined && unreadable => (
            Outcome::Undetermined,
            "the trust policy has a condition that cannot be read, and IAM would refuse to save \
             it as written, so it cannot be the role's policy: fix it (see the policy's notes) \
             and the verdict follows"
                .to_string(),
        ),
        None if undetermined => (
            Outcome::Undetermined,
            "the trust policy's result depends on values of the caller's request that a token \
             does not carry"
                .to_string(),
        ),
        None if unchecked => (
            Outcome::Incomplete,
            "no check fails, but not every check could run (see what would complete them)"
                .to_string(),
        ),
        None => (Outcome::Success, success_summary(provisos)),
    }
}

/// A success's sentence, with what qualifies it.
fn success_summary(provisos: &[Proviso]) -> String {
    let mut s = "STS would return credentials".to_string();
    if provisos.contains(&Proviso::ProviderAssumed) {
        s.push_str(", if ");
        s.push_str(Proviso::ProviderAssumed.describe());
    }
    if provisos.contains(&Proviso::PolicyNotSavable) {
        s.push_str(" — but ");
        s.push_str(Proviso::PolicyNotSavable.describe());
    }
    s
}

impl StsReport {
    /// Records that the provider settings were not entered but follow the token: a success then
    /// holds only if the account has that provider ([`Proviso::ProviderAssumed`]), and its
    /// sentence says so. Other outcomes are already qualified or decided by another step.
    pub fn assume_provider(&mut self) {
        if self.outcome == Outcome::Success && !self.provisos.contains(&Proviso::ProviderAssumed) {
            self.provisos.push(Proviso::ProviderAssumed);
            self.summary = success_summary(&self.provisos);
        }
    }
}

/// The provider ARN in the role's account for `iss`, and what `Principal.Federated` must name
/// (that ARN, or the name of a built-in provider).
fn provider_identity(
    request: &StsRequest,
    policy: Option<&Policy>,
    iss: &str,
    assumptions: &mut Vec<String>,
) -> (String, String) {
    let (partition, account) = role_account(request, policy, iss, assumptions);
    let provider_arn = format!(
        "arn:{partition}:iam::{account}:oidc-provider/{}",
        provider_prefix(iss)
    );
    let federated = if let Some(builtin) = provider::BuiltinProvider::from_iss(iss) {
        builtin.name().to_string()
    } else {
        provider_arn.clone()
    };
    (provider_arn, federated)
}

/// Request settings that would fix a failing step (setting, new value).
fn suggested_settings(
    step: &Step,
    iss: &str,
    token: &Token,
    request: &StsRequest,
) -> Vec<(SettingField, String)> {
    let mut out = Vec::new();
    match step.id {
        StepId::Provider if iss.starts_with("https://") => {
            out.push((SettingField::ProviderUrl, iss.to_string()));
        }
        // No client ID can be added to a provider IAM cannot hold.
        // A GitHub token with the default audience is fixed in the workflow (see the step's fix).
        StepId::Audience
            if provider::iam_provider_possible(iss)
                && IssuerFamily::github_default_audience(token).is_none() =>
        {
            if let Some(aud) = first_aud(token) {
                // Add the token's audience; the provider's other client IDs stay (other
                // workloads may use them).
                let mut ids = request.provider.client_ids.clone();
                if !ids.contains(&aud) {
                    ids.push(aud);
                }
                out.push((SettingField::ClientIds, ids.join(", ")));
            }
        }
        StepId::Session => {
            if let Some(d) = request.duration_seconds {
                out.push((SettingField::MaxSession, d.to_string()));
            }
        }
        StepId::Request if !session_name_ok(&request.session_name) => {
            out.push((
                SettingField::SessionName,
                sanitize_session_name(&request.session_name),
            ));
        }
        StepId::Request
        | StepId::Provider
        | StepId::Audience
        | StepId::Signature
        | StepId::Time
        | StepId::TrustPolicy => {}
    }
    out
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
        fix_list: None,
    }
}

/// One check with the failure and the fix it brings to its step, if any.
type CheckVerdict = (Check, Option<StepFailure>, Option<String>);

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
