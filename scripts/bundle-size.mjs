#!/usr/bin/env node
// Prints the raw, gzip and brotli sizes of the browser bundle (wasm, JS, CSS)
// of a release build, and fails when the brotli total exceeds the budget:
// a worker downloads it over mobile data and keeps it in the phone's cache.
// The sizes are those of the compressed copies the build wrote
// (scripts/precompress.mjs), which are what the server sends.
//
// Usage: node scripts/bundle-size.mjs [pkg dir] (default target/site/pkg)
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

// Raised from 400 KB when the logging forms landed, and from 520 KB when the
// coordinator pages did (they hydrate with everything else: splitting them
// out of the workers' bundle is the next saving); see README "Measuring".
const BUDGET_BROTLI_BYTES = 640 * 1024;
const dir = process.argv[2] ?? "target/site/pkg";
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);

const files = readdirSync(dir).filter((name) => /\.(wasm|js|css)$/.test(name)).sort();
if (files.length === 0) {
  console.error(`no wasm, JS or CSS in ${dir}: build the release first`);
  process.exit(1);
}

let total = { raw: 0, gzip: 0, brotli: 0 };
console.log(`${"file".padEnd(24)}${"raw".padStart(10)}${"gzip".padStart(10)}${"brotli".padStart(10)}`);
for (const name of files) {
  const path = join(dir, name);
  for (const copy of [`${path}.gz`, `${path}.br`]) {
    if (!existsSync(copy)) {
      console.error(`no ${copy}: build the release with scripts/lib.sh build_release`);
      process.exit(1);
    }
  }
  const sizes = {
    raw: statSync(path).size,
    gzip: statSync(`${path}.gz`).size,
    brotli: statSync(`${path}.br`).size,
  };
  for (const key of Object.keys(total)) total[key] += sizes[key];
  console.log(`${name.padEnd(24)}${kb(sizes.raw)}${kb(sizes.gzip)}${kb(sizes.brotli)}`);
}
console.log(`${"total".padEnd(24)}${kb(total.raw)}${kb(total.gzip)}${kb(total.brotli)}`);
console.log(`brotli budget: ${kb(BUDGET_BROTLI_BYTES).trim()}`);
if (total.brotli > BUDGET_BROTLI_BYTES) {
  console.error(`bundle over budget by ${kb(total.brotli - BUDGET_BROTLI_BYTES).trim()}`);
  process.exit(1);
}
