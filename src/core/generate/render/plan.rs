//! What every artefact is written from: the generated policy read back into statements, the IAM
//! OIDC provider to create (when the policy's `Federated` principal names it), the role's name,
//! and the comment lines that head each artefact.
//!
//! Invariant: the plan follows the policy document, not the token. A principal that is not the
//! provider generated for the token's issuer (a built-in provider such as
//! `accounts.google.com`) is written as it stands, and no provider is created for it.

use serde_json::Value;

use super::{Format, RenderError};
use crate::core::generate::{Family, Generated, Surface, Verdict};
use crate::core::sts::provider_prefix;

/// IAM's limit on a role name (IAM API reference, `CreateRole`, `RoleName`).
const ROLE_NAME_MAX: usize = 64;

/// One statement of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Statement {
    /// `Sid`, when the policy has one.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: String,
    /// `Action`, as a list.
    pub actions: Vec<String>,
    /// `Principal`: each type with its identifiers.
    pub principals: Vec<(String, Vec<PrincipalId>)>,
    /// `Condition`: one entry per operator and key, values as a list.
    pub conditions: Vec<Condition>,
}

/// A principal identifier: the provider the artefact creates, or a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PrincipalId {
    /// The IAM OIDC provider of [`Plan::provider`] (its ARN is known once it exists).
    Provider,
    /// Written as it stands.
    Literal(String),
}

/// One operator and key of a `Condition` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Condition {
    /// e.g. `StringEquals`.
    pub operator: String,
    /// e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub`.
    pub key: String,
    /// The values (any one may match).
    pub values: Vec<String>,
}

/// The IAM OIDC provider the policy trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Provider {
    /// Its URL (the token's `iss`).
    pub url: String,
    /// Its condition-key prefix (the URL without `https://`).
    pub prefix: String,
    /// Its client IDs (the audience pinned).
    pub client_ids: Vec<String>,
    /// Its ARN in the generated account.
    pub arn: String,
}

/// Everything a renderer needs.
#[derive(Debug, Clone)]
pub(super) struct Plan<'g> {
    /// What the generator produced.
    pub generated: &'g Generated,
    /// The policy's statements.
    pub statements: Vec<Statement>,
    /// The provider to create, when the policy trusts one.
    pub provider: Option<Provider>,
    /// The role's name.
    pub role_name: String,
    /// Whether the name was derived (no `--role-name`).
    pub role_name_derived: bool,
    /// Where the artefact is read (its comments name the CLI's flags or the tool's fields).
    pub surface: Surface,
}

impl<'g> Plan<'g> {
    /// The plan for `generated`, with the role name given or derived.
    pub fn new(
        generated: &'g Generated,
        role_name: Option<&str>,
        format: Format,
        surface: Surface,
    ) -> Result<Plan<'g>, RenderError> {
        let (role_name, role_name_derived) = match role_name {
            Some(name) => (checked_role_name(name)?, false),
            None => (derived_role_name(generated), true),
        };
        let prefix = provider_prefix(&generated.provider_url).to_string();
        let arn = format!(
            "arn:{}:iam::{}:oidc-provider/{prefix}",
            generated.partition, generated.account
        );
        let statements = statements(&generated.policy, &arn, format)?;
        let trusts_provider = statements
            .iter()
            .flat_map(|s| &s.principals)
            .any(|(_, ids)| ids.contains(&PrincipalId::Provider));
        let provider = trusts_provider.then(|| Provider {
            url: generated.provider_url.clone(),
            prefix,
            client_ids: vec![generated.audience.clone()],
            arn,
        });
        Ok(Plan {
            generated,
            statements,
            provider,
            role_name,
            role_name_derived,
            surface,
        })
    }

    /// `arn:PARTITION:iam::ACCOUNT:role/NAME`.
    pub fn role_arn(&self) -> String {
        format!(
            "arn:{}:iam::{}:role/{}",
            self.generated.partition, self.generated.account, self.role_name
        )
    }

    /// Whether a literal principal names the placeholder account (the artefact then needs it
    /// replaced).
    pub fn literal_names_placeholder(&self) -> bool {
        let prefix = format!(
            "arn:{}:iam::{}:",
            self.generated.partition, self.generated.account
        );
        self.generated.account_is_placeholder
            && self
                .statements
                .iter()
                .flat_map(|s| &s.principals)
                .flat_map(|(_, ids)| ids)
                .any(|id| matches!(id, PrincipalId::Literal(l) if l.starts_with(&prefix)))
    }

    /// The lines every artefact starts with: what it is, the role name, the proof.
    pub fn header(&self, format: Format) -> Vec<String> {
        let g = self.generated;
        let made_by = match self.surface {
            Surface::Cli => format!("tokenscope generate --format {}", format.as_str()),
            Surface::Page => "TokenScope's generate tool".to_string(),
        };
        let mut lines = vec![format!(
            "{made_by}: the least-privilege trust policy for this {} token \
             (scope `{}`, audience `{}` pinned).",
            g.family.as_str(),
            g.scope.as_str(),
            g.audience
        )];
        if self.role_name_derived {
            lines.push(format!(
                "Role name `{}`: derived from the policy's subject ({}).",
                self.role_name,
                self.surface.role_name_hint()
            ));
        } else {
            lines.push(format!("Role name `{}`.", self.role_name));
        }
        lines.push(self.proof_line());
        if self.provider.is_none() {
            let federated: Vec<&str> = self
                .statements
                .iter()
                .flat_map(|s| &s.principals)
                .filter(|(kind, _)| kind == "Federated")
                .flat_map(|(_, ids)| ids)
                .filter_map(|id| match id {
                    PrincipalId::Literal(l) => Some(l.as_str()),
                    PrincipalId::Provider => None,
                })
                .collect();
            lines.push(format!(
                "The policy trusts `{}` as it stands: no IAM OIDC provider is created.",
                federated.join("`, `")
            ));
        }
        lines
    }

    /// The proof in one line: which tokens the policy admits and which it refuses.
    fn proof_line(&self) -> String {
        let names = |verdict: Verdict| {
            let v: Vec<&str> = self
                .generated
                .proof
                .rows
                .iter()
                .filter(|r| r.policy == verdict)
                .map(|r| match self.surface {
                    Surface::Cli => r.sibling.as_str(),
                    Surface::Page => r.sibling.label(),
                })
                .collect();
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        format!(
            "Proven by the STS simulator: admits {}; refuses {} ({}).",
            names(Verdict::Admitted),
            names(Verdict::Refused),
            self.surface.proof_hint()
        )
    }
}

