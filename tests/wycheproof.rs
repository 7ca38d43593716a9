//! Project Wycheproof RSA PKCS#1 v1.5 vectors (2048 bits and up; SHA-256/384/512) and ECDSA P1363
//! vectors (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512) through the same
//! JWK parsing and key checks the page uses. Every `valid` case verifies; every `invalid` and
//! `acceptable` case is rejected.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use tokenscope::core::jwk::parse_jwk;
use tokenscope::core::verify::verify_with_key;
use wycheproof::TestResult;
use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};

fn run(name: TestName, alg: &str) -> (usize, usize) {
    let set = TestSet::load(name).unwrap();
    let (mut accepted, mut rejected) = (0, 0);
    for group in &set.test_groups {
        let jwk = json!({
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(&*group.key.n),
            "e": URL_SAFE_NO_PAD.encode(&*group.key.e),
        });
        let key = parse_jwk(0, jwk.as_object().unwrap());
        assert!(key.problems.is_empty(), "{:?}", key.problems);
        for test in &group.tests {
            let outcome = verify_with_key(&key, alg, &test.msg, &test.sig);
            match test.result {
                TestResult::Valid => {
                    assert!(
                        outcome.is_ok(),
                        "{alg} tc{} should verify: {outcome:?} ({})",
                        test.tc_id,
                        test.comment
                    );
                    accepted += 1;
                }
                TestResult::Invalid | TestResult::Acceptable => {
                    assert!(
                        outcome.is_err(),
                        "{alg} tc{} must be rejected ({})",
                        test.tc_id,
                        test.comment
                    );
                    rejected += 1;
                }
            }
        }
    }
    (accepted, rejected)
}

#[test]
fn wycheproof_rsa_pkcs1_sha256_all_sizes() {
    for name in [
        TestName::Rsa2048Sha256,
        TestName::Rsa3072Sha256,
        TestName::Rsa4096Sha256,
    ] {
        let (ok, bad) = run(name, "RS256");
        assert!(ok > 0 && bad > 0, "{ok} valid, {bad} invalid");
    }
}

#[test]
fn wycheproof_rsa_pkcs1_sha384_sha512() {
    for (name, alg) in [
        (TestName::Rsa2048Sha384, "RS384"),
        (TestName::Rsa3072Sha384, "RS384"),
        (TestName::Rsa4096Sha384, "RS384"),
        (TestName::Rsa2048Sha512, "RS512"),
        (TestName::Rsa3072Sha512, "RS512"),
        (TestName::Rsa4096Sha512, "RS512"),
    ] {
        let (ok, bad) = run(name, alg);
        assert!(ok > 0 && bad > 0, "{alg}: {ok} valid, {bad} invalid");
    }
}

#[test]
fn wycheproof_wrong_hash_never_verifies() {
    // The SHA-256 vectors' valid signatures must not verify when the token claims RS384/RS512.
    let set = TestSet::load(TestName::Rsa2048Sha256).unwrap();
    let group = &set.test_groups[0];
    let jwk = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode(&*group.key.n), "e": URL_SAFE_NO_PAD.encode(&*group.key.e)});
    let key = parse_jwk(0, jwk.as_object().unwrap());
    let test = group
        .tests
        .iter()
        .find(|t| t.result == TestResult::Valid)
        .unwrap();
    assert!(verify_with_key(&key, "RS256", &test.msg, &test.sig).is_ok());
    assert!(verify_with_key(&key, "RS384", &test.msg, &test.sig).is_err());
    assert!(verify_with_key(&key, "RS512", &test.msg, &test.sig).is_err());
}

/// Wycheproof ECDSA in the IEEE P1363 form JWS uses (R‖S): each group's public key becomes a JWK
/// read by the page's parser; every `valid` signature verifies, every `invalid` one is refused
/// (wrong size, DER, R or S out of range, modified values). The P1363 sets for these three curves
/// hold no `acceptable` case today; should one appear, it must be refused too (JWS allows exactly
/// one encoding).
fn run_ecdsa(name: wycheproof::ecdsa::TestName, crv: &str, alg: &str) -> (usize, usize) {
    let set = wycheproof::ecdsa::TestSet::load(name).unwrap();
    let (mut accepted, mut rejected) = (0, 0);
    for group in &set.test_groups {
        let sec1: &[u8] = &group.key.key;
        assert_eq!(sec1.first(), Some(&4), "uncompressed point");
        let len = (sec1.len() - 1) / 2;
        let jwk = json!({
            "kty": "EC",
            "crv": crv,
            "x": URL_SAFE_NO_PAD.encode(&sec1[1..=len]),
            "y": URL_SAFE_NO_PAD.encode(&sec1[1 + len..]),
        });
        let key = parse_jwk(0, jwk.as_object().unwrap());
        assert!(key.problems.is_empty(), "{:?}", key.problems);
        for test in &group.tests {
            let outcome = verify_with_key(&key, alg, &test.msg, &test.sig);
            if test.result == TestResult::Valid {
                assert!(
                    outcome.is_ok(),
                    "{alg} tc{} should verify: {outcome:?} ({})",
                    test.tc_id,
                    test.comment
                );
                accepted += 1;
            } else {
                assert!(
                    outcome.is_err(),
                    "{alg} tc{} must be refused ({:?}, {})",
                    test.tc_id,
                    test.result,
                    test.comment
                );
                rejected += 1;
            }
        }
    }
    (accepted, rejected)
}

#[test]
fn wycheproof_ecdsa_p1363_p256_p384_p521() {
    use wycheproof::ecdsa::TestName;
    for (name, crv, alg) in [
        (TestName::EcdsaSecp256r1Sha256P1363, "P-256", "ES256"),
        (TestName::EcdsaSecp384r1Sha384P1363, "P-384", "ES384"),
        (TestName::EcdsaSecp521r1Sha512P1363, "P-521", "ES512"),
    ] {
        let (ok, bad) = run_ecdsa(name, crv, alg);
        eprintln!("{alg}: {ok} valid verified, {bad} invalid refused");
        assert!(ok > 0 && bad > 0, "{alg}: {ok} valid, {bad} invalid");
    }
}

#[test]
fn wycheproof_ecdsa_wrong_curve_or_hash_never_verifies() {
    // A valid P-256/SHA-256 signature under ES384/ES512, or against an RSA key, is refused.
    let set =
        wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363)
            .unwrap();
    let group = &set.test_groups[0];
    let sec1: &[u8] = &group.key.key;
    let jwk = json!({"kty": "EC", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode(&sec1[1..33]), "y": URL_SAFE_NO_PAD.encode(&sec1[33..])});
    let key = parse_jwk(0, jwk.as_object().unwrap());
    let test = group
        .tests
        .iter()
        .find(|t| t.result == TestResult::Valid)
        .unwrap();
    assert!(verify_with_key(&key, "ES256", &test.msg, &test.sig).is_ok());
    for alg in ["ES384", "ES512", "RS256"] {
        assert!(
            verify_with_key(&key, alg, &test.msg, &test.sig).is_err(),
            "{alg}"
        );
    }
}
