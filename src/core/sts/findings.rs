//! Findings about a trust policy that hold whatever the verdict: unscoped `sub`, `Principal: *`,
//! `ForAllValues` over absent keys, operator/wildcard mismatches, keys that are never present.

use super::audience::scopes_audience;
use super::context::RequestContext;
use super::issuer::IssuerFamily;
use super::provider::BuiltinProvider;
use super::{ACTION, provider_prefix};
use crate::core::claims::GITHUB_ISSUER;
use crate::core::finding::{Finding, Severity};
use crate::core::jwt::Token;
use crate::core::policy::{
    ActionEvaluation, Actions, Condition, Context, ContextValue, Decision, Effect, Family, Policy,
    Principal, SetOp, Statement,
};

/// Findings about the trust policy `p` for this token, whatever the verdict.
pub(super) fn policy_findings(
    p: &Policy,
    evals: &[ActionEvaluation],
    ctx: &RequestContext<'_>,
    token: &Token,
    iss: &str,
    out: &mut Vec<Finding>,
) {
    statement_findings(p, ctx, iss, IssuerFamily::of(token), out);
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
    malformed_finding(p, out);
}

/// Findings about the trust policy `p` for any token of `iss` (no token at hand: an audit of
/// many roles). Claim keys of the provider are unknown rather than absent
/// ([`RequestContext::for_issuer`]), so only what holds for every token is reported.
pub(super) fn issuer_policy_findings(p: &Policy, iss: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let ctx = RequestContext::for_issuer(iss);
    statement_findings(p, &ctx, iss, IssuerFamily::of_issuer(iss), &mut out);
    malformed_finding(p, &mut out);
    out
}

/// Whether `iss` is an identity provider anyone can get a token from (GitHub, GitHub Enterprise
/// Server, Google, GitLab): a role trusting it must scope `sub`.
pub(super) fn is_shared_issuer(iss: &str) -> bool {
    let prefix = provider_prefix(iss).to_ascii_lowercase();
    iss == GITHUB_ISSUER
        || iss.ends_with("/_services/token")
        || prefix == "accounts.google.com"
        || iss.starts_with("https://gitlab.com")
}

/// The findings of every Allow statement that trusts the web-identity action.
fn statement_findings(
    p: &Policy,
    ctx: &RequestContext<'_>,
    iss: &str,
    family: IssuerFamily,
    out: &mut Vec<Finding>,
) {
    // Key names are case-insensitive; messages show the issuer as written.
    let shown = provider_prefix(iss);
    let shared_idp = is_shared_issuer(iss);
    // The Allow statements that trust a `Federated` principal: beside one, a Pod Identity
    // statement serves the other mechanism and does not decide a web-identity call.
    let federated: Vec<String> = p
        .statements
        .iter()
        .filter(|st| {
            st.effect == Effect::Allow
                && matches!(&st.principal, Principal::Named { federated, .. } if !federated.is_empty())
        })
        .map(Statement::label)
        .collect();
    for st in &p.statements {
        if st.effect != Effect::Allow {
            continue;
        }
        if trusts_service(st, crate::core::pod_identity::SERVICE_PRINCIPAL) && !federated.is_empty()
        {
            out.push(pod_identity_beside_federated(st, &federated));
        } else if trusts_service(st, crate::core::pod_identity::SERVICE_PRINCIPAL) {
            out.push(pod_identity_only(st, iss));
        }
        if matches!(st.principal, Principal::Anyone) {
            out.push(Finding::new("principal_anyone", Severity::Danger, format!("{} trusts everyone (`Principal: *`)", st.label()), "Any AWS principal or token holder that satisfies the conditions can assume this role. Name the IAM OIDC provider in `Principal.Federated` instead."));
        }
        let web_identity = matches!(&st.actions, Actions::Action(a) if a.iter().any(|x| crate::core::pattern::matches_ignore_case(x, ACTION)))
            || matches!(&st.actions, Actions::NotAction(_));
        if !web_identity {
            continue;
        }
        partition_finding(st, out);
        sub_scope_finding(st, shared_idp, family, shown, out);
        if let Some(builtin) = BuiltinProvider::from_iss(iss) {
            builtin_audience_finding(st, builtin, out);
        }
        for c in &st.conditions {
            condition_findings(c, ctx, iss, shown, out);
        }
    }
}

