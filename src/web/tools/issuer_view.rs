//! The recognised issuer preset ([`issuers::preset_for`]): its name, `sub` split into parts, the
//! condition keys IAM exposes, and the common mistakes, each with its source.

use yew::prelude::*;

use super::super::format::rich;
use crate::core::issuers::{Fact, IssuerExplanation, SubjectFormat};

/// Properties of [`IssuerView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The explanation.
    pub issuer: IssuerExplanation,
}

/// A documentation link (the core's constant URLs only, never a token's value).
fn source(url: &'static str) -> Html {
    html! { <a class="small" href={url} rel="noreferrer noopener" target="_blank">{ "source" }</a> }
}

fn fact(f: &Fact) -> Html {
    html! { <li class="wrap">{ rich(f.text) }{ " " }{ source(f.source) }</li> }
}

fn subject_format(format: &SubjectFormat) -> Html {
    match *format {
        SubjectFormat::Documented {
            pattern,
            source: url,
        } => html! {
            <p class="small wrap">{ "Documented format: " }<code>{ pattern }</code>{ " " }{ source(url) }</p>
        },
        SubjectFormat::Opaque { note, source: url } => html! {
            <p class="small wrap">{ rich(note) }{ " " }{ source(url) }</p>
        },
        SubjectFormat::Unconfirmed { note } => html! { <p class="small wrap">{ rich(note) }</p> },
    }
}

/// The issuer block.
#[component]
pub fn IssuerView(props: &Props) -> Html {
    let i = &props.issuer;
    let preset = i.preset;
    html! {
        <section class="panel" aria-labelledby="issuer-heading" data-testid="issuer" data-preset={preset.id.as_str()}>
            <h3 id="issuer-heading">{ "Issuer: " }{ preset.name }</h3>
            <p class="small wrap">
                { "How it is recognised: " }{ rich(preset.recognised_by) }{ ". " }{ source(preset.docs) }
            </p>
            if !i.issuer_parts.is_empty() {
                <ul class="small">
                    { for i.issuer_parts.iter().map(|p| html! {
                        <li class="wrap">{ p.name.clone() }{ ": " }<code>{ p.value.clone() }</code></li>
                    }) }
                </ul>
            }
            <h4>{ "sub" }</h4>
            { subject_format(&preset.subject) }
            if let Some(parts) = &i.subject {
                <div class="table-wrap">
                <table data-testid="subject-parts">
                    <caption class="small muted">{ format!("sub split ({})", parts.form) }</caption>
                    <thead><tr><th scope="col">{ "part" }</th><th scope="col">{ "value" }</th></tr></thead>
                    <tbody>
                        { for parts.parts.iter().map(|p| html! {
                            <tr><th scope="row">{ p.name.clone() }</th><td class="mono wrap">{ p.value.clone() }</td></tr>
                        }) }
                    </tbody>
                </table>
                </div>
            }
            if let Some(note) = &i.subject_note {
                <p class="small muted wrap">{ rich(note) }</p>
            }
            <h4>{ "Condition keys" }</h4>
            if let Some(why) = &i.no_provider {
                <p class="small wrap" data-testid="condition-keys-none">
                    { "None can exist: IAM exposes condition keys only for an OIDC provider it holds, and it can hold none for this issuer: " }
                    { rich(why) }
                </p>
            } else {
                <ul class="small" data-testid="condition-keys">
                    { for i.condition_keys.iter().filter(|k| !i.absent_condition_keys.contains(k)).map(|k| html! {
                        <li><code class="wrap">{ k.clone() }</code></li>
                    }) }
                </ul>
            }
            if !i.absent_condition_keys.is_empty() {
                <p class="small muted wrap" data-testid="absent-condition-keys">
                    { "Also exposed by IAM, but absent for this token (it carries no such claim): " }
                    { for i.absent_condition_keys.iter().enumerate().map(|(n, k)| html! {
                        <>{ if n == 0 { "" } else { ", " } }<code class="wrap">{ k.clone() }</code></>
                    }) }
                </p>
            }
            <p class="small wrap">{ rich(preset.condition_keys.fact.text) }{ " " }{ source(preset.condition_keys.fact.source) }</p>
            if !preset.mistakes.is_empty() {
                <h4>{ "Common mistakes" }</h4>
                <ul class="small" data-testid="mistakes">{ for preset.mistakes.iter().map(fact) }</ul>
            }
        </section>
    }
}
