//! The banner of a page opened from a share link: when it was evaluated, what it carries, and
//! the two ways to look at today's situation instead (and back) — or why the link cannot be
//! opened. It describes the page as it is now: after "Evaluate now instead" or a re-fetch it says
//! so, and offers the link's time or keys again.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::session::{self, Exposure, Recipient, SharedLink};
use crate::core::timefmt;
use crate::core::version::Build;

use super::format;

/// Which keys the page uses, compared with the link's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeysNow {
    /// The documents (or failed fetch) the link carries, or none when it carries none.
    Link,
    /// A re-fetch is running.
    Loading,
    /// Something else is in use.
    Replaced {
        /// What is in use, in words.
        how: String,
        /// Whether the link carried documents of its own.
        link_had_keys: bool,
        /// Whether "Use the link's keys again" would bring them back into use.
        restorable: bool,
    },
}

/// Properties of [`LinkBanner`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The link, or why it could not be opened.
    pub link: Result<Rc<SharedLink>, String>,
    /// The evaluation time in effect.
    pub at: i64,
    /// The browser's clock, unix seconds (whether a token in the link is still usable).
    pub now: i64,
    /// Which keys are in use.
    pub keys: KeysNow,
    /// Whether keys can be fetched (the token has an `iss`).
    pub can_fetch: bool,
    /// "Evaluate now instead".
    pub on_now: Callback<()>,
    /// "Back to the shared time".
    pub on_link_time: Callback<()>,
    /// "Re-fetch today's keys".
    pub on_fetch: Callback<()>,
    /// "Use the link's keys again".
    pub on_link_keys: Callback<()>,
    /// "Dismiss".
    pub on_dismiss: Callback<()>,
}

