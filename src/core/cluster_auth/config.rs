//! Reading a cluster's OIDC identity-provider configuration in the shapes people have it: the
//! `oidc` object alone, the `--cli-input-json` document of `aws eks
//! associate-identity-provider-config` (`{"clusterName": …, "oidc": {…}}`), or the output of `aws
//! eks describe-identity-provider-config` (`{"identityProviderConfig": {"oidc": {…}}}`)
//! (<https://docs.aws.amazon.com/eks/latest/APIReference/API_OidcIdentityProviderConfigRequest.html>,
//! <https://docs.aws.amazon.com/eks/latest/APIReference/API_OidcIdentityProviderConfig.html>).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::core::json;

/// A cluster's OIDC identity-provider configuration (the fields of
/// `OidcIdentityProviderConfigRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdpConfig {
    /// `identityProviderConfigName`, when given.
    #[serde(default)]
    pub identity_provider_config_name: Option<String>,
    /// `issuerUrl`: must equal the token's `iss`.
    pub issuer_url: String,
    /// `clientId`: the audience the token must carry.
    pub client_id: String,
    /// `usernameClaim` (default `sub`).
    #[serde(default)]
    pub username_claim: Option<String>,
    /// `usernamePrefix` (default: `issuerUrl#` for claims other than `email`; `-` disables it).
    #[serde(default)]
    pub username_prefix: Option<String>,
    /// `groupsClaim`.
    #[serde(default)]
    pub groups_claim: Option<String>,
    /// `groupsPrefix`.
    #[serde(default)]
    pub groups_prefix: Option<String>,
    /// `requiredClaims`: each must be in the token with exactly this string value.
    #[serde(default)]
    pub required_claims: Vec<(String, String)>,
}

/// Which document the configuration was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigShape {
    /// The `oidc` object alone.
    OidcObject,
    /// `aws eks associate-identity-provider-config --cli-input-json`.
    AssociateInput,
    /// `aws eks describe-identity-provider-config` output.
    DescribeOutput,
}

impl ConfigShape {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            ConfigShape::OidcObject => "the `oidc` object",
            ConfigShape::AssociateInput => {
                "the input of `aws eks associate-identity-provider-config`"
            }
            ConfigShape::DescribeOutput => {
                "the output of `aws eks describe-identity-provider-config`"
            }
        }
    }
}

/// Why a configuration cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The `oidc` object inside `doc`, and the shape it was found in.
fn locate(doc: &Map<String, Value>) -> Option<(&Map<String, Value>, ConfigShape)> {
    if let Some(Value::Object(ipc)) = doc.get("identityProviderConfig") {
        return match ipc.get("oidc") {
            Some(Value::Object(o)) => Some((o, ConfigShape::DescribeOutput)),
            _ => None,
        };
    }
    if let Some(Value::Object(o)) = doc.get("oidc") {
        return Some((o, ConfigShape::AssociateInput));
    }
    (doc.contains_key("issuerUrl") || doc.contains_key("clientId"))
        .then_some((doc, ConfigShape::OidcObject))
}

fn string(o: &Map<String, Value>, key: &str) -> Result<Option<String>, ConfigError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ConfigError(format!(
            "`{key}`: expected a string, found {}",
            json::kind_of(other)
        ))),
    }
}

/// Reads a configuration.
///
/// # Errors
/// [`ConfigError`] when the text is not JSON, holds no `oidc` configuration, or a field has the
/// wrong type; `issuerUrl` and `clientId` are required.
pub fn parse_config(text: &str) -> Result<(IdpConfig, ConfigShape), ConfigError> {
    let doc = match json::parse_strict(text) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            return Err(ConfigError(format!(
                "expected a JSON object, found {}",
                json::kind_of(&other)
            )));
        }
        Err(e) => return Err(ConfigError(e.to_string())),
    };
    let Some((o, shape)) = locate(&doc) else {
        return Err(ConfigError(
            "expected an OIDC identity-provider configuration: the `oidc` object (`issuerUrl`, \
             `clientId`, …), `{\"clusterName\": …, \"oidc\": {…}}`, or `{\"identityProviderConfig\": \
             {\"oidc\": {…}}}`"
                .to_string(),
        ));
    };
    let issuer_url = string(o, "issuerUrl")?
        .ok_or_else(|| ConfigError("`issuerUrl` is required".to_string()))?;
    let client_id =
        string(o, "clientId")?.ok_or_else(|| ConfigError("`clientId` is required".to_string()))?;
    let required_claims = match o.get("requiredClaims") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                other => Err(ConfigError(format!(
                    "`requiredClaims.{k}`: expected a string, found {}",
                    json::kind_of(other)
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(ConfigError(format!(
                "`requiredClaims`: expected an object of claim names to values, found {}",
                json::kind_of(other)
            )));
        }
    };
    Ok((
        IdpConfig {
            identity_provider_config_name: string(o, "identityProviderConfigName")?,
            issuer_url,
            client_id,
            username_claim: string(o, "usernameClaim")?,
            username_prefix: string(o, "usernamePrefix")?,
            groups_claim: string(o, "groupsClaim")?,
            groups_prefix: string(o, "groupsPrefix")?,
            required_claims,
        },
        shape,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_config_reads_all_three_shapes() {
        let oidc = r#"{"issuerUrl":"https://idp.example","clientId":"kubernetes","usernameClaim":"email","requiredClaims":{"hd":"example.com"}}"#;
        let cases = [
            (oidc.to_string(), ConfigShape::OidcObject),
            (
                format!(r#"{{"clusterName":"prod","oidc":{oidc}}}"#),
                ConfigShape::AssociateInput,
            ),
            (
                format!(r#"{{"identityProviderConfig":{{"oidc":{oidc}}}}}"#),
                ConfigShape::DescribeOutput,
            ),
        ];
        for (text, want) in cases {
            let (config, shape) = parse_config(&text).unwrap();
            assert_eq!(shape, want);
            assert_eq!(config.client_id, "kubernetes");
            assert_eq!(config.username_claim.as_deref(), Some("email"));
            assert_eq!(
                config.required_claims,
                vec![("hd".to_string(), "example.com".to_string())]
            );
        }
    }

    #[test]
    fn parse_config_errors_name_the_field() {
        let cases = [
            ("[]", "expected a JSON object"),
            ("{}", "expected an OIDC identity-provider configuration"),
            (r#"{"clientId":"k"}"#, "`issuerUrl` is required"),
            (
                r#"{"issuerUrl":"https://x","clientId":3}"#,
                "`clientId`: expected a string",
            ),
            (
                r#"{"issuerUrl":"https://x","clientId":"k","requiredClaims":{"a":1}}"#,
                "`requiredClaims.a`",
            ),
        ];
        for (text, want) in cases {
            let err = parse_config(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
