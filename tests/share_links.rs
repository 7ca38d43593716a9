//! Share links: state → link → state is the identity; a reopened link reproduces the verdict;
//! the signature is left out unless asked for; the typical EKS link's size is reported.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use serde_json::json;
use tokenscope::core::jwk;
use tokenscope::core::jwt;
use tokenscope::core::oidc::FetchFailure;
use tokenscope::core::report::{AnalysisInput, AnalysisOptions, Report, analyze_with};
use tokenscope::core::share::{self, ShareInput, ShareMode, ShareState, SharedFetchFailure};
use tokenscope::core::sts::{KeysEvidence, StsRequest};
use tokenscope::core::verify::SignatureStatus;

fn analyze_state(state: &ShareState) -> Report {
    let keys = state
        .keys
        .as_deref()
        .and_then(|k| jwk::parse_key_input(k).ok());
    let discovery =
        state
            .discovery
            .as_deref()
            .and_then(|d| match tokenscope::core::json::parse_strict(d) {
                Ok(serde_json::Value::Object(m)) => Some(m),
                _ => None,
            });
    let mut request = state.request.clone();
    if let Some(r) = request.as_mut() {
        r.policy = state.policy.clone();
    }
    let input = AnalysisInput {
        token: state.token.as_deref().unwrap_or_default(),
        keys: keys.as_ref().and_then(|k| k.keys.as_ref()),
        discovery: discovery.as_ref(),
        at: state.at,
        offset_minutes: 0,
    };
    analyze_with(
        &input,
        &AnalysisOptions {
            request,
            recorded_signature: state.recorded_signature.clone(),
            evidence: KeysEvidence {
                fetch_failure: state.fetch_failure.as_ref().map(|f| f.failure.clone()),
                ..KeysEvidence::default()
            },
        },
    )
    .unwrap()
}

struct Diagnosis {
    token: String,
    jwks: String,
    discovery: String,
    policy: String,
    at: i64,
}

fn share(d: &Diagnosis, mode: ShareMode) -> (Report, String, Report) {
    let keys = jwk::parse_key_input(&d.jwks).unwrap().keys.unwrap();
    let decoded = jwt::decode(&d.token).unwrap();
    let mut request = StsRequest::defaults_for(&decoded);
    request.policy = Some(d.policy.clone());
    let disc = tokenscope::core::json::parse_strict(&d.discovery).unwrap();
    let input = AnalysisInput {
        token: &d.token,
        keys: Some(&keys),
        discovery: disc.as_object(),
        at: d.at,
        offset_minutes: 0,
    };
    let original = analyze_with(
        &input,
        &AnalysisOptions {
            request: Some(request.clone()),
            ..AnalysisOptions::default()
        },
    )
    .unwrap();
    let state = share::state_for(
        &ShareInput {
            token: Some(&decoded),
            signature: Some(&original.signature),
            keys: Some(&d.jwks),
            keys_origin: Some("https://issuer.example/keys"),
            discovery: Some(&d.discovery),
            discovery_origin: Some("https://issuer.example/.well-known/openid-configuration"),
            policy: Some(&d.policy),
            request: Some(&request),
            at: d.at,
            fetch_failure: None,
        },
        mode,
    );
    let link = share::encode(&state);
    let reopened = share::decode(&format!("#{link}")).unwrap();
    assert_eq!(reopened, state, "state → link → state");
    (original, link, analyze_state(&reopened))
}

fn example() -> Diagnosis {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/example");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    let token = read("token.jwt");
    let iat = jwt::decode(&token).unwrap().claims["iat"].as_i64().unwrap();
    Diagnosis {
        token,
        jwks: read("jwks.json"),
        discovery: read("openid-configuration.json"),
        policy: read("trust-policy.json"),
        at: iat + 3600,
    }
}

