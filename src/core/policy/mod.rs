//! IAM role trust policies: parsing every form IAM accepts, and evaluating them for a
//! web-identity request the way IAM does (IAM User Guide: reference_policies_evaluation-logic,
//! reference_policies_elements_condition_operators, reference_policies_condition-single-vs-multi-valued-context-keys,
//! reference_policies_variables).
//!
//! Invariants:
//! - Parsing never stops at the first problem: every statement that can be read is read, and
//!   each problem carries a JSON path (and, for syntax errors, line and column).
//! - Evaluation visits every statement and every condition and reports each with the values it
//!   compared; the decision names the statements that decided it (like cedar's authorizer).
//! - A context key whose value cannot be known from the token and the request (e.g.
//!   `aws:SourceIp`) makes a condition *unknown*, never silently true or false.

mod evaluate;
mod operators;
mod parse;

pub use evaluate::evaluate;
pub use operators::parse_operator;
pub use parse::parse_policy;

use serde::Serialize;
use serde_json::Value;

/// A problem found while reading a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyProblem {
    /// Where: a JSON path such as `Statement[1].Condition.StringEquals`.
    pub path: String,
    /// 1-based line and column for syntax errors.
    pub line: Option<usize>,
    /// Column.
    pub column: Option<usize>,
    /// What is wrong and what IAM would do.
    pub message: String,
    /// True when IAM would refuse to save the policy (MalformedPolicyDocument).
    pub malformed: bool,
}

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// The principal element of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Principal {
    /// `"Principal": "*"` or `{"AWS": "*"}`: anyone.
    Anyone,
    /// `{"Federated": [...], "AWS": [...], "Service": [...]}`.
    Named {
        /// `Federated` values.
        federated: Vec<String>,
        /// Other principal types and their values (AWS, Service, CanonicalUser).
        other: Vec<(String, Vec<String>)>,
    },
    /// `NotPrincipal` (not allowed in trust policies).
    NotPrincipal,
    /// No principal element.
    Missing,
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "values", rename_all = "snake_case")]
pub enum Actions {
    /// `Action`: the listed patterns.
    Action(Vec<String>),
    /// `NotAction`: everything except the listed patterns.
    NotAction(Vec<String>),
    /// Neither element.
    Missing,
}

/// The comparison family of a condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// `StringEquals`, `StringNotEquals`.
    StringEquals,
    /// `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`.
    StringEqualsIgnoreCase,
    /// `StringLike`, `StringNotLike`.
    StringLike,
    /// `Numeric*`.
    Numeric(NumCmp),
    /// `Date*`.
    Date(NumCmp),
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `ArnEquals`, `ArnLike`, `ArnNotEquals`, `ArnNotLike`.
    Arn,
    /// `Null`.
    Null,
    /// An operator IAM does not accept, or a condition whose keys cannot be read. No role can
    /// hold it, so it is never dropped (that would widen the policy): it evaluates as unknown.
    Unreadable,
}

/// A numeric or date comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumCmp {
    /// `Equals` / `NotEquals`.
    Eq,
    /// `LessThan`.
    Lt,
    /// `LessThanEquals`.
    Le,
    /// `GreaterThan`.
    Gt,
    /// `GreaterThanEquals`.
    Ge,
}

/// A set operator prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetOp {
    /// `ForAnyValue:`.
    ForAnyValue,
    /// `ForAllValues:`.
    ForAllValues,
}

/// A parsed condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operator {
    /// As written.
    pub raw: String,
    /// The family.
    pub family: Family,
    /// True for the negated forms (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...).
    pub negated: bool,
    /// The `IfExists` suffix.
    pub if_exists: bool,
    /// The set prefix.
    pub set: Option<SetOp>,
}

