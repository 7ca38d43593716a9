//! The shared vocabulary of every analysis: a [`Check`] (what was compared, expected vs actual,
//! the outcome and the fix) and a [`Finding`] (something worth knowing even when nothing fails).

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Background worth knowing.
    Info,
    /// Works now, but is risky or will break.
    Warning,
    /// A security problem or a certain failure.
    Danger,
}

/// Something noteworthy about the inputs, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable machine-readable code, e.g. `header_jku_ignored`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One-line summary.
    pub title: String,
    /// Explanation and what to do.
    pub detail: String,
}

impl Finding {
    /// Builds a finding.
    pub fn new(
        code: &'static str,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            severity,
            title: title.into(),
            detail: detail.into(),
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The check passed.
    Pass,
    /// The check failed.
    Fail,
    /// Passed, with a caveat.
    Warn,
    /// Could not be checked with what is known (e.g. keys not fetched yet).
    Skipped,
}

/// One comparison, reported with both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable id, e.g. `discovery.issuer`.
    pub id: &'static str,
    /// What is checked, in words.
    pub title: String,
    /// The outcome.
    pub status: CheckStatus,
    /// The value required, when there is one.
    pub expected: Option<String>,
    /// The value found, when there is one.
    pub actual: Option<String>,
    /// Why it matters / what the result means.
    pub detail: String,
    /// What to change, when the check did not pass.
    pub fix: Option<String>,
}

impl Check {
    /// Builds a check with no values or fix.
    pub fn new(
        id: &'static str,
        title: impl Into<String>,
        status: CheckStatus,
        detail: impl Into<String>,
    ) -> Self {
        Check {
            id,
            title: title.into(),
            status,
            expected: None,
            actual: None,
            detail: detail.into(),
            fix: None,
        }
    }

    /// Adds the expected and actual values.
    #[must_use]
    pub fn compare(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.actual = Some(actual.into());
        self
    }

    /// Adds the actual value only.
    #[must_use]
    pub fn actual(mut self, actual: impl Into<String>) -> Self {
        self.actual = Some(actual.into());
        self
    }

    /// Adds a fix.
    #[must_use]
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}
