//! The STS simulator, table-driven: token claims, provider, policy and request → the expected
//! outcome, AWS error code, deciding step and failure mode. The table is in
//! tests/support/sts_cases.rs (tests/wasm_core.rs runs it in the browser too); every case cites the
//! AWS document (or catalogue entry of docs/failures.md) it checks, by the tags listed there.

#[path = "support/sts_cases.rs"]
mod sts_cases;

use serde_json::json;
use sts_cases::*;
use tokenscope::core::finding::Severity;
use tokenscope::core::jwt;
use tokenscope::core::sts::{self, FailureMode, KeysEvidence, Outcome, StsRequest};
use tokenscope::core::verify::SignatureStatus;

/// `token` (its signature verified) through the simulation with `request`, at `AT`.
fn simulate_verified(token: &jwt::Token, request: &StsRequest) -> sts::StsReport {
    sts::simulate(
        token,
        &signature(SignatureStatus::Valid, None),
        &KeysEvidence::default(),
        request,
        AT,
    )
    .unwrap()
}

#[test]
fn sts_table_every_case_matches() {
    let n = sts_cases::run_all();
    let shares = sts_cases::family_shares();
    eprintln!("{n} STS cases passed, by issuer family: {shares:?}");
    for family in ["EKS", "GitHub Actions", "Google", "Cognito", "other OIDC"] {
        assert!(
            shares.get(family).is_some_and(|n| *n > 0),
            "no STS case for {family}: {shares:?}"
        );
    }
}

#[test]
fn sts_table_covers_every_failure_mode() {
    // Every failure of the catalogue (docs/failures.md) is reached through the simulator, except
    // `no-token` (no token at all: the decoder's `empty` error). `condition-unreadable` names an
    // undetermined verdict, not a failing step.
    let seen: std::collections::BTreeSet<&str> = cases()
        .iter()
        .filter_map(|c| c.expect.mode)
        .map(FailureMode::id)
        .collect();
    let want: std::collections::BTreeSet<&str> = FailureMode::ALL
        .into_iter()
        .filter(|m| *m != FailureMode::NoToken)
        .map(FailureMode::id)
        .collect();
    let missing: Vec<_> = want.difference(&seen).collect();
    assert!(missing.is_empty(), "no STS case reaches {missing:?}");
    let err = jwt::decode("  \n").unwrap_err();
    assert!(err.to_string().contains("id-token: write"), "{err}");
}

#[test]
fn unreadable_policy_is_an_input_error_with_position() {
    let token = token_for(&eks_claims());
    let mut request = StsRequest::defaults_for(&token);
    request.policy = Some("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"x\"}\n  ]\n}".into());
    let err = sts::simulate(
        &token,
        &signature(SignatureStatus::Valid, None),
        &KeysEvidence::default(),
        &request,
        AT,
    )
    .unwrap_err();
    let sts::StsInputError::Policy(e) = err;
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("not valid JSON"));
}

