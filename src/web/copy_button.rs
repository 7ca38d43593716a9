//! A button that copies a text to the clipboard, saying whether it worked.

use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_futures::wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// What to copy.
    pub text: AttrValue,
    /// Accessible name, e.g. "Copy the curl commands".
    pub label: AttrValue,
}

/// Writes `text` to the clipboard; `false` when the browser offers no clipboard or refuses.
pub async fn copy(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts: check before calling it.
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Ok(clipboard) = clipboard.dyn_into::<web_sys::Clipboard>() else {
        return false;
    };
    JsFuture::from(clipboard.write_text(&text)).await.is_ok()
}

/// The copy button.
#[component]
pub fn CopyButton(props: &Props) -> Html {
    let outcome = use_state(|| None::<bool>);
    let onclick = {
        let outcome = outcome.clone();
        let text = props.text.to_string();
        Callback::from(move |_: MouseEvent| {
            let outcome = outcome.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                outcome.set(Some(copy(text).await));
            });
        })
    };
    let status = match *outcome {
        Some(true) => "copied",
        Some(false) => "copy failed: select the text and copy it by hand",
        None => "",
    };
    html! {
        <span class="copy">
            <button type="button" class="secondary small-button" aria-label={props.label.clone()}
                    {onclick}>{ "Copy" }</button>
            <span class="small muted" role="status">{ status }</span>
        </span>
    }
}
