//! What kind of token this is and the identity it carries, from [`ClaimsReport::kind`].
//!
//! [`ClaimsReport::kind`]: crate::core::claims::ClaimsReport::kind

use yew::prelude::*;

use crate::core::claims::TokenKind;

use super::format;

fn item(term: &'static str, value: Option<&String>) -> Html {
    match value {
        Some(v) => html! {
            <>
                <dt>{ term }</dt>
                <dd class="mono wrap">{ format::shown(v) }</dd>
            </>
        },
        None => Html::default(),
    }
}

/// The token kind and identity; `label` is the core's one-line label. A plain function: the
/// decoded-token panel renders it.
pub fn view(kind: &TokenKind, label: &str) -> Html {
    let details = match kind {
        TokenKind::KubernetesProjected {
            namespace,
            service_account,
            pod,
            node,
            derived_subject,
            eks,
        } => html! {
            <dl class="facts">
                { item("Kubernetes subject", derived_subject.as_ref()) }
                { item("Namespace", namespace.as_ref()) }
                { item("Service account", service_account.as_ref()) }
                { item("Pod", pod.as_ref()) }
                { item("Node", node.as_ref()) }
                if let Some(e) = eks {
                    { item("EKS region", Some(&e.region)) }
                    { item("EKS cluster OIDC id", Some(&e.id)) }
                }
            </dl>
        },
        TokenKind::KubernetesLegacy {
            namespace,
            service_account,
            secret,
        } => html! {
            <dl class="facts">
                { item("Namespace", namespace.as_ref()) }
                { item("Service account", service_account.as_ref()) }
                { item("Secret", secret.as_ref()) }
            </dl>
        },
        TokenKind::GitHubActions {
            repository,
            subject_kind,
            immutable_subject,
        } => {
            let immutable = immutable_subject.then(|| "yes (ORG@id/REPO@id)".to_string());
            html! {
                <dl class="facts">
                    { item("Repository", repository.as_ref()) }
                    { item("Subject scoped by", Some(subject_kind)) }
                    { item("Immutable subject", immutable.as_ref()) }
                </dl>
            }
        }
        TokenKind::Generic => Html::default(),
    };
    html! {
        <div class="token-kind" data-testid="token-kind">
            <p class="kind-label"><strong>{ label }</strong></p>
            { details }
        </div>
    }
}
