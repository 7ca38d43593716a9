//! The session's rules, natively: which keys win, settings over the token's defaults, and what a
//! share link restores. Inputs are the committed example fixtures (made with pyca/cryptography,
//! see `tests/fixtures/example/README.md`).

use std::rc::Rc;

use super::*;
use crate::core::jwk;
use crate::core::oidc::FetchFailure;
use crate::core::report::{self, AnalysisInput};
use crate::core::share::{self, ShareInput, ShareMode};
use crate::core::sts::{Outcome, Proviso};
use crate::core::verify::SignatureStatus;

const TOKEN: &str = include_str!("../../../tests/fixtures/example/token.jwt");
const JWKS: &str = include_str!("../../../tests/fixtures/example/jwks.json");
const DISCOVERY: &str = include_str!("../../../tests/fixtures/example/openid-configuration.json");
const POLICY: &str = include_str!("../../../tests/fixtures/example/trust-policy.json");

fn iss() -> String {
    jwt::decode(TOKEN)
        .unwrap()
        .claim_str("iss")
        .unwrap()
        .to_string()
}

fn at() -> i64 {
    jwt::decode(TOKEN).unwrap().claims["iat"].as_i64().unwrap() + 3600
}

/// The example's documents as a fetch (network or example) for `iss`.
fn fetched(origin: DocumentOrigin, iss: &str) -> Rc<Fetched> {
    let mut f = Fetched::empty(origin, iss);
    let url = format!("{iss}/.well-known/openid-configuration");
    let (doc, _) = read_discovery(DISCOVERY, &url, iss).unwrap();
    f.discovery = Some(doc);
    f.jwks = Some(read_jwks(JWKS, &format!("{iss}/keys")).unwrap());
    Rc::new(f)
}

fn inputs() -> Inputs {
    let mut i = Inputs::new(at(), 0);
    i.token = TOKEN.trim().to_string();
    i.policy = POLICY.to_string();
    i
}

/// A link made from the example as the page makes it, with the session name changed.
fn example_link(mode: ShareMode) -> String {
    let token = jwt::decode(TOKEN).unwrap();
    let keys = jwk::parse_key_input(JWKS).unwrap().keys.unwrap();
    let original = report::analyze(&AnalysisInput {
        token: TOKEN,
        keys: Some(&keys),
        discovery: None,
        at: at(),
        offset_minutes: 0,
    })
    .unwrap();
    let mut request = StsRequest::defaults_for(&token);
    request.session_name = "from-the-link".into();
    let state = share::state_for(
        &ShareInput {
            token: Some(&token),
            signature: Some(&original.signature),
            keys: Some(JWKS),
            keys_origin: Some("example"),
            discovery: None,
            discovery_origin: None,
            policy: Some(POLICY),
            request: Some(&request),
            at: at(),
            fetch_failure: None,
        },
        mode,
    );
    format!("#{}", share::encode(&state))
}

fn opened(link: &str) -> Restored {
    restore(share::decode(link).unwrap())
}

#[test]
fn analyze_pasted_and_fetched_keys_pasted_win() {
    let mut i = inputs();
    i.fetched = Some(fetched(DocumentOrigin::Network, &iss()));
    i.set_pasted(JWKS.to_string());
    let a = analyze(&i);
    assert!(matches!(a.keys, Some((_, KeySource::Pasted { .. }))));
    // The discovery document is only among the fetched documents: it is used from there.
    assert!(matches!(
        a.discovery_from,
        Some(KeySource::Fetched {
            origin: DocumentOrigin::Network,
            ..
        })
    ));
    assert_eq!(
        a.keys_text.as_ref().map(|(_, o)| o.as_str()),
        Some("pasted")
    );
    assert_eq!(
        a.discovery_origin
            .as_deref()
            .map(|o| o.ends_with("openid-configuration")),
        Some(true)
    );
}

#[test]
fn analyze_only_fetched_keys_fetched_used_with_their_url() {
    let mut i = inputs();
    i.fetched = Some(fetched(DocumentOrigin::Network, &iss()));
    let a = analyze(&i);
    let Some((_, KeySource::Fetched { origin, url })) = &a.keys else {
        panic!("fetched keys not used: {:?}", a.keys);
    };
    assert_eq!(
        (*origin, url.as_str()),
        (DocumentOrigin::Network, &*format!("{}/keys", iss()))
    );
    let report = a.report().unwrap();
    assert_eq!(report.signature.status, SignatureStatus::Valid);
    assert_eq!(report.sts.as_ref().unwrap().outcome, Outcome::Success);
    let sts = report.sts.as_ref().unwrap();
    // The provider settings follow the token: the success holds if the account has that provider.
    assert_eq!(sts.provisos, [Proviso::ProviderAssumed]);
    assert!(
        sts.summary.starts_with(
            "STS would return credentials, if the role's account has this issuer's IAM OIDC provider"
        ),
        "{}",
        sts.summary
    );
    // Entered, the provider settings qualify nothing.
    let mut entered = i.clone();
    entered.settings = Settings::default();
    for (field, value) in [
        (SettingField::ProviderUrl, iss()),
        (SettingField::ClientIds, "sts.amazonaws.com".to_string()),
    ] {
        entered.settings.set(field, value);
    }
    let report = analyze(&entered).report().unwrap();
    let sts = report.sts.as_ref().unwrap();
    assert_eq!(sts.outcome, Outcome::Success);
    assert!(sts.provisos.is_empty(), "{:?}", sts.provisos);
    assert_eq!(sts.summary, "STS would return credentials");
}

