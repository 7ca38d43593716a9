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

pub mod core;

#[cfg(feature = "bench")]
pub mod bench_support;
#[cfg(feature = "web")]
pub mod web;
