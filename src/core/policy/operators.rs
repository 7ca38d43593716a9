//! Condition operators: reading their names (`ForAnyValue:StringLikeIfExists`, case-insensitive,
//! with a suggestion for a misspelling) and how each family compares a request value with a
//! policy value (IAM User Guide: reference_policies_elements_condition_operators).

use super::evaluate::{PolicyValue, literal};
use super::{Family, NumCmp, Operator, SetOp};
use crate::core::pattern;

/// Parses an operator name (case-insensitive, as IAM accepts).
pub fn parse_operator(raw: &str) -> Option<Operator> {
    let lower = raw.to_ascii_lowercase();
    let (set, rest) = if let Some(r) = lower.strip_prefix("foranyvalue:") {
        (Some(SetOp::ForAnyValue), r)
    } else if let Some(r) = lower.strip_prefix("forallvalues:") {
        (Some(SetOp::ForAllValues), r)
    } else {
        (None, lower.as_str())
    };
    let (base, if_exists) = match rest.strip_suffix("ifexists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let num = |s: &str| match s {
        "equals" => Some((NumCmp::Eq, false)),
        "notequals" => Some((NumCmp::Eq, true)),
        "lessthan" => Some((NumCmp::Lt, false)),
        "lessthanequals" => Some((NumCmp::Le, false)),
        "greaterthan" => Some((NumCmp::Gt, false)),
        "greaterthanequals" => Some((NumCmp::Ge, false)),
        _ => None,
    };
    let (family, negated) = match base {
        "stringequals" => (Family::StringEquals, false),
        "stringnotequals" => (Family::StringEquals, true),
        "stringequalsignorecase" => (Family::StringEqualsIgnoreCase, false),
        "stringnotequalsignorecase" => (Family::StringEqualsIgnoreCase, true),
        "stringlike" => (Family::StringLike, false),
        "stringnotlike" => (Family::StringLike, true),
        "bool" => (Family::Bool, false),
        "binaryequals" => (Family::Binary, false),
        "ipaddress" => (Family::Ip, false),
        "notipaddress" => (Family::Ip, true),
        "arnequals" | "arnlike" => (Family::Arn, false),
        "arnnotequals" | "arnnotlike" => (Family::Arn, true),
        "null" if !if_exists => (Family::Null, false),
        b => {
            if let Some((c, n)) = b.strip_prefix("numeric").and_then(num) {
                (Family::Numeric(c), n)
            } else if let Some((c, n)) = b.strip_prefix("date").and_then(num) {
                (Family::Date(c), n)
            } else {
                return None;
            }
        }
    };
    Some(Operator {
        raw: raw.to_string(),
        family,
        negated,
        if_exists,
        set,
    })
}

/// The operator of a condition that cannot be read (see [`Family::Unreadable`]).
pub(super) fn unreadable_operator(raw: &str) -> Operator {
    Operator {
        raw: raw.to_string(),
        family: Family::Unreadable,
        negated: false,
        if_exists: false,
        set: None,
    }
}

