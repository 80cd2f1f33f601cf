import config from "./playwright.config";
import { defineConfig } from "@playwright/test";

// The storage benchmark: not part of the test command (it measures, it does
// not judge). Run it with `npx playwright test --config bench.config.ts`
// against a release build; it needs the first start, as the tests do.
export default defineConfig({
  ...config,
  testDir: ".",
  projects: [
    { name: "first-start", testMatch: /tests\/first-start\.spec\.ts/ },
    { name: "bench", testMatch: /bench\/.*\.bench\.ts/, dependencies: ["first-start"] },
  ],
  timeout: 300_000,
});
