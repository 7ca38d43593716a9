//! The pure core: no browser, no clock, no network. Inputs in, reports out.

pub mod answers;
pub mod claims;
pub mod cluster_auth;
pub mod confusable;
pub mod crypto;
pub mod finding;
pub mod gallery;
pub mod generate;
pub mod invisible;
pub mod issuers;
pub mod json;
pub mod jwk;
pub mod jwt;
pub mod mechanism;
pub mod oidc;
pub mod pattern;
pub mod pod_identity;
pub mod policy;
pub mod report;
pub mod session;
pub mod share;
pub mod sts;
pub mod text;
pub mod timefmt;
pub mod trace;
pub mod verify;
