use serde_json::{Value, json};

use super::*;

fn explained(claims: Value) -> IssuerExplanation {
    explain(claims.as_object().unwrap())
}

fn id(claims: Value) -> PresetId {
    explained(claims).preset.id
}

#[test]
fn recognise_by_issuer_url_edge_cases() {
    // (iss, extra claims, preset)
    let table = [
        (
            "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
            json!({}),
            PresetId::Eks,
        ),
        // A trailing slash is not EKS's issuer.
        (
            "https://oidc.eks.us-east-1.amazonaws.com/id/ABC/",
            json!({}),
            PresetId::Generic,
        ),
        (
            "https://token.actions.githubusercontent.com",
            json!({}),
            PresetId::GitHub,
        ),
        (
            "https://token.actions.githubusercontent.com/acme",
            json!({}),
            PresetId::GitHubEnterprise,
        ),
        (
            "https://token.actions.githubusercontent.com/acme/x",
            json!({}),
            PresetId::Generic,
        ),
        (
            "https://token.actions.githubusercontent.com/",
            json!({}),
            PresetId::Generic,
        ),
        (
            "https://ghes.example.com/_services/token",
            json!({}),
            PresetId::GitHubServer,
        ),
        ("https://a/b/_services/token", json!({}), PresetId::Generic),
        ("https://gitlab.com", json!({}), PresetId::GitLab),
        // A self-managed GitLab only with GitLab's claims.
        ("https://git.example.com", json!({}), PresetId::Generic),
        (
            "https://git.example.com",
            json!({"project_path": "a/b", "namespace_path": "a", "ref_type": "branch"}),
            PresetId::GitLab,
        ),
        (
            "https://app.terraform.io",
            json!({}),
            PresetId::HcpTerraform,
        ),
        (
            "https://tfe.example.com",
            json!({"terraform_workspace_id": "ws-1"}),
            PresetId::HcpTerraform,
        ),
        (
            "https://oidc.circleci.com/org/o-1",
            json!({}),
            PresetId::CircleCi,
        ),
        (
            "https://oidc.circleci.com/org/",
            json!({}),
            PresetId::Generic,
        ),
        (
            "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
            json!({}),
            PresetId::Bitbucket,
        ),
        (
            "https://agent.buildkite.com",
            json!({}),
            PresetId::Buildkite,
        ),
        (
            "https://vstoken.dev.azure.com/o-1",
            json!({}),
            PresetId::AzureDevOps,
        ),
        (
            "https://login.microsoftonline.com/t-1/v2.0",
            json!({}),
            PresetId::EntraId,
        ),
        ("https://sts.windows.net/t-1/", json!({}), PresetId::EntraId),
        ("https://accounts.google.com", json!({}), PresetId::Google),
        ("accounts.google.com", json!({}), PresetId::Google),
        (
            "https://cognito-identity.amazonaws.com",
            json!({}),
            PresetId::Cognito,
        ),
        ("kubernetes/serviceaccount", json!({}), PresetId::Kubernetes),
        (
            "https://k8s.example.com",
            json!({"kubernetes.io": {}}),
            PresetId::Kubernetes,
        ),
    ];
    for (iss, extra, want) in table {
        let mut c = extra.clone();
        c["iss"] = Value::String(iss.to_string());
        assert_eq!(id(c), want, "{iss} {extra}");
    }
}

#[test]
fn explain_without_iss_or_sub_is_generic_and_says_why() {
    let e = explained(json!({}));
    assert_eq!(e.preset.id, PresetId::Generic);
    assert_eq!(e.subject, None);
    assert_eq!(e.subject_note.as_deref(), Some("the token has no `sub`"));
    assert_eq!(e.provider_url, None);
    assert!(e.setup.is_empty());
}

#[test]
fn explain_sub_not_in_documented_form_is_not_split() {
    let e = explained(json!({"iss": "https://gitlab.com", "sub": "project_path:a:ref:main"}));
    assert_eq!(e.subject, None);
    assert!(
        e.subject_note
            .as_deref()
            .unwrap()
            .contains("does not have the documented form"),
        "{:?}",
        e.subject_note
    );
}

