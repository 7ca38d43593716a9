//! One step of the STS pipeline ([`Step`]): its status, the error it leads to, every check and
//! the fix; the trust-policy step also shows the policy's evaluation.
//!
//! [`Step`]: crate::core::sts::Step

use yew::prelude::*;

use crate::core::finding::CheckStatus;
use crate::core::policy::ActionEvaluation;
use crate::core::sts::Step;

use super::check_item;
use super::format;
use super::policy_evaluation;

/// Where a step stands against the verdict: the one that decides it, one STS never reaches
/// (after the deciding step: it stops there, whatever this step says), or neither.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Deciding,
    NotReached,
    Other,
}

/// The step, as a list item: its position from 1, its place against the verdict, and (for the
/// trust-policy step) the policy's evaluations.
pub fn view(s: &Step, number: usize, place: Place, evaluations: &[ActionEvaluation]) -> Html {
    let deciding = place == Place::Deciding;
    let (class, label) = format::check_status(s.status);
    let step_id = s.id.as_str();
    // A step that passed only confirms: its checks are one click away. A failing, warning or
    // undecided step, and the one that decides, stay open.
    let folded = s.status == CheckStatus::Pass && !deciding && evaluations.is_empty();
    let body = html! {
        <>
            if let Some(f) = &s.failure {
                <p class="small wrap">
                    { "Leads to " }<code>{ f.code }</code>{ format!(" (HTTP {})", f.http_status) }
                    if let Some(m) = f.mode {
                        { " · " }<span data-failure={m.id()}>{ m.title() }</span>
                    }
                </p>
            }
            <ul class="checks">
                { for s.checks.iter().map(check_item::view) }
            </ul>
            // A step's fix that one of its checks already gives is not said twice.
            if let Some(fix) = s.fix.as_ref().filter(|f| !s.checks.iter().any(|c| c.fix.as_ref() == Some(*f))) {
                <p class="small wrap step-fix"><strong>{ "Fix: " }</strong>{ format::rich(fix) }</p>
            }
            { for evaluations.iter().map(policy_evaluation::view) }
        </>
    };
    html! {
        <li id={format!("step-{step_id}")} tabindex="-1"
            class={classes!("step", format!("row-{class}"), deciding.then_some("deciding"))}
            data-step={step_id} data-status={label.to_string()} data-deciding={deciding.to_string()}
            data-reached={(place != Place::NotReached).to_string()}>
            <p class="step-title">
                <span class="step-number">{ format!("{}.", number) }</span>{ " " }
                <strong>{ s.title }</strong>{ " " }
                <span class={classes!("badge", class)}>{ label }</span>
                if deciding {
                    { " " }<span class="badge decides-verdict">{ "decides the verdict" }</span>
                }
                if place == Place::NotReached {
                    // Its own result, for the next fix; STS stopped before it.
                    { " " }<span class="badge not-reached" data-testid="step-not-reached">{ "not reached by STS" }</span>
                }
            </p>
            if folded {
                <details class="step-body" data-testid="step-details">
                    <summary class="small">{ format!("{} check{} passed", s.checks.len(), if s.checks.len() == 1 { "" } else { "s" }) }</summary>
                    { body }
                </details>
            } else {
                { body }
            }
        </li>
    }
}
