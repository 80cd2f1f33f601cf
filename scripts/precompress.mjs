#!/usr/bin/env node
// Writes a brotli (quality 11) and a gzip (level 9) copy beside every text
// and wasm file of the built site. The server sends a copy as it is to a
// browser that accepts it, instead of compressing each download itself at a
// lower level, and on each download's CPU.
//
// Usage: node scripts/precompress.mjs [site dir] (default target/site)
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(wasm|js|css|html|svg|json|webmanifest|txt)$/;
const root = process.argv[2] ?? "target/site";

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

const fresh = (copy, source) => {
  try {
    return statSync(copy).mtimeMs >= statSync(source).mtimeMs;
  } catch {
    return false;
  }
};

let written = 0;
for (const path of files(root)) {
  const content = readFileSync(path);
  if (!fresh(`${path}.br`, path)) {
    const brotli = brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
    writeFileSync(`${path}.br`, brotli);
    written++;
  }
  if (!fresh(`${path}.gz`, path)) {
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
    written++;
  }
}
console.log(`precompressed: ${written} copies written under ${root}`);
