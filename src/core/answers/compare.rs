//! Comparing two tokens under the same keys, policy, settings and evaluation time: their claims
//! aligned, each token's verdict (from [`session::analyze_with`], the page's and the CLI's one
//! analysis), and one sentence on the difference that decides.
//!
//! Invariant: nothing here simulates STS; both verdicts come from the same analysis path as a
//! single token's, with only the token text changed.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::core::claims::display_value;
use crate::core::crypto::SignatureMath;
use crate::core::policy::{ContextValue, Effect, Tri};
use crate::core::session::{self, Analysis, Inputs};
use crate::core::sts::{ACTION, FailureMode, Outcome, StepId, StsReport};

/// How a claim compares between the two tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Both tokens carry it with the same value.
    Same,
    /// Both carry it, with different values.
    Different,
    /// Only the first token carries it.
    OnlyA,
    /// Only the second token carries it.
    OnlyB,
}

/// One claim of either token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// The claim's name.
    pub name: String,
    /// The first token's value, as shown.
    pub a: Option<String>,
    /// The second token's value, as shown.
    pub b: Option<String>,
    /// How they compare.
    pub status: ClaimStatus,
}

/// One token's verdict, in brief (the full report is in [`Side::analysis`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Why the token does not decode, when it does not.
    pub decode_error: Option<String>,
    /// The outcome, when the simulation ran.
    pub outcome: Option<Outcome>,
    /// The AWS error code of a failure.
    pub error_code: Option<&'static str>,
    /// The failure mode of a failure.
    pub failure_mode: Option<FailureMode>,
    /// The step that decided a failure.
    pub deciding_step: Option<StepId>,
    /// The verdict banner's sentence.
    pub summary: Option<String>,
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The verdict in brief.
    pub verdict: Verdict,
    /// The whole analysis (what the page renders for one token).
    #[serde(skip)]
    pub analysis: Analysis,
}

/// Which token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    /// The first token.
    A,
    /// The second token.
    B,
}

/// The difference that decides between the two verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deciding {
    /// The token that gets the better verdict (`None` when both get the same one).
    pub better: Option<Which>,
    /// The step where the worse verdict is decided.
    pub step: Option<StepId>,
    /// The claim whose difference decides, when one does.
    pub claim: Option<String>,
    /// The difference, in one sentence.
    pub sentence: String,
}

/// Two tokens compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The first token.
    pub a: Side,
    /// The second token.
    pub b: Side,
    /// Every claim of either token: the first token's order, then the second's others.
    pub claims: Vec<ClaimRow>,
    /// What decides between the verdicts.
    pub deciding: Deciding,
}

/// Compares `inputs.token` (A) with `token_b` (B) under everything else in `inputs`.
pub fn compare(inputs: &Inputs, token_b: &str, math: &dyn SignatureMath) -> Comparison {
    let mut inputs_b = inputs.clone();
    inputs_b.token = token_b.to_string();
    let a = side(session::analyze_with(inputs, math));
    let b = side(session::analyze_with(&inputs_b, math));
    let claims = align(claims_of(&a.analysis), claims_of(&b.analysis));
    let deciding = deciding(&a, &b, &claims);
    Comparison {
        a,
        b,
        claims,
        deciding,
    }
}

fn side(analysis: Analysis) -> Side {
    let report = analysis.report();
    let sts = report.as_ref().and_then(|r| r.sts.as_ref());
    let verdict = Verdict {
        decode_error: analysis
            .result
            .as_ref()
            .err()
            .map(|e| format!("{e} ({})", e.code())),
        outcome: sts.map(|s| s.outcome),
        error_code: sts.and_then(|s| s.error_code),
        failure_mode: sts.and_then(|s| s.failure_mode),
        deciding_step: sts.and_then(|s| s.deciding_step),
        summary: sts.map(|s| s.summary.clone()),
    };
    Side { verdict, analysis }
}

fn claims_of(analysis: &Analysis) -> Map<String, Value> {
    analysis
        .token
        .as_ref()
        .map(|t| t.claims.clone())
        .unwrap_or_default()
}

/// The union of both claim sets, aligned by name.
fn align(a: Map<String, Value>, b: Map<String, Value>) -> Vec<ClaimRow> {
    let mut rows: Vec<ClaimRow> = a
        .iter()
        .map(|(name, va)| {
            let vb = b.get(name);
            ClaimRow {
                name: name.clone(),
                a: Some(display_value(va)),
                b: vb.map(display_value),
                status: match vb {
                    None => ClaimStatus::OnlyA,
                    Some(v) if v == va => ClaimStatus::Same,
                    Some(_) => ClaimStatus::Different,
                },
            }
        })
        .collect();
    rows.extend(
        b.iter()
            .filter(|(n, _)| !a.contains_key(*n))
            .map(|(name, vb)| ClaimRow {
                name: name.clone(),
                a: None,
                b: Some(display_value(vb)),
                status: ClaimStatus::OnlyB,
            }),
    );
    rows
}

