//! GitLab CI/CD ID tokens: gitlab.com or a self-managed instance (its own URL is the issuer);
//! `sub` is `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME`.

use serde_json::{Map, Value};

use super::{
    ClaimNote, Fact, OIDC_CONDITION_KEYS, Part, Preset, PresetId, Recognised, SubjectFormat,
    SubjectParts, https_path, key_value_parts,
};

const ID_TOKENS: &str = "https://docs.gitlab.com/ci/secrets/id_token_authentication/";
const AWS_HOWTO: &str = "https://docs.gitlab.com/ci/cloud_services/aws/";

/// GitLab.
pub(super) const PRESET: Preset = Preset {
    id: PresetId::GitLab,
    name: "GitLab CI/CD",
    recognised_by: "`iss` is `https://gitlab.com`, or a self-managed instance's URL with GitLab's \
                    `project_path`, `namespace_path` and `ref_type` claims",
    docs: ID_TOKENS,
    builtin: false,
    subject: SubjectFormat::Documented {
        pattern: "project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME",
        source: ID_TOKENS,
    },
    claims: &[
        ClaimNote {
            claim: "sub",
            meaning: Fact {
                text: "`project_path:{group}/{project}:ref_type:{type}:ref:{branch_name}`.",
                source: ID_TOKENS,
            },
        },
        ClaimNote {
            claim: "aud",
            meaning: Fact {
                text: "The audience the job's `id_tokens` entry asks for; GitLab has no default.",
                source: ID_TOKENS,
            },
        },
        ClaimNote {
            claim: "project_path",
            meaning: Fact {
                text: "The project, `group/project` (subgroups included).",
                source: ID_TOKENS,
            },
        },
        ClaimNote {
            claim: "ref",
            meaning: Fact {
                text: "The branch or tag name, without `refs/heads/`; `ref_type` says which.",
                source: ID_TOKENS,
            },
        },
    ],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "`https://gitlab.com` is one issuer for every project on gitlab.com: a role \
                   whose `gitlab.com:sub` is not scoped to the project path trusts them all.",
            source: AWS_HOWTO,
        },
        Fact {
            text: "The job has no `id_tokens` entry with the provider's client ID as `aud`, so \
                   its token is for another audience (or it has none).",
            source: ID_TOKENS,
        },
        Fact {
            text: "`ref` is written as `refs/heads/main`: GitLab's `sub` carries the bare name \
                   (`ref:main`) with `ref_type:branch`.",
            source: ID_TOKENS,
        },
    ],
};

/// gitlab.com by its URL; a self-managed instance by GitLab's claims.
pub(super) fn recognise(iss: &str, claims: &Map<String, Value>) -> Option<Recognised> {
    let host = https_path(iss)?;
    let gitlab_claims = ["project_path", "namespace_path", "ref_type"]
        .iter()
        .all(|c| claims.get(*c).is_some_and(Value::is_string));
    (iss == "https://gitlab.com" || gitlab_claims).then(|| Recognised {
        preset: &PRESET,
        issuer_parts: vec![Part::new("instance", host)],
        split,
    })
}

/// `project_path:GROUP/PROJECT:ref_type:TYPE:ref:NAME`.
pub(super) fn split(sub: &str) -> Option<SubjectParts> {
    let parts = key_value_parts(sub, &["project_path", "ref_type", "ref"])?;
    let [path, ref_type, name] = parts.as_slice() else {
        return None;
    };
    let (group, project) = path.value.rsplit_once('/')?;
    if group.is_empty() || project.is_empty() {
        return None;
    }
    let form = match ref_type.value.as_str() {
        "branch" => "branch",
        "tag" => "tag",
        _ => return None,
    };
    Some(SubjectParts {
        form,
        parts: vec![
            Part::new("group", group),
            Part::new("project", project),
            Part::new("ref_type", &ref_type.value),
            Part::new("ref", &name.value),
        ],
    })
}
