//! The STS request settings as typed in the page, and how they become the core's [`StsRequest`].
//!
//! A field left untouched follows the default the core derives from the token
//! ([`StsRequest::defaults_for`]): the provider URL keeps following the token's `iss` until the
//! user edits it. Nothing here judges the values; the core does that.

use crate::core::sts::StsRequest;

/// One request setting. Its `data-testid` is also the name the core uses in
/// [`StsReport::suggested_settings`](crate::core::sts::StsReport::suggested_settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The IAM OIDC provider URL.
    ProviderUrl,
    /// The provider's client IDs.
    ClientIds,
    /// The provider's thumbprints.
    Thumbprints,
    /// The CA thumbprint the user observed.
    ObservedThumbprint,
    /// `RoleArn`.
    RoleArn,
    /// `RoleSessionName`.
    SessionName,
    /// `DurationSeconds`.
    Duration,
    /// The role's `MaxSessionDuration`.
    MaxSession,
}

impl Field {
    /// Every field, in the order the page shows them.
    pub const ALL: [Field; 8] = [
        Field::ProviderUrl,
        Field::ClientIds,
        Field::Thumbprints,
        Field::ObservedThumbprint,
        Field::RoleArn,
        Field::SessionName,
        Field::Duration,
        Field::MaxSession,
    ];

    /// The input's `data-testid` and id.
    pub fn name(self) -> &'static str {
        match self {
            Field::ProviderUrl => "provider-url",
            Field::ClientIds => "client-ids",
            Field::Thumbprints => "thumbprints",
            Field::ObservedThumbprint => "observed-thumbprint",
            Field::RoleArn => "role-arn",
            Field::SessionName => "session-name",
            Field::Duration => "duration",
            Field::MaxSession => "max-session",
        }
    }

    /// The field's visible label.
    pub fn label(self) -> &'static str {
        match self {
            Field::ProviderUrl => "Provider URL",
            Field::ClientIds => "Client IDs (audiences)",
            Field::Thumbprints => "Thumbprints configured on the provider",
            Field::ObservedThumbprint => "Observed CA thumbprint",
            Field::RoleArn => "Role ARN",
            Field::SessionName => "RoleSessionName",
            Field::Duration => "DurationSeconds",
            Field::MaxSession => "Role's MaxSessionDuration",
        }
    }

    /// The field named `name` (as in the core's suggested settings).
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The settings as typed. `None` follows the default derived from the token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Provider URL; `Some("")` means "no provider registered".
    pub provider_url: Option<String>,
    /// Client IDs, one per line or comma-separated.
    pub client_ids: Option<String>,
    /// Thumbprints configured on the provider, one per line or comma-separated.
    pub thumbprints: String,
    /// The observed top intermediate CA thumbprint.
    pub observed_thumbprint: String,
    /// Role ARN; empty: derive the account from the policy.
    pub role_arn: String,
    /// Session name.
    pub session_name: Option<String>,
    /// DurationSeconds; empty: not set.
    pub duration: String,
    /// MaxSessionDuration.
    pub max_session: Option<String>,
}

/// A setting that could not be read, and what was used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    /// Which field.
    pub field: Field,
    /// Why, and what the analysis uses instead.
    pub message: String,
}

