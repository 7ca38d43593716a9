//! Why the pasted text is not a token, from the core's [`DecodeError`].

use yew::prelude::*;

use crate::core::jwt::DecodeError;

/// The decode error: its message and its stable code. A plain function: the token panel renders it.
pub fn view(error: &DecodeError) -> Html {
    let segment = error.segment().map(|s| {
        html! { <p class="small">{ "In the " }{ s.describe() }{ "." }</p> }
    });
    html! {
        <div class="alert alert-error" role="alert" id="decode-error" data-testid="decode-error"
             data-code={error.code()}>
            <p class="alert-title">{ "This is not a token TokenScope can read" }</p>
            <p class="wrap" data-testid="decode-error-message">{ super::format::rich(&error.to_string()) }</p>
            { segment.unwrap_or_default() }
            <p class="small">{ "Error code: " }<code>{ error.code() }</code></p>
        </div>
    }
}
