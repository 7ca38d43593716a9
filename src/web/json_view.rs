//! A JSON value, pretty-printed as text.

use serde_json::Value;
use yew::prelude::*;

/// Properties of [`JsonView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Heading.
    pub title: AttrValue,
    /// The value.
    pub value: Value,
    /// `data-testid` of the <pre>.
    pub testid: AttrValue,
}

/// The value in a <pre>.
#[component]
pub fn JsonView(props: &Props) -> Html {
    let text =
        serde_json::to_string_pretty(&props.value).unwrap_or_else(|_| props.value.to_string());
    html! {
        <div class="json-view">
            <h3>{ props.title.clone() }</h3>
            <pre class="mono code-block" data-testid={props.testid.clone()}>{ text }</pre>
        </div>
    }
}