/// A Pod Identity statement in a policy that trusts no `Federated` principal, read for a token of
/// `iss`: the role is for EKS Pod Identity, which does not use this token. The advice fits that
/// case — check it with the Pod Identity tool if the pods use Pod Identity — and, for a
/// web-identity call, names what the token's issuer needs: the cluster's provider for an EKS
/// token (IRSA), the token's provider or built-in provider otherwise, and for an issuer that is
/// not an https URL, that no statement can trust it (IAM User Guide:
/// id_roles_providers_create_oidc; EKS User Guide: pod-id-role, iam-roles-for-service-accounts).
fn pod_identity_only(st: &Statement, iss: &str) -> Finding {
    let (intent, provider) = super::diagnosis::web_identity_intent(iss);
    let way = if super::provider::iam_provider_possible(iss) {
        format!(
            "If {intent} is intended instead, add a statement that trusts {provider} \
             (`Principal.Federated`) with `{ACTION}`"
        )
    } else if iss.is_empty() {
        "A web-identity call needs a token with an `iss` IAM can hold a provider for (an https \
         URL)"
            .to_string()
    } else {
        format!(
            "No statement can let this token in by web identity: `{iss}` is not an https URL, so \
             IAM can hold no provider for it (a Kubernetes cluster's issuer is the API server's \
             `--service-account-issuer`: set it to a public https URL, register that provider, \
             then trust it)"
        )
    };
    let docs = if crate::core::claims::parse_eks_issuer(iss).is_some() {
        "EKS User Guide: pod-id-role, iam-roles-for-service-accounts"
    } else {
        "EKS User Guide: pod-id-role; IAM User Guide: id_roles_providers_create_oidc"
    };
    Finding::new(
        "policy_pod_identity",
        Severity::Warning,
        format!(
            "{} is for EKS Pod Identity: it trusts the service `pods.eks.amazonaws.com`, not a token",
            st.label()
        ),
        format!(
            "With EKS Pod Identity no token reaches STS and no IAM OIDC provider is involved: the \
             EKS Auth service assumes the role (`sts:AssumeRole` and `sts:TagSession`) for the pods \
             of an association, so this statement never applies to `{ACTION}`, the call simulated \
             here. If the pods use EKS Pod Identity, the policy is of that kind: check it and the \
             association with the EKS Pod Identity tool. {way} ({docs})."
        ),
    )
}

/// A Pod Identity statement in a policy that also trusts a `Federated` principal (the
/// statements `federated`): a role may serve both mechanisms, so the statement is background, not
/// a mistake — it never applies to `AssumeRoleWithWebIdentity`, and a denial of the token is
/// fixed in the `Federated` statements, not by moving to Pod Identity (EKS User Guide:
/// pod-id-role, iam-roles-for-service-accounts).
fn pod_identity_beside_federated(st: &Statement, federated: &[String]) -> Finding {
    let (whose, verb) = match federated {
        [one] => (one.clone(), "decides"),
        _ => (federated.join(", "), "decide"),
    };
    Finding::new(
        "policy_pod_identity",
        Severity::Info,
        format!(
            "{} is for EKS Pod Identity (the service `pods.eks.amazonaws.com`); the `Federated` \
             principal of {whose} {verb} web-identity calls",
            st.label()
        ),
        format!(
            "With EKS Pod Identity no token reaches STS: the EKS Auth service assumes the role \
             (`sts:AssumeRole` and `sts:TagSession`) for the pods of an association, so this \
             statement never applies to `AssumeRoleWithWebIdentity` (IRSA and other OIDC \
             federation). A role may serve both: keep it if pods use the role through EKS Pod \
             Identity (the EKS Pod Identity tool checks it); whether a token gets credentials is \
             up to {whose} (EKS User Guide: pod-id-role, iam-roles-for-service-accounts)."
        ),
    )
}

