import { expect, test } from "@playwright/test";
import { SETUP_CODE } from "../playwright.config";
import { ADMIN, expectAccessible, openSafe, queryDatabase, waitForHydration } from "./helpers";

test("a fresh install asks for the first admin once, then logs in and out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/prvni-spusteni$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("První spuštění");
  await waitForHydration(page);
  await expectAccessible(page, "/prvni-spusteni");

  // The organisation names the services it runs: a contact centre and an
  // intervention centre (the other tests use both).
  await page.getByLabel("Kontaktní centrum (§59)").check();
  await page.getByLabel("Intervenční centrum (§60a)").check();

  // Without the code from the server's log nobody can claim the install.
  await page.getByLabel("Kód pro první spuštění").fill("HADAM-KOD-1234");
  await page.getByLabel("Uživatelské jméno").fill(ADMIN.username);
  await page.getByLabel("Celé jméno").fill(ADMIN.name);
  await page.getByLabel("Heslo", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Heslo znovu").fill(ADMIN.password);
  await page.getByRole("button", { name: "Vytvořit správce a přihlásit se" }).click();
  await expect(page.getByRole("alert")).toHaveText("Kód pro první spuštění: se neshoduje");
  await page.getByLabel("Kód pro první spuštění").fill(SETUP_CODE.toLowerCase());

  // A mismatch is explained and nothing is created.
  await page.getByLabel("Uživatelské jméno").fill(ADMIN.username);
  await page.getByLabel("Celé jméno").fill(ADMIN.name);
  await page.getByLabel("Heslo", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Heslo znovu").fill("jine-heslo-uplne");
  await page.getByRole("button", { name: "Vytvořit správce a přihlásit se" }).click();
  await expect(page.getByRole("alert")).toHaveText("Heslo znovu: se neshoduje");

  await page.getByLabel("Heslo znovu").fill(ADMIN.password);
  await page.getByRole("button", { name: "Vytvořit správce a přihlásit se" }).click();
  await expect(page).toHaveURL(/\/$/);
  await openSafe(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dobrý den");
  await expect(page.getByRole("link", { name: "Správa" })).toBeVisible();
  expect(queryDatabase("SELECT group_concat(type, ',') FROM (SELECT type FROM services ORDER BY id)")).toBe(
    "contact_centre,intervention_centre",
  );

  // The first-start page is gone for good.
  await page.goto("/prvni-spusteni");
  await expect(page).toHaveURL(/\/$/);

  // Log out, and back in; a wrong password gets the one answer for all mistakes.
  await page.goto("/nastaveni");
  await waitForHydration(page);
  await expect(page.getByText(ADMIN.name)).toBeVisible();
  await page.getByRole("button", { name: "Odhlásit se" }).click();
  await expect(page).toHaveURL(/\/prihlaseni$/);
  await page.goto("/prvni-spusteni");
  await expect(page).toHaveURL(/\/prihlaseni$/);

  await waitForHydration(page);
  await page.getByLabel("Uživatelské jméno").fill(ADMIN.username);
  await page.getByLabel("Heslo").fill("spatne-heslo-123");
  await page.getByRole("button", { name: "Přihlásit se" }).click();
  await expect(page.getByRole("alert")).toHaveText("Nesprávné uživatelské jméno nebo heslo.");
  await page.getByLabel("Heslo").fill(ADMIN.password);
  await page.getByRole("button", { name: "Přihlásit se" }).click();
  await expect(page).toHaveURL(/\/$/);
});
