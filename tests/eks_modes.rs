//! EKS beyond IRSA: the Pod Identity and cluster OIDC sign-in case tables (shared with
//! tests/wasm_core.rs), the IRSA → Pod Identity conversion, and the mechanism classifier.

#[path = "support/cluster_auth_cases.rs"]
mod cluster_auth_cases;

#[test]
fn cluster_auth_table_every_case_matches() {
    let n = cluster_auth_cases::run_all();
    assert!(n >= 30, "{n}");
}

#[path = "support/pod_identity_cases.rs"]
mod pod_identity_cases;

#[test]
fn pod_identity_table_every_case_matches() {
    let n = pod_identity_cases::run_all();
    assert!(n >= 25, "{n}");
    let names: std::collections::BTreeSet<&str> =
        pod_identity_cases::cases().iter().map(|c| c.name).collect();
    assert_eq!(names.len(), n, "case names are unique");
}

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use tokenscope::core::jwt;
use tokenscope::core::mechanism::{Mechanism, Pasted, classify};
use tokenscope::core::pod_identity::{self, Association, ConvertOptions, PodIdentityInput};
use tokenscope::core::trace::Outcome;

const EXAMPLE_TOKEN: &str = include_str!("fixtures/example/token.jwt");
const EXAMPLE_POLICY: &str = include_str!("fixtures/example/trust-policy.json");

/// An unsigned-looking token with these claims (the classifier reads claims only).
fn token_with(claims: serde_json::Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","kid":"k"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{h}.{p}.AQID")
}

#[test]
fn convert_irsa_example_gives_a_policy_that_admits_only_its_service_account() {
    let token = jwt::decode(EXAMPLE_TOKEN).unwrap();
    let conversion = pod_identity::from_irsa(
        &token,
        &ConvertOptions {
            policy: Some(EXAMPLE_POLICY.to_string()),
            cluster_name: Some("prod".into()),
            role_arn: Some("arn:aws:iam::111122223333:role/payments-api".into()),
        },
    )
    .unwrap();
    assert_eq!(conversion.scope, "service account");
    assert!(conversion.notes.is_empty(), "{:?}", conversion.notes);
    assert_eq!(
        conversion.command,
        "aws eks create-pod-identity-association \\\n  --cluster-name prod \\\n  --namespace payments \\\n  --service-account api \\\n  --role-arn arn:aws:iam::111122223333:role/payments-api \\\n  --region eu-west-1"
    );
    let titles: Vec<&str> = conversion.changes.iter().map(|c| c.title).collect();
    for want in [
        "no OIDC provider",
        "session-tag limits",
        "cross-account via a target role",
    ] {
        assert!(titles.contains(&want), "{titles:?}");
    }
    // The policy, run through the Pod Identity prediction: this association in, another out.
    let cluster = "arn:aws:eks:eu-west-1:111122223333:cluster/prod";
    let run = |ns: &str, sa: &str| {
        pod_identity::predict(&PodIdentityInput {
            policy: conversion.trust_policy.clone(),
            association: Association::new(cluster, ns, sa),
            target_policy: None,
        })
        .unwrap()
        .outcome
    };
    assert_eq!(run("payments", "api"), Outcome::Success);
    assert_eq!(run("payments", "worker"), Outcome::Failure);
    assert_eq!(run("billing", "api"), Outcome::Failure);
}

