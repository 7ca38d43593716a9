//! The page's signature module: Trunk builds this binary to a second WebAssembly module, which
//! the page starts in a Web Worker the first time a signature is checked (see
//! `src/web/crypto_worker.rs`). It holds the crypto crates, so the page's first load does not.

fn main() {
    tokenscope::web::crypto_worker::serve();
}
