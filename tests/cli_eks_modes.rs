//! `tokenscope pod-identity` and `tokenscope cluster-auth`: exit statuses (0 allowed/accepted,
//! 1 refused, 2 unusable input, 3 undetermined), the `--json` report, and error lines.

mod common;

use common::tokenscope;

use std::process::Output;

use serde_json::Value;

fn fixture(rel: &str) -> String {
    format!(
        "{}/tests/fixtures/eks_modes/{rel}",
        env!("CARGO_MANIFEST_DIR")
    )
}

const CLUSTER: &str = "arn:aws:eks:us-east-1:111122223333:cluster/prod";
const AT: &str = "2026-12-01T12:00:00Z";

fn pod_identity(extra: &[&str], policy: &str) -> Output {
    pod_identity_for(CLUSTER, "payments", extra, policy)
}

fn pod_identity_for(cluster: &str, namespace: &str, extra: &[&str], policy: &str) -> Output {
    let policy = fixture(policy);
    let mut args = vec![
        "pod-identity",
        "--policy",
        &policy,
        "--cluster-arn",
        cluster,
        "--namespace",
        namespace,
        "--service-account",
        "api",
    ];
    args.extend_from_slice(extra);
    tokenscope(&args, "")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn cli_pod_identity_allowed_exits_0_with_json_report() {
    let out = pod_identity(&["--json"], "pod_identity/scoped.json");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    assert_eq!(report["mode"], "pod_identity");
    assert_eq!(report["outcome"], "success");
    let ids: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["association", "principal", "assume_role", "tag_session"]
    );
    assert_eq!(report["session_tags"][2]["key"], "kubernetes-namespace");
    assert_eq!(report["session_tags"][2]["value"], "payments");
    assert!(report["steps"][2]["checks"][0]["expected"].is_string());
    // The text form says the same.
    let text = pod_identity(&[], "pod_identity/scoped.json");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Verdict: SUCCESS"), "{text}");
    assert!(text.contains("kubernetes-service-account = api"), "{text}");
}

#[test]
fn cli_pod_identity_refused_exits_1() {
    let out = pod_identity_for(CLUSTER, "billing", &["--json"], "pod_identity/scoped.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_of(&out)["deciding_step"], "assume_role");
    let cases: [(&[&str], &str); 2] = [
        (&["--no-session-tags"], "assume_role"),
        (
            &["--role-arn", "arn:aws:iam::999988887777:role/x"],
            "association",
        ),
    ];
    for (extra, deciding) in cases {
        let mut args = extra.to_vec();
        args.push("--json");
        let out = pod_identity(&args, "pod_identity/scoped.json");
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        let report = json_of(&out);
        assert_eq!(report["outcome"], "failure", "{extra:?}");
        assert_eq!(report["deciding_step"], deciding, "{extra:?}");
        assert!(report["fix"].is_string(), "{extra:?}");
    }
}

#[test]
fn cli_pod_identity_pod_name_undetermined_exits_3_then_0() {
    let out = pod_identity(&["--json"], "pod_identity/pod-name.json");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json_of(&out)["outcome"], "undetermined");
    let out = pod_identity(&["--pod-name", "api-5f7d"], "pod_identity/pod-name.json");
    assert_eq!(out.status.code(), Some(0));
    let out = pod_identity(&["--pod-name", "web-5f7d"], "pod_identity/pod-name.json");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn cli_pod_identity_target_role() {
    let target = fixture("pod_identity/target-role.json");
    let base = [
        "--role-arn",
        "arn:aws:iam::111122223333:role/payments-api",
        "--target-role-arn",
        "arn:aws:iam::444455556666:role/data-reader",
    ];
    let out = pod_identity(&base, "pod_identity/scoped.json");
    assert_eq!(out.status.code(), Some(3), "no target policy: undetermined");
    let mut args = base.to_vec();
    args.extend(["--target-policy", &target, "--json"]);
    let out = pod_identity(&args, "pod_identity/scoped.json");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json_of(&out);
    assert_eq!(report["steps"][4]["id"], "target_role");
    assert!(report["suggested_target_policy"].is_string());
}

#[test]
fn cli_pod_identity_unusable_input_exits_2_with_one_line() {
    let cases: [(&str, &[&str], &str, &str); 3] = [
        (
            "prod",
            &[],
            "pod_identity/scoped.json",
            "cluster ARN: expected `arn:aws:eks:",
        ),
        (CLUSTER, &[], "cluster_auth/token-accepted.jwt", "--policy "),
        (
            CLUSTER,
            &["--target-role-arn", "arn:aws:iam::1:role/x"],
            "pod_identity/scoped.json",
            "target role ARN: expected",
        ),
    ];
    for (cluster, extra, policy, want) in cases {
        let out = pod_identity_for(cluster, "payments", extra, policy);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("tokenscope: "), "{err}");
        assert!(err.contains(want), "{err}");
    }
}

