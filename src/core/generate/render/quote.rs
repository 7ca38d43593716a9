//! Writing a value from a token into each artefact's syntax so that it stays one literal value:
//! HCL quoted strings, YAML double-quoted scalars, POSIX shell words and comments.
//!
//! Invariant: every value is treated as hostile. Whatever it contains, the quoted form parses
//! back to exactly the value (or the function refuses it), and nothing in it can end the
//! string, start an interpolation, or end a comment line.

use std::fmt::Write as _;

use crate::core::invisible;

/// `value` as an HCL quoted string (Terraform): `\`, `"` and line breaks escaped, `${` and `%{`
/// written `$${` and `%%{` (a template's literal escapes), and every control, invisible or
/// direction-changing character written `\uNNNN` / `\UNNNNNNNN`, so the text shows what the
/// value holds.
///
/// HCL native syntax, "Template Literals" and the escapes of quoted templates
/// (<https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md>).
pub fn hcl_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len().saturating_add(2));
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if needs_escape(c) => escape_u(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` as a YAML double-quoted scalar: `\` and `"` escaped, and every character that YAML
/// does not allow printed (its `c-printable` set), every line break (YAML 1.1, which
/// CloudFormation reads, also breaks lines at U+0085, U+2028 and U+2029) and every invisible or
/// direction-changing character written `\uNNNN` / `\UNNNNNNNN`. A double-quoted scalar is always
/// a string (never `yes`, `null` or a number), in YAML 1.1 and 1.2 alike.
///
/// YAML 1.2.2 §5.1 (character set), §5.7 (escaped characters), §7.3.1 (double-quoted style).
pub fn yaml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len().saturating_add(2));
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if needs_escape(c) || !yaml_printable(c) => escape_u(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` as one POSIX shell word in single quotes (`'` written `'\''`), or `None` when it
/// holds a control, invisible or direction-changing character: inside single quotes the shell
/// would pass it on, but the command a person reads could then differ from the one that runs.
///
/// POSIX Shell Command Language §2.2.2 (single quotes).
pub fn shell_word(value: &str) -> Option<String> {
    if value.chars().any(needs_escape) {
        return None;
    }
    let mut out = String::with_capacity(value.len().saturating_add(2));
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    Some(out)
}

/// `text` as comment lines starting with `marker` (`#` in HCL, YAML and the shell): every
/// control, invisible or line-breaking character in it shown as `⟨U+XXXX⟩`, so a value cannot
/// end the comment and be read as code. Ends with a newline.
pub fn comment(marker: &str, text: &str) -> String {
    let shown = invisible::reveal(text).unwrap_or_else(|| text.to_string());
    let mut out = String::with_capacity(shown.len().saturating_add(marker.len()).saturating_add(2));
    out.push_str(marker);
    if !shown.is_empty() {
        out.push(' ');
        out.push_str(&shown);
    }
    out.push('\n');
    out
}

/// Characters written escaped wherever they occur: controls (line breaks included), and the
/// invisible and direction-changing characters of [`invisible`].
fn needs_escape(c: char) -> bool {
    c.is_control() || invisible::invisible_name(c).is_some()
}

/// YAML's `c-printable`: TAB, LF, CR, printable ASCII, NEL, and U+00A0 up (surrogates and
/// U+FFFE/U+FFFF excluded).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}')
        || matches!(c, '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `\uNNNN` for the basic plane, `\UNNNNNNNN` above it (both HCL and YAML read these).
fn escape_u(out: &mut String, c: char) {
    let n = u32::from(c);
    if n <= 0xFFFF {
        let _ = write!(out, "\\u{n:04X}");
    } else {
        let _ = write!(out, "\\U{n:08X}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_string_escapes_quotes_templates_and_controls() {
        assert_eq!(hcl_string("plain"), "\"plain\"");
        assert_eq!(hcl_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(hcl_string("${x}%{y}"), r#""$${x}%%{y}""#);
        // A `$` not before `{` stays; a run of `$` before `{` escapes only the last.
        assert_eq!(hcl_string("$a $${"), r#""$a $$${""#);
        assert_eq!(hcl_string("a\nb\u{202E}c"), r#""a\nb\u202Ec""#);
        assert_eq!(hcl_string("\u{E0041}"), r#""\U000E0041""#);
        assert_eq!(hcl_string("café"), "\"café\"");
    }

    #[test]
    fn yaml_string_is_always_a_quoted_string() {
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            yaml_string("a\u{2028}b\u{85}c\u{7F}"),
            r#""a\u2028b\u0085c\u007F""#
        );
        assert_eq!(yaml_string("\u{FFFE}"), r#""\uFFFE""#);
        assert_eq!(yaml_string("é ${x} #c: d"), "\"é ${x} #c: d\"");
    }

    #[test]
    fn shell_word_single_quotes_and_refuses_controls() {
        assert_eq!(shell_word("a b").as_deref(), Some("'a b'"));
        assert_eq!(shell_word("it's").as_deref(), Some(r"'it'\''s'"));
        assert_eq!(shell_word("$(x) `y` \\").as_deref(), Some("'$(x) `y` \\'"));
        assert_eq!(shell_word("a\nb"), None);
        assert_eq!(shell_word("a\u{1B}[2K"), None);
        assert_eq!(shell_word("a\u{202E}b"), None);
    }

    #[test]
    fn comment_cannot_be_ended_by_a_value() {
        assert_eq!(comment("#", "x\ny = 1"), "# x⟨U+000A⟩y = 1\n");
        assert_eq!(comment("#", "a\u{2028}b"), "# a⟨U+2028⟩b\n");
        assert_eq!(comment("#", ""), "#\n");
    }
}
