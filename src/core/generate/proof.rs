//! The proof of a generated policy: the STS simulator run on the token and on sibling tokens
//! derived from it by changing one claim (another service account, namespace, branch,
//! repository, subject form, environment, issuer or audience), each with the verdict the scope
//! expects and the one the simulator gives.
//!
//! Each sibling is simulated with a provider registered for its own issuer and audience and a
//! valid signature, so that what admits or refuses it is the trust policy alone. The evaluation
//! time is the token's own (`nbf`/`iat`, else just before `exp`): no clock.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::{Map, Value};

use super::subject::{Family, github_repo, service_account};
use super::{GenerateError, Scope};
use crate::core::issuers::{self, PresetId, SubjectParts};
use crate::core::jwt::{self, Token};
use crate::core::policy::Decision;
use crate::core::sts::{self, ACTION, KeysEvidence, Outcome, StepId, StsRequest};
use crate::core::verify::{SignatureReport, SignatureStatus};

/// A token the proof runs: the token itself, or a sibling differing in one respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sibling {
    /// The token itself.
    This,
    /// Kubernetes: another service account of the same namespace.
    OtherServiceAccount,
    /// Kubernetes: the same service account name in another namespace.
    OtherNamespace,
    /// GitHub: another branch of the same repository.
    OtherBranch,
    /// GitHub: another repository of the same owner.
    OtherRepository,
    /// GitHub: a `pull_request` job of the same repository (a fork's pull request gets this too).
    PullRequest,
    /// GitHub: another deployment environment of the same repository.
    OtherEnvironment,
    /// GitLab: another project of the same group; CircleCI: another project of the organization.
    OtherProject,
    /// HCP Terraform: the other run phase (`plan` ↔ `apply`) of the same workspace.
    OtherRunPhase,
    /// HCP Terraform: another workspace of the same project.
    OtherWorkspace,
    /// HCP Terraform, Buildkite: the same names in another organization.
    OtherOrganization,
    /// CircleCI: another user's job in the same project.
    OtherUser,
    /// Buildkite: another pipeline of the same organization.
    OtherPipeline,
    /// Buildkite: another commit (and step) on the same branch of the pipeline.
    OtherCommit,
    /// Google, Cognito: another account or identity (`sub`).
    OtherSubject,
    /// Cognito: a guest identity (`amr` `unauthenticated`) of the same pool.
    Unauthenticated,
    /// Another issuer (the same claims signed elsewhere).
    OtherIssuer,
    /// Another audience.
    OtherAudience,
}

