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
            pending: vec![],
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

/// Times at the ends of every number type: a token's `exp`/`iat`/`nbf`, the evaluation time and a
/// share link's `at` anywhere in `i64` (and beyond, as floats, strings, nulls) never panic, and the
/// time step's verdict and words agree with arithmetic done wide (`i128`) here.
mod extreme_numbers {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use proptest::prelude::*;
    use tokenscope::core::finding::{Check, CheckStatus};
    use tokenscope::core::report::Report;
    use tokenscope::core::session::{self, Inputs};
    use tokenscope::core::share::{self, ShareInput};
    use tokenscope::core::sts::{Outcome, StepId};
    use tokenscope::core::{jwt, text};

    const ISS: &str = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC";
    const YEAR: i128 = 31_556_952;

    /// Instants: the ends of `i64`, 0, ±1, a normal time, and anything in between.
    fn instant() -> impl Strategy<Value = i64> {
        prop_oneof![
            Just(i64::MIN),
            Just(i64::MIN + 1),
            Just(-1i64),
            Just(0i64),
            Just(1i64),
            Just(i64::MAX - 1),
            Just(i64::MAX),
            Just(1_800_000_000i64),
            any::<i64>(),
        ]
    }

    /// A time claim as written in the payload, and the `i64` it is when it is an integer there.
    #[derive(Debug, Clone)]
    struct Claim {
        literal: String,
        int: Option<i64>,
    }

    fn claim() -> impl Strategy<Value = Option<Claim>> {
        let not_int = |s: &str| Claim {
            literal: s.to_string(),
            int: None,
        };
        let other = prop_oneof![
            // Floats, huge integers past i64/u64 (read as floats: no arbitrary precision), a
            // literal past f64 (the token does not decode), strings, nulls and other types.
            Just(not_int("1e300")),
            Just(not_int("-1e300")),
            Just(not_int("-0.0")),
            Just(not_int("0.5")),
            Just(not_int("1800000000.0")),
            Just(not_int("9223372036854775808")),
            Just(not_int("-9223372036854775809")),
            Just(not_int("18446744073709551615")),
            Just(not_int("99999999999999999999")),
            Just(not_int("-99999999999999999999")),
            Just(not_int("1e400")),
            Just(not_int("\"1800000000\"")),
            Just(not_int("\"\"")),
            Just(not_int("null")),
            Just(not_int("true")),
            Just(not_int("[]")),
            any::<f64>().prop_map(|f| Claim {
                literal: serde_json::Value::from(f).to_string(),
                int: None,
            }),
        ];
        prop_oneof![
            1 => Just(None),
            4 => instant().prop_map(|n| Some(Claim { literal: n.to_string(), int: Some(n) })),
            3 => other.prop_map(Some),
        ]
    }

