//! Evaluating a parsed policy for one action: principal, action, every condition (with policy
//! variables), three-valued logic, and the decision with the statements that made it
//! (IAM User Guide: reference_policies_evaluation-logic, reference_policies_variables).

use super::operators::compare;
use super::{
    ActionEvaluation, Actions, Caller, Condition, ConditionResult, Context, ContextValue, Decision,
    Effect, Family, Operator, Policy, Principal, SetOp, Statement, StatementResult, Tri,
};
use crate::core::pattern;

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
    let principal = principal_match(&st.principal, caller);
    let action_match = action_match(&st.actions, action);
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

/// Whether the principal covers the caller, and why.
fn principal_match(principal: &Principal, caller: &Caller) -> (bool, String) {
    match principal {
        Principal::Anyone => (
            true,
            match caller {
                Caller::Federated(_) | Caller::NoProvider { .. } => {
                    "`*`: anyone, including this token's holder".to_string()
                }
                Caller::Service(me) | Caller::Role { arn: me } => {
                    format!("`*`: anyone, including `{me}`")
                }
            },
        ),
        Principal::Named { federated, other } => match caller {
            Caller::Federated(me) => named_principal_match(federated, other, me),
            Caller::NoProvider { issuer } => no_provider_principal_match(federated, other, issuer),
            Caller::Service(me) => service_principal_match(federated, other, me),
            Caller::Role { arn } => role_principal_match(federated, other, arn),
        },
        Principal::NotPrincipal => (
            false,
            "`NotPrincipal` is not allowed in trust policies".to_string(),
        ),
        Principal::Missing => (false, "no usable `Principal`".to_string()),
    }
}

/// The values of one principal type (`AWS`, `Service`, …) in `other`.
fn principal_values<'a>(other: &'a [(String, Vec<String>)], kind: &str) -> Vec<&'a String> {
    other
        .iter()
        .filter(|(k, _)| k == kind)
        .flat_map(|(_, v)| v.iter())
        .collect()
}

/// What a principal names, for a sentence: "`Federated` `a`, `AWS` `b`", or "nothing".
fn principal_summary(federated: &[String], other: &[(String, Vec<String>)]) -> String {
    let mut parts = Vec::new();
    if !federated.is_empty() {
        parts.push(format!("`Federated` {}", backticked(federated)));
    }
    for (kind, values) in other {
        parts.push(format!("`{kind}` {}", backticked(values)));
    }
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(", ")
    }
}

/// A service principal (`pods.eks.amazonaws.com`) is covered only by `Service` naming it.
fn service_principal_match(
    federated: &[String],
    other: &[(String, Vec<String>)],
    me: &str,
) -> (bool, String) {
    let services = principal_values(other, "Service");
    if services.iter().any(|s| s.as_str() == me) {
        return (true, format!("`Service` includes `{me}`"));
    }
    let why = if let Some(close) = services.iter().find(|s| s.eq_ignore_ascii_case(me)) {
        format!(
            "`Service` has `{close}`, which differs from `{me}` only in letter case; write it exactly `{me}`"
        )
    } else {
        format!(
            "the principal names {}; the caller is the service principal `{me}`, matched only by `\"Service\": \"{me}\"`",
            principal_summary(federated, other)
        )
    };
    (false, why)
}

/// An IAM role's session is covered by `AWS` naming the role's ARN, its account's root, or the
/// account id.
fn role_principal_match(
    federated: &[String],
    other: &[(String, Vec<String>)],
    arn: &str,
) -> (bool, String) {
    let account = arn.split(':').nth(4).unwrap_or_default();
    let root = arn.split(':').take(2).collect::<Vec<_>>().join(":");
    let root = format!("{root}:iam::{account}:root");
    let aws = principal_values(other, "AWS");
    if let Some(hit) = aws.iter().find(|v| {
        v.as_str() == arn || v.as_str() == root || (!account.is_empty() && v.as_str() == account)
    }) {
        let what = if hit.as_str() == arn {
            "the role itself"
        } else {
            "the role's account (any principal there that its own policies allow)"
        };
        return (true, format!("`AWS` includes `{hit}`: {what}"));
    }
    (
        false,
        format!(
            "the principal names {}; the caller is the role `{arn}`, matched by `AWS` naming it, `{root}` or `{account}`",
            principal_summary(federated, other)
        ),
    )
}

