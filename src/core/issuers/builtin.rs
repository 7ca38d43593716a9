//! The identity providers IAM knows without an IAM OIDC provider that issue JWTs: Google
//! (`accounts.google.com`) and Amazon Cognito identity pools (`cognito-identity.amazonaws.com`).
//! Their trust policies name them in `Principal.Federated`, and their condition keys are
//! IAM's own (`accounts.google.com:aud` is `azp` when present; Cognito's `amr` is multivalued).

use serde_json::{Map, Value};

use super::{
    ClaimNote, ConditionKeys, Fact, IAM_WIF_KEYS, Preset, PresetId, Recognised, SubjectFormat,
};

const CREATE_OIDC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html";
const GOOGLE_ID_TOKEN: &str =
    "https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload";
const COGNITO_TRUST: &str =
    "https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html";
const STS_API: &str =
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html";

/// Google.
pub(super) const GOOGLE: Preset = Preset {
    id: PresetId::Google,
    name: "Google (IAM built-in provider)",
    recognised_by: "`iss` is `https://accounts.google.com` or `accounts.google.com`",
    docs: GOOGLE_ID_TOKEN,
    builtin: true,
    subject: SubjectFormat::Opaque {
        note: "Google's `sub` is the account's unique, never reused identifier; it has no parts",
        source: GOOGLE_ID_TOKEN,
    },
    claims: &[
        ClaimNote {
            claim: "azp",
            meaning: Fact {
                text: "The client the token was issued to; when present, IAM's \
                       `accounts.google.com:aud` is this value and `accounts.google.com:oaud` \
                       is the token's `aud`.",
                source: IAM_WIF_KEYS,
            },
        },
        ClaimNote {
            claim: "aud",
            meaning: Fact {
                text: "The audience; IAM's `accounts.google.com:aud` when the token has no `azp`.",
                source: IAM_WIF_KEYS,
            },
        },
    ],
    condition_keys: ConditionKeys {
        claims: &["aud", "oaud", "sub"],
        fact: Fact {
            text: "`accounts.google.com:aud` (the token's `azp` if present, else its `aud`), \
                   `accounts.google.com:oaud` (the token's `aud` when `azp` is present) and \
                   `accounts.google.com:sub`.",
            source: IAM_WIF_KEYS,
        },
    },
    mistakes: &[
        Fact {
            text: "An IAM OIDC provider created for Google: AWS says not to; the trust policy \
                   names `accounts.google.com` as the federated principal.",
            source: CREATE_OIDC,
        },
        Fact {
            text: "`accounts.google.com:aud` compared with the token's `aud` while the token has \
                   `azp` (service-account tokens do): IAM compares `azp` there.",
            source: IAM_WIF_KEYS,
        },
    ],
};

/// Amazon Cognito identity pools.
pub(super) const COGNITO: Preset = Preset {
    id: PresetId::Cognito,
    name: "Amazon Cognito identity pool (IAM built-in provider)",
    recognised_by: "`iss` is `https://cognito-identity.amazonaws.com`",
    docs: COGNITO_TRUST,
    builtin: true,
    subject: SubjectFormat::Opaque {
        note: "Cognito's `sub` is the identity id in the identity pool; it is not split here",
        source: COGNITO_TRUST,
    },
    claims: &[
        ClaimNote {
            claim: "aud",
            meaning: Fact {
                text: "The identity pool id.",
                source: COGNITO_TRUST,
            },
        },
        ClaimNote {
            claim: "amr",
            meaning: Fact {
                text: "`authenticated` or `unauthenticated`, and the login provider: several \
                       values, matched with `ForAnyValue:StringLike`.",
                source: COGNITO_TRUST,
            },
        },
    ],
    condition_keys: ConditionKeys {
        claims: &["aud", "sub", "amr"],
        fact: Fact {
            text: "`cognito-identity.amazonaws.com:aud` (the identity pool id), `:sub` and the \
                   multivalued `:amr`.",
            source: IAM_WIF_KEYS,
        },
    },
    mistakes: &[
        Fact {
            text: "No `cognito-identity.amazonaws.com:aud` condition: a user of an unintended \
                   identity pool can assume the role (AWS requires the condition on roles \
                   assumed across accounts).",
            source: STS_API,
        },
        Fact {
            text: "`amr` matched with a single-valued operator instead of \
                   `ForAnyValue:StringLike`.",
            source: COGNITO_TRUST,
        },
    ],
};

/// By the issuer name (Google writes it with or without `https://`).
pub(super) fn recognise(iss: &str, _claims: &Map<String, Value>) -> Option<Recognised> {
    let preset = match iss.strip_prefix("https://").unwrap_or(iss) {
        "accounts.google.com" => &GOOGLE,
        "cognito-identity.amazonaws.com" if iss.starts_with("https://") => &COGNITO,
        _ => return None,
    };
    Some(Recognised {
        preset,
        issuer_parts: Vec::new(),
        split: |_| None,
    })
}

/// The condition-key prefix of a built-in provider (its name), else `None`.
pub(super) fn key_prefix(preset: &Preset) -> Option<&'static str> {
    match preset.id {
        PresetId::Google => Some("accounts.google.com"),
        PresetId::Cognito => Some("cognito-identity.amazonaws.com"),
        _ => None,
    }
}
