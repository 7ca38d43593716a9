//! The issuer family a token comes from, so that fixes speak its language: the kubelet and the
//! `eks.amazonaws.com/audience` annotation for Kubernetes, the workflow step and
//! `configure-aws-credentials` for GitHub Actions, the identity provider otherwise.

use crate::core::claims::{TokenKind, detect_kind, parse_eks_issuer};
use crate::core::jwt::Token;

/// Where a token comes from, as far as a fix needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IssuerFamily {
    /// An EKS cluster's service-account issuer (`https://oidc.eks.REGION.amazonaws.com/id/ID`).
    Eks,
    /// Another Kubernetes cluster's service-account issuer (projected or legacy token).
    Kubernetes,
    /// GitHub Actions (github.com or GitHub Enterprise Server).
    GitHub,
    /// Any other OIDC issuer.
    Other,
}

impl IssuerFamily {
    /// The family of `token`, from its claims.
    pub(super) fn of(token: &Token) -> IssuerFamily {
        let iss = token.claim_str("iss").unwrap_or_default();
        match detect_kind(&token.claims) {
            TokenKind::KubernetesProjected { .. } | TokenKind::KubernetesLegacy { .. }
                if parse_eks_issuer(iss).is_some() =>
            {
                IssuerFamily::Eks
            }
            TokenKind::KubernetesProjected { .. } | TokenKind::KubernetesLegacy { .. } => {
                IssuerFamily::Kubernetes
            }
            TokenKind::GitHubActions { .. } => IssuerFamily::GitHub,
            TokenKind::Generic if parse_eks_issuer(iss).is_some() => IssuerFamily::Eks,
            TokenKind::Generic => IssuerFamily::Other,
        }
    }

    /// The family of any token whose `iss` is `iss` (a Kubernetes cluster other than EKS cannot be
    /// told from its issuer alone: it is `Other`).
    pub(super) fn of_issuer(iss: &str) -> IssuerFamily {
        if parse_eks_issuer(iss).is_some() {
            IssuerFamily::Eks
        } else if iss == crate::core::claims::GITHUB_ISSUER || iss.ends_with("/_services/token") {
            IssuerFamily::GitHub
        } else {
            IssuerFamily::Other
        }
    }

    /// GitHub's default audience when the token carries it: the URL of the repository owner
    /// (`https://github.com/OWNER`, on GitHub Enterprise Server the server's), which a workflow's
    /// token gets when it asks for no audience
    /// (<https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#understanding-the-oidc-token>).
    /// The fix for such a token is on the workflow's side: ask for `sts.amazonaws.com`, which
    /// aws-actions/configure-aws-credentials does unless its `audience` input says otherwise.
    pub(super) fn github_default_audience(token: &Token) -> Option<String> {
        if IssuerFamily::of(token) != IssuerFamily::GitHub {
            return None;
        }
        let owner = token
            .claim_str("repository_owner")
            .map(str::to_owned)
            .or_else(|| {
                token
                    .claim_str("repository")
                    .and_then(|r| r.split_once('/'))
                    .map(|(o, _)| o.to_owned())
            })
            .filter(|o| !o.is_empty())?;
        let aud = match token.claims.get("aud")? {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => match items.as_slice() {
                [serde_json::Value::String(s)] => s.clone(),
                _ => return None,
            },
            _ => return None,
        };
        let default = aud
            .strip_prefix("https://")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(host, path)| !host.is_empty() && path == owner);
        default.then_some(aud)
    }

    /// How to get a token issued for the audience `sts.amazonaws.com`. Outside EKS no webhook
    /// mounts the token: the pod's projected volume names its audience
    /// (<https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken>).
    pub(super) fn audience_how(self) -> &'static str {
        match self {
            IssuerFamily::Eks => {
                "request the token for `sts.amazonaws.com` (on EKS the pod identity webhook does; \
                 the service account's `eks.amazonaws.com/audience` annotation changes it)"
            }
            IssuerFamily::Kubernetes => {
                "request the token for `sts.amazonaws.com`: set `audience: sts.amazonaws.com` \
                 on the pod's projected volume source `serviceAccountToken`"
            }
            IssuerFamily::GitHub => {
                "request the token for `sts.amazonaws.com` (the default of \
                 aws-actions/configure-aws-credentials; its `audience` input changes it)"
            }
            IssuerFamily::Other => {
                "ask the identity provider for a token whose `aud` is a client ID of the provider"
            }
        }
    }

    /// How to get a token with an audience at all.
    pub(super) fn missing_audience_fix(self) -> &'static str {
        match self {
            IssuerFamily::Eks => {
                "use a projected service-account token (it carries `aud`, sts.amazonaws.com on EKS); \
                 legacy secret-based tokens have no audience"
            }
            IssuerFamily::Kubernetes => {
                "use a projected service-account token requested for `sts.amazonaws.com` \
                 (`audience` of the pod's projected volume source `serviceAccountToken`); \
                 legacy secret-based tokens have no audience"
            }
            IssuerFamily::GitHub | IssuerFamily::Other => {
                "use a token issued for an audience: ask the identity provider for one whose `aud` is \
                 a client ID of the provider"
            }
        }
    }

    /// How to create the IAM OIDC provider for `iss`.
    pub(super) fn create_provider_fix(self, iss: &str) -> String {
        let cli = format!(
            "aws iam create-open-id-connect-provider --url {iss} --client-id-list sts.amazonaws.com"
        );
        match self {
            IssuerFamily::Eks => format!(
                "create the provider in the role's account: eksctl utils associate-iam-oidc-provider \
                 --cluster NAME --approve (or {cli})"
            ),
            IssuerFamily::Kubernetes => format!(
                "create the provider in the role's account: {cli} (the cluster's issuer must serve \
                 its discovery document and keys publicly over https)"
            ),
            IssuerFamily::GitHub => format!(
                "create the provider for GitHub Actions in the role's account: {cli} (once per \
                 account; every repository's role then names it)"
            ),
            IssuerFamily::Other => format!("create the provider in the role's account: {cli}"),
        }
    }

    /// Who can get a token when `sub` is not scoped (for a non-shared issuer).
    pub(super) fn unscoped_sub_reach(self) -> &'static str {
        match self {
            IssuerFamily::Eks | IssuerFamily::Kubernetes => {
                " Every service account in every namespace of the cluster can assume the role."
            }
            IssuerFamily::GitHub | IssuerFamily::Other => {
                " Every workload or user the issuer signs tokens for can assume the role."
            }
        }
    }
}
