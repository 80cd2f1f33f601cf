#!/usr/bin/env node
// Builds and runs every Rust test of the workspace: unit tests, the
// integration tests and the doc tests.
//
// The integration tests run in parallel, each in a process of its own. Two
// of them must never share a process: every test starts its own Tokio
// runtime and server, and Leptos keeps process-wide reactive state that lets
// a page rendered on one runtime wait forever on another (with libtest's
// threads, `pages_rendered_concurrently_all_complete` failed in one run and
// the next hung). Processes share nothing but the machine; each test has
// its own database file and port. Concurrent rendering inside one runtime,
// as in production, has its own test.
//
// Usage: node scripts/rust-tests.mjs (from the repository root)
import { spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";

// The integration tests wait on disk syncs as much as they compute, so one
// more process than cores keeps both cores busy.
const PARALLEL = availableParallelism() + 1;
// A hang fails with the test's name instead of holding the machine.
const TEST_TIMEOUT_MS = 5 * 60_000;
const SHARDED_TARGET = "integration";

function cargo(args, options = {}) {
  const result = spawnSync("cargo", args, { stdio: ["ignore", "pipe", "inherit"], ...options });
  if (result.status !== 0) {
    console.error(`cargo ${args.join(" ")} failed`);
    process.exit(1);
  }
  return result.stdout?.toString() ?? "";
}

function testExecutables() {
  const out = cargo(["test", "--workspace", "--no-run", "--message-format=json-render-diagnostics"], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))
    .filter((m) => m.reason === "compiler-artifact" && m.executable && m.profile.test)
    .map((m) => ({
      name: m.target.name,
      executable: m.executable,
      // cargo test runs a package's tests from its folder.
      cwd: dirname(m.manifest_path),
    }));
}

function runWhole({ name, executable, cwd }) {
  console.log(`\n-- ${name}`);
  const result = spawnSync(executable, ["-q"], {
    cwd,
    stdio: "inherit",
    env: { ...process.env, CARGO_MANIFEST_DIR: cwd },
    timeout: 4 * TEST_TIMEOUT_MS,
  });
  return result.status === 0;
}

function runOne({ executable, cwd }, test, engine) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(executable, ["--exact", test, "--test-threads=1", "--nocapture"], {
      cwd,
      env: { ...process.env, CARGO_MANIFEST_DIR: cwd, TEREN_TEST_ENGINE: engine },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(stopped after ${TEST_TIMEOUT_MS / 1000} s)`;
      child.kill("SIGKILL");
    }, TEST_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      // A test about what only a SQLite server has says so and ends.
      const skipped = code === 0 && /SQLite only: /.test(output);
      resolve({ test, ok: code === 0, skipped, output, seconds });
    });
  });
}

async function runSharded(target, engine) {
  const listed = spawnSync(target.executable, ["--list", "--format", "terse"], { cwd: target.cwd });
  const tests = listed.stdout
    .toString()
    .split("\n")
    .filter((line) => line.endsWith(": test"))
    .map((line) => line.slice(0, -": test".length));
  if (listed.status !== 0 || tests.length === 0) {
    console.error(`could not list the tests of ${target.name}`);
    return false;
  }
  console.log(`\n-- ${target.name} on ${engine}: ${tests.length} tests, ${PARALLEL} processes at a time`);
  const queue = [...tests];
  const failed = [];
  let done = 0;
  let skipped = 0;
  async function worker() {
    while (queue.length > 0) {
      const result = await runOne(target, queue.shift(), engine);
      done += 1;
      if (result.skipped) skipped += 1;
      if (!result.ok) {
        failed.push(result);
        console.log(`FAILED ${result.test} (${result.seconds.toFixed(1)} s)`);
      } else if (process.env.TEREN_TEST_VERBOSE) {
        console.log(`ok ${result.test} (${result.seconds.toFixed(1)} s)`);
      }
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  for (const result of failed) console.log(`\n---- ${result.test} ----\n${result.output}`);
  const passed = done - failed.length - skipped;
  const notRun = skipped ? `, ${skipped} about SQLite alone` : "";
  console.log(`${target.name} on ${engine}: ${passed} passed, ${failed.length} failed${notRun}`);
  return failed.length === 0;
}

const targets = testExecutables();
let ok = true;
for (const target of targets.filter((t) => t.name !== SHARDED_TARGET)) ok = runWhole(target) && ok;
const sharded = targets.filter((t) => t.name === SHARDED_TARGET);
if (sharded.length === 0) {
  console.error(`no test target named ${SHARDED_TARGET}`);
  ok = false;
}
// The whole suite runs again with each test's app an organisation on a
// PostgreSQL host, when scripts/test.sh has started a cluster.
const engines = ["sqlite"];
if (process.env.TEREN_TEST_POSTGRES) engines.push("postgres");
else console.log("\nTEREN_TEST_POSTGRES is not set: the suite runs on SQLite alone");
for (const target of sharded) {
  for (const engine of engines) ok = (await runSharded(target, engine)) && ok;
}
console.log("\n-- doc tests");
ok = spawnSync("cargo", ["test", "--workspace", "--doc", "-q"], { stdio: "inherit" }).status === 0 && ok;
process.exit(ok ? 0 : 1);