fn cluster_auth(extra: &[&str], config: &str, token: &str) -> Output {
    let config = fixture(config);
    let token = fixture(token);
    let mut args = vec!["cluster-auth", "--config", &config];
    if !extra.contains(&"--at") {
        args.extend(["--at", AT]);
    }
    args.extend_from_slice(extra);
    args.push(&token);
    tokenscope(&args, "")
}

#[test]
fn cli_cluster_auth_accepted_exits_0_with_username_and_groups() {
    let jwks = fixture("cluster_auth/jwks.json");
    for config in [
        "cluster_auth/config-oidc.json",
        "cluster_auth/config-associate.json",
        "cluster_auth/config-describe.json",
    ] {
        let out = cluster_auth(
            &["--jwks", &jwks, "--json"],
            config,
            "cluster_auth/token-accepted.jwt",
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{config}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let report = json_of(&out);
        assert_eq!(report["mode"], "cluster_auth");
        assert_eq!(report["outcome"], "success");
        assert_eq!(report["username"], "alice@example.com");
        assert_eq!(
            report["groups"],
            serde_json::json!(["oidc:dev", "oidc:ops"])
        );
        assert!(report["steps"].as_array().unwrap().len() >= 8);
    }
    let text = cluster_auth(
        &["--jwks", &jwks],
        "cluster_auth/config-oidc.json",
        "cluster_auth/token-accepted.jwt",
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Verdict: SUCCESS"), "{text}");
    assert!(text.contains("username: alice@example.com"), "{text}");
}

#[test]
fn cli_cluster_auth_expired_exits_1_and_no_keys_exits_3() {
    let jwks = fixture("cluster_auth/jwks.json");
    let out = cluster_auth(
        &["--jwks", &jwks, "--json"],
        "cluster_auth/config-oidc.json",
        "cluster_auth/token-expired.jwt",
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json_of(&out);
    assert_eq!(report["outcome"], "failure");
    assert_eq!(report["deciding_step"], "time");
    let out = cluster_auth(
        &["--json"],
        "cluster_auth/config-oidc.json",
        "cluster_auth/token-accepted.jwt",
    );
    assert_eq!(out.status.code(), Some(3));
    let report = json_of(&out);
    assert_eq!(report["outcome"], "undetermined");
    assert_eq!(report["username"], "alice@example.com");
    assert_eq!(report["signature"]["status"], "unverified");
}

#[test]
fn cli_cluster_auth_token_from_stdin() {
    let config = fixture("cluster_auth/config-oidc.json");
    let jwks = fixture("cluster_auth/jwks.json");
    let token = std::fs::read_to_string(fixture("cluster_auth/token-accepted.jwt")).unwrap();
    let out = tokenscope(
        &[
            "cluster-auth",
            "--config",
            &config,
            "--jwks",
            &jwks,
            "--at",
            AT,
            "-",
        ],
        &token,
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn cli_cluster_auth_unusable_input_exits_2_with_one_line() {
    let cases: [(&[&str], &str, &str, &str); 4] = [
        (
            &[],
            "pod_identity/scoped.json",
            "cluster_auth/token-accepted.jwt",
            "--config ",
        ),
        (
            &[],
            "cluster_auth/config-oidc.json",
            "pod_identity/scoped.json",
            "tokenscope: ",
        ),
        (
            &["--jwks", "/nonexistent/jwks.json"],
            "cluster_auth/config-oidc.json",
            "cluster_auth/token-accepted.jwt",
            "cannot read key file",
        ),
        (
            &["--at", "soon"],
            "cluster_auth/config-oidc.json",
            "cluster_auth/token-accepted.jwt",
            "--at",
        ),
    ];
    for (extra, config, token, want) in cases {
        let out = cluster_auth(extra, config, token);
        assert_eq!(out.status.code(), Some(2), "{extra:?} {config} {token}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{err}");
    }
}
