//! The EKS Pod Identity case table (shared by tests/eks_modes.rs natively and tests/wasm_core.rs in
//! the browser): trust policy and association → the expected outcome, deciding step and findings.
//! Every case cites its source in its rule, by one of these tags:
//!
//! - `[pod-id-role]`: <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html> (the
//!   service principal, `sts:AssumeRole` + `sts:TagSession`, request tags in trust-policy
//!   conditions)
//! - `[pod-id-abac]`: <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html> (the six
//!   session tags, disabling them, `aws:PrincipalTag/…` in permission policies, transitive tags)
//! - `[pod-id-target]`: <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html>
//!   (target roles, their trust policies, `sts:ExternalId` when tags are disabled)
//! - `[pod-identities]`: <https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html>
//!   (the role must be in the cluster's account; no OIDC provider)
//! - `[IAM policy]`: the IAM User Guide's policy evaluation and condition operators
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>)

use serde_json::{Value, json};
use tokenscope::core::pod_identity::{self, Association, PodIdentityInput};
use tokenscope::core::trace::Outcome;

pub const CLUSTER: &str = "arn:aws:eks:us-east-1:111122223333:cluster/prod";
pub const ROLE: &str = "arn:aws:iam::111122223333:role/payments-api";
pub const TARGET: &str = "arn:aws:iam::444455556666:role/data-reader";
const IRSA_PROVIDER: &str = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

/// One row.
pub struct Case {
    pub name: &'static str,
    pub rule: &'static str,
    pub policy: Value,
    pub association: Association,
    pub target_policy: Option<Value>,
    pub outcome: Outcome,
    pub deciding: Option<&'static str>,
    pub findings: &'static [&'static str],
}

pub fn assoc() -> Association {
    Association::new(CLUSTER, "payments", "api")
}

/// A policy with one Allow statement for the Pod Identity principal.
pub fn pod_policy(actions: Value, condition: Option<Value>) -> Value {
    let mut st = json!({
        "Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": actions,
    });
    if let Some(c) = condition {
        st["Condition"] = c;
    }
    json!({"Version": "2012-10-17", "Statement": [st]})
}

fn both() -> Value {
    json!(["sts:AssumeRole", "sts:TagSession"])
}

fn scoped(ns: &str, sa: &str) -> Value {
    pod_policy(
        both(),
        Some(json!({"StringEquals": {
            "aws:RequestTag/kubernetes-namespace": ns,
            "aws:RequestTag/kubernetes-service-account": sa,
        }})),
    )
}

fn with<F: FnOnce(&mut Association)>(f: F) -> Association {
    let mut a = assoc();
    f(&mut a);
    a
}

fn target_tags_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
        "Condition": {
            "StringEquals": {
                "aws:RequestTag/eks-cluster-arn": CLUSTER,
                "aws:RequestTag/kubernetes-namespace": "payments",
                "aws:RequestTag/kubernetes-service-account": "api"
            },
            "ArnEquals": {"aws:PrincipalARN": ROLE}
        }
    }]})
}

fn target_external_id_policy(external: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"sts:ExternalId": external},
                "ArnEquals": {"aws:PrincipalARN": ROLE}
            }
        },
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:TagSession"}
    ]})
}

