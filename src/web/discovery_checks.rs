//! The discovery document compared with the token ([`DiscoveryReport::checks`]).
//!
//! [`DiscoveryReport::checks`]: crate::core::oidc::DiscoveryReport::checks

use yew::prelude::*;

use crate::core::oidc::DiscoveryReport;

use super::format;

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
                { for props.report.checks.iter().map(|c| {
                    let (class, label) = format::check_status(c.status);
                    html! {
                        <li class={classes!("check", format!("row-{class}"))} data-check={c.id}>
                            <p class="check-title">
                                <span class={classes!("badge", class)}>{ label }</span>
                                { " " }{ format::rich(&c.title) }
                            </p>
                            <dl class="facts compact">
                                if let Some(e) = &c.expected {
                                    <dt>{ "Expected" }</dt><dd class="mono wrap">{ e.clone() }</dd>
                                }
                                if let Some(a) = &c.actual {
                                    <dt>{ "Found" }</dt><dd class="mono wrap">{ a.clone() }</dd>
                                }
                            </dl>
                            <p class="small wrap">{ format::rich(&c.detail) }</p>
                            if let Some(fix) = &c.fix {
                                <p class="small wrap"><strong>{ "Fix: " }</strong>{ format::rich(fix) }</p>
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
