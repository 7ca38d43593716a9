//! Step 6, the trust policy: the decision for each action, and the fix when it denies.

use super::context::RequestContext;
use super::diagnosis::{diagnose, pod_identity_policy};
use super::findings::{only_pod_identity, policy_findings};
use super::provider::iam_provider_possible;
use super::{ACTION, MSG_ACCESS_DENIED, Step, StepId, StsRequest, fail, step};
use crate::core::finding::{Check, CheckStatus, Finding};
use crate::core::jwt::Token;
use crate::core::policy::{self, ActionEvaluation, Caller, Decision, Policy};

/// The trust-policy step, with the fix and an edited policy when the policy is at fault.
fn policy_step(
    p: &Policy,
    evals: &[ActionEvaluation],
    ctx: &RequestContext<'_>,
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
    // A policy for EKS Pod Identity is not a broken web-identity policy: say so, and offer both
    // ways (a matching Deny still wins and is said first).
    let (fix, mode, doc) = if first.decision != Decision::ExplicitDeny && only_pod_identity(p) {
        pod_identity_policy(p, evals, ctx, token, federated)
    } else {
        diagnose(p, first, token, federated)
    };
    let failure = fail("AccessDenied", Some(MSG_ACCESS_DENIED.into()), 403, mode);
    let suggestion = doc.and_then(|d| serde_json::to_string_pretty(&d).ok());
    let mut step = step(StepId::TrustPolicy, checks, failure, Some(fix.text));
    step.fix_list = fix.list;
    (step, suggestion)
}

pub(super) fn labels(e: &ActionEvaluation, idx: &[usize]) -> String {
    idx.iter()
        .filter_map(|i| e.statements.iter().find(|s| s.index == *i))
        .map(|s| s.label.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The trust-policy step: skipped without a policy; otherwise every action the token needs is
/// evaluated, the policy's findings are added, and a denial gets its fix and suggested policy.
pub(super) fn trust_policy_step(
    policy: Option<&Policy>,
    token: &Token,
    request: &StsRequest,
    at: i64,
    federated: &str,
    findings: &mut Vec<Finding>,
) -> (Step, Vec<ActionEvaluation>, Option<String>) {
    let iss = token.claim_str("iss").unwrap_or_default();
    let mut policy_evaluations = Vec::new();
    let mut suggested_policy = None;
    let policy_step = match policy {
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
            fix_list: None,
        },
        Some(p) => {
            let ctx = RequestContext::new(token, request, at);
            // An issuer IAM cannot register has no provider ARN for the policy to name.
            let caller = if iam_provider_possible(iss) {
                Caller::federated(federated)
            } else {
                Caller::NoProvider {
                    issuer: iss.to_string(),
                }
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
            policy_findings(p, &policy_evaluations, &ctx, token, iss, findings);
            let (step, suggestion) = policy_step(p, &policy_evaluations, &ctx, token, federated);
            suggested_policy = suggestion;
            step
        }
    };
    (policy_step, policy_evaluations, suggested_policy)
}
