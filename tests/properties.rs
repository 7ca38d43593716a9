//! Property tests: no input makes the core panic (a panic in WebAssembly kills the page), and
//! decoding is insensitive to what users paste around a token.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use tokenscope::core::jwk::parse_key_input;
use tokenscope::core::report::{AnalysisInput, analyze};
use tokenscope::core::{json, jwt, oidc, timefmt};

fn jsonish() -> impl Strategy<Value = String> {
    // Mostly JSON-shaped text, so the parsers get past the first byte.
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        "\\PC{0,12}".prop_map(|s| serde_json::Value::from(s).to_string()),
        Just("\"kty\"".to_string()),
        Just("\"RSA\"".to_string()),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("keys"),
                        Just("kty"),
                        Just("n"),
                        Just("e"),
                        Just("kid"),
                        Just("issuer"),
                        Just("jwks_uri"),
                        Just("x")
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|v| format!(
                "{{{}}}",
                v.iter()
                    .map(|(k, x)| format!("\"{k}\":{x}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics_on_strings(s in "\\PC{0,300}") {
        let _ = jwt::decode(&s);
    }

    #[test]
    fn decode_never_panics_on_dotted_segments(a in "[A-Za-z0-9_=+/ .-]{0,60}", b in "[A-Za-z0-9_=+/ .-]{0,60}", c in "[A-Za-z0-9_-]{0,60}") {
        let _ = jwt::decode(&format!("{a}.{b}.{c}"));
    }

    #[test]
    fn analyze_never_panics_on_arbitrary_json_segments(h in jsonish(), p in jsonish(), sig in prop::collection::vec(any::<u8>(), 0..300), at in any::<i64>(), offset in -1000i32..1000) {
        let token = format!("{}.{}.{}", URL_SAFE_NO_PAD.encode(&h), URL_SAFE_NO_PAD.encode(&p), URL_SAFE_NO_PAD.encode(&sig));
        let keys = parse_key_input(r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"},{"kty":"EC"}]}"#).unwrap().keys;
        let _ = analyze(&AnalysisInput { token: &token, keys: keys.as_ref(), discovery: None, at, offset_minutes: offset });
    }

    #[test]
    fn key_parser_never_panics(text in jsonish()) {
        let _ = parse_key_input(&text);
        if let Ok(serde_json::Value::Object(doc)) = json::parse_strict(&text) {
            let _ = oidc::check_discovery(&doc, Some("https://issuer.example"), Some("RS256"));
        }
    }

    #[test]
    fn key_parser_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_key_input(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn url_and_time_parsers_never_panic(s in "\\PC{0,80}") {
        let _ = oidc::check_fetch_url(&s);
        let _ = oidc::discovery_url(&s);
        let _ = timefmt::parse_instant(&s);
    }

    #[test]
    fn time_formatting_total(unix in any::<i64>(), at in any::<i64>(), offset in any::<i32>()) {
        let _ = timefmt::format_local(unix, offset);
        let _ = timefmt::format_relative(unix, at);
        let _ = timefmt::format_utc(unix);
    }

    #[test]
    fn pasting_around_a_token_is_tolerated(prefix in prop_oneof![Just(""), Just("Bearer "), Just("bearer  ")], quote in prop_oneof![Just(""), Just("\""), Just("'")], ws in "[ \t\n]{0,3}", wrap in 1usize..90) {
        let token = format!("{}.{}.{}", URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#), URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#), URL_SAFE_NO_PAD.encode([7u8; 32]));
        let inner = format!("{prefix}{token}");
        let wrapped: String = inner.as_bytes().chunks(wrap).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\n");
        let pasted = format!("{ws}{quote}{wrapped}{quote}{ws}");
        let decoded = jwt::decode(&pasted);
        prop_assert_eq!(decoded.map(|t| t.compact), Ok(token));
    }
}

mod policy_properties {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use proptest::prelude::*;
    use serde_json::{Value, json};
    use tokenscope::core::jwt;
    use tokenscope::core::sts::{self, KeysEvidence, Outcome, StsRequest};
    use tokenscope::core::verify::{SignatureReport, SignatureStatus};

    const ISS: &str = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC";

    fn token() -> jwt::Token {
        let claims = json!({"aud": ["sts.amazonaws.com"], "exp": 2_000_000_000i64, "iat": 1_000, "iss": ISS, "sub": "system:serviceaccount:ns:sa", "amr": ["a", "b"]});
        jwt::decode(&format!(
            "{}.{}.AQID",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        ))
        .unwrap()
    }

    fn sig() -> SignatureReport {
        SignatureReport {
            status: SignatureStatus::Valid,
            reason: None,
            message: String::new(),
            alg: None,
            kid: None,
            key: None,
            attempts: vec![],
            findings: vec![],
            recorded: false,
        }
    }

    fn run(policy: String, session: String) -> Option<sts::StsReport> {
        let t = token();
        let mut r = StsRequest::defaults_for(&t);
        r.policy = Some(policy);
        r.session_name = session;
        sts::simulate(&t, &sig(), &KeysEvidence::default(), &r, 1_500_000_000).ok()
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            prop_oneof![
                Just("Allow".to_string()),
                Just("Deny".to_string()),
                Just("sts:*".to_string()),
                Just("*".to_string()),
                Just("${oidc.eks.us-east-1.amazonaws.com/id/ABC:sub}".to_string()),
                Just("${".to_string()),
                Just(
                    "arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"
                        .to_string()
                ),
                "\\PC{0,10}"
            ]
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec(
                    (
                        prop_oneof![
                            Just("Version".to_string()),
                            Just("Statement".to_string()),
                            Just("Effect".to_string()),
                            Just("Principal".to_string()),
                            Just("Federated".to_string()),
                            Just("Action".to_string()),
                            Just("NotAction".to_string()),
                            Just("Condition".to_string()),
                            Just("StringLike".to_string()),
                            Just("ForAllValues:StringEquals".to_string()),
                            Just("NumericLessThanIfExists".to_string()),
                            Just("DateGreaterThan".to_string()),
                            Just("Null".to_string()),
                            Just("ArnLike".to_string()),
                            Just("IpAddress".to_string()),
                            Just("oidc.eks.us-east-1.amazonaws.com/id/ABC:sub".to_string()),
                            Just("aws:CurrentTime".to_string()),
                            "\\PC{0,8}"
                        ],
                        inner
                    ),
                    0..5
                )
                .prop_map(|v| Value::Object(v.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

        #[test]
        fn evaluator_never_panics_on_arbitrary_json(doc in any_json(), session in "\\PC{0,70}") {
            let _ = run(doc.to_string(), session);
        }

        #[test]
        fn evaluator_never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
            let _ = run(text, "s1".into());
        }

        #[test]
        fn condition_key_names_are_case_insensitive(flips in prop::collection::vec(any::<bool>(), 64), op_flips in prop::collection::vec(any::<bool>(), 16)) {
            let flip = |s: &str, f: &[bool]| -> String {
                s.chars().zip(f.iter().cycle()).map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect()
            };
            let key = flip("oidc.eks.us-east-1.amazonaws.com/id/ABC:sub", &flips);
            let op = flip("StringEquals", &op_flips);
            let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {op: {key: "system:serviceaccount:ns:sa"}}}]});
            let r = run(policy.to_string(), "session".into()).unwrap();
            prop_assert_eq!(r.outcome, Outcome::Success);
        }
    }
}
