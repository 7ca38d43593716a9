//! "EKS cluster sign-in": would the cluster's API server accept a person's ID token under its
//! OIDC identity-provider configuration, and as which Kubernetes username and groups
//! ([`cluster_auth::authenticate_with`], the CLI's `cluster-auth`)? The signature is computed
//! here ([`LocalMath`]).

use std::rc::Rc;

use yew::prelude::*;

use super::super::findings_list;
use super::super::format::{rich, values};
use super::ToolInputs;
use super::fields::TextField;
use super::trace_view;
use crate::core::cluster_auth::{self, ClusterAuthInput, ClusterAuthInputError, ClusterAuthReport};
use crate::core::crypto::LocalMath;
use crate::core::timefmt;
use crate::core::trace::Outcome;

/// What the user typed.
#[derive(Debug, Clone, PartialEq)]
struct Fields {
    config: String,
    token: String,
    keys: String,
    at: String,
}

/// Why there is no report: which input, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
struct Unusable {
    /// `config`, `token`, `keys` or `time` (`data-input`).
    input: &'static str,
    /// What was expected and what was found.
    why: String,
}

fn check(f: &Fields) -> Option<Result<ClusterAuthReport, Unusable>> {
    if f.config.trim().is_empty() {
        return None;
    }
    let at = match timefmt::parse_instant(&f.at) {
        Ok(at) => at,
        Err(why) => {
            return Some(Err(Unusable {
                input: "time",
                why: format!("evaluation time: {why}"),
            }));
        }
    };
    let input = ClusterAuthInput {
        config: f.config.clone(),
        token: f.token.clone(),
        jwks: f.keys.clone(),
        at,
    };
    Some(
        cluster_auth::authenticate_with(&input, &LocalMath).map_err(|e| Unusable {
            input: match &e {
                ClusterAuthInputError::Config(_) => "config",
                ClusterAuthInputError::Token(_) => "token",
                ClusterAuthInputError::Keys(_) => "keys",
            },
            why: e.to_string(),
        }),
    )
}

/// Properties of [`ClusterAuthTool`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's inputs.
    pub inputs: Rc<ToolInputs>,
}

const CONFIG_PLACEHOLDER: &str = "{\"issuerUrl\": \"https://idp.example.com\", \"clientId\": \"kubernetes\", \
\"usernameClaim\": \"email\", \"groupsClaim\": \"groups\"}";

/// The cluster sign-in tool.
#[component]
pub fn ClusterAuthTool(props: &Props) -> Html {
    let fields = use_state(|| Fields {
        config: String::new(),
        token: props.inputs.token.clone(),
        // The keys box, or, when it is blank, the keys the page's diagnosis uses (the example's,
        // fetched or a link's), as the compare tool does.
        keys: if props.inputs.keys.trim().is_empty() {
            props
                .inputs
                .documents
                .as_ref()
                .and_then(|d| d.keys.clone())
                .unwrap_or_default()
        } else {
            props.inputs.keys.clone()
        },
        at: timefmt::format_rfc3339(props.inputs.at),
    });
    let report = use_memo((*fields).clone(), check);
    let set = |f: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |text: String| {
            let mut next = (*fields).clone();
            f(&mut next, text);
            fields.set(next);
        })
    };
    html! {
        <section class="panel" aria-labelledby="cluster-auth-heading" data-testid="tool-panel-cluster-auth">
            <h2 id="cluster-auth-heading" tabindex="-1" data-testid="tool-heading">{ "EKS cluster sign-in" }</h2>
            <p class="small muted wrap">
                { "A person signing in to an EKS cluster with an OIDC identity provider (kubectl with an ID \
                   token): the Kubernetes API server's checks, not AWS STS." }
            </p>
            <TextField id="ca-config" rows={7} value={fields.config.clone()} on_input={set(|f, t| f.config = t)}
                       placeholder={CONFIG_PLACEHOLDER}
                       label="The identity-provider configuration (JSON): the oidc object, the input of aws eks associate-identity-provider-config, or the output of aws eks describe-identity-provider-config" />
            <TextField id="ca-token" rows={4} label="The ID token (from the page)"
                       value={fields.token.clone()} on_input={set(|f, t| f.token = t)} />
            <TextField id="ca-keys" rows={4} label="The issuer's keys: a JWKS, one JWK, or a discovery document followed by its JWKS (from the page: its keys box, else the keys its diagnosis uses)"
                       value={fields.keys.clone()} on_input={set(|f, t| f.keys = t)} />
            <TextField id="ca-at" label="Evaluation time (unix seconds or RFC 3339; from the page)"
                       value={fields.at.clone()} on_input={set(|f, t| f.at = t)} />
            { match &*report {
                None => html! {
                    <p class="small muted">{ "Paste the cluster's identity-provider configuration to check the sign-in." }</p>
                },
                Some(Err(u)) => html! {
                    <p class="field-error wrap" role="alert" data-testid="ca-error" data-input={u.input}>
                        { rich(&u.why) }
                    </p>
                },
                Some(Ok(r)) => report_view(r),
            } }
        </section>
    }
}

fn report_view(r: &ClusterAuthReport) -> Html {
    let outcome = r.outcome.as_str();
    let headline = match r.outcome {
        Outcome::Success => "Accepted",
        Outcome::Failure => "Refused",
        Outcome::Undetermined => "Undetermined",
    };
    html! {
        <div data-testid="ca-report" data-outcome={outcome}
             data-deciding-step={r.deciding_step.unwrap_or_default()}>
            <p class="small wrap" data-testid="ca-shape">
                { "Configuration read from " }{ rich(r.config_shape.describe()) }
                { ": issuer " }<code>{ r.config.issuer_url.clone() }</code>
                { ", client " }<code>{ r.config.client_id.clone() }</code>{ "." }
            </p>
            <div class={classes!("verdict", format!("verdict-{outcome}"))}>
                <p class="verdict-headline" role="status" aria-atomic="true">{ headline }</p>
                <p class="wrap" data-testid="ca-summary">{ rich(&r.summary) }</p>
                if let Some(fix) = &r.fix {
                    <p class="small wrap" data-testid="ca-fix"><strong>{ "Fix: " }</strong>{ rich(fix) }</p>
                }
                <dl class="facts">
                    // A refused token signs nobody in: what it would have been, said so.
                    <dt>{ if r.outcome == Outcome::Success { "Username" } else { "Username (if accepted)" } }</dt>
                    <dd data-testid="ca-username">
                        { match &r.username {
                            Some(u) => values(std::slice::from_ref(u)),
                            None => html! { <span class="muted">{ "(none)" }</span> },
                        } }
                    </dd>
                    <dt>{ if r.outcome == Outcome::Success { "Groups" } else { "Groups (if accepted)" } }</dt>
                    <dd>
                        <ul class="plain-list" data-testid="ca-groups">
                            { for r.groups.iter().map(|g| html! {
                                <li data-group={g.clone()}>{ values(std::slice::from_ref(g)) }</li>
                            }) }
                        </ul>
                        if r.groups.is_empty() {
                            <span class="muted">{ "(none from the token)" }</span>
                        }
                    </dd>
                </dl>
                <p class="small muted wrap">
                    { "Kubernetes adds " }<code>{ "system:authenticated" }</code>
                    { " to the groups of every signed-in user." }
                </p>
            </div>
            <h3>{ "Checks" }</h3>
            { trace_view::steps(&r.steps) }
            if !r.findings.is_empty() { { findings_list::view(&r.findings, "") } }
            { for r.caveats.iter().map(|c| html! { <p class="small muted wrap">{ rich(c) }</p> }) }
        </div>
    }
}
