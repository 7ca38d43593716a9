//! Plain-text rendering of a [`PodIdentityReport`] (the CLI). Decides nothing.

use std::fmt::Write as _;

use super::PodIdentityReport;
use crate::core::{invisible, text, trace};

/// Renders the report for a terminal.
pub fn render(report: &PodIdentityReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "EKS Pod Identity (EKS Auth calls sts:AssumeRole as pods.eks.amazonaws.com: no token, no OIDC provider)"
    );
    let _ = writeln!(out, "Cluster: {}", report.cluster.arn);
    let _ = writeln!(out, "\nSession tags:");
    for t in &report.session_tags {
        let value = match (&t.value, t.sent) {
            (_, false) => "not sent (session tags disabled)".to_string(),
            (Some(v), true) => v.clone(),
            (None, true) => "differs per pod (not given)".to_string(),
        };
        let _ = writeln!(out, "  {} = {value}", t.key);
    }
    let _ = writeln!(out, "\nVerdict: {}", report.outcome.as_str().to_uppercase());
    let _ = writeln!(out, "  {}", report.summary);
    if let Some(fix) = &report.fix {
        let _ = writeln!(out, "  fix: {fix}");
    }
    let _ = writeln!(out, "\nSteps:");
    trace::write_steps(&mut out, &report.steps, report.deciding_step);
    text::write_policy_evaluations(&mut out, &report.policy_evaluations);
    if !report.target_policy_evaluations.is_empty() {
        let _ = writeln!(out, "  target role:");
        text::write_policy_evaluations(&mut out, &report.target_policy_evaluations);
    }
    for p in &report.policy_problems {
        let _ = writeln!(out, "  policy note: {}: {}", p.path, p.message);
    }
    if let Some(p) = &report.suggested_policy {
        let p = invisible::escape_in_json(p).unwrap_or_else(|| p.clone());
        let _ = writeln!(out, "\nSuggested trust policy:\n{p}");
    }
    if let Some(p) = &report.suggested_target_policy {
        let p = invisible::escape_in_json(p).unwrap_or_else(|| p.clone());
        let _ = writeln!(out, "\nTarget role trust policy (AWS's pattern):\n{p}");
    }
    trace::write_notes(&mut out, &report.findings, &report.caveats);
    invisible::reveal_in_text(&out).unwrap_or(out)
}
