//! `tokenscope`: the command-line face of the same core the page uses. It gathers inputs (files,
//! flags, or a share link) into [`session::Inputs`] and renders what [`session::analyze`] says:
//! the same function the page calls.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Parser, Subcommand};

#[path = "tokenscope/audit.rs"]
mod audit;
#[path = "tokenscope/compare.rs"]
mod compare;
#[path = "tokenscope/diagnose_error.rs"]
mod diagnose_error;
use tokenscope::core::report::Report;
use tokenscope::core::session::{self, Document, DocumentOrigin, Fetched, Inputs, Settings};
use tokenscope::core::share;
use tokenscope::core::sts::{Outcome, StsInputError};
use tokenscope::core::{
    cluster_auth, generate, json, jwk, jwt, pod_identity, text, timefmt, trace,
};

/// The exit statuses, as `--help` lists them (see [`exit_status`]).
const EXIT_STATUSES: &str = "\
Exit status:
  0  STS would return credentials
  1  STS would refuse the call
  2  unusable input (one line on stderr)
  3  incomplete or undetermined: the verdict depends on values a token does not carry (e.g. an
     aws:SourceIp condition), or success rests on steps not checked (no keys, no trust policy)";

#[derive(Parser)]
#[command(
    name = "tokenscope",
    version = tokenscope::core::version::DESCRIPTION,
    about = "Explain a web-identity token and what AWS STS would do with it",
    after_help = EXIT_STATUSES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode a token, explain its claims and verify its signature.
    #[command(after_help = EXIT_STATUSES)]
    Explain(Box<ExplainArgs>),
    /// Write the least-privilege trust policy for a token, proven by simulating it on the token
    /// and on sibling tokens (another branch, repository, namespace, issuer, audience, …).
    #[command(after_help = GENERATE_EXIT_STATUSES)]
    Generate(GenerateArgs),
    /// Audit every role that trusts a web-identity provider, from `aws iam list-roles` or
    /// `aws iam get-account-authorization-details` output.
    #[command(after_help = audit::EXIT_STATUSES)]
    Audit(audit::AuditArgs),
    /// Say what an error means: an SDK or CLI error line, a pod log, the output of
    /// configure-aws-credentials, or a CloudTrail AssumeRoleWithWebIdentity event.
    #[command(after_help = diagnose_error::EXIT_STATUSES)]
    DiagnoseError(diagnose_error::DiagnoseErrorArgs),
    /// Compare two tokens under the same keys, policy and settings: claims side by side, each
    /// verdict, and the difference that decides.
    #[command(after_help = compare::EXIT_STATUSES)]
    Compare(Box<compare::CompareArgs>),
    /// Predict whether EKS Pod Identity can assume a role for an association: the trust policy
    /// evaluated for `pods.eks.amazonaws.com` with the association's session tags.
    #[command(after_help = POD_IDENTITY_EXIT_STATUSES)]
    PodIdentity(Box<PodIdentityArgs>),
    /// Check whether an EKS cluster's OIDC identity provider would accept a person's ID token,
    /// and as which Kubernetes username and groups.
    #[command(after_help = CLUSTER_AUTH_EXIT_STATUSES)]
    ClusterAuth(ClusterAuthArgs),
}

