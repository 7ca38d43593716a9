//! Decoding a pasted token into its header, claims and signature — strictly.
//!
//! Invariants:
//! - Only compact JWS is accepted. JWE (five segments) and the JWS JSON serialization are named
//!   as such rather than reported as generic garbage.
//! - What a user pastes is tolerated around the token (whitespace, line breaks from wrapping, a
//!   `Bearer ` prefix, quotes) and every such repair is reported in [`Token::repairs`]. Inside the
//!   header and payload only strict, canonical, unpadded base64url is accepted (RFC 7515 §2,
//!   RFC 4648 §3.5). A signature segment that is not is kept as [`Token::signature_error`]: the
//!   token still decodes (header and claims are shown) and its signature is reported invalid.
//! - Header and payload must be JSON objects without duplicate member names.
//! - Nothing here looks at the signature's validity; see [`crate::core::verify`].

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::{Map, Value};

use super::json::{self, JsonError};

/// One of the three parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// The protected header (first segment).
    Header,
    /// The claims (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
}

impl Segment {
    /// Human name with its position, e.g. "payload (segment 2)".
    pub fn describe(self) -> &'static str {
        match self {
            Segment::Header => "header (segment 1)",
            Segment::Payload => "payload (segment 2)",
            Segment::Signature => "signature (segment 3)",
        }
    }
}

/// Why a pasted text is not a decodable compact JWS.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Nothing but whitespace was pasted.
    #[error(
        "no token: the input is empty (a GitHub Actions job gets no token unless its workflow \
         grants `permissions: id-token: write`)"
    )]
    Empty,
    /// The JWS JSON serialization (`{"payload": ..., "signatures": [...]}`).
    #[error(
        "this is a JWS in JSON serialization (an object with `payload` and `signature`); STS and \
         this page take the compact form `header.payload.signature`"
    )]
    JsonSerialization,
    /// A plain JSON document (for example the claims alone) instead of a token.
    #[error("this is a JSON document, not a token; expected `header.payload.signature`")]
    JsonDocument,
    /// Five dot-separated segments: an encrypted token.
    #[error(
        "this is a JWE (encrypted token, 5 segments); its claims cannot be read without the \
         recipient's private key, and STS accepts only signed tokens (JWS, 3 segments)"
    )]
    Jwe,
    /// Not three segments.
    #[error("expected 3 segments separated by `.`, found {found}{hint}")]
    SegmentCount {
        /// How many segments were found.
        found: usize,
        /// Extra explanation for the common cases.
        hint: &'static str,
    },
    /// A segment is not strict base64url.
    #[error("{} is not base64url: {detail}", segment.describe())]
    Base64 {
        /// The segment.
        segment: Segment,
        /// 0-based offset of the offending character within the segment, when known.
        offset: Option<usize>,
        /// What exactly is wrong.
        detail: String,
    },
    /// A segment decodes but is not UTF-8 JSON.
    #[error("{} is not JSON: {detail}", segment.describe())]
    NotJson {
        /// The segment.
        segment: Segment,
        /// The parser's message with its position.
        detail: String,
    },
    /// A segment is JSON but not an object.
    #[error("{} must be a JSON object, found {found}", segment.describe())]
    NotObject {
        /// The segment.
        segment: Segment,
        /// The JSON type found.
        found: &'static str,
    },
    /// A segment's JSON repeats a member name.
    #[error(
        "{} repeats a member: {detail}; a token with duplicate names is ambiguous (parsers \
         disagree on which value wins) and is rejected",
        segment.describe()
    )]
    DuplicateMember {
        /// The segment.
        segment: Segment,
        /// The duplicate's name and position.
        detail: String,
    },
    /// An opaque OAuth 2.0 access token from Login with Amazon (`Atza|…`) or Facebook (`EAA…`):
    /// not a JWT; STS takes it with `ProviderId`
    /// (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>).
    #[error(
        "this is an opaque OAuth access token from {}; it cannot be decoded; STS takes it with \
         `ProviderId` (`{}`), and the trust policy names `{}` in `Principal.Federated`",
        provider.label(), provider.provider_id(), provider.provider_id()
    )]
    OpaqueAccessToken {
        /// Whose token it is.
        provider: OpaqueProvider,
    },
}

