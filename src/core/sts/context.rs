//! The request context of `AssumeRoleWithWebIdentity`: [`RequestContext`] resolves condition keys
//! (provider claim keys, `aws:`/`sts:` keys, session tags) from the token and the request, and says
//! why a key is absent or unknown.

use serde_json::{Map, Value};

use super::provider::{BuiltinProvider, iam_provider_possible};
use super::{StsRequest, provider_prefix};
use crate::core::claims::GITHUB_ISSUER;
use crate::core::jwt::Token;
use crate::core::policy::{AbsentReason, Context, ContextValue, PrefixMismatch};
use crate::core::timefmt::format_rfc3339;

/// Claims a generic OIDC provider exposes as condition keys.
const OIDC_KEYS: [&str; 5] = ["aud", "sub", "azp", "amr", "email"];
/// GitHub claims available as condition keys since January 2026 (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
const GITHUB_KEYS: [&str; 9] = [
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
/// Keys whose value depends on the caller, not the token.
const CALLER_KEYS: [&str; 8] = [
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:vpcsourceip",
    "aws:requestedregion",
    "aws:useragent",
    "aws:referer",
    "aws:calledvia",
];

/// The request context built from the token and the request, or, for a policy read without a
/// token ([`RequestContext::for_issuer`]), from the issuer alone: then a claim key of the
/// provider is *unknown* (any token of the provider could bring any value), and a key the
/// provider never supplies is still absent.
pub struct RequestContext<'a> {
    prefix: String,
    /// The token's claims; `None` for any token of the issuer.
    claims: Option<&'a Map<String, Value>>,
    session_name: &'a str,
    at: i64,
    builtin: Option<BuiltinProvider>,
    github: bool,
    /// Whether IAM can hold a provider for the issuer (`provider::iam_provider_possible`).
    provider_possible: bool,
}

impl<'a> RequestContext<'a> {
    /// Builds the context for `token` and `request` at `at`.
    pub fn new(token: &'a Token, request: &'a StsRequest, at: i64) -> Self {
        let iss = token.claim_str("iss").unwrap_or_default();
        let prefix = provider_prefix(iss).to_string();
        RequestContext {
            builtin: BuiltinProvider::from_iss(iss),
            github: iss == GITHUB_ISSUER,
            provider_possible: iam_provider_possible(iss),
            prefix,
            claims: Some(&token.claims),
            session_name: &request.session_name,
            at,
        }
    }

    /// The context of any token of `iss`, in any request: claim keys of the provider are
    /// unknown, keys it never supplies are absent (for reading a policy without a token).
    pub fn for_issuer(iss: &str) -> RequestContext<'static> {
        RequestContext {
            builtin: BuiltinProvider::from_iss(iss),
            github: iss == GITHUB_ISSUER,
            provider_possible: iam_provider_possible(iss),
            prefix: provider_prefix(iss).to_string(),
            claims: None,
            session_name: "",
            at: 0,
        }
    }

    /// The token claims a trust policy can check as `PROVIDER:claim` condition keys for this
    /// provider (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>):
    /// a built-in provider's own keys (Google's `:aud` reads `azp` too), else `aud`, `sub`, `azp`,
    /// `amr` and `email`, and GitHub's further claims for GitHub's issuer.
    pub fn checkable_claims(&self) -> Vec<&'static str> {
        match self.builtin {
            Some(BuiltinProvider::Google) => vec!["aud", "azp", "sub"],
            Some(b) => b.claim_keys().to_vec(),
            None if self.github => OIDC_KEYS.iter().chain(&GITHUB_KEYS).copied().collect(),
            None => OIDC_KEYS.to_vec(),
        }
    }

    fn claim(&self, name: &str, label: &str) -> ContextValue {
        let Some(claims) = self.claims else {
            return ContextValue::Unknown {
                reason: format!("the token's `{name}` (any token of this provider)"),
            };
        };
        match claims.get(name) {
            None => absent(AbsentReason::NoSuchClaim {
                claim: name.to_string(),
            }),
            Some(Value::Array(items)) => ContextValue::Present {
                values: items.iter().map(value_text).collect(),
                multi: items.len() != 1,
                source: format!("the token's `{name}` ({label})"),
            },
            Some(v) => ContextValue::Present {
                values: vec![value_text(v)],
                multi: false,
                source: format!("the token's `{name}`"),
            },
        }
    }

    fn tags(&self) -> Option<&Map<String, Value>> {
        self.claims?
            .get("https://aws.amazon.com/tags")
            .and_then(Value::as_object)
    }
}

