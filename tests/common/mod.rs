//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs the `tokenscope` binary with `args`, writing `stdin` to its standard input.
pub fn tokenscope(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokenscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The path of `tests/fixtures/REL`.
pub fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/vectors` beside the repository (present in this workplace and CI, absent in a
/// user's clone), or `$TOKENSCOPE_VECTORS`.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TOKENSCOPE_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    dir.is_dir().then_some(dir)
}

/// Reads a vector file, or returns `None` after saying the test is skipped and why.
pub fn vector(test: &str, rel: &str) -> Option<String> {
    let Some(dir) = vectors_dir() else {
        eprintln!(
            "SKIPPED {test}: ../shared/vectors is not beside this clone (set TOKENSCOPE_VECTORS to run it)"
        );
        return None;
    };
    let path = dir.join(rel);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// One share link of the corpus, with the analysis its sender saw.
pub struct CorpusLink {
    /// What it is, for assertion messages.
    pub name: String,
    /// The fragment, without `#`.
    pub fragment: String,
    /// The sender's analysis.
    pub original: tokenscope::core::report::Report,
}

/// The share-link corpus (also opened by `tests/share_links.rs` and, through `--link`, by
/// `tests/cli.rs`): the example diagnosis (fixtures made with pyca/cryptography) shared in every
/// mode that carries a token, and the same token with a failed key fetch.
pub fn share_link_corpus() -> Vec<CorpusLink> {
    use tokenscope::core::json;
    use tokenscope::core::jwk;
    use tokenscope::core::jwt;
    use tokenscope::core::oidc::FetchFailure;
    use tokenscope::core::report::{AnalysisInput, AnalysisOptions, analyze_with};
    use tokenscope::core::share::{self, ShareInput, ShareMode, SharedFetchFailure};
    use tokenscope::core::sts::{KeysEvidence, StsRequest};

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/example");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    let (token, jwks, discovery, policy) = (
        read("token.jwt"),
        read("jwks.json"),
        read("openid-configuration.json"),
        read("trust-policy.json"),
    );
    let decoded = jwt::decode(&token).unwrap();
    let at = decoded.claims["iat"].as_i64().unwrap() + 3600;
    let keys = jwk::parse_key_input(&jwks).unwrap().keys.unwrap();
    let disc = json::parse_strict(&discovery).unwrap();
    let mut request = StsRequest::defaults_for(&decoded);
    request.policy = Some(policy.clone());
    request.session_name = "from-the-link".into();
    let failure = SharedFetchFailure {
        what: "the JWKS".into(),
        url: "https://issuer.example/keys".into(),
        failure: FetchFailure::Status { status: 404 },
    };
    let mut out = Vec::new();
    for failed in [false, true] {
        let original = analyze_with(
            &AnalysisInput {
                token: &token,
                keys: (!failed).then_some(&keys),
                discovery: disc.as_object(),
                at,
                offset_minutes: 0,
            },
            &AnalysisOptions {
                request: Some(request.clone()),
                evidence: KeysEvidence {
                    fetch_failure: failed.then(|| failure.failure.clone()),
                    ..KeysEvidence::default()
                },
                ..AnalysisOptions::default()
            },
        )
        .unwrap();
        for mode in [
            ShareMode::Full,
            ShareMode::WithoutSignature,
            ShareMode::MaskedClaims,
        ] {
            let state = share::state_for(
                &ShareInput {
                    token: Some(&decoded),
                    signature: Some(&original.signature),
                    keys: (!failed).then_some(jwks.as_str()),
                    keys_origin: (!failed).then_some("https://issuer.example/keys"),
                    discovery: Some(&discovery),
                    discovery_origin: Some(
                        "https://issuer.example/.well-known/openid-configuration",
                    ),
                    policy: Some(&policy),
                    request: Some(&request),
                    at,
                    fetch_failure: failed.then_some(&failure),
                },
                mode,
            );
            out.push(CorpusLink {
                name: format!("{mode:?}{}", if failed { ", failed fetch" } else { "" }),
                fragment: share::encode(&state),
                original: original.clone(),
            });
        }
    }
    out
}