/// How good a verdict is: credentials beat not enough to say, which beats a refusal, which beats
/// a token that does not decode.
fn rank(v: &Verdict) -> u8 {
    match v.outcome {
        Some(Outcome::Success) => 3,
        Some(Outcome::Incomplete | Outcome::Undetermined) => 2,
        Some(Outcome::Failure) => 1,
        None => 0,
    }
}

fn deciding(a: &Side, b: &Side, claims: &[ClaimRow]) -> Deciding {
    let differing: Vec<&str> = claims
        .iter()
        .filter(|r| r.status != ClaimStatus::Same)
        .map(|r| r.name.as_str())
        .collect();
    let (better, worse, which) = match rank(&a.verdict).cmp(&rank(&b.verdict)) {
        std::cmp::Ordering::Greater => (a, b, Which::A),
        std::cmp::Ordering::Less => (b, a, Which::B),
        std::cmp::Ordering::Equal => return same_verdict(a, b, &differing),
    };
    let step = worse.verdict.deciding_step;
    let sts_worse = worse.analysis.report().and_then(|r| r.sts.clone());
    let found = sts_worse
        .as_ref()
        .and_then(|s| step.and_then(|st| claim_that_decides(st, s, better, worse)));
    let (claim, sentence) = match found {
        Some((claim, sentence)) => (Some(claim), sentence),
        None => (None, fallback(better, worse, &differing)),
    };
    Deciding {
        better: Some(which),
        step,
        claim,
        sentence,
    }
}

/// Both tokens get the same verdict.
fn same_verdict(a: &Side, b: &Side, differing: &[&str]) -> Deciding {
    let what = a
        .verdict
        .summary
        .clone()
        .or_else(|| a.verdict.decode_error.clone())
        .unwrap_or_default();
    let same_failure = a.verdict.failure_mode == b.verdict.failure_mode;
    let sentence = if differing.is_empty() {
        format!("the two tokens carry the same claims and get the same verdict: {what}")
    } else if same_failure {
        format!(
            "both tokens get the same verdict ({what}); the claims that differ ({}) do not change it",
            quoted(differing)
        )
    } else {
        format!(
            "both tokens get the same outcome for different reasons: the first {}, the second {}",
            failure_words(&a.verdict),
            failure_words(&b.verdict)
        )
    };
    Deciding {
        better: None,
        step: a.verdict.deciding_step,
        claim: None,
        sentence,
    }
}

/// A claim whose value differs and that the failing step compares: the sentence naming both
/// values and the rule that admits only the better one.
fn claim_that_decides(
    step: StepId,
    sts: &StsReport,
    better: &Side,
    worse: &Side,
) -> Option<(String, String)> {
    let value = |s: &Side, claim: &str| -> Option<String> {
        s.analysis
            .token
            .as_ref()?
            .claims
            .get(claim)
            .map(display_value)
    };
    let differs = |claim: &str| value(better, claim) != value(worse, claim);
    let sentence = |claim: &str, rule: String| -> String {
        format!(
            "the working token's `{claim}` is {}, the failing one's {}, and {rule}",
            shown(value(better, claim)),
            shown(value(worse, claim)),
        )
    };
    match step {
        StepId::TrustPolicy => {
            let (claim, rule) = failing_condition(sts)?;
            differs(&claim).then(|| (claim.clone(), sentence(&claim, rule)))
        }
        StepId::Provider if differs("iss") => Some((
            "iss".into(),
            sentence(
                "iss",
                "the IAM OIDC provider is registered for the first issuer only".into(),
            ),
        )),
        StepId::Audience if differs("aud") => Some((
            "aud".into(),
            sentence(
                "aud",
                "the provider's client IDs admit only the first".into(),
            ),
        )),
        StepId::Time if differs("exp") => Some((
            "exp".into(),
            sentence(
                "exp",
                "at the evaluation time only the first has not expired".into(),
            ),
        )),
        StepId::Signature if differs("iss") => Some((
            "iss".into(),
            sentence("iss", "the keys given are the first issuer's".into()),
        )),
        _ => None,
    }
}

/// The first failing condition of the closest Allow statement for the web-identity action: the
/// claim its key names and the rule in words.
fn failing_condition(sts: &StsReport) -> Option<(String, String)> {
    let eval = sts.policy_evaluations.iter().find(|e| e.action == ACTION)?;
    eval.statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .flat_map(|s| s.conditions.iter())
        .find(|c| c.result == Tri::False && matches!(c.context, ContextValue::Present { .. }))
        .map(|c| {
            let claim = c
                .key
                .rsplit_once(':')
                .map_or(c.key.as_str(), |(_, k)| k)
                .to_string();
            let admits = if c.policy_values.len() == 1 {
                "admits only the first"
            } else {
                "admits neither value of the second"
            };
            (
                claim,
                format!("the trust policy's {} on `{}` {admits}", c.operator, c.key),
            )
        })
}

