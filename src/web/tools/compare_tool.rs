//! "Compare two tokens": the page's token (A) and a second one (B) under the page's keys, trust
//! policy, settings and time ([`compare::compare`]): the claims aligned, each verdict, and the
//! difference that decides. The signatures are computed here ([`LocalMath`]): the tools module
//! is not the page's first load.

use std::rc::Rc;

use yew::prelude::*;

use super::super::format::{breakable, rich, shown};
use super::ToolInputs;
use super::fields::TextField;
use crate::core::answers::compare::{self, ClaimRow, ClaimStatus, Comparison, Side, Which};
use crate::core::crypto::LocalMath;

/// Properties of [`CompareTool`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's inputs.
    pub inputs: Rc<ToolInputs>,
}

/// The two tokens as typed.
#[derive(Debug, Clone, PartialEq)]
struct Tokens {
    a: String,
    b: String,
}

/// The comparison, once both tokens are given.
fn run(inputs: &ToolInputs, tokens: &Tokens) -> Option<Comparison> {
    if tokens.a.trim().is_empty() || tokens.b.trim().is_empty() {
        return None;
    }
    let mut session = inputs.session_inputs();
    session.token = tokens.a.clone();
    Some(compare::compare(&session, &tokens.b, &LocalMath))
}

/// The compare tool.
#[component]
pub fn CompareTool(props: &Props) -> Html {
    let tokens = use_state(|| Tokens {
        a: props.inputs.token.clone(),
        b: String::new(),
    });
    let comparison = use_memo(
        (Rc::clone(&props.inputs), (*tokens).clone()),
        |(inputs, tokens)| run(inputs, tokens),
    );
    let set = |f: fn(&mut Tokens, String)| {
        let tokens = tokens.clone();
        Callback::from(move |text: String| {
            let mut next = (*tokens).clone();
            f(&mut next, text);
            tokens.set(next);
        })
    };
    html! {
        <section class="panel" aria-labelledby="compare-heading" data-testid="tool-panel-compare">
            <h2 id="compare-heading" tabindex="-1" data-testid="tool-heading">{ "Compare two tokens" }</h2>
            <p class="small muted wrap" data-testid="compare-scope">
                { "Both tokens are checked with this page's keys, trust policy, request settings \
                   and evaluation time. Settings you typed on the page apply to both; the provider \
                   URL, which the page takes from its token's iss unless you typed one, follows \
                   each token's iss." }
            </p>
            { keys_note(&props.inputs) }
            <div class="compare-sides">
                <TextField id="compare-token-a" rows={5} label="Token A (from the page)"
                           value={tokens.a.clone()} on_input={set(|t, v| t.a = v)} />
                <TextField id="compare-token-b" rows={5} label="Token B"
                           placeholder="eyJhbGciOi… (e.g. the token that fails)"
                           value={tokens.b.clone()} on_input={set(|t, v| t.b = v)} />
            </div>
            { match &*comparison {
                None => html! {
                    <p class="small muted">{ "Give both tokens to compare them." }</p>
                },
                Some(c) => comparison_view(c),
            } }
        </section>
    }
}

/// Which keys check the signatures: the keys box's, the documents the page uses (the example's,
/// fetched or a link's; only for tokens of the issuer they were read for), or none.
fn keys_note(inputs: &ToolInputs) -> Html {
    // The page hands documents over only when its keys box does not give the keys.
    let documents = inputs.documents.as_ref().filter(|d| d.keys.is_some());
    if documents.is_none() && !inputs.keys.trim().is_empty() {
        return html! {
            <p class="small wrap" data-testid="compare-keys" data-keys="pasted">
                { "Signatures are checked with the keys in the page's keys box." }
            </p>
        };
    }
    match documents {
        Some(d) => {
            let whence = if d.is_example() {
                "the built-in example's keys".to_string()
            } else {
                format!("the keys the page read from {}", shown(&d.keys_origin))
            };
            html! {
                <p class="small wrap" data-testid="compare-keys" data-keys="documents">
                    { format!("Signatures are checked with {whence}, for tokens of the issuer they \
                               belong to, as on the page.") }
                </p>
            }
        }
        _ => html! {
            <p class="small wrap" data-testid="compare-no-keys" data-keys="none">
                { "The page has no keys for this token: signatures are not checked here. Fetch the \
                   issuer's keys on the page, or paste its JWKS in the keys box, then open this \
                   tool again." }
            </p>
        },
    }
}

