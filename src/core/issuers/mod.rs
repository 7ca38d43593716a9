//! Issuer presets: for every issuer people federate with AWS, how it is recognised from `iss`
//! (and, for self-hosted issuers, from its claims), what its claims mean, how its `sub` is built
//! (split into named parts for display), which claims IAM exposes as condition keys for it, and
//! the mistakes people make with it. One module per issuer family; each preset is data
//! ([`Preset`]) plus two small functions: `recognise` (from `iss` and claims) and `split`
//! (a `sub` into its parts).
//!
//! Invariants:
//! - Every fact carries the URL of the document that states it ([`Fact::source`],
//!   [`Preset::docs`]). Where a format could not be confirmed in the issuer's documentation the
//!   preset says so ([`SubjectFormat::Unconfirmed`]) and its `sub` is not split: a guessed split
//!   would be shown as if it were the issuer's.
//! - Recognition never fails: a token no preset recognises gets the generic OIDC preset.
//! - Nothing here decides a verdict: the STS steps do not read presets. They are for the reader
//!   (the CLI's `explain`, the page on demand) and for the generator's choice of scopes.

mod azure;
mod bitbucket;
mod buildkite;
mod builtin;
mod circleci;
mod generic;
mod github;
mod gitlab;
mod kubernetes;
mod terraform;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::core::claims::{TokenKind, detect_kind};
use crate::core::jwt::Token;
use crate::core::sts::provider_prefix;

/// Which preset a token is recognised as. Stable names: [`PresetId::as_str`], also its JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetId {
    /// An EKS cluster's service-account issuer.
    Eks,
    /// Any other Kubernetes service-account issuer (kops, kind, minikube, …).
    Kubernetes,
    /// GitHub Actions on github.com (`https://token.actions.githubusercontent.com`).
    GitHub,
    /// GitHub Actions with an enterprise's own issuer (`…githubusercontent.com/<enterprise>`).
    GitHubEnterprise,
    /// GitHub Enterprise Server (`https://HOST/_services/token`).
    GitHubServer,
    /// GitLab CI/CD ID tokens (gitlab.com or self-managed).
    GitLab,
    /// HCP Terraform / Terraform Enterprise workload identity tokens.
    HcpTerraform,
    /// CircleCI OIDC tokens (`https://oidc.circleci.com/org/<id>`).
    CircleCi,
    /// Bitbucket Pipelines OIDC tokens (one issuer per workspace).
    Bitbucket,
    /// Buildkite agent OIDC tokens (`https://agent.buildkite.com`).
    Buildkite,
    /// Azure DevOps service-connection tokens (`https://vstoken.dev.azure.com/<org id>`).
    AzureDevOps,
    /// Microsoft Entra ID tokens (`login.microsoftonline.com/<tenant>/v2.0`, `sts.windows.net`).
    EntraId,
    /// Google ID tokens: an IAM built-in provider.
    Google,
    /// Amazon Cognito identity-pool tokens: an IAM built-in provider.
    Cognito,
    /// Any other OIDC issuer.
    Generic,
}

impl PresetId {
    /// `eks`, `kubernetes`, `github`, …
    pub fn as_str(self) -> &'static str {
        match self {
            PresetId::Eks => "eks",
            PresetId::Kubernetes => "kubernetes",
            PresetId::GitHub => "github",
            PresetId::GitHubEnterprise => "github_enterprise",
            PresetId::GitHubServer => "github_server",
            PresetId::GitLab => "gitlab",
            PresetId::HcpTerraform => "hcp_terraform",
            PresetId::CircleCi => "circleci",
            PresetId::Bitbucket => "bitbucket",
            PresetId::Buildkite => "buildkite",
            PresetId::AzureDevOps => "azure_devops",
            PresetId::EntraId => "entra_id",
            PresetId::Google => "google",
            PresetId::Cognito => "cognito",
            PresetId::Generic => "generic",
        }
    }
}

impl Serialize for PresetId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A statement with the URL of the document that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The statement.
    pub text: &'static str,
    /// The document's URL.
    pub source: &'static str,
}

/// What one claim means for this issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClaimNote {
    /// The claim.
    pub claim: &'static str,
    /// What it means, with its source.
    pub meaning: Fact,
}

