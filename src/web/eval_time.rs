//! The evaluation time: a text field accepting unix seconds or RFC 3339, a "Now" button, the
//! instant in effect, and the token's life as a timeline with the evaluation time movable on it.

use yew::prelude::*;

use crate::core::claims::Times;
use crate::core::timefmt;

use super::events;
use super::state::EvalTime;
use super::timeline;

/// Properties of [`EvalTimeControl`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The typed text and the instant in effect.
    pub eval: EvalTime,
    /// The viewer's offset from UTC in minutes.
    pub offset_minutes: i32,
    /// The text changed.
    pub on_input: Callback<String>,
    /// "Now".
    pub on_now: Callback<()>,
    /// The token's times and its `warnafter`, when a token is there.
    #[prop_or_default]
    pub times: Option<(Times, Option<i64>)>,
    /// The timeline's slider moved the evaluation time to this instant.
    pub on_at: Callback<i64>,
}

/// The evaluation time control.
#[component]
pub fn EvalTimeControl(props: &Props) -> Html {
    let oninput = events::on_text(&props.on_input);
    let on_now = props.on_now.reform(|_: MouseEvent| ());
    let at = props.eval.at;
    html! {
        <section class="panel panel-eval" aria-labelledby="eval-heading">
            <h2 id="eval-heading">{ "Evaluation time" }</h2>
            <label for="eval-time">
                { "Check the token as of (unix seconds or RFC 3339, e.g. 2026-11-20T10:00:00Z)" }
            </label>
            <div class="input-row">
                <input
                    id="eval-time"
                    data-testid="eval-time"
                    class="mono"
                    type="text"
                    inputmode="text"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="eval-time-parsed"
                    aria-invalid={props.eval.error.is_some().then_some("true")}
                    value={props.eval.text.clone()}
                    {oninput}
                />
                <button type="button" class="secondary" data-testid="eval-now" onclick={on_now}>
                    { "Now" }
                </button>
            </div>
            if let Some(error) = props.eval.error.clone() {
                <p class="field-error" role="alert" data-testid="eval-time-error">
                    { error }{ "; still evaluating at the instant below." }
                </p>
            }
            <p id="eval-time-parsed" class="small" data-testid="eval-time-parsed" data-unix={at.to_string()}>
                { "Evaluating at " }<strong>{ timefmt::format_utc(at) }</strong>
                { " · local " }{ timefmt::format_local(at, props.offset_minutes) }
                { " · unix " }<span class="mono">{ at.to_string() }</span>
            </p>
            if let Some((times, warn_after)) = &props.times {
                { timeline::view(times, *warn_after, &props.on_at) }
            }
        </section>
    }
}
