//! From IRSA to EKS Pod Identity: given a projected service-account token (and, optionally, the
//! IRSA role's trust policy), the equivalent Pod Identity trust policy, the
//! `aws eks create-pod-identity-association` command, and what changes.
//!
//! Sources: the Pod Identity trust policy and its request-tag conditions,
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html>; the comparison with IRSA
//! (no OIDC provider, one principal for every cluster), <https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html>
//! and <https://docs.aws.amazon.com/eks/latest/userguide/service-accounts.html>; the credential
//! chain (a web-identity token earlier in the chain keeps being used),
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html>; session-tag
//! size limits, <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html>; target roles,
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html>; the command,
//! <https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html>.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{ASSUME_ROLE, SERVICE_PRINCIPAL, TAG_SESSION};
use crate::core::claims::parse_eks_issuer;
use crate::core::claims::service_account;
use crate::core::confusable;
use crate::core::jwt::Token;
use crate::core::policy::{self, Family, Principal};

/// What the conversion may know besides the token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConvertOptions {
    /// The IRSA role's trust policy text (its `:sub` condition decides the scope).
    pub policy: Option<String>,
    /// The cluster's name (a token carries only the issuer's id).
    pub cluster_name: Option<String>,
    /// The role's ARN.
    pub role_arn: Option<String>,
}

/// One difference between IRSA and Pod Identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Short title.
    pub title: &'static str,
    /// What to do about it.
    pub detail: String,
}

/// The conversion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion {
    /// The namespace, from the token.
    pub namespace: String,
    /// The service account, from the token.
    pub service_account: String,
    /// `service account` or `namespace` (from the IRSA policy's `sub` condition).
    pub scope: &'static str,
    /// The Pod Identity trust policy (JSON).
    pub trust_policy: String,
    /// The association command.
    pub command: String,
    /// What changes, and what to do.
    pub changes: Vec<Change>,
    /// Placeholders left and assumptions made.
    pub notes: Vec<String>,
}

/// Why no conversion can be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum ConvertError {
    /// The token is not a Kubernetes service-account token.
    #[error(
        "expected a Kubernetes service-account token (`sub` = `system:serviceaccount:<namespace>:<name>`), found `sub` {0}"
    )]
    NotServiceAccount(String),
    /// A value that cannot be copied into a policy.
    #[error(
        "`{0}` cannot be copied into a policy (wildcard, policy variable, hidden or look-alike characters)"
    )]
    Unsafe(String),
    /// The IRSA policy cannot be read.
    #[error("IRSA trust policy: {0}")]
    Policy(policy::PolicyError),
}

fn safe(value: &str) -> Result<&str, ConvertError> {
    if confusable::is_clean(value) && !value.contains(['*', '?']) && !value.contains("${") {
        Ok(value)
    } else {
        Err(ConvertError::Unsafe(value.to_string()))
    }
}

/// How wide the IRSA policy's `sub` condition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    ServiceAccount,
    Namespace,
}

/// The scope the IRSA policy grants: a `StringLike` `sub` of `system:serviceaccount:<ns>:*` is
/// a namespace; anything else (or no policy) is kept to the token's service account.
fn irsa_scope(policy: Option<&policy::Policy>, ns: &str) -> Scope {
    let Some(p) = policy else {
        return Scope::ServiceAccount;
    };
    let namespace_wide = p.statements.iter().any(|st| {
        st.conditions.iter().any(|c| {
            c.key.to_ascii_lowercase().ends_with(":sub")
                && c.operator.family == Family::StringLike
                && !c.operator.negated
                && c.values
                    .iter()
                    .any(|v| *v == format!("system:serviceaccount:{ns}:*"))
        })
    });
    if namespace_wide {
        Scope::Namespace
    } else {
        Scope::ServiceAccount
    }
}

/// The account of the policy's `Federated` IAM OIDC provider ARN.
fn provider_account(policy: Option<&policy::Policy>) -> Option<String> {
    policy?
        .statements
        .iter()
        .find_map(|st| match &st.principal {
            Principal::Named { federated, .. } => federated.iter().find_map(|f| {
                let rest = f.strip_prefix("arn:")?;
                let (head, _) = rest.split_once(":oidc-provider/")?;
                let account = head.rsplit(':').next()?;
                (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| account.to_string())
            }),
            _ => None,
        })
}

