//! The analysis session: everything the page and the CLI gather before an analysis, and the one
//! path from those inputs to a [`Report`].
//!
//! It owns the rules both faces must agree on:
//! - which keys win: what was pasted (the page's keys box, the CLI's `--jwks`) over documents
//!   fetched (or embedded, or carried by a link, or named with `--discovery`); documents read for
//!   another issuer than the token's are not used ([`analyze`]);
//! - how settings lie over what the token implies ([`Settings`], [`SettingField`]);
//! - what a share link restores ([`restore`], [`Restored::inputs`]).
//!
//! The token is decoded once per analysis; the decoded token travels with the report.

mod documents;
mod link;
mod recipient;
mod settings;

use std::rc::Rc;

use serde_json::{Map, Value};

pub use documents::{
    DiscoveryDocument, Document, DocumentKind, DocumentOrigin, FailedFetch, Fetched, no_jwks_uri,
    read_discovery, read_jwks,
};
pub use link::{Restored, SharedLink, restore};
pub use recipient::{Exposure, Recipient, recipient};
pub use settings::{SettingError, SettingField, Settings};

use super::crypto::{LocalMath, SignatureMath};
use super::jwk::{KeyInput, KeyInputError, KeySet};
use super::jwt::{self, DecodeError, Token};
use super::report::{self, AnalysisInput, AnalysisOptions, Report};
use super::share::{RecordedSignature, SharedFetchFailure};
use super::sts::{KeysEvidence, StsRequest};

/// The inputs of one analysis; cheap to clone and compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// The token text.
    pub token: String,
    /// The pasted keys (keys box, `--jwks`), parsed; `None` when nothing was pasted.
    pub pasted: Option<Rc<Result<KeyInput, KeyInputError>>>,
    /// The pasted text (a share link carries it).
    pub pasted_text: String,
    /// The trust policy text.
    pub policy: String,
    /// The request settings as typed.
    pub settings: Settings,
    /// The signature verdict recorded in a share link, while the token is the link's.
    pub recorded_signature: Option<RecordedSignature>,
    /// Documents fetched (or embedded, carried by a link, read from files).
    pub fetched: Option<Rc<Fetched>>,
    /// Evaluation time, unix seconds.
    pub at: i64,
    /// Viewer's offset from UTC in minutes.
    pub offset_minutes: i32,
}

impl Inputs {
    /// No token, keys, policy or settings, evaluated at `at`.
    pub fn new(at: i64, offset_minutes: i32) -> Inputs {
        Inputs {
            token: String::new(),
            pasted: None,
            pasted_text: String::new(),
            policy: String::new(),
            settings: Settings::default(),
            recorded_signature: None,
            fetched: None,
            at,
            offset_minutes,
        }
    }

    /// Sets the pasted keys text and what the core makes of it (`None` while it is blank).
    pub fn set_pasted(&mut self, text: String) {
        self.pasted = parse_pasted(&text);
        self.pasted_text = text;
    }
}

/// What the keys box (or `--jwks`) holds, read: `None` while it is blank.
pub fn parse_pasted(text: &str) -> Option<Rc<Result<KeyInput, KeyInputError>>> {
    (!text.trim().is_empty()).then(|| Rc::new(super::jwk::parse_key_input(text)))
}

impl Restored {
    /// The inputs that reproduce the link's diagnosis: its token, keys (unreadable ones back in
    /// the keys box), documents, policy, settings, recorded verdict and time.
    pub fn inputs(&self, offset_minutes: i32) -> Inputs {
        let pasted_text = self.unreadable_keys.clone().unwrap_or_default();
        Inputs {
            token: self.token.clone(),
            pasted: parse_pasted(&pasted_text),
            pasted_text,
            policy: self.policy.clone(),
            settings: self.settings.clone(),
            recorded_signature: self.link.recorded_signature.clone(),
            fetched: self.link.fetched.clone(),
            at: self.link.at,
            offset_minutes,
        }
    }
}

/// Where the keys (or the discovery document) in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Pasted (the keys box, `--jwks`).
    Pasted {
        /// How the core understood the paste.
        understood_as: String,
    },
    /// Fetched, the built-in example, a share link's documents, or a file.
    Fetched {
        /// Where the documents came from.
        origin: DocumentOrigin,
        /// The document's URL (a file's path).
        url: String,
    },
}

impl KeySource {
    /// The origin a share link records for text from this source (`pasted`, `example`, or the
    /// URL; a link's documents keep the URL they came from).
    pub fn link_origin(&self) -> String {
        match self {
            KeySource::Pasted { .. } => "pasted".to_string(),
            KeySource::Fetched {
                origin: DocumentOrigin::Example,
                ..
            } => "example".to_string(),
            KeySource::Fetched {
                origin: DocumentOrigin::Network | DocumentOrigin::Shared | DocumentOrigin::File,
                url,
            } => url.clone(),
        }
    }
}

