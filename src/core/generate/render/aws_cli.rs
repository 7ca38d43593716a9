//! AWS CLI commands for a POSIX shell: the trust policy written to `trust-policy.json` by a
//! quoted heredoc (nothing in it is expanded), `aws iam create-open-id-connect-provider` when the
//! policy trusts the provider generated for the token's issuer, then `aws iam create-role` for a
//! new role and `aws iam update-assume-role-policy` for an existing one (running both is safe:
//! the first fails on an existing role, the second sets the same document).
//!
//! Sources: the AWS CLI command reference for `iam create-open-id-connect-provider` (the
//! thumbprint list is optional: IAM obtains the top intermediate CA's thumbprint itself),
//! `iam create-role`, `iam update-assume-role-policy`; the AWS CLI user guide, "Loading AWS CLI
//! parameters from a file" (a value starting with `file://` or `fileb://` is replaced by a
//! file's contents, so a client ID of that form cannot be passed literally and is refused).

use super::plan::Plan;
use super::{Format, RenderError, comments, shell_word, shown};
use crate::core::invisible;

/// The heredoc's delimiter. The policy is JSON text, whose lines are never this word.
const DELIMITER: &str = "EOF";
/// The file the policy is written to.
const POLICY_FILE: &str = "trust-policy.json";

/// The commands.
pub(super) fn render(plan: &Plan) -> Result<String, RenderError> {
    let format = Format::AwsCli;
    let policy = invisible::escape_in_json(&plan.generated.policy_text)
        .unwrap_or_else(|| plan.generated.policy_text.clone());
    if policy.lines().any(|l| l == DELIMITER) {
        return Err(RenderError::Policy {
            format: format.as_str(),
            what: format!("a line `{DELIMITER}` (the heredoc's delimiter)"),
        });
    }
    let role = shell_word(format, "role name", &plan.role_name)?;
    let mut out = comments(&header(plan));
    out.push('\n');
    out.push_str(&comments(&[format!(
        "The trust policy (the same document as {}):",
        plan.surface.policy_alone()
    )]));
    out.push_str(&format!(
        "cat > {POLICY_FILE} <<'{DELIMITER}'\n{policy}\n{DELIMITER}\n"
    ));
    if let Some(p) = &plan.provider {
        let url = shell_word(format, "provider URL", &p.url)?;
        let mut ids = Vec::with_capacity(p.client_ids.len());
        for id in &p.client_ids {
            refuse_paramfile(id)?;
            ids.push(shell_word(format, "client ID", id)?);
        }
        out.push('\n');
        out.push_str(&comments(&[
            "The IAM OIDC provider, once per URL and account (EntityAlreadyExists: the account has \
             it; go on). No --thumbprint-list: IAM obtains the thumbprint itself when it needs one."
                .to_string(),
        ]));
        out.push_str(&format!(
            "aws iam create-open-id-connect-provider --url {url} --client-id-list {}\n",
            ids.join(" ")
        ));
    }
    out.push('\n');
    out.push_str(&comments(&["A new role:".to_string()]));
    out.push_str(&format!(
        "aws iam create-role --role-name {role} --assume-role-policy-document file://{POLICY_FILE}\n"
    ));
    out.push('\n');
    out.push_str(&comments(&["Or an existing role:".to_string()]));
    out.push_str(&format!(
        "aws iam update-assume-role-policy --role-name {role} --policy-document file://{POLICY_FILE}\n"
    ));
    Ok(out)
}

fn header(plan: &Plan) -> Vec<String> {
    let mut lines = plan.header(Format::AwsCli);
    // A built-in provider's policy names no account.
    if plan.generated.account_is_placeholder && !plan.generated.builtin {
        lines.push(format!(
            "Replace the placeholder account `{}` in trust-policy.json with the role's account id \
             ({}).",
            plan.generated.account,
            plan.surface.account_rerun_hint()
        ));
    }
    lines.push(
        "For a POSIX shell and AWS CLI version 2. The role has no permissions yet: attach the \
         policies it needs (aws iam attach-role-policy)."
            .to_string(),
    );
    lines
}

/// The AWS CLI reads a parameter starting with `file://` or `fileb://` from that file.
fn refuse_paramfile(value: &str) -> Result<(), RenderError> {
    let lower = value.to_ascii_lowercase();
    if lower.starts_with("file://") || lower.starts_with("fileb://") {
        return Err(RenderError::Unrepresentable {
            format: Format::AwsCli.as_str(),
            what: "client ID".to_string(),
            value: shown(value),
            why: "the AWS CLI would read a value starting with `file://` or `fileb://` from a \
                  local file; use --format terraform or cloudformation",
        });
    }
    Ok(())
}
