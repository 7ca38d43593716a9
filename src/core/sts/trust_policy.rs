//! Step 6, the trust policy: the decision for each action, and the fix when it denies.

use super::diagnosis::diagnose;
use super::{MSG_ACCESS_DENIED, Step, StepId, fail, step};
use crate::core::finding::{Check, CheckStatus};
use crate::core::jwt::Token;
use crate::core::policy::{ActionEvaluation, Decision, Policy};

/// The trust-policy step, with the fix and an edited policy when the policy is at fault.
pub(super) fn policy_step(
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

pub(super) fn labels(e: &ActionEvaluation, idx: &[usize]) -> String {
    idx.iter()
        .filter_map(|i| e.statements.iter().find(|s| s.index == *i))
        .map(|s| s.label.clone())
        .collect::<Vec<_>>()
        .join(", ")
}
