#!/usr/bin/env bash
# Installs what is missing, builds an optimised release and serves Terén on
# http://127.0.0.1:3000 (see README for the settings). Extra arguments go to
# the server, e.g. `scripts/run.sh --addr 0.0.0.0:8080`.
source "$(dirname "$0")/lib.sh"

ensure_build_tools
build_release

step "Starting Terén"
export LEPTOS_SITE_ROOT="$SITE_ROOT"
export LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
exec "$SERVER_BIN" "$@"
