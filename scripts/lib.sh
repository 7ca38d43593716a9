# shellcheck shell=bash disable=SC2034
# Shared by scripts/setup, scripts/serve and scripts/test: `source "$(dirname "$0")/lib.sh"`.
# Sets ROOT (the repository root), puts the project's tools on PATH, and defines small helpers.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Tools installed by scripts/setup: cargo-installed binaries (trunk, wasm-bindgen) and npm ones (wasm-opt).
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
case ":$PATH:" in *":$ROOT/node_modules/.bin:"*) ;; *) PATH="$ROOT/node_modules/.bin:$PATH" ;; esac
export PATH

# Trunk must never try to reach the internet (no update check, no tool downloads; see Trunk.toml).
export TRUNK_SKIP_VERSION_CHECK=true

# Pinned tool versions. wasm-bindgen's comes from Cargo.lock: the CLI must equal the crate to the patch.
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
CHROMIUM_BIN="/usr/bin/chromium"
CHROMEDRIVER_BIN="/usr/bin/chromedriver"

wasm_bindgen_version() {
    awk '
        $0 == "name = \"wasm-bindgen\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
        /^\[\[package\]\]/ { found = 0 }
    ' "$ROOT/Cargo.lock"
}

die() {
    echo "error: $*" >&2
    exit 1
}
