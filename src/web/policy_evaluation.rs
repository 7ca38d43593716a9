//! The trust policy's answer for one action ([`ActionEvaluation`]): the decision, the statements
//! that decided it, and every statement.
//!
//! [`ActionEvaluation`]: crate::core::policy::ActionEvaluation

use yew::prelude::*;

use crate::core::policy::{ActionEvaluation, StatementResult};

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
    let (shown, folded) = split(e);
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
                { for shown.iter().map(|s| statement_view::view(s, e.deciding.contains(&s.index))) }
            </ol>
            if !folded.is_empty() {
                <details class="other-statements" data-testid="other-statements">
                    <summary>{ format!("{} other statement{} (another principal or action: {})",
                                       folded.len(), if folded.len() == 1 { "" } else { "s" },
                                       "they do not decide") }</summary>
                    <ol class="statements">
                        { for folded.iter().map(|s| statement_view::view(s, false)) }
                    </ol>
                </details>
            }
        </div>
    }
}

/// Statements beyond this many are folded when they cannot decide (their principal or action
/// does not cover the call).
const ALWAYS_SHOWN: usize = 5;

/// (shown, folded): the statements that decide or whose principal and action cover the call
/// stay in view; in a long policy the others are folded.
fn split(e: &ActionEvaluation) -> (Vec<&StatementResult>, Vec<&StatementResult>) {
    if e.statements.len() <= ALWAYS_SHOWN {
        return (e.statements.iter().collect(), Vec::new());
    }
    e.statements
        .iter()
        .partition(|s| e.deciding.contains(&s.index) || (s.principal.0 && s.action.0))
}