pub(super) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Context for RequestContext<'_> {
    fn lookup(&self, key: &str) -> ContextValue {
        let lower = key.to_ascii_lowercase();
        if CALLER_KEYS.contains(&lower.as_str()) {
            return ContextValue::Unknown {
                reason: format!("the caller's request (`{key}` is not in the token)"),
            };
        }
        if let Some(value) = self.request_key(&lower) {
            return match (self.claims, value) {
                // Without a token there is no request either: its values are unknown.
                (None, ContextValue::Present { source, .. }) => ContextValue::Unknown {
                    reason: format!("{source} (any request)"),
                },
                (_, value) => value,
            };
        }
        if let Some(tag) = lower.strip_prefix("aws:requesttag/") {
            return self.request_tag(tag);
        }
        self.provider_key(key)
    }
}

impl RequestContext<'_> {
    /// The `aws:`/`sts:` keys the request itself supplies (`lower` is the key in lower case).
    fn request_key(&self, lower: &str) -> Option<ContextValue> {
        Some(match lower {
            "sts:rolesessionname" => ContextValue::Present {
                values: vec![self.session_name.to_string()],
                multi: false,
                source: "the request's RoleSessionName".into(),
            },
            "aws:currenttime" => ContextValue::Present {
                values: vec![format_rfc3339(self.at)],
                multi: false,
                source: "the evaluation time".into(),
            },
            "aws:epochtime" => ContextValue::Present {
                values: vec![self.at.to_string()],
                multi: false,
                source: "the evaluation time".into(),
            },
            "aws:securetransport" => ContextValue::Present {
                values: vec!["true".into()],
                multi: false,
                source: "STS is called over TLS".into(),
            },
            "sts:sourceidentity" => {
                self.claim("https://aws.amazon.com/source_identity", "source identity")
            }
            "aws:tagkeys" => {
                match self
                    .tags()
                    .and_then(|t| t.get("principal_tags"))
                    .and_then(Value::as_object)
                {
                    Some(tags) => ContextValue::Present {
                        values: tags.keys().cloned().collect(),
                        multi: true,
                        source: "the token's session tags".into(),
                    },
                    None => absent(AbsentReason::NoSessionTags),
                }
            }
            "sts:transitivetagkeys" => {
                match self
                    .tags()
                    .and_then(|t| t.get("transitive_tag_keys"))
                    .and_then(Value::as_array)
                {
                    Some(keys) => ContextValue::Present {
                        values: keys.iter().map(value_text).collect(),
                        multi: true,
                        source: "the token's transitive tag keys".into(),
                    },
                    None => absent(AbsentReason::NoTransitiveTagKeys),
                }
            }
            _ => return None,
        })
    }

    /// `aws:RequestTag/<tag>`: the token's session tag `tag` (lower case).
    fn request_tag(&self, tag: &str) -> ContextValue {
        let found = self
            .tags()
            .and_then(|t| t.get("principal_tags"))
            .and_then(Value::as_object)
            .and_then(|m| {
                m.iter()
                    .find(|(k, _)| k.to_ascii_lowercase() == tag)
                    .map(|(_, v)| v)
            });
        match found {
            Some(Value::Array(v)) => ContextValue::Present {
                values: v.iter().map(value_text).collect(),
                multi: false,
                source: "the token's session tags".into(),
            },
            Some(v) => ContextValue::Present {
                values: vec![value_text(v)],
                multi: false,
                source: "the token's session tags".into(),
            },
            None => absent(AbsentReason::NoSessionTag {
                tag: tag.to_string(),
            }),
        }
    }

    /// A provider claim key (`<issuer>:sub`, …): present only for this token's provider and only
    /// for the claims AWS puts in the request context
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
    fn provider_key(&self, key: &str) -> ContextValue {
        let Some((prefix, claim)) = key.rsplit_once(':') else {
            return absent(AbsentReason::NotAConditionKey {
                key: key.to_string(),
            });
        };
        if key_class(key) != KeyClass::Provider {
            return absent(AbsentReason::NotInRequestContext {
                key: key.to_string(),
            });
        }
        if !prefix.eq_ignore_ascii_case(&self.prefix) {
            return absent(AbsentReason::WrongPrefix {
                written: prefix.to_string(),
                expected: self.prefix.clone(),
                why: if self.provider_possible {
                    prefix_mismatch(prefix, &self.prefix)
                } else {
                    PrefixMismatch::NoProvider
                },
            });
        }
        let claim_l = claim.to_ascii_lowercase();
        match self.builtin {
            Some(BuiltinProvider::Google) => self.google_key(claim, &claim_l),
            Some(b) => {
                if b.claim_keys().contains(&claim_l.as_str()) {
                    self.claim(&claim_l, "array")
                } else {
                    absent(AbsentReason::UnsupportedClaim {
                        claim: claim.to_string(),
                        provider: Some(b.name()),
                        available: b.claim_keys().to_vec(),
                    })
                }
            }
            None => {
                let supported = OIDC_KEYS.contains(&claim_l.as_str())
                    || self.github && GITHUB_KEYS.contains(&claim_l.as_str());
                if !supported {
                    let mut available: Vec<&'static str> = OIDC_KEYS.to_vec();
                    if self.github {
                        available.extend(GITHUB_KEYS);
                    }
                    return absent(AbsentReason::UnsupportedClaim {
                        claim: claim.to_string(),
                        provider: None,
                        available,
                    });
                }
                self.claim(&claim_l, "array")
            }
        }
    }

    /// Google: `:aud` is `azp` when present, else `aud`; `:oaud` is `aud` when `azp` is present
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
    fn google_key(&self, claim: &str, claim_l: &str) -> ContextValue {
        let azp = self.claims.is_some_and(|c| c.contains_key("azp"));
        match claim_l {
            "aud" if azp => self.claim("azp", "Google maps `:aud` to `azp` when present"),
            "oaud" if azp => self.claim("aud", "Google's original audience"),
            "oaud" => absent(AbsentReason::NoOriginalAudience),
            "aud" | "sub" => self.claim(claim_l, "Google"),
            _ => absent(AbsentReason::UnsupportedClaim {
                claim: claim.to_string(),
                provider: Some(BuiltinProvider::Google.name()),
                available: BuiltinProvider::Google.claim_keys().to_vec(),
            }),
        }
    }
}