/// The OAuth providers whose access tokens STS takes opaque, with `ProviderId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpaqueProvider {
    /// Login with Amazon: `Atza|…`.
    Amazon,
    /// Facebook: `EAA…`.
    Facebook,
}

impl OpaqueProvider {
    /// "Login with Amazon", "Facebook".
    pub fn label(self) -> &'static str {
        match self {
            OpaqueProvider::Amazon => "Login with Amazon",
            OpaqueProvider::Facebook => "Facebook",
        }
    }

    /// The `ProviderId` STS expects with it (also the `Federated` name).
    pub fn provider_id(self) -> &'static str {
        match self {
            OpaqueProvider::Amazon => "www.amazon.com",
            OpaqueProvider::Facebook => "graph.facebook.com",
        }
    }
}

/// Recognises an opaque Amazon (`Atza|…`) or Facebook (`EAA…`, letters and digits only) access
/// token in the cleaned-up paste. A JWT's header segment starts with `eyJ`, so neither form can
/// be a compact JWS.
fn opaque_access_token(text: &str) -> Option<OpaqueProvider> {
    if text.starts_with("Atza|") {
        Some(OpaqueProvider::Amazon)
    } else if text.starts_with("EAA")
        && text.len() >= 20
        && text.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        Some(OpaqueProvider::Facebook)
    } else {
        None
    }
}

impl DecodeError {
    /// Stable machine-readable code, used by the CLI's JSON report and by tests.
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty",
            DecodeError::JsonSerialization => "json_serialization",
            DecodeError::JsonDocument => "json_document",
            DecodeError::Jwe => "jwe",
            DecodeError::SegmentCount { .. } => "segment_count",
            DecodeError::Base64 { .. } => "base64",
            DecodeError::NotJson { .. } => "not_json",
            DecodeError::NotObject { .. } => "not_object",
            DecodeError::DuplicateMember { .. } => "duplicate_member",
            DecodeError::OpaqueAccessToken { .. } => "opaque_access_token",
        }
    }

    /// The segment at fault, if the error is about one.
    pub fn segment(&self) -> Option<Segment> {
        match self {
            DecodeError::Base64 { segment, .. }
            | DecodeError::NotJson { segment, .. }
            | DecodeError::NotObject { segment, .. }
            | DecodeError::DuplicateMember { segment, .. } => Some(*segment),
            _ => None,
        }
    }
}

/// A decoded compact JWS. Holding one says nothing about whether its signature is valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The compact token after the repairs listed in `repairs`.
    pub compact: String,
    /// What was removed from the pasted text to get `compact`.
    pub repairs: Vec<String>,
    /// The header as decoded JSON text.
    pub header_json: String,
    /// The payload as decoded JSON text.
    pub payload_json: String,
    /// The header's members, in their order.
    pub header: Map<String, Value>,
    /// The claims, in their order.
    pub claims: Map<String, Value>,
    /// The raw signature bytes (empty if the third segment is empty or not base64url).
    pub signature: Vec<u8>,
    /// Why the third segment is not strict base64url (non-canonical trailing bits, padding,
    /// a character outside the alphabet, …). Such a token still decodes, so its header and
    /// claims are shown; its signature is reported invalid with this reason.
    pub signature_error: Option<DecodeError>,
    /// Length in bytes of `header.payload`, the signing input.
    signing_input_len: usize,
}

impl Token {
    /// The bytes the signature covers: `BASE64URL(header) "." BASE64URL(payload)`.
    pub fn signing_input(&self) -> &[u8] {
        self.compact
            .as_bytes()
            .get(..self.signing_input_len)
            .unwrap_or_default()
    }

    /// The header's `alg`, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// The header's `kid`, if it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// A string claim.
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
}

