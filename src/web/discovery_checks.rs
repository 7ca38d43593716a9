//! The discovery document compared with the token ([`DiscoveryReport::checks`]).
//!
//! [`DiscoveryReport::checks`]: crate::core::oidc::DiscoveryReport::checks

use yew::prelude::*;

use crate::core::oidc::DiscoveryReport;

use super::check_item;

/// The discovery checks of the core's report; `source` says where the document came from. A plain
/// function: the keys panel renders it.
pub fn view(report: &DiscoveryReport, source: String) -> Html {
    let checks = html! {
        <ul class="checks">
            { for report.checks.iter().map(check_item::view) }
        </ul>
    };
    // Checks that all passed only confirm: they are one click away (as a passing STS step's are).
    let all_pass = !report.checks.is_empty()
        && report
            .checks
            .iter()
            .all(|c| c.status == crate::core::finding::CheckStatus::Pass);
    html! {
        <div class="discovery" data-testid="discovery-checks" data-folded={all_pass.to_string()}>
            <h3>{ "Discovery document" }</h3>
            <p class="small muted wrap">{ "Source: " }{ source }</p>
            if all_pass {
                <details class="step-body">
                    <summary class="small">{ format!("{} checks passed", report.checks.len()) }</summary>
                    { checks }
                </details>
            } else {
                { checks }
            }
        </div>
    }
}
