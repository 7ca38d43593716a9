//! The tools module's app: the one tool the page asked for.

use std::rc::Rc;

use wasm_bindgen_futures::wasm_bindgen::JsCast as _;
use yew::prelude::*;

use super::audit_tool::AuditTool;
use super::cluster_auth_tool::ClusterAuthTool;
use super::compare_tool::CompareTool;
use super::error_tool::ErrorTool;
use super::generate::GenerateTool;
use super::pod_identity_tool::PodIdentityTool;
use super::{Tool, ToolInputs};

/// Properties of [`ToolsApp`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Which tool.
    pub tool: Tool,
    /// The page's inputs when the tool was opened.
    pub inputs: Rc<ToolInputs>,
}

/// The heading every tool starts with, in the element the tools render into (index.html).
const HEADING: &str = "#tools-host [data-testid=tool-heading]";

/// Brings the tool just mounted to the user: `#tools-host` scrolled into view and the focus on the
/// tool's heading (`tabindex="-1"`), which names the tool, so that a click on one of the page's
/// buttons (far above) says where the tool opened and a screen reader reads which one it is.
fn reveal() -> Option<()> {
    let document = web_sys::window()?.document()?;
    let heading = document
        .query_selector(HEADING)
        .ok()??
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    if let Some(host) = document.get_element_by_id("tools-host") {
        host.scroll_into_view();
    }
    heading.focus().ok()
}

/// The tool.
#[component]
pub fn ToolsApp(props: &Props) -> Html {
    // Each mount is a new app (`super::mount`): once per tool opened.
    use_effect_with(props.tool, |_| {
        let _ = reveal();
    });
    let inputs = Rc::clone(&props.inputs);
    match props.tool {
        Tool::Generate => html! { <GenerateTool {inputs} /> },
        Tool::PodIdentity => html! { <PodIdentityTool {inputs} /> },
        Tool::Error => html! { <ErrorTool {inputs} /> },
        Tool::Audit => html! { <AuditTool /> },
        Tool::Compare => html! { <CompareTool {inputs} /> },
        Tool::ClusterSignIn => html! { <ClusterAuthTool {inputs} /> },
    }
}
