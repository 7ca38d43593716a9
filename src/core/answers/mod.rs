//! Answers built on the engine for the questions people arrive with: "what does this error
//! mean?" ([`error_text`]), "why does one token work and the other not?" ([`compare`]) and "which
//! of my roles are risky?" ([`audit`]). Each is a pure function from text to a typed result that
//! the page and the CLI render; none repeats the STS pipeline or the policy reader.

pub mod audit;
pub mod compare;
pub mod error_text;