#[test]
fn pod_identity_policy_with_an_irsa_token_is_not_fixed_as_a_broken_irsa_policy() {
    // EKS User Guide pod-id-role: the role trusts the service `pods.eks.amazonaws.com` with
    // `sts:AssumeRole` and `sts:TagSession`; it never applies to AssumeRoleWithWebIdentity.
    let token = token_for(&eks_claims());
    let mut request = StsRequest::defaults_for(&token);
    request.policy = Some(
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
               "Principal": {"Service": "pods.eks.amazonaws.com"},
               "Action": ["sts:AssumeRole", "sts:TagSession"]}]})
        .to_string(),
    );
    let simulate = |request: &StsRequest| simulate_verified(&token, request);
    let r = simulate(&request);
    // The verdict is what STS answers.
    assert_eq!(r.outcome, Outcome::Failure);
    assert_eq!(r.error_code, Some("AccessDenied"));
    assert_eq!(r.message.as_deref(), Some(sts::MSG_ACCESS_DENIED));
    assert_eq!(r.failure_mode, Some(FailureMode::WrongPrincipal));
    // The fix says what the policy is for, and offers both ways.
    let fix = r.fix.clone().unwrap();
    for want in [
        "this policy is for EKS Pod Identity",
        "never applies to `sts:AssumeRoleWithWebIdentity`",
        "Pod Identity does not use this token",
        "EKS Pod Identity tool",
        "if IRSA is intended, add a statement that trusts the cluster's IAM OIDC provider",
    ] {
        assert!(fix.contains(want), "{want:?} not in {fix}");
    }
    // Not the edit of a broken IRSA policy: no `Principal.Federated` set on the Pod Identity
    // statement, no `sts:AssumeRole` replaced.
    assert!(!fix.contains("set `Principal.Federated`"), "{fix}");
    assert!(!fix.contains("which is a different action"), "{fix}");
    // Typed, for the page: the suggested policy is way 2.
    assert_eq!(r.policy_mechanism, Some(sts::PolicyMechanism::PodIdentity));
    // Way 2 adds a statement and keeps the Pod Identity one; applied, STS would allow the call.
    let suggested: serde_json::Value =
        serde_json::from_str(r.suggested_policy.as_deref().unwrap()).unwrap();
    let statements = suggested["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 2, "{suggested}");
    assert_eq!(
        statements[0]["Principal"]["Service"],
        json!("pods.eks.amazonaws.com")
    );
    assert_eq!(
        statements[0]["Action"],
        json!(["sts:AssumeRole", "sts:TagSession"])
    );
    assert!(
        statements[1]["Principal"]["Federated"]
            .as_str()
            .unwrap()
            .contains(":oidc-provider/oidc.eks."),
        "{suggested}"
    );
    assert_eq!(
        statements[1]["Action"],
        json!("sts:AssumeRoleWithWebIdentity")
    );
    assert_eq!(
        statements[1]["Condition"]["StringEquals"][format!("{P}:sub")],
        json!(eks_claims()["sub"])
    );
    request.policy = r.suggested_policy.clone();
    let again = simulate(&request);
    assert_eq!(again.outcome, Outcome::Success, "{:?}", again.fix);
    assert_eq!(again.policy_mechanism, None);
    // A policy that also trusts a Federated provider is not a Pod Identity-only policy.
    request.policy = Some(
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
             "Action": ["sts:AssumeRole", "sts:TagSession"]},
            {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/elsewhere.example.com"},
             "Action": "sts:AssumeRoleWithWebIdentity"}]})
        .to_string(),
    );
    let mixed = simulate(&request);
    assert_eq!(mixed.error_code, Some("AccessDenied"));
    assert_eq!(mixed.policy_mechanism, None);
    assert!(
        !mixed.fix.unwrap_or_default().contains("EKS Pod Identity"),
        "the usual principal fix"
    );
}

