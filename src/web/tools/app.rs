//! The tools module's app: the one tool the page asked for.

use std::rc::Rc;

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

/// The tool.
#[component]
pub fn ToolsApp(props: &Props) -> Html {
    let inputs = Rc::clone(&props.inputs);
    match props.tool {
        Tool::Generate => html! { <GenerateTool {inputs} /> },
        Tool::PodIdentity => html! { <PodIdentityTool {inputs} /> },
        Tool::Error => html! { <ErrorTool /> },
        Tool::Audit => html! { <AuditTool /> },
        Tool::Compare => html! { <CompareTool {inputs} /> },
        Tool::ClusterSignIn => html! { <ClusterAuthTool {inputs} /> },
    }
}
