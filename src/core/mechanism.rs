//! "Which mechanism is this?": pasted text (a token, a trust policy, a cluster's identity-provider
//! configuration, an IAM OIDC provider) classified as IRSA, another web-identity federation, EKS
//! Pod Identity, cluster OIDC sign-in, or unknown, with the reason and the evidence.
//!
//! The distinctions (domain reference §4, §7.5, §7.6):
//! - IRSA: an EKS service-account token (`iss` `https://oidc.eks.<region>.amazonaws.com/id/<id>`)
//!   for STS (`aud` `sts.amazonaws.com`), or a trust policy whose `Federated` principal is such an
//!   issuer's IAM OIDC provider (<https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html>).
//! - Pod Identity: a trust policy with `Principal.Service` `pods.eks.amazonaws.com`, or the token
//!   the Pod Identity agent presents (`aud` `pods.eks.amazonaws.com`), which never reaches STS
//!   (<https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html>).
//! - Cluster sign-in: an EKS identity-provider configuration, or a person's ID token (`email`,
//!   `name`, `groups`… and an audience other than STS) from an issuer that is not one of IAM's
//!   built-in providers
//!   (<https://docs.aws.amazon.com/eks/latest/userguide/authenticate-oidc-identity-provider.html>).
//! - Other web-identity federation: any other token for STS or trust policy with a `Federated`
//!   principal (GitHub Actions, Google, Cognito, …). A token of one of IAM's built-in providers
//!   ([`BuiltinProvider`]: Google, Cognito) is this whatever its claims: the role trusts the
//!   provider's name in `Principal.Federated`, no IAM OIDC provider needed
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html>). A Google
//!   ID token carries a person's claims by design; a cluster's OIDC identity provider may accept
//!   one for kubectl too, which the reason says.

use serde::Serialize;
use serde_json::Value;

use super::claims::parse_eks_issuer;
use super::cluster_auth::parse_config;
use super::json;
use super::jwt;
use super::policy::{self, Principal};
use super::sts::BuiltinProvider;

/// The mechanisms told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// IAM roles for service accounts: an EKS token exchanged with STS.
    Irsa,
    /// Another `sts:AssumeRoleWithWebIdentity` federation (GitHub, Google, Cognito, any OIDC IdP).
    WebIdentity,
    /// EKS Pod Identity: the EKS Auth service assumes the role; no token reaches STS.
    PodIdentity,
    /// A person signing in to the cluster's Kubernetes API with an OIDC provider.
    ClusterSignIn,
    /// None of these.
    Unknown,
}

impl Mechanism {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Mechanism::Irsa => "IRSA (IAM roles for service accounts)",
            Mechanism::WebIdentity => "web-identity federation (AssumeRoleWithWebIdentity)",
            Mechanism::PodIdentity => "EKS Pod Identity",
            Mechanism::ClusterSignIn => "cluster OIDC sign-in (kubectl)",
            Mechanism::Unknown => "not recognised",
        }
    }
}

/// What was pasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pasted {
    /// A JWT.
    Token,
    /// A role trust policy.
    TrustPolicy,
    /// An EKS identity-provider configuration.
    ClusterIdpConfig,
    /// An IAM OIDC provider (`aws iam get-open-id-connect-provider` output).
    IamOidcProvider,
    /// Anything else.
    Other,
}

/// The classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The mechanism.
    pub mechanism: Mechanism,
    /// What the text is.
    pub pasted: Pasted,
    /// Why, in one sentence.
    pub reason: String,
    /// The facts it rests on, e.g. "`Principal.Service` = `pods.eks.amazonaws.com`".
    pub evidence: Vec<String>,
}

fn classified(
    mechanism: Mechanism,
    pasted: Pasted,
    reason: impl Into<String>,
    evidence: Vec<String>,
) -> Classification {
    Classification {
        mechanism,
        pasted,
        reason: reason.into(),
        evidence,
    }
}

/// Classifies pasted text.
pub fn classify(text: &str) -> Classification {
    if text.trim().is_empty() {
        return classified(
            Mechanism::Unknown,
            Pasted::Other,
            "nothing was pasted",
            Vec::new(),
        );
    }
    if let Ok(token) = jwt::decode(text) {
        return classify_token(&token.claims);
    }
    match json::parse_strict(text) {
        Ok(Value::Object(map)) => classify_document(text, &map),
        _ => classified(
            Mechanism::Unknown,
            Pasted::Other,
            "neither a token (three base64url segments) nor a JSON document",
            Vec::new(),
        ),
    }
}

