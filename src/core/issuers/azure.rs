//! Microsoft: Azure DevOps service-connection tokens (`https://vstoken.dev.azure.com/<org id>`,
//! `sub` `sc://ORG/PROJECT/SERVICE_CONNECTION`) and Microsoft Entra ID tokens
//! (`https://login.microsoftonline.com/<tenant>/v2.0`, `https://sts.windows.net/<tenant>/`).

use serde_json::{Map, Value};

use super::{
    ClaimNote, Fact, IAM_WIF_KEYS, OIDC_CONDITION_KEYS, Part, Preset, PresetId, Recognised,
    SubjectFormat, SubjectParts, segment,
};

const WIF: &str = "https://learn.microsoft.com/en-us/azure/devops/pipelines/release/configure-workload-identity?view=azure-devops";
const CONVERT: &str = "https://learn.microsoft.com/en-us/azure/devops/pipelines/release/convert-service-connections?view=azure-devops";
const ID_TOKEN: &str =
    "https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference";
const ACCESS_TOKEN: &str =
    "https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference";

/// Azure DevOps with its own issuer.
pub(super) const DEVOPS: Preset = Preset {
    id: PresetId::AzureDevOps,
    name: "Azure DevOps (service connection)",
    recognised_by: "`iss` is `https://vstoken.dev.azure.com/<organization id>`",
    docs: WIF,
    builtin: false,
    subject: SubjectFormat::Documented {
        pattern: "sc://ORGANIZATION/PROJECT/SERVICE_CONNECTION",
        source: WIF,
    },
    claims: &[ClaimNote {
        claim: "sub",
        meaning: Fact {
            text: "The federation subject `sc://<organization>/<project>/<service connection>`: \
                   only that service connection gets the token.",
            source: WIF,
        },
    }],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[Fact {
        text: "The Azure DevOps issuer (`https://vstoken.dev.azure.com/…`) is being retired in \
               favour of the Microsoft Entra issuer (`https://login.microsoftonline.com/…`): a \
               converted service connection's tokens carry the new issuer, which needs its own \
               IAM OIDC provider and condition keys.",
        source: CONVERT,
    }],
};

/// Microsoft Entra ID.
pub(super) const ENTRA: Preset = Preset {
    id: PresetId::EntraId,
    name: "Microsoft Entra ID",
    recognised_by: "`iss` is `https://login.microsoftonline.com/<tenant>/v2.0` (v2.0 tokens) or \
                    `https://sts.windows.net/<tenant>/` (v1.0 tokens)",
    docs: ID_TOKEN,
    builtin: false,
    subject: SubjectFormat::Opaque {
        note: "Entra's `sub` is an opaque pairwise identifier: the same principal has a different \
               `sub` for each application; it has no parts",
        source: ID_TOKEN,
    },
    claims: &[
        ClaimNote {
            claim: "oid",
            meaning: Fact {
                text: "The principal's object id, the same for every application (not a \
                       condition key IAM exposes).",
                source: ID_TOKEN,
            },
        },
        ClaimNote {
            claim: "tid",
            meaning: Fact {
                text: "The tenant that issued the token.",
                source: ID_TOKEN,
            },
        },
    ],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "v1.0 and v2.0 tokens have different issuers (`sts.windows.net/<tenant>/` and \
                   `login.microsoftonline.com/<tenant>/v2.0`): register the one the tokens carry.",
            source: ACCESS_TOKEN,
        },
        Fact {
            text: "Trusting `oid`: IAM exposes only `aud`, `sub`, `azp`, `amr` and `email`, so a \
                   condition on `oid` is on an absent key; scope `sub`, which is per application.",
            source: IAM_WIF_KEYS,
        },
    ],
};

/// By the issuer URL.
pub(super) fn recognise(iss: &str, _claims: &Map<String, Value>) -> Option<Recognised> {
    if let Some(org) = iss
        .strip_prefix("https://vstoken.dev.azure.com/")
        .and_then(segment)
    {
        return Some(Recognised {
            preset: &DEVOPS,
            issuer_parts: vec![Part::new("organization id", org)],
            split: split_devops,
        });
    }
    let tenant = iss
        .strip_prefix("https://login.microsoftonline.com/")
        .and_then(|r| r.strip_suffix("/v2.0"))
        .or_else(|| {
            iss.strip_prefix("https://sts.windows.net/")
                .and_then(|r| r.strip_suffix('/'))
        })
        .and_then(segment)?;
    Some(Recognised {
        preset: &ENTRA,
        issuer_parts: vec![Part::new("tenant", tenant)],
        split: |_| None,
    })
}

/// `sc://ORGANIZATION/PROJECT/SERVICE_CONNECTION`.
fn split_devops(sub: &str) -> Option<SubjectParts> {
    let mut pieces = sub.strip_prefix("sc://")?.split('/');
    let mut parts = Vec::new();
    for name in ["organization", "project", "service connection"] {
        parts.push(Part::new(name, segment(pieces.next()?)?));
    }
    pieces.next().is_none().then_some(SubjectParts {
        form: "service connection",
        parts,
    })
}
