//! Step 2, the IAM OIDC provider lookup: a provider in the role's account whose URL is exactly `iss`.

use super::issuer::IssuerFamily;
use super::{FailureMode, ProviderSettings, Step, StepFailure, StepId, fail, step};
use crate::core::claims::{LEGACY_K8S_ISSUER, TokenKind};
use crate::core::finding::{Check, CheckStatus};

/// The identity providers AWS knows without an IAM OIDC provider: the trust policy names them
/// directly in `Principal.Federated`, and AWS says never to create an IAM OIDC provider for them
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>,
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinProvider {
    /// `accounts.google.com`: Google ID tokens.
    Google,
    /// `cognito-identity.amazonaws.com`: Cognito identity-pool tokens (`GetOpenIdToken`).
    Cognito,
    /// `www.amazon.com`: Login with Amazon (opaque access tokens, sent with `ProviderId`).
    Amazon,
    /// `graph.facebook.com`: Facebook (opaque access tokens, sent with `ProviderId`).
    Facebook,
}

impl BuiltinProvider {
    const ALL: [BuiltinProvider; 4] = [
        BuiltinProvider::Google,
        BuiltinProvider::Cognito,
        BuiltinProvider::Amazon,
        BuiltinProvider::Facebook,
    ];

    /// The built-in provider an `iss` names (with or without `https://`; Google writes both).
    pub fn from_iss(iss: &str) -> Option<BuiltinProvider> {
        let name = iss.strip_prefix("https://").unwrap_or(iss);
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The name used in `Principal.Federated` and as the condition-key prefix.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinProvider::Google => "accounts.google.com",
            BuiltinProvider::Cognito => "cognito-identity.amazonaws.com",
            BuiltinProvider::Amazon => "www.amazon.com",
            BuiltinProvider::Facebook => "graph.facebook.com",
        }
    }

    /// The claim keys AWS provides for it
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
    pub(super) fn claim_keys(self) -> &'static [&'static str] {
        match self {
            BuiltinProvider::Google => &["aud", "oaud", "sub"],
            BuiltinProvider::Cognito => &["aud", "sub", "amr"],
            BuiltinProvider::Amazon => &["app_id", "user_id"],
            BuiltinProvider::Facebook => &["app_id", "id"],
        }
    }

    /// The claim keys that carry the audience (the app or identity pool).
    pub(super) fn audience_key(self) -> &'static str {
        match self {
            BuiltinProvider::Google | BuiltinProvider::Cognito => "aud",
            BuiltinProvider::Amazon | BuiltinProvider::Facebook => "app_id",
        }
    }
}

/// Whether IAM can hold an OIDC provider for `iss`: its URL must begin with `https://`
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
/// A built-in provider needs none (see [`BuiltinProvider`]); for any other issuer that is not an
/// https URL no provider, no `Federated` ARN and no client ID can exist.
pub fn iam_provider_possible(iss: &str) -> bool {
    iss.starts_with("https://") || BuiltinProvider::from_iss(iss).is_some()
}

pub(super) fn provider_step(
    iss: &str,
    family: IssuerFamily,
    kind: &TokenKind,
    provider: &ProviderSettings,
    provider_arn: &str,
) -> Step {
    if let Some(builtin) = BuiltinProvider::from_iss(iss) {
        return builtin_step(builtin, provider);
    }
    let registered = provider.url.trim();
    let registered_full = if registered.starts_with("https://") || registered.is_empty() {
        registered.to_string()
    } else {
        format!("https://{registered}")
    };
    let title = "an IAM OIDC provider in the role's account has URL = `iss`";
    let (failure, detail, fix) = lookup(
        iss,
        family,
        kind,
        registered,
        &registered_full,
        provider_arn,
    );
    let status = if failure.is_some() {
        CheckStatus::Fail
    } else {
        CheckStatus::Pass
    };
    let actual = if registered.is_empty() {
        "(none)".to_string()
    } else if !iss.is_empty() && !iam_provider_possible(iss) && registered == iss {
        // The setting follows an issuer IAM cannot register: no `https://` is invented for it.
        format!(
            "(none: no IAM OIDC provider can be registered for `{iss}`, which is not an https URL)"
        )
    } else {
        registered_full
    };
    let mut check = Check::new("provider.url", title, status, detail).compare(iss, actual);
    if let Some(f) = &fix {
        check = check.fix(f.clone());
    }
    step(StepId::Provider, vec![check], failure, fix)
}

