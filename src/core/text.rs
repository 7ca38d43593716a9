//! Plain-text rendering of a [`Report`], for the CLI and for snapshot tests. Decides nothing:
//! every verdict comes from the report.

use std::fmt::Write as _;

use super::finding::{CheckStatus, Severity};
use super::report::Report;
use super::timefmt::format_utc;

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
    // Writing to a String cannot fail; the results are ignored deliberately.
    let _ = writeln!(out, "Token: {}", report.claims.kind_label);
    let _ = writeln!(out, "Evaluated at: {}", format_utc(report.at));
    for r in &report.token.repairs {
        let _ = writeln!(out, "  note: {r}");
    }
    let _ = writeln!(out, "\nClaims:");
    for row in &report.claims.rows {
        let status = row
            .status
            .map(|s| format!(" [{}]", status_word(s)))
            .unwrap_or_default();
        let _ = writeln!(out, "  {} = {}{status}", row.name, row.value);
        if let Some(t) = &row.time {
            let _ = writeln!(out, "      {} ({})", t.utc, t.relative);
        }
        for n in &row.notes {
            let _ = writeln!(out, "      {n}");
        }
    }
    if let Some(d) = &report.discovery {
        let _ = writeln!(out, "\nDiscovery:");
        for c in &d.checks {
            let _ = writeln!(out, "  [{}] {}", status_word(c.status), c.title);
            if let (Some(e), Some(a)) = (&c.expected, &c.actual) {
                let _ = writeln!(out, "      expected: {e}\n      actual:   {a}");
            }
            let _ = writeln!(out, "      {}", c.detail);
            if let Some(f) = &c.fix {
                let _ = writeln!(out, "      fix: {f}");
            }
        }
    }
    let s = &report.signature;
    let _ = writeln!(out, "\nSignature: {}", s.status.as_str().to_uppercase());
    if let Some(r) = s.reason {
        let _ = writeln!(out, "  reason: {}", r.code());
    }
    let _ = writeln!(out, "  {}", s.message);
    if !report.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
        for f in &report.findings {
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
    out
}
