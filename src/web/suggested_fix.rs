//! The core's suggested fix: the changed settings, what the edited policy changes (a line diff)
//! and the whole edited policy, with a button that applies them all.

use yew::prelude::*;

use crate::core::invisible;

use super::copy_button::CopyButton;
use super::format;
use super::line_diff::{self, Change};
use crate::core::session::SettingField as Field;

/// Properties of [`SuggestedFix`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The policy as it is now.
    pub current_policy: AttrValue,
    /// The policy with the fix applied.
    pub policy: Option<AttrValue>,
    /// Settings to change: (field, value).
    pub settings: Vec<(Field, String)>,
    /// What the edit is, when it is one of several ways rather than the fix (the core's
    /// `PolicyMechanism::suggested_policy_label`).
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// "Apply suggested fix".
    pub on_apply: Callback<()>,
}

/// The policy as the core prints policies (pretty JSON), so that the diff shows edits, not
/// formatting; the text itself when it is not JSON.
fn normalised(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_string())
}

/// The suggested fix.
#[component]
pub fn SuggestedFix(props: &Props) -> Html {
    let onclick = props.on_apply.reform(|_: MouseEvent| ());
    // Recomputed only when either policy changes, not on every render of the verdict.
    let diff = use_memo(
        (props.current_policy.clone(), props.policy.clone()),
        |(current, policy)| {
            policy
                .as_ref()
                .and_then(|p| line_diff::diff(&normalised(current), p, 2))
        },
    );
    let diff = (*diff).clone();
    // Hidden characters in the policies' strings as \uXXXX escapes: the same JSON, made visible.
    let visible = |json: &str| invisible::escape_in_json(json).unwrap_or_else(|| json.to_owned());
    html! {
        <div class="suggested-fix" data-testid="suggested-fix">
            if let Some(label) = props.label.clone() {
                <p class="small wrap" data-testid="suggested-fix-label">{ label }</p>
            }
            <div class="button-row">
                <button type="button" data-testid="apply-fix" {onclick}>{ "Apply suggested fix" }</button>
                <span class="small muted">{ "Changes the fields on this page only; nothing is sent to AWS." }</span>
            </div>
            if !props.settings.is_empty() {
                <ul class="setting-changes" data-testid="suggested-settings">
                    { for props.settings.iter().map(|(field, value)| html! {
                        <li class="wrap">
                            <span class="setting-name">{ field.label() }</span>{ " → " }
                            <bdi class="mono value">{ format::shown(value) }</bdi>
                        </li>
                    }) }
                </ul>
            }
            if let Some(lines) = diff.filter(|d| !d.is_empty()) {
                <p class="small"><strong>{ "What the edited policy changes:" }</strong></p>
                <pre class="mono code-block diff" tabindex="0" data-testid="suggested-policy-diff">
                    { for lines.into_iter().map(|(change, text)| {
                        let (class, mark) = match change {
                            Change::Removed => ("del", "- "),
                            Change::Added => ("ins", "+ "),
                            Change::Same => ("same", "  "),
                            Change::Gap => ("gap", "  "),
                        };
                        // A hanging indent: a wrapped line goes on under its own text, not at the margin.
                        let indent = format!("i{}", (text.len() - text.trim_start_matches(' ').len()).min(20));
                        html! { <span class={classes!("diff-line", class, indent)}>{ mark }{ visible(&text) }{ "\n" }</span> }
                    }) }
                </pre>
            }
            if let Some(policy) = props.policy.as_deref().map(|p| AttrValue::from(visible(p))) {
                // The diff above shows the change; the whole policy, to copy, is one click away.
                <details class="suggested-policy" data-testid="suggested-policy-details">
                    <summary>{ "The whole edited policy" }</summary>
                    <div class="pre-head">
                        <span class="small">{ "Paste it into the role's trust relationships:" }</span>
                        <CopyButton text={policy.clone()} label="Copy the edited policy" />
                    </div>
                    <pre class="mono code-block" tabindex="0" data-testid="suggested-policy">{ policy }</pre>
                </details>
            }
        </div>
    }
}
