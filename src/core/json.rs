//! Strict JSON parsing shared by every document TokenScope reads (token segments, JWKS, discovery
//! documents, trust policies).
//!
//! `serde_json` silently keeps the last of two members with the same name. For security-relevant
//! documents that hides an attack (a second `alg`, a second `sub`), so [`parse_strict`] rejects
//! duplicates and reports where they are. Member order is preserved (serde_json `preserve_order`),
//! so documents are shown the way their author wrote them.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why a text is not acceptable JSON, with the 1-based position serde_json reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {line}, column {column}")]
pub struct JsonError {
    /// What is wrong, in words (`duplicate member \`alg\``, `expected value`, ...).
    pub message: String,
    /// 1-based line of the offending character.
    pub line: usize,
    /// 1-based column of the offending character, counted in characters (serde_json counts
    /// bytes; a caret under the text and an editor's `line:col` count characters).
    pub column: usize,
    /// True when the text is well-formed JSON except for a repeated member name.
    pub duplicate: bool,
}

const DUPLICATE_PREFIX: &str = "duplicate member ";

/// Parses `text` as one JSON value, rejecting objects that repeat a member name.
///
/// # Errors
/// Returns [`JsonError`] for syntax errors, trailing characters and duplicate member names.
pub fn parse_strict(text: &str) -> Result<Value, JsonError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictValue
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| error_in(text, &e))?;
    Ok(value)
}

/// Parses a text holding one or more JSON values one after another (e.g. a discovery document
/// followed by a JWKS), each strictly.
///
/// # Errors
/// Returns [`JsonError`] for the first value that does not parse.
pub fn parse_strict_stream(text: &str) -> Result<Vec<Value>, JsonError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut out = Vec::new();
    loop {
        // `end` succeeds only when nothing but whitespace remains.
        if de.end().is_ok() {
            return Ok(out);
        }
        let value = StrictValue
            .deserialize(&mut de)
            .map_err(|e| error_in(text, &e))?;
        out.push(value);
    }
}

/// serde_json's error for `text`, with its byte column turned into a character column.
pub fn error_in(text: &str, err: &serde_json::Error) -> JsonError {
    let full = err.to_string();
    // serde_json appends " at line L column C"; keep the message without it.
    let message = match full.rfind(" at line ") {
        Some(idx) => full.get(..idx).unwrap_or(&full).to_string(),
        None => full.clone(),
    };
    JsonError {
        duplicate: message.starts_with(DUPLICATE_PREFIX),
        message,
        line: err.line(),
        column: char_column(text, err.line(), err.column()),
    }
}

/// The 1-based character column of the 1-based byte column `byte_column` on line `line`.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(content) = line.checked_sub(1).and_then(|i| text.split('\n').nth(i)) else {
        return byte_column;
    };
    // The bytes before the column, up to the nearest character boundary.
    let mut end = byte_column.saturating_sub(1).min(content.len());
    while !content.is_char_boundary(end) {
        end = end.saturating_sub(1);
    }
    content
        .get(..end)
        .map_or(byte_column, |s| s.chars().count().saturating_add(1))
}

/// A `serde_json::Value` seed that refuses duplicate member names.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never produces non-finite floats, so `from_f64` only fails on NaN/inf.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        StrictValue.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("{DUPLICATE_PREFIX}`{key}`")));
            }
            let value = map.next_value_seed(StrictValue)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A short, single-line description of a JSON value's type, for "expected X, found Y" messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_strict_duplicate_member_rejected_with_position() {
        let err = parse_strict("{\"alg\":\"RS256\",\n \"alg\":\"none\"}").unwrap_err();
        assert!(err.duplicate);
        assert_eq!(err.message, "duplicate member `alg`");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn parse_strict_nested_duplicate_rejected() {
        let err = parse_strict(r#"{"a":{"b":1,"b":2}}"#).unwrap_err();
        assert!(err.duplicate);
    }

    #[test]
    fn parse_strict_keeps_member_order() {
        let v = parse_strict(r#"{"z":1,"a":2}"#).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["z", "a"]);
    }

    #[test]
    fn parse_strict_trailing_garbage_rejected() {
        let err = parse_strict("{} x").unwrap_err();
        assert!(!err.duplicate);
        assert_eq!(err.column, 4);
    }

    #[test]
    fn error_columns_count_characters_not_bytes() {
        // serde_json says column 12 (bytes); the `x` is the 8th character.
        let text = "{\"é€😀\": x}";
        let err = parse_strict(text).unwrap_err();
        assert_eq!(text.chars().nth(err.column - 1), Some('x'), "{err:?}");
        let err = parse_strict("{\n \"a\": 1,\n \"ü\": ü}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 7), "{err:?}");
    }

    #[test]
    fn parse_strict_stream_two_documents() {
        let v = parse_strict_stream("{\"a\":1}\n{\"b\":2}\n").unwrap();
        assert_eq!(v.len(), 2);
        assert!(parse_strict_stream("  ").unwrap().is_empty());
    }
}