/// The token's audiences (`aud` as a string or an array of strings).
pub(crate) fn audiences(claims: &serde_json::Map<String, Value>) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// A token from an EKS cluster's issuer: which of IRSA, Pod Identity or neither its audience
/// says it is for.
fn eks_token(aud: &[String], evidence: Vec<String>) -> Classification {
    let has = |a: &str| aud.iter().any(|x| x == a);
    if has("sts.amazonaws.com") {
        return classified(
            Mechanism::Irsa,
            Pasted::Token,
            "an EKS service-account token for STS: IRSA exchanges it with AssumeRoleWithWebIdentity",
            evidence,
        );
    }
    if has("pods.eks.amazonaws.com") {
        return classified(
            Mechanism::PodIdentity,
            Pasted::Token,
            "the token the EKS Pod Identity agent presents to the EKS Auth API; it never reaches \
             STS, so check the role's trust policy and the association instead",
            evidence,
        );
    }
    classified(
        Mechanism::Unknown,
        Pasted::Token,
        "an EKS service-account token for the cluster itself, not for AWS (neither \
         `sts.amazonaws.com` nor `pods.eks.amazonaws.com` in `aud`)",
        evidence,
    )
}

/// The claims of `claims` that describe a person (`email`, `name`, `preferred_username`, `groups`,
/// `given_name`): an ID token of someone signing in, not a workload's token.
pub fn person_claims(claims: &serde_json::Map<String, Value>) -> Vec<&'static str> {
    [
        "email",
        "name",
        "preferred_username",
        "groups",
        "given_name",
    ]
    .into_iter()
    .filter(|c| claims.contains_key(*c))
    .collect()
}

