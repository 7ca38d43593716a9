//! The page's tools, in a WebAssembly module of their own (`src/bin/tokenscope-tools.rs`), loaded
//! by the page the first time a tool is opened (`super::tools_launcher`).
//!
//! Invariants:
//! - The page links only [`Tool`] and [`ToolInputs`] from here (names and the JSON it hands
//!   over, with [`PageDocuments::of`]); everything else is reached from [`mount`], which only the
//!   tools module calls.
//! - Every value from the inputs or a report is rendered as text, never as HTML; links point only
//!   at the documentation URLs the core cites.
//! - Like the page, the components decide nothing: reports come from the core.

mod app;
mod audit_tool;
mod cluster_auth_tool;
mod compare_tool;
mod error_tool;
mod fields;
mod generate;
mod issuer_view;
mod mechanism_view;
mod pod_identity_tool;
mod trace_view;

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::core::session::{self, Analysis, Inputs, KeySource, Settings};
use crate::core::share::{ShareState, SharedFetchFailure};

/// A tool. Stable names: [`Tool::as_str`] (the page's `data-testid`s and the `mount` mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// A trust policy for the token, proved on its siblings, as JSON, Terraform, CloudFormation,
    /// AWS CLI and eksctl.
    Generate,
    /// A Pod Identity association predicted against a trust policy; an IRSA token converted.
    PodIdentity,
    /// An error text (or a CloudTrail event) named, with its causes.
    Error,
    /// The account's roles that trust a web-identity provider, audited.
    Audit,
    /// The page's token and a second one under the same keys, policy, settings and time.
    Compare,
    /// A person's sign-in to an EKS cluster with an OIDC identity provider.
    ClusterSignIn,
}

impl Tool {
    /// Every tool, in the order of the page's buttons.
    pub const ALL: [Tool; 6] = [
        Tool::Generate,
        Tool::PodIdentity,
        Tool::ClusterSignIn,
        Tool::Compare,
        Tool::Error,
        Tool::Audit,
    ];

    /// `generate`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Generate => "generate",
            Tool::PodIdentity => "pod-identity",
            Tool::Error => "error",
            Tool::Audit => "audit",
            Tool::Compare => "compare",
            Tool::ClusterSignIn => "cluster-auth",
        }
    }

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Generate => "Generate a trust policy",
            Tool::PodIdentity => "EKS Pod Identity",
            Tool::Error => "Paste an error",
            Tool::Audit => "Audit roles",
            Tool::Compare => "Compare two tokens",
            Tool::ClusterSignIn => "EKS cluster sign-in",
        }
    }

    /// The tool named `name`.
    ///
    /// # Errors
    /// The names expected and the one found.
    pub fn parse(name: &str) -> Result<Tool, String> {
        Tool::ALL
            .into_iter()
            .find(|t| t.as_str() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Tool::ALL.iter().map(|t| t.as_str()).collect();
                format!("tool: expected one of {}, found `{name}`", names.join(", "))
            })
    }
}

/// What the page hands to a tool: its inputs when the tool was opened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolInputs {
    /// The token text.
    pub token: String,
    /// The trust policy text.
    pub policy: String,
    /// The keys box's text.
    pub keys: String,
    /// When the keys box does not give the keys: the documents the page's analysis uses instead
    /// (fetched, the example's, a share link's), as a share link carries them.
    #[serde(default)]
    pub documents: Option<PageDocuments>,
    /// The request settings as typed.
    pub settings: Settings,
    /// The evaluation time, unix seconds.
    pub at: i64,
    /// The viewer's offset from UTC, minutes ahead of UTC.
    pub offset_minutes: i32,
}

/// The issuer documents the page's analysis uses when its keys box does not give the keys: their
/// texts and origins as a share link records them (`keys_origin`: `example` or the URL), and how
/// fetching them failed, if it did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageDocuments {
    /// The key text in use.
    pub keys: Option<String>,
    /// Where it came from: `example` or a URL.
    pub keys_origin: String,
    /// The discovery document in use, when it is not part of `keys`.
    pub discovery: Option<String>,
    /// Where that came from.
    pub discovery_origin: Option<String>,
    /// How fetching the token's documents failed.
    pub fetch_failure: Option<SharedFetchFailure>,
}

