//! The discovery document compared with the token ([`DiscoveryReport::checks`]).
//!
//! [`DiscoveryReport::checks`]: crate::core::oidc::DiscoveryReport::checks

use yew::prelude::*;

use crate::core::oidc::DiscoveryReport;

use super::check_item;

/// The discovery checks of the core's report; `source` says where the document came from. A plain
/// function: the keys panel renders it.
pub fn view(report: &DiscoveryReport, source: String) -> Html {
    html! {
        <div class="discovery" data-testid="discovery-checks">
            <h3>{ "Discovery document" }</h3>
            <p class="small muted wrap">{ "Source: " }{ source }</p>
            <ul class="checks">
                { for report.checks.iter().map(check_item::view) }
            </ul>
        </div>
    }
}
