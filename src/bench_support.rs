//! Inputs for the benchmarks (feature `bench`): the built-in example and synthetic worst cases.
//! Shared by the native criterion benches and the in-browser benchmark page so both measure
//! the same work. Not part of the shipped page.

use serde_json::{Value, json};

/// The built-in example token (EKS IRSA, RS256).
pub const EXAMPLE_TOKEN: &str = include_str!("../tests/fixtures/example/token.jwt");
/// Its JWKS.
pub const EXAMPLE_JWKS: &str = include_str!("../tests/fixtures/example/jwks.json");
/// Its discovery document.
pub const EXAMPLE_DISCOVERY: &str =
    include_str!("../tests/fixtures/example/openid-configuration.json");
/// Its trust policy.
pub const EXAMPLE_POLICY: &str = include_str!("../tests/fixtures/example/trust-policy.json");

/// A trust policy of `statements` Allow statements with `conditions` conditions each, all
/// evaluated for the example token; only the last statement matches, so every statement and
/// condition is visited.
pub fn large_policy(statements: usize, conditions: usize) -> String {
    let prefix = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678";
    let provider = format!("arn:aws:iam::111122223333:oidc-provider/{prefix}");
    let operators = [
        "StringEquals",
        "StringLike",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "ForAnyValue:StringLike",
        "StringNotLike",
        "Null",
        "StringLikeIfExists",
        "DateLessThan",
        "NumericLessThan",
    ];
    let mut list = Vec::new();
    for s in 0..statements {
        let last = s + 1 == statements;
        let mut cond = serde_json::Map::new();
        for c in 0..conditions {
            let op = operators
                .get(c % operators.len())
                .copied()
                .unwrap_or("StringEquals");
            let (key, value): (String, Value) = match op {
                "Null" => (format!("{prefix}:email"), json!("true")),
                "DateLessThan" => ("aws:CurrentTime".into(), json!("2099-01-01T00:00:00Z")),
                "NumericLessThan" => ("aws:EpochTime".into(), json!(4_000_000_000u64)),
                "StringNotEquals" | "StringNotLike" => (
                    format!("{prefix}:sub"),
                    json!(format!("system:serviceaccount:other{c}:*")),
                ),
                _ if last => (
                    format!("{prefix}:sub"),
                    json!([
                        "system:serviceaccount:payments:api",
                        "system:serviceaccount:payments:*"
                    ]),
                ),
                _ => (
                    format!("{prefix}:sub"),
                    json!([
                        format!("system:serviceaccount:team{s}:svc{c}"),
                        format!("system:serviceaccount:team{s}:*")
                    ]),
                ),
            };
            let block = cond.entry(op.to_string()).or_insert_with(|| json!({}));
            if let Some(m) = block.as_object_mut() {
                // Distinct keys per operator block: add a suffix to repeated keys via IfExists twins.
                let k = if m.contains_key(&key) {
                    format!("{key}{c}")
                } else {
                    key
                };
                m.insert(k, value);
            }
        }
        list.push(json!({"Sid": format!("S{s}"), "Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond}));
    }
    json!({"Version": "2012-10-17", "Statement": list}).to_string()
}

/// A well-formed, unsigned-looking token of exactly `chars` characters (STS accepts up to
/// 20,000), padded with a long claim; for `chars` too small to hold the structure, the smallest.
pub fn long_token(chars: usize) -> String {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let sig = b64(&"\u{1}".repeat(256));
    let build = |kid: usize, pad: usize| {
        let header = b64(&json!({"alg": "RS256", "kid": "k".repeat(kid)}).to_string());
        let payload = b64(&json!({"iss": "https://issuer.example", "sub": "s", "aud": "sts.amazonaws.com", "exp": 4_000_000_000u64, "pad": "x".repeat(pad)}).to_string());
        format!("{header}.{payload}.{sig}")
    };
    let smallest = build(1, 0);
    // Unpadded base64 never has a length of 4k + 1: a longer kid shifts the header by one.
    let estimate = chars.saturating_sub(smallest.len()).saturating_mul(3) / 4;
    (1..5)
        .flat_map(|kid| (estimate.saturating_sub(4)..estimate + 4).map(move |pad| (kid, pad)))
        .map(|(kid, pad)| build(kid, pad))
        .find(|t| t.len() == chars)
        .unwrap_or(smallest)
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_token_has_the_asked_length_and_decodes() {
        for chars in [20_000, 19_999, 19_998, 19_997, 5_000] {
            let t = super::long_token(chars);
            assert_eq!(t.len(), chars);
            assert!(crate::core::jwt::decode(&t).is_ok(), "{chars}");
        }
    }
}
