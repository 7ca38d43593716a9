//! The page's "Tools" area: a button per tool. The first click loads the tools module (a second
//! WebAssembly module with its own Yew app, `src/bin/tokenscope-tools.rs`); every click mounts
//! the chosen tool into `#tools-host` with the page's current inputs.
//!
//! - The page links none of the tools' code: it knows their names ([`Tool`]) and the shape of
//!   what it hands over ([`ToolInputs`], as JSON), nothing else.
//! - The page writes the tool's name and its inputs on `#tools-host` (`data-tool`,
//!   `data-inputs`) and, the first time, adds `<script src="./tokenscope-tools_loader.js">` (the
//!   page's CSP allows `script-src 'self'`, nothing inline). The loader loads the module from the
//!   page's own origin, calls its `mount`, and mounts again whenever `data-tool` is written. The
//!   loading itself is JavaScript, so that the page's module stays as small as it was.
//! - `#tools-host` lies outside the page's own element (`#page`): Yew listens for events on its
//!   app's element, so each app sees only its own elements' events.

use std::rc::Rc;

use yew::prelude::*;

use super::tools::{Tool, ToolInputs};
use crate::core::finding::Finding;

/// The script that loads the module (`static/tokenscope-tools_loader.js`).
const LOADER_URL: &str = "./tokenscope-tools_loader.js";
/// The loader's element id: added once.
const LOADER_ID: &str = "tokenscope-tools-loader";
/// The element the tools render into (index.html).
const HOST_ID: &str = "tools-host";

/// Asks for `tool` with `inputs`: writes them on the host and adds the loader the first time.
fn open(tool: Tool, inputs: &ToolInputs) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let host = document.get_element_by_id(HOST_ID)?;
    let json = serde_json::to_string(inputs).ok()?;
    host.set_attribute("data-inputs", &json).ok()?;
    // The loader mounts again each time this is written (the same tool included).
    host.set_attribute("data-tool", tool.as_str()).ok()?;
    mark_open(&document, tool);
    if document.get_element_by_id(LOADER_ID).is_none() {
        let script = document.create_element("script").ok()?;
        script.set_attribute("id", LOADER_ID).ok()?;
        script.set_attribute("src", LOADER_URL).ok()?;
        document.body()?.append_child(&script).ok()?;
    }
    Some(())
}

/// Marks the "Tools" button of the open tool with `aria-current` (the others lose it): which tool
/// is open below is said where it was chosen. The buttons' other attributes are Yew's; this one
/// is not in their virtual DOM, so a re-render leaves it.
fn mark_open(document: &web_sys::Document, tool: Tool) {
    for t in Tool::ALL {
        if let Some(button) = document
            .query_selector(&format!("[data-testid=tool-{}]", t.as_str()))
            .ok()
            .flatten()
        {
            let _ = if t == tool {
                button.set_attribute("aria-current", "true")
            } else {
                button.remove_attribute("aria-current")
            };
        }
    }
}

/// The tool a finding points to: its code says the input belongs to another mechanism than the
/// `AssumeRoleWithWebIdentity` simulated here (EKS Pod Identity, or a person's ID token that may be
/// meant for signing in to a cluster).
fn tool_for(finding: &Finding) -> Option<Tool> {
    match finding.code {
        "policy_pod_identity" | "pod_identity_agent_token" => Some(Tool::PodIdentity),
        "person_id_token" => Some(Tool::ClusterSignIn),
        _ => None,
    }
}

/// Under the verdict, when a finding says the token or policy belongs to another mechanism: that
/// finding's title and a button that opens the tool for it (a plain function, like the panel).
pub fn suggestion(findings: &[Finding], inputs: &Rc<ToolInputs>) -> Html {
    let Some((finding, tool)) = findings.iter().find_map(|f| tool_for(f).map(|t| (f, t))) else {
        return Html::default();
    };
    let inputs = Rc::clone(inputs);
    let onclick = Callback::from(move |_: MouseEvent| {
        let _ = open(tool, &inputs);
    });
    html! {
        <div class="panel tool-suggestion" role="note" data-testid="tool-suggestion" data-tool={tool.as_str()}>
            <p class="wrap">{ super::format::rich(&finding.title) }</p>
            <button type="button" aria-controls={HOST_ID} data-testid="tool-suggestion-open" {onclick}>
                { format!("Open {}", tool.label()) }
            </button>
        </div>
    }
}

/// The "Tools" panel: a plain function, not a component, and no state (each button opens its tool
/// below; the tool says which it is), so that the page's module grows as little as it can.
pub fn tools_panel(inputs: &Rc<ToolInputs>) -> Html {
    let button = |tool: Tool| {
        let inputs = Rc::clone(inputs);
        let onclick = Callback::from(move |_: MouseEvent| {
            let _ = open(tool, &inputs);
        });
        html! {
            <button type="button" class="secondary" aria-controls={HOST_ID}
                    data-testid={format!("tool-{}", tool.as_str())} {onclick}>
                { tool.label() }
            </button>
        }
    };
    html! {
        <section class="panel" aria-labelledby="tools-heading" data-testid="tools">
            <h2 id="tools-heading">{ "Tools" }</h2>
            <p class="small muted">
                { "Each tool starts from what is on this page (token, trust policy, keys, settings, \
                   time) and opens below. The first one opened loads the tools' code from this site; \
                   nothing is sent anywhere." }
            </p>
            <div class="button-row">{ for Tool::ALL.into_iter().map(button) }</div>
        </section>
    }
}
