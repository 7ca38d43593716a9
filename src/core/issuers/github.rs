//! GitHub Actions: github.com (`https://token.actions.githubusercontent.com`), an enterprise's own
//! issuer (`https://token.actions.githubusercontent.com/<enterprise>`) and GitHub Enterprise
//! Server (`https://HOST/_services/token`). Every subject form: environment, pull request,
//! branch, tag, customised subject templates, and the immutable `repo:ORG@id/REPO@id` form.

use serde_json::{Map, Value};

use super::{
    ClaimNote, ConditionKeys, Fact, IAM_WIF_KEYS, OIDC_CONDITION_KEYS, Part, Preset, PresetId,
    Recognised, SubjectFormat, SubjectParts, segment,
};
use crate::core::claims::GITHUB_ISSUER;

const OIDC_REF: &str = "https://docs.github.com/en/actions/reference/security/oidc";
const GHEC_REF: &str =
    "https://docs.github.com/en/enterprise-cloud@latest/actions/reference/security/oidc";
const GHES_REF: &str =
    "https://docs.github.com/en/enterprise-server@latest/actions/reference/security/oidc";
const AWS_HOWTO: &str = "https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services";
const IMMUTABLE: &str = "https://github.blog/changelog/2026-04-23-immutable-subject-claims-for-github-actions-oidc-tokens/";
const MULTI_VALUE: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html";

const SUBJECT: SubjectFormat = SubjectFormat::Documented {
    pattern: "repo:ORG/REPO:environment:NAME | repo:ORG/REPO:pull_request | \
              repo:ORG/REPO:ref:refs/heads/BRANCH | repo:ORG/REPO:ref:refs/tags/TAG | \
              a customised template of `claim:value` pairs; ORG@id/REPO@id when immutable",
    source: OIDC_REF,
};

const CLAIMS: &[ClaimNote] = &[
    ClaimNote {
        claim: "sub",
        meaning: Fact {
            text: "`repo:<org>/<repo>:` then the job's context: `environment:<name>` when the job \
                   names an environment, else `pull_request` for pull-request events, else \
                   `ref:<git ref>`; or the claims of a customised subject template.",
            source: OIDC_REF,
        },
    },
    ClaimNote {
        claim: "aud",
        meaning: Fact {
            text: "The repository owner's URL by default; `sts.amazonaws.com` when requested by \
                   aws-actions/configure-aws-credentials.",
            source: AWS_HOWTO,
        },
    },
    ClaimNote {
        claim: "repository",
        meaning: Fact {
            text: "The repository the workflow runs in, `<org>/<repo>`.",
            source: OIDC_REF,
        },
    },
    ClaimNote {
        claim: "job_workflow_ref",
        meaning: Fact {
            text: "The workflow file (and its ref) that defines the job: a reusable workflow's \
                   own path.",
            source: OIDC_REF,
        },
    },
    ClaimNote {
        claim: "environment",
        meaning: Fact {
            text: "The deployment environment the job uses, when it names one.",
            source: OIDC_REF,
        },
    },
];

const MISTAKES: &[Fact] = &[
    Fact {
        text: "`sub` left unscoped, or scoped as `repo:ORG/*`: every repository on GitHub (or of \
               the owner) can assume the role. Scope `token.actions.githubusercontent.com:sub` to \
               the repository and context.",
        source: AWS_HOWTO,
    },
    Fact {
        text: "A policy for `ref:refs/heads/main` refuses jobs that name an environment or run for \
               a pull request: their `sub` ends in `environment:<name>` or `pull_request` instead.",
        source: OIDC_REF,
    },
    Fact {
        text: "Repositories created or renamed on or after 2026-07-15 get immutable subjects \
               `repo:ORG@<id>/REPO@<id>:…`, which `repo:ORG/REPO:*` does not match.",
        source: IMMUTABLE,
    },
    Fact {
        text: "The workflow lacks `permissions: id-token: write`, so no token is issued at all.",
        source: AWS_HOWTO,
    },
    Fact {
        text: "`ForAllValues:` on `sub` in an Allow statement is true when the key is absent: it \
               admits tokens it was meant to refuse.",
        source: MULTI_VALUE,
    },
];

/// GitHub-specific claims IAM exposes for `token.actions.githubusercontent.com`.
const GITHUB_COM_KEYS: &[&str] = &[
    "aud",
    "sub",
    "azp",
    "amr",
    "email",
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];

/// github.com.
pub(super) const GITHUB_COM: Preset = Preset {
    id: PresetId::GitHub,
    name: "GitHub Actions (github.com)",
    recognised_by: "`iss` is `https://token.actions.githubusercontent.com`",
    docs: OIDC_REF,
    builtin: false,
    subject: SUBJECT,
    claims: CLAIMS,
    condition_keys: ConditionKeys {
        claims: GITHUB_COM_KEYS,
        fact: Fact {
            text: "Besides the OIDC keys, IAM exposes GitHub's `actor`, `actor_id`, \
                   `job_workflow_ref`, `repository`, `repository_id`, `workflow`, `ref`, \
                   `environment` and `enterprise_id` for `token.actions.githubusercontent.com`.",
            source: IAM_WIF_KEYS,
        },
    },
    mistakes: MISTAKES,
};

