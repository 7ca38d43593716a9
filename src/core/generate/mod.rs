//! Generating the least-privilege trust policy for a token, and proving it: from a decoded token,
//! an account id and a chosen [`Scope`], the policy that admits this workload (audience pinned,
//! `sub` scoped), run through [`sts::simulate`](crate::core::sts::simulate) on the token and on
//! sibling tokens derived from it (see [`proof`]).
//!
//! Invariants:
//! - The default scope is the narrowest ([`Scope::Exact`]); `sub` is never left unscoped, so a
//!   policy for a shared issuer (GitHub) passes IAM's rule that such a role must scope `sub`.
//! - No value with hidden, bidi or look-alike characters ([`confusable`]) is copied into a
//!   policy, nor a value IAM would read as a policy variable (`${…}`) or, under `StringLike`,
//!   as a wildcard: the error names the claim.
//! - A generated policy comes with its proof, and a proof in which the simulator disagrees with
//!   the scope's expectation is an error, never a policy.

pub mod proof;
pub mod render;
mod subject;

pub use proof::{Proof, ProofRow, Sibling, Verdict};
pub use render::{
    Format, NotApplicableReason, RenderError, RenderOptions, Rendered, applies, render,
};
pub use subject::{Family, Operator, SubjectCondition};

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::core::confusable;
use crate::core::jwt::Token;
use crate::core::sts::{ACTION, provider_prefix};

/// The account id written when none is given; the output says to replace it.
pub const PLACEHOLDER_ACCOUNT: &str = "111122223333";

/// How wide the generated policy's `sub` condition is. Stable names: [`Scope::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// This exact `sub` (the default, the narrowest).
    #[default]
    Exact,
    /// Kubernetes: any service account of this namespace.
    Namespace,
    /// GitHub: this repository and branch.
    Branch,
    /// GitHub: this repository and deployment environment.
    Environment,
    /// GitHub: any workflow of this repository (branches, tags, pull requests, environments).
    Repository,
    /// GitLab: any ref of this project; CircleCI: any user's jobs in this project.
    Project,
    /// HCP Terraform: this workspace, any run phase.
    Workspace,
    /// Buildkite: any job of this pipeline.
    Pipeline,
}

impl Scope {
    /// Every scope, narrowest first within each family.
    pub const ALL: [Scope; 8] = [
        Scope::Exact,
        Scope::Namespace,
        Scope::Branch,
        Scope::Environment,
        Scope::Repository,
        Scope::Project,
        Scope::Workspace,
        Scope::Pipeline,
    ];

    /// `exact`, `namespace`, `branch`, `environment`, `repository`, `project`, `workspace`,
    /// `pipeline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Exact => "exact",
            Scope::Namespace => "namespace",
            Scope::Branch => "branch",
            Scope::Environment => "environment",
            Scope::Repository => "repository",
            Scope::Project => "project",
            Scope::Workspace => "workspace",
            Scope::Pipeline => "pipeline",
        }
    }

    /// The scope named `name`.
    ///
    /// # Errors
    /// [`GenerateError::UnknownScope`] listing the names.
    pub fn parse(name: &str) -> Result<Scope, GenerateError> {
        Scope::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or_else(|| GenerateError::UnknownScope {
                expected: subject::names(&Scope::ALL),
                found: name.to_string(),
            })
    }
}

