//! The STS simulator's case table (shared by tests/sts_table.rs natively and tests/wasm_core.rs in the
//! browser): token claims, provider, policy and request → the expected
//! outcome, AWS error code, deciding step and failure mode. Every case cites its source in its rule,
//! by one of these tags:
//!
//! - `[STS API]`: <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>
//! - `[IAM policy]`: the IAM User Guide's policy reference: `reference_policies_evaluation-logic`,
//!   `reference_policies_elements_condition_operators`, `reference_policies_multi-value-conditions`,
//!   `reference_policies_variables` (under <https://docs.aws.amazon.com/IAM/latest/UserGuide/>)
//! - `[IAM keys]`: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>
//! - `[IAM OIDC]`: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>
//!   (built-in providers: Google, Cognito, Amazon, Facebook need no IAM OIDC provider)
//! - `[Kubernetes]`: service-account tokens,
//!   <https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/>; EKS IRSA,
//!   <https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html>
//! - `[GitHub OIDC]`: <https://docs.github.com/en/actions/reference/security/oidc>
//! - `[failures.md#id]`: the entry of the repository's failure catalogue, `docs/failures.md`
//!   (which cites AWS for each).
//!
//! Signatures are not the subject here (tests/jose_cases.rs and tests/vectors.rs cover them with
//! independently made tokens), so these tokens carry a placeholder signature and the case states
//! the signature verdict the simulator receives.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokenscope::core::jwt::{self, Token};
use tokenscope::core::oidc::FetchFailure;
use tokenscope::core::sts::{
    self, FailureMode, KeysEvidence, Outcome, StepId, StsReport, StsRequest,
};
use tokenscope::core::verify::{Reason, SignatureReport, SignatureStatus};

pub const T0: i64 = 1_795_165_200; // 2026-11-20T09:00:00Z
pub const AT: i64 = T0 + 3600;
pub const EKS_ISS: &str =
    "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
pub const P: &str = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789";
pub const GH_ISS: &str = "https://token.actions.githubusercontent.com";
pub const GH: &str = "token.actions.githubusercontent.com";
pub const ACCT: &str = "111122223333";

pub fn eks_claims() -> Value {
    json!({
        "aud": ["sts.amazonaws.com"],
        "exp": T0 + 86400,
        "iat": T0,
        "iss": EKS_ISS,
        "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u-1"}, "pod": {"name": "api-1", "uid": "u-2"}},
        "nbf": T0,
        "sub": "system:serviceaccount:payments:api"
    })
}

pub fn gh_claims(sub: &str) -> Value {
    json!({
        "aud": "sts.amazonaws.com",
        "exp": T0 + 7200,
        "iat": T0 + 3000,
        "nbf": T0 + 3000,
        "iss": GH_ISS,
        "sub": sub,
        "repository": "octo-org/octo-repo",
        "repository_id": "123456",
        "ref": "refs/heads/main",
        "environment": "prod",
        "actor": "octocat",
        "workflow": "deploy",
        "job_workflow_ref": "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main",
    })
}

pub fn google_claims() -> Value {
    json!({
        "aud": "1234.apps.googleusercontent.com",
        "azp": "5678.apps.googleusercontent.com",
        "exp": T0 + 3600 * 2,
        "iat": T0,
        "iss": "https://accounts.google.com",
        "sub": "10769150350006150715113082367",
        "email": "user@example.com"
    })
}

pub fn cognito_claims() -> Value {
    json!({
        "aud": "us-east-1:12345678-aaaa-bbbb-cccc-123456789012",
        "amr": ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_x"],
        "exp": T0 + 3600 * 2,
        "iat": T0,
        "iss": "https://cognito-identity.amazonaws.com",
        "sub": "us-east-1:aaaa-bbbb"
    })
}

pub fn google_policy(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": "accounts.google.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition
        }]
    })
}

pub fn cognito_policy(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition
        }]
    })
}

/// An OIDC issuer whose host happens to begin with "aws".
pub const AWS_HOST: &str = "aws-oidc.example.com/tenant-1";

pub fn aws_host_claims() -> Value {
    json!({
        "aud": "sts.amazonaws.com",
        "exp": T0 + 7200,
        "iat": T0,
        "iss": format!("https://{AWS_HOST}"),
        "sub": "workload-1"
    })
}

pub fn aws_host_policy(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": provider_arn(AWS_HOST)},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition
        }]
    })
}

pub fn provider_arn(prefix: &str) -> String {
    format!("arn:aws:iam::{ACCT}:oidc-provider/{prefix}")
}

/// The usual IRSA trust policy for `payments/api`.
pub fn eks_policy(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": provider_arn(P)},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition
        }]
    })
}

pub fn eks_default_policy() -> Value {
    eks_policy(
        json!({"StringEquals": {format!("{P}:sub"): "system:serviceaccount:payments:api", format!("{P}:aud"): "sts.amazonaws.com"}}),
    )
}

pub fn gh_policy(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": provider_arn(GH)},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition
        }]
    })
}

pub fn token_for(claims: &Value) -> Token {
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    jwt::decode(&format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode([1u8; 256]))).unwrap()
}

pub fn signature(status: SignatureStatus, reason: Option<Reason>) -> SignatureReport {
    SignatureReport {
        status,
        reason,
        message: format!("signature {} (as given by the test case)", status.as_str()),
        alg: Some("RS256".into()),
        kid: Some("k1".into()),
        key: None,
        attempts: Vec::new(),
        findings: Vec::new(),
        recorded: false,
        pending: Vec::new(),
    }
}

/// One row of the table.
pub struct Case {
    pub name: &'static str,
    /// The rule under test.
    pub rule: &'static str,
    claims: Value,
    policy: Option<Value>,
    request: Box<dyn Fn(&mut StsRequest)>,
    sig: SignatureReport,
    evidence: KeysEvidence,
    at: i64,
    pub expect: Expect,
}

#[derive(Default)]
pub struct Expect {
    outcome: Option<Outcome>,
    code: Option<&'static str>,
    step: Option<StepId>,
    pub mode: Option<FailureMode>,
    message: Option<String>,
    finding: Option<&'static str>,
    /// A finding that must not be raised.
    no_finding: Option<&'static str>,
    fix_contains: Option<&'static str>,
    /// Text the summary must contain (or, with a leading `!`, must not).
    summary: Option<&'static str>,
    /// Applying the suggested policy must make the call succeed.
    suggestion_succeeds: bool,
    /// The later failing steps ("then also"), when asserted.
    also: Option<Vec<StepId>>,
    /// Text the suggested policy must contain.
    suggestion_has: Option<&'static str>,
    /// A character no suggested policy or setting may contain.
    never_suggests: Option<char>,
}

pub fn ok() -> Expect {
    Expect {
        outcome: Some(Outcome::Success),
        ..Expect::default()
    }
}

/// No check fails, but some could not run (no keys, no policy): never a success.
pub fn incomplete() -> Expect {
    Expect {
        outcome: Some(Outcome::Incomplete),
        ..Expect::default()
    }
}

pub fn fails(code: &'static str, step: StepId, mode: Option<FailureMode>) -> Expect {
    Expect {
        outcome: Some(Outcome::Failure),
        code: Some(code),
        step: Some(step),
        mode,
        ..Expect::default()
    }
}

pub fn denied(mode: Option<FailureMode>) -> Expect {
    Expect {
        message: Some(sts::MSG_ACCESS_DENIED.into()),
        ..fails("AccessDenied", StepId::TrustPolicy, mode)
    }
}

