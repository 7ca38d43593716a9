//! The errors an error text can name: STS's answers to `AssumeRoleWithWebIdentity`
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html#API_AssumeRoleWithWebIdentity_Errors>)
//! and the failures before STS is ever called (GitHub Actions without an ID token, an SDK that
//! finds no token file or no credentials at all). Each names where it comes from and the causes
//! the engine's checks decide, in their usual order of likelihood.

use serde::Serialize;

use crate::core::sts::{FailureMode, StepId};

/// Where an error comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// STS answered `AssumeRoleWithWebIdentity` with an error.
    Sts,
    /// GitHub Actions gave the job no ID token (before any AWS call).
    GitHubActions,
    /// The AWS SDK (or CLI) on the workload: it could not read a token or found no credentials,
    /// so STS was never called.
    Sdk,
}

impl Origin {
    /// Where the error comes from, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Sts => "AWS STS refused the AssumeRoleWithWebIdentity call",
            Origin::GitHubActions => {
                "GitHub Actions: the job got no OIDC token, so AWS was never called"
            }
            Origin::Sdk => {
                "the AWS SDK on the workload: it found no web-identity token or no credentials, so \
                 STS was never called"
            }
        }
    }
}

/// An error TokenScope recognises in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// `AccessDenied`: `Not authorized to perform sts:AssumeRoleWithWebIdentity`.
    AccessDenied,
    /// `AccessDenied` for `sts:TagSession` or `sts:SetSourceIdentity`.
    TagsDenied,
    /// `InvalidIdentityToken`: `No OpenIDConnect provider found in your account for <iss>`.
    NoProvider,
    /// `InvalidIdentityToken`: `Incorrect token audience`.
    IncorrectAudience,
    /// `InvalidIdentityToken`: `Missing a required claim: aud`.
    MissingAudience,
    /// `InvalidIdentityToken`: `Couldn't retrieve verification key from your identity provider…`.
    KeysUnreachable,
    /// `InvalidIdentityToken`: `OpenIDConnect provider's HTTPS certificate doesn't match
    /// configured thumbprint`.
    ThumbprintMismatch,
    /// `InvalidIdentityToken` with another message.
    InvalidIdentityToken,
    /// `ExpiredTokenException`: `Token expired: …` (or `Token too old: …`).
    TokenExpired,
    /// `IDPCommunicationError`: the identity provider could not be reached.
    IdpCommunication,
    /// `IDPRejectedClaim`.
    IdpRejectedClaim,
    /// `ValidationError` on `roleSessionName`.
    SessionNameInvalid,
    /// `ValidationError`: `The requested DurationSeconds exceeds the MaxSessionDuration…`.
    DurationAboveMax,
    /// Another `ValidationError`.
    ValidationError,
    /// `RegionDisabledException`: STS is not activated in the region.
    RegionDisabled,
    /// GitHub Actions: `Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable` (GitHub's
    /// toolkit), or aws-actions/configure-aws-credentials' hint `It looks like you might be trying
    /// to authenticate with OIDC. Did you mean to set the `id-token` permission?`, printed when
    /// `role-to-assume` is given but the job has no ID-token request variables
    /// (<https://github.com/aws-actions/configure-aws-credentials>). Both mean the job lacks
    /// `permissions: id-token: write`
    /// (<https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services#adding-permissions-settings>).
    GitHubNoIdToken,
    /// The SDK cannot read the token file (`AWS_WEB_IDENTITY_TOKEN_FILE`).
    TokenFileUnreadable,
    /// No credentials at all: `Credentials could not be loaded`, `Unable to locate credentials`,
    /// `NoCredentialProviders`, …
    CredentialsNotLoaded,
}

