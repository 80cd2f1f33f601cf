#!/usr/bin/env bash
# Installs what is missing and runs every check: formatting, clippy on both
# builds, unit and integration tests, the release build and its bundle size,
# and the browser tests in Chromium against that release build.
source "$(dirname "$0")/lib.sh"

ensure_build_tools
ensure_browser_tools

step "Formatting"
cargo fmt --all --check

step "Clippy: server build (ssr)"
cargo clippy --workspace --all-targets -- -D warnings

step "Clippy: browser build (hydrate, wasm32)"
cargo clippy -p app --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings

step "Unit and integration tests"
cargo test --workspace

build_release

step "Bundle size"
node scripts/bundle-size.mjs "$SITE_ROOT/pkg"

step "Browser tests (Chromium, release build)"
(
  cd end2end
  TEREN_BIN="$SERVER_BIN" LEPTOS_SITE_ROOT="$SITE_ROOT" npx playwright test
)

step "All checks passed"
