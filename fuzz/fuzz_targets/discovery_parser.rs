//! Discovery documents compared with a token, and the URL checks used before any fetch.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tokenscope::core::{json, oidc};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(serde_json::Value::Object(doc)) = json::parse_strict(&text) {
        let _ = oidc::check_discovery(&doc, Some("https://oidc.eks.us-east-1.amazonaws.com/id/ABC"), Some("RS256"));
    }
    let _ = oidc::check_fetch_url(&text);
    let _ = oidc::discovery_url(&text);
});
