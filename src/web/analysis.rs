//! Runs the core's analysis on the page's inputs and records which key source was used.
//!
//! The only choice made here is which documents to hand to the core: what the user pasted wins
//! over what was fetched, and documents fetched for another issuer are not used for this token.
//! The request settings are laid over the core's defaults for the token, and what the page saw
//! while fetching goes to the core as evidence.

use std::rc::Rc;

use crate::core::jwk::KeySet;
use crate::core::jwt::{self, DecodeError, Token};
use crate::core::report::{self, AnalysisInput, AnalysisOptions, Report};
use crate::core::share::SharedFetchFailure;
use crate::core::sts::{KeysEvidence, StsRequest};

use super::settings::SettingError;
use super::shared::Shared;
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
    /// The decoded token.
    pub token: Option<Rc<Token>>,
    /// The core's default request for the token (what untouched settings follow).
    pub defaults: Option<StsRequest>,
    /// Settings that could not be read.
    pub setting_errors: Vec<SettingError>,
    /// The key text in use and where it came from (`pasted`, a URL, `example`), for share links.
    pub keys_text: Option<(Rc<str>, String)>,
    /// The discovery document text in use, when it is not part of `keys_text`.
    pub discovery_text: Option<Rc<str>>,
    /// Where that discovery document came from (`pasted`, a URL, `example`), for share links.
    pub discovery_origin: Option<String>,
    /// How fetching this token's documents failed, if it did (part of the diagnosis, so share
    /// links carry it).
    pub fetch_failure: Option<SharedFetchFailure>,
}

impl Analysis {
    /// The report, when the token decodes.
    pub fn report(&self) -> Option<Shared<Report>> {
        self.result.as_ref().ok().cloned().map(Shared)
    }
}

/// Analyses `inputs` with the core.
pub fn run(inputs: &Inputs) -> Analysis {
    let token = jwt::decode(&inputs.token).ok().map(Rc::new);
    let iss = token
        .as_deref()
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
    let keys_text = match (&keys, fetched) {
        (Some((_, Source::Pasted { .. })), _) => {
            Some((Rc::from(inputs.pasted_text.as_str()), "pasted".to_string()))
        }
        (Some((_, Source::Fetched { .. })), Some(f)) => f.jwks.as_ref().map(|doc| {
            let origin = match f.origin {
                Origin::Network | Origin::Shared => doc.url.clone(),
                Origin::Example => "example".to_string(),
            };
            (Rc::clone(&doc.text), origin)
        }),
        _ => None,
    };
    let discovery_text = match (&discovery_from, fetched) {
        // A pasted discovery document travels inside the pasted key text.
        (Some(Source::Pasted { .. }), _)
            if keys_text.as_ref().is_some_and(|(_, o)| o == "pasted") =>
        {
            None
        }
        (Some(Source::Pasted { .. }), _) => Some(Rc::from(inputs.pasted_text.as_str())),
        (Some(Source::Fetched { .. }), Some(f)) => f.discovery.as_ref().map(|d| Rc::clone(&d.text)),
        _ => None,
    };
    // A discovery document read from the same text as the keys travels with them.
    let discovery_text = discovery_text.filter(|d| {
        !keys_text
            .as_ref()
            .is_some_and(|(k, _)| Rc::ptr_eq(k, d) || **k == **d)
    });
    let discovery_origin = discovery_text
        .as_ref()
        .and(discovery_from.as_ref())
        .and_then(|from| match from {
            Source::Pasted { .. } => Some("pasted".to_string()),
            Source::Fetched {
                origin: Origin::Example,
                ..
            } => Some("example".to_string()),
            Source::Fetched { url, .. } => Some(url.clone()).filter(|u| !u.is_empty()),
        });
    let defaults = token.as_deref().map(StsRequest::defaults_for);
    let (request, setting_errors) = match &defaults {
        Some(d) => {
            let (r, e) = inputs.settings.request(d.clone(), &inputs.policy);
            (Some(r), e)
        }
        None => (None, Vec::new()),
    };
    let fetch_failure = fetched
        .and_then(|f| f.failure.as_ref())
        .map(|x| SharedFetchFailure {
            what: x.what.to_string(),
            url: x.url.clone(),
            failure: x.failure.clone(),
        });
    let options = AnalysisOptions {
        recorded_signature: inputs.recorded_signature.clone(),
        request,
        evidence: KeysEvidence {
            // Every failure the page saw; the core knows which ones say something about STS.
            fetch_failure: fetch_failure.as_ref().map(|f| f.failure.clone()),
            ..KeysEvidence::default()
        },
    };
    let result = report::analyze_with(
        &AnalysisInput {
            token: &inputs.token,
            keys: keys.as_ref().map(|(set, _)| set),
            discovery,
            at: inputs.at,
            offset_minutes: inputs.offset_minutes,
        },
        &options,
    )
    .map(Rc::new);
    Analysis {
        result,
        iss,
        keys,
        discovery_from,
        fetched_for_other_issuer,
        token,
        defaults,
        setting_errors,
        keys_text,
        discovery_text,
        discovery_origin,
        fetch_failure,
    }
}