/// One `operator: { key: values }` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The key as written.
    pub key: String,
    /// The policy's values, as strings (IAM compares JSON booleans and numbers as their text).
    pub values: Vec<String>,
    /// JSON path of this condition.
    pub path: String,
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// Position in the policy (0-based).
    pub index: usize,
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal`.
    pub principal: Principal,
    /// `Action`/`NotAction`.
    pub actions: Actions,
    /// Every condition, in order.
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// "statement 2 (Sid `AllowIrsa`)".
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => {
                format!("statement {} (Sid `{s}`)", self.index.saturating_add(1))
            }
            _ => format!("statement {}", self.index.saturating_add(1)),
        }
    }
}

/// A parsed policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    /// `Version`.
    pub version: Option<String>,
    /// Every readable statement.
    pub statements: Vec<Statement>,
    /// Everything that could not be read or that IAM would refuse.
    pub problems: Vec<PolicyProblem>,
    /// The document as parsed (for suggesting edits).
    #[serde(skip)]
    pub document: Value,
}

impl Policy {
    /// Whether policy variables are expanded (`Version` 2012-10-17).
    pub fn variables_enabled(&self) -> bool {
        self.version.as_deref() == Some("2012-10-17")
    }
}

/// Why a policy text could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct PolicyError {
    /// What is wrong, with the position.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl PolicyError {
    /// The message without the ` at line L, column C` it ends with when the position is known
    /// (for output that shows the position separately, like `file:line:col: reason`).
    pub fn reason(&self) -> &str {
        match (self.line, self.column) {
            (Some(l), Some(c)) => self
                .message
                .strip_suffix(&format!(" at line {l}, column {c}"))
                .or_else(|| {
                    // serde_json's own wording, without the comma.
                    self.message
                        .strip_suffix(&format!(" at line {l} column {c}"))
                })
                .unwrap_or(&self.message),
            _ => &self.message,
        }
    }
}

/// Three-valued logic: some context keys cannot be known from the token alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    /// Matches.
    True,
    /// Does not match.
    False,
    /// Depends on a value not known here.
    Unknown,
}

impl Tri {
    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::True,
        }
    }

    fn from_bool(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

/// What the request context holds for a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ContextValue {
    /// Present with these values.
    Present {
        /// The values.
        values: Vec<String>,
        /// True for multivalued keys (arrays).
        multi: bool,
        /// Where the value comes from, e.g. "the token's `sub`".
        source: String,
    },
    /// Not in the request context, and why.
    Absent {
        /// Why the key is absent.
        reason: AbsentReason,
    },
    /// In the context, but its value depends on the caller (e.g. `aws:SourceIp`).
    Unknown {
        /// What it depends on.
        reason: String,
    },
}

/// Why a condition key is not in the request context. Decisions `match` on the variant; the
/// `Display` text is for people (and is what reports serialise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AbsentReason {
    /// The key is not `prefix:name`.
    NotAConditionKey {
        /// The key as written.
        key: String,
    },
    /// The token lacks the claim the key maps to.
    NoSuchClaim {
        /// The claim's name.
        claim: String,
    },
    /// AWS does not map this claim of the provider to a condition key.
    UnsupportedClaim {
        /// The claim as written in the key.
        claim: String,
        /// The provider, when it is a built-in one (its own key list); `None`: an OIDC provider.
        provider: Option<&'static str>,
        /// The claim keys AWS does provide for this provider.
        available: Vec<&'static str>,
    },
    /// Google's `oaud` exists only when the token has `azp`.
    NoOriginalAudience,
    /// The key's prefix is not this token's provider.
    WrongPrefix {
        /// The prefix as written.
        written: String,
        /// The token's provider prefix.
        expected: String,
        /// How the two differ.
        why: PrefixMismatch,
    },
    /// A global (`aws:`) or service (`sts:`, …) key that this request does not supply.
    NotInRequestContext {
        /// The key as written.
        key: String,
    },
    /// The token carries no session tags (`aws:TagKeys`).
    NoSessionTags,
    /// The token carries no `transitive_tag_keys`.
    NoTransitiveTagKeys,
    /// The token's session tags lack this tag.
    NoSessionTag {
        /// The tag key (lower case).
        tag: String,
    },
    /// An EKS Pod Identity association with session tags disabled sends no tags
    /// (<https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags>).
    SessionTagsDisabled {
        /// The key as written.
        key: String,
    },
    /// EKS Pod Identity sends only its six session tags; this is not one of them
    /// (<https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html>).
    NotAPodIdentityTag {
        /// The tag key as written.
        tag: String,
    },
    /// The caller is a service principal, which carries no principal tags: `aws:PrincipalTag/…`
    /// belongs in the role's permission policies, where it reads the session's tags.
    NoPrincipalTags {
        /// The service principal.
        service: String,
    },
    /// No web-identity token reaches STS on this path, so no provider claim key
    /// (`<issuer>:sub`, …) exists in the request.
    NoWebIdentityToken {
        /// The key as written.
        key: String,
    },
}

/// How a provider key's prefix differs from the token's provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefixMismatch {
    /// `https://…:sub`: keys never carry the scheme.
    Scheme,
    /// The host alone, without the issuer's path.
    MissingPath,
    /// A trailing `/` more or less.
    TrailingSlash,
    /// Another provider altogether.
    OtherProvider,
    /// The token's issuer is not an https URL: IAM holds no provider for it, so no prefix is its
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
    NoProvider,
}

