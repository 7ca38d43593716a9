//! Labelled inputs shared by the tools.

use yew::prelude::*;

/// Properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The element id (also its `data-testid`).
    pub id: AttrValue,
    /// The label.
    pub label: AttrValue,
    /// The value.
    pub value: AttrValue,
    /// A placeholder.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Rows: a textarea when more than one.
    #[prop_or(1)]
    pub rows: u32,
    /// Called with the new text.
    pub on_input: Callback<String>,
}

/// A labelled text input or textarea (the page's `.field` layout).
#[component]
pub fn TextField(props: &Props) -> Html {
    let on_input = props.on_input.clone();
    let id = props.id.clone();
    let input = if props.rows > 1 {
        let oninput = Callback::from(move |e: InputEvent| {
            on_input.emit(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            );
        });
        html! {
            <textarea id={id.clone()} data-testid={id.clone()} class="mono" rows={props.rows.to_string()}
                      spellcheck="false" autocomplete="off" autocapitalize="off"
                      placeholder={props.placeholder.clone()} value={props.value.clone()} {oninput} />
        }
    } else {
        let oninput = Callback::from(move |e: InputEvent| {
            on_input.emit(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
        });
        html! {
            <input id={id.clone()} data-testid={id.clone()} type="text" class="mono" spellcheck="false"
                   autocomplete="off" autocapitalize="off" placeholder={props.placeholder.clone()}
                   value={props.value.clone()} {oninput} />
        }
    };
    html! {
        <div class="field">
            <label for={id}>{ props.label.clone() }</label>
            { input }
        </div>
    }
}
