//! The trust-policy parser and evaluator, through the full STS simulation.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tokenscope::core::report::{AnalysisInput, AnalysisOptions, analyze_with};
use tokenscope::core::sts::StsRequest;

// An EKS-style token (signature placeholder: the policy is the subject here).
const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXSwiZXhwIjoxOTAwMDAwMDAwLCJpYXQiOjE3OTUxNjUyMDAsImlzcyI6Imh0dHBzOi8vb2lkYy5la3MudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20vaWQvQUJDIiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50Om5zOnNhIiwiYW1yIjpbImEiLCJiIl0sImh0dHBzOi8vYXdzLmFtYXpvbi5jb20vdGFncyI6eyJwcmluY2lwYWxfdGFncyI6eyJ0ZWFtIjpbInBheSJdfX19.AQID";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(token) = tokenscope::core::jwt::decode(TOKEN) else { return };
    let mut request = StsRequest::defaults_for(&token);
    request.policy = Some(text);
    let input = AnalysisInput { token: TOKEN, keys: None, discovery: None, at: 1_800_000_000, offset_minutes: 0 };
    let _ = analyze_with(&input, &AnalysisOptions { request: Some(request), ..AnalysisOptions::default() });
});
