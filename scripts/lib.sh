# Shared by run.sh and test.sh: where things live, and idempotent installers.
# Every ensure_* step checks first and is quick when the tool is already there.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build output and downloaded tools live outside the checkout, so a fresh
# clone on the same machine reuses them; nothing depends on them existing.
CACHE_HOME="${TEREN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/teren}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE_HOME/target}"
TOOLS_DIR="$CACHE_HOME/tools"
# Our wasm-opt comes first: Debian's (version 108) silently breaks hydration
# of release builds.
export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132"
SITE_ROOT="$ROOT/target/site"
SERVER_BIN="$CARGO_TARGET_DIR/server-release/teren"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\n\033[1;31m!! %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  local missing=()
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  if [ ${#missing[@]} -gt 0 ]; then
    step "Adding rustup components: ${missing[*]}"
    rustup component add "${missing[@]}"
  fi
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes, once)"
    # 0.3.11 and later need a newer rustc than the stable one here.
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
}

ensure_wasm_bindgen() {
  # The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
  local version
  version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $version\$"; then
    step "Installing wasm-bindgen-cli $version (a few minutes, once)"
    # Its own lockfile names a crate the registry no longer has: no --locked.
    cargo install wasm-bindgen-cli --version "$version" --force
  fi
}

ensure_wasm_opt() {
  if ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    step "Installing wasm-opt (binaryen $BINARYEN_VERSION) into $TOOLS_DIR"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_build_tools() {
  ensure_rust
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_wasm_opt
}

# libxml2's xmllint checks the ADX files against their schema, as a
# receiving system would.
ensure_xml_tools() {
  if ! command -v xmllint >/dev/null; then
    step "Installing Debian's libxml2-utils (xmllint) for the ADX schema tests"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libxml2-utils
  fi
}

ensure_browser_tools() {
  # The driver runs the crypto tests (wasm) in the same Chromium.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    step "Installing Debian's Chromium and its driver for the browser tests"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver fonts-liberation
  fi
  if [ ! -f end2end/node_modules/.package-lock.json ] \
    || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    step "Installing the browser-test packages"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

build_release() {
  step "Building the release (server and wasm bundle)"
  # --split: the pages a worker never opens load as parts of their own
  # (app/src/shell/lazy.rs).
  cargo leptos build --release --split
  # The built files' hashed names travel with the site, not the binary.
  cp "$CARGO_TARGET_DIR/server-release/hash.txt" "$SITE_ROOT/hash.txt"
  node "$ROOT/scripts/precompress.mjs" "$SITE_ROOT"
}