fn absent(reason: AbsentReason) -> ContextValue {
    ContextValue::Absent { reason }
}

/// What a condition key's prefix makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyClass {
    /// `aws:…`: a global key.
    Global,
    /// `sts:…` and other service prefixes (no `.` or `/`): a service key.
    Service,
    /// Anything else: a provider prefix (host and path of an issuer).
    Provider,
}

/// Global keys are exactly the `aws:` prefix; service prefixes are bare names such as `sts`;
/// every other prefix — `aws-oidc.example.com` included — is a provider's
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>).
pub(super) fn key_class(key: &str) -> KeyClass {
    let first = key.split_once(':').map_or(key, |(p, _)| p);
    if first.eq_ignore_ascii_case("aws") {
        return KeyClass::Global;
    }
    match key.rsplit_once(':') {
        Some((prefix, _)) if !prefix.is_empty() && !prefix.contains(['.', '/']) => {
            KeyClass::Service
        }
        _ => KeyClass::Provider,
    }
}

fn prefix_mismatch(written: &str, expected: &str) -> PrefixMismatch {
    if written.starts_with("https://") || written.starts_with("http://") {
        PrefixMismatch::Scheme
    } else if written.eq_ignore_ascii_case(expected.split('/').next().unwrap_or_default()) {
        PrefixMismatch::MissingPath
    } else if written.trim_end_matches('/') == expected.trim_end_matches('/') {
        PrefixMismatch::TrailingSlash
    } else {
        PrefixMismatch::OtherProvider
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_issuer_provider_claims_unknown_other_prefixes_absent() {
        use crate::core::policy::Context as _;
        let ctx = RequestContext::for_issuer("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        let unknown = |k: &str| matches!(ctx.lookup(k), ContextValue::Unknown { .. });
        assert!(unknown("oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"));
        assert!(unknown("oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"));
        assert!(unknown("sts:RoleSessionName"));
        assert!(unknown("aws:SourceIp"));
        let absent_never = |k: &str| matches!(ctx.lookup(k), ContextValue::Absent { reason } if reason.never_present());
        assert!(absent_never("oidc.eks.eu-west-1.amazonaws.com:sub"));
        assert!(absent_never(
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC:namespace"
        ));
    }

    #[test]
    fn checkable_claims_are_exactly_the_claim_keys_lookup_resolves() {
        use crate::core::policy::Context as _;
        for (iss, prefix, more, not) in [
            (
                "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "email",
                "repository",
            ),
            (
                GITHUB_ISSUER,
                "token.actions.githubusercontent.com",
                "job_workflow_ref",
                "run_id",
            ),
            (
                "https://accounts.google.com",
                "accounts.google.com",
                "sub",
                "email",
            ),
        ] {
            let ctx = RequestContext::for_issuer(iss);
            let checkable = ctx.checkable_claims();
            assert!(checkable.contains(&more), "{iss}: {checkable:?}");
            assert!(!checkable.contains(&not), "{iss}: {checkable:?}");
            // Every claim named is one the context resolves (unknown for any token), and the one
            // left out is absent for every token.
            for claim in checkable.iter().filter(|c| **c != "azp") {
                let key = format!("{prefix}:{claim}");
                assert!(
                    matches!(ctx.lookup(&key), ContextValue::Unknown { .. }),
                    "{key}"
                );
            }
            let key = format!("{prefix}:{not}");
            assert!(
                matches!(ctx.lookup(&key), ContextValue::Absent { .. }),
                "{key}"
            );
        }
    }

    #[test]
    fn key_class_table_only_aws_prefix_is_global() {
        let cases = [
            ("aws:SourceIp", KeyClass::Global),
            ("AWS:PrincipalTag/team", KeyClass::Global),
            ("aws:RequestTag/a:b", KeyClass::Global),
            ("sts:RoleSessionName", KeyClass::Service),
            ("STS:ExternalId", KeyClass::Service),
            ("iam:PassedToService", KeyClass::Service),
            ("aws-oidc.example.com:sub", KeyClass::Provider),
            ("aws-oidc.example.com/tenant:sub", KeyClass::Provider),
            ("awsome.example:aud", KeyClass::Provider),
            ("sts.example.com:sub", KeyClass::Provider),
            ("https://oidc.example.com:sub", KeyClass::Provider),
            ("accounts.google.com:aud", KeyClass::Provider),
        ];
        for (key, want) in cases {
            assert_eq!(key_class(key), want, "{key}");
        }
    }

    #[test]
    fn prefix_mismatch_table_names_the_difference() {
        let expected = "oidc.eks.us-east-1.amazonaws.com/id/ABC";
        let cases = [
            (
                "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
                PrefixMismatch::Scheme,
            ),
            (
                "oidc.eks.us-east-1.amazonaws.com",
                PrefixMismatch::MissingPath,
            ),
            (
                "oidc.eks.us-east-1.amazonaws.com/id/ABC/",
                PrefixMismatch::TrailingSlash,
            ),
            (
                "oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                PrefixMismatch::OtherProvider,
            ),
        ];
        for (written, want) in cases {
            assert_eq!(prefix_mismatch(written, expected), want, "{written}");
        }
    }
}
