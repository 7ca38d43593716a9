//! The signature verdict from [`SignatureReport`]: status, message, reason code, the key that
//! verified, every key tried, and the header findings.
//!
//! [`SignatureReport`]: crate::core::verify::SignatureReport

use yew::prelude::*;

use super::shared::Shared;

use crate::core::jwk::KeySummary;
use crate::core::report::Report;
use crate::core::verify::SignatureStatus;

use super::findings_list;
use super::format;

/// Properties of [`SignaturePanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The report, when the token decodes.
    pub report: Option<Shared<Report>>,
    /// True when there is text that does not decode (as opposed to no text at all).
    pub decode_failed: bool,
}

fn key_name(k: &KeySummary) -> String {
    match &k.kid {
        Some(kid) => format!("key {} (kid {kid})", k.index + 1),
        None => format!("key {} (no kid)", k.index + 1),
    }
}

fn status_box(
    status: SignatureStatus,
    recorded: bool,
    message: String,
    reason: Option<&'static str>,
) -> Html {
    let (class, headline) = format::signature(status, recorded);
    html! {
        <div class={classes!("sig-status", class)} data-testid="signature-status"
             data-status={status.as_str()} data-recorded={recorded.then_some("true")}
             role="status" aria-live="polite">
            <p class="sig-headline">{ headline }</p>
            <p class="wrap" data-testid="signature-message">{ format::rich(&message) }</p>
            if let Some(code) = reason {
                <p class="small">{ "Reason code: " }<code data-testid="signature-reason">{ code }</code></p>
            }
        </div>
    }
}

/// The signature panel.
#[component]
pub fn SignaturePanel(props: &Props) -> Html {
    let Some(report) = props.report.as_ref() else {
        let message = if props.decode_failed {
            "the text in the token box is not a token, so there is no signature to check"
        } else {
            "paste a token to check its signature"
        };
        return html! {
            <section class="panel panel-signature" aria-labelledby="sig-heading">
                <h2 id="sig-heading">{ "Signature" }</h2>
                { status_box(SignatureStatus::Unverified, false, message.to_string(), None) }
            </section>
        };
    };
    let sig = &report.signature;
    let facts = html! {
        <dl class="facts">
            <dt>{ "Algorithm" }</dt>
            <dd class="mono">{ sig.alg.clone().unwrap_or_else(|| "(none)".to_string()) }</dd>
            <dt>{ "Key id (kid)" }</dt>
            <dd class="mono wrap">{ sig.kid.clone().unwrap_or_else(|| "(none)".to_string()) }</dd>
            if let Some(key) = &sig.key {
                <dt>{ "Verified with" }</dt>
                <dd data-testid="signature-key">
                    <span class="wrap">{ key_name(key) }{ " · " }{ key.kty.clone() }
                        if let Some(bits) = key.bits { { format!(" · {bits}-bit") } }
                    </span>
                </dd>
                <dt>{ "RFC 7638 thumbprint" }</dt>
                <dd class="mono wrap" data-testid="signature-thumbprint">
                    { key.thumbprint.clone().unwrap_or_else(|| "(not computable)".to_string()) }
                </dd>
            }
        </dl>
    };
    // When the only key tried is the one that verified, the list repeats the facts above: folded.
    let confirms = matches!(sig.attempts.as_slice(), [only] if only.reason.is_none());
    let attempts = (!sig.attempts.is_empty()).then(|| {
        let list = html! {
                <ol class="attempts" data-testid="signature-attempts">
                    { for sig.attempts.iter().map(|a| {
                        let (class, outcome) = match a.reason {
                            None => ("status-pass", "✓ verified".to_string()),
                            Some(r) => ("status-fail", format!("✗ {}", r.code())),
                        };
                        html! {
                            <li>
                                <span class="wrap">{ key_name(&a.key) }</span>{ " " }
                                <span class={classes!("badge", class)}>{ outcome }</span>
                                <p class="small wrap">{ format::rich(&a.message) }</p>
                            </li>
                        }
                    }) }
                </ol>
        };
        if confirms {
            html! {
                <details class="attempts-folded" data-testid="signature-attempts-folded">
                    <summary>{ "Keys tried: 1, the one that verified" }</summary>
                    { list }
                </details>
            }
        } else {
            html! { <><h3>{ "Keys tried" }</h3>{ list }</> }
        }
    });
    html! {
        <section class="panel panel-signature" aria-labelledby="sig-heading">
            <h2 id="sig-heading">{ "Signature" }</h2>
            { status_box(sig.status, sig.recorded, sig.message.clone(), sig.reason.map(|r| r.code())) }
            { facts }
            { attempts.unwrap_or_default() }
            <h3>{ "Header" }</h3>
            { findings_list::view(&sig.findings, "No key material or key URLs in the header.") }
            <p class="small muted">
                { "Keys come only from the issuer's JWKS or from what you paste. URLs in the \
                   token header (jku, x5u) are never fetched by this page, and embedded keys \
                   (jwk, x5c) are never used." }
            </p>
        </section>
    }
}