impl PageDocuments {
    /// The documents `analysis` uses, unless its keys are the keys box's (handed over as
    /// [`ToolInputs::keys`]) or it uses none.
    pub fn of(analysis: &Analysis) -> Option<PageDocuments> {
        if matches!(analysis.keys, Some((_, KeySource::Pasted { .. }))) {
            return None;
        }
        let docs = PageDocuments {
            keys: analysis.keys_text.as_ref().map(|(t, _)| t.to_string()),
            keys_origin: analysis
                .keys_text
                .as_ref()
                .map(|(_, o)| o.clone())
                .unwrap_or_default(),
            discovery: analysis.discovery_text.as_deref().map(str::to_owned),
            discovery_origin: analysis.discovery_origin.clone(),
            fetch_failure: analysis.fetch_failure.clone(),
        };
        (docs.keys.is_some() || docs.discovery.is_some() || docs.fetch_failure.is_some())
            .then_some(docs)
    }

    /// Whether they came with the page's example.
    pub fn is_example(&self) -> bool {
        self.keys_origin == "example"
    }
}

impl ToolInputs {
    /// The core's inputs for the page's analysis as handed over: the token, the keys box (read),
    /// the documents the page uses otherwise (tied to the page's token's issuer, as a share
    /// link's are: a token of another issuer does not use them), the trust policy, the settings
    /// and the time.
    fn session_inputs(&self) -> Inputs {
        let mut inputs = Inputs::new(self.at, self.offset_minutes);
        inputs.token = self.token.clone();
        inputs.set_pasted(self.keys.clone());
        if let Some(d) = &self.documents {
            // Read as a share link's documents are read: the same readers, the same origin rules;
            // keys read from the keys box win over them, as on the page.
            let state = ShareState {
                token: Some(self.token.clone()),
                keys: d.keys.clone(),
                keys_origin: Some(d.keys_origin.clone()),
                discovery: d.discovery.clone(),
                discovery_origin: d.discovery_origin.clone(),
                fetch_failure: d.fetch_failure.clone(),
                at: self.at,
                ..ShareState::default()
            };
            inputs.fetched = session::restore(state).link.fetched;
        }
        inputs.policy = self.policy.clone();
        inputs.settings = self.settings.clone();
        inputs
    }
}

thread_local! {
    static MOUNTED: RefCell<Option<yew::AppHandle<app::ToolsApp>>> = const { RefCell::new(None) };
}

