//! Kubernetes service-account issuers: EKS clusters (`https://oidc.eks.REGION.amazonaws.com/id/ID`)
//! and self-managed clusters (kops, kind, minikube, any `--service-account-issuer`), whose `sub`
//! is `system:serviceaccount:NAMESPACE:NAME`.

use serde_json::{Map, Value};

use super::{
    ClaimNote, Fact, OIDC_CONDITION_KEYS, Part, Preset, PresetId, Recognised, SubjectFormat,
    SubjectParts,
};
use crate::core::claims::{LEGACY_K8S_ISSUER, parse_eks_issuer};

const EKS_OIDC: &str =
    "https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html";
const EKS_ROLE: &str =
    "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html";
const EKS_CROSS_ACCOUNT: &str =
    "https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html";
const K8S_SA_ADMIN: &str =
    "https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/";
const K8S_ISSUER_DISCOVERY: &str = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery";
const K8S_PROJECTED: &str =
    "https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken";

const SUBJECT: SubjectFormat = SubjectFormat::Documented {
    pattern: "system:serviceaccount:NAMESPACE:NAME",
    source: K8S_SA_ADMIN,
};

const CLAIMS: &[ClaimNote] = &[
    ClaimNote {
        claim: "sub",
        meaning: Fact {
            text: "The service account: `system:serviceaccount:<namespace>:<name>`.",
            source: K8S_SA_ADMIN,
        },
    },
    ClaimNote {
        claim: "aud",
        meaning: Fact {
            text: "The audience the projected volume asked for (`serviceAccountToken.audience`); \
                   STS needs a client ID of the provider, usually `sts.amazonaws.com`.",
            source: K8S_PROJECTED,
        },
    },
    ClaimNote {
        claim: "kubernetes.io",
        meaning: Fact {
            text: "The objects the token is bound to: namespace, service account, pod or secret \
                   (and node from 1.30), each with its name and UID.",
            source: K8S_SA_ADMIN,
        },
    },
];

/// An EKS cluster's issuer.
pub(super) const EKS: Preset = Preset {
    id: PresetId::Eks,
    name: "Amazon EKS service account (IRSA)",
    recognised_by: "`iss` is `https://oidc.eks.<region>.amazonaws.com/id/<cluster id>`",
    docs: EKS_OIDC,
    builtin: false,
    subject: SUBJECT,
    claims: CLAIMS,
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "The cluster's IAM OIDC provider was never created (`eksctl utils \
                   associate-iam-oidc-provider --cluster NAME --approve`), or was created in \
                   another account: the role's account needs its own provider for the issuer.",
            source: EKS_CROSS_ACCOUNT,
        },
        Fact {
            text: "Condition keys written with `https://`, or with another cluster's id: the key \
                   is the issuer without `https://`, then `:sub` or `:aud`.",
            source: EKS_ROLE,
        },
        Fact {
            text: "The service account lacks the `eks.amazonaws.com/role-arn` annotation, so the \
                   pod gets no web identity token for the role.",
            source: EKS_ROLE,
        },
    ],
};

/// A self-managed cluster's issuer.
pub(super) const SELF_MANAGED: Preset = Preset {
    id: PresetId::Kubernetes,
    name: "Kubernetes service account (self-managed cluster)",
    recognised_by: "the token carries the `kubernetes.io` claim (projected token) or the legacy \
                    `kubernetes.io/serviceaccount/…` claims; `iss` is the API server's \
                    `--service-account-issuer` (kops, kind, minikube, …)",
    docs: K8S_SA_ADMIN,
    builtin: false,
    subject: SUBJECT,
    claims: CLAIMS,
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "The `--service-account-issuer` is not a public https URL serving \
                   `/.well-known/openid-configuration` and its keys: STS cannot fetch them \
                   (kind and minikube default to in-cluster URLs).",
            source: K8S_ISSUER_DISCOVERY,
        },
        Fact {
            text: "A legacy secret-based token (`iss` `kubernetes/serviceaccount`, no `aud`, no \
                   `exp`) is used instead of a projected one.",
            source: K8S_SA_ADMIN,
        },
        Fact {
            text: "The projected volume's `audience` is not a client ID of the IAM OIDC provider.",
            source: K8S_PROJECTED,
        },
    ],
};

/// EKS by its issuer URL; any other cluster by its claims.
pub(super) fn recognise(iss: &str, claims: &Map<String, Value>) -> Option<Recognised> {
    if let Some(eks) = parse_eks_issuer(iss) {
        return Some(Recognised {
            preset: &EKS,
            issuer_parts: vec![
                Part::new("region", &eks.region),
                Part::new("cluster id", &eks.id),
            ],
            split,
        });
    }
    let projected = claims.get("kubernetes.io").is_some_and(Value::is_object);
    let legacy =
        iss == LEGACY_K8S_ISSUER || claims.contains_key("kubernetes.io/serviceaccount/namespace");
    (projected || legacy).then_some(Recognised {
        preset: &SELF_MANAGED,
        issuer_parts: Vec::new(),
        split,
    })
}

/// `system:serviceaccount:NAMESPACE:NAME`.
pub(super) fn split(sub: &str) -> Option<SubjectParts> {
    let (ns, sa) = crate::core::claims::service_account(sub)?;
    Some(SubjectParts {
        form: "service account",
        parts: vec![Part::new("namespace", ns), Part::new("service account", sa)],
    })
}
