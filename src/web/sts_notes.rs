//! What the STS prediction rests on besides facts: findings (with severity), caveats where AWS
//! documents nothing, and the assumptions made — kept visibly apart from the checks.

use yew::prelude::*;

use crate::core::finding::Finding;

use super::findings_list;
use super::format;

/// The notes: findings about the request and the policy, caveats where the prediction rests on
/// undocumented behaviour, and the assumptions made.
pub fn view(findings: &[Finding], caveats: &[String], assumptions: &[String]) -> Html {
    html! {
        <div class="sts-notes">
            <h3>{ "Findings about the request and the trust policy" }</h3>
            { findings_list::view(findings, "Nothing noteworthy.") }
            if !caveats.is_empty() || !assumptions.is_empty() {
                <div class="not-facts" id="not-facts" tabindex="-1" data-testid="sts-caveats">
                    <h3>{ "Not facts: caveats and assumptions" }</h3>
                    if !caveats.is_empty() {
                        <p class="small"><strong>{ "Not documented by AWS" }</strong></p>
                        <ul class="caveats">
                            { for caveats.iter().map(|c| html! {
                                <li class="wrap">{ format::rich(c) }</li>
                            }) }
                        </ul>
                    }
                    if !assumptions.is_empty() {
                        <p class="small"><strong>{ "Assumed by this prediction" }</strong></p>
                        <ul class="assumptions" data-testid="sts-assumptions">
                            { for assumptions.iter().map(|a| html! {
                                <li class="wrap">{ format::rich(a) }</li>
                            }) }
                        </ul>
                    }
                </div>
            }
        </div>
    }
}