impl Sibling {
    /// Stable name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Sibling::This => "this",
            Sibling::OtherServiceAccount => "other_service_account",
            Sibling::OtherNamespace => "other_namespace",
            Sibling::OtherBranch => "other_branch",
            Sibling::OtherRepository => "other_repository",
            Sibling::PullRequest => "pull_request",
            Sibling::OtherEnvironment => "other_environment",
            Sibling::OtherProject => "other_project",
            Sibling::OtherRunPhase => "other_run_phase",
            Sibling::OtherWorkspace => "other_workspace",
            Sibling::OtherOrganization => "other_organization",
            Sibling::OtherUser => "other_user",
            Sibling::OtherPipeline => "other_pipeline",
            Sibling::OtherCommit => "other_commit",
            Sibling::OtherSubject => "other_subject",
            Sibling::Unauthenticated => "unauthenticated",
            Sibling::OtherIssuer => "other_issuer",
            Sibling::OtherAudience => "other_audience",
        }
    }

    /// The sibling in plain words, for the page (the CLI prints [`Sibling::as_str`]).
    pub fn label(self) -> &'static str {
        match self {
            Sibling::This => "this token",
            Sibling::OtherServiceAccount => "another service account",
            Sibling::OtherNamespace => "another namespace",
            Sibling::OtherBranch => "another branch",
            Sibling::OtherRepository => "another repository",
            Sibling::PullRequest => "a pull request",
            Sibling::OtherEnvironment => "another environment",
            Sibling::OtherProject => "another project",
            Sibling::OtherRunPhase => "the other run phase",
            Sibling::OtherWorkspace => "another workspace",
            Sibling::OtherOrganization => "another organization",
            Sibling::OtherUser => "another user",
            Sibling::OtherPipeline => "another pipeline",
            Sibling::OtherCommit => "another commit",
            Sibling::OtherSubject => "another subject",
            Sibling::Unauthenticated => "a guest identity",
            Sibling::OtherIssuer => "another issuer",
            Sibling::OtherAudience => "another audience",
        }
    }

    /// What the scope expects for this sibling.
    pub fn expected(self, scope: Scope) -> Verdict {
        let admitted = match self {
            Sibling::This => true,
            Sibling::OtherServiceAccount => scope == Scope::Namespace,
            Sibling::OtherBranch => {
                matches!(scope, Scope::Repository | Scope::Project | Scope::Pipeline)
            }
            Sibling::PullRequest | Sibling::OtherEnvironment => scope == Scope::Repository,
            Sibling::OtherRunPhase => scope == Scope::Workspace,
            Sibling::OtherUser => scope == Scope::Project,
            Sibling::OtherCommit => matches!(scope, Scope::Branch | Scope::Pipeline),
            Sibling::OtherNamespace
            | Sibling::OtherProject
            | Sibling::OtherWorkspace
            | Sibling::OtherOrganization
            | Sibling::OtherPipeline
            | Sibling::OtherRepository
            | Sibling::OtherSubject
            | Sibling::Unauthenticated
            | Sibling::OtherIssuer
            | Sibling::OtherAudience => false,
        };
        if admitted {
            Verdict::Admitted
        } else {
            Verdict::Refused
        }
    }
}

/// What the trust policy does with a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The policy allows `sts:AssumeRoleWithWebIdentity`.
    Admitted,
    /// The policy denies it.
    Refused,
    /// The policy's decision depends on something not known (or the simulation did not run).
    Undetermined,
}

impl Verdict {
    /// `admitted`, `refused`, `undetermined`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Admitted => "admitted",
            Verdict::Refused => "refused",
            Verdict::Undetermined => "undetermined",
        }
    }
}

/// One token of the proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofRow {
    /// Which token.
    pub sibling: Sibling,
    /// What changed from the token, e.g. "`sub`: `a` → `b`".
    pub change: String,
    /// What the scope expects.
    pub expected: Verdict,
    /// What the simulated trust policy decided.
    pub policy: Verdict,
    /// The whole simulation's outcome (`None`: it could not run).
    pub outcome: Option<Outcome>,
    /// The step that decided a failure.
    pub deciding_step: Option<StepId>,
    /// Whether `expected` and `policy` agree.
    pub agrees: bool,
}

/// The simulator's verdicts on the token and its siblings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proof {
    /// The evaluation time used, unix seconds (the token's own).
    pub at: i64,
    /// The token first, then each sibling.
    pub rows: Vec<ProofRow>,
}

impl Proof {
    /// The proof as a text table.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<22} {:<11} {:<11} {:<22} change",
            "token", "expected", "policy", "STS"
        );
        for r in &self.rows {
            let sts = match (r.outcome, r.deciding_step) {
                (None, _) => "not run".to_string(),
                (Some(Outcome::Failure), Some(step)) => format!("failure: {}", step.as_str()),
                (Some(o), _) => o.as_str().to_string(),
            };
            let mark = if r.agrees { "" } else { "  ← DISAGREES" };
            let _ = writeln!(
                out,
                "{:<22} {:<11} {:<11} {:<22} {}{mark}",
                r.sibling.as_str(),
                r.expected.as_str(),
                r.policy.as_str(),
                sts,
                r.change
            );
        }
        out
    }
}

