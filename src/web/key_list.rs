//! The keys in use ([`KeysView`]), marking the one that verified the signature.
//!
//! [`KeysView`]: crate::core::report::KeysView

use yew::prelude::*;

use crate::core::jwk::{KeySet, KeySummary};
use crate::core::report::KeysView;

use super::format;

/// The report's view of the keys, with the key set itself (for per-key problems), the index of
/// the key that verified the signature and where the keys came from, in words. A plain function:
/// the keys panel renders it.
pub fn view(keys: &KeysView, set: &KeySet, verified: Option<usize>, source: String) -> Html {
    let problems = |index: usize| -> Vec<String> {
        set.keys
            .iter()
            .filter(|k| k.index == index)
            .flat_map(|k| {
                let private = (!k.private_members.is_empty())
                    .then(|| format!("carries private members: {}", k.private_members.join(", ")));
                k.problems.iter().cloned().chain(private)
            })
            .collect()
    };
    let key = |k: &KeySummary| -> Html {
        let verified = verified == Some(k.index);
        let issues = problems(k.index);
        let size = k.bits.map(|b| format!(" {b}-bit")).unwrap_or_default();
        html! {
            <li class={classes!("key", verified.then_some("key-verified"))}
                data-verified={verified.to_string()}>
                <p class="key-title">
                    { format!("Key {} · {}{size}", k.index + 1, k.kty) }
                    if verified {
                        { " " }
                        <span class="badge status-pass">{ "✓ verified the signature" }</span>
                    }
                </p>
                <dl class="facts compact">
                    <dt>{ "kid" }</dt>
                    <dd class="mono wrap">
                        { k.kid.clone().unwrap_or_else(|| "(none)".to_string()) }
                    </dd>
                    <dt>{ "alg" }</dt>
                    <dd class="mono">{ k.alg.clone().unwrap_or_else(|| "(not set)".to_string()) }</dd>
                    <dt>{ "Thumbprint" }</dt>
                    <dd class="mono wrap" title="RFC 7638 JWK thumbprint (SHA-256)">
                        { k.thumbprint.clone().unwrap_or_else(|| "(not computable)".to_string()) }
                    </dd>
                </dl>
                if !issues.is_empty() {
                    <ul class="notes">
                        { for issues.into_iter().map(|p| html! { <li class="wrap">{ format::rich(&p) }</li> }) }
                    </ul>
                }
            </li>
        }
    };
    // The key that verified and any key with a problem stay in view; the rest of a rotation
    // set says nothing about this token and is folded.
    let (shown, folded): (Vec<&KeySummary>, Vec<&KeySummary>) = keys
        .keys
        .iter()
        .partition(|k| verified.is_none_or(|v| v == k.index) || !problems(k.index).is_empty());
    html! {
        <div class="key-list" data-testid="key-list">
            <h3>{ "Keys in use" }</h3>
            <p class="small wrap" data-testid="key-source">{ "Source: " }{ source }</p>
            if keys.keys.is_empty() {
                <p class="small muted">{ "The key set has no keys." }</p>
            } else {
                <ul class="keys">
                    { for shown.iter().map(|k| key(k)) }
                </ul>
                if !folded.is_empty() {
                    <details class="other-keys" data-testid="other-keys">
                        <summary>{ format!("{} other key{} in the set (not used for this token)", folded.len(), if folded.len() == 1 { "" } else { "s" }) }</summary>
                        <ul class="keys">
                            { for folded.iter().map(|k| key(k)) }
                        </ul>
                    </details>
                }
            }
            if !keys.skipped.is_empty() {
                <ul class="notes">
                    { for keys.skipped.iter().map(|(i, why)| html! {
                        <li class="wrap">{ format!("entry {} skipped: {why}", i + 1) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}
