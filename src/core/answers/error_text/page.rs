//! The error text against the diagnosis of a token at hand (the page's token, policy and
//! settings, or the CLI's `--token` and `--policy`): what that diagnosis predicts, whether it
//! agrees with the error pasted, what differs between the text's facts and the diagnosis' inputs,
//! and the causes re-ranked so that the one the diagnosis found comes first.
//!
//! Invariants: agreement is decided on typed fields (error codes, [`ErrorKind`] and its causes'
//! [`FailureMode`]s, [`Outcome`]), never on prose; the prediction's summary and fix are the
//! report's own texts; nothing here panics on any report or text.

use serde::Serialize;
use serde_json::Value;

use super::{Cause, ErrorDiagnosis, ErrorKind, Origin, kinds::BaseCause};
use crate::core::policy::{self, Principal};
use crate::core::report::Report;
use crate::core::sts::{FailureMode, Outcome, Proviso, StepId};
use crate::core::timefmt;

/// Where the diagnosis compared with the text comes from: it names it in the sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holder {
    /// The page's token, trust policy and settings.
    Page,
    /// The token (and trust policy) given to the command.
    Command,
}

impl Holder {
    /// The diagnosis, as the sentences name it.
    fn diagnosis(self) -> &'static str {
        match self {
            Holder::Page => "the page's diagnosis",
            Holder::Command => "the token's diagnosis",
        }
    }

    /// The inputs, as the sentences name them.
    fn inputs(self) -> &'static str {
        match self {
            Holder::Page => "the one on the page",
            Holder::Command => "the one given",
        }
    }

    /// Where the provider's settings are entered.
    fn provider_settings(self) -> &'static str {
        match self {
            Holder::Page => "enter its URL and client IDs in the page's settings",
            Holder::Command => "give its URL and client IDs with --provider and --client-id",
        }
    }
}

/// How the predicted outcome compares with the error pasted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The same error code, and the failure the diagnosis found is one the pasted error can mean
    /// (or the text names the error by its code alone): very likely the cause.
    Agrees,
    /// The same code, but the text's message names another failure than the diagnosis'.
    SameCodeOtherFailure,
    /// The diagnosis predicts another error code.
    OtherCode,
    /// The diagnosis predicts credentials.
    PredictsSuccess,
    /// The diagnosis cannot decide (incomplete, undetermined, or no simulation ran).
    Undecided,
    /// The pasted error comes before STS (GitHub Actions, the SDK): STS never saw a token.
    ErrorBeforeSts,
    /// The text names no error TokenScope knows.
    NoErrorInText,
}

impl Agreement {
    /// Stable name (`agrees`, …), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Agrees => "agrees",
            Agreement::SameCodeOtherFailure => "same_code_other_failure",
            Agreement::OtherCode => "other_code",
            Agreement::PredictsSuccess => "predicts_success",
            Agreement::Undecided => "undecided",
            Agreement::ErrorBeforeSts => "error_before_sts",
            Agreement::NoErrorInText => "no_error_in_text",
        }
    }

    /// Whether the error likely came from other inputs than the diagnosis'.
    pub fn disagrees(self) -> bool {
        matches!(
            self,
            Agreement::SameCodeOtherFailure | Agreement::OtherCode | Agreement::PredictsSuccess
        )
    }
}

/// A fact the text and the diagnosis' inputs can both tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactField {
    /// The token's issuer.
    Issuer,
    /// The role ARN.
    RoleArn,
    /// The role's account.
    Account,
    /// The token's subject.
    Subject,
    /// The token's audience.
    Audience,
    /// The token's `exp`.
    TokenExpiry,
    /// When the call was made (the text) vs the evaluation time (the diagnosis).
    Time,
}

impl FactField {
    /// The fact, in words.
    pub fn label(self) -> &'static str {
        match self {
            FactField::Issuer => "issuer",
            FactField::RoleArn => "role ARN",
            FactField::Account => "account",
            FactField::Subject => "subject",
            FactField::Audience => "audience",
            FactField::TokenExpiry => "token exp",
            FactField::Time => "time",
        }
    }
}

