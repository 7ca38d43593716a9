//! The STS pipeline at a glance: one strip of steps, each drawn as an inline SVG mark (pass, fail,
//! not reached, not run) and linking to its detail in the step-by-step trace.
//!
//! "Not reached": STS stops at the first failing step, so the steps after the deciding one are
//! not reached, whatever they would say (the trace and "then also" show them). "Not run": the
//! page could not check the step with what it was given (e.g. no keys).

use yew::prelude::*;

use crate::core::finding::CheckStatus;
use crate::core::sts::{StepId, StsReport};

/// Where a step stands in the strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Pass,
    Fail,
    /// After the deciding step, with the step's own result (the trace shows it too).
    NotReached(CheckStatus),
    NotRun,
}

impl Mark {
    fn of(status: CheckStatus, after_deciding: bool) -> Mark {
        match status {
            _ if after_deciding => Mark::NotReached(status),
            CheckStatus::Pass | CheckStatus::Warn => Mark::Pass,
            CheckStatus::Fail => Mark::Fail,
            CheckStatus::Skipped => Mark::NotRun,
        }
    }

    /// (`data-mark`, words for assistive technology and the tooltip)
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Mark::Pass => ("pass", "passes"),
            Mark::Fail => ("fail", "fails"),
            // Its own result too, so that the strip never seems to contradict the panels.
            Mark::NotReached(CheckStatus::Pass | CheckStatus::Warn) => (
                "not-reached",
                "not reached: STS stops at the first failure (on its own, it passes)",
            ),
            Mark::NotReached(CheckStatus::Fail) => (
                "not-reached",
                "not reached: STS stops at the first failure (on its own, it fails too)",
            ),
            Mark::NotReached(CheckStatus::Skipped) => (
                "not-reached",
                "not reached: STS stops at the first failure (not run here either)",
            ),
            Mark::NotRun => ("not-run", "not run: not enough input to check it"),
        }
    }

    /// The mark: a filled circle with a tick or a cross, a hollow circle, or a dashed one.
    fn svg(self) -> Html {
        let (circle, glyph) = match self {
            Mark::Pass => (
                html! { <circle cx="10" cy="10" r="9" class="mark-fill" /> },
                html! { <path d="M5.5 10.5l3 3 6-7" class="mark-glyph" /> },
            ),
            Mark::Fail => (
                html! { <circle cx="10" cy="10" r="9" class="mark-fill" /> },
                html! { <path d="M6.5 6.5l7 7M13.5 6.5l-7 7" class="mark-glyph" /> },
            ),
            Mark::NotReached(_) => (
                html! { <circle cx="10" cy="10" r="8" class="mark-ring" /> },
                Html::default(),
            ),
            Mark::NotRun => (
                html! { <circle cx="10" cy="10" r="8" class="mark-ring mark-dashed" /> },
                html! { <path d="M6 10h8" class="mark-glyph-muted" /> },
            ),
        };
        html! {
            <svg class="mark" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
                { circle }{ glyph }
            </svg>
        }
    }
}

/// A step's name in the strip.
fn label(id: StepId) -> &'static str {
    match id {
        StepId::Request => "Request",
        StepId::Provider => "Provider",
        StepId::Audience => "Audience",
        StepId::Signature => "Signature",
        StepId::Time => "Times",
        StepId::TrustPolicy => "Trust policy",
        StepId::Session => "Session",
    }
}

/// Moves the focus to a step's detail without touching the address bar (it may hold a share
/// link).
fn go_to(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(step) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("step-{id}")))
            .and_then(|el| {
                wasm_bindgen_futures::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
                    .ok()
            })
        {
            // A folded step opens: the link promises its detail.
            if let Ok(Some(details)) = step.query_selector("details.step-body") {
                let _ = details.set_attribute("open", "");
            }
            step.scroll_into_view();
            let _ = step.focus();
        }
    })
}

/// The strip.
pub fn view(sts: &StsReport) -> Html {
    let deciding = sts
        .deciding_step
        .and_then(|d| sts.steps.iter().position(|s| s.id == d));
    html! {
        <ol class="pipeline" aria-label="The STS pipeline, step by step" data-testid="sts-strip">
            { for sts.steps.iter().enumerate().map(|(i, step)| {
                let mark = Mark::of(step.status, deciding.is_some_and(|d| i > d));
                let (name, words) = mark.describe();
                let id = step.id.as_str();
                html! {
                    <li class={classes!("pipeline-step", format!("mark-{name}"))} data-strip-step={id} data-mark={name}>
                        <a href={format!("#step-{id}")} onclick={go_to(id)} title={format!("{}: {words}", step.title)}>
                            { mark.svg() }
                            <span class="pipeline-label">{ label(step.id) }</span>
                            <span class="visually-hidden">{ format!(": {words}") }</span>
                        </a>
                    </li>
                }
            }) }
        </ol>
    }
}
