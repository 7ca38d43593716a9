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

use serde::Serialize;
use serde_json::{Map, Value};

use super::json;
use super::pattern;

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

/// Parses an operator name (case-insensitive, as IAM accepts).
pub fn parse_operator(raw: &str) -> Option<Operator> {
    let lower = raw.to_ascii_lowercase();
    let (set, rest) = if let Some(r) = lower.strip_prefix("foranyvalue:") {
        (Some(SetOp::ForAnyValue), r)
    } else if let Some(r) = lower.strip_prefix("forallvalues:") {
        (Some(SetOp::ForAllValues), r)
    } else {
        (None, lower.as_str())
    };
    let (base, if_exists) = match rest.strip_suffix("ifexists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let num = |s: &str| match s {
        "equals" => Some((NumCmp::Eq, false)),
        "notequals" => Some((NumCmp::Eq, true)),
        "lessthan" => Some((NumCmp::Lt, false)),
        "lessthanequals" => Some((NumCmp::Le, false)),
        "greaterthan" => Some((NumCmp::Gt, false)),
        "greaterthanequals" => Some((NumCmp::Ge, false)),
        _ => None,
    };
    let (family, negated) = match base {
        "stringequals" => (Family::StringEquals, false),
        "stringnotequals" => (Family::StringEquals, true),
        "stringequalsignorecase" => (Family::StringEqualsIgnoreCase, false),
        "stringnotequalsignorecase" => (Family::StringEqualsIgnoreCase, true),
        "stringlike" => (Family::StringLike, false),
        "stringnotlike" => (Family::StringLike, true),
        "bool" => (Family::Bool, false),
        "binaryequals" => (Family::Binary, false),
        "ipaddress" => (Family::Ip, false),
        "notipaddress" => (Family::Ip, true),
        "arnequals" | "arnlike" => (Family::Arn, false),
        "arnnotequals" | "arnnotlike" => (Family::Arn, true),
        "null" if !if_exists => (Family::Null, false),
        b => {
            if let Some((c, n)) = b.strip_prefix("numeric").and_then(num) {
                (Family::Numeric(c), n)
            } else if let Some((c, n)) = b.strip_prefix("date").and_then(num) {
                (Family::Date(c), n)
            } else {
                return None;
            }
        }
    };
    Some(Operator {
        raw: raw.to_string(),
        family,
        negated,
        if_exists,
        set,
    })
}

/// The trust policy inside `aws iam get-role` output (`Role.AssumeRolePolicyDocument`, or the
/// document alone at the top level), with where it was found; anything else unchanged.
fn unwrap_role_output(doc: Value) -> (Value, Option<&'static str>) {
    let inner = |v: &Value| -> Option<Value> {
        match v {
            Value::Object(_) => Some(v.clone()),
            // Some tools print the document as a JSON string.
            Value::String(text) => match json::parse_strict(text) {
                Ok(parsed @ Value::Object(_)) => Some(parsed),
                _ => None,
            },
            _ => None,
        }
    };
    let found = match &doc {
        Value::Object(root) if !root.contains_key("Statement") => {
            match (root.get("Role"), root.get("AssumeRolePolicyDocument")) {
                (Some(Value::Object(role)), _) => role
                    .get("AssumeRolePolicyDocument")
                    .and_then(inner)
                    .map(|d| (d, "Role.AssumeRolePolicyDocument")),
                (None, Some(d)) => inner(d).map(|d| (d, "AssumeRolePolicyDocument")),
                _ => None,
            }
        }
        _ => None,
    };
    match found {
        Some((d, path)) => (d, Some(path)),
        None => (doc, None),
    }
}

/// The operator of a condition that cannot be read (see [`Family::Unreadable`]).
fn unreadable_operator(raw: &str) -> Operator {
    Operator {
        raw: raw.to_string(),
        family: Family::Unreadable,
        negated: false,
        if_exists: false,
        set: None,
    }
}

