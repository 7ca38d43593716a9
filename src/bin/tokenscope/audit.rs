//! `tokenscope audit`: every role of an account that trusts a web-identity provider, from
//! `aws iam list-roles` or `aws iam get-account-authorization-details` output
//! ([`answers::audit`]), as a table or one JSON document; exit 1 when a high-severity finding
//! exists, so it can gate CI.

use std::path::PathBuf;

use tokenscope::core::answers::audit::{self, Audit, AuditSeverity};

use super::{Unusable, read_input};

/// The exit statuses of `audit`.
pub const EXIT_STATUSES: &str = "\
Exit status:
  0  no high-severity finding
  1  at least one high-severity finding
  2  unusable input (one line on stderr)";

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Print one JSON document instead of the table.
    #[arg(long)]
    json: bool,
    /// Also print each role's narrower trust policy (text output).
    #[arg(long)]
    show_policies: bool,
    /// The output of `aws iam list-roles` or `aws iam get-account-authorization-details`, with
    /// the output of `aws iam list-open-id-connect-providers` after it if you have it; `-` for
    /// standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Runs `audit`: 0 or 1 by the highest severity found.
pub fn run(args: &AuditArgs) -> Result<u8, Unusable> {
    let text = read_input(&args.file, "IAM document")?;
    let audit = audit::audit(&text).map_err(Unusable)?;
    if args.json {
        let json = serde_json::to_string_pretty(&audit)
            .map_err(|e| Unusable(format!("cannot serialise the audit: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", render(&audit, args.show_policies));
    }
    Ok(u8::from(audit.highest() == Some(AuditSeverity::High)))
}

fn render(a: &Audit, show_policies: bool) -> String {
    let count = |s: AuditSeverity| a.findings.iter().filter(|f| f.severity == s).count();
    let mut out = format!(
        "{} roles read, {} trust a web-identity provider; {} findings ({} high, {} medium, {} low)\n",
        a.roles_read,
        a.roles.len(),
        a.findings.len(),
        count(AuditSeverity::High),
        count(AuditSeverity::Medium),
        count(AuditSeverity::Low),
    );
    for note in &a.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    let width = a
        .findings
        .iter()
        .map(|f| f.role.as_deref().unwrap_or("-").len())
        .max()
        .unwrap_or(4)
        .max(4);
    if !a.findings.is_empty() {
        out.push_str(&format!(
            "\n{:<8}  {:<width$}  FINDING\n",
            "SEVERITY", "ROLE"
        ));
    }
    for f in &a.findings {
        out.push_str(&format!(
            "{:<8}  {:<width$}  {} ({})\n{:<8}  {:<width$}  fix: {}\n",
            f.severity.as_str(),
            f.role.as_deref().unwrap_or("-"),
            f.title,
            f.code,
            "",
            "",
            f.fix,
        ));
    }
    if show_policies {
        for r in &a.roles {
            if let Some(p) = r.findings.iter().find_map(|f| f.narrower_policy.as_deref()) {
                let filled = if r.policy_has_placeholders {
                    " (fill in the names in capitals)"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "\nnarrower trust policy for {}{filled}:\n{p}\n",
                    r.name
                ));
            }
        }
    }
    out
}