/// The exit statuses of `pod-identity`.
const POD_IDENTITY_EXIT_STATUSES: &str = "\
Exit status:
  0  EKS Pod Identity would get credentials for the role
  1  it would be refused
  2  unusable input (one line on stderr)
  3  undetermined: a condition tests a value not given (e.g. the pod's name) or not documented";

/// The exit statuses of `cluster-auth`.
const CLUSTER_AUTH_EXIT_STATUSES: &str = "\
Exit status:
  0  the API server would accept the token
  1  it would refuse it
  2  unusable input (one line on stderr)
  3  undetermined: a check could not run (e.g. no keys to check the signature)";

#[derive(clap::Args)]
struct PodIdentityArgs {
    /// The role's trust policy (JSON, or `aws iam get-role` output).
    #[arg(long, value_name = "FILE")]
    policy: PathBuf,
    /// The cluster's ARN (arn:aws:eks:REGION:ACCOUNT:cluster/NAME).
    #[arg(long, value_name = "ARN")]
    cluster_arn: String,
    /// The association's Kubernetes namespace.
    #[arg(long, value_name = "NS")]
    namespace: String,
    /// The association's Kubernetes service account.
    #[arg(long, value_name = "SA")]
    service_account: String,
    /// The pod's name (the kubernetes-pod-name session tag).
    #[arg(long, value_name = "NAME")]
    pod_name: Option<String>,
    /// The pod's uid (the kubernetes-pod-uid session tag).
    #[arg(long, value_name = "UID")]
    pod_uid: Option<String>,
    /// The association disables session tags (`--disable-session-tags`).
    #[arg(long)]
    no_session_tags: bool,
    /// The association's role ARN (it must be in the cluster's account).
    #[arg(long, value_name = "ARN")]
    role_arn: Option<String>,
    /// The association's target role (role chaining, e.g. into another account).
    #[arg(long, value_name = "ARN")]
    target_role_arn: Option<String>,
    /// The association's external ID for the target role.
    #[arg(long, value_name = "ID")]
    external_id: Option<String>,
    /// The target role's trust policy (JSON).
    #[arg(long, value_name = "FILE", requires = "target_role_arn")]
    target_policy: Option<PathBuf>,
    /// Print one JSON report instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ClusterAuthArgs {
    /// The identity-provider configuration: the `oidc` object, the `--cli-input-json` of
    /// `aws eks associate-identity-provider-config`, or `aws eks describe-identity-provider-config`
    /// output.
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// The issuer's key set: a JWKS, one JWK, or a discovery document followed by its JWKS.
    #[arg(long, value_name = "FILE")]
    jwks: Option<PathBuf>,
    /// Evaluation time: unix seconds or RFC 3339 (default: now).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Print one JSON report instead of text.
    #[arg(long)]
    json: bool,
    /// File holding the ID token, or `-` for standard input (the default).
    #[arg(value_name = "TOKEN_FILE")]
    token: Option<PathBuf>,
}

/// The exit statuses of `generate`.
const GENERATE_EXIT_STATUSES: &str = "\
Exit status:
  0  the policy, its proof or the artefact was printed
  2  unusable input: no token, a scope or format that does not apply, a claim that cannot be
     copied into a policy or written in the format, a role or cluster name AWS would refuse (one
     line on stderr)";

#[derive(Clone, Copy, clap::ValueEnum)]
enum GenerateFormat {
    /// The trust policy document alone (readable by `explain --policy`).
    Json,
    /// The proof: the simulator's verdict on the token and each sibling, as a table.
    Proof,
    /// Terraform: aws_iam_openid_connect_provider, data "aws_iam_policy_document", aws_iam_role.
    Terraform,
    /// A CloudFormation template (YAML): AWS::IAM::OIDCProvider and AWS::IAM::Role.
    Cloudformation,
    /// AWS CLI commands for a POSIX shell: the policy file, create-open-id-connect-provider,
    /// create-role, update-assume-role-policy.
    Cli,
    /// Service accounts of EKS clusters (a self-managed cluster's token is refused: use
    /// terraform, cloudformation or cli): eksctl create iamserviceaccount and the ServiceAccount's
    /// role annotation.
    Eksctl,
}

impl GenerateFormat {
    /// The core's artefact format, for the formats the core renders.
    fn artefact(self) -> Option<generate::Format> {
        match self {
            GenerateFormat::Json | GenerateFormat::Proof => None,
            GenerateFormat::Terraform => Some(generate::Format::Terraform),
            GenerateFormat::Cloudformation => Some(generate::Format::CloudFormation),
            GenerateFormat::Cli => Some(generate::Format::AwsCli),
            GenerateFormat::Eksctl => Some(generate::Format::Eksctl),
        }
    }
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The role's AWS account id (12 digits; default: the placeholder 111122223333).
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// The role's partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f
    /// (default: the one an EKS issuer's region belongs to, else aws).
    #[arg(long, value_name = "PARTITION")]
    partition: Option<String>,
    /// How wide `sub` is: exact (default), namespace (Kubernetes), branch, environment,
    /// repository (GitHub), branch, project (GitLab), workspace (HCP Terraform), project
    /// (CircleCI), branch, pipeline (Buildkite).
    #[arg(long, value_name = "SCOPE", default_value = "exact")]
    scope: String,
    /// The role's name in the terraform, cloudformation, cli and eksctl formats (default: one
    /// derived from the policy's subject, which the output names).
    #[arg(long, value_name = "NAME")]
    role_name: Option<String>,
    /// The EKS cluster's name, for --format eksctl (a token names its cluster's issuer, not the
    /// cluster; default: the placeholder CLUSTER_NAME).
    #[arg(long, value_name = "NAME")]
    cluster: Option<String>,
    /// What to print.
    #[arg(long, value_enum, default_value = "json")]
    format: GenerateFormat,
    /// File holding the token, or `-` for standard input (the default).
    #[arg(value_name = "TOKEN_FILE")]
    token: Option<PathBuf>,
}

/// Flags that describe the diagnosis itself: a share link carries all of them.
const LINK_CARRIES: [&str; 11] = [
    "jwks",
    "discovery",
    "policy",
    "provider",
    "client_ids",
    "thumbprints",
    "role_arn",
    "session_name",
    "duration",
    "max_session",
    "token",
];

#[derive(clap::Args)]
struct ExplainArgs {
    /// Open a share link made by the page (the full URL, or its fragment with or without `#`):
    /// its token, keys, discovery document, policy, settings and time (unless --at is given).
    /// Nothing is fetched; a recorded signature verdict is shown as recorded.
    #[arg(long, value_name = "URL_OR_FRAGMENT", conflicts_with_all = LINK_CARRIES)]
    link: Option<String>,
    #[command(flatten)]
    inputs: InputArgs,
    /// Print one JSON report instead of text.
    #[arg(long)]
    json: bool,
    /// File holding the token, or `-` for standard input (the default).
    #[arg(value_name = "TOKEN_FILE")]
    token: Option<PathBuf>,
}

/// What a diagnosis uses besides the token: keys, documents, policy, provider and request
/// settings, evaluation time (`explain`, `compare`, `diagnose-error --token`).
#[derive(clap::Args)]
struct InputArgs {
    /// The issuer's key set: a JWKS, one JWK, or a discovery document followed by its JWKS.
    #[arg(long, value_name = "FILE")]
    jwks: Option<PathBuf>,
    /// The issuer's discovery document (/.well-known/openid-configuration).
    #[arg(long, value_name = "FILE")]
    discovery: Option<PathBuf>,
    /// Evaluation time: unix seconds or RFC 3339 (default: now, or the link's time).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
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
}

/// Unusable input: printed as one line, exit code 2.
struct Unusable(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Explain(args) => match explain(&args) {
            Ok(code) => ExitCode::from(code),
            Err(Unusable(msg)) => {
                eprintln!("tokenscope: {msg}");
                ExitCode::from(2)
            }
        },
        Command::Generate(args) => match generate_command(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Unusable(msg)) => {
                eprintln!("tokenscope: {msg}");
                ExitCode::from(2)
            }
        },
        Command::Audit(args) => exit_with(audit::run(&args)),
        Command::DiagnoseError(args) => exit_with(diagnose_error::run(&args)),
        Command::Compare(args) => exit_with(compare::run(&args)),
        Command::PodIdentity(args) => finish(pod_identity_command(&args)),
        Command::ClusterAuth(args) => finish(cluster_auth_command(&args)),
    }
}

