//! The core compiled to wasm32 and run in headless Chromium (wasm-bindgen-test): proves the
//! browser build computes the same as the native one on the Wycheproof RSA and ECDSA (P1363)
//! vectors, the
//! independent JOSE table, the STS simulator's case table, the EKS Pod Identity and cluster OIDC
//! sign-in case tables, and the built-in example.
#![cfg(target_arch = "wasm32")]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use tokenscope::core::jwk::{parse_jwk, parse_key_input};
use tokenscope::core::report::{AnalysisInput, analyze};
use tokenscope::core::verify::{SignatureStatus, verify_with_key};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wycheproof::TestResult;
use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};

#[path = "support/jose_table.rs"]
mod jose_table;
#[path = "support/sts_cases.rs"]
#[allow(dead_code)] // helpers that only the native kops test uses
mod sts_cases;

#[path = "support/cluster_auth_cases.rs"]
mod cluster_auth_cases;
#[path = "support/pod_identity_cases.rs"]
mod pod_identity_cases;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_wycheproof_rsa_pkcs1_sha256() {
    let mut checked = 0;
    for name in [
        TestName::Rsa2048Sha256,
        TestName::Rsa3072Sha256,
        TestName::Rsa4096Sha256,
    ] {
        let set = TestSet::load(name).unwrap();
        for group in &set.test_groups {
            let jwk = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode(&*group.key.n), "e": URL_SAFE_NO_PAD.encode(&*group.key.e)});
            let key = parse_jwk(0, jwk.as_object().unwrap());
            for test in &group.tests {
                let ok = verify_with_key(&key, "RS256", &test.msg, &test.sig).is_ok();
                assert_eq!(
                    ok,
                    test.result == TestResult::Valid,
                    "tc{} {}",
                    test.tc_id,
                    test.comment
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

/// The full Wycheproof ECDSA P1363 sets for P-256/SHA-256, P-384/SHA-384 and P-521/SHA-512 (the
/// same as the native suite): every `valid` verifies, everything else is refused.
#[wasm_bindgen_test]
fn wasm_wycheproof_ecdsa_p1363() {
    use wycheproof::ecdsa::{TestName, TestSet};
    let mut checked = 0;
    for (name, crv, alg) in [
        (TestName::EcdsaSecp256r1Sha256P1363, "P-256", "ES256"),
        (TestName::EcdsaSecp384r1Sha384P1363, "P-384", "ES384"),
        (TestName::EcdsaSecp521r1Sha512P1363, "P-521", "ES512"),
    ] {
        let set = TestSet::load(name).unwrap();
        for group in &set.test_groups {
            let sec1: &[u8] = &group.key.key;
            let len = (sec1.len() - 1) / 2;
            let jwk = json!({"kty": "EC", "crv": crv, "x": URL_SAFE_NO_PAD.encode(&sec1[1..=len]), "y": URL_SAFE_NO_PAD.encode(&sec1[1 + len..])});
            let key = parse_jwk(0, jwk.as_object().unwrap());
            for test in &group.tests {
                let ok = verify_with_key(&key, alg, &test.msg, &test.sig).is_ok();
                assert_eq!(
                    ok,
                    test.result == TestResult::Valid,
                    "{alg} tc{} {}",
                    test.tc_id,
                    test.comment
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 800, "{checked}");
}

#[wasm_bindgen_test]
fn wasm_jose_table() {
    jose_table::run_all();
}

#[wasm_bindgen_test]
fn wasm_sts_table() {
    assert!(sts_cases::run_all() >= 80);
}

#[wasm_bindgen_test]
fn wasm_pod_identity_table() {
    assert!(pod_identity_cases::run_all() >= 25);
}

#[wasm_bindgen_test]
fn wasm_cluster_auth_table() {
    assert!(cluster_auth_cases::run_all() >= 30);
}

#[wasm_bindgen_test]
fn wasm_example_verifies() {
    let keys = parse_key_input(include_str!("fixtures/example/jwks.json"))
        .unwrap()
        .keys;
    let token = include_str!("fixtures/example/token.jwt");
    let iat = tokenscope::core::jwt::decode(token).unwrap().claims["iat"]
        .as_i64()
        .unwrap();
    let report = analyze(&AnalysisInput {
        token,
        keys: keys.as_ref(),
        discovery: None,
        at: iat + 3600,
        offset_minutes: 60,
    })
    .unwrap();
    assert_eq!(
        report.signature.status,
        SignatureStatus::Valid,
        "{}",
        report.signature.message
    );
}
