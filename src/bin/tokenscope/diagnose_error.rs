//! `tokenscope diagnose-error`: what an error text or a CloudTrail event means
//! ([`answers::error_text`]): the error, where it comes from, what the text tells, and the causes
//! ranked with the check that decides each.

use std::path::PathBuf;

use tokenscope::core::answers::error_text::{self, ErrorDiagnosis};

use super::{Unusable, read_input};

/// The exit statuses of `diagnose-error`.
pub const EXIT_STATUSES: &str = "\
Exit status:
  0  an error was recognised
  1  no error TokenScope knows was found in the text
  2  unusable input (one line on stderr)";

#[derive(clap::Args)]
pub struct DiagnoseErrorArgs {
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// A file holding the error text, log or CloudTrail event (JSON); `-` for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Runs `diagnose-error`.
pub fn run(args: &DiagnoseErrorArgs) -> Result<u8, Unusable> {
    let text = read_input(&args.file, "error text")?;
    let d = error_text::diagnose_error(&text).map_err(|e| Unusable(e.to_string()))?;
    if args.json {
        let json = serde_json::to_string_pretty(&d)
            .map_err(|e| Unusable(format!("cannot serialise the diagnosis: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", render(&d));
    }
    Ok(if d.error.is_some() { 0 } else { 1 })
}

fn render(d: &ErrorDiagnosis) -> String {
    let mut out = String::new();
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
        out.push_str(&format!(
            "  {}. {}{id}\n     decided by {}\n",
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