/// The known operator `raw` is most likely a misspelling of (set prefix and `IfExists` kept),
/// when one is within two edits.
fn closest_operator(raw: &str) -> Option<String> {
    const KNOWN: [&str; 26] = [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotLike",
        "Null",
    ];
    let (prefix, rest) = match raw.split_once(':') {
        Some((p, r)) => (format!("{p}:"), r),
        None => (String::new(), raw),
    };
    let (base, suffix) = match rest
        .len()
        .checked_sub(8)
        .and_then(|i| rest.split_at_checked(i))
    {
        Some((b, s)) if s.eq_ignore_ascii_case("ifexists") => (b, "IfExists"),
        _ => (rest, ""),
    };
    let base = base.to_ascii_lowercase();
    KNOWN
        .iter()
        .map(|k| (strsim::levenshtein(&k.to_ascii_lowercase(), &base), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| format!("{prefix}{k}{suffix}"))
        .filter(|s| parse_operator(s).is_some())
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
            Some(s) if !s.is_empty() => format!("statement {} (Sid `{s}`)", self.index + 1),
            _ => format!("statement {}", self.index + 1),
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

/// Parses a trust policy.
///
/// # Errors
/// Returns [`PolicyError`] when the text is not JSON or not an object with `Statement`.
pub fn parse_policy(text: &str) -> Result<Policy, PolicyError> {
    let mut problems = Vec::new();
    let doc = match json::parse_strict(text) {
        Ok(v) => v,
        Err(e) if e.duplicate => {
            // IAM's own parser keeps the last value; say so and go on with that reading.
            problems.push(PolicyProblem {
                path: String::new(),
                line: Some(e.line),
                column: Some(e.column),
                message: format!(
                    "{} (line {}, column {}): IAM Access Analyzer flags duplicate keys; which value \
                     IAM uses is not documented by AWS — evaluated here with the last one",
                    e.message, e.line, e.column
                ),
                malformed: false,
            });
            serde_json::from_str(text).map_err(|e| {
                let e = json::error_in(text, &e);
                PolicyError {
                    message: format!("the policy is not valid JSON: {}", e.message),
                    line: Some(e.line),
                    column: Some(e.column),
                }
            })?
        }
        Err(e) => {
            return Err(PolicyError {
                message: format!("the policy is not valid JSON: {e}"),
                line: Some(e.line),
                column: Some(e.column),
            });
        }
    };
    // `aws iam get-role` (or `create-role`) output pasted whole: the policy is inside.
    let doc = match unwrap_role_output(doc) {
        (doc, Some(path)) => {
            problems.push(problem(
                "",
                format!("read the trust policy from `{path}` (the output of `aws iam get-role`)"),
                false,
            ));
            doc
        }
        (doc, None) => doc,
    };
    let Value::Object(root) = &doc else {
        return Err(PolicyError {
            message: format!(
                "a policy must be a JSON object, found {}",
                json::kind_of(&doc)
            ),
            line: Some(1),
            column: Some(1),
        });
    };
    let version = match get_ci(root, "Version") {
        Some(Value::String(v)) => Some(v.clone()),
        Some(other) => {
            problems.push(problem(
                "Version",
                format!("`Version` must be a string, found {}", json::kind_of(other)),
                true,
            ));
            None
        }
        None => None,
    };
    match version.as_deref() {
        Some("2012-10-17") => {}
        Some("2008-10-17") => problems.push(problem(
            "Version",
            "`Version` 2008-10-17 disables policy variables: `${...}` is compared literally".to_string(),
            false,
        )),
        None => problems.push(problem(
            "Version",
            "no `Version`: IAM assumes 2008-10-17, so policy variables `${...}` are compared literally; add \"Version\": \"2012-10-17\"".to_string(),
            false,
        )),
        Some(other) => problems.push(problem(
            "Version",
            format!("`Version` must be 2012-10-17 or 2008-10-17, found `{other}`"),
            true,
        )),
    }
    for key in root.keys() {
        if !["version", "statement", "id"].contains(&key.to_ascii_lowercase().as_str()) {
            problems.push(problem(
                key,
                format!("unknown top-level element `{key}`"),
                true,
            ));
        }
    }
    let raw_statements: Vec<(String, &Value)> = match get_ci(root, "Statement") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("Statement[{i}]"), v))
            .collect(),
        Some(v @ Value::Object(_)) => vec![("Statement".to_string(), v)],
        Some(other) => {
            return Err(PolicyError {
                message: format!(
                    "`Statement` must be an object or an array, found {}",
                    json::kind_of(other)
                ),
                line: None,
                column: None,
            });
        }
        None => {
            return Err(PolicyError {
                message: "the policy has no `Statement`".to_string(),
                line: None,
                column: None,
            });
        }
    };
    let mut statements = Vec::new();
    for (index, (path, value)) in raw_statements.into_iter().enumerate() {
        if let Some(st) = parse_statement(index, &path, value, &mut problems) {
            statements.push(st);
        }
    }
    Ok(Policy {
        version,
        statements,
        problems,
        document: doc.clone(),
    })
}

fn problem(path: &str, message: String, malformed: bool) -> PolicyProblem {
    PolicyProblem {
        path: path.to_string(),
        line: None,
        column: None,
        message,
        malformed,
    }
}

