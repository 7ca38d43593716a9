//! Reading what the user typed from an `input` event, for every text field of the page.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The current text of the `<textarea>` or `<input>` the event came from.
fn value_of(e: &InputEvent) -> Option<String> {
    if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
        return Some(area.value());
    }
    e.target_dyn_into::<HtmlInputElement>()
        .map(|input| input.value())
}

/// An `oninput` handler that passes the field's new text to `on_text`.
pub fn on_text(on_text: &Callback<String>) -> Callback<InputEvent> {
    let on_text = on_text.clone();
    Callback::from(move |e: InputEvent| {
        if let Some(text) = value_of(&e) {
            on_text.emit(text);
        }
    })
}
