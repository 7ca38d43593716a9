use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::*;
use crate::core::jwt;

const EKS_ISS: &str =
    "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678";
const P: &str = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678";
const T0: i64 = 1_795_165_200;

fn token(claims: &Value) -> Token {
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    jwt::decode(&format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode([1u8; 64]))).unwrap()
}

fn eks() -> Value {
    json!({"aud": ["sts.amazonaws.com"], "exp": T0 + 86400, "iat": T0, "nbf": T0, "iss": EKS_ISS,
        "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u"}},
        "sub": "system:serviceaccount:payments:api"})
}

fn gh(sub: &str) -> Value {
    json!({"aud": "sts.amazonaws.com", "exp": T0 + 600, "iat": T0, "nbf": T0,
        "iss": "https://token.actions.githubusercontent.com", "sub": sub,
        "repository": "octo-org/octo-repo", "ref": "refs/heads/main"})
}

fn scoped(scope: Scope) -> Options {
    Options {
        account: None,
        scope,
        partition: None,
    }
}

#[test]
fn generate_eks_exact_pins_audience_and_subject() {
    let g = generate(&token(&eks()), &Options::default()).unwrap();
    assert_eq!(g.family, Family::Kubernetes);
    assert!(g.account_is_placeholder);
    assert!(g.notes[0].contains(PLACEHOLDER_ACCOUNT));
    let cond = &g.policy["Statement"][0]["Condition"]["StringEquals"];
    assert_eq!(cond[format!("{P}:aud")], "sts.amazonaws.com");
    assert_eq!(
        cond[format!("{P}:sub")],
        "system:serviceaccount:payments:api"
    );
    assert_eq!(
        g.policy["Statement"][0]["Principal"]["Federated"],
        format!("arn:aws:iam::111122223333:oidc-provider/{P}")
    );
    assert!(g.proof.rows.iter().all(|r| r.agrees));
    assert_eq!(
        g.proof.rows[0].outcome,
        Some(crate::core::sts::Outcome::Success)
    );
}

#[test]
fn generate_eks_namespace_admits_other_service_account_only() {
    let g = generate(&token(&eks()), &scoped(Scope::Namespace)).unwrap();
    let like = &g.policy["Statement"][0]["Condition"]["StringLike"];
    assert_eq!(like[format!("{P}:sub")], "system:serviceaccount:payments:*");
    let verdict = |s: Sibling| g.proof.rows.iter().find(|r| r.sibling == s).unwrap().policy;
    assert_eq!(verdict(Sibling::OtherServiceAccount), Verdict::Admitted);
    assert_eq!(verdict(Sibling::OtherNamespace), Verdict::Refused);
}

#[test]
fn generate_scope_not_for_family_expected_found() {
    let e = generate(&token(&eks()), &scoped(Scope::Branch)).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("expected one of `exact`, `namespace`"),
        "{text}"
    );
    assert!(text.contains("found `branch`"), "{text}");
}

