//! Real-world and specification vectors from `../shared/vectors` (see its SOURCES.md), read in
//! place. In a clone without that folder each test says it was skipped and passes.

mod common;

use common::vector;
use serde_json::Value;
use tokenscope::core::claims::TokenKind;
use tokenscope::core::jwk::{self, KeySet, parse_jwk};
use tokenscope::core::jwt;
use tokenscope::core::oidc;
use tokenscope::core::report::{AnalysisInput, Report, analyze};
use tokenscope::core::verify::{Reason, ReasonClass, SignatureStatus, verify_with_key};

const EKS: &str = "k8s-sa-tokens/eks-nats-k8s-oidc-callout";
const EKS_KID: &str = "e3b1d185e0d794058a6346c32b2575ac0efb622e";
/// The EKS token's `exp` (2025-11-25T07:37:58Z).
const EKS_EXP: i64 = 1_764_056_278;

fn keys(text: &str) -> KeySet {
    jwk::parse_key_input(text).unwrap().keys.unwrap()
}

fn run(token: &str, keys: Option<&KeySet>, at: i64) -> Report {
    analyze(&AnalysisInput {
        token,
        keys,
        discovery: None,
        at,
        offset_minutes: 0,
    })
    .unwrap()
}

#[test]
fn eks_token_verifies_with_its_kid_only() {
    let (Some(token), Some(jwks)) = (
        vector("eks", &format!("{EKS}/token.jwt")),
        vector("eks", &format!("{EKS}/jwks.json")),
    ) else {
        return;
    };
    let set = keys(&jwks);
    assert_eq!(set.keys.len(), 13);
    let report = run(&token, Some(&set), EKS_EXP - 3600);
    assert_eq!(
        report.signature.status,
        SignatureStatus::Valid,
        "{}",
        report.signature.message
    );
    assert_eq!(report.signature.kid.as_deref(), Some(EKS_KID));
    assert_eq!(
        report.signature.attempts.len(),
        1,
        "only the key named by kid is tried"
    );
    assert!(!report.claims.times.expired);
    let TokenKind::KubernetesProjected {
        derived_subject,
        eks,
        ..
    } = &report.claims.kind
    else {
        panic!("{:?}", report.claims.kind)
    };
    assert_eq!(
        derived_subject.as_deref(),
        Some("system:serviceaccount:hakawai:hakawai-litellm-proxy")
    );
    assert_eq!(eks.as_ref().unwrap().id, "B88E7287E54DB073AC9CDC2FD1BE0969");

    // Every other key in the set fails when forced: the kid really selects the key.
    let decoded = jwt::decode(&token).unwrap();
    let others = set
        .keys
        .iter()
        .filter(|k| k.kid.as_deref() != Some(EKS_KID));
    for key in others {
        assert!(
            verify_with_key(key, "RS256", decoded.signing_input(), &decoded.signature).is_err()
        );
    }
}

#[test]
fn eks_token_is_expired_after_exp() {
    let (Some(token), Some(jwks)) = (
        vector("eks expired", &format!("{EKS}/token.jwt")),
        vector("eks expired", &format!("{EKS}/jwks.json")),
    ) else {
        return;
    };
    let report = run(&token, Some(&keys(&jwks)), EKS_EXP);
    assert!(report.claims.times.expired, "exp <= at means expired");
    assert_eq!(
        report.signature.status,
        SignatureStatus::Valid,
        "expiry does not change the signature verdict"
    );
}

#[test]
fn eks_token_after_rotation_reports_kid_not_found() {
    let (Some(token), Some(jwks)) = (
        vector("eks rotation", &format!("{EKS}/token.jwt")),
        vector("eks rotation", &format!("{EKS}/jwks.json")),
    ) else {
        return;
    };
    let mut set = keys(&jwks);
    set.keys.retain(|k| k.kid.as_deref() != Some(EKS_KID));
    let report = run(&token, Some(&set), EKS_EXP - 60);
    assert_eq!(report.signature.status, SignatureStatus::Invalid);
    assert_eq!(report.signature.reason, Some(Reason::KidNotFound));
    assert!(
        report.signature.message.contains("rotated"),
        "{}",
        report.signature.message
    );
}

