//! Auditing every role of an account that trusts a web-identity provider, from `aws iam
//! list-roles` or `aws iam get-account-authorization-details` (plus `aws iam
//! list-open-id-connect-providers` when given): each role's trust policy read by the engine's
//! parser ([`policy::parse_policy`]), its findings from the engine
//! ([`sts::policy_findings_for_issuer`]) and from the account-wide checks here ([`checks`]),
//! sorted by severity, each with its fix and, where one exists, a narrower policy made by
//! [`generate::trust_policy`](crate::core::generate::trust_policy).
//!
//! Invariant: a role whose trust policy cannot be read is reported, never skipped: it may trust a
//! provider.

mod checks;
mod input;

pub use input::SourceKind;

use serde::Serialize;

use crate::core::finding::{Finding, Severity};
use crate::core::policy::{self, Effect, Policy, Principal, Statement};
use crate::core::sts;
use checks::Provider;

/// How serious a finding of the audit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditSeverity {
    /// Worth tidying.
    Low,
    /// Broken, or wider than needed.
    Medium,
    /// Tokens the owner did not mean to admit can assume the role.
    High,
}

impl AuditSeverity {
    /// `high`, `medium`, `low`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditSeverity::High => "high",
            AuditSeverity::Medium => "medium",
            AuditSeverity::Low => "low",
        }
    }

    fn of(s: Severity) -> AuditSeverity {
        match s {
            Severity::Danger => AuditSeverity::High,
            Severity::Warning => AuditSeverity::Medium,
            Severity::Info => AuditSeverity::Low,
        }
    }
}

/// One finding of the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFinding {
    /// How serious.
    pub severity: AuditSeverity,
    /// Stable code (the engine's finding codes, and the audit's own).
    pub code: &'static str,
    /// The role (its name), when the finding is about one.
    pub role: Option<String>,
    /// The provider (`Federated` value or provider ARN) it concerns.
    pub provider: Option<String>,
    /// One line.
    pub title: String,
    /// Why it matters.
    pub detail: String,
    /// What to change.
    pub fix: String,
    /// Whether [`AuditFinding::fix`] is the detail itself (an engine finding whose detail already
    /// says what to change): a reader shown the detail need not read it twice.
    pub fix_is_detail: bool,
    /// A narrower trust policy for the role, when one can be made (placeholders in capitals, if
    /// any, are to be filled in: see [`RoleAudit::policy_has_placeholders`]).
    pub narrower_policy: Option<String>,
}

/// One role that trusts a web-identity provider (or whose trust policy cannot be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleAudit {
    /// `RoleName`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// The web-identity providers its Allow statements trust.
    pub providers: Vec<String>,
    /// Its findings, most serious first.
    pub findings: Vec<AuditFinding>,
    /// Whether the narrower policy has placeholders to fill in (a subject the audit cannot know).
    pub policy_has_placeholders: bool,
}

/// The audit of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Audit {
    /// The documents read.
    pub sources: Vec<SourceKind>,
    /// How many roles were read.
    pub roles_read: usize,
    /// The roles that trust a web-identity provider (or could not be read).
    pub roles: Vec<RoleAudit>,
    /// Every finding (roles' and providers'), most serious first.
    pub findings: Vec<AuditFinding>,
    /// Whether the account's providers were given (else providers with no role, and roles naming
    /// a provider that does not exist, cannot be checked).
    pub providers_checked: bool,
    /// Notes on what could not be checked.
    pub notes: Vec<String>,
}

impl Audit {
    /// The most serious finding's severity.
    pub fn highest(&self) -> Option<AuditSeverity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Audits the roles in `text` (one or several IAM documents, see [`SourceKind`]).
///
/// # Errors
/// A sentence saying what was expected when the text is not an IAM document with roles.
pub fn audit(text: &str) -> Result<Audit, String> {
    Ok(AuditRun::start(text)?.finish())
}

/// An audit under way: the documents read, the roles audited a few at a time. [`audit`] runs it
/// to the end at once; the page runs it in steps and yields between them, so that an account of
/// many roles does not freeze it. Either way the result is the same [`Audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRun {
    account: input::Account,
    /// How many of `account.roles` have been audited.
    next: usize,
    /// The audits of those that trust a web-identity provider (or could not be read).
    roles: Vec<RoleAudit>,
}

