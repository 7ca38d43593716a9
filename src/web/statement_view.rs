//! One trust-policy statement as the core evaluated it ([`StatementResult`]): effect, whether the
//! principal and the action match and why, and every condition.
//!
//! [`StatementResult`]: crate::core::policy::StatementResult

use yew::prelude::*;

use crate::core::policy::{Effect, StatementResult};

use super::condition_view;
use super::format;

/// The statement, as a list item; `deciding` when it decided the outcome.
pub fn view(s: &StatementResult, deciding: bool) -> Html {
    let (applies_class, applies) = format::tri(s.applies);
    let effect = match s.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    let (p_class, p_label) = format::matched(s.principal.0);
    let (a_class, a_label) = format::matched(s.action.0);
    html! {
        <li class={classes!("statement", deciding.then_some("deciding"))}
            data-statement={s.index.to_string()} data-deciding={deciding.to_string()}>
            <p class="statement-title">
                <strong class="wrap">{ format::rich(&s.label) }</strong>{ " " }
                <span class="badge">{ effect }</span>{ " " }
                <span class={classes!("badge", applies_class)}>{ "applies: " }{ applies }</span>
                if deciding {
                    { " " }<span class="badge decides">{ "decides the outcome" }</span>
                }
            </p>
            <dl class="facts compact">
                <dt>{ "Principal" }</dt>
                <dd>
                    <span class={classes!("badge", p_class)}>{ p_label }</span>{ " " }
                    <span class="small wrap">{ format::rich(&s.principal.1) }</span>
                </dd>
                <dt>{ "Action" }</dt>
                <dd>
                    <span class={classes!("badge", a_class)}>{ a_label }</span>{ " " }
                    <span class="small wrap">{ format::rich(&s.action.1) }</span>
                </dd>
            </dl>
            if s.conditions.is_empty() {
                <p class="small muted">{ "No conditions." }</p>
            } else {
                <ul class="conditions" aria-label="Conditions">
                    { for s.conditions.iter().map(condition_view::view) }
                </ul>
            }
        </li>
    }
}
