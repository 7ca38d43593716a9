//! "Audit roles": every role of `aws iam list-roles` or `get-account-authorization-details`
//! output that trusts a web-identity provider, with its findings, most serious first
//! ([`audit::audit`]).

use yew::prelude::*;

use super::super::copy_button::CopyButton;
use super::super::format::rich;
use super::fields::TextField;
use crate::core::answers::audit::{self, Audit, AuditFinding};

/// The audit tool.
#[component]
pub fn AuditTool() -> Html {
    let text = use_state(String::new);
    let result = use_memo((*text).clone(), |t| {
        (!t.trim().is_empty()).then(|| audit::audit(t))
    });
    let on_input = {
        let text = text.clone();
        Callback::from(move |t: String| text.set(t))
    };
    html! {
        <section class="panel" aria-labelledby="audit-heading" data-testid="tool-panel-audit">
            <h2 id="audit-heading">{ "Audit roles" }</h2>
            <TextField id="audit-input" rows={8} value={(*text).clone()} {on_input}
                       label="The output of `aws iam list-roles` or `aws iam get-account-authorization-details` (JSON)" />
            { match &*result {
                None => html! {},
                Some(Err(why)) => html! {
                    <p class="field-error wrap" role="alert" data-testid="audit-error">{ rich(why) }</p>
                },
                Some(Ok(a)) => audit_view(a),
            } }
        </section>
    }
}

fn audit_view(a: &Audit) -> Html {
    let highest = a.highest().map(|s| s.as_str()).unwrap_or("none");
    html! {
        <div data-testid="audit-report" data-highest={highest}>
            <p class="wrap">
                { format!("{} roles read; {} trust a web-identity provider; {} findings (most serious: {highest}).",
                          a.roles_read, a.roles.len(), a.findings.len()) }
            </p>
            { for a.notes.iter().map(|n| html! { <p class="small muted wrap">{ rich(n) }</p> }) }
            <ul class="findings">{ for a.findings.iter().map(finding) }</ul>
        </div>
    }
}

fn finding(f: &AuditFinding) -> Html {
    let severity = f.severity.as_str();
    html! {
        <li class="finding" data-code={f.code} data-severity={severity} data-role={f.role.clone()}>
            <p class="finding-title wrap">
                <span class="badge">{ severity }</span>{ " " }
                <strong>{ rich(&f.title) }</strong>
                if let Some(role) = &f.role {
                    { " — role " }<code>{ role.clone() }</code>
                }
            </p>
            if let Some(p) = &f.provider {
                <p class="small wrap">{ "Provider: " }<code>{ p.clone() }</code></p>
            }
            <p class="small wrap">{ rich(&f.detail) }</p>
            <p class="small wrap"><strong>{ "Fix: " }</strong>{ rich(&f.fix) }</p>
            if let Some(p) = &f.narrower_policy {
                <details>
                    <summary class="small">{ "A narrower trust policy" }</summary>
                    <pre class="code-block mono" tabindex="0" aria-label="A narrower trust policy">{ p.clone() }</pre>
                    <CopyButton text={p.clone()} label="Copy the narrower trust policy" />
                </details>
            }
        </li>
    }
}
