//! The trust-policy generator's table: for every issuer family and every scope that applies, the
//! generated policy admits the token, admits the siblings the scope includes and refuses those it
//! excludes, as the STS simulator decides. Tokens: the committed EKS example
//! (tests/fixtures/example, made with pyca/cryptography), tokens built from claims in the shapes
//! the issuers document (the simulator takes the signature verdict as an input, so they carry a
//! placeholder signature), and the real EKS and GitHub tokens of `../shared/vectors`, read in
//! place when present.
//!
//! Subject forms: GitHub, <https://docs.github.com/en/actions/reference/security/oidc>;
//! Kubernetes, <https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/>.
//! Every issuer preset's fixture token (tests/fixtures/issuers, made with PyJWT in each issuer's
//! documented shape) is a row too: GitLab, HCP Terraform, CircleCI, Buildkite, Bitbucket, Azure
//! DevOps, Entra ID and the generic issuer besides Kubernetes and GitHub.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokenscope::core::generate::{
    self, Family, GenerateError, Operator, Options, Scope, Sibling, Verdict,
};
use tokenscope::core::jwt::{self, Token};
use tokenscope::core::sts::Outcome;

const T0: i64 = 1_795_165_200;
const GH_ISS: &str = "https://token.actions.githubusercontent.com";

fn token_for(claims: &Value) -> Token {
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    jwt::decode(&format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode([1u8; 256]))).unwrap()
}

fn gh(iss: &str, sub: &str, extra: Value) -> Token {
    let mut c = json!({
        "aud": "sts.amazonaws.com", "exp": T0 + 600, "iat": T0, "nbf": T0, "iss": iss, "sub": sub,
        "repository": "octo-org/octo-repo", "repository_owner": "octo-org", "ref": "refs/heads/main",
        "event_name": "push",
    });
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    token_for(&c)
}

fn k8s(iss: &str) -> Token {
    token_for(&json!({
        "aud": ["sts.amazonaws.com"], "exp": T0 + 3600, "iat": T0, "nbf": T0, "iss": iss,
        "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u-1"}},
        "sub": "system:serviceaccount:payments:api",
    }))
}

/// A token of the table: what it is, the token, its family and the scopes that apply.
struct Row {
    name: String,
    token: Token,
    family: Family,
    scopes: Vec<Scope>,
}

fn row(name: &str, token: Token, family: Family, scopes: &[Scope]) -> Row {
    Row {
        name: name.to_string(),
        token,
        family,
        scopes: scopes.to_vec(),
    }
}