#[test]
fn eks_discovery_document_matches_token() {
    let (Some(token), Some(disc)) = (
        vector("eks discovery", &format!("{EKS}/token.jwt")),
        vector(
            "eks discovery",
            "discovery/eks/openid-configuration.B88E7287.DERIVED.json",
        ),
    ) else {
        return;
    };
    let decoded = jwt::decode(&token).unwrap();
    let doc = tokenscope::core::json::parse_strict(&disc).unwrap();
    let report = oidc::check_discovery(
        doc.as_object().unwrap(),
        decoded.claim_str("iss"),
        decoded.alg(),
    );
    assert!(report.ok(), "{:#?}", report.checks);
    assert_eq!(
        report.jwks_uri.as_deref(),
        Some("https://oidc.eks.eu-west-1.amazonaws.com/id/B88E7287E54DB073AC9CDC2FD1BE0969/keys")
    );
}

#[test]
fn rfc7515_a2_rs256_verifies() {
    let (Some(jws), Some(jwk_text)) = (
        vector("rfc7515 A.2", "rfc7515-7517-latchset/rfc7515_A.2.jwsc"),
        vector("rfc7515 A.2", "rfc7515-7517-latchset/rfc7515_A.2.jwk"),
    ) else {
        return;
    };
    let set = keys(&jwk_text);
    let report = run(&jws, Some(&set), 1_300_819_000);
    assert_eq!(
        report.signature.status,
        SignatureStatus::Valid,
        "{}",
        report.signature.message
    );
    // Flip one signature character: must fail.
    let mut tampered = jws.trim().to_string();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let report = run(&tampered, Some(&set), 1_300_819_000);
    assert_eq!(report.signature.status, SignatureStatus::Invalid);
}

#[test]
fn rfc7515_a1_hs256_refused() {
    let Some(jws) = vector("rfc7515 A.1", "rfc7515-7517-latchset/rfc7515_A.1.jwsc") else {
        return;
    };
    let report = run(&jws, Some(&KeySet::default()), 0);
    assert_eq!(report.signature.reason, Some(Reason::AlgNotAllowed));
}

#[test]
fn rfc7638_thumbprint_matches() {
    let (Some(jwk_text), Some(thp)) = (
        vector("rfc7638", "rfc7515-7517-latchset/rfc7638_3.1.jwk"),
        vector("rfc7638", "rfc7515-7517-latchset/rfc7638_3.1.thp"),
    ) else {
        return;
    };
    let set = keys(&jwk_text);
    assert_eq!(set.keys[0].thumbprint.as_deref(), Some(thp.trim()));
}

/// RFC 7520 §4.3: the cookbook's ES512 signature verifies with its P-521 key (read as a JWK by
/// the page's parser), and not once a byte of the signing input changes.
#[test]
fn rfc7520_es512_signature_verifies_with_its_p521_key() {
    let Some(case) = cookbook("jws/4_3.ecdsa_signature.json") else {
        return;
    };
    let key = parse_jwk(0, case["input"]["key"].as_object().unwrap());
    assert!(key.problems.is_empty(), "{:?}", key.problems);
    assert_eq!(key.private_members, ["d"]);
    let compact = case["output"]["compact"].as_str().unwrap();
    let dot = compact.rfind('.').unwrap();
    let sig = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        &compact[dot + 1..],
    )
    .unwrap();
    assert_eq!(sig.len(), 132);
    let input = &compact.as_bytes()[..dot];
    assert_eq!(verify_with_key(&key, "ES512", input, &sig), Ok(()));
    let mut changed = input.to_vec();
    changed[5] ^= 1;
    assert_eq!(
        verify_with_key(&key, "ES512", &changed, &sig).map_err(|e| e.0),
        Err(Reason::SignatureMismatch)
    );
    assert_eq!(
        verify_with_key(&key, "ES256", input, &sig).map_err(|e| e.0),
        Err(Reason::CurveMismatch)
    );
}

fn cookbook(rel: &str) -> Option<Value> {
    vector("rfc7520", &format!("rfc7520-cookbook/{rel}")).map(|t| serde_json::from_str(&t).unwrap())
}

#[test]
fn rfc7520_rs256_signature_verifies_and_non_json_payload_is_named() {
    let (Some(case), Some(key_json)) = (
        cookbook("jws/4_1.rsa_v15_signature.json"),
        cookbook("jwk/3_3.rsa_public_key.json"),
    ) else {
        return;
    };
    let compact = case["output"]["compact"].as_str().unwrap();
    let key = parse_jwk(0, key_json.as_object().unwrap());
    let (input, sig) = compact.rsplit_once('.').unwrap();
    let sig =
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, sig).unwrap();
    verify_with_key(&key, "RS256", input.as_bytes(), &sig).unwrap();
    // The cookbook's payload is prose, not claims: the inspector says so instead of guessing.
    let err = jwt::decode(compact).unwrap_err();
    assert_eq!(err.code(), "not_json");
    assert!(
        err.to_string()
            .starts_with("payload (segment 2) is not JSON"),
        "{err}"
    );
}

