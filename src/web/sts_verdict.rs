//! The verdict: would `AssumeRoleWithWebIdentity` return credentials, and if not, the exact AWS
//! error (code, message, HTTP status), the failure mode, the summary and the fix — from
//! [`StsReport`], with the core's suggested fix.
//!
//! [`StsReport`]: crate::core::sts::StsReport

use yew::prelude::*;

use super::shared::Shared;

use crate::core::report::Report;
use crate::core::sts::{FailureMode, Outcome, Proviso, StsReport};

use super::copy_button::CopyButton;
use super::format;
use super::state::Fix;
use super::sts_strip;
use super::suggested_fix::SuggestedFix;

/// Properties of [`StsVerdict`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The report, when the token decodes.
    pub report: Option<Shared<Report>>,
    /// True when there is text that does not decode.
    pub decode_failed: bool,
    /// The policy text as it is now (for the diff of a suggested policy).
    pub policy: AttrValue,
    /// "Apply suggested fix": the edited policy, if any, and the settings to change.
    pub on_apply: Callback<Fix>,
    /// "Evaluate at the token's issue time": sets the evaluation time (unix seconds).
    pub on_eval_at: Callback<i64>,
}

/// What the verdict box shows.
struct Shown {
    /// `data-outcome`: success / failure / undetermined, or empty when there is no prediction.
    outcome: &'static str,
    /// `data-error-code`.
    code: &'static str,
    /// The box's class.
    class: &'static str,
    /// The one-line headline.
    headline: String,
    /// Everything below the headline.
    body: Html,
}

// Every state renders the same skeleton — section, heading, box, headline paragraph — so the
// headline's live region stays the same element: screen readers announce the outcome when it
// changes (and not the whole explanation on every keystroke).
fn shell(shown: Shown, verdict_ref: NodeRef, after: Html) -> Html {
    html! {
        <section class="panel panel-verdict" aria-labelledby="verdict-heading">
            <h2 id="verdict-heading">{ "What STS would do" }</h2>
            <div id="verdict" class={classes!("verdict", shown.class)} data-testid="sts-verdict"
                 data-outcome={shown.outcome} data-error-code={shown.code}
                 tabindex="-1" ref={verdict_ref}>
                <p class="verdict-headline" role="status" aria-atomic="true">{ shown.headline }</p>
                { shown.body }
            </div>
            { after }
        </section>
    }
}

/// "N caveats where AWS documents nothing and M assumptions" (the link to the "Not facts" box).
fn not_facts_words(caveats: usize, assumptions: usize) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (caveats, assumptions) {
        (0, a) => count(
            a,
            "assumption of this prediction",
            "assumptions of this prediction",
        ),
        (c, 0) => count(
            c,
            "caveat where AWS documents nothing",
            "caveats where AWS documents nothing",
        ),
        (c, a) => format!(
            "{} and {}",
            count(
                c,
                "caveat where AWS documents nothing",
                "caveats where AWS documents nothing"
            ),
            count(a, "assumption", "assumptions")
        ),
    }
}

