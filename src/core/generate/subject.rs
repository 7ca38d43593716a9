//! Which family a token belongs to for generation, the scopes that apply to it, and the `sub`
//! condition each scope writes.
//!
//! Invariant: a scope either yields a condition that the token's own `sub` satisfies, or an
//! error saying what it expected and what it found; `sub` is never left unscoped.

use serde::Serialize;

use super::{GenerateError, Scope};
use crate::core::claims::{GITHUB_ISSUER, TokenKind, detect_kind};
use crate::core::jwt::Token;

/// The issuer family a policy is generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// A Kubernetes service-account issuer (EKS or self-managed): `sub` is
    /// `system:serviceaccount:NS:SA`.
    Kubernetes,
    /// GitHub Actions (github.com, an enterprise issuer, or GHES): a shared issuer.
    GitHub,
    /// Any other OIDC issuer.
    Other,
}

impl Family {
    /// The family of `token`.
    pub fn of(token: &Token) -> Family {
        let iss = token.claim_str("iss").unwrap_or_default();
        let enterprise = iss
            .strip_prefix(GITHUB_ISSUER)
            .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1);
        match detect_kind(&token.claims) {
            TokenKind::KubernetesProjected { .. } | TokenKind::KubernetesLegacy { .. } => {
                Family::Kubernetes
            }
            TokenKind::GitHubActions { .. } => Family::GitHub,
            TokenKind::Generic if enterprise => Family::GitHub,
            TokenKind::Generic => Family::Other,
        }
    }

    /// `kubernetes`, `github`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Kubernetes => "kubernetes",
            Family::GitHub => "github",
            Family::Other => "other",
        }
    }

    /// The scopes that can apply to this family, narrowest first.
    pub fn scopes(self) -> &'static [Scope] {
        match self {
            Family::Kubernetes => &[Scope::Exact, Scope::Namespace],
            Family::GitHub => &[
                Scope::Exact,
                Scope::Branch,
                Scope::Environment,
                Scope::Repository,
            ],
            Family::Other => &[Scope::Exact],
        }
    }
}

/// How a `sub` condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Operator {
    /// `StringEquals`: the value exactly.
    StringEquals,
    /// `StringLike`: `*` in the value is a wildcard.
    StringLike,
}

impl Operator {
    /// The IAM operator name.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::StringEquals => "StringEquals",
            Operator::StringLike => "StringLike",
        }
    }
}

/// The `sub` condition a scope writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectCondition {
    /// The operator.
    pub operator: Operator,
    /// The value (with a trailing `*` under `StringLike`).
    pub value: String,
}

/// The `sub` condition for `scope` on a token of `family` whose `sub` is `sub`.
///
/// # Errors
/// [`GenerateError::ScopeNotApplicable`] when the scope does not fit the family or the token.
pub(super) fn subject_condition(
    family: Family,
    scope: Scope,
    token: &Token,
    sub: &str,
) -> Result<SubjectCondition, GenerateError> {
    if !family.scopes().contains(&scope) {
        return Err(not_applicable(
            scope,
            format!(
                "one of {} for a {} token",
                names(family.scopes()),
                family.as_str()
            ),
            format!("`{}`", scope.as_str()),
        ));
    }
    let equals = |value: String| SubjectCondition {
        operator: Operator::StringEquals,
        value,
    };
    let like = |prefix: String| SubjectCondition {
        operator: Operator::StringLike,
        value: format!("{prefix}*"),
    };
    match scope {
        Scope::Exact => Ok(equals(sub.to_string())),
        Scope::Namespace => {
            let (ns, _) = service_account(sub).ok_or_else(|| k8s_sub_expected(scope, sub))?;
            Ok(like(format!("system:serviceaccount:{ns}:")))
        }
        Scope::Repository => Ok(like(format!("repo:{}:", github_parts(scope, sub)?.0))),
        Scope::Branch => {
            let (repo, rest) = github_parts(scope, sub)?;
            match rest.strip_prefix("ref:refs/heads/") {
                Some(branch) if !branch.is_empty() => Ok(equals(sub.to_string())),
                _ => Err(not_applicable(
                    scope,
                    format!("a `sub` of the form `repo:{repo}:ref:refs/heads/BRANCH`"),
                    format!("`{sub}`"),
                )),
            }
        }
        Scope::Environment => environment_condition(token, sub).map(equals),
    }
}

/// The environment scope: the token must have an `environment` claim and the matching `sub`.
fn environment_condition(token: &Token, sub: &str) -> Result<String, GenerateError> {
    let scope = Scope::Environment;
    let (repo, rest) = github_parts(scope, sub)?;
    let Some(env) = token.claim_str("environment").filter(|e| !e.is_empty()) else {
        return Err(not_applicable(
            scope,
            "a token with an `environment` claim (a job that names an environment)".to_string(),
            "none".to_string(),
        ));
    };
    if rest.strip_prefix("environment:") != Some(env) {
        return Err(not_applicable(
            scope,
            format!("a `sub` of the form `repo:{repo}:environment:{env}`"),
            format!("`{sub}`"),
        ));
    }
    Ok(sub.to_string())
}

/// `(namespace, service account)` of a `system:serviceaccount:NS:SA` subject.
pub(super) fn service_account(sub: &str) -> Option<(&str, &str)> {
    let (ns, sa) = sub
        .strip_prefix("system:serviceaccount:")?
        .split_once(':')?;
    (!ns.is_empty() && !sa.is_empty() && !sa.contains(':')).then_some((ns, sa))
}

/// `(ORG/REPO, rest)` of a GitHub `repo:ORG/REPO:rest` subject (the immutable `ORG@id/REPO@id`
/// form included: the repository part is kept as the token writes it).
pub(super) fn github_repo(sub: &str) -> Option<(&str, &str)> {
    let (repo, rest) = sub.strip_prefix("repo:")?.split_once(':')?;
    (repo.contains('/') && !rest.is_empty()).then_some((repo, rest))
}

fn github_parts(scope: Scope, sub: &str) -> Result<(&str, &str), GenerateError> {
    github_repo(sub).ok_or_else(|| {
        not_applicable(
            scope,
            "a GitHub `sub` of the form `repo:ORG/REPO:…`".to_string(),
            format!("`{sub}`"),
        )
    })
}

fn k8s_sub_expected(scope: Scope, sub: &str) -> GenerateError {
    not_applicable(
        scope,
        "a `sub` of the form `system:serviceaccount:NAMESPACE:NAME`".to_string(),
        format!("`{sub}`"),
    )
}

fn not_applicable(scope: Scope, expected: String, found: String) -> GenerateError {
    GenerateError::ScopeNotApplicable {
        scope: scope.as_str(),
        expected,
        found,
    }
}

/// `` `exact`, `namespace` ``.
pub(super) fn names(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| format!("`{}`", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
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
        assert_eq!(service_account("system:serviceaccount::api"), None);
        assert_eq!(service_account("repo:o/r:ref:refs/heads/main"), None);
    }

    #[test]
    fn github_repo_splits_mutable_and_immutable_subjects() {
        assert_eq!(
            github_repo("repo:octo-org/octo-repo:ref:refs/heads/main"),
            Some(("octo-org/octo-repo", "ref:refs/heads/main"))
        );
        assert_eq!(
            github_repo("repo:octo-org@1/octo-repo@2:pull_request"),
            Some(("octo-org@1/octo-repo@2", "pull_request"))
        );
        assert_eq!(github_repo("repo:octo-repo:pull_request"), None);
        assert_eq!(github_repo("system:serviceaccount:a:b"), None);
    }
}
