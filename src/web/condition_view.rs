//! One trust-policy condition as the core evaluated it ([`ConditionResult`]): operator, key, the
//! policy's values, what the request holds for the key (or why it is absent or unknown), the
//! result and why.
//!
//! [`ConditionResult`]: crate::core::policy::ConditionResult

use yew::prelude::*;

use crate::core::policy::{ConditionResult, ContextValue};

use super::format;

/// The condition, as a list item.
pub fn view(c: &ConditionResult) -> Html {
    let (class, label) = format::tri(c.result);
    let request = match &c.context {
        ContextValue::Present { values, source, .. } => html! {
            <>
                { format::values(values) }
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
                <dd>{ format::values(&c.policy_values) }</dd>
                if let Some(resolved) = &c.resolved_values {
                    <dt>{ "After ${…} substitution" }</dt>
                    <dd>{ format::values(resolved) }</dd>
                }
                <dt>{ "Request value" }</dt>
                <dd data-testid="condition-actual">{ request }</dd>
            </dl>
            <p class="small wrap">{ format::rich(&c.explanation) }</p>
        </li>
    }
}
