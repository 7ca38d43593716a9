//! What the person who opens a share link is told first: what the link carries, who could use
//! it, and until when — read from what the link actually holds, not from the mode its maker
//! chose (an old link, or a hand-edited one, may say one thing and carry another).
//!
//! Invariants:
//! - A token with a signature is never called harmless: past its `exp` it is "expired", before
//!   it (or with no readable `exp`) it is "live", because STS would accept it until then if the
//!   role trusts it ([AssumeRoleWithWebIdentity](https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
//!   the token is the caller's only credential).
//! - A link with no token never claims to have been evaluated: it says what to paste next.

use serde_json::Value;

use crate::core::jwt;
use crate::core::share::ShareMode;

use super::link::SharedLink;

/// Who could use what the link carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// A signed token that has not expired at `now`: anyone holding the link could present it
    /// to STS until `exp`.
    Live {
        /// The token's `exp`.
        exp: i64,
    },
    /// A signed token without a readable `exp`: how long it stays usable cannot be told, so it
    /// is treated as live.
    LiveNoExpiry,
    /// A signed token past its `exp` at `now`: STS refuses it (`ExpiredTokenException`).
    Expired {
        /// The token's `exp`.
        exp: i64,
    },
    /// The token travels without its signature: nobody can present it to STS.
    Unsigned,
    /// The link carries no token.
    NoToken,
}

impl Exposure {
    /// Stable name for the page (`live`, `live_no_expiry`, `expired`, `unsigned`, `no_token`).
    pub fn as_str(self) -> &'static str {
        match self {
            Exposure::Live { .. } => "live",
            Exposure::LiveNoExpiry => "live_no_expiry",
            Exposure::Expired { .. } => "expired",
            Exposure::Unsigned => "unsigned",
            Exposure::NoToken => "no_token",
        }
    }

    /// Whether the link itself is a credential someone could use now.
    pub fn is_live(self) -> bool {
        matches!(self, Exposure::Live { .. } | Exposure::LiveNoExpiry)
    }
}

/// The recipient's summary of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Who could use it.
    pub exposure: Exposure,
    /// What the link carries, one item each ("the token, signed", "the trust policy", …).
    pub carries: Vec<&'static str>,
    /// Claims were masked when the link was made (they show as `(masked)`).
    pub masked: bool,
    /// The signature verdict shown is the one recorded when the link was made.
    pub recorded_signature: bool,
    /// What to do next, when the link alone cannot give a verdict.
    pub next_step: Option<&'static str>,
}

/// The summary of `link` for someone opening it at `now` (the browser's clock, unix seconds).
pub fn recipient(link: &SharedLink, now: i64) -> Recipient {
    let token = (!link.token.trim().is_empty())
        .then(|| jwt::decode(&link.token).ok())
        .flatten();
    let exposure = match &token {
        None if link.token.trim().is_empty() => Exposure::NoToken,
        // Text that does not decode: still a secret if it holds a signature segment.
        None => signed_text_exposure(&link.token),
        Some(t) if t.signature.is_empty() => Exposure::Unsigned,
        Some(t) => match t.claims.get("exp").and_then(Value::as_i64) {
            Some(exp) if exp <= now => Exposure::Expired { exp },
            Some(exp) => Exposure::Live { exp },
            None => Exposure::LiveNoExpiry,
        },
    };
    let next_step = match exposure {
        Exposure::NoToken if link.has_policy => Some(
            "This link carries no token, so nothing was evaluated. Paste the token your workload \
             presents (the pod's projected token file or the CI job's ID token) in the token box to \
             check it against this policy and these settings.",
        ),
        Exposure::NoToken => Some(
            "This link carries no token and no policy, so nothing was evaluated. Paste a token to \
             begin.",
        ),
        _ => None,
    };
    Recipient {
        exposure,
        carries: carried(link, exposure),
        masked: link.mode == ShareMode::MaskedClaims && token.is_some(),
        recorded_signature: link.recorded_signature.is_some(),
        next_step,
    }
}

/// Undecodable token text: signed if it has three segments and the last is not empty.
fn signed_text_exposure(text: &str) -> Exposure {
    let mut parts = text.trim().split('.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(_), Some(sig)) if !sig.is_empty() => Exposure::LiveNoExpiry,
        _ => Exposure::Unsigned,
    }
}