/// Why no policy is generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum GenerateError {
    /// A scope name that does not exist.
    #[error("unknown scope: expected one of {expected}, found `{found}`")]
    UnknownScope {
        /// The names.
        expected: String,
        /// What was given.
        found: String,
    },
    /// The scope does not apply to this token.
    #[error("scope `{scope}` does not apply: expected {expected}, found {found}")]
    ScopeNotApplicable {
        /// The scope.
        scope: &'static str,
        /// What it needs.
        expected: String,
        /// What the token has.
        found: String,
    },
    /// A partition that is not one of [`PARTITIONS`].
    #[error("partition: expected one of {expected}, found `{found}`")]
    Partition {
        /// The names.
        expected: String,
        /// What was given.
        found: String,
    },
    /// The account id is not 12 digits.
    #[error("account id: expected 12 digits, found `{found}`")]
    Account {
        /// What was given.
        found: String,
    },
    /// A claim the policy needs is missing or not usable.
    #[error("claim `{claim}`: expected {expected}, found {found}")]
    Claim {
        /// The claim.
        claim: &'static str,
        /// What the generator needs.
        expected: String,
        /// What the token has.
        found: String,
    },
    /// A claim's value would carry hidden or look-alike characters into the policy.
    #[error("claim `{claim}` is not copied into a policy: {why}; remove it at its source")]
    Suspicious {
        /// The claim.
        claim: &'static str,
        /// The characters, named.
        why: String,
    },
    /// The simulator disagreed with the scope's expectation (a bug of the generator).
    #[error("the proof disagrees for {sibling}: expected {expected}, the simulator says {found}")]
    ProofDisagrees {
        /// The sibling.
        sibling: String,
        /// The expectation.
        expected: &'static str,
        /// The simulator's verdict.
        found: String,
    },
}

/// What to generate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The role's account (12 digits); `None` writes [`PLACEHOLDER_ACCOUNT`].
    pub account: Option<String>,
    /// The scope (default [`Scope::Exact`]).
    pub scope: Scope,
    /// The role's partition (one of [`PARTITIONS`]); `None` takes it from an EKS issuer's region
    /// (`cn-…` → `aws-cn`, `us-gov-…` → `aws-us-gov`), else `aws`.
    pub partition: Option<String>,
}

pub use crate::core::sts::PARTITIONS;

/// A generated trust policy with its proof.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Generated {
    /// The token's family.
    pub family: Family,
    /// The scope written.
    pub scope: Scope,
    /// The account in the provider ARN.
    pub account: String,
    /// The partition of the ARNs (`aws`, `aws-cn`, `aws-us-gov`, …).
    pub partition: String,
    /// Whether `account` is the placeholder, to be replaced.
    pub account_is_placeholder: bool,
    /// The IAM OIDC provider URL to register (the token's `iss`); for a built-in provider
    /// (Google, Cognito) its name, which is not registered.
    pub provider_url: String,
    /// Whether the issuer is one of IAM's built-in providers (Google, Cognito): the policy names
    /// it as the principal and no IAM OIDC provider is created (IAM User Guide,
    /// `id_roles_providers_create_oidc`).
    pub builtin: bool,
    /// The audience pinned (a client ID the provider must list; Google's OAuth client, which
    /// IAM's `accounts.google.com:aud` reads from `azp` when the token has one; Cognito's identity
    /// pool id).
    pub audience: String,
    /// The token's own audience when the policy pins another one: a GitHub Actions token
    /// requested without `sts.amazonaws.com` (GitHub's default audience is the owner's URL). The
    /// policy, the provider and the proof use `sts.amazonaws.com`, the audience
    /// `aws-actions/configure-aws-credentials` requests and GitHub's AWS guide registers; the
    /// workflow must request it.
    pub token_audience: Option<String>,
    /// The `sub` condition.
    pub subject: SubjectCondition,
    /// The policy document.
    pub policy: Value,
    /// The policy as pretty JSON text.
    pub policy_text: String,
    /// Notes for the reader (the placeholder account, the provider to register).
    pub notes: Vec<String>,
    /// The simulator's verdicts on the token and its siblings.
    pub proof: Proof,
}

