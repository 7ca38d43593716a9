//! `tokenscope audit`, `diagnose-error` and `compare`: exit statuses, text and JSON output.

mod common;

use common::{fixture, tokenscope};

use std::process::Output;

use serde_json::Value;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn one_error_line(out: &Output) -> String {
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

const CLEAN_ROLE: &str = r#"{"Roles": [{"RoleName": "deploy", "Arn": "arn:aws:iam::111122223333:role/deploy",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": "repo:acme/api:ref:refs/heads/main"}}}]}}]}"#;

#[test]
fn cli_audit_generated_account_exits_1_with_a_sorted_table() {
    let out = tokenscope(&["audit", &fixture("audit/account.json")], "");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("79 roles read, 76 trust a web-identity provider;"),
        "{text}"
    );
    let severities: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| ["high", "medium", "low"].contains(w))
        .collect();
    assert!(!severities.is_empty());
    let rank = |s: &str| {
        ["low", "medium", "high"]
            .iter()
            .position(|x| *x == s)
            .unwrap()
    };
    assert!(
        severities.windows(2).all(|w| rank(w[0]) >= rank(w[1])),
        "not sorted"
    );
    assert!(text.contains("fix: "));
}

#[test]
fn cli_audit_json_from_stdin_and_clean_exit_0() {
    let out = tokenscope(&["audit", "--json", "-"], CLEAN_ROLE);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["roles_read"], 1);
    assert_eq!(a["roles"][0]["name"], "deploy");
    assert_eq!(a["findings"].as_array().unwrap().len(), 0);
    assert_eq!(a["sources"][0], "list_roles");
    assert_eq!(a["providers_checked"], false);
}

#[test]
fn cli_audit_show_policies_prints_the_narrower_policy() {
    let wide = CLEAN_ROLE
        .replace("repo:acme/api:ref:refs/heads/main", "repo:acme/*")
        .replace(
            "StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\",",
            "StringLike\": {",
        );
    let out = tokenscope(&["audit", "--show-policies", "-"], &wide);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("narrower trust policy for deploy (fill in the names in capitals):"),
        "{text}"
    );
    assert!(
        text.contains("repo:acme/REPOSITORY:ref:refs/heads/BRANCH"),
        "{text}"
    );
}

#[test]
fn cli_audit_unusable_input_exits_2() {
    let out = tokenscope(&["audit", "-"], "{\"Users\": []}");
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("list-roles"));
    let out = tokenscope(&["audit", "/nonexistent/account.json"], "");
    assert_eq!(out.status.code(), Some(2));
    one_error_line(&out);
}

#[test]
fn cli_diagnose_error_text_and_json() {
    // https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2315
    let log = "Could not initialize EKS CloudWatch client: WebIdentityErr: failed to retrieve credentials\ncaused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF\n\tstatus code: 400, request id: 3714365f-c50b-4cae-b958-917eb6a34b50\n";
    let out = tokenscope(&["diagnose-error", "-"], log);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("error: InvalidIdentityToken — No IAM OIDC provider"),
        "{text}"
    );
    assert!(
        text.contains("  1. No IAM OIDC provider for the issuer [no-provider]"),
        "{text}"
    );
    assert!(
        text.contains("issuer        https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF"),
        "{text}"
    );
    let out = tokenscope(&["diagnose-error", "--json", "-"], log);
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["error"]["kind"], "no_provider");
    assert_eq!(d["error"]["code"], "InvalidIdentityToken");
    assert_eq!(d["reporter"], "go_sdk_v1");
    assert_eq!(d["causes"][0]["mode"]["id"], "no-provider");
    assert_eq!(d["causes"][0]["decided_by"]["kind"], "step");
    assert_eq!(d["causes"][0]["decided_by"]["id"], "provider");
    assert_eq!(d["facts"]["http_status"], 400);
}

#[test]
fn cli_diagnose_error_names_configure_aws_credentials_id_token_hint() {
    // aws-actions/configure-aws-credentials' hint for a job without `permissions: id-token: write`
    // (https://github.com/aws-actions/configure-aws-credentials).
    let log = "It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message.\n";
    let out = tokenscope(&["diagnose-error", "--json", "-"], log);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["error"]["kind"], "git_hub_no_id_token");
    assert_eq!(d["reporter"], "configure_aws_credentials");
    assert_eq!(d["causes"][0]["mode"]["id"], "no-token");
    assert_eq!(d["causes"][0]["decided_by"]["kind"], "before_sts");
}

