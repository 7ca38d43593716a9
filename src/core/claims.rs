//! Explaining a token's claims: what each registered, Kubernetes and GitHub claim means, the
//! times relative to the evaluation time, and what kind of token this is.
//!
//! Invariant: explanation never fails. A claim of the wrong type is shown as it is, with a note.

use serde::Serialize;
use serde_json::{Map, Value};

use super::finding::{CheckStatus, Finding, Severity};
use super::invisible;
use super::json;
use super::jwt::Token;
use super::share;
use super::timefmt::{format_duration, format_local, format_relative, format_rfc3339, format_utc};

/// The issuer of legacy secret-based service-account tokens.
pub const LEGACY_K8S_ISSUER: &str = "kubernetes/serviceaccount";
/// GitHub Actions' OIDC issuer.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// What kind of token this is, with the identity it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TokenKind {
    /// A projected (bound) Kubernetes service-account token.
    KubernetesProjected {
        /// `kubernetes.io.namespace`.
        namespace: Option<String>,
        /// `kubernetes.io.serviceaccount.name`.
        service_account: Option<String>,
        /// `kubernetes.io.pod.name`.
        pod: Option<String>,
        /// `kubernetes.io.node.name` (Kubernetes 1.30+).
        node: Option<String>,
        /// `system:serviceaccount:NS:NAME` derived from the claims.
        derived_subject: Option<String>,
        /// For an EKS issuer: the region and the cluster's OIDC id.
        eks: Option<EksIssuer>,
    },
    /// A legacy secret-based service-account token (no expiry, no audience).
    KubernetesLegacy {
        /// Namespace.
        namespace: Option<String>,
        /// Service account.
        service_account: Option<String>,
        /// The secret holding the token.
        secret: Option<String>,
    },
    /// A GitHub Actions OIDC token.
    GitHubActions {
        /// `repository`.
        repository: Option<String>,
        /// What `sub` is scoped by: `environment`, `pull_request`, `ref` or `other`.
        subject_kind: String,
        /// Whether `sub` uses the immutable `ORG@id/REPO@id` form.
        immutable_subject: bool,
    },
    /// Any other OIDC/JWT token.
    Generic,
}

/// The parts of an EKS issuer URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EksIssuer {
    /// AWS region, e.g. `eu-west-1`.
    pub region: String,
    /// The cluster's OIDC id (32 hex characters).
    pub id: String,
}

/// One row of the claims table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// The claim name (dotted for nested Kubernetes members, e.g. `kubernetes.io.namespace`).
    pub name: String,
    /// The value as compact JSON (strings unquoted).
    pub value: String,
    /// The value with invisible and direction-changing characters made visible (`⟨U+202E⟩`),
    /// when it has any; show this instead of `value`. See [`super::invisible`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_revealed: Option<String>,
    /// What the claim means.
    pub meaning: String,
    /// For time claims: UTC, local and relative forms.
    pub time: Option<TimeView>,
    /// Remarks specific to this token's value.
    pub notes: Vec<String>,
    /// Pass/Fail/Warn for claims that are checked against the evaluation time, else `None`.
    pub status: Option<CheckStatus>,
}

/// A time claim shown three ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeView {
    /// Unix seconds.
    pub unix: i64,
    /// RFC 3339, UTC.
    pub rfc3339: String,
    /// Human UTC.
    pub utc: String,
    /// In the viewer's offset.
    pub local: String,
    /// Relative to the evaluation time.
    pub relative: String,
}

/// Times that matter, relative to the evaluation time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Times {
    /// The evaluation time.
    pub at: i64,
    /// `exp`, when an integer.
    pub exp: Option<i64>,
    /// `iat`, when an integer.
    pub iat: Option<i64>,
    /// `nbf`, when an integer.
    pub nbf: Option<i64>,
    /// `exp - iat`, in seconds (wide: two `i64` instants can be further apart than `i64` holds).
    pub lifetime: Option<i128>,
    /// `exp <= at`.
    pub expired: bool,
    /// `nbf > at`.
    pub not_yet_valid: bool,
}

/// The explanation of all claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimsReport {
    /// What kind of token this is.
    pub kind: TokenKind,
    /// A one-line description of the kind.
    pub kind_label: String,
    /// One row per claim (nested Kubernetes members flattened), in token order.
    pub rows: Vec<ClaimRow>,
    /// The times.
    pub times: Times,
    /// Findings about the claims.
    pub findings: Vec<Finding>,
}

/// `kubernetes.io.warnafter` (projected service-account tokens: when the kubelet should have
/// refreshed it), when an integer.
pub fn warn_after(claims: &Map<String, Value>) -> Option<i64> {
    claims
        .get("kubernetes.io")
        .and_then(|k| k.get("warnafter"))
        .and_then(Value::as_i64)
}

/// Explains `token`'s claims as of `at` (unix seconds), showing local times at `offset_minutes`.
pub fn explain(token: &Token, at: i64, offset_minutes: i32) -> ClaimsReport {
    let claims = &token.claims;
    let mut findings = Vec::new();
    let times = times_of(claims, at, &mut findings);
    let kind = detect_kind(claims);
    let kind_label = kind_label(&kind);
    let mut rows = Vec::new();
    for (name, value) in claims {
        if name == "kubernetes.io"
            && let Value::Object(k8s) = value
        {
            flatten_k8s(k8s, at, offset_minutes, &mut rows);
            continue;
        }
        rows.push(claim_row(name, value, &kind, &times, offset_minutes));
    }

    if let Some(builtin) = token
        .claim_str("iss")
        .and_then(crate::core::sts::BuiltinProvider::from_iss)
    {
        for row in &mut rows {
            if let Some(m) = builtin_meaning(builtin, &row.name) {
                row.meaning = m.to_string();
            }
        }
    }
    kind_findings(&kind, claims, &times, &mut findings);
    reveal_invisible(&mut rows, &mut findings);
    ClaimsReport {
        kind,
        kind_label,
        rows,
        times,
        findings,
    }
}

