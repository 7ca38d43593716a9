//! Which family a token belongs to for generation, the scopes that apply to it, and the `sub`
//! condition each scope writes.
//!
//! Invariant: a scope either yields a condition that the token's own `sub` satisfies, or an
//! error saying what it expected and what it found; `sub` is never left unscoped.

use serde::Serialize;

use super::{GenerateError, Scope};
pub(super) use crate::core::claims::service_account;
use crate::core::issuers::{self, PresetId, SubjectParts};
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
    /// GitLab CI/CD (gitlab.com is shared by every project):
    /// `project_path:GROUP/PROJECT:ref_type:TYPE:ref:NAME`.
    GitLab,
    /// HCP Terraform (app.terraform.io is shared by every organization):
    /// `organization:O:project:P:workspace:W:run_phase:PHASE`.
    Terraform,
    /// CircleCI (one issuer per organization): `org/O/project/P/user/U`.
    CircleCi,
    /// Buildkite (agent.buildkite.com is shared by every organization):
    /// `organization:O:pipeline:P:ref:R:commit:C:step:S`.
    Buildkite,
    /// Google ID tokens: IAM's built-in provider `accounts.google.com`.
    Google,
    /// Amazon Cognito identity-pool tokens: IAM's built-in provider
    /// `cognito-identity.amazonaws.com`.
    Cognito,
    /// Any other OIDC issuer.
    Other,
}

impl Family {
    /// The family of `token`, from the issuer preset it is recognised as
    /// ([`issuers::preset_for`]).
    pub fn of(token: &Token) -> Family {
        Family::of_preset(issuers::preset_for(token).preset.id)
    }

    /// The family of a preset.
    pub fn of_preset(id: PresetId) -> Family {
        match id {
            PresetId::Eks | PresetId::Kubernetes => Family::Kubernetes,
            PresetId::GitHub | PresetId::GitHubEnterprise | PresetId::GitHubServer => {
                Family::GitHub
            }
            PresetId::GitLab => Family::GitLab,
            PresetId::HcpTerraform => Family::Terraform,
            PresetId::CircleCi => Family::CircleCi,
            PresetId::Buildkite => Family::Buildkite,
            PresetId::Google => Family::Google,
            PresetId::Cognito => Family::Cognito,
            PresetId::Bitbucket | PresetId::AzureDevOps | PresetId::EntraId | PresetId::Generic => {
                Family::Other
            }
        }
    }

    /// The preset whose `sub` format the family's scopes read.
    fn preset(self) -> Option<PresetId> {
        match self {
            Family::Kubernetes => Some(PresetId::Kubernetes),
            Family::GitHub => Some(PresetId::GitHub),
            Family::GitLab => Some(PresetId::GitLab),
            Family::Terraform => Some(PresetId::HcpTerraform),
            Family::CircleCi => Some(PresetId::CircleCi),
            Family::Buildkite => Some(PresetId::Buildkite),
            Family::Google | Family::Cognito | Family::Other => None,
        }
    }

    /// The built-in provider's name (its principal and condition-key prefix), for Google and
    /// Cognito.
    pub fn builtin_provider(self) -> Option<&'static str> {
        match self {
            Family::Google => Some("accounts.google.com"),
            Family::Cognito => Some("cognito-identity.amazonaws.com"),
            _ => None,
        }
    }

    /// `kubernetes`, `github`, `gitlab`, `terraform`, `circleci`, `buildkite`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Kubernetes => "kubernetes",
            Family::GitHub => "github",
            Family::GitLab => "gitlab",
            Family::Terraform => "terraform",
            Family::CircleCi => "circleci",
            Family::Buildkite => "buildkite",
            Family::Google => "google",
            Family::Cognito => "cognito",
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
            Family::GitLab => &[Scope::Exact, Scope::Branch, Scope::Project],
            Family::Terraform => &[Scope::Exact, Scope::Workspace],
            Family::CircleCi => &[Scope::Exact, Scope::Project],
            Family::Buildkite => &[Scope::Exact, Scope::Branch, Scope::Pipeline],
            Family::Google | Family::Cognito | Family::Other => &[Scope::Exact],
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
    match (family, scope) {
        (_, Scope::Exact) => Ok(equals(sub.to_string())),
        (_, Scope::Namespace) => {
            let (ns, _) = service_account(sub).ok_or_else(|| k8s_sub_expected(scope, sub))?;
            Ok(like(format!("system:serviceaccount:{ns}:")))
        }
        (_, Scope::Repository) => Ok(like(format!("repo:{}:", github_parts(scope, sub)?.0))),
        (Family::GitHub, Scope::Branch) => {
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
        (_, Scope::Environment) => environment_condition(token, sub).map(equals),
        _ => preset_condition(family, scope, sub),
    }
}

/// The scopes built from a preset's `sub` parts: GitLab's branch and project, HCP Terraform's
/// workspace, CircleCI's project, Buildkite's branch and pipeline.
fn preset_condition(
    family: Family,
    scope: Scope,
    sub: &str,
) -> Result<SubjectCondition, GenerateError> {
    let expected = |what: &str| not_applicable(scope, what.to_string(), format!("`{sub}`"));
    let parts = family
        .preset()
        .and_then(|id| issuers::split_subject_as(id, sub));
    let get = |p: &SubjectParts, name: &str| p.get(name).unwrap_or_default().to_string();
    let like = |prefix: String| SubjectCondition {
        operator: Operator::StringLike,
        value: format!("{prefix}*"),
    };
    match (family, scope, parts) {
        (Family::GitLab, Scope::Branch, Some(p)) if p.form == "branch" => Ok(SubjectCondition {
            operator: Operator::StringEquals,
            value: sub.to_string(),
        }),
        (Family::GitLab, Scope::Branch, _) => Err(expected(
            "a `sub` of the form `project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH`",
        )),
        (Family::GitLab, Scope::Project, Some(p)) => Ok(like(format!(
            "project_path:{}/{}:",
            get(&p, "group"),
            get(&p, "project")
        ))),
        (Family::Terraform, Scope::Workspace, Some(p)) => Ok(like(format!(
            "organization:{}:project:{}:workspace:{}:run_phase:",
            get(&p, "organization"),
            get(&p, "project"),
            get(&p, "workspace")
        ))),
        (Family::CircleCi, Scope::Project, Some(p)) => Ok(like(format!(
            "org/{}/project/{}/user/",
            get(&p, "organization id"),
            get(&p, "project id")
        ))),
        (Family::Buildkite, Scope::Branch, Some(p)) if p.form == "branch" => Ok(like(format!(
            "organization:{}:pipeline:{}:ref:{}:",
            get(&p, "organization"),
            get(&p, "pipeline"),
            get(&p, "ref")
        ))),
        (Family::Buildkite, Scope::Branch, _) => Err(expected(
            "a `sub` of the form `organization:ORG:pipeline:PIPELINE:ref:refs/heads/BRANCH:…`",
        )),
        (Family::Buildkite, Scope::Pipeline, Some(p)) => Ok(like(format!(
            "organization:{}:pipeline:{}:",
            get(&p, "organization"),
            get(&p, "pipeline")
        ))),
        (_, _, _) => Err(expected(&format!(
            "a `sub` of the documented {} form",
            family.as_str()
        ))),
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