/// Generates the trust policy for `token` under `options`, and proves it.
///
/// # Errors
/// A [`GenerateError`] naming what does not fit: the scope, the account, a claim, or (a bug) the
/// proof.
pub fn generate(token: &Token, options: &Options) -> Result<Generated, GenerateError> {
    let (account, placeholder) = account(options.account.as_deref())?;
    let iss = issuer(token)?;
    let family = Family::of(token);
    let (audience, token_audience) = audience(token, family)?;
    let sub = clean_claim(token, "sub")?;
    let subject = subject::subject_condition(family, options.scope, token, sub)?;
    let builtin = family.builtin_provider();
    let prefix = builtin.unwrap_or_else(|| provider_prefix(iss));
    let partition = partition(options.partition.as_deref(), iss)?;
    let mut policy = trust_policy(&partition, &account, prefix, &audience, &subject);
    if family == Family::Cognito {
        cognito_amr(token, &mut policy)?;
    }
    let policy_text = serde_json::to_string_pretty(&policy).unwrap_or_default();
    let proof = proof::prove(
        token,
        family,
        options.scope,
        &policy_text,
        token_audience.as_ref().map(|_| audience.as_str()),
    )?;
    Ok(Generated {
        family,
        scope: options.scope,
        account,
        partition,
        account_is_placeholder: placeholder,
        provider_url: builtin.unwrap_or(iss).to_string(),
        builtin: builtin.is_some(),
        audience,
        token_audience,
        subject,
        policy,
        policy_text,
        notes: Vec::new(),
        proof,
    })
    .map(|mut g| {
        g.notes = g.notes_for(Surface::Cli);
        g
    })
}

/// Where generated text is read: the CLI, whose flags it may name, or the page's generate tool,
/// whose fields it names instead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Surface {
    /// `tokenscope generate`.
    #[default]
    Cli,
    /// The page's "Generate a trust policy" tool.
    Page,
}

impl Surface {
    /// Where the reader gives the account id.
    pub(crate) fn account_hint(self) -> &'static str {
        match self {
            Surface::Cli => "--account",
            Surface::Page => "the tool's Account id field",
        }
    }

    /// How the reader gets an artefact with the account id written in.
    pub(crate) fn account_rerun_hint(self) -> &'static str {
        match self {
            Surface::Cli => "or rerun with --account",
            Surface::Page => "or fill in the tool's Account id field",
        }
    }

    /// What generated the text.
    pub(crate) fn generator(self) -> &'static str {
        match self {
            Surface::Cli => "tokenscope generate",
            Surface::Page => "TokenScope's generate tool",
        }
    }

    /// Where the reader gets the role from another format.
    pub(crate) fn other_formats(self) -> &'static str {
        match self {
            Surface::Cli => "tokenscope generate --format terraform, cloudformation or cli",
            Surface::Page => "the tool's Terraform, CloudFormation or AWS CLI tab",
        }
    }

    /// Where the reader gets the policy alone.
    pub(crate) fn policy_alone(self) -> &'static str {
        match self {
            Surface::Cli => "tokenscope generate --format json",
            Surface::Page => "the tool's Trust policy",
        }
    }

    /// Where the reader chooses the role's name.
    pub(crate) fn role_name_hint(self) -> &'static str {
        match self {
            Surface::Cli => "--role-name chooses another",
            Surface::Page => "the tool's Role name field chooses another",
        }
    }

    /// Where the reader finds the proof.
    pub(crate) fn proof_hint(self) -> &'static str {
        match self {
            Surface::Cli => "tokenscope generate --format proof",
            Surface::Page => "the tool's Proof table",
        }
    }
}

impl Generated {
    /// Notes for the reader (the placeholder account, the provider to register, the audience the
    /// workflow must request), worded for `surface`; [`Generated::notes`] holds the CLI's.
    pub fn notes_for(&self, surface: Surface) -> Vec<String> {
        let audience = &self.audience;
        let mut notes = Vec::new();
        // A built-in provider's policy names no account: nothing to replace.
        if self.account_is_placeholder && !self.builtin {
            notes.push(format!(
                "replace the placeholder account `{PLACEHOLDER_ACCOUNT}` with the role's account id ({})",
                surface.account_hint()
            ));
        }
        notes.push(if self.builtin {
            format!(
                "`{}` is built into IAM: the policy names it as the principal, and no IAM OIDC \
                 provider is created for it (AWS says not to)",
                self.provider_url
            )
        } else {
            format!(
                "register the IAM OIDC provider `{}` with the client ID `{audience}` in the role's account",
                self.provider_url
            )
        });
        if let Some(own) = &self.token_audience {
            let own = if own.is_empty() {
                "the token carries no audience".to_string()
            } else {
                format!(
                    "the token's audience is `{own}` (GitHub's default when the workflow requests none)"
                )
            };
            notes.push(format!(
                "{own}, not `{audience}`: the policy and the provider use `{audience}`, the audience \
                 aws-actions/configure-aws-credentials requests; a workflow that requests its token \
                 itself must ask for `{audience}` (the proof runs the token as requested so)"
            ));
        }
        notes
    }
}