pub fn cases() -> Vec<Case> {
    use Outcome::{Failure, Success, Undetermined};
    let c = |name, rule, policy, association, outcome, deciding, findings| Case {
        name,
        rule,
        policy,
        association,
        target_policy: None,
        outcome,
        deciding,
        findings,
    };
    let mut v = vec![
        c(
            "documented_policy",
            "[pod-id-role] the documented trust policy: the service principal, both actions",
            pod_policy(both(), None),
            assoc(),
            Success,
            None,
            &["pod_identity_unscoped"],
        ),
        c(
            "documented_conditions_match",
            "[pod-id-role] conditions on aws:RequestTag/kubernetes-namespace and -service-account",
            scoped("payments", "api"),
            assoc(),
            Success,
            None,
            &[],
        ),
        c(
            "namespace_mismatch",
            "[pod-id-role] the request tag kubernetes-namespace is the association's namespace",
            scoped("billing", "api"),
            assoc(),
            Failure,
            Some("assume_role"),
            &[],
        ),
        c(
            "service_account_mismatch",
            "[pod-id-role] the request tag kubernetes-service-account is the association's service account",
            scoped("payments", "worker"),
            assoc(),
            Failure,
            Some("assume_role"),
            &[],
        ),
        c(
            "cluster_arn_and_name_match",
            "[pod-id-abac] eks-cluster-arn and eks-cluster-name come from the cluster",
            pod_policy(
                both(),
                Some(
                    json!({"StringEquals": {"aws:RequestTag/eks-cluster-arn": CLUSTER, "aws:RequestTag/eks-cluster-name": "prod"}}),
                ),
            ),
            assoc(),
            Success,
            None,
            &[],
        ),
        c(
            "other_cluster",
            "[pod-id-abac] another cluster's ARN does not match eks-cluster-arn",
            pod_policy(
                both(),
                Some(
                    json!({"StringEquals": {"aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:111122223333:cluster/staging"}}),
                ),
            ),
            assoc(),
            Failure,
            Some("assume_role"),
            &[],
        ),
        c(
            "missing_tag_session",
            "[pod-id-role] sts:TagSession is needed while session tags are on",
            pod_policy(json!("sts:AssumeRole"), None),
            assoc(),
            Failure,
            Some("tag_session"),
            &["pod_identity_unscoped"],
        ),
        c(
            "missing_tag_session_tags_disabled",
            "[pod-id-abac] with session tags disabled no session is tagged",
            pod_policy(json!("sts:AssumeRole"), None),
            with(|a| a.session_tags = false),
            Success,
            None,
            &["pod_identity_unscoped"],
        ),
        c(
            "tag_conditions_tags_disabled",
            "[pod-id-abac] with session tags disabled no aws:RequestTag value is sent",
            scoped("payments", "api"),
            with(|a| a.session_tags = false),
            Failure,
            Some("assume_role"),
            &["pod_identity_tag_conditions_without_tags"],
        ),
        c(
            "principal_tag_in_trust_policy",
            "[pod-id-abac] aws:PrincipalTag/<tag> is for permission policies; the service principal has no tags",
            pod_policy(
                both(),
                Some(
                    json!({"StringEquals": {"aws:PrincipalTag/kubernetes-namespace": "payments"}}),
                ),
            ),
            assoc(),
            Failure,
            Some("assume_role"),
            &["pod_identity_principal_tag_in_trust_policy"],
        ),
        c(
            "irsa_policy_pasted",
            "[pod-identities] Pod Identity uses no OIDC provider: a Federated principal never matches",
            json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Principal": {"Federated": IRSA_PROVIDER},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {
                    "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789:sub": "system:serviceaccount:payments:api"
                }}
            }]}),
            assoc(),
            Failure,
            Some("principal"),
            &["pod_identity_web_identity_keys"],
        ),
        c(
            "other_service_principal",
            "[pod-id-role] the principal is pods.eks.amazonaws.com, not eks.amazonaws.com",
            json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"},
                "Action": ["sts:AssumeRole", "sts:TagSession"]
            }]}),
            assoc(),
            Failure,
            Some("principal"),
            &[],
        ),
        c(
            "service_principal_case",
            "[IAM policy] principal names are compared exactly",
            json!({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "Pods.EKS.amazonaws.com"},
                "Action": ["sts:AssumeRole", "sts:TagSession"]
            }]}),
            assoc(),
            Failure,
            Some("principal"),
            &[],
        ),
        c(
            "web_identity_action",
            "[pod-id-role] EKS Pod Identity calls sts:AssumeRole, not AssumeRoleWithWebIdentity",
            pod_policy(json!("sts:AssumeRoleWithWebIdentity"), None),
            assoc(),
            Failure,
            Some("assume_role"),
            &[],
        ),
        c(
            "sts_wildcard_action",
            "[IAM policy] `sts:*` covers both actions",
            pod_policy(json!("sts:*"), None),
            assoc(),
            Success,
            None,
            &["pod_identity_unscoped"],
        ),
        c(
            "pod_name_not_given",
            "[pod-id-abac] kubernetes-pod-name differs per pod: undetermined without one",
            pod_policy(
                both(),
                Some(json!({"StringLike": {"aws:RequestTag/kubernetes-pod-name": "api-*"}})),
            ),
            assoc(),
            Undetermined,
            None,
            &[],
        ),
        c(
            "pod_name_matches",
            "[pod-id-abac] kubernetes-pod-name is the pod's name",
            pod_policy(
                both(),
                Some(json!({"StringLike": {"aws:RequestTag/kubernetes-pod-name": "api-*"}})),
            ),
            with(|a| a.pod_name = Some("api-7d9f8c-x2x".into())),
            Success,
            None,
            &[],
        ),
        c(
            "pod_uid_mismatch",
            "[pod-id-abac] kubernetes-pod-uid is the pod's uid",
            pod_policy(
                both(),
                Some(json!({"StringEquals": {"aws:RequestTag/kubernetes-pod-uid": "0000"}})),
            ),
            with(|a| a.pod_uid = Some("9f1c2d3e-aaaa-bbbb-cccc-111122223333".into())),
            Failure,
            Some("assume_role"),
            &[],
        ),
        c(
            "not_a_session_tag",
            "[pod-id-role] EKS Pod Identity sends only its six request tags",
            pod_policy(
                both(),
                Some(json!({"StringEquals": {"aws:RequestTag/team": "payments"}})),
            ),
            assoc(),
            Failure,
            Some("assume_role"),
            &[],
        ),
        c(
            "undocumented_key",
            "[IAM policy] a key AWS does not document for this call is unknown, never guessed",
            pod_policy(
                both(),
                Some(json!({"StringEquals": {"aws:SourceAccount": "111122223333"}})),
            ),
            assoc(),
            Undetermined,
            None,
            &[],
        ),
        c(
            "explicit_deny_namespace",
            "[IAM policy] an explicit Deny wins",
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
                {"Effect": "Deny", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:*",
                 "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "payments"}}}
            ]}),
            assoc(),
            Failure,
            Some("assume_role"),
            &["pod_identity_unscoped"],
        ),
        c(
            "role_in_other_account",
            "[pod-identities] the associated role must be in the cluster's account",
            pod_policy(both(), None),
            with(|a| a.role_arn = Some("arn:aws:iam::999988887777:role/x".into())),
            Failure,
            Some("association"),
            &["pod_identity_unscoped"],
        ),
        c(
            "target_role_without_its_policy",
            "[pod-id-target] the target role's trust policy decides the second hop",
            scoped("payments", "api"),
            with(|a| {
                a.role_arn = Some(ROLE.into());
                a.target_role_arn = Some(TARGET.into());
            }),
            Undetermined,
            None,
            &[],
        ),
    ];
    let target = |name, rule, association: Association, target: Value, outcome, deciding| Case {
        name,
        rule,
        policy: scoped("payments", "api"),
        association,
        target_policy: Some(target),
        outcome,
        deciding,
        findings: &[],
    };
    v.push(target(
        "target_role_tags",
        "[pod-id-target] the target role trusts the association's role with the (transitive) session tags",
        with(|a| {
            a.role_arn = Some(ROLE.into());
            a.target_role_arn = Some(TARGET.into());
        }),
        target_tags_policy(),
        Success,
        None,
    ));
    let mut no_tag_session = target_tags_policy();
    no_tag_session["Statement"][0]["Action"] = json!("sts:AssumeRole");
    v.push(target(
        "target_role_missing_tag_session",
        "[pod-id-target] [pod-id-abac] transitive session tags need sts:TagSession on the target role",
        with(|a| {
            a.role_arn = Some(ROLE.into());
            a.target_role_arn = Some(TARGET.into());
        }),
        no_tag_session,
        Failure,
        Some("target_role"),
    ));
    v.push(target(
        "target_role_other_role",
        "[pod-id-target] aws:PrincipalARN is the association's role",
        with(|a| {
            a.role_arn = Some("arn:aws:iam::111122223333:role/other".into());
            a.target_role_arn = Some(TARGET.into());
        }),
        target_tags_policy(),
        Failure,
        Some("target_role"),
    ));
    let mut disabled = Case {
        name: "target_role_external_id_tags_disabled",
        rule: "[pod-id-target] with session tags disabled EKS sets sts:ExternalId to region/account/cluster/namespace/service-account",
        policy: pod_policy(json!("sts:AssumeRole"), None),
        association: with(|a| {
            a.session_tags = false;
            a.role_arn = Some(ROLE.into());
            a.target_role_arn = Some(TARGET.into());
        }),
        target_policy: Some(target_external_id_policy(
            "us-east-1/111122223333/prod/payments/api",
        )),
        outcome: Success,
        deciding: None,
        findings: &["pod_identity_unscoped"],
    };
    v.push(Case {
        name: "target_role_external_id_mismatch",
        rule: "[pod-id-target] the external ID must match the target role's sts:ExternalId condition",
        policy: disabled.policy.clone(),
        association: disabled.association.clone(),
        target_policy: Some(target_external_id_policy("us-east-1/111122223333/prod/payments/worker")),
        outcome: Failure,
        deciding: Some("target_role"),
        findings: &["pod_identity_unscoped"],
    });
    disabled.name = "target_role_external_id_tags_disabled";
    v.push(disabled);
    v
}