/// The known operator `raw` is most likely a misspelling of (set prefix and `IfExists` kept),
/// when one is within two edits.
pub(super) fn closest_operator(raw: &str) -> Option<String> {
    const KNOWN: [&str; 26] = [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotLike",
        "Null",
    ];
    let (prefix, rest) = match raw.split_once(':') {
        Some((p, r)) => (format!("{p}:"), r),
        None => (String::new(), raw),
    };
    let (base, suffix) = match rest
        .len()
        .checked_sub(8)
        .and_then(|i| rest.split_at_checked(i))
    {
        Some((b, s)) if s.eq_ignore_ascii_case("ifexists") => (b, "IfExists"),
        _ => (rest, ""),
    };
    let base = base.to_ascii_lowercase();
    KNOWN
        .iter()
        .map(|k| (strsim::levenshtein(&k.to_ascii_lowercase(), &base), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| format!("{prefix}{k}{suffix}"))
        .filter(|s| parse_operator(s).is_some())
}

pub(super) fn compare(family: Family, actual: &str, v: &PolicyValue) -> bool {
    match family {
        Family::StringEquals | Family::Binary => actual == v.text,
        Family::StringEqualsIgnoreCase => actual.to_lowercase() == v.text.to_lowercase(),
        Family::StringLike => pattern::matches_with(&v.pieces, actual, |a, b| a == b),
        Family::Bool => actual.eq_ignore_ascii_case(&v.text),
        Family::Numeric(cmp) => {
            match (actual.trim().parse::<f64>(), v.text.trim().parse::<f64>()) {
                (Ok(a), Ok(b)) => num_cmp(cmp, a, b),
                _ => false,
            }
        }
        Family::Date(cmp) => match (parse_date(actual), parse_date(&v.text)) {
            (Some(a), Some(b)) => num_cmp(cmp, a as f64, b as f64),
            _ => false,
        },
        Family::Arn => arn_matches(&v.pieces, actual),
        Family::Ip | Family::Null | Family::Unreadable => false,
    }
}

fn num_cmp(cmp: NumCmp, a: f64, b: f64) -> bool {
    match cmp {
        NumCmp::Eq => a == b,
        NumCmp::Lt => a < b,
        NumCmp::Le => a <= b,
        NumCmp::Gt => a > b,
        NumCmp::Ge => a >= b,
    }
}

fn parse_date(s: &str) -> Option<i64> {
    crate::core::timefmt::parse_instant(s).ok().or_else(|| {
        // IAM also accepts a bare date.
        crate::core::timefmt::parse_instant(&format!("{}T00:00:00Z", s.trim())).ok()
    })
}

/// ARN matching: each of the six colon-separated parts separately, each with wildcards.
fn arn_matches(pattern: &[pattern::Piece], actual: &str) -> bool {
    let pat = literal(pattern);
    let p: Vec<&str> = pat.splitn(6, ':').collect();
    let a: Vec<&str> = actual.splitn(6, ':').collect();
    p.len() == 6
        && a.len() == 6
        && p.iter()
            .zip(a.iter())
            .all(|(pp, aa)| pattern::matches(pp, aa))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::policy::parse_policy;

    #[test]
    fn parse_operator_all_forms() {
        let op = parse_operator("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(
            (op.family, op.negated, op.if_exists, op.set),
            (Family::StringLike, false, true, Some(SetOp::ForAnyValue))
        );
        let op = parse_operator("NumericLessThanEquals").unwrap();
        assert_eq!(op.family, Family::Numeric(NumCmp::Le));
        let op = parse_operator("DateNotEquals").unwrap();
        assert_eq!((op.family, op.negated), (Family::Date(NumCmp::Eq), true));
        assert!(parse_operator("ArnNotLike").unwrap().negated);
        assert!(parse_operator("NullIfExists").is_none());
        assert!(parse_operator("StringEqualz").is_none());
        assert!(parse_operator("stringequals").is_some());
    }

    #[test]
    fn misspelt_operators_get_a_suggestion_and_stay_in_the_policy() {
        assert_eq!(
            closest_operator("StringEqual").as_deref(),
            Some("StringEquals")
        );
        assert_eq!(
            closest_operator("ForAnyValue:StringLik").as_deref(),
            Some("ForAnyValue:StringLike")
        );
        assert_eq!(
            closest_operator("stringequalsifexist").as_deref(),
            None,
            "IfExists misspelt too: too far to guess"
        );
        assert_eq!(
            closest_operator("StringEqualIfExists").as_deref(),
            Some("StringEqualsIfExists")
        );
        assert_eq!(closest_operator("Whatever"), None);
        let p = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEqual":{"k:sub":"v"}}}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let conditions: Vec<_> = p.statements.iter().flat_map(|s| &s.conditions).collect();
        assert_eq!(conditions.len(), 1, "the unreadable condition is kept");
        assert!(
            conditions
                .iter()
                .all(|c| c.operator.family == Family::Unreadable)
        );
        assert!(
            p.problems
                .iter()
                .any(|x| x.malformed && x.message.contains("did you mean `StringEquals`?")),
            "{:?}",
            p.problems
        );
    }
}
