//! One trust-policy condition as the core evaluated it ([`ConditionResult`]): operator, key, the
//! policy's values, what the request holds for the key (or why it is absent or unknown), the
//! result and why.
//!
//! [`ConditionResult`]: crate::core::policy::ConditionResult

use yew::prelude::*;

use crate::core::policy::{ConditionResult, ContextValue, Tri};

use super::format;

/// The condition, as a list item.
pub fn view(c: &ConditionResult) -> Html {
    let (class, label) = format::tri(c.result);
    let (policy_values, request_values, notes) = compared(c);
    let request = match &c.context {
        ContextValue::Present { source, .. } => html! {
            <>
                { request_values }
                <span class="small muted">{ " — from " }{ format::rich(source) }</span>
            </>
        },
        ContextValue::Absent { reason } => html! {
            <>
                <strong>{ "absent" }</strong>
                <span class="small">{ " — " }{ format::rich(&reason.to_string()) }</span>
            </>
        },
        ContextValue::Unknown { reason } => html! {
            <>
                <strong>{ "unknown" }</strong>
                <span class="small">{ " — depends on " }{ format::rich(reason) }</span>
            </>
        },
    };
    html! {
        <li class={classes!("condition", format!("row-{class}"))} data-result={format!("{:?}", c.result).to_lowercase()}>
            <p class="check-title">
                <span class={classes!("badge", class)}>{ label }</span>
                { " " }<code>{ c.operator.clone() }</code>{ " " }
                <bdi class="mono value condition-key">{ format::shown(&c.key) }</bdi>
            </p>
            <dl class="facts compact">
                <dt>{ "Policy values" }</dt>
                <dd>{ policy_values }</dd>
                if let Some(resolved) = &c.resolved_values {
                    <dt>{ "After ${…} substitution" }</dt>
                    <dd>{ format::values(resolved) }</dd>
                }
                <dt>{ "Request value" }</dt>
                <dd data-testid="condition-actual">{ request }</dd>
            </dl>
            <p class="small wrap">{ format::rich(&c.explanation) }</p>
            { for notes.iter().map(|n| html! {
                <p class="small wrap confusable-note" data-testid="confusable-note">
                    <strong>{ "Look-alike characters: " }</strong>{ format::rich(n) }
                </p>
            }) }
        </li>
    }
}

/// The policy's values and the request's, with the differing characters marked when one value
/// is compared with one (and the condition is false), and a sentence for every value with
/// invisible or look-alike characters.
fn compared(c: &ConditionResult) -> (Html, Html, Vec<String>) {
    use crate::core::confusable;
    let request: &[String] = match &c.context {
        ContextValue::Present { values, .. } => values,
        _ => &[],
    };
    let mut notes: Vec<String> = c
        .policy_values
        .iter()
        .filter_map(|v| confusable::describe("the policy's value", v))
        .collect();
    notes.extend(
        request
            .iter()
            .filter_map(|v| confusable::describe("the request's value", v)),
    );
    let diff = match (c.policy_values.as_slice(), request) {
        ([p], [r]) if c.result == Tri::False => confusable::differing(p, r),
        _ => None,
    };
    let one = |v: &String, range: Option<&std::ops::Range<usize>>| {
        html! { <bdi class="mono value">{ format::marked(v, range) }</bdi> }
    };
    let list = |values: &[String], range: Option<&std::ops::Range<usize>>| -> Html {
        if values.is_empty() {
            return html! { <span class="muted">{ "(none)" }</span> };
        }
        html! {
            { for values.iter().enumerate().map(|(i, v)| html! {
                <>
                    if i > 0 { { ", " } }
                    { one(v, range) }
                </>
            }) }
        }
    };
    (
        list(&c.policy_values, diff.as_ref().map(|d| &d.expected)),
        list(request, diff.as_ref().map(|d| &d.actual)),
        notes,
    )
}
