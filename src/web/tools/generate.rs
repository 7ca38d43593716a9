//! "Generate a trust policy": the recognised issuer, a scope, the account and role name, the
//! policy with the simulator's proof on the token and its siblings, and the policy as Terraform,
//! CloudFormation, AWS CLI commands or eksctl — all from [`generate`].

use std::rc::Rc;

use yew::prelude::*;

use super::super::copy_button::CopyButton;
use super::super::format::rich;
use super::ToolInputs;
use super::fields::TextField;
use super::issuer_view::IssuerView;
use super::mechanism_view::MechanismView;
use crate::core::generate::{self, Format, Generated, Proof, Rendered, Scope, Surface};
use crate::core::issuers::{self, IssuerExplanation};
use crate::core::jwt;

/// What the user chose.
#[derive(Debug, Clone, PartialEq)]
struct Choices {
    token: String,
    scope: Scope,
    account: String,
    role_name: String,
    cluster: String,
}

/// What the core made of the choices.
struct View {
    issuer: Option<IssuerExplanation>,
    scopes: &'static [Scope],
    generated: Result<Generated, String>,
    /// The formats that apply to the token (`generate::applies`; eksctl: service accounts of EKS
    /// clusters only), each rendered or with the reason it is not.
    artefacts: Vec<(Format, Result<Rendered, String>)>,
}

impl View {
    /// Whether `format` applies to the token.
    fn offers(&self, format: Format) -> bool {
        self.artefacts.iter().any(|(f, _)| *f == format)
    }
}

