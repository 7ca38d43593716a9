//! The key paste box: JWKS, one JWK, discovery + JWKS — then verification against those keys.
#![no_main]
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AQID";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(input) = tokenscope::core::jwk::parse_key_input(&text) {
        if let (Some(keys), Ok(token)) = (input.keys.as_ref(), tokenscope::core::jwt::decode(TOKEN)) {
            let _ = tokenscope::core::verify::verify(&token, Some(keys));
        }
    }
});