/// Splits a list typed one per line or comma-separated.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Settings {
    /// Sets `field` to `text` as typed.
    pub fn set(&mut self, field: Field, text: String) {
        match field {
            Field::ProviderUrl => self.provider_url = Some(text),
            Field::ClientIds => self.client_ids = Some(text),
            Field::Thumbprints => self.thumbprints = text,
            Field::ObservedThumbprint => self.observed_thumbprint = text,
            Field::RoleArn => self.role_arn = text,
            Field::SessionName => self.session_name = Some(text),
            Field::Duration => self.duration = text,
            Field::MaxSession => self.max_session = Some(text),
        }
    }

    /// The text to show in `field`: what was typed, else the default from `defaults`.
    pub fn text(&self, field: Field, defaults: Option<&StsRequest>) -> String {
        let typed = match field {
            Field::ProviderUrl => self.provider_url.clone(),
            Field::ClientIds => self.client_ids.clone(),
            Field::Thumbprints => Some(self.thumbprints.clone()),
            Field::ObservedThumbprint => Some(self.observed_thumbprint.clone()),
            Field::RoleArn => Some(self.role_arn.clone()),
            Field::SessionName => self.session_name.clone(),
            Field::Duration => Some(self.duration.clone()),
            Field::MaxSession => self.max_session.clone(),
        };
        typed.unwrap_or_else(|| match (field, defaults) {
            (Field::ProviderUrl, Some(d)) => d.provider.url.clone(),
            (Field::ClientIds, Some(d)) => d.provider.client_ids.join("\n"),
            (Field::SessionName, Some(d)) => d.session_name.clone(),
            (Field::MaxSession, Some(d)) => d.max_session_duration.to_string(),
            _ => String::new(),
        })
    }

    /// Whether `field` still follows the token-derived default.
    pub fn follows_default(&self, field: Field) -> bool {
        match field {
            Field::ProviderUrl => self.provider_url.is_none(),
            Field::ClientIds => self.client_ids.is_none(),
            Field::SessionName => self.session_name.is_none(),
            Field::MaxSession => self.max_session.is_none(),
            _ => false,
        }
    }

    /// The settings as typed over the core's `defaults`, with the policy text.
    pub fn request(&self, defaults: StsRequest, policy: &str) -> (StsRequest, Vec<SettingError>) {
        let mut r = defaults;
        let mut errors = Vec::new();
        if let Some(url) = &self.provider_url {
            r.provider.url = url.trim().to_string();
        }
        if let Some(ids) = &self.client_ids {
            r.provider.client_ids = split_list(ids);
        }
        r.provider.thumbprints = split_list(&self.thumbprints);
        r.provider.observed_thumbprint = Some(self.observed_thumbprint.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        r.role_arn = Some(self.role_arn.trim())
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
        if let Some(name) = &self.session_name {
            // As typed: a stray space is exactly what STS would reject.
            r.session_name = name.clone();
        }
        let duration = self.duration.trim();
        r.duration_seconds = if duration.is_empty() {
            None
        } else if let Ok(d) = duration.parse::<i64>() {
            Some(d)
        } else {
            errors.push(SettingError {
                field: Field::Duration,
                message: format!(
                    "`{duration}` is not a whole number of seconds: evaluated as not set"
                ),
            });
            None
        };
        if let Some(max) = &self.max_session {
            match max.trim().parse::<i64>() {
                Ok(m) => r.max_session_duration = m,
                Err(_) => errors.push(SettingError {
                    field: Field::MaxSession,
                    message: format!(
                        "`{}` is not a whole number of seconds: evaluated as {}",
                        max.trim(),
                        r.max_session_duration
                    ),
                }),
            }
        }
        r.policy = Some(policy.to_string()).filter(|p| !p.trim().is_empty());
        (r, errors)
    }

    /// The settings that reproduce `request` (restoring a share link), as overrides of
    /// `defaults`: a field whose value is its default keeps following the token, so pasting
    /// another token afterwards re-derives it instead of keeping the sender's value.
    pub fn from_request(request: &StsRequest, defaults: &StsRequest) -> Settings {
        let differs = |value: String, default: String| (value != default).then_some(value);
        Settings {
            provider_url: differs(request.provider.url.clone(), defaults.provider.url.clone()),
            client_ids: differs(
                request.provider.client_ids.join("\n"),
                defaults.provider.client_ids.join("\n"),
            ),
            thumbprints: request.provider.thumbprints.join("\n"),
            observed_thumbprint: request
                .provider
                .observed_thumbprint
                .clone()
                .unwrap_or_default(),
            role_arn: request.role_arn.clone().unwrap_or_default(),
            session_name: differs(request.session_name.clone(), defaults.session_name.clone()),
            duration: request
                .duration_seconds
                .map(|d| d.to_string())
                .unwrap_or_default(),
            max_session: differs(
                request.max_session_duration.to_string(),
                defaults.max_session_duration.to_string(),
            ),
        }
    }
}
