//! IAM wildcard matching (`*` any run of characters, `?` exactly one), without recursion so
//! hostile patterns cannot blow the stack or take exponential time.

/// One element of a compiled pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A literal character.
    Lit(char),
    /// `*`: any run of characters, including none.
    Star,
    /// `?`: exactly one character.
    One,
}

/// Compiles a pattern in which `*` and `?` are wildcards.
pub fn compile(pattern: &str) -> Vec<Piece> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Piece::Star,
            '?' => Piece::One,
            c => Piece::Lit(c),
        })
        .collect()
}

/// Whether `text` matches `pattern`, comparing characters with `eq`.
pub fn matches_with(pattern: &[Piece], text: &str, eq: impl Fn(char, char) -> bool) -> bool {
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0usize, 0usize);
    // Position after the last `*` and the text position it was tried at.
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        let (Some(piece), Some(&c)) = (pattern.get(p), text.get(t)) else {
            match backtrack {
                Some((bp, bt)) => {
                    p = bp;
                    t = bt.saturating_add(1);
                    backtrack = Some((bp, bt.saturating_add(1)));
                    continue;
                }
                None => return false,
            }
        };
        match piece {
            Piece::Star => {
                p = p.saturating_add(1);
                backtrack = Some((p, t));
            }
            Piece::One => {
                p = p.saturating_add(1);
                t = t.saturating_add(1);
            }
            Piece::Lit(l) if eq(*l, c) => {
                p = p.saturating_add(1);
                t = t.saturating_add(1);
            }
            Piece::Lit(_) => match backtrack {
                Some((bp, bt)) => {
                    p = bp;
                    t = bt.saturating_add(1);
                    backtrack = Some((bp, bt.saturating_add(1)));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .unwrap_or_default()
        .iter()
        .all(|x| *x == Piece::Star)
}

/// Case-sensitive wildcard match.
pub fn matches(pattern: &str, text: &str) -> bool {
    matches_with(&compile(pattern), text, |a, b| a == b)
}

/// ASCII-case-insensitive wildcard match (IAM actions).
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    matches_with(&compile(pattern), text, |a, b| a.eq_ignore_ascii_case(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_basic_wildcards() {
        assert!(matches("repo:org/*", "repo:org/app:ref:refs/heads/main"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(matches("*", ""));
        assert!(matches("**a**", "xxa"));
        assert!(!matches("repo:Org/*", "repo:org/app"));
        assert!(matches_ignore_case(
            "sts:AssumeRole*",
            "STS:assumerolewithwebidentity"
        ));
        assert!(!matches("abc", "abcd"));
        assert!(matches("a*b*c", "aXXbYYbc"));
    }

    #[test]
    fn matches_pathological_pattern_is_fast() {
        let text = "a".repeat(5000);
        let pattern = format!("{}b", "a*".repeat(200));
        assert!(!matches(&pattern, &text));
    }
}
