import { expect, type Page } from "@playwright/test";

export const ADMIN = { username: "spravce", name: "Jana Správcová", password: "velmi-tajne-heslo" };

// The header's status slot is filled in by the browser after hydration:
// until then it says "checking". Waiting for it means the wasm is running.
export async function waitForHydration(page: Page) {
  await expect(page.locator(".sync-status")).toHaveAttribute("data-state", /online|offline/);
}

export async function login(page: Page, user = ADMIN) {
  await page.goto("/prihlaseni");
  await waitForHydration(page);
  await page.getByLabel("Uživatelské jméno").fill(user.username);
  await page.getByLabel("Heslo").fill(user.password);
  await page.getByRole("button", { name: "Přihlásit se" }).click();
  await expect(page).toHaveURL(/\/$/);
  await waitForHydration(page);
}