#[test]
fn analyze_documents_for_another_issuer_not_used() {
    let table = [
        (DocumentOrigin::Network, false),
        (DocumentOrigin::Example, false),
        (DocumentOrigin::Shared, false),
        // Files named on the command line are for the token at hand.
        (DocumentOrigin::File, true),
    ];
    for (origin, used) in table {
        let mut i = inputs();
        i.fetched = Some(fetched(origin, "https://other.example"));
        let a = analyze(&i);
        assert_eq!(a.keys.is_some(), used, "{origin:?}");
        assert_eq!(
            a.fetched_for_other_issuer.as_deref(),
            (!used).then_some("https://other.example"),
            "{origin:?}"
        );
    }
}

#[test]
fn analyze_example_keys_link_origin_is_example() {
    let mut i = inputs();
    i.fetched = Some(fetched(DocumentOrigin::Example, &iss()));
    let a = analyze(&i);
    assert_eq!(
        a.keys_text.as_ref().map(|(_, o)| o.as_str()),
        Some("example")
    );
    assert_eq!(a.discovery_origin.as_deref(), Some("example"));
}

#[test]
fn analyze_pasted_discovery_with_keys_travels_inside_the_keys_text() {
    let mut i = inputs();
    i.set_pasted(format!("{DISCOVERY}\n{JWKS}"));
    let a = analyze(&i);
    assert!(matches!(a.discovery_from, Some(KeySource::Pasted { .. })));
    assert!(a.discovery_text.is_none());
    assert!(a.discovery_origin.is_none());
}

#[test]
fn analyze_unreadable_paste_fetched_keys_used() {
    let mut i = inputs();
    i.fetched = Some(fetched(DocumentOrigin::Network, &iss()));
    i.set_pasted("not keys".to_string());
    assert!(matches!(i.pasted.as_deref(), Some(Err(_))));
    assert!(matches!(
        analyze(&i).keys,
        Some((_, KeySource::Fetched { .. }))
    ));
    i.set_pasted("  \n".to_string());
    assert!(i.pasted.is_none(), "a blank paste is no paste");
}

#[test]
fn analyze_without_keys_or_policy_is_incomplete_with_provisos() {
    let mut i = inputs();
    i.policy.clear();
    let report = analyze(&i).report().unwrap();
    let sts = report.sts.as_ref().unwrap();
    assert_eq!(sts.outcome, Outcome::Incomplete);
    assert_eq!(
        sts.provisos,
        [
            crate::core::sts::Proviso::KeysNotGiven,
            crate::core::sts::Proviso::PolicyNotEvaluated
        ]
    );
    assert!(report.is_incomplete());
}

#[test]
fn analyze_failed_fetch_goes_to_the_simulation_as_evidence() {
    let mut i = inputs();
    let mut f = Fetched::empty(DocumentOrigin::Network, &iss());
    f.failure = Some(FailedFetch {
        what: DocumentKind::Jwks,
        url: format!("{}/keys", iss()),
        failure: FetchFailure::Status { status: 404 },
    });
    i.fetched = Some(Rc::new(f));
    let a = analyze(&i);
    assert_eq!(
        a.fetch_failure.as_ref().map(|f| f.what.as_str()),
        Some("the JWKS")
    );
    let sts = a.report().unwrap().sts.clone().unwrap();
    assert_eq!(sts.error_code, Some("InvalidIdentityToken"));
}

#[test]
fn analyze_undecodable_token_reports_why_and_no_defaults() {
    let mut i = inputs();
    i.token = "a.b".to_string();
    let a = analyze(&i);
    assert!(a.result.is_err() && a.token.is_none() && a.defaults.is_none());
}

