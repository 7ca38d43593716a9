//! The request context of EKS Pod Identity's `sts:AssumeRole` calls: the six session tags
//! (`aws:RequestTag/<key>`, `aws:TagKeys`, `sts:TransitiveTagKeys`), the caller's keys, and why a
//! key is absent or unknown.
//!
//! Sources: the tags and their use in trust policies,
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html> and
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html> (session tags can be
//! disabled; all six are transitive); the target-role hop and its `sts:ExternalId`,
//! <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html>; global keys,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>.

use serde::Serialize;

use super::arn::ClusterArn;
use super::{Association, SERVICE_PRINCIPAL};
use crate::core::policy::{AbsentReason, Context, ContextValue};

/// The session tags EKS Pod Identity adds, in the documented order.
pub const SESSION_TAG_KEYS: [&str; 6] = [
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
];

/// One session tag and its value for this association.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionTag {
    /// The tag key.
    pub key: &'static str,
    /// The value; `None` when it depends on the pod (no pod name or uid given) or when tags are
    /// disabled.
    pub value: Option<String>,
    /// False when the association disables session tags.
    pub sent: bool,
}

/// The six tags for `assoc` on `cluster`.
pub fn session_tags(assoc: &Association, cluster: &ClusterArn) -> Vec<SessionTag> {
    SESSION_TAG_KEYS
        .iter()
        .map(|key| {
            let value = match *key {
                "eks-cluster-arn" => Some(cluster.arn.clone()),
                "eks-cluster-name" => Some(cluster.name.clone()),
                "kubernetes-namespace" => Some(assoc.namespace.clone()),
                "kubernetes-service-account" => Some(assoc.service_account.clone()),
                "kubernetes-pod-name" => assoc.pod_name.clone(),
                _ => assoc.pod_uid.clone(),
            };
            SessionTag {
                key,
                value: value.filter(|_| assoc.session_tags),
                sent: assoc.session_tags,
            }
        })
        .collect()
}

/// Which call the context is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hop {
    /// The EKS Auth service assumes the association's role as `pods.eks.amazonaws.com`.
    EksAuth,
    /// The association's role (its session) assumes the target role.
    Target {
        /// The association's role ARN, when given.
        role_arn: Option<String>,
    },
}

/// The request context of one of the calls.
pub struct PodIdentityContext<'a> {
    /// The association.
    pub assoc: &'a Association,
    /// Its cluster.
    pub cluster: &'a ClusterArn,
    /// The session tags.
    pub tags: Vec<SessionTag>,
    /// Which call.
    pub hop: Hop,
}

fn absent(reason: AbsentReason) -> ContextValue {
    ContextValue::Absent { reason }
}

fn present(value: String, source: &str) -> ContextValue {
    ContextValue::Present {
        values: vec![value],
        multi: false,
        source: source.to_string(),
    }
}

impl PodIdentityContext<'_> {
    /// A session tag's value (`tag` in lower case).
    fn tag(&self, key: &str, tag: &str, source: &str) -> ContextValue {
        let Some(t) = self.tags.iter().find(|t| t.key == tag) else {
            return absent(AbsentReason::NotAPodIdentityTag {
                tag: key.split_once('/').map_or(key, |(_, t)| t).to_string(),
            });
        };
        if !t.sent {
            return absent(AbsentReason::SessionTagsDisabled {
                key: key.to_string(),
            });
        }
        match &t.value {
            Some(v) => present(v.clone(), source),
            None => ContextValue::Unknown {
                reason: format!(
                    "which pod asks (`{}` differs per pod: give the pod's {})",
                    t.key,
                    if t.key == "kubernetes-pod-name" {
                        "name"
                    } else {
                        "uid"
                    }
                ),
            },
        }
    }

    fn tag_keys(&self, key: &str) -> ContextValue {
        if !self.assoc.session_tags {
            return absent(AbsentReason::SessionTagsDisabled {
                key: key.to_string(),
            });
        }
        ContextValue::Present {
            values: SESSION_TAG_KEYS.iter().map(|k| (*k).to_string()).collect(),
            multi: true,
            source: "the six session tags of EKS Pod Identity".into(),
        }
    }

    /// `sts:ExternalId` on the target-role hop: the association's external ID when given; with
    /// session tags disabled, EKS sets `<region>/<account>/<cluster>/<namespace>/<service account>`.
    fn external_id(&self) -> ContextValue {
        if let Some(id) = &self.assoc.external_id {
            return present(id.clone(), "the association's external ID");
        }
        if !self.assoc.session_tags {
            return present(
                format!(
                    "{}/{}/{}/{}/{}",
                    self.cluster.region,
                    self.cluster.account,
                    self.cluster.name,
                    self.assoc.namespace,
                    self.assoc.service_account
                ),
                "set by EKS Pod Identity when session tags are disabled",
            );
        }
        ContextValue::Unknown {
            reason: "the association's external ID (`aws eks describe-pod-identity-association` shows it)".into(),
        }
    }
}

