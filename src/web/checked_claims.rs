//! Under the token: the claims the trust policy checks, each with its value and whether the
//! policy's condition on it matched (from [`sts::checked_claims`]).

use serde_json::Value;
use yew::prelude::*;

use crate::core::policy::Tri;
use crate::core::report::Report;
use crate::core::sts;

use super::format;
use super::shared::Shared;

/// Properties of [`CheckedClaims`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The analysis.
    pub report: Shared<Report>,
}

/// A claim's value as one line: strings bare, arrays joined, anything else as JSON.
fn value_of(claims: &Value, name: &str) -> String {
    match claims.get(name) {
        None => "(absent)".to_owned(),
        Some(Value::String(s)) => format::shown(s),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), format::shown))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// The list; nothing without a policy that reads a claim.
#[component]
pub fn CheckedClaims(props: &Props) -> Html {
    let report = &props.report.0;
    let Some(sts) = report.sts.as_ref() else {
        return html! {};
    };
    let checked = sts::checked_claims(&sts.policy_evaluations, &report.request.provider.url);
    if checked.is_empty() {
        return html! {};
    }
    html! {
        <div class="checked-claims" data-testid="checked-claims">
            <span class="small muted">{ "The trust policy checks: " }</span>
            <ul>
                { for checked.iter().map(|c| {
                    let (class, mark, said) = match c.result {
                        Tri::True => ("pass", "✓", "matches"),
                        Tri::False => ("fail", "✗", "does not match"),
                        Tri::Unknown => ("unknown", "?", "cannot be decided here"),
                    };
                    let result = match c.result { Tri::True => "true", Tri::False => "false", Tri::Unknown => "unknown" };
                    html! {
                        <li class={classes!("chip", class)} data-testid="checked-claim"
                            data-claim={c.claim.clone()} data-result={result}
                            title={format!("{} on {}: {said}", c.operator, c.key)}>
                            <span aria-hidden="true">{ mark }</span>{ " " }
                            <span class="mono">{ c.claim.clone() }</span>{ " " }
                            <bdi class="mono value">{ format::breakable(&value_of(&report.token.claims, &c.claim)) }</bdi>
                            <span class="visually-hidden">{ format!(" — {said}") }</span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
