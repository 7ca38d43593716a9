//! What is worth knowing about a Pod Identity trust policy whatever the verdict.

use super::Association;
use super::context::SESSION_TAG_KEYS;
use crate::core::finding::{Finding, Severity};
use crate::core::policy::{ActionEvaluation, Effect, Policy};

/// The findings for `policy` and its evaluations for `assoc`.
pub(super) fn findings(
    policy: &Policy,
    evaluations: &[ActionEvaluation],
    assoc: &Association,
) -> Vec<Finding> {
    let keys: Vec<(String, String)> = policy
        .statements
        .iter()
        .flat_map(|st| {
            st.conditions
                .iter()
                .map(move |c| (st.label(), c.key.clone()))
        })
        .collect();
    [
        principal_tag_finding(&keys),
        tags_disabled_finding(&keys, assoc),
        web_identity_keys_finding(&keys),
        unscoped_finding(policy, evaluations),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `aws:PrincipalTag/…` in the trust policy, where the caller has no principal tags.
fn principal_tag_finding(keys: &[(String, String)]) -> Option<Finding> {
    let (label, key) = keys
        .iter()
        .find(|(_, k)| k.to_ascii_lowercase().starts_with("aws:principaltag/"))?;
    let tag = key.split_once('/').map_or("", |(_, t)| t);
    Some(Finding::new(
        "pod_identity_principal_tag_in_trust_policy",
        Severity::Warning,
        format!("`{key}` in the trust policy ({label})"),
        format!(
            "The caller of this trust policy is the service principal `pods.eks.amazonaws.com`, \
             which has no principal tags, so `{key}` is never present here. In a trust policy \
             the session tags are `aws:RequestTag/{tag}`; `aws:PrincipalTag/{tag}` is how the \
             role's permission policies read them once the session exists \
             (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html)."
        ),
    ))
}

/// Conditions on session tags while the association disables them.
fn tags_disabled_finding(keys: &[(String, String)], assoc: &Association) -> Option<Finding> {
    let request_tags = keys
        .iter()
        .any(|(_, k)| k.to_ascii_lowercase().starts_with("aws:requesttag/"));
    (request_tags && !assoc.session_tags).then(|| {
        Finding::new(
            "pod_identity_tag_conditions_without_tags",
            Severity::Danger,
            "conditions on session tags, but the association disables them",
            "With session tags disabled EKS Pod Identity sends no `aws:RequestTag/…` values, so a \
             positive condition on them never matches: enable session tags, or drop those \
             conditions and rely on the association alone (one role per service account).",
        )
    })
}

/// A web-identity (IRSA) condition key, which Pod Identity never supplies.
fn web_identity_keys_finding(keys: &[(String, String)]) -> Option<Finding> {
    let (label, key) = keys.iter().find(|(_, k)| {
        k.rsplit_once(':')
            .is_some_and(|(p, _)| !p.eq_ignore_ascii_case("aws") && p.contains(['.', '/']))
    })?;
    Some(Finding::new(
        "pod_identity_web_identity_keys",
        Severity::Warning,
        format!("web-identity condition key `{key}` ({label})"),
        "Keys such as `oidc.eks.<region>.amazonaws.com/id/<id>:sub` come from a web-identity \
         token (IRSA). EKS Pod Identity sends no token to STS, so they are never present: use \
         `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account`.",
    ))
}

/// An allowing policy in which some Allow statement tests none of the session tags (a Deny
/// narrows nothing in).
fn unscoped_finding(policy: &Policy, evaluations: &[ActionEvaluation]) -> Option<Finding> {
    let scoped = policy
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
        .all(|st| {
            st.conditions.iter().any(|c| {
                c.key
                    .to_ascii_lowercase()
                    .strip_prefix("aws:requesttag/")
                    .is_some_and(|t| SESSION_TAG_KEYS.contains(&t))
            })
        });
    let allowed = evaluations.iter().any(|e| {
        e.statements.iter().any(|s| {
            s.effect == Effect::Allow && s.principal.0 && s.action.0 && s.conditions.is_empty()
        })
    });
    (!scoped && allowed).then(|| {
        Finding::new(
            "pod_identity_unscoped",
            Severity::Info,
            "the role is not scoped to a cluster, namespace or service account",
            "Any EKS Pod Identity association in this account that names the role can use it: \
             whoever may call `eks:CreatePodIdentityAssociation` and `iam:PassRole` on it. That is \
             AWS's default policy; to pin the role, add `StringEquals` conditions on \
             `aws:RequestTag/eks-cluster-arn`, `aws:RequestTag/kubernetes-namespace` and \
             `aws:RequestTag/kubernetes-service-account` \
             (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).",
        )
    })
}
