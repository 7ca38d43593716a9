//! A list of [`Finding`]s, most serious first, each labelled with its severity in words.

use yew::prelude::*;

use crate::core::finding::Finding;

use super::format;

/// Properties of [`FindingsList`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The findings, in the order to show.
    pub findings: Vec<Finding>,
    /// Shown when there are none.
    #[prop_or_default]
    pub empty: Option<AttrValue>,
}

/// The findings.
#[component]
pub fn FindingsList(props: &Props) -> Html {
    if props.findings.is_empty() {
        return match &props.empty {
            Some(text) => html! { <p class="muted small">{ text.clone() }</p> },
            None => Html::default(),
        };
    }
    html! {
        <ul class="findings" data-testid="findings">
            { for props.findings.iter().map(|f| {
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
