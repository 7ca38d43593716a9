//! A list of [`Finding`]s, most serious first, each labelled with its severity in words.

use yew::prelude::*;

use crate::core::finding::Finding;

use super::format;

/// The findings, in the order to show; `empty` is shown when there are none. A plain function,
/// not a component: it is rendered only by panels that compare their own properties.
pub fn view(findings: &[Finding], empty: &'static str) -> Html {
    if findings.is_empty() {
        return html! { <p class="muted small">{ empty }</p> };
    }
    html! {
        <ul class="findings" data-testid="findings">
            { for findings.iter().map(|f| {
                let (class, label) = format::severity(f.severity);
                html! {
                    <li class={classes!("finding", class)} data-code={f.code}>
                        <p class="finding-title">
                            <span class={classes!("badge", class)}>{ label }</span>
                            { " " }{ format::rich(&f.title) }
                        </p>
                        <p class="wrap">{ format::rich(&f.detail) }</p>
                        <p class="small muted">{ "code " }<code>{ f.code }</code></p>
                    </li>
                }
            }) }
        </ul>
    }
}
