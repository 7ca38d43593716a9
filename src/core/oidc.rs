//! OIDC discovery: which URLs to fetch for an issuer, whether a URL may be fetched at all, how a
//! fetched discovery document compares with the token, and how to explain a failed fetch.
//!
//! Invariants:
//! - URLs to fetch are derived only from the token's `iss` (or a URL the user typed) and the
//!   discovery document's `jwks_uri`, never from the token header.
//! - Only `https://` is fetched, plus `http://localhost` and `http://127.0.0.1` for development.
//! - Nothing here performs I/O: the shell fetches, then hands the text here.

use serde::Serialize;
use serde_json::{Map, Value};

use super::finding::{Check, CheckStatus};
use super::verify::STS_ALGORITHMS;

/// The most the page reads of one document (1 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// The parts of an absolute URL that matter for fetch policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlParts {
    /// `https` or `http`, lower-cased.
    pub scheme: String,
    /// Host name or IP literal, lower-cased.
    pub host: String,
    /// Explicit port, if any.
    pub port: Option<u16>,
    /// Path, query and fragment as written (starts with `/` or is empty).
    pub rest: String,
}

/// Splits an absolute http(s) URL. Deliberately small: the page never needs more than scheme,
/// host and port, and a full URL parser would add much to the download.
///
/// # Errors
/// Returns a sentence saying what is wrong.
pub fn parse_url(url: &str) -> Result<UrlParts, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("`{url}` is not an absolute URL (expected `https://host/...`)"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(format!(
            "`{url}` uses `{scheme}:`; only https URLs can be fetched"
        ));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err(format!("`{url}` carries credentials (`user@`); refused"));
    }
    if authority
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!("`{url}` has whitespace in its host"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("`{url}` has an unterminated IPv6 literal"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(parse_port(p, url)?),
            None if after.is_empty() => None,
            None => return Err(format!("`{url}` has junk after the IPv6 literal")),
        };
        (format!("[{h}]"), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(parse_port(p, url)?)),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    Ok(UrlParts {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        rest: tail.to_string(),
    })
}

fn parse_port(p: &str, url: &str) -> Result<u16, String> {
    p.parse::<u16>()
        .map_err(|_| format!("`{url}` has an invalid port `{p}`"))
}

/// Whether the page may fetch `url`: https anywhere; http only on loopback (development, tests).
///
/// # Errors
/// Returns why not.
pub fn check_fetch_url(url: &str) -> Result<UrlParts, String> {
    let parts = parse_url(url)?;
    if parts.scheme == "http" && parts.host == "[::1]" {
        return Err(format!(
            "`{url}` is plain http on the IPv6 loopback, which the page's Content-Security-Policy cannot \
             allow (CSP has no syntax for IPv6 addresses); serve the issuer on `localhost` or `127.0.0.1`"
        ));
    }
    if parts.scheme == "http" && !is_loopback(&parts.host) {
        return Err(format!(
            "`{url}` is plain http; only https is fetched (http only for localhost and 127.0.0.1 during development)"
        ));
    }
    Ok(parts)
}

/// The loopback hosts the page may fetch over http; they match `connect-src` in index.html.
fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1"
}

/// `<iss>/.well-known/openid-configuration` (OIDC Discovery §4; a trailing `/` on `iss` is not
/// doubled).
///
/// # Errors
/// Returns why the issuer cannot be fetched.
pub fn discovery_url(iss: &str) -> Result<String, String> {
    let base = iss.strip_suffix('/').unwrap_or(iss);
    let url = format!("{base}/.well-known/openid-configuration");
    check_fetch_url(&url)?;
    Ok(url)
}

/// The `curl` commands that fetch both documents from a terminal — none when the page would not
/// fetch the issuer's discovery URL itself ([`discovery_url`]: not https, not loopback http).
///
/// The issuer comes from the token, which may be hostile, and people paste these commands into
/// a shell: the URL is single-quoted with every character that is not printable ASCII, and the
/// quote itself, percent-encoded, so nothing in it can end the quoting or hide from the reader;
/// `--url` keeps it from being read as an option, `--globoff` from being expanded, and
/// `--proto` limits curl to the scheme the page allows (no `file://`, no redirect elsewhere).
pub fn curl_commands(iss: &str) -> Vec<String> {
    let Ok(disc) = discovery_url(iss) else {
        return Vec::new();
    };
    let proto = if disc.starts_with("https://") {
        "=https"
    } else {
        "=http,https"
    };
    let disc = shell_quoted_url(&disc);
    let fetch = format!("curl -sS --proto '{proto}' --globoff --url");
    vec![
        format!("{fetch} {disc}"),
        format!("{fetch} \"$({fetch} {disc} | jq -r .jwks_uri)\""),
    ]
}