/// Runs the policy on `token` and its siblings; an error when any verdict disagrees. With
/// `requested_audience`, the token is the one the workload gets when it requests that audience
/// (its `aud` replaced, the change shown on the token's row), and so are its siblings.
pub(super) fn prove(
    token: &Token,
    family: Family,
    scope: Scope,
    policy_text: &str,
    requested_audience: Option<&str>,
) -> Result<Proof, GenerateError> {
    let at = evaluation_time(token);
    let (requested, this_change) = match requested_audience {
        Some(aud) => {
            let mut claims = token.claims.clone();
            let old = claims
                .insert("aud".into(), Value::String(aud.to_string()))
                .unwrap_or(Value::Null);
            let change = format!("`aud`: `{}` → `{aud}` (as requested)", compact(&old));
            (rebuild(token, &claims), change)
        }
        None => (None, String::new()),
    };
    let token = requested.as_ref().unwrap_or(token);
    let mut rows = vec![row(
        token,
        Sibling::This,
        this_change,
        scope,
        policy_text,
        at,
    )];
    for (sibling, claims, change) in siblings(token, family) {
        let built = rebuild(token, &claims);
        let r = match built {
            Some(t) => row(&t, sibling, change, scope, policy_text, at),
            None => not_run(sibling, change, scope),
        };
        rows.push(r);
    }
    if let Some(bad) = rows.iter().find(|r| !r.agrees) {
        return Err(GenerateError::ProofDisagrees {
            sibling: format!("{} ({})", bad.sibling.as_str(), bad.change),
            expected: bad.expected.as_str(),
            found: bad.policy.as_str().to_string(),
        });
    }
    Ok(Proof { at, rows })
}

fn row(
    token: &Token,
    sibling: Sibling,
    change: String,
    scope: Scope,
    policy_text: &str,
    at: i64,
) -> ProofRow {
    let expected = sibling.expected(scope);
    let mut request = StsRequest::defaults_for(token);
    request.provider.client_ids = audiences(token);
    request.policy = Some(policy_text.to_string());
    let signature = valid_signature(token);
    let Ok(report) = sts::simulate(token, &signature, &KeysEvidence::default(), &request, at)
    else {
        return not_run(sibling, change, scope);
    };
    let policy = report
        .policy_evaluations
        .iter()
        .find(|e| e.action == ACTION)
        .map_or(Verdict::Undetermined, |e| match e.decision {
            Decision::Allow => Verdict::Admitted,
            Decision::ImplicitDeny | Decision::ExplicitDeny => Verdict::Refused,
            Decision::Unknown => Verdict::Undetermined,
        });
    ProofRow {
        sibling,
        change,
        expected,
        policy,
        outcome: Some(report.outcome),
        deciding_step: report.deciding_step,
        agrees: policy == expected,
    }
}

fn not_run(sibling: Sibling, change: String, scope: Scope) -> ProofRow {
    ProofRow {
        sibling,
        change,
        expected: sibling.expected(scope),
        policy: Verdict::Undetermined,
        outcome: None,
        deciding_step: None,
        agrees: false,
    }
}

