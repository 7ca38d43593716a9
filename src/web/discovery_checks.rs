//! The discovery document compared with the token ([`DiscoveryReport::checks`]).
//!
//! [`DiscoveryReport::checks`]: crate::core::oidc::DiscoveryReport::checks

use yew::prelude::*;

use crate::core::oidc::DiscoveryReport;

use super::check_item;

/// Properties of [`DiscoveryChecks`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The core's report.
    pub report: DiscoveryReport,
    /// Where the document came from, in words.
    pub source: AttrValue,
}

/// The discovery checks.
#[component]
pub fn DiscoveryChecks(props: &Props) -> Html {
    html! {
        <div class="discovery" data-testid="discovery-checks">
            <h3>{ "Discovery document" }</h3>
            <p class="small muted wrap">{ "Source: " }{ props.source.clone() }</p>
            <ul class="checks">
                { for props.report.checks.iter().map(check_item::view) }
            </ul>
        </div>
    }
}