/// The exit code of a subcommand's status, or 2 with its one line on stderr.
fn exit_with(result: Result<u8, Unusable>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Unusable(msg)) => {
            eprintln!("tokenscope: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The exit code for a command's verdict, or 2 with one line on stderr.
fn finish(result: Result<u8, Unusable>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Unusable(msg)) => {
            eprintln!("tokenscope: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The exit status for the verdict of `pod-identity` and `cluster-auth`: as `explain`'s, 0
/// allowed or accepted, 1 refused, 3 undetermined. No wildcard arm.
fn trace_exit_status(outcome: trace::Outcome) -> u8 {
    match outcome {
        trace::Outcome::Success => 0,
        trace::Outcome::Failure => 1,
        trace::Outcome::Undetermined => 3,
    }
}

/// Prints `report` as pretty JSON, or `text`.
fn print_either<T: serde::Serialize>(
    report: &T,
    text: &str,
    as_json: bool,
) -> Result<(), Unusable> {
    if as_json {
        let json = serde_json::to_string_pretty(report)
            .map_err(|e| Unusable(format!("cannot serialise the report: {e}")))?;
        println!("{json}");
    } else {
        print!("{text}");
    }
    Ok(())
}

/// `pod-identity`: the association and policies from flags and files into
/// [`pod_identity::predict`].
fn pod_identity_command(args: &PodIdentityArgs) -> Result<u8, Unusable> {
    let policy = read_file(&args.policy, "policy file")?;
    let target_policy = match &args.target_policy {
        Some(p) => Some(read_file(p, "target policy file")?),
        None => None,
    };
    let input = pod_identity::PodIdentityInput {
        policy,
        association: pod_identity::Association {
            cluster_arn: args.cluster_arn.clone(),
            namespace: args.namespace.clone(),
            service_account: args.service_account.clone(),
            pod_name: args.pod_name.clone(),
            pod_uid: args.pod_uid.clone(),
            session_tags: !args.no_session_tags,
            role_arn: args.role_arn.clone(),
            target_role_arn: args.target_role_arn.clone(),
            external_id: args.external_id.clone(),
        },
        target_policy,
    };
    let report = pod_identity::predict(&input).map_err(|e| match &e {
        pod_identity::PodIdentityInputError::Policy(p) => Unusable(format!(
            "--policy {}{}: trust policy: {}",
            args.policy.display(),
            position(p),
            p.reason()
        )),
        other => Unusable(other.to_string()),
    })?;
    print_either(&report, &pod_identity::render(&report), args.json)?;
    Ok(trace_exit_status(report.outcome))
}

/// `:line:col` of a policy error, when known.
fn position(e: &tokenscope::core::policy::PolicyError) -> String {
    match (e.line, e.column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        _ => String::new(),
    }
}

/// `cluster-auth`: the configuration, token and keys into [`cluster_auth::authenticate`].
fn cluster_auth_command(args: &ClusterAuthArgs) -> Result<u8, Unusable> {
    let config = read_file(&args.config, "configuration file")?;
    let token = read_token(args.token.as_deref())?;
    let jwks = match &args.jwks {
        Some(p) => read_file(p, "key file")?,
        None => String::new(),
    };
    let at = match &args.at {
        Some(t) => timefmt::parse_instant(t).map_err(|e| Unusable(format!("--at: {e}")))?,
        None => now(),
    };
    let input = cluster_auth::ClusterAuthInput {
        config,
        token,
        jwks,
        at,
    };
    let report = cluster_auth::authenticate(&input).map_err(|e| match &e {
        cluster_auth::ClusterAuthInputError::Config(c) => {
            Unusable(format!("--config {}: {c}", args.config.display()))
        }
        cluster_auth::ClusterAuthInputError::Token(t) => Unusable(format!("{t} ({})", t.code())),
        cluster_auth::ClusterAuthInputError::Keys(k) => Unusable(format!(
            "--jwks {}: {k}",
            args.jwks
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        )),
    })?;
    print_either(&report, &cluster_auth::render(&report), args.json)?;
    Ok(trace_exit_status(report.outcome))
}

/// The exit status for a verdict: 0 credentials, 1 refused, 3 incomplete or undetermined (2,
/// unusable input, never reaches a verdict). No wildcard arm: a new outcome needs a decision.
fn exit_status(outcome: Option<Outcome>) -> u8 {
    match outcome {
        Some(Outcome::Success) => 0,
        Some(Outcome::Failure) => 1,
        Some(Outcome::Incomplete | Outcome::Undetermined) => 3,
        // No prediction at all (the simulation did not run).
        None => 3,
    }
}

fn read_file(path: &Path, what: &str) -> Result<String, Unusable> {
    std::fs::read_to_string(path)
        .map_err(|e| Unusable(format!("cannot read {what} `{}`: {e}", path.display())))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The inputs a share link restores, through the page's own path ([`session::restore`]).
fn link_inputs(link: &str) -> Result<Inputs, Unusable> {
    let trimmed = link.trim();
    let fragment = trimmed.split_once('#').map_or(trimmed, |(_, f)| f);
    if !share::is_share_fragment(fragment) {
        return Err(Unusable(format!(
            "--link: expected a share link (a URL ending in #{}…, or that fragment), found `{}`",
            share::PREFIX,
            trimmed.chars().take(40).collect::<String>()
        )));
    }
    let state = share::decode(fragment).map_err(|e| Unusable(format!("--link: {e}")))?;
    let inputs = session::restore(state).inputs(0);
    if inputs.token.trim().is_empty() {
        return Err(Unusable(
            "--link: expected a link with a token, found a policy-only link (give the token as \
             TOKEN_FILE with --policy instead)"
                .to_string(),
        ));
    }
    Ok(inputs)
}

/// A whole input file, or standard input for `-`.
fn read_input(path: &Path, what: &str) -> Result<String, Unusable> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Unusable(format!("cannot read the {what} from standard input: {e}")))?;
        return Ok(s);
    }
    read_file(path, what)
}

/// The token text from a file, or from standard input for `-` or no file.
fn read_token(path: Option<&Path>) -> Result<String, Unusable> {
    match path {
        Some(p) if p.as_os_str() != "-" => read_file(p, "token file"),
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Unusable(format!("cannot read the token from standard input: {e}")))?;
            Ok(s)
        }
    }
}

