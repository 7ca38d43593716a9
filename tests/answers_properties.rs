//! The answers never panic: arbitrary text, log-like text and JSON to `diagnose_error`, arbitrary
//! IAM-shaped documents to `audit`, an arbitrary second token to `compare`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use tokenscope::core::answers::{audit, compare, error_text};
use tokenscope::core::crypto::LocalMath;
use tokenscope::core::session::Inputs;

/// Pieces of real error texts, to build texts that reach the scanners.
const PIECES: [&str; 14] = [
    "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: ",
    "No OpenIDConnect provider found in your account for ",
    "https://oidc.eks.us-east-1.amazonaws.com/id/",
    "arn:aws:iam::111122223333:role/",
    "arn:aws:sts::111122223333:assumed-role/",
    "Value '",
    "' at 'roleSessionName' failed to satisfy constraint",
    "Token expired: current date/time ",
    " must be before the expiration date/time",
    "status code: ",
    "request id: ",
    "system:serviceaccount:",
    "repo:",
    "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
];

fn log_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(PIECES.to_vec()).prop_map(str::to_owned),
            "\\PC{0,12}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn iam_document() -> impl Strategy<Value = String> {
    let policy = prop_oneof![
        "\\PC{0,40}".prop_map(serde_json::Value::String),
        (any::<bool>(), "[a-z*:/.-]{0,30}", "[a-zA-Z:*]{0,25}").prop_map(|(encode, sub, op)| {
            let action = if encode { "sts:AssumeRoleWithWebIdentity" } else { "sts:AssumeRole" };
            let doc = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Federated": format!("arn:aws:iam::111122223333:oidc-provider/{sub}")},
                "Action": action,
                "Condition": {op: {format!("{sub}:sub"): sub}}}]});
            if encode {
                let text = doc.to_string();
                serde_json::Value::String(text.bytes().map(|b| format!("%{b:02X}")).collect())
            } else {
                doc
            }
        }),
    ];
    proptest::collection::vec(policy, 0..4).prop_map(|policies| {
        let roles: Vec<serde_json::Value> = policies
            .into_iter()
            .enumerate()
            .map(|(i, p)| serde_json::json!({"RoleName": format!("r{i}"), "Arn": format!("arn:aws:iam::111122223333:role/r{i}"), "AssumeRolePolicyDocument": p}))
            .collect();
        serde_json::json!({"RoleDetailList": roles, "OpenIDConnectProviderList": [{"Arn": "x"}]}).to_string()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn diagnose_error_never_panics_on_text(s in "\\PC{0,300}") {
        let _ = error_text::diagnose_error(&s);
    }

    #[test]
    fn diagnose_error_never_panics_on_log_like_text(s in log_text()) {
        let _ = error_text::diagnose_error(&s);
    }

    #[test]
    fn diagnose_error_never_panics_on_event_like_json(code in "\\PC{0,20}", msg in "\\PC{0,40}", arn in "\\PC{0,40}", user in "\\PC{0,30}") {
        let event = serde_json::json!({"eventName": "AssumeRoleWithWebIdentity", "errorCode": code, "errorMessage": msg,
            "userIdentity": {"type": "WebIdentityUser", "principalId": format!("{arn}:{user}"), "userName": user, "identityProvider": arn},
            "requestParameters": {"roleArn": arn, "roleSessionName": user}});
        let _ = error_text::diagnose_error(&event.to_string());
    }

    #[test]
    fn audit_never_panics(doc in iam_document()) {
        let _ = audit::audit(&doc);
    }

    #[test]
    fn audit_never_panics_on_text(s in "\\PC{0,200}") {
        let _ = audit::audit(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn compare_never_panics(b in "\\PC{0,120}") {
        let mut inputs = Inputs::new(0, 0);
        inputs.token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4IiwiaXNzIjoiaHR0cHM6Ly9hIn0.AQID".to_string();
        inputs.policy = r#"{"Version":"2012-10-17","Statement":[]}"#.to_string();
        let _ = compare::compare(&inputs, &b, &LocalMath);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The error text against a token's diagnosis: any text, any evaluation time, any role ARN.
    #[test]
    fn error_text_against_a_diagnosis_never_panics(s in log_text(), at in any::<i64>(), role in "\\PC{0,40}") {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/example");
        let mut inputs = Inputs::new(at, 0);
        inputs.token = std::fs::read_to_string(format!("{dir}/token.jwt")).unwrap();
        inputs.policy = std::fs::read_to_string(format!("{dir}/trust-policy.json")).unwrap();
        inputs.settings.role_arn = role;
        let report = tokenscope::core::session::analyze(&inputs).report().unwrap();
        if let Ok(d) = error_text::diagnose_error(&s) {
            let d = error_text::with_diagnosis(d, &report, error_text::Holder::Page);
            prop_assert!(d.page.is_some());
            prop_assert!(d.causes.iter().filter(|c| c.found_by_page).count() <= 1);
        }
    }
}