/// The token's own time: the latest of `nbf` and `iat`, else one second before `exp`, else 0.
fn evaluation_time(token: &Token) -> i64 {
    let num = |k: &str| token.claims.get(k).and_then(Value::as_i64);
    match (num("nbf"), num("iat")) {
        (Some(a), Some(b)) => a.max(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => num("exp").map_or(0, |e| e.saturating_sub(1)),
    }
}

/// The token's audiences, as the provider's client IDs.
fn audiences(token: &Token) -> Vec<String> {
    match token.claims.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn valid_signature(token: &Token) -> SignatureReport {
    SignatureReport {
        status: SignatureStatus::Valid,
        reason: None,
        message: "signature assumed valid for the proof".to_string(),
        alg: token.alg().map(str::to_owned),
        kid: token.kid().map(str::to_owned),
        key: None,
        attempts: Vec::new(),
        findings: Vec::new(),
        recorded: false,
        pending: Vec::new(),
    }
}

/// `token` with its claims replaced by `claims` (header and signature segment kept).
fn rebuild(token: &Token, claims: &Map<String, Value>) -> Option<Token> {
    let mut parts = token.compact.split('.');
    let header = parts.next()?;
    let signature = parts.nth(1).unwrap_or_default();
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_string(claims).ok()?);
    jwt::decode(&format!("{header}.{payload}.{signature}")).ok()
}

type Derived = (Sibling, Map<String, Value>, String);

/// The siblings for `family`: the claim changes that a scope may admit or must refuse.
fn siblings(token: &Token, family: Family) -> Vec<Derived> {
    let sub = token.claim_str("sub").unwrap_or_default();
    let mut out = match family {
        Family::Kubernetes => kubernetes_siblings(token, sub),
        Family::GitHub => github_siblings(token, sub),
        Family::GitLab => gitlab_siblings(token, sub),
        Family::Terraform => terraform_siblings(token, sub),
        Family::CircleCi => circleci_siblings(token, sub),
        Family::Buildkite => buildkite_siblings(token, sub),
        Family::Google => vec![changed(
            token,
            Sibling::OtherSubject,
            "sub",
            sub,
            &format!("{sub}0"),
        )],
        Family::Cognito => cognito_siblings(token, sub),
        Family::Other => Vec::new(),
    };
    let iss = token.claim_str("iss").unwrap_or_default();
    let other_iss = format!("{}/other", iss.trim_end_matches('/'));
    out.push(changed(token, Sibling::OtherIssuer, "iss", iss, &other_iss));
    let mut claims = token.claims.clone();
    let other_aud = "other-audience".to_string();
    // Google's `accounts.google.com:aud` is `azp` when the token has one: another client there.
    let aud = if family == Family::Google && claims.contains_key("azp") {
        "azp"
    } else {
        "aud"
    };
    let new = match claims.get(aud) {
        Some(Value::Array(_)) => Value::Array(vec![Value::String(other_aud.clone())]),
        _ => Value::String(other_aud.clone()),
    };
    let old = claims.insert(aud.into(), new).unwrap_or(Value::Null);
    let change = format!("`{aud}`: `{}` → `{other_aud}`", compact(&old));
    out.push((Sibling::OtherAudience, claims, change));
    out
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A copy of the claims with the string claim `claim` set to `new`.
fn changed(token: &Token, sibling: Sibling, claim: &str, old: &str, new: &str) -> Derived {
    let mut claims = token.claims.clone();
    claims.insert(claim.to_string(), Value::String(new.to_string()));
    (sibling, claims, format!("`{claim}`: `{old}` → `{new}`"))
}

/// Cognito: another identity of the pool, and a guest identity (same `sub`, `amr`
/// `unauthenticated`).
fn cognito_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let other = match sub.split_once(':') {
        Some((region, _)) => format!("{region}:00000000-0000-4000-8000-000000000000"),
        None => format!("{sub}0"),
    };
    let other = if other == sub {
        format!("{sub}0")
    } else {
        other
    };
    let mut out = vec![changed(token, Sibling::OtherSubject, "sub", sub, &other)];
    let mut claims = token.claims.clone();
    let old = claims
        .insert(
            "amr".into(),
            Value::Array(vec![Value::String("unauthenticated".into())]),
        )
        .unwrap_or(Value::Null);
    if !compact(&old).contains("\"unauthenticated\"") {
        let change = format!("`amr`: `{}` → `[\"unauthenticated\"]`", compact(&old));
        out.push((Sibling::Unauthenticated, claims, change));
    }
    out
}

fn kubernetes_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let Some((ns, sa)) = service_account(sub) else {
        return Vec::new();
    };
    let other_sa = format!("{sa}-other");
    let other_ns = format!("{ns}-other");
    let mut by_sa = changed(
        token,
        Sibling::OtherServiceAccount,
        "sub",
        sub,
        &format!("system:serviceaccount:{ns}:{other_sa}"),
    );
    set_k8s(&mut by_sa.1, &["serviceaccount", "name"], &other_sa);
    let mut by_ns = changed(
        token,
        Sibling::OtherNamespace,
        "sub",
        sub,
        &format!("system:serviceaccount:{other_ns}:{sa}"),
    );
    set_k8s(&mut by_ns.1, &["namespace"], &other_ns);
    vec![by_sa, by_ns]
}

