//! For service-account tokens of EKS clusters: the eksctl commands (associate the cluster's IAM OIDC
//! provider, `eksctl create iamserviceaccount`) and the ServiceAccount's
//! `eks.amazonaws.com/role-arn` annotation, as a shell script whose YAML goes to
//! `kubectl apply` through a quoted heredoc.
//!
//! eksctl writes the role's trust policy itself: `StringEquals` on `:sub`
//! (`system:serviceaccount:NS:NAME`, or `StringLike` with `--subject-pattern`, eksctl 0.222 and
//! later) and on `:aud` (`sts.amazonaws.com`). The script lets eksctl create the role only when
//! that policy is the generated one; otherwise the role comes from another format and eksctl
//! binds it (`--attach-role-arn`). The cluster's name is not in a token (an EKS issuer names the
//! region and the OIDC id): it comes from `--cluster` or is a placeholder the script names.
//!
//! eksctl manages EKS clusters only, so a self-managed cluster's token (an issuer that is not
//! `https://oidc.eks.REGION.amazonaws.com/id/ID`) gets no script: [`applies`] refuses it with
//! [`NotApplicableReason::NotEksCluster`] and names the formats that apply instead.
//!
//! Sources: eksctl's `create iamserviceaccount` flags and trust policy
//! (<https://github.com/eksctl-io/eksctl>, `pkg/ctl/create/iamserviceaccount.go`,
//! `pkg/iam/oidc/api.go`), the eksctl user guide "IAM Roles for Service Accounts", the EKS user
//! guide "Assign IAM roles to Kubernetes service accounts" (the annotation) and the EKS Pod
//! Identity Webhook (`eks.amazonaws.com/audience`), EKS `CreateCluster` (cluster names).

use super::plan::{Plan, PrincipalId};
use super::quote::yaml_string;
use super::{
    Format, NotApplicableReason, PLACEHOLDER_CLUSTER, RenderError, comments, shell_word, shown,
};
use crate::core::claims::service_account;
use crate::core::claims::{EksIssuer, parse_eks_issuer};
use crate::core::generate::{Family, Generated};
use crate::core::jwt::Token;
use crate::core::sts::ACTION;

/// The audience eksctl and the EKS pod identity webhook use.
const STS_AUDIENCE: &str = "sts.amazonaws.com";
/// The heredoc's delimiter; the manifest's lines are `key: "value"`, never this word.
const DELIMITER: &str = "EOF";

/// The service account and its EKS cluster's issuer, or why eksctl does not apply: the token is
/// not a Kubernetes service account's, or its cluster is not EKS (eksctl creates IAM roles for
/// service accounts of EKS clusters only; a self-managed cluster's issuer is its own).
pub(super) fn applies<'t>(
    generated: &Generated,
    token: &'t Token,
) -> Result<(ServiceAccount<'t>, EksIssuer), RenderError> {
    let not_applicable = |reason, expected: &str, found: String| RenderError::NotApplicable {
        format: Format::Eksctl.as_str(),
        reason,
        expected: expected.to_string(),
        found,
        instead: Format::EVERY_TOKEN.to_vec(),
    };
    let sub = token.claim_str("sub").unwrap_or_default();
    let service_account = service_account(sub).filter(|_| generated.family == Family::Kubernetes);
    let Some((namespace, name)) = service_account else {
        return Err(not_applicable(
            NotApplicableReason::NotServiceAccount,
            "a Kubernetes service-account token (`sub` `system:serviceaccount:NAMESPACE:NAME`)",
            format!(
                "a {} token with `sub` `{}`",
                generated.family.as_str(),
                shown(sub)
            ),
        ));
    };
    let Some(eks) = parse_eks_issuer(&generated.provider_url) else {
        return Err(not_applicable(
            NotApplicableReason::NotEksCluster,
            "an EKS cluster's service account (issuer \
             `https://oidc.eks.REGION.amazonaws.com/id/ID`; eksctl creates IAM roles for EKS \
             clusters only)",
            format!(
                "the issuer `{}`, a self-managed cluster's",
                shown(&generated.provider_url)
            ),
        ));
    };
    Ok((ServiceAccount { namespace, name }, eks))
}

