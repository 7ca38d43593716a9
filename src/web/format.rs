//! Small display helpers: how statuses and severities are named and styled. Status is always
//! conveyed by text; the class only adds colour.

use crate::core::finding::{CheckStatus, Severity};
use crate::core::verify::SignatureStatus;

/// (CSS class, text) for a check outcome.
pub fn check_status(status: CheckStatus) -> (&'static str, &'static str) {
    match status {
        CheckStatus::Pass => ("status-pass", "✓ pass"),
        CheckStatus::Fail => ("status-fail", "✗ fail"),
        CheckStatus::Warn => ("status-warn", "! warning"),
        CheckStatus::Skipped => ("status-skipped", "– skipped"),
    }
}

/// (CSS class, text) for a finding's severity.
pub fn severity(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Danger => ("sev-danger", "danger"),
        Severity::Warning => ("sev-warning", "warning"),
        Severity::Info => ("sev-info", "info"),
    }
}

/// (CSS class, headline) for the signature verdict.
/// A verdict recorded in a share link was not checked here: it is styled and named as the
/// sender's, never as this page's own verification.
pub fn signature(status: SignatureStatus, recorded: bool) -> (&'static str, &'static str) {
    match (status, recorded) {
        (SignatureStatus::Valid, false) => ("sig-valid", "✓ Signature valid"),
        (SignatureStatus::Invalid, false) => ("sig-invalid", "✗ Signature invalid"),
        (SignatureStatus::Unverified, false) => ("sig-unverified", "? Signature not verified"),
        (SignatureStatus::Valid, true) => ("sig-recorded", "Recorded by the link: valid"),
        (SignatureStatus::Invalid, true) => ("sig-recorded", "Recorded by the link: invalid"),
        (SignatureStatus::Pending, _) => ("sig-unverified", "… Checking the signature"),
        (SignatureStatus::Unverified, true) => {
            ("sig-recorded", "Recorded by the link: not verified")
        }
    }
}

/// Where a document in use came from, in words. URLs are shown with hidden characters revealed.
pub fn source(source: &crate::core::session::KeySource) -> String {
    use crate::core::session::DocumentOrigin as Origin;
    use crate::core::session::KeySource as Source;
    match source {
        Source::Pasted { understood_as } if understood_as.is_empty() => "pasted".to_string(),
        Source::Pasted { understood_as } => format!("pasted ({})", shown(understood_as)),
        Source::Fetched {
            origin: Origin::Network,
            url,
        } => format!("fetched from {}", shown(url)),
        Source::Fetched {
            origin: Origin::Example,
            url,
        } => format!("built-in example (as if fetched from {})", shown(url)),
        Source::Fetched {
            origin: Origin::Shared,
            url,
        } => format!("from the shared link ({})", original(url)),
        Source::Fetched {
            origin: Origin::File,
            url,
        } => format!("read from {}", shown(url)),
    }
}

/// Where a document carried by a share link originally came from, in words.
pub fn original(url: &str) -> String {
    match origin_words(url) {
        _ if url.is_empty() => "the link does not say where it came from".to_string(),
        (words, Some(url)) => format!("originally {words}{url}"),
        (words, None) => format!("originally {words}"),
    }
}

/// A link's record of where its documents came from (`KeySource::link_origin`: `pasted`,
/// `example`, or the URL they were read from), in words, and the URL to show after them.
pub fn origin_words(origin: &str) -> (&'static str, Option<String>) {
    match origin {
        "pasted" => ("pasted by whoever made the link", None),
        "example" => ("the built-in example", None),
        url => ("read from ", Some(shown(url))),
    }
}

/// (CSS class, text) for a trust-policy condition or statement result.
pub fn tri(t: crate::core::policy::Tri) -> (&'static str, &'static str) {
    use crate::core::policy::Tri;
    match t {
        Tri::True => ("status-pass", "✓ true"),
        Tri::False => ("status-fail", "✗ false"),
        Tri::Unknown => ("status-warn", "? unknown"),
    }
}

/// (CSS class, text) for a principal or action match.
pub fn matched(ok: bool) -> (&'static str, &'static str) {
    if ok {
        ("status-pass", "✓ matches")
    } else {
        ("status-fail", "✗ does not match")
    }
}

/// A core message with its `backticked` values shown as code. Everything stays text: the
/// message is split, never parsed as markup, and the backticks stay in the text (collapsed by
/// CSS) so that copying or reading the text gives the core's message unchanged.
pub fn rich(text: &str) -> yew::Html {
    use yew::html;
    // Explanations quote the token's values: hidden characters in them are shown as ⟨U+…⟩.
    let text = shown(text);
    let text = text.as_str();
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks means they are not pairs: show the text as it is.
    if parts.len().is_multiple_of(2) {
        return html! { { text.to_string() } };
    }
    html! {
        { for parts.iter().enumerate().map(|(i, part)| {
            if i % 2 == 1 {
                html! {
                    <code class="inline">
                        <span class="tick">{ "`" }</span>
                        { (*part).to_string() }
                        <span class="tick">{ "`" }</span>
                    </code>
                }
            } else {
                html! { { (*part).to_string() } }
            }
        }) }
    }
}

