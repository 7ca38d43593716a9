//! EKS Pod Identity: will the EKS Auth service get credentials for this association's role?
//!
//! No token reaches STS from the pod and no IAM OIDC provider is involved: the EKS Auth API
//! calls `sts:AssumeRole` and `sts:TagSession` on the role as the service principal
//! `pods.eks.amazonaws.com`, with six session tags that the trust policy can test as
//! `aws:RequestTag/<key>`; an association can disable the tags, and can name a target role
//! (in any account) that the role then assumes (role chaining). Sources:
//! - <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html> (the principal, both
//!   actions, the request tags in trust-policy conditions)
//! - <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html> (the EKS Auth
//!   API and the agent; no web-identity token)
//! - <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html> (the six tags,
//!   disabling them, transitive tags, `aws:PrincipalTag/…` in permission policies)
//! - <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html> (target
//!   roles, `sts:ExternalId`)
//! - <https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html> (a role must be in
//!   the cluster's account)
//! - <https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html>
//!
//! Invariants:
//! - The trust policy is evaluated by the same evaluator as IRSA's ([`crate::core::policy`]),
//!   with the caller [`Caller::Service`] and this module's [`context::PodIdentityContext`].
//! - Every step is reported; a value the inputs do not fix (a pod name that a condition tests
//!   but was not given) leaves the verdict undetermined, never a guess.

mod arn;
mod context;
mod convert;
mod findings;
mod policy_step;
mod text;

pub use arn::{ClusterArn, RoleArn, parse_cluster_arn, parse_role_arn};
pub use context::{Hop, PodIdentityContext, SESSION_TAG_KEYS, SessionTag, session_tags};
pub use convert::{Conversion, ConvertOptions, from_irsa};
pub use text::render;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::core::finding::{Check, CheckStatus, Finding};
use crate::core::policy::{self, ActionEvaluation, Caller, Decision, Policy, PolicyError};
use crate::core::trace::{self, Outcome, Step};

/// The service principal EKS Pod Identity calls STS as.
pub const SERVICE_PRINCIPAL: &str = "pods.eks.amazonaws.com";
/// The actions the EKS Auth service needs on the role.
pub const ASSUME_ROLE: &str = "sts:AssumeRole";
/// Needed whenever session tags are sent.
pub const TAG_SESSION: &str = "sts:TagSession";

/// An EKS Pod Identity association, as `aws eks create-pod-identity-association` takes it (and
/// the pod that asks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Association {
    /// The cluster's ARN (`arn:aws:eks:<region>:<account>:cluster/<name>`).
    pub cluster_arn: String,
    /// The Kubernetes namespace.
    pub namespace: String,
    /// The Kubernetes service account.
    pub service_account: String,
    /// The pod's name, when a condition tests `kubernetes-pod-name`.
    #[serde(default)]
    pub pod_name: Option<String>,
    /// The pod's uid, when a condition tests `kubernetes-pod-uid`.
    #[serde(default)]
    pub pod_uid: Option<String>,
    /// Session tags on (the default) or disabled (`--disable-session-tags`).
    #[serde(default = "yes")]
    pub session_tags: bool,
    /// The association's role (`--role-arn`), when known: it must be in the cluster's account.
    #[serde(default)]
    pub role_arn: Option<String>,
    /// The target role (`--target-role-arn`), assumed by the role's session (role chaining).
    #[serde(default)]
    pub target_role_arn: Option<String>,
    /// The association's external ID for the target role (`describe-pod-identity-association`).
    #[serde(default)]
    pub external_id: Option<String>,
}

fn yes() -> bool {
    true
}

impl Association {
    /// An association with session tags on and nothing optional set.
    pub fn new(cluster_arn: &str, namespace: &str, service_account: &str) -> Association {
        Association {
            cluster_arn: cluster_arn.to_string(),
            namespace: namespace.to_string(),
            service_account: service_account.to_string(),
            pod_name: None,
            pod_uid: None,
            session_tags: true,
            role_arn: None,
            target_role_arn: None,
            external_id: None,
        }
    }
}

