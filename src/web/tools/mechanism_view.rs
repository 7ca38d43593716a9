//! "Which mechanism is this?": [`mechanism::classify`] on whatever the tool was given.

use yew::prelude::*;

use super::super::format::rich;
use crate::core::mechanism;

/// Properties of [`MechanismView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The pasted text.
    pub text: AttrValue,
    /// Shows nothing when the text is none of the mechanisms (a tool whose input is meant to be
    /// something else, such as an error message).
    #[prop_or_default]
    pub only_when_recognised: bool,
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
    if props.only_when_recognised && c.mechanism == mechanism::Mechanism::Unknown {
        return Html::default();
    }
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
