//! The shared vocabulary of every analysis: a [`Check`] (what was compared, expected vs actual,
//! the outcome and the fix) and a [`Finding`] (something worth knowing even when nothing fails).

use serde::Serialize;

use crate::core::confusable::{self, Suspect};

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
    /// Characters in the expected or actual value that make it look like another value
    /// (invisible, direction-changing, look-alike or other-script letters).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub confusables: Vec<ValueNote>,
}

/// Which value of a [`Check`] a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The value required.
    Expected,
    /// The value found.
    Actual,
}

impl Side {
    /// The value, in words.
    pub fn label(self) -> &'static str {
        match self {
            Side::Expected => "the expected value",
            Side::Actual => "the value found",
        }
    }
}

/// The characters that make one of a check's values look like another value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueNote {
    /// Which value.
    pub side: Side,
    /// The characters, in order.
    pub suspects: Vec<Suspect>,
}

impl ValueNote {
    /// A sentence naming the characters: "the expected value contains `а` U+0430 …".
    pub fn sentence(&self) -> String {
        let names = confusable::name_all(&self.suspects).unwrap_or_default();
        format!(
            "{} contains {names}: what is displayed is not what is compared",
            self.side.label()
        )
    }
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
            confusables: Vec::new(),
        }
    }

    /// Adds the expected and actual values (and notes on the characters in them that make either
    /// look like another value).
    #[must_use]
    pub fn compare(mut self, expected: impl Into<String>, actual: impl Into<String>) -> Self {
        let expected = expected.into();
        self.note(Side::Expected, &expected);
        self.expected = Some(expected);
        self.actual(actual)
    }

    /// Adds the actual value only (and a note on its characters that make it look like another
    /// value).
    #[must_use]
    pub fn actual(mut self, actual: impl Into<String>) -> Self {
        let actual = actual.into();
        self.note(Side::Actual, &actual);
        self.actual = Some(actual);
        self
    }

    fn note(&mut self, side: Side, value: &str) {
        self.confusables.retain(|n| n.side != side);
        let suspects = confusable::find(value);
        if !suspects.is_empty() {
            self.confusables.push(ValueNote { side, suspects });
        }
    }

    /// Where the expected and actual values differ, in characters; `None` unless both are given
    /// and differ.
    pub fn differing(&self) -> Option<confusable::Differing> {
        confusable::differing(self.expected.as_deref()?, self.actual.as_deref()?)
    }

    /// Adds a fix.
    #[must_use]
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_look_alike_value_is_noted_on_its_side() {
        let c = Check::new("t", "t", CheckStatus::Fail, "d")
            .compare("https://issuer.example", "https://issuer.ex\u{0430}mple");
        assert_eq!(c.confusables.len(), 1);
        let note = c.confusables.first().cloned();
        assert_eq!(note.as_ref().map(|n| n.side), Some(Side::Actual));
        let sentence = note.map(|n| n.sentence()).unwrap_or_default();
        assert!(
            sentence.starts_with(
                "the value found contains `\u{0430}` U+0430 CYRILLIC SMALL LETTER A (character 18), which looks like `a`"
            ),
            "{sentence}"
        );
        assert_eq!(
            c.differing(),
            Some(confusable::Differing {
                expected: 17..18,
                actual: 17..18
            })
        );
    }

    #[test]
    fn compare_plain_values_have_no_notes() {
        let c = Check::new("t", "t", CheckStatus::Pass, "d").compare("a", "a");
        assert!(c.confusables.is_empty());
        assert_eq!(c.differing(), None);
        let json = serde_json::to_string(&c).unwrap_or_default();
        assert!(!json.contains("confusables"), "{json}");
    }

    #[test]
    fn actual_replaced_keeps_one_note_per_side() {
        let c = Check::new("t", "t", CheckStatus::Fail, "d")
            .actual("\u{202E}x")
            .actual("\u{200B}y");
        assert_eq!(c.confusables.len(), 1);
        assert_eq!(
            c.confusables
                .first()
                .and_then(|n| n.suspects.first())
                .map(|s| s.ch),
            Some('\u{200B}')
        );
    }
}
