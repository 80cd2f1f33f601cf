#!/usr/bin/env node
// Prints the raw, gzip and brotli sizes of the browser bundle of a release
// build and fails when what a worker's phone downloads is over budget.
//
// A split build (cargo leptos build --split) has a main part, which holds
// every screen a worker uses in the field, and parts that only the
// coordinator's, admin's and first-start pages load when opened
// (split_<page>.wasm, with the chunk_<n>.wasm they share). The phone
// downloads the main part (wasm, JS, CSS, the split loader) and keeps it
// offline; the budget is on that. The sizes are those of the compressed
// copies the build wrote (scripts/precompress.mjs), which the server sends.
//
// Usage: node scripts/bundle-size.mjs [pkg dir] (default target/site/pkg)
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

// What a worker's phone downloads; see README "Measuring" for the history.
// 400 KB until the intervention centre's casework (cases, offers and
// consultations, logged offline) came to the phone; after cutting 19 KB
// elsewhere in the phone's code to make room it still needs 2 KB more.
// 404 KB until the phone sealed its client data (WebCrypto calls, the key
// file, three PIN screens and their texts: 20 KB) and could hand its queue
// over in a file sealed for the organisation (ECDH, the file, the
// download: 12 KB). 440 KB until the phone read every stored value and the
// session in the page as bytes (one JSON parser per type, not two) and the
// login form stopped going through the query-string parser: 439 to 408 KB.
// 410 KB until a record's details were read in one pass and the bottom
// navigation's links compiled once: 400 KB. 402 KB until an exchange took
// its length (its service's usual one to start with) and a case its
// endangered person's target group: 402.4 KB. 404 KB until the client's
// basics asked the district of residence (the 77 districts' names travel
// with the form, to be chosen offline): 404.5 KB. 406 KB until a halfway
// house asked its users' origin and household: 406.4 KB. 408 KB until a
// handover file carried its author's mark (a key pair made, sealed and
// registered, the file signed) and a new record started with the answers
// given last time: 413.0 KB. 416 KB until a new record stopped carrying
// the last encounter's answers and repeating them became one tap that
// lists what it filled ("Jako minule"): 417.3 KB.
const BUDGET_BROTLI_BYTES = 418 * 1024;
const dir = process.argv[2] ?? "target/site/pkg";
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);
const isLazyPart = (name) => /^(split_|chunk_).*\.wasm$/.test(name);

const files = readdirSync(dir)
  .filter((name) => /\.(wasm|js|css)$/.test(name))
  .sort();
if (!files.some((name) => name.endsWith(".wasm") && !isLazyPart(name))) {
  console.error(`no main wasm in ${dir}: build the release first`);
  process.exit(1);
}

function sizes(name) {
  const path = join(dir, name);
  for (const copy of [`${path}.gz`, `${path}.br`]) {
    if (!existsSync(copy)) {
      console.error(`no ${copy}: build the release with scripts/lib.sh build_release`);
      process.exit(1);
    }
  }
  return {
    raw: statSync(path).size,
    gzip: statSync(`${path}.gz`).size,
    brotli: statSync(`${path}.br`).size,
  };
}

function add(total, more) {
  for (const key of Object.keys(total)) total[key] += more[key];
}

const row = (label, s) =>
  console.log(`${label.padEnd(44)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}`);

console.log(`${"worker's phone".padEnd(44)}${"raw".padStart(10)}${"gzip".padStart(10)}${"brotli".padStart(10)}`);
const main = { raw: 0, gzip: 0, brotli: 0 };
for (const name of files.filter((name) => !isLazyPart(name))) {
  const s = sizes(name);
  add(main, s);
  row(name, s);
}
row("total", main);

// Each lazily loaded page with every part it needs, as its first visit
// fetches them.
const manifestFile = readdirSync(dir).find((name) => /^__wasm_split_manifest.*\.json$/.test(name));
if (manifestFile) {
  const manifest = JSON.parse(readFileSync(join(dir, manifestFile), "utf8"));
  console.log("\nloaded when opened (page: its own part + shared chunks)");
  const lazy = { raw: 0, gzip: 0, brotli: 0 };
  for (const name of files.filter(isLazyPart)) add(lazy, sizes(name));
  for (const [page, parts] of Object.entries(manifest).sort()) {
    const s = { raw: 0, gzip: 0, brotli: 0 };
    for (const part of parts) add(s, sizes(`${part}.wasm`));
    row(page.replace(/^__/, "").replace(/_\d+$/, ""), s);
  }
  row("all lazy parts", lazy);
}

console.log(`\nworker's brotli budget: ${kb(BUDGET_BROTLI_BYTES).trim()}`);
if (main.brotli > BUDGET_BROTLI_BYTES) {
  console.error(`a worker's download is over budget by ${kb(main.brotli - BUDGET_BROTLI_BYTES).trim()}`);
  process.exit(1);
}