/// (CSS class, text) for the trust policy's decision on one action.
pub fn decision(d: crate::core::policy::Decision) -> (&'static str, &'static str) {
    use crate::core::policy::Decision;
    match d {
        Decision::Allow => ("status-pass", "✓ allowed"),
        Decision::ExplicitDeny => ("status-fail", "✗ explicitly denied"),
        Decision::ImplicitDeny => (
            "status-fail",
            "✗ implicitly denied (no Allow statement applies)",
        ),
        Decision::Unknown => ("status-warn", "? undetermined"),
    }
}

/// `value` with invisible and direction-changing characters shown as ⟨U+…⟩ (see
/// [`crate::core::invisible`]), for every value from a token, document or policy the page shows.
pub fn shown(value: &str) -> String {
    crate::core::invisible::reveal(value).unwrap_or_else(|| value.to_owned())
}

/// `value` cut around the characters in `range` (see [`crate::core::confusable::differing`]):
/// (before, the differing characters, after), each with hidden characters revealed. Without a
/// range, the whole value is `before`.
pub fn diff_parts(value: &str, range: Option<&std::ops::Range<usize>>) -> (String, String, String) {
    let Some(range) = range else {
        return (shown(value), String::new(), String::new());
    };
    let (before, inside, after) = crate::core::confusable::split_chars(value, range);
    (shown(before), shown(inside), shown(after))
}

/// `value` as text with the characters in `range` inside a `<mark>` (where it differs from the
/// value it is compared with). Text nodes only, never markup from the value.
pub fn marked(value: &str, range: Option<&std::ops::Range<usize>>) -> yew::Html {
    use yew::html;
    let (before, inside, after) = diff_parts(value, range);
    html! {
        <>
            { breakable(&before) }
            if !inside.is_empty() {
                <mark class="diff-mark" data-testid="diff-mark">{ breakable(&inside) }</mark>
            }
            { breakable(&after) }
        </>
    }
}

/// Where a long value may wrap: after the separators of the identifiers people paste (ARNs,
/// URLs, `system:serviceaccount:NS:SA`, `repo:ORG/REPO:ref:…`), so lines end at a part's end
/// rather than mid-word. `<wbr>` adds no character: copying the text copies the value exactly.
pub fn breakable(text: &str) -> yew::Html {
    use yew::html;
    const AFTER: &[char] = &[':', '/', '.', '-', '_', '@', '=', ',', '|', '&', '?', '#'];
    // Values past this length (keys, signatures) wrap where the line ends, as before.
    if text.len() > 2000 || !text.contains(AFTER) {
        return html! { { text.to_owned() } };
    }
    html! {
        { for text.split_inclusive(AFTER).map(|part| html! { <>{ part.to_owned() }<wbr /></> }) }
    }
}

/// A list of values, each isolated for bidirectional text and shown as code.
pub fn values(values: &[String]) -> yew::Html {
    use yew::html;
    if values.is_empty() {
        return html! { <span class="muted">{ "(none)" }</span> };
    }
    html! {
        { for values.iter().enumerate().map(|(i, v)| html! {
            <>
                if i > 0 { { ", " } }
                <bdi class="mono value">{ breakable(&shown(v)) }</bdi>
            </>
        }) }
    }
}

/// The trust-policy error in a report, if the policy could not be read.
pub fn policy_error(
    report: &crate::core::report::Report,
) -> Option<&crate::core::policy::PolicyError> {
    report
        .policy_error
        .as_ref()
        .map(|crate::core::sts::StsInputError::Policy(e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_parts_cyrillic_letter_is_cut_out_on_characters() {
        let d = crate::core::confusable::differing("default:api", "default:\u{0430}pi");
        let parts = diff_parts("default:\u{0430}pi", d.as_ref().map(|d| &d.actual));
        assert_eq!(
            parts,
            (
                "default:".to_string(),
                "\u{0430}".to_string(),
                "pi".to_string()
            )
        );
    }

    #[test]
    fn diff_parts_hidden_character_is_revealed_inside_the_mark() {
        let d = crate::core::confusable::differing("api", "api\u{202E}");
        let parts = diff_parts("api\u{202E}", d.as_ref().map(|d| &d.actual));
        assert_eq!(
            parts,
            ("api".to_string(), "⟨U+202E⟩".to_string(), String::new())
        );
        assert_eq!(
            diff_parts("a\u{200B}", None),
            ("a⟨U+200B⟩".to_string(), String::new(), String::new())
        );
    }
}
