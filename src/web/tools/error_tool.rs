//! "Paste an error": an STS, SDK or GitHub error text (or a CloudTrail event) named, with what
//! the text tells and its causes, most likely first ([`error_text::diagnose_error`]). When the
//! page holds a token, the page's own diagnosis of it (its token, keys, policy, settings and time,
//! as [`super::compare_tool`] builds them) comes first: what it predicts, whether that agrees with
//! the pasted error, what differs, and the cause it found first in the list
//! ([`error_text::with_diagnosis`]). The signature is computed here ([`LocalMath`]).

use std::rc::Rc;

use yew::prelude::*;

use super::super::format::{breakable, rich, shown};
use super::ToolInputs;
use super::fields::TextField;
use super::mechanism_view::MechanismView;
use crate::core::answers::error_text::{self, ErrorDiagnosis, Holder, PageCheck};
use crate::core::crypto::LocalMath;
use crate::core::report::Report;
use crate::core::session;

/// Properties of [`ErrorTool`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's inputs.
    pub inputs: Rc<ToolInputs>,
}

/// The page's report for its token, when it has one that decodes.
fn page_report(inputs: &ToolInputs) -> Option<Rc<Report>> {
    if inputs.token.trim().is_empty() {
        return None;
    }
    session::analyze_with(&inputs.session_inputs(), &LocalMath).report()
}

/// The error tool.
#[component]
pub fn ErrorTool(props: &Props) -> Html {
    let text = use_state(String::new);
    let report = use_memo(Rc::clone(&props.inputs), |inputs| page_report(inputs));
    let diagnosis = use_memo(((*text).clone(), report.clone()), |(t, report)| {
        (!t.trim().is_empty()).then(|| {
            error_text::diagnose_error(t)
                .map(|d| match report.as_ref() {
                    Some(r) => error_text::with_diagnosis(d, r, Holder::Page),
                    None => d,
                })
                .map_err(|e| e.to_string())
        })
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
            if let Some(p) = &d.page {
                { page_view(p) }
            }
            { named }
            { facts(d) }
            if !d.causes.is_empty() {
                <h3>{ "Causes, most likely first" }</h3>
                <ol data-testid="error-causes">
                    { for d.causes.iter().map(|c| html! {
                        <li class="wrap" data-found-by-page={c.found_by_page.to_string()}>
                            if c.found_by_page {
                                <span class="badge">{ "found by the page's diagnosis" }</span>{ " " }
                            }
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

/// The page's own diagnosis of its token against the pasted error: one callout.
fn page_view(p: &PageCheck) -> Html {
    let predicted = match (p.outcome, p.predicted_code) {
        (_, Some(code)) => code.to_string(),
        (Some(o), None) => o.as_str().to_string(),
        (None, None) => "none".to_string(),
    };
    html! {
        <div class="callout" data-testid="error-page-diagnosis"
             data-agreement={p.agreement.as_str()} data-page-code={predicted}
             data-pasted-code={p.pasted_code.unwrap_or_default()}
             data-failure-mode={p.failure_mode.map(|m| m.id()).unwrap_or_default()}
             data-provider-assumed={p.provider_assumed.to_string()}>
            <p class="wrap" role="status"><strong>{ rich(&p.headline) }</strong></p>
            if let Some(code) = p.predicted_code {
                <p class="small wrap">{ "The page predicts: " }<code>{ code }</code>
                    if let Some(m) = &p.predicted_message {
                        { " — " }<span class="mono">{ shown(m) }</span>
                    }
                </p>
            }
            if let Some(m) = p.failure_mode {
                <p class="small wrap">{ "Cause found: " }{ rich(m.title()) }</p>
            }
            if let Some(s) = &p.summary {
                <p class="small wrap">{ rich(s) }</p>
            }
            if let Some(f) = &p.fix {
                <p class="small wrap">{ "Fix: " }{ rich(f) }</p>
            }
            if !p.differences.is_empty() {
                <div class="table-wrap">
                <table data-testid="error-page-differences">
                    <caption>{ "What differs between the text and the page" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Fact" }</th><th scope="col">{ "In the text" }</th>
                        <th scope="col">{ "On the page" }</th>
                    </tr></thead>
                    <tbody>
                        { for p.differences.iter().map(|f| html! {
                            <tr data-field={f.field.label()}>
                                <th scope="row">{ f.field.label() }</th>
                                <td class="mono wrap">{ breakable(&shown(&f.pasted)) }</td>
                                <td class="mono wrap">{ breakable(&shown(&f.diagnosed)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
            }
        </div>
    }
}