#[test]
fn setting_field_as_str_is_the_pages_field_id() {
    let ids: Vec<&str> = SettingField::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(
        ids,
        [
            "provider-url",
            "client-ids",
            "thumbprints",
            "observed-thumbprint",
            "role-arn",
            "session-name",
            "duration",
            "max-session"
        ]
    );
    for f in SettingField::ALL {
        assert_eq!(SettingField::parse(f.as_str()), Some(f));
    }
    assert_eq!(SettingField::parse("Provider URL"), None);
}

#[test]
fn settings_untouched_follow_the_tokens_defaults() {
    let token = jwt::decode(TOKEN).unwrap();
    let defaults = StsRequest::defaults_for(&token);
    let s = Settings::default();
    for f in [
        SettingField::ProviderUrl,
        SettingField::ClientIds,
        SettingField::SessionName,
        SettingField::MaxSession,
    ] {
        assert!(s.follows_default(f), "{f:?}");
    }
    assert_eq!(s.text(SettingField::ProviderUrl, Some(&defaults)), iss());
    let (r, errors) = s.request(defaults.clone(), "");
    assert_eq!((r.provider.url.as_str(), r.policy), (iss().as_str(), None));
    assert!(errors.is_empty());
}

#[test]
fn settings_unreadable_numbers_named_with_what_is_used() {
    let defaults = StsRequest::defaults_for_issuer("https://i.example");
    let mut s = Settings::default();
    s.set(SettingField::Duration, "1h".into());
    s.set(SettingField::MaxSession, "x".into());
    let (r, errors) = s.request(defaults.clone(), POLICY);
    assert_eq!(r.duration_seconds, None);
    assert_eq!(r.max_session_duration, defaults.max_session_duration);
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, [SettingField::Duration, SettingField::MaxSession]);
    assert!(
        errors[0].message.contains("evaluated as not set"),
        "{}",
        errors[0].message
    );
}

#[test]
fn settings_from_request_pin_only_values_that_differ() {
    let defaults = StsRequest::defaults_for_issuer("https://i.example");
    let mut r = defaults.clone();
    r.session_name = "mine".into();
    r.duration_seconds = Some(900);
    let s = Settings::from_request(&r, &defaults);
    assert!(s.follows_default(SettingField::ProviderUrl));
    assert!(s.follows_default(SettingField::ClientIds));
    assert!(s.follows_default(SettingField::MaxSession));
    assert!(!s.follows_default(SettingField::SessionName));
    assert_eq!(s.request(defaults, "").0, r);
}

#[test]
fn restore_link_gives_token_time_keys_settings_and_recorded_verdict() {
    let restored = opened(&example_link(ShareMode::WithoutSignature));
    assert!(restored.token.ends_with('.'), "the signature is left out");
    assert_eq!(restored.link.at, at());
    let f = restored.link.fetched.as_deref().unwrap();
    assert_eq!(
        (f.origin, f.iss.as_str()),
        (DocumentOrigin::Shared, &*iss())
    );
    assert!(f.jwks.is_some());
    assert!(restored.settings.follows_default(SettingField::ProviderUrl));
    assert!(restored.settings.follows_default(SettingField::MaxSession));
    assert_eq!(
        restored.settings.session_name.as_deref(),
        Some("from-the-link")
    );
    let i = restored.inputs(60);
    assert_eq!((i.at, i.offset_minutes), (at(), 60));
    assert!(i.recorded_signature.is_some() && i.pasted.is_none());
    let a = analyze(&i);
    let report = a.report().unwrap();
    assert!(report.signature.recorded);
    assert_eq!(report.signature.status, SignatureStatus::Valid);
    assert_eq!(report.request.session_name, "from-the-link");
    assert_eq!(report.sts.as_ref().unwrap().outcome, Outcome::Success);
}

#[test]
fn restore_link_verdict_same_as_the_original_in_every_mode() {
    let mut original = inputs();
    original.fetched = Some(fetched(DocumentOrigin::Example, &iss()));
    original
        .settings
        .set(SettingField::SessionName, "from-the-link".into());
    let want = analyze(&original).report().unwrap();
    for mode in [
        ShareMode::Full,
        ShareMode::WithoutSignature,
        ShareMode::MaskedClaims,
    ] {
        let report = analyze(&opened(&example_link(mode)).inputs(0))
            .report()
            .unwrap();
        let (a, b) = (want.sts.as_ref().unwrap(), report.sts.as_ref().unwrap());
        assert_eq!(
            (a.outcome, a.error_code),
            (b.outcome, b.error_code),
            "{mode:?}"
        );
        assert_eq!(report.signature.status, want.signature.status, "{mode:?}");
    }
}

#[test]
fn restore_policy_only_link_provider_follows_the_next_token() {
    let restored = opened(&example_link(ShareMode::PolicyOnly));
    assert!(restored.token.is_empty() && restored.link.fetched.is_none());
    assert_eq!(restored.policy, POLICY);
    assert!(restored.settings.follows_default(SettingField::ProviderUrl));
}