/// Phrases (lower case) that name each error, most specific first: a text that quotes two of
/// them names the first.
const PHRASES: [(&str, ErrorKind); 35] = [
    (
        "couldn't retrieve verification key from your identity provider",
        ErrorKind::KeysUnreachable,
    ),
    (
        "openidconnect provider's https certificate doesn't match",
        ErrorKind::ThumbprintMismatch,
    ),
    (
        "not authorized to perform sts:tagsession",
        ErrorKind::TagsDenied,
    ),
    (
        "not authorized to perform sts:setsourceidentity",
        ErrorKind::TagsDenied,
    ),
    ("no openidconnect provider found", ErrorKind::NoProvider),
    ("incorrect token audience", ErrorKind::IncorrectAudience),
    ("missing a required claim: aud", ErrorKind::MissingAudience),
    (
        "retrieve verification key from your identity provider",
        ErrorKind::KeysUnreachable,
    ),
    (
        "doesn't match configured thumbprint",
        ErrorKind::ThumbprintMismatch,
    ),
    ("token expired: current date/time", ErrorKind::TokenExpired),
    ("token too old", ErrorKind::TokenExpired),
    (
        "identity provider (idp) that was asked to verify",
        ErrorKind::IdpCommunication,
    ),
    (
        "at 'rolesessionname' failed to satisfy constraint",
        ErrorKind::SessionNameInvalid,
    ),
    (
        "exceeds the maxsessionduration",
        ErrorKind::DurationAboveMax,
    ),
    (
        "not authorized to perform sts:assumerolewithwebidentity",
        ErrorKind::AccessDenied,
    ),
    ("actions_id_token_request_url", ErrorKind::GitHubNoIdToken),
    ("actions_id_token_request_token", ErrorKind::GitHubNoIdToken),
    // aws-actions/configure-aws-credentials' hint when the job has no ID token
    // (<https://github.com/aws-actions/configure-aws-credentials>); logs often wrap it after
    // `OIDC.`, so each half names it. Before `credentials could not be loaded`, which the action
    // prints after it: the hint says why.
    (
        "you might be trying to authenticate with oidc",
        ErrorKind::GitHubNoIdToken,
    ),
    (
        "did you mean to set the `id-token` permission",
        ErrorKind::GitHubNoIdToken,
    ),
    (
        "aws_web_identity_token_file or the javaproperty",
        ErrorKind::TokenFileUnreadable,
    ),
    ("unable to read file at", ErrorKind::TokenFileUnreadable),
    (
        "could not be loaded from the webidentitytokenfile",
        ErrorKind::TokenFileUnreadable,
    ),
    (
        "failed fetching webidentity token",
        ErrorKind::TokenFileUnreadable,
    ),
    (
        "serviceaccount/token: no such file or directory",
        ErrorKind::TokenFileUnreadable,
    ),
    (
        "no such file or directory, open",
        ErrorKind::TokenFileUnreadable,
    ),
    (
        "serviceaccount/token: permission denied",
        ErrorKind::TokenFileUnreadable,
    ),
    (
        "is a directory: '/var/run/secrets",
        ErrorKind::TokenFileUnreadable,
    ),
    (
        "credentials could not be loaded",
        ErrorKind::CredentialsNotLoaded,
    ),
    (
        "could not load credentials from any providers",
        ErrorKind::CredentialsNotLoaded,
    ),
    (
        "unable to locate credentials",
        ErrorKind::CredentialsNotLoaded,
    ),
    ("nocredentialproviders", ErrorKind::CredentialsNotLoaded),
    (
        "unable to load aws credentials from any provider",
        ErrorKind::CredentialsNotLoaded,
    ),
    (
        "unable to load credentials from any of the providers",
        ErrorKind::CredentialsNotLoaded,
    ),
    (
        "missing credentials in config",
        ErrorKind::CredentialsNotLoaded,
    ),
    (
        "webidentityerr: role arn is not set",
        ErrorKind::CredentialsNotLoaded,
    ),
];

/// AWS error codes (as SDKs print them: bare, or with `Exception` appended) and the error each
/// names when no more specific message does.
const CODES: [(&str, ErrorKind); 8] = [
    ("invalididentitytoken", ErrorKind::InvalidIdentityToken),
    ("expiredtokenexception", ErrorKind::TokenExpired),
    ("expiredtoken", ErrorKind::TokenExpired),
    ("idpcommunicationerror", ErrorKind::IdpCommunication),
    ("idprejectedclaim", ErrorKind::IdpRejectedClaim),
    ("regiondisabledexception", ErrorKind::RegionDisabled),
    ("validationerror", ErrorKind::ValidationError),
    ("accessdenied", ErrorKind::AccessDenied),
];

