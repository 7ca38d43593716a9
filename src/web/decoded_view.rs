//! The decoded token: kind and identity, findings, claims table, header and claims as JSON.

use yew::prelude::*;

use super::shared::Shared;

use crate::core::report::Report;
use crate::core::sts;

use super::{claims_table, findings_list, json_view, token_kind};

/// Properties of [`DecodedView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The report.
    pub report: Shared<Report>,
}

/// The decoded token.
#[component]
pub fn DecodedView(props: &Props) -> Html {
    let r = &props.report;
    // Findings about the request and the policy are shown with the STS trace.
    let findings: Vec<_> = match &r.sts {
        Some(sts) => r
            .findings
            .iter()
            .filter(|f| !sts.findings.contains(f))
            .cloned()
            .collect(),
        None => r.findings.clone(),
    };
    // The claims a trust policy of this issuer can check stay in the table's first part.
    let checkable = r
        .token
        .claims
        .get("iss")
        .and_then(serde_json::Value::as_str)
        .map(|iss| sts::RequestContext::for_issuer(iss).checkable_claims())
        .unwrap_or_default();
    html! {
        <section class="panel panel-decoded" aria-labelledby="decoded-heading">
            <h2 id="decoded-heading">{ "Decoded token" }</h2>
            { token_kind::view(&r.claims.kind, &r.claims.kind_label) }
            <h3>{ "Findings about the token" }</h3>
            { findings_list::view(&findings, "Nothing noteworthy.") }
            { claims_table::view(&r.claims.rows, &r.evaluated_at, &checkable) }
            // The table above says it all; the raw JSON (to copy or to compare) is one click away.
            <details class="json-details" data-testid="json-details">
                <summary>{ "The header and claims as JSON" }</summary>
                <div class="json-pair">
                    { json_view::view("Header", "header", &r.token.header, "header-json") }
                    { json_view::view("Claims", "claims", &r.token.claims, "claims-json") }
                </div>
            </details>
        </section>
    }
}
