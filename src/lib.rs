//! TokenScope: explains why a workload's web-identity token does or does not get AWS credentials.
//!
//! [`core`] is pure Rust — no browser APIs, no clock, no network — and is shared by the page and
//! the CLI. The Yew page lives in `web` (feature `web`).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
#![warn(missing_docs)]

// Integer overflow in the core: a token's `exp` at an i64 extreme must give an honest text, never a
// panic (debug builds, fuzzing) or a wrapped number (release). Checked, saturating or widened
// arithmetic only. The page's code (`web`) is not under this deny.
#[cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
pub mod core;

#[cfg(feature = "bench")]
pub mod bench_support;
#[cfg(feature = "web")]
pub mod web;