/// Where the first phrase naming `kind` starts in `lower`.
pub(super) fn phrase_at(lower: &str, kind: ErrorKind) -> Option<usize> {
    PHRASES
        .iter()
        .filter(|(_, k)| *k == kind)
        .find_map(|(p, _)| lower.find(p))
}

impl ErrorKind {
    /// The error `lower` (a lower-cased text) names: a known message first, else an AWS code.
    pub(super) fn recognise(lower: &str) -> Option<ErrorKind> {
        PHRASES
            .iter()
            .find(|(p, _)| lower.contains(p))
            .or_else(|| CODES.iter().find(|(c, _)| contains_word(lower, c)))
            .map(|(_, k)| *k)
    }

    /// The AWS error code, for errors STS returns.
    pub fn code(self) -> Option<&'static str> {
        Some(match self {
            ErrorKind::AccessDenied | ErrorKind::TagsDenied => "AccessDenied",
            ErrorKind::NoProvider
            | ErrorKind::IncorrectAudience
            | ErrorKind::MissingAudience
            | ErrorKind::KeysUnreachable
            | ErrorKind::ThumbprintMismatch
            | ErrorKind::InvalidIdentityToken => "InvalidIdentityToken",
            ErrorKind::TokenExpired => "ExpiredTokenException",
            ErrorKind::IdpCommunication => "IDPCommunicationError",
            ErrorKind::IdpRejectedClaim => "IDPRejectedClaim",
            ErrorKind::SessionNameInvalid
            | ErrorKind::DurationAboveMax
            | ErrorKind::ValidationError => "ValidationError",
            ErrorKind::RegionDisabled => "RegionDisabledException",
            ErrorKind::GitHubNoIdToken
            | ErrorKind::TokenFileUnreadable
            | ErrorKind::CredentialsNotLoaded => return None,
        })
    }

    /// Where the error comes from.
    pub fn origin(self) -> Origin {
        match self {
            ErrorKind::GitHubNoIdToken => Origin::GitHubActions,
            ErrorKind::TokenFileUnreadable | ErrorKind::CredentialsNotLoaded => Origin::Sdk,
            _ => Origin::Sts,
        }
    }

    /// The error, in words.
    pub fn title(self) -> &'static str {
        match self {
            ErrorKind::AccessDenied => "The role's trust policy refused the token",
            ErrorKind::TagsDenied => {
                "The trust policy does not allow the session tags or source identity"
            }
            ErrorKind::NoProvider => "No IAM OIDC provider matches the token's issuer",
            ErrorKind::IncorrectAudience => {
                "The token's audience is not a client ID of the provider"
            }
            ErrorKind::MissingAudience => "The token has no audience",
            ErrorKind::KeysUnreachable => "STS could not read the issuer's keys",
            ErrorKind::ThumbprintMismatch => {
                "The issuer's certificate does not match the provider's thumbprints"
            }
            ErrorKind::InvalidIdentityToken => "STS refused the token",
            ErrorKind::TokenExpired => "The token had expired when STS received it",
            ErrorKind::IdpCommunication => "STS could not reach the identity provider",
            ErrorKind::IdpRejectedClaim => "The identity provider rejected the token",
            ErrorKind::SessionNameInvalid => "RoleSessionName is not valid",
            ErrorKind::DurationAboveMax => "DurationSeconds exceeds the role's maximum",
            ErrorKind::ValidationError => "A request parameter is out of range",
            ErrorKind::RegionDisabled => "STS is not activated in this region",
            ErrorKind::GitHubNoIdToken => {
                "The GitHub Actions job has no permission to request an OIDC token"
            }
            ErrorKind::TokenFileUnreadable => "The SDK could not read the web-identity token file",
            ErrorKind::CredentialsNotLoaded => {
                "No credentials were found: no web-identity token reached the SDK"
            }
        }
    }

    /// The causes of this error, most likely first, before the text's own evidence reorders them.
    pub(super) fn causes(self) -> Vec<BaseCause> {
        use FailureMode as M;
        let steps = |modes: &[M]| modes.iter().map(|m| BaseCause::mode(*m)).collect();
        match self {
            ErrorKind::AccessDenied => {
                let mut v: Vec<BaseCause> = steps(&[
                    M::SubjectMismatch,
                    M::WrongPrincipal,
                    M::AudienceConditionMismatch,
                    M::ConditionKeyPrefix,
                    M::CaseDifference,
                    M::WrongAction,
                    M::ClaimConditionMismatch,
                    M::TagsNotAllowed,
                    M::ExplicitDeny,
                ]);
                v.push(BaseCause::other(
                    "The role ARN names no role, or a role in another account (STS answers \
                     AccessDenied rather than say the role does not exist)",
                    Decider::NotSimulated,
                ));
                v
            }
            ErrorKind::TagsDenied => steps(&[M::TagsNotAllowed]),
            ErrorKind::NoProvider => steps(&[M::NoProvider, M::IssuerMismatch]),
            ErrorKind::IncorrectAudience => steps(&[M::AudienceNotAllowed]),
            ErrorKind::MissingAudience => steps(&[M::AudienceMissing]),
            ErrorKind::KeysUnreachable | ErrorKind::IdpCommunication => {
                steps(&[M::KeysUnreachable, M::KeyNotFound])
            }
            ErrorKind::ThumbprintMismatch => steps(&[M::ThumbprintMismatch]),
            ErrorKind::IdpRejectedClaim => vec![BaseCause::other(
                "The identity provider itself rejected the token: for an OAuth 2.0 access token \
                 (Login with Amazon, Facebook) it is expired, revoked or issued to another app",
                Decider::NotSimulated,
            )],
            ErrorKind::InvalidIdentityToken => steps(&[
                M::SignatureInvalid,
                M::KeyNotFound,
                M::AlgorithmNotAccepted,
                M::TimeClaimInvalid,
            ]),
            ErrorKind::TokenExpired => steps(&[M::TokenExpired]),
            ErrorKind::SessionNameInvalid => steps(&[M::SessionNameInvalid]),
            ErrorKind::DurationAboveMax => steps(&[M::DurationAboveMax]),
            ErrorKind::ValidationError => steps(&[
                M::RequestInvalid,
                M::SessionNameInvalid,
                M::SessionTagsInvalid,
            ]),
            ErrorKind::RegionDisabled => vec![BaseCause::other(
                "STS is not activated in the region the SDK calls: activate it in the account's \
                 settings, or call the global or another regional endpoint",
                Decider::BeforeSts(BeforeSts::Region),
            )],
            ErrorKind::GitHubNoIdToken => vec![BaseCause {
                mode: Some(M::NoToken),
                title: "The workflow or job lacks `permissions: id-token: write` (or the run \
                        comes from a fork's pull request, which gets no ID token)",
                decider: Decider::BeforeSts(BeforeSts::GitHubPermissions),
            }],
            ErrorKind::TokenFileUnreadable => vec![
                BaseCause {
                    mode: Some(M::NoToken),
                    title: "No token is mounted at the path in AWS_WEB_IDENTITY_TOKEN_FILE: the \
                            service account has no `eks.amazonaws.com/role-arn` annotation, or \
                            the pod started before it was annotated",
                    decider: Decider::BeforeSts(BeforeSts::TokenFile),
                },
                BaseCause::other(
                    "The token file exists but the container's user cannot read it (set the \
                     pod's `securityContext.fsGroup`)",
                    Decider::BeforeSts(BeforeSts::TokenFile),
                ),
            ],
            ErrorKind::CredentialsNotLoaded => vec![
                BaseCause {
                    mode: Some(M::NoToken),
                    title: "The workload never got a web-identity token: on GitHub Actions the \
                            job lacks `permissions: id-token: write`; on EKS the service account \
                            lacks its `eks.amazonaws.com/role-arn` annotation (no \
                            AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE in the pod)",
                    decider: Decider::BeforeSts(BeforeSts::CredentialChain),
                },
                BaseCause::other(
                    "STS refused the token and the tool reports only that no credentials were \
                     found: look for the STS error earlier in the log",
                    Decider::EarlierError,
                ),
            ],
        }
    }
}

