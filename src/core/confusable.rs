//! Values that look like other values: invisible and direction-changing characters (see
//! [`crate::core::invisible`]), letters of other scripts that look like ASCII ones (Cyrillic `а`
//! U+0430 for `a`, Greek `Ο` U+039F for `O`, fullwidth `ａ` U+FF41, …) and letters of another
//! script inside a value written in Latin letters. STS and IAM compare characters, not glyphs
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String>),
//! so `system:serviceaccount:default:аpi` never equals `system:serviceaccount:default:api`
//! although a reader cannot tell them apart.
//!
//! The look-alike table is small and deliberate: the Cyrillic, Greek and Armenian letters that are
//! drawn like ASCII letters in common fonts, the fullwidth ASCII forms, and the dashes, slashes,
//! colons and spaces that pass for the punctuation of subjects and ARNs. It is not Unicode's full
//! confusables list; anything else from Cyrillic or Greek in a Latin value is still reported, as
//! another script.
//!
//! Also here: [`differing`], the characters by which two values differ (for marking them, when
//! marks help).

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use crate::core::invisible;

/// A script whose letters are reported when they appear among Latin letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Cyrillic (U+0400–U+052F, U+1C80–U+1C8F, U+2DE0–U+2DFF, U+A640–U+A69F).
    Cyrillic,
    /// Greek (U+0370–U+03FF, U+1F00–U+1FFF).
    Greek,
    /// Armenian (U+0530–U+058F).
    Armenian,
}

impl Script {
    /// The script's name.
    pub fn name(self) -> &'static str {
        match self {
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Armenian => "Armenian",
        }
    }

    /// The script of `c`, when it is one of those reported.
    pub fn of(c: char) -> Option<Script> {
        match c {
            '\u{0400}'..='\u{052F}'
            | '\u{1C80}'..='\u{1C8F}'
            | '\u{2DE0}'..='\u{2DFF}'
            | '\u{A640}'..='\u{A69F}' => Some(Script::Cyrillic),
            '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Some(Script::Greek),
            '\u{0530}'..='\u{058F}' => Some(Script::Armenian),
            _ => None,
        }
    }
}

/// Why a character makes a value look like another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Look {
    /// Invisible, or changes the direction of the text around it (see [`crate::core::invisible`]).
    Hidden,
    /// Drawn like this ASCII character.
    LookAlike {
        /// The ASCII character it passes for.
        like: char,
    },
    /// A letter of another script in a value that also has Latin letters.
    OtherScript {
        /// Its script.
        script: Script,
    },
}

/// One character that makes a value look like another, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suspect {
    /// Its position, in characters from the start.
    pub index: usize,
    /// The character.
    pub ch: char,
    /// Its Unicode name (a description for control characters and other scripts' letters).
    pub name: String,
    /// Why it is reported.
    pub look: Look,
}

