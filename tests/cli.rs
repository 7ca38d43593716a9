//! The `tokenscope` binary: exit codes, the JSON report's shape, and error lines.

mod common;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn tokenscope(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokenscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cli_unusable_token_exits_2_with_one_line() {
    let out = tokenscope(&["explain"], "a.b\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tokenscope: expected 3 segments"), "{err}");
}

#[test]
fn cli_missing_files_and_bad_time_exit_2() {
    let out = tokenscope(&["explain", "/nonexistent/token"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = tokenscope(&["explain", "--at", "soon"], "x.y.z");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--at"));
    let out = tokenscope(
        &["explain", "--jwks", "/nonexistent/jwks.json", "-"],
        "x.y.z",
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_json_unverified_without_keys() {
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AQID";
    let out = tokenscope(&["explain", "--json", "--at", "0"], token);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["signature"]["status"], "unverified");
    assert_eq!(report["signature"]["reason"], Value::Null);
    assert_eq!(report["signature"]["kid"], Value::Null);
    assert_eq!(report["token"]["claims"]["sub"], "x");
}

#[test]
fn cli_example_verifies_from_files() {
    let out = tokenscope(
        &[
            "explain",
            "--json",
            "--jwks",
            &fixture("example/jwks.json"),
            "--discovery",
            &fixture("example/openid-configuration.json"),
            "--at",
            "2026-11-20T10:00:00Z",
            &fixture("example/token.jwt"),
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["signature"]["status"], "valid");
    assert!(report["signature"]["kid"].is_string());
    assert_eq!(report["discovery"]["checks"][0]["status"], "pass");
    // The text form says the same.
    let text = tokenscope(
        &[
            "explain",
            "--jwks",
            &fixture("example/jwks.json"),
            "--at",
            "2026-11-20T10:00:00Z",
            &fixture("example/token.jwt"),
        ],
        "",
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Signature: VALID"), "{text}");
    assert!(
        text.contains("system:serviceaccount:payments:api"),
        "{text}"
    );
}

#[test]
fn cli_real_eks_token_with_its_jwks() {
    let Some(dir) = common::vectors_dir() else {
        eprintln!("SKIPPED cli_real_eks_token_with_its_jwks: ../shared/vectors absent");
        return;
    };
    let d = dir.join("k8s-sa-tokens/eks-nats-k8s-oidc-callout");
    let out = tokenscope(
        &[
            "explain",
            "--json",
            "--jwks",
            d.join("jwks.json").to_str().unwrap(),
            "--at",
            "1764000000",
            d.join("token.jwt").to_str().unwrap(),
        ],
        "",
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["signature"]["status"], "valid");
    assert_eq!(
        report["signature"]["kid"],
        "e3b1d185e0d794058a6346c32b2575ac0efb622e"
    );
}
