//! The banner of a page opened from a share link: when it was evaluated, what it carries, and
//! the two ways to look at today's situation instead — or why the link cannot be opened.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::timefmt;

use super::format;
use super::link::SharedLink;

/// Properties of [`LinkBanner`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The link, or why it could not be opened.
    pub link: Result<Rc<SharedLink>, String>,
    /// Whether keys can be fetched (the token has an `iss`).
    pub can_fetch: bool,
    /// "Evaluate now instead".
    pub on_now: Callback<()>,
    /// "Re-fetch today's keys".
    pub on_fetch: Callback<()>,
    /// "Dismiss".
    pub on_dismiss: Callback<()>,
}

/// The banner.
#[component]
pub fn LinkBanner(props: &Props) -> Html {
    let dismiss = html! {
        <button type="button" class="secondary small-button" data-testid="link-dismiss"
                onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "Dismiss" }</button>
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
    let keys = link.keys_origin.as_ref().map(|o| {
        html! {
            <p class="small wrap">
                { "Keys and discovery document: from the shared link (originally: " }
                <bdi class="mono value">{ o.clone() }</bdi>{ "), not fetched." }
            </p>
        }
    });
    html! {
        <div class="banner banner-info" role="status" data-testid="link-banner" data-state="opened"
             data-at={link.at.to_string()} data-mode={link.mode.as_str()}>
            <p class="alert-title">
                { "Opened from a shared link — evaluated at " }
                <span data-testid="link-at">{ timefmt::format_utc(link.at) }</span>
            </p>
            <p class="small wrap">
                { "The link carries: " }{ link.mode.label() }{ ". Nothing was fetched to open it." }
                if link.recorded_signature.is_some() {
                    { " The token travels without its signature; the signature verdict shown is the one recorded when the link was made." }
                }
            </p>
            { keys.unwrap_or_default() }
            <div class="button-row">
                <button type="button" data-testid="link-eval-now"
                        onclick={props.on_now.reform(|_: MouseEvent| ())}>{ "Evaluate now instead" }</button>
                <button type="button" class="secondary" data-testid="link-refetch"
                        disabled={!props.can_fetch}
                        onclick={props.on_fetch.reform(|_: MouseEvent| ())}>{ "Re-fetch today's keys" }</button>
                { dismiss }
            </div>
        </div>
    }
}