#[test]
fn rfc7520_unsupported_forms_rejected_with_reason() {
    let Some(json_ser) = cookbook("jws/4_1.rsa_v15_signature.json") else {
        return;
    };
    let general = json_ser["output"]["json"].to_string();
    assert_eq!(
        jwt::decode(&general).unwrap_err().code(),
        "json_serialization"
    );
    let flat = json_ser["output"]["json_flat"].to_string();
    assert_eq!(jwt::decode(&flat).unwrap_err().code(), "json_serialization");

    for (rel, reason) in [
        (
            "jws/4_2.rsa-pss_signature.json",
            Reason::AlgNotAcceptedBySts,
        ),
        (
            "jws/4_4.hmac-sha2_integrity_protection.json",
            Reason::AlgNotAllowed,
        ),
    ] {
        let case = cookbook(rel).unwrap();
        let compact = case["output"]["compact"].as_str().unwrap();
        let token = jwt::decode(&with_json_payload(compact)).unwrap();
        let r = tokenscope::core::verify::verify(&token, Some(&KeySet::default()));
        assert_eq!(r.reason, Some(reason), "{rel}: {}", r.message);
    }
    let es = cookbook("jws/4_3.ecdsa_signature.json").unwrap();
    let token = jwt::decode(&with_json_payload(
        es["output"]["compact"].as_str().unwrap(),
    ))
    .unwrap();
    let r = tokenscope::core::verify::verify(&token, Some(&KeySet::default()));
    assert_eq!(
        (r.status, r.reason),
        (SignatureStatus::Invalid, Some(Reason::KidNotFound))
    );

    let b64 = cookbook("rfc7797/hmac-sha2_b64_false.json").unwrap();
    let compact = b64["output"]["compact"].as_str().unwrap();
    // The unencoded payload contains spaces: the decoder names the segment and the character.
    let err = jwt::decode(compact).unwrap_err();
    assert_eq!(err.code(), "base64", "{err}");
}

