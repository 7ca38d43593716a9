//! AWS's codes and exact texts for `AssumeRoleWithWebIdentity`: the action, the `MSG_*` messages
//! (byte-exact, spacing quirks included) and the catalogue of failure modes (`docs/failures.md`).

use serde::Serialize;

/// The action being simulated.
pub const ACTION: &str = "sts:AssumeRoleWithWebIdentity";
/// Message for an audience that is not a client ID.
pub const MSG_AUDIENCE: &str = "Incorrect token audience";
/// Message for a token without `aud`.
pub const MSG_MISSING_AUD: &str = "Missing a required claim: aud";
/// Message when discovery or keys cannot be fetched (two spaces after the comma, as STS sends it).
pub const MSG_KEYS: &str = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
/// Message for a thumbprint mismatch.
pub const MSG_THUMBPRINT: &str =
    "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint";
/// Message for a trust-policy denial.
pub const MSG_ACCESS_DENIED: &str = "Not authorized to perform sts:AssumeRoleWithWebIdentity";
/// Message for DurationSeconds above the role's maximum.
pub const MSG_DURATION: &str =
    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";

/// One failure mode (causes and fixes: `docs/failures.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FailureMode {
    /// Its stable number (1–15).
    pub number: u8,
    /// Its name.
    pub name: &'static str,
}

const fn mode(number: u8, name: &'static str) -> FailureMode {
    FailureMode { number, name }
}

/// The failure modes, by number (causes and fixes: `docs/failures.md`).
pub mod modes {
    use super::{FailureMode, mode};
    /// 1.
    pub const NO_PROVIDER: FailureMode = mode(1, "no IAM OIDC provider for the issuer");
    /// 2.
    pub const ISSUER_MISMATCH: FailureMode = mode(2, "issuer string mismatch");
    /// 3.
    pub const AUDIENCE: FailureMode = mode(3, "audience not in the provider's client IDs");
    /// 4.
    pub const NO_AUDIENCE: FailureMode = mode(4, "token has no audience");
    /// 5.
    pub const KEYS_UNREACHABLE: FailureMode = mode(5, "discovery or JWKS unreachable or slow");
    /// 6.
    pub const THUMBPRINT: FailureMode = mode(6, "thumbprint mismatch");
    /// 7.
    pub const EXPIRED: FailureMode = mode(7, "expired token");
    /// 8.
    pub const SUBJECT: FailureMode = mode(8, "subject does not match the trust policy");
    /// 9.
    pub const CASE: FailureMode = mode(9, "letter-case difference under a case-sensitive operator");
    /// 10.
    pub const KEY_PREFIX: FailureMode =
        mode(10, "wrong condition-key prefix or unsupported claim key");
    /// 11.
    pub const ACTION_OR_PRINCIPAL: FailureMode =
        mode(11, "wrong action or wrong Federated principal");
    /// 12.
    pub const TAGS: FailureMode = mode(
        12,
        "tags or source identity without sts:TagSession / sts:SetSourceIdentity",
    );
    /// 13.
    pub const SESSION_NAME: FailureMode = mode(13, "invalid RoleSessionName");
    /// 14.
    pub const DURATION: FailureMode = mode(14, "DurationSeconds above MaxSessionDuration");
    /// 15.
    pub const NO_TOKEN: FailureMode =
        mode(15, "no token (GitHub workflow without id-token: write)");
}