/// Decodes a pasted token.
///
/// # Errors
/// Returns a [`DecodeError`] naming the segment and, where possible, the offending character.
pub fn decode(input: &str) -> Result<Token, DecodeError> {
    let (compact, repairs) = normalize(input)?;
    if let Some(provider) = opaque_access_token(&compact) {
        return Err(DecodeError::OpaqueAccessToken { provider });
    }
    let parts: Vec<&str> = compact.split('.').collect();
    let (h, p, s) = match parts.as_slice() {
        [h, p, s] => (*h, *p, *s),
        [_, _, _, _, _] => return Err(DecodeError::Jwe),
        other => {
            let found = other.len();
            let hint = match found {
                1 => " (no `.` at all: this is not a JWT)",
                2 => " (the signature segment is missing; a signed token ends with `.signature`)",
                _ => "",
            };
            return Err(DecodeError::SegmentCount { found, hint });
        }
    };
    let header_bytes = decode_segment(Segment::Header, h)?;
    let payload_bytes = decode_segment(Segment::Payload, p)?;
    let (signature, signature_error) = match decode_segment(Segment::Signature, s) {
        Ok(bytes) => (bytes, None),
        Err(err) => (Vec::new(), Some(err)),
    };
    let (header_json, header) = parse_object(Segment::Header, header_bytes)?;
    let (payload_json, claims) = parse_object(Segment::Payload, payload_bytes)?;
    let signing_input_len = h.len().saturating_add(1).saturating_add(p.len());
    Ok(Token {
        compact,
        repairs,
        header_json,
        payload_json,
        header,
        claims,
        signature,
        signature_error,
        signing_input_len,
    })
}

/// Strips what people paste around tokens, recording each repair.
fn normalize(input: &str) -> Result<(String, Vec<String>), DecodeError> {
    let mut repairs = Vec::new();
    // Line breaks come from wrapped copies (terminals, e-mails, YAML) and are never part of a
    // token; other whitespace inside a segment is left for the base64url check to report.
    let inner = input.trim();
    let breaks = inner.matches('\n').count();
    let joined: String;
    let mut text = if inner.contains(['\n', '\r']) {
        joined = inner.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        joined.as_str()
    } else {
        inner
    };
    if inner.len() != input.trim_end_matches(['\n', '\r']).len() {
        repairs.push("removed whitespace around the token".to_string());
    }
    if breaks > 0 {
        repairs.push(format!(
            "joined {breaks} line break{}",
            if breaks == 1 { "" } else { "s" }
        ));
    }
    for quote in ['"', '\'', '`'] {
        if text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote) {
            text = text
                .get(1..text.len().saturating_sub(1))
                .unwrap_or_default()
                .trim();
            repairs.push(format!("removed surrounding {quote} quotes"));
            break;
        }
    }
    // A header line copied whole: `Authorization: Bearer …`.
    if let Some(prefix) = text.get(..14)
        && prefix.eq_ignore_ascii_case("authorization:")
    {
        text = text.get(14..).unwrap_or_default().trim_start();
        repairs.push("removed the `Authorization:` header name".to_string());
    }
    if let Some(prefix) = text.get(..7)
        && prefix.eq_ignore_ascii_case("bearer ")
    {
        text = text.get(7..).unwrap_or_default().trim_start();
        repairs.push("removed the `Bearer ` prefix".to_string());
    }
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    if text.starts_with('{') {
        return Err(match json::parse_strict(text) {
            Ok(Value::Object(m))
                if m.contains_key("payload")
                    && (m.contains_key("signatures") || m.contains_key("signature")) =>
            {
                DecodeError::JsonSerialization
            }
            _ => DecodeError::JsonDocument,
        });
    }
    Ok((text.to_string(), repairs))
}

