//! "Which mechanism is this?": [`mechanism::classify`] on whatever the tool was given.

use yew::prelude::*;

use super::super::format::rich;
use crate::core::mechanism;

/// Properties of [`MechanismView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The pasted text.
    pub text: AttrValue,
}

/// The classification of the text, with its evidence.
#[component]
pub fn MechanismView(props: &Props) -> Html {
    let c = use_memo(props.text.clone(), |t| mechanism::classify(t));
    // The mechanism's stable (serialised) name.
    let name = serde_json::to_value(c.mechanism)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    html! {
        <div class="callout" data-testid="mechanism" data-mechanism={name}>
            <p><strong>{ "Which mechanism is this? " }</strong>{ c.mechanism.label() }</p>
            <p class="small">{ rich(&c.reason) }</p>
            if !c.evidence.is_empty() {
                <ul class="small">
                    { for c.evidence.iter().map(|e| html! { <li class="wrap">{ rich(e) }</li> }) }
                </ul>
            }
        </div>
    }
}
