//! Which of the token's claims the trust policy reads, and whether each matched: the page marks
//! them on the pasted token. A condition key is a claim of the token when it is the provider's
//! prefix (the provider URL without `https://`), a colon and the claim name
//! ([IAM User Guide, available keys for OIDC federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif)).

use serde::Serialize;

use crate::core::policy::{ActionEvaluation, Tri};

use super::{ACTION, provider_prefix};

/// A claim the trust policy reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedClaim {
    /// The claim's name in the token (`sub`, `aud`, `amr`, …).
    pub claim: String,
    /// The condition key as written in the policy.
    pub key: String,
    /// The operator as written.
    pub operator: String,
    /// Whether the condition matched (every condition on this claim, in the statements whose
    /// principal and action cover the call: `False` if any failed).
    pub result: Tri,
}

/// The claims the policy's conditions read for `sts:AssumeRoleWithWebIdentity`, in the order
/// they first appear, one entry per claim and operator. `provider_url` is the provider the
/// token maps to (with or without `https://`).
pub fn checked_claims(evaluations: &[ActionEvaluation], provider_url: &str) -> Vec<CheckedClaim> {
    let prefix = format!(
        "{}:",
        provider_prefix(provider_url.trim()).to_ascii_lowercase()
    );
    let mut out: Vec<CheckedClaim> = Vec::new();
    let statements = evaluations
        .iter()
        .filter(|e| e.action == ACTION)
        .flat_map(|e| &e.statements)
        .filter(|s| s.principal.0 && s.action.0);
    for condition in statements.flat_map(|s| &s.conditions) {
        let lower = condition.key.to_ascii_lowercase();
        let Some(claim) = lower.strip_prefix(&prefix).filter(|c| !c.is_empty()) else {
            continue;
        };
        match out
            .iter_mut()
            .find(|c| c.claim == claim && c.operator == condition.operator)
        {
            Some(seen) => seen.result = worse(seen.result, condition.result),
            None => out.push(CheckedClaim {
                claim: claim.to_owned(),
                key: condition.key.clone(),
                operator: condition.operator.clone(),
                result: condition.result,
            }),
        }
    }
    out
}

/// False over Unknown over True.
fn worse(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Tri::False, _) | (_, Tri::False) => Tri::False,
        (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
        _ => Tri::True,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::policy::{ConditionResult, ContextValue, Decision, Effect, StatementResult};

    fn condition(key: &str, result: Tri) -> ConditionResult {
        ConditionResult {
            operator: "StringEquals".into(),
            key: key.into(),
            policy_values: vec!["x".into()],
            resolved_values: None,
            context: ContextValue::Present {
                values: vec!["x".into()],
                multi: false,
                source: String::new(),
            },
            result,
            explanation: String::new(),
            path: String::new(),
        }
    }

    fn evaluation(principal: bool, conditions: Vec<ConditionResult>) -> ActionEvaluation {
        ActionEvaluation {
            action: ACTION.into(),
            decision: Decision::Allow,
            deciding: vec![0],
            statements: vec![StatementResult {
                index: 0,
                label: "Statement 1".into(),
                effect: Effect::Allow,
                principal: (principal, String::new()),
                action: (true, String::new()),
                conditions,
                applies: Tri::True,
            }],
        }
    }

    #[test]
    fn provider_keys_become_claims_and_global_keys_do_not() {
        let e = evaluation(
            true,
            vec![
                condition("oidc.example.com/id/A:sub", Tri::True),
                condition("OIDC.EXAMPLE.COM/id/A:aud", Tri::False),
                condition("aws:SourceIp", Tri::True),
                condition("other.example.com:sub", Tri::True),
            ],
        );
        let claims = checked_claims(&[e], "https://oidc.example.com/id/A");
        let names: Vec<_> = claims
            .iter()
            .map(|c| (c.claim.as_str(), c.result))
            .collect();
        assert_eq!(names, [("sub", Tri::True), ("aud", Tri::False)]);
        assert_eq!(claims[1].key, "OIDC.EXAMPLE.COM/id/A:aud");
    }

    #[test]
    fn a_failing_condition_on_a_claim_wins_and_other_principals_are_ignored() {
        let ours = evaluation(
            true,
            vec![
                condition("oidc.example.com:sub", Tri::True),
                condition("oidc.example.com:sub", Tri::False),
            ],
        );
        let theirs = evaluation(false, vec![condition("oidc.example.com:aud", Tri::False)]);
        let claims = checked_claims(&[ours, theirs], "oidc.example.com");
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].result, Tri::False);
    }
}