/// (character, the ASCII character it is drawn like, its Unicode name).
const LOOK_ALIKES: [(char, char, &str); 68] = [
    // Cyrillic, small.
    ('\u{0430}', 'a', "CYRILLIC SMALL LETTER A"),
    ('\u{0435}', 'e', "CYRILLIC SMALL LETTER IE"),
    ('\u{043E}', 'o', "CYRILLIC SMALL LETTER O"),
    ('\u{0440}', 'p', "CYRILLIC SMALL LETTER ER"),
    ('\u{0441}', 'c', "CYRILLIC SMALL LETTER ES"),
    ('\u{0443}', 'y', "CYRILLIC SMALL LETTER U"),
    ('\u{0445}', 'x', "CYRILLIC SMALL LETTER HA"),
    ('\u{0455}', 's', "CYRILLIC SMALL LETTER DZE"),
    (
        '\u{0456}',
        'i',
        "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
    ),
    ('\u{0458}', 'j', "CYRILLIC SMALL LETTER JE"),
    ('\u{04BB}', 'h', "CYRILLIC SMALL LETTER SHHA"),
    ('\u{04CF}', 'l', "CYRILLIC SMALL LETTER PALOCHKA"),
    ('\u{0501}', 'd', "CYRILLIC SMALL LETTER KOMI DE"),
    ('\u{051B}', 'q', "CYRILLIC SMALL LETTER QA"),
    ('\u{051D}', 'w', "CYRILLIC SMALL LETTER WE"),
    // Cyrillic, capital.
    ('\u{0405}', 'S', "CYRILLIC CAPITAL LETTER DZE"),
    (
        '\u{0406}',
        'I',
        "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I",
    ),
    ('\u{0408}', 'J', "CYRILLIC CAPITAL LETTER JE"),
    ('\u{0410}', 'A', "CYRILLIC CAPITAL LETTER A"),
    ('\u{0412}', 'B', "CYRILLIC CAPITAL LETTER VE"),
    ('\u{0415}', 'E', "CYRILLIC CAPITAL LETTER IE"),
    ('\u{041A}', 'K', "CYRILLIC CAPITAL LETTER KA"),
    ('\u{041C}', 'M', "CYRILLIC CAPITAL LETTER EM"),
    ('\u{041D}', 'H', "CYRILLIC CAPITAL LETTER EN"),
    ('\u{041E}', 'O', "CYRILLIC CAPITAL LETTER O"),
    ('\u{0420}', 'P', "CYRILLIC CAPITAL LETTER ER"),
    ('\u{0421}', 'C', "CYRILLIC CAPITAL LETTER ES"),
    ('\u{0422}', 'T', "CYRILLIC CAPITAL LETTER TE"),
    ('\u{0425}', 'X', "CYRILLIC CAPITAL LETTER HA"),
    ('\u{04AE}', 'Y', "CYRILLIC CAPITAL LETTER STRAIGHT U"),
    ('\u{051C}', 'W', "CYRILLIC CAPITAL LETTER WE"),
    // Greek.
    ('\u{03B1}', 'a', "GREEK SMALL LETTER ALPHA"),
    ('\u{03B9}', 'i', "GREEK SMALL LETTER IOTA"),
    ('\u{03BD}', 'v', "GREEK SMALL LETTER NU"),
    ('\u{03BF}', 'o', "GREEK SMALL LETTER OMICRON"),
    ('\u{03C1}', 'p', "GREEK SMALL LETTER RHO"),
    ('\u{0391}', 'A', "GREEK CAPITAL LETTER ALPHA"),
    ('\u{0392}', 'B', "GREEK CAPITAL LETTER BETA"),
    ('\u{0395}', 'E', "GREEK CAPITAL LETTER EPSILON"),
    ('\u{0396}', 'Z', "GREEK CAPITAL LETTER ZETA"),
    ('\u{0397}', 'H', "GREEK CAPITAL LETTER ETA"),
    ('\u{0399}', 'I', "GREEK CAPITAL LETTER IOTA"),
    ('\u{039A}', 'K', "GREEK CAPITAL LETTER KAPPA"),
    ('\u{039C}', 'M', "GREEK CAPITAL LETTER MU"),
    ('\u{039D}', 'N', "GREEK CAPITAL LETTER NU"),
    ('\u{039F}', 'O', "GREEK CAPITAL LETTER OMICRON"),
    ('\u{03A1}', 'P', "GREEK CAPITAL LETTER RHO"),
    ('\u{03A4}', 'T', "GREEK CAPITAL LETTER TAU"),
    ('\u{03A5}', 'Y', "GREEK CAPITAL LETTER UPSILON"),
    ('\u{03A7}', 'X', "GREEK CAPITAL LETTER CHI"),
    // Armenian.
    ('\u{0570}', 'h', "ARMENIAN SMALL LETTER HO"),
    ('\u{057D}', 'u', "ARMENIAN SMALL LETTER SEH"),
    ('\u{0585}', 'o', "ARMENIAN SMALL LETTER OH"),
    // Latin letters that pass for others.
    ('\u{0131}', 'i', "LATIN SMALL LETTER DOTLESS I"),
    ('\u{0261}', 'g', "LATIN SMALL LETTER SCRIPT G"),
    // Punctuation of subjects, ARNs and URLs.
    ('\u{00A0}', ' ', "NO-BREAK SPACE"),
    ('\u{2007}', ' ', "FIGURE SPACE"),
    ('\u{202F}', ' ', "NARROW NO-BREAK SPACE"),
    ('\u{2010}', '-', "HYPHEN"),
    ('\u{2011}', '-', "NON-BREAKING HYPHEN"),
    ('\u{2012}', '-', "FIGURE DASH"),
    ('\u{2212}', '-', "MINUS SIGN"),
    ('\u{2044}', '/', "FRACTION SLASH"),
    ('\u{2215}', '/', "DIVISION SLASH"),
    ('\u{0589}', ':', "ARMENIAN FULL STOP"),
    ('\u{2236}', ':', "RATIO"),
    ('\u{A789}', ':', "MODIFIER LETTER COLON"),
    ('\u{2024}', '.', "ONE DOT LEADER"),
];