/// A text field left empty means "not given".
fn given(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn compute(c: &Choices) -> View {
    let token = match jwt::decode(&c.token) {
        Ok(t) => t,
        Err(e) => {
            return View {
                issuer: None,
                scopes: &[],
                generated: Err(format!("token: {e}")),
                artefacts: Vec::new(),
            };
        }
    };
    let options = generate::Options {
        account: given(&c.account),
        scope: c.scope,
        partition: None,
    };
    let generated = generate::generate(&token, &options).map_err(|e| e.to_string());
    let render_options = generate::RenderOptions {
        role_name: given(&c.role_name),
        cluster: given(&c.cluster),
        surface: Surface::Page,
    };
    let artefacts = match &generated {
        // A format that does not apply to this token (eksctl for a self-managed cluster's or a
        // non-Kubernetes token) is not offered.
        Ok(g) => Format::ALL
            .into_iter()
            .filter(|f| generate::applies(&token, g, *f).is_ok())
            .map(|f| {
                let r = generate::render(&token, g, &render_options, f);
                (f, r.map_err(|e| e.to_string()))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    View {
        issuer: Some(issuers::preset_for(&token)),
        scopes: generate::Family::of(&token).scopes(),
        generated,
        artefacts,
    }
}

/// A format's tab label.
fn format_label(f: Format) -> &'static str {
    match f {
        Format::Terraform => "Terraform",
        Format::CloudFormation => "CloudFormation",
        Format::AwsCli => "AWS CLI",
        Format::Eksctl => "eksctl",
    }
}

/// The generate tool.
#[component]
pub fn GenerateTool(props: &Props) -> Html {
    let choices = use_state(|| Choices {
        token: props.inputs.token.trim().to_string(),
        scope: Scope::Exact,
        account: String::new(),
        role_name: String::new(),
        cluster: String::new(),
    });
    let tab = use_state(|| Format::Terraform);
    let view = use_memo((*choices).clone(), compute);
    let set = |f: fn(&mut Choices, String)| {
        let choices = choices.clone();
        Callback::from(move |text: String| {
            let mut next = (*choices).clone();
            f(&mut next, text);
            choices.set(next);
        })
    };
    let on_scope = {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            let name = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Ok(scope) = Scope::parse(&name) {
                let mut next = (*choices).clone();
                next.scope = scope;
                choices.set(next);
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="generate-heading" data-testid="tool-panel-generate">
            <h2 id="generate-heading" tabindex="-1" data-testid="tool-heading">{ "Generate a trust policy" }</h2>
            <TextField id="generate-token" label="Token (from the page; edit or paste another)" rows={4}
                       value={choices.token.clone()} on_input={set(|c, t| c.token = t)} />
            <MechanismView text={choices.token.clone()} />
            if let Some(issuer) = view.issuer.clone() {
                <IssuerView {issuer} />
            }
            <div class="field-pair">
                <div class="field">
                    <label for="generate-scope">{ "Scope of the sub condition" }</label>
                    <select id="generate-scope" data-testid="generate-scope" onchange={on_scope}>
                        { for view.scopes.iter().map(|s| html! {
                            <option value={s.as_str()} selected={*s == choices.scope}>{ s.as_str() }</option>
                        }) }
                    </select>
                </div>
                <TextField id="generate-account" label="Account id (12 digits; empty: a placeholder)"
                           value={choices.account.clone()} placeholder="111122223333"
                           on_input={set(|c, t| c.account = t)} />
            </div>
            <div class="field-pair">
                <TextField id="generate-role" label="Role name (empty: derived from the subject)"
                           value={choices.role_name.clone()} on_input={set(|c, t| c.role_name = t)} />
                if view.offers(Format::Eksctl) {
                    <TextField id="generate-cluster" label="EKS cluster name (eksctl only)"
                               value={choices.cluster.clone()} on_input={set(|c, t| c.cluster = t)} />
                }
            </div>
            { generated_view(&view, &tab) }
        </section>
    }
}

/// Properties of [`GenerateTool`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's inputs.
    pub inputs: Rc<ToolInputs>,
}

fn generated_view(view: &View, tab: &UseStateHandle<Format>) -> Html {
    let g = match &view.generated {
        Ok(g) => g,
        Err(why) => {
            return html! {
                <p class="field-error wrap" role="alert" data-testid="generate-error">
                    { "No policy: " }{ rich(why) }
                </p>
            };
        }
    };
    html! {
        <>
            <h3>{ "Trust policy" }</h3>
            <p class="small wrap" data-testid="generated-conditions">
                { "sub " }{ g.subject.operator.as_str() }{ " " }<code class="wrap">{ g.subject.value.clone() }</code>
                { " · aud StringEquals " }<code class="wrap">{ g.audience.clone() }</code>
            </p>
            <pre class="code-block mono" tabindex="0" aria-label="The trust policy" data-testid="generated-policy">{ g.policy_text.clone() }</pre>
            <CopyButton text={g.policy_text.clone()} label="Copy the trust policy" />
            <ul class="small" data-testid="generate-notes">
                { for g.notes_for(Surface::Page).iter().map(|n| html! { <li class="wrap">{ rich(n) }</li> }) }
            </ul>
            { proof_table(&g.proof) }
            { artefact_tabs(&view.artefacts, tab) }
        </>
    }
}

fn proof_table(proof: &Proof) -> Html {
    html! {
        <>
            <h3>{ "Proof: the policy on this token and its siblings" }</h3>
            <div class="table-wrap">
            <table class="proof-table" data-testid="proof">
                <thead><tr>
                    <th scope="col">{ "token" }</th><th scope="col">{ "change" }</th>
                    <th scope="col">{ "expected" }</th><th scope="col">{ "policy" }</th>
                </tr></thead>
                <tbody>
                    { for proof.rows.iter().map(|r| html! {
                        <tr data-sibling={r.sibling.as_str()} data-verdict={r.policy.as_str()}>
                            <th scope="row">{ r.sibling.label() }</th>
                            <td class="wrap">{ rich(&r.change) }</td>
                            <td>{ r.expected.as_str() }</td>
                            <td class={if r.agrees { "status-pass-text" } else { "field-error" }}>
                                { r.policy.as_str() }{ if r.agrees { "" } else { " (disagrees)" } }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </>
    }
}

fn artefact_tabs(
    artefacts: &[(Format, Result<Rendered, String>)],
    tab: &UseStateHandle<Format>,
) -> Html {
    // The tab chosen, or the first offered when that format does not apply to this token.
    let current = if artefacts.iter().any(|(f, _)| *f == **tab) {
        **tab
    } else {
        artefacts.first().map_or(**tab, |(f, _)| *f)
    };
    let body = match artefacts
        .iter()
        .find(|(f, _)| *f == current)
        .map(|(_, r)| r)
    {
        Some(Ok(r)) => html! {
            <>
                if r.role_name_derived {
                    <p class="small muted wrap">{ format!("Role name derived: {}", r.role_name) }</p>
                }
                <pre class="code-block mono" tabindex="0" aria-label={format_label(current)} data-testid="artefact-text">{ r.text.clone() }</pre>
                <CopyButton text={r.text.clone()} label={format!("Copy the {}", format_label(current))} />
            </>
        },
        Some(Err(why)) => html! {
            <p class="field-error wrap" data-testid="artefact-error">{ rich(why) }</p>
        },
        None => html! {},
    };
    html! {
        <>
            <h3 id="artefact-heading">{ "As code" }</h3>
            <div class="button-row" role="tablist" aria-labelledby="artefact-heading">
                { for artefacts.iter().map(|(f, _)| *f).map(|f| {
                    let tab = tab.clone();
                    let selected = f == current;
                    html! {
                        <button type="button" role="tab" id={format!("tab-{}", f.as_str())}
                                class={classes!("small-button", (!selected).then_some("secondary"))}
                                aria-selected={if selected { "true" } else { "false" }}
                                aria-controls="artefact-panel" data-testid={format!("tab-{}", f.as_str())}
                                onclick={Callback::from(move |_: MouseEvent| tab.set(f))}>
                            { format_label(f) }
                        </button>
                    }
                }) }
            </div>
            <div role="tabpanel" id="artefact-panel" aria-labelledby={format!("tab-{}", current.as_str())}
                 data-testid="artefact" data-format={current.as_str()}>
                { body }
            </div>
        </>
    }
}
