//! The STS request and the role as the user describes them: the IAM OIDC provider (URL, client
//! IDs, thumbprints), RoleArn, RoleSessionName, DurationSeconds and the role's
//! MaxSessionDuration. Untouched fields follow the core's defaults for the token.

use yew::prelude::*;

use crate::core::sts::StsRequest;

use super::format;
use super::setting_field;
use crate::core::session::{SettingError, SettingField as Field, Settings};

/// Properties of [`RequestSettings`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The settings as typed.
    pub settings: Settings,
    /// The core's defaults for the token, when one decodes.
    pub defaults: Option<StsRequest>,
    /// Settings that could not be read.
    pub errors: Vec<SettingError>,
    /// What the core assumed (e.g. the account taken from the policy).
    pub assumptions: Vec<String>,
    /// A setting changed.
    pub on_change: Callback<(Field, String)>,
    /// "Reset to defaults".
    pub on_reset: Callback<()>,
}

/// The settings panel.
#[component]
pub fn RequestSettings(props: &Props) -> Html {
    let field = |f: Field, help: String, placeholder: &'static str, multiline: bool| {
        let error = props
            .errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.as_str());
        setting_field::view(setting_field::Props {
            field: f,
            help,
            value: props.settings.text(f, props.defaults.as_ref()),
            placeholder,
            multiline,
            error,
            follows_token: props.settings.follows_default(f) && props.defaults.is_some(),
            on_change: &props.on_change,
        })
    };
    let following = |f: Field, what: &str| {
        if props.settings.follows_default(f) && props.defaults.is_some() {
            format!(" Now: {what}.")
        } else {
            String::new()
        }
    };
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <section class="panel panel-settings" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{ "Request and role settings" }</h2>
            <p class="small muted">
                { "What STS is asked and what the role's account holds. Prefilled from the token; \
                   edit them to match your account." }
            </p>
            <h3>{ "IAM OIDC provider" }</h3>
            { field(Field::ProviderUrl,
                format!("The provider URL registered in the role's account. Empty: no provider \
                         is registered.{}", following(Field::ProviderUrl, "following the token's `iss` until you edit it")),
                "(no provider registered)", false) }
            { field(Field::ClientIds,
                "One per line or comma-separated. The default is `sts.amazonaws.com`.".to_string(),
                "(no client IDs)", true) }
            <details class="thumbprints">
                <summary>{ "Thumbprints (optional)" }</summary>
                { field(Field::Thumbprints,
                "SHA-1 fingerprints (40 hex characters), one per line.".to_string(), "", true) }
                { field(Field::ObservedThumbprint,
                "The SHA-1 fingerprint of the issuer's top intermediate CA as you see it with \
                     `openssl s_client -showcerts` (a page cannot see certificates). Empty: not checked."
                        .to_string(), "", false) }
            </details>
            <h3>{ "Request" }</h3>
            { field(Field::RoleArn,
                "Empty: the role's account is taken from the policy's `Federated` ARN.".to_string(),
                "arn:aws:iam::111122223333:role/NAME", false) }
            if !props.assumptions.is_empty() {
                <ul class="assumptions small" data-testid="settings-assumptions" aria-label="Assumptions">
                    { for props.assumptions.iter().map(|a| html! {
                        <li class="wrap"><strong>{ "Assumed: " }</strong>{ format::rich(a) }</li>
                    }) }
                </ul>
            }
            { field(Field::SessionName,
                "2–64 characters of letters, digits and `_+=,.@-`.".to_string(), "", false) }
            <div class="field-pair">
                { field(Field::Duration,
                "Empty: not set (SDKs ask for 3600).".to_string(), "(not set)", false) }
                { field(Field::MaxSession,
                "Seconds, 3600–43200 (default 3600).".to_string(), "3600", false) }
            </div>
            <div class="button-row">
                <button type="button" class="secondary small-button" data-testid="settings-reset"
                        onclick={on_reset}>{ "Reset to the defaults for this token" }</button>
            </div>
        </section>
    }
}