/// How the issuer builds `sub`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SubjectFormat {
    /// The issuer documents the format; `sub` is split by it.
    Documented {
        /// The format, e.g. `repo:ORG/REPO:ref:refs/heads/BRANCH`.
        pattern: &'static str,
        /// Where it is documented.
        source: &'static str,
    },
    /// The issuer documents `sub` as an opaque identifier, with no parts.
    Opaque {
        /// What it identifies.
        note: &'static str,
        /// Where it is documented.
        source: &'static str,
    },
    /// The format could not be confirmed in the issuer's documentation: `sub` is shown whole.
    Unconfirmed {
        /// What is known and what is not.
        note: &'static str,
    },
}

/// Which claims IAM exposes as condition keys for this issuer (`<provider>:<claim>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConditionKeys {
    /// The claims (the key is the provider prefix, `:`, the claim).
    pub claims: &'static [&'static str],
    /// Where IAM documents them, and anything not confirmed.
    pub fact: Fact,
}

/// One issuer preset: data only (its functions live in its module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preset {
    /// Which preset.
    pub id: PresetId,
    /// Its name, e.g. "GitHub Actions (github.com)".
    pub name: &'static str,
    /// How it is recognised.
    pub recognised_by: &'static str,
    /// The issuer's documentation of its tokens.
    pub docs: &'static str,
    /// Whether IAM knows it without an IAM OIDC provider (Google, Cognito).
    pub builtin: bool,
    /// How `sub` is built.
    pub subject: SubjectFormat,
    /// What its notable claims mean.
    pub claims: &'static [ClaimNote],
    /// The condition keys IAM exposes for it.
    pub condition_keys: ConditionKeys,
    /// The mistakes people make with it.
    pub mistakes: &'static [Fact],
}

/// A named part of an issuer URL or a `sub`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// What the part is, e.g. `repository`, `namespace`.
    pub name: String,
    /// Its value.
    pub value: String,
}

impl Part {
    fn new(name: &str, value: &str) -> Part {
        Part {
            name: name.to_string(),
            value: value.to_string(),
        }
    }
}

/// A `sub` split by its preset's format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectParts {
    /// Which form of the format it has, e.g. `branch`, `environment`, `customised template`.
    pub form: &'static str,
    /// The parts in order.
    pub parts: Vec<Part>,
}

/// What a preset's recogniser found in the issuer URL.
struct Recognised {
    preset: &'static Preset,
    issuer_parts: Vec<Part>,
    split: fn(&str) -> Option<SubjectParts>,
}

/// A recogniser: the preset a token's `iss` and claims belong to, if it is this module's.
type Recogniser = fn(&str, &Map<String, Value>) -> Option<Recognised>;

/// The recognisers, most specific first (issuer URLs before claim shapes); the generic preset
/// takes whatever is left.
const RECOGNISERS: [Recogniser; 9] = [
    kubernetes::recognise,
    github::recognise,
    circleci::recognise,
    bitbucket::recognise,
    buildkite::recognise,
    azure::recognise,
    builtin::recognise,
    gitlab::recognise,
    terraform::recognise,
];

/// Every preset, in the order the documentation lists them.
pub fn all() -> [&'static Preset; 15] {
    [
        &kubernetes::EKS,
        &kubernetes::SELF_MANAGED,
        &github::GITHUB_COM,
        &github::ENTERPRISE,
        &github::SERVER,
        &gitlab::PRESET,
        &terraform::PRESET,
        &circleci::PRESET,
        &bitbucket::PRESET,
        &buildkite::PRESET,
        &azure::DEVOPS,
        &azure::ENTRA,
        &builtin::GOOGLE,
        &builtin::COGNITO,
        &generic::PRESET,
    ]
}

