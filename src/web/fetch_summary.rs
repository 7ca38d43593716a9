//! What "Fetch keys" (or the example) read, from where, and where it stopped.

use yew::prelude::*;

use super::fetch_failure;
use super::format;
use crate::core::session::DocumentOrigin as Origin;

use super::state::FetchState;

fn document(what: &'static str, url: &str, bytes: usize, origin: Origin) -> Html {
    let size = crate::core::text::size(bytes);
    let (how, url) = match origin {
        Origin::Network => (format!(" (read, {size}): "), format::shown(url)),
        Origin::Example => (
            format!(" (built-in example, not fetched, {size}): "),
            format::shown(url),
        ),
        Origin::Shared => (
            format!(" (carried by the shared link, not fetched, {size}): "),
            format::original(url),
        ),
        Origin::File => (format!(" (read from a file, {size}): "), format::shown(url)),
    };
    html! {
        <li>
            <strong>{ what }</strong>{ how }
            <span class="mono wrap">{ url }</span>
        </li>
    }
}

/// The fetch summary; `other_issuer` is set when the documents belong to another issuer than the
/// token's. A plain function: the keys panel renders it.
pub fn view(fetch: &FetchState, other_issuer: Option<&str>) -> Html {
    match fetch {
        FetchState::Idle => Html::default(),
        FetchState::Loading { url, .. } => html! {
            <p class="small" role="status" data-testid="fetch-status" data-state="loading">
                { "Fetching " }<span class="mono wrap">{ format::shown(url) }</span>{ " …" }
            </p>
        },
        FetchState::Done(f) => {
            let state = if f.failure.is_some() {
                "failed"
            } else {
                "done"
            };
            html! {
                <div class="fetch-summary" data-testid="fetch-status" data-state={state}
                     data-origin={f.origin.label()}>
                    <p class="small">
                        { match f.origin {
                            // A failure is the heading's news, whatever was read before it.
                            Origin::Network if f.failure.is_some() => "Fetching failed for issuer ",
                            Origin::Network => "Fetched for issuer ",
                            Origin::Example => "Built-in example documents for issuer ",
                            Origin::Shared => "Documents carried by the shared link for issuer ",
                            Origin::File => "Documents read from files for issuer ",
                        } }
                        <span class="mono wrap">{ format::shown(&f.iss) }</span>
                    </p>
                    if f.discovery.is_some() || f.jwks.is_some() {
                        <ul class="small docs">
                            if let Some(d) = &f.discovery {
                                { document("Discovery document", &d.url, d.bytes, f.origin) }
                            }
                            if let Some(j) = &f.jwks {
                                { document("JWKS", &j.url, j.bytes, f.origin) }
                            }
                        </ul>
                    }
                    if let Some(other) = other_issuer {
                        <p class="callout small" data-testid="fetched-other-issuer">
                            { "These documents belong to " }<span class="mono wrap">{ format::shown(other) }</span>
                            { ", not to this token's issuer, so they are not used. Click Fetch keys again." }
                        </p>
                    }
                    if let Some(failed) = &f.failure {
                        { fetch_failure::view(failed, &f.iss) }
                    }
                </div>
            }
        }
    }
}
