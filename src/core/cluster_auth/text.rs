//! Plain-text rendering of a [`ClusterAuthReport`] (the CLI). Decides nothing.

use std::fmt::Write as _;

use super::ClusterAuthReport;
use crate::core::{invisible, trace};

/// Renders the report for a terminal.
pub fn render(report: &ClusterAuthReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "EKS cluster OIDC sign-in (the Kubernetes API server's OIDC authenticator; not AWS STS)"
    );
    let _ = writeln!(
        out,
        "Configuration: issuer {}, client {} (read from {})",
        report.config.issuer_url,
        report.config.client_id,
        report.config_shape.describe()
    );
    let _ = writeln!(out, "\nVerdict: {}", report.outcome.as_str().to_uppercase());
    let _ = writeln!(out, "  {}", report.summary);
    if let Some(fix) = &report.fix {
        let _ = writeln!(out, "  fix: {fix}");
    }
    let _ = writeln!(
        out,
        "  username: {}",
        report.username.as_deref().unwrap_or("(none)")
    );
    let groups = if report.groups.is_empty() {
        "(none)".to_string()
    } else {
        report.groups.join(", ")
    };
    let _ = writeln!(out, "  groups: {groups} (and system:authenticated)");
    let _ = writeln!(out, "\nSteps:");
    trace::write_steps(&mut out, &report.steps, report.deciding_step);
    trace::write_notes(&mut out, &report.findings, &report.caveats);
    invisible::reveal_in_text(&out).unwrap_or(out)
}