fn decode_segment(segment: Segment, text: &str) -> Result<Vec<u8>, DecodeError> {
    // Explain the usual culprits before the decoder's generic complaint.
    if let Some((offset, c)) = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        let detail = match c {
            '=' => format!(
                "padding `=` at offset {offset}; base64url in JWS is unpadded (RFC 7515 §2)"
            ),
            '+' | '/' => format!(
                "`{c}` at offset {offset} belongs to standard base64; base64url uses `-` and `_`"
            ),
            c if c.is_whitespace() => format!(
                "whitespace ({}) at offset {offset} inside the segment",
                describe_char(c)
            ),
            c => format!(
                "unexpected character {} at offset {offset}",
                describe_char(c)
            ),
        };
        return Err(DecodeError::Base64 {
            segment,
            offset: Some(offset),
            detail,
        });
    }
    URL_SAFE_NO_PAD.decode(text).map_err(|e| {
        let (offset, detail) = match e {
            base64::DecodeError::InvalidLastSymbol(offset, b) => (
                Some(offset),
                format!(
                    "last character `{}` at offset {offset} has non-zero unused bits (non-canonical encoding)",
                    char::from(b)
                ),
            ),
            base64::DecodeError::InvalidLength(len) => (
                None,
                format!("length {len} is impossible for base64url (a length of 4n+1 characters never decodes)"),
            ),
            base64::DecodeError::InvalidByte(offset, b) => (
                Some(offset),
                format!("unexpected character {} at offset {offset}", describe_char(char::from(b))),
            ),
            base64::DecodeError::InvalidPadding => (None, "unexpected padding".to_string()),
        };
        DecodeError::Base64 {
            segment,
            offset,
            detail,
        }
    })
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        c if c.is_control() || !c.is_ascii() => format!("U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

fn parse_object(
    segment: Segment,
    bytes: Vec<u8>,
) -> Result<(String, Map<String, Value>), DecodeError> {
    let text = String::from_utf8(bytes).map_err(|e| DecodeError::NotJson {
        segment,
        detail: format!(
            "decoded bytes are not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    match json::parse_strict(&text) {
        Ok(Value::Object(map)) => Ok((text, map)),
        Ok(other) => Err(DecodeError::NotObject {
            segment,
            found: json::kind_of(&other),
        }),
        Err(JsonError {
            duplicate: true, ..
        }) => Err(DecodeError::DuplicateMember {
            segment,
            detail: json::parse_strict(&text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default(),
        }),
        Err(e) => Err(DecodeError::NotJson {
            segment,
            detail: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    fn token(h: &str, p: &str, s: &str) -> String {
        format!("{}.{}.{}", b64(h), b64(p), s)
    }

    #[test]
    fn decode_minimal_ok() {
        let t = decode(&token(r#"{"alg":"RS256"}"#, r#"{"sub":"x"}"#, "AQID")).unwrap();
        assert_eq!(t.alg(), Some("RS256"));
        assert_eq!(t.claim_str("sub"), Some("x"));
        assert_eq!(t.signature, vec![1, 2, 3]);
        let dot = t.compact.rfind('.').unwrap();
        assert_eq!(t.signing_input(), &t.compact.as_bytes()[..dot]);
        assert!(t.repairs.is_empty());
    }

    #[test]
    fn decode_bearer_quotes_and_wrapping_repaired() {
        let tok = token(r#"{"alg":"RS256"}"#, r#"{"sub":"x"}"#, "AQID");
        let (a, b) = tok.split_at(10);
        let pasted = format!("  \"Bearer {a}\n{b}\"\n");
        let t = decode(&pasted).unwrap();
        assert_eq!(t.compact, tok);
        assert_eq!(t.repairs.len(), 4, "{:?}", t.repairs);
        let header = decode(&format!("Authorization: Bearer {tok}")).unwrap();
        assert_eq!(header.compact, tok);
        assert_eq!(
            header.repairs,
            [
                "removed the `Authorization:` header name",
                "removed the `Bearer ` prefix"
            ]
        );
    }

    #[test]
    fn decode_padding_reports_offset() {
        let tok = format!("{}=.{}.AQID", b64(r#"{"alg":"RS256"}"#), b64("{}"));
        let err = decode(&tok).unwrap_err();
        assert_eq!(err.code(), "base64");
        assert_eq!(err.segment(), Some(Segment::Header));
        assert!(err.to_string().contains("padding"), "{err}");
    }

    #[test]
    fn decode_space_inside_segment_rejected() {
        let tok = format!("{}.{} x.AQID", b64(r#"{"alg":"RS256"}"#), b64("{}"));
        let err = decode(&tok).unwrap_err();
        assert!(err.to_string().contains("(a space) at offset 3"), "{err}");
    }

    #[test]
    fn decode_non_canonical_last_symbol_rejected() {
        // "AQ" is canonical for one byte; "AR" leaves a non-zero unused bit in its last symbol.
        let tok = format!("{}.AR.AQID", b64(r#"{"alg":"RS256"}"#));
        let err = decode(&tok).unwrap_err();
        assert_eq!(err.code(), "base64");
        assert_eq!(err.segment(), Some(Segment::Payload));
        assert!(err.to_string().contains("non-canonical"), "{err}");
    }

    #[test]
    fn decode_undecodable_signature_still_decodes_with_reason() {
        // (signature segment, what the reason must mention)
        let table = [
            ("AR", "non-canonical"),
            ("AQID=", "padding"),
            ("AQ+D", "standard base64"),
            ("AQIDB", "impossible"),
            ("AQ\tD", "a tab"),
        ];
        for (sig, says) in table {
            let tok = token(r#"{"alg":"RS256"}"#, r#"{"sub":"x"}"#, sig);
            let t = decode(&tok).unwrap();
            assert_eq!(t.claim_str("sub"), Some("x"), "{sig}");
            assert!(t.signature.is_empty(), "{sig}");
            let err = t.signature_error.unwrap();
            assert_eq!(err.segment(), Some(Segment::Signature), "{sig}");
            assert!(err.to_string().contains(says), "{sig}: {err}");
        }
        let ok = decode(&token(r#"{"alg":"RS256"}"#, "{}", "AQID")).unwrap();
        assert_eq!(ok.signature_error, None);
    }

    #[test]
    fn decode_segment_counts_named() {
        assert_eq!(decode("a.b").unwrap_err().code(), "segment_count");
        assert_eq!(decode("a.b.c.d.e").unwrap_err().code(), "jwe");
        assert_eq!(decode("   ").unwrap_err().code(), "empty");
        assert_eq!(
            decode(r#"{"payload":"x","signatures":[]}"#)
                .unwrap_err()
                .code(),
            "json_serialization"
        );
        assert_eq!(
            decode(r#"{"sub":"x"}"#).unwrap_err().code(),
            "json_document"
        );
    }

    #[test]
    fn decode_duplicate_and_non_object() {
        let dup = token(r#"{"alg":"RS256","alg":"none"}"#, "{}", "");
        assert_eq!(decode(&dup).unwrap_err().code(), "duplicate_member");
        let arr = token("[]", "{}", "");
        let err = decode(&arr).unwrap_err();
        assert_eq!(err.code(), "not_object");
        assert!(err.to_string().contains("found an array"));
        let raw = format!(
            "{}.{}.",
            b64(r#"{"alg":"RS256"}"#),
            URL_SAFE_NO_PAD.encode([0xff, 0xfe])
        );
        assert_eq!(decode(&raw).unwrap_err().code(), "not_json");
    }
}

#[cfg(test)]
mod opaque_tests {
    use super::*;

    #[test]
    fn opaque_access_token_table_recognises_only_amazon_and_facebook() {
        let facebook = format!("EAA{}", "Bw2ZCkq7ZAs9ZBxyz0123456789".repeat(6));
        let cases: [(&str, &str, Option<OpaqueProvider>); 8] = [
            (
                "amazon",
                "Atza|IwEBIA0123-abc_DEF.ghi",
                Some(OpaqueProvider::Amazon),
            ),
            ("facebook", &facebook, Some(OpaqueProvider::Facebook)),
            ("facebook_too_short", "EAAB", None),
            ("facebook_with_dots", "EAAB0123456789abcdefgh.x.y", None),
            ("jwt", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", None),
            ("amazon_refresh", "Atzr|IwEBIA", None),
            ("lower_case_prefix", "atza|IwEBIA", None),
            ("empty", "", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(opaque_access_token(text), want, "{name}");
        }
    }

    #[test]
    fn decode_amazon_access_token_says_opaque_with_provider_id() {
        let err = decode("Bearer Atza|IwEBIA0123abc").unwrap_err();
        assert_eq!(err.code(), "opaque_access_token");
        assert_eq!(
            err,
            DecodeError::OpaqueAccessToken {
                provider: OpaqueProvider::Amazon
            }
        );
        let text = err.to_string();
        assert!(
            text.contains("opaque OAuth access token from Login with Amazon")
                && text.contains("cannot be decoded")
                && text.contains("`ProviderId` (`www.amazon.com`)"),
            "{text}"
        );
    }

    #[test]
    fn decode_facebook_access_token_after_repairs_says_opaque() {
        let token = format!("EAA{}", "Zx9".repeat(40));
        let err = decode(&format!("  \"{token}\"\n")).unwrap_err();
        assert_eq!(
            err,
            DecodeError::OpaqueAccessToken {
                provider: OpaqueProvider::Facebook
            }
        );
        assert!(err.to_string().contains("`graph.facebook.com`"), "{err}");
        assert_eq!(err.segment(), None);
    }
}