/// An enterprise's own issuer.
pub(super) const ENTERPRISE: Preset = Preset {
    id: PresetId::GitHubEnterprise,
    name: "GitHub Actions (enterprise issuer)",
    recognised_by: "`iss` is `https://token.actions.githubusercontent.com/<enterprise>`",
    docs: GHEC_REF,
    builtin: false,
    subject: SUBJECT,
    claims: CLAIMS,
    condition_keys: ConditionKeys {
        claims: OIDC_CONDITION_KEYS.claims,
        fact: Fact {
            text: "IAM documents GitHub's own keys (`repository`, `ref`, …) for \
                   `token.actions.githubusercontent.com`; that they apply to an enterprise's \
                   issuer is not confirmed there, so only the OIDC keys are listed.",
            source: IAM_WIF_KEYS,
        },
    },
    mistakes: &[
        Fact {
            text: "The IAM OIDC provider is registered for `https://token.actions.githubusercontent.com` \
                   while the enterprise's tokens carry its own issuer URL: register that URL, and \
                   write condition keys with its path.",
            source: GHEC_REF,
        },
        MISTAKES_FIRST,
    ],
};

const MISTAKES_FIRST: Fact = Fact {
    text: "`sub` left unscoped, or scoped as `repo:ORG/*`: every repository of the issuer (or of \
           the owner) can assume the role.",
    source: AWS_HOWTO,
};

/// GitHub Enterprise Server.
pub(super) const SERVER: Preset = Preset {
    id: PresetId::GitHubServer,
    name: "GitHub Actions (GitHub Enterprise Server)",
    recognised_by: "`iss` is `https://<host>/_services/token`",
    docs: GHES_REF,
    builtin: false,
    subject: SUBJECT,
    claims: CLAIMS,
    condition_keys: ConditionKeys {
        claims: OIDC_CONDITION_KEYS.claims,
        fact: Fact {
            text: "IAM documents GitHub's own keys for `token.actions.githubusercontent.com`; \
                   for a GitHub Enterprise Server issuer only the OIDC keys are confirmed.",
            source: IAM_WIF_KEYS,
        },
    },
    mistakes: &[
        Fact {
            text: "STS must reach `https://<host>/_services/token/.well-known/openid-configuration` \
                   and its keys from the internet; a server reachable only inside the company \
                   network gets `Couldn't retrieve verification key`.",
            source: GHES_REF,
        },
        MISTAKES_FIRST,
    ],
};

/// By the issuer URL.
pub(super) fn recognise(iss: &str, _claims: &Map<String, Value>) -> Option<Recognised> {
    let found = |preset: &'static Preset, issuer_parts: Vec<Part>| Recognised {
        preset,
        issuer_parts,
        split,
    };
    if iss == GITHUB_ISSUER {
        return Some(found(&GITHUB_COM, Vec::new()));
    }
    if let Some(slug) = iss
        .strip_prefix(GITHUB_ISSUER)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(segment)
    {
        return Some(found(&ENTERPRISE, vec![Part::new("enterprise", slug)]));
    }
    let host = iss
        .strip_prefix("https://")?
        .strip_suffix("/_services/token")
        .and_then(segment)?;
    Some(found(&SERVER, vec![Part::new("host", host)]))
}

/// Any documented subject form.
pub(super) fn split(sub: &str) -> Option<SubjectParts> {
    let default = sub
        .strip_prefix("repo:")
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(repo, context)| default_form(repo, context));
    default.or_else(|| custom_template(sub))
}

/// `repo:ORG/REPO:<context>` with a context GitHub writes by default.
fn default_form(repo: &str, context: &str) -> Option<SubjectParts> {
    let mut parts = repository_parts(repo)?;
    let (form, extra) = if let Some(env) = context.strip_prefix("environment:") {
        ("environment", Part::new("environment", env))
    } else if context == "pull_request" {
        ("pull request", Part::new("event", "pull_request"))
    } else if let Some(branch) = context.strip_prefix("ref:refs/heads/") {
        ("branch", Part::new("branch", branch))
    } else if let Some(tag) = context.strip_prefix("ref:refs/tags/") {
        ("tag", Part::new("tag", tag))
    } else {
        return None;
    };
    if extra.value.is_empty() || extra.value.contains(':') {
        return None;
    }
    parts.push(extra);
    Some(SubjectParts { form, parts })
}

/// `ORG/REPO` or the immutable `ORG@ID/REPO@ID`.
fn repository_parts(repo: &str) -> Option<Vec<Part>> {
    let (owner, name) = repo.split_once('/')?;
    let owner = segment(owner)?;
    let name = segment(name)?;
    let (owner_name, owner_id) = owner.split_once('@').unwrap_or((owner, ""));
    let (repo_name, repo_id) = name.split_once('@').unwrap_or((name, ""));
    let mut parts = vec![
        Part::new("owner", owner_name),
        Part::new("repository", &format!("{owner_name}/{repo_name}")),
    ];
    if owner_id.is_empty() != repo_id.is_empty() {
        return None;
    }
    if !owner_id.is_empty() {
        parts.push(Part::new("owner id", owner_id));
        parts.push(Part::new("repository id", repo_id));
    }
    Some(parts)
}

/// A customised subject: the claims named by `include_claim_keys`, each as `claim:value`, where
/// the `context` key contributes the default context (`pull_request` standing alone).
fn custom_template(sub: &str) -> Option<SubjectParts> {
    let mut pieces = sub.split(':');
    let mut parts = Vec::new();
    while let Some(key) = pieces.next() {
        if key.is_empty() {
            return None;
        }
        if key == "pull_request" {
            parts.push(Part::new("event", key));
            continue;
        }
        let value = pieces.next().filter(|v| !v.is_empty())?;
        parts.push(Part::new(key, value));
    }
    (!parts.is_empty()).then_some(SubjectParts {
        form: "customised template",
        parts,
    })
}