/// A policy that serves both mechanisms: a Pod Identity statement (EKS User Guide: pod-id-role)
/// beside the IRSA statement the token is for (EKS User Guide: iam-roles-for-service-accounts),
/// whose `:sub` names another service account. The fix edits the IRSA statement's `:sub` — not
/// the Pod Identity statement — the policy is not labelled as written for Pod Identity, and
/// nothing tells the user to move to Pod Identity because a Pod Identity statement is there.
#[test]
fn mixed_pod_identity_and_irsa_policy_fixes_the_federated_statement() {
    let token = token_for(&eks_claims());
    let provider = format!("arn:aws:iam::{ACCT}:oidc-provider/{P}");
    let pod_identity = json!({"Sid": "PodIdentity", "Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"]});
    let irsa = |sub: &str| {
        json!({"Sid": "Irsa", "Effect": "Allow", "Principal": {"Federated": provider},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                format!("{P}:aud"): "sts.amazonaws.com",
                format!("{P}:sub"): sub}}})
    };
    // In either order: the statement to fix is found by what it is, not by where it is.
    for pod_identity_first in [true, false] {
        let statements = if pod_identity_first {
            json!([pod_identity, irsa("system:serviceaccount:payments:worker")])
        } else {
            json!([irsa("system:serviceaccount:payments:worker"), pod_identity])
        };
        let (pi, fed) = if pod_identity_first { (0, 1) } else { (1, 0) };
        let mut request = StsRequest::defaults_for(&token);
        request.policy =
            Some(json!({"Version": "2012-10-17", "Statement": statements}).to_string());
        let r = simulate_verified(&token, &request);
        let what = format!("Pod Identity statement first: {pod_identity_first}");
        assert_eq!(r.outcome, Outcome::Failure, "{what}");
        assert_eq!(r.error_code, Some("AccessDenied"), "{what}");
        assert_eq!(r.message.as_deref(), Some(sts::MSG_ACCESS_DENIED), "{what}");
        assert_eq!(r.failure_mode, Some(FailureMode::SubjectMismatch), "{what}");
        // Not a policy written for another mechanism: no "two ways", no Pod Identity label.
        assert_eq!(r.policy_mechanism, None, "{what}");
        let fix = r.fix.clone().unwrap();
        let irsa_label = format!("statement {} (Sid `Irsa`)", fed + 1);
        assert!(fix.starts_with(&irsa_label), "{what}: {fix}");
        assert!(
            fix.contains("system:serviceaccount:payments:api"),
            "{what}: {fix}"
        );
        for unwanted in ["Pod Identity", "pods.eks.amazonaws.com", "PodIdentity"] {
            assert!(!fix.contains(unwanted), "{what}: {unwanted:?} in {fix}");
        }
        // The suggested policy: the IRSA statement's `:sub` set to the token's, the Pod Identity
        // statement as it was, nothing added.
        let suggested: serde_json::Value =
            serde_json::from_str(r.suggested_policy.as_deref().unwrap()).unwrap();
        let out = suggested["Statement"].as_array().unwrap();
        assert_eq!(out.len(), 2, "{what}: {suggested}");
        assert_eq!(out[pi], pod_identity, "{what}: {suggested}");
        assert_eq!(
            out[fed],
            irsa("system:serviceaccount:payments:api"),
            "{what}: {suggested}"
        );
        // The Pod Identity statement is background here, not a warning offering to move to Pod
        // Identity or to add the `Federated` statement the policy has.
        let [finding] = r.findings.as_slice() else {
            panic!("{what}: findings {:#?}", r.findings);
        };
        assert_eq!(finding.code, "policy_pod_identity", "{what}");
        assert_eq!(finding.severity, Severity::Info, "{what}");
        assert_eq!(
            finding.title,
            format!(
                "statement {} (Sid `PodIdentity`) is for EKS Pod Identity (the service \
                 `pods.eks.amazonaws.com`); the `Federated` principal of {irsa_label} decides \
                 web-identity calls",
                pi + 1
            ),
            "{what}"
        );
        assert!(finding.detail.contains("A role may serve both"), "{what}");
        assert!(
            !finding
                .detail
                .contains("trust the cluster's IAM OIDC provider"),
            "{what}: {}",
            finding.detail
        );
        // Applied, STS allows the call.
        request.policy = r.suggested_policy.clone();
        let again = simulate_verified(&token, &request);
        assert_eq!(again.outcome, Outcome::Success, "{what}: {:?}", again.fix);
        assert_eq!(again.policy_mechanism, None, "{what}");
    }
    // The Pod Identity statement alone: a warning, offering both ways.
    let mut request = StsRequest::defaults_for(&token);
    request.policy =
        Some(json!({"Version": "2012-10-17", "Statement": [pod_identity]}).to_string());
    let alone = simulate_verified(&token, &request);
    let [finding] = alone.findings.as_slice() else {
        panic!("findings {:#?}", alone.findings);
    };
    assert_eq!(finding.code, "policy_pod_identity");
    assert_eq!(finding.severity, Severity::Warning);
    for want in [
        "check it and the association with the EKS Pod Identity tool",
        "If IRSA is intended instead, add a statement that trusts the cluster's IAM OIDC provider",
        "iam-roles-for-service-accounts",
    ] {
        assert!(
            finding.detail.contains(want),
            "{want:?} not in {}",
            finding.detail
        );
    }
}

