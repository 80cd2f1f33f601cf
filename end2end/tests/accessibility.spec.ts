import { expect, test, type Page } from "@playwright/test";
import { ADMIN, expectAccessible, login, waitForHydration } from "./helpers";

// Every screen, in every state a worker or coordinator meets, is checked by
// axe-core against WCAG 2.1 AA and for touch targets of at least 48 px.
// This file runs after the others (its own project), so the lists, records
// and charts hold what they left behind.

async function open(page: Page, path: string) {
  await page.goto(path);
  await waitForHydration(page);
}

test("the login page is accessible", async ({ page }) => {
  await open(page, "/prihlaseni");
  await expectAccessible(page, "/prihlaseni");
});

test("every worker screen is accessible, with its optional parts open", async ({ page }) => {
  await login(page, ADMIN);
  await expectAccessible(page, "/");

  for (const path of [
    "/zaznam/kontakt",
    "/zaznam/vymena",
    "/zaznam/strikacky",
    "/zaznam/odmitnuti",
    "/zaznam/pripad",
    "/zaznam/nabidka",
    "/zaznam/konzultace",
    "/moje-zaznamy",
    "/nastaveni",
  ]) {
    await open(page, path);
    await expectAccessible(page, path);
  }

  // The client-code builder, opened from the exchange form.
  await open(page, "/zaznam/vymena");
  await page.getByRole("button", { name: "Sestavit kód" }).click();
  await expectAccessible(page, "/zaznam/vymena with the code builder");

  // The crisis visit with an eviction shows the police record's time.
  await open(page, "/zaznam/krize");
  await expectAccessible(page, "/zaznam/krize");
  await page.getByRole("button", { name: "Domácí násilí – vykázání" }).click();
  await expect(page.locator("input[name=police_record_at]")).toBeVisible();
  await expectAccessible(page, "/zaznam/krize with an eviction");
});

test("every coordinator and admin screen is accessible", async ({ page }) => {
  // Thirteen screens, each loaded, hydrated and checked by axe: about five
  // seconds each on two cores, more than one test's default minute.
  test.setTimeout(150_000);
  await login(page, ADMIN);
  for (const path of [
    "/prehled",
    "/prehled?obdobi=rok",
    "/prehled/rozpad",
    "/prehled/vykaz",
    "/prehled/zastresujici",
    "/prehled/pripady",
    "/prehled/zaznamy",
    "/sprava",
    "/sprava/uzivatele",
    "/sprava/sluzby",
    "/sprava/seznamy",
    "/sprava/audit",
    "/sprava/stav",
  ]) {
    await open(page, path);
    await expectAccessible(page, path);
  }
});

test("the status page lists the phones that reached the server", async ({ page }) => {
  // Every login opens the phone's queue, which checks in even when empty.
  await login(page, ADMIN);
  await open(page, "/sprava/stav");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stav serveru");
  await expect(page.locator("tr[data-device]").first()).toBeVisible();
  await expect(page.locator("[data-fact=records]")).not.toHaveText("0");
  await expect(page.locator("[data-fact=schedule]")).toContainText("TEREN_BACKUP_DIR");
  await expectAccessible(page, "/sprava/stav");
});