/// Converts an IRSA set-up to EKS Pod Identity.
///
/// # Errors
/// [`ConvertError`] when the token is not a service-account token, a value cannot be copied
/// into a policy, or the IRSA policy cannot be read.
pub fn from_irsa(token: &Token, options: &ConvertOptions) -> Result<Conversion, ConvertError> {
    let sub = token.claim_str("sub").unwrap_or_default();
    let (ns, sa) =
        service_account(sub).ok_or_else(|| ConvertError::NotServiceAccount(format!("`{sub}`")))?;
    let (ns, sa) = (safe(ns)?, safe(sa)?);
    let policy = match options.policy.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(text) => Some(policy::parse_policy(text).map_err(ConvertError::Policy)?),
        None => None,
    };
    let mut notes = Vec::new();
    let scope = irsa_scope(policy.as_ref(), ns);
    let eks = parse_eks_issuer(token.claim_str("iss").unwrap_or_default());
    let region = eks.as_ref().map(|e| e.region.clone());
    let account = options
        .role_arn
        .as_deref()
        .and_then(|a| a.split(':').nth(4))
        .filter(|a| a.len() == 12)
        .map(str::to_string)
        .or_else(|| provider_account(policy.as_ref()));
    let cluster = match options
        .cluster_name
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => safe(c)?.to_string(),
        None => {
            notes.push(
                "the token names the cluster's OIDC issuer, not its name: replace `<cluster-name>`"
                    .to_string(),
            );
            "<cluster-name>".to_string()
        }
    };
    let region_text = region.clone().unwrap_or_else(|| {
        notes.push("the issuer is not an EKS issuer: replace `<region>`".to_string());
        "<region>".to_string()
    });
    let account_text = account.clone().unwrap_or_else(|| {
        notes.push("no account in the policy or role ARN: replace `<account>`".to_string());
        "<account>".to_string()
    });
    let role_arn = options.role_arn.clone().unwrap_or_else(|| {
        notes.push("replace `<role-name>` with the role's name".to_string());
        format!("arn:aws:iam::{account_text}:role/<role-name>")
    });
    let cluster_arn = format!("arn:aws:eks:{region_text}:{account_text}:cluster/{cluster}");

    let mut equals = Map::new();
    equals.insert(
        "aws:RequestTag/eks-cluster-arn".into(),
        Value::from(cluster_arn),
    );
    equals.insert(
        "aws:RequestTag/kubernetes-namespace".into(),
        Value::from(ns),
    );
    if scope == Scope::ServiceAccount {
        equals.insert(
            "aws:RequestTag/kubernetes-service-account".into(),
            Value::from(sa),
        );
    }
    let doc = json!({"Version": "2012-10-17", "Statement": [{
        "Sid": "AllowEksAuthToAssumeRoleForPodIdentity",
        "Effect": "Allow",
        "Principal": {"Service": SERVICE_PRINCIPAL},
        "Action": [ASSUME_ROLE, TAG_SESSION],
        "Condition": {"StringEquals": equals},
    }]});
    let trust_policy = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let mut command = format!(
        "aws eks create-pod-identity-association \\\n  --cluster-name {cluster} \\\n  --namespace {ns} \\\n  --service-account {sa} \\\n  --role-arn {role_arn}"
    );
    if let Some(r) = &region {
        command.push_str(&format!(" \\\n  --region {r}"));
    }
    let provider = token
        .claim_str("iss")
        .map(|i| i.strip_prefix("https://").unwrap_or(i).to_string())
        .unwrap_or_default();
    Ok(Conversion {
        namespace: ns.to_string(),
        service_account: sa.to_string(),
        scope: match scope {
            Scope::ServiceAccount => "service account",
            Scope::Namespace => "namespace",
        },
        trust_policy,
        command,
        changes: changes(&provider, scope),
        notes,
    })
}

fn changes(provider: &str, scope: Scope) -> Vec<Change> {
    let mut out = vec![
        Change {
            title: "no OIDC provider",
            detail: format!(
                "the role trusts `\"Service\": \"{SERVICE_PRINCIPAL}\"` instead of `\"Federated\"` \
                 naming the IAM OIDC provider `{provider}`; once no role trusts that provider it can \
                 be deleted. The same role works for every cluster in the account (one principal \
                 instead of one provider per cluster)"
            ),
        },
        Change {
            title: "other actions",
            detail: format!(
                "`{ASSUME_ROLE}` and `{TAG_SESSION}` instead of `sts:AssumeRoleWithWebIdentity`"
            ),
        },
        Change {
            title: "other condition keys",
            detail: format!(
                "`aws:RequestTag/kubernetes-namespace`{} instead of `{provider}:sub`; `{provider}:aud` \
                 has no equivalent (no token reaches STS)",
                if scope == Scope::ServiceAccount {
                    " and `aws:RequestTag/kubernetes-service-account`"
                } else {
                    ""
                }
            ),
        },
        Change {
            title: "session-tag limits",
            detail: "EKS Pod Identity adds six session tags; they count toward the packed size of \
                     the session (`PackedPolicyTooLarge`). An association can disable them, but \
                     then conditions on `aws:RequestTag/…` cannot match and permission policies \
                     cannot use `aws:PrincipalTag/…`"
                .to_string(),
        },
        Change {
            title: "cross-account via a target role",
            detail: "the associated role must be in the cluster's account; to reach another \
                     account, name that account's role with `--target-role-arn` (role chaining, \
                     with the session tags or an external ID in its trust policy) instead of \
                     trusting this cluster's OIDC provider there"
                .to_string(),
        },
        Change {
            title: "pods and SDKs",
            detail: "install the EKS Pod Identity Agent add-on; remove the \
                     `eks.amazonaws.com/role-arn` annotation from the service account (a web-identity \
                     token earlier in the SDK's credential chain keeps being used), and restart the \
                     pods; the SDK must support the container credential provider; Fargate and \
                     Windows pods are not supported"
                .to_string(),
        },
    ];
    if scope == Scope::Namespace {
        out.push(Change {
            title: "one association per service account",
            detail: "the IRSA policy admits every service account in the namespace; Pod Identity \
                     needs one association per service account (the trust policy can stay \
                     namespace-wide)"
                .to_string(),
        });
    }
    out
}