/// Element names in policies are case-insensitive in practice; look them up that way.
fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn strings(value: &Value, path: &str, problems: &mut Vec<PolicyProblem>) -> Vec<String> {
    let one = |v: &Value, problems: &mut Vec<PolicyProblem>| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                problems.push(problem(
                    path,
                    format!("expected a string, found {}", json::kind_of(other)),
                    true,
                ));
                None
            }
        }
    };
    match value {
        Value::Array(items) => items.iter().filter_map(|v| one(v, problems)).collect(),
        v => one(v, problems).into_iter().collect(),
    }
}

fn parse_statement(
    index: usize,
    path: &str,
    value: &Value,
    problems: &mut Vec<PolicyProblem>,
) -> Option<Statement> {
    let Value::Object(st) = value else {
        problems.push(problem(
            path,
            format!(
                "a statement must be an object, found {}",
                json::kind_of(value)
            ),
            true,
        ));
        return None;
    };
    let sid = get_ci(st, "Sid").and_then(Value::as_str).map(str::to_owned);
    let effect = match get_ci(st, "Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        Some(other) => {
            problems.push(problem(
                &format!("{path}.Effect"),
                format!("`Effect` must be `Allow` or `Deny` (case-sensitive), found `{other}`; the statement is ignored"),
                true,
            ));
            return None;
        }
        None => {
            problems.push(problem(
                &format!("{path}.Effect"),
                "the statement has no `Effect`; it is ignored".to_string(),
                true,
            ));
            return None;
        }
    };
    let principal = if let Some(p) = get_ci(st, "Principal") {
        parse_principal(p, &format!("{path}.Principal"), problems)
    } else if get_ci(st, "NotPrincipal").is_some() {
        problems.push(problem(
            &format!("{path}.NotPrincipal"),
            "`NotPrincipal` is not allowed in a role trust policy; IAM refuses to save it"
                .to_string(),
            true,
        ));
        Principal::NotPrincipal
    } else {
        problems.push(problem(
            &format!("{path}.Principal"),
            "a trust policy statement needs a `Principal`; without it the statement matches no one"
                .to_string(),
            true,
        ));
        Principal::Missing
    };
    let actions = match (get_ci(st, "Action"), get_ci(st, "NotAction")) {
        (Some(a), None) => Actions::Action(strings(a, &format!("{path}.Action"), problems)),
        (None, Some(a)) => Actions::NotAction(strings(a, &format!("{path}.NotAction"), problems)),
        (Some(a), Some(_)) => {
            problems.push(problem(
                path,
                "a statement may have `Action` or `NotAction`, not both".to_string(),
                true,
            ));
            Actions::Action(strings(a, &format!("{path}.Action"), problems))
        }
        (None, None) => {
            problems.push(problem(
                path,
                "the statement has no `Action`; it matches no request".to_string(),
                true,
            ));
            Actions::Missing
        }
    };
    for key in st.keys() {
        let known = [
            "sid",
            "effect",
            "principal",
            "notprincipal",
            "action",
            "notaction",
            "condition",
            "resource",
            "notresource",
        ];
        if !known.contains(&key.to_ascii_lowercase().as_str()) {
            problems.push(problem(
                &format!("{path}.{key}"),
                format!("unknown element `{key}`"),
                true,
            ));
        }
    }
    let mut conditions = Vec::new();
    match get_ci(st, "Condition") {
        None => {}
        Some(Value::Object(block)) => {
            for (op_name, keys) in block {
                let op_path = format!("{path}.Condition.{op_name}");
                let operator = match parse_operator(op_name) {
                    Some(operator) => operator,
                    None => {
                        let hint = closest_operator(op_name)
                            .map(|o| format!(" (did you mean `{o}`?)"))
                            .unwrap_or_default();
                        problems.push(problem(
                            &op_path,
                            format!("unknown condition operator `{op_name}`{hint}; IAM refuses the policy. Known families: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, Arn*, Null, with optional IfExists and ForAnyValue:/ForAllValues:"),
                            true,
                        ));
                        unreadable_operator(op_name)
                    }
                };
                let Value::Object(keys) = keys else {
                    problems.push(problem(
                        &op_path,
                        format!(
                            "expected an object of condition keys, found {}",
                            json::kind_of(keys)
                        ),
                        true,
                    ));
                    conditions.push(Condition {
                        operator: unreadable_operator(op_name),
                        key: String::new(),
                        values: Vec::new(),
                        path: op_path,
                    });
                    continue;
                };
                for (key, vals) in keys {
                    let cpath = format!("{op_path}.{key}");
                    let values = strings(vals, &cpath, problems);
                    conditions.push(Condition {
                        operator: operator.clone(),
                        key: key.clone(),
                        values,
                        path: cpath,
                    });
                }
            }
        }
        Some(other) => {
            problems.push(problem(
                &format!("{path}.Condition"),
                format!(
                    "`Condition` must be an object, found {}",
                    json::kind_of(other)
                ),
                true,
            ));
            conditions.push(Condition {
                operator: unreadable_operator("Condition"),
                key: String::new(),
                values: Vec::new(),
                path: format!("{path}.Condition"),
            });
        }
    }
    Some(Statement {
        index,
        sid,
        effect,
        principal,
        actions,
        conditions,
    })
}