/// A principal that names providers or accounts covers a web-identity caller only when
/// `Federated` names its provider exactly; otherwise, why not, from the closest miss to the
/// plainest.
fn named_principal_match(
    federated: &[String],
    other: &[(String, Vec<String>)],
    me: &str,
) -> (bool, String) {
    if federated.iter().any(|f| f == me) {
        return (true, format!("`Federated` includes `{me}`"));
    }
    let why = if let Some(close) = federated.iter().find(|f| f.eq_ignore_ascii_case(me)) {
        format!(
            "`Federated` has `{close}`, which differs from `{me}` only in letter case; ARNs and provider URLs are case-sensitive"
        )
    } else if let Some(arn) = builtin_named_by_arn(federated, me) {
        // A built-in provider (Google, Cognito, …) is named bare; there is no IAM OIDC
        // provider for it (IAM UG id_roles_providers_create_oidc).
        format!(
            "`Federated` names the IAM OIDC provider ARN `{arn}`, but `{me}` is a built-in provider: the policy must name it bare (`\"Federated\": \"{me}\"`), and no IAM OIDC provider should exist for it"
        )
    } else if federated.is_empty() {
        let kinds: Vec<&str> = other.iter().map(|(k, _)| k.as_str()).collect();
        let named = if kinds.is_empty() {
            "nothing".to_string()
        } else {
            backticked(&kinds)
        };
        format!(
            "the principal names {named} but no `Federated` provider; a web-identity token is matched only by `Federated` (`{me}`)"
        )
    } else {
        format!(
            "`Federated` is {}; the token's provider is `{me}`",
            backticked(federated)
        )
    };
    (false, why)
}

/// A web-identity caller whose issuer IAM cannot hold a provider for ([`Caller::NoProvider`]):
/// no principal naming providers or accounts covers it, and no ARN is named as its provider.
fn no_provider_principal_match(
    federated: &[String],
    other: &[(String, Vec<String>)],
    issuer: &str,
) -> (bool, String) {
    let named = if federated.is_empty() {
        let kinds: Vec<&str> = other.iter().map(|(k, _)| k.as_str()).collect();
        if kinds.is_empty() {
            "the principal names nothing".to_string()
        } else {
            format!(
                "the principal names {} but no `Federated` provider",
                backticked(&kinds)
            )
        }
    } else {
        format!("`Federated` is {}", backticked(federated))
    };
    let why = if issuer.is_empty() {
        "the token has no `iss`, so IAM holds no OIDC provider for it".to_string()
    } else {
        format!(
            "the token's issuer `{issuer}` is not an https URL, so IAM holds no OIDC provider for it"
        )
    };
    (
        false,
        format!("{named}; {why} and the token has no provider ARN to match"),
    )
}

/// The IAM OIDC provider ARN in `federated` whose host is `caller`, when the caller is a
/// built-in provider (named bare, not by ARN).
fn builtin_named_by_arn<'a>(federated: &'a [String], caller: &str) -> Option<&'a String> {
    federated.iter().find(|f| {
        !caller.starts_with("arn:")
            && f.strip_prefix("arn:")
                .and_then(|rest| rest.split_once(":oidc-provider/"))
                .is_some_and(|(_, host)| host == caller)
    })
}