/// `url` in single quotes, with `'`, spaces, controls and non-ASCII characters percent-encoded.
fn shell_quoted_url(url: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(url.len().saturating_add(2));
    out.push('\'');
    for ch in url.chars() {
        if ch.is_ascii_graphic() && ch != '\'' {
            out.push(ch);
        } else {
            let mut buf = [0_u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out.push('\'');
    out
}

/// Why a fetch failed, as the shell observed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FetchFailure {
    /// The browser refused or could not connect; network errors and CORS look identical.
    Network {
        /// The browser's message.
        message: String,
    },
    /// No answer within the time limit.
    Timeout {
        /// The limit, in milliseconds.
        millis: u32,
    },
    /// An HTTP status other than 2xx.
    Status {
        /// The status code.
        status: u16,
    },
    /// The body is larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge {
        /// The size seen (or announced).
        bytes: usize,
    },
    /// The URL was refused before fetching.
    Refused {
        /// Why.
        reason: String,
    },
    /// The body is not a JSON object.
    NotJson {
        /// The parser's message.
        message: String,
    },
}

/// An explanation of a failed fetch that a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FetchExplanation {
    /// One line.
    pub title: String,
    /// What it means and what to do.
    pub detail: String,
    /// Commands to fetch the documents by hand.
    pub curl: Vec<String>,
}

/// Explains a failed fetch of `what` (`the discovery document` / `the JWKS`) from `url`.
pub fn explain_fetch_failure(
    failure: &FetchFailure,
    what: &str,
    url: &str,
    iss: &str,
) -> FetchExplanation {
    let curl = curl_commands(iss);
    let paste = "Fetch them from a terminal with the commands below and paste the output into the keys box; verification then works offline.";
    let (title, detail) = match failure {
        FetchFailure::Network { message } => (
            format!("could not fetch {what} (network error or CORS)"),
            format!(
                "The browser reported: {message}. A browser cannot tell a network failure from a \
                 missing CORS header: many issuers (EKS among them) do not send \
                 `Access-Control-Allow-Origin`, so pages cannot read their documents even though \
                 STS can. This says nothing about whether STS can reach {url}. {paste}"
            ),
        ),
        FetchFailure::Timeout { millis } => (
            format!("{what} did not answer within {} s", millis / 1000),
            format!(
                "{url} did not respond in time. STS gives up after about 5 s and answers \
                 `InvalidIdentityToken: Couldn't retrieve verification key from your identity \
                 provider` — a slow issuer fails in AWS too. {paste}"
            ),
        ),
        FetchFailure::Status { status } => (
            format!("{what} answered HTTP {status}"),
            format!(
                "{url} returned {status}. STS needs this document publicly readable without \
                 authentication; if it is private (e.g. a private S3 bucket or an API server \
                 requiring auth) STS fails with `Couldn't retrieve verification key`."
            ),
        ),
        FetchFailure::TooLarge { bytes } => (
            format!("{what} is too large"),
            format!(
                "{url} sent {bytes} bytes; the page reads at most {MAX_DOCUMENT_BYTES} bytes. \
                 Discovery documents and key sets are a few kilobytes."
            ),
        ),
        FetchFailure::Refused { reason } => (format!("{what} was not fetched"), reason.clone()),
        FetchFailure::NotJson { message } => (
            format!("{what} is not JSON"),
            format!(
                "{url} answered, but not with a JSON object ({message}). A login page or an \
                 error page in its place means the URL is wrong or not public."
            ),
        ),
    };
    FetchExplanation {
        title,
        detail,
        curl,
    }
}

/// How a discovery document compares with the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiscoveryReport {
    /// The document's `issuer`.
    pub issuer: Option<String>,
    /// The document's `jwks_uri`, if it may be fetched.
    pub jwks_uri: Option<String>,
    /// Every check, in order.
    pub checks: Vec<Check>,
}

impl DiscoveryReport {
    /// True when no check failed.
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.status != CheckStatus::Fail)
    }
}

