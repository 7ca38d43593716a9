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

/// A failure TokenScope names: one entry of the repository's catalogue, `docs/failures.md`,
/// where each id is a heading with the AWS error, the cause and the fix. Ids are stable: they
/// appear in JSON reports, so a variant is never renamed, only added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureMode {
    /// `no-provider`.
    NoProvider,
    /// `issuer-mismatch`.
    IssuerMismatch,
    /// `audience-not-allowed`.
    AudienceNotAllowed,
    /// `audience-missing`.
    AudienceMissing,
    /// `keys-unreachable`.
    KeysUnreachable,
    /// `key-not-found`.
    KeyNotFound,
    /// `thumbprint-mismatch`.
    ThumbprintMismatch,
    /// `signature-invalid`.
    SignatureInvalid,
    /// `algorithm-not-accepted`.
    AlgorithmNotAccepted,
    /// `token-expired`.
    TokenExpired,
    /// `time-claim-invalid`.
    TimeClaimInvalid,
    /// `subject-mismatch`.
    SubjectMismatch,
    /// `audience-condition-mismatch`.
    AudienceConditionMismatch,
    /// `claim-condition-mismatch`.
    ClaimConditionMismatch,
    /// `case-difference`.
    CaseDifference,
    /// `condition-key-prefix`.
    ConditionKeyPrefix,
    /// `wrong-action`.
    WrongAction,
    /// `wrong-principal`.
    WrongPrincipal,
    /// `explicit-deny`.
    ExplicitDeny,
    /// `tags-not-allowed`.
    TagsNotAllowed,
    /// `condition-unreadable`.
    ConditionUnreadable,
    /// `session-name-invalid`.
    SessionNameInvalid,
    /// `duration-above-max`.
    DurationAboveMax,
    /// `request-invalid`.
    RequestInvalid,
    /// `session-tags-invalid`.
    SessionTagsInvalid,
    /// `no-token`.
    NoToken,
}

impl FailureMode {
    /// Every failure mode, in the catalogue's order.
    pub const ALL: [FailureMode; 26] = [
        FailureMode::NoProvider,
        FailureMode::IssuerMismatch,
        FailureMode::AudienceNotAllowed,
        FailureMode::AudienceMissing,
        FailureMode::KeysUnreachable,
        FailureMode::KeyNotFound,
        FailureMode::ThumbprintMismatch,
        FailureMode::SignatureInvalid,
        FailureMode::AlgorithmNotAccepted,
        FailureMode::TokenExpired,
        FailureMode::TimeClaimInvalid,
        FailureMode::SubjectMismatch,
        FailureMode::AudienceConditionMismatch,
        FailureMode::ClaimConditionMismatch,
        FailureMode::CaseDifference,
        FailureMode::ConditionKeyPrefix,
        FailureMode::WrongAction,
        FailureMode::WrongPrincipal,
        FailureMode::ExplicitDeny,
        FailureMode::TagsNotAllowed,
        FailureMode::ConditionUnreadable,
        FailureMode::SessionNameInvalid,
        FailureMode::DurationAboveMax,
        FailureMode::RequestInvalid,
        FailureMode::SessionTagsInvalid,
        FailureMode::NoToken,
    ];

    /// The failure mode whose id is `id`.
    pub fn from_id(id: &str) -> Option<FailureMode> {
        FailureMode::ALL.into_iter().find(|m| m.id() == id)
    }

