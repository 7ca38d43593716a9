//! A JSON value, pretty-printed as text.

use serde_json::Value;
use yew::prelude::*;

use crate::core::invisible;

use super::copy_button::CopyButton;

/// The value in a <pre> under the heading `title` (`lower`: the same word in lower case, for the
/// copy button's label), with `data-testid` `testid`. A plain function: the decoded-token panel
/// renders it.
pub fn view(title: &'static str, lower: &'static str, value: &Value, testid: &'static str) -> Html {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    // Bidi controls and zero-width characters as `\uXXXX` escapes: the same JSON, made visible.
    let text = invisible::escape_in_json(&text).unwrap_or(text);
    html! {
        <div class="json-view">
            <div class="json-view-head">
                <h3>{ title }</h3>
                <CopyButton text={text.clone()} label={format!("Copy the {lower} as JSON")} />
            </div>
            <pre class="mono code-block" tabindex="0" data-testid={testid}>{ text }</pre>
        </div>
    }
}
