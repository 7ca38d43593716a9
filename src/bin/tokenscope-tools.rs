//! The page's tools module: Trunk builds this binary to a third WebAssembly module (no-modules
//! bindings, like the signature worker), which the page loads in its own thread the first time a
//! tool is opened (see `src/web/tools_launcher.rs`). It holds the generator and its renderers, the
//! issuer presets, EKS Pod Identity, cluster sign-in, the error catalogue, compare and audit, so
//! the page's first load does not.

// Through wasm-bindgen-futures' re-export: `wasm-bindgen` is a dependency only for wasm32 builds.
use wasm_bindgen_futures::wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the tool `mode` (a [`tokenscope::web::tools::Tool`] name) into `element`, replacing
/// the tool mounted before, with the page's inputs (`inputs_json`).
///
/// # Errors
/// The reason, as text, when the mode or the inputs cannot be read.
#[wasm_bindgen(wasm_bindgen = wasm_bindgen_futures::wasm_bindgen)]
pub fn mount(element: web_sys::Element, mode: &str, inputs_json: &str) -> Result<(), String> {
    tokenscope::web::tools::mount(element, mode, inputs_json)
}

/// Nothing runs when the module starts: the page calls [`mount`].
fn main() {}
