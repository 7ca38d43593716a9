//! The trust policy's answer for one action ([`ActionEvaluation`]): the decision, the statements
//! that decided it, and every statement.
//!
//! [`ActionEvaluation`]: crate::core::policy::ActionEvaluation

use yew::prelude::*;

use crate::core::policy::ActionEvaluation;

use super::format;
use super::statement_view;

/// The evaluation.
pub fn view(e: &ActionEvaluation) -> Html {
    let (class, label) = format::decision(e.decision);
    let deciding: Vec<String> = e
        .deciding
        .iter()
        .filter_map(|i| e.statements.iter().find(|s| s.index == *i))
        .map(|s| s.label.clone())
        .collect();
    html! {
        <div class="evaluation" data-action={e.action.clone()}>
            <p class="evaluation-title">
                { "Trust policy for " }<code>{ e.action.clone() }</code>{ ": " }
                <span class={classes!("badge", class)}>{ label }</span>
            </p>
            if !deciding.is_empty() {
                <p class="small wrap" data-testid="deciding-statements">
                    { "Decided by " }{ format::rich(&deciding.join(", ")) }
                </p>
            }
            <ol class="statements">
                { for e.statements.iter().map(|s| statement_view::view(s, e.deciding.contains(&s.index))) }
            </ol>
        </div>
    }
}