/// Compares a discovery document with the token's `iss` and `alg`.
pub fn check_discovery(
    doc: &Map<String, Value>,
    token_iss: Option<&str>,
    token_alg: Option<&str>,
) -> DiscoveryReport {
    let mut checks = Vec::new();
    let issuer = doc.get("issuer").and_then(Value::as_str).map(str::to_owned);
    checks.push(issuer_check(issuer.as_deref(), token_iss));
    let (jwks_check, jwks_uri) = jwks_uri_check(doc.get("jwks_uri"), token_iss);
    checks.push(jwks_check);
    checks.push(algorithms_check(
        doc.get("id_token_signing_alg_values_supported"),
        token_alg,
    ));
    checks.extend(kubernetes_authorization_check(doc));
    DiscoveryReport {
        issuer,
        jwks_uri,
        checks,
    }
}

/// The document's `jwks_uri`: whether STS (and this page) can fetch it, and the URL to fetch
/// keys from, if any.
fn jwks_uri_check(value: Option<&Value>, token_iss: Option<&str>) -> (Check, Option<String>) {
    let uri = match value {
        Some(Value::String(uri)) => uri,
        other => {
            let check = Check::new(
                "discovery.jwks_uri",
                "`jwks_uri` is present",
                CheckStatus::Fail,
                "the document must name the key set's URL in `jwks_uri`; without it STS cannot find the keys",
            )
            .actual(other.map_or("absent".to_string(), Value::to_string));
            return (check, None);
        }
    };
    match check_fetch_url(uri) {
        Ok(parts) if is_internal_host(&parts.host) => internal_jwks_uri_check(uri, token_iss),
        Ok(parts) if parts.scheme == "http" => {
            // Loopback http: this page may fetch it (development), but STS would not.
            let check = Check::new(
                "discovery.jwks_uri",
                "`jwks_uri` is an https URL",
                CheckStatus::Warn,
                "plain http on loopback: this page fetches it for local development, but STS fetches keys only from a public https URL",
            )
            .actual(uri.clone())
            .fix("serve the key set over https at a public URL before using the issuer with AWS");
            (check, Some(uri.clone()))
        }
        Ok(_) => {
            let check = Check::new(
                "discovery.jwks_uri",
                "`jwks_uri` is an https URL",
                CheckStatus::Pass,
                "STS fetches the keys from here.",
            )
            .actual(uri.clone());
            (check, Some(uri.clone()))
        }
        Err(why) => {
            let check = Check::new(
                "discovery.jwks_uri",
                "`jwks_uri` is an https URL",
                CheckStatus::Fail,
                why,
            )
            .actual(uri.clone())
            .fix("serve the key set over https at a public URL");
            (check, None)
        }
    }
}

/// A `jwks_uri` on an internal address (the EKS in-cluster trap): fails, and points at the
/// public key set beside the issuer instead, when that may be fetched.
fn internal_jwks_uri_check(uri: &str, token_iss: Option<&str>) -> (Check, Option<String>) {
    let public = token_iss.map_or_else(
        || "<issuer>/keys".to_string(),
        |i| format!("{}/keys", i.strip_suffix('/').unwrap_or(i)),
    );
    let check = Check::new(
        "discovery.jwks_uri",
        "`jwks_uri` is publicly reachable",
        CheckStatus::Fail,
        format!(
            "`{}` is an internal address. This is the EKS in-cluster trap: the \
             API server's own /.well-known/openid-configuration (read from inside \
             the cluster) points at the node-internal endpoint, which neither STS \
             nor this page can reach. The public document at the issuer URL \
             points at `{public}`.",
            uri
        ),
    )
    .actual(uri.to_owned())
    .fix(format!(
        "fetch discovery from the issuer URL itself (not from inside the cluster), or paste the JWKS from {public}"
    ));
    let jwks_uri = Some(public).filter(|p| check_fetch_url(p).is_ok());
    (check, jwks_uri)
}

/// `id_token_signing_alg_values_supported`: whether it lists an algorithm STS accepts and the
/// token's own.
fn algorithms_check(value: Option<&Value>, token_alg: Option<&str>) -> Check {
    let Some(Value::Array(algs)) = value else {
        return Check::new(
            "discovery.algorithms",
            "signing algorithms",
            CheckStatus::Warn,
            "`id_token_signing_alg_values_supported` is missing; OIDC Discovery requires it",
        );
    };
    let names: Vec<&str> = algs.iter().filter_map(Value::as_str).collect();
    let listed = names.join(", ");
    let sts_ok = names.iter().any(|a| STS_ALGORITHMS.contains(a));
    let token_ok = token_alg.is_none_or(|a| names.contains(&a));
    let status = if sts_ok && token_ok {
        CheckStatus::Pass
    } else {
        CheckStatus::Warn
    };
    let mut detail = format!("STS accepts {}.", STS_ALGORITHMS.join(", "));
    if let (Some(a), false) = (token_alg, token_ok) {
        detail.push_str(&format!(" The token's `{a}` is not listed by the issuer."));
    }
    Check::new("discovery.algorithms", "signing algorithms", status, detail)
        .compare(token_alg.unwrap_or("(token alg)"), listed)
}