/// One analysis, ready to render (or to share).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The core's report, or why the token does not decode.
    pub result: Result<Rc<Report>, DecodeError>,
    /// The token's `iss`, when it decodes and has a string one.
    pub iss: Option<String>,
    /// The keys used for verification, with their source.
    pub keys: Option<(KeySet, KeySource)>,
    /// Source of the discovery document compared with the token.
    pub discovery_from: Option<KeySource>,
    /// Set when documents were read for an issuer other than this token's (they are not used).
    pub fetched_for_other_issuer: Option<String>,
    /// The decoded token.
    pub token: Option<Rc<Token>>,
    /// The default request for the token (what untouched settings follow).
    pub defaults: Option<StsRequest>,
    /// Settings that could not be read.
    pub setting_errors: Vec<SettingError>,
    /// The key text in use and its origin for share links (`pasted`, a URL, `example`).
    pub keys_text: Option<(Rc<str>, String)>,
    /// The discovery document text in use, when it is not part of `keys_text`.
    pub discovery_text: Option<Rc<str>>,
    /// Where that discovery document came from (`pasted`, a URL, `example`), for share links.
    pub discovery_origin: Option<String>,
    /// How reading this token's documents failed, if it did (part of the diagnosis, so share
    /// links carry it).
    pub fetch_failure: Option<SharedFetchFailure>,
}

impl Analysis {
    /// The report, when the token decodes.
    pub fn report(&self) -> Option<Rc<Report>> {
        self.result.as_ref().ok().cloned()
    }
}

/// The discovery document in use, its source and its text.
type InUse<'a> = (
    Option<&'a Map<String, Value>>,
    Option<KeySource>,
    Option<Rc<str>>,
);

/// Analyses `inputs`, computing signatures here; see [`analyze_with`].
pub fn analyze(inputs: &Inputs) -> Analysis {
    analyze_with(inputs, &LocalMath)
}

/// Analyses `inputs`: the token is decoded once; pasted keys win over documents read; documents
/// read for another issuer are not used; the settings lie over the token's defaults; what was
/// seen while fetching goes to the STS simulation as evidence. `math` answers the signature
/// arithmetic (the page passes its worker's answers).
pub fn analyze_with(inputs: &Inputs, math: &dyn SignatureMath) -> Analysis {
    let decoded = jwt::decode(&inputs.token).map(Rc::new);
    let token = decoded.as_ref().ok().cloned();
    let iss = token
        .as_deref()
        .and_then(|t| t.claim_str("iss").map(str::to_owned));
    let (fetched, fetched_for_other_issuer) =
        documents_for(inputs.fetched.as_deref(), iss.as_deref());
    let sources = Sources { inputs, fetched };
    let keys = sources.keys();
    let (discovery, discovery_from, discovery_doc_text) = sources.discovery();
    let keys_text = sources.keys_text(keys.as_ref());
    // A discovery document read from the same text as the keys (a pasted discovery document
    // with its JWKS) travels with them.
    let discovery_text = discovery_doc_text.filter(|d| {
        !keys_text
            .as_ref()
            .is_some_and(|(k, _)| Rc::ptr_eq(k, d) || **k == **d)
    });
    let discovery_origin = discovery_text
        .as_ref()
        .and(discovery_from.as_ref())
        .map(KeySource::link_origin)
        .filter(|o| !o.is_empty());
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
            what: x.what.as_str().to_string(),
            url: x.url.clone(),
            failure: x.failure.clone(),
        });
    let options = AnalysisOptions {
        recorded_signature: inputs.recorded_signature.clone(),
        request,
        evidence: KeysEvidence {
            // Every failure seen; the STS simulation knows which ones say something about STS.
            fetch_failure: fetch_failure.as_ref().map(|f| f.failure.clone()),
            ..KeysEvidence::default()
        },
    };
    let input = AnalysisInput {
        token: &inputs.token,
        keys: keys.as_ref().map(|(set, _)| set),
        discovery,
        at: inputs.at,
        offset_minutes: inputs.offset_minutes,
    };
    let assumed = options
        .request
        .as_ref()
        .and_then(|r| provider_assumption(&inputs.settings, r));
    let result = decoded.map(|t| {
        let mut report = report::analyze_token(&t, &input, &options, math);
        if let (Some(sts), Some(a)) = (report.sts.as_mut(), &assumed) {
            sts.assumptions.push(a.clone());
            sts.assume_provider();
        }
        Rc::new(report)
    });
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