#[test]
fn reopened_link_reproduces_the_verdict_in_every_mode() {
    let d = example();
    for mode in [
        ShareMode::Full,
        ShareMode::WithoutSignature,
        ShareMode::MaskedClaims,
    ] {
        let (original, link, reopened) = share(&d, mode);
        assert_eq!(original.signature.status, SignatureStatus::Valid);
        assert_eq!(
            reopened.signature.status, original.signature.status,
            "{mode:?}"
        );
        let (a, b) = (
            original.sts.as_ref().unwrap(),
            reopened.sts.as_ref().unwrap(),
        );
        assert_eq!(
            (a.outcome, a.error_code),
            (b.outcome, b.error_code),
            "{mode:?}"
        );
        let signature_b64 = d.token.trim().rsplit('.').next().unwrap();
        if mode == ShareMode::Full {
            assert!(
                reopened.signature.attempts.len() == 1,
                "verified again from the key snapshot"
            );
        } else {
            assert!(
                reopened
                    .signature
                    .message
                    .starts_with("recorded when the link was made"),
                "{}",
                reopened.signature.message
            );
            let state = share::decode(&link).unwrap();
            assert!(
                !state.token.unwrap().contains(signature_b64),
                "{mode:?} must leave the signature out"
            );
        }
    }
}

#[test]
fn a_reopened_link_shared_again_keeps_the_recorded_verdict_in_every_mode() {
    // Opened from a link without the signature, the token has only the recorded verdict: sharing
    // it on (even as "full token") must carry that verdict, or the next reader sees it flip.
    let d = example();
    let (_, link, reopened) = share(&d, ShareMode::WithoutSignature);
    assert!(reopened.signature.recorded);
    let first = share::decode(&link).unwrap();
    let unsigned = jwt::decode(first.token.as_deref().unwrap()).unwrap();
    assert!(unsigned.signature.is_empty());
    for mode in [
        ShareMode::Full,
        ShareMode::WithoutSignature,
        ShareMode::MaskedClaims,
    ] {
        let state = share::state_for(
            &ShareInput {
                token: Some(&unsigned),
                signature: Some(&reopened.signature),
                keys: first.keys.as_deref(),
                keys_origin: first.keys_origin.as_deref(),
                discovery: first.discovery.as_deref(),
                discovery_origin: first.discovery_origin.as_deref(),
                policy: first.policy.as_deref(),
                request: first.request.as_ref(),
                at: first.at,
                fetch_failure: None,
            },
            mode,
        );
        assert_eq!(
            state.recorded_signature, first.recorded_signature,
            "{mode:?}: recorded once, not wrapped again"
        );
        let again = analyze_state(&share::decode(&share::encode(&state)).unwrap());
        assert_eq!(
            (again.signature.status, again.signature.recorded),
            (SignatureStatus::Valid, true),
            "{mode:?}: {}",
            again.signature.message
        );
        assert_eq!(
            again.sts.as_ref().unwrap().error_code,
            reopened.sts.as_ref().unwrap().error_code,
            "{mode:?}"
        );
    }
}

#[test]
fn a_pasted_token_without_signature_shared_in_full_records_nothing() {
    // Only a verdict that was itself recorded travels with a full token; a token that simply
    // has no signature is checked again (and found unsigned) by whoever opens the link.
    let d = example();
    let decoded = jwt::decode(&d.token).unwrap();
    let unsigned = jwt::decode(&format!(
        "{}.",
        String::from_utf8_lossy(decoded.signing_input())
    ))
    .unwrap();
    let checked = tokenscope::core::verify::verify(&unsigned, None);
    assert!(!checked.recorded);
    let state = share::state_for(
        &ShareInput {
            token: Some(&unsigned),
            signature: Some(&checked),
            keys: Some(&d.jwks),
            keys_origin: None,
            discovery: None,
            discovery_origin: None,
            policy: Some(&d.policy),
            request: None,
            at: d.at,
            fetch_failure: None,
        },
        ShareMode::Full,
    );
    assert_eq!(state.recorded_signature, None);
    let reopened = analyze_state(&share::decode(&share::encode(&state)).unwrap());
    assert!(!reopened.signature.recorded);
    assert_ne!(reopened.signature.status, SignatureStatus::Valid);
}