fn parse_principal(value: &Value, path: &str, problems: &mut Vec<PolicyProblem>) -> Principal {
    match value {
        Value::String(s) if s == "*" => Principal::Anyone,
        Value::Object(map) => {
            let mut federated = Vec::new();
            let mut other = Vec::new();
            for (kind, vals) in map {
                let values = strings(vals, &format!("{path}.{kind}"), problems);
                if kind == "Federated" {
                    federated.extend(values);
                } else if kind == "AWS" && values.iter().any(|v| v == "*") {
                    return Principal::Anyone;
                } else {
                    if !["AWS", "Service", "CanonicalUser"].contains(&kind.as_str()) {
                        problems.push(problem(
                            &format!("{path}.{kind}"),
                            format!("unknown principal type `{kind}`"),
                            true,
                        ));
                    }
                    other.push((kind.clone(), values));
                }
            }
            for f in &federated {
                if f.contains('*') {
                    problems.push(problem(
                        &format!("{path}.Federated"),
                        format!("`{f}`: wildcards are not allowed in principals; it matches only itself literally"),
                        true,
                    ));
                }
            }
            Principal::Named { federated, other }
        }
        other => {
            problems.push(problem(
                path,
                format!(
                    "`Principal` must be `\"*\"` or an object, found {}",
                    json::kind_of(other)
                ),
                true,
            ));
            Principal::Missing
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
        reason: String,
    },
    /// In the context, but its value depends on the caller (e.g. `aws:SourceIp`).
    Unknown {
        /// What it depends on.
        reason: String,
    },
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

/// The caller as the trust policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The IAM OIDC provider ARN the token maps to, e.g.
    /// `arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC`, or a
    /// built-in provider name (`accounts.google.com`, `cognito-identity.amazonaws.com`, ...).
    pub federated: String,
}

/// Evaluates the policy for one action.
pub fn evaluate(
    policy: &Policy,
    caller: &Caller,
    action: &str,
    ctx: &dyn Context,
) -> ActionEvaluation {
    let statements: Vec<StatementResult> = policy
        .statements
        .iter()
        .map(|st| evaluate_statement(policy, st, caller, action, ctx))
        .collect();
    let pick = |effect: Effect, tri: Tri| -> Vec<usize> {
        statements
            .iter()
            .filter(|s| s.effect == effect && s.applies == tri)
            .map(|s| s.index)
            .collect()
    };
    let deny_true = pick(Effect::Deny, Tri::True);
    let deny_unknown = pick(Effect::Deny, Tri::Unknown);
    let allow_true = pick(Effect::Allow, Tri::True);
    let allow_unknown = pick(Effect::Allow, Tri::Unknown);
    let (decision, deciding) = if !deny_true.is_empty() {
        (Decision::ExplicitDeny, deny_true)
    } else if !allow_true.is_empty() && deny_unknown.is_empty() {
        (Decision::Allow, allow_true)
    } else if !allow_true.is_empty() {
        (Decision::Unknown, deny_unknown)
    } else if !allow_unknown.is_empty() {
        (Decision::Unknown, allow_unknown)
    } else {
        (Decision::ImplicitDeny, Vec::new())
    };
    ActionEvaluation {
        action: action.to_string(),
        decision,
        deciding,
        statements,
    }
}

fn evaluate_statement(
    policy: &Policy,
    st: &Statement,
    caller: &Caller,
    action: &str,
    ctx: &dyn Context,
) -> StatementResult {
    let principal = match &st.principal {
        Principal::Anyone => (
            true,
            "`*`: anyone, including this token's holder".to_string(),
        ),
        Principal::Named { federated, other } => {
            if federated.iter().any(|f| f == &caller.federated) {
                (true, format!("`Federated` includes `{}`", caller.federated))
            } else if let Some(close) = federated
                .iter()
                .find(|f| f.eq_ignore_ascii_case(&caller.federated))
            {
                (
                    false,
                    format!(
                        "`Federated` has `{close}`, which differs from `{}` only in letter case; ARNs and provider URLs are case-sensitive",
                        caller.federated
                    ),
                )
            } else if federated.is_empty() {
                let kinds: Vec<&str> = other.iter().map(|(k, _)| k.as_str()).collect();
                (
                    false,
                    format!(
                        "the principal names {} but no `Federated` provider; a web-identity token is matched only by `Federated` (`{}`)",
                        if kinds.is_empty() {
                            "nothing".to_string()
                        } else {
                            kinds
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                        caller.federated
                    ),
                )
            } else {
                (
                    false,
                    format!(
                        "`Federated` is {}; the token's provider is `{}`",
                        federated
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        caller.federated
                    ),
                )
            }
        }
        Principal::NotPrincipal => (
            false,
            "`NotPrincipal` is not allowed in trust policies".to_string(),
        ),
        Principal::Missing => (false, "no usable `Principal`".to_string()),
    };
    let action_match = match &st.actions {
        Actions::Action(list) => match list
            .iter()
            .find(|p| pattern::matches_ignore_case(p, action))
        {
            Some(p) => (true, format!("`{p}` covers `{action}`")),
            None => (
                false,
                format!(
                    "`Action` is {}, which does not cover `{action}`",
                    list.iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        },
        Actions::NotAction(list) => match list
            .iter()
            .find(|p| pattern::matches_ignore_case(p, action))
        {
            Some(p) => (
                false,
                format!("`NotAction` excludes `{action}` (via `{p}`)"),
            ),
            None => (
                true,
                format!("`NotAction` does not exclude `{action}`, so it is covered"),
            ),
        },
        Actions::Missing => (false, "no `Action`".to_string()),
    };
    let conditions: Vec<ConditionResult> = st
        .conditions
        .iter()
        .map(|c| evaluate_condition(policy, c, ctx))
        .collect();
    let mut applies = Tri::from_bool(principal.0 && action_match.0);
    for c in &conditions {
        applies = applies.and(c.result);
    }
    StatementResult {
        index: st.index,
        label: st.label(),
        effect: st.effect,
        principal,
        action: action_match,
        conditions,
        applies,
    }
}

/// Substitutes `${key}`, `${key, 'default'}`, `${*}`, `${?}` and `${$}` in a policy value.
/// Returns `Ok(None)` when there is nothing to substitute. Wildcards produced by `${*}` and
/// `${?}` are literal, so the result is returned as pattern pieces.
fn substitute(value: &str, ctx: &dyn Context) -> Result<Option<Vec<pattern::Piece>>, String> {
    if !value.contains("${") {
        return Ok(None);
    }
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.extend(pattern::compile(rest.get(..start).unwrap_or_default()));
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            out.extend(pattern::compile(rest.get(start..).unwrap_or_default()));
            rest = "";
            break;
        };
        let inner = after.get(..end).unwrap_or_default().trim();
        rest = after.get(end + 1..).unwrap_or_default();
        match inner {
            "*" => out.push(pattern::Piece::Lit('*')),
            "?" => out.push(pattern::Piece::Lit('?')),
            "$" => out.push(pattern::Piece::Lit('$')),
            _ => {
                let (key, default) = match inner.split_once(',') {
                    Some((k, d)) => (k.trim(), Some(d.trim().trim_matches('\'').to_string())),
                    None => (inner, None),
                };
                match ctx.lookup(key) {
                    ContextValue::Present {
                        values,
                        multi: false,
                        ..
                    } => {
                        let v = values.first().cloned().unwrap_or_default();
                        out.extend(v.chars().map(pattern::Piece::Lit));
                    }
                    ContextValue::Present { multi: true, .. } => {
                        return Err(format!(
                            "`${{{key}}}` is a multivalued key; policy variables work only with single-valued keys, so the value does not match"
                        ));
                    }
                    ContextValue::Unknown { reason } => {
                        return Err(format!("`${{{key}}}` depends on {reason}"));
                    }
                    ContextValue::Absent { .. } => match default {
                        Some(d) => out.extend(d.chars().map(pattern::Piece::Lit)),
                        None => {
                            return Err(format!(
                                "`${{{key}}}` is not in the request context, so the condition value does not match"
                            ));
                        }
                    },
                }
            }
        }
    }
    out.extend(pattern::compile(rest));
    Ok(Some(out))
}

fn literal(pieces: &[pattern::Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            pattern::Piece::Lit(c) => *c,
            pattern::Piece::Star => '*',
            pattern::Piece::One => '?',
        })
        .collect()
}

/// A policy value ready for comparison.
struct PolicyValue {
    text: String,
    pieces: Vec<pattern::Piece>,
    /// Set when substitution failed: the value can match nothing (or depends on the unknown).
    failed: Option<(String, bool)>,
}

fn evaluate_condition(policy: &Policy, c: &Condition, ctx: &dyn Context) -> ConditionResult {
    let context = ctx.lookup(&c.key);
    let op = &c.operator;
    let uses_vars = matches!(
        op.family,
        Family::StringEquals | Family::StringEqualsIgnoreCase | Family::StringLike | Family::Arn
    ) && policy.variables_enabled();
    let values: Vec<PolicyValue> = c
        .values
        .iter()
        .map(|v| {
            let sub = if uses_vars {
                substitute(v, ctx)
            } else {
                Ok(None)
            };
            match sub {
                Ok(Some(pieces)) => PolicyValue {
                    text: literal(&pieces),
                    pieces,
                    failed: None,
                },
                Ok(None) => PolicyValue {
                    text: v.clone(),
                    pieces: pattern::compile(v),
                    failed: None,
                },
                Err(why) => {
                    let unknown = why.contains("depends on");
                    PolicyValue {
                        text: v.clone(),
                        pieces: Vec::new(),
                        failed: Some((why, unknown)),
                    }
                }
            }
        })
        .collect();
    let resolved: Vec<String> = values.iter().map(|v| v.text.clone()).collect();
    let resolved_values = (resolved != c.values).then_some(resolved);
    let (result, explanation) = decide(op, &context, &values);
    ConditionResult {
        operator: op.raw.clone(),
        key: c.key.clone(),
        policy_values: c.values.clone(),
        resolved_values,
        context,
        result,
        explanation,
        path: c.path.clone(),
    }
}

fn decide(op: &Operator, context: &ContextValue, values: &[PolicyValue]) -> (Tri, String) {
    if op.family == Family::Unreadable {
        return (
            Tri::Unknown,
            format!(
                "`{}` cannot be read as a condition and IAM would refuse to save it, so no role holds \
                 this policy as written: the condition is not evaluated (dropping it would widen the policy)",
                op.raw
            ),
        );
    }
    if op.family == Family::Null {
        let want_absent = values.iter().any(|v| v.text.eq_ignore_ascii_case("true"));
        return match context {
            ContextValue::Absent { .. } => (
                Tri::from_bool(want_absent),
                format!(
                    "the key is absent, and `Null` is `{}`",
                    if want_absent { "true" } else { "false" }
                ),
            ),
            ContextValue::Present { .. } => (
                Tri::from_bool(!want_absent),
                format!(
                    "the key is present, and `Null` is `{}`",
                    if want_absent { "true" } else { "false" }
                ),
            ),
            ContextValue::Unknown { reason } => (Tri::Unknown, format!("depends on {reason}")),
        };
    }
    let (actual, multi) = match context {
        ContextValue::Unknown { reason } => {
            return (Tri::Unknown, format!("the key's value depends on {reason}"));
        }
        ContextValue::Absent { .. } => {
            return match (op.set, op.if_exists, op.negated) {
                (Some(SetOp::ForAllValues), ..) => (
                    Tri::True,
                    "the key is absent, and `ForAllValues` over an empty set is true — with Allow this lets any token in".to_string(),
                ),
                (Some(SetOp::ForAnyValue), ..) => (Tri::False, "the key is absent, and `ForAnyValue` over an empty set is false".to_string()),
                (None, true, _) => (Tri::True, "the key is absent, and `IfExists` makes a missing key pass".to_string()),
                (None, false, true) => (Tri::True, "the key is absent; a negated operator is true for a missing key".to_string()),
                (None, false, false) => (Tri::False, "the key is absent; a positive operator is false for a missing key".to_string()),
            };
        }
        ContextValue::Present { values, multi, .. } => (values, *multi),
    };
    let one = |a: &str| -> Tri {
        // Positive match of one request value against the policy's values (OR).
        let mut any_unknown = false;
        for v in values {
            if let Some((_, unknown)) = &v.failed {
                any_unknown |= *unknown;
                continue;
            }
            if compare(op.family, a, v) {
                return Tri::True;
            }
        }
        if any_unknown {
            Tri::Unknown
        } else {
            Tri::False
        }
    };
    let not = |t: Tri| match t {
        Tri::True => Tri::False,
        Tri::False => Tri::True,
        Tri::Unknown => Tri::Unknown,
    };
    // For a negated operator a request value passes when it matches none of the values.
    let passes = |a: &str| if op.negated { not(one(a)) } else { one(a) };
    let results: Vec<(String, Tri)> = actual.iter().map(|a| (a.clone(), passes(a))).collect();
    let shown = |a: &[String]| {
        a.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let combined = match op.set {
        Some(SetOp::ForAllValues) => results.iter().fold(Tri::True, |acc, (_, t)| acc.and(*t)),
        _ => {
            if results.iter().any(|(_, t)| *t == Tri::True) {
                Tri::True
            } else if results.iter().any(|(_, t)| *t == Tri::Unknown) {
                Tri::Unknown
            } else {
                Tri::False
            }
        }
    };
    let combined = if results.is_empty() {
        match op.set {
            Some(SetOp::ForAllValues) => Tri::True,
            _ => Tri::False,
        }
    } else {
        combined
    };
    let policy_shown = values
        .iter()
        .map(|v| format!("`{}`", v.text))
        .collect::<Vec<_>>()
        .join(", ");
    let verb = match (combined, op.negated) {
        (Tri::True, false) => "matches",
        (Tri::True, true) => "matches none of",
        (Tri::False, false) => "does not match",
        (Tri::False, true) => "matches one of",
        (Tri::Unknown, _) => "may or may not match",
    };
    let mut explanation = format!("{} {verb} {policy_shown}", shown(actual));
    if let Some((why, _)) = values.iter().find_map(|v| v.failed.as_ref()) {
        explanation.push_str(&format!(" ({why})"));
    }
    if multi && op.set.is_none() {
        explanation.push_str(
            "; the key is multivalued and the operator has no ForAnyValue/ForAllValues prefix — evaluated as any-value (AWS recommends a set operator here)",
        );
    }
    if combined == Tri::False
        && !op.negated
        && let Some(hint) = near_miss(op.family, actual, values)
    {
        explanation.push_str(&format!("; {hint}"));
    }
    (combined, explanation)
}

fn compare(family: Family, actual: &str, v: &PolicyValue) -> bool {
    match family {
        Family::StringEquals | Family::Binary => actual == v.text,
        Family::StringEqualsIgnoreCase => actual.to_lowercase() == v.text.to_lowercase(),
        Family::StringLike => pattern::matches_with(&v.pieces, actual, |a, b| a == b),
        Family::Bool => actual.eq_ignore_ascii_case(&v.text),
        Family::Numeric(cmp) => {
            match (actual.trim().parse::<f64>(), v.text.trim().parse::<f64>()) {
                (Ok(a), Ok(b)) => num_cmp(cmp, a, b),
                _ => false,
            }
        }
        Family::Date(cmp) => match (parse_date(actual), parse_date(&v.text)) {
            (Some(a), Some(b)) => num_cmp(cmp, a as f64, b as f64),
            _ => false,
        },
        Family::Arn => arn_matches(&v.pieces, actual),
        Family::Ip | Family::Null | Family::Unreadable => false,
    }
}

fn num_cmp(cmp: NumCmp, a: f64, b: f64) -> bool {
    match cmp {
        NumCmp::Eq => a == b,
        NumCmp::Lt => a < b,
        NumCmp::Le => a <= b,
        NumCmp::Gt => a > b,
        NumCmp::Ge => a >= b,
    }
}

fn parse_date(s: &str) -> Option<i64> {
    super::timefmt::parse_instant(s).ok().or_else(|| {
        // IAM also accepts a bare date.
        super::timefmt::parse_instant(&format!("{}T00:00:00Z", s.trim())).ok()
    })
}

/// ARN matching: each of the six colon-separated parts separately, each with wildcards.
fn arn_matches(pattern: &[pattern::Piece], actual: &str) -> bool {
    let pat = literal(pattern);
    let p: Vec<&str> = pat.splitn(6, ':').collect();
    let a: Vec<&str> = actual.splitn(6, ':').collect();
    p.len() == 6
        && a.len() == 6
        && p.iter()
            .zip(a.iter())
            .all(|(pp, aa)| pattern::matches(pp, aa))
}

fn near_miss(family: Family, actual: &[String], values: &[PolicyValue]) -> Option<String> {
    for a in actual {
        for v in values {
            if v.failed.is_some() {
                continue;
            }
            let case_only = match family {
                Family::StringEquals => a.to_lowercase() == v.text.to_lowercase(),
                Family::StringLike => pattern::matches_with(&v.pieces, a, |x, y| {
                    x.to_lowercase().eq(y.to_lowercase())
                }),
                _ => false,
            };
            if case_only {
                return Some(format!(
                    "`{a}` and `{}` differ only in letter case, and this operator is case-sensitive",
                    v.text
                ));
            }
            if family == Family::StringEquals
                && v.text.contains(['*', '?'])
                && pattern::matches(&v.text, a)
            {
                return Some(format!(
                    "`{}` contains a wildcard, but StringEquals compares it literally; use StringLike",
                    v.text
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_operator_all_forms() {
        let op = parse_operator("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(
            (op.family, op.negated, op.if_exists, op.set),
            (Family::StringLike, false, true, Some(SetOp::ForAnyValue))
        );
        let op = parse_operator("NumericLessThanEquals").unwrap();
        assert_eq!(op.family, Family::Numeric(NumCmp::Le));
        let op = parse_operator("DateNotEquals").unwrap();
        assert_eq!((op.family, op.negated), (Family::Date(NumCmp::Eq), true));
        assert!(parse_operator("ArnNotLike").unwrap().negated);
        assert!(parse_operator("NullIfExists").is_none());
        assert!(parse_operator("StringEqualz").is_none());
        assert!(parse_operator("stringequals").is_some());
    }

    #[test]
    fn parse_policy_reports_syntax_position() {
        let err = parse_policy("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}")
            .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("not valid JSON"), "{}", err.message);
        assert_eq!(
            err.reason(),
            "the policy is not valid JSON: trailing comma",
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_columns_count_characters_after_non_ascii_text() {
        // `"Sid": "Zugriff für Pods—✓",` then a stray `x`: the column names the `x` as a
        // text area (and the caret under it) counts, not serde_json's bytes.
        let text = "{\n  \"Sid\": \"Zugriff für Pods—✓\", x\n}";
        let err = parse_policy(text).err().unwrap_or_else(|| PolicyError {
            message: String::new(),
            line: None,
            column: None,
        });
        assert_eq!(err.line, Some(2));
        let line = text.lines().nth(1).unwrap_or_default();
        let col = err.column.unwrap_or_default();
        assert_eq!(line.chars().nth(col - 1), Some('x'), "{err:?}");
        assert!(!err.reason().contains("column"), "{}", err.reason());
    }

    #[test]
    fn misspelt_operators_get_a_suggestion_and_stay_in_the_policy() {
        assert_eq!(
            closest_operator("StringEqual").as_deref(),
            Some("StringEquals")
        );
        assert_eq!(
            closest_operator("ForAnyValue:StringLik").as_deref(),
            Some("ForAnyValue:StringLike")
        );
        assert_eq!(
            closest_operator("stringequalsifexist").as_deref(),
            None,
            "IfExists misspelt too: too far to guess"
        );
        assert_eq!(
            closest_operator("StringEqualIfExists").as_deref(),
            Some("StringEqualsIfExists")
        );
        assert_eq!(closest_operator("Whatever"), None);
        let p = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEqual":{"k:sub":"v"}}}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let conditions: Vec<_> = p.statements.iter().flat_map(|s| &s.conditions).collect();
        assert_eq!(conditions.len(), 1, "the unreadable condition is kept");
        assert!(
            conditions
                .iter()
                .all(|c| c.operator.family == Family::Unreadable)
        );
        assert!(
            p.problems
                .iter()
                .any(|x| x.malformed && x.message.contains("did you mean `StringEquals`?")),
            "{:?}",
            p.problems
        );
    }

    #[test]
    fn get_role_output_is_read_as_its_trust_policy() {
        let inner = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#;
        for text in [
            format!(
                r#"{{"Role":{{"RoleName":"app","AssumeRolePolicyDocument":{inner},"MaxSessionDuration":3600}}}}"#
            ),
            format!(r#"{{"AssumeRolePolicyDocument":{inner}}}"#),
            format!(
                r#"{{"Role":{{"AssumeRolePolicyDocument":{}}}}}"#,
                serde_json::to_string(inner).unwrap_or_default()
            ),
        ] {
            let p = parse_policy(&text).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(p.statements.len(), 1, "{text}");
            assert!(p.problems.iter().all(|x| !x.malformed), "{:?}", p.problems);
            assert!(
                p.problems
                    .iter()
                    .any(|x| x.message.contains("AssumeRolePolicyDocument")),
                "{:?}",
                p.problems
            );
        }
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

    #[test]
    fn parse_policy_statement_object_and_string_forms() {
        let p = parse_policy(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/x"},"Action":"sts:AssumeRoleWithWebIdentity"}}"#).unwrap();
        assert_eq!(p.statements.len(), 1);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }
}
