//! Reading a CloudTrail `AssumeRoleWithWebIdentity` event, shaped as AWS documents it
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html>,
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html>):
//! `errorCode`, `errorMessage`, `userIdentity` (`type` `WebIdentityUser`, `principalId`,
//! `identityProvider`, `userName`), `requestParameters` (`roleArn`, `roleSessionName`, …). One
//! event, a `{"Records": […]}` file (its first `AssumeRoleWithWebIdentity` record with an error,
//! else its first such record) or an array of events.

use serde_json::{Map, Value};

use super::scan::Facts;
use crate::core::json;

/// What an event says: its error as a text to recognise, and its facts.
pub(super) struct Event {
    /// `errorCode: errorMessage` (empty for a successful call).
    pub text: String,
    /// The facts read from the event's fields.
    pub facts: Facts,
    /// Notes on the event (which record was read, a successful call).
    pub notes: Vec<String>,
}

/// Reads `text` as a CloudTrail event.
pub(super) fn read(text: &str) -> Result<Event, String> {
    let value = json::parse_strict(text).map_err(|e| format!("not JSON: {e}"))?;
    let records: Vec<&Map<String, Value>> = match &value {
        Value::Object(m) => match m.get("Records") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
            _ => vec![m],
        },
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        other => {
            return Err(format!(
                "expected a CloudTrail event (a JSON object), found {}",
                json::kind_of(other)
            ));
        }
    };
    let web_identity: Vec<&Map<String, Value>> = records
        .iter()
        .copied()
        .filter(|r| str_at(r, &["eventName"]) == Some("AssumeRoleWithWebIdentity"))
        .collect();
    let Some(event) = web_identity
        .iter()
        .find(|r| r.contains_key("errorCode"))
        .or_else(|| web_identity.first())
    else {
        let names: Vec<&str> = records
            .iter()
            .filter_map(|r| str_at(r, &["eventName"]))
            .take(3)
            .collect();
        return Err(format!(
            "expected a CloudTrail event whose eventName is AssumeRoleWithWebIdentity, found {}",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ));
    };
    let mut notes = Vec::new();
    if web_identity.len() > 1 {
        notes.push(format!(
            "{} AssumeRoleWithWebIdentity events: the first with an error was read",
            web_identity.len()
        ));
    }
    Ok(read_event(event, notes))
}

fn read_event(event: &Map<String, Value>, mut notes: Vec<String>) -> Event {
    let code = str_at(event, &["errorCode"]).unwrap_or_default();
    let message = str_at(event, &["errorMessage"]).unwrap_or_default();
    let text = match (code.is_empty(), message.is_empty()) {
        (true, true) => String::new(),
        (false, true) => code.to_string(),
        (true, false) => message.to_string(),
        (false, false) => format!("{code}: {message}"),
    };
    if text.is_empty() {
        notes.push(
            "the event records a successful call (no errorCode): STS returned credentials"
                .to_string(),
        );
    }
    let mut facts = Facts {
        request_id: str_at(event, &["requestID"]).map(str::to_owned),
        event_time: str_at(event, &["eventTime"]).map(str::to_owned),
        session_name: str_at(event, &["requestParameters", "roleSessionName"]).map(str::to_owned),
        subject: str_at(event, &["userIdentity", "userName"])
            .or_else(|| str_at(event, &["responseElements", "subjectFromWebIdentityToken"]))
            .map(str::to_owned),
        audience: str_at(event, &["responseElements", "audience"]).map(str::to_owned),
        ..Facts::default()
    };
    if let Some(role) = str_at(event, &["requestParameters", "roleArn"]) {
        facts.take_arn(role);
    }
    match str_at(event, &["userIdentity", "identityProvider"]) {
        Some(p) if p.starts_with("arn:") => facts.take_arn(p),
        // A built-in provider is named, not an ARN (accounts.google.com).
        Some(p) if !p.is_empty() => facts.issuer = Some(format!("https://{p}")),
        _ => {}
    }
    principal_id(event, &mut facts);
    Event { text, facts, notes }
}

/// `principalId` of a web-identity user: `<provider>:<aud>:<sub>` (the provider's ARN or name,
/// the token's audience and subject); fills the audience when the subject is known.
fn principal_id(event: &Map<String, Value>, facts: &mut Facts) {
    let Some(id) = str_at(event, &["userIdentity", "principalId"]) else {
        return;
    };
    let Some(sub) = facts.subject.clone() else {
        return;
    };
    let Some(head) = id.strip_suffix(&sub).and_then(|h| h.strip_suffix(':')) else {
        return;
    };
    if facts.audience.is_none()
        && let Some((_, aud)) = head.rsplit_once(':')
        && !aud.is_empty()
    {
        facts.audience = Some(aud.to_string());
    }
}

/// The string at `path` in `map`.
fn str_at<'a>(map: &'a Map<String, Value>, path: &[&str]) -> Option<&'a str> {
    let (last, parents) = path.split_last()?;
    let mut here = map;
    for p in parents {
        here = here.get(*p)?.as_object()?;
    }
    here.get(*last)?.as_str()
}