/// What STS's lookup of a provider for `iss` finds: the failure, the check's detail, the fix.
fn lookup(
    iss: &str,
    family: IssuerFamily,
    kind: &TokenKind,
    registered: &str,
    registered_full: &str,
    provider_arn: &str,
) -> (Option<StepFailure>, String, Option<String>) {
    let no_provider = |detail: String, mode: FailureMode| {
        (
            fail(
                "InvalidIdentityToken",
                Some(format!(
                    "No OpenIDConnect provider found in your account for {iss}"
                )),
                400,
                Some(mode),
            ),
            detail,
        )
    };
    if iss.is_empty() {
        // STS cannot look a provider up; what it answers then is not documented.
        (
            fail("InvalidIdentityToken", None, 400, Some(FailureMode::NoProvider)),
            "the token has no `iss` claim (or it is not a string): STS finds the provider by `iss`, so none can match".to_string(),
            Some("use a token from an OIDC issuer: web-identity tokens carry `iss`, the issuer's https URL (an EKS pod's projected service-account token, a GitHub Actions OIDC token)".to_string()),
        )
    } else if !iam_provider_possible(iss) {
        let (f, d) = no_provider(
            format!(
                "`{iss}` is not an https URL; IAM OIDC provider URLs must start with https://, so no provider can exist for it"
            ),
            FailureMode::NoProvider,
        );
        (f, d, Some(not_https_fix(iss, family, kind)))
    } else if registered.is_empty() {
        let (f, d) = no_provider(
            "no IAM OIDC provider is registered for this issuer in the role's account".to_string(),
            FailureMode::NoProvider,
        );
        (f, d, Some(family.create_provider_fix(iss)))
    } else if registered_full == iss {
        (None, format!("provider ARN `{provider_arn}`"), None)
    } else {
        let why = if registered_full.trim_end_matches('/') == iss.trim_end_matches('/') {
            "they differ by a trailing `/`; the match is byte for byte"
        } else if registered_full.eq_ignore_ascii_case(iss) {
            "they differ in letter case; the match is case-sensitive"
        } else if iss.starts_with(registered_full) || registered_full.starts_with(iss) {
            "the paths differ; the provider URL must include the issuer's full path"
        } else {
            "they are different issuers (another cluster, region or account?)"
        };
        let (f, _) = no_provider(String::new(), FailureMode::IssuerMismatch);
        (
            f,
            format!("the registered provider is `{registered_full}`: {why}"),
            Some(format!("register a provider whose URL is exactly `{iss}`")),
        )
    }
}

/// The fix for an issuer that is not an https URL: never a provider to create (IAM cannot hold
/// one), but what gives the token an https issuer. A projected Kubernetes token's issuer is the
/// API server's `--service-account-issuer`
/// (<https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/>); a legacy
/// secret token's is always `kubernetes/serviceaccount`, whatever the cluster, so it needs a
/// projected token as well.
fn not_https_fix(iss: &str, family: IssuerFamily, kind: &TokenKind) -> String {
    const SET_ISSUER: &str = "set the API server's `--service-account-issuer` to a public https URL that serves the discovery document and keys";
    match kind {
        TokenKind::KubernetesLegacy { .. } => format!(
            "use a projected service-account token requested for `sts.amazonaws.com` instead of this legacy secret token (whose issuer is always `{LEGACY_K8S_ISSUER}`, with no audience and no expiry); the cluster must also have an https issuer: {SET_ISSUER}, then register that URL as the IAM OIDC provider"
        ),
        TokenKind::KubernetesProjected { .. } => format!(
            "`{iss}` is the cluster's service-account issuer, which IAM cannot register: {SET_ISSUER}, register that URL as the IAM OIDC provider, then use a new token"
        ),
        _ if iss == LEGACY_K8S_ISSUER || family == IssuerFamily::Kubernetes => format!(
            "`{iss}` is a Kubernetes issuer IAM cannot register: use a projected service-account token from a cluster whose issuer is https ({SET_ISSUER})"
        ),
        _ => "the issuer must be an https URL (the identity provider's `iss`, as its discovery document names it); IAM OIDC provider URLs start with https://".to_string(),
    }
}

