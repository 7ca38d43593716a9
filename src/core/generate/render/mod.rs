//! The generated trust policy as the artefacts people apply: Terraform, CloudFormation YAML,
//! AWS CLI commands, and for service-account tokens of EKS clusters the eksctl commands and the
//! ServiceAccount annotation ([`applies`] says which formats apply to a token, and why not). Each is written from the policy document itself ([`plan`]), so
//! what it creates trusts exactly what the JSON policy trusts and what the proof was run on.
//!
//! Invariants:
//! - Every value comes from a token and is treated as hostile: it is written through [`quote`]
//!   for its syntax (an HCL string, a YAML double-quoted scalar, a single-quoted shell word, a
//!   comment), or the format refuses it with [`RenderError::Unrepresentable`] when the syntax
//!   cannot carry it literally (`&{` in Terraform's policy document, which turns it into a
//!   policy variable; a shell word with control characters; a CLI value the AWS CLI would read
//!   as a file).
//! - The IAM OIDC provider is created only when the policy's `Federated` principal is the
//!   provider generated for the token's issuer; any other principal (a built-in provider) is
//!   written as it stands.
//! - Each artefact says what it is in its own comments: the role name (and that it was derived
//!   when no name was given), the proof, placeholders to replace, values the token does not
//!   carry (an EKS cluster's name).

mod aws_cli;
mod cloudformation;
mod eksctl;
mod plan;
mod quote;
mod terraform;

use serde::Serialize;

use super::{Generated, Surface};
use crate::core::invisible;
use crate::core::jwt::Token;

/// An artefact format. Stable names: [`Format::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Terraform (AWS provider): `aws_iam_openid_connect_provider`, `data "aws_iam_policy_document"`
    /// and `aws_iam_role`.
    Terraform,
    /// A CloudFormation template in YAML: `AWS::IAM::OIDCProvider` and `AWS::IAM::Role`.
    CloudFormation,
    /// AWS CLI commands: the policy written by a heredoc, `create-open-id-connect-provider`,
    /// `create-role` and `update-assume-role-policy`.
    AwsCli,
    /// For service accounts of EKS clusters (not self-managed ones): `eksctl create
    /// iamserviceaccount` and the ServiceAccount annotation.
    Eksctl,
}

impl Format {
    /// The formats that apply to every token (each writes the role and the provider itself).
    pub const EVERY_TOKEN: [Format; 3] =
        [Format::Terraform, Format::CloudFormation, Format::AwsCli];

    /// Every format.
    pub const ALL: [Format; 4] = [
        Format::Terraform,
        Format::CloudFormation,
        Format::AwsCli,
        Format::Eksctl,
    ];

    /// `terraform`, `cloudformation`, `cli`, `eksctl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
            Format::AwsCli => "cli",
            Format::Eksctl => "eksctl",
        }
    }
}

/// What the token does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// The role's name; `None` derives one from the policy's subject (and the artefact says so).
    pub role_name: Option<String>,
    /// The EKS cluster's name, for eksctl (a token names its cluster's issuer, not the cluster);
    /// `None` writes [`PLACEHOLDER_CLUSTER`].
    pub cluster: Option<String>,
    /// Where the artefact is read: its comments name the CLI's flags, or the page tool's fields.
    pub surface: Surface,
}

/// The cluster name written when none is given; the artefact says to replace it.
pub const PLACEHOLDER_CLUSTER: &str = "CLUSTER_NAME";

/// An artefact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    /// Its format.
    pub format: Format,
    /// The role's name.
    pub role_name: String,
    /// Whether the name was derived (no name given).
    pub role_name_derived: bool,
    /// The artefact's text (its comments included).
    pub text: String,
}