/// The time claims as of `at`: `exp`, `iat` and `nbf` read by [`time_claim`] (in that order, so
/// their findings come in that order), the lifetime, and whether the token is expired or not yet
/// valid.
fn times_of(claims: &Map<String, Value>, at: i64, findings: &mut Vec<Finding>) -> Times {
    let exp = time_claim(claims, "exp", findings);
    let iat = time_claim(claims, "iat", findings);
    let nbf = time_claim(claims, "nbf", findings);
    Times {
        at,
        exp,
        iat,
        nbf,
        lifetime: match (exp, iat) {
            (Some(e), Some(i)) => i128::from(e).checked_sub(i128::from(i)),
            _ => None,
        },
        expired: exp.is_some_and(|e| e <= at),
        not_yet_valid: nbf.is_some_and(|n| n > at),
    }
}

/// One time claim as integer seconds: absent or beyond `i64` gives `None`; any other non-integer
/// adds a finding and is read as a number where it is one.
fn time_claim(claims: &Map<String, Value>, name: &str, findings: &mut Vec<Finding>) -> Option<i64> {
    match claims.get(name) {
        None => None,
        Some(Value::Number(n)) if n.is_i64() => n.as_i64(),
        Some(Value::Number(n)) if n.is_u64() => None,
        Some(other) => {
            findings.push(Finding::new(
                "time_claim_not_integer",
                Severity::Danger,
                format!("`{name}` is not an integer"),
                format!(
                    "`{name}` = {other}; JWT times are integer seconds since 1970 (NumericDate), \
                     and STS rejects a token whose time claims are not integers."
                ),
            ));
            other.as_f64().map(|f| f as i64)
        }
    }
}

/// The row of one top-level claim: its value and meaning, with the time, status and notes its
/// name calls for.
fn claim_row(
    name: &str,
    value: &Value,
    kind: &TokenKind,
    times: &Times,
    offset_minutes: i32,
) -> ClaimRow {
    let mut row = ClaimRow {
        name: name.to_owned(),
        value: display_value(value),
        value_revealed: None,
        meaning: meaning(name, kind).to_string(),
        time: None,
        notes: Vec::new(),
        status: None,
    };
    match name {
        "exp" | "iat" | "nbf" => annotate_time(&mut row, value, times, offset_minutes),
        "aud" => annotate_audience(&mut row, value),
        "sub" => annotate_subject(&mut row, value, kind),
        _ => {}
    }
    row
}

/// A time claim (`exp`, `iat` or `nbf`): its three forms, and how it stands at the evaluation
/// time.
fn annotate_time(row: &mut ClaimRow, value: &Value, times: &Times, offset_minutes: i32) {
    let at = times.at;
    if let Some(unix) = value.as_i64() {
        row.time = Some(time_view(unix, at, offset_minutes));
    }
    match row.name.as_str() {
        "exp" => annotate_expiry(row, times),
        "nbf" if times.not_yet_valid => {
            row.status = Some(CheckStatus::Warn);
            row.notes.push(
                "not valid yet at the evaluation time (whether and with what clock \
                 skew STS enforces `nbf` is not documented by AWS)"
                    .to_string(),
            );
        }
        "iat" if times.iat.is_some_and(|i| i > at) => {
            row.status = Some(CheckStatus::Warn);
            row.notes
                .push("issued after the evaluation time (clock skew?)".to_string());
        }
        _ => {}
    }
}

/// `exp`: fails once expired; notes the token's lifetime and when it expires or expired.
fn annotate_expiry(row: &mut ClaimRow, times: &Times) {
    row.status = Some(if times.expired {
        CheckStatus::Fail
    } else {
        CheckStatus::Pass
    });
    if let Some(l) = times.lifetime {
        row.notes.push(format!("lifetime {}", format_duration(l)));
    }
    if let Some(e) = times.exp {
        row.notes.push(if times.expired {
            format!("expired {}", format_relative(e, times.at))
        } else {
            format!("expires {}", format_relative(e, times.at))
        });
    }
}

/// `aud`: notes that AWS documents nothing for several audiences.
fn annotate_audience(row: &mut ClaimRow, value: &Value) {
    if let Value::Array(items) = value
        && items.len() > 1
    {
        row.notes.push(
            "several audiences: AWS documents nothing for this case; it \
                 probably passes if any entry is a client ID of the IAM OIDC provider"
                .to_string(),
        );
    }
}

/// `sub` of a projected Kubernetes token: notes a subject that differs from the one its
/// `kubernetes.io` claims imply. A masked `sub` (a masked share link) is not compared: its value
/// is unknown.
fn annotate_subject(row: &mut ClaimRow, value: &Value, kind: &TokenKind) {
    if let TokenKind::KubernetesProjected {
        derived_subject: Some(d),
        ..
    } = kind
        && !value.as_str().is_some_and(share::is_masked)
        && value.as_str() != Some(d.as_str())
    {
        row.notes.push(format!(
            "differs from the subject derived from `kubernetes.io`: `{d}`"
        ));
    }
}

