//! Plain-text rendering of a [`Report`], for the CLI and for snapshot tests. Decides nothing:
//! every verdict comes from the report.

use std::fmt::Write as _;

use super::claims::ClaimRow;
use super::finding::{Check, CheckStatus, Finding, Severity};
use super::invisible;
use super::issuers;
use super::issuers::IssuerExplanation;
use super::oidc::DiscoveryReport;
use super::policy::ActionEvaluation;
use super::report::Report;
use super::sts::StsReport;
use super::timefmt::format_utc;
use super::verify::SignatureReport;

fn status_word(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Pass => "PASS",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Warn => "WARN",
        CheckStatus::Skipped => "SKIP",
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Danger => "danger",
    }
}

/// Renders the report as text for a terminal.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    write_header(&mut out, report);
    if let Some(claims) = report.token.claims.as_object() {
        write_issuer(&mut out, &issuers::explain(claims));
    }
    write_claims(&mut out, &report.claims.rows);
    if let Some(d) = &report.discovery {
        write_discovery(&mut out, d);
    }
    write_signature(&mut out, &report.signature);
    if let Some(err) = &report.policy_error {
        let _ = writeln!(out, "\nTrust policy: {err}");
    }
    if let Some(sts) = &report.sts {
        write_sts(&mut out, sts);
    }
    write_findings(&mut out, &report.findings);
    // Values from the token, its documents and the policy appear in many lines (fixes, conditions,
    // findings): a bidi override, a carriage return or a terminal escape sequence among them is
    // shown as ⟨U+…⟩ rather than passed to the terminal.
    invisible::reveal_in_text(&out).unwrap_or(out)
}

// The writers below append to a String, which cannot fail: their `fmt::Result`s are ignored
// deliberately.

/// The token's kind, the evaluation time and the repairs made to the pasted text.
fn write_header(out: &mut String, report: &Report) {
    let _ = writeln!(out, "Token: {}", report.claims.kind_label);
    let _ = writeln!(out, "Evaluated at: {}", format_utc(report.at));
    for r in &report.token.repairs {
        let _ = writeln!(out, "  note: {r}");
    }
}

/// The recognised issuer preset: how it was recognised, what its URL and `sub` say, the
/// condition keys IAM exposes for it, and the provider to register.
fn write_issuer(out: &mut String, e: &IssuerExplanation) {
    let _ = writeln!(out, "\nIssuer: {}", e.preset.name);
    let _ = writeln!(out, "  recognised: {}", e.preset.recognised_by);
    for p in &e.issuer_parts {
        let _ = writeln!(out, "  {} = {}", p.name, p.value);
    }
    match (&e.subject, &e.subject_note) {
        (Some(s), _) => {
            let parts: Vec<String> = s
                .parts
                .iter()
                .map(|p| format!("{} = {}", p.name, p.value))
                .collect();
            let _ = writeln!(out, "  sub ({}): {}", s.form, parts.join(", "));
        }
        (None, Some(note)) => {
            let _ = writeln!(out, "  sub: not split: {note}");
        }
        (None, None) => {}
    }
    write_condition_keys(out, e);
    match (&e.provider_url, &e.no_provider) {
        (Some(url), _) => {
            let _ = writeln!(out, "  IAM OIDC provider: {url}");
        }
        (None, Some(why)) => {
            let _ = writeln!(out, "  IAM OIDC provider: none possible: {why}");
        }
        (None, None) => {
            let _ = writeln!(out, "  IAM OIDC provider: none (a built-in provider)");
        }
    }
    for cmd in &e.setup {
        let _ = writeln!(out, "  setup: {cmd}");
    }
    let _ = writeln!(out, "  docs: {}", e.preset.docs);
}

/// The issuer's condition keys this token's request has, then those IAM exposes but finds absent
/// for it (the token carries no such claim), as the page's generate tool lists them; none at all
/// when no IAM OIDC provider can be registered for the issuer.
fn write_condition_keys(out: &mut String, e: &IssuerExplanation) {
    if e.no_provider.is_some() {
        let _ = writeln!(
            out,
            "  condition keys: none can exist (IAM exposes them only for an OIDC provider it holds, and it can hold none for this issuer)"
        );
        return;
    }
    let claims = |keys: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        keys.map(|k| {
            k.strip_prefix(e.key_prefix.as_str())
                .and_then(|c| c.strip_prefix(':'))
                .unwrap_or(k)
                .to_string()
        })
        .collect()
    };
    let present = claims(
        &mut e
            .condition_keys
            .iter()
            .filter(|k| !e.absent_condition_keys.contains(k)),
    );
    let absent = claims(&mut e.absent_condition_keys.iter());
    if present.is_empty() {
        let _ = writeln!(out, "  condition keys: none this token carries a claim for");
    } else {
        let _ = writeln!(
            out,
            "  condition keys: {}:{{{}}}",
            e.key_prefix,
            present.join(", ")
        );
    }
    if !absent.is_empty() {
        let _ = writeln!(
            out,
            "  absent for this token (no such claim): {}:{{{}}}",
            e.key_prefix,
            absent.join(", ")
        );
    }
}