/// The verdict.
#[component]
pub fn StsVerdict(props: &Props) -> Html {
    let verdict_ref = use_node_ref();
    let Some(report) = props.report.as_ref() else {
        let (text, body) = if props.decode_failed {
            (
                "The text in the token box is not a token, so there is nothing to send to STS.",
                Html::default(),
            )
        } else {
            // The API's name in the small print: as a headline word it is wider than a phone.
            (
                "Paste a token below to see what STS would answer.",
                html! {
                    <p class="small">
                        { "The answer to " }<code>{ "sts:AssumeRoleWithWebIdentity" }</code>
                        { " is predicted in your browser, check by check." }
                    </p>
                },
            )
        };
        let shown = Shown {
            outcome: "",
            code: "",
            class: "verdict-none",
            headline: text.to_string(),
            body,
        };
        return shell(shown, verdict_ref, Html::default());
    };
    let Some(sts) = report.sts.as_ref() else {
        let position = format::policy_error(report)
            .map(|e| match (e.line, e.column) {
                (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
                (Some(l), None) => format!(" (line {l})"),
                _ => String::new(),
            })
            .unwrap_or_default();
        let shown = Shown {
            outcome: "",
            code: "",
            class: "verdict-none",
            headline: format!("No prediction: the trust policy cannot be read{position}"),
            body: html! {
                <p class="small">{ "Fix the policy text in the editor below; the error is shown under it." }</p>
            },
        };
        return shell(shown, verdict_ref, Html::default());
    };
    let code = sts.error_code.unwrap_or_default();
    let (class, headline) = match sts.outcome {
        // A policy IAM would not save today qualifies a success: the core's summary says so.
        Outcome::Success if !sts.provisos.is_empty() => {
            ("verdict-provisional", format!("✓ {}", sts.summary))
        }
        Outcome::Success => (
            "verdict-success",
            "✓ STS would return credentials".to_string(),
        ),
        // The signature's answer is on its way (the worker): say so, not "could not run".
        Outcome::Incomplete if sts.provisos.contains(&Proviso::SignatureBeingChecked) => (
            "verdict-incomplete",
            "… Checking the signature: no check fails so far".to_string(),
        ),
        Outcome::Incomplete => (
            "verdict-incomplete",
            "… Incomplete: no check fails, but not every check could run".to_string(),
        ),
        Outcome::Failure => (
            "verdict-failure",
            format!("✗ STS would refuse the call: {code}"),
        ),
        Outcome::Undetermined => (
            "verdict-undetermined",
            "? Undetermined: STS's answer cannot be predicted from what is given".to_string(),
        ),
    };
    let apply = {
        let on_apply = props.on_apply.clone();
        let policy = sts.suggested_policy.clone();
        let settings = sts.suggested_settings.clone();
        let verdict_ref = verdict_ref.clone();
        Callback::from(move |()| {
            on_apply.emit(Fix {
                policy: policy.clone(),
                settings: settings.clone(),
            });
            // The button goes away with the failure: keep focus on the new verdict.
            if let Some(el) = verdict_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    let has_fix = sts.suggested_policy.is_some() || !sts.suggested_settings.is_empty();
    let body = html! {
        <>
            { sts_strip::view(sts) }
            if sts.outcome == Outcome::Failure {
                <dl class="facts verdict-facts">
                    <dt>{ "Error code" }</dt>
                    <dd><code data-testid="sts-error-code">{ code }</code></dd>
                    <dt>{ "Message" }</dt>
                    <dd>
                        if let Some(message) = &sts.message {
                            <pre class="mono aws-message" tabindex="0" data-testid="sts-message">{ message.clone() }</pre>
                            <CopyButton text={message.clone()} label="Copy AWS's error message" />
                        } else {
                            <p class="small" data-testid="sts-message-unknown">
                                { "AWS does not document the exact message for this case." }
                            </p>
                        }
                    </dd>
                    if let Some(status) = sts.http_status {
                        <dt>{ "HTTP status" }</dt>
                        <dd data-testid="sts-http-status">{ status.to_string() }</dd>
                    }
                    if let Some(mode) = sts.failure_mode {
                        <dt>{ "Failure" }</dt>
                        <dd data-testid="sts-failure-mode" data-mode={mode.id()}>
                            { mode.title() }
                        </dd>
                    }
                </dl>
            }
            // A success's summary is its headline (with any proviso); others explain below it.
            if sts.outcome == Outcome::Incomplete {
                <ul class="provisos" data-testid="sts-provisos">
                    { for sts.provisos.iter().filter(|p| p.is_unchecked_step()).map(|p| html! {
                        <li class="wrap">{ format::rich(p.describe()) }</li>
                    }) }
                </ul>
            } else if sts.outcome != Outcome::Success {
                <p class="wrap" data-testid="sts-summary">{ format::rich(&sts.summary) }</p>
            }
            // An undetermined verdict can still name a failure (a condition IAM would not accept).
            if let (Outcome::Undetermined, Some(mode)) = (sts.outcome, sts.failure_mode) {
                <p class="small" data-testid="sts-failure-mode" data-mode={mode.id()}>
                    { "Failure: " }{ mode.title() }
                </p>
            }
            if let Some(list) = &sts.fix_list {
                // Several changes: one line each, not one long sentence.
                <div class="wrap verdict-fix" data-testid="sts-fix" data-items={list.items.len().to_string()}>
                    <p><strong>{ "Fix: " }</strong>{ format!("{} changes to ", list.items.len()) }{ format::rich(&list.lead) }{ ":" }</p>
                    <ul class="fix-list">
                        { for list.items.iter().map(|item| html! { <li>{ format::rich(item) }</li> }) }
                    </ul>
                </div>
            } else if let Some(fix) = &sts.fix {
                <p class="wrap verdict-fix" data-testid="sts-fix"><strong>{ "Fix: " }</strong>{ format::rich(fix) }</p>
            }
            { issue_time_button(report, &props.on_eval_at) }
            { also_failing(sts) }
            if !sts.caveats.is_empty() || !sts.assumptions.is_empty() {
                <p class="small muted" data-testid="not-facts-link">
                    <a href="#not-facts">{ not_facts_words(sts.caveats.len(), sts.assumptions.len()) }</a>
                    { ", under the step-by-step trace." }
                </p>
            }
        </>
    };
    let after = if has_fix {
        html! {
            <SuggestedFix current_policy={props.policy.clone()}
                          policy={sts.suggested_policy.clone().map(AttrValue::from)}
                          settings={sts.suggested_settings.clone()}
                          label={sts.suggested_policy.as_ref()
                              .and(sts.policy_mechanism)
                              .map(|m| AttrValue::Static(m.suggested_policy_label()))}
                          on_apply={apply} />
        }
    } else {
        Html::default()
    };
    let shown = Shown {
        outcome: sts.outcome.as_str(),
        code,
        class,
        headline,
        body,
    };
    shell(shown, verdict_ref, after)
}

/// For an expired token: one click evaluates at its issue time, so the checks an expiry hides
/// (GitHub tokens live about five minutes) show their own result.
fn issue_time_button(report: &Report, on_eval_at: &Callback<i64>) -> Html {
    let expired = report.sts.as_ref().is_some_and(|s| {
        s.steps.iter().any(|st| {
            st.failure
                .as_ref()
                .is_some_and(|f| f.mode == Some(FailureMode::TokenExpired))
        })
    });
    let Some(iat) = report
        .token
        .claims
        .get("iat")
        .and_then(serde_json::Value::as_i64)
        .filter(|_| expired)
    else {
        return Html::default();
    };
    let onclick = on_eval_at.reform(move |_: MouseEvent| iat);
    html! {
        <p class="button-row">
            <button type="button" data-testid="eval-at-iat" {onclick}>
                { "Evaluate at the token's issue time" }
            </button>
            <span class="small muted">{ "shows what would fail next with a fresh token" }</span>
        </p>
    }
}

/// "Then also": each later failing step, with its code, failure and fix.
fn also_failing(sts: &StsReport) -> Html {
    if sts.also_failing.is_empty() {
        return Html::default();
    }
    let items = sts
        .also_failing
        .iter()
        .filter_map(|id| sts.steps.iter().find(|s| s.id == *id))
        .map(|step| {
            let code = step.failure.as_ref().map_or("", |f| f.code);
            let mode = step.failure.as_ref().and_then(|f| f.mode);
            html! {
                <li class="wrap" data-step={step.id.as_str()} data-error-code={code}>
                    <strong>{ step.title }</strong>{ ": " }<code>{ code }</code>
                    if let Some(m) = mode {
                        { " — " }<span data-failure={m.id()}>{ m.title() }</span>
                    }
                    if let Some(fix) = &step.fix {
                        <br /><span class="small"><strong>{ "Fix: " }</strong>{ format::rich(fix) }</span>
                    }
                </li>
            }
        });
    html! {
        <div class="also-failing" data-testid="sts-also-failing">
            <p class="small"><strong>{ "Then also:" }</strong>{ " STS stops at the first failure; once it is fixed, these fail next." }</p>
            <ol>{ for items }</ol>
        </div>
    }
}
