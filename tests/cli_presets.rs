//! `tokenscope explain` on the issuer presets' fixture tokens (tests/fixtures/issuers, made with
//! PyJWT): the text names the recognised issuer and splits `sub` into its parts, and says why a
//! `sub` is not split.

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
                "  condition keys: gitlab.com:{aud, sub, azp, amr, email}",
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