/// A built-in provider: STS looks no IAM OIDC provider up, so the step passes; a provider the
/// user's settings name is not used, and must not be created
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
fn builtin_step(builtin: BuiltinProvider, provider: &ProviderSettings) -> Step {
    let name = builtin.name();
    let title = "built-in provider: no IAM OIDC provider is involved";
    let registered = provider.url.trim();
    let check = if registered.is_empty() {
        Check::new(
            "provider.builtin",
            title,
            CheckStatus::Pass,
            format!(
                "`{name}` is one of AWS's built-in identity providers: the trust policy names it directly (`\"Federated\": \"{name}\"`) and no IAM OIDC provider is looked up"
            ),
        )
        .compare("(none: built-in provider)", "(none)")
    } else {
        Check::new(
            "provider.builtin",
            title,
            CheckStatus::Warn,
            format!(
                "`{name}` is a built-in identity provider: the IAM OIDC provider `{registered}` in the settings is not used, and AWS says not to create one for it"
            ),
        )
        .compare("(none: built-in provider)", registered)
        .fix(format!(
            "clear the provider setting, and do not create an IAM OIDC provider for `{name}` (delete one if it exists); the trust policy names `{name}` in `Principal.Federated`"
        ))
    };
    step(StepId::Provider, vec![check], None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_from_iss_table_with_and_without_scheme() {
        let cases = [
            ("https://accounts.google.com", Some(BuiltinProvider::Google)),
            ("accounts.google.com", Some(BuiltinProvider::Google)),
            (
                "https://cognito-identity.amazonaws.com",
                Some(BuiltinProvider::Cognito),
            ),
            ("www.amazon.com", Some(BuiltinProvider::Amazon)),
            ("graph.facebook.com", Some(BuiltinProvider::Facebook)),
            ("https://accounts.google.com/", None),
            ("https://token.actions.githubusercontent.com", None),
            ("", None),
        ];
        for (iss, want) in cases {
            assert_eq!(BuiltinProvider::from_iss(iss), want, "{iss}");
        }
    }

    #[test]
    fn provider_step_builtin_passes_and_never_suggests_creating_one() {
        let none = ProviderSettings {
            url: String::new(),
            client_ids: Vec::new(),
            thumbprints: Vec::new(),
            observed_thumbprint: None,
        };
        let s = provider_step(
            "https://accounts.google.com",
            IssuerFamily::Other,
            &TokenKind::Generic,
            &none,
            "arn:x",
        );
        assert_eq!(s.status, CheckStatus::Pass);
        assert!(s.failure.is_none());
        let named = ProviderSettings {
            url: "cognito-identity.amazonaws.com".into(),
            ..none
        };
        let s = provider_step(
            "https://cognito-identity.amazonaws.com",
            IssuerFamily::Other,
            &TokenKind::Generic,
            &named,
            "arn:x",
        );
        assert_eq!(s.status, CheckStatus::Warn);
        assert!(s.failure.is_none());
        let check = s.checks.first().unwrap();
        assert!(check.detail.contains("not used"), "{}", check.detail);
        assert!(
            check
                .fix
                .as_deref()
                .is_some_and(|f| f.contains("do not create")),
            "{:?}",
            check.fix
        );
    }
}
