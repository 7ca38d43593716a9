//! A failed fetch explained by [`oidc::explain_fetch_failure`]: title, detail, and the curl
//! commands to fetch the documents by hand.

use yew::prelude::*;

use crate::core::oidc;

use super::copy_button::CopyButton;
use super::format;
use crate::core::session::FailedFetch;

/// The explanation of what failed, for the issuer `iss`. A plain function: the fetch summary
/// renders it.
pub fn view(f: &FailedFetch, iss: &str) -> Html {
    let explained = oidc::explain_fetch_failure(&f.failure, f.what.as_str(), &f.url, iss);
    let commands = explained.curl.join("\n");
    html! {
        <div class="alert alert-error" role="alert" data-testid="fetch-failure">
            <p class="alert-title wrap">{ format::rich(&explained.title) }</p>
            <p class="wrap">{ format::rich(&explained.detail) }</p>
            // No commands for an issuer the page itself refuses to fetch from.
            if !commands.is_empty() {
                <div class="pre-head">
                    <span class="small">{ "From a terminal:" }</span>
                    <CopyButton text={commands.clone()} label="Copy the curl commands" />
                </div>
                <pre class="mono code-block" tabindex="0" data-testid="curl-commands">{ commands }</pre>
            }
            <p class="small">
                { if explained.curl.is_empty() { "You can paste the issuer's documents into " } else { "Then paste the output into " } }
                <a href="#jwks-input">{ "the keys box below" }</a>
                { " (the discovery document and the JWKS, one after the other, are fine)." }
            </p>
        </div>
    }
}