/// Names of the fullwidth punctuation marks found in subjects, ARNs and patterns.
const FULLWIDTH_PUNCTUATION: [(char, &str); 8] = [
    ('*', "FULLWIDTH ASTERISK"),
    ('-', "FULLWIDTH HYPHEN-MINUS"),
    ('.', "FULLWIDTH FULL STOP"),
    ('/', "FULLWIDTH SOLIDUS"),
    (':', "FULLWIDTH COLON"),
    ('?', "FULLWIDTH QUESTION MARK"),
    ('@', "FULLWIDTH COMMERCIAL AT"),
    ('_', "FULLWIDTH LOW LINE"),
];

const DIGITS: [&str; 10] = [
    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
];

/// The ASCII character `c` is drawn like, and `c`'s Unicode name, when `c` is in the table or is
/// the fullwidth form of a letter, a digit or one of the punctuation marks above.
pub fn look_alike(c: char) -> Option<(char, String)> {
    if let Some((_, like, name)) = LOOK_ALIKES.iter().find(|(x, _, _)| *x == c) {
        return Some((*like, (*name).to_string()));
    }
    // U+FF01–U+FF5E are the fullwidth forms of U+0021–U+007E.
    let code = u32::from(c);
    if !(0xFF01..=0xFF5E).contains(&code) {
        return None;
    }
    let ascii = char::from_u32(code.checked_sub(0xFEE0)?)?;
    let name = if ascii.is_ascii_uppercase() {
        format!("FULLWIDTH LATIN CAPITAL LETTER {ascii}")
    } else if ascii.is_ascii_lowercase() {
        format!(
            "FULLWIDTH LATIN SMALL LETTER {}",
            ascii.to_ascii_uppercase()
        )
    } else if let Some(d) = ascii.to_digit(10) {
        format!("FULLWIDTH DIGIT {}", DIGITS.get(usize::try_from(d).ok()?)?)
    } else {
        let (_, n) = FULLWIDTH_PUNCTUATION.iter().find(|(p, _)| *p == ascii)?;
        (*n).to_string()
    };
    Some((ascii, name))
}

/// Every character of `s` that makes it look like another value, in order: invisible and
/// direction-changing characters, look-alikes of ASCII characters, and (when `s` has ASCII
/// letters) letters of another script.
pub fn find(s: &str) -> Vec<Suspect> {
    let latin = s.chars().any(|c| c.is_ascii_alphabetic());
    s.chars()
        .enumerate()
        .filter_map(|(index, ch)| {
            if let Some(name) = invisible::invisible_name(ch) {
                return Some(Suspect {
                    index,
                    ch,
                    name: name.to_string(),
                    look: Look::Hidden,
                });
            }
            if let Some((like, name)) = look_alike(ch) {
                return Some(Suspect {
                    index,
                    ch,
                    name,
                    look: Look::LookAlike { like },
                });
            }
            let script = Script::of(ch).filter(|_| latin && ch.is_alphabetic())?;
            Some(Suspect {
                index,
                ch,
                name: format!("a {} letter", script.name()),
                look: Look::OtherScript { script },
            })
        })
        .collect()
}

