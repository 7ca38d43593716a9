//! `tokenscope explain` on the issuer presets' fixture tokens (tests/fixtures/issuers, made with
//! PyJWT): the text names the recognised issuer and splits `sub` into its parts, and says why a
//! `sub` is not split.

mod common;

use std::process::Command;

fn explain(name: &str) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/issuers/tokens/"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_tokenscope"))
        .args([
            "explain",
            "--at",
            "1795165200",
            &format!("{path}{name}.jwt"),
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_explain_shows_recognised_issuer_and_sub_parts() {
    // (fixture, lines the text must contain)
    let table: &[(&str, &[&str])] = &[
        (
            "gitlab_com_branch",
            &[
                "Issuer: GitLab CI/CD",
                "  instance = gitlab.com",
                "  sub (branch): group = mygroup, project = myproject, ref_type = branch, ref = main",
                "  condition keys: gitlab.com:{aud, sub}",
                "  absent for this token (no such claim): gitlab.com:{azp, amr, email}",
            ],
        ),
        (
            "eks",
            &[
                "Issuer: Amazon EKS service account (IRSA)",
                "  region = eu-west-1",
                "  sub (service account): namespace = payments, service account = api",
                "  setup: eksctl utils associate-iam-oidc-provider --cluster NAME --approve",
            ],
        ),
        (
            "github_immutable",
            &[
                "  sub (branch): owner = octocat, repository = octocat/my-repo, owner id = 123456, repository id = 456789, branch = main",
            ],
        ),
        (
            "hcp_terraform_apply",
            &[
                "  sub (apply): organization = my-org, project = Default Project, workspace = my-workspace, run_phase = apply",
            ],
        ),
        (
            "bitbucket",
            &[
                "Issuer: Bitbucket Pipelines",
                "  workspace = acme",
                "  sub: not split: the layout of Bitbucket's `sub` is not confirmed",
            ],
        ),
        (
            "google",
            &[
                "Issuer: Google (IAM built-in provider)",
                "  condition keys: accounts.google.com:{aud, oaud, sub}",
                "  IAM OIDC provider: none (a built-in provider)",
            ],
        ),
    ];
    for (name, lines) in table {
        let out = explain(name);
        for line in *lines {
            assert!(out.contains(line), "{name}: missing `{line}` in\n{out}");
        }
    }
}

/// `explain --json` carries the recognised issuer beside the report: its stable preset id, the
/// condition keys in full, the provider to register (none for a built-in provider) and `sub` split.
#[test]
fn cli_explain_json_carries_the_issuer_preset() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/issuers/tokens/"
    );
    let json = |name: &str| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_tokenscope"))
            .args(["explain", "--json", "--at", "1795165200"])
            .arg(format!("{path}{name}.jwt"))
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let gitlab = json("gitlab_com_branch");
    let issuer = &gitlab["issuer"];
    assert_eq!(issuer["preset"]["id"], "gitlab");
    assert_eq!(issuer["provider_url"], "https://gitlab.com");
    assert!(
        issuer["condition_keys"]
            .as_array()
            .unwrap()
            .contains(&"gitlab.com:sub".into()),
        "{issuer:#}"
    );
    assert_eq!(issuer["subject"]["form"], "branch");
    // The report itself is unchanged beside it.
    assert!(gitlab["sts"].is_object() || gitlab["sts"].is_null());
    let google = json("google");
    assert_eq!(google["issuer"]["preset"]["id"], "google");
    assert!(google["issuer"]["provider_url"].is_null());
    assert_eq!(google["issuer"]["key_prefix"], "accounts.google.com");
}

/// The condition-key list names only keys whose claim the token carries (IAM finds the others
/// absent, as the page's generate tool says): a GitHub token never carries `azp`, `amr` or
/// `email`.
#[test]
fn cli_explain_lists_only_condition_keys_the_token_carries() {
    let out = explain("github_branch");
    let keys = out
        .lines()
        .find(|l| l.starts_with("  condition keys: "))
        .unwrap_or_else(|| panic!("no condition keys in\n{out}"));
    assert!(
        keys.starts_with("  condition keys: token.actions.githubusercontent.com:{aud, sub, "),
        "{keys}"
    );
    for claim in ["repository", "ref", "actor"] {
        assert!(keys.contains(claim), "{keys}");
    }
    for claim in ["azp", "amr", "email"] {
        assert!(
            !keys.contains(claim),
            "{claim} is not in a GitHub token: {keys}"
        );
    }
    let absent = out
        .lines()
        .find(|l| l.starts_with("  absent for this token (no such claim): "))
        .unwrap_or_else(|| panic!("no absent keys in\n{out}"));
    assert!(
        absent.contains("token.actions.githubusercontent.com:{azp, amr, email"),
        "{absent}"
    );
}

/// An issuer that is not an https URL (minikube's `kubernetes/serviceaccount`) has no IAM OIDC
/// provider, so no condition keys: the text says so instead of listing
/// `kubernetes/serviceaccount:{aud, sub, …}`.
#[test]
fn cli_explain_lists_no_condition_keys_for_a_non_https_issuer() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims = r#"{"aud":["kubernetes.default.svc"],"exp":1920082797,"iat":1604082797,"iss":"kubernetes/serviceaccount","kubernetes.io":{"namespace":"default","serviceaccount":{"name":"default","uid":"77c81ad7-1bea-4d94-9ca5-f5d7f3632331"}},"nbf":1604082797,"sub":"system:serviceaccount:default:default"}"#;
    let token = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let output = common::tokenscope(&["explain", "--at", "1735689600", "-"], &token);
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.contains(
            "  condition keys: none can exist (IAM exposes them only for an OIDC provider it holds"
        ),
        "{out}"
    );
    assert!(!out.contains("kubernetes/serviceaccount:{"), "{out}");
    assert!(!out.contains("absent for this token"), "{out}");
}