/// The recognised issuer of a token, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerExplanation {
    /// The preset.
    pub preset: &'static Preset,
    /// The token's `iss` (empty when it has none).
    pub iss: String,
    /// What the issuer URL says (region and cluster id, enterprise, host, organisation, …).
    pub issuer_parts: Vec<Part>,
    /// The token's `sub`, split by the preset's format; `None` when it has no `sub`, the format is
    /// unconfirmed, or the value does not have the documented shape ([`IssuerExplanation::subject_note`]).
    pub subject: Option<SubjectParts>,
    /// Why `sub` is not split, when it is not.
    pub subject_note: Option<String>,
    /// The condition-key prefix: the provider URL without `https://`, or a built-in provider's
    /// name.
    pub key_prefix: String,
    /// The condition keys, in full (`<provider>:<claim>`); none when no IAM OIDC provider can be
    /// registered for the issuer ([`IssuerExplanation::no_provider`]): the keys are the provider's.
    pub condition_keys: Vec<String>,
    /// Those of [`IssuerExplanation::condition_keys`] whose claim this token does not carry: IAM
    /// finds them absent in a trust policy (`:oaud` reads `aud`; Google's `:aud` reads `azp` or
    /// `aud`).
    pub absent_condition_keys: Vec<String>,
    /// The IAM OIDC provider URL to register (`None` for a built-in provider).
    pub provider_url: Option<String>,
    /// Commands that set the provider up, where the issuer has its own (EKS's `eksctl`); none
    /// when no provider can be registered ([`IssuerExplanation::no_provider`]).
    pub setup: Vec<String>,
    /// Why no IAM OIDC provider can be registered for this issuer: `iss` is not an https URL
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
    pub no_provider: Option<String>,
}

/// The preset `token` is recognised as, with its explanation.
pub fn preset_for(token: &Token) -> IssuerExplanation {
    explain(&token.claims)
}

/// The preset a token with these claims is recognised as, with its explanation.
pub fn explain(claims: &Map<String, Value>) -> IssuerExplanation {
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let recognised = RECOGNISERS
        .iter()
        .find_map(|r| r(iss, claims))
        .unwrap_or_else(generic::recognised);
    let preset = recognised.preset;
    let sub = claims.get("sub").and_then(Value::as_str);
    let (subject, subject_note) = split_subject(preset, recognised.split, sub);
    let prefix = builtin::key_prefix(preset).unwrap_or_else(|| provider_prefix(iss));
    let no_provider = (!preset.builtin && !iss.is_empty() && !iss.starts_with("https://"))
        .then(|| no_provider_reason(iss, claims));
    // Condition keys are the provider's: an issuer IAM cannot register has none.
    let key_claims: &[&str] = if no_provider.is_some() {
        &[]
    } else {
        preset.condition_keys.claims
    };
    let condition_keys = key_claims.iter().map(|c| format!("{prefix}:{c}")).collect();
    let carried = |claim: &str| match claim {
        "oaud" => claims.contains_key("aud"),
        "aud" => claims.contains_key("aud") || claims.contains_key("azp"),
        other => claims.contains_key(other),
    };
    let absent_condition_keys = key_claims
        .iter()
        .filter(|c| !carried(c))
        .map(|c| format!("{prefix}:{c}"))
        .collect();

    let provider_url =
        (!preset.builtin && !iss.is_empty() && no_provider.is_none()).then(|| iss.to_string());
    let setup = if no_provider.is_some() {
        Vec::new()
    } else {
        setup_commands(preset.id, iss, claims)
    };
    IssuerExplanation {
        preset,
        iss: iss.to_string(),
        issuer_parts: recognised.issuer_parts,
        subject,
        subject_note,
        key_prefix: prefix.to_string(),
        condition_keys,
        absent_condition_keys,
        provider_url,
        setup,
        no_provider,
    }
}

/// Why IAM cannot register `iss` (not an https URL), and what to do instead: a Kubernetes
/// cluster's issuer is the API server's `--service-account-issuer`
/// (<https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/>).
fn no_provider_reason(iss: &str, claims: &Map<String, Value>) -> String {
    let why =
        format!("`{iss}` is not an https URL, and IAM OIDC provider URLs must start with https://");
    match detect_kind(claims) {
        TokenKind::KubernetesLegacy { .. } => format!(
            "{why}; this is a legacy secret token: use a projected service-account token from a cluster whose `--service-account-issuer` is a public https URL serving discovery and keys"
        ),
        TokenKind::KubernetesProjected { .. } => format!(
            "{why}; set the API server's `--service-account-issuer` to a public https URL serving discovery and keys, then register that URL"
        ),
        _ => format!("{why}; use a token whose issuer is an https URL"),
    }
}

