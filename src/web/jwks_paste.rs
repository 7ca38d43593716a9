//! The keys paste box: a JWKS, one JWK, or a discovery document followed by its JWKS, read by
//! [`jwk::parse_key_input`].
//!
//! [`jwk::parse_key_input`]: crate::core::jwk::parse_key_input

use yew::prelude::*;

use crate::core::jwk::{KeyInput, KeyInputError};

use super::events;

/// The paste box: the text in it, what the core made of it (`None` while empty), and what to call
/// when the text changes. A plain function: the keys panel renders it.
pub fn view(
    text: &AttrValue,
    parsed: Option<&Result<KeyInput, KeyInputError>>,
    on_input: &Callback<String>,
) -> Html {
    let oninput = events::on_text(on_input);
    let on_clear = on_input.reform(|_: MouseEvent| String::new());
    let status = match parsed {
        None => html! {
            <p class="small muted" id="jwks-status" data-testid="jwks-status" data-state="empty">
                { "Pasted keys take precedence over fetched ones." }
            </p>
        },
        Some(Ok(input)) => html! {
            <p class="small status-pass-text" id="jwks-status" data-testid="jwks-status" data-state="ok">
                { "✓ Read " }{ input.understood_as.clone() }{ "." }
            </p>
        },
        Some(Err(err)) => html! {
            <p class="field-error wrap" id="jwks-status" role="alert" data-testid="jwks-status" data-state="error">
                { "✗ " }{ super::format::rich(&err.to_string()) }
            </p>
        },
    };
    html! {
        <div class="jwks-paste">
            <label for="jwks-input">
                { "Or paste the issuer's keys: a JWKS, one JWK, or the discovery document followed by its JWKS" }
            </label>
            <textarea
                id="jwks-input"
                data-testid="jwks-input"
                class="mono"
                rows="5"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby="jwks-status"
                placeholder={"{\"keys\": [ … ]}"}
                value={text.clone()}
                {oninput}
            />
            <div class="button-row">
                if !text.is_empty() {
                    <button type="button" class="secondary small-button" data-testid="jwks-clear"
                            onclick={on_clear}>{ "Clear keys" }</button>
                }
                { status }
            </div>
        </div>
    }
}