/// The inputs given as files and flags, for the token in `token` (a file, or standard input).
fn file_inputs(args: &InputArgs, token: Option<&Path>) -> Result<Inputs, Unusable> {
    let mut inputs = Inputs::new(0, 0);
    inputs.token = read_token(token)?;
    if let Some(path) = &args.jwks {
        let text = read_file(path, "key file")?;
        let mut read = jwk::parse_key_input(&text)
            .map_err(|e| Unusable(format!("--jwks `{}`: {e}", path.display())))?;
        if args.discovery.is_some() {
            // The document named with --discovery is the one to compare.
            read.discovery = None;
        }
        inputs.pasted = Some(Rc::new(Ok(read)));
        inputs.pasted_text = text;
    }
    if let Some(path) = &args.discovery {
        let text = read_file(path, "discovery file")?;
        let map = match json::parse_strict(&text) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(other) => {
                return Err(Unusable(format!(
                    "--discovery `{}`: expected a JSON object, found {}",
                    path.display(),
                    json::kind_of(&other)
                )));
            }
            Err(e) => return Err(Unusable(format!("--discovery `{}`: {e}", path.display()))),
        };
        let mut fetched = Fetched::empty(DocumentOrigin::File, "");
        fetched.discovery = Some(Document {
            url: path.display().to_string(),
            bytes: text.len(),
            text: Rc::from(text.as_str()),
            content: Rc::new(map),
        });
        inputs.fetched = Some(Rc::new(fetched));
    }
    if let Some(p) = &args.policy {
        inputs.policy = read_file(p, "policy file")?;
    }
    inputs.settings = Settings {
        provider_url: args.provider.clone(),
        client_ids: (!args.client_ids.is_empty()).then(|| args.client_ids.join("\n")),
        thumbprints: args.thumbprints.join("\n"),
        observed_thumbprint: String::new(),
        role_arn: args.role_arn.clone().unwrap_or_default(),
        session_name: args.session_name.clone(),
        duration: args.duration.map(|d| d.to_string()).unwrap_or_default(),
        max_session: args.max_session.map(|m| m.to_string()),
    };
    inputs.at = now();
    Ok(inputs)
}

