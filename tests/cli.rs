//! The `tokenscope` binary: exit codes, the JSON report's shape, and error lines.

mod common;

use common::{fixture, tokenscope};

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

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
    // No `iss`: no IAM OIDC provider can match, so STS would fail: exit 1.
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sts"]["outcome"], "failure");
    assert_eq!(report["sts"]["error_code"], "InvalidIdentityToken");
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
    // Verified, but no trust policy given: a success resting on an unchecked step (exit 3).
    assert_eq!(
        out.status.code(),
        Some(3),
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

fn example_args<'a>(extra: &[&'a str], policy: &'a str) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "explain".into(),
        "--json".into(),
        "--jwks".into(),
        fixture("example/jwks.json"),
        "--at".into(),
        "2026-11-20T10:00:00Z".into(),
        "--policy".into(),
        policy.to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v.push(fixture("example/token.jwt"));
    v
}

fn run_args(args: &[String]) -> (Option<i32>, Value, String) {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = tokenscope(&refs, "");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        stderr,
    )
}

#[test]
fn cli_sts_success_exits_0() {
    let (code, report, err) = run_args(&example_args(&[], &fixture("example/trust-policy.json")));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["sts"]["outcome"], "success");
    assert_eq!(report["sts"]["error_code"], Value::Null);
    assert_eq!(report["sts"]["steps"].as_array().unwrap().len(), 7);
    assert!(report["sts"]["findings"].is_array());
}

#[test]
fn cli_sts_failures_exit_1_with_exact_errors() {
    let policy = fixture("example/trust-policy.json");
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["--client-id", "other"],
            "InvalidIdentityToken",
            "Incorrect token audience",
        ),
        (
            &["--provider", ""],
            "InvalidIdentityToken",
            "No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/",
        ),
        (
            &["--session-name", "a/b"],
            "ValidationError",
            "1 validation error detected: Value 'a/b' at 'roleSessionName'",
        ),
        (
            &["--duration", "7200"],
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        ),
        (
            &["--role-arn", "arn:aws:iam::999999999999:role/x"],
            "AccessDenied",
            "Not authorized to perform sts:AssumeRoleWithWebIdentity",
        ),
    ];
    for (extra, code, msg) in cases {
        let (exit, report, err) = run_args(&example_args(extra, &policy));
        assert_eq!(exit, Some(1), "{extra:?}: {err}");
        assert_eq!(report["sts"]["outcome"], "failure", "{extra:?}");
        assert_eq!(report["sts"]["error_code"], code, "{extra:?}");
        assert!(
            report["sts"]["message"].as_str().unwrap().starts_with(msg),
            "{extra:?}: {}",
            report["sts"]["message"]
        );
    }
    // Expired: evaluate two days later.
    let mut args = example_args(&[], &policy);
    let at = args
        .iter()
        .position(|a| a == "2026-11-20T10:00:00Z")
        .unwrap();
    args[at] = "2026-11-22T10:00:00Z".into();
    let (exit, report, _) = run_args(&args);
    assert_eq!(exit, Some(1));
    assert_eq!(report["sts"]["error_code"], "ExpiredTokenException");
}

#[test]
fn cli_unreadable_policy_exits_2_with_position() {
    let dir = std::env::temp_dir().join(format!("tokenscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad-policy.json");
    std::fs::write(
        &bad,
        "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}",
    )
    .unwrap();
    let (exit, _, err) = run_args(&example_args(&[], bad.to_str().unwrap()));
    assert_eq!(exit, Some(2));
    assert!(err.contains("bad-policy.json:3:"), "{err}");
    assert!(
        err.trim_end()
            .ends_with(": trust policy: the policy is not valid JSON: trailing comma"),
        "the position is given once, up front: {err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn cli_reveals_invisible_characters_in_claims() {
    use base64::Engine as _;
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let token = format!(
        "{}.{}.c2ln",
        b64(serde_json::json!({"alg": "RS256", "kid": "k"})),
        b64(
            serde_json::json!({"iss": "https://issuer.example", "sub": "prod\u{202E}ipa", "exp": 2_000_000_000})
        )
    );
    let text = tokenscope(&["explain", "--at", "1795168800", "-"], &token);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("  sub = prod⟨U+202E⟩ipa"), "{stdout}");
    assert!(
        !stdout.contains('\u{202E}'),
        "a raw RIGHT-TO-LEFT OVERRIDE in the text output"
    );
    let json = tokenscope(&["explain", "--json", "--at", "1795168800", "-"], &token);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "claim_invisible_characters"),
        "{findings:?}"
    );

    // With a policy the value also reaches the trust-policy trace, the fix and the suggested
    // policy; a carriage return and a terminal escape sequence must not reach the terminal.
    let hostile = format!(
        "{}.{}.c2ln",
        b64(serde_json::json!({"alg": "RS256", "kid": "k"})),
        b64(
            serde_json::json!({"iss": "https://issuer.example", "aud": "sts.amazonaws.com",
            "sub": "prod\u{202E}ipa\rFAKE\u{1b}[31m", "exp": 2_000_000_000})
        )
    );
    let dir = std::env::temp_dir().join(format!("tokenscope-cli-bidi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.json");
    std::fs::write(
        &policy,
        serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/issuer.example"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"issuer.example:sub": "prod"}}}]})
        .to_string(),
    )
    .unwrap();
    let policy = policy.to_str().unwrap();
    let out = tokenscope(
        &["explain", "--at", "1795168800", "--policy", policy, "-"],
        &hostile,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("prod⟨U+202E⟩ipa⟨U+000D⟩FAKE⟨U+001B⟩[31m"),
        "{stdout}"
    );
    for raw in ['\u{202E}', '\r', '\u{1b}'] {
        assert!(
            !stdout.contains(raw),
            "raw {raw:?} in the text output:\n{stdout}"
        );
    }
}

