//! The issuer's keys: "Fetch keys", what was fetched, the discovery checks, the paste box and
//! the keys in use.

use std::rc::Rc;

use yew::prelude::*;

use super::shared::Shared;

use crate::core::jwk::{KeyInput, KeyInputError};
use crate::core::oidc;
use crate::core::session::Analysis;

use super::format;
use super::state::FetchState;
use super::{discovery_checks, fetch_summary, jwks_paste, key_list};

/// Properties of [`KeysPanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The current analysis.
    pub analysis: Shared<Analysis>,
    /// The fetch state.
    pub fetch: FetchState,
    /// The paste box's text.
    pub pasted_text: AttrValue,
    /// What the core made of the paste box.
    pub pasted: Option<Rc<Result<KeyInput, KeyInputError>>>,
    /// "Fetch keys".
    pub on_fetch: Callback<()>,
    /// The paste box changed.
    pub on_paste: Callback<String>,
}

/// The keys panel.
#[component]
pub fn KeysPanel(props: &Props) -> Html {
    let analysis = &props.analysis;
    let loading = matches!(props.fetch, FetchState::Loading { .. });
    let iss = analysis.iss.clone();
    // While a fetch runs the button stays enabled (a disabled button loses keyboard focus) and
    // says it is busy; clicks are ignored.
    let onclick = {
        let on_fetch = props.on_fetch.clone();
        Callback::from(move |_: MouseEvent| {
            if !loading {
                on_fetch.emit(());
            }
        })
    };
    let what_is_fetched = match iss.as_deref().map(oidc::discovery_url) {
        None => html! {
            <p class="small muted" id="fetch-help">
                { "Fetching needs a token with an " }<code>{ "iss" }</code>
                { " claim. You can always paste the keys instead." }
            </p>
        },
        Some(Ok(url)) => html! {
            <p class="small muted" id="fetch-help">
                { "Fetches " }<span class="mono wrap">{ url }</span>
                { ", then the " }<code>{ "jwks_uri" }</code>
                { " it names, from your browser (no cookies, no referrer). Nothing named in the \
                   token header is ever fetched." }
            </p>
        },
        Some(Err(why)) => html! {
            <p class="small field-error wrap" id="fetch-help">{ why }</p>
        },
    };
    let report = analysis.report();
    let discovery = report.as_ref().and_then(|r| {
        let checks = r.discovery.as_ref()?;
        let source = analysis.discovery_from.as_ref().map(format::source)?;
        Some(discovery_checks::view(checks, source))
    });
    let keys = report.as_ref().and_then(|r| {
        let view = r.keys.as_ref()?;
        let (set, source) = analysis.keys.as_ref()?;
        let verified = r.signature.key.as_ref().map(|k| k.index);
        Some(key_list::view(view, set, verified, format::source(source)))
    });
    html! {
        <section class="panel panel-keys" aria-labelledby="keys-heading">
            <h2 id="keys-heading">{ "Issuer keys" }</h2>
            if let Some(iss) = iss.clone() {
                <p class="small">{ "Issuer (iss): " }<span class="mono wrap">{ iss }</span></p>
            }
            <div class="button-row">
                <button type="button" data-testid="fetch-keys" aria-describedby="fetch-help"
                        disabled={iss.is_none()} aria-disabled={loading.then_some("true")}
                        aria-busy={loading.then_some("true")} {onclick}>
                    { if loading { "Fetching…" } else { "Fetch keys" } }
                </button>
            </div>
            { what_is_fetched }
            { fetch_summary::view(&props.fetch, analysis.fetched_for_other_issuer.as_deref()) }
            { jwks_paste::view(&props.pasted_text, props.pasted.as_deref(), &props.on_paste) }
            { discovery.unwrap_or_default() }
            if let Some(keys) = keys {
                { keys }
            } else {
                <p class="small muted" data-testid="key-source">
                    { "No keys yet: fetch them or paste them to verify the signature." }
                </p>
            }
        </section>
    }
}