fn explain(args: &ExplainArgs) -> Result<u8, Unusable> {
    let mut inputs = match &args.link {
        Some(link) => link_inputs(link)?,
        None => file_inputs(&args.inputs, args.token.as_deref())?,
    };
    if let Some(t) = &args.inputs.at {
        inputs.at = timefmt::parse_instant(t).map_err(|e| Unusable(format!("--at: {e}")))?;
    }
    let analysis = session::analyze(&inputs);
    let report = analysis
        .result
        .map_err(|e| Unusable(format!("{} ({})", e, e.code())))?;
    for e in &analysis.setting_errors {
        eprintln!("tokenscope: note: {}: {}", e.field.as_str(), e.message);
    }
    if let Some(StsInputError::Policy(e)) = &report.policy_error {
        let pos = match (&args.inputs.policy, e.line, e.column) {
            (Some(p), Some(l), Some(c)) => format!("{}:{l}:{c}: ", p.display()),
            (Some(p), _, _) => format!("{}: ", p.display()),
            (None, Some(l), Some(c)) => format!("line {l}, column {c}: "),
            (None, _, _) => String::new(),
        };
        let flag = if args.link.is_some() {
            "--link"
        } else {
            "--policy"
        };
        return Err(Unusable(format!(
            "{flag} {pos}trust policy: {}",
            e.reason()
        )));
    }
    print_report(&report, args.json)?;
    Ok(exit_status(report.sts.as_ref().map(|s| s.outcome)))
}

