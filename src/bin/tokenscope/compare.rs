//! `tokenscope compare`: two tokens under the same keys, policy, settings and time
//! ([`answers::compare`]): claims aligned, each verdict, and the difference that decides.

use std::path::PathBuf;

use tokenscope::core::answers::compare::{self, ClaimStatus, Comparison, Verdict};
use tokenscope::core::crypto::LocalMath;
use tokenscope::core::sts::StsInputError;
use tokenscope::core::timefmt;

use super::{InputArgs, Unusable, file_inputs, read_token};

/// The exit statuses of `compare`.
pub const EXIT_STATUSES: &str = "\
Exit status:
  0  both tokens get the same outcome
  1  the outcomes differ (the deciding difference is printed)
  2  unusable input: a file that cannot be read, a token that does not decode, an unreadable
     trust policy (one line on stderr)";

#[derive(clap::Args)]
pub struct CompareArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// The first token (e.g. the one that works); `-` for standard input.
    #[arg(value_name = "TOKEN_A")]
    token_a: PathBuf,
    /// The second token (e.g. the one that fails).
    #[arg(value_name = "TOKEN_B")]
    token_b: PathBuf,
}

/// Runs `compare`.
pub fn run(args: &CompareArgs) -> Result<u8, Unusable> {
    if args.token_a.as_os_str() == "-" && args.token_b.as_os_str() == "-" {
        return Err(Unusable(
            "TOKEN_A and TOKEN_B cannot both be standard input".to_string(),
        ));
    }
    let mut inputs = file_inputs(&args.inputs, Some(&args.token_a))?;
    if let Some(t) = &args.inputs.at {
        inputs.at = timefmt::parse_instant(t).map_err(|e| Unusable(format!("--at: {e}")))?;
    }
    let token_b = read_token(Some(&args.token_b))?;
    let c = compare::compare(&inputs, &token_b, &LocalMath);
    for (name, side) in [("TOKEN_A", &c.a), ("TOKEN_B", &c.b)] {
        if let Some(e) = &side.verdict.decode_error {
            return Err(Unusable(format!("{name}: {e}")));
        }
        if let Some(StsInputError::Policy(e)) =
            side.analysis.report().and_then(|r| r.policy_error.clone())
        {
            return Err(Unusable(format!("--policy: trust policy: {}", e.reason())));
        }
    }
    if args.json {
        let json = serde_json::to_string_pretty(&c)
            .map_err(|e| Unusable(format!("cannot serialise the comparison: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", render(&c));
    }
    Ok(u8::from(c.a.verdict.outcome != c.b.verdict.outcome))
}

fn verdict_line(v: &Verdict) -> String {
    let mut s = v.summary.clone().unwrap_or_default();
    if let Some(m) = v.failure_mode {
        s.push_str(&format!(" ({}: {})", m.id(), m.title()));
    }
    s
}

/// At most `n` characters of `v`, with `…` when cut.
fn clip(v: &str, n: usize) -> String {
    if v.chars().count() <= n {
        v.to_string()
    } else {
        let mut s: String = v.chars().take(n.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn render(c: &Comparison) -> String {
    let mut out = format!(
        "A: {}\nB: {}\n\n",
        verdict_line(&c.a.verdict),
        verdict_line(&c.b.verdict)
    );
    let width = c
        .claims
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push_str(&format!(
        "{:<width$}  {:<44}  {:<44}  \n",
        "CLAIM", "A", "B"
    ));
    for r in &c.claims {
        let mark = match r.status {
            ClaimStatus::Same => "",
            ClaimStatus::Different => "differs",
            ClaimStatus::OnlyA => "only in A",
            ClaimStatus::OnlyB => "only in B",
        };
        out.push_str(&format!(
            "{:<width$}  {:<44}  {:<44}  {mark}\n",
            r.name,
            clip(r.a.as_deref().unwrap_or("—"), 44),
            clip(r.b.as_deref().unwrap_or("—"), 44),
        ));
    }
    out.push_str(&format!("\ndeciding: {}\n", c.deciding.sentence));
    out.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}