/// The claims table: one line per claim, then its times and notes.
fn write_claims(out: &mut String, rows: &[ClaimRow]) {
    let _ = writeln!(out, "\nClaims:");
    for row in rows {
        let status = row
            .status
            .map(|s| format!(" [{}]", status_word(s)))
            .unwrap_or_default();
        // Invisible and direction-changing characters shown as ⟨U+…⟩, as the row's note says.
        let name = invisible::reveal(&row.name).unwrap_or_else(|| row.name.clone());
        let value = row.value_revealed.as_deref().unwrap_or(&row.value);
        let _ = writeln!(out, "  {name} = {value}{status}");
        if let Some(t) = &row.time {
            let _ = writeln!(out, "      {} ({})", t.utc, t.relative);
        }
        for n in &row.notes {
            let _ = writeln!(out, "      {n}");
        }
    }
}

/// One check: its status and title at `indent`, then expected and actual values, notes on
/// look-alike characters and the detail at `body` (the caller adds a fix if it shows one).
pub(crate) fn write_check(out: &mut String, c: &Check, indent: &str, body: &str) {
    let _ = writeln!(out, "{indent}[{}] {}", status_word(c.status), c.title);
    if let (Some(e), Some(a)) = (&c.expected, &c.actual) {
        let _ = writeln!(out, "{body}expected: {e}\n{body}actual:   {a}");
    }
    for n in &c.confusables {
        let _ = writeln!(out, "{body}note: {}", n.sentence());
    }
    let _ = writeln!(out, "{body}{}", c.detail);
}

/// How the discovery document compares with the token, check by check, with fixes.
fn write_discovery(out: &mut String, d: &DiscoveryReport) {
    let _ = writeln!(out, "\nDiscovery:");
    for c in &d.checks {
        write_check(out, c, "  ", "      ");
        if let Some(f) = &c.fix {
            let _ = writeln!(out, "      fix: {f}");
        }
    }
}

/// The signature verdict, its reason code and message.
fn write_signature(out: &mut String, s: &SignatureReport) {
    // A verdict carried by a share link was not checked here: say so on the headline itself.
    let recorded = if s.recorded {
        " (recorded by the share link, not checked here)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "\nSignature: {}{recorded}",
        s.status.as_str().to_uppercase()
    );
    if let Some(r) = s.reason {
        let _ = writeln!(out, "  reason: {}", r.code());
    }
    let _ = writeln!(out, "  {}", s.message);
}

/// The STS simulation: verdict, later failures, steps, policy evaluations and suggestions.
fn write_sts(out: &mut String, sts: &StsReport) {
    write_sts_verdict(out, sts);
    write_also_failing(out, sts);
    write_steps(out, sts);
    write_policy_evaluations(out, &sts.policy_evaluations);
    write_suggestions(out, sts);
}

/// The outcome headline, the AWS error, the summary, the failure mode, the fix and what could
/// not be checked.
fn write_sts_verdict(out: &mut String, sts: &StsReport) {
    let _ = writeln!(
        out,
        "\nSTS AssumeRoleWithWebIdentity: {}",
        sts.outcome.as_str().to_uppercase()
    );
    match (sts.error_code, &sts.message) {
        (Some(code), Some(msg)) => {
            let _ = writeln!(out, "  {code}: {msg}");
        }
        (Some(code), None) => {
            let _ = writeln!(out, "  {code} (AWS does not document the exact message)");
        }
        _ => {}
    }
    let _ = writeln!(out, "  {}", sts.summary);
    if let Some(m) = sts.failure_mode {
        let _ = writeln!(
            out,
            "  failure: {} (docs/failures.md#{})",
            m.title(),
            m.id()
        );
    }
    if let Some(fix) = &sts.fix {
        let _ = writeln!(out, "  fix: {fix}");
    }
    for p in &sts.provisos {
        let _ = writeln!(out, "  not checked: {}", p.describe());
    }
}

