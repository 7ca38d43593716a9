//! The request context of `AssumeRoleWithWebIdentity`: [`RequestContext`] resolves condition keys
//! (provider claim keys, `aws:`/`sts:` keys, session tags) from the token and the request, and says
//! why a key is absent or unknown.

use serde_json::{Map, Value};

use super::{StsRequest, provider_prefix};
use crate::core::claims::GITHUB_ISSUER;
use crate::core::jwt::Token;
use crate::core::policy::{Context, ContextValue};
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

/// The request context built from the token and the request.
pub struct RequestContext<'a> {
    prefix: String,
    claims: &'a Map<String, Value>,
    session_name: &'a str,
    at: i64,
    google: bool,
    github: bool,
}

impl<'a> RequestContext<'a> {
    /// Builds the context for `token` and `request` at `at`.
    pub fn new(token: &'a Token, request: &'a StsRequest, at: i64) -> Self {
        let iss = token.claim_str("iss").unwrap_or_default();
        let prefix = provider_prefix(iss).to_string();
        RequestContext {
            google: prefix == "accounts.google.com",
            github: iss == GITHUB_ISSUER,
            prefix,
            claims: &token.claims,
            session_name: &request.session_name,
            at,
        }
    }

    fn claim(&self, name: &str, label: &str) -> ContextValue {
        match self.claims.get(name) {
            None => ContextValue::Absent {
                reason: format!("the token has no `{name}` claim"),
            },
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
        self.claims
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
            return value;
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
                    None => ContextValue::Absent {
                        reason: "the token carries no session tags".into(),
                    },
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
                    None => ContextValue::Absent {
                        reason: "the token carries no transitive tag keys".into(),
                    },
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
            None => ContextValue::Absent {
                reason: format!("the token has no session tag `{tag}`"),
            },
        }
    }

    /// A provider claim key (`<issuer>:sub`, …): present only for this token's provider and only
    /// for the claims AWS puts in the request context.
    fn provider_key(&self, key: &str) -> ContextValue {
        let Some((prefix, claim)) = key.rsplit_once(':') else {
            return ContextValue::Absent {
                reason: format!("`{key}` is not a condition key (expected `prefix:name`)"),
            };
        };
        if prefix.starts_with("aws") || prefix.starts_with("sts") && !prefix.contains('.') {
            return ContextValue::Absent {
                reason: format!(
                    "`{key}` is not in the request context of AssumeRoleWithWebIdentity"
                ),
            };
        }
        if !prefix.eq_ignore_ascii_case(&self.prefix) {
            return ContextValue::Absent {
                reason: prefix_mismatch(prefix, &self.prefix),
            };
        }
        let claim_l = claim.to_ascii_lowercase();
        if self.google {
            let azp = self.claims.get("azp").is_some();
            return match claim_l.as_str() {
                "aud" if azp => self.claim("azp", "Google maps `:aud` to `azp` when present"),
                "oaud" if azp => self.claim("aud", "Google's original audience"),
                "oaud" => ContextValue::Absent {
                    reason: "`oaud` exists only when the Google token has `azp`".into(),
                },
                "aud" | "sub" => self.claim(&claim_l, "Google"),
                _ => ContextValue::Absent {
                    reason: format!(
                        "AWS does not put `{claim}` in the request context for accounts.google.com (only `aud`, `oaud` and `sub`)"
                    ),
                },
            };
        }
        let supported = OIDC_KEYS.contains(&claim_l.as_str())
            || self.github && GITHUB_KEYS.contains(&claim_l.as_str());
        if !supported {
            let mut list: Vec<&str> = OIDC_KEYS.to_vec();
            if self.github {
                list.extend(GITHUB_KEYS);
            }
            return ContextValue::Absent {
                reason: format!(
                    "AWS does not put `{claim}` in the request context for this provider; available claim keys: {}",
                    list.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
        }
        self.claim(&claim_l, "array")
    }
}

fn prefix_mismatch(written: &str, expected: &str) -> String {
    let why = if written.starts_with("https://") || written.starts_with("http://") {
        "a condition key never starts with `https://`".to_string()
    } else if written.eq_ignore_ascii_case(expected.split('/').next().unwrap_or_default()) {
        "the prefix lacks the issuer's path".to_string()
    } else if written.trim_end_matches('/') == expected.trim_end_matches('/') {
        "the prefix differs from the issuer by a trailing `/`".to_string()
    } else {
        "the prefix belongs to another provider (check the region and cluster id)".to_string()
    };
    format!(
        "`{written}` is not this token's provider `{expected}`: {why}; keys with an unknown prefix are absent"
    )
}