/// Why an artefact is not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RenderError {
    /// A role name IAM would refuse.
    #[error(
        "role name: expected 1 to 64 letters, digits or `_+=,.@-` (IAM CreateRole), not starting \
         with `-`, found `{found}`"
    )]
    RoleName {
        /// What was given (hidden characters shown).
        found: String,
    },
    /// A cluster name EKS would refuse.
    #[error(
        "cluster name: expected 1 to 100 letters, digits, `-` or `_`, starting with a letter or \
         digit (EKS CreateCluster), found `{found}`"
    )]
    Cluster {
        /// What was given (hidden characters shown).
        found: String,
    },
    /// The format does not apply to this token: why ([`NotApplicableReason`]), and the formats
    /// that do.
    #[error(
        "format `{format}` does not apply: expected {expected}, found {found}; create the role \
         with {} instead",
        format_list(.instead)
    )]
    NotApplicable {
        /// The format.
        format: &'static str,
        /// Why it does not apply.
        reason: NotApplicableReason,
        /// What it needs.
        expected: String,
        /// What the token is.
        found: String,
        /// The formats that apply to the token instead.
        instead: Vec<Format>,
    },
    /// A value the format cannot carry literally.
    #[error("format `{format}` cannot carry the {what} `{value}`: {why}")]
    Unrepresentable {
        /// The format.
        format: &'static str,
        /// Which value.
        what: String,
        /// The value (hidden characters shown).
        value: String,
        /// Why.
        why: &'static str,
    },
    /// The generated policy has something the format does not write (a bug of the generator).
    #[error("format `{format}` does not write {what} of the generated policy")]
    Policy {
        /// The format.
        format: &'static str,
        /// What.
        what: String,
    },
}

/// Why a format does not apply to a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicableReason {
    /// eksctl: the token is not a Kubernetes service account's (`sub` is not
    /// `system:serviceaccount:NAMESPACE:NAME`).
    NotServiceAccount,
    /// eksctl: a service account of a cluster that is not EKS (a self-managed cluster): the issuer
    /// is not an EKS cluster's `https://oidc.eks.REGION.amazonaws.com/id/ID`, and eksctl creates
    /// roles for EKS clusters only.
    NotEksCluster,
}

/// Whether `format` applies to `token` (its policy `generated`): `Ok`, or the
/// [`RenderError::NotApplicable`] saying why not and which formats apply instead. Terraform,
/// CloudFormation and the AWS CLI apply to every token; eksctl to a Kubernetes service account of
/// an EKS cluster only.
///
/// # Errors
/// [`RenderError::NotApplicable`].
pub fn applies(token: &Token, generated: &Generated, format: Format) -> Result<(), RenderError> {
    match format {
        Format::Terraform | Format::CloudFormation | Format::AwsCli => Ok(()),
        Format::Eksctl => eksctl::applies(generated, token).map(|_| ()),
    }
}

/// `formats` in a message: "the `terraform`, `cloudformation` or `cli` format".
fn format_list(formats: &[Format]) -> String {
    let names: Vec<String> = formats
        .iter()
        .map(|f| format!("`{}`", f.as_str()))
        .collect();
    match names.split_last() {
        None => "another format".to_string(),
        Some((last, [])) => format!("the {last} format"),
        Some((last, rest)) => format!("the {} or {last} format", rest.join(", ")),
    }
}

/// `generated` (for `token`) as a `format` artefact.
///
/// # Errors
/// A [`RenderError`]: a role or cluster name that IAM or EKS would refuse, a format that does
/// not fit the token ([`applies`]), or a value the format cannot carry literally.
pub fn render(
    token: &Token,
    generated: &Generated,
    options: &RenderOptions,
    format: Format,
) -> Result<Rendered, RenderError> {
    applies(token, generated, format)?;
    let plan = plan::Plan::new(
        generated,
        options.role_name.as_deref(),
        format,
        options.surface,
    )?;
    let text = match format {
        Format::Terraform => terraform::render(&plan)?,
        Format::CloudFormation => cloudformation::render(&plan)?,
        Format::AwsCli => aws_cli::render(&plan)?,
        Format::Eksctl => eksctl::render(&plan, token, options.cluster.as_deref())?,
    };
    Ok(Rendered {
        format,
        role_name: plan.role_name.clone(),
        role_name_derived: plan.role_name_derived,
        text,
    })
}

/// The role name [`render`] writes when none is given.
pub fn derived_role_name(generated: &Generated) -> String {
    plan::derived_role_name(generated)
}

/// `value` for an error line: hidden characters shown as `⟨U+XXXX⟩`, so the line stays one line.
fn shown(value: &str) -> String {
    invisible::reveal(value).unwrap_or_else(|| value.to_string())
}

/// `value` as a shell word, or the error saying the format cannot carry it.
fn shell_word(format: Format, what: &str, value: &str) -> Result<String, RenderError> {
    quote::shell_word(value).ok_or_else(|| RenderError::Unrepresentable {
        format: format.as_str(),
        what: what.to_string(),
        value: shown(value),
        why: "it holds control, invisible or direction-changing characters, which a command \
              line would hide from its reader",
    })
}

/// Comment lines (`# …`) for `lines`.
fn comments(lines: &[String]) -> String {
    lines.iter().map(|l| quote::comment("#", l)).collect()
}
