import { expect, test, type Page } from "@playwright/test";

// The header's status slot is filled in by the browser after hydration:
// until then it says "checking". Waiting for it means the wasm is running.
async function waitForHydration(page: Page) {
  await expect(page.locator(".sync-status")).toHaveAttribute("data-state", /online|offline/);
}

test("the page hydrates and reacts to a tap", async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto("/");
  await expect(page).toHaveTitle("Terén");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dobrý den");
  await waitForHydration(page);
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
  await page.goto("/nastaveni");
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "cs");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await waitForHydration(page);
  await page.getByRole("button", { name: "Čeština" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavení");
});

test("after one visit the app shell opens offline", async ({ page, context }) => {
  await page.goto("/");
  await waitForHydration(page);
  // The worker claims the page once it has cached the shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dobrý den");
  await waitForHydration(page);
  await expect(page.locator(".sync-status")).toHaveAttribute("data-state", "offline");
  await expect(page.locator(".sync-status")).toContainText("Bez signálu");

  const toggle = page.getByRole("button", { name: "Jak Terén funguje bez signálu" });
  await toggle.click();
  await expect(page.locator("#about-offline")).toBeVisible();

  // A page opened for the first time offline still comes from the cache.
  await page.goto("/nastaveni");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nastavení");

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