/// What a verdict takes for granted while the IAM OIDC provider settings follow the token: that
/// the role's account has a provider for this `iss` (the most common IRSA failure is that it has
/// none) and that its client IDs include the default audience. `None` once both were given, or for
/// a built-in provider (Google, Cognito, …), which has no IAM OIDC provider, or for an issuer that
/// is not an https URL, for which IAM can hold none.
fn provider_assumption(settings: &Settings, request: &StsRequest) -> Option<String> {
    let url = settings.follows_default(SettingField::ProviderUrl);
    let ids = settings.follows_default(SettingField::ClientIds);
    let provider = &request.provider;
    if provider.url.trim().is_empty() || !(url || ids) {
        return None;
    }
    // The token's `iss` is not an https URL: no provider can exist for it (the provider step
    // says so and why), so none is assumed.
    if url && !crate::core::sts::iam_provider_possible(provider.url.trim()) {
        return None;
    }
    let shown_ids = provider
        .client_ids
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let what = match (url, ids) {
        (true, true) => format!(
            "the role's account has an IAM OIDC provider for `{}` with client ID {shown_ids}",
            provider.url
        ),
        (true, false) => format!(
            "the role's account has an IAM OIDC provider for `{}`",
            provider.url
        ),
        _ => format!("the IAM OIDC provider's client IDs are {shown_ids}"),
    };
    Some(format!(
        "{what}: the provider settings follow the token, not the account. Without that provider STS \
         refuses the token (`InvalidIdentityToken`, no OpenIDConnect provider found in your \
         account); `aws iam list-open-id-connect-providers` lists the account's providers, and \
         entering its URL and client IDs checks them"
    ))
}

/// The documents read, when they may be used for a token from `iss`: those read for another
/// issuer are not (their issuer is returned instead); embedded ones are not tied to an issuer.
fn documents_for<'a>(
    fetched: Option<&'a Fetched>,
    iss: Option<&str>,
) -> (Option<&'a Fetched>, Option<String>) {
    match fetched {
        Some(f) if !f.origin.is_tied_to_issuer() => (Some(f), None),
        Some(f) if iss == Some(f.iss.as_str()) => (Some(f), None),
        Some(f) if iss.is_some() => (None, Some(f.iss.clone())),
        _ => (None, None),
    }
}

/// Where the documents of one analysis come from: what was pasted, and what was fetched for the
/// token's issuer.
struct Sources<'a> {
    inputs: &'a Inputs,
    fetched: Option<&'a Fetched>,
}

impl<'a> Sources<'a> {
    fn pasted(&self) -> Option<&'a KeyInput> {
        self.inputs.pasted.as_deref().and_then(|r| r.as_ref().ok())
    }

    fn pasted_source(&self) -> KeySource {
        KeySource::Pasted {
            understood_as: self
                .pasted()
                .map(|p| p.understood_as.clone())
                .unwrap_or_default(),
        }
    }

    fn fetched_source(f: &Fetched, url: &str) -> KeySource {
        KeySource::Fetched {
            origin: f.origin,
            url: url.to_string(),
        }
    }

    /// The keys in use: pasted ones win over fetched ones.
    fn keys(&self) -> Option<(KeySet, KeySource)> {
        match (self.pasted().and_then(|p| p.keys.as_ref()), self.fetched) {
            (Some(set), _) => Some((set.clone(), self.pasted_source())),
            (None, Some(f)) => f
                .jwks
                .as_ref()
                .map(|doc| ((*doc.content).clone(), Self::fetched_source(f, &doc.url))),
            (None, None) => None,
        }
    }

    /// The discovery document in use, its source and its text: pasted wins over fetched.
    fn discovery(&self) -> InUse<'a> {
        let fetched = self
            .fetched
            .and_then(|f| f.discovery.as_ref().map(|d| (f, d)));
        match (self.pasted().and_then(|p| p.discovery.as_ref()), fetched) {
            (Some(map), _) => (
                Some(map),
                Some(self.pasted_source()),
                Some(Rc::from(self.inputs.pasted_text.as_str())),
            ),
            (None, Some((f, doc))) => (
                Some(&*doc.content),
                Some(Self::fetched_source(f, &doc.url)),
                Some(Rc::clone(&doc.text)),
            ),
            (None, None) => (None, None, None),
        }
    }

    /// The text the keys were read from, with its origin as a link names it.
    fn keys_text(&self, keys: Option<&(KeySet, KeySource)>) -> Option<(Rc<str>, String)> {
        match (keys, self.fetched.and_then(|f| f.jwks.as_ref())) {
            (Some((_, source @ KeySource::Pasted { .. })), _) => Some((
                Rc::from(self.inputs.pasted_text.as_str()),
                source.link_origin(),
            )),
            (Some((_, source @ KeySource::Fetched { .. })), Some(doc)) => {
                Some((Rc::clone(&doc.text), source.link_origin()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