/// Marks every row whose value hides characters (bidi overrides, zero-width characters, controls):
/// a revealed value, a note, and one finding naming the claims.
fn reveal_invisible(rows: &mut [ClaimRow], findings: &mut Vec<Finding>) {
    let mut names = Vec::new();
    for row in rows.iter_mut() {
        let found = invisible::find(&row.value);
        if let Some(note) = invisible::describe(&found) {
            row.value_revealed = invisible::reveal(&row.value);
            row.notes.push(note);
        }
        let in_name = invisible::find(&row.name);
        if !in_name.is_empty() {
            let shown = invisible::reveal(&row.name).unwrap_or_default();
            row.notes.push(format!(
                "The claim's name contains invisible or direction-changing characters: `{shown}`."
            ));
        }
        if !found.is_empty() || !in_name.is_empty() {
            names.push(format!(
                "`{}`",
                invisible::reveal(&row.name).unwrap_or_else(|| row.name.clone())
            ));
        }
    }
    if !names.is_empty() {
        findings.push(Finding::new(
            "claim_invisible_characters",
            Severity::Warning,
            format!(
                "invisible or direction-changing characters in {}",
                names.join(", ")
            ),
            "A value that contains bidirectional controls or zero-width characters is displayed \
             differently from what it is: a right-to-left override can make \
             `system:serviceaccount:prod:api` appear where the characters say otherwise. STS and \
             IAM compare the characters, not their appearance. The table shows each such \
             character as ⟨U+…⟩; legitimate issuers do not put them in claims.",
        ));
    }
}

fn time_view(unix: i64, at: i64, offset_minutes: i32) -> TimeView {
    TimeView {
        unix,
        rfc3339: format_rfc3339(unix),
        utc: format_utc(unix),
        local: format_local(unix, offset_minutes),
        relative: format_relative(unix, at),
    }
}

fn flatten_k8s(k8s: &Map<String, Value>, at: i64, offset_minutes: i32, rows: &mut Vec<ClaimRow>) {
    for (key, value) in k8s {
        let base = format!("kubernetes.io.{key}");
        match value {
            Value::Object(inner) => {
                for (sub, v) in inner {
                    let name = format!("{base}.{sub}");
                    rows.push(ClaimRow {
                        meaning: k8s_meaning(key, Some(sub)).to_string(),
                        name,
                        value: display_value(v),
                        value_revealed: None,
                        time: None,
                        notes: Vec::new(),
                        status: None,
                    });
                }
            }
            other => {
                let mut row = ClaimRow {
                    name: base,
                    value: display_value(other),
                    value_revealed: None,
                    meaning: k8s_meaning(key, None).to_string(),
                    time: None,
                    notes: Vec::new(),
                    status: None,
                };
                if key == "warnafter"
                    && let Some(unix) = other.as_i64()
                {
                    row.time = Some(time_view(unix, at, offset_minutes));
                }
                rows.push(row);
            }
        }
    }
}

/// A claim value for display: strings without quotes, everything else as compact JSON.
pub fn display_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn str_at<'a>(v: Option<&'a Value>, path: &[&str]) -> Option<&'a str> {
    let mut cur = v?;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