/// Every later step that fails too ("then also"), with its error code, failure mode and fix.
fn write_also_failing(out: &mut String, sts: &StsReport) {
    for id in &sts.also_failing {
        let Some(step) = sts.steps.iter().find(|s| s.id == *id) else {
            continue;
        };
        let code = step.failure.as_ref().map_or("", |f| f.code);
        let title = step
            .failure
            .as_ref()
            .and_then(|f| f.mode)
            .map(|m| format!(" ({})", m.title()))
            .unwrap_or_default();
        let _ = writeln!(out, "  then also: {} — {code}{title}", step.title);
        if let Some(fix) = &step.fix {
            let _ = writeln!(out, "      fix: {fix}");
        }
    }
}

/// Every step with its status, the deciding one marked, and its checks.
fn write_steps(out: &mut String, sts: &StsReport) {
    for step in &sts.steps {
        let marker = if Some(step.id) == sts.deciding_step {
            " <- deciding"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  [{}] {}{marker}",
            status_word(step.status),
            step.title
        );
        for c in &step.checks {
            write_check(out, c, "      ", "          ");
        }
    }
}

/// The trust policy's decision per action, statement by statement, with each condition.
pub(crate) fn write_policy_evaluations(out: &mut String, evaluations: &[ActionEvaluation]) {
    for eval in evaluations {
        let _ = writeln!(out, "  policy for {}: {:?}", eval.action, eval.decision);
        for st in &eval.statements {
            let _ = writeln!(out, "    {} ({:?}): {:?}", st.label, st.effect, st.applies);
            let _ = writeln!(out, "      principal: {}", st.principal.1);
            let _ = writeln!(out, "      action: {}", st.action.1);
            for c in &st.conditions {
                let _ = writeln!(
                    out,
                    "      {} {} -> {:?}: {}",
                    c.operator, c.key, c.result, c.explanation
                );
            }
        }
    }
}

/// The suggested policy and settings, then caveats and assumptions.
fn write_suggestions(out: &mut String, sts: &StsReport) {
    if let Some(p) = &sts.suggested_policy {
        // Hidden characters as \uXXXX escapes: the same policy, still valid JSON to copy.
        let p = invisible::escape_in_json(p).unwrap_or_else(|| p.clone());
        if let Some(m) = sts.policy_mechanism {
            let _ = writeln!(out, "  {}", m.suggested_policy_label());
        }
        let _ = writeln!(out, "  suggested policy:\n{p}");
    }
    for (field, value) in &sts.suggested_settings {
        let _ = writeln!(out, "  suggested setting: {} = {value}", field.as_str());
    }
    for c in &sts.caveats {
        let _ = writeln!(out, "  caveat: {c}");
    }
    for a in &sts.assumptions {
        let _ = writeln!(out, "  assumption: {a}");
    }
}

/// The report's findings, with severity, code and detail.
pub(crate) fn write_findings(out: &mut String, findings: &[Finding]) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nFindings:");
    for f in findings {
        let _ = writeln!(
            out,
            "  [{}] {} ({})",
            severity_word(f.severity),
            f.title,
            f.code
        );
        let _ = writeln!(out, "      {}", f.detail);
    }
}

/// A document size for people: `1 byte`, `812 bytes`, `10.1 KiB (10292 bytes)`.
///
/// Tenths of a KiB are computed in integers, so the page carries no float-formatting code.
pub fn size(n: usize) -> String {
    match n {
        1 => "1 byte".to_string(),
        n if n < 10 * 1024 => format!("{n} bytes"),
        n => {
            let tenths = n.saturating_mul(10).saturating_add(512) / 1024;
            format!("{}.{} KiB ({n} bytes)", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod size_tests {
    #[test]
    fn sizes_in_kib_round_to_a_tenth() {
        assert_eq!(super::size(1), "1 byte");
        assert_eq!(super::size(10_239), "10239 bytes");
        assert_eq!(super::size(10_240), "10.0 KiB (10240 bytes)");
        assert_eq!(super::size(10_291), "10.0 KiB (10291 bytes)");
        assert_eq!(super::size(10_292), "10.1 KiB (10292 bytes)");
        assert_eq!(super::size(1_048_576), "1024.0 KiB (1048576 bytes)");
    }
}
