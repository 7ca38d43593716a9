//! Native micro-benchmarks of the core (criterion). The in-browser numbers that the budgets
//! refer to come from `scripts/bench`; these show the same work natively for comparison.
//! Run: `cargo bench --features bench --bench core`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tokenscope::bench_support::{
    EXAMPLE_DISCOVERY, EXAMPLE_JWKS, EXAMPLE_POLICY, EXAMPLE_TOKEN, large_policy, long_token,
};
use tokenscope::core::jwk::parse_key_input;
use tokenscope::core::report::{AnalysisInput, AnalysisOptions, analyze_with};
use tokenscope::core::sts::StsRequest;
use tokenscope::core::{json, jwt, share, verify};

fn paste_to_verdict(c: &mut Criterion, name: &str, policy: &str) {
    let keys = parse_key_input(EXAMPLE_JWKS).unwrap().keys.unwrap();
    let disc = json::parse_strict(EXAMPLE_DISCOVERY).unwrap();
    let token = jwt::decode(EXAMPLE_TOKEN).unwrap();
    let at = token.claims["iat"].as_i64().unwrap() + 3600;
    let mut request = StsRequest::defaults_for(&token);
    request.policy = Some(policy.to_string());
    let options = AnalysisOptions {
        request: Some(request),
        ..AnalysisOptions::default()
    };
    c.bench_function(name, |b| {
        b.iter(|| {
            let input = AnalysisInput {
                token: black_box(EXAMPLE_TOKEN),
                keys: Some(&keys),
                discovery: disc.as_object(),
                at,
                offset_minutes: 0,
            };
            black_box(analyze_with(&input, &options).unwrap())
        })
    });
}

fn benches(c: &mut Criterion) {
    // The synthetic policy really is 50 statements of 10 conditions, and only the last one allows.
    let big: serde_json::Value = serde_json::from_str(&large_policy(50, 10)).unwrap();
    let statements = big["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 50);
    for st in statements {
        let n: usize = st["Condition"]
            .as_object()
            .unwrap()
            .values()
            .map(|b| b.as_object().unwrap().len())
            .sum();
        assert_eq!(n, 10, "{st}");
    }
    paste_to_verdict(c, "paste_to_verdict_example", EXAMPLE_POLICY);
    paste_to_verdict(c, "paste_to_verdict_policy_50x10", &large_policy(50, 10));

    let keys = parse_key_input(EXAMPLE_JWKS).unwrap().keys.unwrap();
    let token = jwt::decode(EXAMPLE_TOKEN).unwrap();
    c.bench_function("rs256_verify_example", |b| {
        b.iter(|| black_box(verify::verify(black_box(&token), Some(&keys))))
    });

    let long = long_token(20_000);
    c.bench_function("decode_20000_char_token", |b| {
        b.iter(|| black_box(jwt::decode(black_box(&long))))
    });

    let policy = large_policy(50, 10);
    let mut request = StsRequest::defaults_for(&token);
    request.policy = Some(policy);
    let sig = verify::verify(&token, Some(&keys));
    let at = token.claims["iat"].as_i64().unwrap() + 3600;
    c.bench_function("sts_simulate_policy_50x10", |b| {
        b.iter(|| {
            black_box(
                tokenscope::core::sts::simulate(
                    &token,
                    &sig,
                    &Default::default(),
                    black_box(&request),
                    at,
                )
                .unwrap(),
            )
        })
    });

    let state = share::state_for(
        &share::ShareInput {
            token: Some(&token),
            signature: Some(&sig),
            keys: Some(EXAMPLE_JWKS),
            keys_origin: None,
            discovery: Some(EXAMPLE_DISCOVERY),
            discovery_origin: Some("example"),
            policy: Some(EXAMPLE_POLICY),
            request: None,
            at,
            fetch_failure: None,
        },
        share::ShareMode::WithoutSignature,
    );
    let link = share::encode(&state);
    c.bench_function("share_link_decode", |b| {
        b.iter(|| black_box(share::decode(black_box(&link)).unwrap()))
    });
}

criterion_group!(core, benches);
criterion_main!(core);
