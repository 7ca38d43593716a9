//! The trust-policy editor: a monospace text area, the parse error (with its line marked) and the
//! problems the core found while reading the policy.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::copy_button::CopyButton;

use crate::core::policy::{PolicyError, PolicyProblem};

use super::events;
use super::format;

/// Properties of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The policy text.
    pub text: AttrValue,
    /// Why the text cannot be read at all.
    pub error: Option<PolicyError>,
    /// What the core noted while reading it.
    pub problems: Vec<PolicyProblem>,
    /// The text changed.
    pub on_input: Callback<String>,
}

/// The offending line and a caret under the column, when the position is inside the text.
fn excerpt(text: &str, line: usize, column: Option<usize>) -> Option<(String, String)> {
    let content = text.lines().nth(line.checked_sub(1)?)?;
    let col = column.unwrap_or(1).max(1);
    // Keep tabs so the caret lines up under them.
    let pad: String = content
        .chars()
        .take(col - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some((content.to_string(), format!("{pad}^")))
}

/// UTF-16 offsets (as text areas count) of the start and end of `line` (1-based).
fn line_range(text: &str, line: usize) -> Option<(u32, u32)> {
    let mut start = 0_usize;
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count();
        if i + 1 == line {
            return Some((u32::try_from(start).ok()?, u32::try_from(start + len).ok()?));
        }
        start += len + 1;
    }
    None
}

/// The editor.
#[component]
pub fn PolicyEditor(props: &Props) -> Html {
    let area = use_node_ref();
    let oninput = events::on_text(&props.on_input);
    let on_clear = props.on_input.reform(|_: MouseEvent| String::new());
    let error = props.error.as_ref().map(|e| {
        let position = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("line {l}, column {c}: "),
            (Some(l), None) => format!("line {l}: "),
            _ => String::new(),
        };
        let shown = e.line.and_then(|l| excerpt(&props.text, l, e.column));
        let select = e.line.and_then(|l| line_range(&props.text, l)).map(|(from, to)| {
            let area = area.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                    let _ = el.focus();
                    let _ = el.set_selection_range(from, to);
                }
            })
        });
        html! {
            <div class="alert alert-error" role="alert" data-testid="policy-error"
                 data-line={e.line.map(|l| l.to_string())}
                 data-column={e.column.map(|c| c.to_string())}>
                <p class="alert-title wrap">
                    { "The trust policy cannot be read: " }{ position }
                    { format::rich(e.reason()) }
                </p>
                if let Some((line_text, caret)) = shown {
                    <pre class="mono code-block excerpt" tabindex="0" aria-label="The line with the error">
                        <span class="line-no">{ format!("{:>4} │ ", e.line.unwrap_or_default()) }</span>
                        { line_text }{ "\n" }
                        <span class="line-no">{ "     │ " }</span>
                        <mark class="caret">{ caret }</mark>
                    </pre>
                }
                <p class="small">
                    { "The rest of the page still works; the STS verdict waits for a readable policy." }
                    if let Some(onclick) = select {
                        { " " }
                        <button type="button" class="secondary small-button"
                                data-testid="policy-error-show" {onclick}>
                            { "Select the line in the editor" }
                        </button>
                    }
                </p>
            </div>
        }
    });
    let problems = (!props.problems.is_empty()).then(|| {
        html! {
            <ul class="checks" data-testid="policy-problems">
                { for props.problems.iter().map(|p| {
                    let (class, label) = if p.malformed {
                        ("status-fail", "IAM would refuse this")
                    } else {
                        ("status-warn", "note")
                    };
                    let at = match (p.line, p.column) {
                        (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
                        _ => String::new(),
                    };
                    html! {
                        <li class={classes!("check", format!("row-{class}"))}>
                            <p class="check-title">
                                <span class={classes!("badge", class)}>{ label }</span>
                                if !p.path.is_empty() {
                                    { " " }<code class="wrap">{ p.path.clone() }</code>
                                }
                                { at }
                            </p>
                            <p class="small wrap">{ format::rich(&p.message) }</p>
                        </li>
                    }
                }) }
            </ul>
        }
    });
    html! {
        <section class="panel panel-policy" aria-labelledby="policy-heading">
            <h2 id="policy-heading">{ "Role trust policy" }</h2>
            <label for="policy-input">{ "Paste the role's trust policy (JSON)" }</label>
            <p class="small muted" id="policy-help">
                { "IAM console: the role's Trust relationships tab. CLI: " }
                <code>{ "aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument" }</code>
            </p>
            <textarea
                id="policy-input"
                data-testid="policy-input"
                class="mono policy-input"
                ref={area}
                rows="14"
                wrap="off"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby="policy-help"
                aria-invalid={props.error.is_some().then_some("true")}
                placeholder={"{\"Version\": \"2012-10-17\", \"Statement\": [ … ]}"}
                value={props.text.clone()}
                {oninput}
            />
            if !props.text.is_empty() {
                <div class="button-row">
                    <button type="button" class="secondary small-button" data-testid="policy-clear"
                            onclick={on_clear}>{ "Clear policy" }</button>
                    <CopyButton text={props.text.clone()} label="Copy the trust policy" />
                </div>
            }
            { error.unwrap_or_default() }
            { problems.unwrap_or_default() }
        </section>
    }
}