/// A role name as IAM accepts it: 1–64 of `[A-Za-z0-9_+=,.@-]` (IAM API reference, `CreateRole`).
/// A leading `-` is refused too: command-line tools would read it as an option.
fn checked_role_name(name: &str) -> Result<String, RenderError> {
    let ok = !name.is_empty()
        && name.len() <= ROLE_NAME_MAX
        && !name.starts_with('-')
        && name.bytes().all(role_name_byte);
    if ok {
        Ok(name.to_string())
    } else {
        Err(RenderError::RoleName {
            found: super::shown(name),
        })
    }
}

fn role_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b)
}

/// A role name from the policy's subject: the family's prefix and the subject's parts
/// (`irsa-payments-api`, `github-octo-org-octo-repo-main`, `oidc-job-42`), only characters IAM
/// allows, at most 64.
pub(super) fn derived_role_name(g: &Generated) -> String {
    let prefix = match g.family {
        Family::Kubernetes => "irsa",
        Family::Other => "oidc",
        other => other.as_str(),
    };
    let value = g.subject.value.trim_end_matches('*');
    let value = ["system:serviceaccount:", "repo:"]
        .iter()
        .find_map(|p| value.strip_prefix(p))
        .unwrap_or(value);
    let mut subject = value.to_string();
    for (from, to) in [
        (":ref:refs/heads/", ":"),
        (":ref:refs/tags/", ":tag-"),
        (":environment:", ":env-"),
    ] {
        subject = subject.replacen(from, to, 1);
    }
    let mut name = String::with_capacity(ROLE_NAME_MAX);
    name.push_str(prefix);
    name.push('-');
    for c in subject.chars() {
        let keep = u8::try_from(c).is_ok_and(role_name_byte) && c != '-';
        if keep {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name: String = name.chars().take(ROLE_NAME_MAX).collect();
    while name.ends_with('-') {
        name.pop();
    }
    if name.is_empty() || name.starts_with('-') {
        "tokenscope-web-identity".to_string()
    } else {
        name
    }
}

/// The policy's statements, the provider's ARN recognised among the `Federated` principals.
fn statements(
    policy: &Value,
    provider_arn: &str,
    format: Format,
) -> Result<Vec<Statement>, RenderError> {
    let unsupported = |what: String| RenderError::Policy {
        format: format.as_str(),
        what,
    };
    let list = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => return Err(unsupported("no `Statement`".to_string())),
    };
    list.into_iter()
        .map(|s| statement(s, provider_arn).map_err(unsupported))
        .collect()
}

fn statement(s: &Value, provider_arn: &str) -> Result<Statement, String> {
    let Value::Object(map) = s else {
        return Err("a statement that is not an object".to_string());
    };
    let mut out = Statement {
        sid: None,
        effect: "Allow".to_string(),
        actions: Vec::new(),
        principals: Vec::new(),
        conditions: Vec::new(),
    };
    for (key, value) in map {
        match key.as_str() {
            "Sid" => out.sid = Some(text(value)?),
            "Effect" => out.effect = text(value)?,
            "Action" => out.actions = texts(value)?,
            "Principal" => {
                let Value::Object(types) = value else {
                    return Err("a `Principal` that is not an object".to_string());
                };
                for (kind, ids) in types {
                    let ids = texts(ids)?
                        .into_iter()
                        .map(|id| {
                            if kind == "Federated" && id == provider_arn {
                                PrincipalId::Provider
                            } else {
                                PrincipalId::Literal(id)
                            }
                        })
                        .collect();
                    out.principals.push((kind.clone(), ids));
                }
            }
            "Condition" => {
                let Value::Object(ops) = value else {
                    return Err("a `Condition` that is not an object".to_string());
                };
                for (operator, keys) in ops {
                    let Value::Object(keys) = keys else {
                        return Err(format!("a `{operator}` block that is not an object"));
                    };
                    for (key, values) in keys {
                        out.conditions.push(Condition {
                            operator: operator.clone(),
                            key: key.clone(),
                            values: texts(values)?,
                        });
                    }
                }
            }
            other => return Err(format!("`{other}`")),
        }
    }
    Ok(out)
}

fn text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("a value `{other}` that is not a string")),
    }
}

fn texts(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Array(items) => items.iter().map(text).collect(),
        one => Ok(vec![text(one)?]),
    }
}
