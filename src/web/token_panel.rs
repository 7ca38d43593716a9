//! The token input: paste box, "Try an example", "Gallery of failures", "Clear", the repairs the
//! core made and the decode error, if any.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::jwt::DecodeError;

use super::decode_error;
use super::events;
use super::format;
use super::gallery::{GalleryControl, Item};

/// Properties of [`TokenPanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The text in the box.
    pub token: AttrValue,
    /// Whether the text is the built-in example.
    pub is_example: bool,
    /// Why the text does not decode (not set for an empty box).
    pub error: Option<DecodeError>,
    /// What the core removed around the token.
    pub repairs: Vec<String>,
    /// Length of the token in characters, when it decodes.
    pub length: Option<usize>,
    /// The text changed.
    pub on_input: Callback<String>,
    /// "Try an example".
    pub on_example: Callback<()>,
    /// "Clear".
    pub on_clear: Callback<()>,
    /// The gallery entry on the page, while the token is still its own.
    #[prop_or_default]
    pub gallery: Option<Rc<Item>>,
    /// A gallery entry was chosen.
    pub on_gallery: Callback<Rc<Item>>,
    /// Shown under the buttons (the claims the policy checks).
    #[prop_or_default]
    pub children: Html,
}

/// The token panel.
#[component]
pub fn TokenPanel(props: &Props) -> Html {
    let oninput = events::on_text(&props.on_input);
    let on_example = props.on_example.reform(|_: MouseEvent| ());
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    // The coloured copy of the text lies under the (transparent) text of the box: it scrolls
    // with it.
    let backdrop = use_node_ref();
    let on_scroll = {
        let backdrop = backdrop.clone();
        Callback::from(move |e: Event| {
            if let (Some(area), Some(back)) = (
                e.target_dyn_into::<web_sys::HtmlTextAreaElement>(),
                backdrop.cast::<web_sys::HtmlElement>(),
            ) {
                back.set_scroll_top(area.scroll_top());
            }
        })
    };
    let repairs = (!props.repairs.is_empty()).then(|| {
        html! {
            <ul class="notes" aria-label="Repairs made to the pasted text" data-testid="repairs">
                { for props.repairs.iter().map(|r| html! { <li>{ "Note: " }{ r.clone() }</li> }) }
            </ul>
        }
    });
    let example_note = props.is_example.then(|| {
        html! {
            <div class="callout" data-testid="example-note">
                <p>
                    <strong>{ "The built-in example" }</strong>
                    { " is an EKS IRSA token: the projected service-account token the EKS pod \
                       identity webhook mounts into a pod whose service account is annotated \
                       with an IAM role. The AWS SDK sends it to STS AssumeRoleWithWebIdentity." }
                </p>
                <p class="small">
                    { "Its issuer's discovery document and key set, and a role trust policy that \
                       admits it, are built into the page (no network), and the evaluation time is \
                       set to one hour after the token was issued: as loaded, the signature \
                       verifies, the token is current and STS would return credentials. Change the \
                       policy, the settings or the time to see how each failure looks." }
                </p>
            </div>
        }
    });
    let gallery_note = props.gallery.as_ref().map(|item| {
        html! {
            <div class="callout" data-testid="gallery-note" data-id={item.entry.id.clone()}>
                <p><strong>{ "Gallery entry: " }{ item.entry.title.clone() }</strong></p>
                <p class="small">
                    { format::rich(&item.entry.wrong) }{ " " }
                    <a href={format!("#{}", item.link)} data-testid="gallery-note-link">{ "Share link" }</a>
                </p>
            </div>
        }
    });
    html! {
        <section class="panel panel-token" aria-labelledby="token-heading">
            <h2 id="token-heading">{ "Token" }</h2>
            <label for="token-input">
                { "Paste a JWT (an EKS service-account token, a GitHub Actions OIDC token, …)" }
            </label>
            <div class="token-editor">
            <div class="token-backdrop mono" aria-hidden="true" ref={backdrop.clone()} data-testid="token-colored">
                { coloured(&props.token) }
            </div>
            <textarea
                id="token-input"
                data-testid="token-input"
                class={classes!("mono", "token-input", (!props.token.is_empty()).then_some("coloured"))}
                onscroll={on_scroll}
                rows="7"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder="eyJhbGciOiJSUzI1NiIsImtpZCI6…"
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then_some("decode-error")}
                value={props.token.clone()}
                {oninput}
            />
            </div>
            <div class="button-row">
                <button type="button" data-testid="example-button" onclick={on_example}>
                    { "Try an example" }
                </button>
                <GalleryControl on_load={props.on_gallery.clone()} />
                <button type="button" class="secondary" data-testid="clear-button"
                        title="Clear the token and any keys fetched for it"
                        onclick={on_clear}>
                    { "Clear" }
                </button>
                if let Some(len) = props.length {
                    <span class="small muted">{ format!("{len} characters") }</span>
                }
            </div>
            { props.children.clone() }
            { repairs.unwrap_or_default() }
            if let Some(error) = &props.error {
                { decode_error::view(error) }
            }
            { gallery_note.unwrap_or_default() }
            { example_note.unwrap_or_default() }
        </section>
    }
}

/// The text of the box coloured by part, as jwt.io does: header, payload and signature, the dots
/// between them plain. Text only: nothing in the token is read as markup.
fn coloured(text: &str) -> Html {
    let mut parts = text.splitn(3, '.');
    let header = parts.next().unwrap_or_default();
    let payload = parts.next();
    let signature = parts.next();
    html! {
        <>
            <span class="seg-header">{ header.to_owned() }</span>
            if let Some(payload) = payload {
                { "." }<span class="seg-payload">{ payload.to_owned() }</span>
            }
            if let Some(signature) = signature {
                { "." }<span class="seg-signature">{ signature.to_owned() }</span>
            }
            // A final newline keeps the last line's height when the text ends with one.
            { "\n" }
        </>
    }
}
