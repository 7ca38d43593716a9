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
