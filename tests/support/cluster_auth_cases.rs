//! The cluster OIDC sign-in case table (shared by tests/eks_modes.rs natively and
//! tests/wasm_core.rs in the browser). The cases, their tokens and their expected verdicts are
//! made by tests/fixtures/eks_modes/generate.py, which decides each verdict in Python from
//! Kubernetes' OIDC authenticator, go-oidc v2 and EKS's documented rules; each case's `rule`
//! names its source.

use serde_json::Value;
use tokenscope::core::cluster_auth::{self, ClusterAuthInput};

/// The generated table.
pub const CASES: &str = include_str!("../fixtures/eks_modes/cluster_auth/cases.json");

/// Runs one case; panics with the case's name and rendering on a mismatch.
pub fn run_case(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let jwks = match &case["jwks"] {
        Value::Null => String::new(),
        keys => keys.to_string(),
    };
    let input = ClusterAuthInput {
        config: case["config"].to_string(),
        token: case["token"].as_str().unwrap().to_string(),
        jwks,
        at: case["at"].as_i64().unwrap(),
    };
    let report = cluster_auth::authenticate(&input)
        .unwrap_or_else(|e| panic!("{name}: unusable input: {e}"));
    let expect = &case["expect"];
    let shown = cluster_auth::render(&report);
    assert_eq!(
        report.outcome.as_str(),
        expect["outcome"].as_str().unwrap(),
        "{name} ({}):\n{shown}",
        case["rule"]
    );
    assert_eq!(
        report.deciding_step,
        expect["deciding_step"].as_str(),
        "{name}:\n{shown}"
    );
    assert_eq!(
        report.username.as_deref(),
        expect["username"].as_str(),
        "{name}:\n{shown}"
    );
    let groups: Vec<&str> = expect["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(report.groups, groups, "{name}:\n{shown}");
    let mut findings: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    findings.sort_unstable();
    let want: Vec<&str> = expect["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(findings, want, "{name}:\n{shown}");
}

/// Runs every case; returns how many ran.
pub fn run_all() -> usize {
    let cases: Value = serde_json::from_str(CASES).unwrap();
    let cases = cases.as_array().unwrap();
    for case in cases {
        run_case(case);
    }
    cases.len()
}
