//! One labelled request-setting input (or text area for lists), with its help text and the
//! reason its text could not be read.

use yew::prelude::*;

use super::events;
use super::format;
use crate::core::session::SettingField as Field;

/// What [`view`] shows.
pub struct Props<'a> {
    /// Which setting (its name is the input's id and `data-testid`).
    pub field: Field,
    /// What the setting means and its default.
    pub help: String,
    /// The text shown.
    pub value: String,
    /// Shown while empty.
    pub placeholder: &'static str,
    /// A text area (for lists).
    pub multiline: bool,
    /// Why the text could not be read.
    pub error: Option<&'a str>,
    /// The value still follows the default derived from the token.
    pub follows_token: bool,
    /// The value changed.
    pub on_change: &'a Callback<(Field, String)>,
}

/// The field, labelled with the setting's own label. A plain function: the settings panel
/// renders it.
pub fn view(props: Props<'_>) -> Html {
    let field = props.field;
    let id = field.as_str();
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    // The error is read with the field (not announced as an alert on every keystroke).
    let described_by = if props.error.is_some() {
        format!("{help_id} {error_id}")
    } else {
        help_id.clone()
    };
    let invalid = props.error.is_some().then_some("true");
    let follows = props.follows_token.then_some("token");
    let oninput = events::on_text(&props.on_change.reform(move |text: String| (field, text)));
    let input = if props.multiline {
        html! {
            <textarea id={id} data-testid={id} class="mono" rows="2" spellcheck="false"
                      autocomplete="off" autocapitalize="off" aria-describedby={described_by.clone()}
                      aria-invalid={invalid} data-follows={follows} placeholder={props.placeholder}
                      value={props.value} {oninput} />
        }
    } else {
        html! {
            <input id={id} data-testid={id} type="text" class="mono" spellcheck="false"
                   autocomplete="off" autocapitalize="off" aria-describedby={described_by}
                   aria-invalid={invalid} data-follows={follows} placeholder={props.placeholder}
                   value={props.value} {oninput} />
        }
    };
    html! {
        <div class="field">
            <label for={id}>{ field.label() }</label>
            { input }
            <p class="small muted field-help wrap" id={help_id}>{ format::rich(&props.help) }</p>
            if let Some(error) = props.error {
                <p class="field-error small wrap" id={error_id.clone()} data-testid={error_id}>
                    { format::rich(error) }
                </p>
            }
        </div>
    }
}