/// The Pod Identity warning's advice fits the token it is read for: a GitHub token's
/// web-identity way is its own provider (not "the cluster's", not IRSA), and an issuer that is
/// not an https URL gets no provider to trust, only what it needs first (IAM User Guide:
/// id_roles_providers_create_oidc; EKS User Guide: pod-id-role).
#[test]
fn pod_identity_warning_advice_fits_the_tokens_issuer() {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"]}]})
    .to_string();
    let warning = |claims: serde_json::Value| {
        let token = token_for(&claims);
        let mut request = StsRequest::defaults_for(&token);
        request.policy = Some(policy.clone());
        let r = simulate_verified(&token, &request);
        let finding = r
            .findings
            .into_iter()
            .find(|f| f.code == "policy_pod_identity")
            .unwrap();
        assert_eq!(finding.severity, Severity::Warning);
        assert!(
            finding.detail.contains("EKS Pod Identity tool"),
            "{}",
            finding.detail
        );
        finding.detail
    };
    let github = warning(gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"));
    assert!(
        github.contains(
            "If web-identity federation is intended instead, add a statement that trusts the \
             token's IAM OIDC provider (`Principal.Federated`) with `sts:AssumeRoleWithWebIdentity`"
        ),
        "{github}"
    );
    for unwanted in ["cluster", "IRSA", "iam-roles-for-service-accounts"] {
        assert!(!github.contains(unwanted), "{unwanted:?} in {github}");
    }
    assert!(
        github.contains("id_roles_providers_create_oidc"),
        "{github}"
    );
    let mut legacy = eks_claims();
    legacy["iss"] = json!("kubernetes/serviceaccount");
    let legacy = warning(legacy);
    assert!(
        legacy.contains("`kubernetes/serviceaccount` is not an https URL"),
        "{legacy}"
    );
    assert!(!legacy.contains("add a statement that trusts"), "{legacy}");
}

/// A Pod Identity statement whose Action is `sts:*` (it covers the web-identity action, so it is
/// as close to this token's call as a `Federated` statement naming another cluster's provider):
/// the fix still edits the `Federated` statement, in either order, and never turns the Pod
/// Identity statement into a web-identity one.
#[test]
fn mixed_policy_never_edits_the_pod_identity_statement_into_a_federated_one() {
    let token = token_for(&eks_claims());
    let pod_identity = json!({"Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:*"});
    let other_cluster = json!({"Effect": "Allow",
        "Principal": {"Federated": format!("arn:aws:iam::{ACCT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0000000000000000000000000000FFFF")},
        "Action": "sts:AssumeRoleWithWebIdentity"});
    for pod_identity_first in [true, false] {
        let (statements, pi, fed) = if pod_identity_first {
            (json!([pod_identity, other_cluster]), 0, 1)
        } else {
            (json!([other_cluster, pod_identity]), 1, 0)
        };
        let mut request = StsRequest::defaults_for(&token);
        request.policy =
            Some(json!({"Version": "2012-10-17", "Statement": statements}).to_string());
        let r = simulate_verified(&token, &request);
        let what = format!("Pod Identity statement first: {pod_identity_first}");
        assert_eq!(r.failure_mode, Some(FailureMode::WrongPrincipal), "{what}");
        assert_eq!(r.policy_mechanism, None, "{what}");
        let fix = r.fix.clone().unwrap();
        assert!(
            fix.starts_with(&format!("statement {}", fed + 1)),
            "{what}: {fix}"
        );
        let suggested: serde_json::Value =
            serde_json::from_str(r.suggested_policy.as_deref().unwrap()).unwrap();
        let out = suggested["Statement"].as_array().unwrap();
        assert_eq!(out[pi], pod_identity, "{what}: {suggested}");
        assert_eq!(
            out[fed]["Principal"]["Federated"],
            json!(format!("arn:aws:iam::{ACCT}:oidc-provider/{P}")),
            "{what}: {suggested}"
        );
        request.policy = r.suggested_policy.clone();
        let again = simulate_verified(&token, &request);
        assert_eq!(again.outcome, Outcome::Success, "{what}: {:?}", again.fix);
    }
}

#[test]
fn kops_trust_policy_from_vectors() {
    let Some(dir) = std::env::var_os("TOKENSCOPE_VECTORS")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            let d = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
            d.is_dir().then_some(d)
        })
    else {
        eprintln!(
            "SKIPPED kops_trust_policy_from_vectors: ../shared/vectors is not beside this clone"
        );
        return;
    };
    let text = std::fs::read_to_string(dir.join("aws-trust-policy/kops-irsa23/aws_iam_role_cluster-autoscaler.kube-system.sa.minimal.example.com_policy.json")).unwrap();
    let claims = json!({
        "aud": ["amazonaws.com"], "exp": T0 + 86400, "iat": T0, "iss": "https://discovery.example.com/minimal.example.com",
        "kubernetes.io": {"namespace": "kube-system", "serviceaccount": {"name": "cluster-autoscaler", "uid": "u"}},
        "sub": "system:serviceaccount:kube-system:cluster-autoscaler"
    });
    let token = token_for(&claims);
    let mut request = StsRequest::defaults_for(&token);
    request.provider.client_ids = vec!["amazonaws.com".into()];
    request.policy = Some(text.clone());
    let r = sts::simulate(
        &token,
        &signature(SignatureStatus::Valid, None),
        &KeysEvidence::default(),
        &request,
        AT,
    )
    .unwrap();
    assert_eq!(
        r.outcome,
        Outcome::Success,
        "{:?} {:?}",
        r.error_code,
        r.fix
    );
    assert!(
        r.assumptions.iter().any(|a| a.contains("aws-test")),
        "{:?}",
        r.assumptions
    );
    // kops's test partition is no AWS partition: said, whatever the verdict.
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "unknown_partition" && f.title.contains("`aws-test`")),
        "{:?}",
        r.findings.iter().map(|f| f.code).collect::<Vec<_>>()
    );
    // Another service account in the same cluster is refused, and the fix names both subjects.
    let other = with(claims, "sub", json!("system:serviceaccount:default:other"));
    let token = token_for(&other);
    let r = sts::simulate(
        &token,
        &signature(SignatureStatus::Valid, None),
        &KeysEvidence::default(),
        &request,
        AT,
    )
    .unwrap();
    assert_eq!(r.error_code, Some("AccessDenied"));
    let fix = r.fix.unwrap();
    assert!(
        fix.contains("system:serviceaccount:default:other")
            && fix.contains("system:serviceaccount:kube-system:cluster-autoscaler"),
        "{fix}"
    );
}

