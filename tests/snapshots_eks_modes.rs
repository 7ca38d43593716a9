//! Snapshot tests (insta) of what the `pod-identity` and `cluster-auth` commands print: reviewed
//! as text, so any change to it shows up in review.
//! Update deliberately with `INSTA_UPDATE=always cargo test --test snapshots_eks_modes`.

use serde_json::Value;
use tokenscope::core::cluster_auth::{self, ClusterAuthInput};
use tokenscope::core::pod_identity::{self, Association, PodIdentityInput};

fn pod_identity(policy: &str, association: Association) -> String {
    let report = pod_identity::predict(&PodIdentityInput {
        policy: policy.to_string(),
        association,
        target_policy: None,
    })
    .unwrap();
    pod_identity::render(&report)
}

const CLUSTER: &str = "arn:aws:eks:us-east-1:111122223333:cluster/prod";

#[test]
fn snapshot_pod_identity_principal_tag_and_no_tag_session() {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowEksAuthToAssumeRoleForPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:RequestTag/kubernetes-namespace":"payments","aws:PrincipalTag/kubernetes-service-account":"api"}}}]}"#;
    insta::assert_snapshot!(pod_identity(
        policy,
        Association::new(CLUSTER, "payments", "api")
    ));
}

#[test]
fn snapshot_pod_identity_irsa_policy_pasted() {
    let policy = include_str!("fixtures/example/trust-policy.json");
    insta::assert_snapshot!(pod_identity(
        policy,
        Association::new(CLUSTER, "payments", "api")
    ));
}

fn case(name: &str) -> Value {
    let cases: Value =
        serde_json::from_str(include_str!("fixtures/eks_modes/cluster_auth/cases.json")).unwrap();
    cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
        .clone()
}

fn cluster_auth(name: &str) -> String {
    let c = case(name);
    let report = cluster_auth::authenticate(&ClusterAuthInput {
        config: c["config"].to_string(),
        token: c["token"].as_str().unwrap().to_string(),
        jwks: if c["jwks"].is_null() {
            String::new()
        } else {
            c["jwks"].to_string()
        },
        at: c["at"].as_i64().unwrap(),
    })
    .unwrap();
    cluster_auth::render(&report)
}

#[test]
fn snapshot_cluster_auth_sub_default_prefix() {
    insta::assert_snapshot!(cluster_auth("accepted_sub_default_prefix"));
}

#[test]
fn snapshot_cluster_auth_email_unverified() {
    insta::assert_snapshot!(cluster_auth("refused_email_unverified"));
}
