//! The page header: product name, purpose and the privacy promise.

use yew::prelude::*;

/// The site header.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <h1>{ "TokenScope" }</h1>
            <p class="purpose">
                { "Explains why a workload's web-identity token does or does not get AWS credentials." }
            </p>
            <p class="privacy">
                { "Your token never leaves this page; keys are fetched only when you click." }
            </p>
        </header>
    }
}
