//! EKS cluster OIDC sign-in: would the cluster's API server accept this person's ID token, and
//! as which Kubernetes username and groups?
//!
//! The rules are Kubernetes' OIDC authenticator
//! (`staging/src/k8s.io/apiserver/plugin/pkg/authenticator/token/oidc/oidc.go`:
//! <https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/plugin/pkg/authenticator/token/oidc/oidc.go>),
//! which verifies with `github.com/coreos/go-oidc` (v2, `verify.go`: issuer, audience, `exp`, `nbf`
//! with one minute of leeway, then the algorithm and signature), with the defaults of the
//! `--oidc-*` flags (`pkg/kubeapiserver/options/authentication.go`: `--oidc-username-claim`
//! `sub`; claims other than `email` prefixed with the issuer URL and `#` unless a prefix is given,
//! `-` for none; `--oidc-signing-algs` `RS256`) and the Kubernetes documentation
//! (<https://kubernetes.io/docs/reference/access-authn-authz/authentication/#openid-connect-tokens>);
//! EKS's own rules (`https://` issuer, no `system:` prefixes):
//! <https://docs.aws.amazon.com/eks/latest/userguide/authenticate-oidc-identity-provider.html>,
//! <https://docs.aws.amazon.com/eks/latest/APIReference/API_OidcIdentityProviderConfigRequest.html>.
//!
//! Invariants:
//! - Every check runs and is reported, even after one fails (the API server stops at the
//!   first); the username and groups are shown whenever the token yields them.
//! - The signature is checked by [`crate::core::verify::verify_using`] through the crypto seam
//!   ([`SignatureMath`]); without keys the verdict is undetermined, never accepted.
//! - No clock: the evaluation time is an input.

mod checks;
mod config;
mod text;

pub use config::{ConfigError, ConfigShape, IdpConfig, parse_config};
pub use text::render;

use serde::{Deserialize, Serialize};

use crate::core::crypto::{LocalMath, SignatureMath};
use crate::core::finding::Finding;
use crate::core::jwk::{self, KeyInputError};
use crate::core::jwt::{self, DecodeError};
use crate::core::trace::{self, Outcome, Step};
use crate::core::verify::{self, SignatureReport};

/// Everything one check of a sign-in reads, as text (what a page or a CLI has).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClusterAuthInput {
    /// The identity-provider configuration (any shape [`parse_config`] reads).
    pub config: String,
    /// The person's ID token.
    pub token: String,
    /// The issuer's keys (a JWKS, one JWK, or a discovery document followed by its JWKS); empty
    /// when not given.
    pub jwks: String,
    /// The evaluation time, unix seconds.
    pub at: i64,
}

/// Why no verdict can be given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterAuthInputError {
    /// The configuration cannot be read.
    #[error("identity-provider configuration: {0}")]
    Config(ConfigError),
    /// The token does not decode.
    #[error("token: {0}")]
    Token(DecodeError),
    /// The keys cannot be read.
    #[error("keys: {0}")]
    Keys(KeyInputError),
}

/// The verdict on one sign-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterAuthReport {
    /// `cluster_auth`.
    pub mode: &'static str,
    /// `success` (accepted), `failure` (refused) or `undetermined`.
    pub outcome: Outcome,
    /// One sentence.
    pub summary: String,
    /// The Kubernetes username the token maps to, when it yields one (whatever the outcome).
    pub username: Option<String>,
    /// The groups the token maps to (the API server adds `system:authenticated` to every
    /// authenticated user).
    pub groups: Vec<String>,
    /// The step that decided a refusal.
    pub deciding_step: Option<&'static str>,
    /// The fix for the deciding failure.
    pub fix: Option<String>,
    /// Every step.
    pub steps: Vec<Step>,
    /// The configuration as read.
    pub config: IdpConfig,
    /// Which document the configuration came from.
    pub config_shape: ConfigShape,
    /// The signature verdict.
    pub signature: SignatureReport,
    /// Worth knowing whatever the verdict.
    pub findings: Vec<Finding>,
    /// Where the prediction rests on undocumented behaviour.
    pub caveats: Vec<String>,
}

/// Checks a sign-in, computing signatures here.
///
/// # Errors
/// [`ClusterAuthInputError`] when the configuration, token or keys cannot be read.
pub fn authenticate(input: &ClusterAuthInput) -> Result<ClusterAuthReport, ClusterAuthInputError> {
    authenticate_with(input, &LocalMath)
}

/// Checks a sign-in, with the signature arithmetic answered by `math` (the page passes its
/// worker's answers).
///
/// # Errors
/// [`ClusterAuthInputError`] when the configuration, token or keys cannot be read.
pub fn authenticate_with(
    input: &ClusterAuthInput,
    math: &dyn SignatureMath,
) -> Result<ClusterAuthReport, ClusterAuthInputError> {
    let (config, shape) = parse_config(&input.config).map_err(ClusterAuthInputError::Config)?;
    let token = jwt::decode(&input.token).map_err(ClusterAuthInputError::Token)?;
    let keys = if input.jwks.trim().is_empty() {
        None
    } else {
        let read = jwk::parse_key_input(&input.jwks).map_err(ClusterAuthInputError::Keys)?;
        read.keys
    };
    let signature = verify::verify_using(&token, keys.as_ref(), math);
    let mut caveats = Vec::new();
    let (username_step, username) = checks::username_step(&config, &token);
    let (groups_step, groups) = checks::groups_step(&config, &token);
    let steps = vec![
        checks::config_step(&config),
        checks::issuer_step(&config, &token),
        checks::audience_step(&config, &token),
        checks::claims_step(&token),
        checks::signature_step(&token, &signature, &mut caveats),
        checks::time_step(&token, input.at),
        username_step,
        groups_step,
        checks::required_claims_step(&config, &token),
    ];
    let (outcome, deciding) = trace::decide(&steps);
    let deciding_step = deciding.map(|s| s.id);
    let fix = deciding.and_then(|s| s.fix.clone());
    let who = username
        .as_deref()
        .map_or_else(|| "no username".to_string(), |u| format!("`{u}`"));
    let summary = match (outcome, deciding) {
        (Outcome::Failure, Some(step)) => format!(
            "the API server refuses the token (401 Unauthorized): {} fails",
            step.title
        ),
        (Outcome::Undetermined, _) => format!(
            "nothing fails, but not every check could run: the token would sign in as {who} if it does"
        ),
        _ => format!("the API server accepts the token as {who}"),
    };
    let findings = checks::findings(&config, &token, username.as_deref(), &groups);
    caveats.push(
        "what the user may do is decided afterwards by Kubernetes RBAC (Roles and RoleBindings \
         naming this username or these groups), not checked here"
            .to_string(),
    );
    Ok(ClusterAuthReport {
        mode: "cluster_auth",
        outcome,
        summary,
        username,
        groups,
        deciding_step,
        fix,
        steps,
        config,
        config_shape: shape,
        signature,
        findings,
        caveats,
    })
}