/// `sub` split by the format of the preset `id` (`None` when it does not have that format, or
/// the preset's format is not confirmed). The generator's scopes are built from these parts.
pub fn split_subject_as(id: PresetId, sub: &str) -> Option<SubjectParts> {
    match id {
        PresetId::Eks | PresetId::Kubernetes => kubernetes::split(sub),
        PresetId::GitHub | PresetId::GitHubEnterprise | PresetId::GitHubServer => {
            github::split(sub)
        }
        PresetId::GitLab => gitlab::split(sub),
        PresetId::HcpTerraform => terraform::split(sub),
        PresetId::CircleCi => circleci::split(sub),
        PresetId::Buildkite => buildkite::split(sub),
        _ => None,
    }
}

impl SubjectParts {
    /// The value of the part named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }
}

/// `sub` split by the preset, or why not.
fn split_subject(
    preset: &Preset,
    split: fn(&str) -> Option<SubjectParts>,
    sub: Option<&str>,
) -> (Option<SubjectParts>, Option<String>) {
    let Some(sub) = sub.filter(|s| !s.is_empty()) else {
        return (None, Some("the token has no `sub`".to_string()));
    };
    match preset.subject {
        SubjectFormat::Unconfirmed { note } | SubjectFormat::Opaque { note, .. } => {
            (None, Some(note.to_string()))
        }
        SubjectFormat::Documented { pattern, .. } => match split(sub) {
            Some(parts) => (Some(parts), None),
            None => (
                None,
                Some(format!(
                    "`{sub}` does not have the documented form `{pattern}`"
                )),
            ),
        },
    }
}

/// The commands that register the provider, for issuers with their own tool.
fn setup_commands(id: PresetId, iss: &str, claims: &Map<String, Value>) -> Vec<String> {
    let audience = match claims.get("aud") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .next()
            .unwrap_or("sts.amazonaws.com")
            .to_string(),
        _ => "sts.amazonaws.com".to_string(),
    };
    match id {
        PresetId::Google | PresetId::Cognito => Vec::new(),
        PresetId::Eks => vec![
            "eksctl utils associate-iam-oidc-provider --cluster NAME --approve".to_string(),
            format!(
                "aws iam create-open-id-connect-provider --url {iss} --client-id-list {audience}"
            ),
        ],
        _ if iss.is_empty() => Vec::new(),
        _ => vec![format!(
            "aws iam create-open-id-connect-provider --url {iss} --client-id-list {audience}"
        )],
    }
}

/// Splits `sub` into `key:value` pairs whose keys are `keys`, in order (GitLab, HCP Terraform,
/// Buildkite): `None` unless every key is where the format puts it and every value is non-empty.
fn key_value_parts(sub: &str, keys: &[&str]) -> Option<Vec<Part>> {
    let pieces: Vec<&str> = sub.split(':').collect();
    if pieces.len() != keys.len().checked_mul(2)? {
        return None;
    }
    pieces
        .chunks(2)
        .zip(keys)
        .map(|(pair, key)| match pair {
            [k, v] if k == key => Some(Part::new(key, v)),
            _ => None,
        })
        .collect()
}

/// `https://` then a host and optional path, nothing else.
fn https_path(iss: &str) -> Option<&str> {
    iss.strip_prefix("https://")
        .filter(|rest| !rest.is_empty() && !rest.contains(['?', '#', ' ']))
}

/// One path segment: non-empty, no `/`.
fn segment(s: &str) -> Option<&str> {
    (!s.is_empty() && !s.contains('/')).then_some(s)
}

#[cfg(test)]
mod tests;

/// IAM's condition-key reference for web identity federation.
const IAM_WIF_KEYS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif";

/// The claims IAM exposes as condition keys for any IAM OIDC provider.
const OIDC_KEYS: &[&str] = &["aud", "sub", "azp", "amr", "email"];

/// The condition keys of an issuer registered as an IAM OIDC provider with no keys of its own.
const OIDC_CONDITION_KEYS: ConditionKeys = ConditionKeys {
    claims: OIDC_KEYS,
    fact: Fact {
        text: "IAM exposes `aud`, `sub`, `azp`, `amr` and `email` of an IAM OIDC provider's tokens \
               as `<provider>:<claim>` keys; any other claim is absent in a trust policy.",
        source: IAM_WIF_KEYS,
    },
};