impl Expect {
    fn msg(mut self, m: impl Into<String>) -> Self {
        self.message = Some(m.into());
        self
    }
    fn finding(mut self, f: &'static str) -> Self {
        self.finding = Some(f);
        self
    }
    fn no_finding(mut self, f: &'static str) -> Self {
        self.no_finding = Some(f);
        self
    }
    fn summary(mut self, s: &'static str) -> Self {
        self.summary = Some(s);
        self
    }
    fn also(mut self, steps: &[StepId]) -> Self {
        self.also = Some(steps.to_vec());
        self
    }
    fn fix(mut self, f: &'static str) -> Self {
        self.fix_contains = Some(f);
        self
    }
    fn fixable(mut self) -> Self {
        self.suggestion_succeeds = true;
        self
    }
    fn suggests(mut self, text: &'static str) -> Self {
        self.suggestion_has = Some(text);
        self
    }
    fn never_suggests(mut self, c: char) -> Self {
        self.never_suggests = Some(c);
        self
    }
}

pub fn case(
    name: &'static str,
    rule: &'static str,
    claims: Value,
    policy: Option<Value>,
    expect: Expect,
) -> Case {
    Case {
        name,
        rule,
        claims,
        policy,
        request: Box::new(|_| {}),
        sig: signature(SignatureStatus::Valid, None),
        evidence: KeysEvidence::default(),
        at: AT,
        expect,
    }
}

impl Case {
    fn req(mut self, f: impl Fn(&mut StsRequest) + 'static) -> Self {
        self.request = Box::new(f);
        self
    }
    fn sig(mut self, s: SignatureReport) -> Self {
        self.sig = s;
        self
    }
    fn evidence(mut self, e: KeysEvidence) -> Self {
        self.evidence = e;
        self
    }
    fn at(mut self, at: i64) -> Self {
        self.at = at;
        self
    }
}

pub fn eks(name: &'static str, rule: &'static str, policy: Value, expect: Expect) -> Case {
    case(name, rule, eks_claims(), Some(policy), expect)
}

pub fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

pub fn without(mut claims: Value, key: &str) -> Value {
    claims.as_object_mut().unwrap().remove(key);
    claims
}

pub fn simulate(c: &Case, policy: Option<&Value>) -> StsReport {
    let token = token_for(&c.claims);
    let mut request = StsRequest::defaults_for(&token);
    request.policy = policy.map(|p| serde_json::to_string_pretty(p).unwrap());
    (c.request)(&mut request);
    sts::simulate(&token, &c.sig, &c.evidence, &request, c.at).unwrap()
}

pub fn check(c: &Case) -> Result<(), String> {
    let r = simulate(c, c.policy.as_ref());
    let e = &c.expect;
    let ctx = || {
        format!(
            "\n  summary: {}\n  fix: {:?}\n  steps: {:?}",
            r.summary,
            r.fix,
            r.steps.iter().map(|s| (s.id, s.status)).collect::<Vec<_>>()
        )
    };
    if let Some(o) = e.outcome
        && r.outcome != o
    {
        return Err(format!("outcome {:?}, expected {o:?}{}", r.outcome, ctx()));
    }
    if e.code != r.error_code && e.outcome.is_some() {
        return Err(format!(
            "code {:?}, expected {:?}{}",
            r.error_code,
            e.code,
            ctx()
        ));
    }
    if e.step.is_some() && r.deciding_step != e.step {
        return Err(format!(
            "deciding step {:?}, expected {:?}{}",
            r.deciding_step,
            e.step,
            ctx()
        ));
    }
    if let Some(also) = &e.also
        && &r.also_failing != also
    {
        return Err(format!(
            "then also {:?}, expected {also:?}{}",
            r.also_failing,
            ctx()
        ));
    }
    if (e.mode.is_some() || e.outcome == Some(Outcome::Failure)) && r.failure_mode != e.mode {
        return Err(format!(
            "failure mode {:?}, expected {:?}{}",
            r.failure_mode,
            e.mode,
            ctx()
        ));
    }
    if let Some(m) = &e.message
        && r.message.as_deref() != Some(m.as_str())
    {
        return Err(format!("message {:?}, expected {m:?}", r.message));
    }
    if let Some(f) = e.finding
        && !r.findings.iter().any(|x| x.code == f)
    {
        return Err(format!(
            "finding `{f}` missing; got {:?}",
            r.findings.iter().map(|x| x.code).collect::<Vec<_>>()
        ));
    }
    if let Some(f) = e.no_finding
        && r.findings.iter().any(|x| x.code == f)
    {
        return Err(format!("finding `{f}` raised, expected none"));
    }
    if let Some(want) = e.summary {
        let (negated, text) = match want.strip_prefix('!') {
            Some(t) => (true, t),
            None => (false, want),
        };
        if r.summary.contains(text) == negated {
            return Err(format!("summary {:?} vs {want:?}", r.summary));
        }
    }
    if let Some(f) = e.fix_contains
        && !r.fix.as_deref().unwrap_or_default().contains(f)
    {
        return Err(format!("fix {:?} does not mention {f:?}", r.fix));
    }
    if r.outcome == Outcome::Failure
        && r.fix.is_none()
        && r.error_code != Some("InvalidIdentityToken")
    {
        return Err(format!("a failure without a fix{}", ctx()));
    }
    if let Some(text) = e.suggestion_has {
        let Some(policy) = &r.suggested_policy else {
            return Err(format!("no suggested policy; expected one with {text:?}"));
        };
        let strings = serde_json::from_str::<Value>(policy).map(|v| v.to_string());
        if !policy.contains(text) && !strings.is_ok_and(|v| v.contains(text)) {
            return Err(format!("the suggested policy lacks {text:?}:\n{policy}"));
        }
    }
    if let Some(c) = e.never_suggests {
        if let Some(policy) = &r.suggested_policy {
            let parsed: Value = serde_json::from_str(policy).unwrap();
            // Raw or escaped, the character must not be in the suggested policy's strings.
            if policy.contains(c) || format!("{parsed:?}").contains(c) {
                return Err(format!("the suggested policy contains {c:?}:\n{policy}"));
            }
        }
        if let Some((field, value)) = r.suggested_settings.iter().find(|(_, v)| v.contains(c)) {
            return Err(format!(
                "the suggested setting {field:?} = {value:?} contains {c:?}"
            ));
        }
    }
    if e.suggestion_succeeds {
        let Some(s) = &r.suggested_policy else {
            return Err("no suggested policy".into());
        };
        let fixed: Value = serde_json::from_str(s).unwrap();
        let again = simulate(c, Some(&fixed));
        if again.outcome != Outcome::Success {
            return Err(format!(
                "the suggested policy still fails: {:?} {:?}\n{s}",
                again.error_code, again.fix
            ));
        }
    }
    Ok(())
}