/// Runs one case; panics with its name and rendering on a mismatch.
pub fn run_case(case: &Case) {
    let input = PodIdentityInput {
        policy: case.policy.to_string(),
        association: case.association.clone(),
        target_policy: case.target_policy.as_ref().map(Value::to_string),
    };
    let report = pod_identity::predict(&input)
        .unwrap_or_else(|e| panic!("{}: unusable input: {e}", case.name));
    let shown = pod_identity::render(&report);
    assert_eq!(
        report.outcome, case.outcome,
        "{} ({}):\n{shown}",
        case.name, case.rule
    );
    assert_eq!(
        report.deciding_step, case.deciding,
        "{}:\n{shown}",
        case.name
    );
    let mut findings: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    findings.sort_unstable();
    let mut want = case.findings.to_vec();
    want.sort_unstable();
    assert_eq!(findings, want, "{}:\n{shown}", case.name);
    // A failing policy step comes with a policy that lets this association in.
    if let Some(policy) = &report.suggested_policy {
        let fixed = pod_identity::predict(&PodIdentityInput {
            policy: policy.clone(),
            association: Association {
                target_role_arn: None,
                external_id: None,
                ..case.association.clone()
            },
            target_policy: None,
        })
        .unwrap();
        assert_ne!(
            fixed.deciding_step,
            Some("assume_role"),
            "{}: the suggested policy still fails:\n{}",
            case.name,
            pod_identity::render(&fixed)
        );
        assert_ne!(fixed.deciding_step, Some("principal"), "{}", case.name);
        assert_ne!(fixed.deciding_step, Some("tag_session"), "{}", case.name);
    }
}

/// Runs every case; returns how many ran.
pub fn run_all() -> usize {
    let all = cases();
    for case in &all {
        run_case(case);
    }
    all.len()
}