    fn token(exp: &Option<Claim>, iat: &Option<Claim>, nbf: &Option<Claim>) -> String {
        let mut payload = format!(
            r#"{{"iss":"{ISS}","aud":"sts.amazonaws.com","sub":"system:serviceaccount:ns:sa""#
        );
        for (name, c) in [("exp", exp), ("iat", iat), ("nbf", nbf)] {
            if let Some(c) = c {
                payload.push_str(&format!(r#","{name}":{}"#, c.literal));
            }
        }
        payload.push('}');
        format!(
            "{}.{}.AQID",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},
        "Action":"sts:AssumeRoleWithWebIdentity",
        "Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:ns:sa"}}}]}"#;

    fn time_checks(report: &Report) -> Vec<Check> {
        report
            .sts
            .as_ref()
            .and_then(|s| s.steps.iter().find(|s| s.id == StepId::Time))
            .map(|s| s.checks.clone())
            .unwrap_or_default()
    }

    fn time_step_failure_message(report: &Report) -> Option<String> {
        report
            .sts
            .as_ref()
            .and_then(|s| s.steps.iter().find(|s| s.id == StepId::Time))
            .and_then(|s| s.failure.as_ref())
            .and_then(|f| f.message.clone())
    }

    /// The words for a span of `seconds` agree with the number: days counted exactly below
    /// 10 000 years, then a true lower bound in years ("more than 292 billion years").
    fn assert_span_words(words: &str, seconds: i128) -> Result<(), TestCaseError> {
        let years = seconds / YEAR;
        if let Some(rest) = words.strip_prefix("more than ") {
            prop_assert!(years >= 10_000, "{words} for {seconds} s");
            let mut parts = rest.split(' ');
            let n: i128 = parts.next().unwrap_or_default().parse().unwrap();
            let scale = match parts.next() {
                Some("billion") => 1_000_000_000,
                Some("million") => 1_000_000,
                _ => 1,
            };
            prop_assert!(
                n * scale <= years && years < (n + 1) * scale,
                "{words} for {years} years"
            );
        } else {
            prop_assert!(years < 10_000, "{words} for {seconds} s");
            prop_assert!(!words.contains('-'), "{words}");
            if seconds >= 86_400 {
                let days: i128 = words.split(' ').next().unwrap_or_default().parse().unwrap();
                prop_assert_eq!(days, seconds / 86_400, "{}", words);
            }
        }
        Ok(())
    }

    /// Everything the brief's coherence means for one analysed token at `at`.
    fn assert_time_coherent(
        report: &Report,
        at: i64,
        exp: &Option<Claim>,
        iat: &Option<Claim>,
        nbf: &Option<Claim>,
    ) -> Result<(), TestCaseError> {
        let checks = time_checks(report);
        let exp_check = checks.iter().find(|c| c.id == "time.exp");
        prop_assert!(exp_check.is_some(), "no time.exp check: {:?}", checks);
        let exp_check = exp_check.unwrap();
        let outcome = report.sts.as_ref().map(|s| s.outcome);
        match exp.as_ref().and_then(|c| c.int) {
            Some(e) => {
                let span = (i128::from(e) - i128::from(at)).abs();
                prop_assert_eq!(report.claims.times.exp, Some(e));
                prop_assert_eq!(report.claims.times.expired, e <= at);
                if e > at {
                    prop_assert_eq!(exp_check.status, CheckStatus::Pass);
                    let words = exp_check.detail.strip_prefix("expires in ").unwrap();
                    assert_span_words(words, span)?;
                } else {
                    prop_assert_eq!(exp_check.status, CheckStatus::Fail);
                    prop_assert_ne!(outcome, Some(Outcome::Success));
                    let words = exp_check.detail.strip_prefix("expired ").unwrap();
                    assert_span_words(words.strip_suffix(" ago").unwrap(), span)?;
                    // The numbers in STS's own text are the claim and the time as given.
                    prop_assert_eq!(
                        time_step_failure_message(report),
                        Some(format!(
                            "Token expired: current date/time {at} must be before the expiration date/time{e}"
                        ))
                    );
                }
            }
            // Absent or not an integer: STS refuses the token, whatever the time.
            None => {
                prop_assert_eq!(exp_check.status, CheckStatus::Fail);
                prop_assert_ne!(outcome, Some(Outcome::Success));
            }
        }
        let nbf_check = checks.iter().find(|c| c.id == "time.nbf");
        match nbf.as_ref().and_then(|c| c.int) {
            Some(n) => {
                prop_assert_eq!(nbf_check.is_some(), n > at);
                prop_assert_eq!(report.claims.times.not_yet_valid, n > at);
                if let Some(c) = nbf_check {
                    let words = c.detail.strip_prefix("not valid for another ").unwrap();
                    let words = words.split(';').next().unwrap_or_default();
                    assert_span_words(words, i128::from(n) - i128::from(at))?;
                }
            }
            None => prop_assert!(nbf_check.is_none()),
        }
        let iat_check = checks.iter().find(|c| c.id == "time.iat");
        match iat.as_ref().and_then(|c| c.int) {
            Some(i) => {
                let ahead = i128::from(i) - i128::from(at);
                let title = iat_check.map(|c| c.title.as_str());
                if ahead > 300 {
                    prop_assert_eq!(title, Some("`iat` is not in the future"));
                } else if -ahead > 7 * 86_400 {
                    prop_assert_eq!(title, Some("token age"));
                    let words = iat_check.unwrap().detail.strip_prefix("issued ").unwrap();
                    assert_span_words(words.split(" ago").next().unwrap_or_default(), -ahead)?;
                } else {
                    prop_assert_eq!(title, None);
                }
            }
            None => prop_assert!(iat_check.is_none()),
        }
        let wide = |c: &Option<Claim>| c.as_ref().and_then(|c| c.int).map(i128::from);
        if let (Some(e), Some(i)) = (wide(exp), wide(iat)) {
            prop_assert_eq!(report.claims.times.lifetime, Some(e - i));
        }
        Ok(())
    }

    fn inputs(token: String, at: i64, offset: i32, duration: String) -> Inputs {
        let mut i = Inputs::new(at, offset);
        i.token = token;
        i.policy = POLICY.to_string();
        i.settings.duration = duration;
        i
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn time_claims_at_number_extremes_coherent(
            exp in claim(), iat in claim(), nbf in claim(), at in instant(),
            offset in prop_oneof![Just(0i32), Just(i32::MIN), Just(i32::MAX), -1440i32..1440],
            duration in prop_oneof![Just(String::new()), instant().prop_map(|d| d.to_string()), Just("1e300".to_string())],
        ) {
            let analysis = session::analyze(&inputs(token(&exp, &iat, &nbf), at, offset, duration));
            let Ok(report) = analysis.result else {
                // Only a literal past f64 keeps the payload from being JSON.
                let literals = [&exp, &iat, &nbf].into_iter().flatten().map(|c| c.literal.as_str()).collect::<Vec<_>>();
                prop_assert!(literals.contains(&"1e400"), "{:?}", literals);
                return Ok(());
            };
            let rendered = text::render(&report);
            // The text shows the time step's words as the report holds them.
            for c in time_checks(&report) {
                prop_assert!(rendered.contains(&c.detail), "{} not in {}", c.detail, rendered);
            }
            assert_time_coherent(&report, at, &exp, &iat, &nbf)?;
        }

        #[test]
        fn share_link_at_number_extremes_round_trips(exp in claim(), at in instant(), now in instant()) {
            let text = token(&exp, &None, &None);
            let Ok(decoded) = jwt::decode(&text) else { return Ok(()) };
            let mode = share::default_mode(Some(&decoded), now);
            let state = share::state_for(&ShareInput {
                token: Some(&decoded),
                signature: None,
                keys: None,
                keys_origin: None,
                discovery: None,
                discovery_origin: None,
                policy: Some(POLICY),
                request: None,
                at,
                fetch_failure: None,
            }, mode);
            let link = share::encode(&state);
            let back = share::decode(&link).unwrap();
            prop_assert_eq!(back.at, at);
            let restored = session::restore(back).inputs(0);
            prop_assert_eq!(restored.at, at);
            let report = session::analyze(&restored).result.unwrap();
            let _ = text::render(&report);
            assert_time_coherent(&report, at, &exp, &None, &None)?;
        }

        #[test]
        fn share_link_at_beyond_i64_refused(at in claim()) {
            // A crafted link: `at` written as anything at all.
            let Some(at) = at else { return Ok(()) };
            let json = format!(r#"{{"at":{},"t":"{}"}}"#, at.literal, token(&None, &None, &None));
            let link = format!("v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6)));
            match (share::decode(&link), at.int) {
                (Ok(state), Some(n)) => {
                    prop_assert_eq!(state.at, n);
                    let report = session::analyze(&session::restore(state).inputs(0)).result.unwrap();
                    let _ = text::render(&report);
                }
                (Err(e), None) => prop_assert!(!e.to_string().is_empty()),
                (got, want) => prop_assert!(false, "{:?} for at {:?}", got, want),
            }
        }
    }
}

/// EKS Pod Identity, cluster OIDC sign-in and the mechanism classifier: no input panics.
mod eks_modes {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use proptest::prelude::*;
    use serde_json::Value;
    use tokenscope::core::cluster_auth::{self, ClusterAuthInput};
    use tokenscope::core::mechanism;
    use tokenscope::core::pod_identity::{self, Association, PodIdentityInput};

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop_oneof![
                Just("Allow".to_string()),
                Just("Deny".to_string()),
                Just("sts:*".to_string()),
                Just("pods.eks.amazonaws.com".to_string()),
                Just("arn:aws:iam::111122223333:root".to_string()),
                Just("https://idp.example.com".to_string()),
                Just("system:".to_string()),
                Just("-".to_string()),
                Just("${aws:RequestTag/kubernetes-namespace}".to_string()),
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
                            Just("Service".to_string()),
                            Just("AWS".to_string()),
                            Just("Action".to_string()),
                            Just("Condition".to_string()),
                            Just("StringEquals".to_string()),
                            Just("ForAnyValue:StringLike".to_string()),
                            Just("aws:RequestTag/kubernetes-pod-name".to_string()),
                            Just("aws:PrincipalTag/eks-cluster-arn".to_string()),
                            Just("aws:TagKeys".to_string()),
                            Just("sts:ExternalId".to_string()),
                            Just("oidc".to_string()),
                            Just("identityProviderConfig".to_string()),
                            Just("issuerUrl".to_string()),
                            Just("clientId".to_string()),
                            Just("usernameClaim".to_string()),
                            Just("groupsClaim".to_string()),
                            Just("requiredClaims".to_string()),
                            Just("iss".to_string()),
                            Just("aud".to_string()),
                            Just("exp".to_string()),
                            Just("nbf".to_string()),
                            Just("email".to_string()),
                            Just("email_verified".to_string()),
                            Just("groups".to_string()),
                            "\\PC{0,8}"
                        ],
                        inner
                    ),
                    0..6
                )
                .prop_map(|v| Value::Object(v.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn pod_identity_never_panics(policy in any_json(), target in any_json(), ns in "\\PC{0,12}", pod in proptest::option::of("\\PC{0,12}"), tags in any::<bool>(), ext in proptest::option::of("\\PC{0,12}")) {
            let mut association = Association::new("arn:aws:eks:us-east-1:111122223333:cluster/prod", &ns, "api");
            association.pod_name = pod;
            association.session_tags = tags;
            association.external_id = ext;
            association.role_arn = Some("arn:aws:iam::111122223333:role/r".into());
            association.target_role_arn = Some("arn:aws:iam::444455556666:role/t".into());
            let _ = pod_identity::predict(&PodIdentityInput { policy: policy.to_string(), association, target_policy: Some(target.to_string()) });
        }

        #[test]
        fn pod_identity_never_panics_on_text(policy in "\\PC{0,120}", arn in "\\PC{0,60}") {
            let _ = pod_identity::predict(&PodIdentityInput { policy, association: Association::new(&arn, "a", "b"), target_policy: None });
        }

        #[test]
        fn cluster_auth_never_panics(config in any_json(), header in any_json(), claims in any_json(), at in any::<i64>()) {
            let token = format!("{}.{}.AQID", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
            let input = ClusterAuthInput { config: config.to_string(), token: token.clone(), jwks: String::new(), at };
            let _ = cluster_auth::authenticate(&input);
            let _ = mechanism::classify(&token);
            let _ = mechanism::classify(&config.to_string());
        }

        #[test]
        fn cluster_auth_never_panics_with_a_real_config(claims in prop::collection::vec((prop_oneof![Just("iss"), Just("aud"), Just("exp"), Just("nbf"), Just("iat"), Just("sub"), Just("email"), Just("email_verified"), Just("groups"), Just("hd")], any_json()), 0..8), at in any::<i64>(), f in any::<f64>()) {
            let mut map: serde_json::Map<String, Value> = claims.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            map.entry("exp").or_insert(Value::from(f));
            let token = format!("{}.{}.AQID", URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"idp-rsa-1"}"#), URL_SAFE_NO_PAD.encode(Value::Object(map).to_string()));
            let config = r#"{"issuerUrl":"https://idp.example.com","clientId":"kubernetes","usernameClaim":"email","groupsClaim":"groups","groupsPrefix":"oidc:","requiredClaims":{"hd":"example.com"}}"#;
            let input = ClusterAuthInput { config: config.into(), token, jwks: include_str!("fixtures/eks_modes/cluster_auth/jwks.json").into(), at };
            prop_assert!(cluster_auth::authenticate(&input).is_ok());
        }

        #[test]
        fn classify_never_panics_on_text(text in "\\PC{0,200}") {
            let _ = mechanism::classify(&text);
        }
    }
}