impl Context for PodIdentityContext<'_> {
    fn lookup(&self, key: &str) -> ContextValue {
        let lower = key.to_ascii_lowercase();
        if let Some(tag) = lower.strip_prefix("aws:requesttag/") {
            return self.tag(key, tag, "the session tags EKS Pod Identity sends");
        }
        match lower.as_str() {
            "aws:tagkeys" | "sts:transitivetagkeys" => return self.tag_keys(key),
            "aws:securetransport" => {
                return present("true".into(), "STS is called over TLS");
            }
            _ => {}
        }
        match &self.hop {
            Hop::EksAuth => self.eks_auth_key(key, &lower),
            Hop::Target { role_arn } => self.target_key(key, &lower, role_arn.as_deref()),
        }
    }
}

impl PodIdentityContext<'_> {
    fn eks_auth_key(&self, key: &str, lower: &str) -> ContextValue {
        if lower.starts_with("aws:principaltag/") {
            return absent(AbsentReason::NoPrincipalTags {
                service: SERVICE_PRINCIPAL.to_string(),
            });
        }
        if lower == "aws:principalservicename" {
            // Present when a service principal makes the call (IAM UG, global condition keys).
            return present(SERVICE_PRINCIPAL.into(), "the calling service principal");
        }
        let (prefix, _) = key.rsplit_once(':').unwrap_or((key, ""));
        if !prefix.eq_ignore_ascii_case("aws") && prefix.contains(['.', '/']) {
            return absent(AbsentReason::NoWebIdentityToken {
                key: key.to_string(),
            });
        }
        ContextValue::Unknown {
            reason: format!(
                "what EKS Pod Identity puts in `{key}`: AWS documents only the session tags for this call"
            ),
        }
    }

    fn target_key(&self, key: &str, lower: &str, role_arn: Option<&str>) -> ContextValue {
        if let Some(tag) = lower.strip_prefix("aws:principaltag/") {
            // The session tags are the calling session's principal tags; other tags of the role
            // are not known here.
            if SESSION_TAG_KEYS.contains(&tag) {
                return self.tag(
                    key,
                    tag,
                    "the calling session's tags (set by EKS Pod Identity)",
                );
            }
            return ContextValue::Unknown {
                reason: format!("the tags of the association's role (`{key}`)"),
            };
        }
        match lower {
            "sts:externalid" => self.external_id(),
            "aws:principalarn" => match role_arn {
                Some(arn) => present(arn.to_string(), "the association's role"),
                None => ContextValue::Unknown {
                    reason: "the association's role ARN (give it)".into(),
                },
            },
            "aws:principalaccount" => present(
                self.cluster.account.clone(),
                "the association's role is in the cluster's account",
            ),
            _ => {
                let (prefix, _) = key.rsplit_once(':').unwrap_or((key, ""));
                if !prefix.eq_ignore_ascii_case("aws") && prefix.contains(['.', '/']) {
                    return absent(AbsentReason::NoWebIdentityToken {
                        key: key.to_string(),
                    });
                }
                ContextValue::Unknown {
                    reason: format!(
                        "what the role-chaining call puts in `{key}`: not documented for EKS Pod Identity"
                    ),
                }
            }
        }
    }
}
