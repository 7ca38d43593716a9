//! Issuer presets on tokens made by an independent implementation: one token per preset in the
//! issuer's documented shape, signed with PyJWT by tests/fixtures/issuers/generate.py, which also
//! wrote what each must be recognised as (expected.json: preset, issuer parts, `sub` parts,
//! condition keys, provider URL), decided there from the issuers' and IAM's documentation.

use std::collections::BTreeSet;

use serde_json::Value;
use tokenscope::core::issuers::{self, SubjectFormat};
use tokenscope::core::jwk;
use tokenscope::core::jwt;
use tokenscope::core::report::{AnalysisInput, analyze};
use tokenscope::core::text;
use tokenscope::core::verify::SignatureStatus;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/issuers");

fn expected() -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn token_text(case: &Value) -> String {
    std::fs::read_to_string(format!("{DIR}/{}", case["token"].as_str().unwrap())).unwrap()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each case's explanation, field by field, against what the generator decided.
fn check(case: &Value) -> Vec<String> {
    let name = case["name"].as_str().unwrap();
    let token = jwt::decode(&token_text(case)).unwrap();
    let e = issuers::preset_for(&token);
    let mut errors = Vec::new();
    let mut differ = |what: &str, found: String, want: String| {
        if found != want {
            errors.push(format!("{name}: {what}: found {found}, expected {want}"));
        }
    };
    differ(
        "preset",
        e.preset.id.as_str().to_string(),
        case["preset"].as_str().unwrap().to_string(),
    );
    let found_parts: Vec<(String, String)> = e
        .issuer_parts
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    differ(
        "issuer parts",
        format!("{found_parts:?}"),
        format!("{:?}", pairs(&case["issuer_parts"])),
    );
    let (form, parts) = match &e.subject {
        Some(s) => (
            Some(s.form.to_string()),
            Some(
                s.parts
                    .iter()
                    .map(|p| (p.name.clone(), p.value.clone()))
                    .collect::<Vec<_>>(),
            ),
        ),
        None => (None, None),
    };
    differ(
        "sub form",
        format!("{form:?}"),
        format!("{:?}", case["subject_form"].as_str().map(str::to_owned)),
    );
    let want_parts = (!case["subject_parts"].is_null()).then(|| pairs(&case["subject_parts"]));
    differ("sub parts", format!("{parts:?}"), format!("{want_parts:?}"));
    if e.subject.is_none() && e.subject_note.is_none() {
        differ("sub note", "none".into(), "a reason".into());
    }
    let want_keys: Vec<String> = case["condition_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    differ(
        "condition keys",
        format!("{:?}", e.condition_keys),
        format!("{want_keys:?}"),
    );
    differ(
        "provider",
        format!("{:?}", e.provider_url),
        format!("{:?}", case["provider_url"].as_str().map(str::to_owned)),
    );
    differ(
        "built-in",
        e.preset.builtin.to_string(),
        case["builtin"].to_string(),
    );
    errors
}

#[test]
fn issuer_presets_recognise_every_fixture_as_documented() {
    let cases = expected();
    assert!(cases.len() >= 21, "{} cases", cases.len());
    let errors: Vec<String> = cases.iter().flat_map(check).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Every preset has a fixture token, so none is untested.
#[test]
fn issuer_presets_every_preset_has_a_fixture() {
    let covered: BTreeSet<String> = expected()
        .iter()
        .map(|c| c["preset"].as_str().unwrap().to_string())
        .collect();
    for p in issuers::all() {
        assert!(
            covered.contains(p.id.as_str()),
            "no fixture for {}",
            p.id.as_str()
        );
    }
}

/// The fixtures are real signed tokens: each verifies with the generator's JWKS through the
/// analysis the CLI and page run.
#[test]
fn issuer_presets_fixtures_verify_with_their_jwks() {
    let jwks = std::fs::read_to_string(format!("{DIR}/jwks.json")).unwrap();
    let keys = jwk::parse_key_input(&jwks).unwrap().keys.unwrap();
    for case in expected() {
        let text = token_text(&case);
        let report = analyze(&AnalysisInput {
            token: &text,
            keys: Some(&keys),
            discovery: None,
            at: case["at"].as_i64().unwrap(),
            offset_minutes: 0,
        })
        .unwrap();
        assert_eq!(
            report.signature.status,
            SignatureStatus::Valid,
            "{}: {}",
            case["name"],
            report.signature.message
        );
    }
}

/// `explain`'s text names the recognised issuer and shows `sub` split into its parts (or why it
/// is not).
#[test]
fn issuer_presets_text_shows_issuer_and_sub_parts() {
    for case in expected() {
        let text = token_text(&case);
        let report = analyze(&AnalysisInput {
            token: &text,
            keys: None,
            discovery: None,
            at: case["at"].as_i64().unwrap(),
            offset_minutes: 0,
        })
        .unwrap();
        let out = text::render(&report);
        let token = jwt::decode(&text).unwrap();
        let name = issuers::preset_for(&token).preset.name;
        assert!(out.contains(&format!("\nIssuer: {name}\n")), "{out}");
        match case["subject_parts"].as_array() {
            Some(parts) => {
                let first = &parts[0];
                let shown = format!(
                    "{} = {}",
                    first[0].as_str().unwrap(),
                    first[1].as_str().unwrap()
                );
                assert!(out.contains(&shown), "{}: {out}", case["name"]);
            }
            None => assert!(out.contains("  sub: not split: "), "{out}"),
        }
    }
}

/// Every fact cites a document, and a format that is not confirmed says so instead of a pattern.
#[test]
fn issuer_presets_every_fact_cites_a_source() {
    for p in issuers::all() {
        let mut sources = vec![p.docs, p.condition_keys.fact.source];
        sources.extend(p.claims.iter().map(|c| c.meaning.source));
        sources.extend(p.mistakes.iter().map(|m| m.source));
        match p.subject {
            SubjectFormat::Documented { source, .. } | SubjectFormat::Opaque { source, .. } => {
                sources.push(source);
            }
            SubjectFormat::Unconfirmed { note } => assert!(!note.is_empty()),
        }
        for s in sources {
            assert!(s.starts_with("https://"), "{}: {s}", p.id.as_str());
        }
        assert!(!p.mistakes.is_empty(), "{}: no mistakes", p.id.as_str());
    }
}

/// The condition keys a preset lists are keys the STS simulator resolves for that token (present,
/// or absent only because this token lacks the claim): the preset data cannot drift from the
/// evaluator's list of supported claims.
#[test]
fn issuer_presets_condition_keys_are_supported_by_the_simulator() {
    use tokenscope::core::policy::{AbsentReason, Context, ContextValue};
    use tokenscope::core::sts::{RequestContext, StsRequest};
    for case in expected() {
        let token = jwt::decode(&token_text(&case)).unwrap();
        let request = StsRequest::defaults_for(&token);
        let context = RequestContext::new(&token, &request, case["at"].as_i64().unwrap());
        for key in issuers::preset_for(&token).condition_keys {
            match context.lookup(&key) {
                ContextValue::Present { .. }
                | ContextValue::Absent {
                    reason: AbsentReason::NoSuchClaim { .. } | AbsentReason::NoOriginalAudience,
                } => {}
                other => panic!("{}: {key}: {other:?}", case["name"]),
            }
        }
    }
}
