//! Terraform for the AWS provider: the IAM OIDC provider (`aws_iam_openid_connect_provider`), the
//! trust policy as `data "aws_iam_policy_document"` (one `condition` block per operator and key),
//! and the role (`aws_iam_role`, `assume_role_policy = data.aws_iam_policy_document.trust.json`).
//!
//! Sources: the AWS provider's documentation of `aws_iam_openid_connect_provider`
//! (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_openid_connect_provider>:
//! `thumbprint_list` is optional, "Without A Thumbprint") and of `aws_iam_policy_document`
//! (<https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document>:
//! it rewrites `&{…}` to `${…}` for IAM policy variables, so a value holding `&{` cannot be
//! written literally and is refused).

use super::plan::{Plan, PrincipalId, Statement};
use super::quote::hcl_string;
use super::{Format, RenderError, comments, shown};

const PROVIDER_REF: &str = "aws_iam_openid_connect_provider.this.arn";

/// The Terraform configuration.
pub(super) fn render(plan: &Plan) -> Result<String, RenderError> {
    refuse_policy_variables(plan)?;
    let mut out = comments(&header(plan));
    if let Some(p) = &plan.provider {
        out.push('\n');
        out.push_str(&comments(&[
            format!(
                "One IAM OIDC provider per URL and account: if the account has one for `{}` already, \
                 import it (terraform import aws_iam_openid_connect_provider.this ARN) or replace this \
                 resource with data \"aws_iam_openid_connect_provider\" \"this\" and the same url.",
                p.url
            ),
            "thumbprint_list is left out: it is optional in current AWS provider versions, and IAM \
             obtains the thumbprint itself when the issuer's certificate needs one."
                .to_string(),
        ]));
        out.push_str("resource \"aws_iam_openid_connect_provider\" \"this\" {\n");
        attributes(
            &mut out,
            1,
            &[
                ("url", hcl_string(&p.url)),
                ("client_id_list", list(&p.client_ids)),
            ],
        );
        out.push_str("}\n");
    }
    out.push_str("\ndata \"aws_iam_policy_document\" \"trust\" {\n");
    for s in &plan.statements {
        statement(&mut out, s);
    }
    out.push_str("}\n\n");
    out.push_str(&comments(&[
        "The role has no permissions yet: attach the policies it needs \
         (aws_iam_role_policy_attachment)."
            .to_string(),
    ]));
    out.push_str("resource \"aws_iam_role\" \"this\" {\n");
    attributes(
        &mut out,
        1,
        &[
            ("name", hcl_string(&plan.role_name)),
            (
                "assume_role_policy",
                "data.aws_iam_policy_document.trust.json".to_string(),
            ),
        ],
    );
    out.push_str("}\n\noutput \"role_arn\" {\n");
    attributes(
        &mut out,
        1,
        &[("value", "aws_iam_role.this.arn".to_string())],
    );
    out.push_str("}\n");
    Ok(out)
}

fn header(plan: &Plan) -> Vec<String> {
    let mut lines = plan.header(Format::Terraform);
    if plan.literal_names_placeholder() {
        lines.push(format!(
            "Replace the placeholder account `{}` in the principal with the role's account id \
             ({}).",
            plan.generated.account,
            plan.surface.account_hint()
        ));
    }
    lines
}

fn statement(out: &mut String, s: &Statement) {
    out.push_str("  statement {\n");
    let mut attrs = Vec::new();
    if let Some(sid) = &s.sid {
        attrs.push(("sid", hcl_string(sid)));
    }
    attrs.push(("effect", hcl_string(&s.effect)));
    attrs.push(("actions", list(&s.actions)));
    attributes(out, 2, &attrs);
    for (kind, ids) in &s.principals {
        let ids: Vec<String> = ids
            .iter()
            .map(|id| match id {
                PrincipalId::Provider => PROVIDER_REF.to_string(),
                PrincipalId::Literal(l) => hcl_string(l),
            })
            .collect();
        out.push_str("\n    principals {\n");
        attributes(
            out,
            3,
            &[
                ("type", hcl_string(kind)),
                ("identifiers", format!("[{}]", ids.join(", "))),
            ],
        );
        out.push_str("    }\n");
    }
    for c in &s.conditions {
        out.push_str("\n    condition {\n");
        attributes(
            out,
            3,
            &[
                ("test", hcl_string(&c.operator)),
                ("variable", hcl_string(&c.key)),
                ("values", list(&c.values)),
            ],
        );
        out.push_str("    }\n");
    }
    out.push_str("  }\n");
}

/// `key = value` lines at `depth`, the `=` aligned as `terraform fmt` aligns them.
fn attributes(out: &mut String, depth: usize, attrs: &[(&str, String)]) {
    let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let indent = "  ".repeat(depth);
    for (k, v) in attrs {
        out.push_str(&format!("{indent}{k:<width$} = {v}\n"));
    }
}

fn list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| hcl_string(v)).collect();
    format!("[{}]", items.join(", "))
}

/// `aws_iam_policy_document` turns every `&{` into `${` (its notation for IAM policy
/// variables): a value holding `&{` would become a policy variable.
fn refuse_policy_variables(plan: &Plan) -> Result<(), RenderError> {
    for s in &plan.statements {
        let mut values: Vec<(&str, &str)> = Vec::new();
        if let Some(sid) = &s.sid {
            values.push(("statement id", sid));
        }
        values.push(("effect", &s.effect));
        values.extend(s.actions.iter().map(|a| ("action", a.as_str())));
        for (kind, ids) in &s.principals {
            values.push(("principal type", kind));
            for id in ids {
                if let PrincipalId::Literal(l) = id {
                    values.push(("principal", l));
                }
            }
        }
        for c in &s.conditions {
            values.push(("condition operator", &c.operator));
            values.push(("condition key", &c.key));
            values.extend(c.values.iter().map(|v| ("condition value", v.as_str())));
        }
        if let Some((what, value)) = values.into_iter().find(|(_, v)| v.contains("&{")) {
            return Err(RenderError::Unrepresentable {
                format: Format::Terraform.as_str(),
                what: what.to_string(),
                value: shown(value),
                why: "aws_iam_policy_document rewrites `&{` to `${`, an IAM policy variable; use \
                      --format cloudformation or cli",
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_align_equals_signs() {
        let mut out = String::new();
        attributes(
            &mut out,
            1,
            &[
                ("url", "\"u\"".to_string()),
                ("client_id_list", "[]".to_string()),
            ],
        );
        assert_eq!(out, "  url            = \"u\"\n  client_id_list = []\n");
    }
}
