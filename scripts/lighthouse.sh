#!/usr/bin/env bash
# Lighthouse (mobile: a mid-range phone on a slow 4G link, simulated) on the
# login page of the release build, on a scratch database. Prints the
# performance score, time to interactive and the other load figures.
# Lighthouse 12 runs on the machine's Node 20; it is installed into the
# tools folder on first use. Usage: scripts/lighthouse.sh [page path]
source "$(dirname "$0")/lib.sh"

LIGHTHOUSE_VERSION="12.8.2"
PAGE="${1:-/prihlaseni}"
LH_DIR="$CACHE_HOME/lighthouse"
if ! "$LH_DIR/node_modules/.bin/lighthouse" --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
  step "Installing Lighthouse $LIGHTHOUSE_VERSION into $LH_DIR"
  mkdir -p "$LH_DIR"
  npm install --prefix "$LH_DIR" --no-audit --no-fund --no-save "lighthouse@$LIGHTHOUSE_VERSION"
fi
ensure_browser_tools
[ -x "$SERVER_BIN" ] || fail "no release build: run scripts/run.sh or scripts/test.sh first"

scratch="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT
port=3917
# With no account every page leads to the first start; one admin makes the
# login page the one a returning worker sees.
echo "heslo-pro-mereni" | DATABASE_URL="sqlite://$scratch/teren.db" TEREN_LOG=warn \
  "$SERVER_BIN" create-user --username mereni --display-name "Měření" --role admin >/dev/null
TEREN_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$scratch/teren.db" \
  LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$SITE_ROOT}" LEPTOS_ENV=PROD TEREN_LOG=warn \
  "$SERVER_BIN" &
server=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done

step "Lighthouse (mobile) on $PAGE"
CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" \
  "http://127.0.0.1:$port$PAGE" \
  --only-categories=performance --output=json --output-path="$scratch/report.json" \
  --chrome-flags="--headless=new --no-sandbox" --quiet
node -e '
  const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const ms = (id) => `${(report.audits[id].numericValue / 1000).toFixed(2)} s`;
  console.log(`performance score        ${Math.round(report.categories.performance.score * 100)}`);
  for (const [id, label] of [
    ["first-contentful-paint", "first contentful paint"],
    ["largest-contentful-paint", "largest contentful paint"],
    ["interactive", "time to interactive"],
    ["total-blocking-time", "total blocking time"],
    ["speed-index", "speed index"],
  ]) {
    if (report.audits[id]) console.log(`${label.padEnd(25)}${ms(id)}`);
  }
' "$scratch/report.json"
