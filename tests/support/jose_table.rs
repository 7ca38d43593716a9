//! Runs tests/fixtures/jose/cases.json against the core. Shared by the native and wasm suites.

use serde_json::Value;
use tokenscope::core::crypto::{self, Answers};
use tokenscope::core::jwk::{self, KeySet};
use tokenscope::core::jwt;
use tokenscope::core::verify;

const CASES: &str = include_str!("../fixtures/jose/cases.json");

/// Checks every case; panics with every mismatch listed. Returns a one-line summary.
pub fn run_all() -> String {
    let cases: Vec<Value> = serde_json::from_str(CASES).expect("cases.json is JSON");
    assert!(
        cases.len() >= 40,
        "expected the full table, found {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = run_case(case) {
            failures.push(format!("{}: {why}", case["name"].as_str().unwrap_or("?")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    format!("{} JOSE cases passed", cases.len())
}

fn run_case(case: &Value) -> Result<(), String> {
    let token = case["token"].as_str().ok_or("no token")?;
    let expect = &case["expect"];
    let decoded = jwt::decode(token);
    if let Some(kind) = expect.get("decode_error").and_then(Value::as_str) {
        return match decoded {
            Err(e) if e.code() == kind => {
                if e.to_string().is_empty() {
                    Err("empty message".into())
                } else {
                    Ok(())
                }
            }
            Err(e) => Err(format!(
                "expected decode error `{kind}`, got `{}`: {e}",
                e.code()
            )),
            Ok(_) => Err(format!("expected decode error `{kind}`, but it decoded")),
        };
    }
    let token = decoded.map_err(|e| format!("unexpected decode error `{}`: {e}", e.code()))?;
    let keys: Option<KeySet> = match &case["jwks"] {
        Value::Null => None,
        v => Some(
            jwk::parse_key_input(&v.to_string())
                .map_err(|e| format!("jwks: {e}"))?
                .keys
                .ok_or("jwks without keys")?,
        ),
    };
    let report = verify::verify(&token, keys.as_ref());
    // The page's path: nothing computed yet, then the worker's answers to the jobs asked for.
    let waiting = verify::verify_using(&token, keys.as_ref(), &Answers::default());
    let answered = Answers::default().with(
        waiting
            .pending
            .iter()
            .map(|job| (job.clone(), crypto::compute(job)))
            .collect(),
    );
    let through_worker = verify::verify_using(&token, keys.as_ref(), &answered);
    if through_worker != report {
        return Err(format!(
            "the answers of the page's worker give another verdict: {} ({:?}) instead of {} ({:?})",
            through_worker.status.as_str(),
            through_worker.reason,
            report.status.as_str(),
            report.reason
        ));
    }
    if waiting.pending.is_empty() != (waiting.status != verify::SignatureStatus::Pending) {
        return Err(format!(
            "pending jobs and the pending status disagree: {} with {} jobs",
            waiting.status.as_str(),
            waiting.pending.len()
        ));
    }
    let want_status = expect["signature"].as_str().ok_or("no expected status")?;
    if report.status.as_str() != want_status {
        return Err(format!(
            "expected {want_status}, got {} ({:?}): {}",
            report.status.as_str(),
            report.reason,
            report.message
        ));
    }
    let got_reason = report.reason.map(|r| r.code());
    let want_reason = expect.get("reason").and_then(Value::as_str);
    if got_reason != want_reason {
        return Err(format!(
            "expected reason {want_reason:?}, got {got_reason:?}: {}",
            report.message
        ));
    }
    if let Some(kid) = expect.get("kid").and_then(Value::as_str)
        && report.kid.as_deref() != Some(kid)
    {
        return Err(format!("expected kid {kid}, got {:?}", report.kid));
    }
    if report.message.is_empty() {
        return Err("empty message".into());
    }
    for f in case
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let code = f.as_str().unwrap_or_default();
        if !report.findings.iter().any(|x| x.code == code) {
            return Err(format!(
                "expected finding `{code}`, got {:?}",
                report.findings.iter().map(|x| x.code).collect::<Vec<_>>()
            ));
        }
    }
    Ok(())
}