/// Whether `lower` contains `word` not run into other letters (`Exception` may follow a code).
fn contains_word(lower: &str, word: &str) -> bool {
    lower.match_indices(word).any(|(at, _)| {
        let before = lower
            .get(..at)
            .and_then(|b| b.chars().last())
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let after = lower.get(at.saturating_add(word.len())..).unwrap_or("");
        let after_ok = after
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
            || after.starts_with("exception");
        before && after_ok
    })
}

/// What decides a cause: a step of the STS simulation, or something before STS is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Decider {
    /// The step of the STS pipeline whose check decides it (the page's trace, the report's
    /// `steps[].id`).
    Step(StepId),
    /// Decided outside STS: where to look.
    BeforeSts(BeforeSts),
    /// Not simulated by TokenScope (whether the role exists in the account, what an OAuth
    /// provider answers).
    NotSimulated,
    /// An error printed earlier in the same log (STS's refusal, which an SDK then reports only as
    /// "no credentials"): that line names the failing check.
    EarlierError,
}

/// The places before STS that decide a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BeforeSts {
    /// The workflow's or job's `permissions`.
    GitHubPermissions,
    /// The token file mounted in the pod.
    TokenFile,
    /// The SDK's credential chain (environment, service-account annotation, workflow).
    CredentialChain,
    /// The STS endpoint's region.
    Region,
}