/// One fact that differs between the text and the diagnosis' inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactDifference {
    /// Which fact.
    pub field: FactField,
    /// What the text tells.
    pub pasted: String,
    /// What the diagnosis used.
    pub diagnosed: String,
}

/// The error text compared with a diagnosis of a token at hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageCheck {
    /// Whose diagnosis.
    pub holder: Holder,
    /// The predicted outcome (`None`: no simulation ran, e.g. an unreadable trust policy).
    pub outcome: Option<Outcome>,
    /// The predicted AWS error code.
    pub predicted_code: Option<&'static str>,
    /// The predicted message (AWS's exact text where known).
    pub predicted_message: Option<String>,
    /// The failure the diagnosis found.
    pub failure_mode: Option<FailureMode>,
    /// The diagnosis' own summary (its verdict banner's sentence).
    pub summary: Option<String>,
    /// The diagnosis' own fix.
    pub fix: Option<String>,
    /// The code of the error pasted.
    pub pasted_code: Option<&'static str>,
    /// How they compare.
    pub agreement: Agreement,
    /// The facts that differ (only those both tell).
    pub differences: Vec<FactDifference>,
    /// Set when the prediction of credentials assumes the account's IAM OIDC provider follows the
    /// token ([`Proviso::ProviderAssumed`]) and the pasted error is the provider's (its lookup,
    /// its client IDs, its thumbprints): the assumption, not the token, is what to check.
    pub provider_assumed: bool,
    /// The comparison in one sentence (the differences are listed apart).
    pub headline: String,
}

/// A call time and an evaluation time closer than this are the same moment for the comparison.
const SAME_MOMENT_SECONDS: i64 = 300;

/// Compares the error diagnosed in `d` with `report`, the diagnosis of the token at hand.
pub fn check_against(d: &ErrorDiagnosis, report: &Report, holder: Holder) -> PageCheck {
    let sts = report.sts.as_ref();
    let outcome = sts.map(|s| s.outcome);
    let predicted_code = sts.and_then(|s| s.error_code);
    let failure_mode = sts.and_then(|s| s.failure_mode);
    let pasted_code = d.error.as_ref().and_then(|e| e.code);
    let agreement = agreement(d, outcome, predicted_code, failure_mode);
    let differences = differences(d, report);
    let provider_assumed = agreement == Agreement::PredictsSuccess
        && sts.is_some_and(|s| s.provisos.contains(&Proviso::ProviderAssumed))
        && d.error.as_ref().is_some_and(|e| provider_error(e.kind));
    let mut headline = headline(holder, agreement, predicted_code, pasted_code);
    if provider_assumed {
        headline.push_str(&format!(
            ". It assumed the role's account has an IAM OIDC provider for the token's issuer with \
             its audience as a client ID; the pasted error says the account's provider differs: \
             {}",
            holder.provider_settings()
        ));
    }
    PageCheck {
        holder,
        outcome,
        predicted_code,
        predicted_message: sts.and_then(|s| s.message.clone()),
        failure_mode,
        summary: sts.map(|s| s.summary.clone()),
        fix: sts.and_then(|s| s.fix.clone()),
        pasted_code,
        agreement,
        differences,
        provider_assumed,
        headline,
    }
}

/// Whether error `kind` is decided by the account's IAM OIDC provider: its lookup, its client IDs
/// or its thumbprints.
fn provider_error(kind: ErrorKind) -> bool {
    kind == ErrorKind::ThumbprintMismatch
        || kind.causes().iter().any(|c| {
            c.mode
                .and_then(FailureMode::step)
                .is_some_and(|s| matches!(s, StepId::Provider | StepId::Audience))
        })
}

