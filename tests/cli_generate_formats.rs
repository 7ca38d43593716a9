//! `tokenscope generate --format terraform|cloudformation|cli|eksctl`: each prints an artefact
//! its reader accepts (HCL, YAML, a POSIX shell), `--role-name` and `--cluster` reach it, the
//! policy the `cli` script writes reads back through `tokenscope explain --policy` with the
//! example's keys (credentials), and unusable input exits 2 with one line on stderr.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixture, tokenscope};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use saphyr::{LoadableYamlNode, Yaml};
use serde_json::{Value, json};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tokenscope-cli-formats-{}-{tag}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ok_stdout(args: &[&str]) -> String {
    let out = tokenscope(args, "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_generate_terraform_parses_and_names_the_role() {
    let token = fixture("example/token.jwt");
    let text = ok_stdout(&[
        "generate",
        "--format",
        "terraform",
        "--account",
        "444455556666",
        "--role-name",
        "payments-api",
        &token,
    ]);
    let body = hcl::parse(&text).unwrap();
    let kinds: Vec<String> = body
        .blocks()
        .map(|b| {
            let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
            format!("{} {}", b.identifier(), labels.join("."))
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "resource aws_iam_openid_connect_provider.this",
            "data aws_iam_policy_document.trust",
            "resource aws_iam_role.this",
            "output role_arn"
        ]
    );
    assert!(
        text.contains("name               = \"payments-api\""),
        "{text}"
    );
    assert!(text.contains("# Role name `payments-api`."), "{text}");
}

#[test]
fn cli_generate_cloudformation_parses() {
    let text = ok_stdout(&[
        "generate",
        "--format",
        "cloudformation",
        &fixture("example/token.jwt"),
    ]);
    let docs = Yaml::load_from_str(&text).unwrap();
    let root = &docs[0];
    assert_eq!(
        root["Resources"]["Role"]["Type"].as_str(),
        Some("AWS::IAM::Role")
    );
    assert_eq!(
        root["Resources"]["Role"]["Properties"]["RoleName"].as_str(),
        Some("irsa-payments-api")
    );
    assert!(
        text.contains("# Role name `irsa-payments-api`: derived from the policy's subject"),
        "{text}"
    );
}

/// The `cli` script run by `sh` (a recording `aws` shell function): the policy file it writes is read
/// back by `explain --policy` with the example's keys, and STS would return credentials.
#[cfg(unix)]
#[test]
fn cli_generate_cli_script_policy_round_trips_through_explain() {
    let token = fixture("example/token.jwt");
    let script = ok_stdout(&[
        "generate",
        "--format",
        "cli",
        "--account",
        "444455556666",
        &token,
    ]);
    let dir = temp_dir("cli");
    // A shell function, not a program written on PATH: running a file just written races with
    // other test threads' forks (ETXTBSY), and the shell then finds the machine's own `aws`.
    let stand_in = "aws() {\n  echo \"$*\" >> aws.log\n}\n";
    std::fs::write(dir.join("script.sh"), format!("{stand_in}{script}")).unwrap();
    let out = Command::new("sh")
        .arg("script.sh")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(dir.join("aws.log")).unwrap();
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.starts_with("iam create-open-id-connect-provider --url https://oidc.eks."));
    let policy = dir.join("trust-policy.json");
    let explained = explain_with(&policy, &token);
    assert_eq!(
        explained.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&explained.stderr)
    );
    let report: Value = serde_json::from_slice(&explained.stdout).unwrap();
    assert_eq!(report["sts"]["outcome"], "success");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
fn explain_with(policy: &Path, token: &str) -> Output {
    tokenscope(
        &[
            "explain",
            "--json",
            "--jwks",
            &fixture("example/jwks.json"),
            "--at",
            "2026-11-20T10:00:00Z",
            "--policy",
            &policy.display().to_string(),
            token,
        ],
        "",
    )
}

#[test]
fn cli_generate_eksctl_takes_the_cluster_name() {
    let text = ok_stdout(&[
        "generate",
        "--format",
        "eksctl",
        "--cluster",
        "prod-eu",
        "--scope",
        "namespace",
        &fixture("example/token.jwt"),
    ]);
    assert!(
        text.contains("eksctl create iamserviceaccount --cluster='prod-eu' --region='eu-west-1' --namespace='payments' --name='api' --role-name='irsa-payments' --subject-pattern='*'"),
        "{text}"
    );
    assert!(!text.contains("CLUSTER_NAME"), "{text}");
}

