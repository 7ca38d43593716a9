//! EKS Pod Identity (the trust policy through `pod_identity::predict`, with a target role),
//! cluster OIDC sign-in (the configuration and a token through `cluster_auth::authenticate`) and
//! the mechanism classifier, on the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tokenscope::core::cluster_auth::{self, ClusterAuthInput};
use tokenscope::core::mechanism;
use tokenscope::core::pod_identity::{self, Association, PodIdentityInput};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let (first, second) = text.split_once('\n').unwrap_or((&text, ""));
    let mut association =
        Association::new("arn:aws:eks:us-east-1:111122223333:cluster/prod", "payments", "api");
    association.role_arn = Some("arn:aws:iam::111122223333:role/r".into());
    association.target_role_arn = Some("arn:aws:iam::444455556666:role/t".into());
    let _ = pod_identity::predict(&PodIdentityInput {
        policy: first.to_string(),
        association,
        target_policy: Some(second.to_string()),
    });
    let _ = cluster_auth::authenticate(&ClusterAuthInput {
        config: first.to_string(),
        token: second.to_string(),
        jwks: String::new(),
        at: 1_800_000_000,
    });
    let _ = mechanism::classify(&text);
});
