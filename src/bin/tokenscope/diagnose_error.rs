//! `tokenscope diagnose-error`: what an error text or a CloudTrail event means
//! ([`answers::error_text`]): the error, where it comes from, what the text tells, and the causes
//! ranked with the check that decides each. With `--token` (and the flags `explain` takes:
//! `--policy`, `--jwks`, …) the error is compared with that token's diagnosis first
//! ([`error_text::with_diagnosis`]).

use std::path::PathBuf;

use tokenscope::core::answers::error_text::{self, ErrorDiagnosis, Holder, PageCheck};
use tokenscope::core::report::Report;
use tokenscope::core::session;
use tokenscope::core::sts::StsInputError;
use tokenscope::core::timefmt;

use super::{InputArgs, Unusable, file_inputs, read_input};

/// The exit statuses of `diagnose-error`.
pub const EXIT_STATUSES: &str = "\
Exit status:
  0  an error was recognised
  1  no error TokenScope knows was found in the text
  2  unusable input (one line on stderr): also a --token that does not decode or an
     unreadable --policy";

#[derive(clap::Args)]
pub struct DiagnoseErrorArgs {
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// The workload's token (a file, or `-` for standard input): the error is compared with its
    /// diagnosis under --policy, --jwks and the other flags, as `explain` makes it — what it
    /// predicts, whether that agrees with the error, what differs, and the cause it finds first.
    #[arg(long, value_name = "TOKEN_FILE")]
    token: Option<PathBuf>,
    #[command(flatten)]
    inputs: InputArgs,
    /// A file holding the error text, log or CloudTrail event (JSON); `-` for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Runs `diagnose-error`.
pub fn run(args: &DiagnoseErrorArgs) -> Result<u8, Unusable> {
    let report = token_report(args)?;
    let text = read_input(&args.file, "error text")?;
    let mut d = error_text::diagnose_error(&text).map_err(|e| Unusable(e.to_string()))?;
    if let Some(r) = &report {
        d = error_text::with_diagnosis(d, r, Holder::Command);
    }
    if args.json {
        let json = serde_json::to_string_pretty(&d)
            .map_err(|e| Unusable(format!("cannot serialise the diagnosis: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", render(&d));
    }
    Ok(if d.error.is_some() { 0 } else { 1 })
}

/// Whether any flag of the token's diagnosis was given.
fn any_input(a: &InputArgs) -> bool {
    a.jwks.is_some()
        || a.discovery.is_some()
        || a.at.is_some()
        || a.policy.is_some()
        || a.provider.is_some()
        || !a.client_ids.is_empty()
        || !a.thumbprints.is_empty()
        || a.role_arn.is_some()
        || a.session_name.is_some()
        || a.duration.is_some()
        || a.max_session.is_some()
}

/// The diagnosis of `--token` under the other flags, when a token is given.
fn token_report(args: &DiagnoseErrorArgs) -> Result<Option<std::rc::Rc<Report>>, Unusable> {
    let Some(token) = &args.token else {
        if any_input(&args.inputs) {
            return Err(Unusable(
                "--policy, --jwks and the other diagnosis flags need --token: give the \
                 workload's token to compare the error with its diagnosis"
                    .to_string(),
            ));
        }
        return Ok(None);
    };
    if token.as_os_str() == "-" && args.file.as_os_str() == "-" {
        return Err(Unusable(
            "--token and FILE cannot both be standard input".to_string(),
        ));
    }
    let mut inputs = file_inputs(&args.inputs, Some(token))?;
    if let Some(t) = &args.inputs.at {
        inputs.at = timefmt::parse_instant(t).map_err(|e| Unusable(format!("--at: {e}")))?;
    }
    let report = session::analyze(&inputs)
        .result
        .map_err(|e| Unusable(format!("--token: {} ({})", e, e.code())))?;
    if let Some(StsInputError::Policy(e)) = &report.policy_error {
        return Err(Unusable(format!("--policy: trust policy: {}", e.reason())));
    }
    Ok(Some(report))
}

/// The token's diagnosis against the error, first.
fn render_page(p: &PageCheck) -> String {
    let mut out = format!(
        "the token's diagnosis: {}\n  {}\n",
        p.agreement.as_str(),
        p.headline
    );
    if let Some(code) = p.predicted_code {
        let message = p
            .predicted_message
            .as_ref()
            .map_or(String::new(), |m| format!(" — {m}"));
        out.push_str(&format!("  predicted: {code}{message}\n"));
    }
    if let Some(m) = p.failure_mode {
        out.push_str(&format!("  cause found: {} [{}]\n", m.title(), m.id()));
    }
    if let Some(s) = &p.summary {
        out.push_str(&format!("  verdict: {s}\n"));
    }
    if let Some(f) = &p.fix {
        out.push_str(&format!("  fix: {f}\n"));
    }
    for f in &p.differences {
        out.push_str(&format!(
            "  differs: {}: `{}` in the text, `{}` in the token's diagnosis\n",
            f.field.label(),
            f.pasted,
            f.diagnosed
        ));
    }
    out.push('\n');
    out
}

fn render(d: &ErrorDiagnosis) -> String {
    let mut out = String::new();
    if let Some(p) = &d.page {
        out.push_str(&render_page(p));
    }
    if let Some(e) = &d.error {
        let code = e.code.map_or(String::new(), |c| format!("{c} — "));
        out.push_str(&format!("error: {code}{}\n", e.title));
        if let Some(m) = &e.message {
            out.push_str(&format!("message: {m}\n"));
        }
        if let Some(m) = e
            .aws_message
            .as_ref()
            .filter(|m| Some(*m) != e.message.as_ref())
        {
            out.push_str(&format!("AWS's message: {m}\n"));
        }
        out.push_str(&format!("from: {}\n", e.origin_text));
    }
    let known = d.facts.known();
    if !known.is_empty() {
        out.push_str("\nlearnt from the text:\n");
        for (k, v) in known {
            out.push_str(&format!("  {k:<13} {v}\n"));
        }
    }
    if !d.causes.is_empty() {
        out.push_str("\ncauses, most likely first:\n");
    }
    for (i, c) in d.causes.iter().enumerate() {
        let id = c.mode.map_or(String::new(), |m| format!(" [{}]", m.id()));
        let found = if c.found_by_page {
            " (found by the token's diagnosis)"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {}. {}{id}{found}\n     decided by {}\n",
            i.saturating_add(1),
            c.title,
            c.decided_by_text
        ));
        for e in &c.evidence {
            out.push_str(&format!("     evidence: {e}\n"));
        }
    }
    for n in &d.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}
