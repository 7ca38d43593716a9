//! The STS request settings as typed (in the page, or given as CLI flags, or restored from a share
//! link), and how they lie over the defaults the token implies to become an [`StsRequest`].
//!
//! A field left untouched (`None`) follows the default derived from the token
//! ([`StsRequest::defaults_for`]): the provider URL keeps following the token's `iss` until the
//! user edits it. Nothing here judges the values; the STS simulation does that.

use serde::{Deserialize, Serialize};

use crate::core::sts::StsRequest;

pub use crate::core::sts::SettingField;

/// The settings as typed. `None` follows the default derived from the token. Serialised as the
/// page hands them to its tools.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    pub field: SettingField,
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
    pub fn set(&mut self, field: SettingField, text: String) {
        match field {
            SettingField::ProviderUrl => self.provider_url = Some(text),
            SettingField::ClientIds => self.client_ids = Some(text),
            SettingField::Thumbprints => self.thumbprints = text,
            SettingField::ObservedThumbprint => self.observed_thumbprint = text,
            SettingField::RoleArn => self.role_arn = text,
            SettingField::SessionName => self.session_name = Some(text),
            SettingField::Duration => self.duration = text,
            SettingField::MaxSession => self.max_session = Some(text),
        }
    }

    /// The text to show in `field`: what was typed, else the default from `defaults`.
    pub fn text(&self, field: SettingField, defaults: Option<&StsRequest>) -> String {
        let typed = match field {
            SettingField::ProviderUrl => self.provider_url.clone(),
            SettingField::ClientIds => self.client_ids.clone(),
            SettingField::Thumbprints => Some(self.thumbprints.clone()),
            SettingField::ObservedThumbprint => Some(self.observed_thumbprint.clone()),
            SettingField::RoleArn => Some(self.role_arn.clone()),
            SettingField::SessionName => self.session_name.clone(),
            SettingField::Duration => Some(self.duration.clone()),
            SettingField::MaxSession => self.max_session.clone(),
        };
        typed.unwrap_or_else(|| match (field, defaults) {
            (SettingField::ProviderUrl, Some(d)) => d.provider.url.clone(),
            (SettingField::ClientIds, Some(d)) => d.provider.client_ids.join("\n"),
            (SettingField::SessionName, Some(d)) => d.session_name.clone(),
            (SettingField::MaxSession, Some(d)) => d.max_session_duration.to_string(),
            _ => String::new(),
        })
    }

    /// Whether `field` still follows the token-derived default.
    pub fn follows_default(&self, field: SettingField) -> bool {
        match field {
            SettingField::ProviderUrl => self.provider_url.is_none(),
            SettingField::ClientIds => self.client_ids.is_none(),
            SettingField::SessionName => self.session_name.is_none(),
            SettingField::MaxSession => self.max_session.is_none(),
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
                field: SettingField::Duration,
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
                    field: SettingField::MaxSession,
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