/// Everything one prediction reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodIdentityInput {
    /// The association's role trust policy (JSON, or `aws iam get-role` output).
    pub policy: String,
    /// The association.
    pub association: Association,
    /// The target role's trust policy, when there is a target role and it was pasted.
    #[serde(default)]
    pub target_policy: Option<String>,
}

/// Why a prediction cannot run: input no association could have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum PodIdentityInputError {
    /// The trust policy text cannot be read.
    #[error("trust policy: {0}")]
    Policy(PolicyError),
    /// The target role's trust policy text cannot be read.
    #[error("target role trust policy: {0}")]
    TargetPolicy(PolicyError),
    /// The cluster ARN is malformed.
    #[error("cluster ARN: {0}")]
    ClusterArn(String),
    /// A role ARN is malformed.
    #[error("{which}: {message}")]
    RoleArn {
        /// `role ARN` or `target role ARN`.
        which: &'static str,
        /// What is wrong.
        message: String,
    },
    /// An empty namespace or service account.
    #[error("{0}: expected a name, found an empty value")]
    Empty(&'static str),
}

/// The prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PodIdentityReport {
    /// `pod_identity`.
    pub mode: &'static str,
    /// The verdict.
    pub outcome: Outcome,
    /// One sentence.
    pub summary: String,
    /// The step that decided a failure.
    pub deciding_step: Option<&'static str>,
    /// The fix for the deciding failure.
    pub fix: Option<String>,
    /// Every step.
    pub steps: Vec<Step>,
    /// The cluster, read from its ARN.
    pub cluster: ClusterArn,
    /// The six session tags and their values.
    pub session_tags: Vec<SessionTag>,
    /// The trust policy's answer per action.
    pub policy_evaluations: Vec<ActionEvaluation>,
    /// The target role trust policy's answer per action (empty without one).
    pub target_policy_evaluations: Vec<ActionEvaluation>,
    /// Policy reading problems.
    pub policy_problems: Vec<policy::PolicyProblem>,
    /// A trust policy that lets this association in, when the given one does not.
    pub suggested_policy: Option<String>,
    /// The trust policy the target role needs, when there is a target role.
    pub suggested_target_policy: Option<String>,
    /// Worth knowing whatever the verdict.
    pub findings: Vec<Finding>,
    /// Where the prediction rests on undocumented behaviour.
    pub caveats: Vec<String>,
}

