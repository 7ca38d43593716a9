//! `tokenscope`: the command-line face of the same core the page uses.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Parser, Subcommand};
use tokenscope::core::jwk::{self, KeySet};
use tokenscope::core::report::{self, AnalysisInput, AnalysisOptions};
use tokenscope::core::sts::{Outcome, StsRequest};
use tokenscope::core::{json, text, timefmt};

#[derive(Parser)]
#[command(
    name = "tokenscope",
    version,
    about = "Explain a web-identity token and what AWS STS would do with it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a token, explain its claims and verify its signature.
    Explain(ExplainArgs),
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The issuer's key set: a JWKS, one JWK, or a discovery document followed by its JWKS.
    #[arg(long, value_name = "FILE")]
    jwks: Option<PathBuf>,
    /// The issuer's discovery document (/.well-known/openid-configuration).
    #[arg(long, value_name = "FILE")]
    discovery: Option<PathBuf>,
    /// Evaluation time: unix seconds or RFC 3339 (default: now).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Print one JSON report instead of text.
    #[arg(long)]
    json: bool,
    /// The role's trust policy (JSON).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The IAM OIDC provider URL registered in the role's account (default: the token's `iss`;
    /// pass an empty string for "no provider").
    #[arg(long, value_name = "URL")]
    provider: Option<String>,
    /// A client ID (audience) of the provider; repeatable (default: sts.amazonaws.com).
    #[arg(long = "client-id", value_name = "ID")]
    client_ids: Vec<String>,
    /// A thumbprint configured on the provider; repeatable.
    #[arg(long = "thumbprint", value_name = "SHA1")]
    thumbprints: Vec<String>,
    /// The role ARN (default: the account of the policy's Federated ARN).
    #[arg(long, value_name = "ARN")]
    role_arn: Option<String>,
    /// RoleSessionName.
    #[arg(long, value_name = "NAME")]
    session_name: Option<String>,
    /// DurationSeconds requested.
    #[arg(long, value_name = "SECS")]
    duration: Option<i64>,
    /// The role's MaxSessionDuration (default 3600).
    #[arg(long, value_name = "SECS")]
    max_session: Option<i64>,
    /// File holding the token, or `-` for standard input (the default).
    #[arg(value_name = "TOKEN_FILE")]
    token: Option<PathBuf>,
}

/// Unusable input: printed as one line, exit code 2.
struct Unusable(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Explain(args) => match explain(&args) {
            Ok(code) => code,
            Err(Unusable(msg)) => {
                eprintln!("tokenscope: {msg}");
                ExitCode::from(2)
            }
        },
    }
}

fn read_file(path: &PathBuf, what: &str) -> Result<String, Unusable> {
    std::fs::read_to_string(path)
        .map_err(|e| Unusable(format!("cannot read {what} `{}`: {e}", path.display())))
}

fn explain(args: &ExplainArgs) -> Result<ExitCode, Unusable> {
    let token_text = match &args.token {
        Some(p) if p.as_os_str() != "-" => read_file(p, "token file")?,
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Unusable(format!("cannot read the token from standard input: {e}")))?;
            s
        }
    };
    let at = match &args.at {
        Some(t) => timefmt::parse_instant(t).map_err(|e| Unusable(format!("--at: {e}")))?,
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    };
    let mut keys: Option<KeySet> = None;
    let mut discovery = None;
    if let Some(path) = &args.jwks {
        let input = jwk::parse_key_input(&read_file(path, "key file")?)
            .map_err(|e| Unusable(format!("--jwks `{}`: {e}", path.display())))?;
        keys = input.keys;
        discovery = input.discovery;
    }
    if let Some(path) = &args.discovery {
        match json::parse_strict(&read_file(path, "discovery file")?) {
            Ok(serde_json::Value::Object(map)) => discovery = Some(map),
            Ok(other) => {
                return Err(Unusable(format!(
                    "--discovery `{}`: expected a JSON object, found {}",
                    path.display(),
                    json::kind_of(&other)
                )));
            }
            Err(e) => return Err(Unusable(format!("--discovery `{}`: {e}", path.display()))),
        }
    }
    let input = AnalysisInput {
        token: &token_text,
        keys: keys.as_ref(),
        discovery: discovery.as_ref(),
        at,
        offset_minutes: 0,
    };
    let token = tokenscope::core::jwt::decode(&token_text)
        .map_err(|e| Unusable(format!("{} ({})", e, e.code())))?;
    let mut request = StsRequest::defaults_for(&token);
    if let Some(p) = &args.policy {
        request.policy = Some(read_file(p, "policy file")?);
    }
    if let Some(url) = &args.provider {
        request.provider.url = url.clone();
    }
    if !args.client_ids.is_empty() {
        request.provider.client_ids = args.client_ids.clone();
    }
    request.provider.thumbprints = args.thumbprints.clone();
    request.role_arn = args.role_arn.clone();
    if let Some(n) = &args.session_name {
        request.session_name = n.clone();
    }
    request.duration_seconds = args.duration;
    if let Some(m) = args.max_session {
        request.max_session_duration = m;
    }
    let options = AnalysisOptions {
        request: Some(request),
        ..AnalysisOptions::default()
    };
    let report = report::analyze_with(&input, &options)
        .map_err(|e| Unusable(format!("{} ({})", e, e.code())))?;
    if let Some(err) = &report.policy_error {
        let tokenscope::core::sts::StsInputError::Policy(e) = err;
        let pos = match (&args.policy, e.line, e.column) {
            (Some(p), Some(l), Some(c)) => format!("{}:{l}:{c}: ", p.display()),
            (Some(p), _, _) => format!("{}: ", p.display()),
            (None, _, _) => String::new(),
        };
        return Err(Unusable(format!(
            "--policy {pos}trust policy: {}",
            e.reason()
        )));
    }
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Unusable(format!("cannot serialise the report: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", text::render(&report));
    }
    Ok(match report.sts.as_ref().map(|s| s.outcome) {
        Some(Outcome::Failure) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}
