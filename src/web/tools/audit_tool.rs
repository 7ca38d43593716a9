//! "Audit roles": every role of `aws iam list-roles` or `get-account-authorization-details`
//! output that trusts a web-identity provider, with its findings, most serious first
//! ([`audit::audit`]).
//!
//! An account can hold hundreds of roles, and each is read by the engine: the tool runs the
//! audit in steps ([`AuditRun`]), at most [`ROLES_PER_SLICE`] roles or [`SLICE_MS`] at a time,
//! and yields to the browser between them ("N of M roles"), so the page stays responsive. A new text stops the run under way. The
//! result is the one [`audit::audit`] gives (a core test checks it).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

use super::super::copy_button::CopyButton;
use super::super::format::rich;
use super::fields::TextField;
use crate::core::answers::audit::{Audit, AuditFinding, AuditRun, AuditSeverity};

/// How long one slice of the audit may hold the browser's thread before it yields, in ms.
const SLICE_MS: f64 = 40.0;
/// The most roles one slice audits, however fast they go (so "N of M" moves in steps a test can
/// count: `tests/browser/tools.test.mjs`).
const ROLES_PER_SLICE: usize = 25;
/// How long a text must stay unchanged before its audit starts (typing restarts it), in ms.
const SETTLE_MS: u32 = 80;

/// Where the audit of the current text stands.
#[derive(Debug, Clone, PartialEq)]
enum Progress {
    /// No text.
    Idle,
    /// `done` of `total` roles audited.
    Running { done: usize, total: usize },
    /// The audit, or why the text cannot be audited.
    Finished(Rc<Result<Audit, String>>),
}

/// Runs the audit of `text`, a slice at a time, while `generation` is still `mine`.
async fn run(
    text: String,
    progress: UseStateHandle<Progress>,
    generation: Rc<RefCell<u64>>,
    mine: u64,
) {
    let current = || *generation.borrow() == mine;
    TimeoutFuture::new(SETTLE_MS).await;
    if !current() {
        return;
    }
    let mut audit = match AuditRun::start(&text) {
        Ok(a) => a,
        Err(why) => return progress.set(Progress::Finished(Rc::new(Err(why)))),
    };
    while !audit.is_done() {
        progress.set(Progress::Running {
            done: audit.done(),
            total: audit.total(),
        });
        TimeoutFuture::new(0).await;
        if !current() {
            return;
        }
        let started = js_sys::Date::now();
        let end = audit.done().saturating_add(ROLES_PER_SLICE);
        while audit.done() < end && !audit.is_done() && js_sys::Date::now() - started < SLICE_MS {
            audit.step(1);
        }
    }
    progress.set(Progress::Finished(Rc::new(Ok(audit.finish()))));
}

/// The audit tool.
#[component]
pub fn AuditTool() -> Html {
    let text = use_state(String::new);
    let progress = use_state(|| Progress::Idle);
    // Each text gets a generation; a run whose generation is no longer current stops.
    let generation = use_mut_ref(|| 0_u64);
    {
        let progress = progress.clone();
        use_effect_with((*text).clone(), move |t| {
            let mine = {
                let mut g = generation.borrow_mut();
                *g = g.wrapping_add(1);
                *g
            };
            if t.trim().is_empty() {
                progress.set(Progress::Idle);
            } else {
                wasm_bindgen_futures::spawn_local(run(
                    t.clone(),
                    progress,
                    Rc::clone(&generation),
                    mine,
                ));
            }
            // Unmounted, or a new text: the run under way stops at its next slice.
            move || {
                let mut g = generation.borrow_mut();
                *g = g.wrapping_add(1);
            }
        });
    }
    let on_input = {
        let text = text.clone();
        Callback::from(move |t: String| text.set(t))
    };
    html! {
        <section class="panel" aria-labelledby="audit-heading" data-testid="tool-panel-audit">
            <h2 id="audit-heading" tabindex="-1" data-testid="tool-heading">{ "Audit roles" }</h2>
            <TextField id="audit-input" rows={8} value={(*text).clone()} {on_input}
                       label="The JSON output of aws iam list-roles or aws iam get-account-authorization-details" />
            { match &*progress {
                Progress::Idle => html! {},
                Progress::Running { done, total } => html! {
                    <p class="small" role="status" data-testid="audit-progress"
                       data-done={done.to_string()} data-total={total.to_string()}>
                        <label for="audit-progress-bar">{ format!("Auditing: {done} of {total} roles") }</label>
                        { " " }
                        <progress id="audit-progress-bar" max={total.to_string()} value={done.to_string()} />
                    </p>
                },
                Progress::Finished(result) => match &**result {
                    Err(why) => html! {
                        <p class="field-error wrap" role="alert" data-testid="audit-error">{ rich(why) }</p>
                    },
                    Ok(a) => audit_view(a),
                },
            } }
        </section>
    }
}

fn audit_view(a: &Audit) -> Html {
    let highest = a.highest().map(|s| s.as_str()).unwrap_or("none");
    html! {
        <div data-testid="audit-report" data-highest={highest} data-roles-read={a.roles_read.to_string()}>
            <p class="wrap">
                { format!("{} roles read; {} trust a web-identity provider; {} findings (most serious: {highest}).",
                          a.roles_read, a.roles.len(), a.findings.len()) }
            </p>
            { for a.notes.iter().map(|n| html! { <p class="small muted wrap">{ rich(n) }</p> }) }
            <ul class="findings">{ for a.findings.iter().map(finding) }</ul>
        </div>
    }
}

/// The page's severity class for an audit severity (`static/style.css`: the badge's colours and
/// the finding's left border, as the page's own findings have them).
fn severity_class(s: AuditSeverity) -> &'static str {
    match s {
        AuditSeverity::High => "sev-danger",
        AuditSeverity::Medium => "sev-warning",
        AuditSeverity::Low => "sev-info",
    }
}

fn finding(f: &AuditFinding) -> Html {
    let severity = f.severity.as_str();
    let class = severity_class(f.severity);
    html! {
        <li class={classes!("finding", class)} data-code={f.code} data-severity={severity} data-role={f.role.clone()}>
            <p class="finding-title wrap">
                <span class={classes!("badge", class)}>{ severity }</span>{ " " }
                <strong>{ rich(&f.title) }</strong>
                if let Some(role) = &f.role {
                    { " — role " }<code>{ role.clone() }</code>
                }
            </p>
            if let Some(p) = &f.provider {
                <p class="small wrap">{ "Provider: " }<code>{ p.clone() }</code></p>
            }
            <p class="small wrap">{ rich(&f.detail) }</p>
            // The detail already says what to change when the fix is the detail itself.
            if !f.fix_is_detail {
                <p class="small wrap" data-testid="audit-fix"><strong>{ "Fix: " }</strong>{ rich(&f.fix) }</p>
            }
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
