//! A JSON value, pretty-printed as text.

use serde_json::Value;
use yew::prelude::*;

use crate::core::invisible;

use super::copy_button::CopyButton;

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
    // Bidi controls and zero-width characters as `\uXXXX` escapes: the same JSON, made visible.
    let text = invisible::escape_in_json(&text).unwrap_or(text);
    html! {
        <div class="json-view">
            <div class="json-view-head">
                <h3>{ props.title.clone() }</h3>
                <CopyButton text={text.clone()} label={format!("Copy the {} as JSON", props.title.to_lowercase())} />
            </div>
            <pre class="mono code-block" tabindex="0" data-testid={props.testid.clone()}>{ text }</pre>
        </div>
    }
}
