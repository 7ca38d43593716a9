//! Runs the core's analysis on the page's inputs and records which key source was used.
//!
//! The only choice made here is which documents to hand to the core: what the user pasted wins
//! over what was fetched, and documents fetched for another issuer are not used for this token.

use std::rc::Rc;

use crate::core::jwk::KeySet;
use crate::core::jwt::{self, DecodeError};
use crate::core::report::{self, AnalysisInput, Report};

use super::state::{Inputs, Origin};

/// Where the keys (or the discovery document) in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The paste box.
    Pasted {
        /// How the core understood the paste.
        understood_as: String,
    },
    /// Fetched, or the built-in example.
    Fetched {
        /// Network or example.
        origin: Origin,
        /// The document's URL.
        url: String,
    },
}

/// One analysis, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The core's report, or why the token does not decode.
    pub result: Result<Rc<Report>, DecodeError>,
    /// The token's `iss`, when it decodes and has a string one.
    pub iss: Option<String>,
    /// The keys used for verification, with their source.
    pub keys: Option<(KeySet, Source)>,
    /// Source of the discovery document compared with the token.
    pub discovery_from: Option<Source>,
    /// Set when documents were fetched for an issuer other than this token's.
    pub fetched_for_other_issuer: Option<String>,
}

impl Analysis {
    /// The report, when the token decodes.
    pub fn report(&self) -> Option<Rc<Report>> {
        self.result.as_ref().ok().cloned()
    }
}

/// Analyses `inputs` with the core.
pub fn run(inputs: &Inputs) -> Analysis {
    let iss = jwt::decode(&inputs.token)
        .ok()
        .and_then(|t| t.claim_str("iss").map(str::to_owned));
    let pasted = inputs.pasted.as_deref().and_then(|r| r.as_ref().ok());
    let (fetched, fetched_for_other_issuer) = match inputs.fetched.as_deref() {
        Some(f) if iss.as_deref() == Some(f.iss.as_str()) => (Some(f), None),
        Some(f) if iss.is_some() => (None, Some(f.iss.clone())),
        _ => (None, None),
    };
    let pasted_source = || Source::Pasted {
        understood_as: pasted.map(|p| p.understood_as.clone()).unwrap_or_default(),
    };
    let keys = match (pasted.and_then(|p| p.keys.as_ref()), fetched) {
        (Some(set), _) => Some((set.clone(), pasted_source())),
        (None, Some(f)) => f.jwks.as_ref().map(|doc| {
            (
                (*doc.content).clone(),
                Source::Fetched {
                    origin: f.origin,
                    url: doc.url.clone(),
                },
            )
        }),
        (None, None) => None,
    };
    let pasted_discovery = pasted.and_then(|p| p.discovery.as_ref());
    let fetched_discovery = fetched.and_then(|f| f.discovery.as_ref().map(|d| (f.origin, d)));
    let (discovery, discovery_from) = match (pasted_discovery, fetched_discovery) {
        (Some(map), _) => (Some(map), Some(pasted_source())),
        (None, Some((origin, doc))) => (
            Some(&*doc.content),
            Some(Source::Fetched {
                origin,
                url: doc.url.clone(),
            }),
        ),
        (None, None) => (None, None),
    };
    let result = report::analyze(&AnalysisInput {
        token: &inputs.token,
        keys: keys.as_ref().map(|(set, _)| set),
        discovery,
        at: inputs.at,
        offset_minutes: inputs.offset_minutes,
    })
    .map(Rc::new);
    Analysis {
        result,
        iss,
        keys,
        discovery_from,
        fetched_for_other_issuer,
    }
}