#[test]
fn generate_github_branch_requires_branch_subject() {
    let pr = token(&gh("repo:octo-org/octo-repo:pull_request"));
    let e = generate(&pr, &scoped(Scope::Branch)).unwrap_err();
    assert!(matches!(e, GenerateError::ScopeNotApplicable { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("found `repo:octo-org/octo-repo:pull_request`")
    );
}

#[test]
fn generate_github_environment_requires_environment_claim() {
    let t = token(&gh("repo:octo-org/octo-repo:ref:refs/heads/main"));
    let e = generate(&t, &scoped(Scope::Environment)).unwrap_err();
    assert!(e.to_string().contains("found none"), "{e}");
}

#[test]
fn generate_github_repository_uses_string_like_with_colon() {
    let t = token(&gh("repo:octo-org/octo-repo:ref:refs/heads/main"));
    let g = generate(&t, &scoped(Scope::Repository)).unwrap();
    let like = &g.policy["Statement"][0]["Condition"]["StringLike"];
    assert_eq!(
        like["token.actions.githubusercontent.com:sub"],
        "repo:octo-org/octo-repo:*"
    );
}

#[test]
fn generate_lookalike_subject_refused_naming_claim() {
    // Cyrillic `а` (U+0430) in the namespace.
    let c = with_sub(eks(), "system:serviceaccount:p\u{430}yments:api");
    let e = generate(&token(&c), &Options::default()).unwrap_err();
    assert!(
        matches!(e, GenerateError::Suspicious { claim: "sub", .. }),
        "{e}"
    );
    let hidden = with_sub(eks(), "system:serviceaccount:payments:api\u{200B}");
    let e = generate(&token(&hidden), &Options::default()).unwrap_err();
    assert!(e.to_string().contains("U+200B"), "{e}");
}

#[test]
fn generate_wildcard_or_variable_in_claim_refused() {
    let e = generate(
        &token(&with_sub(eks(), "system:serviceaccount:*:api")),
        &Options::default(),
    );
    assert!(matches!(
        e,
        Err(GenerateError::Suspicious { claim: "sub", .. })
    ));
    let e = generate(
        &token(&with_sub(eks(), "x${aws:username}")),
        &Options::default(),
    );
    assert!(matches!(
        e,
        Err(GenerateError::Suspicious { claim: "sub", .. })
    ));
}

#[test]
fn generate_account_must_be_twelve_digits() {
    let bad = Options {
        account: Some("12345".into()),
        scope: Scope::Exact,
        partition: None,
    };
    let e = generate(&token(&eks()), &bad).unwrap_err();
    assert_eq!(
        e.to_string(),
        "account id: expected 12 digits, found `12345`"
    );
    let good = Options {
        account: Some("444455556666".into()),
        scope: Scope::Exact,
        partition: None,
    };
    let g = generate(&token(&eks()), &good).unwrap();
    assert!(!g.account_is_placeholder);
    assert!(
        g.policy_text
            .contains("arn:aws:iam::444455556666:oidc-provider/")
    );
}

#[test]
fn generate_missing_audience_or_http_issuer_refused() {
    let mut c = eks();
    c.as_object_mut().unwrap().remove("aud");
    let e = generate(&token(&c), &Options::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("claim `aud`: expected one audience"),
        "{e}"
    );
    let c = json!({"iss": "http://example.com", "sub": "a", "aud": "b"});
    let e = generate(&token(&c), &Options::default()).unwrap_err();
    assert!(
        matches!(e, GenerateError::Claim { claim: "iss", .. }),
        "{e}"
    );
    // Google is a built-in provider: written as the principal, with or without `https://`.
    for iss in ["https://accounts.google.com", "accounts.google.com"] {
        let c = json!({"iss": iss, "sub": "a", "aud": "b"});
        let g = generate(&token(&c), &Options::default()).unwrap();
        assert_eq!(
            g.policy["Statement"][0]["Principal"]["Federated"],
            "accounts.google.com"
        );
    }
}

#[test]
fn scope_parse_names_every_scope() {
    for s in Scope::ALL {
        assert_eq!(Scope::parse(s.as_str()), Ok(s));
    }
    let e = Scope::parse("org").unwrap_err().to_string();
    assert!(
        e.contains("found `org`") && e.contains("`repository`"),
        "{e}"
    );
}

#[test]
fn generate_never_panics_on_odd_claims() {
    for c in [
        json!({}),
        json!({"iss": 5, "sub": [], "aud": {}}),
        json!({"iss": "https://x", "sub": "s", "aud": [1, 2]}),
        json!({"iss": "https://x", "sub": "s", "aud": "a", "iat": i64::MAX, "nbf": i64::MIN}),
        json!({"iss": "https://x", "sub": "s", "aud": "a", "exp": i64::MIN}),
    ] {
        for s in Scope::ALL {
            let _ = generate(&token(&c), &scoped(s));
        }
    }
}

fn with_sub(mut c: Value, sub: &str) -> Value {
    c["sub"] = Value::String(sub.to_string());
    c
}

#[test]
fn github_token_with_the_owner_audience_pins_sts_and_says_the_workflow_must_request_it() {
    // GitHub's default audience (no audience requested) is the owner's URL.
    let mut claims = gh("repo:octo-org/octo-repo:ref:refs/heads/main");
    claims["aud"] = json!("https://github.com/octo-org");
    let g = generate(&token(&claims), &Options::default()).unwrap();
    assert_eq!(g.audience, "sts.amazonaws.com");
    assert_eq!(
        g.token_audience.as_deref(),
        Some("https://github.com/octo-org")
    );
    let cond = &g.policy["Statement"][0]["Condition"]["StringEquals"];
    assert_eq!(
        cond["token.actions.githubusercontent.com:aud"],
        "sts.amazonaws.com"
    );
    assert!(
        g.notes
            .iter()
            .any(|n| n.contains("client ID `sts.amazonaws.com`")),
        "{:?}",
        g.notes
    );
    assert!(
        g.notes
            .iter()
            .any(|n| n.contains("must ask for `sts.amazonaws.com`")),
        "{:?}",
        g.notes
    );
    // The proof runs the token as requested with that audience: admitted, siblings refused.
    assert!(g.proof.rows.iter().all(|r| r.agrees), "{:?}", g.proof.rows);
    assert_eq!(g.proof.rows[0].policy, Verdict::Admitted);
    assert!(
        g.proof.rows[0]
            .change
            .contains("https://github.com/octo-org")
    );
    // A token requested for STS: nothing to say.
    let g = generate(
        &token(&gh("repo:octo-org/octo-repo:ref:refs/heads/main")),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(g.token_audience, None);
    assert!(g.proof.rows[0].change.is_empty());
}

#[test]
fn page_wording_names_the_tools_fields_not_the_clis_flags() {
    let t = token(&eks());
    let g = generate(&t, &Options::default()).unwrap();
    let cli = g.notes_for(Surface::Cli);
    assert_eq!(cli, g.notes, "the notes are the CLI's");
    assert!(cli[0].contains("(--account)"), "{cli:?}");
    let page = g.notes_for(Surface::Page);
    assert!(page.iter().all(|n| !n.contains("--")), "{page:?}");
    assert!(page[0].contains("Account id field"), "{page:?}");
    for format in Format::ALL {
        let options = RenderOptions {
            surface: Surface::Page,
            ..RenderOptions::default()
        };
        let text = render(&t, &g, &options, format).unwrap().text;
        for cli_only in [
            "--account",
            // (`aws iam create-role --role-name` is the AWS CLI's own.)
            "--role-name chooses",
            "tokenscope generate",
            "other_service_account",
        ] {
            assert!(!text.contains(cli_only), "{format:?}: {cli_only} in {text}");
        }
        assert!(text.contains("Role name field chooses another"), "{text}");
        assert!(text.contains("another service account"), "{text}");
        let cli = render(&t, &g, &RenderOptions::default(), format)
            .unwrap()
            .text;
        assert!(cli.contains("--role-name chooses another"), "{cli}");
        assert!(cli.contains("tokenscope generate --format proof"), "{cli}");
    }
}

#[test]
fn sibling_labels_are_plain_words() {
    let all = [
        Sibling::This,
        Sibling::OtherServiceAccount,
        Sibling::OtherNamespace,
        Sibling::OtherIssuer,
        Sibling::OtherAudience,
        Sibling::PullRequest,
        Sibling::Unauthenticated,
    ];
    for s in all {
        assert!(!s.label().contains('_'), "{}", s.label());
        assert_ne!(s.label(), s.as_str());
    }
}