/// Mounts `mode` (a [`Tool::as_str`]) into `host` with the page's `inputs_json`, replacing the
/// tool mounted before.
///
/// # Errors
/// When the mode or the inputs cannot be read: what was expected and what was found.
pub fn mount(host: web_sys::Element, mode: &str, inputs_json: &str) -> Result<(), String> {
    let tool = Tool::parse(mode)?;
    let inputs: ToolInputs = serde_json::from_str(inputs_json)
        .map_err(|e| format!("the page's inputs: expected their JSON, found an error: {e}"))?;
    MOUNTED.with(|cell| {
        let mut slot = cell
            .try_borrow_mut()
            .map_err(|_| "a tool is being mounted already".to_string())?;
        if let Some(old) = slot.take() {
            old.destroy();
        }
        let props = app::Props {
            tool,
            inputs: Rc::new(inputs),
        };
        *slot = Some(yew::Renderer::<app::ToolsApp>::with_root_and_props(host, props).render());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_round_trip() {
        for tool in Tool::ALL {
            assert_eq!(Tool::parse(tool.as_str()), Ok(tool));
        }
        assert_eq!(Tool::parse("compare"), Ok(Tool::Compare));
        assert_eq!(Tool::parse("cluster-auth"), Ok(Tool::ClusterSignIn));
        let names: Vec<&str> = Tool::ALL.iter().map(|t| t.as_str()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "names are unique: {names:?}");
        let err = Tool::parse("nope").unwrap_err();
        assert!(
            err.contains(
                "expected one of generate, pod-identity, cluster-auth, compare, error, audit"
            ),
            "{err}"
        );
        assert!(err.contains("found `nope`"), "{err}");
    }

    #[test]
    fn session_inputs_are_the_pages() {
        let inputs = ToolInputs {
            token: "a.b.c".into(),
            policy: "{}".into(),
            keys: r#"{"keys": []}"#.into(),
            at: 1_700_000_000,
            offset_minutes: 60,
            ..ToolInputs::default()
        };
        let s = inputs.session_inputs();
        assert_eq!((s.token.as_str(), s.policy.as_str()), ("a.b.c", "{}"));
        assert_eq!((s.at, s.offset_minutes), (1_700_000_000, 60));
        assert_eq!(s.pasted_text, inputs.keys);
        assert!(s.pasted.is_some(), "the keys box is read");
        let blank = ToolInputs::default().session_inputs();
        assert!(blank.pasted.is_none(), "a blank keys box is no keys");
    }

    #[test]
    fn the_pages_fetched_keys_are_handed_to_the_tools() {
        use crate::core::crypto::LocalMath;
        use crate::core::sts::Outcome;
        let example = crate::web::example::load();
        let mut page = Inputs::new(example.eval_at.unwrap(), 0);
        page.token = example.token.clone();
        page.policy = example.policy.clone();
        page.fetched = Some(Rc::new(example.fetched));
        let outcome = |inputs: &Inputs| {
            session::analyze_with(inputs, &LocalMath)
                .report()
                .and_then(|r| r.sts.as_ref().map(|s| s.outcome))
        };
        let analysis = session::analyze_with(&page, &LocalMath);
        assert_eq!(
            outcome(&page),
            Some(Outcome::Success),
            "the page verifies the example"
        );
        let documents = PageDocuments::of(&analysis);
        assert!(
            documents.as_ref().is_some_and(PageDocuments::is_example),
            "{documents:?}"
        );
        let handed = ToolInputs {
            token: page.token.clone(),
            policy: page.policy.clone(),
            documents,
            at: page.at,
            ..ToolInputs::default()
        };
        // Through JSON, as the page hands them over.
        let handed: ToolInputs =
            serde_json::from_str(&serde_json::to_string(&handed).unwrap()).unwrap();
        assert_eq!(
            outcome(&handed.session_inputs()),
            Some(Outcome::Success),
            "the tools agree with the page"
        );
        // Text in the keys box that gives no keys does not hide them, as on the page.
        let unreadable = ToolInputs {
            keys: "not keys".into(),
            ..handed.clone()
        };
        assert_eq!(
            outcome(&unreadable.session_inputs()),
            Some(Outcome::Success)
        );
        // Without them, as before: incomplete.
        let without = ToolInputs {
            documents: None,
            ..handed.clone()
        };
        assert_eq!(
            outcome(&without.session_inputs()),
            Some(Outcome::Incomplete)
        );
        // Keys pasted in the keys box are handed over as such, not twice.
        let mut pasted = page.clone();
        pasted.fetched = None;
        pasted.set_pasted(
            crate::web::example::load()
                .fetched
                .jwks
                .unwrap()
                .text
                .to_string(),
        );
        assert_eq!(
            PageDocuments::of(&session::analyze_with(&pasted, &LocalMath)),
            None
        );
    }

    #[test]
    fn inputs_round_trip_as_json() {
        let inputs = ToolInputs {
            token: "a.b.c".into(),
            policy: "{}".into(),
            at: 1_700_000_000,
            ..ToolInputs::default()
        };
        let text = serde_json::to_string(&inputs).unwrap();
        assert_eq!(serde_json::from_str::<ToolInputs>(&text).unwrap(), inputs);
    }
}