/// The items in backticks, joined by `, `.
fn backticked<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|k| format!("`{}`", k.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `Action`/`NotAction` covers `action` (case-insensitive wildcards), and why.
fn action_match(actions: &Actions, action: &str) -> (bool, String) {
    match actions {
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
    }
}

/// Why a `${key}` policy variable could not be substituted
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SubstitutionError {
    /// The key is multivalued: variables work only with single-valued keys.
    MultiValued {
        /// The key.
        key: String,
    },
    /// The key's value depends on the caller's request.
    Unknown {
        /// The key.
        key: String,
        /// What it depends on.
        reason: String,
    },
    /// The key is absent and the variable has no default.
    Absent {
        /// The key.
        key: String,
    },
}

impl SubstitutionError {
    /// True when the value is unknown rather than matching nothing.
    fn unknown(&self) -> bool {
        matches!(self, SubstitutionError::Unknown { .. })
    }
}

impl std::fmt::Display for SubstitutionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SubstitutionError::MultiValued { key } => write!(
                f,
                "`${{{key}}}` is a multivalued key; policy variables work only with single-valued keys, so the value does not match"
            ),
            SubstitutionError::Unknown { key, reason } => {
                write!(f, "`${{{key}}}` depends on {reason}")
            }
            SubstitutionError::Absent { key } => write!(
                f,
                "`${{{key}}}` is not in the request context, so the condition value does not match"
            ),
        }
    }
}

/// Substitutes `${key}`, `${key, 'default'}`, `${*}`, `${?}` and `${$}` in a policy value.
/// Returns `Ok(None)` when there is nothing to substitute. Wildcards produced by `${*}` and
/// `${?}` are literal, so the result is returned as pattern pieces.
fn substitute(
    value: &str,
    ctx: &dyn Context,
) -> Result<Option<Vec<pattern::Piece>>, SubstitutionError> {
    if !value.contains("${") {
        return Ok(None);
    }
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.extend(pattern::compile(rest.get(..start).unwrap_or_default()));
        let after = rest.get(start.saturating_add(2)..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            out.extend(pattern::compile(rest.get(start..).unwrap_or_default()));
            rest = "";
            break;
        };
        let inner = after.get(..end).unwrap_or_default().trim();
        rest = after.get(end.saturating_add(1)..).unwrap_or_default();
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
                        return Err(SubstitutionError::MultiValued {
                            key: key.to_string(),
                        });
                    }
                    ContextValue::Unknown { reason } => {
                        return Err(SubstitutionError::Unknown {
                            key: key.to_string(),
                            reason,
                        });
                    }
                    ContextValue::Absent { .. } => match default {
                        Some(d) => out.extend(d.chars().map(pattern::Piece::Lit)),
                        None => {
                            return Err(SubstitutionError::Absent {
                                key: key.to_string(),
                            });
                        }
                    },
                }
            }
        }
    }
    out.extend(pattern::compile(rest));
    Ok(Some(out))
}

pub(super) fn literal(pieces: &[pattern::Piece]) -> String {
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
pub(super) struct PolicyValue {
    pub(super) text: String,
    pub(super) pieces: Vec<pattern::Piece>,
    /// Set when substitution failed: the value can match nothing (or depends on the unknown).
    pub(super) failed: Option<SubstitutionError>,
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
                Err(why) => PolicyValue {
                    text: v.clone(),
                    pieces: Vec::new(),
                    failed: Some(why),
                },
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
        return decide_null(context, values);
    }
    let (actual, multi) = match context {
        ContextValue::Unknown { reason } => {
            return (Tri::Unknown, format!("the key's value depends on {reason}"));
        }
        ContextValue::Absent { .. } => return absent_key(op),
        ContextValue::Present { values, multi, .. } => (values, *multi),
    };
    let combined = combine(op, actual, values);
    let explanation = explain(op, combined, actual, multi, values);
    (combined, explanation)
}

/// `Null`: `true` asks for an absent key, `false` for a present one.
fn decide_null(context: &ContextValue, values: &[PolicyValue]) -> (Tri, String) {
    let want_absent = values.iter().any(|v| v.text.eq_ignore_ascii_case("true"));
    match context {
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
    }
}

