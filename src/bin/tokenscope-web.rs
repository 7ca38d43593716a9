//! The browser entry point: Trunk builds this binary to WebAssembly and runs `main` on load.

fn main() {
    tokenscope::web::start();
}