/// The script.
pub(super) fn render(
    plan: &Plan,
    token: &Token,
    cluster: Option<&str>,
) -> Result<String, RenderError> {
    let (account, eks) = applies(plan.generated, token)?;
    let mut header = plan.header(Format::Eksctl);
    let cluster_name = match cluster {
        Some(c) => checked_cluster(c)?,
        None => {
            header.push(format!(
                "The cluster's name is not in the token (its issuer names the region `{}` and the \
                 OIDC id `{}` only): replace {PLACEHOLDER_CLUSTER}, or rerun with --cluster NAME \
                 (aws eks describe-cluster --name NAME --query cluster.identity.oidc.issuer shows \
                 a cluster's issuer).",
                eks.region, eks.id
            ));
            PLACEHOLDER_CLUSTER
        }
    };
    let flags = format!(
        "--cluster={} --region={}",
        word("cluster name", cluster_name)?,
        word("region", &eks.region)?
    );
    let mut out = String::from("\n");
    out.push_str(&eksctl_commands(plan, &account, &flags, &mut header)?);
    header.extend(notes(plan, &account));
    out.push_str(&format!(
        "kubectl apply -f - <<'{DELIMITER}'\n{}{DELIMITER}\n",
        manifest(plan, &account)
    ));
    Ok(format!("{}{out}", comments(&header)))
}

/// A service account: its namespace and name (from the token's `sub`).
pub(super) struct ServiceAccount<'t> {
    namespace: &'t str,
    name: &'t str,
}

fn word(what: &str, value: &str) -> Result<String, RenderError> {
    shell_word(Format::Eksctl, what, value)
}

/// Associating the cluster's provider, then creating the role (when eksctl writes this policy)
/// or binding one made another way; then the heading of the annotation alternative.
fn eksctl_commands(
    plan: &Plan,
    account: &ServiceAccount,
    flags: &str,
    header: &mut Vec<String>,
) -> Result<String, RenderError> {
    let mut out = comments(&["The cluster's IAM OIDC provider, once per cluster:".to_string()]);
    out.push_str(&format!(
        "eksctl utils associate-iam-oidc-provider {flags} --approve\n\n"
    ));
    let sa = format!(
        "--namespace={} --name={}",
        word("namespace", account.namespace)?,
        word("service account", account.name)?
    );
    match eksctl_policy(plan, account.namespace, account.name) {
        Some(pattern) => {
            let policy_arn = format!(
                "arn:{}:iam::{}:policy/REPLACE_WITH_PERMISSIONS_POLICY",
                plan.generated.partition, plan.generated.account
            );
            header.push(format!(
                "Replace the placeholder policy ARN `{policy_arn}` with the permissions the role \
                 needs (--attach-policy-arn may be repeated)."
            ));
            let pattern = match pattern {
                Some(p) => format!(" --subject-pattern={}", word("subject pattern", p)?),
                None => String::new(),
            };
            out.push_str(&comments(&[
                "The role, with this trust policy (eksctl writes it), and the service account \
                 created or annotated (it exists already: add --override-existing-serviceaccounts):"
                    .to_string(),
            ]));
            out.push_str(&format!(
                "eksctl create iamserviceaccount {flags} {sa} --role-name={}{pattern} \
                 --attach-policy-arn={} --approve\n\n",
                word("role name", &plan.role_name)?,
                word("policy ARN", &policy_arn)?
            ));
        }
        None => {
            out.push_str(&comments(&[format!(
                "eksctl would write a trust policy other than this one (it pins the audience \
                 sts.amazonaws.com and the subject only): create the role with {}, then bind it:",
                plan.surface.other_formats()
            )]));
            out.push_str(&format!(
                "eksctl create iamserviceaccount {flags} {sa} --attach-role-arn={} --approve\n\n",
                word("role ARN", &plan.role_arn())?
            ));
        }
    }
    out.push_str(&comments(&[format!(
        "Or, with the role made another way ({}), the annotation alone:",
        plan.surface.other_formats()
    )]));
    Ok(out)
}