#[test]
fn sts_table_every_case_cites_its_source() {
    // The tags are listed in tests/support/sts_cases.rs: an AWS document, the issuer's
    // documentation, or an entry of docs/failures.md (which cites AWS).
    let catalogue = include_str!("../docs/failures.md");
    for c in cases() {
        let tag = c
            .rule
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(t, _)| t);
        let ok = match tag {
            Some(
                "STS API" | "IAM policy" | "IAM keys" | "IAM OIDC" | "Kubernetes" | "GitHub OIDC",
            ) => true,
            Some(t) => t
                .strip_prefix("failures.md#")
                .is_some_and(|id| catalogue.contains(&format!("### `{id}`"))),
            None => false,
        };
        assert!(ok, "{}: rule `{}` cites no known source", c.name, c.rule);
    }
}

#[test]
fn a_fix_of_several_changes_is_also_a_list_one_change_each() {
    // A policy for another cluster's provider, and another service account: two changes.
    let token = token_for(&eks_claims());
    let other = "oidc.eks.eu-west-1.amazonaws.com/id/0000000000000000000000000000AAAA";
    let mut request = StsRequest::defaults_for(&token);
    request.policy = Some(
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
               "Principal": {"Federated": provider_arn(other)},
               "Action": "sts:AssumeRoleWithWebIdentity",
               "Condition": {"StringEquals": {format!("{P}:sub"): "system:serviceaccount:payments:web"}}}]})
        .to_string(),
    );
    let simulate = |request: &StsRequest| simulate_verified(&token, request);
    let r = simulate(&request);
    assert_eq!(r.error_code, Some("AccessDenied"));
    let list = r.fix_list.clone().expect("two changes make a list");
    assert_eq!(list.lead, "statement 1");
    assert_eq!(list.items.len(), 2, "{:?}", list.items);
    // The sentence is the same changes joined, for the CLI and JSON readers.
    assert_eq!(
        r.fix.as_deref(),
        Some(format!("statement 1: {}", list.items.join("; ")).as_str())
    );
    // One change: no list, the sentence alone.
    request.policy = Some(
        eks_policy(
            json!({"StringEquals": {format!("{P}:sub"): "system:serviceaccount:payments:web"}}),
        )
        .to_string(),
    );
    let r = simulate(&request);
    assert_eq!(r.error_code, Some("AccessDenied"));
    assert!(r.fix_list.is_none(), "{:?}", r.fix_list);
    assert!(r.fix.is_some());
}