#[test]
fn masked_link_hides_unchecked_claims() {
    let d = example();
    let (_, link, reopened) = share(&d, ShareMode::MaskedClaims);
    let state = share::decode(&link).unwrap();
    let text = serde_json::to_string(&reopened.token.claims).unwrap();
    assert!(text.contains("(masked)"), "{text}");
    // The pod name is not used by the policy: gone. The subject is: kept.
    let original_claims = jwt::decode(&d.token).unwrap().claims;
    let pod = original_claims["kubernetes.io"]["pod"]["name"]
        .as_str()
        .unwrap();
    assert!(!text.contains(pod), "{text}");
    assert!(text.contains(original_claims["sub"].as_str().unwrap()));
    assert!(state.token.is_some());
}

#[test]
fn policy_only_link_has_no_token_or_keys() {
    let d = example();
    let (_, link, _) = share_policy_only(&d);
    let state = share::decode(&link).unwrap();
    assert!(state.token.is_none() && state.keys.is_none() && state.recorded_signature.is_none());
    assert!(state.policy.is_some());
}

fn share_policy_only(d: &Diagnosis) -> ((), String, ()) {
    let decoded = jwt::decode(&d.token).unwrap();
    let request = StsRequest::defaults_for(&decoded);
    let state = share::state_for(
        &ShareInput {
            token: Some(&decoded),
            signature: None,
            keys: Some(&d.jwks),
            keys_origin: None,
            discovery: None,
            discovery_origin: None,
            policy: Some(&d.policy),
            request: Some(&request),
            at: d.at,
            fetch_failure: None,
        },
        ShareMode::PolicyOnly,
    );
    ((), share::encode(&state), ())
}

#[test]
fn a_failed_key_fetch_travels_in_the_link_and_reproduces_the_verdict() {
    let d = example();
    let decoded = jwt::decode(&d.token).unwrap();
    let mut request = StsRequest::defaults_for(&decoded);
    request.policy = Some(d.policy.clone());
    let failure = SharedFetchFailure {
        what: "the JWKS".into(),
        url: "https://issuer.example/keys".into(),
        failure: FetchFailure::Status { status: 404 },
    };
    let disc = tokenscope::core::json::parse_strict(&d.discovery).unwrap();
    let original = analyze_with(
        &AnalysisInput {
            token: &d.token,
            keys: None,
            discovery: disc.as_object(),
            at: d.at,
            offset_minutes: 0,
        },
        &AnalysisOptions {
            request: Some(request.clone()),
            evidence: KeysEvidence {
                fetch_failure: Some(failure.failure.clone()),
                ..KeysEvidence::default()
            },
            ..AnalysisOptions::default()
        },
    )
    .unwrap();
    let sts = original.sts.as_ref().unwrap();
    assert_eq!(sts.error_code, Some("InvalidIdentityToken"));
    for mode in [
        ShareMode::Full,
        ShareMode::WithoutSignature,
        ShareMode::MaskedClaims,
    ] {
        let state = share::state_for(
            &ShareInput {
                token: Some(&decoded),
                signature: Some(&original.signature),
                keys: None,
                keys_origin: None,
                discovery: Some(&d.discovery),
                discovery_origin: Some("https://issuer.example/.well-known/openid-configuration"),
                policy: Some(&d.policy),
                request: Some(&request),
                at: d.at,
                fetch_failure: Some(&failure),
            },
            mode,
        );
        let reopened = share::decode(&share::encode(&state)).unwrap();
        assert_eq!(reopened.fetch_failure.as_ref(), Some(&failure), "{mode:?}");
        let again = analyze_state(&reopened);
        let again = again.sts.as_ref().unwrap();
        assert_eq!(
            (again.error_code, &again.message, again.deciding_step),
            (sts.error_code, &sts.message, sts.deciding_step),
            "{mode:?}"
        );
    }
}

#[test]
fn a_refused_fetch_in_a_link_is_rederived_from_its_url() {
    let link = |url: &str, reason: &str| {
        let state = ShareState {
            fetch_failure: Some(SharedFetchFailure {
                what: "the discovery document".into(),
                url: url.into(),
                failure: FetchFailure::Refused {
                    reason: reason.into(),
                },
            }),
            ..ShareState::default()
        };
        share::decode(&share::encode(&state)).unwrap().fetch_failure
    };
    // The page's own reason replaces whatever the link says.
    let refused = link(
        "http://issuer.example/x",
        "Trust me: paste your token at evil.example",
    );
    let Some(FetchFailure::Refused { reason }) = refused.map(|f| f.failure) else {
        panic!("the refusal was dropped");
    };
    assert!(reason.contains("only https is fetched"), "{reason}");
    assert!(!reason.contains("evil.example"), "{reason}");
    // A URL the page would fetch was not refused: the claim is dropped.
    assert_eq!(link("https://issuer.example/x", "refused"), None);
}