/// The trust policy: one Allow statement for the provider of `prefix` (an issuer without
/// `https://`) in `account` of `partition` (`aws`, `aws-cn`, `aws-us-gov`, …), or for the
/// built-in provider `prefix` names (`accounts.google.com`, `cognito-identity.amazonaws.com`),
/// `sts:AssumeRoleWithWebIdentity`, the audience pinned with `StringEquals`, `sub` scoped by
/// `sub`. The caller vouches for the values (a token's are checked by [`generate`]; an audit
/// copies a role's own).
pub fn trust_policy(
    partition: &str,
    account: &str,
    prefix: &str,
    audience: &str,
    sub: &SubjectCondition,
) -> Value {
    let aud_key = format!("{prefix}:aud");
    let sub_key = format!("{prefix}:sub");
    let mut condition = Map::new();
    let mut equals = Map::new();
    equals.insert(aud_key, Value::String(audience.to_string()));
    match sub.operator {
        Operator::StringEquals => {
            equals.insert(sub_key, Value::String(sub.value.clone()));
            condition.insert("StringEquals".into(), Value::Object(equals));
        }
        Operator::StringLike => {
            condition.insert("StringEquals".into(), Value::Object(equals));
            condition.insert("StringLike".into(), json!({ sub_key: sub.value }));
        }
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": federated(partition, account, prefix)},
            "Action": ACTION,
            "Condition": condition
        }]
    })
}

/// The `Federated` principal for the provider of `prefix`: its ARN, or the name of a built-in
/// provider as it stands.
fn federated(partition: &str, account: &str, prefix: &str) -> String {
    if crate::core::sts::is_builtin_provider(prefix) {
        prefix.to_string()
    } else {
        format!("arn:{partition}:iam::{account}:oidc-provider/{prefix}")
    }
}

/// The partition given, or the one an EKS issuer's region belongs to, else `aws`.
fn partition(given: Option<&str>, iss: &str) -> Result<String, GenerateError> {
    if let Some(p) = given {
        return if PARTITIONS.contains(&p) {
            Ok(p.to_string())
        } else {
            Err(GenerateError::Partition {
                expected: PARTITIONS.join(", "),
                found: p.to_string(),
            })
        };
    }
    Ok(partition_of_issuer(iss).to_string())
}

/// The partition of an EKS issuer (`https://oidc.eks.REGION.amazonaws.com[.cn]/id/…`): `aws-cn`
/// for the China regions (`.amazonaws.com.cn`), `aws-us-gov` for GovCloud (`us-gov-…`), else (and
/// for every other issuer, which says nothing of the role's account) `aws`.
pub fn partition_of_issuer(iss: &str) -> &'static str {
    let host = provider_prefix(iss).split('/').next().unwrap_or_default();
    let Some(region) = host
        .strip_prefix("oidc.eks.")
        .and_then(|r| r.split('.').next())
    else {
        return "aws";
    };
    if host.ends_with(".amazonaws.com.cn") || region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Cognito: an authenticated identity's policy also requires `amr` to carry `authenticated`
/// (`ForAnyValue:StringLike`, as the Cognito developer guide's trust policies do), and a guest
/// identity's `unauthenticated`; a token whose `amr` says neither is refused.
fn cognito_amr(token: &Token, policy: &mut Value) -> Result<(), GenerateError> {
    let amr: Vec<&str> = match token.claims.get("amr") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    };
    let kind = ["authenticated", "unauthenticated"]
        .into_iter()
        .find(|k| amr.contains(k))
        .ok_or_else(|| GenerateError::Claim {
            claim: "amr",
            expected: "`authenticated` or `unauthenticated` among its values".to_string(),
            found: format!("{amr:?}"),
        })?;
    if let Some(condition) = policy
        .pointer_mut("/Statement/0/Condition")
        .and_then(Value::as_object_mut)
    {
        condition.insert(
            "ForAnyValue:StringLike".into(),
            json!({ "cognito-identity.amazonaws.com:amr": kind }),
        );
    }
    Ok(())
}