#[test]
fn restore_unreadable_keys_go_back_to_the_keys_box() {
    let state = share::ShareState {
        token: Some(TOKEN.trim().to_string()),
        keys: Some("{not keys".to_string()),
        at: at(),
        ..share::ShareState::default()
    };
    let restored = restore(state);
    assert!(restored.link.unreadable_keys && restored.link.fetched.is_none());
    let i = restored.inputs(0);
    assert_eq!(i.pasted_text, "{not keys");
    assert!(matches!(i.pasted.as_deref(), Some(Err(_))));
}

#[test]
fn restore_failed_fetch_keeps_its_document_kind() {
    let state = share::ShareState {
        token: Some(TOKEN.trim().to_string()),
        fetch_failure: Some(SharedFetchFailure {
            what: "the discovery document".into(),
            url: "https://i.example/.well-known/openid-configuration".into(),
            failure: FetchFailure::Status { status: 500 },
        }),
        ..share::ShareState::default()
    };
    let f = restore(state).link.fetched.unwrap();
    assert_eq!(
        f.failure.as_ref().map(|x| x.what),
        Some(DocumentKind::Discovery)
    );
}

#[test]
fn analyze_with_answers_pending_then_answered_as_computed_here() {
    use crate::core::crypto::{self, Answers};
    use crate::core::sts::Proviso;
    let mut i = inputs();
    i.set_pasted(JWKS.to_string());
    // Before the worker answers: the signature is being checked, and the verdict waits for it.
    let waiting = analyze_with(&i, &Answers::default()).report().unwrap();
    assert_eq!(waiting.signature.status, SignatureStatus::Pending);
    assert_eq!(waiting.signature.pending.len(), 1);
    let sts = waiting.sts.as_ref().unwrap();
    assert_eq!(sts.outcome, Outcome::Incomplete);
    assert_eq!(sts.provisos, [Proviso::SignatureBeingChecked]);
    // A link made now records no verdict.
    let token = jwt::decode(&i.token).unwrap();
    let state = share::state_for(
        &ShareInput {
            token: Some(&token),
            signature: Some(&waiting.signature),
            keys: None,
            keys_origin: None,
            discovery: None,
            discovery_origin: None,
            policy: None,
            request: None,
            at: i.at,
            fetch_failure: None,
        },
        ShareMode::WithoutSignature,
    );
    assert_eq!(state.recorded_signature, None);
    // With the answers: the same report as computing here, to the byte.
    let answers = Answers::default().with(
        waiting
            .signature
            .pending
            .iter()
            .map(|j| (j.clone(), crypto::compute(j)))
            .collect(),
    );
    let answered = analyze_with(&i, &answers).report().unwrap();
    assert_eq!(answered, analyze(&i).report().unwrap());
    assert_eq!(answered.signature.status, SignatureStatus::Valid);
    // A worker that failed: still never a success, and the reason is shown.
    let failed = analyze_with(&i, &Answers::default().failed("it broke".into()))
        .report()
        .unwrap();
    assert!(
        failed.signature.message.contains("it broke"),
        "{}",
        failed.signature.message
    );
    assert_eq!(failed.sts.as_ref().unwrap().outcome, Outcome::Incomplete);
}

#[test]
fn provider_settings_that_follow_the_token_are_an_assumption_of_the_verdict() {
    let assumptions = |i: &Inputs| {
        analyze(i)
            .report()
            .and_then(|r| r.sts.clone())
            .map(|s| s.assumptions)
            .unwrap_or_default()
    };
    let about_provider = |a: &[String]| {
        a.iter()
            .filter(|x| x.contains("IAM OIDC provider"))
            .cloned()
            .collect::<Vec<_>>()
    };
    // Untouched: the provider for the token's `iss`, with `sts.amazonaws.com`, is assumed, and
    // what happens without it is said.
    let mut i = inputs();
    let found = about_provider(&assumptions(&i));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(&format!("`{}`", iss())), "{}", found[0]);
    assert!(found[0].contains("`sts.amazonaws.com`"), "{}", found[0]);
    assert!(found[0].contains("InvalidIdentityToken"), "{}", found[0]);
    // Only the client IDs still follow: only they are assumed.
    i.settings.set(SettingField::ProviderUrl, iss());
    let found = about_provider(&assumptions(&i));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("the IAM OIDC provider's client IDs are `sts.amazonaws.com`"),
        "{}",
        found[0]
    );
    // Both given: nothing about the provider is assumed.
    i.settings
        .set(SettingField::ClientIds, "sts.amazonaws.com".to_string());
    assert!(about_provider(&assumptions(&i)).is_empty());
}
