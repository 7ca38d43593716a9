//! The request settings a user can change (page fields, CLI flags, share-link settings), named
//! once: the STS report suggests new values for them, the page draws them, the session lays them
//! over the token's defaults.

/// One request setting. [`SettingField::as_str`] is the page's `data-testid` and the name the
/// core uses in [`StsReport::suggested_settings`](super::StsReport::suggested_settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingField {
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

impl SettingField {
    /// Every field, in the order the page shows them.
    pub const ALL: [SettingField; 8] = [
        SettingField::ProviderUrl,
        SettingField::ClientIds,
        SettingField::Thumbprints,
        SettingField::ObservedThumbprint,
        SettingField::RoleArn,
        SettingField::SessionName,
        SettingField::Duration,
        SettingField::MaxSession,
    ];

    /// The stable name: the page input's `data-testid` and id, and the name in suggested
    /// settings.
    pub fn as_str(self) -> &'static str {
        match self {
            SettingField::ProviderUrl => "provider-url",
            SettingField::ClientIds => "client-ids",
            SettingField::Thumbprints => "thumbprints",
            SettingField::ObservedThumbprint => "observed-thumbprint",
            SettingField::RoleArn => "role-arn",
            SettingField::SessionName => "session-name",
            SettingField::Duration => "duration",
            SettingField::MaxSession => "max-session",
        }
    }

    /// The field's visible label.
    pub fn label(self) -> &'static str {
        match self {
            SettingField::ProviderUrl => "Provider URL",
            SettingField::ClientIds => "Client IDs (audiences)",
            SettingField::Thumbprints => "Thumbprints configured on the provider",
            SettingField::ObservedThumbprint => "Observed CA thumbprint",
            SettingField::RoleArn => "Role ARN",
            SettingField::SessionName => "RoleSessionName",
            SettingField::Duration => "DurationSeconds",
            SettingField::MaxSession => "Role's MaxSessionDuration",
        }
    }

    /// The field named `name` (as in the core's suggested settings).
    pub fn parse(name: &str) -> Option<SettingField> {
        SettingField::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Serialised as its stable name (`provider-url`, …), as in every earlier report.
impl serde::Serialize for SettingField {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