/// A self-managed cluster's service-account token (issuer `https://oidc.example.org/kind-cluster`):
/// `--format eksctl` exits 2 with one line saying eksctl is for EKS clusters only and which
/// formats to use instead, and those formats print the role.
#[test]
fn cli_generate_eksctl_refuses_a_self_managed_cluster_and_names_the_other_formats() {
    let token = fixture("issuers/tokens/kubernetes_self_managed.jwt");
    let out = tokenscope(
        &[
            "generate",
            "--format",
            "eksctl",
            "--cluster",
            "kind",
            &token,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "tokenscope: format `eksctl` does not apply: expected an EKS cluster's service \
             account (issuer `https://oidc.eks.REGION.amazonaws.com/id/ID`; eksctl creates IAM \
             roles for EKS clusters only), found the issuer \
             `https://oidc.example.org/kind-cluster`, a self-managed cluster's; create the role \
             with the `terraform`, `cloudformation` or `cli` format instead"
        ),
        "{err}"
    );
    for format in ["terraform", "cloudformation", "cli"] {
        let text = ok_stdout(&["generate", "--format", format, &token]);
        assert!(
            text.contains("oidc.example.org/kind-cluster"),
            "{format}: {text}"
        );
    }
}

/// `--format json` is still the trust policy document alone, whatever the artefact flags say.
#[test]
fn cli_generate_json_ignores_artefact_flags() {
    let text = ok_stdout_allowing_notes(&[
        "generate",
        "--role-name",
        "payments-api",
        "--cluster",
        "prod",
        &fixture("example/token.jwt"),
    ]);
    let policy: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(policy["Version"], "2012-10-17");
    assert!(!text.contains("payments-api"));
}

fn ok_stdout_allowing_notes(args: &[&str]) -> String {
    let out = tokenscope(args, "");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_generate_formats_unusable_input_exits_2_with_one_line() {
    let token = fixture("example/token.jwt");
    let dir = temp_dir("unusable");
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1"}"#);
    let p = URL_SAFE_NO_PAD.encode(
        json!({"aud": "sts.amazonaws.com", "exp": 1_795_165_800, "iat": 1_795_165_200,
            "iss": "https://token.actions.githubusercontent.com",
            "sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
            "repository": "octo-org/octo-repo", "ref": "refs/heads/main"})
        .to_string(),
    );
    let github = dir.join("github.jwt");
    std::fs::write(
        &github,
        format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode([1u8; 64])),
    )
    .unwrap();
    let github = github.display().to_string();
    for (args, want) in [
        (
            vec![
                "generate",
                "--format",
                "terraform",
                "--role-name",
                "a b",
                token.as_str(),
            ],
            "role name: expected 1 to 64 letters, digits or `_+=,.@-`",
        ),
        (
            vec![
                "generate",
                "--format",
                "cli",
                "--role-name",
                "x\ny",
                token.as_str(),
            ],
            "role name: expected",
        ),
        (
            vec![
                "generate",
                "--format",
                "eksctl",
                "--cluster",
                "a b",
                token.as_str(),
            ],
            "cluster name: expected",
        ),
        (
            vec!["generate", "--format", "eksctl", github.as_str()],
            "format `eksctl` does not apply: expected a Kubernetes service-account token",
        ),
        (
            vec!["generate", "--partition", "aws-moon", token.as_str()],
            "partition: expected one of aws, aws-cn, aws-us-gov",
        ),
    ] {
        let out = tokenscope(&args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("tokenscope: {want}")), "{err}");
        assert!(out.stdout.is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--partition` reaches every ARN of the artefacts (the provider, the role, eksctl's placeholder
/// policy); a built-in provider's policy (Google) names it as it stands and creates no provider.
#[test]
fn cli_generate_partition_and_builtin_provider() {
    let token = fixture("example/token.jwt");
    let script = ok_stdout(&[
        "generate",
        "--format",
        "cli",
        "--account",
        "444455556666",
        "--partition",
        "aws-cn",
        &token,
    ]);
    assert!(
        script.contains("\"arn:aws-cn:iam::444455556666:oidc-provider/"),
        "{script}"
    );
    assert!(!script.contains("arn:aws:"), "{script}");
    let eksctl = ok_stdout(&[
        "generate",
        "--format",
        "eksctl",
        "--partition",
        "aws-us-gov",
        &token,
    ]);
    assert!(eksctl.contains("arn:aws-us-gov:iam::"), "{eksctl}");
    assert!(!eksctl.contains("arn:aws:"), "{eksctl}");

    let google = fixture("issuers/tokens/google.jwt");
    let script = ok_stdout(&["generate", "--format", "cli", &google]);
    assert!(
        script.contains("\"Federated\": \"accounts.google.com\""),
        "{script}"
    );
    assert!(
        !script.contains("create-open-id-connect-provider"),
        "{script}"
    );
    assert!(
        !script.contains("Replace the placeholder account"),
        "{script}"
    );
    let json = tokenscope(&["generate", &google], "");
    let notes = String::from_utf8(json.stderr).unwrap();
    assert!(notes.contains("built into IAM"), "{notes}");
}