fn classify_token(claims: &serde_json::Map<String, Value>) -> Classification {
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let aud = audiences(claims);
    let has = |a: &str| aud.iter().any(|x| x == a);
    let mut evidence = vec![
        format!("token `iss` = `{iss}`"),
        format!(
            "token `aud` = {}",
            aud.iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    if parse_eks_issuer(iss).is_some() {
        return eks_token(&aud, evidence);
    }
    if iss == "kubernetes/serviceaccount" {
        return classified(
            Mechanism::Unknown,
            Pasted::Token,
            "a legacy Kubernetes secret token: no `aud` or `exp`, so STS refuses it; for IRSA use \
             the projected token",
            evidence,
        );
    }
    let person = person_claims(claims);
    let person_evidence = (!person.is_empty()).then(|| {
        format!(
            "person claims: {}",
            person
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    // IAM's built-in providers before the person's claims: a Google ID token always has them.
    if let Some(builtin) = BuiltinProvider::from_iss(iss) {
        evidence.push(format!(
            "IAM built-in provider: `Principal.Federated` = `{}`",
            builtin.name()
        ));
        evidence.extend(person_evidence);
        return builtin_token(builtin, evidence);
    }
    if has("sts.amazonaws.com") {
        return classified(
            Mechanism::WebIdentity,
            Pasted::Token,
            "a token for STS (`aud` `sts.amazonaws.com`) from a non-EKS issuer: web-identity federation",
            evidence,
        );
    }
    if let Some(e) = person_evidence {
        evidence.push(e);
        return classified(
            Mechanism::ClusterSignIn,
            Pasted::Token,
            "a person's ID token (their claims, an audience other than STS): the kind a cluster's \
             OIDC identity provider accepts for kubectl",
            evidence,
        );
    }
    classified(
        Mechanism::WebIdentity,
        Pasted::Token,
        "an OIDC token from a non-EKS issuer without a person's claims: most likely web-identity \
         federation with STS",
        evidence,
    )
}

/// A token of one of IAM's built-in web-identity providers: STS accepts it for a role that trusts
/// the provider's name, with no IAM OIDC provider
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html>).
fn builtin_token(builtin: BuiltinProvider, evidence: Vec<String>) -> Classification {
    let name = builtin.name();
    let reason = match builtin {
        BuiltinProvider::Google => format!(
            "a Google ID token: Google (`{name}`) is one of IAM's built-in web-identity \
             providers, so a role whose trust policy names `{name}` in `Principal.Federated` \
             accepts it with AssumeRoleWithWebIdentity, no IAM OIDC provider needed; if it is \
             meant for kubectl instead, a cluster's OIDC identity provider can accept a Google ID \
             token too (the EKS cluster sign-in tool checks that)"
        ),
        BuiltinProvider::Cognito => format!(
            "an Amazon Cognito identity-pool token: Cognito (`{name}`) is one of IAM's built-in \
             web-identity providers, so a role whose trust policy names `{name}` in \
             `Principal.Federated` accepts it with AssumeRoleWithWebIdentity, no IAM OIDC \
             provider needed"
        ),
        BuiltinProvider::Amazon | BuiltinProvider::Facebook => format!(
            "a token of `{name}`, one of IAM's built-in web-identity providers: a role whose \
             trust policy names `{name}` in `Principal.Federated` accepts it with \
             AssumeRoleWithWebIdentity, no IAM OIDC provider needed"
        ),
    };
    classified(Mechanism::WebIdentity, Pasted::Token, reason, evidence)
}

fn classify_document(text: &str, map: &serde_json::Map<String, Value>) -> Classification {
    if map.contains_key("Url")
        && (map.contains_key("ClientIDList") || map.contains_key("ThumbprintList"))
    {
        let url = map.get("Url").and_then(Value::as_str).unwrap_or_default();
        let host = url.strip_prefix("https://").unwrap_or(url);
        let eks = parse_eks_issuer(&format!("https://{host}")).is_some();
        return classified(
            if eks {
                Mechanism::Irsa
            } else {
                Mechanism::WebIdentity
            },
            Pasted::IamOidcProvider,
            "an IAM OIDC provider: it lets tokens from this issuer call STS \
             (AssumeRoleWithWebIdentity); it does not let people sign in to a cluster with kubectl \
             (that is the cluster's own identity-provider configuration)",
            vec![format!("`Url` = `{url}`")],
        );
    }
    if let Ok((config, shape)) = parse_config(text) {
        return classified(
            Mechanism::ClusterSignIn,
            Pasted::ClusterIdpConfig,
            format!(
                "an EKS cluster identity-provider configuration ({}): people sign in to the \
                 Kubernetes API with ID tokens from this issuer",
                shape.describe()
            ),
            vec![
                format!("`issuerUrl` = `{}`", config.issuer_url),
                format!("`clientId` = `{}`", config.client_id),
            ],
        );
    }
    match policy::parse_policy(text) {
        Ok(p) => classify_policy(&p),
        Err(_) => classified(
            Mechanism::Unknown,
            Pasted::Other,
            "a JSON document that is neither a trust policy nor an identity-provider configuration",
            Vec::new(),
        ),
    }
}

fn classify_policy(p: &policy::Policy) -> Classification {
    let mut federated = Vec::new();
    let mut services = Vec::new();
    let mut aws = Vec::new();
    for st in &p.statements {
        if let Principal::Named {
            federated: f,
            other,
        } = &st.principal
        {
            federated.extend(f.iter().cloned());
            for (kind, values) in other {
                match kind.as_str() {
                    "Service" => services.extend(values.iter().cloned()),
                    "AWS" => aws.extend(values.iter().cloned()),
                    _ => {}
                }
            }
        }
    }
    if services.iter().any(|s| s == "pods.eks.amazonaws.com") {
        return classified(
            Mechanism::PodIdentity,
            Pasted::TrustPolicy,
            "the role trusts the EKS Pod Identity service principal: the EKS Auth service assumes \
             it; no token and no OIDC provider are involved",
            vec!["`Principal.Service` = `pods.eks.amazonaws.com`".to_string()],
        );
    }
    if let Some(f) = federated.first() {
        let host = f
            .strip_prefix("arn:")
            .and_then(|r| r.split_once(":oidc-provider/"))
            .map_or(f.as_str(), |(_, h)| h);
        let eks = parse_eks_issuer(&format!("https://{host}")).is_some();
        return classified(
            if eks {
                Mechanism::Irsa
            } else {
                Mechanism::WebIdentity
            },
            Pasted::TrustPolicy,
            if eks {
                "the role trusts an EKS cluster's IAM OIDC provider: IRSA (AssumeRoleWithWebIdentity \
                 with the pod's service-account token)"
            } else {
                "the role trusts a web-identity provider (AssumeRoleWithWebIdentity)"
            },
            vec![format!("`Principal.Federated` = `{f}`")],
        );
    }
    let mut evidence: Vec<String> = services
        .iter()
        .map(|s| format!("`Principal.Service` = `{s}`"))
        .collect();
    evidence.extend(aws.iter().map(|a| format!("`Principal.AWS` = `{a}`")));
    classified(
        Mechanism::Unknown,
        Pasted::TrustPolicy,
        "a trust policy for other AWS principals (services or accounts), not a workload identity federation",
        evidence,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_documents_table() {
        let cases = [
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#,
                Mechanism::PodIdentity,
                Pasted::TrustPolicy,
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#,
                Mechanism::Irsa,
                Pasted::TrustPolicy,
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#,
                Mechanism::WebIdentity,
                Pasted::TrustPolicy,
            ),
            (
                r#"{"clusterName":"prod","oidc":{"identityProviderConfigName":"corp","issuerUrl":"https://idp.example.com","clientId":"kubernetes"}}"#,
                Mechanism::ClusterSignIn,
                Pasted::ClusterIdpConfig,
            ),
            (
                r#"{"Url":"oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789","ClientIDList":["sts.amazonaws.com"],"ThumbprintList":[]}"#,
                Mechanism::Irsa,
                Pasted::IamOidcProvider,
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
                Mechanism::Unknown,
                Pasted::TrustPolicy,
            ),
            ("hello", Mechanism::Unknown, Pasted::Other),
        ];
        for (text, mechanism, pasted) in cases {
            let c = classify(text);
            assert_eq!(
                (c.mechanism, c.pasted),
                (mechanism, pasted),
                "{text}: {}",
                c.reason
            );
        }
    }

    /// A compact token with claims `claims` (the signature is not read here).
    fn token(claims: serde_json::Value) -> String {
        use base64::Engine as _;
        let b64 = |v: serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
        };
        format!(
            "{}.{}.c2ln",
            b64(serde_json::json!({"alg": "RS256", "kid": "k"})),
            b64(claims)
        )
    }

    #[test]
    fn builtin_provider_tokens_are_web_identity_whatever_their_claims() {
        // A Google ID token: a person's claims, an OAuth client id as `aud`. Google is an IAM
        // built-in provider (IAM UG id_roles_providers_oidc): `Principal.Federated`
        // `accounts.google.com`, no IAM OIDC provider.
        for iss in ["https://accounts.google.com", "accounts.google.com"] {
            let c = classify(&token(serde_json::json!({
                "iss": iss,
                "azp": "123-abc.apps.googleusercontent.com",
                "aud": "123-abc.apps.googleusercontent.com",
                "sub": "110169484474386276334",
                "email": "alice@example.com",
                "email_verified": true,
                "name": "Alice",
                "iat": 1_700_000_000, "exp": 1_700_003_600,
            })));
            assert_eq!(
                (c.mechanism, c.pasted),
                (Mechanism::WebIdentity, Pasted::Token),
                "{iss}: {}",
                c.reason
            );
            assert!(c.reason.contains("built-in"), "{}", c.reason);
            assert!(c.reason.contains("`accounts.google.com`"), "{}", c.reason);
            // A cluster's OIDC identity provider may accept it for kubectl: said, not decided.
            assert!(c.reason.contains("kubectl"), "{}", c.reason);
            assert!(
                c.evidence
                    .iter()
                    .any(|e| e.contains("`email`") && e.contains("`name`")),
                "{:?}",
                c.evidence
            );
            assert!(
                c.evidence
                    .iter()
                    .any(|e| e.contains("`Principal.Federated` = `accounts.google.com`")),
                "{:?}",
                c.evidence
            );
        }
        // Cognito identity-pool tokens (GetOpenIdToken), with and without person-like claims.
        for extra in [
            serde_json::json!({}),
            serde_json::json!({"email": "bob@example.com", "name": "Bob"}),
        ] {
            let mut claims = serde_json::json!({
                "iss": "https://cognito-identity.amazonaws.com",
                "aud": "us-east-1:11111111-2222-3333-4444-555555555555",
                "sub": "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                "amr": ["authenticated", "accounts.google.com"],
                "iat": 1_700_000_000, "exp": 1_700_003_600,
            });
            if let (Some(m), Some(e)) = (claims.as_object_mut(), extra.as_object()) {
                m.extend(e.clone());
            }
            let c = classify(&token(claims));
            assert_eq!(
                (c.mechanism, c.pasted),
                (Mechanism::WebIdentity, Pasted::Token),
                "{extra}: {}",
                c.reason
            );
            assert!(
                c.reason.contains("`cognito-identity.amazonaws.com`"),
                "{}",
                c.reason
            );
            assert!(c.reason.contains("built-in"), "{}", c.reason);
        }
        // Another issuer's person token stays a cluster sign-in candidate.
        let c = classify(&token(serde_json::json!({
            "iss": "https://idp.example.com", "aud": "kubernetes", "sub": "u1",
            "email": "alice@example.com", "groups": ["dev"],
        })));
        assert_eq!(c.mechanism, Mechanism::ClusterSignIn, "{}", c.reason);
    }
}
