//! "Paste an error": an STS, SDK or GitHub error text (or a CloudTrail event) named, with what
//! the text tells and its causes, most likely first ([`error_text::diagnose_error`]).

use yew::prelude::*;

use super::super::format::rich;
use super::fields::TextField;
use super::mechanism_view::MechanismView;
use crate::core::answers::error_text::{self, ErrorDiagnosis};

/// The error tool.
#[component]
pub fn ErrorTool() -> Html {
    let text = use_state(String::new);
    let diagnosis = use_memo((*text).clone(), |t| {
        (!t.trim().is_empty()).then(|| error_text::diagnose_error(t).map_err(|e| e.to_string()))
    });
    let on_input = {
        let text = text.clone();
        Callback::from(move |t: String| text.set(t))
    };
    html! {
        <section class="panel" aria-labelledby="error-heading" data-testid="tool-panel-error">
            <h2 id="error-heading" tabindex="-1" data-testid="tool-heading">{ "Paste an error" }</h2>
            <TextField id="error-input" rows={6} value={(*text).clone()} {on_input}
                       label="An error message, a log excerpt or a CloudTrail event (JSON)"
                       placeholder="An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: …" />
            // An error message is no token or policy: the mechanism is said only for text it
            // recognises (a token or a policy pasted here).
            if !text.trim().is_empty() {
                <MechanismView text={(*text).clone()} only_when_recognised={true} />
            }
            { match &*diagnosis {
                None => html! {},
                Some(Err(why)) => html! {
                    <p class="field-error wrap" role="alert" data-testid="error-diagnosis-error">{ rich(why) }</p>
                },
                Some(Ok(d)) => diagnosis_view(d),
            } }
        </section>
    }
}

fn diagnosis_view(d: &ErrorDiagnosis) -> Html {
    let named = match &d.error {
        Some(e) => html! {
            <div class="callout" data-testid="error-named"
                 data-code={e.code.unwrap_or_default()}>
                <p><strong>{ e.code.map(|c| format!("{c} — ")).unwrap_or_default() }{ rich(e.title) }</strong></p>
                if let Some(m) = &e.message {
                    <p class="small wrap">{ "Message: " }<span class="mono">{ m.clone() }</span></p>
                }
                if let Some(m) = e.aws_message.as_ref().filter(|m| Some(*m) != e.message.as_ref()) {
                    <p class="small wrap">{ "AWS's message: " }<span class="mono">{ m.clone() }</span></p>
                }
                <p class="small">{ "From: " }{ e.origin_text }</p>
            </div>
        },
        // The core's note says what to paste instead.
        None => html! {
            <p class="wrap" data-testid="error-named"><strong>{ "Error not recognised" }</strong></p>
        },
    };
    html! {
        <>
            { named }
            { facts(d) }
            if !d.causes.is_empty() {
                <h3>{ "Causes, most likely first" }</h3>
                <ol data-testid="error-causes">
                    { for d.causes.iter().map(|c| html! {
                        <li class="wrap">
                            <strong>{ rich(&c.title) }</strong>
                            <p class="small">{ "Decided by " }{ rich(&c.decided_by_text) }</p>
                            if !c.evidence.is_empty() {
                                <ul class="small">
                                    { for c.evidence.iter().map(|e| html! { <li class="wrap">{ "Evidence: " }{ rich(e) }</li> }) }
                                </ul>
                            }
                        </li>
                    }) }
                </ol>
            }
            { for d.notes.iter().map(|n| html! { <p class="small muted wrap">{ rich(n) }</p> }) }
        </>
    }
}

fn facts(d: &ErrorDiagnosis) -> Html {
    let known = d.facts.known();
    if known.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3>{ "What the text tells" }</h3>
            <div class="table-wrap">
            <table data-testid="error-facts">
                <tbody>
                    { for known.into_iter().map(|(k, v)| html! {
                        <tr><th scope="row">{ k }</th><td class="mono wrap">{ v }</td></tr>
                    }) }
                </tbody>
            </table>
            </div>
        </>
    }
}
