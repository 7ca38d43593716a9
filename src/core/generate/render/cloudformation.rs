//! A CloudFormation template in YAML: the IAM OIDC provider (`AWS::IAM::OIDCProvider`, behind a
//! `CreateOidcProvider` parameter, since an account holds one provider per URL), and the role
//! (`AWS::IAM::Role`) whose `AssumeRolePolicyDocument` is the generated policy, its provider
//! principal written `!If [CreatingOidcProvider, !Ref OidcProvider, !Sub "arn:${AWS::Partition}:…"]`:
//! the provider's ARN either way, in whatever account the stack runs (no account to replace).
//!
//! Sources: the CloudFormation template reference for `AWS::IAM::OIDCProvider`
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-oidcprovider.html>:
//! `Ref` returns the ARN; `ThumbprintList` is not required) and `AWS::IAM::Role`; `Fn::Sub`
//! (a literal `${` is written `${!`). CloudFormation reads YAML 1.1: every value is written
//! double-quoted ([`yaml_string`]), so none is read as a boolean, a number or null.

use super::plan::{Plan, Provider};
use super::quote::yaml_string;
use super::{Format, RenderError, comments};
use serde_json::Value;

/// A YAML node; scalars are written already (quoted, or a tag with its operand).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    /// A scalar, as written (`"text"`, `!Ref Name`).
    Scalar(String),
    /// A mapping: keys as written.
    Map(Vec<(String, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A tagged collection (`!If [...]`).
    Tagged(&'static str, Box<Node>),
}

const PARAMETER: &str = "CreateOidcProvider";
const CONDITION: &str = "CreatingOidcProvider";
const PROVIDER: &str = "OidcProvider";

/// The template.
pub(super) fn render(plan: &Plan) -> Result<String, RenderError> {
    let mut out = comments(&header(plan));
    let mut root: Vec<(String, Node)> = vec![
        ("AWSTemplateFormatVersion".into(), quoted("2010-09-09")),
        (
            "Description".into(),
            quoted(&format!(
                "A web-identity role with its least-privilege trust policy ({})",
                plan.surface.generator()
            )),
        ),
    ];
    let mut resources = Vec::new();
    if let Some(p) = &plan.provider {
        root.push(("Parameters".into(), parameters(p)));
        root.push(("Conditions".into(), conditions()));
        resources.push((PROVIDER.into(), provider_resource(p)));
    }
    let principal = plan.provider.as_ref().map(provider_principal);
    let document = policy_node(plan, &plan.generated.policy, principal.as_ref())?;
    resources.push(("Role".into(), role_resource(plan, document)));
    root.push(("Resources".into(), Node::Map(resources)));
    root.push((
        "Outputs".into(),
        Node::Map(vec![(
            "RoleArn".into(),
            Node::Map(vec![(
                "Value".into(),
                Node::Scalar("!GetAtt Role.Arn".into()),
            )]),
        )]),
    ));
    for (key, value) in &root {
        entry(&mut out, 0, key, value);
    }
    Ok(out)
}

/// The `CreateOidcProvider` parameter: `"false"` when the account has the provider already.
fn parameters(p: &Provider) -> Node {
    Node::Map(vec![(
        PARAMETER.into(),
        Node::Map(vec![
            ("Type".into(), quoted("String")),
            (
                "AllowedValues".into(),
                Node::Seq(vec![quoted("true"), quoted("false")]),
            ),
            ("Default".into(), quoted("true")),
            (
                "Description".into(),
                quoted(&format!(
                    "false when the account has the IAM OIDC provider for {} already (one per \
                     URL and account)",
                    p.url
                )),
            ),
        ]),
    )])
}

fn conditions() -> Node {
    Node::Map(vec![(
        CONDITION.into(),
        Node::Tagged(
            "!Equals",
            Box::new(Node::Seq(vec![
                Node::Scalar(format!("!Ref {PARAMETER}")),
                quoted("true"),
            ])),
        ),
    )])
}

fn provider_resource(p: &Provider) -> Node {
    Node::Map(vec![
        ("Type".into(), Node::Scalar("AWS::IAM::OIDCProvider".into())),
        ("Condition".into(), Node::Scalar(CONDITION.into())),
        (
            "Properties".into(),
            Node::Map(vec![
                ("Url".into(), quoted(&p.url)),
                (
                    "ClientIdList".into(),
                    Node::Seq(p.client_ids.iter().map(|c| quoted(c)).collect()),
                ),
            ]),
        ),
    ])
}

/// The provider's ARN: the resource's when the stack creates it, else built for the stack's
/// partition and account (a literal `${` in the prefix written `${!`, as `Fn::Sub` reads it).
fn provider_principal(p: &Provider) -> Node {
    let arn = format!(
        "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:oidc-provider/{}",
        p.prefix.replace("${", "${!")
    );
    Node::Tagged(
        "!If",
        Box::new(Node::Seq(vec![
            Node::Scalar(CONDITION.into()),
            Node::Scalar(format!("!Ref {PROVIDER}")),
            Node::Scalar(format!("!Sub {}", yaml_string(&arn))),
        ])),
    )
}

fn role_resource(plan: &Plan, document: Node) -> Node {
    Node::Map(vec![
        ("Type".into(), Node::Scalar("AWS::IAM::Role".into())),
        (
            "Properties".into(),
            Node::Map(vec![
                ("RoleName".into(), quoted(&plan.role_name)),
                ("AssumeRolePolicyDocument".into(), document),
            ]),
        ),
    ])
}

fn header(plan: &Plan) -> Vec<String> {
    let mut lines = plan.header(Format::CloudFormation);
    if plan.provider.is_some() {
        lines.push(format!(
            "The stack creates the IAM OIDC provider unless {PARAMETER} is \"false\" (the account \
             has it already). thumbprint_list is left out: CloudFormation does not require it, and \
             IAM obtains the thumbprint itself when the issuer's certificate needs one."
        ));
    }
    lines.push(
        "A named role needs --capabilities CAPABILITY_NAMED_IAM; the role has no permissions yet: \
         add ManagedPolicyArns or Policies."
            .to_string(),
    );
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

fn quoted(s: &str) -> Node {
    Node::Scalar(yaml_string(s))
}

/// A mapping key: bare when it is a plain word YAML reads as a string in 1.1 and 1.2 alike,
/// else double-quoted (condition keys hold `:` and `/`; `Null` is an operator and a YAML null).
fn key(k: &str) -> String {
    const SPECIAL: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let word = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric())
        && !SPECIAL.contains(&k.to_ascii_lowercase().as_str());
    if word { k.to_string() } else { yaml_string(k) }
}

/// The policy document as YAML, the provider's ARN replaced by `provider` in `Federated`.
fn policy_node(plan: &Plan, value: &Value, provider: Option<&Node>) -> Result<Node, RenderError> {
    Ok(match value {
        Value::String(s) => quoted(s),
        Value::Bool(b) => Node::Scalar(b.to_string()),
        Value::Number(n) => Node::Scalar(n.to_string()),
        Value::Array(items) => Node::Seq(
            items
                .iter()
                .map(|v| policy_node(plan, v, provider))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                let node = match (k.as_str(), v) {
                    ("Principal", Value::Object(types)) => principal_node(plan, types, provider)?,
                    _ => policy_node(plan, v, provider)?,
                };
                entries.push((key(k), node));
            }
            Node::Map(entries)
        }
        Value::Null => {
            return Err(RenderError::Policy {
                format: Format::CloudFormation.as_str(),
                what: "a null value".to_string(),
            });
        }
    })
}

fn principal_node(
    plan: &Plan,
    types: &serde_json::Map<String, Value>,
    provider: Option<&Node>,
) -> Result<Node, RenderError> {
    let provider_arn = plan.provider.as_ref().map(|p| p.arn.as_str());
    let id = |v: &Value| -> Result<Node, RenderError> {
        match (v, provider) {
            (Value::String(s), Some(node)) if Some(s.as_str()) == provider_arn => Ok(node.clone()),
            _ => policy_node(plan, v, None),
        }
    };
    let mut entries = Vec::with_capacity(types.len());
    for (kind, ids) in types {
        let node = match (kind.as_str(), ids) {
            ("Federated", Value::Array(items)) => {
                Node::Seq(items.iter().map(id).collect::<Result<_, _>>()?)
            }
            ("Federated", one) => id(one)?,
            _ => policy_node(plan, ids, None)?,
        };
        entries.push((key(kind), node));
    }
    Ok(Node::Map(entries))
}

/// `key: value` at `depth` (two spaces each).
fn entry(out: &mut String, depth: usize, k: &str, value: &Node) {
    let indent = "  ".repeat(depth);
    match value {
        Node::Scalar(s) => out.push_str(&format!("{indent}{k}: {s}\n")),
        Node::Map(m) if m.is_empty() => out.push_str(&format!("{indent}{k}: {{}}\n")),
        Node::Seq(s) if s.is_empty() => out.push_str(&format!("{indent}{k}: []\n")),
        Node::Map(m) => {
            out.push_str(&format!("{indent}{k}:\n"));
            for (ik, iv) in m {
                entry(out, depth.saturating_add(1), ik, iv);
            }
        }
        Node::Seq(items) => {
            out.push_str(&format!("{indent}{k}:\n"));
            for item in items {
                seq_item(out, depth.saturating_add(1), item);
            }
        }
        Node::Tagged(tag, inner) => {
            out.push_str(&format!("{indent}{k}: {tag}\n"));
            tagged_body(out, depth.saturating_add(1), inner);
        }
    }
}

/// `- item` at `depth`.
fn seq_item(out: &mut String, depth: usize, item: &Node) {
    let indent = "  ".repeat(depth);
    match item {
        Node::Scalar(s) => out.push_str(&format!("{indent}- {s}\n")),
        Node::Map(m) if m.is_empty() => out.push_str(&format!("{indent}- {{}}\n")),
        Node::Seq(s) if s.is_empty() => out.push_str(&format!("{indent}- []\n")),
        Node::Map(m) => {
            // The first entry shares the dash's line; the rest align with it.
            let mut body = String::new();
            for (ik, iv) in m {
                entry(&mut body, depth.saturating_add(1), ik, iv);
            }
            let inner = "  ".repeat(depth.saturating_add(1));
            let rest = body.strip_prefix(&inner).unwrap_or(&body);
            out.push_str(&format!("{indent}- {rest}"));
        }
        Node::Seq(items) => {
            out.push_str(&format!("{indent}-\n"));
            for i in items {
                seq_item(out, depth.saturating_add(1), i);
            }
        }
        Node::Tagged(tag, inner) => {
            out.push_str(&format!("{indent}- {tag}\n"));
            tagged_body(out, depth.saturating_add(1), inner);
        }
    }
}

/// The collection a tag applies to, on the lines after it.
fn tagged_body(out: &mut String, depth: usize, inner: &Node) {
    match inner {
        Node::Seq(items) => {
            for i in items {
                seq_item(out, depth, i);
            }
        }
        Node::Map(m) => {
            for (k, v) in m {
                entry(out, depth, k, v);
            }
        }
        // Tags are only put on collections here.
        Node::Scalar(s) => out.push_str(&format!("{}{s}\n", "  ".repeat(depth))),
        Node::Tagged(tag, i) => {
            out.push_str(&format!("{}{tag}\n", "  ".repeat(depth)));
            tagged_body(out, depth.saturating_add(1), i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_quotes_yaml_words_and_punctuation() {
        assert_eq!(key("Version"), "Version");
        assert_eq!(key("Null"), "\"Null\"");
        assert_eq!(key("ON"), "\"ON\"");
        assert_eq!(key("a.b/c:aud"), "\"a.b/c:aud\"");
        assert_eq!(key("ForAnyValue:StringLike"), "\"ForAnyValue:StringLike\"");
    }

    #[test]
    fn seq_of_maps_puts_the_first_entry_on_the_dash_line() {
        let mut out = String::new();
        entry(
            &mut out,
            0,
            "Statement",
            &Node::Seq(vec![Node::Map(vec![
                ("Effect".into(), quoted("Allow")),
                ("Action".into(), quoted("x")),
            ])]),
        );
        assert_eq!(
            out,
            "Statement:\n  - Effect: \"Allow\"\n    Action: \"x\"\n"
        );
    }

    #[test]
    fn tagged_sequence_is_written_in_block_style() {
        let mut out = String::new();
        entry(
            &mut out,
            1,
            "Federated",
            &Node::Tagged(
                "!If",
                Box::new(Node::Seq(vec![
                    Node::Scalar("C".into()),
                    Node::Scalar("!Ref P".into()),
                ])),
            ),
        );
        assert_eq!(out, "  Federated: !If\n    - C\n    - !Ref P\n");
    }
}