impl PrefixMismatch {
    /// Why, in words.
    pub fn text(self) -> &'static str {
        match self {
            PrefixMismatch::Scheme => "a condition key never starts with `https://`",
            PrefixMismatch::MissingPath => "the prefix lacks the issuer's path",
            PrefixMismatch::TrailingSlash => "the prefix differs from the issuer by a trailing `/`",
            PrefixMismatch::OtherProvider => {
                "the prefix belongs to another provider (check the region and cluster id)"
            }
            PrefixMismatch::NoProvider => {
                "the token's issuer is not an https URL, so IAM holds no provider (and no condition keys) for it"
            }
        }
    }
}

impl AbsentReason {
    /// True when the key can never be present for this token's provider (a prefix or claim AWS
    /// does not provide), as opposed to a claim this particular token lacks.
    pub fn never_present(&self) -> bool {
        matches!(
            self,
            AbsentReason::WrongPrefix { .. }
                | AbsentReason::UnsupportedClaim { .. }
                | AbsentReason::NotAPodIdentityTag { .. }
                | AbsentReason::NoPrincipalTags { .. }
                | AbsentReason::NoWebIdentityToken { .. }
        )
    }
}

impl std::fmt::Display for AbsentReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AbsentReason::NotAConditionKey { key } => {
                write!(f, "`{key}` is not a condition key (expected `prefix:name`)")
            }
            AbsentReason::NoSuchClaim { claim } => write!(f, "the token has no `{claim}` claim"),
            AbsentReason::UnsupportedClaim {
                claim,
                provider: Some(provider),
                available,
            } => write!(
                f,
                "AWS does not put `{claim}` in the request context for {provider} (only {})",
                or_list(available)
            ),
            AbsentReason::UnsupportedClaim {
                claim,
                provider: None,
                available,
            } => write!(
                f,
                "AWS does not put `{claim}` in the request context for this provider; available claim keys: {}",
                available
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            AbsentReason::NoOriginalAudience => {
                write!(f, "`oaud` exists only when the Google token has `azp`")
            }
            AbsentReason::WrongPrefix {
                written,
                expected,
                why,
            } => write!(
                f,
                "`{written}` is not this token's provider `{expected}`: {}; keys with an unknown prefix are absent",
                why.text()
            ),
            AbsentReason::NotInRequestContext { key } => write!(
                f,
                "`{key}` is not in the request context of AssumeRoleWithWebIdentity"
            ),
            AbsentReason::NoSessionTags => write!(f, "the token carries no session tags"),
            AbsentReason::NoTransitiveTagKeys => {
                write!(f, "the token carries no transitive tag keys")
            }
            AbsentReason::NoSessionTag { tag } => {
                write!(f, "the token has no session tag `{tag}`")
            }
            AbsentReason::SessionTagsDisabled { key } => write!(
                f,
                "the association disables session tags, so `{key}` is not in the request"
            ),
            AbsentReason::NotAPodIdentityTag { tag } => write!(
                f,
                "EKS Pod Identity sends no session tag `{tag}` (only `eks-cluster-arn`, `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`, `kubernetes-pod-name` and `kubernetes-pod-uid`)"
            ),
            AbsentReason::NoPrincipalTags { service } => write!(
                f,
                "the caller is the service principal `{service}`, which has no principal tags; the session tags are `aws:RequestTag/…` in a trust policy (`aws:PrincipalTag/…` belongs in the role's permission policies)"
            ),
            AbsentReason::NoWebIdentityToken { key } => write!(
                f,
                "`{key}` is a web-identity provider key, but no token reaches STS with EKS Pod Identity: it is never in the request"
            ),
        }
    }
}

/// `` `a`, `b` and `c` ``.
fn or_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "no claim".to_string(),
    }
}

/// Reports carry the reason as its text.
impl Serialize for AbsentReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Resolves condition keys for a request. Key names are case-insensitive.
pub trait Context {
    /// The value of `key`.
    fn lookup(&self, key: &str) -> ContextValue;
}

/// The result of one condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionResult {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// The policy's values.
    pub policy_values: Vec<String>,
    /// The policy's values after `${...}` substitution, when different.
    pub resolved_values: Option<Vec<String>>,
    /// What the request holds for the key.
    pub context: ContextValue,
    /// The outcome.
    pub result: Tri,
    /// Why, in words.
    pub explanation: String,
    /// JSON path in the policy.
    pub path: String,
}

/// The result of one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementResult {
    /// Position (0-based).
    pub index: usize,
    /// Label for display.
    pub label: String,
    /// Allow or Deny.
    pub effect: Effect,
    /// Whether the principal covers the caller, and why.
    pub principal: (bool, String),
    /// Whether the actions cover the requested action, and why.
    pub action: (bool, String),
    /// Every condition.
    pub conditions: Vec<ConditionResult>,
    /// principal ∧ action ∧ conditions.
    pub applies: Tri,
}

