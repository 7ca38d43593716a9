//! Reading a trust policy: every form IAM accepts (also `aws iam get-role` output), every problem
//! with its JSON path, statements, principals, actions and conditions.

use serde_json::{Map, Value};

use super::operators::{closest_operator, parse_operator, unreadable_operator};
use super::{
    Actions, Condition, Effect, Operator, Policy, PolicyError, PolicyProblem, Principal, Statement,
};
use crate::core::json;

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

/// Parses a trust policy.
///
/// # Errors
/// Returns [`PolicyError`] when the text is not JSON or not an object with `Statement`.
pub fn parse_policy(text: &str) -> Result<Policy, PolicyError> {
    let mut problems = Vec::new();
    let doc = read_json(text, &mut problems)?;
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
    let version = top_level(root, &mut problems);
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

/// The policy text as JSON; a duplicate member name is a problem (the last value is used), any
/// other syntax error an error with its position.
fn read_json(text: &str, problems: &mut Vec<PolicyProblem>) -> Result<Value, PolicyError> {
    Ok(match json::parse_strict(text) {
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
    })
}

/// `Version` (its problems: missing, old, invalid) and unknown top-level elements.
fn top_level(root: &Map<String, Value>, problems: &mut Vec<PolicyProblem>) -> Option<String> {
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
    version
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
    let principal = statement_principal(st, path, problems);
    let actions = statement_actions(st, path, problems);
    unknown_elements(st, path, problems);
    let conditions = parse_conditions(st, path, problems);
    Some(Statement {
        index,
        sid,
        effect,
        principal,
        actions,
        conditions,
    })
}

/// `Principal` (or the forbidden `NotPrincipal`, or none) of statement `st` at `path`.
fn statement_principal(
    st: &Map<String, Value>,
    path: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Principal {
    if let Some(p) = get_ci(st, "Principal") {
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
    }
}

/// `Action` or `NotAction` of statement `st` at `path`.
fn statement_actions(
    st: &Map<String, Value>,
    path: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Actions {
    match (get_ci(st, "Action"), get_ci(st, "NotAction")) {
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
    }
}

/// A problem for each element a statement may not have.
fn unknown_elements(st: &Map<String, Value>, path: &str, problems: &mut Vec<PolicyProblem>) {
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
}

/// Every condition of statement `st`; a block that cannot be read is kept as
/// [`Family::Unreadable`](super::Family::Unreadable).
fn parse_conditions(
    st: &Map<String, Value>,
    path: &str,
    problems: &mut Vec<PolicyProblem>,
) -> Vec<Condition> {
    let mut conditions = Vec::new();
    match get_ci(st, "Condition") {
        None => {}
        Some(Value::Object(block)) => {
            for (op_name, keys) in block {
                let op_path = format!("{path}.Condition.{op_name}");
                let operator = read_operator(op_name, &op_path, problems);
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
    conditions
}

/// The operator named `op_name`; an unknown one is a problem (with a suggestion) and unreadable.
fn read_operator(op_name: &str, op_path: &str, problems: &mut Vec<PolicyProblem>) -> Operator {
    match parse_operator(op_name) {
        Some(operator) => operator,
        None => {
            let hint = closest_operator(op_name)
                .map(|o| format!(" (did you mean `{o}`?)"))
                .unwrap_or_default();
            problems.push(problem(
                op_path,
                format!("unknown condition operator `{op_name}`{hint}; IAM refuses the policy. Known families: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, Arn*, Null, with optional IfExists and ForAnyValue:/ForAllValues:"),
                true,
            ));
            unreadable_operator(op_name)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn parse_policy_statement_object_and_string_forms() {
        let p = parse_policy(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/x"},"Action":"sts:AssumeRoleWithWebIdentity"}}"#).unwrap();
        assert_eq!(p.statements.len(), 1);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }
}
