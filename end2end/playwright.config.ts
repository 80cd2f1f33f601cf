import { defineConfig, devices } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The tests run against the release build the run command serves (a broken
// wasm optimiser only shows in a release build), started here on a port of
// its own with a fresh database. scripts/test.sh passes the binary's path.
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
const server = process.env.TEREN_BIN;
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, "..", "target", "site");
// Decided once in the main process; the test workers inherit it, so tests
// can look into the very database the server writes.
process.env.E2E_DATABASE ??= path.join(
  process.env.E2E_DATA_DIR ?? os.tmpdir(),
  `teren-e2e-${process.pid}-${Date.now()}.db`,
);
const database = process.env.E2E_DATABASE;
export const SETUP_CODE = "E2E-SETUP-CODE-0001";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  // A stuck run fails with the tests named instead of holding the machine.
  globalTimeout: 20 * 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // The first-start test creates the admin every other test logs in as.
  projects: [
    { name: "first-start", testMatch: /first-start\.spec\.ts/ },
    { name: "app", testIgnore: /(first-start|casework|accessibility|umbrella)\.spec\.ts/, dependencies: ["first-start"] },
    // After the others, whose tests count every record in the database.
    { name: "casework", testMatch: /casework\.spec\.ts/, dependencies: ["app"] },
    // Last, so every screen is checked with the data the others left.
    { name: "accessibility", testMatch: /accessibility\.spec\.ts/, dependencies: ["casework"] },
    // Three servers of its own (two members and their umbrella).
    { name: "umbrella", testMatch: /umbrella\.spec\.ts/ },
  ],
  use: {
    ...devices["Pixel 5"],
    baseURL,
    // An English browser: the app must still open in Czech.
    locale: "en-US",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: server
    ? {
        command: server,
        url: `${baseURL}/healthz`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: "pipe",
        stderr: "pipe",
        env: {
          TEREN_ADDR: `127.0.0.1:${port}`,
          DATABASE_URL: `sqlite://${database}`,
          LEPTOS_SITE_ROOT: siteRoot,
          LEPTOS_ENV: "PROD",
          TEREN_LOG: "warn",
          // The code an operator would read from the log at first start.
          TEREN_SETUP_CODE: SETUP_CODE,
        },
      }
    : undefined,
});