/// A Kubernetes service-account issuer's `authorization_endpoint`, which names no login page:
/// noted as normal.
fn kubernetes_authorization_check(doc: &Map<String, Value>) -> Option<Check> {
    let Some(Value::String(ep)) = doc.get("authorization_endpoint") else {
        return None;
    };
    (ep == "urn:kubernetes:programmatic_authorization").then(|| {
        Check::new(
            "discovery.authorization_endpoint",
            "authorization endpoint",
            CheckStatus::Pass,
            "`urn:kubernetes:programmatic_authorization`: a Kubernetes service-account issuer, which has no login endpoint (normal)",
        )
    })
}

fn issuer_check(doc_issuer: Option<&str>, token_iss: Option<&str>) -> Check {
    let title = "discovery `issuer` equals the token's `iss`";
    let Some(doc) = doc_issuer else {
        return Check::new(
            "discovery.issuer",
            title,
            CheckStatus::Fail,
            "the document has no string `issuer`",
        );
    };
    let Some(iss) = token_iss else {
        return Check::new(
            "discovery.issuer",
            title,
            CheckStatus::Skipped,
            "the token has no `iss` to compare with",
        )
        .actual(doc);
    };
    if doc == iss {
        return Check::new(
            "discovery.issuer",
            title,
            CheckStatus::Pass,
            "equal byte for byte, as OIDC Discovery §4.3 and STS require",
        )
        .compare(iss, doc);
    }
    let why = if doc.contains('{') {
        "the document's issuer is a template (e.g. Entra's multi-tenant `{tenantid}`); each tenant's token names its own issuer, so use the tenant-specific discovery URL"
            .to_string()
    } else if doc.trim_end_matches('/') == iss.trim_end_matches('/') {
        "they differ only by a trailing `/`; issuers are compared byte for byte, so this fails"
            .to_string()
    } else if doc.eq_ignore_ascii_case(iss) {
        "they differ only in letter case; issuers are case-sensitive".to_string()
    } else {
        "the document belongs to another issuer".to_string()
    };
    Check::new("discovery.issuer", title, CheckStatus::Fail, why)
        .compare(iss, doc)
        .fix("make the issuer's discovery document name exactly the `iss` its tokens carry (the API server's --service-account-issuer)")
}