/// Predicts whether EKS Pod Identity gets credentials for `input`'s association.
///
/// # Errors
/// [`PodIdentityInputError`] when a policy cannot be read or the association is malformed.
pub fn predict(input: &PodIdentityInput) -> Result<PodIdentityReport, PodIdentityInputError> {
    let assoc = &input.association;
    let Parsed {
        cluster,
        role,
        target,
        policy,
        target_policy,
    } = parse_input(input)?;

    let tags = session_tags(assoc, &cluster);
    let ctx = PodIdentityContext {
        assoc,
        cluster: &cluster,
        tags: tags.clone(),
        hop: Hop::EksAuth,
    };
    let caller = Caller::Service(SERVICE_PRINCIPAL.to_string());
    let assume = policy::evaluate(&policy, &caller, ASSUME_ROLE, &ctx);
    let tag = policy::evaluate(&policy, &caller, TAG_SESSION, &ctx);

    let mut steps = vec![
        association_step(assoc, &cluster, role.as_ref()),
        principal_step(&policy, &assume),
        policy_step::action_step(
            "assume_role",
            "sts:AssumeRole in the trust policy",
            &assume,
            SERVICE_PRINCIPAL,
            &|c| condition_fix(c, assoc),
            "allow `sts:AssumeRole` for `\"Service\": \"pods.eks.amazonaws.com\"` (see the suggested policy)",
        ),
        tag_session_step(assoc, &tag),
    ];
    let mut target_evaluations = Vec::new();
    let mut suggested_target_policy = None;
    if let Some(t) = &target {
        let (step, evals) = target_step(assoc, &cluster, role.as_ref(), target_policy.as_ref());
        steps.push(step);
        target_evaluations = evals;
        suggested_target_policy = Some(target_trust_policy(assoc, &cluster, role.as_ref(), t));
    }

    let (outcome, deciding) = trace::decide(&steps);
    let deciding_step = deciding.map(|s| s.id);
    let fix = deciding.and_then(|s| s.fix.clone());
    let summary = summary(outcome, deciding, assoc, &cluster);
    let needs_suggestion = steps.iter().any(|s| {
        matches!(s.id, "principal" | "assume_role" | "tag_session")
            && s.status == trace::StepStatus::Fail
    });
    let suggested_policy = needs_suggestion.then(|| suggested_trust_policy(assoc, &cluster));
    let policy_evaluations = vec![assume, tag];
    let findings = findings::findings(&policy, &policy_evaluations, assoc);
    let caveats = caveats(target.is_some());
    Ok(PodIdentityReport {
        mode: "pod_identity",
        outcome,
        summary,
        deciding_step,
        fix,
        steps,
        cluster,
        session_tags: tags,
        policy_evaluations,
        target_policy_evaluations: target_evaluations,
        policy_problems: policy.problems.clone(),
        suggested_policy,
        suggested_target_policy,
        findings,
        caveats,
    })
}

fn optional_role(
    arn: Option<&str>,
    which: &'static str,
) -> Result<Option<RoleArn>, PodIdentityInputError> {
    match arn.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => parse_role_arn(a)
            .map(Some)
            .map_err(|message| PodIdentityInputError::RoleArn { which, message }),
        None => Ok(None),
    }
}

fn summary(
    outcome: Outcome,
    deciding: Option<&Step>,
    assoc: &Association,
    cluster: &ClusterArn,
) -> String {
    let who = format!(
        "service account `{}/{}` on cluster `{}`",
        assoc.namespace, assoc.service_account, cluster.name
    );
    match (outcome, deciding) {
        (Outcome::Failure, Some(step)) => format!(
            "EKS Pod Identity cannot get credentials for {who}: {} fails",
            step.title
        ),
        (Outcome::Undetermined, _) => format!(
            "whether EKS Pod Identity gets credentials for {who} depends on values not given here"
        ),
        _ => format!("EKS Pod Identity gets credentials for {who}"),
    }
}

/// The association itself: the cluster read from its ARN, the role in the cluster's account,
/// and an external ID that only a target role uses.
fn association_step(assoc: &Association, cluster: &ClusterArn, role: Option<&RoleArn>) -> Step {
    let mut checks = vec![
        Check::new(
            "association.cluster",
            "the cluster",
            CheckStatus::Pass,
            format!(
                "cluster `{}` in account `{}`, region `{}`",
                cluster.name, cluster.account, cluster.region
            ),
        )
        .actual(cluster.arn.clone()),
    ];
    if let Some(r) = role {
        let same = r.account == cluster.account;
        let check = Check::new(
            "association.role_account",
            "the role is in the cluster's account",
            if same {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            },
            if same {
                "EKS Pod Identity associates only roles in the cluster's account".to_string()
            } else {
                "EKS Pod Identity associates only roles in the cluster's account (IAM PassRole): \
                 `CreatePodIdentityAssociation` refuses this role"
                    .to_string()
            },
        )
        .compare(cluster.account.clone(), r.account.clone());
        checks.push(if same {
            check
        } else {
            check.fix(format!(
                "associate a role in account `{}` and name `{}` as its target role (`--target-role-arn`)",
                cluster.account, r.arn
            ))
        });
    }
    if assoc.external_id.is_some() && assoc.target_role_arn.is_none() {
        checks.push(Check::new(
            "association.external_id",
            "the external ID",
            CheckStatus::Warn,
            "an association's external ID is for a target role's trust policy (`sts:ExternalId`); \
             without a target role nothing uses it",
        ));
    }
    Step::from_checks("association", "Association", checks)
}