fn rows() -> Vec<Row> {
    use Scope::*;
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/example/token.jwt"
    ))
    .unwrap();
    let branch = "repo:octo-org/octo-repo:ref:refs/heads/main";
    let mut out = vec![
        row(
            "EKS example fixture",
            jwt::decode(&example).unwrap(),
            Family::Kubernetes,
            &[Exact, Namespace],
        ),
        row(
            "self-managed Kubernetes",
            k8s("https://k8s.example.com/cluster-1"),
            Family::Kubernetes,
            &[Exact, Namespace],
        ),
        row(
            "GitHub branch",
            gh(GH_ISS, branch, json!({})),
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        row(
            "GitHub environment",
            gh(
                GH_ISS,
                "repo:octo-org/octo-repo:environment:prod",
                json!({"environment": "prod"}),
            ),
            Family::GitHub,
            &[Exact, Environment, Repository],
        ),
        row(
            "GitHub pull request",
            gh(
                GH_ISS,
                "repo:octo-org/octo-repo:pull_request",
                json!({"event_name": "pull_request", "ref": "refs/pull/7/merge"}),
            ),
            Family::GitHub,
            &[Exact, Repository],
        ),
        row(
            "GitHub tag",
            gh(
                GH_ISS,
                "repo:octo-org/octo-repo:ref:refs/tags/v1.2.0",
                json!({"ref": "refs/tags/v1.2.0"}),
            ),
            Family::GitHub,
            &[Exact, Repository],
        ),
        row(
            "GitHub immutable subject",
            gh(
                GH_ISS,
                "repo:octo-org@1234/octo-repo@5678:ref:refs/heads/main",
                json!({}),
            ),
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        row(
            "GitHub enterprise issuer",
            gh(
                &format!("{GH_ISS}/octo-enterprise"),
                branch,
                json!({"enterprise": "octo-enterprise"}),
            ),
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        row(
            "GitHub Enterprise Server",
            gh(
                "https://ghes.example.com/_services/token",
                branch,
                json!({}),
            ),
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        row(
            "other OIDC issuer",
            token_for(
                &json!({"aud": "my-client", "exp": T0 + 600, "iat": T0, "iss": "https://idp.example.com/realms/ci", "sub": "job-42"}),
            ),
            Family::Other,
            &[Exact],
        ),
    ];
    out.extend(preset_rows());
    out.extend(vector_rows());
    out
}

/// The issuer presets' fixture tokens, with the family and scopes each must get.
fn preset_rows() -> Vec<Row> {
    use Scope::*;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/issuers/tokens");
    let table: &[(&str, Family, &[Scope])] = &[
        ("eks", Family::Kubernetes, &[Exact, Namespace]),
        (
            "kubernetes_self_managed",
            Family::Kubernetes,
            &[Exact, Namespace],
        ),
        (
            "github_branch",
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        ("github_tag", Family::GitHub, &[Exact, Repository]),
        ("github_pull_request", Family::GitHub, &[Exact, Repository]),
        (
            "github_environment",
            Family::GitHub,
            &[Exact, Environment, Repository],
        ),
        (
            "github_immutable",
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        (
            "github_custom_template",
            Family::GitHub,
            &[Exact, Repository],
        ),
        (
            "github_enterprise",
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        (
            "github_server",
            Family::GitHub,
            &[Exact, Branch, Repository],
        ),
        (
            "gitlab_com_branch",
            Family::GitLab,
            &[Exact, Branch, Project],
        ),
        ("gitlab_self_managed_tag", Family::GitLab, &[Exact, Project]),
        (
            "hcp_terraform_apply",
            Family::Terraform,
            &[Exact, Workspace],
        ),
        ("circleci", Family::CircleCi, &[Exact, Project]),
        ("buildkite", Family::Buildkite, &[Exact, Branch, Pipeline]),
        ("google", Family::Google, &[Exact]),
        ("cognito", Family::Cognito, &[Exact]),
        ("bitbucket", Family::Other, &[Exact]),
        ("azure_devops", Family::Other, &[Exact]),
        ("entra_id", Family::Other, &[Exact]),
        ("generic", Family::Other, &[Exact]),
    ];
    table
        .iter()
        .map(|(name, family, scopes)| {
            let text = std::fs::read_to_string(format!("{dir}/{name}.jwt")).unwrap();
            row(
                &format!("preset fixture {name}"),
                jwt::decode(&text).unwrap(),
                *family,
                scopes,
            )
        })
        .collect()
}

/// The real tokens of `../shared/vectors` (see its SOURCES.md), when present.
fn vector_rows() -> Vec<Row> {
    let mut out = Vec::new();
    let eks = "k8s-sa-tokens/eks-nats-k8s-oidc-callout/token.jwt";
    if let Some(text) = common::vector("generate_table real EKS token", eks) {
        let t = jwt::decode(&text).unwrap();
        out.push(row(
            "real EKS token",
            t,
            Family::Kubernetes,
            &[Scope::Exact, Scope::Namespace],
        ));
    }
    let github = "github-actions-oidc/flask-oidc/jwts/expired.txt";
    if let Some(text) = common::vector("generate_table real GitHub token", github) {
        let t = jwt::decode(&text).unwrap();
        let scopes = [Scope::Exact, Scope::Branch, Scope::Repository];
        out.push(row("real GitHub token", t, Family::GitHub, &scopes));
    }
    out
}

/// The siblings a scope admits (besides the token itself); every other sibling is refused.
fn admitted(scope: Scope) -> &'static [Sibling] {
    match scope {
        Scope::Exact | Scope::Environment => &[],
        // Buildkite's branch scope admits the branch's other commits and steps.
        Scope::Branch => &[Sibling::OtherCommit],
        Scope::Namespace => &[Sibling::OtherServiceAccount],
        Scope::Repository => &[
            Sibling::OtherBranch,
            Sibling::PullRequest,
            Sibling::OtherEnvironment,
        ],
        // GitLab: any ref of the project; CircleCI: any user's jobs in the project.
        Scope::Project => &[Sibling::OtherBranch, Sibling::OtherUser],
        Scope::Workspace => &[Sibling::OtherRunPhase],
        Scope::Pipeline => &[Sibling::OtherBranch, Sibling::OtherCommit],
    }
}

/// The siblings every token of a family must be tried against.
fn required(family: Family) -> &'static [Sibling] {
    match family {
        Family::Kubernetes => &[Sibling::OtherServiceAccount, Sibling::OtherNamespace],
        Family::GitHub => &[
            Sibling::OtherBranch,
            Sibling::OtherRepository,
            Sibling::OtherEnvironment,
        ],
        Family::GitLab => &[Sibling::OtherBranch, Sibling::OtherProject],
        Family::Terraform => &[
            Sibling::OtherRunPhase,
            Sibling::OtherWorkspace,
            Sibling::OtherOrganization,
        ],
        Family::CircleCi => &[Sibling::OtherUser, Sibling::OtherProject],
        Family::Buildkite => &[
            Sibling::OtherCommit,
            Sibling::OtherBranch,
            Sibling::OtherPipeline,
            Sibling::OtherOrganization,
        ],
        Family::Google => &[Sibling::OtherSubject],
        Family::Cognito => &[Sibling::OtherSubject, Sibling::Unauthenticated],
        Family::Other => &[],
    }
}

fn check(r: &Row, scope: Scope) -> Result<(), String> {
    let options = Options {
        account: Some("444455556666".into()),
        scope,
        partition: None,
    };
    let g = generate::generate(&r.token, &options).map_err(|e| e.to_string())?;
    if g.family != r.family {
        return Err(format!("family {:?}, expected {:?}", g.family, r.family));
    }
    let want_op = match (r.family, scope) {
        (_, Scope::Namespace | Scope::Repository | Scope::Project)
        | (_, Scope::Workspace | Scope::Pipeline)
        | (Family::Buildkite, Scope::Branch) => Operator::StringLike,
        _ => Operator::StringEquals,
    };
    if g.subject.operator != want_op {
        return Err(format!(
            "sub operator {:?}, expected {want_op:?}",
            g.subject.operator
        ));
    }
    let this = g.proof.rows.first().ok_or("no rows")?;
    if this.sibling != Sibling::This || this.policy != Verdict::Admitted {
        return Err(format!("the token itself: {:?}", this.policy));
    }
    let mut tried: Vec<Sibling> = Vec::new();
    for s in &g.proof.rows {
        tried.push(s.sibling);
        let want = if s.sibling == Sibling::This || admitted(scope).contains(&s.sibling) {
            Verdict::Admitted
        } else {
            Verdict::Refused
        };
        if s.policy != want || s.expected != want {
            return Err(format!(
                "{}: policy {:?}, scope expects {:?}, table expects {want:?} ({})",
                s.sibling.as_str(),
                s.policy,
                s.expected,
                s.change
            ));
        }
        // Refused siblings are refused by the trust policy itself; admitted ones get credentials
        // whenever the token itself does.
        let outcome_ok = match want {
            Verdict::Refused => s.outcome == Some(Outcome::Failure),
            _ => s.outcome == this.outcome,
        };
        if !outcome_ok {
            return Err(format!("{}: outcome {:?}", s.sibling.as_str(), s.outcome));
        }
    }
    for s in required(r.family)
        .iter()
        .chain(&[Sibling::OtherIssuer, Sibling::OtherAudience])
    {
        if !tried.contains(s) {
            return Err(format!("sibling {} not tried", s.as_str()));
        }
    }
    Ok(())
}

#[test]
fn generate_table_every_family_and_scope() {
    let mut failures = Vec::new();
    let mut count = 0;
    for r in rows() {
        for scope in Scope::ALL {
            let result = generate::generate(
                &r.token,
                &Options {
                    account: None,
                    scope,
                    partition: None,
                },
            );
            if r.scopes.contains(&scope) {
                count += 1;
                if let Err(e) = check(&r, scope) {
                    failures.push(format!("{} / {}: {e}", r.name, scope.as_str()));
                }
            } else if !matches!(result, Err(GenerateError::ScopeNotApplicable { .. })) {
                failures.push(format!(
                    "{} / {}: expected ScopeNotApplicable, found {:?}",
                    r.name,
                    scope.as_str(),
                    result.map(|g| g.policy_text)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 60, "only {count} rows ran");
}

/// IAM refuses a role trusting GitHub unless `sub` is scoped: no scope leaves it out or writes
/// a bare `*`.
#[test]
fn generate_github_sub_always_scoped_to_a_repository() {
    for r in rows().into_iter().filter(|r| r.family == Family::GitHub) {
        for scope in &r.scopes {
            let g = generate::generate(
                &r.token,
                &Options {
                    account: None,
                    scope: *scope,
                    partition: None,
                },
            )
            .unwrap();
            let cond = &g.policy["Statement"][0]["Condition"];
            let prefix = tokenscope::core::sts::provider_prefix(&g.provider_url).to_string();
            let sub = [&cond["StringEquals"], &cond["StringLike"]]
                .iter()
                .find_map(|c| {
                    c.get(format!("{prefix}:sub"))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| panic!("{}: no sub condition", r.name));
            assert!(
                sub.starts_with("repo:") && sub.len() > "repo:*".len(),
                "{}: {sub}",
                r.name
            );
            assert_eq!(cond["StringEquals"][format!("{prefix}:aud")], g.audience);
        }
    }
}

/// Shared issuers (GitHub, gitlab.com, app.terraform.io, agent.buildkite.com) and per-organization
/// ones alike: every scope writes a `sub` condition that names the repository, project, workspace,
/// pipeline or namespace, never a bare or owner-wide wildcard.
#[test]
fn generate_sub_always_names_the_workload() {
    for r in rows() {
        let required = match r.family {
            Family::Kubernetes => "system:serviceaccount:",
            Family::GitHub => "repo:",
            Family::GitLab => "project_path:",
            Family::Terraform | Family::Buildkite => "organization:",
            Family::CircleCi => "org/",
            Family::Google | Family::Cognito | Family::Other => "",
        };
        for scope in &r.scopes {
            let options = Options {
                account: None,
                scope: *scope,
                partition: None,
            };
            let g = generate::generate(&r.token, &options).unwrap();
            let v = &g.subject.value;
            assert!(
                v.starts_with(required),
                "{} / {}: {v}",
                r.name,
                scope.as_str()
            );
            let fixed = v.trim_end_matches('*');
            // The fixed part goes past the prefix, and up to a separator: never `repo:*`,
            // `project_path:group/*` or `organization:o:*`.
            assert!(
                fixed.len() > required.len() + 1 && !fixed.contains('*'),
                "{} / {}: {v}",
                r.name,
                scope.as_str()
            );
            if g.subject.operator == Operator::StringLike {
                assert!(
                    fixed.ends_with([':', '/']),
                    "{} / {}: {v}",
                    r.name,
                    scope.as_str()
                );
                let parts = fixed.matches([':', '/']).count();
                assert!(parts >= 3, "{} / {}: {v}", r.name, scope.as_str());
            }
        }
    }
}

/// The built-in providers (IAM User Guide, `id_roles_providers_create_oidc`: no IAM OIDC provider
/// for Google or Cognito): the policy names the provider itself as the principal, its keys carry
/// the provider's name, Google's audience is `azp` (IAM's `accounts.google.com:aud`), Cognito's
/// identity must be authenticated (`ForAnyValue:StringLike` on the multivalued `amr`, as the
/// Cognito developer guide's policies do), and no provider is to be registered.
#[test]
fn generate_builtin_providers_name_the_provider_and_pin_its_keys() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/issuers/tokens");
    let read = |name: &str| {
        let text = std::fs::read_to_string(format!("{dir}/{name}.jwt")).unwrap();
        jwt::decode(&text).unwrap()
    };
    let g = generate::generate(&read("google"), &Options::default()).unwrap();
    assert!(g.builtin);
    assert_eq!(g.provider_url, "accounts.google.com");
    let st = &g.policy["Statement"][0];
    assert_eq!(st["Principal"]["Federated"], "accounts.google.com");
    let eq = &st["Condition"]["StringEquals"];
    assert_eq!(
        eq["accounts.google.com:aud"],
        "1234987819200.apps.googleusercontent.com"
    );
    assert_eq!(
        eq["accounts.google.com:sub"],
        "10769150350006150715113082367"
    );
    assert!(
        g.notes.iter().any(|n| n.contains("built into IAM")),
        "{:?}",
        g.notes
    );
    assert!(
        !g.notes.iter().any(|n| n.contains("register")),
        "{:?}",
        g.notes
    );

    // A Google token whose `azp` differs from `aud`: the policy pins `azp`, and another client
    // (another `azp`) is refused while another `aud` alone is not what IAM compares.
    let mut claims = read("google").claims;
    claims.insert("aud".into(), json!("other-audience-of-the-app"));
    let g = generate::generate(&token_for(&Value::Object(claims)), &Options::default()).unwrap();
    assert_eq!(
        g.policy["Statement"][0]["Condition"]["StringEquals"]["accounts.google.com:aud"],
        "1234987819200.apps.googleusercontent.com"
    );
    let client = g
        .proof
        .rows
        .iter()
        .find(|r| r.sibling == Sibling::OtherAudience)
        .unwrap();
    assert!(client.change.starts_with("`azp`"), "{}", client.change);
    assert_eq!(client.policy, Verdict::Refused);

    let g = generate::generate(&read("cognito"), &Options::default()).unwrap();
    assert_eq!(g.provider_url, "cognito-identity.amazonaws.com");
    let st = &g.policy["Statement"][0];
    assert_eq!(
        st["Principal"]["Federated"],
        "cognito-identity.amazonaws.com"
    );
    assert_eq!(
        st["Condition"]["StringEquals"]["cognito-identity.amazonaws.com:aud"],
        "us-east-1:12345678-abcd-abcd-abcd-123456789012"
    );
    assert_eq!(
        st["Condition"]["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"],
        "authenticated"
    );
    let guest = g
        .proof
        .rows
        .iter()
        .find(|r| r.sibling == Sibling::Unauthenticated)
        .unwrap();
    assert_eq!(
        (guest.expected, guest.policy),
        (Verdict::Refused, Verdict::Refused)
    );

    // A Cognito token without `authenticated` or `unauthenticated` in `amr`: the error names it.
    let mut claims = read("cognito").claims;
    claims.insert("amr".into(), json!(["accounts.google.com"]));
    let e =
        generate::generate(&token_for(&Value::Object(claims)), &Options::default()).unwrap_err();
    assert!(
        matches!(e, GenerateError::Claim { claim: "amr", .. }),
        "{e}"
    );
}

/// The partition of the ARNs: from an EKS issuer's region (China's `.amazonaws.com.cn`, GovCloud's
/// `us-gov-`), else `aws`, and as given; anything else is refused with the list.
#[test]
fn generate_partition_follows_the_eks_region_or_the_option() {
    let arn = |iss: &str, partition: Option<&str>| {
        let options = Options {
            account: Some("444455556666".into()),
            partition: partition.map(str::to_owned),
            ..Options::default()
        };
        let g = generate::generate(&k8s(iss), &options).unwrap();
        g.policy["Statement"][0]["Principal"]["Federated"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let cn = "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/ABCDEF0123456789ABCDEF0123456789";
    assert_eq!(
        arn(cn, None),
        "arn:aws-cn:iam::444455556666:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/ABCDEF0123456789ABCDEF0123456789"
    );
    let gov = "https://oidc.eks.us-gov-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
    assert!(arn(gov, None).starts_with("arn:aws-us-gov:iam::444455556666:oidc-provider/"));
    let std = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
    assert!(arn(std, None).starts_with("arn:aws:iam::"));
    assert!(arn(GH_ISS, None).starts_with("arn:aws:iam::"));
    assert!(arn(GH_ISS, Some("aws-us-gov")).starts_with("arn:aws-us-gov:iam::"));
    let options = Options {
        partition: Some("aws-moon".into()),
        ..Options::default()
    };
    let e = generate::generate(&k8s(std), &options).unwrap_err();
    assert!(matches!(e, GenerateError::Partition { .. }), "{e}");
    assert!(e.to_string().contains("aws-cn"), "{e}");
    // The proof ran in that partition too: the token itself is admitted.
    let options = Options {
        partition: Some("aws-cn".into()),
        ..Options::default()
    };
    let g = generate::generate(&k8s(cn), &options).unwrap();
    assert_eq!(g.proof.rows[0].policy, Verdict::Admitted);
}
