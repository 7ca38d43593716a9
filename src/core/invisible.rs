//! Characters that change how a value looks without being seen: bidirectional controls (which
//! reorder the text around them, as in "Trojan Source"), zero-width characters and other
//! controls. STS and IAM compare the raw characters, so a claim such as
//! `system:serviceaccount:prod\u{202E}...` can look like one value and be another.
//!
//! The page shows such values with every invisible character replaced by a visible marker, and
//! says so; nothing here changes a value that is compared.

use std::fmt::Write as _;

/// One invisible character and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invisible {
    /// Its position, in characters from the start.
    pub index: usize,
    /// The character.
    pub ch: char,
    /// Its Unicode name (or a description for control characters).
    pub name: &'static str,
}

/// The Unicode name of `c` when it is invisible or direction-changing, else `None`.
///
/// Covers the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
/// directional marks (U+200E, U+200F, U+061C), zero-width and other format characters (Unicode
/// category Cf: U+200B–U+200D, U+2060–U+2064, U+206A–U+206F, U+FEFF, U+FFF9–U+FFFB, U+180E, the
/// tag characters U+E0000–U+E007F used to smuggle hidden ASCII, …), invisible fillers and
/// joiners (U+034F, the Hangul fillers, variation selectors), line and paragraph separators
/// (U+2028, U+2029), and every control character, tab and line breaks included (a carriage
/// return or an escape sequence in a claim would rewrite a terminal's line).
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BOM)",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\t' => "CHARACTER TABULATION",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{E0000}'..='\u{E007F}' => "tag character",
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => "variation selector",
        '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "invisible filler",
        '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{180E}'
        | '\u{2061}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' => "format character",
        c if c.is_control() => "control character",
        _ => return None,
    })
}

/// Every invisible or direction-changing character in `s`, in order.
pub fn find(s: &str) -> Vec<Invisible> {
    s.chars()
        .enumerate()
        .filter_map(|(index, ch)| invisible_name(ch).map(|name| Invisible { index, ch, name }))
        .collect()
}

/// `s` with every invisible character replaced by a visible `⟨U+XXXX⟩`; `None` when there is
/// none (show `s` as it is).
pub fn reveal(s: &str) -> Option<String> {
    replace_where(
        s,
        |_| true,
        |out, c| {
            let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
        },
    )
}

/// `json` (JSON text) with every invisible character written as its `\uXXXX` escape, which
/// denotes the same string; `None` when there is none.
pub fn escape_in_json(json: &str) -> Option<String> {
    // Tab, LF and CR only occur in JSON text as whitespace between tokens (inside strings they
    // are already escaped), so they stay.
    replace_where(
        json,
        |c| !matches!(c, '\t' | '\n' | '\r'),
        |out, c| {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04X}");
            }
        },
    )
}

/// `text` (a whole report written by TokenScope) with every invisible character made visible
/// except line feeds, which are the text's own line breaks; `None` when there is none.
pub fn reveal_in_text(text: &str) -> Option<String> {
    replace_where(
        text,
        |c| c != '\n',
        |out, c| {
            let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
        },
    )
}

fn replace_where(
    s: &str,
    applies: impl Fn(char) -> bool,
    mut visible: impl FnMut(&mut String, char),
) -> Option<String> {
    let hidden = |c: char| invisible_name(c).is_some() && applies(c);
    if !s.chars().any(hidden) {
        return None;
    }
    let mut out = String::with_capacity(s.len().saturating_add(16));
    for c in s.chars() {
        if hidden(c) {
            visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A sentence describing the invisible characters in a value, for a note.
pub fn describe(found: &[Invisible]) -> Option<String> {
    let first = found.first()?;
    let mut names: Vec<String> = Vec::new();
    for f in found {
        let label = format!("U+{:04X} {}", u32::from(f.ch), f.name);
        if !names.contains(&label) {
            names.push(label);
        }
    }
    let count = found.len();
    Some(format!(
        "contains {count} invisible or direction-changing character{} ({}; the first at \
         character {}), shown here as ⟨U+…⟩. What a browser or terminal displays is not what STS \
         compares: check the value against the policy character by character.",
        if count == 1 { "" } else { "s" },
        names.join(", "),
        first.index.saturating_add(1)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(reveal("system:serviceaccount:default:api"), None);
        assert_eq!(escape_in_json("{\n\t\"a\": \"b\\tc\"\r\n}"), None);
        assert_eq!(reveal_in_text("line one\nline two\n"), None);
        assert_eq!(describe(&[]), None);
    }

    #[test]
    fn bidi_override_is_revealed_and_described() {
        let s = "invoice\u{202E}gpj.exe";
        let found = find(s);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found.first().map(|f| (f.index, f.name)),
            Some((7, "RIGHT-TO-LEFT OVERRIDE"))
        );
        assert_eq!(reveal(s).as_deref(), Some("invoice⟨U+202E⟩gpj.exe"));
        let d = describe(&found).unwrap_or_default();
        assert!(
            d.contains("1 invisible or direction-changing character ("),
            "{d}"
        );
        assert!(
            d.contains("U+202E RIGHT-TO-LEFT OVERRIDE; the first at character 8"),
            "{d}"
        );
    }

    #[test]
    fn json_escapes_denote_the_same_string() {
        // U+0085 (a C1 control) and U+E0041 (a tag character, two UTF-16 units) are written raw
        // by serde_json; pretty-printing adds LF and spaces between tokens, which stay.
        let value = serde_json::json!({"sub": "a\u{2066}b\u{200B}c\u{85}d\u{E0041}"});
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        let escaped = escape_in_json(&text).unwrap_or_default();
        assert!(
            escaped.contains("a\\u2066b\\u200Bc\\u0085d\\uDB40\\uDC41"),
            "{escaped}"
        );
        assert!(escaped.starts_with("{\n  \"sub\""), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, value);
    }

    #[test]
    fn line_breaks_and_escapes_in_values_are_revealed() {
        assert_eq!(
            reveal("a\rFAKE\u{1b}[31m\nb\tc").as_deref(),
            Some("a⟨U+000D⟩FAKE⟨U+001B⟩[31m⟨U+000A⟩b⟨U+0009⟩c")
        );
        // In a whole report only the report's own line breaks stay.
        assert_eq!(
            reveal_in_text("x = a\rb\u{202E}\n").as_deref(),
            Some("x = a⟨U+000D⟩b⟨U+202E⟩\n")
        );
        assert_eq!(find("\u{E0041}\u{FE0F}\u{3164}").len(), 3);
    }

    #[test]
    fn repeated_characters_are_named_once() {
        let found = find("\u{200B}a\u{200B}b\u{202D}");
        let d = describe(&found).unwrap_or_default();
        assert!(d.starts_with("contains 3 invisible"), "{d}");
        assert_eq!(d.matches("ZERO WIDTH SPACE").count(), 1, "{d}");
    }
}
