#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 300) each, one after another, on stable Rust
# (RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z flags). Usage: fuzz/run-all.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"
python3 seed.py
for t in token_decoder jwks_parser discovery_parser policy_evaluator eks_modes share_link; do
    echo "=== $t ($secs s)"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" -- -max_total_time="$secs" -max_len=65536 2>&1 | tail -n 12
done