#[test]
fn convert_irsa_namespace_scope_and_placeholders() {
    let token = jwt::decode(EXAMPLE_TOKEN).unwrap();
    let policy = EXAMPLE_POLICY
        .replace("StringEquals", "StringLike")
        .replace(
            "system:serviceaccount:payments:api",
            "system:serviceaccount:payments:*",
        );
    let conversion = pod_identity::from_irsa(
        &token,
        &ConvertOptions {
            policy: Some(policy),
            ..ConvertOptions::default()
        },
    )
    .unwrap();
    assert_eq!(conversion.scope, "namespace");
    assert!(
        !conversion
            .trust_policy
            .contains("kubernetes-service-account")
    );
    assert!(conversion.command.contains("--cluster-name <cluster-name>"));
    assert!(
        conversion
            .command
            .contains("arn:aws:iam::111122223333:role/<role-name>")
    );
    assert_eq!(conversion.notes.len(), 2, "{:?}", conversion.notes);
    // Not a service-account token: refused, never guessed.
    let gh = jwt::decode(&token_with(json!({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r:ref:refs/heads/main"}))).unwrap();
    assert!(pod_identity::from_irsa(&gh, &ConvertOptions::default()).is_err());
}

#[test]
fn classify_table_tells_the_mechanisms_apart() {
    let eks_iss = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
    let cases: Vec<(String, Mechanism, Pasted, &str)> = vec![
        (
            EXAMPLE_TOKEN.to_string(),
            Mechanism::Irsa,
            Pasted::Token,
            "EKS service-account token for STS",
        ),
        (
            EXAMPLE_POLICY.to_string(),
            Mechanism::Irsa,
            Pasted::TrustPolicy,
            "IAM OIDC provider",
        ),
        (
            include_str!("fixtures/eks_modes/pod_identity/scoped.json").to_string(),
            Mechanism::PodIdentity,
            Pasted::TrustPolicy,
            "EKS Pod Identity service principal",
        ),
        (
            token_with(
                json!({"iss": eks_iss, "aud": ["pods.eks.amazonaws.com"], "sub": "system:serviceaccount:a:b"}),
            ),
            Mechanism::PodIdentity,
            Pasted::Token,
            "never reaches STS",
        ),
        (
            include_str!("fixtures/eks_modes/cluster_auth/token-accepted.jwt").to_string(),
            Mechanism::ClusterSignIn,
            Pasted::Token,
            "a person's ID token",
        ),
        (
            // A Google ID token (a person's claims, an OAuth client id as `aud`): Google is one of
            // IAM's built-in providers, so web-identity federation first; the reason also says a
            // cluster's OIDC identity provider may accept it for kubectl.
            token_with(
                json!({"iss": "https://accounts.google.com", "aud": "123-abc.apps.googleusercontent.com",
                              "azp": "123-abc.apps.googleusercontent.com", "sub": "110169484474386276334",
                              "email": "alice@example.com", "email_verified": true, "name": "Alice"}),
            ),
            Mechanism::WebIdentity,
            Pasted::Token,
            "IAM's built-in web-identity providers",
        ),
        (
            token_with(json!({"iss": "https://cognito-identity.amazonaws.com",
                              "aud": "us-east-1:11111111-2222-3333-4444-555555555555",
                              "sub": "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                              "amr": ["authenticated", "accounts.google.com"], "email": "bob@example.com"})),
            Mechanism::WebIdentity,
            Pasted::Token,
            "Cognito identity-pool token",
        ),
        (
            include_str!("fixtures/eks_modes/cluster_auth/config-describe.json").to_string(),
            Mechanism::ClusterSignIn,
            Pasted::ClusterIdpConfig,
            "describe-identity-provider-config",
        ),
        (
            include_str!("fixtures/eks_modes/cluster_auth/config-associate.json").to_string(),
            Mechanism::ClusterSignIn,
            Pasted::ClusterIdpConfig,
            "associate-identity-provider-config",
        ),
        (
            token_with(
                json!({"iss": "https://token.actions.githubusercontent.com", "aud": "sts.amazonaws.com", "sub": "repo:o/r:ref:refs/heads/main"}),
            ),
            Mechanism::WebIdentity,
            Pasted::Token,
            "web-identity federation",
        ),
        (
            token_with(
                json!({"iss": eks_iss, "aud": ["https://kubernetes.default.svc"], "sub": "system:serviceaccount:a:b"}),
            ),
            Mechanism::Unknown,
            Pasted::Token,
            "for the cluster itself",
        ),
    ];
    for (text, mechanism, pasted, reason) in cases {
        let c = classify(&text);
        assert_eq!((c.mechanism, c.pasted), (mechanism, pasted), "{}", c.reason);
        assert!(c.reason.contains(reason), "{}", c.reason);
        assert!(!c.evidence.is_empty());
    }
}