/// The policy's answer for one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// An Allow statement applies and no Deny does.
    Allow,
    /// A Deny statement applies.
    ExplicitDeny,
    /// No Allow statement applies.
    ImplicitDeny,
    /// Depends on context values not known here.
    Unknown,
}

/// The evaluation of one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionEvaluation {
    /// The action, e.g. `sts:AssumeRoleWithWebIdentity`.
    pub action: String,
    /// The decision.
    pub decision: Decision,
    /// Indexes of the statements that decided it.
    pub deciding: Vec<usize>,
    /// Every statement's result.
    pub statements: Vec<StatementResult>,
}

/// The caller as the trust policy sees it: which element of `Principal` can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A web-identity token's provider (`sts:AssumeRoleWithWebIdentity`): the IAM OIDC provider
    /// ARN the token maps to, e.g.
    /// `arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC`, or a
    /// built-in provider name (`accounts.google.com`, `cognito-identity.amazonaws.com`, ...).
    /// Matched only by `Federated`.
    Federated(String),
    /// A web-identity token whose issuer IAM cannot hold an OIDC provider for (`iss` is not an
    /// https URL, e.g. minikube's `kubernetes/serviceaccount`: provider URLs must begin with
    /// `https://`, <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
    /// It has no provider ARN, so no `Federated` element can name it.
    NoProvider {
        /// The token's `iss`.
        issuer: String,
    },
    /// An AWS service principal calling `sts:AssumeRole` on a role's behalf, e.g. EKS Pod
    /// Identity's `pods.eks.amazonaws.com`
    /// (<https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html>). Matched only by
    /// `Service`.
    Service(String),
    /// An IAM role's session calling `sts:AssumeRole` (role chaining, e.g. EKS Pod Identity's
    /// target role: <https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html>).
    /// Matched by `AWS` naming the role's ARN, its account's root ARN or the account id
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>).
    Role {
        /// The role's ARN, `arn:aws:iam::<account>:role/<name>`.
        arn: String,
    },
}

impl Caller {
    /// A web-identity caller (see [`Caller::Federated`]).
    pub fn federated(provider: impl Into<String>) -> Caller {
        Caller::Federated(provider.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_reason_display_table_keeps_the_texts() {
        let cases = [
            (
                AbsentReason::NoSuchClaim {
                    claim: "sub".into(),
                },
                "the token has no `sub` claim",
            ),
            (
                AbsentReason::UnsupportedClaim {
                    claim: "email".into(),
                    provider: Some("accounts.google.com"),
                    available: vec!["aud", "oaud", "sub"],
                },
                "AWS does not put `email` in the request context for accounts.google.com (only `aud`, `oaud` and `sub`)",
            ),
            (
                AbsentReason::UnsupportedClaim {
                    claim: "x".into(),
                    provider: None,
                    available: vec!["aud", "sub"],
                },
                "AWS does not put `x` in the request context for this provider; available claim keys: `aud`, `sub`",
            ),
            (
                AbsentReason::WrongPrefix {
                    written: "a.example".into(),
                    expected: "b.example".into(),
                    why: PrefixMismatch::OtherProvider,
                },
                "`a.example` is not this token's provider `b.example`: the prefix belongs to another provider (check the region and cluster id); keys with an unknown prefix are absent",
            ),
            (
                AbsentReason::NotInRequestContext {
                    key: "aws:PrincipalArn".into(),
                },
                "`aws:PrincipalArn` is not in the request context of AssumeRoleWithWebIdentity",
            ),
            (
                AbsentReason::NoSessionTags,
                "the token carries no session tags",
            ),
        ];
        for (reason, text) in cases {
            assert_eq!(reason.to_string(), text);
            let json = serde_json::to_value(ContextValue::Absent {
                reason: reason.clone(),
            })
            .unwrap();
            assert_eq!(json["reason"], text, "serialised as its text");
        }
    }

    #[test]
    fn absent_reason_never_present_only_for_prefix_and_unsupported() {
        assert!(
            AbsentReason::WrongPrefix {
                written: "a".into(),
                expected: "b".into(),
                why: PrefixMismatch::Scheme
            }
            .never_present()
        );
        assert!(
            !AbsentReason::NoSuchClaim {
                claim: "sub".into()
            }
            .never_present()
        );
        assert!(!AbsentReason::NoOriginalAudience.never_present());
    }

    #[test]
    fn reason_drops_either_position_wording() {
        let at = |message: &str| PolicyError {
            message: message.into(),
            line: Some(3),
            column: Some(7),
        };
        assert_eq!(at("bad thing at line 3, column 7").reason(), "bad thing");
        assert_eq!(
            at("EOF while parsing at line 3 column 7").reason(),
            "EOF while parsing"
        );
        assert_eq!(
            at("elsewhere at line 4 column 1").reason(),
            "elsewhere at line 4 column 1"
        );
    }
}
