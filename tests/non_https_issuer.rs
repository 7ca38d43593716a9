//! Self-managed clusters whose service-account issuer is not an https URL (minikube's
//! `kubernetes/serviceaccount`): no fix suggests an IAM OIDC provider, a client ID or a
//! `Federated` ARN for that issuer, since IAM requires provider URLs to be https
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>), and the
//! fix tells a projected token from a legacy one. Tokens are built unsigned here: the signature
//! plays no part in these steps. Their claims are those of the minikube tokens in
//! hashicorp/vault-plugin-auth-kubernetes' tests (`jwtProjectedData`, `jwtData`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokenscope::core::issuers;
use tokenscope::core::jwt;
use tokenscope::core::report::{AnalysisInput, AnalysisOptions, Report, analyze_with};
use tokenscope::core::session;
use tokenscope::core::sts::{StepId, StsRequest};
use tokenscope::core::text;

const AT: i64 = 1735689600; // 2025-01-01T00:00:00Z

/// A trust policy naming another cluster's provider.
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789:sub":"system:serviceaccount:default:default"}}}]}"#;

fn projected() -> Value {
    json!({
        "aud": ["kubernetes.default.svc"],
        "exp": 1920082797,
        "iat": 1604082797,
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io": {
            "namespace": "default",
            "pod": {"name": "vault", "uid": "086c2f61-dea2-47bb-b5ca-63e63c5c9885"},
            "serviceaccount": {"name": "default", "uid": "77c81ad7-1bea-4d94-9ca5-f5d7f3632331"}
        },
        "nbf": 1604082797,
        "sub": "system:serviceaccount:default:default"
    })
}

fn legacy() -> Value {
    json!({
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": "default",
        "kubernetes.io/serviceaccount/secret.name": "vault-auth-token-t5pcn",
        "kubernetes.io/serviceaccount/service-account.name": "vault-auth",
        "kubernetes.io/serviceaccount/service-account.uid": "d77f89bc-9055-11e7-a068-0800276d99bf",
        "sub": "system:serviceaccount:default:vault-auth"
    })
}

fn unsigned(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}

fn analyze(claims: &Value, policy: Option<&str>) -> Report {
    let token = unsigned(claims);
    let decoded = jwt::decode(&token).unwrap();
    let mut request = StsRequest::defaults_for(&decoded);
    request.policy = policy.map(str::to_owned);
    analyze_with(
        &AnalysisInput {
            token: &token,
            keys: None,
            discovery: None,
            at: AT,
            offset_minutes: 0,
        },
        &AnalysisOptions {
            request: Some(request),
            ..AnalysisOptions::default()
        },
    )
    .unwrap()
}

fn step_fix(report: &Report, id: StepId) -> String {
    let sts = report.sts.as_ref().unwrap();
    sts.steps
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| s.fix.clone())
        .unwrap_or_default()
}

/// What no fix may say for an issuer IAM cannot register.
fn assert_no_provider_advice(report: &Report) {
    let sts = report.sts.as_ref().unwrap();
    let mut texts: Vec<String> = sts.steps.iter().filter_map(|s| s.fix.clone()).collect();
    texts.extend(sts.fix.clone());
    for t in &texts {
        assert!(!t.contains("create-open-id-connect-provider"), "{t}");
        assert!(!t.contains("add-client-id"), "{t}");
        assert!(
            !t.contains("set `Principal.Federated` to"),
            "no Federated ARN can name a non-https issuer: {t}"
        );
        assert!(!t.contains("pod identity webhook"), "not EKS: {t}");
    }
    assert_eq!(
        sts.suggested_policy, None,
        "no policy can name the provider"
    );
    assert!(
        sts.suggested_settings.is_empty(),
        "no provider setting can help: {:?}",
        sts.suggested_settings
    );
    let out = text::render(report);
    assert!(!out.contains("setup: aws iam"), "{out}");
    assert!(out.contains("IAM OIDC provider: none possible"), "{out}");
}

