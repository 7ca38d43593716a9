//! The page header: product name, purpose, the privacy promise, and the colour theme.
//!
//! The theme follows the system unless chosen here; the choice sets `data-theme` on `<html>`
//! (the stylesheet's colours are `light-dark()` pairs) and is not remembered: the page stores
//! nothing.

use wasm_bindgen_futures::wasm_bindgen::JsCast as _;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The theme choices: (value, label).
const THEMES: [(&str, &str); 3] = [("system", "System"), ("light", "Light"), ("dark", "Dark")];

/// Applies a theme choice to `<html>`.
fn apply_theme(theme: &str) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        "light" | "dark" => root.set_attribute("data-theme", theme),
        _ => root.remove_attribute("data-theme"),
    };
}

/// The site header.
#[component]
pub fn Header() -> Html {
    let on_theme = Callback::from(|e: Event| {
        if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
            apply_theme(&select.value());
        }
    });
    // The skip link moves the focus to the verdict without touching the address bar (which may hold
    // a share link).
    let on_skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(verdict) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("verdict"))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            verdict.scroll_into_view();
            let _ = verdict.focus();
        }
    });
    html! {
        <header class="site-header">
            <a class="skip-link" href="#verdict" data-testid="skip-to-verdict" onclick={on_skip}>
                { "Skip to the verdict" }
            </a>
            <div class="header-row">
                <h1>{ "TokenScope" }</h1>
                <label class="theme small" title="For this visit only: the page stores nothing in your browser">
                    <span class="theme-word">{ "Theme " }</span>
                    <select data-testid="theme" onchange={on_theme}>
                        { for THEMES.iter().map(|(value, label)| html! {
                            <option value={*value} selected={*value == "system"}>{ *label }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="purpose">
                { "Explains why a workload's web-identity token does or does not get AWS credentials." }
            </p>
            <p class="privacy">
                { "Your token never leaves this page; keys are fetched only when you click." }
            </p>
        </header>
    }
}