/// Some Allow statement names `Service: pods.eks.amazonaws.com`.
fn principal_step(policy: &Policy, assume: &ActionEvaluation) -> Step {
    let allows: Vec<_> = assume
        .statements
        .iter()
        .filter(|s| s.effect == policy::Effect::Allow)
        .collect();
    let hit = allows.iter().find(|s| s.principal.0);
    let check = match hit {
        Some(s) => Check::new(
            "principal.service",
            "an Allow statement trusts the EKS Pod Identity service principal",
            CheckStatus::Pass,
            format!("{}: {}", s.label, s.principal.1),
        )
        .compare(SERVICE_PRINCIPAL, SERVICE_PRINCIPAL),
        None => {
            let found: Vec<String> = allows
                .iter()
                .map(|s| format!("{}: {}", s.label, s.principal.1))
                .collect();
            let irsa = policy.statements.iter().any(|st| match &st.principal {
                policy::Principal::Named { federated, .. } => {
                    federated.iter().any(|f| f.contains(":oidc-provider/"))
                }
                _ => false,
            });
            let mut detail = if found.is_empty() {
                "no Allow statement".to_string()
            } else {
                found.join("; ")
            };
            if irsa {
                detail.push_str(
                    ". This is an IRSA trust policy (an IAM OIDC provider and \
                     `sts:AssumeRoleWithWebIdentity`): EKS Pod Identity uses no OIDC provider",
                );
            }
            Check::new(
                "principal.service",
                "an Allow statement trusts the EKS Pod Identity service principal",
                CheckStatus::Fail,
                detail,
            )
            .compare(SERVICE_PRINCIPAL, "not named")
            .fix("add `\"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}` to an Allow statement (see the suggested policy)")
        }
    };
    Step::from_checks("principal", "Service principal", vec![check])
}

/// `sts:TagSession`: needed while session tags are on.
fn tag_session_step(assoc: &Association, tag: &ActionEvaluation) -> Step {
    let title = "sts:TagSession in the trust policy";
    if !assoc.session_tags {
        return Step::not_applicable(
            "tag_session",
            title,
            Check::new(
                "tag_session.disabled",
                "session tags",
                CheckStatus::Pass,
                "the association disables session tags, so EKS Pod Identity tags no session",
            ),
        );
    }
    policy_step::action_step(
        "tag_session",
        title,
        tag,
        SERVICE_PRINCIPAL,
        &|c| {
            format!(
                "`{}` `{}` must hold for the session tags too; see the suggested policy",
                c.operator, c.key
            )
        },
        "add `sts:TagSession` beside `sts:AssumeRole`: EKS Pod Identity tags every session \
         unless the association disables session tags",
    )
}