impl AuditRun {
    /// Reads the documents in `text`; no role is audited yet.
    ///
    /// # Errors
    /// A sentence saying what was expected when the text is not an IAM document with roles.
    pub fn start(text: &str) -> Result<AuditRun, String> {
        Ok(AuditRun {
            account: input::read(text)?,
            next: 0,
            roles: Vec::new(),
        })
    }

    /// How many roles were read.
    pub fn total(&self) -> usize {
        self.account.roles.len()
    }

    /// How many roles have been audited.
    pub fn done(&self) -> usize {
        self.next
    }

    /// Whether every role has been audited.
    pub fn is_done(&self) -> bool {
        self.next >= self.total()
    }

    /// Audits up to `n` more roles, in the order read; returns how many have been audited.
    pub fn step(&mut self, n: usize) -> usize {
        let end = self.next.saturating_add(n).min(self.total());
        let providers = self.account.providers.as_deref();
        if let Some(batch) = self.account.roles.get(self.next..end) {
            self.roles
                .extend(batch.iter().filter_map(|r| audit_role(r, providers)));
        }
        self.next = end.max(self.next);
        self.next
    }

    /// The audit: the roles not audited yet first, then the account-wide checks.
    pub fn finish(mut self) -> Audit {
        self.step(usize::MAX);
        let AuditRun {
            account, mut roles, ..
        } = self;
        roles.sort_by(|a, b| a.name.cmp(&b.name));
        let mut findings: Vec<AuditFinding> =
            roles.iter().flat_map(|r| r.findings.clone()).collect();
        let mut notes = Vec::new();
        match &account.providers {
            Some(providers) => {
                let used: Vec<&str> = roles
                    .iter()
                    .flat_map(|r| r.providers.iter().map(String::as_str))
                    .collect();
                findings.extend(
                    providers
                        .iter()
                        .filter(|p| !used.contains(&p.as_str()))
                        .map(|p| checks::unused_provider_finding(p)),
                );
            }
            None => notes.push(
                "no OpenID Connect provider list was given: add the output of `aws iam \
                 list-open-id-connect-providers` to check for providers with no role and roles \
                 naming a provider that does not exist"
                    .to_string(),
            ),
        }
        sort(&mut findings);
        Audit {
            sources: account.sources,
            roles_read: account.roles.len(),
            roles,
            findings,
            providers_checked: account.providers.is_some(),
            notes,
        }
    }
}

/// Most serious first; then by role and code, so the order is stable.
fn sort(findings: &mut [AuditFinding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.role.cmp(&b.role))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.title.cmp(&b.title))
    });
}

/// The audit of one role: `None` when it trusts no web-identity provider.
fn audit_role(role: &input::RoleInput, providers: Option<&[String]>) -> Option<RoleAudit> {
    let parsed = role
        .policy
        .clone()
        .and_then(|text| policy::parse_policy(&text).map_err(|e| e.to_string()));
    let policy = match parsed {
        Ok(p) => p,
        Err(why) => return Some(unreadable(role, &why)),
    };
    let role_account = role.arn.split(':').nth(4).filter(|a| !a.is_empty());
    let trusted = trusted_providers(&policy);
    if trusted.is_empty() {
        return None;
    }
    let mut findings = Vec::new();
    let mut placeholders = false;
    for p in &trusted {
        let statements: Vec<&Statement> = statements_for(&policy, &p.federated).collect();
        let mut mine = engine_findings(&policy, p);
        for st in &statements {
            mine.extend(checks::action_finding(st));
            if web_identity(st) {
                mine.extend(checks::audience_finding(st, p));
                mine.extend(checks::wildcard_findings(st, p));
            }
        }
        mine.extend(checks::account_finding(p, role_account));
        if let Some(list) = providers {
            mine.extend(checks::missing_provider_finding(p, list));
        }
        let narrower = statements
            .first()
            .and_then(|st| checks::narrower_policy(st, p, role_account));
        placeholders |= narrower.as_ref().is_some_and(|(_, ph)| *ph);
        for mut f in mine {
            f.role = Some(role.name.clone());
            f.provider = Some(p.federated.clone());
            if policy_fix(f.code) {
                f.narrower_policy = narrower.as_ref().map(|(t, _)| t.clone());
            }
            findings.push(f);
        }
    }
    dedupe(&mut findings);
    sort(&mut findings);
    Some(RoleAudit {
        name: role.name.clone(),
        arn: role.arn.clone(),
        providers: trusted.into_iter().map(|p| p.federated).collect(),
        findings,
        policy_has_placeholders: placeholders,
    })
}

