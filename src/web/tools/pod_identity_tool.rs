//! "EKS Pod Identity": a role's trust policy and an association predicted as the EKS Auth
//! service would assume it ([`pod_identity::predict`]), and the Pod Identity set-up for the page's
//! IRSA token ([`pod_identity::from_irsa`]).

use std::rc::Rc;

use yew::prelude::*;

use super::super::copy_button::CopyButton;
use super::super::format::rich;
use super::ToolInputs;
use super::fields::TextField;
use super::mechanism_view::MechanismView;
use super::trace_view;
use crate::core::jwt;
use crate::core::pod_identity::{
    self, Association, Conversion, ConvertOptions, PodIdentityInput, PodIdentityInputError,
    PodIdentityReport,
};

/// What the user typed.
#[derive(Debug, Clone, PartialEq)]
struct Fields {
    policy: String,
    cluster_arn: String,
    namespace: String,
    service_account: String,
    role_arn: String,
    target_role_arn: String,
    session_tags: bool,
    /// The cluster's name, for the conversion (a token names only its issuer).
    cluster_name: String,
}

/// A text field left empty means "not given".
fn given(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn predict(f: &Fields) -> Result<PodIdentityReport, PodIdentityInputError> {
    let mut association = Association::new(&f.cluster_arn, &f.namespace, &f.service_account);
    association.role_arn = given(&f.role_arn);
    association.target_role_arn = given(&f.target_role_arn);
    association.session_tags = f.session_tags;
    let input = PodIdentityInput {
        policy: f.policy.clone(),
        association,
        target_policy: None,
    };
    pod_identity::predict(&input)
}

/// Whether `error` is only that an association field is still empty (the cluster ARN, the
/// namespace or the service account): nothing was typed wrong, so a hint says what to fill in.
fn still_empty(error: &PodIdentityInputError, f: &Fields) -> bool {
    match error {
        PodIdentityInputError::ClusterArn(_) => f.cluster_arn.trim().is_empty(),
        PodIdentityInputError::Empty(_) => {
            f.namespace.trim().is_empty() || f.service_account.trim().is_empty()
        }
        PodIdentityInputError::Policy(_)
        | PodIdentityInputError::TargetPolicy(_)
        | PodIdentityInputError::RoleArn { .. } => false,
    }
}

/// The conversion of the page's token and policy (`None`: no token on the page).
fn convert(inputs: &ToolInputs, cluster: &str) -> Option<Result<Conversion, String>> {
    if inputs.token.trim().is_empty() {
        return None;
    }
    let token = match jwt::decode(&inputs.token) {
        Ok(t) => t,
        Err(e) => return Some(Err(format!("token: {e}"))),
    };
    let options = ConvertOptions {
        policy: given(&inputs.policy),
        cluster_name: given(cluster),
        role_arn: given(&inputs.settings.role_arn),
    };
    Some(pod_identity::from_irsa(&token, &options).map_err(|e| e.to_string()))
}

/// Properties of [`PodIdentityTool`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's inputs.
    pub inputs: Rc<ToolInputs>,
}

/// The Pod Identity tool.
#[component]
pub fn PodIdentityTool(props: &Props) -> Html {
    let fields = use_state(|| Fields {
        policy: props.inputs.policy.clone(),
        cluster_arn: String::new(),
        namespace: String::new(),
        service_account: String::new(),
        role_arn: props.inputs.settings.role_arn.clone(),
        target_role_arn: String::new(),
        session_tags: true,
        cluster_name: String::new(),
    });
    let report = use_memo((*fields).clone(), predict);
    let conversion = use_memo(
        (Rc::clone(&props.inputs), fields.cluster_name.clone()),
        |(i, cluster)| convert(i, cluster),
    );
    let set = |f: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |text: String| {
            let mut next = (*fields).clone();
            f(&mut next, text);
            fields.set(next);
        })
    };
    let on_tags = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            next.session_tags = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            fields.set(next);
        })
    };
    let on_use = {
        let fields = fields.clone();
        let conversion = Rc::clone(&conversion);
        Callback::from(move |_: MouseEvent| {
            if let Some(Ok(c)) = &*conversion {
                let mut next = (*fields).clone();
                next.policy = c.trust_policy.clone();
                next.namespace = c.namespace.clone();
                next.service_account = c.service_account.clone();
                fields.set(next);
            }
        })
    };
    html! {
        <section class="panel" aria-labelledby="pod-identity-heading" data-testid="tool-panel-pod-identity">
            <h2 id="pod-identity-heading" tabindex="-1" data-testid="tool-heading">{ "EKS Pod Identity" }</h2>
            <TextField id="pi-cluster-name" label="Cluster name (the conversion writes it into the policy)"
                       value={fields.cluster_name.clone()} on_input={set(|f, t| f.cluster_name = t)} />
            { conversion_view(&conversion, on_use) }
            <h3>{ "Predict an association" }</h3>
            <TextField id="pi-policy" label="The role's trust policy (from the page)" rows={8}
                       value={fields.policy.clone()} on_input={set(|f, t| f.policy = t)} />
            <MechanismView text={fields.policy.clone()} />
            <TextField id="pi-cluster" label="Cluster ARN" value={fields.cluster_arn.clone()}
                       placeholder="arn:aws:eks:eu-west-1:111122223333:cluster/my-cluster"
                       on_input={set(|f, t| f.cluster_arn = t)} />
            <div class="field-pair">
                <TextField id="pi-namespace" label="Namespace" value={fields.namespace.clone()}
                           on_input={set(|f, t| f.namespace = t)} />
                <TextField id="pi-service-account" label="Service account" value={fields.service_account.clone()}
                           on_input={set(|f, t| f.service_account = t)} />
            </div>
            <div class="field-pair">
                <TextField id="pi-role" label="Role ARN (optional)" value={fields.role_arn.clone()}
                           on_input={set(|f, t| f.role_arn = t)} />
                <TextField id="pi-target-role" label="Target role ARN (optional)" value={fields.target_role_arn.clone()}
                           on_input={set(|f, t| f.target_role_arn = t)} />
            </div>
            <div class="field">
                <input type="checkbox" id="pi-session-tags" data-testid="pi-session-tags"
                       checked={fields.session_tags} onchange={on_tags} />
                <label for="pi-session-tags">{ " Session tags on (the association's default)" }</label>
            </div>
            { report_view(&report, &fields) }
        </section>
    }
}

