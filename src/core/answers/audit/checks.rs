//! The audit's own checks, beyond the findings the engine reports for any policy
//! ([`sts::policy_findings_for_issuer`](crate::core::sts::policy_findings_for_issuer)): what only
//! an account-wide view shows (the provider's account and existence), and what a policy read
//! without a token shows (the action, the audience condition, how far a `StringLike` on `sub`
//! reaches), and the narrower policy for a role.

use serde_json::Value;

use super::{AuditFinding, AuditSeverity};
use crate::core::claims::GITHUB_ISSUER;
use crate::core::generate::{self, Operator, SubjectCondition};
use crate::core::pattern::matches_ignore_case;
use crate::core::policy::{Actions, Condition, Family, Statement};
use crate::core::sts::{self, ACTION, provider_prefix};

/// A provider as a trust policy names it, with the issuer it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Provider {
    /// The `Federated` value as written.
    pub federated: String,
    /// The issuer (`https://` + the ARN's host and path, or a built-in provider's name).
    pub iss: String,
    /// The provider ARN's account (`None` for a built-in provider).
    pub account: Option<String>,
    /// The provider ARN's partition (`aws` for a built-in provider).
    pub partition: String,
}

impl Provider {
    /// The web-identity provider a `Federated` value names (`None`: a SAML provider or not an
    /// identity provider).
    pub(super) fn of(federated: &str) -> Option<Provider> {
        if sts::is_builtin_provider(federated) {
            return Some(Provider {
                federated: federated.to_string(),
                iss: format!("https://{federated}"),
                account: None,
                partition: "aws".to_string(),
            });
        }
        let parts: Vec<&str> = federated.splitn(6, ':').collect();
        let ["arn", partition, "iam", "", account, resource] = parts.as_slice() else {
            return None;
        };
        let host = resource
            .strip_prefix("oidc-provider/")
            .filter(|h| !h.is_empty())?;
        Some(Provider {
            federated: federated.to_string(),
            iss: format!("https://{host}"),
            account: Some((*account).to_string()),
            partition: (*partition).to_string(),
        })
    }
}

fn finding(
    severity: AuditSeverity,
    code: &'static str,
    title: String,
    detail: &str,
    fix: String,
) -> AuditFinding {
    AuditFinding {
        severity,
        code,
        role: None,
        provider: None,
        title,
        detail: detail.to_string(),
        fix,
        fix_is_detail: false,
        narrower_policy: None,
    }
}

/// `sts:AssumeRole` where a web-identity provider needs `sts:AssumeRoleWithWebIdentity`.
pub(super) fn action_finding(st: &Statement) -> Option<AuditFinding> {
    let Actions::Action(actions) = &st.actions else {
        return None;
    };
    let web = actions.iter().any(|a| matches_ignore_case(a, ACTION));
    let assume_role = actions
        .iter()
        .any(|a| a.eq_ignore_ascii_case("sts:AssumeRole"));
    (!web && assume_role).then(|| {
        finding(
            AuditSeverity::Medium,
            "assume_role_not_web_identity",
            format!("{} allows `sts:AssumeRole` for a web-identity provider", st.label()),
            "A token is exchanged with AssumeRoleWithWebIdentity; a statement naming a `Federated` OIDC provider with `sts:AssumeRole` alone never admits it, so the role cannot be assumed with a token (AccessDenied).",
            format!("replace `sts:AssumeRole` with `{ACTION}` in {}", st.label()),
        )
    })
}

/// No positive condition on the provider's `:aud`: STS checks the audience only against the
/// provider's client IDs, so every client ID of the provider is admitted.
pub(super) fn audience_finding(st: &Statement, p: &Provider) -> Option<AuditFinding> {
    if sts::is_builtin_provider(&p.federated) {
        // The engine reports a built-in provider's unchecked audience itself.
        return None;
    }
    let pinned = st.conditions.iter().any(|c| {
        c.key.to_ascii_lowercase().ends_with(":aud")
            && positive_string(c)
            && !c.values.iter().any(|v| v == "*")
    });
    if pinned {
        return None;
    }
    let shared = sts::is_shared_issuer(&p.iss);
    let key = format!("{}:aud", provider_prefix(&p.iss));
    Some(finding(
        if shared {
            AuditSeverity::Medium
        } else {
            AuditSeverity::Low
        },
        "aud_not_checked",
        format!("{} does not check `{key}`", st.label()),
        "STS compares the token's audience with the provider's client IDs only: every client ID registered on the provider (and any added later) is admitted. For a provider shared by many workloads (GitHub Actions) AWS's guidance pins the audience in the trust policy.",
        format!(
            "add `\"StringEquals\": {{\"{key}\": \"sts.amazonaws.com\"}}` (the audience your tokens carry)"
        ),
    ))
}

fn positive_string(c: &Condition) -> bool {
    matches!(
        c.operator.family,
        Family::StringEquals | Family::StringLike | Family::StringEqualsIgnoreCase
    ) && !c.operator.negated
}