/// Recognises the token's kind from its claims.
pub fn detect_kind(claims: &Map<String, Value>) -> TokenKind {
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let k8s = claims.get("kubernetes.io");
    if let Some(obj) = k8s.filter(|v| v.is_object()) {
        let namespace = str_at(Some(obj), &["namespace"]).map(str::to_owned);
        let service_account = str_at(Some(obj), &["serviceaccount", "name"]).map(str::to_owned);
        // A masked link hides the names: no subject can be derived from them.
        let derived_subject = match (&namespace, &service_account) {
            (Some(ns), Some(sa)) if !share::is_masked(ns) && !share::is_masked(sa) => {
                Some(format!("system:serviceaccount:{ns}:{sa}"))
            }
            _ => None,
        };
        return TokenKind::KubernetesProjected {
            pod: str_at(Some(obj), &["pod", "name"]).map(str::to_owned),
            node: str_at(Some(obj), &["node", "name"]).map(str::to_owned),
            namespace,
            service_account,
            derived_subject,
            eks: parse_eks_issuer(iss),
        };
    }
    let legacy = |suffix: &str| {
        claims
            .get(&format!("kubernetes.io/serviceaccount/{suffix}"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if iss == LEGACY_K8S_ISSUER || legacy("namespace").is_some() {
        return TokenKind::KubernetesLegacy {
            namespace: legacy("namespace"),
            service_account: legacy("service-account.name"),
            secret: legacy("secret.name"),
        };
    }
    let is_github = iss == GITHUB_ISSUER
        || (iss.ends_with("/_services/token") && claims.contains_key("repository"));
    if is_github {
        let sub = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let scope = sub.splitn(3, ':').nth(2).unwrap_or_default();
        let subject_kind = if scope.starts_with("environment:") {
            "environment"
        } else if scope == "pull_request" {
            "pull_request"
        } else if scope.starts_with("ref:") {
            "ref"
        } else {
            "other"
        };
        let repo_part = sub.split(':').nth(1).unwrap_or_default();
        return TokenKind::GitHubActions {
            repository: claims
                .get("repository")
                .and_then(Value::as_str)
                .map(str::to_owned),
            subject_kind: subject_kind.to_string(),
            immutable_subject: repo_part.contains('@'),
        };
    }
    TokenKind::Generic
}

/// Splits `https://oidc.eks.<region>.amazonaws.com/id/<ID>`.
pub fn parse_eks_issuer(iss: &str) -> Option<EksIssuer> {
    let rest = iss.strip_prefix("https://oidc.eks.")?;
    let (region, rest) = rest.split_once('.')?;
    let id = rest
        .strip_prefix("amazonaws.com/id/")
        .or_else(|| rest.strip_prefix("amazonaws.com.cn/id/"))?;
    if id.is_empty() || id.contains('/') {
        return None;
    }
    Some(EksIssuer {
        region: region.to_string(),
        id: id.to_string(),
    })
}

fn kind_label(kind: &TokenKind) -> String {
    match kind {
        TokenKind::KubernetesProjected { eks: Some(e), .. } => format!(
            "Kubernetes projected service-account token from an EKS cluster ({}, OIDC id {})",
            e.region, e.id
        ),
        TokenKind::KubernetesProjected { .. } => {
            "Kubernetes projected service-account token".to_string()
        }
        TokenKind::KubernetesLegacy { .. } => {
            "legacy (secret-based) Kubernetes service-account token".to_string()
        }
        TokenKind::GitHubActions { .. } => "GitHub Actions OIDC token".to_string(),
        TokenKind::Generic => "OIDC / JWT token".to_string(),
    }
}

fn kind_findings(
    kind: &TokenKind,
    claims: &Map<String, Value>,
    times: &Times,
    out: &mut Vec<Finding>,
) {
    match kind {
        TokenKind::KubernetesLegacy { .. } => out.push(legacy_finding(claims)),
        TokenKind::KubernetesProjected { eks, .. } => {
            projected_findings(eks.as_ref(), claims, times, out);
        }
        TokenKind::GitHubActions {
            immutable_subject: true,
            ..
        } => out.push(Finding::new(
            "github_immutable_subject",
            Severity::Info,
            "the subject uses GitHub's immutable `ORG@id/REPO@id` form",
            "Repositories created or renamed on or after 2026-07-15 get immutable subjects; trust \
             policies written for `repo:ORG/REPO:*` do not match them.",
        )),
        _ => {}
    }
    mechanism_findings(kind, claims, out);
    required_claim_findings(claims, out);
}

/// A token made for another of EKS's mechanisms than `AssumeRoleWithWebIdentity`: the Pod
/// Identity agent's (`aud` `pods.eks.amazonaws.com`, which never reaches STS), or a person's ID
/// token, which may be meant for signing in to a cluster (its OIDC identity provider, not IAM,
/// decides then). The page offers the matching tool on these codes.
fn mechanism_findings(kind: &TokenKind, claims: &Map<String, Value>, out: &mut Vec<Finding>) {
    let aud = crate::core::mechanism::audiences(claims);
    let has = |a: &str| aud.iter().any(|x| x == a);
    if has("pods.eks.amazonaws.com") {
        out.push(Finding::new(
            "pod_identity_agent_token",
            Severity::Warning,
            "this is the EKS Pod Identity agent's token (`aud` `pods.eks.amazonaws.com`), not one for STS",
            "With EKS Pod Identity the agent presents this token to the EKS Auth API, which \
             assumes the role with `sts:AssumeRole` and `sts:TagSession`: the token never reaches \
             STS, and no IAM OIDC provider is involved. What decides is the role's trust policy \
             (`Principal.Service` `pods.eks.amazonaws.com`) and the association: the EKS Pod \
             Identity tool checks both (EKS User Guide: pod-id-how-it-works).",
        ));
        return;
    }
    let person = crate::core::mechanism::person_claims(claims);
    let workload = matches!(
        kind,
        TokenKind::KubernetesLegacy { .. }
            | TokenKind::KubernetesProjected { .. }
            | TokenKind::GitHubActions { .. }
    );
    // Google's ID tokens carry a person's claims by design: IAM federates them as a built-in
    // provider, which is what this page simulates for them.
    let builtin = claims
        .get("iss")
        .and_then(Value::as_str)
        .is_some_and(crate::core::sts::is_builtin_provider);
    if !person.is_empty() && !workload && !builtin && !has("sts.amazonaws.com") {
        out.push(Finding::new(
            "person_id_token",
            Severity::Info,
            format!(
                "a person's ID token ({}): for STS, or for signing in to a cluster?",
                person
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "STS accepts a person's ID token for web-identity federation (Google, Cognito, any \
             OIDC provider registered in IAM), which this page simulates. To sign in to an EKS \
             cluster with kubectl, IAM plays no part: the cluster's OIDC identity-provider \
             configuration (issuer, client ID, username and groups claims) decides, and the EKS \
             cluster sign-in tool checks the token against it (EKS User Guide: \
             authenticate-oidc-identity-provider).",
        ));
    }
}

/// A legacy secret-based token: AWS refuses it; says what it lacks and how to get a projected one.
fn legacy_finding(claims: &Map<String, Value>) -> Finding {
    Finding::new(
        "legacy_sa_token",
        Severity::Danger,
        "legacy secret-based service-account token: AWS refuses it",
        format!(
            "Its issuer is `{LEGACY_K8S_ISSUER}` (not an https URL an IAM OIDC provider could \
             match){}{}. STS needs a projected token: on EKS, annotate the service account with \
             `eks.amazonaws.com/role-arn` so the pod identity webhook mounts one at \
             /var/run/secrets/eks.amazonaws.com/serviceaccount/token, and make sure the SDK \
             reads AWS_WEB_IDENTITY_TOKEN_FILE rather than the legacy secret.",
            if claims.contains_key("aud") {
                ""
            } else {
                ", it has no `aud`"
            },
            if claims.contains_key("exp") {
                ""
            } else {
                " and it never expires (no `exp`)"
            },
        ),
    )
}

/// A projected token: an issuer that is not https (outside EKS), and a lifetime beyond 24 h.
fn projected_findings(
    eks: Option<&EksIssuer>,
    claims: &Map<String, Value>,
    times: &Times,
    out: &mut Vec<Finding>,
) {
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if eks.is_none() && !iss.starts_with("https://") {
        out.push(Finding::new(
            "issuer_not_https",
            Severity::Danger,
            "the cluster's service-account issuer is not an https URL",
            format!(
                "`iss` = `{iss}`. An IAM OIDC provider URL must start with https://, and \
                 STS must fetch `<iss>/.well-known/openid-configuration` publicly; set \
                 the API server's --service-account-issuer to a public https URL that \
                 serves discovery and keys."
            ),
        ));
    }
    if let Some(l) = times.lifetime
        && l > 86_400
    {
        out.push(Finding::new(
            "long_lived_token",
            Severity::Info,
            "the token lives longer than 24 h",
            format!(
                "lifetime {}; the EKS pod identity webhook issues tokens for 24 h by \
                 default (600 s to 24 h).",
                format_duration(l)
            ),
        ));
    }
}

/// A claim every token needs: its name, the finding's code and severity when it is missing,
/// why it matters, and whether it must be a string.
struct RequiredClaim {
    name: &'static str,
    code: &'static str,
    severity: Severity,
    why: &'static str,
    string: bool,
}

/// The claims STS and trust policies rely on, in the order their findings are reported.
const REQUIRED_CLAIMS: [RequiredClaim; 4] = [
    RequiredClaim {
        name: "iss",
        code: "missing_iss",
        severity: Severity::Danger,
        why: "STS finds the IAM OIDC provider by `iss`; without it the token cannot be used.",
        string: true,
    },
    RequiredClaim {
        name: "sub",
        code: "missing_sub",
        severity: Severity::Warning,
        why: "Trust policies scope access by `sub`; without it they cannot tell workloads apart.",
        string: true,
    },
    RequiredClaim {
        name: "aud",
        code: "missing_aud",
        severity: Severity::Danger,
        why: "STS requires `aud` and answers `Missing a required claim: aud`.",
        string: false,
    },
    RequiredClaim {
        name: "exp",
        code: "missing_exp",
        severity: Severity::Danger,
        why: "A token without an expiry never stops working if stolen; STS requires `exp`.",
        string: false,
    },
];

/// A finding for each of [`REQUIRED_CLAIMS`] that is missing, or present but not a string where
/// it must be one.
fn required_claim_findings(claims: &Map<String, Value>, out: &mut Vec<Finding>) {
    for c in &REQUIRED_CLAIMS {
        let name = c.name;
        match claims.get(name) {
            None => out.push(Finding::new(
                c.code,
                c.severity,
                format!("the token has no `{name}`"),
                c.why.to_string(),
            )),
            Some(v) if c.string && !v.is_string() => out.push(Finding::new(
                "claim_wrong_type",
                Severity::Danger,
                format!("`{name}` is not a string"),
                format!("`{name}` must be a string, found {}", json::kind_of(v)),
            )),
            Some(_) => {}
        }
    }
}

/// What a claim means, for the claims table (`sub` depends on the token's kind).
fn meaning(name: &str, kind: &TokenKind) -> &'static str {
    if name == "sub" {
        return subject_meaning(kind);
    }
    registered_meaning(name)
        .or_else(|| github_meaning(name))
        .or_else(|| aws_meaning(name))
        .unwrap_or(
            "A claim AWS does not use for federation unless the trust policy names it (and only supported keys can be named).",
        )
}

/// `sub` as each kind of issuer fills it.
fn subject_meaning(kind: &TokenKind) -> &'static str {
    match kind {
        TokenKind::KubernetesProjected { .. } | TokenKind::KubernetesLegacy { .. } => {
            "Subject: system:serviceaccount:<namespace>:<service account>. Trust policies match it with the `<provider>:sub` condition key."
        }
        TokenKind::GitHubActions { .. } => {
            "Subject: repo:<org>/<repo>:<environment|pull_request|ref>. Trust policies match it with `token.actions.githubusercontent.com:sub`."
        }
        TokenKind::Generic => {
            "Subject: the identity the token is about. Trust policies match it with the `<provider>:sub` condition key."
        }
    }
}

/// The registered JWT claims and the OIDC claims AWS reads.
fn registered_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "iss" => {
            "Issuer. STS looks up the IAM OIDC provider whose URL equals this, byte for byte, and fetches its keys from <iss>/.well-known/openid-configuration."
        }
        "aud" => {
            "Audience: who the token is for. STS requires one of the IAM OIDC provider's client IDs (usually sts.amazonaws.com)."
        }
        "exp" => {
            "Expiration time. STS refuses the token at or after this instant (ExpiredTokenException)."
        }
        "iat" => "Issued at.",
        "nbf" => {
            "Not before: the token is not valid earlier (AWS does not document whether STS enforces it)."
        }
        "jti" => "Token id: unique per token.",
        "azp" => {
            "Authorized party: the client the token was issued to (Google: STS matches `accounts.google.com:aud` against it)."
        }
        "amr" => {
            "Authentication methods references (Cognito: `cognito-identity.amazonaws.com:amr`)."
        }
        "email" => "E-mail address of the subject (a condition key AWS supports).",
        _ => return None,
    })
}