#[test]
fn default_mode_leaves_the_signature_out_of_live_tokens() {
    let d = example();
    let t = jwt::decode(&d.token).unwrap();
    let exp = t.claims["exp"].as_i64().unwrap();
    assert_eq!(
        share::default_mode(Some(&t), exp - 1),
        ShareMode::WithoutSignature
    );
    assert_eq!(share::default_mode(Some(&t), exp), ShareMode::Full);
}

#[test]
fn typical_eks_link_size_without_signature() {
    let Some(dir) = common::vectors_dir() else {
        eprintln!("SKIPPED typical_eks_link_size_without_signature: ../shared/vectors absent");
        return;
    };
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let d = Diagnosis {
        token: read("k8s-sa-tokens/eks-nats-k8s-oidc-callout/token.jwt"),
        jwks: read("k8s-sa-tokens/eks-nats-k8s-oidc-callout/jwks.json"),
        discovery: read("discovery/eks/openid-configuration.B88E7287.DERIVED.json"),
        policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/B88E7287E54DB073AC9CDC2FD1BE0969"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                "oidc.eks.eu-west-1.amazonaws.com/id/B88E7287E54DB073AC9CDC2FD1BE0969:sub": "system:serviceaccount:hakawai:hakawai-litellm-proxy",
                "oidc.eks.eu-west-1.amazonaws.com/id/B88E7287E54DB073AC9CDC2FD1BE0969:aud": "sts.amazonaws.com"}}}]})
        .to_string(),
        at: 1_764_000_000,
    };
    let (original, link, reopened) = share(&d, ShareMode::WithoutSignature);
    assert_eq!(
        original.sts.as_ref().unwrap().outcome,
        reopened.sts.as_ref().unwrap().outcome
    );
    let full = share(&d, ShareMode::Full).1;
    eprintln!(
        "MEASURED typical EKS share link: {} characters without signature, {} with the full token",
        link.len() + 1,
        full.len() + 1
    );
    assert!(
        link.len() < 4096,
        "the typical EKS link should stay under 4 KB, is {}",
        link.len()
    );
}

fn arb_fetch_failure() -> impl Strategy<Value = SharedFetchFailure> {
    (
        prop_oneof![Just("the discovery document"), Just("the JWKS")],
        "\\PC{0,40}",
        prop_oneof![
            "\\PC{0,40}".prop_map(|message| FetchFailure::Network { message }),
            any::<u32>().prop_map(|millis| FetchFailure::Timeout { millis }),
            any::<u16>().prop_map(|status| FetchFailure::Status { status }),
            any::<usize>().prop_map(|bytes| FetchFailure::TooLarge { bytes }),
            "\\PC{0,40}".prop_map(|message| FetchFailure::NotJson { message }),
        ],
    )
        .prop_map(|(what, url, failure)| SharedFetchFailure {
            what: what.to_string(),
            url,
            failure,
        })
}