#[test]
fn github_default_audience_is_fixed_in_the_workflow_not_by_trusting_the_owner_url() {
    // A workflow that asked for no audience: its token carries the owner's URL.
    let mut claims = gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main");
    claims["aud"] = json!("https://github.com/octo-org");
    claims["repository_owner"] = json!("octo-org");
    let token = token_for(&claims);
    let mut request = StsRequest::defaults_for(&token);
    request.provider.client_ids = vec!["sts.amazonaws.com".into()];
    request.policy = Some(
        json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": format!("arn:aws:iam::{ACCT}:oidc-provider/{GH}")},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                format!("{GH}:aud"): "sts.amazonaws.com",
                format!("{GH}:sub"): "repo:octo-org/octo-repo:ref:refs/heads/main"}}}]})
        .to_string(),
    );
    let r = simulate_verified(&token, &request);
    assert_eq!(r.outcome, Outcome::Failure);
    assert_eq!(r.failure_mode, Some(FailureMode::AudienceNotAllowed));
    let fix = r.fix.clone().unwrap();
    assert!(
        fix.starts_with("request the token for `sts.amazonaws.com`"),
        "{fix}"
    );
    assert!(fix.contains("GitHub's default audience"), "{fix}");
    // The provider's client IDs are not widened to the owner's URL.
    assert!(
        !r.suggested_settings
            .iter()
            .any(|(f, _)| *f == sts::SettingField::ClientIds),
        "{:?}",
        r.suggested_settings
    );
    // Nor the policy: its `:aud` condition fails too, and its fix is the workflow's.
    let policy_step = r
        .steps
        .iter()
        .find(|s| s.id == sts::StepId::TrustPolicy)
        .unwrap();
    let policy_fix = policy_step.fix.clone().unwrap_or_default();
    assert!(
        policy_fix.contains("have the workflow ask for `sts.amazonaws.com`"),
        "{policy_fix}"
    );
    assert!(r.suggested_policy.is_none(), "{:?}", r.suggested_policy);

    // An audience that is not GitHub's default (another owner's URL) keeps the provider fix.
    claims["aud"] = json!("https://github.com/someone-else");
    let other = simulate_verified(&token_for(&claims), &request);
    assert!(
        other
            .suggested_settings
            .iter()
            .any(|(f, v)| *f == sts::SettingField::ClientIds && v.contains("someone-else")),
        "{:?}",
        other.suggested_settings
    );
}