fn which(w: Option<Which>) -> &'static str {
    match w {
        Some(Which::A) => "a",
        Some(Which::B) => "b",
        None => "none",
    }
}

fn comparison_view(c: &Comparison) -> Html {
    let d = &c.deciding;
    html! {
        <div data-testid="compare-report">
            <div class="callout compare-deciding" data-testid="compare-deciding"
                 data-better={which(d.better)} data-step={d.step.map(|s| s.as_str()).unwrap_or_default()}
                 data-claim={d.claim.clone().unwrap_or_default()}>
                <p class="verdict-headline" role="status" aria-atomic="true">
                    { match d.better {
                        Some(Which::A) => "Token A fares better",
                        Some(Which::B) => "Token B fares better",
                        None => "Both get the same verdict",
                    } }
                </p>
                <p class="wrap"><strong>{ "What decides: " }</strong>{ rich(&d.sentence) }</p>
            </div>
            <div class="compare-sides">
                { side("a", "Token A", &c.a) }
                { side("b", "Token B", &c.b) }
            </div>
            { claims_table(&c.claims) }
        </div>
    }
}

fn side(id: &'static str, title: &'static str, s: &Side) -> Html {
    let v = &s.verdict;
    let outcome = v.outcome.map(|o| o.as_str()).unwrap_or("none");
    html! {
        <div class={classes!("verdict", format!("verdict-{outcome}"))}
             data-testid={format!("compare-verdict-{id}")} data-outcome={outcome}
             data-error-code={v.error_code.unwrap_or_default()}
             data-failure-mode={v.failure_mode.map(|m| m.id()).unwrap_or_default()}>
            <h3>{ title }</h3>
            if let Some(e) = &v.decode_error {
                <p class="wrap" data-testid={format!("compare-decode-error-{id}")}>
                    <strong>{ "Does not decode: " }</strong>{ rich(e) }
                </p>
            }
            if let Some(o) = v.outcome {
                <p><strong>{ "Outcome: " }</strong><span class="badge">{ o.as_str() }</span></p>
            }
            if let Some(code) = v.error_code {
                <p><strong>{ "Error: " }</strong><code>{ code }</code></p>
            }
            if let Some(m) = v.failure_mode {
                <p class="wrap"><strong>{ "Failure mode: " }</strong>{ rich(m.title()) }</p>
            }
            if let Some(summary) = &v.summary {
                <p class="small wrap">{ rich(summary) }</p>
            }
        </div>
    }
}

/// (`data-status`, the words shown, the row's class).
fn status(s: ClaimStatus) -> (&'static str, &'static str, Option<&'static str>) {
    match s {
        ClaimStatus::Same => ("same", "= same", None),
        ClaimStatus::Different => ("different", "≠ differs", Some("row-status-warn")),
        ClaimStatus::OnlyA => ("only_a", "only in A", Some("row-status-warn")),
        ClaimStatus::OnlyB => ("only_b", "only in B", Some("row-status-warn")),
    }
}

fn value(v: Option<&String>) -> Html {
    match v {
        Some(v) => html! { <span class="mono wrap">{ breakable(&shown(v)) }</span> },
        None => html! { <span class="muted">{ "(absent)" }</span> },
    }
}

fn claims_table(rows: &[ClaimRow]) -> Html {
    html! {
        <div class="table-wrap">
        <table class="claims compare-claims" data-testid="compare-claims">
            <caption>{ "Claims, side by side" }</caption>
            <thead><tr>
                <th scope="col">{ "Claim" }</th><th scope="col">{ "Token A" }</th>
                <th scope="col">{ "Token B" }</th><th scope="col">{ "Status" }</th>
            </tr></thead>
            <tbody>
                { for rows.iter().map(|r| {
                    let (data, words, class) = status(r.status);
                    html! {
                        <tr class={classes!(class)} data-claim={r.name.clone()} data-status={data}>
                            <th scope="row" data-label="Claim" class="mono wrap">{ shown(&r.name) }</th>
                            <td data-label="Token A">{ value(r.a.as_ref()) }</td>
                            <td data-label="Token B">{ value(r.b.as_ref()) }</td>
                            <td data-label="Status"><span class="badge">{ words }</span></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </div>
    }
}