/// What the core's session makes of a link: the page's path (`session::restore` → `analyze`).
fn core_verdict(fragment: &str) -> tokenscope::core::report::Report {
    use tokenscope::core::{session, share};
    let inputs = session::restore(share::decode(fragment).unwrap()).inputs(0);
    let report = session::analyze(&inputs).result.unwrap();
    (*report).clone()
}

#[test]
fn cli_link_corpus_same_verdict_as_the_core_and_the_sender() {
    for link in common::share_link_corpus() {
        let core = core_verdict(&link.fragment);
        let sts = core.sts.as_ref().unwrap();
        let sender = link.original.sts.as_ref().unwrap();
        assert_eq!(
            (sts.outcome, sts.error_code),
            (sender.outcome, sender.error_code),
            "{}",
            link.name
        );
        let forms = [
            format!("https://tokenscope.example/app/#{}", link.fragment),
            format!("#{}", link.fragment),
            link.fragment.clone(),
        ];
        for form in forms {
            let out = tokenscope(&["explain", "--json", "--link", &form], "");
            let err = String::from_utf8_lossy(&out.stderr);
            let report: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{}: {e}: {err}", link.name));
            let want: Value = serde_json::to_value(&core).unwrap();
            for key in ["outcome", "error_code", "message", "deciding_step"] {
                assert_eq!(report["sts"][key], want["sts"][key], "{}: {key}", link.name);
            }
            assert_eq!(report["signature"], want["signature"], "{}", link.name);
            assert_eq!(report["request"], want["request"], "{}", link.name);
            assert_eq!(report["at"], want["at"], "{}: the link's time", link.name);
            let code = match sts.outcome {
                tokenscope::core::sts::Outcome::Success => 0,
                tokenscope::core::sts::Outcome::Failure => 1,
                tokenscope::core::sts::Outcome::Incomplete
                | tokenscope::core::sts::Outcome::Undetermined => 3,
            };
            assert_eq!(out.status.code(), Some(code), "{}: {err}", link.name);
        }
    }
}

#[test]
fn cli_link_recorded_signature_shown_as_recorded() {
    let corpus = common::share_link_corpus();
    let link = corpus
        .iter()
        .find(|l| l.name == "WithoutSignature")
        .unwrap();
    let out = tokenscope(&["explain", "--link", &link.fragment], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Signature: VALID (recorded by the share link, not checked here)"),
        "{text}"
    );
    assert!(text.contains("recorded when the link was made"), "{text}");
    let full = corpus.iter().find(|l| l.name == "Full").unwrap();
    let out = tokenscope(&["explain", "--link", &full.fragment], "");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Signature: VALID\n"), "checked again: {text}");
}

#[test]
fn cli_link_at_overrides_the_links_time() {
    let link = &common::share_link_corpus()[0];
    let out = tokenscope(
        &[
            "explain",
            "--json",
            "--at",
            "2030-01-01T00:00:00Z",
            "--link",
            &link.fragment,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sts"]["error_code"], "ExpiredTokenException");
}

#[test]
fn cli_link_unusable_exits_2_with_one_line() {
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "explain",
                "--link",
                "https://tokenscope.example/#jwks-input",
            ],
            "--link: expected a share link",
        ),
        (&["explain", "--link", "v1.@@@"], "--link: "),
        (
            &["explain", "--link", "v1.x", "--jwks", "keys.json"],
            "cannot be used with",
        ),
        (
            &["explain", "--link", "v1.x", "token.jwt"],
            "cannot be used with",
        ),
    ];
    for (args, want) in cases {
        let out = tokenscope(args, "");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let out = tokenscope(&["explain", "--link", "v1.@@@"], "");
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}