/// `iss` and `aud` of a token from one of IAM's built-in providers: no IAM OIDC provider is looked
/// up, and the trust policy's conditions check the audience
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
fn builtin_meaning(builtin: crate::core::sts::BuiltinProvider, name: &str) -> Option<&'static str> {
    use crate::core::sts::BuiltinProvider as B;
    Some(match (builtin, name) {
        (B::Google | B::Cognito | B::Amazon | B::Facebook, "iss") => {
            "Issuer: one of IAM's built-in identity providers. The role trusts it by name in `Principal.Federated`; there is no IAM OIDC provider to create or look up."
        }
        (B::Google, "aud") => {
            "Audience: the OAuth client ID the token was issued for. No IAM OIDC provider checks it: the trust policy's `accounts.google.com:aud` condition does (it reads `azp` when the token has one, else `aud`; `accounts.google.com:oaud` reads `aud`)."
        }
        (B::Cognito, "aud") => {
            "Audience: the Cognito identity pool ID. No IAM OIDC provider checks it: the trust policy's `cognito-identity.amazonaws.com:aud` condition does."
        }
        _ => return None,
    })
}

/// GitHub Actions' claims.
fn github_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "repository" => "GitHub repository `org/repo` that ran the workflow.",
        "repository_owner" => "GitHub organisation or user owning the repository.",
        "repository_id" => "Numeric id of the repository (stable across renames).",
        "repository_owner_id" => "Numeric id of the owner.",
        "ref" => "Git ref the workflow ran on, e.g. refs/heads/main.",
        "ref_type" => "branch or tag.",
        "environment" => {
            "GitHub deployment environment of the job; when set, `sub` ends in `:environment:<name>`."
        }
        "event_name" => "The GitHub event that triggered the workflow (push, pull_request, ...).",
        "workflow" => "Workflow name.",
        "job_workflow_ref" => "The workflow file and ref that ran the job (reusable workflows).",
        "actor" => "The GitHub user that triggered the workflow.",
        "actor_id" => "Numeric id of the actor.",
        "run_id" | "run_number" | "run_attempt" => "Identifies the workflow run.",
        "sha" => "Commit SHA the workflow ran on.",
        "head_ref" | "base_ref" => "Pull-request branches (empty for pushes).",
        "enterprise_id" | "enterprise" => "GitHub Enterprise account.",
        "runner_environment" => "github-hosted or self-hosted runner.",
        _ => return None,
    })
}