/// A key missing from the request: set operators, `IfExists` and negation decide.
fn absent_key(op: &Operator) -> (Tri, String) {
    match (op.set, op.if_exists, op.negated) {
        // With a set operator `IfExists` acts per value inside the set loop, so it changes nothing
        // for an absent key (IAM UG reference_policies_multi-value-conditions).
        (Some(SetOp::ForAllValues), if_exists, _) => (
            Tri::True,
            format!(
                "the key is absent, and `ForAllValues` over an empty set is true{} — with Allow this lets any token in",
                if if_exists {
                    " (with or without `IfExists`)"
                } else {
                    ""
                }
            ),
        ),
        (Some(SetOp::ForAnyValue), if_exists, _) => (
            Tri::False,
            format!(
                "the key is absent, and `ForAnyValue` over an empty set is false{}",
                if if_exists {
                    " (`IfExists` does not change that: it acts per value, and there is none)"
                } else {
                    ""
                }
            ),
        ),
        (None, true, _) => (
            Tri::True,
            "the key is absent, and `IfExists` makes a missing key pass".to_string(),
        ),
        (None, false, true) => (
            Tri::True,
            "the key is absent; a negated operator is true for a missing key".to_string(),
        ),
        (None, false, false) => (
            Tri::False,
            "the key is absent; a positive operator is false for a missing key".to_string(),
        ),
    }
}

/// Each request value against the policy's values (OR; NOR when negated), combined across the
/// request's values by the set operator (any value without one).
fn combine(op: &Operator, actual: &[String], values: &[PolicyValue]) -> Tri {
    let one = |a: &str| -> Tri {
        // Positive match of one request value against the policy's values (OR).
        let mut any_unknown = false;
        for v in values {
            if let Some(why) = &v.failed {
                any_unknown |= why.unknown();
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
    if results.is_empty() {
        match op.set {
            Some(SetOp::ForAllValues) => Tri::True,
            _ => Tri::False,
        }
    } else {
        combined
    }
}

/// What the condition compared and why it came out `combined`, with hints for near misses.
fn explain(
    op: &Operator,
    combined: Tri,
    actual: &[String],
    multi: bool,
    values: &[PolicyValue],
) -> String {
    let shown = |a: &[String]| {
        a.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
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
    if let Some(why) = values.iter().find_map(|v| v.failed.as_ref()) {
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
    explanation
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
    use crate::core::policy::parse_operator;

    #[test]
    fn named_principal_match_table_explains_each_miss() {
        let caller = "accounts.google.com";
        let google_arn = "arn:aws:iam::111122223333:oidc-provider/accounts.google.com";
        let cases: [(&[&str], &[&str], bool, &str); 5] = [
            (&["accounts.google.com"], &[], true, "`Federated` includes"),
            (&["Accounts.Google.com"], &[], false, "only in letter case"),
            (&[google_arn], &[], false, "is a built-in provider"),
            (
                &[],
                &[],
                false,
                "the principal names nothing but no `Federated`",
            ),
            (
                &["a", "b"],
                &["AWS"],
                false,
                "`Federated` is `a`, `b`; the token's",
            ),
        ];
        for (federated, kinds, want, text) in cases {
            let federated: Vec<String> = federated.iter().map(|f| f.to_string()).collect();
            let other: Vec<(String, Vec<String>)> =
                kinds.iter().map(|k| (k.to_string(), Vec::new())).collect();
            let (ok, why) = named_principal_match(&federated, &other, caller);
            assert_eq!(ok, want, "{federated:?}: {why}");
            assert!(why.contains(text), "{federated:?}: {why}");
        }
    }

    #[test]
    fn absent_key_table_ifexists_beside_set_operator_changes_nothing() {
        let cases = [
            ("ForAnyValue:StringLike", Tri::False),
            ("ForAnyValue:StringLikeIfExists", Tri::False),
            ("ForAllValues:StringLike", Tri::True),
            ("ForAllValues:StringLikeIfExists", Tri::True),
            ("StringLikeIfExists", Tri::True),
            ("StringLike", Tri::False),
            ("StringNotLike", Tri::True),
        ];
        for (raw, want) in cases {
            let op = parse_operator(raw).unwrap();
            assert_eq!(absent_key(&op).0, want, "{raw}");
        }
    }
}
