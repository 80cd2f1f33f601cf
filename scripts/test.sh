#!/usr/bin/env bash
# Installs what is missing and runs every check: formatting, clippy on both
# builds, unit and integration tests, the release build and its bundle size,
# and the browser tests in Chromium against that release build.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/postgres.sh"

ensure_build_tools
ensure_browser_tools
ensure_postgres
ensure_xml_tools

step "Formatting"
cargo fmt --all --check

step "Clippy: server build (ssr)"
cargo clippy --workspace --all-targets -- -D warnings

step "Clippy: browser build (hydrate, wasm32)"
cargo clippy -p app --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings
cargo clippy -p teren-seal --all-targets --target wasm32-unknown-unknown -- -D warnings

step "Unit, integration and doc tests"
# The PostgreSQL store's tests get a cluster of their own, gone at the end.
start_throwaway_postgres
# Integration tests run in parallel, one process each; why not as threads of
# one process is in the script. The time limit turns a hang the script's own
# limits miss into a failure.
timeout --foreground 1200 node scripts/rust-tests.mjs \
  || fail "unit, integration or doc tests failed (or ran past 20 minutes)"

step "Crypto tests on WebCrypto (wasm, Chromium)"
# The phone's sealing runs on the browser's WebCrypto, so its tests run
# there, through chromedriver, not against a stand-in.
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p teren-seal --target wasm32-unknown-unknown --test crypto

build_release

step "Bundle size"
node scripts/bundle-size.mjs "$SITE_ROOT/pkg"

step "Browser tests (Chromium, release build)"
(
  cd end2end
  TEREN_BIN="$SERVER_BIN" LEPTOS_SITE_ROOT="$SITE_ROOT" npx playwright test
)

step "All checks passed"