/// `generate`: the policy (or its proof) from the core's [`generate::generate`], or an artefact
/// from [`generate::render`] (its notes are its own comments). The JSON policy's notes
/// (placeholder account, provider to register) go to stderr so that stdout is the document alone.
fn generate_command(args: &GenerateArgs) -> Result<(), Unusable> {
    let text = read_token(args.token.as_deref())?;
    let token = jwt::decode(&text).map_err(|e| Unusable(format!("{} ({})", e, e.code())))?;
    let scope =
        generate::Scope::parse(&args.scope).map_err(|e| Unusable(format!("--scope: {e}")))?;
    let options = generate::Options {
        account: args.account.clone(),
        scope,
        partition: args.partition.clone(),
    };
    let generated = generate::generate(&token, &options).map_err(|e| Unusable(e.to_string()))?;
    if let Some(format) = args.format.artefact() {
        let render_options = generate::RenderOptions {
            role_name: args.role_name.clone(),
            cluster: args.cluster.clone(),
            surface: generate::Surface::Cli,
        };
        let rendered = generate::render(&token, &generated, &render_options, format)
            .map_err(|e| Unusable(e.to_string()))?;
        print!("{}", rendered.text);
        return Ok(());
    }
    match args.format {
        GenerateFormat::Json => {
            println!("{}", generated.policy_text);
            for note in &generated.notes {
                eprintln!("tokenscope: note: {note}");
            }
        }
        GenerateFormat::Proof => {
            println!(
                "scope `{}` ({} token), sub {} `{}`, audience `{}`",
                generated.scope.as_str(),
                generated.family.as_str(),
                generated.subject.operator.as_str(),
                generated.subject.value,
                generated.audience
            );
            print!("{}", generated.proof.render());
            for note in &generated.notes {
                println!("note: {note}");
            }
        }
        // Rendered above.
        GenerateFormat::Terraform
        | GenerateFormat::Cloudformation
        | GenerateFormat::Cli
        | GenerateFormat::Eksctl => {}
    }
    Ok(())
}

/// The report as text, or as JSON with the recognised issuer preset beside it (`issuer`: the
/// same explanation the text prints; the page's report leaves it to the tools module).
fn print_report(report: &Report, as_json: bool) -> Result<(), Unusable> {
    if as_json {
        let unusable = |e: serde_json::Error| Unusable(format!("cannot serialise the report: {e}"));
        let mut value = serde_json::to_value(report).map_err(unusable)?;
        if let (Some(claims), Some(out)) = (report.token.claims.as_object(), value.as_object_mut())
        {
            let issuer = serde_json::to_value(tokenscope::core::issuers::explain(claims));
            out.insert("issuer".into(), issuer.map_err(unusable)?);
        }
        let json = serde_json::to_string_pretty(&value).map_err(unusable)?;
        println!("{json}");
    } else {
        print!("{}", text::render(report));
    }
    Ok(())
}
