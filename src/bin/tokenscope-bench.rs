//! The in-browser benchmark page's entry (`scripts/bench` builds it from bench/index.html with
//! feature `bench`). It exports the core's hot paths to JavaScript so the benchmark can time them
//! in the same page run as WebCrypto. Not part of the shipped page.

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    use tokenscope::bench_support::{
        EXAMPLE_DISCOVERY, EXAMPLE_JWKS, EXAMPLE_POLICY, EXAMPLE_TOKEN, large_policy, long_token,
    };
    use tokenscope::core::jwk::{KeySet, parse_key_input};
    use tokenscope::core::jwt::{self, Token};
    use tokenscope::core::report::{AnalysisInput, AnalysisOptions, analyze_with};
    use tokenscope::core::sts::{self, StsRequest};
    use tokenscope::core::verify::{self, SignatureReport};
    use wasm_bindgen::prelude::*;

    struct Prepared {
        keys: KeySet,
        token: Token,
        signature: SignatureReport,
        large: StsRequest,
        example: StsRequest,
        long: String,
        at: i64,
    }

    thread_local! {
        static PREPARED: RefCell<Option<Prepared>> = const { RefCell::new(None) };
    }

    fn with<T>(f: impl FnOnce(&Prepared) -> T) -> Result<T, JsValue> {
        PREPARED
            .with(|p| p.borrow().as_ref().map(f))
            .ok_or_else(|| JsValue::from_str("call prepare() first"))
    }

    /// Parses the example's keys and builds the inputs once.
    #[wasm_bindgen]
    pub fn prepare() -> Result<(), JsValue> {
        let err = |e: String| JsValue::from_str(&e);
        let keys = parse_key_input(EXAMPLE_JWKS)
            .map_err(|e| err(e.to_string()))?
            .keys
            .ok_or_else(|| err("no keys".into()))?;
        let token = jwt::decode(EXAMPLE_TOKEN).map_err(|e| err(e.to_string()))?;
        let at = token
            .claims
            .get("iat")
            .and_then(|v| v.as_i64())
            .unwrap_or_default()
            + 3600;
        let signature = verify::verify(&token, Some(&keys));
        let mut large = StsRequest::defaults_for(&token);
        large.policy = Some(large_policy(50, 10));
        let mut example = StsRequest::defaults_for(&token);
        example.policy = Some(EXAMPLE_POLICY.to_string());
        let long = long_token(20_000);
        PREPARED.with(|p| {
            *p.borrow_mut() = Some(Prepared {
                keys,
                token,
                signature,
                large,
                example,
                long,
                at,
            })
        });
        Ok(())
    }

    /// One RS256 verification of the example token against its JWKS (key chosen by kid).
    #[wasm_bindgen]
    pub fn verify_once() -> Result<bool, JsValue> {
        with(|p| verify::verify(&p.token, Some(&p.keys)).status == verify::SignatureStatus::Valid)
    }

    /// One STS simulation of the example token against a 50-statement × 10-condition policy.
    #[wasm_bindgen]
    pub fn simulate_large_policy_once() -> Result<String, JsValue> {
        with(
            |p| match sts::simulate(&p.token, &p.signature, &Default::default(), &p.large, p.at) {
                Ok(r) => r.outcome.as_str().to_string(),
                Err(e) => e.to_string(),
            },
        )
    }

    /// One full analysis (decode, explain, verify, discovery, STS with the example policy).
    #[wasm_bindgen]
    pub fn analyze_example_once() -> Result<String, JsValue> {
        with(|p| {
            let disc = tokenscope::core::json::parse_strict(EXAMPLE_DISCOVERY).ok();
            let input = AnalysisInput {
                token: EXAMPLE_TOKEN,
                keys: Some(&p.keys),
                discovery: disc.as_ref().and_then(|d| d.as_object()),
                at: p.at,
                offset_minutes: 0,
            };
            let options = AnalysisOptions {
                request: Some(p.example.clone()),
                ..AnalysisOptions::default()
            };
            match analyze_with(&input, &options) {
                Ok(r) => r
                    .sts
                    .map(|s| s.outcome.as_str().to_string())
                    .unwrap_or_default(),
                Err(e) => e.to_string(),
            }
        })
    }

    /// Decodes (and explains) a 20,000-character token.
    #[wasm_bindgen]
    pub fn decode_long_token_once() -> Result<usize, JsValue> {
        with(|p| {
            jwt::decode(&p.long)
                .map(|t| t.compact.len())
                .unwrap_or_default()
        })
    }

    /// Length of the long token, to report what was measured.
    #[wasm_bindgen]
    pub fn long_token_length() -> Result<usize, JsValue> {
        with(|p| p.long.len())
    }

    /// The example's signing input, signature (base64url) and the verifying key as a JWK, so the
    /// benchmark can run WebCrypto on exactly the same token.
    #[wasm_bindgen]
    pub fn webcrypto_inputs() -> Result<String, JsValue> {
        with(|p| {
            let index = p
                .signature
                .key
                .as_ref()
                .map(|k| k.index)
                .unwrap_or_default();
            let jwks: serde_json::Value = serde_json::from_str(EXAMPLE_JWKS).unwrap_or_default();
            let jwk = jwks
                .get("keys")
                .and_then(|k| k.get(index))
                .cloned()
                .unwrap_or_default();
            let compact = p.token.compact.clone();
            let (input, sig) = compact.rsplit_once('.').unwrap_or_default();
            serde_json::json!({"jwk": jwk, "signing_input": input, "signature": sig}).to_string()
        })
    }
}

fn main() {}