fn arb_state() -> impl Strategy<Value = ShareState> {
    (
        proptest::option::of("\\PC{0,200}"),
        proptest::option::of("\\PC{0,200}"),
        proptest::option::of("\\PC{0,200}"),
        any::<i64>(),
        prop_oneof![
            Just(ShareMode::Full),
            Just(ShareMode::WithoutSignature),
            Just(ShareMode::MaskedClaims),
            Just(ShareMode::PolicyOnly)
        ],
        proptest::option::of((
            "\\PC{0,30}",
            prop::collection::vec("\\PC{0,20}", 0..3),
            proptest::option::of(0i64..50000),
        )),
        proptest::option::of(arb_fetch_failure()),
        proptest::option::of(("\\PC{0,100}", proptest::option::of("\\PC{0,40}"))),
    )
        .prop_map(
            |(token, keys, policy, at, mode, req, fetch_failure, discovery)| ShareState {
                token,
                keys,
                discovery_origin: discovery.as_ref().and_then(|(_, o)| o.clone()),
                discovery: discovery.map(|(d, _)| d),
                policy,
                at,
                mode,
                fetch_failure,
                request: req.map(|(url, ids, d)| {
                    let t = jwt::decode(&format!(
                        "{}.{}.",
                        URL_SAFE_NO_PAD.encode("{}"),
                        URL_SAFE_NO_PAD.encode("{}")
                    ))
                    .unwrap();
                    let mut r = StsRequest::defaults_for(&t);
                    r.provider.url = url;
                    r.provider.client_ids = ids;
                    r.duration_seconds = d;
                    r
                }),
                ..ShareState::default()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn state_link_state_is_identity(state in arb_state()) {
        let link = share::encode(&state);
        prop_assert!(share::is_share_fragment(&link));
        prop_assert!(!link.contains(['#', '?', '/', '+', '=']));
        prop_assert_eq!(share::decode(&link).unwrap(), state);
    }

    #[test]
    fn decoding_never_panics(s in "\\PC{0,400}") {
        let _ = share::decode(&s);
        let _ = share::decode(&format!("v1.{s}"));
    }

    #[test]
    fn decoding_never_panics_on_deflated_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let link = format!("v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bytes, 6)));
        let _ = share::decode(&link);
        let raw = format!("v1.{}", URL_SAFE_NO_PAD.encode(&bytes));
        let _ = share::decode(&raw);
    }
}

#[test]
fn corpus_links_reopen_with_the_senders_verdict() {
    // The corpus the CLI's `--link` tests open too (tests/common).
    for link in common::share_link_corpus() {
        let state = share::decode(&link.fragment).unwrap();
        assert_eq!(share::encode(&state), link.fragment, "{}", link.name);
        let again = analyze_state(&state);
        let (a, b) = (
            link.original.sts.as_ref().unwrap(),
            again.sts.as_ref().unwrap(),
        );
        assert_eq!(
            (a.outcome, a.error_code, &a.message),
            (b.outcome, b.error_code, &b.message),
            "{}",
            link.name
        );
        assert_eq!(
            again.signature.status, link.original.signature.status,
            "{}",
            link.name
        );
    }
}

/// Links name the build that made them since commit `fc4bc32`: a file from a build after that
/// holds links naming it (`build-DATE-COMMIT.tsv`); the two files from before hold links without
/// the field, which open all the same.
fn assert_build_named(file: &str, build: Option<&tokenscope::core::version::Build>, what: &str) {
    const BEFORE_BUILDS_WERE_NAMED: [&str; 2] = [
        "build-2026-11-20-dfa98f2.tsv",
        "build-2026-12-01-session9.tsv",
    ];
    if BEFORE_BUILDS_WERE_NAMED.contains(&file) {
        assert_eq!(build, None, "{what}");
        return;
    }
    let commit = file
        .trim_end_matches(".tsv")
        .rsplit('-')
        .next()
        .unwrap_or_default();
    let build = build.unwrap_or_else(|| panic!("{what}: the link names no build"));
    assert!(build.is_plausible(), "{what}: {build}");
    assert!(
        build.commit.starts_with(commit),
        "{what}: made by {build}, the file says {commit}"
    );
}

/// Links made by earlier builds (tests/fixtures/links/, one file per build: name, mode, the
/// verdict that build showed, its signature status, the fragment) reopen through the page's own
/// path (`session::restore` → `session::analyze`) with the same verdict. One change is deliberate
/// and asserted as such: a success that rested on a step that could not run (no keys, no trust
/// policy) was shown as "STS would return credentials, provided …"; it is now its own outcome,
/// `incomplete`, naming the same steps.
#[test]
fn links_from_earlier_builds_reopen_with_their_verdict() {
    use tokenscope::core::session;
    use tokenscope::core::sts::{Outcome, Proviso};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/links");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no frozen links in {dir}");
    let mut n = 0;
    for file in files {
        let build = file.file_name().unwrap().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let [name, mode, outcome, code, signature, fragment] =
                line.split('\t').collect::<Vec<_>>()[..]
            else {
                panic!("{build}: malformed line `{line}`");
            };
            let what = format!("{build} {name} {mode}");
            let state = share::decode(fragment).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(state.mode.as_str(), mode, "{what}");
            assert_build_named(&build, state.build.as_ref(), &what);
            let analysis = session::analyze(&session::restore(state).inputs(0));
            let Some(report) = analysis.report() else {
                // A policy-only link carries no token: nothing to predict, but it opens.
                assert_eq!(mode, "policy_only", "{what}: no report");
                n += 1;
                continue;
            };
            let sts = report.sts.as_ref().unwrap();
            assert_eq!(report.signature.status.as_str(), signature, "{what}");
            let now = sts.outcome.as_str();
            let unchecked = sts.provisos.iter().any(|p| p.is_unchecked_step());
            match (outcome, sts.outcome) {
                ("success", Outcome::Incomplete) => assert!(
                    unchecked
                        && sts.provisos.iter().all(|p| matches!(
                            p,
                            Proviso::KeysNotGiven | Proviso::PolicyNotEvaluated
                        )),
                    "{what}: a success became incomplete for {:?}",
                    sts.provisos
                ),
                _ => assert_eq!(now, outcome, "{what}"),
            }
            assert_eq!(sts.error_code.unwrap_or("-"), code, "{what}");
            n += 1;
        }
    }
    eprintln!("{n} frozen links reopened");
}