pub fn cases() -> Vec<Case> {
    let sub = format!("{P}:sub");
    let aud = format!("{P}:aud");
    let gh_sub = format!("{GH}:sub");
    vec![
        // --- success paths ---------------------------------------------------------------
        eks("eks_irsa_policy_succeeds", "[IAM policy] Allow with matching Federated, action and all conditions", eks_default_policy(), ok()),
        case("eks_string_aud_succeeds", "[STS API] audience: aud string equal to a client ID", with(eks_claims(), "aud", json!("sts.amazonaws.com")), Some(eks_default_policy()), ok()),
        eks("eks_one_element_aud_array_under_stringequals", "[IAM policy] AWS accepts ['sts.amazonaws.com'] under StringEquals", eks_policy(json!({"StringEquals": {aud.clone(): "sts.amazonaws.com"}})), ok()),
        eks("eks_stringlike_namespace_wildcard", "[IAM policy] StringLike `*`", eks_policy(json!({"StringLike": {sub.clone(): "system:serviceaccount:payments:*"}})), ok()),
        eks("eks_stringlike_question_mark", "[IAM policy] StringLike `?`", eks_policy(json!({"StringLike": {sub.clone(): "system:serviceaccount:payments:ap?"}})), ok()),
        eks("eks_condition_key_name_case_insensitive", "[IAM policy] key names are case-insensitive", eks_policy(json!({"StringEquals": {sub.to_uppercase(): "system:serviceaccount:payments:api"}})), ok()),
        eks("eks_operator_name_case_insensitive", "[IAM policy] IAM accepts operator names case-insensitively", eks_policy(json!({"stringequals": {sub.clone(): "system:serviceaccount:payments:api"}})), ok()),
        eks(
            "eks_statement_as_object",
            "[IAM policy] Statement may be one object",
            json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}}),
            ok(),
        ),
        eks(
            "eks_action_array_with_wildcard",
            "[IAM policy] Action wildcards: sts:AssumeRole* covers ...WithWebIdentity",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": [provider_arn(P)]}, "Action": ["sts:TagSession", "sts:AssumeRole*"], "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}),
            ok(),
        ),
        eks(
            "eks_action_sts_star_case_insensitive",
            "[IAM policy] Action is case-insensitive",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "STS:*", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}),
            ok(),
        ),
        eks(
            "eks_notaction_not_excluding",
            "[IAM policy] NotAction: covered when not excluded",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "NotAction": "sts:TagSession", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}),
            ok(),
        ),
        eks(
            "eks_notaction_excluding_denies",
            "[IAM policy] NotAction that excludes the action",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "NotAction": "sts:AssumeRoleWith*", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}),
            denied(Some(FailureMode::WrongAction)),
        ),
        eks(
            "eks_federated_array_second_entry",
            "[IAM policy] Principal.Federated may be an array",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": ["arn:aws:iam::111122223333:oidc-provider/other.example", provider_arn(P)]}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}),
            ok(),
        ),
        eks(
            "eks_second_statement_matches",
            "[IAM policy] any Allow suffices",
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:other:api"}}},
                {"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}
            ]}),
            ok(),
        ),
        // --- operator families: absent, present, multivalued ---------------------------------
        eks("ifexists_absent_key_passes", "[IAM policy] IfExists: absent key ⇒ true", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "StringEqualsIfExists": {format!("{P}:email"): "x@example.com"}})), ok()),
        eks("ifexists_present_key_mismatch_fails", "[IAM policy] IfExists still compares a present key", eks_policy(json!({"StringEqualsIfExists": {sub.clone(): "system:serviceaccount:payments:web"}})), denied(Some(FailureMode::SubjectMismatch)).fix("the suggested edit lets `system:serviceaccount:payments:api` assume the role: if the token comes from the wrong workload")),
        eks("null_true_absent_key_passes", "[IAM policy] Null true = key absent", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "Null": {format!("{P}:email"): "true"}})), ok()),
        eks("null_false_absent_key_fails", "[IAM policy] Null false requires the key", eks_policy(json!({"Null": {format!("{P}:email"): "false"}})), denied(None)),
        eks("null_false_present_key_passes", "[IAM policy] Null false with a present key", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "Null": {sub.clone(): "false"}})), ok()),
        eks("stringnotequals_absent_key_true", "[IAM policy] negated operator: absent key ⇒ true", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "StringNotEquals": {format!("{P}:email"): "x"}})), ok()),
        eks("stringnotequals_present_match_denies", "[IAM policy] negated: a present matching value fails", eks_policy(json!({"StringNotEquals": {sub.clone(): ["system:serviceaccount:payments:api", "x"]}})), denied(Some(FailureMode::SubjectMismatch))),
        eks("stringnotlike_present_nonmatch_passes", "[IAM policy] StringNotLike passes when no pattern matches", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "StringNotLike": {sub.clone(): "system:serviceaccount:kube-system:*"}})), ok()),
        eks("stringequalsignorecase_matches_other_case", "[IAM policy] StringEqualsIgnoreCase", eks_policy(json!({"StringEqualsIgnoreCase": {sub.clone(): "SYSTEM:ServiceAccount:Payments:API"}})), ok()),
        eks("stringnotequalsignorecase_denies_same", "[IAM policy] StringNotEqualsIgnoreCase", eks_policy(json!({"StringNotEqualsIgnoreCase": {sub.clone(): "SYSTEM:SERVICEACCOUNT:PAYMENTS:API"}})), denied(Some(FailureMode::SubjectMismatch))),
        eks("values_are_or", "[IAM policy] several values for one key: OR", eks_policy(json!({"StringEquals": {sub.clone(): ["system:serviceaccount:a:b", "system:serviceaccount:payments:api"]}})), ok()),
        eks("keys_are_and", "[IAM policy] several keys: AND", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api", aud.clone(): "other"}})), denied(Some(FailureMode::AudienceConditionMismatch))),
        eks("operators_are_and", "[IAM policy] several operators: AND", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "StringLike": {aud.clone(): "x*"}})), denied(Some(FailureMode::AudienceConditionMismatch))),
        eks("date_less_than_current_time", "[IAM policy] Date* with aws:CurrentTime", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}})), ok()),
        eks("date_greater_than_denies", "[IAM policy] Date* comparison false", eks_policy(json!({"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}})), denied(Some(FailureMode::ClaimConditionMismatch))),
        eks("numeric_less_than_epoch", "[IAM policy] Numeric* with aws:EpochTime", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "NumericLessThan": {"aws:EpochTime": 1_900_000_000}})), ok()),
        eks("numeric_non_number_is_false", "[IAM policy] Numeric on a non-number compares false", eks_policy(json!({"NumericEquals": {sub.clone(): "5"}})), denied(Some(FailureMode::SubjectMismatch))),
        eks("bool_secure_transport", "[IAM policy] Bool", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "Bool": {"aws:SecureTransport": true}})), ok()),
        eks("bool_false_denies", "[IAM policy] Bool false", eks_policy(json!({"Bool": {"aws:SecureTransport": "false"}})), denied(Some(FailureMode::ClaimConditionMismatch))),
        eks("arnlike_absent_key_false", "[IAM policy] Arn*: positive operator, absent key", eks_policy(json!({"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/x"}})), denied(None)),
        eks("arnnotlike_absent_key_true", "[IAM policy] Arn*: negated operator, absent key", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "ArnNotLike": {"aws:SourceArn": "arn:aws:iam::*:role/x"}})), ok()),
        // A condition IAM would not accept is never dropped (that would widen the policy): it is
        // unknown, so the verdict cannot be success — and a false condition beside it still denies.
        case("no_iss_no_provider", "[STS API] the provider is found by `iss`", json!({"sub": "x", "aud": "sts.amazonaws.com", "exp": AT + 3600, "iat": AT - 60}), None, Expect { outcome: Some(Outcome::Failure), code: Some("InvalidIdentityToken"), step: Some(StepId::Provider), mode: Some(FailureMode::NoProvider), fix_contains: Some("carry `iss`"), ..Expect::default() }),
        eks("effect_in_lower_case_is_ignored_and_corrected", "[IAM policy] Effect is case-sensitive", json!({"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}), Expect { outcome: Some(Outcome::Failure), code: Some("AccessDenied"), step: Some(StepId::TrustPolicy), mode: Some(FailureMode::WrongAction), fix_contains: Some("`Effect` is case-sensitive and statement 1 has `allow`: write `Allow`"), suggestion_succeeds: true, ..Expect::default() }),
        eks("duration_above_sts_limit_names_the_parameter", "[STS API] DurationSeconds 900–43200", eks_default_policy(), Expect { outcome: Some(Outcome::Failure), code: Some("ValidationError"), step: Some(StepId::Request), mode: Some(FailureMode::RequestInvalid), fix_contains: Some("DurationSeconds is 50000: request at most 43200"), ..Expect::default() }).req(|r| r.duration_seconds = Some(50_000)),
        eks("duration_below_sts_minimum_names_the_parameter", "[STS API] DurationSeconds 900–43200", eks_default_policy(), Expect { outcome: Some(Outcome::Failure), code: Some("ValidationError"), step: Some(StepId::Request), mode: Some(FailureMode::RequestInvalid), fix_contains: Some("DurationSeconds is 600: request at least 900"), ..Expect::default() }).req(|r| r.duration_seconds = Some(600)),
        eks("misspelt_operator_is_not_dropped", "[failures.md#condition-unreadable] unknown operators: IAM refuses the policy", eks_policy(json!({"StringEqual": {sub.clone(): "system:serviceaccount:payments:api"}})), Expect { outcome: Some(Outcome::Undetermined), mode: Some(FailureMode::ConditionUnreadable), finding: Some("policy_malformed"), ..Expect::default() }),
        eks("misspelt_operator_beside_a_false_condition_denies", "[IAM policy] AND of conditions; unknown operators", eks_policy(json!({"StringEqual": {sub.clone(): "system:serviceaccount:payments:api"}, "StringEquals": {sub.clone(): "system:serviceaccount:other:api"}})), Expect { outcome: Some(Outcome::Failure), code: Some("AccessDenied"), step: Some(StepId::TrustPolicy), mode: Some(FailureMode::SubjectMismatch), ..Expect::default() }),
        eks("condition_keys_not_an_object_is_not_dropped", "[failures.md#condition-unreadable] a condition's keys must be an object", eks_policy(json!({"StringEquals": ["system:serviceaccount:payments:api"]})), Expect { outcome: Some(Outcome::Undetermined), mode: Some(FailureMode::ConditionUnreadable), finding: Some("policy_malformed"), ..Expect::default() }),
        eks("ipaddress_is_undetermined", "[IAM keys] aws:SourceIp depends on the caller", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})), Expect { outcome: Some(Outcome::Undetermined), ..Expect::default() }),
        eks("foranyvalue_absent_key_false", "[IAM policy] ForAnyValue over an absent key is false", eks_policy(json!({"ForAnyValue:StringEquals": {format!("{P}:amr"): "x"}})), denied(None)),
        eks(
            "forallvalues_absent_key_lets_anyone_in",
            "[IAM policy] ForAllValues over an absent key is true (security finding)",
            eks_policy(json!({"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:sub": "repo:x/y:ref:refs/heads/main"}})),
            ok().finding("forallvalues_absent_key"),
        ),
        eks("forallvalues_present_single_value", "[IAM policy] ForAllValues on a present value", eks_policy(json!({"ForAllValues:StringLike": {sub.clone(): "system:serviceaccount:payments:*"}})), ok().finding("forallvalues_single_valued")),
        eks("forallvalues_present_mismatch", "[IAM policy] ForAllValues with a non-member value", eks_policy(json!({"ForAllValues:StringEquals": {sub.clone(): "system:serviceaccount:x:y"}})), denied(Some(FailureMode::SubjectMismatch))),
        case("cognito_amr_foranyvalue", "[IAM policy] Cognito amr is multivalued", cognito_claims(), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-aaaa-bbbb-cccc-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]})), ok())
            .req(|r| r.provider.client_ids = vec!["us-east-1:12345678-aaaa-bbbb-cccc-123456789012".into()]),
        case("cognito_amr_forallvalues_fails_on_extra_value", "[IAM policy] ForAllValues: every value must match", cognito_claims(), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAllValues:StringEquals": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]})), denied(Some(FailureMode::ClaimConditionMismatch)))
            .req(|r| r.provider.client_ids = vec!["us-east-1:12345678-aaaa-bbbb-cccc-123456789012".into()]),
        // --- policy variables ---------------------------------------------------------------
        eks("policy_variable_in_value", "[IAM policy] ${...} in string operators (Version 2012-10-17)", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api", "sts:RoleSessionName": format!("${{{P}:aud}}")}})), ok())
            .req(|r| r.session_name = "sts.amazonaws.com".into()),
        eks(
            "policy_variable_literal_without_version",
            "[IAM policy] variables need Version 2012-10-17; otherwise literal",
            json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"sts:RoleSessionName": format!("${{{P}:aud}}")}}}]}),
            denied(Some(FailureMode::ClaimConditionMismatch)),
        )
        .req(|r| r.session_name = "sts.amazonaws.com".into()),
        eks("policy_variable_default_value", "[IAM policy] ${key, 'default'} when the key is absent", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api", "sts:RoleSessionName": format!("${{{P}:email, 'none'}}")}})), ok())
            .req(|r| r.session_name = "none".into()),
        eks("policy_variable_escape_star", "[IAM policy] ${*} is a literal *", eks_policy(json!({"StringLike": {"sts:RoleSessionName": "a${*}b"}})), denied(Some(FailureMode::ClaimConditionMismatch))).req(|r| r.session_name = "aXb".into()),
        // --- Deny precedence ----------------------------------------------------------------
        eks(
            "deny_wins_over_allow",
            "[IAM policy] any matching Deny wins",
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {sub.clone(): "system:serviceaccount:*"}}},
                {"Sid": "NoPayments", "Effect": "Deny", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {sub.clone(): "system:serviceaccount:payments:*"}}}
            ]}),
            denied(Some(FailureMode::ExplicitDeny)).fix("NoPayments"),
        ),
        eks(
            "deny_not_matching_is_ignored",
            "[IAM policy] a Deny that does not match has no effect",
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}},
                {"Effect": "Deny", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {sub.clone(): "system:serviceaccount:kube-system:*"}}}
            ]}),
            ok(),
        ),
        eks("no_allow_statement_implicit_deny", "[IAM policy] default deny", json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRole"}]}), denied(Some(FailureMode::WrongAction))),
        // --- [failures.md#no-provider] / [failures.md#issuer-mismatch] provider ------------------------------------------------------------
        eks("no_provider_in_account", "[failures.md#no-provider] no IAM OIDC provider", eks_default_policy(), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::NoProvider)).msg(format!("No OpenIDConnect provider found in your account for {EKS_ISS}")))
            .req(|r| r.provider.url = String::new()),
        case("legacy_token_no_provider_possible", "[Kubernetes] legacy token: iss is not https", json!({"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:default:x", "kubernetes.io/serviceaccount/namespace": "default"}), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::NoProvider)).msg("No OpenIDConnect provider found in your account for kubernetes/serviceaccount").fix("use a projected service-account token")),
        case("projected_token_http_issuer_fix_is_the_clusters", "[Kubernetes] a projected token whose issuer is not https: the cluster's issuer is at fault", json!({"iss": "http://minikube.local", "sub": "system:serviceaccount:default:x", "aud": "sts.amazonaws.com", "exp": AT + 3600, "iat": AT - 60, "kubernetes.io": {"namespace": "default", "serviceaccount": {"name": "x", "uid": "u"}}}), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::NoProvider)).fix("`--service-account-issuer`")),
        eks("provider_trailing_slash", "[failures.md#issuer-mismatch] issuer mismatch: trailing slash", eks_default_policy(), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::IssuerMismatch)).fix("exactly")).req(|r| r.provider.url = format!("{EKS_ISS}/")),
        eks("provider_case_differs", "[failures.md#issuer-mismatch] issuer mismatch: case", eks_default_policy(), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::IssuerMismatch))).req(|r| r.provider.url = EKS_ISS.replace("ABCDEF", "abcdef")),
        eks("provider_missing_path", "[failures.md#issuer-mismatch] issuer mismatch: path", eks_default_policy(), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::IssuerMismatch))).req(|r| r.provider.url = "https://oidc.eks.us-east-1.amazonaws.com".into()),
        eks("provider_other_cluster", "[failures.md#no-provider] provider for another cluster", eks_default_policy(), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::IssuerMismatch))).req(|r| r.provider.url = "https://oidc.eks.us-east-1.amazonaws.com/id/FFFF".into()),
        eks("provider_url_without_scheme", "[IAM OIDC] IAM shows provider URLs without https://", eks_default_policy(), ok()).req(|r| r.provider.url = P.into()),
        // --- [failures.md#audience-not-allowed] / [failures.md#audience-missing] audience -------------------------------------------------------------
        case("aud_typo", "[failures.md#audience-not-allowed] aud not a client ID", with(eks_claims(), "aud", json!(["sts.amazon.com"])), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Audience, Some(FailureMode::AudienceNotAllowed)).msg("Incorrect token audience")),
        eks("client_ids_lack_sts", "[failures.md#audience-not-allowed] provider lacks sts.amazonaws.com", eks_default_policy(), fails("InvalidIdentityToken", StepId::Audience, Some(FailureMode::AudienceNotAllowed)).msg("Incorrect token audience")).req(|r| r.provider.client_ids = vec!["other".into()]),
        case("aud_missing", "[failures.md#audience-missing] no aud", without(eks_claims(), "aud"), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Audience, Some(FailureMode::AudienceMissing)).msg("Missing a required claim: aud")),
        case("aud_several_one_matches", "[STS API] several audiences, undocumented; pass with a caveat", with(eks_claims(), "aud", json!(["vault", "sts.amazonaws.com"])), Some(eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}))), ok()),
        // --- [failures.md#keys-unreachable] / [failures.md#thumbprint-mismatch] keys -------------------------------------------------------------------
        eks("discovery_http_404", "[failures.md#keys-unreachable] discovery not public", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::KeysUnreachable)).msg(sts::MSG_KEYS))
            .evidence(KeysEvidence { fetch_failure: Some(FetchFailure::Status { status: 404 }), ..KeysEvidence::default() }),
        eks("discovery_timeout", "[failures.md#keys-unreachable] slow issuer", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::KeysUnreachable)).msg(sts::MSG_KEYS))
            .evidence(KeysEvidence { fetch_failure: Some(FetchFailure::Timeout { millis: 8000 }), ..KeysEvidence::default() }),
        eks("cors_failure_does_not_decide", "[failures.md#keys-unreachable] a browser's CORS failure says nothing about STS", eks_default_policy(), ok())
            .evidence(KeysEvidence { fetch_failure: Some(FetchFailure::Network { message: "Failed to fetch".into() }), ..KeysEvidence::default() }),
        eks("kid_rotated_away", "[Kubernetes] key rotation: kid not in JWKS", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::KeyNotFound)).fix("rotates")).sig(signature(SignatureStatus::Invalid, Some(Reason::KidNotFound))),
        eks("signature_mismatch", "[STS API] signature must verify", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::SignatureInvalid))).sig(signature(SignatureStatus::Invalid, Some(Reason::SignatureMismatch))),
        eks("alg_none_refused", "[STS API] never none", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::AlgorithmNotAccepted))).sig(signature(SignatureStatus::Invalid, Some(Reason::AlgNotAllowed))),
        // STS API, AssumeRoleWithWebIdentity: RS256/384/512 and ES256/384/512 only (PS*, EdDSA are not on the list).
        eks("ps256_not_accepted", "[STS API] STS accepts RS*/ES* only", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::AlgorithmNotAccepted)).fix("RS256/RS384/RS512 or ES256/ES384/ES512")).sig(signature(SignatureStatus::Invalid, Some(Reason::AlgNotAcceptedBySts))),
        // An ES256 token and only a P-384 key: keys were given, none can check it.
        eks("es256_with_a_p384_key_is_no_usable_key", "[failures.md#key-not-found] ES256 needs a P-256 key (RFC 7518 §3.4)", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::KeyNotFound)).fix("key set")).sig(signature(SignatureStatus::Invalid, Some(Reason::CurveMismatch))),
        // GitHub tokens live about five minutes: an expired one must not hide the policy mismatch
        // after it (STS API: ExpiredTokenException; GitHub OIDC docs: subject formats).
        case("gh_expired_then_also_subject", "[GitHub OIDC] every later failure is reported", gh_claims("repo:octo-org/octo-repo:pull_request"), Some(gh_policy(json!({"StringEquals": {format!("{GH}:aud"): "sts.amazonaws.com", format!("{GH}:sub"): "repo:octo-org/octo-repo:ref:refs/heads/main"}}))), fails("ExpiredTokenException", StepId::Time, Some(FailureMode::TokenExpired)).fix("request the token in the step that calls AWS").also(&[StepId::TrustPolicy])).at(T0 + 7200 + 60),
        eks("unverified_signature_assumed", "[STS API] no keys: the signature step cannot run, so the verdict is incomplete", eks_default_policy(), incomplete()).sig(signature(SignatureStatus::Unverified, None)),
        eks("thumbprint_unchecked_is_reported", "[failures.md#thumbprint-mismatch] configured thumbprints cannot be checked from a page", eks_default_policy(), ok().finding("thumbprint_unchecked"))
            .req(|r| r.provider.thumbprints = vec!["9e99a48a9960b14926bb7f3b02e22da2b0ab7280".into()]),
        eks("partition_known_no_finding", "[IAM policy] a Federated ARN in the `aws` partition", eks_default_policy(), ok().no_finding("unknown_partition")),
        eks("thumbprint_none_configured_no_note", "[IAM OIDC] no thumbprint configured: nothing to compare, no note", eks_default_policy(), ok().no_finding("thumbprint_unchecked")),
        eks("thumbprint_mismatch", "[failures.md#thumbprint-mismatch] the issuer's CA thumbprint is not configured", eks_default_policy(), fails("InvalidIdentityToken", StepId::Signature, Some(FailureMode::ThumbprintMismatch)).msg(sts::MSG_THUMBPRINT))
            .req(|r| {
                r.provider.thumbprints = vec!["9e99a48a9960b14926bb7f3b02e22da2b0ab7280".into()];
                r.provider.observed_thumbprint = Some("06:B2:5A:27:DB:3C:2C:5E:27:37:87:8B:6F:FA:4B:DA:A0:8E:7E:FC".into());
            }),
        eks("thumbprint_match", "[STS API] the configured thumbprint matches", eks_default_policy(), ok())
            .req(|r| {
                r.provider.thumbprints = vec!["06b25a27db3c2c5e2737878b6ffa4bdaa08e7efc".into()];
                r.provider.observed_thumbprint = Some("06:B2:5A:27:DB:3C:2C:5E:27:37:87:8B:6F:FA:4B:DA:A0:8E:7E:FC".into());
            }),
        eks("thumbprint_malformed", "[STS API] 40 hex characters", eks_default_policy(), ok().finding("thumbprint_malformed")).req(|r| r.provider.thumbprints = vec!["abc".into()]),
        // --- [failures.md#token-expired] time ----------------------------------------------------------------------------
        eks("expired_token", "[failures.md#token-expired] exp in the past", eks_default_policy(), fails("ExpiredTokenException", StepId::Time, Some(FailureMode::TokenExpired)).msg(format!("Token expired: current date/time {} must be before the expiration date/time{}", T0 + 90000, T0 + 86400))).at(T0 + 90000),
        eks("expires_exactly_now", "[STS API] exp must be in the future", eks_default_policy(), fails("ExpiredTokenException", StepId::Time, Some(FailureMode::TokenExpired))).at(T0 + 86400),
        case("exp_missing", "[STS API] exp required", without(eks_claims(), "exp"), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Time, Some(FailureMode::TimeClaimInvalid))),
        case("exp_not_integer", "[STS API] time claims must be integers", with(eks_claims(), "exp", json!(1.8e9)), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Time, Some(FailureMode::TimeClaimInvalid))),
        case("nbf_future_is_caveat_only", "[STS API] nbf enforcement undocumented", with(eks_claims(), "nbf", json!(AT + 600)), Some(eks_default_policy()), ok()),
        // --- [failures.md#subject-mismatch] / [failures.md#case-difference] subject ------------------------------------------------------------------
        eks("sub_wrong_namespace", "[failures.md#subject-mismatch] wrong namespace", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:default:api"}})), denied(Some(FailureMode::SubjectMismatch)).fix("system:serviceaccount:payments:api").fixable()),
        eks("sub_wrong_service_account", "[failures.md#subject-mismatch] wrong service account", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:web"}})), denied(Some(FailureMode::SubjectMismatch)).fixable()),
        eks("sub_case_differs", "[failures.md#case-difference] StringEquals is case-sensitive", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:Payments:api"}})), denied(Some(FailureMode::CaseDifference)).fixable()),
        // --- look-alike and hidden characters: named, never copied into a policy or a setting ----------
        eks("policy_value_cyrillic_look_alike", "[IAM policy] values compare as characters: Cyrillic а U+0430 is not Latin a", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:\u{0430}pi"}})), denied(Some(FailureMode::SubjectMismatch)).fix("`\u{0430}` U+0430 CYRILLIC SMALL LETTER A (character 32), which looks like `a`: the suggested policy replaces it").suggests("\"system:serviceaccount:payments:api\"").never_suggests('\u{0430}').fixable()),
        case("token_sub_bidi_override_never_copied", "[IAM policy] values compare as characters; a RIGHT-TO-LEFT OVERRIDE in `sub` is not copied into the policy", with(eks_claims(), "sub", json!("system:serviceaccount:payments:api\u{202E}")), Some(eks_default_policy()), denied(Some(FailureMode::SubjectMismatch)).fix("U+202E RIGHT-TO-LEFT OVERRIDE (character 35), which is invisible or reorders the text around it: no suggested policy copies it").never_suggests('\u{202E}')),
        case("token_iss_look_alike_never_suggested_as_provider_url", "[STS API] provider: `iss` byte for byte; a look-alike issuer is not copied into the settings", with(eks_claims(), "iss", json!(EKS_ISS.replace("amazonaws", "\u{0430}mazonaws"))), Some(eks_default_policy()), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::IssuerMismatch)).fix("U+0430 CYRILLIC SMALL LETTER A").never_suggests('\u{0430}'))
            .req(|r| r.provider.url = EKS_ISS.into()),
        eks("stringequals_with_literal_star", "[IAM policy] StringEquals compares * literally", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:*"}})), denied(Some(FailureMode::SubjectMismatch)).finding("stringequals_wildcard")),
        eks("stringlike_without_wildcard_finding", "[IAM policy] StringLike with no wildcard behaves as StringEquals", eks_policy(json!({"StringLike": {sub.clone(): "system:serviceaccount:payments:api"}})), ok().finding("stringlike_no_wildcard")),
        eks("aud_condition_mismatch", "[IAM policy] `:aud` condition", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api", aud.clone(): "sts.amazonaws.com.cn"}})), denied(Some(FailureMode::AudienceConditionMismatch)).fixable()),
// Fixes speak the issuer's language: a GitHub token's fixes name GitHub's tooling, never EKS's.
        case("gh_no_provider_fix_speaks_github", "[failures.md#no-provider] the GitHub provider is created once per account", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringEquals": {format!("{GH}:sub"): "repo:octo-org/octo-repo:ref:refs/heads/main"}}))), fails("InvalidIdentityToken", StepId::Provider, Some(FailureMode::NoProvider)).fix("create the provider for GitHub Actions"))
            .req(|r| r.provider.url = String::new()),
        case("gh_wrong_audience_fix_speaks_github", "[failures.md#audience-not-allowed] GitHub's audience comes from configure-aws-credentials", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringEquals": {format!("{GH}:sub"): "repo:octo-org/octo-repo:ref:refs/heads/main"}}))), fails("InvalidIdentityToken", StepId::Audience, Some(FailureMode::AudienceNotAllowed)).fix("aws-actions/configure-aws-credentials"))
            .req(|r| r.provider.client_ids = vec!["https://github.com/octo-org".into()]),
                case("gh_branch_subject_succeeds", "[GitHub OIDC] GitHub ref subject", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringEquals": {format!("{GH}:aud"): "sts.amazonaws.com"}, "StringLike": {gh_sub.clone(): "repo:octo-org/octo-repo:ref:refs/heads/*"}}))), ok()),
        case("gh_pull_request_subject", "[failures.md#subject-mismatch] GitHub pull_request", gh_claims("repo:octo-org/octo-repo:pull_request"), Some(gh_policy(json!({"StringLike": {gh_sub.clone(): "repo:octo-org/octo-repo:ref:refs/heads/*"}}))), denied(Some(FailureMode::SubjectMismatch)).fix("pull_request")),
        case("gh_environment_subject", "[failures.md#subject-mismatch] GitHub environment", gh_claims("repo:octo-org/octo-repo:environment:prod"), Some(gh_policy(json!({"StringEquals": {gh_sub.clone(): "repo:octo-org/octo-repo:ref:refs/heads/main"}}))), denied(Some(FailureMode::SubjectMismatch)).fix("environment").fixable()),
        case("gh_environment_policy_succeeds", "[GitHub OIDC] GitHub environment subject", gh_claims("repo:octo-org/octo-repo:environment:prod"), Some(gh_policy(json!({"StringEquals": {gh_sub.clone(): "repo:octo-org/octo-repo:environment:prod"}}))), ok()),
        case("gh_tag_vs_branch_pattern", "[GitHub OIDC] GitHub tag subject", gh_claims("repo:octo-org/octo-repo:ref:refs/tags/v1.0"), Some(gh_policy(json!({"StringLike": {gh_sub.clone(): "repo:octo-org/octo-repo:ref:refs/heads/*"}}))), denied(Some(FailureMode::SubjectMismatch))),
        case("gh_immutable_subject", "[GitHub OIDC] immutable subjects after 2026-07-15", gh_claims("repo:octo-org@1001/octo-repo@123456:ref:refs/heads/main"), Some(gh_policy(json!({"StringLike": {gh_sub.clone(): "repo:octo-org/octo-repo:*"}}))), denied(Some(FailureMode::SubjectMismatch)).fix("immutable").finding("github_immutable_subjects")),
        case("gh_org_case", "[failures.md#case-difference] org/repo case matters", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringLike": {gh_sub.clone(): "repo:Octo-Org/octo-repo:*"}}))), denied(Some(FailureMode::CaseDifference))),
        case("gh_repository_claim_key", "[IAM policy] GitHub claim keys since January 2026", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringEquals": {gh_sub.clone(): "repo:octo-org/octo-repo:ref:refs/heads/main", format!("{GH}:repository_id"): "123456"}}))), ok()),
        case("gh_unsupported_claim_key", "[IAM policy] other claims are absent", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringEquals": {gh_sub.clone(): "repo:octo-org/octo-repo:ref:refs/heads/main", format!("{GH}:run_id"): "1"}}))), denied(Some(FailureMode::ConditionKeyPrefix)).finding("condition_key_unsupported")),
        case("gh_sub_not_scoped", "[IAM policy] shared IdP must scope sub", gh_claims("repo:octo-org/octo-repo:ref:refs/heads/main"), Some(gh_policy(json!({"StringEquals": {format!("{GH}:aud"): "sts.amazonaws.com"}}))), ok().finding("sub_not_scoped").summary("IAM refuses to save a trust policy like this one today")),
        case("gh_forallvalues_sub_misconfiguration", "[IAM policy] ForAllValues on GitHub sub: real misconfiguration", gh_claims("repo:attacker/repo:ref:refs/heads/main"), Some(gh_policy(json!({"ForAllValues:StringLike": {format!("https://{GH}:sub"): "repo:octo-org/*"}}))), ok().finding("forallvalues_absent_key")),
        // --- [failures.md#condition-key-prefix] key prefix ---------------------------------------------------------------------
        eks("key_with_https_prefix", "[failures.md#condition-key-prefix] https:// in the key", eks_policy(json!({"StringEquals": {format!("https://{P}:sub"): "system:serviceaccount:payments:api"}})), denied(Some(FailureMode::ConditionKeyPrefix)).finding("condition_key_https").fixable()),
        eks("key_missing_path", "[failures.md#condition-key-prefix] key without the issuer path", eks_policy(json!({"StringEquals": {"oidc.eks.us-east-1.amazonaws.com:sub": "system:serviceaccount:payments:api"}})), denied(Some(FailureMode::ConditionKeyPrefix)).fixable()),
        eks("key_wrong_cluster_id", "[failures.md#condition-key-prefix] wrong region/cluster id", eks_policy(json!({"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789:sub": "system:serviceaccount:payments:api"}})), denied(Some(FailureMode::ConditionKeyPrefix)).fixable()),
        eks("key_unsupported_claim", "[IAM policy] unsupported claim key is absent", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api", format!("{P}:kubernetes.io/namespace"): "payments"}})), denied(Some(FailureMode::ConditionKeyPrefix)).finding("condition_key_unsupported")),
        // --- [failures.md#wrong-action] action / principal ---------------------------------------------------------------
        eks("assume_role_instead_of_web_identity", "[failures.md#wrong-action] sts:AssumeRole alone", json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}), denied(Some(FailureMode::WrongAction)).fix("sts:AssumeRoleWithWebIdentity").fixable()),
        eks("federated_wrong_account", "[failures.md#wrong-action] Federated in another account", eks_policy(json!({"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}})), denied(Some(FailureMode::WrongPrincipal)).fixable())
            .req(|r| r.role_arn = Some("arn:aws:iam::999988887777:role/app".into())),
        eks(
            "federated_wrong_host",
            "[failures.md#wrong-action] Federated names another provider",
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn("oidc.eks.eu-west-1.amazonaws.com/id/0000")}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}),
            denied(Some(FailureMode::WrongPrincipal)).fixable(),
        )
        .req(|r| r.role_arn = Some(format!("arn:aws:iam::{ACCT}:role/app"))),
        eks("principal_service_only", "[IAM policy] only Federated matches a web identity", json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}), denied(Some(FailureMode::WrongPrincipal)).finding("policy_pod_identity").fix("this policy is for EKS Pod Identity").suggests("pods.eks.amazonaws.com").fixable()),
        eks("principal_star_is_flagged", "[IAM policy] security: Principal *", json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api"}}}]}), ok().finding("principal_anyone")),
        eks("notprincipal_not_allowed", "[IAM policy] NotPrincipal not allowed in trust policies", json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}), denied(Some(FailureMode::WrongPrincipal)).finding("policy_malformed")),
        eks("sub_not_scoped_eks_warning", "[IAM policy] every SA could assume the role", eks_policy(json!({"StringEquals": {aud.clone(): "sts.amazonaws.com"}})), ok().finding("sub_not_scoped").summary("!IAM refuses")),
        // --- [failures.md#tags-not-allowed] tags / source identity ----------------------------------------------------------------
        case("tags_without_tagsession", "[failures.md#tags-not-allowed] tags need sts:TagSession", with(eks_claims(), "https://aws.amazon.com/tags", json!({"principal_tags": {"team": ["payments"]}, "transitive_tag_keys": ["team"]})), Some(eks_default_policy()), denied(Some(FailureMode::TagsNotAllowed)).finding("tags_without_tagsession").fixable()),
        case(
            "tags_with_tagsession",
            "[IAM policy] tags with sts:TagSession allowed",
            with(eks_claims(), "https://aws.amazon.com/tags", json!({"principal_tags": {"team": ["payments"]}})),
            Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {sub.clone(): "system:serviceaccount:payments:api", "aws:RequestTag/team": "payments"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}}]})),
            ok(),
        ),
        // IAM UG id_session-tags: at most 50 session tags.
        case("session_tags_over_fifty", "[failures.md#session-tags-invalid] ≤ 50 session tags", with(eks_claims(), "https://aws.amazon.com/tags", json!({"principal_tags": (0..51).map(|i| (format!("k{i}"), json!(["v"]))).collect::<serde_json::Map<String, Value>>()})), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn(P)}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]}]})), fails("ValidationError", StepId::Session, Some(FailureMode::SessionTagsInvalid))),
        case("source_identity_without_permission", "[failures.md#tags-not-allowed] source identity needs sts:SetSourceIdentity", with(eks_claims(), "https://aws.amazon.com/source_identity", json!("alice")), Some(eks_default_policy()), denied(Some(FailureMode::TagsNotAllowed)).fixable()),
        // --- [failures.md#session-name-invalid] / [failures.md#duration-above-max] request --------------------------------------------------------------------------
        eks("session_name_slash", "[failures.md#session-name-invalid] `/` not allowed", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::SessionNameInvalid)).msg("1 validation error detected: Value 'ci/deploy' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")).req(|r| r.session_name = "ci/deploy".into()),
        eks("session_name_colon", "[failures.md#session-name-invalid] `:` not allowed", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::SessionNameInvalid))).req(|r| r.session_name = "system:serviceaccount".into()),
        eks("session_name_space", "[failures.md#session-name-invalid] space not allowed", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::SessionNameInvalid))).req(|r| r.session_name = "my session".into()),
        eks("session_name_bot", "[failures.md#session-name-invalid] GitHub [bot] actor", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::SessionNameInvalid))).req(|r| r.session_name = "dependabot[bot]".into()),
        eks("session_name_too_long", "[failures.md#session-name-invalid] more than 64", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::SessionNameInvalid)).msg(format!("1 validation error detected: Value '{}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64", "a".repeat(65)))).req(|r| r.session_name = "a".repeat(65)),
        eks("session_name_too_short", "[failures.md#session-name-invalid] fewer than 2", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::SessionNameInvalid))).req(|r| r.session_name = "a".into()),
        eks("session_name_allowed_punctuation", "[STS API] [\\w+=,.@-]", eks_default_policy(), ok()).req(|r| r.session_name = "a_b+c=d,e.f@g-h".into()),
        eks("duration_above_max_session", "[failures.md#duration-above-max]", eks_default_policy(), fails("ValidationError", StepId::Session, Some(FailureMode::DurationAboveMax)).msg(sts::MSG_DURATION)).req(|r| r.duration_seconds = Some(7200)),
        eks("duration_within_raised_max", "[STS API] MaxSessionDuration up to 12 h", eks_default_policy(), ok()).req(|r| {
            r.duration_seconds = Some(7200);
            r.max_session_duration = 43200;
        }),
        eks("duration_below_900", "[STS API] DurationSeconds ≥ 900", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::RequestInvalid)).msg("1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")).req(|r| r.duration_seconds = Some(600)),
        eks("role_arn_invalid", "[STS API] RoleArn must be a role", eks_default_policy(), fails("ValidationError", StepId::Request, Some(FailureMode::RequestInvalid))).req(|r| r.role_arn = Some("arn:aws:iam::111122223333:user/bob".into())),
        case("token_too_long", "[STS API] token ≤ 20000 characters", with(eks_claims(), "pad", json!("x".repeat(20000))), Some(eks_default_policy()), fails("ValidationError", StepId::Request, Some(FailureMode::RequestInvalid))),
        // --- Google -----------------------------------------------------------------------------------------
        case("google_aud_matches_azp", "[IAM policy] Google: :aud is azp when present", google_claims(), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "5678.apps.googleusercontent.com", "accounts.google.com:oaud": "1234.apps.googleusercontent.com", "accounts.google.com:sub": "10769150350006150715113082367"}}}]})), ok())
            .req(|r| r.provider.client_ids = vec!["1234.apps.googleusercontent.com".into()]),
        case("google_aud_is_not_original_aud", "[IAM policy] Google: with azp, :aud ≠ aud", google_claims(), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "1234.apps.googleusercontent.com"}}}]})), denied(Some(FailureMode::AudienceConditionMismatch)))
            .req(|r| r.provider.client_ids = vec!["1234.apps.googleusercontent.com".into()]),
        case("google_email_key_unsupported", "[IAM policy] Google supports aud, oaud, sub only", google_claims(), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:email": "user@example.com"}}}]})), denied(Some(FailureMode::ConditionKeyPrefix)))
            .req(|r| r.provider.client_ids = vec!["1234.apps.googleusercontent.com".into()]),
        // --- built-in providers (IAM UG id_roles_providers_create_oidc: "do not create a separate IAM identity
        // provider" for Google, Facebook or Cognito; keys: IAM UG reference_policies_iam-condition-keys#condition-keys-wif)
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
        case("google_without_azp_aud_is_aud", "[IAM OIDC] Google without azp: :aud is aud", without(google_claims(), "azp"), Some(google_policy(json!({"StringEquals": {"accounts.google.com:aud": "1234.apps.googleusercontent.com", "accounts.google.com:sub": "10769150350006150715113082367"}}))), ok()),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
        case("google_without_azp_has_no_oaud", "[IAM OIDC] Google: :oaud exists only with azp", without(google_claims(), "azp"), Some(google_policy(json!({"StringEquals": {"accounts.google.com:aud": "1234.apps.googleusercontent.com", "accounts.google.com:oaud": "1234.apps.googleusercontent.com"}}))), denied(None)),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
        case("google_with_azp_oaud_is_aud", "[IAM OIDC] Google with azp: :oaud is aud, :aud is azp", google_claims(), Some(google_policy(json!({"StringEquals": {"accounts.google.com:aud": "5678.apps.googleusercontent.com", "accounts.google.com:oaud": "1234.apps.googleusercontent.com"}}))), ok()),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html (no IAM provider for Google)
        case("google_allowed_without_any_iam_provider", "[IAM OIDC] built-in: no IAM OIDC provider, no client IDs", google_claims(), Some(google_policy(json!({"StringEquals": {"accounts.google.com:aud": "5678.apps.googleusercontent.com"}}))), ok().summary("!provided"))
            .req(|r| { r.provider.url = String::new(); r.provider.client_ids = Vec::new(); }),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html (a configured provider is not used)
        case("google_provider_setting_is_not_used", "[IAM OIDC] built-in: a provider named in the settings is not looked up", google_claims(), Some(google_policy(json!({"StringEquals": {"accounts.google.com:aud": "5678.apps.googleusercontent.com"}}))), ok())
            .req(|r| { r.provider.url = "https://accounts.google.com".into(); r.provider.client_ids = vec!["other".into()]; }),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html (the policy's :aud is the only audience check)
        case("google_without_aud_condition_is_a_finding", "[IAM OIDC] built-in without :aud: any app's token", google_claims(), Some(google_policy(json!({"StringEquals": {"accounts.google.com:sub": "10769150350006150715113082367"}}))), ok().finding("builtin_audience_unchecked")),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html (Federated names the built-in)
        case("google_provider_arn_principal_denied", "[IAM OIDC] a provider ARN for a built-in is the wrong principal", google_claims(), Some(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn("accounts.google.com")}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "5678.apps.googleusercontent.com"}}}]})), denied(Some(FailureMode::WrongPrincipal)).fix("built-in provider").fixable()),
        // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html (aud = identity pool id, ForAnyValue:StringLike on amr)
        case("cognito_amr_foranyvalue_without_client_ids", "[IAM OIDC] Cognito: pool id in :aud, ForAnyValue:StringLike on amr", cognito_claims(), Some(cognito_policy(json!({"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-aaaa-bbbb-cccc-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}))), ok()),
        // https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
        case("cognito_pool_id_mismatch_denied", "[IAM OIDC] Cognito: another identity pool ⇒ AccessDenied", cognito_claims(), Some(cognito_policy(json!({"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:99999999-aaaa-bbbb-cccc-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}))), denied(Some(FailureMode::AudienceConditionMismatch)).fixable()),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
        case("cognito_amr_single_valued_operator_finding", "[IAM OIDC] Cognito amr is multivalued: a set operator is expected", cognito_claims(), Some(cognito_policy(json!({"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-aaaa-bbbb-cccc-123456789012"}, "StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}))), ok().finding("multivalued_key_single_operator")),
        // --- key classes: only aws: is global (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
        case("aws_host_issuer_sub_condition_matches", "[IAM keys] an issuer host beginning with aws is a provider prefix", aws_host_claims(), Some(aws_host_policy(json!({"StringEquals": {format!("{AWS_HOST}:sub"): "workload-1", format!("{AWS_HOST}:aud"): "sts.amazonaws.com"}}))), ok()),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
        case("aws_host_issuer_sub_mismatch_denied", "[IAM keys] an aws-… provider key is compared, not dropped", aws_host_claims(), Some(aws_host_policy(json!({"StringEquals": {format!("{AWS_HOST}:sub"): "workload-2"}}))), denied(Some(FailureMode::SubjectMismatch))),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:) and
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html (sts:RoleSessionName)
        case("aws_and_sts_keys_still_global", "[IAM keys] aws: and sts: keys stay global with an aws-… issuer", aws_host_claims(), Some(aws_host_policy(json!({"StringEquals": {format!("{AWS_HOST}:sub"): "workload-1", "sts:RoleSessionName": "tokenscope-session"}, "Bool": {"aws:SecureTransport": "true"}}))), ok()),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
        case("aws_sourceip_undetermined_with_aws_host_issuer", "[IAM keys] aws:SourceIp is the caller's, whatever the issuer", aws_host_claims(), Some(aws_host_policy(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))), Expect { outcome: Some(Outcome::Undetermined), ..Expect::default() }),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html (IfExists with a set operator)
        eks("ifexists_foranyvalue_absent_key_false", "[IAM keys] ForAnyValue:…IfExists on an absent key is still false", eks_policy(json!({"StringEquals": {format!("{P}:sub"): "system:serviceaccount:payments:api"}, "ForAnyValue:StringLikeIfExists": {format!("{P}:amr"): "mfa"}})), denied(None).finding("ifexists_with_set_operator")),
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
        eks("ifexists_forallvalues_absent_key_true", "[IAM keys] ForAllValues:…IfExists on an absent key is true, as without it", eks_policy(json!({"StringEquals": {format!("{P}:sub"): "system:serviceaccount:payments:api"}, "ForAllValues:StringLikeIfExists": {format!("{P}:amr"): "mfa"}})), ok().finding("ifexists_with_set_operator")),
        // --- no policy --------------------------------------------------------------------------------------
        case("no_policy_success_with_caveat", "[IAM policy] trust policy not given: not evaluated, so the verdict is incomplete", eks_claims(), None, incomplete()),
    ]
}

/// Checks every case; panics with the list of failures. Returns the number of cases.
/// The table's rows by issuer family (from each row's `iss`, and `kubernetes.io` for other
/// clusters), for the summary line: the table must keep growing beyond EKS.
pub fn family_shares() -> std::collections::BTreeMap<&'static str, usize> {
    let mut shares = std::collections::BTreeMap::new();
    for c in cases() {
        let iss = c
            .claims
            .get("iss")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let family = if iss.contains("oidc.eks.") {
            "EKS"
        } else if c.claims.get("kubernetes.io").is_some() || iss.starts_with("kubernetes/") {
            "other Kubernetes"
        } else if iss.contains("token.actions.githubusercontent.com") || iss.contains("github") {
            "GitHub Actions"
        } else if iss.contains("accounts.google.com") {
            "Google"
        } else if iss.contains("cognito-identity.amazonaws.com") {
            "Cognito"
        } else if iss.is_empty() {
            "no iss"
        } else {
            "other OIDC"
        };
        *shares.entry(family).or_insert(0) += 1;
    }
    shares
}

pub fn run_all() -> usize {
    let cases = cases();
    assert!(
        cases.len() >= 80,
        "the table has {} cases; the issue asks for at least 80",
        cases.len()
    );
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for c in &cases {
        assert!(names.insert(c.name), "duplicate case name {}", c.name);
        assert!(!c.rule.is_empty());
        if let Err(why) = check(c) {
            failures.push(format!("{} [{}]: {why}", c.name, c.rule));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    cases.len()
}