/// Whether the policy's Allow statements (one at least) all trust the EKS Pod Identity service
/// principal and no `Federated` principal: a policy for EKS Pod Identity only, which never applies
/// to `AssumeRoleWithWebIdentity` (EKS User Guide: pod-id-role).
pub(super) fn only_pod_identity(p: &Policy) -> bool {
    let mut allows = p
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
        .peekable();
    allows.peek().is_some() && allows.all(|st| {
        trusts_service(st, crate::core::pod_identity::SERVICE_PRINCIPAL)
            && matches!(&st.principal, Principal::Named { federated, .. } if federated.is_empty())
    })
}

/// Whether statement `st` names the service principal `service` (`Principal.Service`).
fn trusts_service(st: &Statement, service: &str) -> bool {
    matches!(&st.principal, Principal::Named { other, .. }
        if other.iter().any(|(kind, values)| kind == "Service"
            && values.iter().any(|v| v.eq_ignore_ascii_case(service))))
}

/// A `Federated` ARN in a partition AWS does not have (test fixtures write `aws-test`): no role
/// can trust a provider there, since an account, its roles and its providers share one partition
/// (AWS General Reference, "Amazon Resource Names").
fn partition_finding(st: &Statement, out: &mut Vec<Finding>) {
    let Principal::Named { federated, .. } = &st.principal else {
        return;
    };
    for arn in federated {
        let mut parts = arn.splitn(3, ':');
        if let (Some("arn"), Some(partition)) = (parts.next(), parts.next())
            && !super::PARTITIONS.contains(&partition)
        {
            out.push(Finding::new(
                "unknown_partition",
                Severity::Warning,
                format!("{} names the partition `{partition}`, which is not an AWS partition", st.label()),
                format!(
                    "`{arn}`: an account, its roles and its IAM OIDC providers are in one partition, one of {}; a provider ARN in `{partition}` matches no provider of the role's account (test fixtures use such names). Write the ARN in your account's partition (`aws` for the commercial Regions).",
                    super::PARTITIONS.map(|p| format!("`{p}`")).join(", ")
                ),
            ));
        }
    }
}

/// IAM would refuse to save the policy as written.
fn malformed_finding(p: &Policy, out: &mut Vec<Finding>) {
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

/// An Allow for web identity that does not scope `sub`: dangerous for a shared identity provider.
fn sub_scope_finding(
    st: &Statement,
    shared_idp: bool,
    family: IssuerFamily,
    shown: &str,
    out: &mut Vec<Finding>,
) {
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
            (Severity::Warning, family.unscoped_sub_reach())
        };
        out.push(Finding::new(
            "sub_not_scoped",
            sev,
            format!("{} does not restrict `sub`", st.label()),
            format!("No positive StringEquals/StringLike condition on `{shown}:sub`.{extra}"),
        ));
    }
}

/// Findings about one condition: set operators over absent or single-valued keys, wildcards
/// under the wrong operator, keys that are never in the request, GitHub's subject patterns.
fn condition_findings(
    c: &Condition,
    ctx: &RequestContext<'_>,
    iss: &str,
    shown: &str,
    out: &mut Vec<Finding>,
) {
    let lk = c.key.to_ascii_lowercase();
    set_operator_findings(c, iss, out);
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
        && reason.never_present()
    {
        out.push(Finding::new(
            "condition_key_unsupported",
            Severity::Warning,
            format!("condition key `{}` is never in the request", c.key),
            reason.to_string(),
        ));
    }
    if iss == GITHUB_ISSUER
        && lk.ends_with(":sub")
        && c.values.iter().any(|v| misses_immutable_subjects(v))
    {
        out.push(Finding::new("github_immutable_subjects", Severity::Info, format!("`{}` uses a `repo:ORG/REPO` pattern", c.key), "Repositories created or renamed on or after 2026-07-15 get immutable subjects `repo:ORG@id/REPO@id:...`, which this pattern does not match. Consider conditions on `repository_id` (available since January 2026)."));
    }
}