/// `StringLike` patterns on `:sub` that admit more than they seem to.
pub(super) fn wildcard_findings(st: &Statement, p: &Provider) -> Vec<AuditFinding> {
    st.conditions
        .iter()
        .filter(|c| c.key.to_ascii_lowercase().ends_with(":sub") && c.operator.family == Family::StringLike && !c.operator.negated)
        .flat_map(|c| c.values.iter().filter_map(move |v| wide_pattern(v, &p.iss).map(|(sev, why)| (c, v, sev, why))))
        .map(|(c, v, sev, why)| {
            finding(
                sev,
                "stringlike_wide",
                format!("`{}` on `{}` with `{v}` {why}", c.operator.raw, c.key),
                "StringLike's `*` matches any characters, `/` and `:` included, so a pattern reaches every subject that merely starts (or ends) the same way.",
                "scope `sub` to the repository and branch or environment (GitHub) or to the namespace and service account (Kubernetes) that use the role, with StringEquals where one subject suffices".to_string(),
            )
        })
        .collect()
}

/// How far a `sub` pattern reaches, when further than it seems.
fn wide_pattern(v: &str, iss: &str) -> Option<(AuditSeverity, String)> {
    if !v.contains(['*', '?']) || v == "*" {
        // No wildcard, or `*` alone (reported by the engine as an unscoped `sub`).
        return None;
    }
    let github = iss == GITHUB_ISSUER || iss.ends_with("/_services/token");
    if github && let Some(rest) = v.strip_prefix("repo:") {
        let owner = rest.split('/').next().unwrap_or(rest);
        if owner.contains(['*', '?']) || !rest.contains('/') {
            return Some((
                AuditSeverity::High,
                "admits repositories of other owners (the wildcard is in the owner's name)".into(),
            ));
        }
        let repo_part = rest.split_once('/').map_or("", |(_, r)| r);
        let repo = repo_part.split(':').next().unwrap_or(repo_part);
        if repo.contains(['*', '?']) {
            return Some((
                AuditSeverity::Medium,
                format!(
                    "admits every repository of `{owner}` (and every branch, tag, pull request and environment of each)"
                ),
            ));
        }
        if repo_part.ends_with(":*") && repo_part.matches(':').count() == 1 {
            return Some((
                AuditSeverity::Low,
                "admits every branch, tag, pull request and environment of the repository".into(),
            ));
        }
        return None;
    }
    if let Some(rest) = v.strip_prefix("system:serviceaccount:") {
        let ns = rest.split(':').next().unwrap_or(rest);
        if ns.contains(['*', '?']) {
            return Some((
                AuditSeverity::Medium,
                "admits service accounts of every namespace of the cluster".into(),
            ));
        }
        if rest.ends_with(":*") {
            return Some((
                AuditSeverity::Low,
                format!("admits every service account of namespace `{ns}`"),
            ));
        }
        return None;
    }
    v.starts_with('*').then(|| {
        (
            AuditSeverity::Medium,
            "starts with a wildcard: any subject ending this way is admitted".into(),
        )
    })
}

/// The provider's account differs from the role's: IAM looks the provider up in the role's
/// account only.
pub(super) fn account_finding(p: &Provider, role_account: Option<&str>) -> Option<AuditFinding> {
    let (Some(pa), Some(ra)) = (p.account.as_deref(), role_account) else {
        return None;
    };
    (pa != ra).then(|| {
        finding(
            AuditSeverity::Medium,
            "provider_other_account",
            format!("trusts `{}`, a provider in account {pa}, not the role's account {ra}", p.federated),
            "STS looks for the IAM OIDC provider in the role's own account, so this statement never admits a token (AccessDenied).",
            format!("create the provider in account {ra} and name `arn:aws:iam::{ra}:oidc-provider/{}`", provider_prefix(&p.iss)),
        )
    })
}

/// The provider a role names is not among the account's providers.
pub(super) fn missing_provider_finding(p: &Provider, providers: &[String]) -> Option<AuditFinding> {
    if p.account.is_none() || providers.iter().any(|a| a == &p.federated) {
        return None;
    }
    Some(finding(
        AuditSeverity::Medium,
        "provider_not_in_account",
        format!(
            "trusts `{}`, which is not among the account's OpenID Connect providers",
            p.federated
        ),
        "Without the IAM OIDC provider, STS answers InvalidIdentityToken (No OpenIDConnect provider found in your account) to every token of this issuer.",
        format!(
            "create the provider (`aws iam create-open-id-connect-provider --url {} --client-id-list sts.amazonaws.com`), or remove the statement",
            p.iss
        ),
    ))
}

/// A provider no role trusts.
pub(super) fn unused_provider_finding(arn: &str) -> AuditFinding {
    let mut f = finding(
        AuditSeverity::Low,
        "provider_unused",
        format!("no role trusts the provider `{arn}`"),
        "An unused provider does nothing by itself, but any role later given a loose trust policy for it is assumable by that issuer's tokens.",
        "delete the provider if nothing uses it (`aws iam delete-open-id-connect-provider`)"
            .to_string(),
    );
    f.provider = Some(arn.to_string());
    f
}