impl Decider {
    /// Where to look, in words.
    pub fn describe(self) -> String {
        match self {
            Decider::Step(step) => format!("the “{}” check", step.title()),
            Decider::BeforeSts(BeforeSts::GitHubPermissions) => {
                "the workflow's `permissions:` (id-token: write), before AWS is called".into()
            }
            Decider::BeforeSts(BeforeSts::TokenFile) => {
                "the pod's token file (AWS_WEB_IDENTITY_TOKEN_FILE), before AWS is called".into()
            }
            Decider::BeforeSts(BeforeSts::CredentialChain) => {
                "the workload's environment (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE) or the \
                 workflow's permissions, before AWS is called"
                    .into()
            }
            Decider::BeforeSts(BeforeSts::Region) => "the STS endpoint the SDK calls".into(),
            Decider::EarlierError => {
                "the STS error printed earlier in the log: diagnose that line, which names the \
                 failing check"
                    .into()
            }
            Decider::NotSimulated => {
                "nothing TokenScope simulates: check it where it lives (the role with `aws iam \
                 get-role --role-name NAME` in the account its ARN names; an OAuth token with its \
                 provider)"
                    .into()
            }
        }
    }
}

/// A cause before ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BaseCause {
    pub mode: Option<FailureMode>,
    pub title: &'static str,
    pub decider: Decider,
}

impl BaseCause {
    pub(super) fn mode(mode: FailureMode) -> BaseCause {
        BaseCause {
            mode: Some(mode),
            title: mode.title(),
            decider: mode.step().map_or(
                Decider::BeforeSts(BeforeSts::CredentialChain),
                Decider::Step,
            ),
        }
    }

    fn other(title: &'static str, decider: Decider) -> BaseCause {
        BaseCause {
            mode: None,
            title,
            decider,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognise_prefers_a_message_to_a_code() {
        let t = "an error occurred (invalididentitytoken) when calling the assumerolewithwebidentity operation: incorrect token audience";
        assert_eq!(ErrorKind::recognise(t), Some(ErrorKind::IncorrectAudience));
        assert_eq!(
            ErrorKind::recognise("invalididentitytokenexception: something new"),
            Some(ErrorKind::InvalidIdentityToken)
        );
        assert_eq!(ErrorKind::recognise("accessdeniedfoo"), None);
    }

    #[test]
    fn every_sts_kind_has_a_code_and_others_none() {
        for k in [
            ErrorKind::GitHubNoIdToken,
            ErrorKind::TokenFileUnreadable,
            ErrorKind::CredentialsNotLoaded,
        ] {
            assert_eq!(k.code(), None);
            assert_ne!(k.origin(), Origin::Sts);
        }
        assert_eq!(ErrorKind::NoProvider.code(), Some("InvalidIdentityToken"));
    }
}
