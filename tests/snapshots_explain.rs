//! Snapshot tests (insta) of the rendered explanation for typical failures: what a user reads
//! in the terminal is reviewed as text, and any change to it shows up in review.
//! Update deliberately with `INSTA_UPDATE=always cargo test --test snapshots_explain`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokenscope::core::report::{AnalysisInput, AnalysisOptions, analyze_with};
use tokenscope::core::sts::StsRequest;
use tokenscope::core::text::render;

const T0: i64 = 1_795_165_200;
const ISS: &str = "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
const P: &str = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";

fn claims() -> Value {
    json!({"aud": ["sts.amazonaws.com"], "exp": T0 + 86400, "iat": T0, "iss": ISS,
        "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u-1"}},
        "nbf": T0, "sub": "system:serviceaccount:payments:api"})
}

fn policy(cond: Value) -> String {
    serde_json::to_string_pretty(
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": format!("arn:aws:iam::111122223333:oidc-provider/{P}")},
        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond}]}),
    )
    .unwrap()
}

fn explain(
    claims: &Value,
    policy_text: Option<String>,
    tweak: impl Fn(&mut StsRequest),
    at: i64,
) -> String {
    // No keys: the signature is reported as unverified, and the verdict says it assumed it valid.
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode([7u8; 256])
    );
    let decoded = tokenscope::core::jwt::decode(&token).unwrap();
    let mut request = StsRequest::defaults_for(&decoded);
    request.policy = policy_text;
    tweak(&mut request);
    let input = AnalysisInput {
        token: &token,
        keys: None,
        discovery: None,
        at,
        offset_minutes: 0,
    };
    let report = analyze_with(
        &input,
        &AnalysisOptions {
            request: Some(request),
            ..AnalysisOptions::default()
        },
    )
    .unwrap();
    render(&report)
}

fn sub_policy(v: &str) -> Option<String> {
    Some(policy(json!({"StringEquals": {format!("{P}:sub"): v}})))
}

#[test]
fn snapshot_namespace_mismatch() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:default:api"),
        |_| {},
        T0 + 3600
    ));
}

#[test]
fn snapshot_wrong_audience() {
    let mut c = claims();
    c["aud"] = json!(["sts.amazon.com"]);
    insta::assert_snapshot!(explain(
        &c,
        sub_policy("system:serviceaccount:payments:api"),
        |_| {},
        T0 + 3600
    ));
}

#[test]
fn snapshot_missing_provider() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:payments:api"),
        |r| r.provider.url.clear(),
        T0 + 3600
    ));
}

#[test]
fn snapshot_expired() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:payments:api"),
        |_| {},
        T0 + 3 * 86400
    ));
}

#[test]
fn snapshot_issuer_trailing_slash() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:payments:api"),
        |r| r.provider.url = format!("{ISS}/"),
        T0 + 3600
    ));
}

#[test]
fn snapshot_assume_role_action() {
    let p =
        policy(json!({"StringEquals": {format!("{P}:sub"): "system:serviceaccount:payments:api"}}))
            .replace("sts:AssumeRoleWithWebIdentity", "sts:AssumeRole");
    insta::assert_snapshot!(explain(&claims(), Some(p), |_| {}, T0 + 3600));
}

#[test]
fn snapshot_https_in_condition_key() {
    let p = policy(
        json!({"StringEquals": {format!("https://{P}:sub"): "system:serviceaccount:payments:api"}}),
    );
    insta::assert_snapshot!(explain(&claims(), Some(p), |_| {}, T0 + 3600));
}

#[test]
fn snapshot_case_difference() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:Payments:api"),
        |_| {},
        T0 + 3600
    ));
}

#[test]
fn snapshot_session_name_invalid() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:payments:api"),
        |r| r.session_name = "dependabot[bot]".into(),
        T0 + 3600
    ));
}

#[test]
fn snapshot_duration_above_max() {
    insta::assert_snapshot!(explain(
        &claims(),
        sub_policy("system:serviceaccount:payments:api"),
        |r| r.duration_seconds = Some(14400),
        T0 + 3600
    ));
}

#[test]
fn snapshot_tags_without_tagsession() {
    let mut c = claims();
    c["https://aws.amazon.com/tags"] = json!({"principal_tags": {"team": ["payments"]}});
    insta::assert_snapshot!(explain(
        &c,
        sub_policy("system:serviceaccount:payments:api"),
        |_| {},
        T0 + 3600
    ));
}

#[test]
fn snapshot_github_pull_request() {
    let c = json!({"aud": "sts.amazonaws.com", "exp": T0 + 7200, "iat": T0, "iss": "https://token.actions.githubusercontent.com",
        "sub": "repo:octo-org/octo-repo:pull_request", "repository": "octo-org/octo-repo", "event_name": "pull_request"});
    let p = serde_json::to_string_pretty(&json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/*"}}}]}))
    .unwrap();
    insta::assert_snapshot!(explain(&c, Some(p), |_| {}, T0 + 60));
}

#[test]
fn snapshot_success_with_findings() {
    let p =
        policy(json!({"StringLike": {format!("{P}:sub"): "system:serviceaccount:payments:api"}}));
    insta::assert_snapshot!(explain(&claims(), Some(p), |_| {}, T0 + 3600));
}
