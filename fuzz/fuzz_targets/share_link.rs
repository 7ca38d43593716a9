//! The share-link decoder: raw fragments, and well-formed base64url/DEFLATE carrying any bytes.
#![no_main]
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = tokenscope::core::share::decode(&text);
    let deflated = miniz_oxide::deflate::compress_to_vec(data, 1);
    let link = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated));
    if let Ok(state) = tokenscope::core::share::decode(&link) {
        let again = tokenscope::core::share::encode(&state);
        assert_eq!(tokenscope::core::share::decode(&again).ok(), Some(state));
    }
});
