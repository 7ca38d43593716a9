//! The Yew page: a thin shell around [`crate::core`].
//!
//! Invariants:
//! - Components render reports from the core and decide nothing; the little state they keep
//!   (texts typed, the evaluation time, fetched documents) lives in [`state`], free of DOM access.
//! - [`fetch`] is the only module that touches the network, and only when the user clicks
//!   "Fetch keys". Nothing named in the token header is ever fetched.
//! - Every string from a token, key set or document is rendered as text, never as HTML or as a
//!   link target.
//! - No panics on input: a panic would kill the page.

mod analysis;
mod app;
mod claims_table;
mod copy_button;
mod decode_error;
mod decoded_view;
mod discovery_checks;
mod documents;
mod eval_time;
mod example;
mod fetch;
mod fetch_failure;
mod fetch_summary;
mod findings_list;
mod format;
mod header;
mod json_view;
mod jwks_paste;
mod key_list;
mod keys_panel;
mod signature_panel;
mod state;
mod token_kind;
mod token_panel;

/// Mounts the page on `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