/// The note on `sub` that says it differs from the subject `kubernetes.io` implies.
fn subject_differs_note(report: &Report) -> Option<String> {
    report
        .claims
        .rows
        .iter()
        .find(|r| r.name == "sub")?
        .notes
        .iter()
        .find(|n| n.contains("differs from the subject derived"))
        .cloned()
}

/// A masked link hides `kubernetes.io`'s names (and `sub` when the policy does not check it):
/// nothing is derived from masked values, so no false "differs" note — whether `sub` is kept
/// (the policy checks it) or masked too (it does not).
#[test]
fn masked_link_never_compares_masked_subjects() {
    let mut d = example();
    let (original, _, reopened) = share(&d, ShareMode::MaskedClaims);
    assert_eq!(subject_differs_note(&original), None);
    let kind = serde_json::to_value(&reopened.claims.kind).unwrap();
    let text = serde_json::to_string(&reopened.token.claims).unwrap();
    assert!(text.contains("(masked)"), "{text}");
    assert!(
        text.contains("system:serviceaccount:payments:api"),
        "sub is kept: {text}"
    );
    assert_eq!(subject_differs_note(&reopened), None, "{kind}");
    assert!(!kind.to_string().contains("(masked):(masked)"), "{kind}");

    // A policy that does not check `sub`: `sub` is masked as well.
    let mut policy: serde_json::Value = serde_json::from_str(&d.policy).unwrap();
    let conditions = policy["Statement"][0]["Condition"]["StringEquals"]
        .as_object_mut()
        .unwrap();
    conditions.retain(|k, _| !k.ends_with(":sub"));
    d.policy = policy.to_string();
    let (_, _, reopened) = share(&d, ShareMode::MaskedClaims);
    let sub = &reopened.token.claims["sub"];
    assert_eq!(sub, "(masked)");
    assert_eq!(subject_differs_note(&reopened), None);
}

/// The same comparison still speaks for a real mismatch (an unsigned token: the signature plays
/// no part in the claims' notes).
#[test]
fn subject_differing_from_kubernetes_io_is_still_noted() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(
        json!({
            "iss": "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678",
            "aud": ["sts.amazonaws.com"],
            "sub": "system:serviceaccount:payments:other",
            "iat": 1795165200,
            "exp": 1795251600,
            "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u"}},
        })
        .to_string(),
    );
    let token = format!("{header}.{payload}.");
    let report = analyze_with(
        &AnalysisInput {
            token: &token,
            keys: None,
            discovery: None,
            at: 1795165300,
            offset_minutes: 0,
        },
        &AnalysisOptions::default(),
    )
    .unwrap();
    let note = subject_differs_note(&report).expect("a real mismatch is noted");
    assert!(
        note.contains("system:serviceaccount:payments:api"),
        "{note}"
    );
}