#[test]
fn cli_undetermined_policy_exits_3() {
    let dir = std::env::temp_dir().join(format!("tokenscope-cli-ip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("source-ip.json");
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("example/trust-policy.json")).unwrap(),
    )
    .unwrap();
    doc["Statement"][0]["Condition"]["IpAddress"] =
        serde_json::json!({"aws:SourceIp": "203.0.113.0/24"});
    std::fs::write(&policy, doc.to_string()).unwrap();
    let (code, report, err) = run_args(&example_args(&[], policy.to_str().unwrap()));
    assert_eq!(report["sts"]["outcome"], "undetermined", "{err}");
    assert_eq!(code, Some(3), "{err}");
}

#[test]
fn cli_verdict_resting_on_unchecked_steps_is_incomplete_and_exits_3() {
    // No trust policy: the verdict is incomplete, never a success.
    let out = tokenscope(
        &[
            "explain",
            "--json",
            "--jwks",
            &fixture("example/jwks.json"),
            "--at",
            "2026-11-20T10:00:00Z",
            &fixture("example/token.jwt"),
        ],
        "",
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sts"]["outcome"], "incomplete");
    assert_eq!(
        report["sts"]["provisos"],
        serde_json::json!(["policy_not_evaluated"])
    );
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn cli_help_documents_exit_statuses() {
    for args in [&["explain", "--help"][..], &["--help"][..]] {
        let out = tokenscope(args, "");
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout);
        for line in [
            "0  STS would return credentials",
            "1  STS would refuse the call",
            "2  unusable input",
            "3  incomplete or undetermined",
        ] {
            assert!(help.contains(line), "{args:?} lacks `{line}`:\n{help}");
        }
    }
    let help = tokenscope(&["explain", "--help"], "");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--link <URL_OR_FRAGMENT>"));
}

/// A token (placeholder signature) whose time claims sit at the ends of `i64`.
fn token_with_times(exp: i64, iat: i64, nbf: i64) -> String {
    use base64::Engine as _;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.AQID",
        enc(r#"{"alg":"RS256","kid":"k1"}"#),
        enc(&format!(
            r#"{{"iss":"https://oidc.eks.us-east-1.amazonaws.com/id/ABC","aud":"sts.amazonaws.com","sub":"system:serviceaccount:ns:sa","exp":{exp},"iat":{iat},"nbf":{nbf}}}"#
        ))
    )
}

/// Runs the CLI with `stdin`, which it may leave unread (an `--at` refused before the token is
/// read closes the pipe).
fn tokenscope_unread_ok(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokenscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().unwrap()
}

/// The run ended with a verdict or a refusal of the input (0–3), never a panic (101).
fn assert_no_panic(out: &Output, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0..=3)),
        "{what}: status {:?}, stderr {err}",
        out.status.code()
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn cli_times_at_i64_extremes_never_panic() {
    let ends = [i64::MIN, i64::MAX];
    // Both ends of i64 (refused: past the year 9999), the ends of what can be typed, beyond
    // 64 bits, and an ordinary time.
    let ats = [
        "-9223372036854775808",
        "9223372036854775807",
        "-377705116800",
        "253402300799",
        "99999999999999999999",
        "-99999999999999999999",
        "2026-11-20T10:00:00Z",
    ];
    for exp in ends {
        for iat in ends {
            for nbf in ends {
                let token = token_with_times(exp, iat, nbf);
                for at in ats {
                    for json in [false, true] {
                        let mut args = vec!["explain", "--at", at];
                        if json {
                            args.push("--json");
                        }
                        let out = tokenscope_unread_ok(&args, &token);
                        let what = format!("exp {exp} iat {iat} nbf {nbf} --at {at} json {json}");
                        assert_no_panic(&out, &what);
                        if json && out.status.code() != Some(2) {
                            // exp − iat written exactly, however far apart they are (read
                            // as text: serde_json here would read it as a float).
                            let lifetime = i128::from(exp) - i128::from(iat);
                            let stdout = String::from_utf8_lossy(&out.stdout);
                            let compact: String =
                                stdout.chars().filter(|c| !c.is_whitespace()).collect();
                            assert!(
                                compact.contains(&format!("\"lifetime\":{lifetime},")),
                                "{what}: {stdout}"
                            );
                        }
                    }
                }
            }
        }
    }
    // An `--at` beyond 64 bits is refused with the range, not as "not a time".
    let out = tokenscope_unread_ok(
        &["explain", "--at", "99999999999999999999"],
        &token_with_times(0, 0, 0),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("beyond the years ±9999"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cli_link_with_i64_extreme_time_never_panics() {
    use tokenscope::core::share::{self, ShareState};
    // --at cannot type these times, but a link records any i64: the CLI evaluates at it.
    for at in [i64::MIN, -1, 0, 1, i64::MAX] {
        for exp in [i64::MIN, i64::MAX] {
            let link = share::encode(&ShareState {
                token: Some(token_with_times(exp, exp, exp)),
                at,
                ..ShareState::default()
            });
            let out = tokenscope(&["explain", "--json", "--link", &link], "");
            let what = format!("link at {at}, exp {exp}");
            assert_no_panic(&out, &what);
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["at"], at, "{what}");
            let expired = report["claims"]["times"]["expired"].as_bool();
            assert_eq!(expired, Some(exp <= at), "{what}");
            let text = tokenscope(&["explain", "--link", &link], "");
            assert_no_panic(&text, &what);
            let text = String::from_utf8_lossy(&text.stdout);
            if exp.abs_diff(at) >= i64::MAX.unsigned_abs() {
                assert!(
                    text.contains("more than 292 billion years")
                        || text.contains("more than 584 billion years"),
                    "{what}: {text}"
                );
            }
        }
    }
}

/// `generate` → `explain --policy`: the generated policy read back passes the trust-policy step;
/// with the issuer's keys STS would return credentials (exit 0), without them the verdict is
/// incomplete only for the signature (exit 3).
#[test]
fn cli_generate_json_round_trips_through_explain() {
    let token = fixture("example/token.jwt");
    let out = tokenscope(&["generate", "--account", "444455556666", &token], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let policy: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        policy["Statement"][0]["Action"],
        "sts:AssumeRoleWithWebIdentity"
    );
    let dir = std::env::temp_dir().join(format!("tokenscope-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("policy.json");
    std::fs::write(&path, &out.stdout).unwrap();
    let path = path.display().to_string();
    let (code, report, err) = run_args(&example_args(&[], &path));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["sts"]["outcome"], "success");
    let no_keys: Vec<String> = [
        "explain",
        "--json",
        "--at",
        "2026-11-20T10:00:00Z",
        "--policy",
        &path,
        &token,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (code, report, err) = run_args(&no_keys);
    assert_eq!(code, Some(3), "{err}");
    assert_eq!(report["sts"]["outcome"], "incomplete");
    let steps = report["sts"]["steps"].as_array().unwrap();
    let policy_step = steps.iter().find(|s| s["id"] == "trust_policy").unwrap();
    assert_eq!(policy_step["status"], "pass");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_generate_proof_prints_the_sibling_table() {
    let token = fixture("example/token.jwt");
    let out = tokenscope(
        &["generate", "--format", "proof", "--scope", "namespace", "-"],
        &std::fs::read_to_string(&token).unwrap(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row {name}: {text}"))
            .to_string()
    };
    assert!(
        row("this").contains("admitted    admitted    success"),
        "{text}"
    );
    assert!(
        row("other_service_account").contains("admitted    admitted"),
        "{text}"
    );
    assert!(
        row("other_namespace").contains("refused     refused     failure: trust_policy"),
        "{text}"
    );
    assert!(
        text.contains("replace the placeholder account `111122223333`"),
        "{text}"
    );
}

#[test]
fn cli_generate_unusable_input_exits_2_with_one_line() {
    let token = fixture("example/token.jwt");
    for (args, want) in [
        (
            vec!["generate", "--scope", "branch", token.as_str()],
            "scope `branch` does not apply: expected one of `exact`, `namespace`",
        ),
        (
            vec!["generate", "--scope", "org", token.as_str()],
            "--scope: unknown scope",
        ),
        (
            vec!["generate", "--account", "12", token.as_str()],
            "account id: expected 12 digits, found `12`",
        ),
        (
            vec!["generate", "/nonexistent/token"],
            "cannot read token file",
        ),
    ] {
        let out = tokenscope(&args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("tokenscope: {want}")), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = tokenscope(&["generate"], "a.b\n");
    assert_eq!(out.status.code(), Some(2));
}