#[test]
fn cli_diagnose_error_unrecognised_exits_1_and_blank_exits_2() {
    let out = tokenscope(&["diagnose-error", "-"], "everything is fine\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("note: no error TokenScope knows"));
    let out = tokenscope(&["diagnose-error", "-"], "  \n");
    assert_eq!(out.status.code(), Some(2));
    one_error_line(&out);
}

/// The example's keys and policy at its time, with `token` (a fixture) as `--token`.
fn with_token(token: &str) -> Vec<String> {
    vec![
        "--token".into(),
        fixture(token),
        "--jwks".into(),
        fixture("example/jwks.json"),
        "--policy".into(),
        fixture("example/trust-policy.json"),
        "--at".into(),
        "2026-11-20T10:00:00Z".into(),
    ]
}

/// `tokenscope diagnose-error` with `args` (the text from standard input, `stdin`): its successful output.
fn diagnose_with(args: &[String], stdin: &str) -> (Output, String) {
    let mut all = vec!["diagnose-error"];
    all.extend(args.iter().map(String::as_str));
    all.push("-");
    let out = tokenscope(&all, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    (out, text)
}

const ACCESS_DENIED: &str = "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity\n";

#[test]
fn cli_diagnose_error_with_a_token_that_agrees_puts_its_diagnosis_first() {
    let args = with_token("compare/default-sa.jwt");
    let (_, text) = diagnose_with(&args, ACCESS_DENIED);
    assert!(
        text.starts_with(
            "the token's diagnosis: agrees\n  The token's diagnosis predicts the same error, AccessDenied: this is very likely your cause\n  predicted: AccessDenied — Not authorized to perform sts:AssumeRoleWithWebIdentity\n  cause found: A condition on the token's subject does not match [subject-mismatch]\n"
        ),
        "{text}"
    );
    assert!(text.contains("\n  fix: "), "{text}");
    assert!(text.contains("\n\nerror: AccessDenied — "), "{text}");
    assert!(
        text.contains("  1. A condition on the token's subject does not match [subject-mismatch] (found by the token's diagnosis)\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("(found by the token's diagnosis)").count(),
        1,
        "{text}"
    );
    // JSON: the comparison, and the cause marked.
    let mut json_args = vec!["--json".to_string()];
    json_args.extend(args);
    let (out, _) = diagnose_with(&json_args, ACCESS_DENIED);
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["page"]["agreement"], "agrees");
    assert_eq!(d["page"]["holder"], "command");
    assert_eq!(d["page"]["predicted_code"], "AccessDenied");
    assert_eq!(d["page"]["pasted_code"], "AccessDenied");
    assert_eq!(d["page"]["failure_mode"]["id"], "subject-mismatch");
    assert_eq!(d["causes"][0]["found_by_page"], true);
    assert!(d["causes"][1].get("found_by_page").is_none(), "{d}");
}

#[test]
fn cli_diagnose_error_with_a_token_that_succeeds_disagrees() {
    let mut args = with_token("example/token.jwt");
    args.extend([
        "--role-arn".into(),
        "arn:aws:iam::111122223333:role/payments".into(),
    ]);
    let log = "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity (arn:aws:iam::444455556666:role/deploy)\n";
    let (_, text) = diagnose_with(&args, log);
    assert!(
        text.starts_with(
            "the token's diagnosis: predicts_success\n  The token's diagnosis predicts credentials, not AccessDenied: the error likely came from a different token, role, policy, time or account than the one given\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  differs: role ARN: `arn:aws:iam::444455556666:role/deploy` in the text, `arn:aws:iam::111122223333:role/payments` in the token's diagnosis\n"),
        "{text}"
    );
    assert!(!text.contains("found by the token's diagnosis"), "{text}");
}

#[test]
fn cli_diagnose_error_token_flags_need_a_token_and_a_decodable_one() {
    // Each exits before reading standard input: none is given (a write to a closed pipe fails).
    let policy = fixture("example/trust-policy.json");
    let out = tokenscope(&["diagnose-error", "--policy", &policy, "-"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("need --token"));
    let out = tokenscope(&["diagnose-error", "--token", "-", "-"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("cannot both be standard input"));
    let bad = fixture("example/trust-policy.json");
    let out = tokenscope(&["diagnose-error", "--token", &bad, "-"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).starts_with("tokenscope: --token: "));
}

#[test]
fn cli_compare_names_the_deciding_claim() {
    let args = [
        "compare",
        "--jwks",
        &fixture("example/jwks.json"),
        "--policy",
        &fixture("example/trust-policy.json"),
        "--at",
        "2026-11-20T10:00:00Z",
        &fixture("example/token.jwt"),
        &fixture("compare/default-sa.jwt"),
    ];
    let out = tokenscope(&args, "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "A: STS would return credentials, if the role's account has this issuer's IAM OIDC provider"
        ) && text.contains("\nB: STS would fail at “Trust policy” with AccessDenied"),
        "{text}"
    );
    let sub_row = text.lines().find(|l| l.starts_with("sub ")).unwrap();
    assert!(sub_row.ends_with("differs"), "{sub_row}");
    assert!(
        text.contains(
            "deciding: the working token's `sub` is `system:serviceaccount:payments:api`"
        ),
        "{text}"
    );
    let mut json_args = args.to_vec();
    json_args.insert(1, "--json");
    let out = tokenscope(&json_args, "");
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["deciding"]["better"], "a");
    assert_eq!(c["deciding"]["claim"], "sub");
    assert_eq!(c["deciding"]["step"], "trust_policy");
    assert_eq!(c["b"]["verdict"]["error_code"], "AccessDenied");
    let sub = c["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "sub")
        .unwrap();
    assert_eq!(sub["status"], "different");
}

#[test]
fn cli_compare_same_token_exits_0_and_bad_input_exits_2() {
    let token = fixture("example/token.jwt");
    let out = tokenscope(
        &["compare", "--at", "2026-11-20T10:00:00Z", &token, &token],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("deciding: the two tokens carry the same claims"));
    let out = tokenscope(&["compare", &token, "-"], "not.a token");
    assert_eq!(out.status.code(), Some(2));
    assert!(one_error_line(&out).contains("TOKEN_B"));
    let out = tokenscope(&["compare", "-", "-"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = tokenscope(&["compare", "--policy", "/nonexistent", &token, &token], "");
    assert_eq!(out.status.code(), Some(2));
}
