//! The fallback: any OIDC issuer no other preset recognises.

use super::{ClaimNote, Fact, OIDC_CONDITION_KEYS, Preset, PresetId, Recognised, SubjectFormat};

const CREATE_OIDC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html";

/// Any OIDC issuer.
pub(super) const PRESET: Preset = Preset {
    id: PresetId::Generic,
    name: "OIDC issuer (generic)",
    recognised_by: "no other preset recognises the issuer",
    docs: CREATE_OIDC,
    builtin: false,
    subject: SubjectFormat::Unconfirmed {
        note: "a generic issuer: its `sub` has no format known here and is shown whole",
    },
    claims: &[ClaimNote {
        claim: "iss",
        meaning: Fact {
            text: "Must equal the IAM OIDC provider's URL byte for byte, and serve \
                   `/.well-known/openid-configuration` over https.",
            source: CREATE_OIDC,
        },
    }],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[Fact {
        text: "The provider registered with a different URL than `iss` (a trailing slash, \
               another path or case).",
        source: CREATE_OIDC,
    }],
};

/// The generic preset, for a token no recogniser took.
pub(super) fn recognised() -> Recognised {
    Recognised {
        preset: &PRESET,
        issuer_parts: Vec::new(),
        split: |_| None,
    }
}
