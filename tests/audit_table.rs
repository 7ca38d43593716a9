//! The role audit on a generated `get-account-authorization-details` document (76 web-identity
//! roles with known findings, `tests/fixtures/audit/generate.py`: every expectation decided there,
//! from IAM's rules), and on the real kops trust policy in ../shared/vectors.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;
use tokenscope::core::answers::audit::{AuditSeverity, audit};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/audit/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn generated_account_every_role_has_exactly_its_findings() {
    let a = audit(&fixture("account.json")).unwrap();
    let expected: Value = serde_json::from_str(&fixture("expected.json")).unwrap();
    assert_eq!(
        a.roles_read as u64,
        expected["roles_read"].as_u64().unwrap()
    );
    assert!(a.providers_checked);
    let want: BTreeMap<String, Vec<(String, String)>> = expected["roles"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), pairs(v)))
        .collect();
    let got: BTreeMap<String, Vec<(String, String)>> = a
        .roles
        .iter()
        .map(|r| {
            let mut f: Vec<(String, String)> = r
                .findings
                .iter()
                .map(|f| (f.code.to_string(), f.severity.as_str().to_string()))
                .collect();
            f.sort();
            (r.name.clone(), f)
        })
        .collect();
    let mut mismatches = Vec::new();
    for (name, w) in &want {
        match got.get(name) {
            Some(g) if g == w => {}
            g => mismatches.push(format!("{name}: expected {w:?}, got {g:?}")),
        }
    }
    for name in got.keys().filter(|n| !want.contains_key(*n)) {
        mismatches.push(format!(
            "{name}: audited, but trusts no web-identity provider"
        ));
    }
    assert!(
        mismatches.is_empty(),
        "{} roles differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(want.len() >= 50);
}

#[test]
fn generated_account_provider_findings_and_gate() {
    let a = audit(&fixture("account.json")).unwrap();
    let expected: Value = serde_json::from_str(&fixture("expected.json")).unwrap();
    let providers: Vec<(String, String, String)> = a
        .findings
        .iter()
        .filter(|f| f.role.is_none())
        .map(|f| {
            (
                f.code.to_string(),
                f.severity.as_str().to_string(),
                f.provider.clone().unwrap_or_default(),
            )
        })
        .collect();
    let want: Vec<(String, String, String)> = expected["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().into(),
                p[1].as_str().unwrap().into(),
                p[2].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(providers, want);
    assert_eq!(
        a.highest().map(AuditSeverity::as_str),
        expected["highest"].as_str()
    );
    // Sorted: every high before every medium before every low.
    assert!(
        a.findings
            .windows(2)
            .all(|w| w[0].severity >= w[1].severity)
    );
    // A role's own exact subject is kept in its narrower policy (no placeholder).
    let no_aud = a.roles.iter().find(|r| r.name == "gh-no-aud-0").unwrap();
    let narrower = no_aud.findings[0].narrower_policy.as_deref().unwrap();
    assert!(
        narrower.contains("repo:acme/api:ref:refs/heads/main"),
        "{narrower}"
    );
    assert!(!no_aud.policy_has_placeholders);
}

#[test]
fn kops_trust_policy_from_the_vectors() {
    let Some(policy) = common::vector(
        "kops_trust_policy_from_the_vectors",
        "aws-trust-policy/kops-irsa23/aws_iam_role_cluster-autoscaler.kube-system.sa.minimal.example.com_policy.json",
    ) else {
        return;
    };
    let doc = format!(
        r#"{{"Role": {{"RoleName": "cluster-autoscaler.kube-system.sa.minimal.example.com", "Arn": "arn:aws-test:iam::123456789012:role/cluster-autoscaler.kube-system.sa.minimal.example.com", "AssumeRolePolicyDocument": {policy}}}}}"#
    );
    let a = audit(&doc).unwrap();
    assert_eq!(a.roles.len(), 1);
    let r = &a.roles[0];
    assert_eq!(
        r.providers,
        vec![
            "arn:aws-test:iam::123456789012:oidc-provider/discovery.example.com/minimal.example.com"
        ]
    );
    // kops's test partition `aws-test` is no AWS partition; `sub` is pinned with StringEquals; the
    // audience is left to the provider's client IDs.
    let codes: Vec<(&str, AuditSeverity)> =
        r.findings.iter().map(|f| (f.code, f.severity)).collect();
    assert_eq!(
        codes,
        vec![
            ("unknown_partition", AuditSeverity::Medium),
            ("aud_not_checked", AuditSeverity::Low)
        ]
    );
    let narrower = r
        .findings
        .iter()
        .find_map(|f| f.narrower_policy.as_deref())
        .unwrap();
    assert!(
        narrower.contains("system:serviceaccount:kube-system:cluster-autoscaler"),
        "{narrower}"
    );
    // The role's own partition and provider are kept.
    assert!(
        narrower.contains(
            "arn:aws-test:iam::123456789012:oidc-provider/discovery.example.com/minimal.example.com"
        ),
        "{narrower}"
    );
}
