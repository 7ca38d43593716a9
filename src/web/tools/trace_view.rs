//! A [`trace`] report's steps (EKS Pod Identity, cluster sign-in): each with its status, checks
//! and fix, in the page's step layout.

use yew::prelude::*;

use super::super::check_item;
use super::super::format::rich;
use crate::core::trace::{Step, StepStatus};

/// The badge class and label of a status.
fn status(s: StepStatus) -> (&'static str, &'static str) {
    match s {
        StepStatus::Pass => ("status-pass", "✓ pass"),
        StepStatus::Warn => ("status-warn", "! warning"),
        StepStatus::Fail => ("status-fail", "✗ fail"),
        StepStatus::Undetermined => ("status-skipped", "? undetermined"),
        StepStatus::NotApplicable => ("status-skipped", "– not applicable"),
    }
}

/// The steps, numbered from 1.
pub fn steps(steps: &[Step]) -> Html {
    html! {
        <ol class="steps" data-testid="tool-steps">
            { for steps.iter().map(|s| {
                let (class, label) = status(s.status);
                html! {
                    <li class={classes!("step", format!("row-{class}"))} data-step={s.id} data-status={label}>
                        <p class="step-title">
                            <strong>{ rich(&s.title) }</strong>{ " " }
                            <span class={classes!("badge", class)}>{ label }</span>
                        </p>
                        <ul class="checks">{ for s.checks.iter().map(check_item::view) }</ul>
                        if let Some(fix) = &s.fix {
                            <p class="small wrap step-fix"><strong>{ "Fix: " }</strong>{ rich(fix) }</p>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}
