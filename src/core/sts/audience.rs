//! Step 3, the audience: one of the token's `aud` values must be a client ID of the provider.

use serde_json::Value;

use super::context::value_text;
use super::issuer::IssuerFamily;
use super::provider::{BuiltinProvider, iam_provider_possible};
use super::{
    FailureMode, MSG_AUDIENCE, MSG_MISSING_AUD, ProviderSettings, Step, StepId, fail, step,
};
use crate::core::finding::{Check, CheckStatus};
use crate::core::jwt::Token;
use crate::core::policy::{Effect, Family, Policy, SetOp, Statement};

/// The title of the audience check of a provider with client IDs.
const TITLE: &str = "`aud` is one of the provider's client IDs";

pub(super) fn audience_step(
    token: &Token,
    provider: &ProviderSettings,
    policy: Option<&Policy>,
    caveats: &mut Vec<String>,
) -> Step {
    if let Some(builtin) = token.claim_str("iss").and_then(BuiltinProvider::from_iss) {
        return builtin_audience_step(builtin, provider, policy);
    }
    let ids = &provider.client_ids;
    let shown_ids = if ids.is_empty() {
        "(none)".to_string()
    } else {
        ids.join(", ")
    };
    let auds: Vec<String> = match token.claims.get("aud") {
        None => return missing_audience_step(token, shown_ids),
        Some(Value::Array(a)) => a.iter().map(value_text).collect(),
        Some(v) => vec![value_text(v)],
    };
    let Some(matched) = auds.iter().find(|a| ids.contains(a)) else {
        return audience_not_allowed_step(token, &auds, ids, shown_ids);
    };
    let mut check = Check::new(
        "audience.aud",
        TITLE,
        CheckStatus::Pass,
        format!("`{matched}` is a client ID"),
    )
    .compare(shown_ids, auds.join(", "));
    if auds.len() > 1 {
        check.status = CheckStatus::Warn;
        check.detail.push_str("; the token has several audiences — AWS documents nothing for this case (assumed to pass when any entry is a client ID)");
        caveats
            .push("several audiences in `aud`: AWS does not document how STS treats them".into());
    }
    step(StepId::Audience, vec![check], None, None)
}

/// A token without `aud`: STS refuses it (`Missing a required claim: aud`).
fn missing_audience_step(token: &Token, shown_ids: String) -> Step {
    let fix = IssuerFamily::of(token).missing_audience_fix();
    let check = Check::new(
        "audience.aud",
        TITLE,
        CheckStatus::Fail,
        "the token has no `aud` claim",
    )
    .compare(shown_ids, "(absent)")
    .fix(fix);
    step(
        StepId::Audience,
        vec![check],
        fail(
            "InvalidIdentityToken",
            Some(MSG_MISSING_AUD.into()),
            400,
            Some(FailureMode::AudienceMissing),
        ),
        Some(fix.to_string()),
    )
}

/// No audience of the token is a client ID of the provider: STS refuses it (`Incorrect token
/// audience`); a near miss (letter case, trailing slash) is named.
fn audience_not_allowed_step(
    token: &Token,
    auds: &[String],
    ids: &[String],
    shown_ids: String,
) -> Step {
    let near = auds.iter().find_map(|a| {
        ids.iter()
            .find(|id| {
                id.eq_ignore_ascii_case(a) || id.trim_end_matches('/') == a.trim_end_matches('/')
            })
            .map(|id| format!(" (`{a}` is close to the client ID `{id}`)"))
    });
    let detail = format!(
        "no audience of the token is a client ID of the provider{}",
        near.unwrap_or_default()
    );
    let how = IssuerFamily::of(token).audience_how();
    let iss = token.claim_str("iss").unwrap_or_default();
    let fix = if let Some(default) = IssuerFamily::github_default_audience(token) {
        // The workflow asked for no audience: fix it there, not by trusting the owner's URL.
        format!(
            "{how}: `{default}` is GitHub's default audience, the repository owner's URL, which a \
             workflow's token carries when it asks for none (`core.getIDToken()` without an \
             audience). Adding `{default}` to the provider's client IDs would also pass, for every \
             workflow of that owner that asks for no audience, so it is not suggested"
        )
    } else if iam_provider_possible(iss) {
        format!(
            "add `{}` to the provider's client IDs (aws iam add-client-id-to-open-id-connect-provider), or {how}",
            auds.first().cloned().unwrap_or_default(),
        )
    } else {
        // No provider, so no client ID to add: only the token can change.
        format!(
            "{how} (no client ID can be added: IAM cannot hold a provider for `{iss}`, which is not an https URL)"
        )
    };
    let check = Check::new("audience.aud", TITLE, CheckStatus::Fail, detail)
        .compare(shown_ids, auds.join(", "))
        .fix(fix.clone());
    step(
        StepId::Audience,
        vec![check],
        fail(
            "InvalidIdentityToken",
            Some(MSG_AUDIENCE.into()),
            400,
            Some(FailureMode::AudienceNotAllowed),
        ),
        Some(fix),
    )
}

/// A built-in provider has no client-ID list: the audience is checked by the trust policy's
/// `<provider>:aud` condition (`app_id` for Amazon and Facebook), so without one any app's token
/// could be used (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html>,
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
fn builtin_audience_step(
    builtin: BuiltinProvider,
    provider: &ProviderSettings,
    policy: Option<&Policy>,
) -> Step {
    let key = format!("{}:{}", builtin.name(), builtin.audience_key());
    let title = format!("the audience is checked by the trust policy's `{key}` condition");
    let ids_note = if provider.client_ids.is_empty() {
        String::new()
    } else {
        " (the client IDs in the settings are not used for a built-in provider)".to_string()
    };
    let unscoped: Vec<String> = policy
        .map(|p| {
            p.statements
                .iter()
                .filter(|st| st.effect == Effect::Allow && !scopes_audience(st, builtin))
                .map(Statement::label)
                .collect()
        })
        .unwrap_or_default();
    let check = match policy {
        None => Check::new(
            "audience.builtin",
            title,
            CheckStatus::Skipped,
            format!("STS compares no client IDs for `{}`{ids_note}; paste the trust policy to see whether it checks `{key}`", builtin.name()),
        ),
        Some(_) if unscoped.is_empty() => Check::new(
            "audience.builtin",
            title,
            CheckStatus::Pass,
            format!("STS compares no client IDs for `{}`{ids_note}; every Allow statement has a `{key}` condition, evaluated in the trust-policy step", builtin.name()),
        ),
        Some(_) => Check::new(
            "audience.builtin",
            title,
            CheckStatus::Warn,
            format!(
                "STS compares no client IDs for `{}`{ids_note}, and {} has no positive `{key}` condition: a token issued to any app could assume the role",
                builtin.name(),
                unscoped.join(", ")
            ),
        )
        .fix(format!("add a `StringEquals` condition on `{key}` naming your app's client ID (Google) or identity pool ID (Cognito)")),
    };
    step(StepId::Audience, vec![check], None, None)
}

/// Whether `st` restricts the built-in provider's audience key with a positive operator.
pub(super) fn scopes_audience(st: &Statement, builtin: BuiltinProvider) -> bool {
    let key = format!("{}:{}", builtin.name(), builtin.audience_key());
    st.conditions.iter().any(|c| {
        c.key.eq_ignore_ascii_case(&key)
            && matches!(
                c.operator.family,
                Family::StringEquals | Family::StringLike | Family::StringEqualsIgnoreCase
            )
            && !c.operator.negated
            && c.operator.set != Some(SetOp::ForAllValues)
            && !c.operator.if_exists
            && !c.values.iter().any(|v| v == "*")
    })
}