/// The placeholder account and a namespace-wide policy, said.
fn notes(plan: &Plan, account: &ServiceAccount) -> Vec<String> {
    let mut lines = Vec::new();
    if plan.generated.account_is_placeholder {
        lines.push(format!(
            "Replace the placeholder account `{}` ({}).",
            plan.generated.account,
            plan.surface.account_rerun_hint()
        ));
    }
    if service_account_pattern(plan).is_some() {
        lines.push(format!(
            "The policy admits every service account of namespace `{}`: annotate each one that \
             should use the role.",
            account.namespace
        ));
    }
    lines
}

/// The ServiceAccount with the role annotation (and the audience annotation when the token's
/// audience is not the webhook's default).
fn manifest(plan: &Plan, account: &ServiceAccount) -> String {
    let mut m = format!(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {}\n  namespace: {}\n  \
         annotations:\n    eks.amazonaws.com/role-arn: {}\n",
        yaml_string(account.name),
        yaml_string(account.namespace),
        yaml_string(&plan.role_arn())
    );
    if plan.generated.audience != STS_AUDIENCE {
        m.push_str(&format!(
            "    eks.amazonaws.com/audience: {}\n",
            yaml_string(&plan.generated.audience)
        ));
    }
    m
}

/// When eksctl's own trust policy is the generated one: `Some(None)` for this exact service
/// account, `Some(Some(pattern))` for `--subject-pattern`, `None` when eksctl cannot write it.
fn eksctl_policy<'p>(plan: &'p Plan, namespace: &str, name: &str) -> Option<Option<&'p str>> {
    let provider = plan.provider.as_ref()?;
    let [s] = plan.statements.as_slice() else {
        return None;
    };
    let shape = s.effect == "Allow"
        && s.actions == [ACTION]
        && s.principals == [("Federated".to_string(), vec![PrincipalId::Provider])]
        && s.sid.is_none()
        && s.conditions.len() == 2
        && plan.generated.audience == STS_AUDIENCE
        && s.conditions.iter().any(|c| {
            c.operator == "StringEquals"
                && c.key == format!("{}:aud", provider.prefix)
                && c.values == [STS_AUDIENCE]
        });
    if !shape {
        return None;
    }
    let sub_key = format!("{}:sub", provider.prefix);
    let exact = format!("system:serviceaccount:{namespace}:{name}");
    let sub = s.conditions.iter().find(|c| c.key == sub_key)?;
    match (sub.operator.as_str(), sub.values.as_slice()) {
        ("StringEquals", [v]) if *v == exact => Some(None),
        ("StringLike", [v]) => v
            .strip_prefix(&format!("system:serviceaccount:{namespace}:"))
            .filter(|p| !p.is_empty() && !p.contains(':'))
            .map(Some),
        _ => None,
    }
}

/// The `sub` pattern of a policy that admits several service accounts.
fn service_account_pattern<'p>(plan: &'p Plan) -> Option<&'p str> {
    let prefix = &plan.provider.as_ref()?.prefix;
    plan.statements
        .iter()
        .flat_map(|s| &s.conditions)
        .find(|c| c.operator == "StringLike" && c.key == format!("{prefix}:sub"))
        .and_then(|c| c.values.first())
        .map(String::as_str)
}

/// An EKS cluster name: 1–100 of `[A-Za-z0-9_-]`, starting with a letter or digit (EKS API
/// reference, `CreateCluster`).
fn checked_cluster(name: &str) -> Result<&str, RenderError> {
    let ok = name.len() <= 100
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(RenderError::Cluster { found: shown(name) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_account_parses_only_the_kubernetes_form() {
        assert_eq!(
            service_account("system:serviceaccount:payments:api"),
            Some(("payments", "api"))
        );
        assert_eq!(service_account("system:serviceaccount:payments"), None);
        assert_eq!(service_account("system:serviceaccount:a:b:c"), None);
        assert_eq!(service_account("repo:o/r:ref:refs/heads/main"), None);
    }

    #[test]
    fn checked_cluster_follows_eks_names() {
        assert!(checked_cluster("prod-eu_1").is_ok());
        assert!(checked_cluster("-prod").is_err());
        assert!(checked_cluster("a b").is_err());
        assert!(checked_cluster("").is_err());
        assert!(checked_cluster(&"a".repeat(101)).is_err());
    }
}