#[test]
fn projected_token_with_non_https_issuer_points_at_the_service_account_issuer() {
    let report = analyze(&projected(), Some(POLICY));
    let sts = report.sts.as_ref().unwrap();
    assert_eq!(sts.deciding_step, Some(StepId::Provider));
    let fix = sts.fix.clone().unwrap();
    assert!(fix.contains("--service-account-issuer"), "{fix}");
    assert!(
        !fix.contains("legacy"),
        "the token is a projected one: {fix}"
    );
    let audience = step_fix(&report, StepId::Audience);
    assert!(audience.contains("serviceAccountToken"), "{audience}");
    assert!(audience.contains("sts.amazonaws.com"), "{audience}");
    assert!(
        !audience.contains("to the provider's client IDs"),
        "{audience}"
    );
    let policy = step_fix(&report, StepId::TrustPolicy);
    assert!(
        policy.contains("no `Principal.Federated` can name"),
        "{policy}"
    );
    // The EKS key prefix is not "another cluster" to check: this issuer has no keys at all.
    assert!(
        !policy.contains("check the region and cluster id"),
        "{policy}"
    );
    assert!(
        policy.contains("the token's issuer is not an https URL, so IAM holds no provider"),
        "{policy}"
    );
    assert!(
        report.findings.iter().any(|f| f.code == "issuer_not_https")
            || report
                .claims
                .findings
                .iter()
                .any(|f| f.code == "issuer_not_https"),
        "the finding stays"
    );
    assert_no_provider_advice(&report);
}

#[test]
fn legacy_token_asks_for_a_projected_token_and_an_https_issuer() {
    let report = analyze(&legacy(), Some(POLICY));
    let sts = report.sts.as_ref().unwrap();
    assert_eq!(sts.deciding_step, Some(StepId::Provider));
    let fix = sts.fix.clone().unwrap();
    assert!(fix.contains("projected service-account token"), "{fix}");
    assert!(fix.contains("legacy secret token"), "{fix}");
    assert!(fix.contains("--service-account-issuer"), "{fix}");
    assert_no_provider_advice(&report);
}

#[test]
fn issuer_explanation_offers_no_setup_for_a_non_https_issuer() {
    for claims in [projected(), legacy()] {
        let e = issuers::explain(claims.as_object().unwrap());
        assert!(e.setup.is_empty(), "{:?}", e.setup);
        assert_eq!(e.provider_url, None);
        let why = e.no_provider.unwrap();
        assert!(why.contains("not an https URL"), "{why}");
        assert!(why.contains("--service-account-issuer"), "{why}");
        // The condition keys are the provider's: none can exist.
        assert!(e.condition_keys.is_empty(), "{:?}", e.condition_keys);
        assert!(
            e.absent_condition_keys.is_empty(),
            "{:?}",
            e.absent_condition_keys
        );
        let out = text::render(&analyze(&claims, None));
        assert!(out.contains("  condition keys: none can exist"), "{out}");
        assert!(!out.contains("kubernetes/serviceaccount:{"), "{out}");
    }
    // An https issuer still gets its command.
    let mut https = projected();
    https["iss"] = json!("https://issuer.example/cluster");
    let e = issuers::explain(https.as_object().unwrap());
    assert_eq!(e.no_provider, None);
    assert!(
        e.condition_keys
            .contains(&"issuer.example/cluster:sub".to_string())
    );
    assert!(
        e.setup
            .iter()
            .any(|c| c
                .contains("create-open-id-connect-provider --url https://issuer.example/cluster")),
        "{:?}",
        e.setup
    );
}

/// Through the session (as the page and the CLI analyse): the verdict assumes no IAM OIDC
/// provider for an issuer IAM cannot register.
#[test]
fn session_assumes_no_provider_for_a_non_https_issuer() {
    for claims in [projected(), legacy()] {
        let mut i = session::Inputs::new(AT, 0);
        i.token = unsigned(&claims);
        let sts = session::analyze(&i)
            .report()
            .and_then(|r| r.sts.clone())
            .unwrap();
        assert!(
            !sts.assumptions
                .iter()
                .any(|a| a.contains("has an IAM OIDC provider for")),
            "{:?}",
            sts.assumptions
        );
    }
    // An https issuer still has the assumption said.
    let mut https = projected();
    https["iss"] = json!("https://issuer.example/cluster");
    let mut i = session::Inputs::new(AT, 0);
    i.token = unsigned(&https);
    let sts = session::analyze(&i)
        .report()
        .and_then(|r| r.sts.clone())
        .unwrap();
    assert!(
        sts.assumptions
            .iter()
            .any(|a| a.contains("has an IAM OIDC provider for `https://issuer.example/cluster`")),
        "{:?}",
        sts.assumptions
    );
}

