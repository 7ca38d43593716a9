//! The decoded token: kind and identity, findings, claims table, header and claims as JSON.

use yew::prelude::*;

use super::shared::Shared;

use crate::core::report::Report;

use super::claims_table::ClaimsTable;
use super::findings_list::FindingsList;
use super::json_view::JsonView;
use super::token_kind::TokenKindView;

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
    html! {
        <section class="panel panel-decoded" aria-labelledby="decoded-heading">
            <h2 id="decoded-heading">{ "Decoded token" }</h2>
            <TokenKindView kind={r.claims.kind.clone()} label={r.claims.kind_label.clone()} />
            <h3>{ "Findings about the token" }</h3>
            <FindingsList findings={findings}
                          empty={AttrValue::from("Nothing noteworthy.")} />
            <div class="table-wrap">
                <ClaimsTable rows={r.claims.rows.clone()}
                             evaluated_at={r.evaluated_at.clone()} />
            </div>
            // The table above says it all; the raw JSON (to copy or to compare) is one click away.
            <details class="json-details" data-testid="json-details">
                <summary>{ "The header and claims as JSON" }</summary>
                <div class="json-pair">
                    <JsonView title="Header" value={r.token.header.clone()} testid="header-json" />
                    <JsonView title="Claims" value={r.token.claims.clone()} testid="claims-json" />
                </div>
            </details>
        </section>
    }
}
