//! The step-by-step trace shared by the analyses beside the STS pipeline (EKS Pod Identity,
//! cluster OIDC sign-in): each [`Step`] holds its [`Check`]s (expected vs actual, the fix), and
//! the [`Outcome`] is decided from the steps' typed statuses only, never from their prose.
//!
//! Invariants:
//! - Every step is evaluated and reported, even after one has failed (a user who fixes the first
//!   failure meets the next); the first failing step decides the verdict.
//! - A step that could not be decided with what was given (no keys, a condition on a value not
//!   known here) is [`StepStatus::Undetermined`], and the outcome is never a success then.

use std::fmt::Write as _;

use serde::Serialize;

use super::finding::{Check, CheckStatus, Finding};

/// The verdict of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every step passed: allowed (a role is assumed) or accepted (a user is signed in).
    Success,
    /// A step fails: refused.
    Failure,
    /// Nothing fails, but a step could not be decided with what was given.
    Undetermined,
}

impl Outcome {
    /// `success`, `failure`, `undetermined`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Undetermined => "undetermined",
        }
    }
}

/// The status of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Passed.
    Pass,
    /// Passed, with a caveat worth reading.
    Warn,
    /// Failed: the whole attempt is refused.
    Fail,
    /// Could not be decided with what was given (the checks say what would decide it).
    Undetermined,
    /// Does not apply to these inputs (e.g. `sts:TagSession` with session tags disabled).
    NotApplicable,
}

impl StepStatus {
    /// `PASS`, `WARN`, `FAIL`, `UNDETERMINED`, `N/A`: the word the text rendering shows.
    pub fn word(self) -> &'static str {
        match self {
            StepStatus::Pass => "PASS",
            StepStatus::Warn => "WARN",
            StepStatus::Fail => "FAIL",
            StepStatus::Undetermined => "UNDETERMINED",
            StepStatus::NotApplicable => "N/A",
        }
    }
}

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable id, e.g. `principal`, `signature`.
    pub id: &'static str,
    /// Display title.
    pub title: String,
    /// The outcome of this step.
    pub status: StepStatus,
    /// The comparisons made.
    pub checks: Vec<Check>,
    /// What to change when the step does not pass.
    pub fix: Option<String>,
}

impl Step {
    /// A step whose status follows its checks: any failing check fails it, then any check that
    /// could not run leaves it undetermined, then any warning; otherwise it passes.
    pub fn from_checks(id: &'static str, title: impl Into<String>, checks: Vec<Check>) -> Step {
        let status = if checks.iter().any(|c| c.status == CheckStatus::Fail) {
            StepStatus::Fail
        } else if checks.iter().any(|c| c.status == CheckStatus::Skipped) {
            StepStatus::Undetermined
        } else if checks.iter().any(|c| c.status == CheckStatus::Warn) {
            StepStatus::Warn
        } else {
            StepStatus::Pass
        };
        let fix = checks.iter().find_map(|c| match c.status {
            CheckStatus::Fail | CheckStatus::Skipped => c.fix.clone(),
            _ => None,
        });
        Step {
            id,
            title: title.into(),
            status,
            checks,
            fix,
        }
    }

    /// A step that does not apply, with why.
    pub fn not_applicable(id: &'static str, title: impl Into<String>, why: Check) -> Step {
        Step {
            id,
            title: title.into(),
            status: StepStatus::NotApplicable,
            checks: vec![why],
            fix: None,
        }
    }
}

/// The outcome of `steps`, and the first failing step (which decides a failure).
pub fn decide(steps: &[Step]) -> (Outcome, Option<&Step>) {
    if let Some(first) = steps.iter().find(|s| s.status == StepStatus::Fail) {
        (Outcome::Failure, Some(first))
    } else if steps.iter().any(|s| s.status == StepStatus::Undetermined) {
        (Outcome::Undetermined, None)
    } else {
        (Outcome::Success, None)
    }
}

/// Writes every step (status, title, the deciding one marked) with its checks and fix.
pub(crate) fn write_steps(out: &mut String, steps: &[Step], deciding: Option<&str>) {
    for step in steps {
        let marker = if Some(step.id) == deciding {
            " <- deciding"
        } else {
            ""
        };
        let _ = writeln!(out, "  [{}] {}{marker}", step.status.word(), step.title);
        for c in &step.checks {
            super::text::write_check(out, c, "      ", "          ");
            if c.status != CheckStatus::Pass
                && let Some(f) = &c.fix
            {
                let _ = writeln!(out, "          fix: {f}");
            }
        }
    }
}

/// Writes findings and caveats.
pub(crate) fn write_notes(out: &mut String, findings: &[Finding], caveats: &[String]) {
    super::text::write_findings(out, findings);
    if !caveats.is_empty() {
        let _ = writeln!(out, "\nCaveats:");
        for c in caveats {
            let _ = writeln!(out, "  {c}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: CheckStatus) -> Check {
        Check::new("t", "t", status, "d").fix("f")
    }

    #[test]
    fn from_checks_fail_wins_then_undetermined_then_warn() {
        let cases = [
            (vec![CheckStatus::Pass, CheckStatus::Fail], StepStatus::Fail),
            (
                vec![CheckStatus::Skipped, CheckStatus::Fail],
                StepStatus::Fail,
            ),
            (
                vec![CheckStatus::Warn, CheckStatus::Skipped],
                StepStatus::Undetermined,
            ),
            (vec![CheckStatus::Warn, CheckStatus::Pass], StepStatus::Warn),
            (vec![CheckStatus::Pass], StepStatus::Pass),
        ];
        for (statuses, want) in cases {
            let step = Step::from_checks("s", "S", statuses.into_iter().map(check).collect());
            assert_eq!(step.status, want);
        }
    }

    #[test]
    fn decide_first_failure_decides() {
        let steps = vec![
            Step::from_checks("a", "A", vec![check(CheckStatus::Skipped)]),
            Step::from_checks("b", "B", vec![check(CheckStatus::Fail)]),
            Step::from_checks("c", "C", vec![check(CheckStatus::Fail)]),
        ];
        let (outcome, deciding) = decide(&steps);
        assert_eq!(outcome, Outcome::Failure);
        assert_eq!(deciding.map(|s| s.id), Some("b"));
        let (outcome, _) = decide(steps.get(..1).unwrap_or_default());
        assert_eq!(outcome, Outcome::Undetermined);
        assert_eq!(decide(&[]).0, Outcome::Success);
    }
}