fn report_view(report: &Result<PodIdentityReport, PodIdentityInputError>, f: &Fields) -> Html {
    match report {
        Err(e) if still_empty(e, f) => html! {
            <p class="small muted wrap" data-testid="pi-hint">
                { "Give the association's cluster ARN, namespace and service account to predict it." }
            </p>
        },
        Err(why) => html! {
            <p class="field-error wrap" data-testid="pi-error">{ rich(&why.to_string()) }</p>
        },
        Ok(r) => html! {
            <div data-testid="pi-report" data-outcome={r.outcome.as_str()}>
                <p class="verdict-headline wrap"><strong>{ r.summary.clone() }</strong></p>
                if let Some(fix) = &r.fix {
                    <p class="small wrap"><strong>{ "Fix: " }</strong>{ rich(fix) }</p>
                }
                { trace_view::steps(&r.steps) }
                if let Some(p) = &r.suggested_policy {
                    <h4>{ "Suggested trust policy" }</h4>
                    <pre class="code-block mono" tabindex="0" aria-label="Suggested trust policy">{ p.clone() }</pre>
                    <CopyButton text={p.clone()} label="Copy the suggested trust policy" />
                }
                { for r.caveats.iter().map(|c| html! { <p class="small muted wrap">{ rich(c) }</p> }) }
            </div>
        },
    }
}

fn conversion_view(
    conversion: &Option<Result<Conversion, String>>,
    on_use: Callback<MouseEvent>,
) -> Html {
    match conversion {
        None => html! {
            <p class="small muted">{ "Paste an IRSA token on the page to convert it to Pod Identity." }</p>
        },
        Some(Err(why)) => html! {
            <p class="small wrap" data-testid="pi-conversion-error">
                { "From this IRSA token: no conversion (" }{ rich(why) }{ ")" }
            </p>
        },
        Some(Ok(c)) => html! {
            <div data-testid="pi-conversion">
                <h3>{ "From this IRSA token" }</h3>
                <p class="small wrap">
                    { format!("Service account {}/{} (scope: {}).", c.namespace, c.service_account, c.scope) }
                </p>
                <pre class="code-block mono" tabindex="0" aria-label="Pod Identity trust policy"
                     data-testid="pi-converted-policy">{ c.trust_policy.clone() }</pre>
                <div class="button-row">
                    <button type="button" data-testid="pi-use-conversion" onclick={on_use}>
                        { "Predict with this policy and service account" }
                    </button>
                    <CopyButton text={c.trust_policy.clone()} label="Copy the Pod Identity trust policy" />
                </div>
                <pre class="code-block mono" tabindex="0" aria-label="Association command"
                     data-testid="pi-command">{ c.command.clone() }</pre>
                <ul class="small">
                    { for c.changes.iter().map(|ch| html! { <li class="wrap"><strong>{ rich(ch.title) }</strong>{ ": " }{ rich(&ch.detail) }</li> }) }
                    { for c.notes.iter().map(|n| html! { <li class="wrap">{ rich(n) }</li> }) }
                </ul>
            </div>
        },
    }
}