/// The narrower policy for statement `st` trusting `p`, from [`generate::trust_policy`]: the
/// audience pinned, `sub` kept when it names one subject, else a subject with placeholders in
/// capitals to fill in (the second value is true then).
pub(super) fn narrower_policy(
    st: &Statement,
    p: &Provider,
    role_account: Option<&str>,
) -> Option<(String, bool)> {
    if sts::is_builtin_provider(&p.federated) {
        return None;
    }
    let account = p.account.as_deref().or(role_account)?;
    let prefix = provider_prefix(&p.iss);
    let audience = st
        .conditions
        .iter()
        .find(|c| {
            c.key.to_ascii_lowercase().ends_with(":aud")
                && positive_string(c)
                && c.values.len() == 1
        })
        .and_then(|c| c.values.first().cloned())
        .unwrap_or_else(|| "sts.amazonaws.com".to_string());
    let (subject, placeholder) = subject_for(st, &p.iss);
    let policy: Value = generate::trust_policy(&p.partition, account, prefix, &audience, &subject);
    serde_json::to_string_pretty(&policy)
        .ok()
        .map(|t| (t, placeholder))
}

/// The statement's own `sub` when it is one exact subject, else a template.
fn subject_for(st: &Statement, iss: &str) -> (SubjectCondition, bool) {
    let exact = st.conditions.iter().find_map(|c| {
        let one = c.key.to_ascii_lowercase().ends_with(":sub")
            && positive_string(c)
            && c.values.len() == 1
            && c.values
                .iter()
                .all(|v| !v.contains(['*', '?']) && !v.contains("${"));
        one.then(|| c.values.first().cloned()).flatten()
    });
    if let Some(value) = exact {
        return (
            SubjectCondition {
                operator: Operator::StringEquals,
                value,
            },
            false,
        );
    }
    let github = iss == GITHUB_ISSUER || iss.ends_with("/_services/token");
    let value = if github {
        let owner = sub_values(st)
            .find_map(|v| {
                v.strip_prefix("repo:")
                    .and_then(|r| r.split('/').next())
                    .filter(|o| !o.contains(['*', '?']) && !o.is_empty())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "OWNER".to_string());
        format!("repo:{owner}/REPOSITORY:ref:refs/heads/BRANCH")
    } else if iss.starts_with("https://oidc.eks.")
        || sub_values(st).any(|v| v.starts_with("system:serviceaccount:"))
    {
        let ns = sub_values(st)
            .find_map(|v| {
                v.strip_prefix("system:serviceaccount:")
                    .and_then(|r| r.split(':').next())
                    .filter(|n| !n.contains(['*', '?']) && !n.is_empty())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "NAMESPACE".to_string());
        format!("system:serviceaccount:{ns}:SERVICE_ACCOUNT")
    } else {
        "SUBJECT".to_string()
    };
    (
        SubjectCondition {
            operator: Operator::StringEquals,
            value,
        },
        true,
    )
}

fn sub_values(st: &Statement) -> impl Iterator<Item = &str> {
    st.conditions
        .iter()
        .filter(|c| c.key.to_ascii_lowercase().ends_with(":sub"))
        .flat_map(|c| c.values.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_pattern_table() {
        let gh = GITHUB_ISSUER;
        let eks = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        let cases = [
            ("repo:org/repo:ref:refs/heads/main", gh, None),
            ("repo:org/repo:*", gh, Some(AuditSeverity::Low)),
            ("repo:org/*", gh, Some(AuditSeverity::Medium)),
            (
                "repo:org/app-*:ref:refs/heads/main",
                gh,
                Some(AuditSeverity::Medium),
            ),
            ("repo:org*", gh, Some(AuditSeverity::High)),
            ("repo:*", gh, Some(AuditSeverity::High)),
            ("*", gh, None),
            (
                "system:serviceaccount:*:api",
                eks,
                Some(AuditSeverity::Medium),
            ),
            (
                "system:serviceaccount:payments:*",
                eks,
                Some(AuditSeverity::Low),
            ),
            ("system:serviceaccount:payments:api", eks, None),
            ("*:api", eks, Some(AuditSeverity::Medium)),
        ];
        for (v, iss, want) in cases {
            assert_eq!(wide_pattern(v, iss).map(|(s, _)| s), want, "{v}");
        }
    }

    #[test]
    fn provider_of_federated_values() {
        let p = Provider::of(
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        )
        .unwrap();
        assert_eq!(p.iss, GITHUB_ISSUER);
        assert_eq!(p.account.as_deref(), Some("111122223333"));
        assert_eq!(Provider::of("accounts.google.com").unwrap().account, None);
        assert!(Provider::of("arn:aws:iam::111122223333:saml-provider/okta").is_none());
        assert!(Provider::of("arn:aws:iam::111122223333:oidc-provider/").is_none());
    }
}
