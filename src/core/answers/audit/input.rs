//! Reading what the IAM API gives: `aws iam list-roles` (`Roles`), `aws iam
//! get-account-authorization-details` (`RoleDetailList`), `aws iam get-role` (`Role`) and
//! `aws iam list-open-id-connect-providers` (`OpenIDConnectProviderList`), one document or
//! several in a row (`cat roles.json providers.json`).
//!
//! `AssumeRolePolicyDocument` is a JSON object as the AWS CLI prints it, or a string: the IAM
//! API returns it URL-encoded (RFC 3986,
//! <https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html>), and some tools pass that
//! string on; both are read.

use serde_json::{Map, Value};

use crate::core::json;

/// The document kinds read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// `aws iam list-roles`.
    ListRoles,
    /// `aws iam get-account-authorization-details`.
    AccountAuthorizationDetails,
    /// `aws iam get-role`.
    GetRole,
    /// `aws iam list-open-id-connect-providers`.
    OpenIdConnectProviders,
}

/// One role as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RoleInput {
    pub name: String,
    pub arn: String,
    /// The trust policy's text, or why it cannot be read.
    pub policy: Result<String, String>,
}

/// Everything read from the input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Account {
    pub sources: Vec<SourceKind>,
    pub roles: Vec<RoleInput>,
    /// The IAM OIDC providers' ARNs, when a provider list was given.
    pub providers: Option<Vec<String>>,
}

/// Reads one or several IAM documents.
pub(super) fn read(text: &str) -> Result<Account, String> {
    let docs = json::parse_strict_stream(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut account = Account::default();
    for doc in &docs {
        let Value::Object(map) = doc else {
            return Err(format!(
                "expected the output of `aws iam list-roles` or `aws iam \
                 get-account-authorization-details` (a JSON object), found {}",
                json::kind_of(doc)
            ));
        };
        read_document(map, &mut account)?;
    }
    if account.sources.is_empty() {
        return Err(
            "expected the output of `aws iam list-roles` (`Roles`) or `aws iam \
                    get-account-authorization-details` (`RoleDetailList`), found neither"
                .to_string(),
        );
    }
    Ok(account)
}

fn read_document(map: &Map<String, Value>, account: &mut Account) -> Result<(), String> {
    let lists = [
        ("Roles", SourceKind::ListRoles),
        ("RoleDetailList", SourceKind::AccountAuthorizationDetails),
    ];
    for (member, kind) in lists {
        match map.get(member) {
            Some(Value::Array(items)) => {
                account.sources.push(kind);
                for (i, item) in items.iter().enumerate() {
                    account
                        .roles
                        .push(role(item).map_err(|e| format!("{member}[{i}]: {e}"))?);
                }
            }
            Some(other) => {
                return Err(format!(
                    "`{member}`: expected an array, found {}",
                    json::kind_of(other)
                ));
            }
            None => {}
        }
    }
    if let Some(r) = map.get("Role") {
        account.sources.push(SourceKind::GetRole);
        account
            .roles
            .push(role(r).map_err(|e| format!("Role: {e}"))?);
    }
    if let Some(list) = map.get("OpenIDConnectProviderList") {
        let Value::Array(items) = list else {
            return Err("`OpenIDConnectProviderList`: expected an array".to_string());
        };
        account.sources.push(SourceKind::OpenIdConnectProviders);
        let arns = items
            .iter()
            .filter_map(|p| p.get("Arn").and_then(Value::as_str).map(str::to_owned));
        account.providers.get_or_insert_with(Vec::new).extend(arns);
    }
    Ok(())
}

fn role(item: &Value) -> Result<RoleInput, String> {
    let name = item.get("RoleName").and_then(Value::as_str);
    let arn = item.get("Arn").and_then(Value::as_str);
    let (Some(name), Some(arn)) = (name, arn) else {
        return Err("expected a role with `RoleName` and `Arn`".to_string());
    };
    let policy = match item.get("AssumeRolePolicyDocument") {
        Some(Value::Object(doc)) => Ok(Value::Object(doc.clone()).to_string()),
        Some(Value::String(s)) => policy_text(s),
        Some(other) => Err(format!(
            "`AssumeRolePolicyDocument`: expected a JSON object or a URL-encoded string, found {}",
            json::kind_of(other)
        )),
        None => Err("no `AssumeRolePolicyDocument` (list-roles and \
                     get-account-authorization-details include it)"
            .to_string()),
    };
    Ok(RoleInput {
        name: name.to_string(),
        arn: arn.to_string(),
        policy,
    })
}

/// A policy given as a string: JSON as it is, or URL-encoded JSON.
fn policy_text(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.starts_with('{') {
        return Ok(t.to_string());
    }
    percent_decode(t).ok_or_else(|| {
        "`AssumeRolePolicyDocument`: a string that is neither JSON nor URL-encoded UTF-8 JSON"
            .to_string()
    })
}

/// RFC 3986 percent-decoding (`%XX`; `+` stays a plus); `None` for a bad escape or bytes that
/// are not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i.checked_add(1)?..i.checked_add(3)?)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i = i.checked_add(3)?;
        } else {
            out.push(b);
            i = i.checked_add(1)?;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_reads_iam_encoding_and_refuses_bad_escapes() {
        assert_eq!(
            percent_decode("%7B%22Version%22%3A%222012-10-17%22%7D").as_deref(),
            Some("{\"Version\":\"2012-10-17\"}")
        );
        assert_eq!(percent_decode("a+b%20c").as_deref(), Some("a+b c"));
        for bad in ["%", "%4", "%zz", "%C3%28", "%é"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn read_list_roles_with_encoded_and_object_policies_and_providers() {
        let text = r#"{"Roles": [
            {"RoleName": "a", "Arn": "arn:aws:iam::111122223333:role/a", "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"},
            {"RoleName": "b", "Arn": "arn:aws:iam::111122223333:role/b", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}
        ]}
        {"OpenIDConnectProviderList": [{"Arn": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}]}"#;
        let a = read(text).unwrap();
        assert_eq!(
            a.sources,
            vec![SourceKind::ListRoles, SourceKind::OpenIdConnectProviders]
        );
        assert_eq!(a.roles.len(), 2);
        assert_eq!(
            a.roles[0].policy,
            Ok("{\"Version\":\"2012-10-17\",\"Statement\":[]}".to_string())
        );
        assert!(a.roles[1].policy.as_ref().unwrap().contains("2012-10-17"));
        assert_eq!(a.providers.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn read_refuses_what_is_not_an_iam_document() {
        assert!(read("[]").unwrap_err().contains("found an array"));
        assert!(
            read("{\"Users\": []}")
                .unwrap_err()
                .contains("found neither")
        );
        assert!(
            read("{\"Roles\": [{\"RoleName\": \"x\"}]}")
                .unwrap_err()
                .contains("Roles[0]")
        );
        assert!(read("{").unwrap_err().starts_with("not JSON"));
    }
}