/// The AWS session claims and the legacy Kubernetes token's claims.
fn aws_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "https://aws.amazon.com/tags" => {
            "Session tags for AWS (principal_tags, transitive_tag_keys): the trust policy must also allow sts:TagSession."
        }
        "https://aws.amazon.com/source_identity" => {
            "Source identity for AWS: the trust policy must also allow sts:SetSourceIdentity."
        }
        "kubernetes.io/serviceaccount/namespace" => {
            "Legacy token: namespace of the service account."
        }
        "kubernetes.io/serviceaccount/secret.name" => {
            "Legacy token: the Secret that stores this never-expiring token."
        }
        "kubernetes.io/serviceaccount/service-account.name" => {
            "Legacy token: service account name."
        }
        "kubernetes.io/serviceaccount/service-account.uid" => "Legacy token: service account UID.",
        _ => return None,
    })
}

fn k8s_meaning(key: &str, sub: Option<&str>) -> &'static str {
    match (key, sub) {
        ("namespace", None) => "Namespace of the pod's service account.",
        ("serviceaccount", Some("name")) => "Service account the pod runs as.",
        ("serviceaccount", Some("uid")) => {
            "UID of the service account; a recreated account gets a new UID and old tokens stop working in-cluster."
        }
        ("pod", Some("name")) => {
            "Pod the token is bound to; the token dies with the pod in-cluster."
        }
        ("pod", Some("uid")) => "UID of the pod.",
        ("node", Some("name")) => "Node the pod runs on (Kubernetes 1.30+).",
        ("node", Some("uid")) => "UID of the node.",
        ("secret", Some("name")) => "Secret the token is bound to.",
        ("secret", Some("uid")) => "UID of the secret.",
        ("warnafter", None) => {
            "After this time the kubelet should have refreshed the token; API servers log use after it (stale-token detection)."
        }
        _ => "Kubernetes binding information.",
    }
}

/// `(namespace, name)` of a Kubernetes service-account subject `system:serviceaccount:NS:NAME`
/// (both non-empty; a name holding `:` is not this form).
pub fn service_account(sub: &str) -> Option<(&str, &str)> {
    let (ns, sa) = sub
        .strip_prefix("system:serviceaccount:")?
        .split_once(':')?;
    (!ns.is_empty() && !sa.is_empty() && !sa.contains(':')).then_some((ns, sa))
}

/// The claims AWS itself reads from a web-identity token: the issuer, audience (and `azp`),
/// subject and times; the session-tag and source-identity claims; and `amr` and `email`, which IAM
/// offers as condition keys for every OIDC provider
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
const READ_BY_AWS: [&str; 11] = [
    "iss",
    "aud",
    "azp",
    "sub",
    "exp",
    "nbf",
    "iat",
    "amr",
    "email",
    "https://aws.amazon.com/tags",
    "https://aws.amazon.com/source_identity",
];

