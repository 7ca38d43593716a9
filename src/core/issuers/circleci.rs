//! CircleCI OIDC tokens: one issuer per organization (`https://oidc.circleci.com/org/ORG_ID`),
//! audience the organization id, `sub` `org/ORG_ID/project/PROJECT_ID/user/USER_ID`.

use serde_json::{Map, Value};

use super::{
    ClaimNote, ConditionKeys, Fact, OIDC_KEYS, Part, Preset, PresetId, Recognised, SubjectFormat,
    SubjectParts, segment,
};

const TOKENS: &str = "https://circleci.com/docs/openid-connect-tokens/";
const STS_CLAIMS: &str = "https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/";

/// CircleCI.
pub(super) const PRESET: Preset = Preset {
    id: PresetId::CircleCi,
    name: "CircleCI",
    recognised_by: "`iss` is `https://oidc.circleci.com/org/<organization id>`",
    docs: TOKENS,
    builtin: false,
    subject: SubjectFormat::Documented {
        pattern: "org/ORGANIZATION_ID/project/PROJECT_ID/user/USER_ID",
        source: TOKENS,
    },
    claims: &[
        ClaimNote {
            claim: "sub",
            meaning: Fact {
                text: "`org/<organization id>/project/<project id>/user/<user id>` for \
                       `$CIRCLE_OIDC_TOKEN`; `$CIRCLE_OIDC_TOKEN_V2` adds the source of the change.",
                source: TOKENS,
            },
        },
        ClaimNote {
            claim: "aud",
            meaning: Fact {
                text: "The organization id: a fixed audience, unless the job asks for a custom one.",
                source: TOKENS,
            },
        },
        ClaimNote {
            claim: "oidc.circleci.com/project-id",
            meaning: Fact {
                text: "The project the job runs in.",
                source: TOKENS,
            },
        },
    ],
    condition_keys: ConditionKeys {
        claims: OIDC_KEYS,
        fact: Fact {
            text: "The OIDC keys apply. AWS STS also validates select CircleCI-specific claims \
                   since January 2026; which ones is not confirmed here, so only the OIDC keys \
                   are listed.",
            source: STS_CLAIMS,
        },
    },
    mistakes: &[
        Fact {
            text: "A trust policy that checks only `aud` (the organization id) admits every \
                   project of the organization: scope `sub` to \
                   `org/<organization id>/project/<project id>/user/*`.",
            source: TOKENS,
        },
        Fact {
            text: "The job uses no context, so CircleCI gives it no OIDC token.",
            source: TOKENS,
        },
        Fact {
            text: "Builds of forked pull requests get a token only when \"Pass secrets to builds \
                   from forked pull requests\" is on: turning it on hands the role to forks.",
            source: TOKENS,
        },
    ],
};

/// By the issuer URL.
pub(super) fn recognise(iss: &str, _claims: &Map<String, Value>) -> Option<Recognised> {
    let org = iss
        .strip_prefix("https://oidc.circleci.com/org/")
        .and_then(segment)?;
    Some(Recognised {
        preset: &PRESET,
        issuer_parts: vec![Part::new("organization id", org)],
        split,
    })
}

/// `org/O/project/P/user/U`, and what `$CIRCLE_OIDC_TOKEN_V2` appends, kept whole.
pub(super) fn split(sub: &str) -> Option<SubjectParts> {
    let mut pieces = sub.splitn(7, '/');
    let mut parts = Vec::new();
    for (key, name) in [
        ("org", "organization id"),
        ("project", "project id"),
        ("user", "user id"),
    ] {
        if pieces.next() != Some(key) {
            return None;
        }
        parts.push(Part::new(name, segment(pieces.next()?)?));
    }
    let form = match pieces.next() {
        None => "job",
        Some(rest) if !rest.is_empty() => {
            parts.push(Part::new("source of change (V2, not split)", rest));
            "job (V2 token)"
        }
        Some(_) => return None,
    };
    Some(SubjectParts { form, parts })
}