/// Sets `kubernetes.io.<path>` when the token has it, so the sibling's claims agree with its `sub`.
fn set_k8s(claims: &mut Map<String, Value>, path: &[&str], value: &str) {
    let mut at = claims.get_mut("kubernetes.io");
    for key in path {
        at = at.and_then(|v| v.get_mut(*key));
    }
    if let Some(slot) = at.filter(|v| v.is_string()) {
        *slot = Value::String(value.to_string());
    }
}

fn github_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let Some((repo, rest)) = github_repo(sub) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let branch = rest
        .strip_prefix("ref:refs/heads/")
        .map_or_else(|| "main".to_string(), |b| format!("{b}-other"));
    let mut s = changed(
        token,
        Sibling::OtherBranch,
        "sub",
        sub,
        &format!("repo:{repo}:ref:refs/heads/{branch}"),
    );
    s.1.insert("ref".into(), Value::String(format!("refs/heads/{branch}")));
    s.1.remove("environment");
    out.push(s);
    let other_repo = format!("repo:{repo}-other:{rest}");
    let mut s = changed(token, Sibling::OtherRepository, "sub", sub, &other_repo);
    if let Some(r) = token.claim_str("repository") {
        s.1.insert("repository".into(), Value::String(format!("{r}-other")));
    }
    out.push(s);
    if rest != "pull_request" {
        let pr = format!("repo:{repo}:pull_request");
        let mut s = changed(token, Sibling::PullRequest, "sub", sub, &pr);
        s.1.insert("event_name".into(), Value::String("pull_request".into()));
        s.1.remove("environment");
        out.push(s);
    }
    let env = token
        .claim_str("environment")
        .map_or_else(|| "production".to_string(), |e| format!("{e}-other"));
    let mut s = changed(
        token,
        Sibling::OtherEnvironment,
        "sub",
        sub,
        &format!("repo:{repo}:environment:{env}"),
    );
    s.1.insert("environment".into(), Value::String(env));
    out.push(s);
    out
}

/// `value-other`: a name that differs from `value` and keeps its shape.
fn other(value: &str) -> String {
    format!("{value}-other")
}

/// A sibling whose `sub` is `new_sub`, with each `(claim, value)` set when the token has the
/// claim (so the sibling's claims agree with its `sub`).
fn sibling(
    token: &Token,
    kind: Sibling,
    sub: &str,
    new_sub: &str,
    claims: &[(&str, &str)],
) -> Derived {
    let mut s = changed(token, kind, "sub", sub, new_sub);
    for (claim, value) in claims {
        if s.1.contains_key(*claim) {
            s.1.insert((*claim).to_string(), Value::String((*value).to_string()));
        }
    }
    s
}

fn parts_of(id: PresetId, sub: &str) -> Option<(SubjectParts, impl Fn(&str) -> String)> {
    let parts = issuers::split_subject_as(id, sub)?;
    let copy = parts.clone();
    Some((parts, move |name: &str| {
        copy.get(name).unwrap_or_default().to_string()
    }))
}

/// GitLab: another branch of the project, another project of the group.
fn gitlab_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let Some((p, get)) = parts_of(PresetId::GitLab, sub) else {
        return Vec::new();
    };
    let (group, project, ref_type, name) =
        (get("group"), get("project"), get("ref_type"), get("ref"));
    let branch = if p.form == "branch" {
        other(&name)
    } else {
        "main".to_string()
    };
    let other_project = format!("{group}/{}", other(&project));
    vec![
        sibling(
            token,
            Sibling::OtherBranch,
            sub,
            &format!("project_path:{group}/{project}:ref_type:branch:ref:{branch}"),
            &[("ref", &branch), ("ref_type", "branch")],
        ),
        sibling(
            token,
            Sibling::OtherProject,
            sub,
            &format!("project_path:{other_project}:ref_type:{ref_type}:ref:{name}"),
            &[("project_path", &other_project)],
        ),
    ]
}