/// Hosts no one outside a private network can reach.
pub fn is_internal_host(host: &str) -> bool {
    let h = host.trim_end_matches('.');
    let internal_suffix = [
        ".internal",
        ".local",
        ".svc",
        ".cluster.local",
        ".localdomain",
        ".compute.internal",
    ];
    if internal_suffix.iter().any(|s| h.ends_with(s)) || !h.contains('.') && !h.starts_with('[') {
        return h != "localhost";
    }
    let octets: Vec<u8> = h.split('.').filter_map(|p| p.parse().ok()).collect();
    match octets.as_slice() {
        [10, ..] | [192, 168, ..] | [169, 254, ..] => true,
        [172, b, ..] => (16..=31).contains(b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn curl_commands_quote_a_hostile_issuer() {
        let cmds =
            super::curl_commands("https://x.example/a'; touch /tmp/pwn; echo 'b\u{202E}\nc d");
        let first = cmds.first().cloned().unwrap_or_default();
        assert_eq!(
            first,
            "curl -sS --proto '=https' --globoff --url 'https://x.example/a%27;%20touch%20/tmp/pwn;%20echo%20%27b%E2%80%AE%0Ac%20d/.well-known/openid-configuration'"
        );
        assert_eq!(cmds.len(), 2);
        for c in &cmds {
            // Nothing that could close the quoting early or hide from the reader.
            assert!(
                c.chars().all(|ch| ch.is_ascii_graphic() || ch == ' '),
                "{c}"
            );
        }
        assert_eq!(
            super::curl_commands("https://oidc.eks.us-east-1.amazonaws.com/id/ABC/"),
            vec![
                "curl -sS --proto '=https' --globoff --url 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC/.well-known/openid-configuration'".to_string(),
                "curl -sS --proto '=https' --globoff --url \"$(curl -sS --proto '=https' --globoff --url 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC/.well-known/openid-configuration' | jq -r .jwks_uri)\"".to_string(),
            ]
        );
        // Loopback http for development keeps http allowed.
        assert!(
            super::curl_commands("http://127.0.0.1:8080/iss")
                .iter()
                .all(|c| c.contains("--proto '=http,https'"))
        );
    }

    #[test]
    fn no_curl_commands_for_issuers_the_page_refuses() {
        for iss in [
            "file:///home/u/.aws/credentials#",
            "-K/etc/passwd",
            "http://169.254.169.254/latest/meta-data",
            "gopher://x.example",
            "",
        ] {
            assert_eq!(super::curl_commands(iss), Vec::<String>::new(), "{iss}");
        }
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn check_fetch_url_policy() {
        assert!(check_fetch_url("https://oidc.eks.us-east-1.amazonaws.com/id/X").is_ok());
        assert!(check_fetch_url("http://127.0.0.1:8081/x").is_ok());
        assert!(check_fetch_url("http://localhost/x").is_ok());
        assert!(check_fetch_url("http://example.com/x").is_err());
        // The CSP's connect-src cannot name an IPv6 address, so the page refuses it up front.
        let v6 = check_fetch_url("http://[::1]:8081/x").map(|p| p.host);
        assert!(
            v6.as_ref().is_err_and(|e| e.contains("IPv6 loopback")),
            "{v6:?}"
        );
        assert!(check_fetch_url("https://[::1]:8443/x").is_ok());
        assert!(check_fetch_url("https://user@example.com/x").is_err());
        assert!(check_fetch_url("file:///etc/passwd").is_err());
        assert!(check_fetch_url("javascript:alert(1)").is_err());
    }

    #[test]
    fn discovery_url_no_double_slash() {
        assert_eq!(
            discovery_url("https://a.example/x/").unwrap(),
            "https://a.example/x/.well-known/openid-configuration"
        );
    }

    #[test]
    fn check_discovery_http_loopback_jwks_uri_warns_not_https() {
        let doc =
            json!({"issuer": "http://127.0.0.1:8081", "jwks_uri": "http://127.0.0.1:8081/keys"});
        let r = check_discovery(
            doc.as_object().unwrap(),
            Some("http://127.0.0.1:8081"),
            None,
        );
        let c = r
            .checks
            .iter()
            .find(|c| c.id == "discovery.jwks_uri")
            .unwrap();
        assert_eq!(c.status, CheckStatus::Warn, "{c:?}");
        assert!(c.detail.contains("plain http"), "{}", c.detail);
        assert_eq!(r.jwks_uri.as_deref(), Some("http://127.0.0.1:8081/keys"));
        let doc = json!({"issuer": "https://x.example", "jwks_uri": "https://x.example/keys"});
        let r = check_discovery(doc.as_object().unwrap(), Some("https://x.example"), None);
        let c = r
            .checks
            .iter()
            .find(|c| c.id == "discovery.jwks_uri")
            .unwrap();
        assert_eq!(c.status, CheckStatus::Pass);
    }

    #[test]
    fn check_discovery_internal_jwks_uri_is_the_eks_trap() {
        let doc = json!({"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/AB",
            "jwks_uri": "https://ip-192-168-1-1.eu-west-1.compute.internal:443/openid/v1/jwks",
            "id_token_signing_alg_values_supported": ["RS256"]});
        let r = check_discovery(
            doc.as_object().unwrap(),
            Some("https://oidc.eks.eu-west-1.amazonaws.com/id/AB"),
            Some("RS256"),
        );
        assert!(!r.ok());
        assert_eq!(
            r.jwks_uri.as_deref(),
            Some("https://oidc.eks.eu-west-1.amazonaws.com/id/AB/keys")
        );
    }

    #[test]
    fn check_discovery_trailing_slash_named() {
        let doc = json!({"issuer": "https://x.example/", "jwks_uri": "https://x.example/k"});
        let r = check_discovery(doc.as_object().unwrap(), Some("https://x.example"), None);
        assert!(r.checks[0].detail.contains("trailing"));
    }

    #[test]
    fn is_internal_host_cases() {
        assert!(is_internal_host("10.0.0.1"));
        assert!(is_internal_host("172.20.1.1"));
        assert!(!is_internal_host("172.32.1.1"));
        assert!(is_internal_host("kubernetes"));
        assert!(!is_internal_host("localhost"));
        assert!(!is_internal_host("token.actions.githubusercontent.com"));
    }
}
