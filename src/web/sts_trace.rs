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
    html! {
        <section class="panel panel-trace" aria-labelledby="trace-heading" data-testid="sts-trace">
            <h2 id="trace-heading">{ "How STS decides, step by step" }</h2>
            <p class="small muted">
                { "Every step is evaluated, even after one fails; STS stops at the first failing one." }
            </p>
            <ol class="steps">
                { for sts.steps.iter().enumerate().map(|(i, step)| {
                    let evaluations: &[_] = if step.id == StepId::TrustPolicy {
                        &sts.policy_evaluations
                    } else {
                        &[]
                    };
                    step_view::view(step, i + 1, sts.deciding_step == Some(step.id), evaluations)
                }) }
            </ol>
            { sts_notes::view(&sts.findings, &sts.caveats, &sts.assumptions) }
        </section>
    }
}
