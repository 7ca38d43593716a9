//! Turning the policy evaluator's answer for one action into a trace step: the principal, each
//! condition of the statements that decided (expected vs actual), and the decision.

use crate::core::finding::{Check, CheckStatus};
use crate::core::policy::{
    ActionEvaluation, ConditionResult, ContextValue, Decision, Effect, StatementResult, Tri,
};
use crate::core::trace::Step;

/// The statements whose principal and action match (the ones conditions can still decide).
fn candidates(e: &ActionEvaluation) -> Vec<&StatementResult> {
    e.statements
        .iter()
        .filter(|s| s.principal.0 && s.action.0)
        .collect()
}

/// What the request holds for a condition's key, in words.
pub(super) fn context_text(c: &ContextValue) -> String {
    match c {
        ContextValue::Present { values, .. } => values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Absent { reason } => format!("absent: {reason}"),
        ContextValue::Unknown { reason } => format!("unknown: depends on {reason}"),
    }
}

fn condition_check(
    st: &StatementResult,
    c: &ConditionResult,
    fix: &dyn Fn(&ConditionResult) -> String,
) -> Check {
    let status = match c.result {
        Tri::True => CheckStatus::Pass,
        Tri::False => CheckStatus::Fail,
        Tri::Unknown => CheckStatus::Skipped,
    };
    let expected = c
        .resolved_values
        .as_ref()
        .unwrap_or(&c.policy_values)
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let check = Check::new(
        "policy.condition",
        format!("{}: `{}` `{}`", st.label, c.operator, c.key),
        status,
        c.explanation.clone(),
    )
    .compare(expected, context_text(&c.context));
    if status == CheckStatus::Pass {
        check
    } else {
        check.fix(fix(c))
    }
}

/// The step for one action: every condition of the statements that decide it, then the decision.
pub(super) fn action_step(
    id: &'static str,
    title: &str,
    e: &ActionEvaluation,
    caller: &str,
    fix: &dyn Fn(&ConditionResult) -> String,
    deny_fix: &str,
) -> Step {
    let mut checks = Vec::new();
    let shown: Vec<&StatementResult> = match e.decision {
        Decision::Allow | Decision::Unknown => e
            .statements
            .iter()
            .filter(|s| e.deciding.contains(&s.index))
            .collect(),
        Decision::ImplicitDeny => candidates(e)
            .into_iter()
            .filter(|s| s.effect == Effect::Allow)
            .collect(),
        Decision::ExplicitDeny => Vec::new(),
    };
    for st in &shown {
        for c in &st.conditions {
            checks.push(condition_check(st, c, fix));
        }
    }
    checks.push(decision_check(e, caller, deny_fix));
    Step::from_checks(id, title, checks)
}

/// The policy's decision on `e.action` as a check, with the statements that decided it.
fn decision_check(e: &ActionEvaluation, caller: &str, deny_fix: &str) -> Check {
    let labels = |idx: &[usize]| {
        e.statements
            .iter()
            .filter(|s| idx.contains(&s.index))
            .map(|s| s.label.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let check = |status, actual: String| {
        Check::new(
            "policy.decision",
            format!("the trust policy allows `{}`", e.action),
            status,
            actual,
        )
    };
    match e.decision {
        Decision::Allow => check(
            CheckStatus::Pass,
            format!("allowed by {}", labels(&e.deciding)),
        ),
        Decision::Unknown => check(
            CheckStatus::Skipped,
            format!(
                "depends on values not known here ({}); the conditions above say which",
                labels(&e.deciding)
            ),
        )
        .fix("give the missing values (see the conditions above), or decide with the caller's real request"),
        Decision::ExplicitDeny => check(
            CheckStatus::Fail,
            format!("explicitly denied by {}", labels(&e.deciding)),
        )
        .fix(format!(
            "narrow or remove the Deny in {} for `{caller}`",
            labels(&e.deciding)
        )),
        Decision::ImplicitDeny => check(CheckStatus::Fail, implicit_deny(e)).fix(deny_fix),
    }
}

/// Why no Allow statement matches: each one's first unmet element.
fn implicit_deny(e: &ActionEvaluation) -> String {
    let why: Vec<String> = e
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .map(|s| {
            let reason = if !s.principal.0 {
                format!("principal: {}", s.principal.1)
            } else if !s.action.0 {
                format!("action: {}", s.action.1)
            } else {
                "a condition does not match (see above)".to_string()
            };
            format!("{} — {reason}", s.label)
        })
        .collect();
    if why.is_empty() {
        "no Allow statement in the policy (implicit deny)".to_string()
    } else {
        format!(
            "no Allow statement matches (implicit deny): {}",
            why.join("; ")
        )
    }
}
