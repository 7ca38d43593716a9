// The signature module's worker script (src/web/crypto_worker.rs starts it; Trunk copies it to dist/ unchanged).
// It loads the module's bindings (wasm-bindgen, no-modules target) and its WebAssembly from the page's own origin;
// the module's `main` then answers the page's messages.
importScripts('./tokenscope-crypto.js');
wasm_bindgen({ module_or_path: './tokenscope-crypto_bg.wasm' });
