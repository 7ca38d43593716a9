//! Buildkite agent OIDC tokens: one issuer for every organization (`https://agent.buildkite.com`),
//! `sub` `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`.

use serde_json::{Map, Value};

use super::{
    ClaimNote, Fact, OIDC_CONDITION_KEYS, Preset, PresetId, Recognised, SubjectFormat,
    SubjectParts, key_value_parts,
};

const AWS_HOWTO: &str = "https://buildkite.com/docs/pipelines/security/oidc/aws";
const CLI: &str = "https://buildkite.com/docs/agent/v3/cli-oidc";
const SUBJECT: &str =
    "https://buildkite.com/docs/apis/workload-identity-federation/buildkite-agents";

/// Buildkite.
pub(super) const PRESET: Preset = Preset {
    id: PresetId::Buildkite,
    name: "Buildkite",
    recognised_by: "`iss` is `https://agent.buildkite.com`",
    docs: AWS_HOWTO,
    builtin: false,
    subject: SubjectFormat::Documented {
        pattern: "organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY",
        source: SUBJECT,
    },
    claims: &[
        ClaimNote {
            claim: "sub",
            meaning: Fact {
                text: "The organization and pipeline slugs, the git ref, the commit and the step.",
                source: SUBJECT,
            },
        },
        ClaimNote {
            claim: "aud",
            meaning: Fact {
                text: "What `buildkite-agent oidc request-token --audience` asked for \
                   (`sts.amazonaws.com` for AWS).",
                source: CLI,
            },
        },
    ],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "Agents of every Buildkite organization share the issuer: a role whose \
                   `agent.buildkite.com:sub` does not start with `organization:<your org>:` \
                   trusts them all.",
            source: SUBJECT,
        },
        Fact {
            text: "The token was requested without `--audience sts.amazonaws.com`, so its `aud` \
                   is not a client ID of the provider.",
            source: CLI,
        },
    ],
};

/// By the issuer URL.
pub(super) fn recognise(iss: &str, _claims: &Map<String, Value>) -> Option<Recognised> {
    (iss == "https://agent.buildkite.com").then(|| Recognised {
        preset: &PRESET,
        issuer_parts: Vec::new(),
        split,
    })
}

/// `organization:O:pipeline:P:ref:R:commit:C:step:S`.
pub(super) fn split(sub: &str) -> Option<SubjectParts> {
    let keys = ["organization", "pipeline", "ref", "commit", "step"];
    let parts = key_value_parts(sub, &keys)?;
    if parts.iter().take(4).any(|p| p.value.is_empty()) {
        return None;
    }
    let r = parts.get(2).map(|p| p.value.as_str()).unwrap_or_default();
    let form = if r.starts_with("refs/heads/") {
        "branch"
    } else if r.starts_with("refs/tags/") {
        "tag"
    } else {
        "ref"
    };
    Some(SubjectParts { form, parts })
}
