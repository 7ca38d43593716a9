//! The token decoder and the whole analysis on whatever text a user could paste.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tokenscope::core::report::{AnalysisInput, analyze};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = tokenscope::core::jwt::decode(&text);
    let _ = analyze(&AnalysisInput { token: &text, keys: None, discovery: None, at: 1_800_000_000, offset_minutes: 60 });
});