/// What to change for a failing condition.
fn condition_fix(c: &policy::ConditionResult, assoc: &Association) -> String {
    let key = c.key.to_ascii_lowercase();
    if key.starts_with("aws:principaltag/") {
        let tag = c.key.split_once('/').map_or("", |(_, t)| t);
        return format!(
            "write `aws:RequestTag/{tag}` in the trust policy: `aws:PrincipalTag/…` is for permission policies"
        );
    }
    if key.starts_with("aws:requesttag/") && !assoc.session_tags {
        return "enable session tags on the association, or scope the role another way (one \
                association per service account; conditions on tags cannot match without them)"
            .to_string();
    }
    if let policy::ContextValue::Absent {
        reason: policy::AbsentReason::NoWebIdentityToken { .. },
    } = &c.context
    {
        return "replace web-identity keys (`<issuer>:sub`, `:aud`) with `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account`".to_string();
    }
    match &c.context {
        policy::ContextValue::Present { values, .. } => format!(
            "the request has {}: change the policy's value, or the association",
            values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("remove or correct the condition on `{}`", c.key),
    }
}

/// The documented trust policy, scoped to this association's cluster, namespace and service
/// account when tags are on (<https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html>).
pub fn suggested_trust_policy(assoc: &Association, cluster: &ClusterArn) -> String {
    let mut statement = json!({
        "Sid": "AllowEksAuthToAssumeRoleForPodIdentity",
        "Effect": "Allow",
        "Principal": {"Service": SERVICE_PRINCIPAL},
        "Action": [ASSUME_ROLE, TAG_SESSION],
    });
    if assoc.session_tags
        && let Some(obj) = statement.as_object_mut()
    {
        obj.insert(
            "Condition".into(),
            json!({"StringEquals": {
                "aws:RequestTag/eks-cluster-arn": cluster.arn,
                "aws:RequestTag/kubernetes-namespace": assoc.namespace,
                "aws:RequestTag/kubernetes-service-account": assoc.service_account,
            }}),
        );
    }
    let doc = json!({"Version": "2012-10-17", "Statement": [statement]});
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The target role's trust policy, as AWS's guide writes it: the association's role (or its
/// account) may assume it, with the session tags, or with the external ID EKS sets when tags are
/// disabled (<https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html>).
fn target_trust_policy(
    assoc: &Association,
    cluster: &ClusterArn,
    role: Option<&RoleArn>,
    _target: &RoleArn,
) -> String {
    let root = format!("arn:{}:iam::{}:root", cluster.partition, cluster.account);
    let role_arn = role.map_or_else(
        || {
            format!(
                "arn:{}:iam::{}:role/<the association's role>",
                cluster.partition, cluster.account
            )
        },
        |r| r.arn.clone(),
    );
    let doc = if assoc.session_tags {
        json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": root},
            "Action": [ASSUME_ROLE, TAG_SESSION],
            "Condition": {
                "StringEquals": {
                    "aws:RequestTag/eks-cluster-arn": cluster.arn,
                    "aws:RequestTag/kubernetes-namespace": assoc.namespace,
                    "aws:RequestTag/kubernetes-service-account": assoc.service_account,
                },
                "ArnEquals": {"aws:PrincipalARN": role_arn},
            }
        }]})
    } else {
        let external = assoc.external_id.clone().unwrap_or_else(|| {
            format!(
                "{}/{}/{}/{}/{}",
                cluster.region,
                cluster.account,
                cluster.name,
                assoc.namespace,
                assoc.service_account
            )
        });
        json!({"Version": "2012-10-17", "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": ASSUME_ROLE,
                "Condition": {
                    "StringEquals": {"sts:ExternalId": external},
                    "ArnEquals": {"aws:PrincipalARN": role_arn},
                }
            },
            {"Effect": "Allow", "Principal": {"AWS": root}, "Action": TAG_SESSION}
        ]})
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The role-chaining hop: the association's role assumes the target role.
fn target_step(
    assoc: &Association,
    cluster: &ClusterArn,
    role: Option<&RoleArn>,
    target_policy: Option<&Policy>,
) -> (Step, Vec<ActionEvaluation>) {
    let title = "Target role trust policy";
    let (Some(p), Some(r)) = (target_policy, role) else {
        let what = match (target_policy, role) {
            (None, _) => "paste the target role's trust policy (`aws iam get-role`)",
            _ => "give the association's role ARN: the target role's trust policy names it",
        };
        let check = Check::new(
            "target.policy",
            "the target role's trust policy",
            CheckStatus::Skipped,
            "the association's role assumes the target role (role chaining); its trust policy decides",
        )
        .fix(what);
        return (
            Step::from_checks("target_role", title, vec![check]),
            Vec::new(),
        );
    };
    let ctx = PodIdentityContext {
        assoc,
        cluster,
        tags: session_tags(assoc, cluster),
        hop: Hop::Target {
            role_arn: Some(r.arn.clone()),
        },
    };
    let caller = Caller::Role { arn: r.arn.clone() };
    let assume = policy::evaluate(p, &caller, ASSUME_ROLE, &ctx);
    let tag = policy::evaluate(p, &caller, TAG_SESSION, &ctx);
    let fix = |c: &policy::ConditionResult| {
        format!(
            "correct the condition `{}` `{}` for this association (see the suggested target policy)",
            c.operator, c.key
        )
    };
    let mut step = policy_step::action_step(
        "target_role",
        title,
        &assume,
        &r.arn,
        &fix,
        "trust the association's role (or its account) for `sts:AssumeRole` (see the suggested target policy)",
    );
    let tag_check = match (tag.decision, assoc.session_tags) {
        (Decision::Allow, _) => Check::new(
            "target.tag_session",
            "the target role's trust policy allows `sts:TagSession`",
            CheckStatus::Pass,
            "the session tags are transitive and pass to the target role's session",
        ),
        (Decision::Unknown, _) => Check::new(
            "target.tag_session",
            "the target role's trust policy allows `sts:TagSession`",
            CheckStatus::Skipped,
            "depends on values not known here",
        ),
        (_, true) => Check::new(
            "target.tag_session",
            "the target role's trust policy allows `sts:TagSession`",
            CheckStatus::Fail,
            "the session tags are transitive and pass to the target role: its trust policy must \
             allow `sts:TagSession` for the association's role, under the same conditions",
        )
        .fix("allow `sts:TagSession` beside `sts:AssumeRole` in the statement that trusts the association's role"),
        (_, false) => Check::new(
            "target.tag_session",
            "the target role's trust policy allows `sts:TagSession`",
            CheckStatus::Warn,
            "AWS's example for an association without session tags still allows `sts:TagSession`; \
             whether the call needs it then is not documented",
        ),
    };
    step.checks.push(tag_check);
    let step = Step::from_checks(step.id, step.title, step.checks);
    (step, vec![assume, tag])
}

