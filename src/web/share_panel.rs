//! "Share this diagnosis": a link whose fragment (never sent to a server) carries what the core's
//! [`share::state_for`] keeps for the chosen mode. Making a link reads nothing from the network
//! and does not navigate; a full-token link of a token that can still be replayed needs an
//! explicit confirmation first.

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::shared::Shared;

use crate::core::session::Analysis;
use crate::core::share::{self, ShareInput, ShareMode};
use crate::core::timefmt;
use crate::core::verify::SignatureStatus;

use super::copy_button::{self, CopyButton};

/// Properties of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The current analysis.
    pub analysis: Shared<Analysis>,
    /// The policy text.
    pub policy: AttrValue,
    /// The evaluation time.
    pub at: i64,
    /// The browser's clock, unix seconds (for the default mode and the replay warning).
    pub now: i64,
}

/// The page's address without query or fragment.
fn page_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// The link for `mode`.
fn make_link(analysis: &Analysis, policy: &str, at: i64, mode: ShareMode) -> String {
    let report = analysis.report();
    let input = ShareInput {
        token: analysis.token.as_deref(),
        signature: report.as_ref().map(|r| &r.signature),
        keys: analysis.keys_text.as_ref().map(|(text, _)| &**text),
        keys_origin: analysis
            .keys_text
            .as_ref()
            .map(|(_, origin)| origin.as_str())
            .filter(|origin| !origin.is_empty()),
        discovery: analysis.discovery_text.as_deref(),
        discovery_origin: analysis.discovery_origin.as_deref(),
        policy: Some(policy),
        request: report.as_ref().map(|r| &r.request),
        at,
        fetch_failure: analysis.fetch_failure.as_ref(),
    };
    let fragment = share::encode(&share::state_for(&input, mode));
    format!("{}#{fragment}", page_address())
}

/// The share panel.
#[component]
pub fn SharePanel(props: &Props) -> Html {
    let chosen = use_state(|| None::<ShareMode>);
    let confirming = use_state(|| false);
    let link = use_state(|| None::<String>);
    let copied = use_state(|| None::<bool>);
    let url_ref = use_node_ref();
    let button_ref = use_node_ref();
    {
        // Focus the new link (it is selected on focus): the confirm button that made it is gone.
        let url_ref = url_ref.clone();
        use_effect_with((*link).clone(), move |made| {
            if made.is_some()
                && let Some(input) = url_ref.cast::<HtmlInputElement>()
            {
                let _ = input.focus();
            }
        });
    }
    {
        // A link describes the page as it was: forget it when anything changes.
        let link = link.clone();
        let confirming = confirming.clone();
        let copied = copied.clone();
        use_effect_with(
            (
                props.analysis.clone(),
                props.policy.clone(),
                props.at,
                *chosen,
            ),
            move |_| {
                link.set(None);
                confirming.set(false);
                copied.set(None);
            },
        );
    }
    let token = props.analysis.token.clone();
    let default = share::default_mode(token.as_deref(), props.now);
    let mode = (*chosen).unwrap_or(default);
    // The core shares the whole token by default only once it can no longer be replayed.
    let replayable = token.is_some() && default != ShareMode::Full;
    let needs_confirm = mode == ShareMode::Full && replayable;
    // A link records the signature's verdict: wait for it while the signature is being checked.
    let checking = props
        .analysis
        .report()
        .is_some_and(|r| r.signature.status == SignatureStatus::Pending);

    let build = {
        let link = link.clone();
        let copied = copied.clone();
        let confirming = confirming.clone();
        let analysis = props.analysis.clone();
        let policy = props.policy.clone();
        let at = props.at;
        Callback::from(move |()| {
            let url = make_link(&analysis, &policy, at, mode);
            link.set(Some(url.clone()));
            confirming.set(false);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(copy_button::copy(url).await));
            });
        })
    };
    let on_share = {
        let confirming = confirming.clone();
        let build = build.clone();
        Callback::from(move |_: MouseEvent| {
            if needs_confirm {
                confirming.set(true);
            } else {
                build.emit(());
            }
        })
    };
    let on_mode = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(ShareMode::parse(&select.value()));
            }
        })
    };
    let on_focus = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            input.select();
        }
    });
    let until = token
        .as_deref()
        .and_then(|t| t.claims.get("exp"))
        .and_then(Value::as_i64)
        .map(|exp| format!("until it expires at {}", timefmt::format_utc(exp)))
        .unwrap_or_else(|| "for as long as the issuer accepts it (it has no `exp`)".to_string());
    let warning = (*confirming && needs_confirm).then(|| {
        html! {
            <div class="alert alert-error" role="alert" data-testid="share-full-warning">
                <p class="alert-title">{ "This link would contain the whole token, signature included." }</p>
                <p class="wrap">
                    { "Anyone who gets the link can use the token to call AWS STS as your workload, " }
                    { until }{ ". Share it only over a channel you would trust with the credentials themselves." }
                </p>
                <div class="button-row">
                    <button type="button" class="danger" data-testid="share-confirm-full"
                            onclick={build.reform(|_: MouseEvent| ())}>
                        { "I understand, make the full link" }
                    </button>
                    <button type="button" class="secondary" data-testid="share-cancel-full"
                            onclick={{
                                // The warning goes away: the focus returns to "Make link".
                                let c = confirming.clone();
                                let button = button_ref.clone();
                                Callback::from(move |_: MouseEvent| {
                                    c.set(false);
                                    if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                                        let _ = b.focus();
                                    }
                                })
                            }}>
                        { "Cancel" }
                    </button>
                </div>
            </div>
        }
    });
    let copy_status = match *copied {
        Some(true) => "Copied to the clipboard.",
        Some(false) => "Select the link and copy it (the browser did not allow copying).",
        None => "",
    };
    html! {
        <section class="panel panel-share" aria-labelledby="share-heading">
            <h2 id="share-heading">{ "Share this diagnosis" }</h2>
            <p class="small muted">
                { "The link holds everything after its #, which browsers never send to a server. \
                   Opening it fetches nothing." }
            </p>
            <label for="share-mode">{ "What the link carries" }</label>
            <div class="input-row">
                <select id="share-mode" data-testid="share-mode" onchange={on_mode}>
                    { for ShareMode::ALL.iter().map(|m| html! {
                        <option value={m.as_str()} selected={*m == mode}>{ m.label() }</option>
                    }) }
                </select>
                <button type="button" data-testid="share-button" ref={button_ref} onclick={on_share}
                        disabled={checking} title={checking.then_some("the signature is being checked")}>{ "Make link" }</button>
            </div>
            if mode == ShareMode::Full && replayable {
                <p class="small field-error">{ "The token has not expired: a full link can be replayed." }</p>
            }
            { warning.unwrap_or_default() }
            if let Some(url) = (*link).clone() {
                <label for="share-url">{ format!("Link ({} characters)", url.chars().count()) }</label>
                <input id="share-url" data-testid="share-url" type="text" class="mono" readonly=true
                       ref={url_ref}
                       value={url.clone()} onfocus={on_focus} />
                <div class="button-row">
                    <CopyButton text={url} label="Copy the share link" />
                    <span class="small muted" role="status" data-testid="share-copy-status">{ copy_status }</span>
                </div>
            }
        </section>
    }
}
