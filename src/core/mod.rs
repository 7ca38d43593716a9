//! The pure core: no browser, no clock, no network. Inputs in, reports out.

pub mod finding;
pub mod json;
pub mod jwk;
pub mod jwt;
pub mod verify;
pub mod claims;
pub mod timefmt;
pub mod oidc;
pub mod report;