#[cfg(test)]
mod tests;

/// The association and policies, read and checked.
struct Parsed {
    cluster: ClusterArn,
    role: Option<RoleArn>,
    target: Option<RoleArn>,
    policy: Policy,
    target_policy: Option<Policy>,
}

/// Reads the association's ARNs and names and the policies, or says which one is unusable.
fn parse_input(input: &PodIdentityInput) -> Result<Parsed, PodIdentityInputError> {
    let assoc = &input.association;
    let cluster =
        parse_cluster_arn(&assoc.cluster_arn).map_err(PodIdentityInputError::ClusterArn)?;
    if assoc.namespace.trim().is_empty() {
        return Err(PodIdentityInputError::Empty("namespace"));
    }
    if assoc.service_account.trim().is_empty() {
        return Err(PodIdentityInputError::Empty("service account"));
    }
    let role = optional_role(assoc.role_arn.as_deref(), "role ARN")?;
    let target = optional_role(assoc.target_role_arn.as_deref(), "target role ARN")?;
    let policy = policy::parse_policy(&input.policy).map_err(PodIdentityInputError::Policy)?;
    let target_policy = match (&target, &input.target_policy) {
        (Some(_), Some(text)) if !text.trim().is_empty() => {
            Some(policy::parse_policy(text).map_err(PodIdentityInputError::TargetPolicy)?)
        }
        _ => None,
    };
    Ok(Parsed {
        cluster,
        role,
        target,
        policy,
        target_policy,
    })
}

/// What this prediction cannot know.
fn caveats(has_target: bool) -> Vec<String> {
    let mut caveats = vec![
        "AWS documents which session tags EKS Pod Identity sends, not every other key in the \
         request: conditions on other keys are reported as undetermined"
            .to_string(),
    ];
    if has_target {
        caveats.push(
            "the association's role also needs a permission policy allowing `sts:AssumeRole` and \
             `sts:TagSession` on the target role; permission policies are not checked here"
                .to_string(),
        );
    }
    caveats
}