/// `d` with its comparison against `report` ([`check_against`]) and its causes re-ranked: the
/// cause whose failure mode the diagnosis found first, marked [`Cause::found_by_page`] (added
/// when the codes agree and the pasted error's list lacks it).
pub fn with_diagnosis(mut d: ErrorDiagnosis, report: &Report, holder: Holder) -> ErrorDiagnosis {
    let check = check_against(&d, report, holder);
    if let Some(mode) = check.failure_mode {
        let at = d.causes.iter().position(|c| c.mode == Some(mode));
        let found = match at {
            Some(i) => Some(d.causes.remove(i)),
            None if check.agreement == Agreement::Agrees => {
                let base = BaseCause::mode(mode);
                Some(Cause {
                    mode: base.mode,
                    title: base.title.to_string(),
                    evidence: Vec::new(),
                    decided_by: base.decider,
                    decided_by_text: base.decider.describe(),
                    found_by_page: false,
                })
            }
            None => None,
        };
        if let Some(mut cause) = found {
            cause.found_by_page = true;
            d.causes.insert(0, cause);
        }
    }
    d.page = Some(check);
    d
}

fn agreement(
    d: &ErrorDiagnosis,
    outcome: Option<Outcome>,
    predicted_code: Option<&str>,
    mode: Option<FailureMode>,
) -> Agreement {
    let Some(error) = &d.error else {
        return Agreement::NoErrorInText;
    };
    if error.origin != Origin::Sts {
        return Agreement::ErrorBeforeSts;
    }
    match outcome {
        Some(Outcome::Success) => return Agreement::PredictsSuccess,
        Some(Outcome::Failure) => {}
        Some(Outcome::Incomplete | Outcome::Undetermined) | None => return Agreement::Undecided,
    }
    if predicted_code != error.code {
        return Agreement::OtherCode;
    }
    // The same code: the pasted error's causes include the failure found, or nothing tells them
    // apart — no failure found to compare, or a message TokenScope does not know (the error was
    // named by its code alone: `InvalidIdentityToken`, `ValidationError`).
    let by_code_alone = matches!(
        error.kind,
        ErrorKind::InvalidIdentityToken | ErrorKind::ValidationError
    );
    if mode.is_none() || by_code_alone || error.kind.causes().iter().any(|c| c.mode == mode) {
        Agreement::Agrees
    } else {
        Agreement::SameCodeOtherFailure
    }
}