/// Puts the keyboard focus on the token input: the banner that had it is about to go.
fn focus_token_input() {
    use wasm_bindgen_futures::wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("token-input"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The banner.
#[component]
pub fn LinkBanner(props: &Props) -> Html {
    // Hooks first: the broken-link banner returns early.
    let now_ref = use_node_ref();
    let fetch_ref = use_node_ref();
    let dismiss = html! {
        <button type="button" class="secondary small-button" data-testid="link-dismiss"
                onclick={props.on_dismiss.reform(|_: MouseEvent| focus_token_input())}>{ "Dismiss" }</button>
    };
    let link = match &props.link {
        Ok(link) => link,
        Err(message) => {
            return html! {
                <div class="banner banner-error" role="alert" data-testid="link-banner" data-state="error">
                    <p class="alert-title">{ "This share link cannot be opened" }</p>
                    <p class="wrap" data-testid="link-error">{ format::rich(message) }</p>
                    <p class="small">{ "Nothing was loaded from it. You can paste a token as usual." }</p>
                    <div class="button-row">{ dismiss }</div>
                </div>
            };
        }
    };
    let shared_time = props.at == link.at;
    let origin = link
        .keys_origin
        .as_deref()
        .filter(|o| !o.is_empty())
        .map(|o| {
            let (words, url) = format::origin_words(o);
            html! {
                <>{ " (originally " }{ words }
                  if let Some(url) = url { <bdi class="mono value">{ url }</bdi> }
                  { ")" }</>
            }
        });
    let keys = match &props.keys {
        KeysNow::Link if link.fetched.is_some() => html! {
            <>{ "Keys and discovery document: from the shared link" }{ origin.unwrap_or_default() }
              { ", not fetched." }</>
        },
        KeysNow::Link if link.unreadable_keys => html! {
            { "The link's keys could not be read as keys: they are in the keys box below, with the reason." }
        },
        KeysNow::Link => html! { { "The link carries no keys." } },
        KeysNow::Loading => html! { { "Fetching today's keys …" } },
        KeysNow::Replaced {
            how, link_had_keys, ..
        } => html! {
            <>{ "Keys: " }{ how.clone() }{ "." }
              if *link_had_keys { { " The link's snapshot is set aside." } }</>
        },
    };
    let loading = props.keys == KeysNow::Loading;
    let restorable = matches!(
        props.keys,
        KeysNow::Replaced {
            restorable: true,
            ..
        }
    );
    // These buttons go away when clicked: the focus moves to one that stays.
    let refocus = |target: NodeRef, action: Callback<()>| {
        Callback::from(move |_: MouseEvent| {
            action.emit(());
            if let Some(el) = target.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    let recipient = session::recipient(link, props.now);
    let class = if recipient.exposure.is_live() {
        "banner banner-warn"
    } else {
        "banner banner-info"
    };
    html! {
        <div class={class} role="region" aria-label="Shared link" data-testid="link-banner"
             data-state="opened" data-at={link.at.to_string()} data-mode={link.mode.as_str()}
             data-build={link.build.as_ref().map(Build::to_string).unwrap_or_default()}
             data-exposure={recipient.exposure.as_str()}
             data-time={if shared_time { "shared" } else { "changed" }}
             data-keys={match &props.keys { KeysNow::Link => "link", KeysNow::Loading => "loading", KeysNow::Replaced { .. } => "replaced" }}>
            <p class="alert-title">
                if recipient.exposure == Exposure::NoToken {
                    { "Opened from a shared link — a trust policy and settings, no token" }
                } else if shared_time {
                    { "Opened from a shared link — evaluated at the shared time, " }
                    <span data-testid="link-at">{ timefmt::format_utc(link.at) }</span>
                } else {
                    { "Opened from a shared link — shared at " }<span data-testid="link-at">{ timefmt::format_utc(link.at) }</span>
                    { ", now evaluated at " }<span data-testid="link-eval-at">{ timefmt::format_utc(props.at) }</span>
                }
            </p>
            <Exposed recipient={recipient.clone()} now={props.now} />
            <p class="small wrap" data-testid="link-keys">{ keys }</p>
            { link_build(link.build.as_ref()) }
            <div class="button-row">
                <button type="button" data-testid="link-eval-now" ref={now_ref.clone()}
                        onclick={props.on_now.reform(|_: MouseEvent| ())}>{ "Evaluate now instead" }</button>
                if !shared_time {
                    <button type="button" class="secondary" data-testid="link-eval-shared"
                            onclick={refocus(now_ref.clone(), props.on_link_time.clone())}>{ "Back to the shared time" }</button>
                }
                <button type="button" class="secondary" data-testid="link-refetch" ref={fetch_ref.clone()}
                        disabled={!props.can_fetch} aria-disabled={loading.then_some("true")}
                        aria-busy={loading.then_some("true")}
                        onclick={{
                            // Stays enabled while fetching (a disabled button loses the focus).
                            let on_fetch = props.on_fetch.clone();
                            Callback::from(move |_: MouseEvent| if !loading { on_fetch.emit(()) })
                        }}>
                    { if loading { "Fetching …" } else { "Re-fetch today's keys" } }
                </button>
                if restorable {
                    <button type="button" class="secondary" data-testid="link-use-keys"
                            onclick={refocus(fetch_ref.clone(), props.on_link_keys.clone())}>{ "Use the link's keys again" }</button>
                }
                { dismiss }
            </div>
        </div>
    }
}

/// Which build made the link, said only when it is not this page's: a verdict that differs from
/// the sender's may come from that. Links made before builds were named say nothing; the banner's
/// `data-build` holds the link's build either way.
fn link_build(build: Option<&Build>) -> Html {
    let this = Build::current();
    match build {
        Some(made) if *made != this => html! {
            <p class="small" data-testid="link-build">
                { format!("Made by TokenScope {made}; this page is {this}.") }
            </p>
        },
        _ => html! {},
    }
}

/// Properties of [`Exposed`].
#[derive(Properties, PartialEq)]
struct ExposedProps {
    recipient: Recipient,
    now: i64,
}

/// What the link carries, who could use it and until when; what to paste next when it carries no
/// token; and, for a live token, the offer to take it out of the address bar.
#[component]
fn Exposed(props: &ExposedProps) -> Html {
    let r = &props.recipient;
    let removed = use_state(|| false);
    let carries = html! {
        <p class="small wrap" data-testid="link-carries">
            { "The link carries " }{ list(&r.carries) }{ ". Nothing was fetched to open it." }
        </p>
    };
    let exposure = match r.exposure {
        Exposure::Live { exp } => html! {
            <p class="wrap" data-testid="link-exposure"><strong>{ "This link is a live credential. " }</strong>
                { "Anyone who has it can present the token to AWS STS until it expires at " }
                <span data-testid="link-exp">{ timefmt::format_utc(exp) }</span>
                { format!(" ({}), for any role that trusts it.", timefmt::format_relative(exp, props.now)) }</p>
        },
        Exposure::LiveNoExpiry => html! {
            <p class="wrap" data-testid="link-exposure"><strong>{ "This link may be a live credential. " }</strong>
                { "It carries a signed token with no readable expiry: treat it as usable by anyone who has the link." }</p>
        },
        Exposure::Expired { exp } => html! {
            <p class="small wrap" data-testid="link-exposure">
                { format!("The token expired at {} ({}): STS refuses it now, so the link no longer works as a credential.",
                          timefmt::format_utc(exp), timefmt::format_relative(exp, props.now)) }</p>
        },
        Exposure::Unsigned => html! {
            <p class="small wrap" data-testid="link-exposure">
                { "The token travels without its signature: nobody can present it to STS." }
                if r.recorded_signature {
                    { " The signature verdict shown is the one recorded when the link was made; it cannot be re-checked here, since the signature is not in the link." }
                }
                if r.masked {
                    { " Claims the policy and STS do not read were masked before sharing and show as “(masked)”." }
                }
            </p>
        },
        Exposure::NoToken => html! {},
    };
    let remove = r.exposure.is_live().then(|| {
        let done = *removed;
        let removed = removed.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if remove_fragment() {
                removed.set(true);
            }
        });
        html! {
            if done {
                <p class="small wrap" role="status" data-testid="link-removed">
                    { "Removed from the address bar and this tab's history. The browser's history list may still hold the address: delete it there too." }</p>
            } else {
                <div class="button-row">
                    <button type="button" data-testid="link-remove" {onclick}>
                        { "Remove the token from the address bar" }</button>
                </div>
            }
        }
    });
    html! {
        <>
            { exposure }
            { remove.unwrap_or_default() }
            if let Some(next) = r.next_step {
                <p class="wrap" data-testid="link-next">{ next }</p>
            }
            { carries }
        </>
    }
}

/// "a, b and c".
fn list(items: &[&'static str]) -> String {
    match items {
        [] => "nothing".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Replaces this history entry's address with the page's own, without the fragment (the page
/// keeps what it shows). Returns whether the browser allowed it.
fn remove_fragment() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let address = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    window
        .history()
        .and_then(|h| {
            h.replace_state_with_url(
                &wasm_bindgen_futures::wasm_bindgen::JsValue::NULL,
                "",
                Some(&address),
            )
        })
        .is_ok()
}