/// A role whose trust policy cannot be read.
fn unreadable(role: &input::RoleInput, why: &str) -> RoleAudit {
    RoleAudit {
        name: role.name.clone(),
        arn: role.arn.clone(),
        providers: Vec::new(),
        findings: vec![AuditFinding {
            severity: AuditSeverity::Medium,
            code: "policy_unreadable",
            role: Some(role.name.clone()),
            provider: None,
            title: "the trust policy cannot be read".to_string(),
            detail: why.to_string(),
            fix: "check the document (`aws iam get-role --role-name NAME`); whether it trusts a \
                  web-identity provider is unknown"
                .to_string(),
            fix_is_detail: false,
            narrower_policy: None,
        }],
        policy_has_placeholders: false,
    }
}

/// The web-identity providers the policy's Allow statements name, in order, once each.
fn trusted_providers(policy: &Policy) -> Vec<Provider> {
    let mut out: Vec<Provider> = Vec::new();
    for st in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        if let Principal::Named { federated, .. } = &st.principal {
            for p in federated.iter().filter_map(|f| Provider::of(f)) {
                if !out.iter().any(|o| o.federated == p.federated) {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// The Allow statements whose `Federated` names `federated`.
fn statements_for<'a>(
    policy: &'a Policy,
    federated: &'a str,
) -> impl Iterator<Item = &'a Statement> {
    policy.statements.iter().filter(move |s| {
        s.effect == Effect::Allow
            && matches!(&s.principal, Principal::Named { federated: f, .. } if f.iter().any(|x| x == federated))
    })
}

/// Whether a statement allows the web-identity action.
fn web_identity(st: &Statement) -> bool {
    match &st.actions {
        policy::Actions::Action(a) => a
            .iter()
            .any(|x| crate::core::pattern::matches_ignore_case(x, sts::ACTION)),
        policy::Actions::NotAction(_) => true,
        policy::Actions::Missing => false,
    }
}

/// The engine's findings for the statements trusting `p`, read for any token of its issuer.
fn engine_findings(policy: &Policy, p: &Provider) -> Vec<AuditFinding> {
    let only_p = Policy {
        statements: statements_for(policy, &p.federated).cloned().collect(),
        ..policy.clone()
    };
    sts::policy_findings_for_issuer(&only_p, &p.iss)
        .into_iter()
        .map(from_engine)
        .collect()
}

fn from_engine(f: Finding) -> AuditFinding {
    AuditFinding {
        severity: AuditSeverity::of(f.severity),
        code: f.code,
        role: None,
        provider: None,
        fix: engine_fix(f.code).unwrap_or(&f.detail).to_string(),
        fix_is_detail: engine_fix(f.code).is_none(),
        title: f.title,
        detail: f.detail,
        narrower_policy: None,
    }
}

/// The fix for the engine's findings, where its detail is not already one.
fn engine_fix(code: &str) -> Option<&'static str> {
    Some(match code {
        "sub_not_scoped" => {
            "add a StringEquals (or StringLike) condition on `:sub` naming the repository and branch, or the namespace and service account, that use the role"
        }
        "principal_anyone" => "name the IAM OIDC provider in `Principal.Federated` instead of `*`",
        "forallvalues_absent_key" | "forallvalues_single_valued" => {
            "drop `ForAllValues:` (use StringEquals or StringLike) on single-valued keys such as `sub` and `aud`"
        }
        "stringequals_wildcard" => "use StringLike for patterns, or write the exact value",
        "stringlike_no_wildcard" => "use StringEquals",
        "condition_key_https" | "condition_key_unsupported" => {
            "write the key as `<issuer without https://>:<claim>` with a claim the provider supplies"
        }
        _ => return None,
    })
}

/// Whether a finding is fixed by changing the trust policy (so the narrower policy applies).
fn policy_fix(code: &str) -> bool {
    !matches!(
        code,
        "provider_not_in_account"
            | "provider_unused"
            | "policy_unreadable"
            | "github_immutable_subjects"
            | "stringlike_no_wildcard"
    )
}

/// One finding per role, code and title (two statements can say the same thing).
fn dedupe(findings: &mut Vec<AuditFinding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.code, f.title.clone(), f.provider.clone())));
}

#[cfg(test)]
mod tests;
