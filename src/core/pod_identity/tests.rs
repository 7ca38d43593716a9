use super::*;

const CLUSTER: &str = "arn:aws:eks:us-east-1:111122223333:cluster/prod";

fn input(policy: serde_json::Value) -> PodIdentityInput {
    PodIdentityInput {
        policy: policy.to_string(),
        association: Association::new(CLUSTER, "payments", "api"),
        target_policy: None,
    }
}

#[test]
fn documented_policy_allows_and_suggests_nothing() {
    let report = predict(&input(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
                        "Action": ["sts:AssumeRole", "sts:TagSession"]}]
    })))
    .unwrap();
    assert_eq!(report.outcome, Outcome::Success, "{}", render(&report));
    assert_eq!(report.suggested_policy, None);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "pod_identity_unscoped")
    );
}

#[test]
fn suggested_policy_passes_for_its_association() {
    let mut assoc = Association::new(CLUSTER, "payments", "api");
    for tags in [true, false] {
        assoc.session_tags = tags;
        let cluster = parse_cluster_arn(CLUSTER).unwrap();
        let policy = suggested_trust_policy(&assoc, &cluster);
        let report = predict(&PodIdentityInput {
            policy,
            association: assoc.clone(),
            target_policy: None,
        })
        .unwrap();
        assert_eq!(report.outcome, Outcome::Success, "{}", render(&report));
    }
}

#[test]
fn malformed_inputs_are_errors() {
    let mut bad = input(json!({"Statement": []}));
    bad.association.cluster_arn = "prod".into();
    assert!(matches!(
        predict(&bad),
        Err(PodIdentityInputError::ClusterArn(_))
    ));
    let mut bad = input(json!({"Statement": []}));
    bad.association.namespace = " ".into();
    assert_eq!(
        predict(&bad),
        Err(PodIdentityInputError::Empty("namespace"))
    );
    let mut bad = input(json!({"Statement": []}));
    bad.policy = "{".into();
    assert!(matches!(
        predict(&bad),
        Err(PodIdentityInputError::Policy(_))
    ));
}