/// No text names an ARN for an issuer IAM cannot register as "the token's provider": the
/// evaluator's principal explanation and the trust-policy fix say the issuer has no provider.
#[test]
fn trust_policy_names_no_provider_arn_for_a_non_https_issuer() {
    for claims in [projected(), legacy()] {
        let report = analyze(&claims, Some(POLICY));
        let sts = report.sts.as_ref().unwrap();
        let evaluation = sts.policy_evaluations.first().unwrap();
        let principal = &evaluation.statements.first().unwrap().principal;
        assert!(!principal.0);
        assert!(
            principal.1.contains(
                "`kubernetes/serviceaccount` is not an https URL, so IAM holds no OIDC provider"
            ),
            "{}",
            principal.1
        );
        let policy = step_fix(&report, StepId::TrustPolicy);
        assert!(
            policy.contains("no `Principal.Federated` can name"),
            "{policy}"
        );
        let out = text::render(&report);
        for t in [principal.1.as_str(), policy.as_str(), out.as_str()] {
            assert!(!t.contains("the token's provider is"), "{t}");
            assert!(
                !t.contains("oidc-provider/kubernetes/serviceaccount"),
                "no such ARN can exist: {t}"
            );
        }
    }
    // An https issuer's provider ARN is still named.
    let mut https = projected();
    https["iss"] = json!("https://issuer.example/cluster");
    let report = analyze(&https, Some(POLICY));
    let policy = step_fix(&report, StepId::TrustPolicy);
    assert!(
        policy.contains(
            "the token's provider is `arn:aws:iam::111122223333:oidc-provider/issuer.example/cluster`"
        ),
        "{policy}"
    );
}

/// The provider step shows the issuer as it is: the provider setting that follows a non-https
/// `iss` is not given an invented `https://`, and the check says no provider can be registered.
#[test]
fn provider_check_invents_no_https_url_for_a_non_https_issuer() {
    for claims in [projected(), legacy()] {
        let report = analyze(&claims, None);
        let sts = report.sts.as_ref().unwrap();
        let step = sts.steps.iter().find(|s| s.id == StepId::Provider).unwrap();
        let check = step.checks.first().unwrap();
        assert_eq!(check.expected.as_deref(), Some("kubernetes/serviceaccount"));
        let actual = check.actual.clone().unwrap();
        assert!(
            actual
                .contains("no IAM OIDC provider can be registered for `kubernetes/serviceaccount`"),
            "{actual}"
        );
        assert!(
            check.detail.contains("no provider can exist"),
            "{}",
            check.detail
        );
        let out = text::render(&report);
        assert!(!out.contains("https://kubernetes/serviceaccount"), "{out}");
    }
    // A provider entered without its scheme still reads as the https URL IAM stores.
    let mut https = projected();
    https["iss"] = json!("https://issuer.example/cluster");
    let token = unsigned(&https);
    let decoded = jwt::decode(&token).unwrap();
    let mut request = StsRequest::defaults_for(&decoded);
    request.provider.url = "issuer.example/other".to_string();
    let report = analyze_with(
        &AnalysisInput {
            token: &token,
            keys: None,
            discovery: None,
            at: AT,
            offset_minutes: 0,
        },
        &AnalysisOptions {
            request: Some(request),
            ..AnalysisOptions::default()
        },
    )
    .unwrap();
    let sts = report.sts.as_ref().unwrap();
    let step = sts.steps.iter().find(|s| s.id == StepId::Provider).unwrap();
    assert_eq!(
        step.checks.first().unwrap().actual.as_deref(),
        Some("https://issuer.example/other")
    );
}

/// A policy for EKS Pod Identity only: its second way (web identity) names no provider ARN for
/// an issuer IAM cannot register, and no policy adding such a statement is suggested.
#[test]
fn pod_identity_policy_suggests_no_federated_statement_for_a_non_https_issuer() {
    const POD_IDENTITY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#;
    for claims in [projected(), legacy()] {
        let report = analyze(&claims, Some(POD_IDENTITY));
        let policy = step_fix(&report, StepId::TrustPolicy);
        assert!(
            policy.contains("1) if the pods use EKS Pod Identity"),
            "{policy}"
        );
        assert!(
            policy.contains(
                "`kubernetes/serviceaccount` is not an https URL, so no statement can trust it"
            ),
            "{policy}"
        );
        assert!(!policy.contains("oidc-provider/"), "{policy}");
        let sts = report.sts.as_ref().unwrap();
        assert_eq!(sts.suggested_policy, None);
        let out = text::render(&report);
        assert!(
            !out.contains("oidc-provider/kubernetes/serviceaccount"),
            "{out}"
        );
    }
    // An https issuer still gets the statement to add.
    let mut https = projected();
    https["iss"] = json!("https://issuer.example/cluster");
    let report = analyze(&https, Some(POD_IDENTITY));
    let policy = step_fix(&report, StepId::TrustPolicy);
    assert!(
        policy.contains("add a statement that trusts the token's IAM OIDC provider (`Principal.Federated` `arn:aws:iam::"),
        "{policy}"
    );
    assert!(report.sts.as_ref().unwrap().suggested_policy.is_some());
}
