//! The Yew page: a thin shell around [`crate::core`].
//!
//! Invariants:
//! - Components render reports from the core and decide nothing; the little state they keep
//!   (texts typed, the evaluation time, fetched documents) lives in [`state`], free of DOM access.
//! - [`fetch`] is the only module that touches the network, and only when the user clicks
//!   "Fetch keys" (or "Re-fetch today's keys" on a page opened from a share link), or opens the
//!   gallery (the page's own `gallery.json`, once). Nothing named in the token header is ever
//!   fetched, and opening a share link or a gallery entry fetches nothing.
//! - Every string from a token, key set or document is rendered as text, never as HTML or as a
//!   link target.
//! - No panics on input: a panic would kill the page.

mod app;
mod check_item;
mod checked_claims;
mod claims_table;
mod condition_view;
mod copy_button;
pub mod crypto_worker;
mod decode_error;
mod decoded_view;
mod discovery_checks;
mod eval_time;
mod events;
mod example;
mod fetch;
mod fetch_failure;
mod fetch_summary;
mod findings_list;
mod format;
mod gallery;
mod header;
mod json_view;
mod jwks_paste;
mod key_list;
mod keys_panel;
mod line_diff;
mod link_banner;
mod policy_editor;
mod policy_evaluation;
mod request_settings;
mod setting_field;
mod share_panel;
mod shared;
mod signature_panel;
mod state;
mod statement_view;
mod step_view;
mod sts_notes;
mod sts_strip;
mod sts_trace;
mod sts_verdict;
mod suggested_fix;
mod timeline;
mod token_kind;
mod token_panel;
pub mod tools;
mod tools_launcher;

/// Mounts the page on `#page` (index.html), or on `<body>` when there is none. The tools render
/// beside it, in `#tools-host`.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("page"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