/// One item per thing the link carries.
fn carried(link: &SharedLink, exposure: Exposure) -> Vec<&'static str> {
    let mut items = Vec::new();
    match exposure {
        Exposure::NoToken => {}
        Exposure::Unsigned if link.mode == ShareMode::MaskedClaims => {
            items.push("the token's claims that the policy and STS read, without its signature");
        }
        Exposure::Unsigned => items.push("the token without its signature"),
        _ => items.push("the complete token, with its signature"),
    }
    if let Some(fetched) = &link.fetched {
        if fetched.jwks.is_some() || fetched.discovery.is_some() {
            items.push("the keys and discovery document used");
        } else if fetched.failure.is_some() {
            items.push("the failed fetch of the issuer's documents");
        }
    }
    if link.has_policy {
        items.push("the trust policy");
    }
    if link.has_request {
        items.push("the request settings (provider, client IDs, role)");
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::share::{self, ShareInput, ShareMode};

    /// A token with `exp` = 2000, signed (any bytes: the notice never verifies).
    const SIGNED: &str =
        "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUuY29tIiwiZXhwIjoyMDAwfQ.c2ln";

    fn link(token: &str, policy: Option<&str>, mode: ShareMode) -> SharedLink {
        let decoded = crate::core::jwt::decode(token).ok();
        let input = ShareInput {
            token: decoded.as_ref(),
            signature: None,
            keys: None,
            keys_origin: None,
            discovery: None,
            discovery_origin: None,
            policy,
            request: None,
            at: 1500,
            fetch_failure: None,
        };
        let fragment = share::encode(&share::state_for(&input, mode));
        let state = share::decode(&fragment).unwrap();
        super::super::link::restore(state).link
    }

    #[test]
    fn a_full_token_is_live_until_its_exp_and_expired_after() {
        let l = link(SIGNED, Some("{}"), ShareMode::Full);
        let before = recipient(&l, 1999);
        assert_eq!(before.exposure, Exposure::Live { exp: 2000 });
        assert!(before.exposure.is_live());
        assert_eq!(before.carries[0], "the complete token, with its signature");
        assert_eq!(
            recipient(&l, 2000).exposure,
            Exposure::Expired { exp: 2000 }
        );
        assert!(!recipient(&l, 2000).exposure.is_live());
    }

    #[test]
    fn a_signed_token_without_exp_is_treated_as_live() {
        // {"alg":"RS256"}.{"iss":"https://example.com"}.sig
        let l = link(
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUuY29tIn0.c2ln",
            None,
            ShareMode::Full,
        );
        assert_eq!(recipient(&l, 0).exposure, Exposure::LiveNoExpiry);
    }

    #[test]
    fn the_mode_name_does_not_decide_the_signature_does() {
        // A link labelled "without signature" that nevertheless carries one is still live.
        let mut l = link(SIGNED, None, ShareMode::Full);
        l.mode = ShareMode::WithoutSignature;
        assert!(recipient(&l, 0).exposure.is_live());
    }

    #[test]
    fn without_signature_nobody_can_use_it_and_the_verdict_is_recorded() {
        let l = link(SIGNED, Some("{}"), ShareMode::WithoutSignature);
        let r = recipient(&l, 0);
        assert_eq!(r.exposure, Exposure::Unsigned);
        assert_eq!(
            r.carries,
            ["the token without its signature", "the trust policy"]
        );
        assert_eq!(r.next_step, None);
    }

    #[test]
    fn masked_links_say_so() {
        let l = link(SIGNED, Some("{}"), ShareMode::MaskedClaims);
        let r = recipient(&l, 0);
        assert!(r.masked);
        assert_eq!(r.exposure, Exposure::Unsigned);
        assert!(r.carries[0].contains("claims that the policy and STS read"));
    }

    #[test]
    fn a_policy_only_link_says_what_to_paste_and_claims_no_evaluation() {
        let l = link(
            SIGNED,
            Some(r#"{"Version":"2012-10-17","Statement":[]}"#),
            ShareMode::PolicyOnly,
        );
        let r = recipient(&l, 0);
        assert_eq!(r.exposure, Exposure::NoToken);
        assert_eq!(r.carries, ["the trust policy"]);
        assert!(r.next_step.is_some_and(|s| s.contains("Paste the token")));
    }

    #[test]
    fn undecodable_text_with_a_signature_segment_is_not_called_harmless() {
        assert_eq!(signed_text_exposure("a.b.c"), Exposure::LiveNoExpiry);
        assert_eq!(signed_text_exposure("a.b."), Exposure::Unsigned);
        assert_eq!(signed_text_exposure("garbage"), Exposure::Unsigned);
    }
}
