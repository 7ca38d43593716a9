//! Bitbucket Pipelines OIDC tokens: one issuer per workspace,
//! `https://api.bitbucket.org/2.0/workspaces/WORKSPACE/pipelines-config/identity/oidc`.

use serde_json::{Map, Value};

use super::{
    ClaimNote, Fact, OIDC_CONDITION_KEYS, Part, Preset, PresetId, Recognised, SubjectFormat,
    SubjectParts, segment,
};

const AWS_HOWTO: &str = "https://support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/";
const OIDC: &str = "https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/";

/// Bitbucket Pipelines.
pub(super) const PRESET: Preset = Preset {
    id: PresetId::Bitbucket,
    name: "Bitbucket Pipelines",
    recognised_by: "`iss` is `https://api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc`",
    docs: OIDC,
    builtin: false,
    subject: SubjectFormat::Unconfirmed {
        note: "the layout of Bitbucket's `sub` is not confirmed in Atlassian's documentation \
               found for this preset (it documents the identity provider URL and audience): \
               `sub` is shown whole",
    },
    claims: &[ClaimNote {
        claim: "aud",
        meaning: Fact {
            text: "The audience shown on the repository's OpenID Connect settings page \
                   (`ari:cloud:bitbucket::workspace/<workspace uuid>`): the provider's client ID.",
            source: AWS_HOWTO,
        },
    }],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "The step does not set `oidc: true`, so it gets no token.",
            source: OIDC,
        },
        Fact {
            text: "The provider URL or audience typed by hand instead of copied from the \
                   repository's OpenID Connect settings: each workspace has its own.",
            source: AWS_HOWTO,
        },
    ],
};

/// By the issuer URL.
pub(super) fn recognise(iss: &str, _claims: &Map<String, Value>) -> Option<Recognised> {
    let workspace = iss
        .strip_prefix("https://api.bitbucket.org/2.0/workspaces/")?
        .strip_suffix("/pipelines-config/identity/oidc")
        .and_then(segment)?;
    Some(Recognised {
        preset: &PRESET,
        issuer_parts: vec![Part::new("workspace", workspace)],
        split,
    })
}

/// Not split: the format is unconfirmed.
fn split(_sub: &str) -> Option<SubjectParts> {
    None
}