#[test]
fn github_split_every_form() {
    let form = |sub: &str| github::split(sub).map(|s| s.form);
    assert_eq!(form("repo:o/r:ref:refs/heads/main"), Some("branch"));
    assert_eq!(form("repo:o/r:ref:refs/tags/v1"), Some("tag"));
    assert_eq!(form("repo:o/r:pull_request"), Some("pull request"));
    assert_eq!(form("repo:o/r:environment:prod"), Some("environment"));
    assert_eq!(form("repo:o@1/r@2:environment:prod"), Some("environment"));
    // Half-immutable is no documented form; it is read as a template of pairs.
    assert_eq!(form("repo:o@1/r:pull_request"), Some("customised template"));
    assert_eq!(form("repository_owner:o"), Some("customised template"));
    assert_eq!(form("repo:o/r:context"), None);
    assert_eq!(form(""), None);
}

#[test]
fn circleci_split_keeps_the_v2_rest_whole() {
    let s = circleci::split("org/O/project/P/user/U/vcs-origin/github.com/o/r").unwrap();
    assert_eq!(s.form, "job (V2 token)");
    assert_eq!(s.get("user id"), Some("U"));
    assert_eq!(
        s.parts.last().unwrap().value,
        "vcs-origin/github.com/o/r".to_string()
    );
    assert!(circleci::split("org/O/project/P").is_none());
    assert!(circleci::split("org/O/project//user/U").is_none());
}

#[test]
fn key_value_parts_needs_every_key_in_order() {
    let keys = ["a", "b"];
    assert_eq!(key_value_parts("a:1:b:2", &keys).map(|p| p.len()), Some(2));
    assert!(key_value_parts("b:1:a:2", &keys).is_none());
    assert!(key_value_parts("a:1:b:2:c:3", &keys).is_none());
    assert!(key_value_parts("a:1", &keys).is_none());
}

#[test]
fn terraform_split_needs_a_documented_run_phase() {
    let s = |p: &str| {
        terraform::split(&format!(
            "organization:o:project:Default Project:workspace:w:run_phase:{p}"
        ))
    };
    assert_eq!(s("plan").map(|x| x.form), Some("plan"));
    assert!(s("destroy").is_none());
    // The subject before projects existed is not today's documented form.
    assert!(terraform::split("organization:o:workspace:w:run_phase:apply").is_none());
}

#[test]
fn builtin_presets_use_their_name_as_key_prefix_and_no_provider() {
    let e = explained(json!({"iss": "accounts.google.com", "sub": "1", "aud": "a"}));
    assert_eq!(
        e.condition_keys,
        [
            "accounts.google.com:aud",
            "accounts.google.com:oaud",
            "accounts.google.com:sub"
        ]
    );
    assert_eq!(e.provider_url, None);
    assert!(e.setup.is_empty());
}

#[test]
fn explain_never_panics_on_odd_claims() {
    for c in [
        json!({"iss": 5, "sub": []}),
        json!({"iss": "https://gitlab.com", "sub": ":::::"}),
        json!({"iss": "https://agent.buildkite.com", "sub": "organization::pipeline::ref::commit::step:"}),
        json!({"iss": "https://oidc.circleci.com/org/x", "sub": "org/x/project/y/user/z/"}),
        json!({"iss": "https://vstoken.dev.azure.com/o", "sub": "sc://a/b/c/d"}),
        json!({"iss": "https://token.actions.githubusercontent.com", "sub": "repo:/:"}),
        json!({"iss": "https://x", "aud": [1, 2], "sub": "s"}),
    ] {
        let _ = explained(c);
    }
}

#[test]
fn condition_keys_whose_claim_the_token_lacks_are_named() {
    let e = explained(json!({"iss": "https://token.actions.githubusercontent.com",
        "sub": "repo:o/r:ref:refs/heads/main", "aud": "sts.amazonaws.com",
        "repository": "o/r", "ref": "refs/heads/main", "actor": "a"}));
    let p = "token.actions.githubusercontent.com";
    for claim in ["azp", "amr", "email"] {
        let key = format!("{p}:{claim}");
        assert!(e.condition_keys.contains(&key), "{key} is one IAM exposes");
        assert!(
            e.absent_condition_keys.contains(&key),
            "{key}: {:?}",
            e.absent_condition_keys
        );
    }
    for claim in ["aud", "sub", "repository", "ref", "actor"] {
        let key = format!("{p}:{claim}");
        assert!(!e.absent_condition_keys.contains(&key), "{key} is carried");
    }
    // Google's `oaud` reads `aud`.
    let g = explained(json!({"iss": "accounts.google.com", "sub": "1", "aud": "a"}));
    assert!(
        g.absent_condition_keys.is_empty(),
        "{:?}",
        g.absent_condition_keys
    );
}