/// Whether `s` has no character [`find`] reports.
pub fn is_clean(s: &str) -> bool {
    find(s).is_empty()
}

/// How many characters to name before "and N more".
const NAMED: usize = 4;

/// What the characters in `found` are, for a sentence: "`а` U+0430 CYRILLIC SMALL LETTER A
/// (character 31), which looks like `a`". Each character is named once, at its first position;
/// invisible ones are named, never written. `None` when `found` is empty.
pub fn name_all(found: &[Suspect]) -> Option<String> {
    let mut firsts: Vec<&Suspect> = Vec::new();
    for f in found {
        if !firsts.iter().any(|x| x.ch == f.ch) {
            firsts.push(f);
        }
    }
    if firsts.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = firsts.iter().take(NAMED).map(|f| name_one(f)).collect();
    if firsts.len() > NAMED {
        parts.push(format!("{} more", firsts.len().saturating_sub(NAMED)));
    }
    let count = found.len();
    let mut out = parts.join("; ");
    if count > firsts.len() {
        let _ = write!(out, " ({count} such characters in all)");
    }
    Some(out)
}

fn name_one(f: &Suspect) -> String {
    let code = u32::from(f.ch);
    let at = f.index.saturating_add(1);
    match f.look {
        Look::Hidden => format!(
            "U+{code:04X} {} (character {at}), which is invisible or reorders the text around it",
            f.name
        ),
        Look::LookAlike { like: ' ' } => format!(
            "`{}` U+{code:04X} {} (character {at}), which looks like a space",
            f.ch, f.name
        ),
        Look::LookAlike { like } => format!(
            "`{}` U+{code:04X} {} (character {at}), which looks like `{like}`",
            f.ch, f.name
        ),
        Look::OtherScript { script } => format!(
            "`{}` U+{code:04X} (character {at}), a {} letter among Latin ones",
            f.ch,
            script.name()
        ),
    }
}

/// A sentence naming the characters that make `value` look like another: "{whose} `value`
/// contains …", or `None` when it has none. `whose` names the value ("the policy's value").
pub fn describe(whose: &str, value: &str) -> Option<String> {
    let names = name_all(&find(value))?;
    let shown = invisible::reveal(value).unwrap_or_else(|| value.to_owned());
    Some(format!("{whose} `{shown}` contains {names}"))
}

/// The characters by which two values differ, as character ranges (not bytes) of each: what is
/// left between their common prefix and their common suffix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Differing {
    /// The differing characters of the expected value.
    pub expected: Range<usize>,
    /// The differing characters of the actual value.
    pub actual: Range<usize>,
}

/// Where `expected` and `actual` differ (common prefix and suffix left out), for marking; `None`
/// when they are equal, or when they share too little for marks to help.
///
/// Marks help a reader find a typo, a look-alike or hidden character, or a change of letter case.
/// When two values differ almost entirely (`2026-12-03T10:24:04Z` vs `2023-01-23T18:36:18Z`,
/// `refs/heads/main` vs `refs/heads/output-token`), the characters the prefix and suffix happen to
/// share would be left unmarked and read as a match. So the rule is: the differing part (the
/// longer of the two ranges) is marked only when it is at most 2 characters, or at most a third
/// of the longer value. Whatever its size, it is still marked when the values differ only in
/// letter case, or when the differing part of either value holds a character [`find`] reports
/// (hidden, look-alike, another script's letter).
pub fn differing(expected: &str, actual: &str) -> Option<Differing> {
    if expected == actual {
        return None;
    }
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = actual.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()).saturating_sub(prefix);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let d = Differing {
        expected: prefix..a.len().saturating_sub(suffix),
        actual: prefix..b.len().saturating_sub(suffix),
    };
    let changed = d.expected.len().max(d.actual.len());
    let longer = a.len().max(b.len());
    let small = changed <= 2 || changed.saturating_mul(3) <= longer;
    let case_only = expected.to_lowercase() == actual.to_lowercase();
    let suspect_in =
        |value: &str, range: &Range<usize>| find(value).iter().any(|f| range.contains(&f.index));
    let suspect = suspect_in(expected, &d.expected) || suspect_in(actual, &d.actual);
    (small || case_only || suspect).then_some(d)
}