/// Whether a `sub` pattern written `repo:ORG/…*` misses GitHub's immutable subjects
/// (`repo:ORG@id/REPO@id:…`): a literal owner followed by `/`. A wildcard in the owner
/// (`repo:ORG*`) matches the `@id` too.
fn misses_immutable_subjects(v: &str) -> bool {
    let Some(rest) = v.strip_prefix("repo:") else {
        return false;
    };
    let owner_literal = rest
        .split_once('/')
        .is_some_and(|(owner, _)| !owner.is_empty() && !owner.contains(['*', '?']));
    owner_literal && !v.contains('@') && v.contains('*')
}

/// A built-in provider's audience is checked only by the trust policy: an Allow statement without
/// a positive `<provider>:aud` condition lets a token issued to any app in
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html>).
fn builtin_audience_finding(st: &Statement, builtin: BuiltinProvider, out: &mut Vec<Finding>) {
    if scopes_audience(st, builtin) {
        return;
    }
    let key = format!("{}:{}", builtin.name(), builtin.audience_key());
    out.push(Finding::new(
        "builtin_audience_unchecked",
        Severity::Danger,
        format!("{} does not check `{key}`", st.label()),
        format!(
            "`{}` is a built-in provider: STS compares no client IDs, so only the trust policy checks the audience. Without a StringEquals condition on `{key}` naming your app (Google: its client ID; Cognito: the identity pool ID), a token issued to any app can assume the role.",
            builtin.name()
        ),
    ));
}

/// `IfExists` beside a set operator does nothing for an absent key, and Cognito's `amr` is
/// multivalued, so it wants a set operator
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>,
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html>).
fn set_operator_findings(c: &Condition, iss: &str, out: &mut Vec<Finding>) {
    match (c.operator.set, c.operator.if_exists) {
        (Some(SetOp::ForAnyValue), true) => out.push(Finding::new(
            "ifexists_with_set_operator",
            Severity::Warning,
            format!("`IfExists` in `{}` on `{}` does nothing", c.operator.raw, c.key),
            "With a set operator IfExists acts per value inside the set loop: when the key is absent there is no value, so ForAnyValue is still false. Drop IfExists, or use a Null condition to allow a missing key explicitly.",
        )),
        (Some(SetOp::ForAllValues), true) => out.push(Finding::new(
            "ifexists_with_set_operator",
            Severity::Warning,
            format!("`IfExists` in `{}` on `{}` does nothing", c.operator.raw, c.key),
            "With a set operator IfExists acts per value inside the set loop: ForAllValues over an absent key is true with or without it.",
        )),
        _ => {}
    }
    let cognito_amr = format!("{}:amr", BuiltinProvider::Cognito.name());
    if BuiltinProvider::from_iss(iss) == Some(BuiltinProvider::Cognito)
        && c.key.eq_ignore_ascii_case(&cognito_amr)
        && c.operator.set.is_none()
        && c.operator.family != Family::Null
    {
        out.push(Finding::new(
            "multivalued_key_single_operator",
            Severity::Warning,
            format!("`{}` on multivalued `{}`", c.operator.raw, c.key),
            "Cognito's `amr` is multivalued (`authenticated` or `unauthenticated`, plus the login provider): use a set operator, e.g. `ForAnyValue:StringLike` with `authenticated`.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::misses_immutable_subjects;

    #[test]
    fn misses_immutable_subjects_only_with_a_literal_owner() {
        let cases = [
            ("repo:org/app:*", true),
            ("repo:org/*", true),
            ("repo:org*", false),
            ("repo:*", false),
            ("repo:o?g/app:*", false),
            ("repo:org@1/app@2:*", false),
            ("repo:org/app:ref:refs/heads/main", false),
            ("system:serviceaccount:ns:*", false),
        ];
        for (v, want) in cases {
            assert_eq!(misses_immutable_subjects(v), want, "{v}");
        }
    }
}