fn account(given: Option<&str>) -> Result<(String, bool), GenerateError> {
    match given {
        None => Ok((PLACEHOLDER_ACCOUNT.to_string(), true)),
        Some(a) if a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()) => {
            Ok((a.to_string(), false))
        }
        Some(a) => Err(GenerateError::Account {
            found: a.to_string(),
        }),
    }
}

/// The token's `iss`, an https URL without a query or fragment.
fn issuer(token: &Token) -> Result<&str, GenerateError> {
    let iss = clean_claim(token, "iss")?;
    if crate::core::sts::is_builtin_provider(iss) {
        return Ok(iss);
    }
    let host = iss.strip_prefix("https://").unwrap_or_default();
    if host.is_empty() || host.contains(['?', '#', ' ']) {
        return Err(GenerateError::Claim {
            claim: "iss",
            expected: "an https URL (IAM OIDC providers are https)".to_string(),
            found: format!("`{iss}`"),
        });
    }
    Ok(iss)
}

/// The audience to pin, and the token's own when it is not that one: the token's single
/// audience, or `sts.amazonaws.com` among several; for Google, `azp` when the token has one (IAM's
/// `accounts.google.com:aud` is `azp` then); for GitHub Actions always `sts.amazonaws.com`, the
/// audience `aws-actions/configure-aws-credentials` requests and GitHub's guide registers
/// (<https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services>),
/// whatever audience this token was requested with.
fn audience(token: &Token, family: Family) -> Result<(String, Option<String>), GenerateError> {
    const STS: &str = "sts.amazonaws.com";
    if family == Family::Google && token.claims.contains_key("azp") {
        return clean_claim(token, "azp").map(|a| (a.to_owned(), None));
    }
    if family == Family::GitHub {
        let own = match token.claims.get("aud") {
            Some(Value::String(s)) if s == STS => None,
            Some(Value::Array(items)) if items.iter().any(|i| i.as_str() == Some(STS)) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
            None => Some(String::new()),
        };
        return Ok((STS.to_string(), own));
    }
    let found = |what: String| GenerateError::Claim {
        claim: "aud",
        expected: format!("one audience, or `{STS}` among several"),
        found: what,
    };
    let aud = match token.claims.get("aud") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => {
            let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            match texts.as_slice() {
                [one] if items.len() == 1 => (*one).to_string(),
                _ if texts.contains(&STS) => STS.to_string(),
                _ => return Err(found(format!("{} audiences", items.len()))),
            }
        }
        Some(other) => return Err(found(format!("`{other}`"))),
        None => return Err(found("none".to_string())),
    };
    checked("aud", &aud)?;
    Ok((aud, None))
}

/// A string claim that may be copied into a policy.
fn clean_claim<'t>(token: &'t Token, claim: &'static str) -> Result<&'t str, GenerateError> {
    let value = token.claim_str(claim).filter(|v| !v.is_empty());
    let value = value.ok_or_else(|| GenerateError::Claim {
        claim,
        expected: "a non-empty string".to_string(),
        found: token
            .claims
            .get(claim)
            .map_or_else(|| "none".to_string(), |v| format!("`{v}`")),
    })?;
    checked(claim, value)?;
    Ok(value)
}

/// Refuses values with hidden or look-alike characters, policy variables and wildcards.
fn checked(claim: &'static str, value: &str) -> Result<(), GenerateError> {
    if let Some(why) = confusable::describe(&format!("the token's `{claim}`"), value) {
        return Err(GenerateError::Suspicious { claim, why });
    }
    if value.contains("${") || value.contains(['*', '?']) {
        return Err(GenerateError::Suspicious {
            claim,
            why: format!(
                "the token's `{claim}` `{value}` contains `${{`, `*` or `?`, which IAM reads as a \
                 policy variable or a wildcard"
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