/// `s` cut at a character range: (before, inside, after). A range beyond `s` is clamped.
pub fn split_chars<'a>(s: &'a str, range: &Range<usize>) -> (&'a str, &'a str, &'a str) {
    let byte = |n: usize| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let start = byte(range.start);
    let end = byte(range.end.max(range.start));
    let before = s.get(..start).unwrap_or_default();
    let inside = s.get(start..end).unwrap_or_default();
    let after = s.get(end..).unwrap_or_default();
    (before, inside, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ascii_values_nothing() {
        for s in [
            "system:serviceaccount:default:api",
            "repo:octo-org/octo-repo:ref:refs/heads/*",
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            "",
        ] {
            assert_eq!(find(s), Vec::new(), "{s}");
            assert!(is_clean(s));
            assert_eq!(describe("the value", s), None);
        }
    }

    #[test]
    fn find_cyrillic_a_names_it_and_its_look_alike() {
        let s = "system:serviceaccount:default:\u{0430}pi";
        let found = find(s);
        assert_eq!(
            found,
            vec![Suspect {
                index: 30,
                ch: '\u{0430}',
                name: "CYRILLIC SMALL LETTER A".into(),
                look: Look::LookAlike { like: 'a' },
            }]
        );
        assert_eq!(
            describe("the policy's value", s).as_deref(),
            Some(
                "the policy's value `system:serviceaccount:default:\u{0430}pi` contains `\u{0430}` \
                 U+0430 CYRILLIC SMALL LETTER A (character 31), which looks like `a`"
            )
        );
    }

    #[test]
    fn find_table_rows_each_kind_as_expected() {
        // (input, index, character, look): one row per kind of entry.
        let rows: [(&str, usize, char, Look); 8] = [
            ("\u{039F}K", 0, '\u{039F}', Look::LookAlike { like: 'O' }),
            ("a\u{FF41}", 1, '\u{FF41}', Look::LookAlike { like: 'a' }),
            ("x\u{FF1A}y", 1, '\u{FF1A}', Look::LookAlike { like: ':' }),
            ("v\u{FF11}", 1, '\u{FF11}', Look::LookAlike { like: '1' }),
            ("a\u{2010}b", 1, '\u{2010}', Look::LookAlike { like: '-' }),
            ("api\u{202E}x", 3, '\u{202E}', Look::Hidden),
            ("a\u{200B}", 1, '\u{200B}', Look::Hidden),
            (
                "ap\u{0434}",
                2,
                '\u{0434}',
                Look::OtherScript {
                    script: Script::Cyrillic,
                },
            ),
        ];
        for (s, index, ch, look) in rows {
            let found = find(s);
            assert_eq!(
                found
                    .iter()
                    .map(|f| (f.index, f.ch, f.look))
                    .collect::<Vec<_>>(),
                vec![(index, ch, look)],
                "{s:?}"
            );
        }
        assert_eq!(
            look_alike('\u{FF41}').map(|(_, n)| n).as_deref(),
            Some("FULLWIDTH LATIN SMALL LETTER A")
        );
        assert_eq!(
            look_alike('\u{FF11}').map(|(_, n)| n).as_deref(),
            Some("FULLWIDTH DIGIT ONE")
        );
        assert_eq!(
            look_alike('\u{FF01}'),
            None,
            "fullwidth `!` is not in the table"
        );
    }

    #[test]
    fn find_other_script_only_among_latin_letters() {
        // A value written in Cyrillic alone is not a look-alike of an ASCII one, except for the
        // letters drawn like ASCII ones.
        assert_eq!(find("\u{0434}\u{0436}"), Vec::new());
        assert_eq!(find("\u{0434}\u{0430}").len(), 1);
    }

    #[test]
    fn describe_hidden_character_is_named_not_written() {
        let d = describe("the token's `sub`", "api\u{202E}x").unwrap_or_default();
        assert_eq!(
            d,
            "the token's `sub` `api⟨U+202E⟩x` contains U+202E RIGHT-TO-LEFT OVERRIDE \
             (character 4), which is invisible or reorders the text around it"
        );
        assert!(!d.contains('\u{202E}'));
    }

    #[test]
    fn name_all_repeated_and_many_characters_summarised() {
        let found = find("\u{0430}\u{0430}\u{0435}\u{043E}\u{0440}\u{0441}x");
        let text = name_all(&found).unwrap_or_default();
        assert_eq!(
            text.matches("CYRILLIC SMALL LETTER A ").count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("; 1 more (6 such characters in all)"),
            "{text}"
        );
        assert_eq!(name_all(&[]), None);
    }

    #[test]
    fn differing_rows_give_character_ranges() {
        // (expected, actual, expected range, actual range)
        let rows: [(&str, &str, Range<usize>, Range<usize>); 6] = [
            ("default:api", "default:\u{0430}pi", 8..9, 8..9),
            ("abc", "abXc", 2..2, 2..3),
            ("abXc", "abc", 2..3, 2..2),
            ("aaa", "aa", 2..3, 2..2),
            ("", "x", 0..0, 0..1),
            ("\u{00E9}t\u{00E9}", "\u{00E9}T\u{00E9}", 1..2, 1..2),
        ];
        for (e, a, re, ra) in rows {
            assert_eq!(
                differing(e, a),
                Some(Differing {
                    expected: re,
                    actual: ra
                }),
                "{e:?} vs {a:?}"
            );
        }
        assert_eq!(differing("same", "same"), None);
    }

    #[test]
    fn differing_marks_nothing_when_values_share_too_little() {
        // A timestamp against another: only `202` and the final `Z` are shared.
        assert_eq!(
            differing("2026-12-03T10:24:04Z", "2023-01-23T18:36:18Z"),
            None
        );
        // Another branch: the trailing `n` of `main` would read as a match.
        assert_eq!(
            differing("refs/heads/main", "refs/heads/output-token"),
            None
        );
        assert_eq!(differing("main", "xxxn"), None);
    }

    #[test]
    fn differing_marks_a_typo_an_addition_and_a_short_value() {
        // A one-character typo in a subject.
        assert_eq!(
            differing(
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                "repo:octo-org/octo-rep:ref:refs/heads/main"
            ),
            Some(Differing {
                expected: 22..23,
                actual: 22..22
            })
        );
        // Two swapped letters of a short value (2 characters).
        assert_eq!(
            differing("main", "mian"),
            Some(Differing {
                expected: 1..3,
                actual: 1..3
            })
        );
        // Characters added, a third of the longer value.
        assert_eq!(
            differing("refs/heads/main", "refs/heads/main-extra"),
            Some(Differing {
                expected: 15..15,
                actual: 15..21
            })
        );
    }

    #[test]
    fn differing_marks_letter_case_and_look_alikes_whatever_their_size() {
        assert_eq!(
            differing("PROD", "prod"),
            Some(Differing {
                expected: 0..4,
                actual: 0..4
            })
        );
        // Cyrillic `а`, `р`, `е` for the whole of `ape`.
        assert_eq!(
            differing("team:ape", "team:\u{0430}\u{0440}\u{0435}"),
            Some(Differing {
                expected: 5..8,
                actual: 5..8
            })
        );
        // Hidden characters added after the value.
        assert_eq!(
            differing("api", "api\u{200B}\u{200B}\u{200B}\u{200B}"),
            Some(Differing {
                expected: 3..3,
                actual: 3..7
            })
        );
    }

    #[test]
    fn split_chars_cuts_on_characters_not_bytes() {
        assert_eq!(split_chars("d\u{0430}pi", &(1..2)), ("d", "\u{0430}", "pi"));
        assert_eq!(split_chars("ab", &(1..9)), ("a", "b", ""));
        let (start, end) = (5, 2);
        assert_eq!(split_chars("ab", &(start..end)), ("ab", "", ""));
        assert_eq!(split_chars("", &(0..0)), ("", "", ""));
    }
}