    /// The stable id: the heading of its entry in `docs/failures.md`.
    pub fn id(self) -> &'static str {
        match self {
            FailureMode::NoProvider => "no-provider",
            FailureMode::IssuerMismatch => "issuer-mismatch",
            FailureMode::AudienceNotAllowed => "audience-not-allowed",
            FailureMode::AudienceMissing => "audience-missing",
            FailureMode::KeysUnreachable => "keys-unreachable",
            FailureMode::KeyNotFound => "key-not-found",
            FailureMode::ThumbprintMismatch => "thumbprint-mismatch",
            FailureMode::SignatureInvalid => "signature-invalid",
            FailureMode::AlgorithmNotAccepted => "algorithm-not-accepted",
            FailureMode::TokenExpired => "token-expired",
            FailureMode::TimeClaimInvalid => "time-claim-invalid",
            FailureMode::SubjectMismatch => "subject-mismatch",
            FailureMode::AudienceConditionMismatch => "audience-condition-mismatch",
            FailureMode::ClaimConditionMismatch => "claim-condition-mismatch",
            FailureMode::CaseDifference => "case-difference",
            FailureMode::ConditionKeyPrefix => "condition-key-prefix",
            FailureMode::WrongAction => "wrong-action",
            FailureMode::WrongPrincipal => "wrong-principal",
            FailureMode::ExplicitDeny => "explicit-deny",
            FailureMode::TagsNotAllowed => "tags-not-allowed",
            FailureMode::ConditionUnreadable => "condition-unreadable",
            FailureMode::SessionNameInvalid => "session-name-invalid",
            FailureMode::DurationAboveMax => "duration-above-max",
            FailureMode::RequestInvalid => "request-invalid",
            FailureMode::SessionTagsInvalid => "session-tags-invalid",
            FailureMode::NoToken => "no-token",
        }
    }

    /// The step of the STS pipeline whose check decides this failure (`None` for a failure
    /// before STS is called).
    pub fn step(self) -> Option<super::StepId> {
        use super::StepId;
        Some(match self {
            FailureMode::NoProvider | FailureMode::IssuerMismatch => StepId::Provider,
            FailureMode::AudienceNotAllowed | FailureMode::AudienceMissing => StepId::Audience,
            FailureMode::KeysUnreachable
            | FailureMode::KeyNotFound
            | FailureMode::ThumbprintMismatch
            | FailureMode::SignatureInvalid
            | FailureMode::AlgorithmNotAccepted => StepId::Signature,
            FailureMode::TokenExpired | FailureMode::TimeClaimInvalid => StepId::Time,
            FailureMode::SubjectMismatch
            | FailureMode::AudienceConditionMismatch
            | FailureMode::ClaimConditionMismatch
            | FailureMode::CaseDifference
            | FailureMode::ConditionKeyPrefix
            | FailureMode::WrongAction
            | FailureMode::WrongPrincipal
            | FailureMode::ExplicitDeny
            | FailureMode::TagsNotAllowed
            | FailureMode::ConditionUnreadable => StepId::TrustPolicy,
            FailureMode::SessionNameInvalid | FailureMode::RequestInvalid => StepId::Request,
            FailureMode::DurationAboveMax | FailureMode::SessionTagsInvalid => StepId::Session,
            FailureMode::NoToken => return None,
        })
    }

    /// The title people read (the page and the CLI show this, never a bare id or number).
    pub fn title(self) -> &'static str {
        match self {
            FailureMode::NoProvider => "No IAM OIDC provider for the issuer",
            FailureMode::IssuerMismatch => "The provider's URL is not the token's issuer",
            FailureMode::AudienceNotAllowed => {
                "The token's audience is not a client ID of the provider"
            }
            FailureMode::AudienceMissing => "The token has no audience",
            FailureMode::KeysUnreachable => {
                "The issuer's discovery document or keys cannot be fetched"
            }
            FailureMode::KeyNotFound => "The token's signing key is not in the issuer's key set",
            FailureMode::ThumbprintMismatch => {
                "The issuer's certificate does not match a configured thumbprint"
            }
            FailureMode::SignatureInvalid => "The token's signature does not verify",
            FailureMode::AlgorithmNotAccepted => {
                "The token is signed with an algorithm STS does not accept"
            }
            FailureMode::TokenExpired => "The token has expired",
            FailureMode::TimeClaimInvalid => {
                "The token's expiry is missing or not a number of seconds"
            }
            FailureMode::SubjectMismatch => "A condition on the token's subject does not match",
            FailureMode::AudienceConditionMismatch => {
                "A condition on the token's audience does not match"
            }
            FailureMode::ClaimConditionMismatch => "A condition on another claim does not match",
            FailureMode::CaseDifference => "Letter case differs under a case-sensitive operator",
            FailureMode::ConditionKeyPrefix => {
                "The condition key is not one this provider supplies"
            }
            FailureMode::WrongAction => "The policy does not allow the web-identity action",
            FailureMode::WrongPrincipal => "The policy trusts another provider",
            FailureMode::ExplicitDeny => "A Deny statement matches",
            FailureMode::TagsNotAllowed => "Session tags or source identity without their action",
            FailureMode::ConditionUnreadable => "A condition IAM would not accept",
            FailureMode::SessionNameInvalid => "RoleSessionName is not valid",
            FailureMode::DurationAboveMax => "DurationSeconds exceeds the role's maximum",
            FailureMode::RequestInvalid => "Another request parameter is out of range",
            FailureMode::SessionTagsInvalid => "The token's session tags exceed STS's limits",
            FailureMode::NoToken => "The workload never got a token",
        }
    }
}

/// Serialised as `{"id": …, "title": …}` (the id is the stable part).
impl Serialize for FailureMode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("FailureMode", 2)?;
        s.serialize_field("id", self.id())?;
        s.serialize_field("title", self.title())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::FailureMode;

    /// Every failure mode has its entry in the catalogue, and every entry is a failure mode.
    #[test]
    fn failure_modes_match_the_catalogue_both_ways() {
        let doc = include_str!("../../../docs/failures.md");
        let headings: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("### `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        let ids: Vec<&str> = FailureMode::ALL.iter().map(|m| m.id()).collect();
        assert_eq!(
            headings, ids,
            "docs/failures.md headings vs FailureMode::ALL"
        );
        for m in FailureMode::ALL {
            let heading = format!("### `{}` — {}", m.id(), m.title());
            assert!(doc.contains(&heading), "docs/failures.md lacks `{heading}`");
        }
    }
}