/// When no single claim explains it: the failing step and the claims that differ.
fn fallback(better: &Side, worse: &Side, differing: &[&str]) -> String {
    let claims = if differing.is_empty() {
        "the tokens carry the same claims (the difference is in the signature or the header)"
            .to_string()
    } else {
        format!("the claims that differ: {}", quoted(differing))
    };
    format!(
        "the working token {}, the failing one {}; {claims}",
        outcome_words(&better.verdict),
        failure_words(&worse.verdict)
    )
}

fn outcome_words(v: &Verdict) -> String {
    match v.outcome {
        Some(Outcome::Success) => "gets credentials".to_string(),
        Some(Outcome::Incomplete) => "fails no check that could run".to_string(),
        Some(Outcome::Undetermined) => "depends on the caller's request".to_string(),
        Some(Outcome::Failure) | None => failure_words(v),
    }
}

fn failure_words(v: &Verdict) -> String {
    match (&v.decode_error, v.deciding_step, v.error_code) {
        (Some(e), _, _) => format!("does not decode ({e})"),
        (None, Some(step), Some(code)) => format!("fails at “{}” with {code}", step.title()),
        _ => outcome_words_plain(v),
    }
}

fn outcome_words_plain(v: &Verdict) -> String {
    v.outcome.map_or("gets no verdict".to_string(), |o| {
        format!("is {}", o.as_str())
    })
}

fn shown(v: Option<String>) -> String {
    v.map_or("absent".to_string(), |v| format!("`{v}`"))
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::crypto::LocalMath;

    fn fixture(rel: &str) -> String {
        let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn example_inputs() -> Inputs {
        let mut inputs = Inputs::new(1_795_168_800, 0);
        inputs.token = fixture("example/token.jwt");
        inputs.set_pasted(fixture("example/jwks.json"));
        inputs.policy = fixture("example/trust-policy.json");
        inputs
    }

    fn expected(name: &str) -> Value {
        let all: Value = serde_json::from_str(&fixture("compare/expected.json")).unwrap();
        all[name].clone()
    }

    #[test]
    fn compare_default_service_account_names_sub_and_the_policy() {
        let c = compare(
            &example_inputs(),
            &fixture("compare/default-sa.jwt"),
            &LocalMath,
        );
        let want = expected("default-sa.jwt");
        assert_eq!(c.a.verdict.outcome, Some(Outcome::Success));
        assert_eq!(c.b.verdict.outcome, Some(Outcome::Failure));
        assert_eq!(c.b.verdict.error_code, want["failing_code"].as_str());
        assert_eq!(
            c.b.verdict.failure_mode.map(|m| m.id()),
            want["failing_mode"].as_str()
        );
        let different: Vec<&str> = c
            .claims
            .iter()
            .filter(|r| r.status != ClaimStatus::Same)
            .map(|r| r.name.as_str())
            .collect();
        let want_diff: Vec<&str> = want["different"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(different, want_diff);
        assert_eq!(c.deciding.better, Some(Which::A));
        assert_eq!(c.deciding.claim.as_deref(), want["deciding_claim"].as_str());
        assert_eq!(c.deciding.step, Some(StepId::TrustPolicy));
        let s = &c.deciding.sentence;
        assert!(s.contains("`system:serviceaccount:payments:api`"), "{s}");
        assert!(
            s.contains("`system:serviceaccount:payments:default`"),
            "{s}"
        );
        assert!(s.contains("StringEquals"), "{s}");
    }

    #[test]
    fn compare_typo_audience_the_other_way_round_decides_at_the_audience() {
        let mut inputs = example_inputs();
        let good = inputs.token.clone();
        inputs.token = fixture("compare/typo-aud.jwt");
        let c = compare(&inputs, &good, &LocalMath);
        let want = expected("typo-aud.jwt");
        assert_eq!(c.a.verdict.error_code, want["failing_code"].as_str());
        assert_eq!(
            c.a.verdict.failure_mode.map(|m| m.id()),
            want["failing_mode"].as_str()
        );
        assert_eq!(c.deciding.better, Some(Which::B));
        assert_eq!(c.deciding.step, Some(StepId::Audience));
        assert_eq!(c.deciding.claim.as_deref(), want["deciding_claim"].as_str());
        assert!(
            c.deciding.sentence.contains("sts.amazon.com"),
            "{}",
            c.deciding.sentence
        );
    }

    #[test]
    fn compare_same_token_and_an_undecodable_one() {
        let inputs = example_inputs();
        let c = compare(&inputs, &inputs.token.clone(), &LocalMath);
        assert!(c.claims.iter().all(|r| r.status == ClaimStatus::Same));
        assert_eq!(c.deciding.better, None);
        let c = compare(&inputs, "not a token", &LocalMath);
        assert!(c.b.verdict.decode_error.is_some());
        assert_eq!(c.deciding.better, Some(Which::A));
        assert!(c.claims.iter().all(|r| r.status == ClaimStatus::OnlyA));
        assert!(
            c.deciding.sentence.contains("does not decode"),
            "{}",
            c.deciding.sentence
        );
    }
}