fn headline(
    holder: Holder,
    agreement: Agreement,
    predicted: Option<&str>,
    pasted: Option<&str>,
) -> String {
    let diagnosis = holder.diagnosis();
    let whose = capitalise(diagnosis);
    let elsewhere = format!(
        "the error likely came from a different token, role, policy, time or account than {}",
        holder.inputs()
    );
    match agreement {
        Agreement::Agrees => format!(
            "{} predicts the same error, {}: this is very likely your cause",
            whose,
            predicted.unwrap_or("a refusal")
        ),
        Agreement::SameCodeOtherFailure => format!(
            "{} predicts {} too, but for another failure than the text's message names: {elsewhere}",
            whose,
            predicted.unwrap_or("the same code")
        ),
        Agreement::OtherCode => format!(
            "{} predicts {}, not {}: {elsewhere}",
            whose,
            predicted.unwrap_or("another error"),
            pasted.unwrap_or("the pasted error")
        ),
        Agreement::PredictsSuccess => format!(
            "{} predicts credentials, not {}: {elsewhere}",
            whose,
            pasted.unwrap_or("the pasted error")
        ),
        Agreement::Undecided => format!(
            "{} cannot tell yet whether the token gets credentials, so it cannot confirm the \
             pasted error",
            whose
        ),
        Agreement::ErrorBeforeSts => format!(
            "The pasted error comes before STS is called (no token reached it); {diagnosis} is of \
             the call that follows once the workload has a token"
        ),
        Agreement::NoErrorInText => {
            format!("The text names no error TokenScope knows: nothing to compare with {diagnosis}")
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The facts both the text and the diagnosis' inputs tell, where they differ.
fn differences(d: &ErrorDiagnosis, report: &Report) -> Vec<FactDifference> {
    let claims = &report.token.claims;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
    let f = &d.facts;
    let mut out = Vec::new();
    differ(&mut out, FactField::Issuer, f.issuer.as_ref(), claim("iss"));
    let role = report
        .request
        .role_arn
        .clone()
        .filter(|r| !r.trim().is_empty());
    differ(&mut out, FactField::RoleArn, f.role_arn.as_ref(), role);
    // The account only when the role ARNs do not already say it.
    if !out.iter().any(|x| x.field == FactField::RoleArn) {
        differ(
            &mut out,
            FactField::Account,
            f.account_id.as_ref(),
            page_account(report),
        );
    }
    differ(
        &mut out,
        FactField::Subject,
        f.subject.as_ref(),
        claim("sub"),
    );
    if let Some(aud) = &f.audience
        && let Some(page) = claims.get("aud")
    {
        let auds: Vec<&str> = match page {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !auds.is_empty() && !auds.contains(&aud.as_str()) {
            out.push(FactDifference {
                field: FactField::Audience,
                pasted: aud.clone(),
                diagnosed: auds.join(", "),
            });
        }
    }
    if let (Some(exp), Some(page_exp)) = (f.expired_at, claims.get("exp").and_then(Value::as_i64))
        && exp != page_exp
    {
        out.push(FactDifference {
            field: FactField::TokenExpiry,
            pasted: timefmt::format_rfc3339(exp),
            diagnosed: timefmt::format_rfc3339(page_exp),
        });
    }
    let called = f.called_at.or_else(|| {
        f.event_time
            .as_deref()
            .and_then(|t| timefmt::parse_instant(t).ok())
    });
    if let Some(called) = called
        && i128::from(called).abs_diff(i128::from(report.at))
            > SAME_MOMENT_SECONDS.unsigned_abs().into()
    {
        out.push(FactDifference {
            field: FactField::Time,
            pasted: timefmt::format_rfc3339(called),
            diagnosed: timefmt::format_rfc3339(report.at),
        });
    }
    out
}

/// Records `field` when the text and the diagnosis both tell it and differ.
fn differ(
    out: &mut Vec<FactDifference>,
    field: FactField,
    pasted: Option<&String>,
    diagnosed: Option<String>,
) {
    if let (Some(p), Some(g)) = (pasted, diagnosed)
        && *p != g
    {
        out.push(FactDifference {
            field,
            pasted: p.clone(),
            diagnosed: g,
        });
    }
}

/// The role's account the diagnosis used: its role ARN's, else the account of the trust
/// policy's first `Federated` ARN (as the simulation takes it when no role ARN is set).
fn page_account(report: &Report) -> Option<String> {
    let account = |arn: &str| {
        arn.split(':')
            .nth(4)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
    };
    if let Some(role) = report
        .request
        .role_arn
        .as_deref()
        .filter(|r| !r.trim().is_empty())
    {
        return account(role);
    }
    let policy = policy::parse_policy(report.request.policy.as_deref()?).ok()?;
    policy.statements.iter().find_map(|st| match &st.principal {
        Principal::Named { federated, .. } => federated
            .iter()
            .find(|f| f.starts_with("arn:"))
            .and_then(|f| account(f)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answers::error_text::diagnose_error;
    use crate::core::session::{self, Inputs};
    use crate::core::sts::StepId;

    /// The example's evaluation time (the fixtures' `compare` tests use it too).
    const AT: i64 = 1_795_168_800;

    const ACCESS_DENIED: &str = "An error occurred (AccessDenied) when calling the \
        AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity";
    const NO_PROVIDER: &str = "An error occurred (InvalidIdentityToken) when calling the \
        AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for \
        https://oidc.eks.us-east-1.amazonaws.com/id/0000000000000000000000000000FFFF";
    const AUDIENCE: &str = "An error occurred (InvalidIdentityToken) when calling the \
        AssumeRoleWithWebIdentity operation: Incorrect token audience";

    fn fixture(rel: &str) -> String {
        let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The example's keys and policy, with `token` (a fixture) at the example's time.
    fn inputs(token: &str) -> Inputs {
        let mut inputs = Inputs::new(AT, 0);
        inputs.token = fixture(token);
        inputs.set_pasted(fixture("example/jwks.json"));
        inputs.policy = fixture("example/trust-policy.json");
        inputs
    }

    fn report(inputs: &Inputs) -> std::rc::Rc<Report> {
        session::analyze(inputs).report().unwrap()
    }

    fn check(text: &str, inputs: &Inputs) -> ErrorDiagnosis {
        with_diagnosis(diagnose_error(text).unwrap(), &report(inputs), Holder::Page)
    }

    #[test]
    fn same_code_and_cause_agrees_and_puts_the_cause_first() {
        // The namespace's default service account: the policy's `sub` condition refuses it.
        let inputs = inputs("compare/default-sa.jwt");
        let r = report(&inputs);
        let sts = r.sts.as_ref().unwrap();
        assert_eq!(sts.failure_mode, Some(FailureMode::SubjectMismatch));
        let d = check(ACCESS_DENIED, &inputs);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::Agrees);
        assert!(!page.agreement.disagrees());
        assert_eq!(page.predicted_code, Some("AccessDenied"));
        assert_eq!(page.pasted_code, Some("AccessDenied"));
        // The report's own texts, not new ones.
        assert_eq!(page.summary.as_deref(), Some(sts.summary.as_str()));
        assert_eq!(page.fix, sts.fix);
        assert!(
            page.headline.contains("very likely your cause"),
            "{}",
            page.headline
        );
        assert!(page.differences.is_empty(), "{:?}", page.differences);
        let first = &d.causes[0];
        assert_eq!(first.mode, Some(FailureMode::SubjectMismatch));
        assert!(first.found_by_page);
        assert_eq!(d.causes.iter().filter(|c| c.found_by_page).count(), 1);
        // Nothing lost, nothing added.
        assert_eq!(
            d.causes.len(),
            diagnose_error(ACCESS_DENIED).unwrap().causes.len()
        );
    }

    #[test]
    fn a_lower_ranked_cause_moves_first() {
        // The policy's `:aud` condition names another audience: the third of AccessDenied's
        // causes is the page's.
        let mut inputs = inputs("example/token.jwt");
        inputs.policy = inputs
            .policy
            .replace("aud\": \"sts.amazonaws.com\"", "aud\": \"api.example.com\"");
        assert_ne!(inputs.policy, fixture("example/trust-policy.json"));
        let plain = diagnose_error(ACCESS_DENIED).unwrap();
        let at = plain
            .causes
            .iter()
            .position(|c| c.mode == Some(FailureMode::AudienceConditionMismatch))
            .unwrap();
        assert!(at > 0, "not first already");
        let d = check(ACCESS_DENIED, &inputs);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::Agrees);
        assert_eq!(
            page.failure_mode,
            Some(FailureMode::AudienceConditionMismatch)
        );
        assert_eq!(
            d.causes[0].mode,
            Some(FailureMode::AudienceConditionMismatch)
        );
        assert_eq!(
            d.causes[0].decided_by,
            super::super::Decider::Step(StepId::TrustPolicy)
        );
        assert!(d.causes[0].found_by_page);
        // The others keep their order.
        let rest: Vec<_> = d.causes.iter().skip(1).map(|c| c.mode).collect();
        let mut want: Vec<_> = plain.causes.iter().map(|c| c.mode).collect();
        want.remove(at);
        assert_eq!(rest, want);
    }

    #[test]
    fn the_audience_error_agrees_with_the_audience_step() {
        let d = check(AUDIENCE, &inputs("compare/typo-aud.jwt"));
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::Agrees);
        assert_eq!(page.failure_mode, Some(FailureMode::AudienceNotAllowed));
        assert_eq!(d.causes[0].mode, Some(FailureMode::AudienceNotAllowed));
        assert!(d.causes[0].found_by_page);
    }

    #[test]
    fn same_code_other_message_disagrees_and_names_the_issuer() {
        let inputs = inputs("compare/typo-aud.jwt");
        let d = check(NO_PROVIDER, &inputs);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::SameCodeOtherFailure);
        assert!(page.agreement.disagrees());
        assert!(
            page.headline.contains(
                "different token, role, policy, time or account than the one on the page"
            ),
            "{}",
            page.headline
        );
        let [issuer] = page.differences.as_slice() else {
            panic!("{:?}", page.differences);
        };
        assert_eq!(issuer.field, FactField::Issuer);
        assert!(issuer.pasted.contains("us-east-1"), "{issuer:?}");
        assert!(issuer.diagnosed.contains("eu-west-1"), "{issuer:?}");
        // The page's cause is not one of this error's: the list keeps its order, none marked.
        assert!(d.causes.iter().all(|c| !c.found_by_page));
        assert_eq!(d.causes, diagnose_error(NO_PROVIDER).unwrap().causes);
    }

    #[test]
    fn the_code_alone_agrees_and_the_found_cause_is_added_first() {
        // The text names the error by its code alone: the page's audience failure is one
        // InvalidIdentityToken can mean, though the generic list lacks it.
        let text = "botocore.exceptions.ClientError: An error occurred (InvalidIdentityToken) when \
            calling the AssumeRoleWithWebIdentity operation: ";
        let plain = diagnose_error(text).unwrap();
        assert_eq!(
            plain.error.as_ref().map(|e| e.kind),
            Some(ErrorKind::InvalidIdentityToken)
        );
        assert!(
            plain
                .causes
                .iter()
                .all(|c| c.mode != Some(FailureMode::AudienceNotAllowed))
        );
        let d = check(text, &inputs("compare/typo-aud.jwt"));
        assert_eq!(d.page.as_ref().unwrap().agreement, Agreement::Agrees);
        assert_eq!(d.causes.len(), plain.causes.len() + 1);
        assert_eq!(d.causes[0].mode, Some(FailureMode::AudienceNotAllowed));
        assert_eq!(
            d.causes[0].decided_by,
            super::super::Decider::Step(StepId::Audience)
        );
        assert!(d.causes[0].found_by_page);
        assert_eq!(d.causes[1..], plain.causes[..]);
    }

    #[test]
    fn other_code_disagrees() {
        let inputs = inputs("compare/default-sa.jwt");
        let d = check(AUDIENCE, &inputs);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::OtherCode);
        assert!(page.headline.starts_with(
            "The page's diagnosis predicts AccessDenied, not InvalidIdentityToken: the error likely came from a different token"
        ), "{}", page.headline);
        assert!(d.causes.iter().all(|c| !c.found_by_page));
    }

    #[test]
    fn predicted_success_disagrees_and_names_the_role_and_time() {
        let mut inputs = inputs("example/token.jwt");
        inputs.settings.role_arn = "arn:aws:iam::111122223333:role/payments-api".into();
        let text = "An error occurred (ExpiredTokenException) when calling the \
            AssumeRoleWithWebIdentity operation: Token expired: current date/time 1795200000 must \
            be before the expiration date/time 1795172400 \
            (role arn:aws:iam::444455556666:role/other)";
        let d = check(text, &inputs);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.outcome, Some(Outcome::Success));
        assert_eq!(page.agreement, Agreement::PredictsSuccess);
        assert_eq!(page.predicted_code, None);
        let fields: Vec<FactField> = page.differences.iter().map(|f| f.field).collect();
        assert!(fields.contains(&FactField::RoleArn), "{fields:?}");
        assert!(
            !fields.contains(&FactField::Account),
            "the role ARN says it: {fields:?}"
        );
        assert!(fields.contains(&FactField::Time), "{fields:?}");
        let role = page
            .differences
            .iter()
            .find(|f| f.field == FactField::RoleArn)
            .unwrap();
        assert_eq!(
            (role.pasted.as_str(), role.diagnosed.as_str()),
            (
                "arn:aws:iam::444455556666:role/other",
                "arn:aws:iam::111122223333:role/payments-api"
            )
        );
        assert!(d.causes.iter().all(|c| !c.found_by_page));
    }

    #[test]
    fn a_provider_error_against_an_assumed_provider_says_to_enter_it() {
        // The provider settings follow the token: the success assumes the account's provider.
        let inputs = inputs("example/token.jwt");
        let sts = report(&inputs).sts.clone().unwrap();
        assert!(sts.provisos.contains(&Proviso::ProviderAssumed));
        let d = check(AUDIENCE, &inputs);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::PredictsSuccess);
        assert!(page.provider_assumed);
        assert!(
            page.headline.ends_with(
                "the pasted error says the account's provider differs: enter its URL and client \
                 IDs in the page's settings"
            ),
            "{}",
            page.headline
        );
        // A trust-policy error is not the provider's.
        let d = check(ACCESS_DENIED, &inputs);
        assert!(!d.page.as_ref().unwrap().provider_assumed);
        // Provider settings given: nothing assumed.
        let mut given = inputs.clone();
        given.settings.provider_url = Some(
            "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678".into(),
        );
        given.settings.client_ids = Some("sts.amazonaws.com".into());
        let d = check(NO_PROVIDER, &given);
        let page = d.page.as_ref().unwrap();
        assert_eq!(page.agreement, Agreement::PredictsSuccess);
        assert!(!page.provider_assumed, "{}", page.headline);
    }

    #[test]
    fn the_account_is_the_policys_without_a_role_arn() {
        let inputs = inputs("example/token.jwt");
        let text = "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity \
            operation: Not authorized to perform sts:AssumeRoleWithWebIdentity \
            arn:aws:iam::444455556666:role/deploy";
        let d = check(text, &inputs);
        let page = d.page.as_ref().unwrap();
        let account = page
            .differences
            .iter()
            .find(|f| f.field == FactField::Account)
            .unwrap();
        assert_eq!(
            (account.pasted.as_str(), account.diagnosed.as_str()),
            ("444455556666", "111122223333")
        );
    }

    #[test]
    fn undecided_before_sts_and_unrecognised_texts_reorder_nothing() {
        let mut no_keys = inputs("compare/default-sa.jwt");
        no_keys.set_pasted(String::new());
        no_keys.policy = String::new();
        let d = check(ACCESS_DENIED, &no_keys);
        assert_eq!(d.page.as_ref().unwrap().agreement, Agreement::Undecided);
        assert_eq!(d.causes, diagnose_error(ACCESS_DENIED).unwrap().causes);
        let sa = inputs("compare/default-sa.jwt");
        let before = "Error: Credentials could not be loaded, please check your action inputs: \
            Could not load credentials from any providers";
        let d = check(before, &sa);
        assert_eq!(
            d.page.as_ref().unwrap().agreement,
            Agreement::ErrorBeforeSts
        );
        assert!(d.causes.iter().all(|c| !c.found_by_page));
        let d = check("everything is fine", &sa);
        assert_eq!(d.page.as_ref().unwrap().agreement, Agreement::NoErrorInText);
        assert!(d.causes.is_empty());
    }

    #[test]
    fn without_a_token_json_is_as_before() {
        let d = diagnose_error(ACCESS_DENIED).unwrap();
        let json = serde_json::to_value(&d).unwrap();
        assert!(json.get("page").is_none(), "{json}");
        assert!(json["causes"][0].get("found_by_page").is_none(), "{json}");
        let with = check(ACCESS_DENIED, &inputs("compare/default-sa.jwt"));
        let json = serde_json::to_value(&with).unwrap();
        assert_eq!(json["page"]["agreement"], "agrees");
        assert_eq!(json["page"]["predicted_code"], "AccessDenied");
        assert_eq!(json["causes"][0]["found_by_page"], true);
    }

    #[test]
    fn the_command_names_its_token_not_the_page() {
        let inputs = inputs("compare/default-sa.jwt");
        let c = check_against(
            &diagnose_error(AUDIENCE).unwrap(),
            &report(&inputs),
            Holder::Command,
        );
        assert!(
            c.headline
                .starts_with("The token's diagnosis predicts AccessDenied"),
            "{}",
            c.headline
        );
        assert!(c.headline.contains("than the one given"), "{}", c.headline);
        assert!(!c.headline.contains("page"), "{}", c.headline);
    }
}