/// Whether a claims-table row belongs to the part a reader needs first: a claim AWS reads, one a
/// trust policy can check (`checkable`: the provider's claim condition keys,
/// [`super::sts::RequestContext::checkable_claims`]; IAM compares key names without regard to
/// case), one whose value drew a remark or a status, or one that hides characters or is not plain
/// ASCII (a look-alike of a claim AWS reads). The others (identifiers of the token, pod or node)
/// only describe the workload: STS does not read them and IAM offers no condition key for them,
/// so the page folds them under the table.
pub fn is_primary(row: &ClaimRow, checkable: &[&str]) -> bool {
    READ_BY_AWS.contains(&row.name.as_str())
        || checkable.iter().any(|c| c.eq_ignore_ascii_case(&row.name))
        || row.status.is_some()
        || !row.notes.is_empty()
        || row.value_revealed.is_some()
        || !row.name.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    /// What `explain` gives for a token with claims `c` (evaluated at 0, UTC).
    fn explained(c: Value) -> ClaimsReport {
        use base64::Engine as _;
        let b64 = |v: Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
        };
        let compact = format!("{}.{}.c2ln", b64(json!({"alg": "RS256"})), b64(c));
        let token = crate::core::jwt::decode(&compact).unwrap();
        explain(&token, 0, 0)
    }

    /// The codes of the findings `explain` gives for a token with claims `c`.
    fn finding_codes(c: Value) -> Vec<&'static str> {
        explained(c).findings.iter().map(|f| f.code).collect()
    }

    /// The meaning `explain` gives claim `name` of a token with claims `c`.
    fn meaning_of(c: Value, name: &str) -> String {
        explained(c)
            .rows
            .into_iter()
            .find(|r| r.name == name)
            .map(|r| r.meaning)
            .unwrap()
    }

    #[test]
    fn primary_claims_are_those_aws_or_the_policy_reads_or_that_drew_a_remark() {
        let report = explained(json!({
            "iss": "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "sub": "system:serviceaccount:a:b",
            "aud": ["sts.amazonaws.com"], "exp": 10, "iat": 0, "jti": "x",
            "kubernetes.io": {"namespace": "a", "pod": {"name": "p", "uid": "u"}},
            "repository": "o/r", "\u{0455}ub": "look-alike", "note\u{200b}": "hidden",
        }));
        let primary = |checkable: &[&str]| -> Vec<String> {
            report
                .rows
                .iter()
                .filter(|r| is_primary(r, checkable))
                .map(|r| r.name.clone())
                .collect()
        };
        let without_policy = primary(&[]);
        for name in [
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "\u{0455}ub",
            "note\u{200b}",
        ] {
            assert!(
                without_policy.iter().any(|n| n == name),
                "{name} in {without_policy:?}"
            );
        }
        for name in [
            "jti",
            "kubernetes.io.pod.uid",
            "kubernetes.io.namespace",
            "repository",
        ] {
            assert!(report.rows.iter().any(|r| r.name == name), "no row {name}");
            assert!(
                !without_policy.iter().any(|n| n == name),
                "{name} in {without_policy:?}"
            );
        }
        // A claim a policy can check (names compared without case) joins them.
        let with_policy = primary(&["Repository"]);
        assert!(with_policy.iter().any(|n| n == "repository"));
    }

    #[test]
    fn built_in_providers_iss_and_aud_mean_what_iam_does_with_them() {
        let google = json!({"iss": "https://accounts.google.com", "aud": "123.apps.googleusercontent.com",
            "azp": "123.apps.googleusercontent.com", "sub": "1", "email": "a@b.c"});
        assert!(meaning_of(google.clone(), "iss").contains("built-in"));
        assert!(!meaning_of(google.clone(), "iss").contains("byte for byte"));
        let aud = meaning_of(google, "aud");
        assert!(
            aud.contains("`accounts.google.com:aud`") && !aud.contains("client IDs"),
            "{aud}"
        );
        let cognito = meaning_of(
            json!({"iss": "https://cognito-identity.amazonaws.com",
            "aud": "eu-west-1:pool", "sub": "eu-west-1:id", "amr": ["authenticated"]}),
            "aud",
        );
        assert!(cognito.contains("identity pool"), "{cognito}");
        // Any other issuer: the IAM OIDC provider's client IDs.
        let other = meaning_of(
            json!({"iss": "https://idp.example.com", "aud": "sts.amazonaws.com", "sub": "x"}),
            "aud",
        );
        assert!(other.contains("client IDs"), "{other}");
    }

    #[test]
    fn tokens_of_other_mechanisms_say_so() {
        // The Pod Identity agent's token (EKS User Guide, pod-id-how-it-works).
        let agent = finding_codes(json!({
            "iss": "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789",
            "aud": ["pods.eks.amazonaws.com"], "sub": "system:serviceaccount:payments:api"}));
        assert!(agent.contains(&"pod_identity_agent_token"), "{agent:?}");
        assert!(!agent.contains(&"person_id_token"), "{agent:?}");
        // A person's ID token for a cluster's OIDC identity provider.
        let person = finding_codes(json!({
            "iss": "https://idp.example.com", "aud": "kubernetes", "sub": "user-1",
            "email": "alice@example.com", "groups": ["dev"]}));
        assert!(person.contains(&"person_id_token"), "{person:?}");
        // Not for tokens made for STS, workloads' tokens, or those of IAM's built-in providers
        // (Google, Cognito: STS accepts them for a role trusting the provider's name).
        for c in [
            json!({"iss": "https://idp.example.com", "aud": "sts.amazonaws.com", "sub": "u", "email": "a@b.c"}),
            json!({"iss": "https://token.actions.githubusercontent.com", "aud": "my-app",
                   "sub": "repo:o/r:ref:refs/heads/main", "repository": "o/r", "name": "x"}),
            json!({"iss": "https://accounts.google.com", "aud": "app", "sub": "1", "email": "a@b.c"}),
            json!({"iss": "accounts.google.com", "aud": "app", "sub": "1", "email": "a@b.c", "name": "A"}),
            json!({"iss": "https://cognito-identity.amazonaws.com", "aud": "us-east-1:pool",
                   "sub": "us-east-1:id", "amr": ["authenticated"], "email": "a@b.c"}),
        ] {
            let codes = finding_codes(c.clone());
            assert!(!codes.contains(&"person_id_token"), "{c}: {codes:?}");
            assert!(
                !codes.contains(&"pod_identity_agent_token"),
                "{c}: {codes:?}"
            );
        }
    }

    #[test]
    fn invisible_characters_are_revealed_noted_and_found() {
        use base64::Engine as _;
        let b64 = |v: Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
        };
        let compact = format!(
            "{}.{}.c2ln",
            b64(json!({"alg": "RS256"})),
            b64(json!({"iss": "https://example.com", "sub": "prod\u{202E}ipa", "z\u{200B}": 1}))
        );
        let token = crate::core::jwt::decode(&compact).unwrap();
        let report = explain(&token, 0, 0);
        let sub = report.rows.iter().find(|r| r.name == "sub").unwrap();
        assert_eq!(sub.value, "prod\u{202E}ipa");
        assert_eq!(sub.value_revealed.as_deref(), Some("prod⟨U+202E⟩ipa"));
        assert!(
            sub.notes
                .iter()
                .any(|n| n.contains("U+202E RIGHT-TO-LEFT OVERRIDE"))
        );
        let iss = report.rows.iter().find(|r| r.name == "iss").unwrap();
        assert_eq!(iss.value_revealed, None);
        let named = report.rows.iter().find(|r| r.name == "z\u{200B}").unwrap();
        assert!(
            named.notes.iter().any(|n| n.contains("`z⟨U+200B⟩`")),
            "{:?}",
            named.notes
        );
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == "claim_invisible_characters")
            .unwrap();
        assert_eq!(
            finding.title,
            "invisible or direction-changing characters in `sub`, `z⟨U+200B⟩`"
        );
    }

    #[test]
    fn detect_kind_projected_eks() {
        let c = claims(json!({
            "iss": "https://oidc.eks.eu-west-1.amazonaws.com/id/B88E7287E54DB073AC9CDC2FD1BE0969",
            "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u"}}
        }));
        let TokenKind::KubernetesProjected {
            derived_subject,
            eks,
            ..
        } = detect_kind(&c)
        else {
            panic!("not projected")
        };
        assert_eq!(
            derived_subject.as_deref(),
            Some("system:serviceaccount:payments:api")
        );
        assert_eq!(eks.unwrap().region, "eu-west-1");
    }

    #[test]
    fn detect_kind_legacy_and_github() {
        let legacy = claims(
            json!({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "default"}),
        );
        assert!(matches!(
            detect_kind(&legacy),
            TokenKind::KubernetesLegacy { .. }
        ));
        let gh = claims(json!({"iss": GITHUB_ISSUER, "sub": "repo:o@1/r@2:pull_request"}));
        assert_eq!(
            detect_kind(&gh),
            TokenKind::GitHubActions {
                repository: None,
                subject_kind: "pull_request".into(),
                immutable_subject: true
            }
        );
    }

    #[test]
    fn required_claim_findings_missing_and_wrong_type_in_table_order() {
        let mut out = Vec::new();
        required_claim_findings(&claims(json!({"sub": 5, "aud": 3})), &mut out);
        let codes: Vec<_> = out.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(
            codes,
            [
                ("missing_iss", Severity::Danger),
                ("claim_wrong_type", Severity::Danger),
                ("missing_exp", Severity::Danger),
            ]
        );
        assert_eq!(out[1].detail, "`sub` must be a string, found a number");
    }

    #[test]
    fn parse_eks_issuer_rejects_other_hosts() {
        assert!(parse_eks_issuer("https://oidc.eks.us-east-1.amazonaws.com/id/ABC").is_some());
        assert!(parse_eks_issuer("https://oidc.eks.us-east-1.amazonaws.com/id/ABC/").is_none());
        assert!(parse_eks_issuer("https://example.com/id/ABC").is_none());
    }

    #[test]
    fn warn_after_reads_the_projected_token_member_only_as_an_integer() {
        let claims = |v: serde_json::Value| v.as_object().cloned().unwrap();
        // (claims, warnafter)
        let table = [
            (
                serde_json::json!({"kubernetes.io": {"warnafter": 1700000000}}),
                Some(1_700_000_000),
            ),
            (
                serde_json::json!({"kubernetes.io": {"warnafter": "1700000000"}}),
                None,
            ),
            (serde_json::json!({"warnafter": 1700000000}), None),
            (serde_json::json!({}), None),
        ];
        for (c, want) in table {
            assert_eq!(warn_after(&claims(c.clone())), want, "{c}");
        }
    }
}