/// Keeps a cookbook token's header and signature but swaps in a JSON payload, to test header
/// handling separately from the cookbook's prose payload.
fn with_json_payload(compact: &str) -> String {
    let mut parts = compact.split('.');
    let (h, _, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    format!("{h}.e30.{s}")
}

const VAULT: &str = "k8s-sa-tokens/vault-plugin-auth-kubernetes";

fn vault_tokens() -> Option<Vec<Value>> {
    let text = vector("vault tokens", &format!("{VAULT}/tokens.json"))?;
    let v: Value = serde_json::from_str(&text).unwrap();
    Some(v["tokens"].as_array().unwrap().clone())
}

fn vault_token(tokens: &[Value], name: &str) -> String {
    tokens.iter().find(|t| t["name"] == name).unwrap()["jwt"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A JWK built from a PEM public key or certificate with an independent X.509 reader.
fn jwk_from_pem(pem: &str, kid: Option<&str>) -> KeySet {
    use spki::DecodePublicKey as _;
    use x509_cert::der::{Decode as _, DecodePem as _};
    let spki_doc = if pem.contains("CERTIFICATE") {
        let cert = x509_cert::Certificate::from_pem(pem.as_bytes()).unwrap();
        cert.tbs_certificate.subject_public_key_info
    } else {
        let doc = spki::Document::from_public_key_pem(pem).unwrap();
        spki::SubjectPublicKeyInfoOwned::from_der(doc.as_bytes()).unwrap()
    };
    let rsa = pkcs1::RsaPublicKey::from_der(spki_doc.subject_public_key.raw_bytes()).unwrap();
    let b64 =
        |b: &[u8]| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, b);
    let mut jwk = serde_json::json!({
        "kty": "RSA",
        "n": b64(rsa.modulus.as_bytes()),
        "e": b64(rsa.public_exponent.as_bytes()),
    });
    if let Some(kid) = kid {
        jwk["kid"] = kid.into();
    }
    keys(&serde_json::json!({ "keys": [jwk] }).to_string())
}

#[test]
fn minikube_projected_tokens_verify_and_expire() {
    let (Some(tokens), Some(jwks)) = (
        vault_tokens(),
        vector("minikube", &format!("{VAULT}/minikube_jwks.DERIVED.json")),
    ) else {
        return;
    };
    let set = keys(&jwks);
    let live = run(
        &vault_token(&tokens, "jwtProjectedData"),
        Some(&set),
        1_700_000_000,
    );
    assert_eq!(
        live.signature.status,
        SignatureStatus::Valid,
        "{}",
        live.signature.message
    );
    assert!(!live.claims.times.expired);
    // Its issuer is not an https URL: no IAM OIDC provider can match it.
    assert!(
        live.findings.iter().any(|f| f.code == "issuer_not_https"),
        "{:#?}",
        live.findings
    );
    let expired = run(
        &vault_token(&tokens, "jwtProjectedDataExpired"),
        Some(&set),
        1_700_000_000,
    );
    assert_eq!(expired.signature.status, SignatureStatus::Valid);
    assert!(expired.claims.times.expired);
    // The kid in the DERIVED set equals the one computed from the PEM by the independent reader.
    let Some(pem) = vector("minikube pem", &format!("{VAULT}/testMinikubePubKey.pem")) else {
        return;
    };
    let from_pem = jwk_from_pem(&pem, Some("pJcxkJ4q0O1tOt0Z37VB6-x6Mw8xFZSxM9roPtMQq0A"));
    let again = run(
        &vault_token(&tokens, "jwtProjectedData"),
        Some(&from_pem),
        1_700_000_000,
    );
    assert_eq!(again.signature.status, SignatureStatus::Valid);
}

#[test]
fn legacy_token_recognised_and_verifies_with_its_certificate() {
    let (Some(tokens), Some(cert)) = (
        vault_tokens(),
        vector("legacy", &format!("{VAULT}/testRSACert.pem")),
    ) else {
        return;
    };
    let token = vault_token(&tokens, "jwtData");
    let set = jwk_from_pem(&cert, None);
    let report = run(&token, Some(&set), 1_700_000_000);
    assert!(
        matches!(report.claims.kind, TokenKind::KubernetesLegacy { .. }),
        "{:?}",
        report.claims.kind
    );
    assert_eq!(
        report.signature.status,
        SignatureStatus::Valid,
        "{}",
        report.signature.message
    );
    let legacy = report
        .findings
        .iter()
        .find(|f| f.code == "legacy_sa_token")
        .unwrap();
    assert!(
        legacy.detail.contains("no `aud`") && legacy.detail.contains("never expires"),
        "{}",
        legacy.detail
    );

    // Signed by an unknown 1024-bit key: fails against the real key.
    let bad = run(
        &vault_token(&tokens, "jwtWithBadSigningKey"),
        Some(&set),
        1_700_000_000,
    );
    assert_eq!(bad.signature.status, SignatureStatus::Invalid);
    // ES384, checked against an RSA-only key set: keys were given, none can check it.
    let es = run(
        &vault_token(&tokens, "jwtECDSASigned"),
        Some(&set),
        1_700_000_000,
    );
    assert_eq!(es.signature.status, SignatureStatus::Invalid);
    assert_eq!(
        es.signature.reason.map(Reason::class),
        Some(ReasonClass::NoUsableKey),
        "{}",
        es.signature.message
    );
    let hs = run(
        &vault_token(&tokens, "testLocalJWT"),
        Some(&set),
        1_700_000_000,
    );
    assert_eq!(hs.signature.reason, Some(Reason::AlgNotAllowed));
}

const GH: &str = "github-actions-oidc/flask-oidc";

#[test]
fn github_token_verifies_and_tampered_copy_fails() {
    let (Some(good), Some(bad), Some(jwks)) = (
        vector("github", &format!("{GH}/jwts/expired.txt")),
        vector("github", &format!("{GH}/jwts/bad.txt")),
        vector("github", &format!("{GH}/jwks.DERIVED.json")),
    ) else {
        return;
    };
    let set = keys(&jwks);
    // The files are wrapped at 80 columns, as users paste them: the decoder joins the lines.
    let report = run(&good, Some(&set), 1_674_000_000);
    assert_eq!(
        report.signature.status,
        SignatureStatus::Valid,
        "{}",
        report.signature.message
    );
    assert!(
        report
            .token
            .repairs
            .iter()
            .any(|r| r.contains("line break"))
    );
    assert!(
        matches!(report.claims.kind, TokenKind::GitHubActions { .. }),
        "{:?}",
        report.claims.kind
    );
    // bad.txt changes the last signature character `w` to `W`, which leaves non-zero unused bits
    // (RFC 4648 §3.5): the token still decodes, and its signature is invalid for that reason
    // before any key is consulted.
    let tampered = run(&bad, Some(&set), 1_674_000_000);
    assert_eq!(tampered.signature.status, SignatureStatus::Invalid);
    assert_eq!(
        tampered.signature.reason,
        Some(Reason::SignatureNotBase64url)
    );
    assert!(
        tampered.signature.message.contains("non-canonical"),
        "{}",
        tampered.signature.message
    );
    assert!(matches!(
        tampered.claims.kind,
        TokenKind::GitHubActions { .. }
    ));
    // Evaluated today, the real token is long expired.
    assert!(run(&good, Some(&set), 1_800_000_000).claims.times.expired);
    // With the PEM the key came from, read by an independent X.509 parser: same verdict.
    let Some(pem) = vector("github pem", &format!("{GH}/RS256.pem")) else {
        return;
    };
    let kid = report.signature.kid.clone();
    let from_pem = jwk_from_pem(&pem, kid.as_deref());
    assert_eq!(
        run(&good, Some(&from_pem), 1_674_000_000).signature.status,
        SignatureStatus::Valid
    );
}

#[test]
fn jwt_io_sample_does_not_verify_with_github_key() {
    let (Some(sample), Some(jwks)) = (
        vector("jwt.io", &format!("{GH}/jwts/default.txt")),
        vector("jwt.io", &format!("{GH}/jwks.DERIVED.json")),
    ) else {
        return;
    };
    let report = run(&sample, Some(&keys(&jwks)), 1_674_000_000);
    assert_eq!(
        report.signature.status,
        SignatureStatus::Invalid,
        "{}",
        report.signature.message
    );
}

#[test]
fn public_discovery_documents_parse_and_name_their_issuer() {
    for (rel, iss) in [
        (
            "discovery/github-actions/openid-configuration.json",
            "https://token.actions.githubusercontent.com",
        ),
        (
            "discovery/panva-wellknown/google.openid-configuration.json",
            "https://accounts.google.com",
        ),
        (
            "discovery/panva-wellknown/gitlab.openid-configuration.json",
            "https://gitlab.com",
        ),
        (
            "discovery/panva-wellknown/apple.openid-configuration.json",
            "https://appleid.apple.com",
        ),
    ] {
        let Some(text) = vector("discovery", rel) else {
            return;
        };
        let doc = tokenscope::core::json::parse_strict(&text).unwrap();
        let r = oidc::check_discovery(doc.as_object().unwrap(), Some(iss), Some("RS256"));
        assert!(r.ok(), "{rel}: {:#?}", r.checks);
        assert!(
            r.jwks_uri.as_deref().unwrap().starts_with("https://"),
            "{rel}"
        );
    }
    // Entra's multi-tenant document names a template issuer: an issuer mismatch, explained.
    let Some(text) = vector(
        "entra",
        "discovery/panva-wellknown/entra-common.openid-configuration.json",
    ) else {
        return;
    };
    let doc = tokenscope::core::json::parse_strict(&text).unwrap();
    let r = oidc::check_discovery(
        doc.as_object().unwrap(),
        Some("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"),
        Some("RS256"),
    );
    assert!(!r.ok());
    assert!(
        r.checks[0].detail.contains("template"),
        "{}",
        r.checks[0].detail
    );
}

#[test]
fn public_key_sets_parse_completely() {
    for rel in [
        "discovery/panva-wellknown/google.jwks.json",
        "discovery/panva-wellknown/gitlab.jwks.json",
        "discovery/panva-wellknown/apple.jwks.json",
        "discovery/panva-wellknown/entra-common.jwks.json",
        "k8s-sa-tokens/kubernetes-openidmetadata/jwks.json",
    ] {
        let Some(text) = vector("jwks", rel) else {
            return;
        };
        let set = keys(&text);
        assert!(!set.keys.is_empty(), "{rel}");
        assert!(set.skipped.is_empty(), "{rel}: {:?}", set.skipped);
        for k in &set.keys {
            assert!(k.thumbprint.is_some(), "{rel}: {}", k.describe());
        }
    }
}