/// HCP Terraform: the other run phase, another workspace, another organization.
fn terraform_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let Some((_, get)) = parts_of(PresetId::HcpTerraform, sub) else {
        return Vec::new();
    };
    let (org, project, ws, phase) = (
        get("organization"),
        get("project"),
        get("workspace"),
        get("run_phase"),
    );
    let subject = |o: &str, w: &str, ph: &str| {
        format!("organization:{o}:project:{project}:workspace:{w}:run_phase:{ph}")
    };
    let other_phase = if phase == "apply" { "plan" } else { "apply" };
    let (other_ws, other_org) = (other(&ws), other(&org));
    vec![
        sibling(
            token,
            Sibling::OtherRunPhase,
            sub,
            &subject(&org, &ws, other_phase),
            &[("terraform_run_phase", other_phase)],
        ),
        sibling(
            token,
            Sibling::OtherWorkspace,
            sub,
            &subject(&org, &other_ws, &phase),
            &[("terraform_workspace_name", &other_ws)],
        ),
        sibling(
            token,
            Sibling::OtherOrganization,
            sub,
            &subject(&other_org, &ws, &phase),
            &[("terraform_organization_name", &other_org)],
        ),
    ]
}

/// CircleCI: another user's job in the project, another project of the organization.
fn circleci_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let Some((_, get)) = parts_of(PresetId::CircleCi, sub) else {
        return Vec::new();
    };
    let (org, project, user) = (get("organization id"), get("project id"), get("user id"));
    let other_project = other(&project);
    vec![
        sibling(
            token,
            Sibling::OtherUser,
            sub,
            &format!("org/{org}/project/{project}/user/{}", other(&user)),
            &[],
        ),
        sibling(
            token,
            Sibling::OtherProject,
            sub,
            &format!("org/{org}/project/{other_project}/user/{user}"),
            &[("oidc.circleci.com/project-id", &other_project)],
        ),
    ]
}

/// Buildkite: another commit on the branch, another branch, pipeline and organization.
fn buildkite_siblings(token: &Token, sub: &str) -> Vec<Derived> {
    let Some((p, get)) = parts_of(PresetId::Buildkite, sub) else {
        return Vec::new();
    };
    let (org, pipeline, r, commit, step) = (
        get("organization"),
        get("pipeline"),
        get("ref"),
        get("commit"),
        get("step"),
    );
    let subject = |o: &str, pl: &str, r: &str, c: &str| {
        format!("organization:{o}:pipeline:{pl}:ref:{r}:commit:{c}:step:{step}")
    };
    let other_commit = if commit == "0".repeat(40) {
        "1".repeat(40)
    } else {
        "0".repeat(40)
    };
    let branch = match p.form {
        "branch" => format!("{}-other", r),
        _ => "refs/heads/main".to_string(),
    };
    let (other_pipeline, other_org) = (other(&pipeline), other(&org));
    vec![
        sibling(
            token,
            Sibling::OtherCommit,
            sub,
            &subject(&org, &pipeline, &r, &other_commit),
            &[("build_commit", &other_commit)],
        ),
        sibling(
            token,
            Sibling::OtherBranch,
            sub,
            &subject(&org, &pipeline, &branch, &commit),
            &[("build_branch", branch.trim_start_matches("refs/heads/"))],
        ),
        sibling(
            token,
            Sibling::OtherPipeline,
            sub,
            &subject(&org, &other_pipeline, &r, &commit),
            &[("pipeline_slug", &other_pipeline)],
        ),
        sibling(
            token,
            Sibling::OtherOrganization,
            sub,
            &subject(&other_org, &pipeline, &r, &commit),
            &[("organization_slug", &other_org)],
        ),
    ]
}
