import { expect, test } from "@playwright/test";
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { createUser, login, openSafe, waitForHydration, waitForOfflinePage } from "./helpers";

test("the page hydrates and reacts to a tap", async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await login(page);
  await expect(page).toHaveTitle("Terén");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dobrý den");
  await expect(page.locator(".sync-status")).toContainText("Online");
  await page.screenshot({ path: testInfo.outputPath("home.png") });

  const toggle = page.getByRole("button", { name: "Jak Terén funguje bez signálu" });
  const about = page.locator("#about-offline");
  await expect(about).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(about).toBeVisible();
  await toggle.click();
  await expect(about).toBeHidden();

  // Client-side navigation only works once hydrated.
  await page.getByRole("link", { name: "Nastavení" }).click();
  await expect(page).toHaveURL(/\/nastaveni$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavení");

  expect(errors).toEqual([]);
});

test("the language can be switched to English and back, and is remembered", async ({ page }) => {
  await login(page);
  await page.goto("/nastaveni");
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "cs");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  // The choice is written to a cookie by an effect after the switch; a
  // reload before that would rightly come back in Czech.
  await expect
    .poll(async () =>
      (await page.context().cookies())
        .filter((c) => c.name === "i18n_pref_locale")
        .map((c) => `${c.value}@${c.path}`)
        .join(" "),
    )
    .toContain("en@");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await waitForHydration(page);
  await page.getByRole("button", { name: "Čeština" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavení");
});

test("after one online login the app opens offline, and knows who is logged in", async ({
  page,
  context,
}) => {
  await login(page);
  // The worker claims the page once it has cached the shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
  // The pages of a logged-in user are cached after the login.
  await waitForOfflinePage(page, "/nastaveni");
  expect(await page.evaluate(() => localStorage.getItem("teren.profile"))).toContain("spravce");

  await context.setOffline(true);
  await page.reload();
  await openSafe(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dobrý den");
  await waitForHydration(page);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-state", "offline");
  await expect(page.locator(".sync-status")).toContainText("Bez signálu");

  const toggle = page.getByRole("button", { name: "Jak Terén funguje bez signálu" });
  await toggle.click();
  await expect(page.locator("#about-offline")).toBeVisible();

  // A page not opened before is still there: cached at login.
  await page.goto("/nastaveni");
  await openSafe(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavení");
  await expect(page.getByText("Jana Správcová")).toBeVisible();

  await context.setOffline(false);
});

test("the manifest describes an installable Czech app", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.ok()).toBe(true);
  const manifest = await response.json();
  expect(manifest.lang).toBe("cs");
  expect(manifest.display).toBe("standalone");
  const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(manifest.icons.some((icon: { purpose: string }) => icon.purpose === "maskable")).toBe(true);
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.ok(), icon.src).toBe(true);
    expect(image.headers()["content-type"]).toContain("image/png");
  }
});

test("the bundle travels as the build's own brotli or gzip copy, kept for a year", async ({ request }) => {
  const pkg = path.join(process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, "..", "..", "target", "site"), "pkg");
  // The release build names the main wasm after its content: teren.<hash>.wasm.
  const wasm = readdirSync(pkg).find((name) => /^teren\.[\w-]+\.wasm$/.test(name));
  expect(wasm, "a hashed main wasm").toBeTruthy();
  for (const [accepted, encoding, suffix] of [
    ["br, gzip", "br", ".br"],
    ["gzip", "gzip", ".gz"],
  ]) {
    const response = await request.get(`/pkg/${wasm}`, { headers: { "accept-encoding": accepted } });
    expect(response.ok()).toBe(true);
    expect(response.headers()["content-encoding"], accepted).toBe(encoding);
    expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    // The length sent is the prepared copy's, not a copy compressed on the fly.
    expect(Number(response.headers()["content-length"]), accepted).toBe(
      statSync(path.join(pkg, `${wasm}${suffix}`)).size,
    );
    expect((await response.body()).length).toBe(statSync(path.join(pkg, wasm!)).size);
  }
});

test("a worker's phone never downloads the coordinators' pages; the dashboard loads its own part", async ({
  browser,
}) => {
  const worker = { username: "vojta", name: "Vojtěch Terénní", password: "heslo-pro-vojtu" };
  const { context: adminContext, admin } = await createUser(browser, worker);
  const lazyParts = /\/pkg\/(split_|chunk_)[^/]*\.wasm/;

  const phone = await browser.newContext();
  const page = await phone.newPage();
  const fetched: string[] = [];
  page.on("request", (request) => fetched.push(request.url()));
  await login(page, worker);
  await waitForOfflinePage(page, "/moje-zaznamy");
  for (const [link, heading] of [
    ["Výměna", "Výměna"],
    ["Záznamy", "Moje záznamy"],
    ["Nastavení", "Nastavení"],
  ]) {
    await page.getByRole("link", { name: link }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  }
  expect(fetched.some((url) => url.includes("/pkg/"))).toBe(true);
  expect(fetched.filter((url) => lazyParts.test(url))).toEqual([]);
  await phone.close();

  // The admin opens the dashboard in the browser: its part arrives and the
  // page hydrates with it (the period filter answers).
  const parts: string[] = [];
  admin.on("request", (request) => {
    if (lazyParts.test(request.url())) parts.push(request.url());
  });
  await admin.goto("/prehled");
  await waitForHydration(admin);
  expect(parts.some((url) => url.includes("dashboard"))).toBe(true);
  await adminContext.close();
});
