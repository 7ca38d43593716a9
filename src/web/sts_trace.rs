//! How STS decides, step by step, in pipeline order ([`StsReport::steps`]), the deciding step
//! highlighted, then the findings, caveats and assumptions.
//!
//! [`StsReport::steps`]: crate::core::sts::StsReport::steps

use yew::prelude::*;

use crate::core::report::Report;
use crate::core::sts::StepId;

use super::shared::Shared;
use super::step_view;
use super::sts_notes;

/// Properties of [`StsTrace`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The report; it has a simulation.
    pub report: Shared<Report>,
}

/// The trace.
#[component]
pub fn StsTrace(props: &Props) -> Html {
    let Some(sts) = props.report.sts.as_ref() else {
        return Html::default();
    };
    let deciding = sts
        .deciding_step
        .and_then(|d| sts.steps.iter().position(|s| s.id == d));
    html! {
        <section class="panel panel-trace" aria-labelledby="trace-heading" data-testid="sts-trace">
            <h2 id="trace-heading">{ "How STS decides, step by step" }</h2>
            <p class="small muted">
                { "Every step is evaluated, even after one fails, so that the next fix is in view; STS \
                   itself stops at the first failing one, and the steps after it are marked \
                   \"not reached by STS\"." }
            </p>
            <ol class="steps">
                { for sts.steps.iter().enumerate().map(|(i, step)| {
                    let evaluations: &[_] = if step.id == StepId::TrustPolicy {
                        &sts.policy_evaluations
                    } else {
                        &[]
                    };
                    let place = match deciding {
                        Some(d) if d == i => step_view::Place::Deciding,
                        Some(d) if i > d => step_view::Place::NotReached,
                        _ => step_view::Place::Other,
                    };
                    step_view::view(step, i + 1, place, evaluations)
                }) }
            </ol>
            { sts_notes::view(&sts.findings, &sts.caveats, &sts.assumptions) }
        </section>
    }
}
